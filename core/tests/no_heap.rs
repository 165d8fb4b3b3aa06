//! Zero heap allocations in the core path, proved in a std harness with a counting global
//! allocator: evaluating, serialising, reading phenopackets, counseling and a questionnaire
//! step allocate nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![allow(unsafe_code)] // a GlobalAlloc impl is unsafe by definition; test harness only

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    // Count only on the thread under test: the harness allocates on its own threads
    // (output capture, the runner), which must not make this test flaky.
    static COUNTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn note_allocation() {
    if COUNTING.try_with(std::cell::Cell::get).unwrap_or(false) {
        ALLOCS.fetch_add(1, Ordering::SeqCst);
    }
}

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        note_allocation();
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const CASE: &[u8] = br#"{"age_months": 30, "sex": "female",
 "phenotypes": [{"id": "HP:0025027", "excluded": false, "onset_months": 3, "modifiers": ["HP:0003676"]},
   {"id": "HP:0011987"}, {"id": "HP:0001156", "excluded": true}, {"id": "HP:0000311", "excluded": true},
   {"id": "HP:0004322", "excluded": true}, {"id": "HP:0001513", "excluded": true}, {"id": "HP:0001249", "excluded": true},
   {"id": "HP:0001482"}, {"id": "HP:0001376"}, {"id": "HP:0002653"}, {"id": "HP:0001844", "excluded": true},
   {"id": "HP:0001511"}],
 "labs": {"pth": "normal", "calcium": "normal", "phosphate": "high", "tsh": "normal"},
 "gnas": {"result": "pathogenic", "parent_of_origin": "paternal"},
 "history": {"trauma_or_surgery_at_site": false}, "options": {"counseling": true}}"#;

#[test]
fn the_core_path_never_allocates() {
    let mut out = vec![0u8; 1 << 16];
    let mut pp_out = vec![0u8; 1 << 16];
    let pp = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/phenopackets/c11_lin2015_case1.json"
    ))
    .unwrap();
    let before = ALLOCS.load(Ordering::SeqCst);
    COUNTING.with(|c| c.set(true));
    for _ in 0..3 {
        let n = poh_core::json::evaluate_json(CASE, &mut out).unwrap();
        assert!(n > 1000);
        poh_core::phenopacket::evaluate_phenopacket_json(&pp, &mut pp_out).unwrap();
        poh_core::counseling::counsel_json(br#"{"condition":"poh","sex":"female"}"#, &mut pp_out)
            .unwrap();
        poh_core::questionnaire::step_json(br#"{"answers":{"HP:0001482":"yes"}}"#, &mut pp_out)
            .unwrap();
        assert!(poh_core::json::evaluate_json(b"{\"bad\":1}", &mut pp_out).is_err());
    }
    COUNTING.with(|c| c.set(false));
    let after = ALLOCS.load(Ordering::SeqCst);
    assert_eq!(
        after - before,
        0,
        "the core allocated {} times",
        after - before
    );
}
