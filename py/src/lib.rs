//! Python bindings for poh-core (in progress).
