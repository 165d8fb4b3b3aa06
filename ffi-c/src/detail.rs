//! `poh_explain_error`: where and what of an input error, beside its status
//! (`poh_core::detail`). A pure function of the input and the status: call it after a
//! JSON or phenopacket entry point failed, with the same input. Nothing is allocated; the
//! caller's `poh_error_detail` (about 1 KiB, on the stack is fine) receives NUL-terminated
//! copies. Nothing is computed on the success path of any entry point.

use core::ffi::c_char;
use core::fmt::Write;

#[cfg(feature = "explain")]
use poh_core::detail::{self, Detail};
use poh_core::limits::{MAX_DETAIL_HINT, MAX_DETAIL_PATH, MAX_DETAIL_VALUE};
use poh_core::Error;

use crate::json::input_bytes;
use crate::{guard, non_null, poh_status};

/// Bytes of `poh_error_detail.path`, with its NUL.
pub const POH_DETAIL_PATH_SIZE: usize = 65;
/// Bytes of `poh_error_detail.value`, with its NUL.
pub const POH_DETAIL_VALUE_SIZE: usize = 49;
/// Bytes of `poh_error_detail.allowed`, with its NUL.
pub const POH_DETAIL_ALLOWED_SIZE: usize = 161;
/// Bytes of `poh_error_detail.hint`, with its NUL.
pub const POH_DETAIL_HINT_SIZE: usize = 161;
/// Bytes of `poh_error_detail.message`, with its NUL.
pub const POH_DETAIL_MESSAGE_SIZE: usize = 577;

const _: () = assert!(POH_DETAIL_PATH_SIZE == MAX_DETAIL_PATH + 1);
const _: () = assert!(POH_DETAIL_VALUE_SIZE == MAX_DETAIL_VALUE + 1);
const _: () = assert!(POH_DETAIL_HINT_SIZE == MAX_DETAIL_HINT + 1);

/// Which reader an input was given to (`poh_explain_error`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_reader {
    /// The findings JSON schema: `poh_evaluate_json`, `poh_findings_from_json`.
    Findings = 1,
    /// A GA4GH Phenopacket v2: `poh_evaluate_phenopacket_json`,
    /// `poh_findings_from_phenopacket_json`.
    Phenopacket = 2,
    /// Any other JSON entry point (`poh_counsel_json`, `poh_questionnaire_step_json`):
    /// syntax errors get their offset, nothing more.
    OtherJson = 3,
}

/// Where and what of an input error. Every text is NUL-terminated UTF-8; an empty text
/// means "none".
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_error_detail {
    /// The status explained.
    pub status: poh_status,
    /// `path` names the place (false: the error has no place in the document, such as a
    /// syntax error, which has only an offset).
    pub has_path: bool,
    /// `offset` is set.
    pub has_offset: bool,
    /// `value` was shortened (it ends in "…").
    pub value_shortened: bool,
    /// The byte offset into the input where the offending key or value starts.
    pub offset: usize,
    /// The location: `phenotypes[3].modifiers[1]`, `labs.pth`, `age_months`; empty with
    /// `has_path` for the document itself.
    pub path: [c_char; POH_DETAIL_PATH_SIZE],
    /// The offending value (a string without its quotes), shortened with a closing "…".
    pub value: [c_char; POH_DETAIL_VALUE_SIZE],
    /// The values the field allows, comma-separated (`low, normal, high, unknown`).
    pub allowed: [c_char; POH_DETAIL_ALLOWED_SIZE],
    /// What was probably meant, where that is certain (`did you mean age_months? ...`).
    pub hint: [c_char; POH_DETAIL_HINT_SIZE],
    /// The one message naming all of the above (without the code and kind, which
    /// `status` and `poh_status_kind` give).
    pub message: [c_char; POH_DETAIL_MESSAGE_SIZE],
}

/// A fixed text buffer written with `core::fmt`; what does not fit is cut (see `fill`).
struct Text<'a> {
    buf: &'a mut [c_char],
    n: usize,
    cut: bool,
}

impl Write for Text<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let cap = self.buf.len().saturating_sub(1);
        for b in s.bytes() {
            match self.buf.get_mut(self.n) {
                Some(slot) if self.n < cap => {
                    *slot = b as c_char;
                    self.n += 1;
                }
                _ => {
                    self.cut = true;
                    break;
                }
            }
        }
        Ok(())
    }
}

/// Close a cut text with "…" at a character boundary (it stays NUL-terminated).
#[allow(clippy::unnecessary_cast)] // c_char is i8 on x86-64 and u8 on Arm
fn close(t: &mut Text<'_>) {
    if !t.cut {
        return;
    }
    let ellipsis = "…".as_bytes();
    let mut n = t.n.min(t.buf.len().saturating_sub(1 + ellipsis.len()));
    while n > 0 && t.buf.get(n).is_some_and(|&c| (c as u8) & 0xC0 == 0x80) {
        n -= 1;
    }
    for (k, &e) in ellipsis.iter().enumerate() {
        if let Some(slot) = t.buf.get_mut(n + k) {
            *slot = e as c_char;
        }
    }
    for slot in t.buf.iter_mut().skip(n + ellipsis.len()) {
        *slot = 0;
    }
}

#[cfg_attr(not(feature = "explain"), allow(dead_code))]
fn fill(buf: &mut [c_char], args: core::fmt::Arguments<'_>) {
    buf.fill(0);
    let mut t = Text {
        buf,
        n: 0,
        cut: false,
    };
    let _ = t.write_fmt(args);
    close(&mut t);
}

impl poh_error_detail {
    /// A detail with a message and nothing else. Written with `write_str`, not `fill`'s
    /// `format_args!`: without `explain` nothing else in the Cortex-M0 image uses
    /// `core::fmt`, which would cost it kilobytes of flash.
    fn bare(status: poh_status, message: &str) -> poh_error_detail {
        let mut out = poh_error_detail {
            status,
            has_path: false,
            has_offset: false,
            value_shortened: false,
            offset: 0,
            path: [0; POH_DETAIL_PATH_SIZE],
            value: [0; POH_DETAIL_VALUE_SIZE],
            allowed: [0; POH_DETAIL_ALLOWED_SIZE],
            hint: [0; POH_DETAIL_HINT_SIZE],
            message: [0; POH_DETAIL_MESSAGE_SIZE],
        };
        let mut t = Text {
            buf: &mut out.message,
            n: 0,
            cut: false,
        };
        let _ = t.write_str(message);
        close(&mut t);
        out
    }

    /// The C copy of a core detail.
    #[cfg(feature = "explain")]
    pub(crate) fn of(d: &Detail, status: poh_status) -> poh_error_detail {
        let mut out = poh_error_detail::bare(status, "");
        out.has_path = d.path().is_some();
        out.has_offset = d.offset().is_some();
        out.value_shortened = d.value_shortened();
        out.offset = d.offset().unwrap_or(0);
        fill(&mut out.path, format_args!("{}", d.path().unwrap_or("")));
        fill(&mut out.value, format_args!("{}", d.value().unwrap_or("")));
        fill(&mut out.hint, format_args!("{}", d.hint().unwrap_or("")));
        fill(&mut out.message, format_args!("{d}"));
        let mut t = Text {
            buf: &mut out.allowed,
            n: 0,
            cut: false,
        };
        for (i, v) in d.allowed().unwrap_or(&[]).iter().enumerate() {
            let _ = write!(t, "{}{v}", if i > 0 { ", " } else { "" });
        }
        close(&mut t);
        out
    }
}

/// Explain `status`, returned by an entry point of `reader` for `(input, input_len)`: fill
/// `*out` with the location (path and byte offset), the offending value, the allowed
/// values, a hint where one is certain, and the one message naming them. Call it after
/// the entry point failed, with the same input; nothing is computed, kept or allocated
/// otherwise (no hidden state: the same arguments give the same detail, on any thread).
///
/// A status that is not an input error of that reader (`POH_STATUS_OK`,
/// `POH_STATUS_NULL_ARGUMENT`, `POH_STATUS_BUFFER_TOO_SMALL`, ...) gets a detail with its
/// message and no location. Errors: `NULL_ARGUMENT`; `OUT_OF_RANGE` for a `reader` that
/// `poh_reader` does not define. `*out` is written only on success.
///
/// # Safety
/// `input` must point to `input_len` readable bytes; `out` to writable memory for one
/// `poh_error_detail`.
#[no_mangle]
pub unsafe extern "C" fn poh_explain_error(
    reader: u32,
    input: *const c_char,
    input_len: usize,
    status: u32,
    out: *mut poh_error_detail,
) -> poh_status {
    guard(|| {
        non_null(out)?;
        // SAFETY: per the caller's contract.
        let bytes = unsafe { input_bytes(input, input_len) }?;
        if !(1..=3).contains(&reader) {
            return Err(poh_status::OutOfRange);
        }
        let c = match u16::try_from(status).ok().and_then(Error::from_code) {
            #[cfg(feature = "explain")]
            Some(e) => {
                let d = match reader {
                    1 => detail::findings_json(bytes, e),
                    2 => detail::phenopacket_json(bytes, e),
                    _ => detail::json_syntax(bytes, e),
                };
                poh_error_detail::of(&d, poh_status::from(d.error()))
            }
            // Without `explain`, or for a C-only status (or OK): the status's own text (the
            // table poh_status_str reads: the core's messages are not linked twice), no
            // location; the input is not read.
            _ => {
                let _ = bytes;
                let known = poh_status::ALL.iter().copied().find(|s| s.code() == status);
                // SAFETY: poh_status_str returns a static NUL-terminated string.
                let text = unsafe { core::ffi::CStr::from_ptr(crate::poh_status_str(status)) };
                poh_error_detail::bare(
                    known.unwrap_or(poh_status::Internal),
                    text.to_str().unwrap_or(""),
                )
            }
        };
        // SAFETY: non-NULL, writable for one poh_error_detail per the caller's contract.
        unsafe { out.write(c) };
        Ok(())
    })
}

/// Whether `poh_explain_error` gives locations, values, allowed values and hints (the
/// library was built with the `explain` feature, as the host library always is: true), or
/// only the status's message (false: small firmware builds, docs/EMBEDDING.md).
#[no_mangle]
pub extern "C" fn poh_error_details_available() -> bool {
    // Cannot panic; guarded anyway so that the rule "every entry point" has no exception.
    #[cfg(feature = "std")]
    return std::panic::catch_unwind(|| cfg!(feature = "explain")).unwrap_or(false);
    #[cfg(not(feature = "std"))]
    cfg!(feature = "explain")
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn text(b: &[c_char]) -> String {
        let bytes: Vec<u8> = b
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn a_detail_is_copied_whole() {
        let input = br#"{"labs": {"pth": "elevated"}}"#;
        let mut d = core::mem::MaybeUninit::<poh_error_detail>::uninit();
        // SAFETY: `input` is readable for its length; `d` is writable for one detail.
        let s = unsafe {
            poh_explain_error(1, input.as_ptr().cast(), input.len(), 112, d.as_mut_ptr())
        };
        assert_eq!(s, poh_status::Ok);
        // SAFETY: poh_explain_error returned OK, so it wrote `d` whole.
        let d = unsafe { d.assume_init() };
        assert_eq!(d.status, poh_status::UnknownValue);
        assert!(d.has_path && d.has_offset);
        assert_eq!((text(&d.path).as_str(), d.offset), ("labs.pth", 17));
        assert_eq!(text(&d.value), "elevated");
        assert_eq!(text(&d.allowed), "low, normal, high, unknown");
        assert!(text(&d.hint).contains("did you mean high?"));
        assert!(text(&d.message).starts_with("a string is not one of the values"));
    }

    #[test]
    fn long_texts_end_in_an_ellipsis() {
        let mut buf = [0 as c_char; 8];
        fill(&mut buf, format_args!("abcdefghijkl"));
        assert_eq!(text(&buf), "abcd…"); // 7 bytes and the NUL
        fill(&mut buf, format_args!("abcdefg"));
        assert_eq!(text(&buf), "abcdefg");
    }
}
