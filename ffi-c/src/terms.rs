//! HPO term lookup: id text to number and back, id to label, label to id.

use core::ffi::c_char;

use poh_core::{Error, HpoId};

use crate::buffer::{check_out, emit_str};
use crate::findings::{str_arg, POH_MAX_HPO_NUMBER};
use crate::{guard, non_null, poh_status};

/// Capacity for an HPO id as text: `"HP:0001234"` and its NUL.
pub const POH_HPO_ID_CAP: usize = 11;

/// Parse `"HP:0001234"` (exactly `HP:` and seven digits) into its number (1234).
/// Errors: `INVALID_HPO_ID`, `NULL_ARGUMENT`, `STRING_TOO_LONG`, `INVALID_UTF8`.
///
/// # Safety
/// `text` must be a NUL-terminated string; `out_id` must point to a writable `uint32_t`.
#[no_mangle]
pub unsafe extern "C" fn poh_hpo_parse(text: *const c_char, out_id: *mut u32) -> poh_status {
    guard(|| {
        non_null(out_id)?;
        // SAFETY: per the caller's contract.
        let id = HpoId::parse(unsafe { str_arg(text) }?)?;
        // SAFETY: non-NULL and writable per the caller's contract.
        unsafe { out_id.write(id.0) };
        Ok(())
    })
}

/// Write the text form of an HPO id number (`"HP:0001234"`) into `out` (needs
/// `POH_HPO_ID_CAP` bytes). Buffer convention as `poh_evaluate_json`.
/// Errors: `INVALID_HPO_ID` (above 9999999), `BUFFER_TOO_SMALL`, `NULL_ARGUMENT`.
///
/// # Safety
/// `out` must point to `out_cap` writable bytes; `out_len` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn poh_hpo_format(
    id: u32,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> poh_status {
    guard(|| {
        check_out(out, out_cap, out_len)?;
        if id > POH_MAX_HPO_NUMBER {
            return Err(Error::InvalidHpoId.into());
        }
        let text = HpoId(id).to_text();
        // SAFETY: check_out passed; per the caller's contract.
        unsafe { emit_str(text.as_str(), out, out_cap, out_len) }
    })
}

/// Write the label of a term (`"HP:0001156"` gives `"Brachydactyly"`) into `out`, from
/// the knowledge base's HPO subset (an alt_id gives its primary term's label). Buffer
/// convention as `poh_evaluate_json`.
/// Errors: `INVALID_HPO_ID`, `UNKNOWN_TERM` (not in the subset), `BUFFER_TOO_SMALL`,
/// `NULL_ARGUMENT`, `STRING_TOO_LONG`, `INVALID_UTF8`.
///
/// # Safety
/// `hpo_id` must be a NUL-terminated string; `out` must point to `out_cap` writable bytes;
/// `out_len` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn poh_hpo_label(
    hpo_id: *const c_char,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> poh_status {
    guard(|| {
        check_out(out, out_cap, out_len)?;
        // SAFETY: per the caller's contract.
        let id = HpoId::parse(unsafe { str_arg(hpo_id) }?)?;
        let label = poh_core::hpo::label(id).ok_or(poh_status::UnknownTerm)?;
        // SAFETY: check_out passed; per the caller's contract.
        unsafe { emit_str(label, out, out_cap, out_len) }
    })
}

/// Find a term by its exact label, ASCII case-insensitively (`"brachydactyly"` gives
/// 1156, i.e. `HP:0001156`). Errors: `UNKNOWN_TERM`, `NULL_ARGUMENT`, `STRING_TOO_LONG`,
/// `INVALID_UTF8`.
///
/// # Safety
/// `label` must be a NUL-terminated string; `out_id` must point to a writable `uint32_t`.
#[no_mangle]
pub unsafe extern "C" fn poh_hpo_by_label(label: *const c_char, out_id: *mut u32) -> poh_status {
    guard(|| {
        non_null(out_id)?;
        // SAFETY: per the caller's contract.
        let label = unsafe { str_arg(label) }?;
        let id = poh_core::hpo::by_label(label).ok_or(poh_status::UnknownTerm)?;
        // SAFETY: non-NULL and writable per the caller's contract.
        unsafe { out_id.write(id.0) };
        Ok(())
    })
}
