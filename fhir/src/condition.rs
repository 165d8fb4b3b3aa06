//! Condition (ehr-integration.md §2.2): `code` in HPO, or in SNOMED CT through the map;
//! `verificationStatus` confirmed or absent = present, refuted = excluded,
//! entered-in-error = dropped, unconfirmed / provisional / differential = unknown (not
//! added, never absent); `clinicalStatus` inactive / remission / resolved still present
//! (it occurred). A Condition coded as a modelled disorder is a recorded diagnosis: shown,
//! and none of its codings is used.

use poh_core::limits::MAX_AGE_MONTHS;
use poh_core::HpoId;

use crate::assemble::{Accumulator, Claim};
use crate::codes::{
    is_hpo_system, parse_hpo_code, CONDITION_VER_STATUS, SNOMED_SYSTEM, UCUM_SYSTEM,
};
use crate::date::DateTime;
use crate::error::{FhirError, Kind};
use crate::input::Resource;
use crate::json_access::{codings, num_field, obj_field, str_field, Coding, Obj};
use crate::patient::other_subject;
use crate::{RecordedDiagnosis, UsedCode};

/// What a verification status makes of the Condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Present,
    Excluded,
    Unknown,
    EnteredInError,
}

/// The HPO term a coding names, with how; or why not.
pub(crate) fn phenotype_term(acc: &Accumulator, c: &Coding) -> Result<(HpoId, String), String> {
    let system = c.system.as_deref().unwrap_or("");
    if c.code.is_empty() {
        return Err("a coding without a code".into());
    }
    if is_hpo_system(system) {
        return parse_hpo_code(&c.code)
            .map(|id| (id, format!("HPO code ({system})")))
            .ok_or_else(|| "not a well-formed HPO id (HP:0000000)".into());
    }
    if system == SNOMED_SYSTEM {
        if let Some(row) = acc.map.get(c.code.as_str()) {
            return Ok((row.hpo, format!("SNOMED CT map row: {}", row.source)));
        }
        if let Some(d) = crate::codes::disorder(acc.disorders, Some(system), &c.code) {
            return Err(format!(
                "a disease code ({}; {}), kept out of the SNOMED CT map",
                d.label, d.source
            ));
        }
        return Err(
            "not in the SNOMED CT map (fhir/data/snomed_hpo.tsv keeps only one-to-one, non-disease xrefs of HPO)"
                .into(),
        );
    }
    if system.is_empty() {
        return Err("a coding without a system".into());
    }
    Err(format!("code system {system} is not read for phenotypes"))
}

fn status(obj: &Obj<'_>, path: &str) -> Result<(Status, String), FhirError> {
    let cs = codings(obj, "verificationStatus", path)?;
    let Some(c) = cs.iter().find(|c| {
        c.system
            .as_deref()
            .is_none_or(|s| s == CONDITION_VER_STATUS)
            && !c.code.is_empty()
    }) else {
        if cs.is_empty() {
            return Ok((Status::Present, String::new()));
        }
        return Ok((Status::Unknown, "unrecognised".into()));
    };
    let s = match c.code.as_str() {
        "confirmed" => Status::Present,
        "refuted" => Status::Excluded,
        "entered-in-error" => Status::EnteredInError,
        // unconfirmed and its children provisional and differential; any other code too.
        _ => Status::Unknown,
    };
    Ok((s, c.code.clone()))
}

/// Months from an Age quantity (UCUM `a`, `mo`, `wk`, `d`; FHIR Age units), if it is one.
pub(crate) fn age_months(q: &Obj<'_>, path: &str) -> Result<Option<f64>, FhirError> {
    let Some(v) = num_field(q, "value", path)? else {
        return Ok(None);
    };
    if v < 0.0 {
        return Err(FhirError::new(
            Kind::InvalidValue,
            &format!("{path}.value"),
            "a negative age",
        ));
    }
    if str_field(q, "system", path)?.is_some_and(|s| s != UCUM_SYSTEM) {
        return Ok(None);
    }
    let unit = match str_field(q, "code", path)? {
        Some(c) => Some(c),
        None => str_field(q, "unit", path)?,
    };
    const DAYS_PER_MONTH: f64 = 365.25 / 12.0;
    Ok(match unit {
        Some("a") => Some(v * 12.0),
        Some("mo") => Some(v),
        Some("wk") => Some(v * 7.0 / DAYS_PER_MONTH),
        Some("d") => Some(v / DAYS_PER_MONTH),
        _ => None,
    })
}

/// The onset in months (onsetAge, or onsetDateTime against the birth date), and a note
/// when an onset is given but cannot be derived.
fn onset(r: &Resource<'_>, acc: &Accumulator) -> Result<(Option<u16>, Option<String>), FhirError> {
    let months = if let Some(q) = obj_field(r.obj, "onsetAge", &r.path)? {
        match age_months(q, &format!("{}.onsetAge", r.path))? {
            Some(m) => m.floor(),
            None => {
                return Ok((
                    None,
                    Some("onsetAge is not an age in UCUM a, mo, wk or d".into()),
                ))
            }
        }
    } else if let Some(s) = str_field(r.obj, "onsetDateTime", &r.path)? {
        let path = format!("{}.onsetDateTime", r.path);
        let dt = DateTime::parse(s).ok_or_else(|| {
            FhirError::new(
                Kind::InvalidDate,
                &path,
                format!("{s:?} is not a FHIR dateTime"),
            )
        })?;
        match acc.age_months_at(dt.date.first_day()) {
            Some(m) => f64::from(m),
            None => {
                return Ok((
                    None,
                    Some(
                        "onsetDateTime without a full birth date, or before it: onset unknown"
                            .into(),
                    ),
                ))
            }
        }
    } else {
        return Ok((None, None));
    };
    if months > f64::from(MAX_AGE_MONTHS) {
        return Ok((
            None,
            Some(format!(
                "an onset of {months} months is beyond the core's range"
            )),
        ));
    }
    // Checked against the range just above: the cast cannot truncate.
    Ok((Some(months as u16), None))
}

pub(crate) fn read(r: &Resource<'_>, acc: &mut Accumulator) -> Result<(), FhirError> {
    if let Some(other) = other_subject(r, acc)? {
        acc.drop(
            &r.reference,
            "Condition",
            &format!("its subject is {other}, not the chart's patient"),
        );
        return Ok(());
    }
    let (st, st_code) = status(r.obj, &r.path)?;
    let cs = codings(r.obj, "code", &r.path)?;
    if cs.is_empty() {
        acc.drop(
            &r.reference,
            "Condition.code",
            "no coding: nothing to map (text is not read)",
        );
        return Ok(());
    }
    let diagnoses: Vec<(&Coding, &crate::codes::DisorderCode)> = cs
        .iter()
        .filter_map(|c| {
            crate::codes::disorder(acc.disorders, c.system.as_deref(), &c.code)
                .filter(|d| !d.disorders.is_empty())
                .map(|d| (c, d))
        })
        .collect();
    if !diagnoses.is_empty() {
        if st == Status::EnteredInError {
            acc.drop(
                &r.reference,
                "Condition",
                "a recorded diagnosis entered in error: not shown",
            );
            return Ok(());
        }
        for (c, d) in &diagnoses {
            acc.recorded.push(RecordedDiagnosis {
                system: c.system.clone().unwrap_or_default(),
                code: c.code.clone(),
                display: c.display.clone(),
                disorders: d.disorders.iter().map(|s| s.to_string()).collect(),
                label: d.label.clone(),
                resource: r.reference.clone(),
                verification: st_code.clone(),
                source: d.source.clone(),
            });
        }
        for c in cs.iter().filter(|c| !diagnoses.iter().any(|(d, _)| d == c)) {
            acc.unmapped(
                c,
                &r.reference,
                "part of a Condition recorded as a diagnosis of a modelled disorder: never used as evidence",
            );
        }
        return Ok(());
    }
    let (onset_months, onset_note) = onset(r, acc)?;
    let clinical = codings(r.obj, "clinicalStatus", &r.path)?
        .first()
        .map(|c| c.code.clone())
        .unwrap_or_default();
    for c in &cs {
        let (id, how) = match phenotype_term(acc, c) {
            Ok(t) => t,
            Err(why) => {
                acc.unmapped(c, &r.reference, &why);
                continue;
            }
        };
        let what = format!("{}|{}", c.system.as_deref().unwrap_or(""), c.code);
        match st {
            Status::EnteredInError => {
                acc.drop(&r.reference, &what, "verificationStatus entered-in-error");
                continue;
            }
            Status::Unknown => {
                acc.drop(
                    &r.reference,
                    &what,
                    &format!(
                        "verificationStatus {st_code}: unknown, not added (never read as absent)"
                    ),
                );
                continue;
            }
            Status::Present | Status::Excluded => {}
        }
        let excluded = st == Status::Excluded;
        let mut how = format!(
            "{how}; verificationStatus {}",
            if st_code.is_empty() {
                "absent (present)"
            } else {
                st_code.as_str()
            }
        );
        if !clinical.is_empty() {
            how += &format!("; clinicalStatus {clinical}");
        }
        let onset = if excluded { None } else { onset_months };
        if let (false, Some(n)) = (excluded, &onset_note) {
            how += &format!("; {n}");
        }
        if let Some(m) = onset {
            how += &format!("; onset {m} months");
        }
        acc.claims.push(Claim {
            id,
            excluded,
            onset_months: onset,
            used: UsedCode {
                system: c.system.clone().unwrap_or_default(),
                code: c.code.clone(),
                display: c.display.clone(),
                resource: r.reference.clone(),
                finding: id.to_string(),
                state: if excluded { "excluded" } else { "present" }.into(),
                how,
            },
        });
    }
    Ok(())
}
