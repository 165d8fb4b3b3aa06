//! Findings JSON documents for property tests, shared by core/tests/reuse.rs and
//! ffi-c/tests/reuse.rs (included there by path): every field of the schema (README,
//! "Input: findings JSON"), valid values mostly, with the mistakes a caller makes mixed in
//! (a term both present and excluded, a lab contradicting its term, a repeated term, a
//! modifier that is not one), so that a sequence of documents has results and errors.
//!
//! The HPO ids are the ones the golden cases use (tests/cases/*.json, read at run time, so
//! none is typed here), plus ids the subset does not contain.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;

/// Ids (the number of `HP:nnnnnnn`) of the golden cases: every id, and those given as
/// modifiers.
pub struct Pool {
    pub terms: Vec<u32>,
    pub modifiers: Vec<u32>,
}

fn ids_in(text: &str) -> impl Iterator<Item = u32> + '_ {
    text.match_indices("\"HP:").filter_map(|(i, _)| {
        let digits = text.get(i + 4..i + 11)?;
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())
            .flatten()
    })
}

pub fn pool() -> Pool {
    // core/ and ffi-c/ (which includes this file) both sit at the repository root.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases");
    let (mut terms, mut modifiers) = (BTreeSet::new(), BTreeSet::new());
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        terms.extend(ids_in(&text));
        for (i, _) in text.match_indices("\"modifiers\"") {
            let rest = &text[i..];
            let end = rest.find(']').unwrap_or(rest.len());
            modifiers.extend(ids_in(&rest[..end]));
        }
    }
    // Well-formed ids the subset lacks: listed under `unrecognized`, never an error.
    terms.extend([1, 118, 4467]);
    assert!(
        terms.len() > 20 && !modifiers.is_empty(),
        "{}",
        dir.display()
    );
    Pool {
        terms: terms.into_iter().collect(),
        modifiers: modifiers.into_iter().collect(),
    }
}

fn pick(values: &'static [&'static str]) -> impl Strategy<Value = Option<&'static str>> {
    proptest::option::of(proptest::sample::select(values))
}

/// One findings document as JSON text.
pub fn document() -> impl Strategy<Value = String> {
    let pool = pool();
    let (terms, modifiers) = (pool.terms, pool.modifiers);
    let (nt, nm) = (terms.len(), modifiers.len());
    // A phenotype: a term, excluded or not, an onset, up to 3 modifiers (now and then a
    // term that is no modifier, an error).
    let phenotype = (
        0..nt,
        any::<bool>(),
        proptest::option::of(0u16..300),
        proptest::collection::vec((0..nm, 0u8..12), 0..3),
    );
    const LAB: &[&str] = &["low", "normal", "high", "unknown"];
    (
        proptest::collection::vec(phenotype, 0..10),
        proptest::option::of(0u16..900),
        pick(&["female", "male", "other", "unknown"]),
        proptest::collection::vec(pick(LAB), 4),
        pick(&["low", "normal"]),
        (
            pick(&[
                "pathogenic",
                "likely_pathogenic",
                "vus",
                "negative",
                "not_tested",
            ]),
            pick(&["paternal", "maternal", "de_novo", "unknown"]),
        ),
        proptest::collection::vec(proptest::option::of(any::<bool>()), 5),
        (pick(&["orphanet_665", "genereviews"]), any::<bool>()),
    )
        .prop_map(
            move |(entries, age, sex, labs, gs_alpha, gnas, history, options)| {
                let mut fields: Vec<String> = Vec::new();
                if let Some(a) = age {
                    fields.push(format!("\"age_months\": {a}"));
                }
                if let Some(s) = sex {
                    fields.push(format!("\"sex\": \"{s}\""));
                }
                let phenotypes: Vec<String> = entries
                    .iter()
                    .map(|(t, excluded, onset, mods)| {
                        let mut p = format!("{{\"id\": \"HP:{:07}\"", terms[*t]);
                        if *excluded {
                            p.push_str(", \"excluded\": true");
                        }
                        if let Some(o) = onset {
                            p.push_str(&format!(", \"onset_months\": {o}"));
                        }
                        if !mods.is_empty() {
                            let ids: Vec<String> = mods
                                .iter()
                                .map(|(m, odd)| {
                                    let id = if *odd == 0 {
                                        terms[*m % nt]
                                    } else {
                                        modifiers[*m]
                                    };
                                    format!("\"HP:{id:07}\"")
                                })
                                .collect();
                            p.push_str(&format!(", \"modifiers\": [{}]", ids.join(", ")));
                        }
                        p + "}"
                    })
                    .collect();
                fields.push(format!("\"phenotypes\": [{}]", phenotypes.join(", ")));
                let mut lab_fields: Vec<String> = ["pth", "calcium", "phosphate", "tsh"]
                    .iter()
                    .zip(&labs)
                    .filter_map(|(k, v)| v.map(|v| format!("\"{k}\": \"{v}\"")))
                    .collect();
                if let Some(g) = gs_alpha {
                    lab_fields.push(format!("\"gs_alpha_activity\": \"{g}\""));
                }
                fields.push(format!("\"labs\": {{{}}}", lab_fields.join(", ")));
                let mut gnas_fields = Vec::new();
                if let Some(r) = gnas.0 {
                    gnas_fields.push(format!("\"result\": \"{r}\""));
                }
                if let Some(o) = gnas.1 {
                    gnas_fields.push(format!("\"parent_of_origin\": \"{o}\""));
                }
                fields.push(format!("\"gnas\": {{{}}}", gnas_fields.join(", ")));
                let history_fields: Vec<String> = [
                    "trauma_or_surgery_at_site",
                    "neurological_injury",
                    "father_affected",
                    "mother_affected",
                ]
                .iter()
                .zip(&history)
                .filter_map(|(k, v)| v.map(|v| format!("\"{k}\": {v}")))
                .collect();
                fields.push(format!("\"history\": {{{}}}", history_fields.join(", ")));
                if let Some(v) = history[4] {
                    fields.push(format!("\"imaging\": {{\"specific_pattern\": {v}}}"));
                }
                let mut option_fields = Vec::new();
                if let Some(l) = options.0 {
                    option_fields.push(format!("\"aho_list\": \"{l}\""));
                }
                if options.1 {
                    option_fields.push("\"counseling\": true".to_owned());
                }
                fields.push(format!("\"options\": {{{}}}", option_fields.join(", ")));
                format!("{{{}}}", fields.join(", "))
            },
        )
}

/// A sequence of patients, evaluated one after the other into the same storage.
pub fn patients() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(document(), 2..6)
}
