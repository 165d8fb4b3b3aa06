//! # poh-ffi: the C ABI of poh
//!
//! `include/poh.h` (generated from this crate by cbindgen) and `libpoh.a` / `libpoh.so`.
//! A thin translation layer over `poh-core`: no clinical logic lives here.
//!
//! Conventions (repeated in the header preamble and `ffi-c/README.md`):
//!
//! * Every fallible function returns `poh_status`; `POH_STATUS_OK` is 0 and every other
//!   value is a stable code (the core's error codes, number for number, plus
//!   `POH_STATUS_NOT_EVALUATED` = 198, `POH_STATUS_NULL_ARGUMENT` = 199 and
//!   `POH_STATUS_PANIC` = 999).
//! * Outputs are trailing out-parameters, written only on success. The exceptions:
//!   `POH_STATUS_BUFFER_TOO_SMALL` writes the capacity needed to `*out_len` and leaves the
//!   empty string in the text buffer (every byte of it NUL, see `buffer.rs`); after
//!   `POH_STATUS_INTERNAL` or `POH_STATUS_PANIC` (bugs) the outputs are unspecified.
//! * Output structs are written in place, field by field (`slot.rs`), once every input
//!   error is behind; entries past a count are zero. An entry holds a pointer to its
//!   knowledge-base row's static record (`info.rs`) and the values computed for the patient.
//! * The caller allocates every struct and buffer; nothing is ever allocated for the
//!   caller and there is nothing to free. Every pointer in a result points to static data.
//! * Every pointer argument is checked for NULL; every entry point catches panics through
//!   one guard (`guard`); no state is shared between threads (the evaluation scratch area
//!   is per thread, `workspace.rs`), so every function is thread-safe.
//!
//! Features: `std` (default) catches panics (`POH_STATUS_PANIC`) and keeps the per-thread
//! workspace. Without it the crate is `no_std` and needs no allocator, for Cortex-M and
//! other bare-metal targets (`cargo build -p poh-ffi --no-default-features --target
//! thumbv6m-none-eabi --profile embedded` gives `libpoh.a`): panics abort through the
//! firmware's `poh_panic_handler` (`panic_hook.rs`, docs/EMBEDDING.md) and the functions
//! that would use the workspace evaluate into a fresh assessment on the stack instead.
//! `labels`, `provenance` and `speed-tables` (default) are the core's features of the same
//! names; without `provenance` the citation texts, their verification notes and the
//! disease summaries are empty strings.
#![cfg_attr(not(feature = "std"), no_std)]
#![allow(non_camel_case_types)] // the C names: poh_status, poh_findings, ...

mod assessment;
mod buffer;
mod counseling;
mod cstr;
mod detail;
#[cfg(feature = "fhir")]
pub mod fhir;
mod findings;
mod info;
mod json;
mod names;
#[cfg(all(not(feature = "std"), not(test)))]
mod panic_hook;
mod phenopacket;
mod questionnaire;
mod result;
mod slot;
mod status;
mod terms;
mod version;
mod workspace;
mod writer;

use core::ffi::c_char;
#[cfg(feature = "std")]
use std::panic::{catch_unwind, AssertUnwindSafe};

pub use assessment::*;
pub use counseling::*;
pub use detail::*;
pub use findings::*;
pub use info::*;
pub use json::*;
pub use names::*;
pub use phenopacket::*;
pub use questionnaire::*;
pub use result::*;
pub use status::*;
pub use terms::*;
pub use version::*;
pub use writer::poh_write_fn;

/// The one panic guard: runs `f`, turns `Err` into its status and a panic into
/// `POH_STATUS_PANIC`. No panic ever unwinds into C.
#[cfg(feature = "std")]
pub(crate) fn guard(f: impl FnOnce() -> Result<(), poh_status>) -> poh_status {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => poh_status::Ok,
        Ok(Err(s)) => s,
        Err(_) => poh_status::Panic,
    }
}

/// Without `std` there is no unwinding to catch: the image is built with `panic = "abort"`
/// and a panic (a bug) ends in the firmware's `poh_panic_handler`, never in C's frames.
#[cfg(not(feature = "std"))]
pub(crate) fn guard(f: impl FnOnce() -> Result<(), poh_status>) -> poh_status {
    match f() {
        Ok(()) => poh_status::Ok,
        Err(s) => s,
    }
}

/// The guard for functions returning a static string: a panic gives `""`, never NULL.
#[cfg(feature = "std")]
pub(crate) fn guard_ptr(f: impl FnOnce() -> *const c_char) -> *const c_char {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(c"".as_ptr())
}

/// As `guard`: without `std` a panic aborts.
#[cfg(not(feature = "std"))]
pub(crate) fn guard_ptr(f: impl FnOnce() -> *const c_char) -> *const c_char {
    f()
}

/// `Err(POH_STATUS_NULL_ARGUMENT)` if `p` is NULL.
pub(crate) fn non_null<T>(p: *const T) -> Result<(), poh_status> {
    if p.is_null() {
        Err(poh_status::NullArgument)
    } else {
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::panic)]
    fn guard_turns_a_panic_into_a_status() {
        assert_eq!(guard(|| panic!("boom")), poh_status::Panic);
        assert_eq!(guard(|| Ok(())), poh_status::Ok);
        assert_eq!(guard(|| Err(poh_status::TooDeep)), poh_status::TooDeep);
        let p = guard_ptr(|| panic!("boom"));
        assert!(!p.is_null());
    }
}
