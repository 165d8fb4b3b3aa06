//! `poh._core.assess_fhir_json`: a FHIR R4 chart (a Bundle, a resource, a CDS Hooks
//! prefetch object or request) read by `poh-fhir` and evaluated by the core. A thin
//! translation layer: the reading rules are poh-fhir's, the clinical rules the core's.
//! A reading error is `poh.FhirError` (a `PohError` with the reader's 7xx `code`, its
//! `kind` and the `path` in the input).

use pyo3::create_exception;
use pyo3::prelude::*;

use poh_fhir::{read_str, Date, FhirError as ReadError, Kind, ReadOptions};

use crate::native_assessment::{Evaluated, NativeAssessment};
use crate::{input_bytes, to_pyerr, PohError};

create_exception!(
    poh,
    FhirError,
    PohError,
    "A FHIR chart the reader cannot read (codes 7xx): `.code`, `.kind` and `.path` (where in the input, `$` the top)."
);

fn fhir_pyerr(py: Python<'_>, e: &ReadError) -> PyErr {
    let made = (|| -> PyResult<PyErr> {
        let inst = py.get_type::<FhirError>().call1((e.to_string(),))?;
        inst.setattr("code", e.code)?;
        inst.setattr("kind", e.kind)?;
        inst.setattr("path", e.path.as_str())?;
        Ok(PyErr::from_value(inst))
    })();
    made.unwrap_or_else(|err| err)
}

/// Read a FHIR chart (str or bytes) for the evaluation date `date` (`YYYY-MM-DD`) and
/// evaluate it: the native assessment and the reading report as JSON text.
#[pyfunction]
fn assess_fhir_json(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    date: &str,
) -> PyResult<(NativeAssessment, String)> {
    let input = input_bytes(data).map_err(|(e, d)| to_pyerr(py, e, Some(&d)))?;
    let Some(evaluation_date) = Date::parse(date) else {
        return Err(fhir_pyerr(
            py,
            &ReadError {
                code: Kind::InvalidDate.code(),
                kind: Kind::InvalidDate.kind(),
                path: "date".into(),
                message: format!("{date:?} is not YYYY-MM-DD"),
            },
        ));
    };
    let text = std::str::from_utf8(&input).map_err(|_| {
        to_pyerr(
            py,
            poh_core::Error::InvalidUtf8,
            Some("the chart is not UTF-8"),
        )
    })?;
    let opts = ReadOptions { evaluation_date };
    let read = py.detach(|| {
        read_str(text, &opts).map(|record| {
            let mut e = Box::<Evaluated>::default();
            e.findings = record.findings.clone();
            let evaluated = e.evaluate().map(|()| e);
            (evaluated, record.to_json().to_string())
        })
    });
    let (evaluated, reading) = read.map_err(|e| fhir_pyerr(py, &e))?;
    let e = evaluated.map_err(|err| to_pyerr(py, err, None))?;
    Ok((NativeAssessment::new(e), reading))
}

/// Register the FHIR entry point and its exception (one line in `_core`).
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("FhirError", m.py().get_type::<FhirError>())?;
    m.add_function(wrap_pyfunction!(assess_fhir_json, m)?)?;
    Ok(())
}
