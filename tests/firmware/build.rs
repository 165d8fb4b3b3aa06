//! Build script: picks the board's `memory.x` by target, and embeds the golden cases'
//! `input` members (compact JSON) so the firmware can evaluate them without a file system.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

use serde_json::Value;

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let target = env::var("TARGET").expect("TARGET");

    // One memory map per board: the Cortex-M0 board (microbit) has 16 KiB of RAM, and an
    // image linked for the M4 board's 64 KiB faults there.
    let memory = match target.as_str() {
        "thumbv7em-none-eabihf" | "thumbv7em-none-eabi" => "memory/mps2-an386.x",
        "thumbv6m-none-eabi" => "memory/microbit.x",
        other => panic!("poh-firmware: no board for target {other} (use thumbv7em-none-eabihf or thumbv6m-none-eabi)"),
    };
    fs::copy(manifest.join(memory), out.join("memory.x")).expect("copy memory.x");
    // The kiosk sessions run on the M4 board only: with 64 recognized phenotype entries
    // the questionnaire's own `Findings` and `Assessment` frames no longer fit the 16 KiB
    // of the Cortex-M0 board beside the evaluation's static ones (issue 19 tracks a
    // questionnaire that evaluates into caller storage).
    println!("cargo::rustc-check-cfg=cfg(poh_kiosk_sessions)");
    if memory.ends_with("mps2-an386.x") {
        println!("cargo:rustc-cfg=poh_kiosk_sessions");
    }
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
    println!("cargo:rerun-if-changed={memory}");
    println!("cargo:rerun-if-changed=build.rs");

    embed_cases(&manifest.join("../cases"), &out.join("cases.rs"));
    embed_scripts(&manifest.join("../questionnaire"), &out.join("scripts.rs"));
}

/// The `*.json` files of `dir`, sorted; a build error when there are none (`what` says
/// what was expected). Cargo reruns the build when the directory changes.
fn json_files(dir: &Path, what: &str) -> Vec<PathBuf> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{what} in {}", dir.display());
    files
}

/// Writes `SCRIPTS: [Script; N]` from the scripted kiosk sessions (tests/questionnaire):
/// age, sex code (0 unknown, 1 female, 2 male) and the replies (HPO number, 1 yes, 2 no).
fn embed_scripts(dir: &Path, dest: &Path) {
    let files = json_files(dir, "no scripted sessions");
    let mut src = String::from("static SCRIPTS: [Script; ");
    write!(src, "{}] = [\n", files.len()).unwrap();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let stem = f.file_stem().and_then(|s| s.to_str()).expect("utf-8 file name");
        let doc: Value = serde_json::from_slice(&fs::read(f).expect("read script")).expect("script is JSON");
        let age = doc["age_months"].as_u64().map_or("None".to_string(), |a| format!("Some({a})"));
        let sex = match doc["sex"].as_str() {
            Some("female") => 1,
            Some("male") => 2,
            _ => 0,
        };
        let mut replies = String::new();
        for (id, r) in doc["replies"].as_object().expect("replies object") {
            let num: u32 = id.strip_prefix("HP:").and_then(|n| n.parse().ok()).expect("HP id");
            let code = match r.as_str() {
                Some("yes") => 1,
                Some("no") => 2,
                _ => 0,
            };
            write!(replies, "({num}, {code}),").unwrap();
        }
        writeln!(src, "    Script {{ name: {stem:?}, age_months: {age}, sex: {sex}, replies: &[{replies}] }},").unwrap();
    }
    src.push_str("];\n");
    fs::write(dest, src).expect("write scripts.rs");
}

/// Writes `CASES: [(&str, &[u8]); N]`, one named static per input so that symbol sizes
/// show the test data apart from the product code.
///
/// The bytes are exactly what the host CLI (`poh --json case.json`) evaluates:
/// `serde_json::to_vec` of the parsed `input` value. That re-serialisation is checked to be
/// the same JSON value as the original before it is embedded.
fn embed_cases(dir: &Path, dest: &Path) {
    let files = json_files(dir, "no golden cases");

    let mut src = String::new();
    let mut table = String::new();
    for (i, f) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", f.display());
        let stem = f.file_stem().and_then(|s| s.to_str()).expect("utf-8 file name");
        let text = fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let doc: Value = serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let input = doc.get("input").unwrap_or_else(|| panic!("{}: no `input` member", f.display()));
        let bytes = serde_json::to_vec(input).expect("serialise input");
        let back: Value = serde_json::from_slice(&bytes).expect("re-parse compact input");
        assert_eq!(&back, input, "{}: compact input is not the same JSON value", f.display());

        write!(src, "static CASE_{i}: [u8; {}] = [", bytes.len()).unwrap();
        for b in &bytes {
            write!(src, "{b},").unwrap();
        }
        src.push_str("];\n");
        writeln!(table, "    ({stem:?}, &CASE_{i}),").unwrap();
    }
    writeln!(src, "/// Golden cases: (file stem, compact findings JSON).").unwrap();
    writeln!(src, "static CASES: [(&str, &[u8]); {}] = [\n{table}];", files.len()).unwrap();
    fs::write(dest, src).expect("write cases.rs");
}
