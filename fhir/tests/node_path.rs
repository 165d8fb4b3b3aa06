//! The CDS Hooks service reads a request parsed straight into a [`Node`] (strings
//! borrowed from the body); every other caller reads text through `serde_json::Value`
//! (`read_str`, `read`). Both must read the same: the same record or the same error, on
//! every fixture of the repository, good and bad, and on variations that exercise what
//! a tree keeps (duplicate keys, escapes, numbers).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::opts;
use poh_fhir::{read_node, read_str, Node};

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// Read `text` both ways and require the same outcome.
fn same(text: &str, what: &str) {
    let by_value = read_str(text, &opts());
    let by_node = match serde_json::from_str::<Node<'_>>(text) {
        Ok(n) => read_node(&n, &opts()),
        // Not JSON: read_str says so itself; the node parser must refuse it too.
        Err(_) => {
            assert_eq!(by_value.unwrap_err().kind, "not_json", "{what}");
            return;
        }
    };
    assert_eq!(by_node, by_value, "{what}");
}

#[test]
fn every_fixture_reads_the_same_through_a_node() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for d in ["tests/fhir", "tests/service/fixtures"] {
        json_files(&root.join(d), &mut files);
    }
    assert!(files.len() >= 20, "{files:?}");
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        same(&text, &f.display().to_string());
        // Pretty and compact forms, and with every `"code"` member given twice (the last
        // one counts) or escaped (a string then owned, not borrowed).
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
            same(&v.to_string(), &format!("{} compact", f.display()));
        }
        let twice = text.replace("\"code\":", "\"code\": \"dup\", \"code\":");
        same(&twice, &format!("{} duplicate code keys", f.display()));
        let escaped = text.replace("\"system\"", "\"\\u0073ystem\"");
        same(&escaped, &format!("{} escaped keys", f.display()));
        let numbers = text.replace("\"value\": ", "\"value\": 1e2, \"value\": ");
        same(&numbers, &format!("{} numbers", f.display()));
    }
}
