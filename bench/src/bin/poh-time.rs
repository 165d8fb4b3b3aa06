//! The core timed with the same method as the C benchmark (bench/c/bench.c), so the C ABI
//! and Rust can be compared like for like: batches of about 10 ms, per-call time of each
//! batch, median and spread over batches. Prints one JSON object per line.
//!
//!     target/release/poh-time [SECONDS_PER_CASE]
//!
//! Nothing is asserted: a benchmark never fails on time.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;
use std::time::{Duration, Instant};

fn time_case(name: &str, seconds: f64, mut f: impl FnMut()) {
    let mut iters: u64 = 1;
    loop {
        let t0 = Instant::now();
        for _ in 0..iters {
            f();
        }
        if t0.elapsed() > Duration::from_millis(10) || iters > 1 << 30 {
            break;
        }
        iters *= 2;
    }
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let mut per_call = Vec::new();
    while per_call.len() < 11 || (Instant::now() < deadline && per_call.len() < 4096) {
        let t0 = Instant::now();
        for _ in 0..iters {
            f();
        }
        per_call.push(t0.elapsed().as_nanos() as f64 / iters as f64);
    }
    per_call.sort_by(f64::total_cmp);
    let n = per_call.len();
    println!(
        "{{\"name\": \"{name}\", \"ns_median\": {:.2}, \"ns_min\": {:.2}, \"ns_p10\": {:.2}, \
         \"ns_p90\": {:.2}, \"batches\": {n}, \"iters_per_batch\": {iters}}}",
        per_call[n / 2],
        per_call[0],
        per_call[n / 10],
        per_call[n - 1 - n / 10]
    );
}

fn main() {
    let seconds: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    let cases = [
        ("rust/evaluate_typical", poh_bench::typical()),
        ("rust/evaluate_worst", poh_bench::worst()),
        ("rust/evaluate_minimal", poh_bench::minimal()),
    ];
    let mut a = poh_core::Assessment::default();
    for (name, f) in &cases {
        time_case(name, seconds, || {
            poh_core::evaluate(black_box(f), &mut a).expect("evaluates");
        });
    }
    let mut out = vec![0u8; 1 << 17];
    for (name, input) in [
        ("rust/json_round_trip_typical", poh_bench::TYPICAL_JSON),
        ("rust/json_round_trip_minimal", poh_bench::MINIMAL_JSON),
    ] {
        time_case(name, seconds, || {
            black_box(
                poh_core::json::evaluate_json(black_box(input.as_bytes()), &mut out)
                    .expect("evaluates"),
            );
        });
    }
    let mut f = poh_core::Findings::new();
    time_case("rust/json_decode_typical", seconds, || {
        poh_core::json::parse_findings(black_box(poh_bench::TYPICAL_JSON.as_bytes()), &mut f)
            .expect("parses");
    });
    poh_core::evaluate(&cases[0].1, &mut a).expect("evaluates");
    time_case("rust/json_encode_typical", seconds, || {
        black_box(poh_core::json::write_assessment(black_box(&a), &mut out).expect("writes"));
    });
}
