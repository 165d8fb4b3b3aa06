//! The knowledge base's rows as static C records (`poh_disease_info`, `poh_step_info`, ...),
//! built at compile time from the core's tables, and the citation lookup.
//!
//! An output entry (`poh_ranked`, `poh_next_step`, ...) holds one pointer to its row's
//! record plus the values computed for the patient: writing it costs a few stores, not a
//! copy of every key, text and citation of the row (as ABI v1 did; docs/DESIGN.md). The
//! records are immutable statics: their pointers, and every pointer inside them, stay
//! valid for the life of the program, and there is nothing to free.

use core::ffi::c_char;

use poh_core::kb::generated::{
    COUNSEL_COUNT, CRITERIA_COUNT, DISEASE_COUNT, GROUP_COUNT, STEP_COUNT, SUPPORTING_COUNT,
};
use poh_core::kb::{
    AHO_LISTS, CITATIONS, COUNSEL, CRITERIA, DISEASES, GROUPS, NOTES, STEPS, SUPPORTING,
};

use crate::cstr::cstr_table;
use crate::{guard, non_null, poh_status};

/// Citations on one item at most.
pub const POH_MAX_CITES: usize = 8;

const CITATION_COUNT: usize = CITATIONS.len();
pub(crate) const NOTE_COUNT: usize = NOTES.len();
const AHO_LIST_COUNT: usize = AHO_LISTS.len();

cstr_table!(CITATION_IDS, CITATION_ID_STRS, CITATION_COUNT, |i| {
    CITATIONS[i].id
});
// The texts below are the core's `provenance` feature; without it (small firmware) they
// are empty strings and the records keep their shape.
#[cfg(feature = "provenance")]
cstr_table!(CITATION_TEXTS, CITATION_TEXT_STRS, CITATION_COUNT, |i| {
    CITATIONS[i].text
});
#[cfg(not(feature = "provenance"))]
cstr_table!(CITATION_TEXTS, CITATION_TEXT_STRS, CITATION_COUNT, |_i| "");
#[cfg(feature = "provenance")]
cstr_table!(
    CITATION_VERIFIED,
    CITATION_VERIFIED_STRS,
    CITATION_COUNT,
    |i| CITATIONS[i].verified
);
#[cfg(not(feature = "provenance"))]
cstr_table!(
    CITATION_VERIFIED,
    CITATION_VERIFIED_STRS,
    CITATION_COUNT,
    |_i| ""
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
#[cfg(feature = "provenance")]
cstr_table!(
    DISEASE_SUMMARIES,
    DISEASE_SUMMARY_STRS,
    DISEASE_COUNT,
    |i| DISEASES[i].summary
);
#[cfg(not(feature = "provenance"))]
cstr_table!(
    DISEASE_SUMMARIES,
    DISEASE_SUMMARY_STRS,
    DISEASE_COUNT,
    |_i| ""
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
cstr_table!(NOTE_KEYS, NOTE_KEY_STRS, NOTE_COUNT, |i| NOTES[i].key);
cstr_table!(NOTE_TOPICS, NOTE_TOPIC_STRS, NOTE_COUNT, |i| NOTES[i].topic);
cstr_table!(NOTE_TEXTS, NOTE_TEXT_STRS, NOTE_COUNT, |i| NOTES[i].text);
cstr_table!(COUNSEL_KEYS, COUNSEL_KEY_STRS, COUNSEL_COUNT, |i| COUNSEL
    [i]
    .key);
cstr_table!(COUNSEL_TEXTS, COUNSEL_TEXT_STRS, COUNSEL_COUNT, |i| COUNSEL
    [i]
    .text);
cstr_table!(AHO_LIST_KEYS, AHO_LIST_KEY_STRS, AHO_LIST_COUNT, |i| {
    AHO_LISTS[i].key
});

/// Citation ids (e.g. `"pignolo_2015"`) backing one item: `ids[0]` to `ids[count - 1]`,
/// then a NULL (`ids[count]` is NULL, so the list may also be walked to its end). `ids`
/// points into a static array and is never NULL. Look the full reference up with
/// `poh_citation_lookup`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_cites {
    /// Citation ids in `ids`.
    pub count: u32,
    /// The static, NULL-terminated list of citation ids.
    pub ids: *const *const c_char,
}

/// A major criterion as published (static; see `poh_criterion`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_criterion_info {
    /// Stable key (`"superficial_to_deep"`, `"aho_at_most_two"`, `"no_pth_resistance"`).
    pub key: *const c_char,
    /// The criterion as published.
    pub text: *const c_char,
    /// Why a verdict of this criterion can be provisional (it may change with age); NULL
    /// for a criterion that is never provisional. Applies when `poh_criterion.provisional`.
    pub provisional_reason: *const c_char,
    /// Sources.
    pub cites: poh_cites,
}

/// A supporting finding as published (static; see `poh_supporting`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_supporting_info {
    /// Stable key (`"gnas_variant"`, `"paternal_inheritance"`, ...).
    pub key: *const c_char,
    /// The finding as published.
    pub text: *const c_char,
    /// Sources.
    pub cites: poh_cites,
}

/// A disease of the differential (static; see `poh_ranked`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_disease_info {
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
    /// Sources.
    pub cites: poh_cites,
}

/// A term group that a criterion reads (static; see `poh_explanation`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_group_info {
    /// Stable key (`"deep_ossification"`, `"aho_round_face"`, ...).
    pub key: *const c_char,
    /// Label.
    pub label: *const c_char,
    /// Sources.
    pub cites: poh_cites,
}

/// A next step the knowledge base can propose (static; see `poh_next_step`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_step_info {
    /// Stable key (`"serum_pth"`, `"gnas_testing"`, ...).
    pub key: *const c_char,
    /// Kind: `"lab"`, `"genetic"`, `"imaging"`, `"exam"` or `"history"`.
    pub kind: *const c_char,
    /// What to do.
    pub text: *const c_char,
    /// Sources.
    pub cites: poh_cites,
}

/// A management or prognosis note (static; see `poh_assessment.notes`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_note_info {
    /// Stable key.
    pub key: *const c_char,
    /// Topic (`"management"`, `"prognosis"`, ...).
    pub topic: *const c_char,
    /// Text.
    pub text: *const c_char,
    /// Sources.
    pub cites: poh_cites,
}

/// A counseling statement (static; see `poh_counsel_answer`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_statement_info {
    /// Stable key (`"fifty_percent"`, ...).
    pub key: *const c_char,
    /// Text.
    pub text: *const c_char,
    /// Sources.
    pub cites: poh_cites,
}

/// Statics built at compile time that hold `const char *` pointers (raw pointers make them
/// `!Sync` by default).
pub(crate) struct Fixed<T>(pub(crate) T);

/// Records made of plain values and pointers to the immutable statics of this module and
/// of cstr.rs.
///
/// # Safety
/// Implement only for such types: no interior mutability, no pointer to anything mutable.
pub(crate) unsafe trait StaticEntry: Copy {}

// SAFETY: a pointer to an immutable static NUL-terminated string (the citation id lists).
unsafe impl StaticEntry for *const c_char {}
// SAFETY: pointers to immutable static strings and to the static citation lists.
unsafe impl StaticEntry for poh_criterion_info {}
// SAFETY: as above.
unsafe impl StaticEntry for poh_supporting_info {}
// SAFETY: as above.
unsafe impl StaticEntry for poh_disease_info {}
// SAFETY: as above.
unsafe impl StaticEntry for poh_group_info {}
// SAFETY: as above.
unsafe impl StaticEntry for poh_step_info {}
// SAFETY: as above.
unsafe impl StaticEntry for poh_note_info {}
// SAFETY: as above.
unsafe impl StaticEntry for poh_statement_info {}

// SAFETY: the elements are StaticEntry: nothing is ever written through their pointers and
// the statics themselves are immutable, so sharing them between threads is sound.
unsafe impl<T: StaticEntry, const N: usize> Sync for Fixed<[T; N]> {}

// Every citation list of every table fits in POH_MAX_CITES (the documented bound).
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
    check!(COUNSEL);
};

/// Slots of the flattened citation lists of a table: each list and its NULL.
#[allow(clippy::indexing_slicing)] // const evaluation only: i < lists.len()
const fn flat_len(lists: &[&[u8]]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < lists.len() {
        n += lists[i].len() + 1;
        i += 1;
    }
    n
}

/// The citation lists of a table, flattened: each list's ids, then a NULL.
#[allow(clippy::indexing_slicing)] // const evaluation only: an overrun fails the build
const fn flatten<const L: usize>(lists: &[&[u8]]) -> [*const c_char; L] {
    let mut out = [core::ptr::null(); L];
    let mut at = 0;
    let mut i = 0;
    while i < lists.len() {
        let mut k = 0;
        while k < lists[i].len() {
            let id = CITATION_IDS.get(lists[i][k] as usize);
            assert!(!id.is_null(), "a citation index past the citation table");
            out[at] = id;
            at += 1;
            k += 1;
        }
        at += 1; // the NULL
        i += 1;
    }
    assert!(at == L, "citation list length mismatch");
    out
}

/// The `poh_cites` of list `i`, pointing into `flat` (built by `flatten` from `lists`).
#[allow(clippy::indexing_slicing)] // const evaluation only
const fn cites_in(flat: &'static [*const c_char], lists: &[&[u8]], i: usize) -> poh_cites {
    let mut at = 0;
    let mut k = 0;
    while k < i {
        at += lists[k].len() + 1;
        k += 1;
    }
    assert!(at < flat.len());
    poh_cites {
        count: lists[i].len() as u32,
        ids: flat.as_ptr().wrapping_add(at),
    }
}

/// `cite_lists!(LISTS, FLAT, TABLE, N)`: `LISTS`, the citation lists of the `N` rows of
/// `TABLE`, and `FLAT`, their static flattened form (see `flatten`).
macro_rules! cite_lists {
    ($lists:ident, $flat:ident, $table:expr, $n:expr) => {
        #[allow(clippy::indexing_slicing)] // const evaluation only
        const $lists: [&[u8]; $n] = {
            let mut a: [&[u8]; $n] = [&[]; $n];
            let mut i = 0;
            while i < $n {
                a[i] = $table[i].cites;
                i += 1;
            }
            a
        };
        static $flat: Fixed<[*const c_char; flat_len(&$lists)]> = Fixed(flatten(&$lists));
    };
}

cite_lists!(
    CRITERION_CITES,
    CRITERION_CITE_IDS,
    CRITERIA,
    CRITERIA_COUNT
);
cite_lists!(
    SUPPORTING_CITES,
    SUPPORTING_CITE_IDS,
    SUPPORTING,
    SUPPORTING_COUNT
);
cite_lists!(DISEASE_CITES, DISEASE_CITE_IDS, DISEASES, DISEASE_COUNT);
cite_lists!(GROUP_CITES, GROUP_CITE_IDS, GROUPS, GROUP_COUNT);
cite_lists!(STEP_CITES, STEP_CITE_IDS, STEPS, STEP_COUNT);
cite_lists!(NOTE_CITES, NOTE_CITE_IDS, NOTES, NOTE_COUNT);
cite_lists!(COUNSEL_CITES, COUNSEL_CITE_IDS, COUNSEL, COUNSEL_COUNT);

/// `info_table!(NAME, T, N, |i| record)`: the static records of a table (const evaluation;
/// the records are `Copy`, so row 0's fills the array before each row is written).
macro_rules! info_table {
    ($name:ident, $t:ty, $n:expr, |$i:ident| $record:expr) => {
        #[allow(clippy::indexing_slicing)] // const evaluation only: i < N
        pub(crate) static $name: Fixed<[$t; $n]> = {
            let mut a: [$t; $n] = [{
                let $i = 0;
                $record
            }; $n];
            let mut $i = 1;
            while $i < $n {
                a[$i] = $record;
                $i += 1;
            }
            Fixed(a)
        };
    };
}

info_table!(CRITERION_INFO, poh_criterion_info, CRITERIA_COUNT, |i| {
    poh_criterion_info {
        key: CRITERION_KEYS.get(i),
        text: CRITERION_TEXTS.get(i),
        provisional_reason: if CRITERIA[i].provisional.is_some() {
            CRITERION_REASONS.get(i)
        } else {
            core::ptr::null()
        },
        cites: cites_in(&CRITERION_CITE_IDS.0, &CRITERION_CITES, i),
    }
});
info_table!(
    SUPPORTING_INFO,
    poh_supporting_info,
    SUPPORTING_COUNT,
    |i| {
        poh_supporting_info {
            key: SUPPORTING_KEYS.get(i),
            text: SUPPORTING_TEXTS.get(i),
            cites: cites_in(&SUPPORTING_CITE_IDS.0, &SUPPORTING_CITES, i),
        }
    }
);
info_table!(DISEASE_INFO, poh_disease_info, DISEASE_COUNT, |i| {
    poh_disease_info {
        key: DISEASE_KEYS.get(i),
        id: DISEASE_IDS.get(i),
        name: DISEASE_NAMES.get(i),
        abbreviation: DISEASE_ABBREVIATIONS.get(i),
        summary: DISEASE_SUMMARIES.get(i),
        cites: cites_in(&DISEASE_CITE_IDS.0, &DISEASE_CITES, i),
    }
});
info_table!(GROUP_INFO, poh_group_info, GROUP_COUNT, |i| {
    poh_group_info {
        key: GROUP_KEYS.get(i),
        label: GROUP_LABELS.get(i),
        cites: cites_in(&GROUP_CITE_IDS.0, &GROUP_CITES, i),
    }
});
info_table!(STEP_INFO, poh_step_info, STEP_COUNT, |i| {
    poh_step_info {
        key: STEP_KEYS.get(i),
        kind: STEP_KINDS.get(i),
        text: STEP_TEXTS.get(i),
        cites: cites_in(&STEP_CITE_IDS.0, &STEP_CITES, i),
    }
});
info_table!(NOTE_INFO, poh_note_info, NOTE_COUNT, |i| {
    poh_note_info {
        key: NOTE_KEYS.get(i),
        topic: NOTE_TOPICS.get(i),
        text: NOTE_TEXTS.get(i),
        cites: cites_in(&NOTE_CITE_IDS.0, &NOTE_CITES, i),
    }
});
info_table!(STATEMENT_INFO, poh_statement_info, COUNSEL_COUNT, |i| {
    poh_statement_info {
        key: COUNSEL_KEYS.get(i),
        text: COUNSEL_TEXTS.get(i),
        cites: cites_in(&COUNSEL_CITE_IDS.0, &COUNSEL_CITES, i),
    }
});

/// The record of row `i` of `table`, or `Internal` (the core gave an index past its own
/// table: a broken invariant, never an input error).
pub(crate) fn row<T, const N: usize>(
    table: &'static Fixed<[T; N]>,
    i: usize,
) -> Result<&'static T, poh_core::Error> {
    table.0.get(i).ok_or(poh_core::Error::Internal)
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
/// citation), `NULL_ARGUMENT`, `STRING_TOO_LONG`, `INVALID_UTF8`. The `id` written is the
/// same pointer as in every `poh_cites` list.
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

    /// A static citation list is the row's, in order, then a NULL.
    fn same_cites(c: &poh_cites, row: &[u8]) -> bool {
        assert!(!c.ids.is_null());
        // SAFETY: ids points to count + 1 static pointers (checked here up to the NULL).
        let ids = unsafe { core::slice::from_raw_parts(c.ids, row.len() + 1) };
        c.count as usize == row.len()
            && ids[row.len()].is_null()
            && row
                .iter()
                .zip(ids)
                .all(|(&id, &p)| !p.is_null() && p == CITATION_IDS.get(usize::from(id)))
    }

    #[test]
    fn records_are_the_tables() {
        for (i, (f, c)) in CRITERION_INFO.0.iter().zip(CRITERIA.iter()).enumerate() {
            assert_eq!(
                (f.key, f.text),
                (CRITERION_KEYS.get(i), CRITERION_TEXTS.get(i))
            );
            assert_eq!(f.provisional_reason.is_null(), c.provisional.is_none());
            assert!(same_cites(&f.cites, c.cites), "criterion {i}");
        }
        for (i, (f, s)) in SUPPORTING_INFO.0.iter().zip(SUPPORTING.iter()).enumerate() {
            assert_eq!(
                (f.key, f.text),
                (SUPPORTING_KEYS.get(i), SUPPORTING_TEXTS.get(i))
            );
            assert!(same_cites(&f.cites, s.cites), "supporting {i}");
        }
        for (i, (f, d)) in DISEASE_INFO.0.iter().zip(DISEASES.iter()).enumerate() {
            assert_eq!((f.id, f.name), (DISEASE_IDS.get(i), DISEASE_NAMES.get(i)));
            assert_eq!(
                (f.key, f.summary),
                (DISEASE_KEYS.get(i), DISEASE_SUMMARIES.get(i))
            );
            assert_eq!(f.abbreviation, DISEASE_ABBREVIATIONS.get(i));
            assert!(same_cites(&f.cites, d.cites), "disease {i}");
        }
        for (i, (f, g)) in GROUP_INFO.0.iter().zip(GROUPS.iter()).enumerate() {
            assert_eq!((f.key, f.label), (GROUP_KEYS.get(i), GROUP_LABELS.get(i)));
            assert!(same_cites(&f.cites, g.cites), "group {i}");
        }
        for (i, (f, s)) in STEP_INFO.0.iter().zip(STEPS.iter()).enumerate() {
            assert_eq!(
                (f.key, f.kind, f.text),
                (STEP_KEYS.get(i), STEP_KINDS.get(i), STEP_TEXTS.get(i))
            );
            assert!(same_cites(&f.cites, s.cites), "step {i}");
        }
        for (i, (f, n)) in NOTE_INFO.0.iter().zip(NOTES.iter()).enumerate() {
            assert_eq!(
                (f.key, f.topic, f.text),
                (NOTE_KEYS.get(i), NOTE_TOPICS.get(i), NOTE_TEXTS.get(i))
            );
            assert!(same_cites(&f.cites, n.cites), "note {i}");
        }
        for (i, (f, c)) in STATEMENT_INFO.0.iter().zip(COUNSEL.iter()).enumerate() {
            assert_eq!((f.key, f.text), (COUNSEL_KEYS.get(i), COUNSEL_TEXTS.get(i)));
            assert!(same_cites(&f.cites, c.cites), "statement {i}");
        }
        assert_eq!(
            (
                CRITERION_INFO.0.len(),
                SUPPORTING_INFO.0.len(),
                DISEASE_INFO.0.len(),
                GROUP_INFO.0.len(),
                STEP_INFO.0.len(),
                NOTE_INFO.0.len(),
                STATEMENT_INFO.0.len()
            ),
            (
                CRITERIA.len(),
                SUPPORTING.len(),
                DISEASES.len(),
                GROUPS.len(),
                STEPS.len(),
                NOTES.len(),
                COUNSEL.len()
            )
        );
    }
}
