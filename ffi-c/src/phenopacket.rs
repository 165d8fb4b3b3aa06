//! GA4GH Phenopacket v2 input (what is read is documented in the core's `phenopacket`
//! module and the README): evaluated directly to assessment JSON, or read into a
//! `poh_findings`.

use core::ffi::c_char;

use poh_core::phenopacket::{evaluate_phenopacket_json_len, parse_phenopacket};

use crate::findings::poh_findings;
use crate::{guard, poh_status};

/// Evaluate a Phenopacket v2 JSON document and write the assessment JSON into `out`.
/// Buffer convention as `poh_evaluate_json`. Errors: as `poh_evaluate_json`, plus
/// `INVALID_PHENOPACKET`.
///
/// # Safety
/// As `poh_evaluate_json`.
#[no_mangle]
pub unsafe extern "C" fn poh_evaluate_phenopacket_json(
    input: *const c_char,
    input_len: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> poh_status {
    // SAFETY: per the caller's contract (as poh_evaluate_json).
    guard(|| unsafe {
        crate::json::render_into(
            evaluate_phenopacket_json_len,
            input,
            input_len,
            out,
            out_cap,
            out_len,
        )
    })
}

/// Read a Phenopacket v2 JSON document into `*out`. Errors: as
/// `poh_evaluate_phenopacket_json`'s input errors, and `NULL_ARGUMENT`. `*out` is written
/// only on success.
///
/// # Safety
/// `input` must point to `input_len` readable bytes; `out` to writable memory for one
/// `poh_findings`.
#[no_mangle]
pub unsafe extern "C" fn poh_findings_from_phenopacket(
    input: *const c_char,
    input_len: usize,
    out: *mut poh_findings,
) -> poh_status {
    // SAFETY: per the caller's contract.
    guard(|| unsafe { crate::json::read_into(parse_phenopacket, input, input_len, out) })
}
