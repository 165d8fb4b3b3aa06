//! The kiosk's tables of patient texts (examples/kiosk/texts/*.tsv, README there): every
//! table has every id of the English one and no other; the English table says, word for
//! word, what the core's questionnaire says (each question the core can ask, the sign
//! named in the reasons, each referral message). The kiosk shows only these texts, so a
//! translation is a new table, never a code change.
#![allow(clippy::unwrap_used, clippy::panic)] // a test: a failure is the report

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use poh_core::questionnaire::{question, Level, MAX_QUESTIONS};

fn texts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/kiosk/texts")
}

/// A table: `id<TAB>text` lines; `#` comment lines and blank lines skipped. Errors name
/// the line.
fn read_table(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut map = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (id, t) = line
            .split_once('\t')
            .ok_or_else(|| format!("{}:{}: no tab between id and text", path.display(), n + 1))?;
        if t.is_empty() || t.contains('\t') {
            return Err(format!(
                "{}:{}: empty text or a second tab",
                path.display(),
                n + 1
            ));
        }
        if map.insert(id.to_string(), t.to_string()).is_some() {
            return Err(format!("{}:{}: id {id} given twice", path.display(), n + 1));
        }
    }
    Ok(map)
}

/// The texts the core gives, by the table's ids.
fn core_texts() -> BTreeMap<String, String> {
    let mut want = BTreeMap::new();
    for q in (0..MAX_QUESTIONS).filter_map(question) {
        let id = q.term.to_text();
        let full = format!("{}{}?", q.prefix(), q.text);
        want.insert(format!("question.{}", id.as_str()), full);
        want.insert(format!("sign.{}", id.as_str()), q.text.to_string());
    }
    for l in [Level::Routine, Level::SeeDoctor, Level::Refer] {
        want.insert(format!("referral.{}", l.as_str()), l.text().to_string());
    }
    want
}

#[test]
fn the_english_table_is_the_core_word_for_word() {
    let en = read_table(&texts_dir().join("en.tsv")).unwrap();
    let mut problems = Vec::new();
    for (id, text) in core_texts() {
        match en.get(&id) {
            Some(t) if *t == text => {}
            Some(t) => problems.push(format!("{id}: table {t:?}, core {text:?}")),
            None => problems.push(format!("missing, as the core says it:\n{id}\t{text}")),
        }
    }
    // Question, sign and referral ids the core does not have (a question dropped from the
    // core would otherwise stay in every table unnoticed).
    let core = core_texts();
    for id in en.keys() {
        let derived = ["question.", "sign.", "referral."]
            .iter()
            .any(|p| id.starts_with(p));
        if derived && !core.contains_key(id) {
            problems.push(format!("{id}: not a text of the core's questionnaire"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every table shipped has exactly the English table's ids.
#[test]
fn every_id_is_in_every_shipped_table() {
    let en = read_table(&texts_dir().join("en.tsv")).unwrap();
    let mut tables = 0;
    for entry in std::fs::read_dir(texts_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "tsv") {
            continue;
        }
        tables += 1;
        let t = read_table(&path).unwrap();
        let missing: Vec<_> = en.keys().filter(|k| !t.contains_key(*k)).collect();
        let extra: Vec<_> = t.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: missing {missing:?}, unknown {extra:?}",
            path.display()
        );
    }
    assert!(tables >= 1, "no table in {}", texts_dir().display());
}
