//! A per-thread evaluation workspace: the core's `Assessment`, reused from call to call.
//!
//! `poh_core::evaluate` resets the assessment it is given (in place, only what the last
//! evaluation used) before it computes anything, so the result never depends on what the
//! workspace held. What the workspace saves is building a fresh `Assessment` per call:
//! `Assessment::default()` is several KiB of stores, more than issue 7's whole budget for
//! the C ABI's overhead.
//!
//! Why a thread-local and not a static or the caller's memory: a shared static would need
//! a lock (contention between EHR threads, and a poisoning story); the caller's memory
//! would mean a scratch area in `poh_assessment` (the output struct would grow by the
//! whole core assessment) or a new argument in every signature. A thread-local needs
//! neither, costs one TLS access per call, and holds no state anyone can observe:
//!
//! * each thread has its own, so every function stays thread-safe;
//! * it is constant-initialised (`EMPTY`): the thread's TLS image carries it, so there is
//!   no lazy initialisation, no first-call cost and no allocation; and it owns no
//!   resources (`ManuallyDrop`), so no destructor is registered per thread;
//! * a call that finds the workspace in use (reentrancy, e.g. from a signal handler) or
//!   gone (thread teardown) evaluates into a fresh `Assessment` of its own instead;
//! * a workspace left mid-evaluation by a panic (a bug; the guard turns it into
//!   `POH_STATUS_PANIC`) is set back to `EMPTY` before its next use, so nothing of a
//!   broken evaluation is ever reset-and-reused.
//!
//! Without the `std` feature (bare metal) there are no threads to key a workspace by, and
//! a static would need a lock that a Cortex-M0 cannot take without disabling interrupts
//! (it has no compare-and-swap): every call evaluates into a fresh `Assessment` on the
//! caller's stack (about 6.9 KiB more stack on 32-bit targets; see docs/EMBEDDING.md).
//! Firmware that wants neither the stack nor a hidden static keeps a `poh_result` of its
//! own and calls
//! `poh_evaluate_into`, which is that caller-provided workspace.

#[cfg(feature = "std")]
use core::cell::RefCell;
#[cfg(feature = "std")]
use core::mem::ManuallyDrop;

use poh_core::Assessment;

use crate::poh_status;

/// The empty assessment, built by the compiler (`Assessment::new` is a `const fn`).
#[cfg(feature = "std")]
const EMPTY: Assessment = Assessment::new();

#[cfg(feature = "std")]
struct Workspace {
    assessment: Assessment,
    /// False while an evaluation runs in it: false on entry means the last one was cut
    /// short by a panic.
    clean: bool,
}

#[cfg(feature = "std")]
thread_local! {
    static WORKSPACE: RefCell<ManuallyDrop<Workspace>> = const {
        RefCell::new(ManuallyDrop::new(Workspace {
            assessment: EMPTY,
            clean: true,
        }))
    };
}

/// Run `f` with an `Assessment` to evaluate into: this thread's workspace when it is free,
/// else a fresh one. `f` must not rely on its content (`poh_core::evaluate` resets it).
#[cfg(feature = "std")]
pub(crate) fn with_assessment(
    f: impl FnOnce(&mut Assessment) -> Result<(), poh_status>,
) -> Result<(), poh_status> {
    let mut f = Some(f);
    let shared = WORKSPACE.try_with(|cell| {
        let mut w = cell.try_borrow_mut().ok()?;
        let f = f.take()?;
        if !w.clean {
            w.assessment = EMPTY;
        }
        w.clean = false;
        let result = f(&mut w.assessment);
        w.clean = true;
        Some(result)
    });
    match (shared, f.take()) {
        (Ok(Some(result)), _) => result,
        (_, Some(f)) => f(&mut Assessment::default()),
        // f was taken and run: the closure above returned Some. Unreachable, but not a
        // panic.
        (_, None) => Err(poh_status::Internal),
    }
}

/// Run `f` with a fresh `Assessment` on the stack (no `std`: see the module docs).
#[cfg(not(feature = "std"))]
pub(crate) fn with_assessment(
    f: impl FnOnce(&mut Assessment) -> Result<(), poh_status>,
) -> Result<(), poh_status> {
    f(&mut Assessment::new())
}

#[cfg(all(test, feature = "std"))]
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use poh_core::{Findings, HpoId, Phenotype};

    fn findings(ids: &[u32]) -> Findings {
        let mut f = Findings::new();
        for &id in ids {
            f.add(Phenotype::present(HpoId(id))).unwrap();
        }
        f
    }

    fn fresh(f: &Findings) -> Assessment {
        let mut a = Assessment::default();
        poh_core::evaluate(f, &mut a).unwrap();
        a
    }

    #[test]
    fn a_reused_workspace_gives_what_a_fresh_assessment_gives() {
        let big = findings(&[25027, 11987, 34282, 1511, 1482, 1376, 2653]);
        let small = findings(&[1156]);
        for f in [&big, &small, &big, &Findings::new(), &small] {
            let mut got = None;
            with_assessment(|a| {
                poh_core::evaluate(f, a)?;
                got = Some(a.clone());
                Ok(())
            })
            .unwrap();
            assert_eq!(got.unwrap(), fresh(f));
        }
    }

    #[test]
    fn a_nested_call_gets_its_own_assessment() {
        let f = findings(&[25027, 11987]);
        with_assessment(|outer| {
            poh_core::evaluate(&f, outer)?;
            with_assessment(|inner| {
                poh_core::evaluate(&Findings::new(), inner)?;
                assert_eq!(*inner, fresh(&Findings::new()));
                Ok(())
            })?;
            assert_eq!(*outer, fresh(&f));
            Ok(())
        })
        .unwrap();
    }

    #[test]
    #[allow(clippy::panic)]
    fn a_panic_leaves_nothing_behind() {
        let f = findings(&[25027, 11987, 1511]);
        let s = crate::guard(|| {
            with_assessment(|a| {
                poh_core::evaluate(&f, a)?;
                // A bug mid-way: scribble, then panic.
                a.alt_ids_mapped = 200;
                panic!("boom")
            })
        });
        assert_eq!(s, poh_status::Panic);
        with_assessment(|a| {
            assert!(WORKSPACE.with(|c| c.try_borrow().is_err())); // the workspace is ours
            assert_eq!(*a, EMPTY);
            Ok(())
        })
        .unwrap();
    }
}
