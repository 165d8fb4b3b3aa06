//! Writing into caller buffers: `(out, out_cap, out_len)` triples.
//!
//! The text is written followed by a NUL; on success `*out_len` is its length without the
//! NUL. When it does not fit (`out_cap < length + 1`), nothing is written to `out` and
//! `*out_len` receives the capacity needed (length + 1), so the caller can allocate it and
//! call again. `out` may be NULL only when `out_cap` is 0: that is a size query.

use core::ffi::c_char;

use poh_core::json::Sink;
use poh_core::Error;

use crate::{non_null, poh_status};

/// Counts the bytes of a document without storing them.
struct Count(usize);

impl Sink for Count {
    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.0 = self.0.saturating_add(bytes.len());
        Ok(())
    }
}

/// Writes into a slice already known to be large enough.
struct Fill<'a> {
    buf: &'a mut [u8],
    at: usize,
}

impl Sink for Fill<'_> {
    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let end = self.at.checked_add(bytes.len()).ok_or(Error::Internal)?;
        let dst = self.buf.get_mut(self.at..end).ok_or(Error::Internal)?;
        dst.copy_from_slice(bytes);
        self.at = end;
        Ok(())
    }
}

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

/// Render a document with `render` into the caller's buffer: once to measure, and a second
/// time to write only if it fits (rendering is deterministic). Never a partial write.
///
/// # Safety
/// `check_out` passed; `out` points to `out_cap` writable bytes; `out_len` is writable.
pub(crate) unsafe fn emit(
    render: impl Fn(&mut dyn Sink) -> Result<(), Error>,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> Result<(), poh_status> {
    let mut count = Count(0);
    render(&mut count)?;
    let len = count.0;
    let needed = len.checked_add(1).ok_or(poh_status::Internal)?;
    if needed > out_cap {
        // SAFETY: out_len is non-NULL and writable (checked by check_out; caller's contract).
        unsafe { out_len.write(needed) };
        return Err(poh_status::BufferTooSmall);
    }
    // SAFETY: out_cap > 0 here, so out is non-NULL (check_out) and points to out_cap
    // writable bytes (caller's contract); nothing else refers to them during this call.
    let buf = unsafe { core::slice::from_raw_parts_mut(out.cast::<u8>(), out_cap) };
    let (text, rest) = buf.split_at_mut_checked(len).ok_or(poh_status::Internal)?;
    let mut fill = Fill { buf: text, at: 0 };
    render(&mut fill)?;
    if fill.at != len {
        return Err(poh_status::Internal);
    }
    let nul = rest.first_mut().ok_or(poh_status::Internal)?;
    *nul = 0;
    // SAFETY: as above.
    unsafe { out_len.write(len) };
    Ok(())
}

/// `emit` for a fixed string.
///
/// # Safety
/// As `emit`.
pub(crate) unsafe fn emit_str(
    text: &str,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> Result<(), poh_status> {
    // SAFETY: forwarded contract.
    unsafe { emit(|s| s.write(text.as_bytes()), out, out_cap, out_len) }
}

/// `emit` for the core's `*_len` functions (write into a slice; on a too-small slice report
/// the size needed): measured with an empty slice first, so nothing is ever partly written.
///
/// # Safety
/// As `emit`.
pub(crate) unsafe fn emit_len(
    render: impl Fn(&mut [u8]) -> Result<usize, (Error, usize)>,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> Result<(), poh_status> {
    let len = match render(&mut []) {
        Ok(n) => n,
        Err((Error::BufferTooSmall, needed)) => needed,
        Err((e, _)) => return Err(e.into()),
    };
    let needed = len.checked_add(1).ok_or(poh_status::Internal)?;
    if needed > out_cap {
        // SAFETY: out_len is non-NULL and writable (check_out; caller's contract).
        unsafe { out_len.write(needed) };
        return Err(poh_status::BufferTooSmall);
    }
    // SAFETY: out_cap > 0 here, so out is non-NULL (check_out) and points to out_cap
    // writable bytes (caller's contract); nothing else refers to them during this call.
    let buf = unsafe { core::slice::from_raw_parts_mut(out.cast::<u8>(), out_cap) };
    let (text, rest) = buf.split_at_mut_checked(len).ok_or(poh_status::Internal)?;
    match render(text) {
        Ok(n) if n == len => {}
        Ok(_) => return Err(poh_status::Internal),
        Err((e, _)) => return Err(e.into()),
    }
    let nul = rest.first_mut().ok_or(poh_status::Internal)?;
    *nul = 0;
    // SAFETY: as above.
    unsafe { out_len.write(len) };
    Ok(())
}
