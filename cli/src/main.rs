//! `poh`: evaluate findings JSON files (or golden-case files with an `input` member,
//! phenopackets with `--phenopacket`, FHIR R4 charts with `--fhir`) and print a readable
//! decision-support report, the assessment JSON with `--json` or one TSV row per input
//! with `--summary`. `poh --help` lists the subcommands (`evaluate`, `label`, `version`),
//! the same as `python -m poh`'s.
//!
//! Exit codes: 0 success, 1 an input was rejected (its error code is printed), 2 usage.

// A host tool: slicing its own freshly sized buffers cannot go out of range.
#![allow(clippy::indexing_slicing)]

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde_json::Value;

/// `println!` to standard output, except that a closed pipe (`poh ... | head`) ends the
/// program quietly (exit 1) where `println!` would panic.
macro_rules! outln {
    ($($t:tt)*) => {{
        let mut o = std::io::stdout().lock();
        if writeln!(o, $($t)*).is_err() {
            std::process::exit(1)
        }
    }};
}

/// `print!`, likewise.
macro_rules! out {
    ($($t:tt)*) => {{
        let mut o = std::io::stdout().lock();
        if write!(o, $($t)*).is_err() {
            std::process::exit(1)
        }
    }};
}

const OUT_CAP: usize = 1 << 20;

/// Show a progress bar from this many inputs on (when standard error is a terminal), as
/// `python -m poh evaluate` does.
const PROGRESS_FROM: usize = 200;

/// The subcommands; an argument list that starts with none of them is read as
/// `evaluate ...`, so the spellings of earlier releases (`poh --json FILE`) still work.
const SUBCOMMANDS: [&str; 4] = ["evaluate", "label", "version", "help"];

/// The command line, shared with `python -m poh` (py/python/poh/__main__.py): the same
/// subcommands, options, outputs and exit statuses (py/tests/test_cli.py runs both).
#[derive(Parser)]
#[command(
    name = "poh",
    about = "POH clinical decision support (decision support, not diagnosis).",
    disable_version_flag = true,
    after_help = "`poh FILE...` is `poh evaluate FILE...`.\n\
        exit status: 0 all evaluated, 1 some input rejected, 2 usage error"
)]
struct Cli {
    /// Print the package, knowledge-base and HPO versions
    #[arg(short = 'V', long)]
    version: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate findings, case files, phenopackets (--phenopacket) or FHIR charts (--fhir)
    Evaluate(EvaluateArgs),
    /// Print the label of HPO terms
    Label {
        #[arg(required = true, value_name = "HP:0000000")]
        ids: Vec<String>,
    },
    /// Print the package, knowledge-base and HPO versions
    Version,
}

#[derive(Args)]
#[command(
    long_about = "Evaluate each PATH: a findings JSON file, a golden-case file (findings under \
        \"input\"), a GA4GH Phenopacket v2 with --phenopacket, a FHIR R4 Bundle or CDS Hooks \
        prefetch with --fhir, a directory (its *.json files, sorted), a JSON Lines file \
        (*.jsonl, *.ndjson: one input per line) or - for one document on standard input. \
        The report goes to standard output; rejected inputs are reported on standard error \
        with their code, and the others are still evaluated."
)]
struct EvaluateArgs {
    /// Findings, case files, phenopackets or charts
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// The inputs are GA4GH Phenopackets v2
    #[arg(long, conflicts_with = "fhir")]
    phenopacket: bool,
    /// The inputs are FHIR R4 charts (Bundle, resource or CDS Hooks prefetch)
    #[arg(long)]
    fhir: bool,
    /// With --fhir: the evaluation date, ages are counted to it (default today, UTC)
    #[arg(long, value_name = "YYYY-MM-DD", requires = "fhir")]
    date: Option<String>,
    /// Play scripted kiosk sessions (tests/questionnaire/*.json), printing each step's JSON
    #[arg(long, conflicts_with_all = ["phenopacket", "fhir", "summary", "json"])]
    questionnaire: bool,
    /// Print the assessment JSON, one document per line
    #[arg(long, conflicts_with = "summary")]
    json: bool,
    /// One tab-separated line per input (after a header row) instead of reports
    #[arg(long)]
    summary: bool,
    /// A progress bar on standard error (default: from 200 inputs, on a terminal)
    #[arg(long, overrides_with = "no_progress")]
    progress: bool,
    /// No progress bar
    #[arg(long)]
    no_progress: bool,
}

/// How the outputs are printed.
#[derive(Clone, Copy, PartialEq)]
enum Output {
    Report,
    Json,
    Summary,
}

fn main() -> ExitCode {
    let mut argv: Vec<String> = std::env::args().collect();
    if let Some(first) = argv.get(1) {
        if !SUBCOMMANDS.contains(&first.as_str())
            && !matches!(first.as_str(), "-h" | "--help" | "-V" | "--version")
        {
            argv.insert(1, "evaluate".to_string());
        }
    }
    let cli = match Cli::try_parse_from(&argv) {
        Ok(c) => c,
        Err(e) => {
            // --help prints to standard output and exits 0; a usage error exits 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        _ if cli.version => version(),
        Some(Command::Version) => version(),
        Some(Command::Label { ids }) => label(&ids),
        Some(Command::Evaluate(a)) => evaluate(&a),
        None => {
            // No subcommand: the help, as a usage error.
            let help = <Cli as clap::CommandFactory>::command().render_help();
            eprintln!("{help}");
            ExitCode::from(2)
        }
    }
}

fn version() -> ExitCode {
    outln!(
        "poh {}\n{}\nHPO release {}",
        env!("CARGO_PKG_VERSION"),
        poh_core::KB_VERSION,
        poh_core::HPO_RELEASE
    );
    ExitCode::SUCCESS
}

fn label(ids: &[String]) -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for i in ids {
        let found = poh_core::HpoId::parse(i)
            .and_then(|h| poh_core::hpo::label(h).ok_or(poh_core::Error::UnknownTerm));
        match found {
            Ok(l) => outln!("{i}\t{l}"),
            Err(e) => {
                eprintln!("{i}: error {} ({}): {}", e.code(), e.kind(), e.message());
                status = ExitCode::from(1);
            }
        }
    }
    status
}

/// One input: where it came from (file, `file:line` or `-`), the title of its report and
/// its bytes.
struct Item {
    source: String,
    title: String,
    bytes: Vec<u8>,
}

/// A golden-case file wraps the findings in "input"; anything else is used as is.
fn unwrap_case(source: String, bytes: Vec<u8>, findings: bool) -> Item {
    if findings {
        if let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(&bytes) {
            if let Some(input) = m.get("input") {
                let title = m
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or(&source)
                    .to_string();
                let bytes = serde_json::to_vec(input).unwrap_or_default();
                return Item {
                    source,
                    title,
                    bytes,
                };
            }
        }
    }
    Item {
        title: source.clone(),
        source,
        bytes,
    }
}

fn read_path(path: &str) -> Result<Vec<u8>, String> {
    let mut b = Vec::new();
    let read = if path == "-" {
        std::io::stdin().read_to_end(&mut b).map(|_| ())
    } else {
        std::fs::read(path).map(|v| b = v)
    };
    read.map(|()| b).map_err(|e| format!("{path}: {e}"))
}

/// Every input of the paths, in order (what `python -m poh evaluate` reads).
fn inputs(paths: &[String], findings: bool) -> Result<Vec<Item>, String> {
    let mut items = Vec::new();
    for p in paths {
        if p != "-" && std::path::Path::new(p).is_dir() {
            let mut names: Vec<String> = std::fs::read_dir(p)
                .map_err(|e| format!("{p}: {e}"))?
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with(".json"))
                .collect();
            if names.is_empty() {
                return Err(format!("{p}: no *.json files"));
            }
            names.sort();
            for n in names {
                let full = std::path::Path::new(p).join(n).display().to_string();
                let bytes = read_path(&full)?;
                items.push(unwrap_case(full, bytes, findings));
            }
        } else if p.ends_with(".jsonl") || p.ends_with(".ndjson") {
            let bytes = read_path(p)?;
            for (i, line) in bytes.split(|&c| c == b'\n').enumerate() {
                if !line.iter().all(u8::is_ascii_whitespace) {
                    items.push(unwrap_case(
                        format!("{p}:{}", i + 1),
                        line.to_vec(),
                        findings,
                    ));
                }
            }
        } else {
            let bytes = read_path(p)?;
            items.push(unwrap_case(p.clone(), bytes, findings));
        }
    }
    Ok(items)
}

/// A plain progress bar on standard error (the Python command line uses tqdm's).
struct Progress {
    total: usize,
    done: usize,
    shown: bool,
}

impl Progress {
    fn tick(&mut self) {
        self.done += 1;
        if self.shown {
            let filled = 30 * self.done / self.total.max(1);
            eprint!(
                "\r[{}{}] {}/{}",
                "#".repeat(filled),
                ".".repeat(30 - filled),
                self.done,
                self.total
            );
            let _ = std::io::stderr().flush();
        }
    }

    fn close(&self) {
        if self.shown {
            eprintln!();
        }
    }
}

/// The header row of `--summary` (the same in `python -m poh evaluate --summary`).
const SUMMARY_HEADER: &str = "input\tverdict\tprovisional\tcriteria\tleader";

/// One `--summary` row of an assessment JSON document.
fn summary_line(source: &str, v: &Value) -> String {
    let poh = &v["poh"];
    let criteria: Vec<String> = poh["criteria"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| format!("{}={}", s(c, "key"), s(c, "verdict")))
        .collect();
    let top = &v["differential"][0];
    let p = top["posterior_permille"].as_i64().unwrap_or(0);
    format!(
        "{source}\t{}\t{}\t{}\t{} {}.{}%",
        s(poh, "verdict"),
        if poh["provisional"] == Value::Bool(true) {
            "provisional"
        } else {
            "-"
        },
        criteria.join(" "),
        s(top, "abbreviation"),
        p / 10,
        p % 10
    )
}

fn evaluate(a: &EvaluateArgs) -> ExitCode {
    let output = if a.json {
        Output::Json
    } else if a.summary {
        Output::Summary
    } else {
        Output::Report
    };
    if a.questionnaire {
        return a
            .paths
            .iter()
            .fold(ExitCode::SUCCESS, |st, f| match run_script(f) {
                Ok(()) => st,
                Err(e) => {
                    eprintln!("{f}: {e}");
                    ExitCode::from(1)
                }
            });
    }
    let items = match inputs(&a.paths, !a.phenopacket && !a.fhir) {
        Ok(items) => items,
        Err(e) => {
            eprintln!("poh: {e}");
            return ExitCode::from(2);
        }
    };
    let mut progress = Progress {
        total: items.len(),
        done: 0,
        shown: !a.no_progress
            && (a.progress || (items.len() >= PROGRESS_FROM && std::io::stderr().is_terminal())),
    };
    if output == Output::Summary {
        outln!("{SUMMARY_HEADER}");
    }
    let status = if a.fhir {
        fhir_files(&items, a.date.as_deref(), output, &mut progress)
    } else {
        findings_files(&items, a.phenopacket, output, &mut progress)
    };
    progress.close();
    status
}

fn findings_files(
    items: &[Item],
    phenopacket: bool,
    output: Output,
    progress: &mut Progress,
) -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for item in items {
        let (f, title, input) = (&item.source, &item.title, &item.bytes);
        let mut out = vec![0u8; OUT_CAP];
        let result = if phenopacket {
            poh_core::phenopacket::evaluate_phenopacket_json(input, &mut out)
        } else {
            poh_core::json::evaluate_json(input, &mut out)
        };
        progress.tick();
        match result {
            Ok(n) => {
                let text = String::from_utf8_lossy(&out[..n]).into_owned();
                if output == Output::Json {
                    outln!("{text}");
                } else {
                    match serde_json::from_str::<Value>(&text) {
                        Ok(v) if output == Output::Summary => outln!("{}", summary_line(f, &v)),
                        Ok(v) => out!("{}", report(title, &v)),
                        Err(e) => {
                            eprintln!("{f}: internal error: output is not JSON: {e}");
                            return ExitCode::from(1);
                        }
                    }
                }
            }
            Err(e) => {
                // Where and what: path, byte offset, value, allowed values, hint (offsets
                // count in the findings of a golden-case file as re-serialised).
                let d = if phenopacket {
                    poh_core::detail::phenopacket_json(input, e)
                } else {
                    poh_core::detail::findings_json(input, e)
                };
                eprintln!("{f}: error {} ({}): {d}", e.code(), e.kind());
                status = ExitCode::from(1);
            }
        }
    }
    status
}

/// `--fhir`: read each FHIR file (poh-fhir), evaluate the findings and print the report
/// with the reading (used codes, unmapped codes, recorded diagnoses, dropped), or with
/// `--json` the assessment JSON with the reading report added as its last member `fhir`.
fn fhir_files(
    items: &[Item],
    date: Option<&str>,
    output: Output,
    progress: &mut Progress,
) -> ExitCode {
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
    for item in items {
        let f = &item.source;
        progress.tick();
        let text = match std::str::from_utf8(&item.bytes) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{f}: {e}");
                return ExitCode::from(2);
            }
        };
        let record = match poh_fhir::read_str(text, &opts) {
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
        if output == Output::Json {
            outln!("{doc}");
            continue;
        }
        match serde_json::from_str::<Value>(&doc) {
            Ok(v) if output == Output::Summary => outln!("{}", summary_line(f, &v)),
            Ok(v) => out!("{}{}", report(f, &v), fhir_report(&v["fhir"])),
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
        outln!(
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
        s.answer(usize::from(q.row), reply)
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
