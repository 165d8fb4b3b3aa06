//! `cargo run --release -p poh-fhir --example read_speed`: time to read (and to read and
//! evaluate) the charts of tests/fhir/ and a 100-resource chart made from the PHP1A-like
//! prefetch (READ_SPEED_N reads each, default 2000). A measurement printed for the reader,
//! never asserted.
// A measuring tool over the committed fixtures: serde_json indexing of their known shape.
#![allow(clippy::indexing_slicing)]
use std::time::Instant;

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fhir/");
    let Some(date) = poh_fhir::Date::new(2024, 6, 1) else {
        return;
    };
    let opts = poh_fhir::ReadOptions {
        evaluation_date: date,
    };
    let mut charts: Vec<(String, String)> = [
        "poh_like.json",
        "php1a_like_prefetch.json",
        "unrelated.json",
    ]
    .iter()
    .filter_map(|f| {
        std::fs::read_to_string(format!("{root}{f}"))
            .ok()
            .map(|t| (f.to_string(), t))
    })
    .collect();
    // 100 resources: the PHP1A-like conditions and labs repeated under new ids.
    if let Some((_, t)) = charts.get(1) {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(t) {
            let mut entries = Vec::new();
            for key in ["conditions", "pth", "calcium", "tsh"] {
                if let Some(es) = v[key]["entry"].as_array() {
                    entries.extend(es.iter().cloned());
                }
            }
            let mut out = vec![serde_json::json!({"resource": v["patient"].clone()})];
            let mut i = 0;
            while out.len() < 100 {
                let Some(mut e) = entries.get(i % entries.len().max(1)).cloned() else {
                    break;
                };
                e["resource"]["id"] = serde_json::json!(format!("r{i}"));
                out.push(e);
                i += 1;
            }
            let b =
                serde_json::json!({"resourceType": "Bundle", "type": "collection", "entry": out});
            charts.push(("100 resources".into(), b.to_string()));
        }
    }
    // READ_SPEED_ONLY=<name>: time that chart only (for an instruction count per chart).
    let only = std::env::var("READ_SPEED_ONLY").ok();
    for (name, text) in charts
        .iter()
        .filter(|(n, _)| only.as_deref().is_none_or(|o| o == n))
    {
        let n: u32 = std::env::var("READ_SPEED_N")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(2000);
        let t = Instant::now();
        for _ in 0..n {
            let _ = std::hint::black_box(poh_fhir::read_str(text, &opts));
        }
        let read = t.elapsed().as_secs_f64() * 1e6 / f64::from(n);
        let t = Instant::now();
        for _ in 0..n {
            if let Ok(r) = poh_fhir::read_str(text, &opts) {
                let _ = std::hint::black_box(r.assessment_json());
            }
        }
        let all = t.elapsed().as_secs_f64() * 1e6 / f64::from(n);
        println!(
            "{name:26} {:>7} bytes  read {read:8.1} us  read + evaluate + JSON {all:8.1} us",
            text.len()
        );
    }
}
