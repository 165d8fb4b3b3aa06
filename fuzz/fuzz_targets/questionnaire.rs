//! The kiosk questionnaire state machine (`poh_core::questionnaire::Session`), driven by
//! the fuzz bytes, and its stateless JSON step (`step_json`).
//!
//! Input starting with `{`: a `step_json` document. The `_len` buffer contract and the
//! JSON invariants hold; an accepted document played as a `Session` (the struct API)
//! writes the very same step bytes.
//!
//! Any other input: a script. Bytes 0-1: age (u16, LE; beyond the 1800-month limit too),
//! byte 2: sex and whether the age is given; then operations, one byte each (two for
//! `answer`; at most 24): answer any row, valid or not, with any reply including "not asked"; ask the
//! next question and answer it; check the outcome; write the step JSON. At the end the
//! session is played out to its stop. Invariants: no panic; an invalid row is refused
//! with `UnknownTerm` and changes nothing; the next question is always an unasked valid
//! question; the session stops within `MAX_QUESTIONS` questions; a routine outcome gives no
//! reasons and reasons are "yes" answers only; the step JSON decodes, and equals what
//! `step_json` writes for the same answers.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use poh_core::json::SliceSink;
use poh_core::questionnaire::{
    question, step_json, step_json_len, write_session_step, Level, Reply, Session, MAX_QUESTIONS,
};
use poh_core::{Error, Sex};

fuzz_target!(|data: &[u8]| {
    if data.first() == Some(&b'{') {
        json_step(data);
    } else {
        script(data);
    }
});

fn json_step(input: &[u8]) {
    let Ok(doc) = common::run_len(step_json_len, step_json, input) else {
        return;
    };
    let v = common::check_json(&doc, input);
    assert!(
        matches!(
            v.pointer("/outcome/level").and_then(|x| x.as_str()),
            Some("routine" | "see_doctor" | "refer")
        ),
        "no outcome.level in {}",
        common::show(&doc)
    );
    // The same answers through the struct API.
    let parsed: serde_json::Value = serde_json::from_slice(input).unwrap_or_else(|e| {
        panic!(
            "step_json accepted input serde_json rejects ({e}): {:?}",
            common::show(input)
        )
    });
    let age = parsed
        .get("age_months")
        .and_then(|a| a.as_u64())
        .map(|a| u16::try_from(a).unwrap_or_else(|_| panic!("accepted age {a}")));
    let sex = match parsed.get("sex").and_then(|s| s.as_str()) {
        Some("female") => Sex::Female,
        Some("male") => Sex::Male,
        Some("other") => Sex::Other,
        _ => Sex::Unknown,
    };
    let mut s = Session::new(age, sex);
    if let Some(answers) = parsed.get("answers").and_then(|a| a.as_object()) {
        for (id, reply) in answers {
            let row = (0..MAX_QUESTIONS)
                .find(|&i| question(i).is_some_and(|q| q.term.to_text().as_str() == id.as_str()))
                .unwrap_or_else(|| panic!("accepted an answer to {id}, which is not a question"));
            let reply = match reply.as_str() {
                Some("yes") => Reply::Yes,
                Some("no") => Reply::No,
                Some("dont_know") => Reply::DontKnow,
                r => panic!("accepted reply {r:?}"),
            };
            s.answer(row, reply)
                .unwrap_or_else(|e| panic!("answer({row}): {e:?}"));
        }
    }
    let mine = session_step(&s)
        .unwrap_or_else(|e| panic!("struct path failed ({e:?}) where step_json succeeded"));
    assert_eq!(
        mine,
        doc,
        "struct path and step_json differ for {:?}",
        common::show(input)
    );
}

/// The step JSON of a session through `write_session_step`.
fn session_step(s: &Session) -> Result<Vec<u8>, Error> {
    let mut buf = vec![0u8; common::OUT_CAP];
    let mut sink = SliceSink::new(&mut buf);
    write_session_step(s, &mut sink)?;
    let n = sink
        .finish()
        .unwrap_or_else(|needed| panic!("step needs {needed} bytes"));
    buf.truncate(n);
    Ok(buf)
}

fn reply_of(b: u8) -> Reply {
    [Reply::NotAsked, Reply::Yes, Reply::No, Reply::DontKnow][usize::from(b % 4)]
}

struct Script {
    s: Session,
}

impl Script {
    fn answer(&mut self, row: usize, reply: Reply) {
        let before = self.s;
        match self.s.answer(row, reply) {
            Ok(()) => {
                assert!(
                    question(row).is_some(),
                    "row {row} accepted but has no question"
                );
                assert_eq!(self.s.replies[row], reply);
            }
            Err(e) => {
                // A row without a question is refused first; a "not asked" reply to a real
                // question is not a reply at all.
                if question(row).is_none() {
                    assert_eq!(e, Error::UnknownTerm, "row {row}");
                } else {
                    assert_eq!(e, Error::UnknownValue, "row {row}");
                    assert_eq!(reply, Reply::NotAsked, "row {row} has a question but was refused");
                }
                assert_eq!(self.s, before, "a refused answer changed the session");
            }
        }
    }

    /// Ask the next question and answer it; false when the session stops (or errs).
    fn ask(&mut self, reply: Reply) -> bool {
        match self.s.next_question() {
            Ok(Some(q)) => {
                let row = usize::from(q.row);
                assert_eq!(
                    question(row),
                    Some(q),
                    "next question is not row {row}'s question"
                );
                assert_eq!(
                    self.s.replies[row],
                    Reply::NotAsked,
                    "asked row {row} again"
                );
                let reply = if reply == Reply::NotAsked {
                    Reply::DontKnow
                } else {
                    reply
                };
                self.answer(row, reply);
                true
            }
            Ok(None) => false,
            Err(e) => {
                common::check_error(e, &[]);
                false
            }
        }
    }

    fn outcome(&self) {
        match self.s.outcome() {
            Ok(o) => {
                for (i, &on) in o.reasons.iter().enumerate() {
                    if on {
                        assert_ne!(o.level, Level::Routine, "a routine outcome with reasons");
                        assert_eq!(self.s.replies[i], Reply::Yes, "reason {i} was not a yes");
                    }
                }
            }
            Err(e) => common::check_error(e, &[]),
        }
    }

    fn step(&self) {
        let doc = match session_step(&self.s) {
            Ok(doc) => doc,
            Err(e) => {
                common::check_error(e, &[]);
                return;
            }
        };
        common::check_json(&doc, &[]);
        // The same answers as a stateless step_json document.
        let mut input = String::from("{");
        if let Some(a) = self.s.age_months {
            input += &format!("\"age_months\":{a},");
        }
        let sex = match self.s.sex {
            Sex::Female => "female",
            Sex::Male => "male",
            Sex::Other => "other",
            _ => "unknown",
        };
        input += &format!("\"sex\":\"{sex}\",\"answers\":{{");
        let mut first = true;
        for (i, r) in self.s.replies.iter().enumerate() {
            let word = match r {
                Reply::NotAsked => continue,
                Reply::Yes => "yes",
                Reply::No => "no",
                Reply::DontKnow => "dont_know",
            };
            let q = question(i).unwrap_or_else(|| panic!("reply on row {i} without a question"));
            if !first {
                input.push(',');
            }
            first = false;
            input += &format!("\"{}\":\"{word}\"", q.term.to_text().as_str());
        }
        input += "}}";
        let mut out = vec![0u8; common::OUT_CAP];
        let r = step_json(input.as_bytes(), &mut out);
        if self.s.age_months.is_some_and(|a| a > 1800) {
            assert_eq!(
                r,
                Err(Error::OutOfRange),
                "age over the limit accepted: {input}"
            );
        } else {
            let n = r.unwrap_or_else(|e| panic!("step_json refused {input}: {e:?}"));
            assert_eq!(
                out[..n],
                doc[..],
                "step_json and the session differ for {input}"
            );
        }
    }
}

const MAX_OPS: usize = 24;

fn script(data: &[u8]) {
    let mut it = data.iter().copied();
    let age = u16::from_le_bytes([it.next().unwrap_or(0), it.next().unwrap_or(0)]);
    let flags = it.next().unwrap_or(0);
    let sex = [Sex::Unknown, Sex::Female, Sex::Male, Sex::Other][usize::from(flags % 4)];
    let age = (flags & 4 == 0).then_some(age);
    let mut sc = Script { s: Session::new(age, sex) };
    // At most MAX_OPS operations: every one evaluates the session, so longer scripts only
    // slow the fuzzer down (21 rows; 10 questions end a session).
    let mut ops = 0;
    while let Some(op) = it.next() {
        ops += 1;
        if ops > MAX_OPS {
            break;
        }
        match op % 4 {
            0 => {
                let row = it.next().unwrap_or(0);
                sc.answer(usize::from(row), reply_of(op >> 2));
            }
            1 => {
                sc.ask(reply_of(op >> 2));
            }
            2 => sc.outcome(),
            _ => sc.step(),
        }
    }
    // Play out: the session must stop within MAX_QUESTIONS further questions.
    let mut n = 0;
    while sc.ask(reply_of(flags >> 3)) {
        n += 1;
        assert!(n <= MAX_QUESTIONS, "the session does not stop");
    }
    sc.outcome();
    sc.step();
}
