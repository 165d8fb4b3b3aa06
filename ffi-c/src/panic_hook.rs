//! The panic handler of the bare-metal library (no `std` feature).
//!
//! The core and this layer have no panic paths by design (clippy denies `unwrap`,
//! `expect`, `panic` and indexing in both), so a panic is a bug. Without `std` it cannot
//! be caught and turned into `POH_STATUS_PANIC`, and a `no_std` static library must bring
//! its own handler: it is built with `panic = "abort"` (the Cortex-M targets' default) and
//! hands control to the firmware's `void poh_panic_handler(void)`, which must not return
//! (reset, log, halt: the firmware's choice). The firmware must define it; a missing
//! definition is a link error, not a silent default. See docs/EMBEDDING.md.
//!
//! Because of this handler, the `no_std` build is for the C library (`libpoh.a`) only:
//! Rust firmware depends on `poh-core` directly (tests/firmware does).

extern "C" {
    /// Defined by the firmware: called once on a panic; must not return.
    fn poh_panic_handler() -> !;
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    // No formatting of the message: that would link core::fmt into every image.
    // SAFETY: the firmware's handler takes no arguments and does not return (its
    // documented contract, in include/poh.h and docs/EMBEDDING.md).
    unsafe { poh_panic_handler() }
}
