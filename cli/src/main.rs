//! `poh`: evaluate findings JSON files (or golden-case files with an `input` member, or
//! FHIR R4 charts with `--fhir`) and
//! print a readable decision-support report, or the assessment JSON with `--json`.
//!
//! Exit codes: 0 success, 1 an input was rejected (its error code is printed), 2 usage.

// A host tool: slicing its own freshly sized buffers cannot go out of range.
#![allow(clippy::indexing_slicing)]

use std::process::ExitCode;

use serde_json::Value;

const OUT_CAP: usize = 1 << 20;

fn usage() -> ExitCode {
    eprintln!(
        "usage: poh [--json] FILE...   (findings JSON, or a case file with an \"input\" member)\n       poh [--json] --fhir FILE... [--date YYYY-MM-DD]   (FHIR R4 Bundle or CDS Hooks prefetch; age at --date, default today)"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut json = false;
    let mut phenopacket = false;
    let mut questionnaire = false;
    let mut fhir = false;
    let mut date: Option<String> = None;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => json = true,
            "--fhir" => fhir = true,
            "--date" => match args.next() {
                Some(d) => date = Some(d),
                None => return usage(),
            },
            "--phenopacket" => phenopacket = true,
            "--questionnaire" => questionnaire = true,
            "-h" | "--help" => return usage(),
            _ => files.push(a),
        }
    }
    if files.is_empty() {
        return usage();
    }
    if fhir {
        return fhir_files(&files, date.as_deref(), json);
    }
    if date.is_some() {
        return usage();
    }
    if questionnaire {
        return files
            .iter()
            .fold(ExitCode::SUCCESS, |st, f| match run_script(f) {
                Ok(()) => st,
                Err(e) => {
                    eprintln!("{f}: {e}");
                    ExitCode::from(1)
                }
            });
    }
    let mut status = ExitCode::SUCCESS;
    for f in &files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{f}: {e}");
                return ExitCode::from(2);
            }
        };
        // A golden-case file wraps the findings in "input"; plain findings are used as is.
        let (title, input) = match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(m)) if m.contains_key("input") && !phenopacket => {
                let title = m
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or(f)
                    .to_string();
                (title, serde_json::to_vec(&m["input"]).unwrap_or_default())
            }
            _ => (f.clone(), bytes),
        };
        let mut out = vec![0u8; OUT_CAP];
        let result = if phenopacket {
            poh_core::phenopacket::evaluate_phenopacket_json(&input, &mut out)
        } else {
            poh_core::json::evaluate_json(&input, &mut out)
        };
        match result {
            Ok(n) => {
                let text = String::from_utf8_lossy(&out[..n]).into_owned();
                if json {
                    println!("{text}");
                } else {
                    match serde_json::from_str::<Value>(&text) {
                        Ok(v) => print!("{}", report(&title, &v)),
                        Err(e) => {
                            eprintln!("{f}: internal error: output is not JSON: {e}");
                            return ExitCode::from(1);
                        }
                    }
                }
            }
            Err(e) => {
                eprintln!("{f}: error {} ({}): {}", e.code(), e.kind(), e.message());
                status = ExitCode::from(1);
            }
        }
    }
    status
}

/// `--fhir`: read each FHIR file (poh-fhir), evaluate the findings and print the report
/// with the reading (used codes, unmapped codes, recorded diagnoses, dropped), or with
/// `--json` the assessment JSON with the reading report added as its last member `fhir`.
fn fhir_files(files: &[String], date: Option<&str>, json: bool) -> ExitCode {
    let evaluation_date = match date {
        Some(d) => match poh_fhir::Date::parse(d) {
            Some(d) => d,
            None => {
                eprintln!("--date {d}: expected YYYY-MM-DD");
                return ExitCode::from(2);
            }
        },
        // Today (UTC), only here at the command line: the library never reads the clock.
        None => {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            match poh_fhir::Date::from_unix_days(i64::try_from(secs / 86_400).unwrap_or(0)) {
                Some(d) => d,
                None => {
                    eprintln!("the system clock gives no valid date: pass --date");
                    return ExitCode::from(2);
                }
            }
        }
    };
    let opts = poh_fhir::ReadOptions { evaluation_date };
    let mut status = ExitCode::SUCCESS;
    for f in files {
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{f}: {e}");
                return ExitCode::from(2);
            }
        };
        let record = match poh_fhir::read_str(&text, &opts) {
            Ok(r) => r,
            Err(e) => {
                eprintln!(
                    "{f}: fhir error {} ({}) at {}: {}",
                    e.code, e.kind, e.path, e.message
                );
                status = ExitCode::from(1);
                continue;
            }
        };
        let doc = match record.assessment_json() {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{f}: error {} ({}): {}", e.code(), e.kind(), e.message());
                status = ExitCode::from(1);
                continue;
            }
        };
        if json {
            println!("{doc}");
            continue;
        }
        match serde_json::from_str::<Value>(&doc) {
            Ok(v) => print!("{}{}", report(f, &v), fhir_report(&v["fhir"])),
            Err(e) => {
                eprintln!("{f}: internal error: output is not JSON: {e}");
                return ExitCode::from(1);
            }
        }
    }
    status
}

/// The reading report in text: what each code became, and what was not used.
fn fhir_report(r: &Value) -> String {
    let mut o = format!(
        "FHIR reading (evaluation date {}):\n",
        s(r, "evaluation_date")
    );
    for u in r["used"].as_array().into_iter().flatten() {
        o += &format!(
            "  used      {} {} -> {} {}  [{}]\n",
            s(u, "resource"),
            s(u, "code"),
            s(u, "finding"),
            s(u, "state"),
            s(u, "how")
        );
    }
    for d in r["recorded_diagnoses"].as_array().into_iter().flatten() {
        o += &format!(
            "  recorded  {} {} {} ({}): a recorded diagnosis, never used as evidence\n",
            s(d, "resource"),
            s(d, "code"),
            s(d, "label"),
            d["disorders"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for u in r["unmapped"].as_array().into_iter().flatten() {
        o += &format!(
            "  unmapped  {} {}|{}: {}\n",
            s(u, "resource"),
            s(u, "system"),
            s(u, "code"),
            s(u, "why")
        );
    }
    for d in r["dropped"].as_array().into_iter().flatten() {
        o += &format!(
            "  dropped   {} {}: {}\n",
            s(d, "resource"),
            s(d, "what"),
            s(d, "why")
        );
    }
    o + "\n"
}

/// Play a scripted kiosk session (tests/questionnaire/*.json): print every step's JSON,
/// framed `== questionnaire:<file stem>:<step>`, as the firmware does.
fn run_script(path: &str) -> Result<(), String> {
    use poh_core::questionnaire::{write_session_step, Reply, Session};
    let v: Value = serde_json::from_slice(&std::fs::read(path).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let age = v["age_months"].as_u64().and_then(|a| u16::try_from(a).ok());
    let sex = match v["sex"].as_str() {
        Some("female") => poh_core::Sex::Female,
        Some("male") => poh_core::Sex::Male,
        _ => poh_core::Sex::Unknown,
    };
    let stem = std::path::Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("session");
    let mut s = Session::new(age, sex);
    for step in 0.. {
        let mut buf = vec![0u8; 1 << 16];
        let mut sink = poh_core::json::SliceSink::new(&mut buf);
        write_session_step(&s, &mut sink).map_err(|e| e.to_string())?;
        let n = sink
            .finish()
            .map_err(|n| format!("output of {n} bytes did not fit"))?;
        println!(
            "== questionnaire:{stem}:{step}\n{}",
            String::from_utf8_lossy(&buf[..n])
        );
        let Some(q) = s.next_question().map_err(|e| e.to_string())? else {
            break;
        };
        let reply = match v["replies"][q.term.to_text().as_str()].as_str() {
            Some("yes") => Reply::Yes,
            Some("no") => Reply::No,
            _ => Reply::DontKnow,
        };
        s.answer(usize::from(q.seed_row), reply)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn milli(v: &Value, k: &str) -> String {
    let n = v.get(k).and_then(Value::as_i64).unwrap_or(0);
    format!(
        "{}{}.{:03}",
        if n < 0 { "-" } else { "" },
        n.abs() / 1000,
        n.abs() % 1000
    )
}

fn cites(v: &Value) -> String {
    v.get("cites")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// A plain-text report of one assessment.
fn report(title: &str, v: &Value) -> String {
    let mut o = String::new();
    let poh = &v["poh"];
    o += &format!("== {title}\n");
    o += &format!(
        "POH criteria: {}{}   (score log10 LR {}, rank {})\n",
        s(poh, "verdict").to_uppercase(),
        if poh["provisional"] == Value::Bool(true) {
            " (provisional)"
        } else {
            ""
        },
        milli(&poh["score"], "log10_lr_milli"),
        poh["score"]["rank"]
    );
    o += &format!(
        "Flag: {} - {}\n",
        s(&v["flag"], "level").to_uppercase(),
        s(&v["flag"], "text")
    );
    for c in poh["criteria"].as_array().into_iter().flatten() {
        o += &format!(
            "  [{:7}] {}{}  [{}]\n",
            s(c, "verdict"),
            s(c, "text"),
            if c["provisional"] == Value::Bool(true) {
                " (provisional)"
            } else {
                ""
            },
            cites(c)
        );
    }
    o += "Supporting findings:\n";
    for c in poh["supporting"].as_array().into_iter().flatten() {
        o += &format!("  [{:7}] {}\n", s(c, "status"), s(c, "text"));
    }
    o += "Differential (rank, open-world posterior, log10 LR; `=` marks a tie):\n";
    let ranked = v["differential"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    for d in ranked {
        let p = d["posterior_permille"].as_i64().unwrap_or(0);
        let rank = &d["rank"];
        let tied = ranked.iter().filter(|x| &x["rank"] == rank).count() > 1;
        o += &format!(
            "  {:>3} {:5.1}%  {:>7}  {:6} {} ({})\n",
            format!("{}{rank}", if tied { "=" } else { "" }),
            p as f64 / 10.0,
            milli(d, "log10_lr_milli"),
            s(d, "abbreviation"),
            s(d, "name"),
            s(d, "id")
        );
    }
    let steps: Vec<_> = v["next_steps"]
        .as_array()
        .into_iter()
        .flatten()
        .take(4)
        .collect();
    if !steps.is_empty() {
        o += "Next steps:\n";
        for n in steps {
            o += &format!("  - {}  [{}]\n", s(n, "text"), cites(n));
        }
    }
    for u in v["unrecognized"].as_array().into_iter().flatten() {
        o += &format!(
            "  unrecognized term {} (entry {})\n",
            s(u, "id"),
            u["entry"]
        );
    }
    o += &format!("({}; {})\n\n", s(v, "kb_version"), s(v, "disclaimer"));
    o
}
