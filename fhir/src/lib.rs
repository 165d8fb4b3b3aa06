//! # poh-fhir: FHIR R4 in, the core's findings out
//!
//! Reads a FHIR R4 `Bundle` (any type), a single resource, a CDS Hooks prefetch object
//! (`{"patient": Patient, "conditions": Bundle, ...}`) or a whole CDS Hooks request (its
//! `prefetch`), and builds [`poh_core::Findings`] with a reading report: every code used
//! and what it became, every code not used and why, the recorded diagnoses of the modelled
//! disorders (shown, **never** used as evidence) and everything dropped, with why.
//!
//! A thin mapping layer: no clinical logic lives here. The rules are in `fhir/README.md`;
//! in short: Patient `birthDate` and `gender` give the age at the caller's evaluation date
//! and the sex; Conditions and Observations coded in HPO (three system forms) or in SNOMED
//! CT through the generated one-to-one map `fhir/data/snomed_hpo.tsv` give phenotype
//! entries (`verificationStatus` refuted = excluded, unconfirmed = unknown, never absent);
//! labs by the LOINC codes of the project's reference, the latest result per analyte,
//! interpretation first, then the value against its reference range in the same unit,
//! else unknown.
//!
//! ```
//! use poh_fhir::{read_str, Date, ReadOptions};
//! let opts = ReadOptions { evaluation_date: Date::parse("2024-06-01").unwrap() };
//! let r = read_str(r#"{"resourceType": "Patient", "birthDate": "2022-01-15", "gender": "female"}"#, &opts)?;
//! assert_eq!(r.findings.age_months, Some(28));
//! # Ok::<(), poh_fhir::FhirError>(())
//! ```
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

mod assemble;
pub mod codes;
mod condition;
mod date;
mod error;
mod input;
mod json_access;
pub mod node;
mod observation;
mod patient;
mod report;

pub use date::Date;
pub use node::{Node, Object};

/// The README's example runs as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
pub use error::{FhirError, Kind};

use serde_json::Value;

/// Largest input text [`read_str`] accepts, in bytes (a chart of a few thousand
/// resources; the CDS Hooks service sets its own, smaller body limit).
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;
/// Deepest nesting of Bundles in Bundles the reader follows.
pub const MAX_BUNDLE_DEPTH: usize = 4;

/// How to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// The date the assessment is for: ages and onsets are counted to it. Given by the
    /// caller (the CLI uses today only when no `--date` is given); the library never reads
    /// the clock.
    pub evaluation_date: Date,
}

/// A code turned into a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct UsedCode {
    /// Code system URI (empty when the coding had none).
    pub system: String,
    /// The code.
    pub code: String,
    /// Its display text, if given.
    pub display: Option<String>,
    /// The resource: `Type/id`, or its path in the input when it has no id.
    pub resource: String,
    /// What it became: an HPO id (`HP:0025027`) or a lab (`labs.pth`).
    pub finding: String,
    /// Its state: `present`, `excluded`, or a lab value `low` / `normal` / `high` /
    /// `unknown`.
    pub state: String,
    /// How: e.g. `verificationStatus confirmed`, `SNOMED map row ...`, `interpretation H`,
    /// `value 120 pg/mL above the range high 65 pg/mL`.
    pub how: String,
}

/// A code that did not become a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct UnmappedCode {
    /// Code system URI (empty when the coding had none).
    pub system: String,
    /// The code (empty when the coding had only a display).
    pub code: String,
    /// Its display text, if given.
    pub display: Option<String>,
    /// The resource.
    pub resource: String,
    /// Why it was not used.
    pub why: String,
}

/// A diagnosis of a modelled disorder recorded in the input: shown, never evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedDiagnosis {
    /// Code system URI.
    pub system: String,
    /// The code.
    pub code: String,
    /// Its display text, if given.
    pub display: Option<String>,
    /// The poh ids of the disorders it names (`OMIM:166350`, `POHKB:NHHO`, ...; a group
    /// code such as pseudohypoparathyroidism names several).
    pub disorders: Vec<String>,
    /// The disorder code's label, as its source names it.
    pub label: String,
    /// The resource.
    pub resource: String,
    /// The Condition's verification status as given (`confirmed`, `refuted`, ...; empty
    /// when absent).
    pub verification: String,
    /// Where the code comes from (the row's source).
    pub source: String,
}

/// Something in the input that was not used, with why (entered in error, unconfirmed,
/// superseded by a later result, beyond the core's capacity, conflicting, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    /// The resource.
    pub resource: String,
    /// What: a code (`system|code`), a lab (`labs.pth`), a field.
    pub what: String,
    /// Why.
    pub why: String,
}

/// The result of reading: the findings for the core and the reading report.
#[derive(Debug, Clone, PartialEq)]
pub struct FhirRecord {
    /// The findings, ready for `poh_core::evaluate`.
    pub findings: poh_core::Findings,
    /// Every code turned into a finding.
    pub used: Vec<UsedCode>,
    /// Every code not turned into a finding (any system), with why.
    pub unmapped: Vec<UnmappedCode>,
    /// Recorded diagnoses of the modelled disorders: never in `findings`.
    pub recorded_diagnoses: Vec<RecordedDiagnosis>,
    /// Everything dropped, with why.
    pub dropped: Vec<Dropped>,
    /// The evaluation date the record was read for.
    pub evaluation_date: Date,
}

/// Read a FHIR value (a Bundle, a resource, a CDS Hooks prefetch object or request).
pub fn read(value: &Value, opts: &ReadOptions) -> Result<FhirRecord, FhirError> {
    read_node(&Node::borrowed(value), opts)
}

/// Read a FHIR value parsed as a [`Node`] (its strings borrowed from the text): as
/// [`read`], without building a `serde_json::Value` first.
pub fn read_node(value: &Node<'_>, opts: &ReadOptions) -> Result<FhirRecord, FhirError> {
    let (resources, notes) = input::resources(value)?;
    let mut acc = assemble::Accumulator::new(opts.evaluation_date)?;
    patient::read_patients(&resources, &mut acc)?;
    for r in &resources {
        match r.kind {
            "Patient" => {}
            "Condition" => condition::read(r, &mut acc)?,
            "Observation" => observation::read(r, &mut acc)?,
            other => {
                acc.drop(
                    &r.reference,
                    other,
                    &format!("resource type {other} is not read"),
                );
                // Its codes are listed too (every code not used is), read leniently: the
                // resource is not read, so a malformed `code` there is no error.
                if let Ok(cs) = json_access::codings(r.obj, "code", &r.path) {
                    let why = format!("in a {other}, a resource type that is not read");
                    for c in &cs {
                        acc.unmapped(c, &r.reference, &why);
                    }
                }
            }
        }
    }
    for (resource, what, why) in notes {
        acc.drop(&resource, &what, &why);
    }
    acc.finish()
}

/// Read FHIR JSON text.
pub fn read_str(json: &str, opts: &ReadOptions) -> Result<FhirRecord, FhirError> {
    if json.len() > MAX_INPUT_BYTES {
        return Err(FhirError::new(
            Kind::InputTooLarge,
            "$",
            format!(
                "the input is {} bytes, more than the limit ({MAX_INPUT_BYTES})",
                json.len()
            ),
        ));
    }
    let value: Value = serde_json::from_str(json).map_err(|e| {
        FhirError::new(
            Kind::NotJson,
            "$",
            format!("not JSON: {e} (line {}, column {})", e.line(), e.column()),
        )
    })?;
    read(&value, opts)
}

/// Bytes of the assessment JSON, gathered for [`FhirRecord::assessment_json`].
struct StringSink(Vec<u8>);

impl poh_core::json::Sink for StringSink {
    fn write(&mut self, bytes: &[u8]) -> Result<(), poh_core::Error> {
        self.0.extend_from_slice(bytes);
        Ok(())
    }
}

impl FhirRecord {
    /// Evaluate the findings with the core and write its assessment JSON (the same bytes
    /// every binding writes) with the reading report added as the last member `fhir`:
    /// what `poh --json --fhir`, `poh.evaluate_fhir` and `poh_evaluate_fhir_json` return.
    pub fn assessment_json(&self) -> Result<String, poh_core::Error> {
        let mut a = Box::<poh_core::Assessment>::default();
        poh_core::evaluate(&self.findings, &mut a)?;
        let mut sink = StringSink(Vec::with_capacity(32 * 1024));
        poh_core::json::write_assessment_to(&a, &mut sink)?;
        let mut text = String::from_utf8(sink.0).map_err(|_| poh_core::Error::Internal)?;
        // The core writes one JSON object: splice the report in before its closing brace.
        if text.pop() != Some('}') {
            return Err(poh_core::Error::Internal);
        }
        text.push_str(",\"fhir\":");
        text.push_str(&self.to_json().to_string());
        text.push('}');
        Ok(text)
    }

    /// The reading report as JSON: `evaluation_date`, `findings` (in the core's findings
    /// JSON schema, so it can be evaluated again as is), `used`, `unmapped`,
    /// `recorded_diagnoses`, `dropped`, and the SNOMED map's source.
    pub fn to_json(&self) -> Value {
        report::to_json(self)
    }
}
