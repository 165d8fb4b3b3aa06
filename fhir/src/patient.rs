//! Patient: `birthDate` and `gender` (ehr-integration.md §2.1). `gender` is FHIR's
//! AdministrativeGender (`male | female | other | unknown`), mapped one to one to the
//! core's sex; administrative gender is not sex at birth (a caveat the report states).
//! The age is the whole months from `birthDate` to the evaluation date; a `YYYY-MM` birth
//! date counts from the first of the month (it may overstate the age by under a month);
//! a year alone leaves the age unknown.

use poh_core::limits::MAX_AGE_MONTHS;
use poh_core::Sex;

use crate::assemble::Accumulator;
use crate::date::Partial;
use crate::error::{FhirError, Kind};
use crate::input::Resource;
use crate::json_access::str_field;
use crate::UsedCode;

pub(crate) fn read_patients(
    resources: &[Resource<'_>],
    acc: &mut Accumulator,
) -> Result<(), FhirError> {
    let patients: Vec<&Resource<'_>> = resources.iter().filter(|r| r.kind == "Patient").collect();
    let Some(first) = patients.first() else {
        return Ok(());
    };
    let fields = |r: &Resource<'_>| -> Result<(Option<String>, Option<String>), FhirError> {
        Ok((
            str_field(r.obj, "birthDate", &r.path)?.map(str::to_string),
            str_field(r.obj, "gender", &r.path)?.map(str::to_string),
        ))
    };
    let mine = fields(first)?;
    for other in patients.iter().skip(1) {
        if other.id != first.id || fields(other)? != mine {
            return Err(FhirError::new(
                Kind::SeveralPatients,
                &other.path,
                format!(
                    "a second Patient ({}) differs from the first ({}): one chart, one patient",
                    other.reference, first.reference
                ),
            ));
        }
    }
    acc.patient_id = first.id.map(str::to_string);
    let (birth, gender) = mine;
    if let Some(b) = birth {
        let path = format!("{}.birthDate", first.path);
        let p = Partial::parse(&b).ok_or_else(|| {
            FhirError::new(
                Kind::InvalidDate,
                &path,
                format!("{b:?} is not a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)"),
            )
        })?;
        acc.birth = Some(p);
        let months = acc.age_months_at(acc.evaluation_date);
        match (p, months) {
            (Partial::Year(_), _) => acc.drop(
                &first.reference,
                "birthDate",
                &format!("birthDate {b} gives the year only: age unknown"),
            ),
            (_, None) => acc.drop(
                &first.reference,
                "birthDate",
                &format!("birthDate {b} is after the evaluation date {}: age unknown", acc.evaluation_date),
            ),
            (_, Some(m)) => match u16::try_from(m).ok().filter(|m| *m <= MAX_AGE_MONTHS) {
                None => acc.drop(
                    &first.reference,
                    "birthDate",
                    &format!("an age of {m} months is beyond the core's range (0 to {MAX_AGE_MONTHS}): age unknown"),
                ),
                Some(m) => {
                    acc.findings.age_months = Some(m);
                    let how = match p {
                        Partial::Month(..) => format!(
                            "whole months from the first day of {b} (the day is not given) to the evaluation date {}",
                            acc.evaluation_date
                        ),
                        _ => format!("whole months from {b} to the evaluation date {}", acc.evaluation_date),
                    };
                    acc.used.push(UsedCode {
                        system: String::new(),
                        code: "birthDate".into(),
                        display: Some(b.clone()),
                        resource: first.reference.clone(),
                        finding: "age_months".into(),
                        state: m.to_string(),
                        how,
                    });
                }
            },
        }
    }
    if let Some(g) = gender {
        let sex = match g.as_str() {
            "male" => Some(Sex::Male),
            "female" => Some(Sex::Female),
            "other" => Some(Sex::Other),
            "unknown" => Some(Sex::Unknown),
            _ => None,
        };
        match sex {
            None => acc.drop(
                &first.reference,
                "gender",
                &format!("{g:?} is not an AdministrativeGender code: sex unknown"),
            ),
            Some(s) => {
                acc.findings.sex = s;
                acc.used.push(UsedCode {
                    system: String::new(),
                    code: "gender".into(),
                    display: Some(g.clone()),
                    resource: first.reference.clone(),
                    finding: "sex".into(),
                    state: g.clone(),
                    how: "Patient.gender (administrative gender, not sex at birth)".into(),
                });
            }
        }
    }
    Ok(())
}

/// The chart's other resources must be about its patient: a `subject` naming another
/// Patient (when the chart's Patient has an id) is not read.
pub(crate) fn other_subject(
    r: &Resource<'_>,
    acc: &Accumulator,
) -> Result<Option<String>, FhirError> {
    let Some(mine) = acc.patient_id.as_deref() else {
        return Ok(None);
    };
    let Some(subject) = crate::json_access::obj_field(r.obj, "subject", &r.path)? else {
        return Ok(None);
    };
    let reference = match subject.get("reference") {
        None | Some(crate::node::Node::Null) => return Ok(None),
        Some(crate::node::Node::String(s)) => s.as_ref(),
        Some(_) => {
            return Err(FhirError::new(
                Kind::WrongType,
                &format!("{}.subject.reference", r.path),
                "expected a string",
            ))
        }
    };
    // `Patient/123`, or an absolute URL ending in it; `#contained` and other forms are not
    // judged.
    let Some(pos) = reference.rfind("Patient/") else {
        return Ok(None);
    };
    let id = reference.get(pos + "Patient/".len()..).unwrap_or("");
    let id = id.split('/').next().unwrap_or("");
    Ok((id != mine).then(|| reference.to_string()))
}
