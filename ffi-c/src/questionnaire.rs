//! The kiosk questionnaire: stateless JSON steps (`poh_questionnaire_step_json`: the answers
//! so far come in, the next question and the outcome go out), and the same session as a
//! caller-held struct (`poh_session`) for firmware that keeps the state itself
//! (`poh_session_next`, `poh_session_answer`, `poh_session_outcome`,
//! `poh_session_step_json`). Both are the core's `questionnaire::Session`: the next
//! question, the stopping rule, the referral level and its reasons are all the core's.
//!
//! The struct session names questions and reasons by stable ids (the HPO term, the
//! level's key), never by text: a kiosk shows the texts of its own table of patient texts
//! (examples/kiosk/texts), which a kiosk maker translates without touching code. Each
//! call that needs an assessment evaluates the answers into the caller's `poh_result`
//! (`work`): no assessment on the stack, so it fits the 16 KiB of a Cortex-M0 board beside
//! the evaluator's result (the same storage serves both).

use core::ffi::c_char;

use poh_core::questionnaire::{
    question, step_json_len, write_session_step_into, Level, Reply, Session, MAX_QUESTIONS,
};
use poh_core::{Error, Sex};

use crate::assessment::poh_flag;
use crate::buffer::{check_out, emit_len, to_slice, Rendered};
use crate::cstr::cstr_table;
use crate::result::{evaluate_in, poh_result};
use crate::{guard, non_null, poh_status};

/// One questionnaire step: input `{"age_months": 18, "sex": "female", "answers":
/// {"HP:0001482": "yes", "HP:0001156": "dont_know"}}` (answers keyed by the question's HPO
/// id: `yes`, `no`, `dont_know`); output `{"next": {...} or null, "asked", "outcome":
/// {...}}`. Buffer convention and input errors as `poh_evaluate_json`, plus `UNKNOWN_TERM`
/// (an answer to a question the questionnaire does not ask).
///
/// # Safety
/// As `poh_evaluate_json`.
#[no_mangle]
pub unsafe extern "C" fn poh_questionnaire_step_json(
    input: *const c_char,
    input_len: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> poh_status {
    // SAFETY: per the caller's contract (as poh_evaluate_json).
    guard(|| unsafe {
        crate::json::render_into(step_json_len, input, input_len, out, out_cap, out_len)
    })
}

/// Rows of the questionnaire table: one reply slot per row in `poh_session.replies`
/// (only rows that have a question are ever asked).
pub const POH_MAX_QUESTIONS: usize = 22;
// A literal for cbindgen; a change of the table is a build error here (and an ABI change).
const _: () = assert!(POH_MAX_QUESTIONS == MAX_QUESTIONS);

/// A reply in `poh_session.replies`.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_reply {
    /// Not asked yet (the default).
    NotAsked = 0,
    /// Yes.
    Yes = 1,
    /// No.
    No = 2,
    /// Don't know: the finding stays unknown, never absent.
    DontKnow = 3,
}

/// The referral level at the end of (or during) a session. Never a diagnosis.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_referral {
    /// Nothing in the answers points to the signs asked about.
    Routine = 0,
    /// Worth discussing with the doctor.
    SeeDoctor = 1,
    /// Ask for a specialist referral.
    Refer = 2,
}

/// The state of one kiosk session, held by the caller (static or on the stack). Integers
/// only; all zero (`poh_session s = {0};`) is a new session with age and sex unknown.
/// `poh_session_start` fills it with checked values.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_session {
    /// 0: age unknown; 1: `age_months` holds the age.
    pub has_age: u8,
    /// Sex (`poh_sex`).
    pub sex: u8,
    /// Age in months (0 to `POH_MAX_AGE_MONTHS`); read only if `has_age` is 1.
    pub age_months: u16,
    /// One `poh_reply` per questionnaire row (`poh_question.row`); written by
    /// `poh_session_answer`.
    pub replies: [u8; POH_MAX_QUESTIONS],
}

/// The question the core chose, by id: a kiosk shows its own text for `hpo_id` (its
/// table of patient texts, examples/kiosk/texts).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_question {
    /// False when the session is over (no question left that could change anything, or
    /// the question limit reached); the other fields are then 0.
    pub has_question: bool,
    /// The row to pass to `poh_session_answer`.
    pub row: u8,
    /// The HPO term the answer records (`HP:0001482` is 1482): the question's stable id.
    pub hpo_id: u32,
}

/// The outcome of a session so far, by id: the referral level and its reasons (the signs
/// answered "yes" that raised the level, in table order, by HPO term). A kiosk shows its
/// own texts for them; the JSON step (`poh_session_step_json`) carries the core's English
/// texts.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_outcome {
    /// Referral level.
    pub level: poh_referral,
    /// Its snake_case key: "routine", "see_doctor" or "refer".
    pub level_key: *const c_char,
    /// The core's alert flag of the answers' assessment (`none` unless heterotopic
    /// ossification is among them).
    pub flag: poh_flag,
    /// Number of reasons.
    pub reason_count: usize,
    /// The reasons' HPO terms; 0 from `reason_count` on.
    pub reason_hpo_ids: [u32; POH_MAX_QUESTIONS],
}

cstr_table!(LEVEL_KEYS, LEVEL_KEY_STRS, 3, |i| match i {
    0 => Level::Routine.as_str(),
    1 => Level::SeeDoctor.as_str(),
    _ => Level::Refer.as_str(),
});

impl poh_session {
    /// The core's session for these fields: every value checked, every reply recorded
    /// through `Session::answer` (a reply to a row without a question is `UNKNOWN_TERM`).
    fn to_core(self) -> Result<Session, Error> {
        let age = match self.has_age {
            0 => None,
            1 if u32::from(self.age_months) <= crate::findings::POH_MAX_AGE_MONTHS => {
                Some(self.age_months)
            }
            _ => return Err(Error::OutOfRange),
        };
        let mut s = Session::new(age, sex_of(self.sex)?);
        for (row, &r) in self.replies.iter().enumerate() {
            let reply = match r {
                0 => continue,
                1 => Reply::Yes,
                2 => Reply::No,
                3 => Reply::DontKnow,
                _ => return Err(Error::OutOfRange),
            };
            s.answer(row, reply)?;
        }
        Ok(s)
    }
}

fn sex_of(v: u8) -> Result<Sex, Error> {
    Ok(match v {
        0 => Sex::Unknown,
        1 => Sex::Female,
        2 => Sex::Male,
        3 => Sex::Other,
        _ => return Err(Error::OutOfRange),
    })
}

/// Read the caller's session.
///
/// # Safety
/// `s` non-NULL (checked by the caller), aligned and readable for one `poh_session`.
unsafe fn read_session(s: *const poh_session) -> Result<Session, poh_status> {
    // SAFETY: per the contract; integers only, so any initialised content is valid.
    let c = unsafe { &*s };
    Ok((*c).to_core()?)
}

/// Start a session: every reply "not asked", the age (if `has_age` is 1) and the sex (a
/// `poh_sex` value) given. Errors: `OUT_OF_RANGE` (`has_age` not 0 or 1, an age over
/// `POH_MAX_AGE_MONTHS`, a sex outside `poh_sex`), `NULL_ARGUMENT`. `*session` is written
/// only on success.
///
/// # Safety
/// `session` must point to writable memory for one `poh_session`.
#[no_mangle]
pub unsafe extern "C" fn poh_session_start(
    session: *mut poh_session,
    has_age: u8,
    age_months: u16,
    sex: u8,
) -> poh_status {
    guard(|| {
        non_null(session)?;
        let s = poh_session {
            has_age,
            sex,
            age_months: if has_age == 0 { 0 } else { age_months },
            replies: [0; POH_MAX_QUESTIONS],
        };
        s.to_core()?;
        // SAFETY: non-NULL, writable for one poh_session (the caller's contract); a
        // plain write that reads nothing of what was there.
        unsafe { session.write(s) };
        Ok(())
    })
}

/// The next question the core chooses (the one whose answer would change the assessment
/// most), or `has_question` false when the session is over. The answers are evaluated
/// into `*work` (a `poh_result` as `poh_evaluate_into` takes it): afterwards it holds
/// their assessment, readable through the `poh_result_*` accessors; on error it is
/// emptied. Errors: `OUT_OF_RANGE` and `UNKNOWN_TERM` (a session whose fields were set to
/// values `poh_session_start` and `poh_session_answer` never write), `OUT_OF_RANGE` for a
/// misaligned `work`, `NULL_ARGUMENT`. `*out` is written only on success.
///
/// # Safety
/// `session` must point to a readable `poh_session`, `work` as `result` of
/// `poh_evaluate_into`, `out` to writable memory for one `poh_question`; none may overlap.
#[no_mangle]
pub unsafe extern "C" fn poh_session_next(
    session: *const poh_session,
    work: *mut poh_result,
    out: *mut poh_question,
) -> poh_status {
    guard(|| {
        non_null(session)?;
        non_null(out)?;
        crate::result::check_ptr(work)?;
        // SAFETY: non-NULL; per the caller's contract.
        let s = unsafe { read_session(session) }?;
        // SAFETY: the caller's contract.
        let next = unsafe { evaluate_in(work, |a| s.next_question_into(a)) }?;
        let q = poh_question {
            has_question: next.is_some(),
            row: next.map_or(0, |q| q.row),
            hpo_id: next.map_or(0, |q| q.term.0),
        };
        // SAFETY: non-NULL, writable for one poh_question (the caller's contract).
        unsafe { out.write(q) };
        Ok(())
    })
}

/// Record a reply (`poh_reply`: yes, no or don't know) to the question of `row`
/// (`poh_question.row`). Answering a row again replaces its reply. Errors: `UNKNOWN_TERM`
/// (a row without a question), `UNKNOWN_VALUE` (`POH_REPLY_NOT_ASKED`), `OUT_OF_RANGE`
/// (a reply outside `poh_reply`, or a session with values out of range),
/// `NULL_ARGUMENT`. `*session` changes only on success.
///
/// # Safety
/// `session` must point to a readable and writable `poh_session`.
#[no_mangle]
pub unsafe extern "C" fn poh_session_answer(
    session: *mut poh_session,
    row: u8,
    reply: u8,
) -> poh_status {
    guard(|| {
        non_null(session)?;
        // SAFETY: non-NULL; per the caller's contract.
        let mut s = unsafe { read_session(session) }?;
        let r = match reply {
            0 => Reply::NotAsked,
            1 => Reply::Yes,
            2 => Reply::No,
            3 => Reply::DontKnow,
            _ => return Err(Error::OutOfRange.into()),
        };
        s.answer(usize::from(row), r)?;
        // SAFETY: non-NULL, aligned and writable (the caller's contract); the row was
        // accepted by the core, so it is inside `replies`.
        let slot = unsafe { (*session).replies.get_mut(usize::from(row)) };
        *slot.ok_or(poh_status::Internal)? = reply;
        Ok(())
    })
}

/// The outcome so far: the referral level, the core's flag and the reasons, by id. The
/// answers are evaluated into `*work` as in `poh_session_next`. Errors as
/// `poh_session_next`. `*out` is written only on success.
///
/// # Safety
/// As `poh_session_next`, with `out` writable for one `poh_outcome`.
#[no_mangle]
pub unsafe extern "C" fn poh_session_outcome(
    session: *const poh_session,
    work: *mut poh_result,
    out: *mut poh_outcome,
) -> poh_status {
    guard(|| {
        non_null(session)?;
        non_null(out)?;
        crate::result::check_ptr(work)?;
        // SAFETY: non-NULL; per the caller's contract.
        let s = unsafe { read_session(session) }?;
        // SAFETY: the caller's contract.
        let (o, flag) = unsafe { evaluate_in(work, |a| Ok((s.outcome_into(a)?, a.flag()))) }?;
        let level = match o.level {
            Level::Routine => poh_referral::Routine,
            Level::SeeDoctor => poh_referral::SeeDoctor,
            Level::Refer => poh_referral::Refer,
        };
        let mut v = poh_outcome {
            level,
            level_key: LEVEL_KEYS.get(level as usize),
            flag: crate::assessment::entry::flag(flag),
            reason_count: 0,
            reason_hpo_ids: [0; POH_MAX_QUESTIONS],
        };
        for (row, _) in o.reasons.iter().enumerate().filter(|(_, on)| **on) {
            let Some(q) = question(row) else { continue };
            let n = v.reason_count;
            *v.reason_hpo_ids.get_mut(n).ok_or(poh_status::Internal)? = q.term.0;
            v.reason_count = n + 1;
        }
        // SAFETY: non-NULL, writable for one poh_outcome (the caller's contract).
        unsafe { out.write(v) };
        Ok(())
    })
}

/// The session's current step as JSON: byte for byte the document `poh_questionnaire_step_json`
/// (and the host's `poh --questionnaire`) gives for the same answers. The answers are
/// evaluated into `*work` as in `poh_session_next` (once, for the question and the
/// outcome). Buffer convention as `poh_evaluate_json`; errors as `poh_session_next`, plus
/// `BUFFER_TOO_SMALL`.
///
/// # Safety
/// `session` must point to a readable `poh_session`; `work` as in `poh_session_next`;
/// `out` to `out_cap` writable bytes; `out_len` to a writable `size_t`; none overlapping.
#[no_mangle]
pub unsafe extern "C" fn poh_session_step_json(
    session: *const poh_session,
    work: *mut poh_result,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> poh_status {
    guard(|| {
        non_null(session)?;
        check_out(out, out_cap, out_len)?;
        crate::result::check_ptr(work)?;
        // SAFETY: non-NULL; per the caller's contract.
        let s = unsafe { read_session(session) }?;
        let render = |buf: &mut [u8]| -> Rendered {
            // The evaluation's errors empty `work`; a buffer too small does not (the
            // assessment is whole, only the document did not fit).
            // SAFETY: `work` checked; the caller's contract (it does not overlap `out`).
            let r = unsafe {
                evaluate_in(work, |a| {
                    match to_slice(|sink| write_session_step_into(&s, a, sink), buf) {
                        Err((Error::BufferTooSmall, n)) => Ok(Err((Error::BufferTooSmall, n))),
                        Err((e, _)) => Err(e),
                        Ok(n) => Ok(Ok(n)),
                    }
                })
            };
            r.unwrap_or(Err((Error::Internal, 0)))
        };
        // SAFETY: check_out passed; per the caller's contract.
        unsafe { emit_len(render, out, out_cap, out_len) }
    })
}

/// The session's current step as JSON (the bytes of `poh_session_step_json`), streamed
/// to `write` in pieces, with no buffer. No NUL is written. The answers are evaluated
/// into `*work` as in `poh_session_next`. Errors as `poh_session_next`.
///
/// # Safety
/// `session` must point to a readable `poh_session`; `work` as in `poh_session_next`;
/// `write` must be callable with `context` (see `poh_write_fn`).
#[no_mangle]
pub unsafe extern "C" fn poh_session_write_step_json(
    session: *const poh_session,
    work: *mut poh_result,
    write: crate::poh_write_fn,
    context: *mut core::ffi::c_void,
) -> poh_status {
    guard(|| {
        non_null(session)?;
        let write = write.ok_or(poh_status::NullArgument)?;
        crate::result::check_ptr(work)?;
        // SAFETY: non-NULL; per the caller's contract.
        let s = unsafe { read_session(session) }?;
        let mut sink = crate::writer::WriterSink { write, context };
        // SAFETY: the caller's contract.
        unsafe { evaluate_in(work, |a| write_session_step_into(&s, a, &mut sink)) }
    })
}

#[cfg(test)]
#[allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::undocumented_unsafe_blocks // tests: every pointer is to a live local
)]
mod tests {
    use super::*;
    use core::ffi::CStr;

    fn work() -> Box<poh_result> {
        Box::new(poh_result {
            words: [0; crate::result::POH_RESULT_WORDS],
        })
    }

    fn step_json(s: &poh_session, work: &mut poh_result) -> String {
        let mut buf = vec![0 as c_char; 8192];
        let mut len = 0usize;
        // SAFETY: valid pointers.
        let st = unsafe { poh_session_step_json(s, work, buf.as_mut_ptr(), buf.len(), &mut len) };
        assert_eq!(st, poh_status::Ok);
        let bytes: Vec<u8> = buf[..len].iter().map(|&c| c as u8).collect();
        String::from_utf8(bytes).unwrap()
    }

    /// The struct session and the stateless JSON steps agree at every step, the session
    /// ends with the core's referral, and `work` holds the answers' assessment.
    #[test]
    fn the_struct_session_is_the_json_session() {
        let mut w = work();
        let mut s = poh_session {
            has_age: 0,
            sex: 0,
            age_months: 0,
            replies: [0; POH_MAX_QUESTIONS],
        };
        // SAFETY: valid pointers.
        assert_eq!(
            unsafe { poh_session_start(&mut s, 1, 18, 1) },
            poh_status::Ok
        );
        let mut answers: Vec<String> = Vec::new();
        let mut steps = 0;
        loop {
            let input = format!(
                r#"{{"age_months":18,"sex":"female","answers":{{{}}}}}"#,
                answers.join(",")
            );
            let mut buf = vec![0 as c_char; 8192];
            let mut len = 0usize;
            // SAFETY: valid pointers.
            let st = unsafe {
                poh_questionnaire_step_json(
                    input.as_ptr().cast(),
                    input.len(),
                    buf.as_mut_ptr(),
                    buf.len(),
                    &mut len,
                )
            };
            assert_eq!(st, poh_status::Ok);
            let want: Vec<u8> = buf[..len].iter().map(|&c| c as u8).collect();
            let want = String::from_utf8(want).unwrap();
            assert_eq!(step_json(&s, &mut w), want);

            let mut q = poh_question {
                has_question: true,
                row: 0,
                hpo_id: 0,
            };
            // SAFETY: valid pointers.
            assert_eq!(
                unsafe { poh_session_next(&s, &mut *w, &mut q) },
                poh_status::Ok
            );
            // `work` holds the assessment of the answers so far.
            let mut summary = std::mem::MaybeUninit::uninit();
            // SAFETY: valid pointers.
            let st = unsafe { crate::result::poh_result_summary(&*w, summary.as_mut_ptr()) };
            assert_eq!(st, poh_status::Ok);
            if !q.has_question {
                assert!(want.starts_with(r#"{"next":null"#), "{want}");
                break;
            }
            let id = format!(r#"{{"next":{{"id":"HP:{:07}""#, q.hpo_id);
            assert!(want.starts_with(&id), "{id} {want}");
            assert_eq!(
                question(usize::from(q.row)).map(|x| x.term.0),
                Some(q.hpo_id)
            );
            let (reply, word) = match q.hpo_id {
                6_000_071 | 1482 | 3593 | 3676 | 1376 => (poh_reply::Yes, "yes"),
                1156 => (poh_reply::No, "no"),
                _ => (poh_reply::DontKnow, "dont_know"),
            };
            answers.push(format!(r#""HP:{:07}":"{word}""#, q.hpo_id));
            // SAFETY: valid pointer.
            let st = unsafe { poh_session_answer(&mut s, q.row, reply as u8) };
            assert_eq!(st, poh_status::Ok);
            steps += 1;
            assert!(steps <= POH_MAX_QUESTIONS);
        }
        let mut o = std::mem::MaybeUninit::<poh_outcome>::uninit();
        // SAFETY: valid pointers.
        assert_eq!(
            unsafe { poh_session_outcome(&s, &mut *w, o.as_mut_ptr()) },
            poh_status::Ok
        );
        // SAFETY: written on success.
        let o = unsafe { o.assume_init() };
        // The core's outcome for the same answers, by id.
        let core = s.to_core().unwrap().outcome().unwrap();
        let (level, key) = match core.level {
            Level::Routine => (poh_referral::Routine, "routine"),
            Level::SeeDoctor => (poh_referral::SeeDoctor, "see_doctor"),
            Level::Refer => (poh_referral::Refer, "refer"),
        };
        assert_eq!(o.level, level);
        // SAFETY: static NUL-terminated text.
        let got = unsafe { CStr::from_ptr(o.level_key) }.to_str().unwrap();
        assert_eq!(got, key);
        let ids: Vec<u32> = (0..MAX_QUESTIONS)
            .filter(|&r| core.reasons[r])
            .filter_map(|r| question(r).map(|q| q.term.0))
            .collect();
        assert!(!ids.is_empty());
        assert_eq!(&o.reason_hpo_ids[..o.reason_count], &ids[..]);
        assert!(o.reason_hpo_ids[o.reason_count..].iter().all(|&id| id == 0));
        // Hard grains in the skin are ossification: the flag is up, and the level is its.
        assert_ne!(o.flag, poh_flag::None, "the grains answered yes");
        let want = match o.flag {
            poh_flag::Likely => poh_referral::Refer,
            _ => poh_referral::SeeDoctor,
        };
        assert_eq!(o.level, want);
    }

    #[test]
    fn bad_sessions_and_replies_are_errors() {
        let mut s = poh_session {
            has_age: 0,
            sex: 0,
            age_months: 0,
            replies: [0; POH_MAX_QUESTIONS],
        };
        // SAFETY: valid pointers (NULL where the test says so).
        unsafe {
            assert_eq!(poh_session_start(&mut s, 2, 0, 0), poh_status::OutOfRange);
            assert_eq!(poh_session_start(&mut s, 0, 0, 9), poh_status::OutOfRange);
            assert_eq!(
                poh_session_start(core::ptr::null_mut(), 0, 0, 0),
                poh_status::NullArgument
            );
            assert_eq!(poh_session_start(&mut s, 1, 300, 2), poh_status::Ok);
            let asked = (0..POH_MAX_QUESTIONS)
                .find(|&r| question(r).is_some())
                .unwrap();
            let asked = u8::try_from(asked).unwrap();
            assert_eq!(poh_session_answer(&mut s, asked, 9), poh_status::OutOfRange);
            assert_eq!(
                poh_session_answer(&mut s, asked, 0),
                poh_status::UnknownValue
            );
            assert_eq!(poh_session_answer(&mut s, 200, 1), poh_status::UnknownTerm);
            let no_question = (0..POH_MAX_QUESTIONS)
                .find(|&r| question(r).is_none())
                .unwrap();
            assert_eq!(
                poh_session_answer(&mut s, u8::try_from(no_question).unwrap(), 1),
                poh_status::UnknownTerm
            );
            assert!(
                s.replies.iter().all(|&r| r == 0),
                "nothing recorded on error"
            );
            // A reply slot set by hand to a row without a question.
            s.replies[no_question] = 1;
            let mut w = work();
            let mut q = std::mem::MaybeUninit::<poh_question>::uninit();
            assert_eq!(
                poh_session_next(&s, &mut *w, q.as_mut_ptr()),
                poh_status::UnknownTerm
            );
            assert_eq!(
                poh_session_next(&s, core::ptr::null_mut(), q.as_mut_ptr()),
                poh_status::NullArgument
            );
        }
    }
}
