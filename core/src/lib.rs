//! # poh-core
//!
//! A `no_std`, heap-free clinical decision-support rules core for progressive osseous
//! heteroplasia (POH) and the GNAS-related disorders it must be told apart from.
//! **Decision support, not diagnosis**: it states how a patient's findings stand against
//! the published criteria, with sources, and what to assess next.
//!
//! Given a patient's [`Findings`] (HPO terms present or excluded, labs, GNAS result,
//! history), [`evaluate`] fills an [`Assessment`]: the three major POH criteria in
//! three-valued logic, the six supporting findings, a likelihood-ratio phenotype score, a
//! ranked differential with posteriors, and the next steps. [`json`] reads and writes the
//! one JSON schema every binding shares.
//!
//! No heap, no `unsafe`, no panic paths; integer arithmetic only, so x86-64, Cortex-M4F
//! and Cortex-M0 produce identical bytes.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

/// Exhaustive table checks in the unit tests visit every entry natively and every 41st
/// under Miri (tests/miri.sh prints this), which runs them some hundred times slower.
#[cfg(test)]
pub(crate) const EXHAUSTIVE_STRIDE: usize = if cfg!(miri) { 41 } else { 1 };

pub mod assessment;
pub mod counseling;
pub mod error;
mod eval;
pub mod findings;
pub mod hpo;
pub mod json;
pub mod kb;
pub mod limits;
pub mod phenopacket;
pub mod questionnaire;

pub use assessment::{Assessment, Flag, Overall, Presence};
pub use error::Error;
pub use eval::{evaluate, evaluate_with};
pub use findings::{Findings, GnasResult, Lab, ParentOfOrigin, Phenotype, Sex};
pub use hpo::HpoId;
pub use kb::{HPO_RELEASE, KB_VERSION};

/// The README's Rust example runs as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
