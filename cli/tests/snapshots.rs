#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::panic
)]
//! Reviewed full-output snapshots (tests/snapshots/): every byte the `poh` command prints
//! for each golden case, each phenopacket fixture and each step of each scripted kiosk
//! session is compared with a file a person has read. `cargo test -p poh-cli` runs it with
//! the compiler-built speed tables and the pre-rendered JSON pieces, `--no-default-features`
//! with the piece-by-piece writer: both writers are held to the same files on the host.
//!
//! A deliberate change of output: `make snapshots` (UPDATE_SNAPSHOTS=1) rewrites the files;
//! the diff is then read and committed with the change that caused it.
//!
//! The files are pretty-printed (two-space indent, keys in output order) so that a diff is
//! readable; the test also checks that the command's raw output is exactly the compact form
//! of the same document, so tests/agreement.sh can hold every other runtime (C, Python,
//! both firmware images) to these files byte for byte.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1")
}

fn poh(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_poh"))
        .args(args)
        .output()
        .expect("poh runs");
    assert!(
        out.status.success(),
        "poh {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn inputs(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_str().unwrap().to_string()
}

/// The snapshot text of one output line (without its newline).
fn pretty(raw: &[u8], what: &str) -> String {
    let v: Value =
        serde_json::from_slice(raw).unwrap_or_else(|e| panic!("{what}: output is not JSON: {e}"));
    // The raw bytes must be the compact form of the document, or a byte comparison of
    // another runtime's output against the compacted snapshot would not be exact.
    let compact = serde_json::to_string(&v).unwrap();
    assert_eq!(
        compact.as_bytes(),
        raw,
        "{what}: output is not in canonical compact form"
    );
    let mut s = serde_json::to_string_pretty(&v).unwrap();
    s.push('\n');
    s
}

struct Snapshots {
    dir: PathBuf,
    seen: BTreeSet<PathBuf>,
    failures: Vec<String>,
    written: usize,
}

impl Snapshots {
    fn check(&mut self, kind: &str, name: &str, text: &str) {
        let path = self.dir.join(kind).join(format!("{name}.json"));
        self.seen.insert(path.clone());
        let old = std::fs::read_to_string(&path).ok();
        if old.as_deref() == Some(text) {
            return;
        }
        if updating() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            self.written += 1;
            return;
        }
        let Some(old) = old else {
            self.failures.push(format!(
                "{kind}/{name}: no snapshot (run `make snapshots` and review the new file)"
            ));
            return;
        };
        let line = old
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| old.lines().count().min(text.lines().count()));
        let show = |t: &str| t.lines().nth(line).unwrap_or("<end>").trim().to_string();
        self.failures.push(format!(
            "{kind}/{name}.json line {}: snapshot `{}`, now `{}`",
            line + 1,
            show(&old),
            show(text)
        ));
    }

    /// Every snapshot file must belong to an input: a stale one fails (or is removed when
    /// updating), so the directory never holds outputs no runner produces.
    fn finish(self) {
        let mut stale = Vec::new();
        for kind in ["cases", "phenopackets", "questionnaire"] {
            for e in std::fs::read_dir(self.dir.join(kind)).into_iter().flatten() {
                let p = e.unwrap().path();
                if !self.seen.contains(&p) {
                    if updating() {
                        std::fs::remove_file(&p).unwrap();
                    } else {
                        stale.push(p.display().to_string());
                    }
                }
            }
        }
        let mut failures = self.failures;
        failures.extend(
            stale
                .into_iter()
                .map(|p| format!("{p}: no input produces it")),
        );
        if self.written > 0 {
            eprintln!(
                "snapshots: {} file(s) rewritten: review `git diff tests/snapshots`",
                self.written
            );
        }
        assert!(
            failures.is_empty(),
            "{} snapshot difference(s) (a deliberate change: `make snapshots`, then review the diff):\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

#[test]
fn every_output_matches_its_reviewed_snapshot() {
    let mut snaps = Snapshots {
        dir: root().join("tests/snapshots"),
        seen: BTreeSet::new(),
        failures: Vec::new(),
        written: 0,
    };
    let mut count = 0;
    for case in inputs("tests/cases") {
        let out = poh(&["--json", case.to_str().unwrap()]);
        let name = stem(&case);
        let text = pretty(out.strip_suffix(b"\n").unwrap(), &name);
        snaps.check("cases", &name, &text);
        count += 1;
    }
    for packet in inputs("tests/phenopackets") {
        let out = poh(&["--json", "--phenopacket", packet.to_str().unwrap()]);
        let name = stem(&packet);
        let text = pretty(out.strip_suffix(b"\n").unwrap(), &name);
        snaps.check("phenopackets", &name, &text);
        count += 1;
    }
    for script in inputs("tests/questionnaire") {
        let out = poh(&["--questionnaire", script.to_str().unwrap()]);
        let out = String::from_utf8(out).unwrap();
        let mut lines = out.lines();
        let mut steps = 0;
        while let Some(frame) = lines.next() {
            let name = frame
                .strip_prefix("== questionnaire:")
                .unwrap_or_else(|| panic!("unexpected line {frame:?}"))
                .replace(':', "_");
            let payload = lines.next().expect("a frame has its JSON line");
            let text = pretty(payload.as_bytes(), &name);
            snaps.check("questionnaire", &name, &text);
            steps += 1;
        }
        assert!(
            steps > 1,
            "{}: a session has several steps",
            script.display()
        );
        count += steps;
    }
    assert!(count > 40, "only {count} outputs found");
    snaps.finish();
}
