//! A lay-language questionnaire for patient kiosks.
//!
//! The questions are the seed table's "other names" (for example "Firm lump under the
//! skin", "Short fingers or toes") of rows that may be shown to patients and whose answer
//! can change the assessment, then the questionnaire's own questions (`KIOSK_QUESTIONS`,
//! core/data/steps.toml: the GARD page's first sign as parents notice it, the one question
//! that records heterotopic ossification). Answers are yes / no / don't know; "don't know" stays
//! unknown. The next question is the one whose answer would change the assessment most
//! (a major criterion it could decide first, then the largest change of the POH log
//! likelihood ratio either answer would bring). The session state is a fixed-size value;
//! the session stops when no question is left that could change anything, or after
//! `QUESTIONNAIRE.max_questions`. The outcome is a referral level with the reasons, in
//! plain words, never a diagnosis: the level is the assessment's alert flag
//! ([`crate::Flag`]: likely -> refer, review -> see the doctor, none -> routine), the one
//! flag every consumer reads.

use crate::assessment::{Assessment, Flag, Presence};
use crate::error::Error;
use crate::eval::score_term;
use crate::findings::{Findings, Phenotype, Sex};
use crate::hpo::HpoId;
use crate::kb::generated::{D_POH, KB_PROGRESSIVE, SEED_ROWS};
use crate::kb::{kb_term, model_row, TermKind, GROUPS, KIOSK_QUESTIONS, QUESTIONNAIRE};

/// Rows of the questionnaire: the seed rows, then the questionnaire's own questions (an
/// upper bound on the questions; only rows with a question are ever asked).
pub const MAX_QUESTIONS: usize = SEED_ROWS.len() + KIOSK_QUESTIONS.len();

/// An answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reply {
    /// Not asked yet.
    #[default]
    NotAsked,
    /// Yes.
    Yes,
    /// No.
    No,
    /// Don't know (stays unknown).
    DontKnow,
}

/// One question: a questionnaire row and the words shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    /// The questionnaire row: an index into `kb::SEED_ROWS`, or `SEED_ROWS.len()` plus an
    /// index into `kb::KIOSK_QUESTIONS`.
    pub row: u8,
    /// The HPO term the answer records.
    pub term: HpoId,
    /// The lay name shown to the patient.
    pub text: &'static str,
}

impl Question {
    /// The question's opening words, by the kind of its row ("Have you (or your child)
    /// noticed this: " for a sign, as every question of `KIOSK_QUESTIONS`): the question
    /// is shown as prefix, lay name, "?".
    pub fn prefix(&self) -> &'static str {
        match SEED_ROWS.get(usize::from(self.row)).map(|r| r.kind) {
            Some(TermKind::Onset) => QUESTIONNAIRE.onset_prefix,
            Some(TermKind::Course) => QUESTIONNAIRE.course_prefix,
            _ => QUESTIONNAIRE.question_prefix,
        }
    }
}

/// Whether a seed row's answer can change the assessment: its term is in a criterion or
/// supporting group, is the "progressive" course modifier, or is scored for POH.
fn relevant(kb: u8) -> bool {
    if kb == KB_PROGRESSIVE {
        return true;
    }
    if GROUPS.iter().any(|g| g.terms.contains(&kb)) {
        return true;
    }
    model_row(kb, D_POH).is_some()
}

/// The question behind a questionnaire row, if it may be asked.
pub fn question(row: usize) -> Option<Question> {
    let (kb, text) = match SEED_ROWS.get(row) {
        Some(r) => {
            if !r.kiosk || matches!(r.kind, TermKind::Inheritance | TermKind::Variability) {
                return None;
            }
            (r.kb, *r.lay_names.first()?)
        }
        None => {
            let q = KIOSK_QUESTIONS.get(row.checked_sub(SEED_ROWS.len())?)?;
            (q.kb, q.text)
        }
    };
    if !relevant(kb) {
        return None;
    }
    Some(Question {
        row: u8::try_from(row).ok()?,
        term: HpoId(kb_term(kb)?.id),
        text,
    })
}

/// The fixed-size state of one kiosk session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Session {
    /// Age in months, if given.
    pub age_months: Option<u16>,
    /// Sex, if given.
    pub sex: Sex,
    /// One reply per questionnaire row (only rows with a question are ever asked).
    pub replies: [Reply; MAX_QUESTIONS],
    /// Questions asked so far.
    pub asked: u8,
}

/// Referral level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Nothing in the answers points to the signs asked about.
    Routine,
    /// Worth discussing with the doctor.
    SeeDoctor,
    /// Ask for a specialist referral.
    Refer,
}

impl Level {
    /// snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Routine => "routine",
            Level::SeeDoctor => "see_doctor",
            Level::Refer => "refer",
        }
    }
    /// The message for the patient.
    pub const fn text(self) -> &'static str {
        match self {
            Level::Routine => QUESTIONNAIRE.routine_text,
            Level::SeeDoctor => QUESTIONNAIRE.see_doctor_text,
            Level::Refer => QUESTIONNAIRE.refer_text,
        }
    }
}

/// The outcome for the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Referral level.
    pub level: Level,
    /// Rows answered "yes" behind the level (the reasons), in table order.
    pub reasons: [bool; MAX_QUESTIONS],
}

impl Session {
    /// A new session.
    pub fn new(age_months: Option<u16>, sex: Sex) -> Session {
        Session {
            age_months,
            sex,
            ..Session::default()
        }
    }

    /// Record a reply to the question of `row`.
    pub fn answer(&mut self, row: usize, reply: Reply) -> Result<(), Error> {
        question(row).ok_or(Error::UnknownTerm)?;
        // A reply is yes, no or don't know; "not asked" is the state before one.
        if reply == Reply::NotAsked {
            return Err(Error::UnknownValue);
        }
        let slot = self.replies.get_mut(row).ok_or(Error::UnknownTerm)?;
        if *slot == Reply::NotAsked {
            self.asked = self.asked.saturating_add(1);
        }
        *slot = reply;
        Ok(())
    }

    /// The findings the replies amount to.
    pub fn findings(&self) -> Result<Findings, Error> {
        let mut f = Findings::new();
        self.fill(&mut f)?;
        Ok(f)
    }

    /// Write the findings the replies amount to into the empty `f` (in place: a
    /// `Findings` is 2.4 KiB on a Cortex-M0, and a `Result` of one is another copy).
    fn fill(&self, f: &mut Findings) -> Result<(), Error> {
        f.age_months = self.age_months;
        f.sex = self.sex;
        for (i, r) in self.replies.iter().enumerate() {
            let Some(q) = question(i) else { continue };
            match r {
                Reply::Yes => f.add(Phenotype::present(q.term))?,
                Reply::No => f.add(Phenotype::excluded(q.term))?,
                Reply::NotAsked | Reply::DontKnow => {}
            }
        }
        Ok(())
    }

    /// The next question to ask, or `None` when the session should stop.
    pub fn next_question(&self) -> Result<Option<Question>, Error> {
        self.next_question_into(&mut Assessment::default())
    }

    /// [`Session::next_question`] with the evaluation in the caller's storage `work`
    /// (for devices whose stack cannot hold an [`Assessment`]); afterwards `work` holds
    /// the assessment of the answers so far (on error, the empty assessment).
    pub fn next_question_into(&self, work: &mut Assessment) -> Result<Option<Question>, Error> {
        self.assess(work)?;
        self.next_of(work)
    }

    /// The outcome so far.
    pub fn outcome(&self) -> Result<Outcome, Error> {
        self.outcome_into(&mut Assessment::default())
    }

    /// [`Session::outcome`] with the evaluation in the caller's storage `work`, as
    /// [`Session::next_question_into`].
    pub fn outcome_into(&self, work: &mut Assessment) -> Result<Outcome, Error> {
        self.assess(work)?;
        self.outcome_of(work)
    }

    /// Evaluate the findings the replies amount to into `a`.
    fn assess(&self, a: &mut Assessment) -> Result<(), Error> {
        let mut f = Findings::new();
        self.fill(&mut f).inspect_err(|_| a.reset())?;
        crate::evaluate(&f, a)
    }

    /// The next question, given `a`, the assessment of the answers so far.
    fn next_of(&self, a: &Assessment) -> Result<Option<Question>, Error> {
        if self.asked >= QUESTIONNAIRE.max_questions {
            return Ok(None);
        }
        let mut best: Option<(i32, Question)> = None;
        for (i, r) in self.replies.iter().enumerate() {
            if *r != Reply::NotAsked {
                continue;
            }
            let Some(q) = question(i) else { continue };
            let v = value(a, q)?;
            if v > 0 && best.is_none_or(|(b, _)| v > b) {
                best = Some((v, q));
            }
        }
        Ok(best.map(|(_, q)| q))
    }

    /// The outcome, given `a`, the assessment of the answers so far: the level is its
    /// alert flag; above routine, the reasons are the "yes" answers that raise POH's
    /// likelihood ratio, and an onset in the first year or a worsening course.
    fn outcome_of(&self, a: &Assessment) -> Result<Outcome, Error> {
        let level = match a.flag() {
            Flag::Likely => Level::Refer,
            Flag::Review => Level::SeeDoctor,
            Flag::None => Level::Routine,
        };
        let mut reasons = [false; MAX_QUESTIONS];
        for (i, (r, out)) in self.replies.iter().zip(reasons.iter_mut()).enumerate() {
            let Some(q) = question(i) else { continue };
            if *r != Reply::Yes || level == Level::Routine {
                continue;
            }
            let Some((t, _)) = crate::hpo::subset_index(q.term) else {
                continue;
            };
            *out = score_term(t, false, D_POH)?.log10_lr_milli > 0
                || q.term == HpoId(3676)
                || q.term == HpoId(3593);
        }
        Ok(Outcome { level, reasons })
    }
}

/// How much the answer to `q` could change the assessment `a`.
fn value(a: &Assessment, q: Question) -> Result<i32, Error> {
    let (t, _) = crate::hpo::subset_index(q.term).ok_or(Error::Internal)?;
    let kb = crate::kb::kb_of(t).ok_or(Error::Internal)?;
    // A question that could decide a major criterion still unknown comes first.
    let decides = GROUPS.iter().enumerate().any(|(gi, g)| {
        g.terms.contains(&kb)
            && a.groups
                .get(gi)
                .is_some_and(|s| s.presence == Presence::Unknown)
            && crate::kb::CRITERIA
                .iter()
                .zip(a.criteria.iter())
                .any(|(c, r)| {
                    let groups = if c.aho_list {
                        crate::kb::AHO_LISTS
                            .get(usize::from(a.aho_list))
                            .map(|l| l.groups)
                            .unwrap_or(&[])
                    } else {
                        c.groups
                    };
                    r.verdict == crate::kb::Verdict::Unknown
                        && u8::try_from(gi).is_ok_and(|g| groups.contains(&g))
                })
    });
    let yes = score_term(t, false, D_POH)?.log10_lr_milli;
    let no = score_term(t, true, D_POH)?.log10_lr_milli;
    let mut v = yes.abs().max(no.abs());
    // Course and onset answers change rules and supporting findings, not the phenotype score.
    if v == 0 && (kb == KB_PROGRESSIVE || GROUPS.iter().any(|g| g.terms.contains(&kb))) {
        v = 1;
    }
    Ok(if decides {
        v.saturating_add(100_000)
    } else {
        v
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row_of(id: u32) -> usize {
        SEED_ROWS
            .iter()
            .position(|r| kb_term(r.kb).map(|t| t.id) == Some(id))
            .unwrap()
    }

    fn run(age: u16, reply_of: impl Fn(u32) -> Reply) -> (Session, Option<HpoId>) {
        let mut s = Session::new(Some(age), Sex::Female);
        let mut first = None;
        let mut seen = 0;
        while let Some(q) = s.next_question().unwrap() {
            first.get_or_insert(q.term);
            s.answer(usize::from(q.row), reply_of(q.term.0)).unwrap();
            seen += 1;
            assert!(seen <= MAX_QUESTIONS, "the session must stop");
        }
        (s, first)
    }

    #[test]
    fn questions_come_from_the_seed_lay_names_and_the_questionnaire() {
        let qs: Vec<Question> = (0..MAX_QUESTIONS).filter_map(question).collect();
        let texts: Vec<&str> = qs.iter().map(|q| q.text).collect();
        assert!(texts.contains(&"Firm lump under the skin"), "{texts:?}");
        assert!(texts.contains(&"Short fingers or toes"), "{texts:?}");
        // Never shown: the calcification wording of muscle ossification, and sarcoma.
        assert!(!texts.contains(&"Calcification of muscle tissue"));
        assert!(!texts.contains(&"Cancer of connective tissue"));
        // The questionnaire's own question follows the seed rows and records dermal
        // ossification, asked as a sign.
        let grains = qs.iter().find(|q| q.term == HpoId(6_000_071)).unwrap();
        assert_eq!(usize::from(grains.row), SEED_ROWS.len());
        assert!(grains.text.contains("rice"), "{}", grains.text);
        assert_eq!(grains.prefix(), QUESTIONNAIRE.question_prefix);
        assert_eq!(question(MAX_QUESTIONS), None);
    }

    #[test]
    fn without_grains_in_the_skin_the_flag_and_so_the_referral_stay_down() {
        // Lumps under the skin from infancy that worsen, with stiff joints, but no hard
        // grains in the skin: no ossification is recorded, so the flag is none and the
        // level routine (a firm lump alone does not raise POH: docs/RULES.md).
        let (s, first) = run(18, |id| match id {
            1482 | 3593 | 3676 | 1376 => Reply::Yes,
            1156 | 6_000_071 => Reply::No,
            _ => Reply::DontKnow,
        });
        let o = s.outcome().unwrap();
        assert_eq!(o.level, Level::Routine);
        assert!(o.reasons.iter().all(|r| !r), "no reasons at routine");
        // The first question is the one that decides the most: the grains (criterion i).
        assert_eq!(first, Some(HpoId(6_000_071)));
        // "Don't know" to the grains is not "no": still routine, as nothing is recorded.
        let (s, _) = run(18, |id| match id {
            1482 | 3593 | 3676 | 1376 => Reply::Yes,
            _ => Reply::DontKnow,
        });
        assert_eq!(s.outcome().unwrap().level, Level::Routine);
    }

    #[test]
    fn grains_in_the_skin_raise_the_referral_through_the_flag() {
        let (s, _) = run(18, |id| match id {
            6_000_071 => Reply::Yes,
            _ => Reply::DontKnow,
        });
        let mut a = Assessment::default();
        let o = s.outcome_into(&mut a).unwrap();
        assert_ne!(a.flag(), Flag::None);
        assert_eq!(
            o.level,
            match a.flag() {
                Flag::Likely => Level::Refer,
                _ => Level::SeeDoctor,
            }
        );
        assert!(o.reasons[SEED_ROWS.len()], "the grains are a reason");
        // With the infant onset, the worsening course and lumps under the skin: the
        // level is the flag's whatever it is, and the signs are the reasons.
        let (s, _) = run(18, |id| match id {
            6_000_071 | 1482 | 3593 | 3676 | 1376 => Reply::Yes,
            1156 => Reply::No,
            _ => Reply::DontKnow,
        });
        let o = s.outcome_into(&mut a).unwrap();
        assert_ne!(o.level, Level::Routine);
        assert!(o.reasons[SEED_ROWS.len()] && o.reasons[row_of(1482)]);
        assert!(!o.reasons[row_of(1156)]);
    }

    #[test]
    fn all_no_is_routine() {
        let mut s = Session::new(Some(300), Sex::Male);
        while let Some(q) = s.next_question().unwrap() {
            s.answer(usize::from(q.row), Reply::No).unwrap();
        }
        assert_eq!(s.outcome().unwrap().level, Level::Routine);
        assert_eq!(
            s.answer(row_of(100242), Reply::Yes),
            Err(Error::UnknownTerm)
        );
    }
}

/// One step of a kiosk session through JSON (stateless: the answers so far come in).
///
/// Input: `{"age_months": 18, "sex": "female", "answers": {"HP:0001482": "yes",
/// "HP:0001156": "dont_know"}}` (answers keyed by the question's HPO id: `yes`, `no`,
/// `dont_know`). Output: `{"next": {"id", "lay_name", "text"} or null, "asked",
/// "outcome": {"level", "message", "reasons": [lay names], "cites"}}`.
pub fn step_json(input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    step_json_len(input, out).map_err(|(e, _)| e)
}

/// Like [`step_json`], and on a too-small buffer also report the size needed.
pub fn step_json_len(input: &[u8], out: &mut [u8]) -> Result<usize, (Error, usize)> {
    let s = parse_session(input).map_err(|e| (e, 0))?;
    let mut sink = crate::json::SliceSink::new(out);
    write_session_step_into(&s, &mut Assessment::default(), &mut sink).map_err(|e| (e, 0))?;
    sink.finish()
        .map_err(|needed| (Error::BufferTooSmall, needed))
}

fn parse_session(input: &[u8]) -> Result<Session, Error> {
    use crate::json::input::{fail, map_json_error, seen, ErrCell};
    use core::cell::Cell;
    use serde::de::{self, DeserializeSeed, MapAccess, Visitor};

    struct Top<'c>(&'c ErrCell);
    struct Answers<'c, 's>(&'c ErrCell, &'s mut Session);
    impl<'de> DeserializeSeed<'de> for Top<'_> {
        type Value = Session;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Session, D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for Top<'_> {
        type Value = Session;
        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("a questionnaire session")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Session, A::Error> {
            let cell = self.0;
            let mut s = Session::default();
            let mut mask = 0u32;
            while let Some(key) = map.next_key::<&'de str>()? {
                match key {
                    "age_months" => {
                        seen(cell, &mut mask, 0)?;
                        s.age_months = match map.next_value::<Option<u32>>()? {
                            None => None,
                            Some(v) if v <= u32::from(crate::limits::MAX_AGE_MONTHS) => {
                                u16::try_from(v).ok()
                            }
                            Some(_) => return Err(fail(cell, Error::OutOfRange)),
                        };
                    }
                    "sex" => {
                        seen(cell, &mut mask, 1)?;
                        s.sex = match map.next_value::<Option<&'de str>>()? {
                            None | Some("unknown") => Sex::Unknown,
                            Some("female") => Sex::Female,
                            Some("male") => Sex::Male,
                            Some("other") => Sex::Other,
                            Some(_) => return Err(fail(cell, Error::UnknownValue)),
                        };
                    }
                    "answers" => {
                        seen(cell, &mut mask, 2)?;
                        map.next_value_seed(Answers(cell, &mut s))?;
                    }
                    _ => return Err(fail(cell, Error::UnknownField)),
                }
            }
            Ok(s)
        }
    }
    impl<'de> DeserializeSeed<'de> for Answers<'_, '_> {
        type Value = ();
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for Answers<'_, '_> {
        type Value = ();
        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("answers keyed by HPO id")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let (cell, s) = (self.0, self.1);
            while let Some(key) = map.next_key::<&'de str>()? {
                let id = HpoId::parse(key).map_err(|e| fail(cell, e))?;
                let row = (0..MAX_QUESTIONS)
                    .find(|&i| question(i).is_some_and(|q| q.term == id))
                    .ok_or_else(|| fail(cell, Error::UnknownTerm))?;
                let reply = match map.next_value::<&'de str>()? {
                    "yes" => Reply::Yes,
                    "no" => Reply::No,
                    "dont_know" => Reply::DontKnow,
                    _ => return Err(fail(cell, Error::UnknownValue)),
                };
                if s.replies.get(row).is_some_and(|r| *r != Reply::NotAsked) {
                    return Err(fail(cell, Error::DuplicateField));
                }
                s.answer(row, reply).map_err(|e| fail(cell, e))?;
            }
            Ok(())
        }
    }

    crate::json::scan_check_integers(input)?;
    let cell: ErrCell = Cell::new(None);
    crate::json::input::parse_document(input, Top(&cell)).map_err(|e| map_json_error(e, &cell))
}

/// Write one step of `s` as JSON (the same document as [`step_json`]): the next question,
/// the number asked and the outcome so far. For devices that hold the session themselves.
pub fn write_session_step<S: crate::json::Sink + ?Sized>(
    s: &Session,
    sink: &mut S,
) -> Result<(), Error> {
    write_session_step_into(s, &mut Assessment::default(), sink)
}

/// [`write_session_step`] with the evaluation in the caller's storage `work` (one
/// evaluation for the question and the outcome); afterwards `work` holds the assessment
/// of the answers so far (on error, the empty assessment).
pub fn write_session_step_into<S: crate::json::Sink + ?Sized>(
    s: &Session,
    work: &mut Assessment,
    sink: &mut S,
) -> Result<(), Error> {
    s.assess(work)?;
    let next = s.next_of(work)?;
    let o = s.outcome_of(work)?;
    write_step(s, next, &o, sink)
}

fn write_step<S: crate::json::Sink + ?Sized>(
    s: &Session,
    next: Option<Question>,
    o: &Outcome,
    sink: &mut S,
) -> Result<(), Error> {
    let put = crate::json::output::put::<S>;
    put(sink, "{\"next\":", false)?;
    match next {
        None => put(sink, "null", false)?,
        Some(q) => {
            put(sink, "{\"id\":", false)?;
            put(sink, q.term.to_text().as_str(), true)?;
            put(sink, ",\"lay_name\":", false)?;
            put(sink, q.text, true)?;
            put(sink, ",\"text\":\"", false)?;
            // prefix + lay name + "?": knowledge-base text without characters to escape,
            // written as one JSON string (an escape would be a bug in the tables).
            for part in [q.prefix(), q.text, "?"] {
                if part.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
                    return Err(Error::Internal);
                }
                sink.write(part.as_bytes())?;
            }
            put(sink, "\"}", false)?;
        }
    }
    put(sink, ",\"asked\":", false)?;
    crate::json::output::put_num(sink, s.asked)?;
    put(sink, ",\"outcome\":{\"level\":", false)?;
    put(sink, o.level.as_str(), true)?;
    put(sink, ",\"message\":", false)?;
    put(sink, o.level.text(), true)?;
    put(sink, ",\"reasons\":[", false)?;
    let mut first = true;
    for (i, on) in o.reasons.iter().enumerate() {
        let Some(q) = question(i).filter(|_| *on) else {
            continue;
        };
        if !first {
            put(sink, ",", false)?;
        }
        first = false;
        put(sink, q.text, true)?;
    }
    put(sink, "],\"cites\":[", false)?;
    for (i, &c) in QUESTIONNAIRE.cites.iter().enumerate() {
        if i > 0 {
            put(sink, ",", false)?;
        }
        put(
            sink,
            crate::kb::citation(c).map(|c| c.id).unwrap_or("?"),
            true,
        )?;
    }
    put(sink, "]}}", false)
}

#[cfg(test)]
mod json_tests {
    use super::*;

    #[test]
    fn stateless_steps() {
        let mut out = [0u8; 4096];
        let n = step_json(br#"{"age_months": 18, "sex": "female"}"#, &mut out).unwrap();
        let t = core::str::from_utf8(&out[..n]).unwrap();
        assert!(t.starts_with(r#"{"next":{"id":"HP:6000071","lay_name":"Small, rice-sized hard grains in the skin that make it feel rough and thick","text":"Have you (or your child) noticed this: Small, rice-sized hard grains in the skin that make it feel rough and thick?"}"#), "{t}");
        assert!(t.contains(r#""level":"routine""#), "{t}");
        let n = step_json(
            br#"{"age_months": 18, "answers": {"HP:6000071": "yes", "HP:0001482": "yes", "HP:0003593": "yes", "HP:0003676": "yes", "HP:0001376": "yes", "HP:0001156": "no"}}"#,
            &mut out,
        )
        .unwrap();
        let t = core::str::from_utf8(&out[..n]).unwrap();
        assert!(!t.contains(r#""level":"routine""#), "{t}");
        assert!(t.contains(r#""Firm lump under the skin""#), "{t}");
        assert!(
            t.contains(r#""Small, rice-sized hard grains in the skin"#),
            "{t}"
        );
        assert_eq!(
            step_json(br#"{"answers": {"HP:0100242": "yes"}}"#, &mut out),
            Err(Error::UnknownTerm)
        );
        assert_eq!(
            step_json(br#"{"answers": {"HP:0001482": "maybe"}}"#, &mut out),
            Err(Error::UnknownValue)
        );
    }
}
