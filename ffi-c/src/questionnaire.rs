//! The kiosk questionnaire, one stateless step at a time through JSON (the answers so far
//! come in, the next question and the outcome go out). A struct form comes later.

use core::ffi::c_char;

use poh_core::questionnaire::step_json_len;

use crate::{guard, poh_status};

/// One questionnaire step: input `{"age_months": 18, "sex": "female", "answers":
/// {"HP:0001482": "yes", "HP:0001156": "dont_know"}}` (answers keyed by the question's HPO
/// id: `yes`, `no`, `dont_know`); output `{"next": {...} or null, "asked", "outcome":
/// {...}}`. Buffer convention and input errors as `poh_evaluate_json`, plus `UNKNOWN_TERM`
/// (an answer to a question the questionnaire does not ask).
///
/// # Safety
/// As `poh_evaluate_json`.
#[no_mangle]
pub unsafe extern "C" fn poh_questionnaire_step_json(
    input: *const c_char,
    input_len: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> poh_status {
    // SAFETY: per the caller's contract (as poh_evaluate_json).
    guard(|| unsafe {
        crate::json::render_into(step_json_len, input, input_len, out, out_cap, out_len)
    })
}
