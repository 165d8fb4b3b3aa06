//! `poh._core.NativeAssessment`: the core's `Assessment` (and the `Findings` it was made
//! from) kept as plain data, written as JSON only when asked. The assessment JSON is about
//! 27 KB for a typical patient and costs several times the evaluation to write, and
//! several dozen times that to parse in Python; most callers read a verdict or a ranking,
//! which are read here straight from the data.
//!
//! Every accessor names things exactly as the JSON writer does (the same knowledge-base
//! keys and the same `as_str` of the same enums); the Python tests compare them with the
//! JSON for every golden case.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};

use poh_core::json::{self, Sink};
use poh_core::kb::{CRITERIA, DISEASES, SUPPORTING};
use poh_core::{Assessment, Error, Findings};

/// Findings and the assessment the core made of them.
#[derive(Default)]
pub(crate) struct Evaluated {
    pub(crate) findings: Findings,
    pub(crate) assessment: Assessment,
}

impl Evaluated {
    /// Evaluate `self.findings` into `self.assessment`.
    pub(crate) fn evaluate(&mut self) -> Result<(), Error> {
        poh_core::evaluate(&self.findings, &mut self.assessment)
    }

    /// The assessment JSON, byte for byte what `poh_core::json::evaluate_json` writes.
    pub(crate) fn to_json(&self) -> Result<String, Error> {
        let mut sink = VecSink(Vec::with_capacity(crate::FIRST_BUFFER));
        json::write_assessment_to(&self.assessment, &mut sink)?;
        String::from_utf8(sink.0).map_err(|_| Error::Internal)
    }
}

/// A growing buffer: the whole document in one pass, with no size to guess and retry.
struct VecSink(Vec<u8>);

impl Sink for VecSink {
    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.0.extend_from_slice(bytes);
        Ok(())
    }
}

/// An assessment made by the core, held as data; `poh.Assessment` wraps it.
#[pyclass(frozen, module = "poh._core")]
pub(crate) struct NativeAssessment {
    inner: Box<Evaluated>,
}

impl NativeAssessment {
    pub(crate) fn new(inner: Box<Evaluated>) -> NativeAssessment {
        NativeAssessment { inner }
    }

    fn ranked(
        &self,
    ) -> impl Iterator<
        Item = (
            &'static poh_core::kb::Disease,
            &poh_core::assessment::Ranked,
        ),
    > {
        self.inner
            .assessment
            .differential
            .iter()
            .filter_map(|r| DISEASES.get(usize::from(r.disease)).map(|d| (d, r)))
    }
}

#[pymethods]
impl NativeAssessment {
    /// The assessment JSON (written now, with the GIL released while the core writes).
    fn to_json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        let text = py
            .detach(|| self.inner.to_json())
            .map_err(|e| crate::to_pyerr(py, e, None))?;
        Ok(PyString::new(py, &text))
    }

    /// `poh.verdict` of the JSON: met, not_met or indeterminate.
    #[getter]
    fn verdict(&self) -> &'static str {
        self.inner.assessment.verdict.as_str()
    }

    /// `poh.provisional` of the JSON.
    #[getter]
    fn provisional(&self) -> bool {
        self.inner.assessment.provisional
    }

    /// `flag.level` of the JSON: none, review or likely.
    #[getter]
    fn flag(&self) -> &'static str {
        self.inner.assessment.flag().as_str()
    }

    /// `{criterion key: verdict}`, in the criteria's order.
    fn criteria_verdicts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (c, r) in CRITERIA.iter().zip(self.inner.assessment.criteria.iter()) {
            d.set_item(c.key, r.verdict.as_str())?;
        }
        Ok(d)
    }

    /// `[(disease id, posterior_permille)]` of the differential, best first.
    fn ranking<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for (d, r) in self.ranked() {
            out.append((d.id, r.posterior_permille))?;
        }
        Ok(out)
    }

    /// The id of the leading candidate of the differential.
    #[getter]
    fn top_id(&self, py: Python<'_>) -> PyResult<&'static str> {
        match self.ranked().next() {
            Some((d, _)) => Ok(d.id),
            None => Err(crate::to_pyerr(
                py,
                Error::Internal,
                Some("empty differential"),
            )),
        }
    }

    /// One flat row: the columns of `poh.assessments_frame`, in its order.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let a = &self.inner.assessment;
        let mut row = Row {
            dict: PyDict::new(py),
            keys: summary_keys(py).iter(),
        };
        row.put(a.verdict.as_str())?;
        row.put(a.provisional)?;
        row.put(a.flag().as_str())?;
        for r in a.criteria.iter().take(CRITERIA.len()) {
            row.put(r.verdict.as_str())?;
        }
        for r in a.supporting.iter().take(SUPPORTING.len()) {
            row.put(r.presence.as_str())?;
        }
        // The rank (1 = first), as the JSON's `poh.score.rank`.
        let Some((rank, poh)) = a.poh_ranked() else {
            return Err(crate::to_pyerr(
                py,
                Error::Internal,
                Some("POH is not ranked"),
            ));
        };
        row.put(poh.log10_lr_milli)?;
        row.put(poh.posterior_permille)?;
        row.put(rank)?;
        let Some((top, r)) = self.ranked().next() else {
            return Err(crate::to_pyerr(
                py,
                Error::Internal,
                Some("empty differential"),
            ));
        };
        row.put(top.id)?;
        row.put(top.abbreviation)?;
        row.put(r.posterior_permille)?;
        row.put(a.other().map(|o| o.posterior_permille))?;
        // Disease columns in the knowledge base's table order, whatever the ranking.
        let mut by_table = [None; DISEASES.len()];
        for r in a.differential.iter() {
            if let Some(slot) = by_table.get_mut(usize::from(r.disease)) {
                *slot = Some(r);
            }
        }
        for r in by_table.iter() {
            row.put(r.map(|r| r.posterior_permille))?;
        }
        for r in by_table.iter() {
            row.put(r.map(|r| r.log10_lr_milli))?;
        }
        let unrecognized: Vec<String> = a
            .unrecognized
            .listed
            .iter()
            .map(|(id, _)| id.to_string())
            .collect();
        row.put(unrecognized)?;
        Ok(row.dict)
    }
}

/// The keys of `summary`, made once: in the order `summary` puts its values.
fn summary_keys(py: Python<'_>) -> &'static [Py<PyString>] {
    static KEYS: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();
    KEYS.get_or_init(py, || {
        let mut k: Vec<String> = vec!["verdict".into(), "provisional".into(), "flag".into()];
        k.extend(CRITERIA.iter().map(|c| format!("criterion.{}", c.key)));
        k.extend(SUPPORTING.iter().map(|s| format!("supporting.{}", s.key)));
        for name in [
            "poh_log10_lr_milli",
            "poh_posterior_permille",
            "poh_rank",
            "top_id",
            "top_abbreviation",
            "top_posterior_permille",
            "other_posterior_permille",
        ] {
            k.push(name.into());
        }
        k.extend(
            DISEASES
                .iter()
                .map(|d| format!("posterior_permille.{}", d.abbreviation)),
        );
        k.extend(
            DISEASES
                .iter()
                .map(|d| format!("log10_lr_milli.{}", d.abbreviation)),
        );
        k.push("unrecognized".into());
        k.iter().map(|s| PyString::intern(py, s).unbind()).collect()
    })
}

/// A dict filled in the order of a fixed list of keys.
struct Row<'py, 'k> {
    dict: Bound<'py, PyDict>,
    keys: std::slice::Iter<'k, Py<PyString>>,
}

impl<'py> Row<'py, '_> {
    fn put<V: IntoPyObject<'py>>(&mut self, value: V) -> PyResult<()> {
        match self.keys.next() {
            Some(k) => self.dict.set_item(k.bind(self.dict.py()), value),
            None => Err(crate::to_pyerr(
                self.dict.py(),
                Error::Internal,
                Some("summary has more values than keys"),
            )),
        }
    }
}
