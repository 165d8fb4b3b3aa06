//! Invariants shared by the fuzz targets. Every check panics with the offending bytes in
//! the message, so a libFuzzer crash report says what broke.
#![allow(dead_code)] // each target uses a subset

use poh_core::Error;
use serde_json::Value;

/// Large enough for every document the core writes (assessments are a few KiB); a result
/// that needs more is retried at the size the core reports, which checks that size too.
pub const OUT_CAP: usize = 1 << 16;

/// An error has a nonzero code that maps back to the same error, and a kind.
pub fn check_error(e: Error, input: &[u8]) {
    assert_ne!(
        e.code(),
        0,
        "error {e:?} has code 0 for input {:?}",
        show(input)
    );
    assert_eq!(
        Error::from_code(e.code()),
        Some(e),
        "code {} does not map back",
        e.code()
    );
    assert!(
        !e.kind().is_empty() && !e.message().is_empty(),
        "{e:?} without kind or message"
    );
    assert_ne!(
        e,
        Error::Internal,
        "Error::Internal (a bug by definition) for input {:?}",
        show(input)
    );
}

/// A successful output is UTF-8 JSON text holding one object, and it decodes back:
/// serialising the decoded value and decoding that gives the same value.
pub fn check_json(out: &[u8], input: &[u8]) -> Value {
    let text = std::str::from_utf8(out)
        .unwrap_or_else(|e| panic!("output is not UTF-8 ({e}) for input {:?}", show(input)));
    let v: Value = serde_json::from_str(text).unwrap_or_else(|e| {
        panic!(
            "output is not JSON ({e}) for input {:?}:\n{text}",
            show(input)
        )
    });
    assert!(v.is_object(), "output is not a JSON object: {text}");
    let again = serde_json::to_vec(&v).unwrap_or_else(|e| panic!("re-encode failed: {e}"));
    let back: Value =
        serde_json::from_slice(&again).unwrap_or_else(|e| panic!("re-decode failed: {e}"));
    assert_eq!(v, back, "output does not decode back to itself");
    v
}

thread_local! {
    /// Scratch output buffers, reused across executions (allocation is not under test).
    static BUFS: core::cell::RefCell<(Vec<u8>, Vec<u8>)> =
        core::cell::RefCell::new((vec![0u8; OUT_CAP], vec![0u8; OUT_CAP]));
}

/// A `*_json_len` function of the core and its plain twin: `Ok(document)` or the error,
/// with the buffer contract checked.
///
/// Checked: on success `n <= out.len()`; on `BufferTooSmall` the size reported is larger
/// than the buffer and a buffer of exactly that size succeeds with that length; the plain
/// twin `f_plain`, given a buffer of exactly the document's size, writes the same bytes
/// (so a second evaluation is deterministic) and fails with the same error; a buffer one
/// byte short and an empty buffer both give `BufferTooSmall` with the exact size.
pub fn run_len(
    f: impl Fn(&[u8], &mut [u8]) -> Result<usize, (Error, usize)>,
    f_plain: impl Fn(&[u8], &mut [u8]) -> Result<usize, Error>,
    input: &[u8],
) -> Result<Vec<u8>, Error> {
    BUFS.with_borrow_mut(|(out, out2)| {
        let doc = match f(input, out) {
            Ok(n) => {
                assert!(n <= out.len(), "length {n} beyond the buffer {}", out.len());
                out[..n].to_vec()
            }
            Err((Error::BufferTooSmall, needed)) => {
                assert!(
                    needed > OUT_CAP,
                    "BufferTooSmall reports {needed} for a {OUT_CAP}-byte buffer"
                );
                let mut big = vec![0u8; needed];
                let n = f(input, &mut big).unwrap_or_else(|e| {
                    panic!("retry at the reported size {needed} failed: {e:?}")
                });
                assert_eq!(n, needed, "retry at the reported size wrote {n}");
                big
            }
            Err((e, _)) => {
                check_error(e, input);
                assert_eq!(
                    f_plain(input, out2),
                    Err(e),
                    "plain and _len variants disagree"
                );
                return Err(e);
            }
        };
        let n = doc.len();
        let mut exact = vec![0u8; n];
        let m = f_plain(input, &mut exact)
            .unwrap_or_else(|e| panic!("plain variant failed ({e:?}) at the exact size {n}"));
        assert_eq!(m, n, "plain variant wrote {m} of {n} bytes");
        assert_eq!(
            exact, doc,
            "a second evaluation (plain variant) wrote different bytes"
        );
        if n > 0 {
            let short = out2
                .get_mut(..n - 1)
                .unwrap_or_else(|| panic!("document of {n} bytes"));
            assert_eq!(
                f(input, short),
                Err((Error::BufferTooSmall, n)),
                "one byte short"
            );
            assert_eq!(
                f(input, &mut []),
                Err((Error::BufferTooSmall, n)),
                "size query, empty buffer"
            );
        }
        Ok(doc)
    })
}

/// A plain evaluation (no contract checks): the document or the error.
pub fn run_once(
    f: impl Fn(&[u8], &mut [u8]) -> Result<usize, (Error, usize)>,
    input: &[u8],
) -> Result<Vec<u8>, Error> {
    BUFS.with_borrow_mut(|(out, _)| match f(input, out) {
        Ok(n) => Ok(out[..n].to_vec()),
        Err((Error::BufferTooSmall, needed)) => {
            let mut big = vec![0u8; needed];
            f(input, &mut big).map(|_| big).map_err(|(e, _)| e)
        }
        Err((e, _)) => Err(e),
    })
}

/// Input bytes for a message: text if it is UTF-8, else lossy, at most 2 KiB.
pub fn show(input: &[u8]) -> String {
    let s = String::from_utf8_lossy(input);
    s.chars().take(2048).collect()
}

/// The detail of a rejected input (`poh_core::detail`): the walk behind it never panics,
/// keeps the error, and a location it names lies inside the input.
pub fn check_detail(d: &poh_core::Detail, e: Error, input: &[u8]) {
    assert_eq!(d.error(), e, "the detail changed the error: {:?}", show(input));
    if let Some(o) = d.offset() {
        assert!(o <= input.len(), "offset {o} past the input: {:?}", show(input));
    }
    let _ = d.to_string();
}
