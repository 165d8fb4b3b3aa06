//! `poh_assessment`: the core's assessment as a plain C struct (ABI v2). Each entry holds a
//! pointer to its knowledge-base row's static record (`info.rs`: keys, texts, citations)
//! and the values computed for the patient; numbers are copied. The per-finding reasoning
//! of each differential entry is in the JSON (`poh_assessment_to_json`), which is rendered
//! from the `findings` copy this struct carries.

use core::ffi::c_char;
use core::mem::MaybeUninit;

use poh_core::assessment::{Decider, InputRef};
use poh_core::kb::generated::{
    COUNSEL_COUNT, CRITERIA_COUNT, DISEASE_COUNT, GROUP_COUNT, SUPPORTING_COUNT,
};
use poh_core::kb::{Verdict, AHO_LISTS, CRITERIA, NOTES};
use poh_core::limits::MAX_NEXT_STEPS;
use poh_core::{Assessment, Error, Overall, Presence};

use crate::counseling::poh_counsel_answer;
use crate::cstr::cstr_table;
use crate::findings::poh_findings;
use crate::info::{
    poh_criterion_info, poh_disease_info, poh_group_info, poh_note_info, poh_step_info,
    poh_supporting_info, row, AHO_LIST_KEYS, CRITERION_INFO, DISEASE_INFO, GROUP_INFO, NOTE_COUNT,
    NOTE_INFO, STEP_INFO, SUPPORTING_INFO,
};
use crate::slot::{clear, field, out_slot, slots};
use crate::workspace::with_assessment;
use crate::{guard, non_null, poh_status};

/// The three major POH criteria.
pub const POH_CRITERIA_COUNT: usize = 3;
/// The six supporting findings.
pub const POH_SUPPORTING_COUNT: usize = 6;
/// Entries of the differential (every one is ranked): the eight modelled disorders and
/// "none of them" (`POHKB:OTHER`, likelihood ratio 1).
pub const POH_DISEASE_COUNT: usize = 9;
/// Next steps listed at most.
pub const POH_MAX_NEXT_STEPS: usize = 16;
/// Explanation items at most (one per term group a criterion reads).
pub const POH_MAX_EXPLANATION: usize = 12;
/// Management and prognosis notes at most (`note_count` never exceeds it).
pub const POH_MAX_NOTES: usize = 8;
/// Counseling statements at most.
pub const POH_MAX_STATEMENTS: usize = 12;

const _: () = assert!(POH_CRITERIA_COUNT == CRITERIA_COUNT);
const _: () = assert!(POH_SUPPORTING_COUNT == SUPPORTING_COUNT);
const _: () = assert!(POH_DISEASE_COUNT == DISEASE_COUNT);
const _: () = assert!(POH_MAX_NEXT_STEPS == MAX_NEXT_STEPS);
const _: () = assert!(POH_MAX_EXPLANATION >= GROUP_COUNT);
const _: () = assert!(POH_MAX_NOTES >= NOTES.len());
const _: () = assert!(POH_MAX_STATEMENTS >= COUNSEL_COUNT);

// The input fields a lab-derived or non-phenotype decision is named by (as in the JSON).
cstr_table!(INPUT_FIELDS, INPUT_FIELD_STRS, 8, |i| {
    poh_core::assessment::INPUT_FIELDS[i]
});

/// Verdict of one criterion.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_verdict {
    /// Not decidable from the findings given.
    Unknown = 0,
    /// Met.
    Met = 1,
    /// Not met.
    NotMet = 2,
}

/// The overall POH verdict.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_overall {
    /// Not decidable from the findings given.
    Indeterminate = 0,
    /// All three major criteria met.
    Met = 1,
    /// At least one major criterion not met.
    NotMet = 2,
}

/// The one alert flag (`none` without superficial or deep heterotopic ossification).
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_flag {
    /// No heterotopic ossification recorded: no alert.
    None = 0,
    /// Heterotopic ossification recorded: review the differential.
    Review = 1,
    /// POH's criteria met, or a hereditary ossification disorder more likely than not.
    Likely = 2,
}

/// Three-valued presence of a finding.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_presence {
    /// Not assessed.
    Unknown = 0,
    /// Present.
    Present = 1,
    /// Absent (examined and not found).
    Absent = 2,
}

/// The input that decided a finding: an HPO term, or a named input field, or nothing.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_input {
    /// The HPO id number as given (an alt_id stays visible), or 0 when not a term.
    pub term: u32,
    /// When not a term: the input field (`"labs.pth"`, `"gnas.result"`, ...); else NULL.
    pub field: *const c_char,
}

/// One major criterion, as it stands for this patient.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_criterion {
    /// The criterion (key, published text, provisional reason, sources).
    pub info: *const poh_criterion_info,
    /// Verdict.
    pub verdict: poh_verdict,
    /// The verdict may still change with age (why: `info->provisional_reason`).
    pub provisional: bool,
    /// The AHO list counted (`"orphanet_665"` or `"genereviews"`) for the AHO criterion;
    /// NULL for the others.
    pub aho_list: *const c_char,
    /// Term groups present.
    pub groups_present: u32,
    /// Term groups absent.
    pub groups_absent: u32,
    /// Term groups unknown.
    pub groups_unknown: u32,
}

/// One supporting finding, as it stands for this patient.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_supporting {
    /// The finding (key, published text, sources).
    pub info: *const poh_supporting_info,
    /// Presence.
    pub status: poh_presence,
    /// The input that decided it.
    pub input: poh_input,
}

/// One disease of the ranked differential.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_ranked {
    /// The disease (key, CURIE, name, abbreviation, summary, sources).
    pub info: *const poh_disease_info,
    /// 1000 * log10 likelihood ratio, phenotype and rules together.
    pub log10_lr_milli: i32,
    /// 1000 * log10 likelihood ratio of the phenotype terms alone.
    pub phenotype_log10_lr_milli: i32,
    /// Posterior over the differential, in thousandths (uniform priors).
    pub posterior_permille: u32,
}

/// One explanation item: the state of a term group that a criterion reads.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_explanation {
    /// The criterion it explains (the same record as `criteria[i].info`).
    pub criterion: *const poh_criterion_info,
    /// The criterion's verdict.
    pub criterion_verdict: poh_verdict,
    /// The term group (key such as `"deep_ossification"`, label, sources).
    pub group: *const poh_group_info,
    /// Presence of the group.
    pub status: poh_presence,
    /// The input that decided it.
    pub input: poh_input,
}

/// One proposed next step, most decisive first.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_next_step {
    /// The step (key, kind, text, sources).
    pub info: *const poh_step_info,
    /// It could change a major criterion's verdict.
    pub decides_criterion: bool,
    /// 1000 * log10 of the largest change in the separation of the two leading candidates.
    pub separation_milli: i32,
}

/// A well-formed term id the knowledge base does not know.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct poh_unrecognized {
    /// The HPO id number.
    pub id: u32,
    /// Its index in `findings.phenotypes`.
    pub entry: u32,
}

/// The assessment of one patient, caller-allocated and filled by `poh_evaluate`.
/// Every pointer in it is to static data (never freed). Counts say how many array entries
/// are in use; the entries past a count are zero (NULL pointers), except in `findings`, a
/// copy as given.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_assessment {
    /// Overall POH verdict.
    pub verdict: poh_overall,
    /// The verdict may change with age.
    pub provisional: bool,
    /// The three major criteria, in published order.
    pub criteria: [poh_criterion; POH_CRITERIA_COUNT],
    /// The six supporting findings.
    pub supporting: [poh_supporting; POH_SUPPORTING_COUNT],
    /// Rank of POH in `differential` (1 = first).
    pub poh_rank: u32,
    /// The differential, best first (all `POH_DISEASE_COUNT` entries filled).
    pub differential: [poh_ranked; POH_DISEASE_COUNT],
    /// Entries in use in `explanation`.
    pub explanation_count: u32,
    /// The input behind every criterion verdict, criterion by criterion.
    pub explanation: [poh_explanation; POH_MAX_EXPLANATION],
    /// Entries in use in `next_steps`.
    pub next_step_count: u32,
    /// What to assess next, most decisive first.
    pub next_steps: [poh_next_step; POH_MAX_NEXT_STEPS],
    /// Notes in `notes` (0, or every note of the knowledge base; at most `POH_MAX_NOTES`).
    pub note_count: u32,
    /// Management and prognosis notes, when they apply (POH met, indeterminate or
    /// leading): a static array of `note_count` records, in table order; NULL when
    /// `note_count` is 0.
    pub notes: *const poh_note_info,
    /// Entries in use in `unrecognized`.
    pub unrecognized_count: u32,
    /// Well-formed ids the knowledge base does not know (they are not scored).
    pub unrecognized: [poh_unrecognized; crate::POH_MAX_PHENOTYPES],
    /// Entries given as an alt_id (mapped to their primary term).
    pub alt_ids_mapped: u32,
    /// The knowledge-base version (as `poh_kb_version()`).
    pub kb_version: *const c_char,
    /// `counseling` is filled (asked for with `findings.options.counseling`).
    pub has_counseling: bool,
    /// The alert flag.
    pub flag: poh_flag,
    /// Inheritance counseling for the person's children (the person's condition is taken
    /// as POH only when the criteria are met; a recorded diagnosis is never read).
    pub counseling: poh_counsel_answer,
    /// A copy of the findings this assessment was computed from, as given.
    /// `poh_assessment_to_json` renders the JSON from it (evaluation is deterministic); do
    /// not modify it.
    pub findings: poh_findings,
}

const EMPTY_EXPLANATION: poh_explanation = poh_explanation {
    criterion: core::ptr::null(),
    criterion_verdict: poh_verdict::Unknown,
    group: core::ptr::null(),
    status: poh_presence::Unknown,
    input: NO_INPUT,
};

const EMPTY_STEP: poh_next_step = poh_next_step {
    info: core::ptr::null(),
    decides_criterion: false,
    separation_milli: 0,
};

const EMPTY_UNRECOGNIZED: poh_unrecognized = poh_unrecognized { id: 0, entry: 0 };

const NO_INPUT: poh_input = poh_input {
    term: 0,
    field: core::ptr::null(),
};

fn verdict(v: Verdict) -> poh_verdict {
    match v {
        Verdict::Met => poh_verdict::Met,
        Verdict::NotMet => poh_verdict::NotMet,
        Verdict::Unknown => poh_verdict::Unknown,
    }
}

fn presence(p: Presence) -> poh_presence {
    match p {
        Presence::Present => poh_presence::Present,
        Presence::Absent => poh_presence::Absent,
        Presence::Unknown => poh_presence::Unknown,
    }
}

/// The input that decided a group or a supporting finding (as the JSON's `input`): the
/// core's `Assessment::input_of` (`#[inline]`, so it costs no call here) as a C struct.
fn input(a: &Assessment, by: Decider) -> poh_input {
    match a.input_of(by) {
        None => NO_INPUT,
        Some(InputRef::Term(id)) => poh_input {
            term: id.0,
            field: core::ptr::null(),
        },
        Some(InputRef::Field(i)) => poh_input {
            term: 0,
            field: INPUT_FIELDS.get(usize::from(i)),
        },
    }
}

/// The entries of the C structs, one per function, each computed from the core's
/// assessment: `poh_assessment::write` writes them all, the `poh_result_*` accessors
/// (`result.rs`) one at a time. `None` past the entries in use; `Err(Internal)` only if the
/// core broke an invariant.
pub(crate) mod entry {
    use super::*;

    /// Criterion `i` (published order).
    #[inline(always)]
    pub(crate) fn criterion(a: &Assessment, i: usize) -> Option<poh_criterion> {
        let (info, r) = (CRITERION_INFO.0.get(i)?, a.criteria.get(i)?);
        let aho_list = CRITERIA.get(i).is_some_and(|c| c.aho_list);
        Some(poh_criterion {
            info,
            verdict: verdict(r.verdict),
            provisional: r.provisional,
            aho_list: if aho_list {
                AHO_LIST_KEYS.get(usize::from(a.aho_list))
            } else {
                core::ptr::null()
            },
            groups_present: u32::from(r.present),
            groups_absent: u32::from(r.absent),
            groups_unknown: u32::from(r.unknown),
        })
    }

    /// Supporting finding `i` (table order).
    #[inline(always)]
    pub(crate) fn supporting(a: &Assessment, i: usize) -> Option<poh_supporting> {
        let (info, r) = (SUPPORTING_INFO.0.get(i)?, a.supporting.get(i)?);
        Some(poh_supporting {
            info,
            status: presence(r.presence),
            input: input(a, r.by),
        })
    }

    /// The differential's entry at `rank` (0 = first).
    #[inline(always)]
    pub(crate) fn ranked(a: &Assessment, rank: usize) -> Result<Option<poh_ranked>, Error> {
        let Some(r) = a.differential.get(rank) else {
            return Ok(None);
        };
        Ok(Some(poh_ranked {
            info: row(&DISEASE_INFO, usize::from(r.disease))?,
            log10_lr_milli: r.log10_lr_milli,
            phenotype_log10_lr_milli: r.phenotype_log10_lr_milli,
            posterior_permille: u32::from(r.posterior_permille),
        }))
    }

    /// POH's rank in the differential (1 = first; 0 only if it is missing, a bug).
    pub(crate) fn poh_rank(a: &Assessment) -> u32 {
        a.poh_ranked().map_or(0, |(rank, _)| count(rank))
    }

    /// The term groups criterion `c` reads (the AHO criterion: the list in use).
    #[inline(always)]
    pub(crate) fn groups_read(a: &Assessment, c: &poh_core::kb::Criterion) -> &'static [u8] {
        if c.aho_list {
            AHO_LISTS
                .get(usize::from(a.aho_list))
                .map(|l| l.groups)
                .unwrap_or(&[])
        } else {
            c.groups
        }
    }

    /// The explanation item of group `g` read by criterion `i`.
    #[inline(always)]
    pub(crate) fn explanation(
        a: &Assessment,
        i: usize,
        g: usize,
    ) -> Result<poh_explanation, Error> {
        let info = CRITERION_INFO.0.get(i).ok_or(Error::Internal)?;
        let r = a.criteria.get(i).ok_or(Error::Internal)?;
        let st = a.groups.get(g).ok_or(Error::Internal)?;
        Ok(poh_explanation {
            criterion: info,
            criterion_verdict: verdict(r.verdict),
            group: row(&GROUP_INFO, g)?,
            status: presence(st.presence),
            input: input(a, st.by),
        })
    }

    /// Explanation item `n` (criterion by criterion, each group its criterion reads).
    pub(crate) fn explanation_at(
        a: &Assessment,
        mut n: usize,
    ) -> Result<Option<poh_explanation>, Error> {
        for (i, c) in CRITERIA.iter().enumerate() {
            let groups = groups_read(a, c);
            match groups.get(n) {
                Some(&g) => return explanation(a, i, usize::from(g)).map(Some),
                None => n -= groups.len(),
            }
        }
        Ok(None)
    }

    /// The number of explanation items.
    pub(crate) fn explanation_count(a: &Assessment) -> usize {
        CRITERIA.iter().map(|c| groups_read(a, c).len()).sum()
    }

    /// Next step `i` (most decisive first).
    #[inline(always)]
    pub(crate) fn next_step(a: &Assessment, i: usize) -> Result<Option<poh_next_step>, Error> {
        let Some(n) = a.next_steps.get(i) else {
            return Ok(None);
        };
        Ok(Some(poh_next_step {
            info: row(&STEP_INFO, usize::from(n.step))?,
            decides_criterion: n.decides_criterion,
            separation_milli: n.separation_milli,
        }))
    }

    /// The notes (all of them, or none): the static array and its length.
    pub(crate) fn notes(a: &Assessment) -> (*const poh_note_info, u32) {
        if a.poh_notes {
            (NOTE_INFO.0.as_ptr(), count(NOTE_COUNT))
        } else {
            (core::ptr::null(), 0)
        }
    }

    /// Unrecognized id `i`.
    #[inline(always)]
    pub(crate) fn unrecognized(a: &Assessment, i: usize) -> Option<poh_unrecognized> {
        let (id, entry) = a.unrecognized.listed.get(i)?;
        Some(poh_unrecognized {
            id: id.0,
            entry: u32::from(*entry),
        })
    }

    /// The overall verdict.
    pub(crate) fn flag(f: poh_core::assessment::Flag) -> poh_flag {
        match f {
            poh_core::assessment::Flag::None => poh_flag::None,
            poh_core::assessment::Flag::Review => poh_flag::Review,
            poh_core::assessment::Flag::Likely => poh_flag::Likely,
        }
    }

    pub(crate) fn overall(v: Overall) -> poh_overall {
        match v {
            Overall::Met => poh_overall::Met,
            Overall::NotMet => poh_overall::NotMet,
            Overall::Indeterminate => poh_overall::Indeterminate,
        }
    }
}

pub(crate) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl poh_assessment {
    /// Write the translation of the core's assessment `a` (computed from `findings`) into
    /// `out`, field by field where each lives: every field is written, entries past a
    /// count are zero (NULL pointers). On error (`Internal`: the core broke an invariant)
    /// `out` is partly written.
    pub(crate) fn write(
        out: &mut MaybeUninit<poh_assessment>,
        a: &Assessment,
        findings: &poh_findings,
    ) -> Result<(), Error> {
        field!(out, verdict).write(entry::overall(a.verdict));
        field!(out, provisional).write(a.provisional);

        // The record tables, a.criteria and the C array all have POH_CRITERIA_COUNT entries
        // (checked at compile time above), so every slot is written; the same holds for
        // the supporting findings and the differential.
        let criteria = slots(field!(out, criteria));
        for (i, slot) in criteria.iter_mut().enumerate() {
            slot.write(entry::criterion(a, i).ok_or(Error::Internal)?);
        }

        let supporting = slots(field!(out, supporting));
        for (i, slot) in supporting.iter_mut().enumerate() {
            slot.write(entry::supporting(a, i).ok_or(Error::Internal)?);
        }

        let differential = slots(field!(out, differential));
        for (rank, slot) in differential.iter_mut().enumerate() {
            slot.write(entry::ranked(a, rank)?.ok_or(Error::Internal)?);
        }
        field!(out, poh_rank).write(entry::poh_rank(a));

        let explanation = slots(field!(out, explanation));
        let mut used = 0usize;
        for (i, c) in CRITERIA.iter().enumerate() {
            for &g in entry::groups_read(a, c) {
                let e = entry::explanation(a, i, usize::from(g))?;
                explanation.get_mut(used).ok_or(Error::Internal)?.write(e);
                used += 1;
            }
        }
        clear(
            explanation.get_mut(used..).unwrap_or_default(),
            EMPTY_EXPLANATION,
        );
        field!(out, explanation_count).write(count(used));

        let steps = slots(field!(out, next_steps));
        let used = a.next_steps.len();
        for (i, slot) in steps.iter_mut().enumerate().take(used) {
            slot.write(entry::next_step(a, i)?.ok_or(Error::Internal)?);
        }
        clear(steps.get_mut(used..).unwrap_or_default(), EMPTY_STEP);
        field!(out, next_step_count).write(count(used));

        // All or nothing: the static array itself.
        let (notes, note_count) = entry::notes(a);
        field!(out, notes).write(notes);
        field!(out, note_count).write(note_count);

        let unrecognized = slots(field!(out, unrecognized));
        let used = a.unrecognized.listed.len();
        for (i, slot) in unrecognized.iter_mut().enumerate().take(used) {
            slot.write(entry::unrecognized(a, i).ok_or(Error::Internal)?);
        }
        clear(
            unrecognized.get_mut(used..).unwrap_or_default(),
            EMPTY_UNRECOGNIZED,
        );
        field!(out, unrecognized_count).write(count(used));

        field!(out, alt_ids_mapped).write(u32::from(a.alt_ids_mapped));
        field!(out, kb_version).write(crate::poh_kb_version());
        field!(out, has_counseling).write(a.counseling.is_some());
        field!(out, flag).write(entry::flag(a.flag));
        poh_counsel_answer::write_opt(field!(out, counseling), a.counseling.as_ref());
        field!(out, findings).write(*findings);
        Ok(())
    }
}

/// Evaluate `*findings` into `*out`: the POH criteria, the supporting findings, the ranked
/// differential, the explanation and the next steps. A verdict of "not met" is a result
/// (`POH_STATUS_OK`), not an error. Entries past a count are zero (NULL pointers).
///
/// Errors: any error of a field (`OUT_OF_RANGE`, `INVALID_HPO_ID`, `TOO_MANY_PHENOTYPES`,
/// `TOO_MANY_MODIFIERS`, `UNKNOWN_OPTION`), of the findings as a whole
/// (`PRESENT_AND_EXCLUDED`, `CONTRADICTORY_FINDINGS`, `INVALID_MODIFIER`),
/// `NULL_ARGUMENT`. `*out` is written only on success (after `INTERNAL` or `PANIC`, both
/// bugs, its content is unspecified).
///
/// # Safety
/// `findings` must point to a valid `poh_findings`; `out` to writable memory for one
/// `poh_assessment`. They may not overlap.
#[no_mangle]
pub unsafe extern "C" fn poh_evaluate(
    findings: *const poh_findings,
    out: *mut poh_assessment,
) -> poh_status {
    guard(|| {
        non_null(findings)?;
        non_null(out)?;
        // Read in place: no copy of the caller's struct.
        // SAFETY: non-NULL and valid per the caller's contract; integers only, so any
        // initialised content is a valid poh_findings; nothing writes it during this call
        // (it does not overlap `out`).
        let input = unsafe { &*findings };
        with_assessment(|a| {
            input.evaluate(a)?;
            // Every input error is behind us: from here on *out is written, in place.
            // SAFETY: non-NULL, writable for one poh_assessment and exclusively ours for
            // this call (the caller's contract).
            let slot = unsafe { out_slot(out) };
            poh_assessment::write(slot, a, input)?;
            Ok(())
        })
    })
}

#[cfg(test)]
#[allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;
    use poh_core::assessment::InputRef;

    /// What the C input of `by` must be: the core's input, a term as its number and a field
    /// as a C string with the core's name for it (not a pointer compared with the table's
    /// own entry: its text is read).
    fn check(a: &Assessment, by: Decider, got: poh_input) -> Result<bool, String> {
        let field = || {
            (!got.field.is_null()).then(|| {
                // SAFETY: a non-NULL field is one of INPUT_FIELDS' static C strings.
                unsafe { core::ffi::CStr::from_ptr(got.field) }
                    .to_str()
                    .unwrap()
            })
        };
        match a.input_of(by) {
            None if got.term == 0 && got.field.is_null() => Ok(false),
            Some(InputRef::Term(id)) if got.term == id.0 && got.field.is_null() => Ok(false),
            Some(InputRef::Field(i))
                if got.term == 0
                    && field() == Some(poh_core::assessment::INPUT_FIELDS[usize::from(i)]) =>
            {
                Ok(true)
            }
            want => Err(format!(
                "{by:?}: {want:?} became ({}, {:?})",
                got.term,
                field()
            )),
        }
    }

    /// The value of the top-level `"input"` member of a golden case (braces matched,
    /// strings skipped).
    fn input_member(doc: &[u8]) -> &[u8] {
        let key = b"\"input\"";
        let at = doc.windows(key.len()).position(|w| w == key).unwrap() + key.len();
        let start = at + doc[at..].iter().position(|&b| b == b'{').unwrap();
        let (mut depth, mut in_str, mut esc) = (0, false, false);
        for (i, &b) in doc[start..].iter().enumerate() {
            match (in_str, esc, b) {
                (true, true, _) => esc = false,
                (true, false, b'\\') => esc = true,
                (true, false, b'"') => in_str = false,
                (true, false, _) => {}
                (false, _, b'"') => in_str = true,
                (false, _, b'{') => depth += 1,
                (false, _, b'}') => {
                    depth -= 1;
                    if depth == 0 {
                        return &doc[start..=start + i];
                    }
                }
                _ => {}
            }
        }
        panic!("unbalanced input member")
    }

    #[test]
    fn input_is_the_cores() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases");
        let mut cases = 0;
        let mut lab_fields = 0;
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("json"))
            .collect();
        paths.sort();
        // Under Miri every 8th case (about 90 s for all of them there; tests/miri.sh).
        for path in paths.into_iter().step_by(if cfg!(miri) { 8 } else { 1 }) {
            let mut f = poh_core::Findings::new();
            let doc = std::fs::read(&path).unwrap();
            if poh_core::json::parse_findings(input_member(&doc), &mut f).is_err() {
                continue; // a case of an input error
            }
            let mut a = Assessment::default();
            if poh_core::evaluate(&f, &mut a).is_err() {
                continue;
            }
            cases += 1;
            let mut deciders = vec![
                Decider::None,
                Decider::GnasResult,
                Decider::ParentOfOrigin,
                Decider::FatherAffected,
                Decider::Imaging,
            ];
            let past = u8::try_from(a.resolved.len()).unwrap();
            deciders.extend((0..=past).map(Decider::Finding));
            deciders.extend(a.groups.iter().map(|g| g.by));
            deciders.extend(a.supporting.iter().map(|s| s.by));
            for by in deciders {
                let is_field =
                    check(&a, by, input(&a, by)).unwrap_or_else(|e| panic!("{path:?} {e}"));
                lab_fields += usize::from(is_field);
            }
        }
        assert!(
            cases >= if cfg!(miri) { 4 } else { 30 },
            "golden cases not found in {dir:?}"
        );
        // (The sample Miri reads need not have one.)
        assert!(
            cfg!(miri) || lab_fields > 0,
            "no input decided by a field (lab, GNAS, history) exercised"
        );
    }
}
