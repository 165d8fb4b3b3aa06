//! C ABI for poh-core (in progress).
