//! `poh_assessment`: the core's assessment as a plain C struct. Table entries (keys, texts,
//! disease ids, citation ids) are pointers to static NUL-terminated copies of the core's
//! tables (see `cstr.rs`); numbers are copied. The per-finding reasoning of each
//! differential entry is in the JSON (`poh_assessment_to_json`), which is rendered from
//! the `findings` copy this struct carries.

use core::ffi::c_char;
use core::mem::MaybeUninit;

use poh_core::assessment::{Decider, InputRef};
use poh_core::kb::generated::{
    COUNSEL_COUNT, CRITERIA_COUNT, DISEASE_COUNT, GROUP_COUNT, STEP_COUNT, SUPPORTING_COUNT,
};
use poh_core::kb::{
    Verdict, AHO_LISTS, CITATIONS, COUNSEL, CRITERIA, DISEASES, GROUPS, NOTES, RULES, STEPS,
    SUPPORTING,
};
use poh_core::limits::MAX_NEXT_STEPS;
use poh_core::{Assessment, Error, Findings, Overall, Presence};

use crate::counseling::poh_counsel_answer;
use crate::cstr::cstr_table;
use crate::findings::poh_findings;
use crate::slot::{clear, field, out_slot, slots};
use crate::{guard, non_null, poh_status};

/// The three major POH criteria.
pub const POH_CRITERIA_COUNT: usize = 3;
/// The six supporting findings.
pub const POH_SUPPORTING_COUNT: usize = 6;
/// Diseases of the differential (every one is ranked).
pub const POH_DISEASE_COUNT: usize = 8;
/// Next steps listed at most.
pub const POH_MAX_NEXT_STEPS: usize = 16;
/// Explanation items at most (one per term group a criterion reads).
pub const POH_MAX_EXPLANATION: usize = 12;
/// Management and prognosis notes at most.
pub const POH_MAX_NOTES: usize = 8;
/// Citations on one item at most.
pub const POH_MAX_CITES: usize = 8;
/// Counseling statements at most.
pub const POH_MAX_STATEMENTS: usize = 12;

const _: () = assert!(POH_CRITERIA_COUNT == CRITERIA_COUNT);
const _: () = assert!(POH_SUPPORTING_COUNT == SUPPORTING_COUNT);
const _: () = assert!(POH_DISEASE_COUNT == DISEASE_COUNT);
const _: () = assert!(POH_MAX_NEXT_STEPS == MAX_NEXT_STEPS);
const _: () = assert!(POH_MAX_EXPLANATION >= GROUP_COUNT);
const _: () = assert!(POH_MAX_NOTES >= NOTES.len());
const _: () = assert!(POH_MAX_STATEMENTS >= COUNSEL_COUNT);

// Every citation list of every table fits in poh_cites (checked at compile time).
#[allow(clippy::indexing_slicing)] // const evaluation only
const _: () = {
    macro_rules! check {
        ($table:expr) => {{
            let mut i = 0;
            while i < $table.len() {
                assert!($table[i].cites.len() <= POH_MAX_CITES);
                i += 1;
            }
        }};
    }
    check!(CRITERIA);
    check!(SUPPORTING);
    check!(DISEASES);
    check!(GROUPS);
    check!(STEPS);
    check!(NOTES);
    check!(RULES);
    check!(COUNSEL);
    check!(AHO_LISTS);
};

const CITATION_COUNT: usize = CITATIONS.len();
cstr_table!(CITATION_IDS, CITATION_ID_STRS, CITATION_COUNT, |i| {
    CITATIONS[i].id
});
cstr_table!(CITATION_TEXTS, CITATION_TEXT_STRS, CITATION_COUNT, |i| {
    CITATIONS[i].text
});
cstr_table!(
    CITATION_VERIFIED,
    CITATION_VERIFIED_STRS,
    CITATION_COUNT,
    |i| CITATIONS[i].verified
);
cstr_table!(DISEASE_KEYS, DISEASE_KEY_STRS, DISEASE_COUNT, |i| DISEASES
    [i]
    .key);
cstr_table!(DISEASE_IDS, DISEASE_ID_STRS, DISEASE_COUNT, |i| DISEASES[i]
    .id);
cstr_table!(DISEASE_NAMES, DISEASE_NAME_STRS, DISEASE_COUNT, |i| {
    DISEASES[i].name
});
cstr_table!(
    DISEASE_ABBREVIATIONS,
    DISEASE_ABBREVIATION_STRS,
    DISEASE_COUNT,
    |i| DISEASES[i].abbreviation
);
cstr_table!(
    DISEASE_SUMMARIES,
    DISEASE_SUMMARY_STRS,
    DISEASE_COUNT,
    |i| DISEASES[i].summary
);
cstr_table!(CRITERION_KEYS, CRITERION_KEY_STRS, CRITERIA_COUNT, |i| {
    CRITERIA[i].key
});
cstr_table!(CRITERION_TEXTS, CRITERION_TEXT_STRS, CRITERIA_COUNT, |i| {
    CRITERIA[i].text
});
cstr_table!(
    CRITERION_REASONS,
    CRITERION_REASON_STRS,
    CRITERIA_COUNT,
    |i| match &CRITERIA[i].provisional {
        Some(p) => p.reason,
        None => "",
    }
);
cstr_table!(
    SUPPORTING_KEYS,
    SUPPORTING_KEY_STRS,
    SUPPORTING_COUNT,
    |i| SUPPORTING[i].key
);
cstr_table!(
    SUPPORTING_TEXTS,
    SUPPORTING_TEXT_STRS,
    SUPPORTING_COUNT,
    |i| SUPPORTING[i].text
);
cstr_table!(GROUP_KEYS, GROUP_KEY_STRS, GROUP_COUNT, |i| GROUPS[i].key);
cstr_table!(GROUP_LABELS, GROUP_LABEL_STRS, GROUP_COUNT, |i| GROUPS[i]
    .label);
cstr_table!(STEP_KEYS, STEP_KEY_STRS, STEP_COUNT, |i| STEPS[i].key);
cstr_table!(STEP_KINDS, STEP_KIND_STRS, STEP_COUNT, |i| STEPS[i]
    .kind
    .as_str());
cstr_table!(STEP_TEXTS, STEP_TEXT_STRS, STEP_COUNT, |i| STEPS[i].text);
const NOTE_COUNT: usize = NOTES.len();
cstr_table!(NOTE_KEYS, NOTE_KEY_STRS, NOTE_COUNT, |i| NOTES[i].key);
cstr_table!(NOTE_TOPICS, NOTE_TOPIC_STRS, NOTE_COUNT, |i| NOTES[i].topic);
cstr_table!(NOTE_TEXTS, NOTE_TEXT_STRS, NOTE_COUNT, |i| NOTES[i].text);
const AHO_LIST_COUNT: usize = AHO_LISTS.len();
cstr_table!(AHO_LIST_KEYS, AHO_LIST_KEY_STRS, AHO_LIST_COUNT, |i| {
    AHO_LISTS[i].key
});
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

/// Citation ids (e.g. `"pignolo_2015"`) backing one item; look the full reference up with
/// `poh_citation_lookup`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_cites {
    /// Entries in use in `ids`.
    pub count: u32,
    /// Static citation ids; entries past `count` are NULL.
    pub ids: [*const c_char; POH_MAX_CITES],
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

/// One major criterion.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_criterion {
    /// Stable key (`"superficial_to_deep"`, `"aho_at_most_two"`, `"no_pth_resistance"`).
    pub key: *const c_char,
    /// The criterion as published.
    pub text: *const c_char,
    /// Verdict.
    pub verdict: poh_verdict,
    /// The verdict may still change with age.
    pub provisional: bool,
    /// Why it is provisional; NULL when it is not.
    pub provisional_reason: *const c_char,
    /// The AHO list counted (`"orphanet_665"` or `"genereviews"`) for the AHO criterion;
    /// NULL for the others.
    pub aho_list: *const c_char,
    /// Term groups present.
    pub groups_present: u32,
    /// Term groups absent.
    pub groups_absent: u32,
    /// Term groups unknown.
    pub groups_unknown: u32,
    /// Sources.
    pub cites: poh_cites,
}

/// One supporting finding.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_supporting {
    /// Stable key (`"gnas_variant"`, `"paternal_inheritance"`, ...).
    pub key: *const c_char,
    /// The finding as published.
    pub text: *const c_char,
    /// Presence.
    pub status: poh_presence,
    /// The input that decided it.
    pub input: poh_input,
    /// Sources.
    pub cites: poh_cites,
}

/// One disease of the ranked differential.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_ranked {
    /// Stable key (`"poh"`, `"php1a"`, ...).
    pub key: *const c_char,
    /// CURIE (`"OMIM:166350"`, or the project's `"POHKB:..."` ids).
    pub id: *const c_char,
    /// Name.
    pub name: *const c_char,
    /// Abbreviation (`"POH"`).
    pub abbreviation: *const c_char,
    /// One line on what separates it.
    pub summary: *const c_char,
    /// 1000 * log10 likelihood ratio, phenotype and rules together.
    pub log10_lr_milli: i32,
    /// 1000 * log10 likelihood ratio of the phenotype terms alone.
    pub phenotype_log10_lr_milli: i32,
    /// Posterior over the differential, in thousandths (uniform priors).
    pub posterior_permille: u32,
    /// Sources.
    pub cites: poh_cites,
}

/// One explanation item: the state of a term group that a criterion reads.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_explanation {
    /// The criterion's key.
    pub about: *const c_char,
    /// The criterion's verdict.
    pub criterion_verdict: poh_verdict,
    /// The group's key (`"deep_ossification"`, `"aho_round_face"`, ...).
    pub finding: *const c_char,
    /// The group's label.
    pub label: *const c_char,
    /// Presence of the group.
    pub status: poh_presence,
    /// The input that decided it.
    pub input: poh_input,
    /// Sources.
    pub cites: poh_cites,
}

/// One proposed next step, most decisive first.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_next_step {
    /// Stable key (`"serum_pth"`, `"gnas_testing"`, ...).
    pub key: *const c_char,
    /// Kind: `"lab"`, `"genetic"`, `"imaging"`, `"exam"` or `"history"`.
    pub kind: *const c_char,
    /// What to do.
    pub text: *const c_char,
    /// It could change a major criterion's verdict.
    pub decides_criterion: bool,
    /// 1000 * log10 of the largest change in the separation of the two leading candidates.
    pub separation_milli: i32,
    /// Sources.
    pub cites: poh_cites,
}

/// A management or prognosis note (listed when POH is met, indeterminate or leading).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_note {
    /// Stable key.
    pub key: *const c_char,
    /// Topic (`"management"`, `"prognosis"`, ...).
    pub topic: *const c_char,
    /// Text.
    pub text: *const c_char,
    /// Sources.
    pub cites: poh_cites,
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
/// Strings are static (never freed); counts say how many array entries are in use, and the
/// entries past a count are zero (NULL pointers), except in `findings`, a copy as given.
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
    /// Entries in use in `notes`.
    pub note_count: u32,
    /// Management and prognosis notes.
    pub notes: [poh_note; POH_MAX_NOTES],
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
    /// Inheritance counseling for the person's children (the person's condition is taken
    /// as POH only when the criteria are met; a recorded diagnosis is never read).
    pub counseling: poh_counsel_answer,
    /// A copy of the findings this assessment was computed from, as given.
    /// `poh_assessment_to_json` renders the JSON from it (evaluation is deterministic); do
    /// not modify it.
    pub findings: poh_findings,
}

/// The citation ids of one table row (const evaluation: the fixed entries below).
#[allow(clippy::indexing_slicing)] // i < list.len() and i < POH_MAX_CITES
pub(crate) const fn cites(list: &[u8]) -> poh_cites {
    let mut out = NO_CITES;
    let mut i = 0;
    while i < list.len() && i < POH_MAX_CITES {
        out.ids[i] = CITATION_IDS.get(list[i] as usize);
        i += 1;
    }
    out.count = i as u32;
    out
}

/// Output entries built at compile time: every field the knowledge base fixes (keys, texts,
/// citation lists) is filled, the per-patient fields are left empty. Writing an entry is
/// then one copy of its fixed part and a few stores, not a dozen table lookups.
pub(crate) struct Fixed<T>(pub(crate) T);

/// Output entries made of plain values and `const char *` pointers to the immutable static
/// strings of cstr.rs (raw pointers make them `!Sync` by default).
///
/// # Safety
/// Implement only for such types: no interior mutability, no pointer to anything mutable.
pub(crate) unsafe trait StaticEntry: Copy {}

// SAFETY: plain integers, enums, bools and pointers to static immutable strings.
unsafe impl StaticEntry for poh_criterion {}
// SAFETY: as above.
unsafe impl StaticEntry for poh_supporting {}
// SAFETY: as above.
unsafe impl StaticEntry for poh_ranked {}
// SAFETY: as above.
unsafe impl StaticEntry for poh_explanation {}
// SAFETY: as above.
unsafe impl StaticEntry for poh_next_step {}
// SAFETY: as above.
unsafe impl StaticEntry for poh_note {}
// SAFETY: as above.
unsafe impl StaticEntry for crate::counseling::poh_statement {}

// SAFETY: the entries are StaticEntry: nothing is ever written through their pointers and
// the statics themselves are immutable, so sharing them between threads is sound.
unsafe impl<T: StaticEntry, const N: usize> Sync for Fixed<[T; N]> {}

// The fixed parts (const evaluation only: indices are below the table lengths).
#[allow(clippy::indexing_slicing)]
static CRITERION_FIXED: Fixed<[poh_criterion; POH_CRITERIA_COUNT]> = {
    let mut a = [EMPTY_CRITERION; POH_CRITERIA_COUNT];
    let mut i = 0;
    while i < POH_CRITERIA_COUNT {
        a[i].key = CRITERION_KEYS.get(i);
        a[i].text = CRITERION_TEXTS.get(i);
        a[i].cites = cites(CRITERIA[i].cites);
        i += 1;
    }
    Fixed(a)
};

#[allow(clippy::indexing_slicing)]
static SUPPORTING_FIXED: Fixed<[poh_supporting; POH_SUPPORTING_COUNT]> = {
    let mut a = [EMPTY_SUPPORTING; POH_SUPPORTING_COUNT];
    let mut i = 0;
    while i < POH_SUPPORTING_COUNT {
        a[i].key = SUPPORTING_KEYS.get(i);
        a[i].text = SUPPORTING_TEXTS.get(i);
        a[i].cites = cites(SUPPORTING[i].cites);
        i += 1;
    }
    Fixed(a)
};

#[allow(clippy::indexing_slicing)]
static DISEASE_FIXED: Fixed<[poh_ranked; POH_DISEASE_COUNT]> = {
    let mut a = [EMPTY_RANKED; POH_DISEASE_COUNT];
    let mut i = 0;
    while i < POH_DISEASE_COUNT {
        a[i].key = DISEASE_KEYS.get(i);
        a[i].id = DISEASE_IDS.get(i);
        a[i].name = DISEASE_NAMES.get(i);
        a[i].abbreviation = DISEASE_ABBREVIATIONS.get(i);
        a[i].summary = DISEASE_SUMMARIES.get(i);
        a[i].cites = cites(DISEASES[i].cites);
        i += 1;
    }
    Fixed(a)
};

#[allow(clippy::indexing_slicing)]
static GROUP_FIXED: Fixed<[poh_explanation; GROUP_COUNT]> = {
    let mut a = [EMPTY_EXPLANATION; GROUP_COUNT];
    let mut i = 0;
    while i < GROUP_COUNT {
        a[i].finding = GROUP_KEYS.get(i);
        a[i].label = GROUP_LABELS.get(i);
        a[i].cites = cites(GROUPS[i].cites);
        i += 1;
    }
    Fixed(a)
};

#[allow(clippy::indexing_slicing)]
static STEP_FIXED: Fixed<[poh_next_step; STEP_COUNT]> = {
    let mut a = [EMPTY_STEP; STEP_COUNT];
    let mut i = 0;
    while i < STEP_COUNT {
        a[i].key = STEP_KEYS.get(i);
        a[i].kind = STEP_KINDS.get(i);
        a[i].text = STEP_TEXTS.get(i);
        a[i].cites = cites(STEPS[i].cites);
        i += 1;
    }
    Fixed(a)
};

/// Every note, in table order, then empty entries: the whole `notes` array when notes apply.
#[allow(clippy::indexing_slicing)]
static NOTES_FIXED: Fixed<[poh_note; POH_MAX_NOTES]> = {
    let mut a = [EMPTY_NOTE; POH_MAX_NOTES];
    let mut i = 0;
    while i < NOTE_COUNT {
        a[i].key = NOTE_KEYS.get(i);
        a[i].topic = NOTE_TOPICS.get(i);
        a[i].text = NOTE_TEXTS.get(i);
        a[i].cites = cites(NOTES[i].cites);
        i += 1;
    }
    Fixed(a)
};

const EMPTY_CRITERION: poh_criterion = poh_criterion {
    key: core::ptr::null(),
    text: core::ptr::null(),
    verdict: poh_verdict::Unknown,
    provisional: false,
    provisional_reason: core::ptr::null(),
    aho_list: core::ptr::null(),
    groups_present: 0,
    groups_absent: 0,
    groups_unknown: 0,
    cites: NO_CITES,
};

const EMPTY_SUPPORTING: poh_supporting = poh_supporting {
    key: core::ptr::null(),
    text: core::ptr::null(),
    status: poh_presence::Unknown,
    input: NO_INPUT,
    cites: NO_CITES,
};

const EMPTY_RANKED: poh_ranked = poh_ranked {
    key: core::ptr::null(),
    id: core::ptr::null(),
    name: core::ptr::null(),
    abbreviation: core::ptr::null(),
    summary: core::ptr::null(),
    log10_lr_milli: 0,
    phenotype_log10_lr_milli: 0,
    posterior_permille: 0,
    cites: NO_CITES,
};

const EMPTY_EXPLANATION: poh_explanation = poh_explanation {
    about: core::ptr::null(),
    criterion_verdict: poh_verdict::Unknown,
    finding: core::ptr::null(),
    label: core::ptr::null(),
    status: poh_presence::Unknown,
    input: NO_INPUT,
    cites: NO_CITES,
};

const EMPTY_STEP: poh_next_step = poh_next_step {
    key: core::ptr::null(),
    kind: core::ptr::null(),
    text: core::ptr::null(),
    decides_criterion: false,
    separation_milli: 0,
    cites: NO_CITES,
};

const EMPTY_NOTE: poh_note = poh_note {
    key: core::ptr::null(),
    topic: core::ptr::null(),
    text: core::ptr::null(),
    cites: NO_CITES,
};

const EMPTY_UNRECOGNIZED: poh_unrecognized = poh_unrecognized { id: 0, entry: 0 };

pub(crate) const NO_CITES: poh_cites = poh_cites {
    count: 0,
    ids: [core::ptr::null(); POH_MAX_CITES],
};

const NO_INPUT: poh_input = poh_input {
    term: 0,
    field: core::ptr::null(),
};

/// Stands in when no counseling was asked for: nothing known, no statement.
const NO_ANSWER: poh_core::counseling::Answer = poh_core::counseling::Answer {
    inherit_percent: None,
    expected: poh_core::counseling::Expected::DependsOnSex,
    statements: [false; COUNSEL_COUNT],
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

fn field(i: usize) -> poh_input {
    poh_input {
        term: 0,
        field: INPUT_FIELDS.get(i),
    }
}

/// The input that decided a group or a supporting finding (as the JSON's `input`).
fn input(a: &Assessment, by: Decider) -> poh_input {
    match a.input_of(by) {
        None => NO_INPUT,
        Some(InputRef::Term(id)) => poh_input {
            term: id.0,
            field: core::ptr::null(),
        },
        Some(InputRef::Field(i)) => field(usize::from(i)),
    }
}

fn count(n: usize) -> u32 {
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
        field!(out, verdict).write(match a.verdict {
            Overall::Met => poh_overall::Met,
            Overall::NotMet => poh_overall::NotMet,
            Overall::Indeterminate => poh_overall::Indeterminate,
        });
        field!(out, provisional).write(a.provisional);

        // The fixed tables, a.criteria and the C array all have POH_CRITERIA_COUNT entries
        // (checked at compile time above), so every slot is written; the same holds for
        // the supporting findings and the differential.
        let criteria = slots(field!(out, criteria));
        for (i, ((slot, fixed), r)) in criteria
            .iter_mut()
            .zip(CRITERION_FIXED.0.iter())
            .zip(a.criteria.iter())
            .enumerate()
        {
            let aho_list = CRITERIA.get(i).is_some_and(|c| c.aho_list);
            slot.write(poh_criterion {
                verdict: verdict(r.verdict),
                provisional: r.provisional,
                provisional_reason: if r.provisional {
                    CRITERION_REASONS.get(i)
                } else {
                    core::ptr::null()
                },
                aho_list: if aho_list {
                    AHO_LIST_KEYS.get(usize::from(a.aho_list))
                } else {
                    core::ptr::null()
                },
                groups_present: u32::from(r.present),
                groups_absent: u32::from(r.absent),
                groups_unknown: u32::from(r.unknown),
                ..*fixed
            });
        }

        let supporting = slots(field!(out, supporting));
        for ((slot, fixed), r) in supporting
            .iter_mut()
            .zip(SUPPORTING_FIXED.0.iter())
            .zip(a.supporting.iter())
        {
            slot.write(poh_supporting {
                status: presence(r.presence),
                input: input(a, r.by),
                ..*fixed
            });
        }

        let mut poh_rank = 0;
        let differential = slots(field!(out, differential));
        for (rank, (slot, r)) in differential
            .iter_mut()
            .zip(a.differential.iter())
            .enumerate()
        {
            let d = usize::from(r.disease);
            let fixed = DISEASE_FIXED.0.get(d).ok_or(Error::Internal)?;
            if d == poh_core::kb::generated::D_POH {
                poh_rank = count(rank + 1);
            }
            slot.write(poh_ranked {
                log10_lr_milli: r.log10_lr_milli,
                phenotype_log10_lr_milli: r.phenotype_log10_lr_milli,
                posterior_permille: u32::from(r.posterior_permille),
                ..*fixed
            });
        }
        field!(out, poh_rank).write(poh_rank);

        let explanation = slots(field!(out, explanation));
        let mut used = 0usize;
        let aho = AHO_LISTS
            .get(usize::from(a.aho_list))
            .map(|l| l.groups)
            .unwrap_or(&[]);
        for (i, (c, r)) in CRITERIA.iter().zip(a.criteria.iter()).enumerate() {
            let groups = if c.aho_list { aho } else { c.groups };
            for &g in groups {
                let g = usize::from(g);
                let (Some(fixed), Some(st)) = (GROUP_FIXED.0.get(g), a.groups.get(g)) else {
                    return Err(Error::Internal);
                };
                let slot = explanation.get_mut(used).ok_or(Error::Internal)?;
                slot.write(poh_explanation {
                    about: CRITERION_KEYS.get(i),
                    criterion_verdict: verdict(r.verdict),
                    status: presence(st.presence),
                    input: input(a, st.by),
                    ..*fixed
                });
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
        for (slot, n) in steps.iter_mut().zip(a.next_steps.iter()) {
            let fixed = STEP_FIXED
                .0
                .get(usize::from(n.step))
                .ok_or(Error::Internal)?;
            slot.write(poh_next_step {
                decides_criterion: n.decides_criterion,
                separation_milli: n.separation_milli,
                ..*fixed
            });
        }
        clear(steps.get_mut(used..).unwrap_or_default(), EMPTY_STEP);
        field!(out, next_step_count).write(count(used));

        if a.poh_notes {
            field!(out, notes).write(NOTES_FIXED.0);
            field!(out, note_count).write(count(NOTE_COUNT));
        } else {
            field!(out, notes).write([EMPTY_NOTE; POH_MAX_NOTES]);
            field!(out, note_count).write(0);
        }

        let unrecognized = slots(field!(out, unrecognized));
        let used = a.unrecognized.len();
        for (slot, (id, entry)) in unrecognized.iter_mut().zip(a.unrecognized.iter()) {
            slot.write(poh_unrecognized {
                id: id.0,
                entry: u32::from(*entry),
            });
        }
        clear(
            unrecognized.get_mut(used..).unwrap_or_default(),
            EMPTY_UNRECOGNIZED,
        );
        field!(out, unrecognized_count).write(count(used));

        field!(out, alt_ids_mapped).write(u32::from(a.alt_ids_mapped));
        field!(out, kb_version).write(crate::poh_kb_version());
        field!(out, has_counseling).write(a.counseling.is_some());
        poh_counsel_answer::write(
            field!(out, counseling),
            a.counseling.as_ref().unwrap_or(&NO_ANSWER),
        );
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
        let mut f = Findings::new();
        input.to_core_into(&mut f)?;
        let mut a = Assessment::default();
        poh_core::evaluate(&f, &mut a)?;
        // Every input error is behind us: from here on *out is written, in place.
        // SAFETY: non-NULL, writable for one poh_assessment and exclusively ours for this
        // call (the caller's contract).
        let slot = unsafe { out_slot(out) };
        poh_assessment::write(slot, &a, input)?;
        Ok(())
    })
}

/// A citation, by id.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_citation {
    /// Stable id (as in `poh_cites`).
    pub id: *const c_char,
    /// Full reference.
    pub text: *const c_char,
    /// What of the source was actually read (an unverified statement says so).
    pub verified: *const c_char,
}

/// Look up a citation by its id (`"pignolo_2015"`). Errors: `UNKNOWN_VALUE` (no such
/// citation), `NULL_ARGUMENT`, `STRING_TOO_LONG`, `INVALID_UTF8`.
///
/// # Safety
/// `id` must be a NUL-terminated string; `out` must point to writable memory for one
/// `poh_citation`.
#[no_mangle]
pub unsafe extern "C" fn poh_citation_lookup(
    id: *const c_char,
    out: *mut poh_citation,
) -> poh_status {
    guard(|| {
        non_null(out)?;
        // SAFETY: per the caller's contract.
        let id = unsafe { crate::findings::str_arg(id) }?;
        let i = CITATIONS
            .iter()
            .position(|c| c.id == id)
            .ok_or(poh_status::UnknownValue)?;
        let c = poh_citation {
            id: CITATION_IDS.get(i),
            text: CITATION_TEXTS.get(i),
            verified: CITATION_VERIFIED.get(i),
        };
        // SAFETY: non-NULL and writable per the caller's contract.
        unsafe { out.write(c) };
        Ok(())
    })
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_the_cores() {
        for (i, c) in CITATIONS.iter().enumerate() {
            assert_eq!(CITATION_IDS.str_at(i), Some(c.id));
            assert_eq!(CITATION_TEXTS.str_at(i), Some(c.text));
        }
        for (i, d) in DISEASES.iter().enumerate() {
            assert_eq!(DISEASE_IDS.str_at(i), Some(d.id));
            assert_eq!(DISEASE_NAMES.str_at(i), Some(d.name));
        }
        for (i, s) in STEPS.iter().enumerate() {
            assert_eq!(STEP_TEXTS.str_at(i), Some(s.text));
            assert_eq!(STEP_KINDS.str_at(i), Some(s.kind.as_str()));
        }
        for (i, g) in GROUPS.iter().enumerate() {
            assert_eq!(GROUP_LABELS.str_at(i), Some(g.label));
        }
        for (i, c) in CRITERIA.iter().enumerate() {
            assert_eq!(
                CRITERION_REASONS.str_at(i),
                Some(c.provisional.as_ref().map(|p| p.reason).unwrap_or(""))
            );
        }
    }

    /// A fixed citation list is the row's, in order, NULL past its count.
    fn same_cites(c: &poh_cites, row: &[u8]) -> bool {
        c.count as usize == row.len()
            && c.ids.iter().enumerate().all(|(k, &p)| match row.get(k) {
                Some(&id) => p == CITATION_IDS.get(usize::from(id)) && !p.is_null(),
                None => p.is_null(),
            })
    }

    #[test]
    fn fixed_entries_are_the_tables() {
        for (i, (f, c)) in CRITERION_FIXED.0.iter().zip(CRITERIA.iter()).enumerate() {
            assert_eq!(f.key, CRITERION_KEYS.get(i));
            assert_eq!(f.text, CRITERION_TEXTS.get(i));
            assert!(same_cites(&f.cites, c.cites), "criterion {i}");
        }
        for (i, (f, s)) in SUPPORTING_FIXED.0.iter().zip(SUPPORTING.iter()).enumerate() {
            assert_eq!(
                (f.key, f.text),
                (SUPPORTING_KEYS.get(i), SUPPORTING_TEXTS.get(i))
            );
            assert!(same_cites(&f.cites, s.cites), "supporting {i}");
        }
        for (i, (f, d)) in DISEASE_FIXED.0.iter().zip(DISEASES.iter()).enumerate() {
            assert_eq!((f.id, f.name), (DISEASE_IDS.get(i), DISEASE_NAMES.get(i)));
            assert_eq!(f.summary, DISEASE_SUMMARIES.get(i));
            assert!(same_cites(&f.cites, d.cites), "disease {i}");
        }
        for (i, (f, g)) in GROUP_FIXED.0.iter().zip(GROUPS.iter()).enumerate() {
            assert_eq!(
                (f.finding, f.label),
                (GROUP_KEYS.get(i), GROUP_LABELS.get(i))
            );
            assert!(same_cites(&f.cites, g.cites), "group {i}");
        }
        for (i, (f, s)) in STEP_FIXED.0.iter().zip(STEPS.iter()).enumerate() {
            assert_eq!(
                (f.key, f.kind, f.text),
                (STEP_KEYS.get(i), STEP_KINDS.get(i), STEP_TEXTS.get(i))
            );
            assert!(same_cites(&f.cites, s.cites), "step {i}");
        }
        for (i, f) in NOTES_FIXED.0.iter().enumerate() {
            match NOTES.get(i) {
                Some(n) => {
                    assert_eq!((f.key, f.text), (NOTE_KEYS.get(i), NOTE_TEXTS.get(i)));
                    assert!(same_cites(&f.cites, n.cites), "note {i}");
                }
                None => assert!(f.key.is_null() && same_cites(&f.cites, &[])),
            }
        }
        assert_eq!(
            (
                GROUP_FIXED.0.len(),
                STEP_FIXED.0.len(),
                DISEASE_FIXED.0.len()
            ),
            (GROUPS.len(), STEPS.len(), DISEASES.len())
        );
    }
}
