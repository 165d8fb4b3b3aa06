//! `poh_result`: the core's own assessment, kept whole in caller-allocated storage and read
//! through accessors (`poh_result_summary`, `poh_result_ranked`, ...). The fast struct
//! path: `poh_evaluate_into` evaluates straight into it, with no second representation
//! written (the plain `poh_assessment` of `poh_evaluate` is 2.7 KiB of entries written on
//! every call, read or not; BENCHMARKS.md compares the two paths with the Rust core). An
//! accessor computes one entry, of the same C types as the plain struct's, when it is
//! asked for; `poh_result_to_json` renders the held assessment without evaluating again.
//!
//! The storage is opaque to C (`POH_RESULT_WORDS` 64-bit words, on the stack is fine,
//! nothing to free). Its first word says what the rest holds:
//!
//! * `RESULT`: a core `Assessment` from a successful `poh_evaluate_into`: readable;
//! * `EMPTY`: a valid core `Assessment` that is not a result (the last evaluation failed):
//!   accessors say `POH_STATUS_NOT_EVALUATED`;
//! * anything else (zeroed storage, `poh_result r = {0}`, never written, or cut short by a
//!   panic): nothing; accessors say `POH_STATUS_NOT_EVALUATED`, and the next evaluation
//!   writes a fresh `Assessment` there first.
//!
//! No Rust reference to the `Assessment` is formed before the tag says one is there, so
//! garbage storage is never read as a Rust value. A failed evaluation empties the result:
//! an old patient's result is never left readable after a new patient's evaluation failed.

use core::ffi::c_char;
use core::mem::{align_of, size_of};

use poh_core::{Assessment, Error};

use crate::assessment::{
    count, entry, poh_criterion, poh_explanation, poh_flag, poh_next_step, poh_overall, poh_ranked,
    poh_supporting, poh_unrecognized,
};
use crate::buffer::check_out;
use crate::counseling::poh_counsel_answer;
use crate::findings::poh_findings;
use crate::info::poh_note_info;
use crate::json::emit_assessment;
use crate::slot::out_slot;
use crate::{guard, non_null, poh_status};

/// Size of a `poh_result` in 64-bit words (8 KiB; the core's assessment needs 6.8 KiB on
/// 64-bit targets with 64 recognized phenotype entries, checked at compile time, so it may
/// grow a little within this ABI).
pub const POH_RESULT_WORDS: usize = 1024;

/// Caller-allocated storage for one assessment, read through the `poh_result_*` accessors.
/// Opaque: do not read or write its words. Zero it before first use (`poh_result r =
/// {0};`): zeroed storage, and any storage not evaluated into, is "not evaluated". It may
/// be copied with `memcpy`; it holds no pointer into itself and nothing to free.
#[repr(C)]
pub struct poh_result {
    /// Opaque.
    pub words: [u64; POH_RESULT_WORDS],
}

/// What the storage holds: a tag word, then the core's assessment.
#[repr(C)]
struct Held {
    tag: u64,
    assessment: Assessment,
}

const _: () = assert!(size_of::<Held>() <= size_of::<poh_result>());
const _: () = assert!(align_of::<Held>() <= align_of::<poh_result>());

/// The tag of a result (ASCII "pohRSLT1").
const RESULT: u64 = 0x706f_6852_534c_5431;
/// The tag of a valid assessment that is not a result (ASCII "pohEMPT1").
const EMPTY: u64 = 0x706f_6845_4d50_5431;

/// The held parts of the storage at `r` (pointers only; nothing is read).
fn parts(r: *mut poh_result) -> (*mut u64, *mut Assessment) {
    let held = r.cast::<Held>();
    // The places of two fields of the storage (no reference formed, nothing read).
    (
        // SAFETY: `held` points to storage of at least size_of::<Held>() bytes (the
        // caller's contract, checked sizes above); addr_of_mut! reads nothing.
        unsafe { core::ptr::addr_of_mut!((*held).tag) },
        // SAFETY: as above.
        unsafe { core::ptr::addr_of_mut!((*held).assessment) },
    )
}

/// `NULL_ARGUMENT` for NULL, `OUT_OF_RANGE` for storage not aligned for a `poh_result`.
pub(crate) fn check_ptr(r: *const poh_result) -> Result<(), poh_status> {
    non_null(r)?;
    if !r.is_aligned() {
        return Err(poh_status::OutOfRange);
    }
    Ok(())
}

/// The result held at `r`, or `NOT_EVALUATED`.
///
/// # Safety
/// `r` must point to a readable `poh_result` that nothing writes while the borrow lives.
unsafe fn held<'a>(r: *const poh_result) -> Result<&'a Assessment, poh_status> {
    check_ptr(r)?;
    let (tag, assessment) = parts(r.cast_mut());
    // SAFETY: aligned, readable (the caller's contract); any bits are a valid u64.
    if unsafe { tag.read() } != RESULT {
        return Err(poh_status::NotEvaluated);
    }
    // SAFETY: the RESULT tag is written only after a successful evaluation left a valid
    // Assessment there (poh_evaluate_into), and the storage is not written while borrowed.
    Ok(unsafe { &*assessment })
}

/// Evaluate `*findings` into `*result`: the same checks and the same assessment as
/// `poh_evaluate`, kept whole in `*result` and read through the `poh_result_*` accessors
/// (nothing is written but what the evaluation computes). `*result` may be zeroed
/// (`poh_result r = {0};`, the recommended start), hold any initialised bytes, or hold an
/// earlier result (it is reused in place). Do not pass uninitialised memory: its tag word
/// would be read before anything is written.
///
/// On any error `*result` is emptied: its accessors say `POH_STATUS_NOT_EVALUATED`, so an
/// earlier patient's result is never left readable. Errors: those of `poh_evaluate`, and
/// `OUT_OF_RANGE` for `result` not aligned as a `poh_result` (only possible through a
/// cast; a declared `poh_result` always is).
///
/// # Safety
/// `findings` must point to a valid `poh_findings`; `result` to initialised, writable
/// storage for one `poh_result` that no other thread uses during the call. They may not
/// overlap.
#[no_mangle]
pub unsafe extern "C" fn poh_evaluate_into(
    findings: *const poh_findings,
    result: *mut poh_result,
) -> poh_status {
    guard(|| {
        non_null(findings)?;
        // SAFETY: non-NULL and valid per the caller's contract; integers only.
        let input = unsafe { &*findings };
        // SAFETY: the caller's contract.
        unsafe { evaluate_in(result, |a| input.evaluate(a)) }
    })
}

/// Run `evaluate` on the assessment held in `*result` and tag it: `RESULT` on success,
/// `EMPTY` on any error. The body of `poh_evaluate_into`, `poh_evaluate_json_into` and
/// the questionnaire's `poh_session_*` functions (their `work` storage).
///
/// # Safety
/// `result` points to initialised, writable storage for one `poh_result` that nothing
/// else uses during the call and that `evaluate`'s captures do not overlap.
pub(crate) unsafe fn evaluate_in<T>(
    result: *mut poh_result,
    evaluate: impl FnOnce(&mut Assessment) -> Result<T, Error>,
) -> Result<T, poh_status> {
    // SAFETY: the caller's contract.
    let (tag, a) = unsafe { begin_evaluation(result) }?;
    let outcome = evaluate(a);
    // SAFETY: as above (the borrow of the assessment ended with `evaluate`).
    unsafe { tag.write(if outcome.is_ok() { RESULT } else { EMPTY }) };
    Ok(outcome?)
}

/// The part of `evaluate_in` that does not depend on the evaluation (one copy in the
/// image, not one per caller): untag the storage and give its assessment, made valid on
/// first use.
///
/// # Safety
/// As `evaluate_in`; the assessment is borrowed until the tag is written again.
#[inline(never)]
unsafe fn begin_evaluation<'a>(
    result: *mut poh_result,
) -> Result<(*mut u64, &'a mut Assessment), poh_status> {
    check_ptr(result)?;
    let (tag, assessment) = parts(result);
    // SAFETY: aligned and writable (the caller's contract); any bits are a valid u64.
    let was = unsafe { tag.read() };
    // Not a result while it is computed: a panic from here on leaves "nothing held".
    // SAFETY: as above.
    unsafe { tag.write(0) };
    if was != RESULT && was != EMPTY {
        // First use of this storage: a valid assessment to evaluate into.
        // SAFETY: aligned and writable for an Assessment (sizes checked above), not
        // referenced elsewhere.
        unsafe { write_empty(assessment) };
    }
    // SAFETY: a valid Assessment is there (tag was RESULT or EMPTY, or just written),
    // the storage is ours for the call (the caller's contract) and does not overlap
    // what the evaluation reads.
    Ok((tag, unsafe { &mut *assessment }))
}

/// Write the empty assessment (`Assessment::new()`, what `Assessment::reset` gives) at `p`
/// field by field, element by element. `p.write(Assessment::new())` builds it on the
/// stack first, and `new` builds its arrays there too: about 12 KiB of stack on a
/// Cortex-M0, whose board has 16 KiB of RAM in all. Every field is named (the pattern in
/// `_every_field` fails to compile when the core adds one), and the test
/// `the_empty_assessment_is_written_in_place` compares the result with `Assessment::new()`.
///
/// # Safety
/// `p` is aligned and writable for one `Assessment` and nothing else refers to it; what
/// is there is not read.
unsafe fn write_empty(p: *mut Assessment) {
    use core::ptr::addr_of_mut;
    /// Every element of the array at `a` set to `v`, one at a time.
    ///
    /// # Safety
    /// `a` aligned and writable for `[T; N]`.
    unsafe fn fill<T: Copy, const N: usize>(a: *mut [T; N], v: T) {
        for i in 0..N {
            // SAFETY: i < N, inside the array (the caller's contract).
            unsafe { a.cast::<T>().add(i).write(v) };
        }
    }
    /// As `fill`, for an array of arrays.
    ///
    /// # Safety
    /// `a` aligned and writable for `[[T; C]; R]`.
    unsafe fn fill_rows<T: Copy, const C: usize, const R: usize>(a: *mut [[T; C]; R], v: T) {
        for r in 0..R {
            // SAFETY: r < R, inside the array (the caller's contract).
            unsafe { fill(a.cast::<[T; C]>().add(r), v) };
        }
    }
    #[allow(dead_code)] // never called: the compiler checks that every field is named
    fn _every_field(a: &Assessment) {
        let Assessment {
            resolved: _,
            unrecognized: _,
            alt_ids_mapped: _,
            age_months: _,
            aho_list: _,
            groups: _,
            criteria: _,
            verdict: _,
            provisional: _,
            supporting: _,
            contributions: _,
            rules_fired: _,
            differential: _,
            next_steps: _,
            flag: _,
            poh_notes: _,
            counseling: _,
        } = a;
    }
    // SAFETY: every place below is a field of the Assessment at `p` (aligned, writable:
    // the caller's contract); addr_of_mut! reads nothing, and each write is of the field's
    // type.
    unsafe {
        addr_of_mut!((*p).resolved).write(heapless::Vec::new());
        addr_of_mut!((*p).unrecognized).write(Default::default());
        addr_of_mut!((*p).alt_ids_mapped).write(0);
        addr_of_mut!((*p).age_months).write(None);
        addr_of_mut!((*p).aho_list).write(0);
        fill(addr_of_mut!((*p).groups), Default::default());
        fill(addr_of_mut!((*p).criteria), Default::default());
        addr_of_mut!((*p).verdict).write(poh_core::Overall::Indeterminate);
        addr_of_mut!((*p).provisional).write(false);
        fill(addr_of_mut!((*p).supporting), Default::default());
        fill_rows(addr_of_mut!((*p).contributions), Default::default());
        fill(addr_of_mut!((*p).rules_fired), false);
        fill(addr_of_mut!((*p).differential), Default::default());
        addr_of_mut!((*p).next_steps).write(heapless::Vec::new());
        addr_of_mut!((*p).flag).write(poh_core::Flag::None);
        addr_of_mut!((*p).poh_notes).write(false);
        addr_of_mut!((*p).counseling).write(None);
    }
}

/// Evaluate a findings JSON document (the schema of `poh_evaluate_json`) into `*result`:
/// the assessment `poh_evaluate_json` renders, kept in the caller's storage (no scratch
/// area, no output buffer), then read through the accessors or rendered with
/// `poh_result_to_json` / `poh_result_write_json`. The findings are read into a core
/// value on the stack (about 2.4 KiB on 32-bit targets). `*result` as in
/// `poh_evaluate_into`, emptied on any error. Errors: the input errors of
/// `poh_evaluate_json`, `NULL_ARGUMENT`,
/// `OUT_OF_RANGE` (misaligned `result`).
///
/// # Safety
/// `input` must point to `input_len` readable bytes; `result` as in `poh_evaluate_into`
/// (not overlapping `input`).
#[no_mangle]
pub unsafe extern "C" fn poh_evaluate_json_into(
    input: *const c_char,
    input_len: usize,
    result: *mut poh_result,
) -> poh_status {
    guard(|| {
        // SAFETY: per the caller's contract.
        let bytes = unsafe { crate::json::input_bytes(input, input_len) }?;
        // SAFETY: the caller's contract.
        unsafe {
            evaluate_in(result, |a| {
                let mut f = poh_core::Findings::new();
                poh_core::json::parse_findings(bytes, &mut f)?;
                poh_core::evaluate(&f, a)
            })
        }
    })
}

/// The scalar parts of a result and the number of entries of each list.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_summary {
    /// Overall POH verdict.
    pub verdict: poh_overall,
    /// The verdict may change with age.
    pub provisional: bool,
    /// Rank of POH in the differential (1 = first).
    pub poh_rank: u32,
    /// Major criteria (`poh_result_criterion`).
    pub criterion_count: u32,
    /// Supporting findings (`poh_result_supporting`).
    pub supporting_count: u32,
    /// Diseases of the differential, all ranked (`poh_result_ranked`).
    pub differential_count: u32,
    /// Explanation items (`poh_result_explanation`).
    pub explanation_count: u32,
    /// Next steps (`poh_result_next_step`).
    pub next_step_count: u32,
    /// Management and prognosis notes in `notes` (0, or every note of the knowledge base).
    pub note_count: u32,
    /// The notes when they apply (POH met, indeterminate or leading): a static array of
    /// `note_count` records; NULL when `note_count` is 0.
    pub notes: *const poh_note_info,
    /// Well-formed ids the knowledge base does not know (`poh_result_unrecognized`).
    pub unrecognized_count: u32,
    /// Entries given as an alt_id (mapped to their primary term).
    pub alt_ids_mapped: u32,
    /// The knowledge-base version (as `poh_kb_version()`).
    pub kb_version: *const c_char,
    /// Counseling was asked for (`findings.options.counseling`): `poh_result_counseling`.
    pub has_counseling: bool,
    /// The alert flag.
    pub flag: poh_flag,
}

/// The summary of `*result`. Errors: `NOT_EVALUATED`, `NULL_ARGUMENT`, `OUT_OF_RANGE`
/// (misaligned `result`).
///
/// # Safety
/// `result` must point to a `poh_result` (see `poh_evaluate_into`) not written during the
/// call; `out` to writable memory for one `poh_summary`.
#[no_mangle]
pub unsafe extern "C" fn poh_result_summary(
    result: *const poh_result,
    out: *mut poh_summary,
) -> poh_status {
    guard(|| {
        non_null(out)?;
        // SAFETY: the caller's contract.
        let a = unsafe { held(result) }?;
        let (notes, note_count) = entry::notes(a);
        let summary = poh_summary {
            verdict: entry::overall(a.verdict),
            provisional: a.provisional,
            poh_rank: entry::poh_rank(a),
            criterion_count: count(a.criteria.len()),
            supporting_count: count(a.supporting.len()),
            differential_count: count(a.differential.len()),
            explanation_count: count(entry::explanation_count(a)),
            next_step_count: count(a.next_steps.len()),
            note_count,
            notes,
            unrecognized_count: count(a.unrecognized.listed.len()),
            alt_ids_mapped: u32::from(a.alt_ids_mapped),
            kb_version: crate::poh_kb_version(),
            has_counseling: a.counseling.is_some(),
            flag: entry::flag(a.flag),
        };
        // SAFETY: non-NULL, writable for one poh_summary (the caller's contract).
        unsafe { out_slot(out) }.write(summary);
        Ok(())
    })
}

/// The body of every entry accessor: entry `index` of `*result` by `get`, into `*out`;
/// `OUT_OF_RANGE` past the entries in use.
///
/// # Safety
/// As the accessors.
unsafe fn entry_into<T>(
    result: *const poh_result,
    index: usize,
    out: *mut T,
    get: impl FnOnce(&Assessment, usize) -> Result<Option<T>, Error>,
) -> poh_status {
    guard(|| {
        non_null(out)?;
        // SAFETY: the caller's contract.
        let a = unsafe { held(result) }?;
        let e = get(a, index)?.ok_or(poh_status::OutOfRange)?;
        // SAFETY: non-NULL, writable for one T (the caller's contract).
        unsafe { out_slot(out) }.write(e);
        Ok(())
    })
}

/// Major criterion `index` (published order; `criterion_count` of them) into `*out`.
/// Errors: `OUT_OF_RANGE` (index past the count, or misaligned `result`),
/// `NOT_EVALUATED`, `NULL_ARGUMENT`.
///
/// # Safety
/// As `poh_result_summary`, with `out` writable for one `poh_criterion`.
#[no_mangle]
pub unsafe extern "C" fn poh_result_criterion(
    result: *const poh_result,
    index: usize,
    out: *mut poh_criterion,
) -> poh_status {
    // SAFETY: the caller's contract.
    unsafe { entry_into(result, index, out, |a, i| Ok(entry::criterion(a, i))) }
}

/// Supporting finding `index` (`supporting_count` of them) into `*out`. Errors as
/// `poh_result_criterion`.
///
/// # Safety
/// As `poh_result_summary`, with `out` writable for one `poh_supporting`.
#[no_mangle]
pub unsafe extern "C" fn poh_result_supporting(
    result: *const poh_result,
    index: usize,
    out: *mut poh_supporting,
) -> poh_status {
    // SAFETY: the caller's contract.
    unsafe { entry_into(result, index, out, |a, i| Ok(entry::supporting(a, i))) }
}

/// The differential's entry at `rank` (0 = first; `differential_count` of them) into
/// `*out`. Errors as `poh_result_criterion`.
///
/// # Safety
/// As `poh_result_summary`, with `out` writable for one `poh_ranked`.
#[no_mangle]
pub unsafe extern "C" fn poh_result_ranked(
    result: *const poh_result,
    rank: usize,
    out: *mut poh_ranked,
) -> poh_status {
    // SAFETY: the caller's contract.
    unsafe { entry_into(result, rank, out, entry::ranked) }
}

/// Explanation item `index` (`explanation_count` of them, criterion by criterion) into
/// `*out`. Errors as `poh_result_criterion`.
///
/// # Safety
/// As `poh_result_summary`, with `out` writable for one `poh_explanation`.
#[no_mangle]
pub unsafe extern "C" fn poh_result_explanation(
    result: *const poh_result,
    index: usize,
    out: *mut poh_explanation,
) -> poh_status {
    // SAFETY: the caller's contract.
    unsafe { entry_into(result, index, out, entry::explanation_at) }
}

/// Next step `index` (most decisive first; `next_step_count` of them) into `*out`.
/// Errors as `poh_result_criterion`.
///
/// # Safety
/// As `poh_result_summary`, with `out` writable for one `poh_next_step`.
#[no_mangle]
pub unsafe extern "C" fn poh_result_next_step(
    result: *const poh_result,
    index: usize,
    out: *mut poh_next_step,
) -> poh_status {
    // SAFETY: the caller's contract.
    unsafe { entry_into(result, index, out, entry::next_step) }
}

/// Unrecognized id `index` (`unrecognized_count` of them) into `*out`. Errors as
/// `poh_result_criterion`.
///
/// # Safety
/// As `poh_result_summary`, with `out` writable for one `poh_unrecognized`.
#[no_mangle]
pub unsafe extern "C" fn poh_result_unrecognized(
    result: *const poh_result,
    index: usize,
    out: *mut poh_unrecognized,
) -> poh_status {
    // SAFETY: the caller's contract.
    unsafe { entry_into(result, index, out, |a, i| Ok(entry::unrecognized(a, i))) }
}

/// The inheritance counseling of `*result` into `*out`: the answer when it was asked for
/// (`has_counseling`), else the empty answer (nothing known, no statement), as in
/// `poh_assessment.counseling`. Errors: `NOT_EVALUATED`, `NULL_ARGUMENT`, `OUT_OF_RANGE`
/// (misaligned `result`).
///
/// # Safety
/// As `poh_result_summary`, with `out` writable for one `poh_counsel_answer`.
#[no_mangle]
pub unsafe extern "C" fn poh_result_counseling(
    result: *const poh_result,
    out: *mut poh_counsel_answer,
) -> poh_status {
    guard(|| {
        non_null(out)?;
        // SAFETY: the caller's contract.
        let a = unsafe { held(result) }?;
        // SAFETY: non-NULL, writable for one poh_counsel_answer (the caller's contract).
        poh_counsel_answer::write_opt(unsafe { out_slot(out) }, a.counseling.as_ref());
        Ok(())
    })
}

/// The assessment JSON of `*result` (the same bytes as `poh_evaluate_json` of the same
/// findings), rendered from the held assessment without evaluating again, into `out` by
/// the text-buffer convention (`POH_STATUS_BUFFER_TOO_SMALL` and a size query as in
/// `poh_evaluate_json`). Errors: `NOT_EVALUATED`, `BUFFER_TOO_SMALL`, `NULL_ARGUMENT`,
/// `OUT_OF_RANGE` (misaligned `result`).
///
/// # Safety
/// As `poh_result_summary`; `out` must point to `out_cap` writable bytes (not overlapping
/// `*result`), `out_len` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn poh_result_to_json(
    result: *const poh_result,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> poh_status {
    guard(|| {
        check_out(out, out_cap, out_len)?;
        // SAFETY: the caller's contract.
        let a = unsafe { held(result) }?;
        // SAFETY: check_out passed; per the caller's contract.
        unsafe { emit_assessment(a, out, out_cap, out_len) }
    })
}

/// The assessment JSON of `*result` (the bytes of `poh_result_to_json`), streamed to
/// `write` in pieces, with no buffer: for devices with less RAM than the document (a
/// kiosk on a Cortex-M0 writes it straight to its UART). No NUL is written. Errors:
/// `NOT_EVALUATED`, `NULL_ARGUMENT` (`write` NULL), `OUT_OF_RANGE` (misaligned `result`).
///
/// # Safety
/// As `poh_result_summary`; `write` must be callable with `context` (see `poh_write_fn`).
#[no_mangle]
pub unsafe extern "C" fn poh_result_write_json(
    result: *const poh_result,
    write: crate::poh_write_fn,
    context: *mut core::ffi::c_void,
) -> poh_status {
    guard(|| {
        let write = write.ok_or(poh_status::NullArgument)?;
        // SAFETY: the caller's contract.
        let a = unsafe { held(result) }?;
        let mut sink = crate::writer::WriterSink { write, context };
        Ok(poh_core::json::write_assessment_to(a, &mut sink)?)
    })
}

#[cfg(test)]
#[allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::undocumented_unsafe_blocks // tests: every pointer is to a live local
)]
mod tests {
    use super::*;
    use crate::assessment::{poh_assessment, poh_evaluate};

    #[test]
    fn the_empty_assessment_is_written_in_place() {
        for fill in [0u8, 0xA5, 0xFF] {
            let mut slot = Box::new(core::mem::MaybeUninit::<Assessment>::uninit());
            // SAFETY: a live, aligned allocation for one Assessment; its bytes set first
            // so that the test sees any field left unwritten.
            let a = unsafe {
                core::ptr::write_bytes(slot.as_mut_ptr(), fill, 1);
                write_empty(slot.as_mut_ptr());
                slot.assume_init_ref()
            };
            assert_eq!(*a, Assessment::new(), "storage filled with {fill:#x}");
        }
    }

    fn zeroed() -> Box<poh_result> {
        Box::new(poh_result {
            words: [0; POH_RESULT_WORDS],
        })
    }

    fn typical() -> poh_findings {
        let mut f = poh_core::Findings::new();
        for id in [34282, 11987, 6000071, 10044, 1156, 11988] {
            f.add(poh_core::Phenotype::present(poh_core::HpoId(id)))
                .unwrap();
        }
        f.add(poh_core::Phenotype::excluded(poh_core::HpoId(1513)))
            .unwrap();
        f.labs.pth = poh_core::Lab::Normal;
        f.options.counseling = true;
        poh_findings::from_core(&f)
    }

    /// `poh_evaluate_into` into one reused result against `poh_evaluate`, on structs with
    /// valid and invalid fields mixed: the same status; on success the same JSON (the
    /// result's own against the plain struct's), on an error a result that reads as not
    /// evaluated.
    #[test]
    fn evaluate_into_agrees_with_evaluate_on_mixed_findings() {
        use crate::json::poh_assessment_to_json;
        let cases = if cfg!(miri) { 80 } else { 3000 };
        let mut r = zeroed();
        let mut plain = Box::new(core::mem::MaybeUninit::<poh_assessment>::uninit());
        let (mut a_buf, mut b_buf) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
        let (mut ok, mut errors) = (0, 0);
        for f in crate::findings::mixed_findings(cases) {
            let want = unsafe { poh_evaluate(&f, plain.as_mut_ptr()) };
            let got = unsafe { poh_evaluate_into(&f, &mut *r) };
            assert_eq!(got, want, "{f:?}");
            let mut s = core::mem::MaybeUninit::<poh_summary>::uninit();
            let read = unsafe { poh_result_summary(&*r, s.as_mut_ptr()) };
            if want != poh_status::Ok {
                assert_eq!(read, poh_status::NotEvaluated);
                errors += 1;
                continue;
            }
            assert_eq!(read, poh_status::Ok);
            let (mut na, mut nb) = (0usize, 0usize);
            let sa = unsafe {
                poh_assessment_to_json(
                    plain.as_ptr(),
                    a_buf.as_mut_ptr().cast(),
                    a_buf.len(),
                    &mut na,
                )
            };
            let sb =
                unsafe { poh_result_to_json(&*r, b_buf.as_mut_ptr().cast(), b_buf.len(), &mut nb) };
            assert_eq!((sa, sb), (poh_status::Ok, poh_status::Ok));
            assert_eq!(a_buf[..na], b_buf[..nb], "{f:?}");
            ok += 1;
        }
        assert!(
            ok > cases / 10 && errors > cases / 10,
            "{ok} results, {errors} errors"
        );
    }

    #[test]
    fn storage_holds_the_assessment() {
        assert!(size_of::<Held>() <= size_of::<poh_result>());
    }

    #[test]
    fn accessors_agree_with_the_plain_struct() {
        let f = typical();
        let mut r = zeroed();
        let mut plain = core::mem::MaybeUninit::<poh_assessment>::uninit();
        unsafe {
            assert_eq!(poh_evaluate(&f, plain.as_mut_ptr()), poh_status::Ok);
            assert_eq!(poh_evaluate_into(&f, &mut *r), poh_status::Ok);
        }
        let plain = unsafe { plain.assume_init() };
        let mut s = core::mem::MaybeUninit::<poh_summary>::uninit();
        assert_eq!(
            unsafe { poh_result_summary(&*r, s.as_mut_ptr()) },
            poh_status::Ok
        );
        let s = unsafe { s.assume_init() };
        assert_eq!(s.verdict, plain.verdict);
        assert_eq!(s.poh_rank, plain.poh_rank);
        assert_eq!(s.explanation_count, plain.explanation_count);
        assert_eq!(s.next_step_count, plain.next_step_count);
        assert_eq!(s.note_count, plain.note_count);
        assert!(s.has_counseling && plain.has_counseling);
        for i in 0..s.differential_count as usize {
            let mut e = core::mem::MaybeUninit::<poh_ranked>::uninit();
            assert_eq!(
                unsafe { poh_result_ranked(&*r, i, e.as_mut_ptr()) },
                poh_status::Ok
            );
            let e = unsafe { e.assume_init() };
            assert_eq!(e.info, plain.differential[i].info);
            assert_eq!(e.log10_lr_milli, plain.differential[i].log10_lr_milli);
        }
        for i in 0..s.explanation_count as usize {
            let mut e = core::mem::MaybeUninit::<poh_explanation>::uninit();
            let st = unsafe { poh_result_explanation(&*r, i, e.as_mut_ptr()) };
            assert_eq!(st, poh_status::Ok);
            let e = unsafe { e.assume_init() };
            assert_eq!(e.group, plain.explanation[i].group);
            assert_eq!(e.status, plain.explanation[i].status);
        }
        let mut e = core::mem::MaybeUninit::<poh_explanation>::uninit();
        let past = s.explanation_count as usize;
        let st = unsafe { poh_result_explanation(&*r, past, e.as_mut_ptr()) };
        assert_eq!(st, poh_status::OutOfRange);
    }

    #[test]
    fn not_evaluated_until_evaluated_and_emptied_by_a_failure() {
        let mut r = zeroed();
        let mut s = core::mem::MaybeUninit::<poh_summary>::uninit();
        let st = unsafe { poh_result_summary(&*r, s.as_mut_ptr()) };
        assert_eq!(st, poh_status::NotEvaluated);
        let good = typical();
        assert_eq!(unsafe { poh_evaluate_into(&good, &mut *r) }, poh_status::Ok);
        assert_eq!(
            unsafe { poh_result_summary(&*r, s.as_mut_ptr()) },
            poh_status::Ok
        );
        let mut bad = good;
        bad.labs.pth = 9;
        let st = unsafe { poh_evaluate_into(&bad, &mut *r) };
        assert_eq!(st, poh_status::OutOfRange);
        let st = unsafe { poh_result_summary(&*r, s.as_mut_ptr()) };
        assert_eq!(st, poh_status::NotEvaluated, "a failure empties the result");
        // Storage not aligned as a poh_result (only through a cast): refused, not read.
        let off = unsafe { r.words.as_ptr().cast::<u8>().add(4) }.cast::<poh_result>();
        assert_eq!(
            unsafe { poh_result_summary(off, s.as_mut_ptr()) },
            poh_status::OutOfRange
        );
        // Garbage storage (not zero, not a tag) is written fresh before use.
        r.words.fill(0xA5A5_A5A5_A5A5_A5A5);
        assert_eq!(unsafe { poh_evaluate_into(&good, &mut *r) }, poh_status::Ok);
        assert_eq!(
            unsafe { poh_result_summary(&*r, s.as_mut_ptr()) },
            poh_status::Ok
        );
    }

    extern "C" fn collect(ctx: *mut core::ffi::c_void, bytes: *const c_char, len: usize) {
        let v = unsafe { &mut *ctx.cast::<Vec<u8>>() };
        v.extend_from_slice(unsafe { core::slice::from_raw_parts(bytes.cast::<u8>(), len) });
    }

    /// The firmware path (JSON into the caller's result, streamed out) gives the bytes of
    /// `poh_evaluate_json` for every golden case; a bad document empties the result.
    #[test]
    fn json_into_and_streamed_json_are_evaluate_json() {
        use crate::json::poh_evaluate_json;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases");
        let mut r = zeroed();
        let mut buf = vec![0 as c_char; 1 << 17];
        let (mut n, mut cases) = (0, 0);
        // Under Miri only the smallest case that evaluates (the unsafe is the same for
        // each; a full case takes minutes there), natively all of them.
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort_by_key(|p| {
            (
                cfg!(miri).then(|| std::fs::metadata(p).unwrap().len()),
                p.clone(),
            )
        });
        for path in files {
            if cfg!(miri) && cases >= 1 {
                break;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let doc: String = std::fs::read_to_string(&path).unwrap();
            let input = extract_input(&doc);
            let want = unsafe {
                poh_evaluate_json(
                    input.as_ptr().cast(),
                    input.len(),
                    buf.as_mut_ptr(),
                    buf.len(),
                    &mut n,
                )
            };
            let st = unsafe { poh_evaluate_json_into(input.as_ptr().cast(), input.len(), &mut *r) };
            assert_eq!(st, want, "{path:?}");
            if want != poh_status::Ok {
                continue;
            }
            cases += 1;
            let want: Vec<u8> = buf[..n].iter().map(|&c| c as u8).collect();
            let mut got: Vec<u8> = Vec::new();
            let st = unsafe {
                poh_result_write_json(&*r, Some(collect), (&mut got as *mut Vec<u8>).cast())
            };
            assert_eq!(st, poh_status::Ok);
            assert_eq!(got, want);
        }
        assert!(
            cases >= if cfg!(miri) { 1 } else { 30 },
            "golden cases not found in {dir:?}"
        );
        let bad = b"{\"phenotypes\": 3}";
        let st = unsafe { poh_evaluate_json_into(bad.as_ptr().cast(), bad.len(), &mut *r) };
        assert_ne!(st, poh_status::Ok);
        let mut sink: Vec<u8> = Vec::new();
        let st = unsafe {
            poh_result_write_json(&*r, Some(collect), (&mut sink as *mut Vec<u8>).cast())
        };
        assert_eq!(st, poh_status::NotEvaluated);
        assert!(sink.is_empty());
        assert_eq!(
            unsafe { poh_result_write_json(&*r, None, core::ptr::null_mut()) },
            poh_status::NullArgument
        );
    }

    /// The text of the top-level `"input"` member of a golden case file (a JSON object):
    /// found by bracket matching outside strings.
    fn extract_input(doc: &str) -> &str {
        let b = doc.as_bytes();
        let at = doc.find("\"input\"").unwrap();
        let open = at + doc[at..].find('{').unwrap();
        let (mut depth, mut in_str, mut esc) = (0i32, false, false);
        for (i, &c) in b.iter().enumerate().skip(open) {
            if in_str {
                match (esc, c) {
                    (true, _) => esc = false,
                    (false, b'\\') => esc = true,
                    (false, b'"') => in_str = false,
                    _ => {}
                }
                continue;
            }
            match c {
                b'"' => in_str = true,
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return &doc[open..=i];
                    }
                }
                _ => {}
            }
        }
        panic!("unbalanced input member")
    }
}
