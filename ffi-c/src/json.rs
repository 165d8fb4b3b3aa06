//! The JSON entry points: the one findings/assessment schema every binding shares (see
//! the README's schema section). Outputs follow the buffer convention of `buffer.rs`.

use core::ffi::c_char;

use poh_core::json::{evaluate_json_len, parse_findings, write_assessment, write_assessment_to};
use poh_core::{Assessment, Error, Findings};

use crate::assessment::poh_assessment;
use crate::buffer::{check_out, emit_len, to_slice, Rendered};
use crate::findings::poh_findings;
use crate::slot::out_slot;
use crate::workspace::with_assessment;
use crate::{guard, non_null, poh_status};

/// Borrow `(input, input_len)` as bytes.
///
/// # Safety
/// `input`, if not NULL, must point to `input_len` readable bytes.
pub(crate) unsafe fn input_bytes<'a>(
    input: *const c_char,
    input_len: usize,
) -> Result<&'a [u8], poh_status> {
    non_null(input)?;
    // SAFETY: non-NULL; the caller guarantees input_len readable bytes.
    Ok(unsafe { core::slice::from_raw_parts(input.cast::<u8>(), input_len) })
}

/// A reader of one input document into findings (findings JSON or a phenopacket).
pub(crate) type Reader = fn(&[u8], &mut Findings) -> Result<(), poh_core::Error>;

/// A core JSON-to-JSON function that renders into a slice and, when the slice is too
/// small, reports the size it needs (`evaluate_json_len`, `counsel_json_len`, ...).
pub(crate) type Render = fn(&[u8], &mut [u8]) -> Rendered;

/// Run `render` on `(input, input_len)` straight into `out` (one pass; see `buffer.rs`):
/// the body of every JSON-to-JSON entry point.
///
/// # Safety
/// As `poh_evaluate_json`.
pub(crate) unsafe fn render_into(
    render: Render,
    input: *const c_char,
    input_len: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> Result<(), poh_status> {
    check_out(out, out_cap, out_len)?;
    // SAFETY: per the caller's contract.
    let bytes = unsafe { input_bytes(input, input_len) }?;
    // SAFETY: check_out passed; per the caller's contract.
    unsafe { emit_len(|buf| render(bytes, buf), out, out_cap, out_len) }
}

/// Read `(input, input_len)` with `read` into `*out` (written only on success): the body of
/// every read-findings entry point.
///
/// # Safety
/// `input` must point to `input_len` readable bytes; `out` to writable memory for one
/// `poh_findings`.
pub(crate) unsafe fn read_into(
    read: Reader,
    input: *const c_char,
    input_len: usize,
    out: *mut poh_findings,
) -> Result<(), poh_status> {
    non_null(out)?;
    // SAFETY: per the caller's contract.
    let bytes = unsafe { input_bytes(input, input_len) }?;
    let mut f = Findings::new();
    read(bytes, &mut f)?;
    let mut staged = core::mem::MaybeUninit::<poh_findings>::zeroed();
    if !poh_findings::write_core(&mut staged, &f) {
        // More entries or modifiers than the struct holds: refused, never cut silently.
        return Err(poh_status::from(poh_core::Error::TooManyPhenotypes));
    }
    // SAFETY: non-NULL, writable for one poh_findings and exclusively ours for this call
    // (the caller's contract); written only now, on success. `staged` was zeroed (a valid
    // value: integers only) and write_core stores only valid values.
    unsafe { out_slot(out) }.write(unsafe { staged.assume_init() });
    Ok(())
}

/// Evaluate a findings JSON document and write the assessment JSON (the same bytes as
/// every other binding) into `out`, NUL-terminated.
///
/// `input` need not be NUL-terminated; `input_len` is its length in bytes (at most 65536).
/// On success `*out_len` is the JSON's length (without the NUL). On
/// `POH_STATUS_BUFFER_TOO_SMALL` `*out_len` is the capacity needed and `out` (when
/// `out_cap` > 0) is filled with NUL bytes: the empty string, none of the document; `out`
/// may be NULL when `out_cap` is 0 (a size query). On any other error `out` is untouched.
///
/// Errors: every input error of the schema (`MALFORMED_JSON`, `UNKNOWN_FIELD`,
/// `INVALID_HPO_ID`, `TOO_MANY_PHENOTYPES`, ...), `EMPTY_INPUT`, `INPUT_TOO_LARGE`,
/// `BUFFER_TOO_SMALL`, `NULL_ARGUMENT`.
///
/// # Safety
/// `input` must point to `input_len` readable bytes; `out` to `out_cap` writable bytes
/// (not overlapping `input`); `out_len` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn poh_evaluate_json(
    input: *const c_char,
    input_len: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> poh_status {
    // SAFETY: per the caller's contract (as poh_evaluate_json).
    guard(|| unsafe { render_into(evaluate_json_len, input, input_len, out, out_cap, out_len) })
}

/// Parse a findings JSON document into `*out` (for callers that read JSON and then adjust
/// or inspect the struct). Errors: as `poh_evaluate_json`'s input errors, and
/// `NULL_ARGUMENT`. `*out` is written only on success.
///
/// # Safety
/// `input` must point to `input_len` readable bytes; `out` to writable memory for one
/// `poh_findings`.
#[no_mangle]
pub unsafe extern "C" fn poh_findings_from_json(
    input: *const c_char,
    input_len: usize,
    out: *mut poh_findings,
) -> poh_status {
    // SAFETY: per the caller's contract.
    guard(|| unsafe { read_into(parse_findings, input, input_len, out) })
}

/// Render an assessment as JSON into `out`: byte for byte what `poh_evaluate_json` gives
/// for the same findings. It re-evaluates `assessment->findings` (evaluation is
/// deterministic), so it needs no hidden state. Buffer convention and errors as
/// `poh_evaluate_json`.
///
/// # Safety
/// `assessment` must point to a `poh_assessment` filled by `poh_evaluate`; `out` to
/// `out_cap` writable bytes; `out_len` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn poh_assessment_to_json(
    assessment: *const poh_assessment,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> poh_status {
    guard(|| {
        non_null(assessment)?;
        check_out(out, out_cap, out_len)?;
        // Only the findings are read, in place: a reference to that field alone, so that
        // none to the rest of the caller's struct (enums, bools) is ever formed.
        // SAFETY: non-NULL and valid per the caller's contract; poh_findings is integers
        // only, so any initialised content is valid; nothing writes it during this call.
        let input = unsafe { &*core::ptr::addr_of!((*assessment).findings) };
        with_assessment(|a| {
            input.evaluate(a)?;
            // SAFETY: check_out passed; per the caller's contract.
            unsafe { emit_assessment(a, out, out_cap, out_len) }
        })
    })
}

/// Write the assessment JSON of `a` into `out` by the text-buffer convention: the core's
/// own writer into the caller's slice (one pass, the same code as every other binding);
/// only a document that did not fit is measured, by a second pass that counts.
///
/// # Safety
/// `check_out(out, out_cap, out_len)` passed; `out` points to `out_cap` writable bytes,
/// `out_len` to a writable `size_t`.
pub(crate) unsafe fn emit_assessment(
    a: &Assessment,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> Result<(), poh_status> {
    let render = |buf: &mut [u8]| match write_assessment(a, buf) {
        Err(Error::BufferTooSmall) => to_slice(|s| write_assessment_to(a, s), &mut []),
        r => r.map_err(|e| (e, 0)),
    };
    // SAFETY: the caller's contract.
    unsafe { emit_len(render, out, out_cap, out_len) }
}
