//! JSON in and out with serde-json-core: one schema for every binding (documented in the
//! README). Input is checked before parsing (size, UTF-8, nesting depth) so that hostile
//! input can neither exhaust a small device's stack nor be half-read.

#[cfg(feature = "speed-tables")]
mod fragments;
pub(crate) mod input;
pub(crate) mod locate;
pub(crate) mod output;
mod scan;

pub use input::{findings_from_deserializer, findings_from_json, parse_findings, ReadError};
pub use output::{write_assessment, write_assessment_to, Sink, SliceSink};

use crate::assessment::Assessment;
use crate::error::Error;
use crate::findings::Findings;

pub(crate) use scan::check as scan_check;
pub(crate) use scan::check_integers as scan_check_integers;

/// Evaluate a JSON findings document and write the assessment JSON into `out`.
/// Returns the number of bytes written. On `Error::BufferTooSmall`, [`evaluate_json_len`]
/// or [`SliceSink::needed`] tell the size required.
#[inline(never)] // a stable symbol for instruction counting (callgrind --toggle-collect)
pub fn evaluate_json(input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    let mut findings = Findings::new();
    let mut a = Assessment::default();
    parse_findings(input, &mut findings)?;
    crate::evaluate(&findings, &mut a)?;
    write_assessment(&a, out)
}

/// Like [`evaluate_json`], and on a too-small buffer also report the size needed.
pub fn evaluate_json_len(input: &[u8], out: &mut [u8]) -> Result<usize, (Error, usize)> {
    let mut findings = Findings::new();
    let mut a = Assessment::default();
    parse_findings(input, &mut findings).map_err(|e| (e, 0))?;
    crate::evaluate(&findings, &mut a).map_err(|e| (e, 0))?;
    let mut sink = SliceSink::new(out);
    write_assessment_to(&a, &mut sink).map_err(|e| (e, 0))?;
    sink.finish()
        .map_err(|needed| (Error::BufferTooSmall, needed))
}
