//! The C JSON entry points (crate `poh-ffi`, called through its `extern "C"` functions
//! exactly as C calls them) with random output buffer sizes.
//!
//! Bytes 0: which entry point (mostly `poh_evaluate_json`; also the phenopacket,
//! counseling and questionnaire JSON entry points, which share the buffer convention), and
//! whether `out_len` is NULL; bytes 1-2: the capacity `out_cap` (u16, LE; 0 passes
//! `out = NULL`, the documented size query). The rest is the input.
//!
//! Invariants: no panic and never `POH_STATUS_PANIC`; nothing is written past `out_cap`
//! (guard bytes after the buffer); on success the text fits with its NUL, is valid JSON,
//! and equals the core's own output byte for byte; on `BUFFER_TOO_SMALL` the buffer holds
//! only NULs (an empty string), the reported size exceeds `out_cap`, and a buffer of exactly that size
//! succeeds; on any other error the buffer and `*out_len` are untouched and the status is
//! the core's error code for the same input (nonzero); a NULL `out_len` is
//! `NULL_ARGUMENT` with the buffer untouched.
#![no_main]

mod common;

use core::ffi::c_char;

use libfuzzer_sys::fuzz_target;
use poh::poh_status;
use poh_core::Error;

type Entry =
    unsafe extern "C" fn(*const c_char, usize, *mut c_char, usize, *mut usize) -> poh_status;
type Core = fn(&[u8], &mut [u8]) -> Result<usize, (Error, usize)>;

const CANARY: u8 = 0xA5;
const GUARD: usize = 64;
const UNTOUCHED: usize = 0xDEAD_BEEF;

fn entry(sel: u8) -> (&'static str, Entry, Core) {
    match sel % 8 {
        5 => (
            "poh_evaluate_phenopacket_json",
            poh::poh_evaluate_phenopacket_json,
            poh_core::phenopacket::evaluate_phenopacket_json_len,
        ),
        6 => (
            "poh_counsel_json",
            poh::poh_counsel_json,
            poh_core::counseling::counsel_json_len,
        ),
        7 => (
            "poh_questionnaire_step_json",
            poh::poh_questionnaire_step_json,
            poh_core::questionnaire::step_json_len,
        ),
        _ => (
            "poh_evaluate_json",
            poh::poh_evaluate_json,
            poh_core::json::evaluate_json_len,
        ),
    }
}

/// Call `f` with a buffer of `cap` bytes followed by guard bytes. Returns the status,
/// `*out_len` and the buffer (without the guard).
fn call(f: Entry, input: &[u8], cap: usize, null_len: bool) -> (poh_status, usize, Vec<u8>) {
    let mut buf = vec![CANARY; cap + GUARD];
    let mut out_len = UNTOUCHED;
    let out = if cap == 0 {
        core::ptr::null_mut()
    } else {
        buf.as_mut_ptr().cast::<c_char>()
    };
    let len_ptr = if null_len {
        core::ptr::null_mut()
    } else {
        &mut out_len as *mut usize
    };
    // SAFETY: input is input.len() readable bytes; out is NULL with cap 0 or cap writable
    // bytes (the guard after them is ours); len_ptr is NULL or a live usize.
    let st = unsafe {
        f(
            input.as_ptr().cast::<c_char>(),
            input.len(),
            out,
            cap,
            len_ptr,
        )
    };
    assert!(
        buf[cap..].iter().all(|&b| b == CANARY),
        "wrote past out_cap = {cap}"
    );
    buf.truncate(cap);
    (st, out_len, buf)
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let (head, input) = data.split_at(3);
    let (name, f, core_fn) = entry(head[0]);
    let cap = usize::from(u16::from_le_bytes([head[1], head[2]]));
    let show = || format!("{name}, out_cap {cap}, input {:?}", common::show(input));

    if head[0] & 0x80 != 0 {
        let (st, _, buf) = call(f, input, cap, true);
        assert_eq!(st, poh_status::NullArgument, "NULL out_len: {}", show());
        assert!(
            buf.iter().all(|&b| b == CANARY),
            "NULL out_len, yet the buffer was written: {}",
            show()
        );
        return;
    }

    // What the core says for the same input (the C text is the core's plus a NUL).
    let mut core_out = vec![0u8; common::OUT_CAP];
    let expected: Result<Vec<u8>, Error> = match core_fn(input, &mut core_out) {
        Ok(n) => Ok(core_out[..n].to_vec()),
        Err((Error::BufferTooSmall, needed)) => {
            let mut big = vec![0u8; needed];
            core_fn(input, &mut big).map(|_| big).map_err(|(e, _)| e)
        }
        Err((e, _)) => Err(e),
    };

    let (st, out_len, buf) = call(f, input, cap, false);
    assert_ne!(st, poh_status::Panic, "POH_STATUS_PANIC: {}", show());
    let code = st as u32;
    match (&expected, st) {
        (Ok(doc), poh_status::Ok) => {
            assert_eq!(out_len, doc.len(), "out_len: {}", show());
            assert!(
                out_len < cap,
                "success without room for the NUL: {}",
                show()
            );
            assert_eq!(
                &buf[..out_len],
                &doc[..],
                "C text differs from the core's: {}",
                show()
            );
            assert_eq!(buf[out_len], 0, "no NUL after the text: {}", show());
            assert!(
                buf[out_len + 1..].iter().all(|&b| b == CANARY),
                "wrote past the NUL: {}",
                show()
            );
            common::check_json(&buf[..out_len], input);
        }
        (Ok(doc), poh_status::BufferTooSmall) => {
            // The contract (include/poh.h): on BUFFER_TOO_SMALL all out_cap bytes are NUL,
            // an empty string and never a truncated document; nothing past them (checked
            // by `call`).
            assert!(
                buf.iter().all(|&b| b == 0),
                "BUFFER_TOO_SMALL, yet the buffer holds more than NULs: {}",
                show()
            );
            assert_eq!(
                out_len,
                doc.len() + 1,
                "reported size is not length + NUL: {}",
                show()
            );
            assert!(
                out_len > cap,
                "BUFFER_TOO_SMALL although {out_len} <= {cap}: {}",
                show()
            );
            // The reported size works.
            let (st2, len2, buf2) = call(f, input, out_len, false);
            assert_eq!(
                st2,
                poh_status::Ok,
                "retry at the reported size: {}",
                show()
            );
            assert_eq!(len2, doc.len());
            assert_eq!(&buf2[..len2], &doc[..]);
            assert_eq!(buf2[len2], 0);
        }
        (Err(e), _) => {
            assert_ne!(
                code,
                0,
                "the core refused ({e:?}) but C said OK: {}",
                show()
            );
            assert_eq!(
                code,
                u32::from(e.code()),
                "C status {code} vs core {e:?}: {}",
                show()
            );
            assert_eq!(
                out_len,
                UNTOUCHED,
                "out_len written on error {code}: {}",
                show()
            );
            assert!(
                buf.iter().all(|&b| b == CANARY),
                "buffer written on error {code}: {}",
                show()
            );
        }
        (Ok(_), other) => panic!(
            "the core accepted, C returned {other:?} ({code}): {}",
            show()
        ),
    }
});
