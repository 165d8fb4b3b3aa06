//! One evaluation, for instruction counting under callgrind:
//!
//!     valgrind --tool=callgrind --toggle-collect='poh_core::eval::evaluate' \
//!         target/release/poh-count evaluate typical
//!
//! Modes: `evaluate {typical|worst|minimal} [CALLS]` (the evaluator alone, CALLS times into
//! the same assessment, as the timed benchmarks reuse it: the count of N + 1 calls minus
//! that of N is one call in steady state), `json typical` (decode,
//! evaluate, encode through `evaluate_json`), `print {typical|minimal}` (the input JSON on
//! stdout, for the C and Python benchmarks: one definition of the benchmark inputs).
#![allow(clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("evaluate");
    let which = args.get(2).map(String::as_str).unwrap_or("typical");
    match mode {
        "evaluate" => {
            let f = match which {
                "worst" => poh_bench::worst(),
                "minimal" => poh_bench::minimal(),
                _ => poh_bench::typical(),
            };
            let calls: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(1);
            let mut a = poh_core::Assessment::default();
            for _ in 0..calls {
                poh_core::evaluate(black_box(&f), &mut a).expect("evaluates");
                black_box(&a);
            }
        }
        "json" => {
            let input = if which == "minimal" {
                poh_bench::MINIMAL_JSON
            } else {
                poh_bench::TYPICAL_JSON
            };
            let mut out = vec![0u8; 1 << 16];
            let n = poh_core::json::evaluate_json(black_box(input.as_bytes()), &mut out)
                .expect("evaluates");
            black_box(n);
        }
        "print" => {
            let input = if which == "minimal" {
                poh_bench::MINIMAL_JSON
            } else {
                poh_bench::TYPICAL_JSON
            };
            println!("{input}");
        }
        _ => {
            eprintln!("usage: poh-count {{evaluate|json|print}} {{typical|worst|minimal}}");
            std::process::exit(2);
        }
    }
}
