//! The FHIR entry point (cargo feature `fhir`, on by default for the host library; the
//! Cortex-M build leaves it out): a FHIR R4 chart in, the assessment JSON with the
//! reading report out. A translation layer over `poh-fhir` (no clinical logic here).

use core::ffi::c_char;

use poh_fhir::{read_str, Date, FhirError, ReadOptions};

use crate::buffer::{check_out, emit_str};
use crate::findings::str_arg;
use crate::json::input_bytes;
use crate::{guard, poh_status};

/// The status a FHIR reading error is reported under (its own 7xx code, kind, path and
/// message are in the error document written to `out`).
fn status_of(e: &FhirError) -> poh_status {
    match e.code {
        700 => poh_status::MalformedJson,
        701 | 702 => poh_status::WrongType,
        703 => poh_status::UnknownValue,
        704 => poh_status::OutOfRange,
        705 => poh_status::ContradictoryFindings,
        706 => poh_status::InputTooLarge,
        707 => poh_status::TooDeep,
        _ => poh_status::Internal,
    }
}

/// Write the error document `{"fhir_error": {code, kind, path, message}}` into `out` (or
/// the empty string when it does not fit) and return the error's status.
///
/// # Safety
/// As `poh_evaluate_fhir_json`, after `check_out`.
unsafe fn fail(e: &FhirError, out: *mut c_char, out_cap: usize, out_len: *mut usize) -> poh_status {
    let doc = serde_json::json!({ "fhir_error": e.to_json() }).to_string();
    // SAFETY: forwarded contract; a document that does not fit leaves the empty string.
    let _ = unsafe { emit_str(&doc, out, out_cap, out_len) };
    status_of(e)
}

/// Read a FHIR R4 chart (a Bundle of any type, a resource, a CDS Hooks prefetch object or
/// a CDS Hooks request) with the evaluation date `date` (`"YYYY-MM-DD"`, NUL-terminated;
/// ages are counted to it), evaluate it, and write the assessment JSON (the same bytes as
/// `poh_evaluate_json`) with the reading report added as its last member `"fhir"`: the
/// codes used and what they became, the codes not used and why, the recorded diagnoses
/// of the modelled disorders (shown, never used as evidence) and what was dropped. Host
/// library only (cargo feature `fhir`, on by default; not in the Cortex-M build).
/// `input` need not be NUL-terminated; `input_len` is its length (at most 16 MiB).
///
/// On success `*out_len` is the JSON's length without the NUL; on
/// `POH_STATUS_BUFFER_TOO_SMALL` the capacity needed, as for every text buffer.
///
/// A FHIR reading error returns the nearest status (`MALFORMED_JSON` for text that is not
/// JSON; `WRONG_TYPE` for input that is not FHIR or a field of the wrong type;
/// `UNKNOWN_VALUE` for a malformed date, `date` included; `OUT_OF_RANGE`;
/// `CONTRADICTORY_FINDINGS` for two different patients; `INPUT_TOO_LARGE`; `TOO_DEEP`)
/// and, unlike other entry points, writes the error document
/// `{"fhir_error": {"code": 7xx, "kind", "path", "message"}}` into `out` (the empty string
/// when it does not fit) with its length in `*out_len`: the reader's own stable code and
/// the place in the input (fhir/README.md lists the codes). `NULL_ARGUMENT` and the core's
/// errors leave `out` untouched.
///
/// # Safety
/// `input` must point to `input_len` readable bytes; `date` to a NUL-terminated string;
/// `out` to `out_cap` writable bytes (not overlapping `input`); `out_len` to a writable
/// `size_t`.
#[no_mangle]
pub unsafe extern "C" fn poh_evaluate_fhir_json(
    input: *const c_char,
    input_len: usize,
    date: *const c_char,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> poh_status {
    guard(|| {
        check_out(out, out_cap, out_len)?;
        // SAFETY: per the caller's contract.
        let bytes = unsafe { input_bytes(input, input_len) }?;
        // SAFETY: per the caller's contract.
        let date_text = unsafe { str_arg(date) }?;
        let Some(evaluation_date) = Date::parse(date_text) else {
            let e = FhirError {
                code: poh_fhir::Kind::InvalidDate.code(),
                kind: poh_fhir::Kind::InvalidDate.kind(),
                path: "date".into(),
                message: format!("{date_text:?} is not YYYY-MM-DD"),
            };
            // SAFETY: check_out passed; per the caller's contract.
            return Err(unsafe { fail(&e, out, out_cap, out_len) });
        };
        let text = match core::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => return Err(poh_status::InvalidUtf8),
        };
        let record = match read_str(text, &ReadOptions { evaluation_date }) {
            Ok(r) => r,
            // SAFETY: check_out passed; per the caller's contract.
            Err(e) => return Err(unsafe { fail(&e, out, out_cap, out_len) }),
        };
        let doc = record.assessment_json()?;
        // SAFETY: check_out passed; per the caller's contract.
        unsafe { emit_str(&doc, out, out_cap, out_len) }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn call(input: &str, date: &core::ffi::CStr, cap: usize) -> (poh_status, String, usize) {
        let mut buf = vec![0x55u8; cap];
        let mut len = 0usize;
        // SAFETY: valid pointers and lengths.
        let s = unsafe {
            poh_evaluate_fhir_json(
                input.as_ptr().cast(),
                input.len(),
                date.as_ptr(),
                buf.as_mut_ptr().cast(),
                cap,
                &mut len,
            )
        };
        let text = String::from_utf8_lossy(&buf[..len.min(cap)]).into_owned();
        (s, text, len)
    }

    const CHART: &str = r#"{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient", "birthDate": "2020-01-15", "gender": "female"}}, {"resource": {"resourceType": "Condition", "code": {"coding": [{"system": "http://human-phenotype-ontology.org", "code": "HP:0025027"}]}}}]}"#;

    #[test]
    #[cfg_attr(
        miri,
        ignore = "about a minute under Miri, all of it in the safe-Rust FHIR reader; the entry point's unsafe (check_out, emit_str) is the JSON entry points', under Miri in their tests and in reading_errors_carry_their_own_code_and_path"
    )]
    fn a_chart_gives_the_assessment_with_the_reading() {
        let (s, text, len) = call(CHART, c"2024-06-01", 1 << 20);
        assert_eq!(s, poh_status::Ok);
        assert_eq!(len, text.len());
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["fhir"]["findings"]["age_months"], 52);
        assert!(v["differential"].is_array());
        // Too small: the size needed, the empty string.
        let (s, text, needed) = call(CHART, c"2024-06-01", 16);
        assert_eq!(s, poh_status::BufferTooSmall);
        assert_eq!(needed, len + 1);
        assert!(text.bytes().all(|b| b == 0));
    }

    #[test]
    fn reading_errors_carry_their_own_code_and_path() {
        let (s, text, _) = call("[1]", c"2024-06-01", 4096);
        assert_eq!(s, poh_status::WrongType);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["fhir_error"]["code"], 701);
        assert_eq!(v["fhir_error"]["path"], "$");
        let (s, text, _) = call(CHART, c"01/06/2024", 4096);
        assert_eq!(s, poh_status::UnknownValue);
        assert!(text.contains("\"path\":\"date\""));
        let (s, _, _) = call("{", c"2024-06-01", 4096);
        assert_eq!(s, poh_status::MalformedJson);
        // SAFETY: NULL date: checked, not read.
        let s = unsafe {
            let mut len = 0;
            let mut buf = [0i8; 8];
            poh_evaluate_fhir_json(
                CHART.as_ptr().cast(),
                CHART.len(),
                core::ptr::null(),
                buf.as_mut_ptr().cast(),
                8,
                &mut len,
            )
        };
        assert_eq!(s, poh_status::NullArgument);
    }
}
