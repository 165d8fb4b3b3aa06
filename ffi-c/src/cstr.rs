//! NUL-terminated copies of the knowledge base's strings, built at compile time.
//!
//! The core's tables hold `&'static str` (no terminating NUL). C wants `const char *`
//! pointers it can keep forever, with nothing to free. Each table here is one static byte
//! blob of the strings, each followed by a NUL, computed by `const` evaluation from the
//! core's own tables: there is no second copy to drift, no lazy initialisation and no
//! global mutable state. A string with an interior NUL fails the build.

use core::ffi::c_char;

/// `N` strings packed into `L` bytes, each NUL-terminated. The offsets are `u16` (a blob
/// is at most 64 KiB, checked when the table is built): half the bytes of `usize` offsets
/// on a Cortex-M, where these tables sit in the flash.
pub(crate) struct CStrTable<const N: usize, const L: usize> {
    blob: [u8; L],
    start: [u16; N],
}

/// Bytes needed for `strs`, one NUL each (const evaluation only).
#[allow(clippy::indexing_slicing)] // i < strs.len()
pub(crate) const fn blob_len(strs: &[&str]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < strs.len() {
        n += strs[i].len() + 1;
        i += 1;
    }
    n
}

// Indexing below runs only in const evaluation: an out-of-bounds index is a compile error,
// never a runtime panic.
#[allow(clippy::indexing_slicing)]
impl<const N: usize, const L: usize> CStrTable<N, L> {
    /// Pack `strs` (const evaluation only).
    pub(crate) const fn new(strs: &[&str; N]) -> Self {
        assert!(
            L <= u16::MAX as usize,
            "a string table's blob exceeds 64 KiB"
        );
        let mut blob = [0u8; L];
        let mut start = [0u16; N];
        let mut at = 0;
        let mut i = 0;
        while i < N {
            let b = strs[i].as_bytes();
            start[i] = at as u16; // at < L <= u16::MAX, asserted above
            let mut j = 0;
            while j < b.len() {
                assert!(b[j] != 0, "a knowledge-base string contains a NUL byte");
                blob[at] = b[j];
                at += 1;
                j += 1;
            }
            blob[at] = 0;
            at += 1;
            i += 1;
        }
        assert!(at == L, "blob length mismatch");
        CStrTable { blob, start }
    }
}

impl<const N: usize, const L: usize> CStrTable<N, L> {
    /// The `i`-th string as a pointer to static NUL-terminated bytes; NULL past the end.
    /// A `const fn`, so that output entries fixed by the knowledge base can be built at
    /// compile time (see `assessment.rs`).
    #[allow(clippy::indexing_slicing)] // i < N checked first
    pub(crate) const fn get(&'static self, i: usize) -> *const c_char {
        if i >= N {
            return core::ptr::null();
        }
        let at = self.start[i] as usize;
        if at < L {
            // Derived from the whole blob (not one byte) so that the pointer may read
            // up to the NUL.
            self.blob.as_ptr().wrapping_add(at).cast()
        } else {
            core::ptr::null()
        }
    }

    /// The `i`-th string (for tests and Rust-side comparisons).
    #[cfg(test)]
    pub(crate) fn str_at(&'static self, i: usize) -> Option<&'static str> {
        let s = usize::from(*self.start.get(i)?);
        let rest = self.blob.get(s..)?;
        let end = rest.iter().position(|&b| b == 0)?;
        core::str::from_utf8(rest.get(..end)?).ok()
    }
}

/// Declare a table: `cstr_table!(NAME, STRS, N, |i| expr-giving-&'static-str);`
/// `STRS` is the intermediate `[&str; N]` constant.
macro_rules! cstr_table {
    ($(#[$m:meta])* $name:ident, $strs:ident, $n:expr, |$i:ident| $get:expr) => {
        #[allow(clippy::indexing_slicing)] // const evaluation only (see cstr.rs)
        const $strs: [&str; $n] = {
            let mut a = [""; $n];
            let mut $i = 0;
            while $i < $n {
                a[$i] = $get;
                $i += 1;
            }
            a
        };
        $(#[$m])*
        pub(crate) static $name: $crate::cstr::CStrTable<{ $n }, { $crate::cstr::blob_len(&$strs) }> =
            $crate::cstr::CStrTable::new(&$strs);
    };
}
pub(crate) use cstr_table;

/// Read a NUL-terminated C string of at most `max` bytes (before the NUL).
///
/// Returns `None` when no NUL is found within `max + 1` bytes: the caller reports
/// `StringTooLong` instead of reading on into unknown memory.
///
/// # Safety
/// `p` must be non-NULL and point to memory readable up to its NUL or `max + 1` bytes,
/// whichever comes first.
pub(crate) unsafe fn bounded<'a>(p: *const c_char, max: usize) -> Option<&'a [u8]> {
    let mut n = 0;
    while n <= max {
        // SAFETY: the caller guarantees readability up to the NUL or max + 1 bytes;
        // n <= max and every earlier byte was non-NUL.
        if unsafe { *p.add(n) } == 0 {
            // SAFETY: the n bytes before the NUL were just read one by one.
            return Some(unsafe { core::slice::from_raw_parts(p.cast::<u8>(), n) });
        }
        n += 1;
    }
    None
}
