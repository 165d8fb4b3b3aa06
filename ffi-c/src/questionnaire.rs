//! The kiosk questionnaire: stateless JSON steps (`poh_questionnaire_step_json`: the answers
//! so far come in, the next question and the outcome go out), and the same session as a
//! caller-held struct (`poh_session`) for firmware that keeps the state itself and prints
//! the texts (`poh_session_next`, `poh_session_answer`, `poh_session_outcome`,
//! `poh_session_step_json`). Both are the core's `questionnaire::Session`: the next
//! question, the stopping rule, the referral level and its reasons are all the core's.

use core::ffi::c_char;

use poh_core::kb::{TermKind, QUESTIONNAIRE, SEED_ROWS};
use poh_core::questionnaire::{question, step_json_len, Level, Reply, Session, MAX_QUESTIONS};
use poh_core::{Error, Sex};

use crate::buffer::{check_out, emit_len, to_slice};
use crate::cstr::cstr_table;
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
pub const POH_MAX_QUESTIONS: usize = 21;
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

/// A question to show. The texts are static and NUL-terminated; shown as `prefix`,
/// `lay_name`, `"?"` (the `text` of the JSON step).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_question {
    /// False when the session is over (no question left that could change anything, or
    /// the question limit reached); the other fields are then 0 / "".
    pub has_question: bool,
    /// The row to pass to `poh_session_answer`.
    pub row: u8,
    /// The HPO term the answer records (`HP:0001482` is 1482).
    pub hpo_id: u32,
    /// The lay name of the sign ("Firm lump under the skin").
    pub lay_name: *const c_char,
    /// The question's opening words ("Have you (or your child) noticed this: ").
    pub prefix: *const c_char,
}

/// The outcome of a session so far: the referral level, its message and its reasons (the
/// lay names of the signs answered "yes" that raised the level, in table order).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_outcome {
    /// Referral level.
    pub level: poh_referral,
    /// Its snake_case key: "routine", "see_doctor" or "refer".
    pub level_key: *const c_char,
    /// The message for the patient (it says that it is not a diagnosis).
    pub message: *const c_char,
    /// Number of reasons.
    pub reason_count: usize,
    /// The reasons' lay names; NULL from `reason_count` on.
    pub reasons: [*const c_char; POH_MAX_QUESTIONS],
    /// The reasons' HPO terms; 0 from `reason_count` on.
    pub reason_hpo_ids: [u32; POH_MAX_QUESTIONS],
}

const ROWS: usize = SEED_ROWS.len();

cstr_table!(LAY_NAMES, LAY_NAME_STRS, ROWS, |i| {
    match SEED_ROWS[i].lay_names.first() {
        Some(t) => t,
        None => "",
    }
});
cstr_table!(PREFIXES, PREFIX_STRS, 3, |i| match i {
    0 => QUESTIONNAIRE.question_prefix,
    1 => QUESTIONNAIRE.onset_prefix,
    _ => QUESTIONNAIRE.course_prefix,
});

/// The opening words of a row's question: the core's choice by the row's kind (as its
/// JSON step writes them).
fn prefix_of(row: usize) -> *const c_char {
    PREFIXES.get(match SEED_ROWS.get(row).map(|r| r.kind) {
        Some(TermKind::Onset) => 1,
        Some(TermKind::Course) => 2,
        _ => 0,
    })
}
cstr_table!(LEVEL_KEYS, LEVEL_KEY_STRS, 3, |i| match i {
    0 => Level::Routine.as_str(),
    1 => Level::SeeDoctor.as_str(),
    _ => Level::Refer.as_str(),
});
cstr_table!(LEVEL_TEXTS, LEVEL_TEXT_STRS, 3, |i| match i {
    0 => Level::Routine.text(),
    1 => Level::SeeDoctor.text(),
    _ => Level::Refer.text(),
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
/// most), or `has_question` false when the session is over. Errors: `OUT_OF_RANGE` and
/// `UNKNOWN_TERM` (a session whose fields were set to values `poh_session_start` and
/// `poh_session_answer` never write), `NULL_ARGUMENT`. `*out` is written only on success.
///
/// # Safety
/// `session` must point to a readable `poh_session`, `out` to writable memory for one
/// `poh_question`.
#[no_mangle]
pub unsafe extern "C" fn poh_session_next(
    session: *const poh_session,
    out: *mut poh_question,
) -> poh_status {
    guard(|| {
        non_null(session)?;
        non_null(out)?;
        // SAFETY: non-NULL; per the caller's contract.
        let s = unsafe { read_session(session) }?;
        let q = match s.next_question()? {
            Some(q) => poh_question {
                has_question: true,
                row: q.seed_row,
                hpo_id: q.term.0,
                lay_name: LAY_NAMES.get(usize::from(q.seed_row)),
                prefix: prefix_of(usize::from(q.seed_row)),
            },
            None => poh_question {
                has_question: false,
                row: 0,
                hpo_id: 0,
                lay_name: c"".as_ptr(),
                prefix: c"".as_ptr(),
            },
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

/// The outcome so far: the referral level, its message and its reasons. Errors as
/// `poh_session_next`. `*out` is written only on success.
///
/// # Safety
/// `session` must point to a readable `poh_session`, `out` to writable memory for one
/// `poh_outcome`.
#[no_mangle]
pub unsafe extern "C" fn poh_session_outcome(
    session: *const poh_session,
    out: *mut poh_outcome,
) -> poh_status {
    guard(|| {
        non_null(session)?;
        non_null(out)?;
        // SAFETY: non-NULL; per the caller's contract.
        let s = unsafe { read_session(session) }?;
        let o = s.outcome()?;
        let level = match o.level {
            Level::Routine => poh_referral::Routine,
            Level::SeeDoctor => poh_referral::SeeDoctor,
            Level::Refer => poh_referral::Refer,
        };
        let mut v = poh_outcome {
            level,
            level_key: LEVEL_KEYS.get(level as usize),
            message: LEVEL_TEXTS.get(level as usize),
            reason_count: 0,
            reasons: [core::ptr::null(); POH_MAX_QUESTIONS],
            reason_hpo_ids: [0; POH_MAX_QUESTIONS],
        };
        for (row, _) in o.reasons.iter().enumerate().filter(|(_, on)| **on) {
            let Some(q) = question(row) else { continue };
            let n = v.reason_count;
            *v.reasons.get_mut(n).ok_or(poh_status::Internal)? = LAY_NAMES.get(row);
            *v.reason_hpo_ids.get_mut(n).ok_or(poh_status::Internal)? = q.term.0;
            v.reason_count = n + 1;
        }
        // SAFETY: non-NULL, writable for one poh_outcome (the caller's contract).
        unsafe { out.write(v) };
        Ok(())
    })
}

/// The session's current step as JSON: byte for byte the document `poh_questionnaire_step_json`
/// (and the host's `poh --questionnaire`) gives for the same answers. Buffer convention as
/// `poh_evaluate_json`; errors as `poh_session_next`, plus `BUFFER_TOO_SMALL`.
///
/// # Safety
/// `session` must point to a readable `poh_session`; `out` to `out_cap` writable bytes;
/// `out_len` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn poh_session_step_json(
    session: *const poh_session,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> poh_status {
    guard(|| {
        non_null(session)?;
        check_out(out, out_cap, out_len)?;
        // SAFETY: non-NULL; per the caller's contract.
        let s = unsafe { read_session(session) }?;
        let render = |buf: &mut [u8]| {
            to_slice(
                |sink| poh_core::questionnaire::write_session_step(&s, sink),
                buf,
            )
        };
        // SAFETY: check_out passed; per the caller's contract.
        unsafe { emit_len(render, out, out_cap, out_len) }
    })
}

/// The session's current step as JSON (the bytes of `poh_session_step_json`), streamed
/// to `write` in pieces, with no buffer. No NUL is written. Errors as `poh_session_next`.
///
/// # Safety
/// `session` must point to a readable `poh_session`; `write` must be callable with
/// `context` (see `poh_write_fn`).
#[no_mangle]
pub unsafe extern "C" fn poh_session_write_step_json(
    session: *const poh_session,
    write: crate::poh_write_fn,
    context: *mut core::ffi::c_void,
) -> poh_status {
    guard(|| {
        non_null(session)?;
        let write = write.ok_or(poh_status::NullArgument)?;
        // SAFETY: non-NULL; per the caller's contract.
        let s = unsafe { read_session(session) }?;
        let mut sink = crate::writer::WriterSink { write, context };
        Ok(poh_core::questionnaire::write_session_step(&s, &mut sink)?)
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

    fn step_json(s: &poh_session) -> String {
        let mut buf = vec![0 as c_char; 8192];
        let mut len = 0usize;
        // SAFETY: valid pointers.
        let st = unsafe { poh_session_step_json(s, buf.as_mut_ptr(), buf.len(), &mut len) };
        assert_eq!(st, poh_status::Ok);
        let bytes: Vec<u8> = buf[..len].iter().map(|&c| c as u8).collect();
        String::from_utf8(bytes).unwrap()
    }

    /// The struct session and the stateless JSON steps agree at every step, and the
    /// session ends with the core's referral.
    #[test]
    fn the_struct_session_is_the_json_session() {
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
            assert_eq!(step_json(&s), String::from_utf8(want).unwrap());

            let mut q = poh_question {
                has_question: true,
                row: 0,
                hpo_id: 0,
                lay_name: core::ptr::null(),
                prefix: core::ptr::null(),
            };
            // SAFETY: valid pointers.
            assert_eq!(unsafe { poh_session_next(&s, &mut q) }, poh_status::Ok);
            if !q.has_question {
                break;
            }
            // SAFETY: static NUL-terminated texts.
            let name = unsafe { CStr::from_ptr(q.lay_name) }.to_str().unwrap();
            assert_eq!(Some(name), question(usize::from(q.row)).map(|x| x.text));
            // SAFETY: as above.
            let prefix = unsafe { CStr::from_ptr(q.prefix) }.to_str().unwrap();
            let text = format!(r#""text":"{prefix}{name}?""#);
            assert!(step_json(&s).contains(&text), "{text}");
            let (reply, word) = match q.hpo_id {
                1482 | 3593 | 3676 | 1376 => (poh_reply::Yes, "yes"),
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
            unsafe { poh_session_outcome(&s, o.as_mut_ptr()) },
            poh_status::Ok
        );
        // SAFETY: written on success.
        let o = unsafe { o.assume_init() };
        assert_eq!(o.level, poh_referral::Refer);
        // SAFETY: static NUL-terminated text.
        let key = unsafe { CStr::from_ptr(o.level_key) }.to_str().unwrap();
        assert_eq!(key, "refer");
        assert!(o.reason_count > 0);
        assert!(o.reason_hpo_ids[..o.reason_count].contains(&1482));
        assert!(o.reasons[o.reason_count].is_null());
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
            let mut q = std::mem::MaybeUninit::<poh_question>::uninit();
            assert_eq!(
                poh_session_next(&s, q.as_mut_ptr()),
                poh_status::UnknownTerm
            );
        }
    }
}
