//! Writing into caller buffers: `(out, out_cap, out_len)` triples.
//!
//! The text is written followed by a NUL; on success `*out_len` is its length without the
//! NUL. When it does not fit (`out_cap < length + 1`) the status is `BufferTooSmall`,
//! `*out_len` receives the capacity needed (length + 1), and `out` (if `out_cap > 0`) is
//! filled with NUL bytes: it holds the empty string and none of the document. `out` may be
//! NULL only when `out_cap` is 0: that is a size query.
//!
//! Every document is rendered once, straight into the caller's buffer, by a renderer that
//! keeps counting past the end of the buffer (the core's `SliceSink`, behind its `*_len`
//! functions): the size needed is known without a second, measuring pass. Input errors are
//! found before the first byte is written (input is read and checked first), so on them
//! `out` is untouched; after `Internal` or `Panic` (bugs) its content is unspecified.

use core::ffi::c_char;

use poh_core::json::{Sink, SliceSink};
use poh_core::Error;

use crate::{non_null, poh_status};

/// A renderer into a slice: `Ok(length)` when the document fit, `Err((BufferTooSmall,
/// length))` when it did not, `Err((other, _))` on any other error. The shape of the core's
/// `*_len` functions (`evaluate_json_len`, `counsel_json_len`, ...).
pub(crate) type Rendered = Result<usize, (Error, usize)>;

/// Check an `(out, out_cap, out_len)` triple before any work.
pub(crate) fn check_out(
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> Result<(), poh_status> {
    non_null(out_len)?;
    if out_cap > 0 {
        non_null(out)?;
    }
    Ok(())
}

/// Render with `render` into the caller's buffer, in one pass: all but the last byte of
/// `out` are offered for the text, the byte after the text gets the NUL.
///
/// # Safety
/// `check_out` passed; `out` points to `out_cap` writable bytes that nothing else refers
/// to during this call; `out_len` is writable.
pub(crate) unsafe fn emit_len(
    render: impl FnOnce(&mut [u8]) -> Rendered,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> Result<(), poh_status> {
    let buf: &mut [u8] = if out_cap == 0 {
        &mut []
    } else {
        // SAFETY: out_cap > 0, so out is non-NULL (check_out) and points to out_cap
        // writable bytes (caller's contract); nothing else refers to them during this call.
        unsafe { core::slice::from_raw_parts_mut(out.cast::<u8>(), out_cap) }
    };
    let text_cap = out_cap.saturating_sub(1);
    let text = buf.get_mut(..text_cap).ok_or(poh_status::Internal)?;
    // Renderer results that contradict the buffer's size are bugs, not sizes.
    let (len, fits) = match render(text) {
        Ok(len) if len > text_cap => return Err(poh_status::Internal),
        Ok(len) => (len, true),
        Err((Error::BufferTooSmall, len)) if len <= text_cap => return Err(poh_status::Internal),
        Err((Error::BufferTooSmall, len)) => (len, false),
        Err((e, _)) => return Err(e.into()),
    };
    // The byte after the text is the NUL's; with out_cap 0 there is none, even for "".
    match buf.get_mut(len).filter(|_| fits) {
        Some(nul) => {
            *nul = 0;
            // SAFETY: out_len is non-NULL (check_out) and writable (caller's contract).
            unsafe { out_len.write(len) };
            Ok(())
        }
        None => {
            // Whatever the renderer left, the buffer now holds the empty string only.
            buf.fill(0);
            let needed = len.checked_add(1).ok_or(poh_status::Internal)?;
            // SAFETY: as above.
            unsafe { out_len.write(needed) };
            Err(poh_status::BufferTooSmall)
        }
    }
}

/// Render a document written into a [`Sink`] (`write_assessment_to`, ...) into a slice.
pub(crate) fn to_slice(
    write: impl FnOnce(&mut SliceSink<'_>) -> Result<(), Error>,
    buf: &mut [u8],
) -> Rendered {
    let mut sink = SliceSink::new(buf);
    write(&mut sink).map_err(|e| (e, 0))?;
    sink.finish()
        .map_err(|needed| (Error::BufferTooSmall, needed))
}

/// `emit_len` for a fixed string.
///
/// # Safety
/// As `emit_len`.
pub(crate) unsafe fn emit_str(
    text: &str,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> Result<(), poh_status> {
    let render = |buf: &mut [u8]| to_slice(|s| s.write(text.as_bytes()), buf);
    // SAFETY: forwarded contract.
    unsafe { emit_len(render, out, out_cap, out_len) }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn run(text: &str, cap: usize) -> (poh_status, Vec<u8>, usize) {
        let mut buf = vec![0xAAu8; cap];
        let mut len = 7usize;
        let out = if cap == 0 {
            core::ptr::null_mut()
        } else {
            buf.as_mut_ptr().cast::<c_char>()
        };
        let s = match check_out(out, cap, &mut len) {
            // SAFETY: buf has cap writable bytes; len is writable.
            Ok(()) => match unsafe { emit_str(text, out, cap, &mut len) } {
                Ok(()) => poh_status::Ok,
                Err(s) => s,
            },
            Err(s) => s,
        };
        (s, buf, len)
    }

    #[test]
    fn exact_fit_writes_text_and_nul() {
        let (s, buf, len) = run("abc", 4);
        assert_eq!((s, len), (poh_status::Ok, 3));
        assert_eq!(buf, b"abc\0");
        let (s, buf, len) = run("abc", 6);
        assert_eq!((s, len), (poh_status::Ok, 3));
        assert_eq!(buf, b"abc\0\xAA\xAA");
    }

    #[test]
    fn too_small_leaves_an_empty_string_and_the_size_needed() {
        for cap in 1..4 {
            let (s, buf, len) = run("abc", cap);
            assert_eq!((s, len), (poh_status::BufferTooSmall, 4), "cap {cap}");
            assert!(buf.iter().all(|&b| b == 0), "cap {cap}: {buf:?}");
        }
        let (s, buf, len) = run("abc", 0);
        assert_eq!((s, len, buf.len()), (poh_status::BufferTooSmall, 4, 0));
    }

    #[test]
    fn the_empty_text_needs_one_byte() {
        let (s, buf, len) = run("", 1);
        assert_eq!((s, len, buf), (poh_status::Ok, 0, vec![0]));
        let (s, _, len) = run("", 0);
        assert_eq!((s, len), (poh_status::BufferTooSmall, 1));
    }

    #[test]
    fn other_errors_leave_the_buffer_untouched() {
        let mut buf = [0x55u8; 8];
        let mut len = 7usize;
        let out = buf.as_mut_ptr().cast::<c_char>();
        // SAFETY: buf has 8 writable bytes; len is writable.
        let r = unsafe { emit_len(|_| Err((Error::UnknownField, 0)), out, 8, &mut len) };
        assert_eq!(r, Err(poh_status::UnknownField));
        assert_eq!((buf, len), ([0x55; 8], 7));
    }

    #[test]
    fn a_renderer_calling_a_fitting_document_too_small_is_internal() {
        let mut buf = [0x55u8; 8];
        let mut len = 7usize;
        let out = buf.as_mut_ptr().cast::<c_char>();
        // SAFETY: buf has 8 writable bytes; len is writable.
        let r = unsafe { emit_len(|_| Err((Error::BufferTooSmall, 3)), out, 8, &mut len) };
        assert_eq!(r, Err(poh_status::Internal));
        assert_eq!(len, 7);
    }

    #[test]
    fn a_renderer_claiming_more_than_its_slice_is_internal() {
        let mut buf = [0x55u8; 4];
        let mut len = 7usize;
        let out = buf.as_mut_ptr().cast::<c_char>();
        // SAFETY: buf has 4 writable bytes; len is writable.
        let r = unsafe { emit_len(|_| Ok(4), out, 4, &mut len) };
        assert_eq!(r, Err(poh_status::Internal));
        assert_eq!(len, 7);
    }
}
