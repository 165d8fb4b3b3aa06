//! The knowledge base: generated const tables (`generated.rs`, DO NOT EDIT) and small
//! typed accessors. The sources are `core/data/*.toml` and the committed HPO subset;
//! `python3 tools/kbgen.py` regenerates the tables.

#[rustfmt::skip]
#[allow(missing_docs)]
pub mod generated;
pub mod types;

pub use generated::{
    AHO_LISTS, CITATIONS, COUNSEL, CRITERIA, DISEASES, GROUPS, KB_TERMS, KIOSK_QUESTIONS, NOTES,
    POH, QUESTIONNAIRE, RULES, SEED_ROWS, STEPS, SUPPORTING,
};
pub use types::*;

/// Version of the knowledge base, naming its sources. Every result carries it.
pub const KB_VERSION: &str =
    "poh-kb 0.1.0; HPO 2025-01-16; HPOA 2025-01-16; GARD POH page 2016/2020";
/// The HPO release the tables were built from.
pub const HPO_RELEASE: &str = "2025-01-16";

/// Knowledge-base index of a subset term, if it is one.
pub fn kb_of(subset_index: u16) -> Option<u8> {
    #[cfg(feature = "speed-tables")]
    {
        let k = *KB_OF_EVERY_TERM.get(usize::from(subset_index))?;
        (k != NOT_KB).then_some(k)
    }
    #[cfg(not(feature = "speed-tables"))]
    {
        let i = generated::KB_OF_TERM.binary_search(&subset_index).ok()?;
        generated::KB_OF_TERM_KB.get(i).copied()
    }
}

#[cfg(feature = "speed-tables")]
const NOT_KB: u8 = u8::MAX;
#[cfg(feature = "speed-tables")]
const _: () = assert!(generated::KB_TERM_COUNT <= NOT_KB as usize);

/// The knowledge-base index of every subset term (`NOT_KB` for the others), built by the
/// compiler from the sorted pairs: one read instead of a binary search.
#[cfg(feature = "speed-tables")]
#[allow(clippy::indexing_slicing)] // evaluated by the compiler only
static KB_OF_EVERY_TERM: [u8; generated::TERM_COUNT] = {
    let mut out = [NOT_KB; generated::TERM_COUNT];
    let mut i = 0;
    while i < generated::KB_OF_TERM.len() {
        out[generated::KB_OF_TERM[i] as usize] = generated::KB_OF_TERM_KB[i];
        i += 1;
    }
    out
};

/// A knowledge-base term.
pub fn kb_term(k: u8) -> Option<&'static KbTerm> {
    KB_TERMS.get(usize::from(k))
}

/// A citation by index.
pub fn citation(i: u8) -> Option<&'static Citation> {
    CITATIONS.get(usize::from(i))
}

/// A citation by id.
pub fn citation_by_id(id: &str) -> Option<&'static Citation> {
    CITATIONS.iter().find(|c| c.id == id)
}

/// A disease by key or CURIE (including its xrefs).
pub fn disease(key_or_id: &str) -> Option<(usize, &'static Disease)> {
    DISEASES
        .iter()
        .enumerate()
        .find(|(_, d)| d.key == key_or_id || d.id == key_or_id || d.xrefs.contains(&key_or_id))
}

/// The row of disease `d` for knowledge-base term `k`.
pub fn model_row(k: u8, d: usize) -> Option<&'static Row> {
    let r = *generated::MODEL_INDEX.get(usize::from(k))?.get(d)?;
    if r == 0 {
        return None;
    }
    DISEASES.get(d)?.rows.get(usize::from(r) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hpo::{subset_index, HpoId};

    #[test]
    fn kb_of_agrees_with_the_sorted_pairs() {
        for t in
            (0..u16::try_from(generated::TERM_COUNT).unwrap()).step_by(crate::EXHAUSTIVE_STRIDE)
        {
            let want = generated::KB_OF_TERM
                .binary_search(&t)
                .ok()
                .map(|i| generated::KB_OF_TERM_KB[i]);
            assert_eq!(kb_of(t), want, "term {t}");
        }
        assert_eq!(kb_of(u16::MAX), None);
    }

    #[test]
    fn every_table_term_is_in_the_subset() {
        for t in KB_TERMS.iter() {
            let (i, alt) = subset_index(HpoId(t.id)).expect("kb term in subset");
            assert!(!alt, "kb term {} is an alt_id", t.id);
            assert_eq!(usize::from(i), usize::from(t.term));
        }
    }

    #[test]
    fn seed_table_is_complete() {
        assert_eq!(SEED_ROWS.len(), 21);
        let want: [(u32, Band); 21] = [
            (2653, Band::VeryFrequent),
            (10766, Band::VeryFrequent),
            (1376, Band::VeryFrequent),
            (1482, Band::VeryFrequent),
            (11987, Band::Frequent),
            (828, Band::Occasional),
            (1156, Band::Occasional),
            (1034, Band::Occasional),
            (2758, Band::Occasional),
            (200034, Band::Occasional),
            (100242, Band::Occasional),
            (3011, Band::NotAvailable),
            (31013, Band::NotAvailable),
            (6, Band::NotAvailable),
            (1510, Band::NotAvailable),
            (3593, Band::NotAvailable),
            (3621, Band::NotAvailable),
            (100246, Band::NotAvailable),
            (25027, Band::NotAvailable),
            (3676, Band::NotAvailable),
            (3828, Band::NotAvailable),
        ];
        for (row, (id, band)) in SEED_ROWS.iter().zip(want) {
            assert_eq!(kb_term(row.kb).map(|t| t.id), Some(id));
            assert_eq!(row.band, band, "HP:{id:07}");
        }
        // clinical-facts §1.2: four seed rows are no longer annotated to POH.
        let gone: usize = SEED_ROWS
            .iter()
            .filter(|r| !r.in_orpha && !r.in_omim)
            .count();
        assert_eq!(gone, 4);
        // ... and two annotated rows are missing from the seed: Macule, Limb undergrowth.
        let extra: heapless::Vec<u32, 4> = generated::POH_NOT_IN_SEED
            .iter()
            .filter_map(|&k| kb_term(k).map(|t| t.id))
            .collect();
        assert_eq!(extra.as_slice(), &[9826, 12733]);
    }

    #[test]
    fn identity_and_citations() {
        assert_eq!(POH.omim, "OMIM:166350");
        assert_eq!(POH.orpha, "ORPHA:2762");
        assert_eq!(POH.mondo, "MONDO:0008153");
        for d in DISEASES.iter() {
            for r in d.rows {
                assert!(!r.cites.is_empty(), "{} row without citation", d.key);
                for &c in r.cites {
                    assert!(citation(c).is_some());
                }
            }
        }
    }
}
