//! `poh._core`: the private native module behind the `poh` Python package.
//!
//! A thin translation layer over `poh-core`, with no clinical logic: findings go in as a
//! dict (read by the core's own findings reader through `python_value`, no JSON text) or
//! as the shared JSON schema (bytes or str); the core evaluates, and the result is a
//! `NativeAssessment` holding the core's data, written as the assessment JSON only when
//! asked. Errors become `poh.PohError` subclasses carrying the core's stable `code` and
//! `kind`; the family of each code is derived here from `Error::ALL`, so a new core error
//! needs no change in Python.
//!
//! Knowledge-base tables are handed out as plain dicts built from the core's const tables,
//! and the batch entry points evaluate with the GIL released.
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple};

#[cfg(feature = "arrow")]
mod arrow;
mod fhir;
mod native_assessment;
mod python_value;

use native_assessment::{Evaluated, NativeAssessment};
use python_value::PythonValue;

use poh_core::counseling;
use poh_core::kb::{self, Logic, SupportSource};
use poh_core::phenopacket;
use poh_core::{json, limits, Error, HpoId};

create_exception!(
    poh,
    PohError,
    PyException,
    "Base class of every poh error. `.code` (int) and `.kind` (str) are the core's stable error code and kind."
);
create_exception!(
    poh,
    InputError,
    PohError,
    "The input was rejected (codes 1xx): malformed JSON, wrong types, unknown fields or values, invalid ids, contradictions."
);
create_exception!(
    poh,
    KnowledgeError,
    PohError,
    "A lookup named something the knowledge base does not have (codes 2xx)."
);
create_exception!(
    poh,
    CapacityError,
    PohError,
    "The input exceeds a documented capacity of the core (codes 3xx)."
);
create_exception!(
    poh,
    InternalError,
    PohError,
    "A bug in poh, reported instead of a crash (codes 9xx). Please report it."
);

/// First output buffer size. Typical assessments are 10-30 KiB; a larger one is retried
/// once with the exact size the core reports.
const FIRST_BUFFER: usize = 32 * 1024;

/// The Python class of an error's family, from the code block it sits in.
fn family<'py>(py: Python<'py>, e: Error) -> Bound<'py, pyo3::types::PyType> {
    use pyo3::PyTypeInfo;
    match e.code() / 100 {
        1 => InputError::type_object(py),
        2 => KnowledgeError::type_object(py),
        3 => CapacityError::type_object(py),
        _ => InternalError::type_object(py),
    }
}

/// The exception instance for a core error, with `.code` and `.kind` set.
fn error_instance<'py>(
    py: Python<'py>,
    e: Error,
    detail: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let message = match detail {
        Some(d) if !d.is_empty() => format!("{e}: {d}"),
        _ => e.to_string(),
    };
    let inst = family(py, e).call1((message,))?;
    inst.setattr("code", e.code())?;
    inst.setattr("kind", e.kind())?;
    Ok(inst)
}

fn to_pyerr(py: Python<'_>, e: Error, detail: Option<&str>) -> PyErr {
    match error_instance(py, e, detail) {
        Ok(inst) => PyErr::from_value(inst),
        Err(err) => err,
    }
}

/// The bytes of a `str`, `bytes` or `bytearray` argument.
fn input_bytes(obj: &Bound<'_, PyAny>) -> Result<Vec<u8>, (Error, String)> {
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_cow()
            .map(|c| c.into_owned().into_bytes())
            .map_err(|_| {
                (
                    Error::InvalidUtf8,
                    "the str is not encodable as UTF-8".into(),
                )
            });
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    let tname = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    Err((
        Error::WrongType,
        format!("expected a JSON document as str or bytes, got {tname}"),
    ))
}

/// Run a core JSON entry point with a reusable buffer, growing it once to the size the
/// core reports as needed.
fn run_len(
    f: impl Fn(&[u8], &mut [u8]) -> Result<usize, (Error, usize)>,
    input: &[u8],
    buf: &mut Vec<u8>,
) -> Result<String, Error> {
    if buf.len() < FIRST_BUFFER {
        buf.resize(FIRST_BUFFER, 0);
    }
    let n = match f(input, buf) {
        Ok(n) => n,
        Err((Error::BufferTooSmall, needed)) if needed > buf.len() => {
            buf.resize(needed, 0);
            f(input, buf).map_err(|(e, _)| e)?
        }
        Err((e, _)) => return Err(e),
    };
    let bytes = buf.get(..n).ok_or(Error::Internal)?;
    String::from_utf8(bytes.to_vec()).map_err(|_| Error::Internal)
}

/// Largest output buffer tried for entry points that do not report the size they need.
/// Every output is bounded by the capacities in `poh_core::limits`, far below this.
const MAX_BUFFER: usize = 1 << 22;

/// Run a core JSON entry point that reports only `BufferTooSmall`, doubling the buffer.
fn run_grow(
    f: impl Fn(&[u8], &mut [u8]) -> Result<usize, Error>,
    input: &[u8],
    buf: &mut Vec<u8>,
) -> Result<String, Error> {
    if buf.len() < FIRST_BUFFER {
        buf.resize(FIRST_BUFFER, 0);
    }
    loop {
        match f(input, buf) {
            Ok(n) => {
                let bytes = buf.get(..n).ok_or(Error::Internal)?;
                return String::from_utf8(bytes.to_vec()).map_err(|_| Error::Internal);
            }
            Err(Error::BufferTooSmall) if buf.len() < MAX_BUFFER => {
                let bigger = buf.len() * 2;
                buf.resize(bigger, 0);
            }
            Err(e) => return Err(e),
        }
    }
}

/// What a batch evaluates: findings or phenopackets.
#[derive(Clone, Copy)]
enum Reader {
    Findings,
    Phenopacket,
}

impl Reader {
    /// The reader of a batch: phenopackets when the caller says so, else findings.
    fn of(phenopacket: bool) -> Reader {
        if phenopacket {
            Reader::Phenopacket
        } else {
            Reader::Findings
        }
    }
}

fn evaluate_bytes(reader: Reader, input: &[u8], buf: &mut Vec<u8>) -> Result<String, Error> {
    match reader {
        Reader::Findings => run_len(json::evaluate_json_len, input, buf),
        Reader::Phenopacket => run_grow(phenopacket::evaluate_phenopacket_json, input, buf),
    }
}

/// Evaluate one findings JSON document (str or bytes) and return the assessment JSON.
#[pyfunction]
fn evaluate_json(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
    let input = input_bytes(data).map_err(|(e, d)| to_pyerr(py, e, Some(&d)))?;
    let mut buf = Vec::new();
    py.detach(|| evaluate_bytes(Reader::Findings, &input, &mut buf))
        .map_err(|e| to_pyerr(py, e, None))
}

/// Evaluate one GA4GH Phenopacket v2 document (str or bytes); return the assessment JSON.
#[pyfunction]
fn evaluate_phenopacket_json(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
    let input = input_bytes(data).map_err(|(e, d)| to_pyerr(py, e, Some(&d)))?;
    let mut buf = Vec::new();
    py.detach(|| evaluate_bytes(Reader::Phenopacket, &input, &mut buf))
        .map_err(|e| to_pyerr(py, e, None))
}

/// Evaluate many findings JSON documents with the GIL released for the whole batch.
/// Returns, in order, the assessment JSON or the `PohError` instance of each input.
/// With `phenopacket=True` the documents are GA4GH Phenopackets v2.
#[pyfunction]
#[pyo3(signature = (items, phenopacket=false))]
fn evaluate_many_json<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
    phenopacket: bool,
) -> PyResult<Bound<'py, PyList>> {
    let reader = Reader::of(phenopacket);
    let inputs: Vec<Result<Vec<u8>, (Error, String)>> = items
        .try_iter()?
        .map(|item| item.map(|i| input_bytes(&i)))
        .collect::<PyResult<_>>()?;
    let results: Vec<Result<String, (Error, String)>> = py.detach(|| {
        let mut buf = Vec::new();
        inputs
            .iter()
            .map(|i| match i {
                Ok(bytes) => {
                    evaluate_bytes(reader, bytes, &mut buf).map_err(|e| (e, String::new()))
                }
                Err((e, d)) => Err((*e, d.clone())),
            })
            .collect()
    });
    let out = PyList::empty(py);
    for r in results {
        match r {
            Ok(s) => out.append(s)?,
            Err((e, d)) => out.append(error_instance(py, e, Some(&d))?)?,
        }
    }
    Ok(out)
}

// ---- evaluation into native assessments (poh.evaluate and poh.evaluate_many) ----------

/// Findings read from a plain dict by the core's own reader, or `None` when the reader
/// declines the value (see `python_value`): the caller then goes through the JSON text.
fn findings_of_dict(d: &Bound<'_, PyAny>) -> Option<Box<Evaluated>> {
    let mut e = Box::<Evaluated>::default();
    json::findings_from_deserializer(PythonValue(d), &mut e.findings).ok()?;
    Some(e)
}

/// Evaluate a findings dict without writing or parsing JSON. `None` when the dict is not
/// read natively (a value the JSON text route must decide on, errors included); a
/// `PohError` when the findings read fine and the core rejects them (contradictions).
#[pyfunction]
fn assess_dict(py: Python<'_>, findings: &Bound<'_, PyAny>) -> PyResult<Option<NativeAssessment>> {
    let Some(mut e) = findings_of_dict(findings) else {
        return Ok(None);
    };
    // The GIL stays held for the evaluation, a few microseconds: handing the GIL over for
    // so little work costs more than it frees when other threads wait for it. Batches
    // release it for a whole chunk (assess_many).
    e.evaluate().map_err(|err| to_pyerr(py, err, None))?;
    Ok(Some(NativeAssessment::new(e)))
}

/// Parse one JSON document (findings or phenopacket) and evaluate it.
fn assess_bytes(reader: Reader, input: &[u8]) -> Result<Box<Evaluated>, Error> {
    let mut e = Box::<Evaluated>::default();
    match reader {
        Reader::Findings => json::parse_findings(input, &mut e.findings)?,
        Reader::Phenopacket => phenopacket::parse_phenopacket(input, &mut e.findings)?,
    }
    e.evaluate()?;
    Ok(e)
}

/// Evaluate one findings JSON document (str or bytes) into a native assessment.
#[pyfunction]
fn assess_json(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<NativeAssessment> {
    let input = input_bytes(data).map_err(|(e, d)| to_pyerr(py, e, Some(&d)))?;
    py.detach(|| assess_bytes(Reader::Findings, &input))
        .map(NativeAssessment::new)
        .map_err(|e| to_pyerr(py, e, None))
}

/// Evaluate one GA4GH Phenopacket v2 document (str or bytes) into a native assessment.
#[pyfunction]
fn assess_phenopacket_json(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<NativeAssessment> {
    let input = input_bytes(data).map_err(|(e, d)| to_pyerr(py, e, Some(&d)))?;
    py.detach(|| assess_bytes(Reader::Phenopacket, &input))
        .map(NativeAssessment::new)
        .map_err(|e| to_pyerr(py, e, None))
}

/// One item of a batch, as read with the GIL held.
enum Pending {
    /// Findings read from a dict, to evaluate.
    Read(Box<Evaluated>),
    /// JSON text, to parse and evaluate.
    Text(Vec<u8>),
    /// Not read natively: the caller goes through the JSON text route.
    Declined,
}

/// What became of one item once the GIL is released.
enum Done {
    Assessed(Box<Evaluated>),
    Failed(Error),
    Declined,
}

/// Evaluate a batch: dicts (findings only) are read with the GIL held, then everything
/// is parsed and evaluated with the GIL released. Returns, in order, a
/// `NativeAssessment`, the `PohError` instance of a rejected item, or `None` for an item
/// not read natively (anything but a dict, str, bytes or bytearray, and dicts the reader
/// declines), which the caller evaluates through the JSON text route.
#[pyfunction]
#[pyo3(signature = (items, phenopacket=false))]
fn assess_many<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
    phenopacket: bool,
) -> PyResult<Bound<'py, PyList>> {
    let reader = Reader::of(phenopacket);
    let mut pending: Vec<Pending> = Vec::new();
    for item in items.try_iter()? {
        let item = item?;
        pending.push(if item.is_exact_instance_of::<PyDict>() {
            match reader {
                Reader::Findings => {
                    findings_of_dict(&item).map_or(Pending::Declined, Pending::Read)
                }
                Reader::Phenopacket => Pending::Declined,
            }
        } else {
            match input_bytes(&item) {
                Ok(bytes) => Pending::Text(bytes),
                Err(_) => Pending::Declined,
            }
        });
    }
    let done: Vec<Done> = py.detach(|| {
        pending
            .into_iter()
            .map(|p| match p {
                Pending::Read(mut e) => match e.evaluate() {
                    Ok(()) => Done::Assessed(e),
                    Err(err) => Done::Failed(err),
                },
                Pending::Text(bytes) => match assess_bytes(reader, &bytes) {
                    Ok(e) => Done::Assessed(e),
                    Err(err) => Done::Failed(err),
                },
                Pending::Declined => Done::Declined,
            })
            .collect()
    });
    let out = PyList::empty(py);
    for d in done {
        match d {
            Done::Assessed(e) => out.append(NativeAssessment::new(e))?,
            Done::Failed(err) => out.append(error_instance(py, err, None)?)?,
            Done::Declined => out.append(py.None())?,
        }
    }
    Ok(out)
}

/// The exception instance for a core error code (for errors found before the core is
/// reached, such as a dict that is not JSON-serialisable, and for parity tests).
#[pyfunction]
#[pyo3(signature = (code, detail=None))]
fn error<'py>(py: Python<'py>, code: u16, detail: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
    let e = Error::from_code(code).ok_or_else(|| {
        pyo3::exceptions::PyValueError::new_err(format!("no poh error has code {code}"))
    })?;
    error_instance(py, e, detail)
}

fn parse_id(py: Python<'_>, id: &str) -> PyResult<HpoId> {
    HpoId::parse(id).map_err(|e| to_pyerr(py, e, Some(id)))
}

/// The label of an HPO term of the committed subset (alt_ids resolve to their term).
#[pyfunction]
fn hpo_label(py: Python<'_>, id: &str) -> PyResult<&'static str> {
    let h = parse_id(py, id)?;
    poh_core::hpo::label(h).ok_or_else(|| to_pyerr(py, Error::UnknownTerm, Some(id)))
}

/// The id of the HPO term with this exact label (ASCII case-insensitive).
#[pyfunction]
fn hpo_by_label(py: Python<'_>, label: &str) -> PyResult<String> {
    poh_core::hpo::by_label(label)
        .map(|h| h.to_string())
        .ok_or_else(|| to_pyerr(py, Error::UnknownTerm, Some(label)))
}

/// The primary id of a term of the subset, and whether the id given was an alt_id.
#[pyfunction]
fn hpo_primary(py: Python<'_>, id: &str) -> PyResult<(String, bool)> {
    let h = parse_id(py, id)?;
    poh_core::hpo::subset_index(h)
        .map(|(i, alt)| (poh_core::hpo::id_at(i).to_string(), alt))
        .ok_or_else(|| to_pyerr(py, Error::UnknownTerm, Some(id)))
}

// ---- knowledge base -------------------------------------------------------------

fn cite_ids(cites: &[u8]) -> Vec<&'static str> {
    cites
        .iter()
        .filter_map(|&c| kb::citation(c).map(|c| c.id))
        .collect()
}

fn kb_term_id(k: u8) -> (String, &'static str) {
    kb::kb_term(k)
        .map(|t| (HpoId(t.id).to_string(), t.label))
        .unwrap_or_else(|| (String::new(), ""))
}

fn group_keys(groups: &[u8]) -> Vec<&'static str> {
    groups
        .iter()
        .filter_map(|&g| kb::GROUPS.get(usize::from(g)).map(|g| g.key))
        .collect()
}

/// The GARD seed phenotype table, one dict per row, in the seed's order.
#[pyfunction]
fn seed_table(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let out = PyList::empty(py);
    for r in kb::SEED_ROWS.iter() {
        let (id, label) = kb_term_id(r.kb);
        let d = PyDict::new(py);
        d.set_item("id", id)?;
        d.set_item("label", label)?;
        d.set_item("frequency", r.band.as_str())?;
        d.set_item("kind", r.kind.as_str())?;
        d.set_item("lay_names", r.lay_names.to_vec())?;
        d.set_item("kiosk", r.kiosk)?;
        d.set_item("in_orpha", r.in_orpha)?;
        d.set_item("in_omim", r.in_omim)?;
        d.set_item("note", r.note)?;
        out.append(d)?;
    }
    Ok(out)
}

/// The term groups the criteria and supporting findings read.
#[pyfunction]
fn groups(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let out = PyList::empty(py);
    for g in kb::GROUPS.iter() {
        let d = PyDict::new(py);
        d.set_item("key", g.key)?;
        d.set_item("label", g.label)?;
        d.set_item("absent_when_all", g.absent_when_all)?;
        let terms: Vec<String> = g.terms.iter().map(|&k| kb_term_id(k).0).collect();
        d.set_item("terms", terms)?;
        d.set_item("cites", cite_ids(g.cites))?;
        out.append(d)?;
    }
    Ok(out)
}

/// The lists of AHO features criterion 2 can count (`options.aho_list`).
#[pyfunction]
fn aho_lists(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let out = PyList::empty(py);
    for a in kb::AHO_LISTS.iter() {
        let d = PyDict::new(py);
        d.set_item("key", a.key)?;
        d.set_item("label", a.label)?;
        d.set_item("groups", group_keys(a.groups))?;
        d.set_item("cites", cite_ids(a.cites))?;
        out.append(d)?;
    }
    Ok(out)
}

/// The three major criteria.
#[pyfunction]
fn criteria(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let out = PyList::empty(py);
    for c in kb::CRITERIA.iter() {
        let d = PyDict::new(py);
        d.set_item("key", c.key)?;
        d.set_item("text", c.text)?;
        let (logic, n) = match c.logic {
            Logic::AllPresent => ("all_present", None),
            Logic::AtMost(n) => ("at_most", Some(n)),
            Logic::NonePresent => ("none_present", None),
        };
        d.set_item("logic", logic)?;
        d.set_item("at_most", n)?;
        d.set_item("groups", group_keys(c.groups))?;
        d.set_item("aho_list", c.aho_list)?;
        match &c.provisional {
            Some(p) => {
                let pd = PyDict::new(py);
                pd.set_item("verdict", p.verdict.as_str())?;
                pd.set_item("below_months", p.below_months)?;
                pd.set_item("reason", p.reason)?;
                d.set_item("provisional", pd)?;
            }
            None => d.set_item("provisional", py.None())?,
        }
        d.set_item("cites", cite_ids(c.cites))?;
        out.append(d)?;
    }
    Ok(out)
}

/// The six supporting findings.
#[pyfunction]
fn supporting(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let out = PyList::empty(py);
    for s in kb::SUPPORTING.iter() {
        let d = PyDict::new(py);
        d.set_item("key", s.key)?;
        d.set_item("text", s.text)?;
        let source = match s.source {
            SupportSource::GnasVariant => "gnas.result".to_string(),
            SupportSource::PaternalInheritance => {
                "gnas.parent_of_origin, history.father_affected".to_string()
            }
            SupportSource::ImagingPattern => "imaging.specific_pattern".to_string(),
            SupportSource::Group { group, .. } | SupportSource::Onset { group, .. } => {
                format!("group {}", group_keys(&[group]).join(""))
            }
        };
        d.set_item("reads", source)?;
        d.set_item("cites", cite_ids(s.cites))?;
        out.append(d)?;
    }
    Ok(out)
}

/// The diseases of the differential, with their phenotype models.
#[pyfunction]
fn diseases(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let out = PyList::empty(py);
    for dis in kb::DISEASES.iter() {
        let d = PyDict::new(py);
        d.set_item("key", dis.key)?;
        d.set_item("id", dis.id)?;
        d.set_item("name", dis.name)?;
        d.set_item("abbreviation", dis.abbreviation)?;
        d.set_item("xrefs", dis.xrefs.to_vec())?;
        d.set_item("summary", dis.summary)?;
        d.set_item("cites", cite_ids(dis.cites))?;
        let rows = PyList::empty(py);
        for r in dis.rows {
            let (id, label) = kb_term_id(r.kb);
            let rd = PyDict::new(py);
            rd.set_item("id", id)?;
            rd.set_item("label", label)?;
            rd.set_item("permille", r.permille)?;
            rd.set_item("negated", r.flags & kb::ROW_NOT != 0)?;
            rd.set_item("neutral", r.flags & kb::ROW_NEUTRAL != 0)?;
            rd.set_item("curated", r.flags & kb::ROW_CURATED != 0)?;
            rd.set_item("orphanet", r.flags & kb::ROW_ORPHA != 0)?;
            rd.set_item("omim", r.flags & kb::ROW_OMIM != 0)?;
            rd.set_item("seed", r.flags & kb::ROW_SEED != 0)?;
            rd.set_item("sources", r.sources)?;
            rd.set_item("reason", r.reason)?;
            rd.set_item("cites", cite_ids(r.cites))?;
            rows.append(rd)?;
        }
        d.set_item("rows", rows)?;
        out.append(d)?;
    }
    Ok(out)
}

/// Every citation the tables point to.
#[pyfunction]
fn citations(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let out = PyList::empty(py);
    for c in kb::CITATIONS.iter() {
        let d = PyDict::new(py);
        d.set_item("id", c.id)?;
        d.set_item("text", c.text)?;
        d.set_item("verified", c.verified)?;
        out.append(d)?;
    }
    Ok(out)
}

/// The knowledge-base terms (every term a row, group or step names), as (id, label).
#[pyfunction]
fn kb_terms() -> Vec<(String, &'static str)> {
    kb::KB_TERMS
        .iter()
        .map(|t| (HpoId(t.id).to_string(), t.label))
        .collect()
}

/// The management and prognosis notes.
#[pyfunction]
fn notes(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let out = PyList::empty(py);
    for n in kb::NOTES.iter() {
        let d = PyDict::new(py);
        d.set_item("key", n.key)?;
        d.set_item("topic", n.topic)?;
        d.set_item("text", n.text)?;
        d.set_item("cites", cite_ids(n.cites))?;
        out.append(d)?;
    }
    Ok(out)
}

// ---- counseling -----------------------------------------------------------------

/// Counseling JSON in (str or bytes, the core's query schema), answer JSON out.
#[pyfunction]
fn counsel_json(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
    let input = input_bytes(data).map_err(|(e, d)| to_pyerr(py, e, Some(&d)))?;
    let mut buf = Vec::new();
    run_grow(counseling::counsel_json, &input, &mut buf).map_err(|e| to_pyerr(py, e, None))
}

// ---- questionnaire ---------------------------------------------------------------

/// One kiosk questionnaire step: session JSON in (age, sex, answers so far), step JSON out
/// (the next question or null, and the referral outcome so far).
#[pyfunction]
fn questionnaire_step_json(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
    let input = input_bytes(data).map_err(|(e, d)| to_pyerr(py, e, Some(&d)))?;
    let mut buf = Vec::new();
    run_len(poh_core::questionnaire::step_json_len, &input, &mut buf)
        .map_err(|e| to_pyerr(py, e, None))
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("KB_VERSION", poh_core::KB_VERSION)?;
    m.add("HPO_RELEASE", poh_core::HPO_RELEASE)?;
    m.add("MAX_PHENOTYPES", limits::MAX_PHENOTYPES)?;
    m.add("MAX_MODIFIERS", limits::MAX_MODIFIERS)?;
    m.add("MAX_AGE_MONTHS", limits::MAX_AGE_MONTHS)?;
    m.add("MAX_INPUT_BYTES", limits::MAX_INPUT_BYTES)?;
    m.add("MAX_JSON_DEPTH", limits::MAX_JSON_DEPTH)?;
    let errors: Vec<(u16, &str, &str)> = Error::ALL
        .iter()
        .map(|e| (e.code(), e.kind(), e.message()))
        .collect();
    m.add("ERRORS", PyTuple::new(py, errors)?)?;
    m.add("PohError", py.get_type::<PohError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("KnowledgeError", py.get_type::<KnowledgeError>())?;
    m.add("CapacityError", py.get_type::<CapacityError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    m.add_class::<NativeAssessment>()?;
    m.add_function(wrap_pyfunction!(assess_dict, m)?)?;
    m.add_function(wrap_pyfunction!(assess_json, m)?)?;
    m.add_function(wrap_pyfunction!(assess_phenopacket_json, m)?)?;
    m.add_function(wrap_pyfunction!(assess_many, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_json, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_many_json, m)?)?;
    m.add_function(wrap_pyfunction!(error, m)?)?;
    m.add_function(wrap_pyfunction!(hpo_label, m)?)?;
    m.add_function(wrap_pyfunction!(hpo_by_label, m)?)?;
    m.add_function(wrap_pyfunction!(hpo_primary, m)?)?;
    m.add_function(wrap_pyfunction!(seed_table, m)?)?;
    m.add_function(wrap_pyfunction!(groups, m)?)?;
    m.add_function(wrap_pyfunction!(aho_lists, m)?)?;
    m.add_function(wrap_pyfunction!(criteria, m)?)?;
    m.add_function(wrap_pyfunction!(supporting, m)?)?;
    m.add_function(wrap_pyfunction!(diseases, m)?)?;
    m.add_function(wrap_pyfunction!(citations, m)?)?;
    m.add_function(wrap_pyfunction!(kb_terms, m)?)?;
    m.add_function(wrap_pyfunction!(notes, m)?)?;
    m.add_function(wrap_pyfunction!(counsel_json, m)?)?;
    m.add_function(wrap_pyfunction!(questionnaire_step_json, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_phenopacket_json, m)?)?;
    fhir::register(m)?;
    #[cfg(feature = "arrow")]
    m.add_function(wrap_pyfunction!(arrow::evaluate_arrow, m)?)?;
    Ok(())
}
