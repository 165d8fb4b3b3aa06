//! Criterion benchmarks of the core: evaluation (typical, worst case, minimal) and JSON
//! decode and encode.
#![allow(clippy::expect_used, missing_docs)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let typical = poh_bench::typical();
    let worst = poh_bench::worst();
    let minimal = poh_bench::minimal();
    let mut a = poh_core::Assessment::default();
    c.bench_function("evaluate/typical_12_terms", |b| {
        b.iter(|| poh_core::evaluate(black_box(&typical), &mut a).expect("ok"))
    });
    c.bench_function("evaluate/worst_case", |b| {
        b.iter(|| poh_core::evaluate(black_box(&worst), &mut a).expect("ok"))
    });
    c.bench_function("evaluate/minimal", |b| {
        b.iter(|| poh_core::evaluate(black_box(&minimal), &mut a).expect("ok"))
    });
    let mut f = poh_core::Findings::new();
    c.bench_function("json/decode_typical", |b| {
        b.iter(|| {
            poh_core::json::parse_findings(black_box(poh_bench::TYPICAL_JSON.as_bytes()), &mut f)
                .expect("ok")
        })
    });
    poh_core::evaluate(&typical, &mut a).expect("ok");
    let mut out = vec![0u8; 1 << 16];
    c.bench_function("json/encode_typical", |b| {
        b.iter(|| poh_core::json::write_assessment(black_box(&a), &mut out).expect("ok"))
    });
    c.bench_function("json/round_trip_typical", |b| {
        b.iter(|| {
            poh_core::json::evaluate_json(black_box(poh_bench::TYPICAL_JSON.as_bytes()), &mut out)
                .expect("ok")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
