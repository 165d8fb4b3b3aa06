//! Observation: a lab by its LOINC code (ehr-integration.md §2.3), or a phenotype coded in
//! HPO or mapped SNOMED CT (§2.4, the Phenomics Exchange IG: value LOINC LA9633-4
//! "Present" or LA9634-2 "Absent").
//!
//! A lab result is read when its `status` is `final`, `amended` or `corrected`. Its value:
//! the `interpretation` code first (v3-ObservationInterpretation H, HH = high; L, LL =
//! low; N = normal; A, AA or any other code = unknown), then `valueQuantity` against the
//! `referenceRange` that applies (bounds inclusive; both bounds needed for normal; the
//! value's unit must equal the range's, else unknown), else unknown: a missing range never
//! means normal. Ranges restricted by `appliesTo` are not judged; ranges by `age` are
//! used when the patient's age at the result is known.

use poh_core::Lab;

use crate::assemble::{lab_name, Accumulator, Claim, LabResult};
use crate::codes::{loinc, LOINC_ABSENT, LOINC_PRESENT, LOINC_SYSTEM, OBSERVATION_INTERPRETATION};
use crate::condition::{age_months, phenotype_term};
use crate::date::DateTime;
use crate::error::{FhirError, Kind};
use crate::input::Resource;
use crate::json_access::{
    arr_field, codings, codings_of, num_field, obj_field, objects, str_field, Coding, Obj,
};
use crate::patient::other_subject;
use crate::UsedCode;

const READ_STATUSES: [&str; 3] = ["final", "amended", "corrected"];

pub(crate) fn read(r: &Resource<'_>, acc: &mut Accumulator) -> Result<(), FhirError> {
    if let Some(other) = other_subject(r, acc)? {
        acc.drop(
            &r.reference,
            "Observation",
            &format!("its subject is {other}, not the chart's patient"),
        );
        return Ok(());
    }
    let cs = codings(r.obj, "code", &r.path)?;
    if cs.is_empty() {
        acc.drop(
            &r.reference,
            "Observation.code",
            "no coding: nothing to map (text is not read)",
        );
        return Ok(());
    }
    let status = str_field(r.obj, "status", &r.path)?.unwrap_or("");
    if let Some((c, l)) = cs.iter().find_map(|c| {
        (c.system.as_deref() == Some(LOINC_SYSTEM))
            .then(|| loinc(&c.code))
            .flatten()
            .map(|l| (c, l))
    }) {
        for other in cs.iter().filter(|o| *o != c) {
            acc.unmapped(
                other,
                &r.reference,
                &format!("another coding of a lab read by LOINC {}", c.code),
            );
        }
        let what = format!("{LOINC_SYSTEM}|{}", c.code);
        if !READ_STATUSES.contains(&status) {
            let why = if status == "entered-in-error" {
                "status entered-in-error".to_string()
            } else {
                format!("status {status:?}: only final, amended or corrected results are read")
            };
            acc.drop(&r.reference, &what, &why);
            return Ok(());
        }
        let time = result_time(r)?;
        let age = time.and_then(|t| acc.age_months_at(t.date.first_day()));
        let (value, how) = judge(r.obj, &r.path, age)?;
        acc.labs.push(LabResult {
            analyte: l.analyte,
            rank: l.rank,
            time: time.map(|t| t.seconds),
            value,
            used: UsedCode {
                system: LOINC_SYSTEM.into(),
                code: c.code.clone(),
                display: c.display.clone(),
                resource: r.reference.clone(),
                finding: format!("labs.{}", l.analyte.as_str()),
                state: lab_name(value).into(),
                how: format!("{} ({}); {how}", l.form, time_text(r)),
            },
        });
        return Ok(());
    }
    // A phenotype Observation.
    let mut terms = Vec::new();
    for c in &cs {
        match phenotype_term(acc, c) {
            Ok(t) => terms.push((c, t)),
            Err(why) => {
                let why = if c.system.as_deref() == Some(LOINC_SYSTEM) {
                    "LOINC code not read (only the PTH, calcium, phosphate and TSH codes of ehr-integration.md §2.3)".into()
                } else {
                    why
                };
                acc.unmapped(c, &r.reference, &why);
            }
        }
    }
    if terms.is_empty() {
        return Ok(());
    }
    let state = phenotype_value(r)?;
    for (c, (id, how)) in terms {
        let what = format!("{}|{}", c.system.as_deref().unwrap_or(""), c.code);
        if status == "entered-in-error" {
            acc.drop(&r.reference, &what, "status entered-in-error");
            continue;
        }
        if !READ_STATUSES.contains(&status) {
            acc.drop(
                &r.reference,
                &what,
                &format!("status {status:?}: not a final observation; unknown, not added"),
            );
            continue;
        }
        let excluded = match &state {
            Ok(e) => *e,
            Err(why) => {
                acc.drop(
                    &r.reference,
                    &what,
                    &format!("{why}: unknown, not added (never read as absent)"),
                );
                continue;
            }
        };
        acc.claims.push(Claim {
            id,
            excluded,
            onset_months: None,
            used: UsedCode {
                system: c.system.clone().unwrap_or_default(),
                code: c.code.clone(),
                display: c.display.clone(),
                resource: r.reference.clone(),
                finding: id.to_string(),
                state: if excluded { "excluded" } else { "present" }.into(),
                how: format!(
                    "{how}; Observation value LOINC {}",
                    if excluded {
                        "LA9634-2 Absent"
                    } else {
                        "LA9633-4 Present"
                    }
                ),
            },
        });
    }
    Ok(())
}

/// `Ok(excluded)` from the phenotype Observation's value, or why it says neither.
fn phenotype_value(r: &Resource<'_>) -> Result<Result<bool, String>, FhirError> {
    if r.obj.get("dataAbsentReason").is_some_and(|v| !v.is_null()) {
        return Ok(Err("dataAbsentReason given".into()));
    }
    let Some(v) = obj_field(r.obj, "valueCodeableConcept", &r.path)? else {
        return Ok(Err(
            "no valueCodeableConcept Present (LOINC LA9633-4) or Absent (LA9634-2)".into(),
        ));
    };
    let cs = codings_of(v, &format!("{}.valueCodeableConcept", r.path))?;
    let loinc: Vec<&Coding> = cs
        .iter()
        .filter(|c| c.system.as_deref() == Some(LOINC_SYSTEM))
        .collect();
    let present = loinc.iter().any(|c| c.code == LOINC_PRESENT);
    let absent = loinc.iter().any(|c| c.code == LOINC_ABSENT);
    Ok(match (present, absent) {
        (true, false) => Ok(false),
        (false, true) => Ok(true),
        (true, true) => Err("the value says both Present and Absent".into()),
        (false, false) => {
            Err("the value is neither LOINC LA9633-4 Present nor LA9634-2 Absent".into())
        }
    })
}

/// `effectiveDateTime`, else `effectiveInstant`, else `effectivePeriod.start`, else
/// `issued`.
fn result_time(r: &Resource<'_>) -> Result<Option<DateTime>, FhirError> {
    let mut found = None;
    for key in ["effectiveDateTime", "effectiveInstant"] {
        if let Some(s) = str_field(r.obj, key, &r.path)? {
            found = Some((s, format!("{}.{key}", r.path)));
            break;
        }
    }
    if found.is_none() {
        if let Some(p) = obj_field(r.obj, "effectivePeriod", &r.path)? {
            let path = format!("{}.effectivePeriod", r.path);
            if let Some(s) = str_field(p, "start", &path)? {
                found = Some((s, format!("{path}.start")));
            }
        }
    }
    if found.is_none() {
        if let Some(s) = str_field(r.obj, "issued", &r.path)? {
            found = Some((s, format!("{}.issued", r.path)));
        }
    }
    let Some((s, path)) = found else {
        return Ok(None);
    };
    DateTime::parse(s).map(Some).ok_or_else(|| {
        FhirError::new(
            Kind::InvalidDate,
            &path,
            format!("{s:?} is not a FHIR dateTime"),
        )
    })
}

fn time_text(r: &Resource<'_>) -> String {
    for key in ["effectiveDateTime", "effectiveInstant", "issued"] {
        if let Some(s) = r.obj.get(key).and_then(|v| v.as_str()) {
            return format!("{key} {s}");
        }
    }
    if let Some(s) = r
        .obj
        .get("effectivePeriod")
        .and_then(|p| p.get("start"))
        .and_then(|v| v.as_str())
    {
        return format!("effectivePeriod.start {s}");
    }
    "no result time".into()
}

/// The unit of a Quantity: its UCUM code when coded, else its unit text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Unit {
    Code(String),
    Text(String),
    None,
}

fn unit(q: &Obj<'_>, path: &str) -> Result<Unit, FhirError> {
    if let Some(c) = str_field(q, "code", path)? {
        return Ok(Unit::Code(c.to_string()));
    }
    Ok(match str_field(q, "unit", path)? {
        Some(u) => Unit::Text(u.to_string()),
        None => Unit::None,
    })
}

fn same_unit(a: &Unit, b: &Unit, qa: &Obj<'_>, qb: &Obj<'_>) -> bool {
    match (a, b) {
        (Unit::Code(x), Unit::Code(y)) => x == y,
        (Unit::None, Unit::None) => true,
        // One coded, one not: compare the unit texts when both have one.
        _ => match (
            qa.get("unit").and_then(|v| v.as_str()),
            qb.get("unit").and_then(|v| v.as_str()),
        ) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

fn unit_text(u: &Unit) -> &str {
    match u {
        Unit::Code(s) | Unit::Text(s) => s,
        Unit::None => "(no unit)",
    }
}

/// The lab value and how it was decided.
fn judge(obj: &Obj<'_>, path: &str, age_months: Option<u32>) -> Result<(Lab, String), FhirError> {
    // 1. The interpretation code.
    let mut codes = Vec::new();
    for (p, cc) in objects(
        arr_field(obj, "interpretation", path)?,
        path,
        "interpretation",
    )? {
        for c in codings_of(cc, &p)? {
            if c.system.as_deref() == Some(OBSERVATION_INTERPRETATION) && !c.code.is_empty() {
                codes.push(c.code);
            }
        }
    }
    if !codes.is_empty() {
        let of = |c: &str| match c {
            "H" | "HH" => Lab::High,
            "L" | "LL" => Lab::Low,
            "N" => Lab::Normal,
            _ => Lab::Unknown,
        };
        let first = codes.first().map_or(Lab::Unknown, |c| of(c));
        let agree = codes.iter().all(|c| of(c) == first);
        let list = codes.join(", ");
        return Ok(if !agree {
            (
                Lab::Unknown,
                format!("interpretation codes {list} disagree"),
            )
        } else if first == Lab::Unknown {
            (
                Lab::Unknown,
                format!("interpretation {list} gives no direction"),
            )
        } else {
            (first, format!("interpretation {list}"))
        });
    }
    // 2. The value against the reference range.
    if obj.get("dataAbsentReason").is_some_and(|v| !v.is_null()) {
        return Ok((Lab::Unknown, "dataAbsentReason given, no value".into()));
    }
    let Some(q) = obj_field(obj, "valueQuantity", path)? else {
        return Ok((
            Lab::Unknown,
            "no interpretation and no valueQuantity".into(),
        ));
    };
    let qpath = format!("{path}.valueQuantity");
    let Some(v) = num_field(q, "value", &qpath)? else {
        return Ok((Lab::Unknown, "valueQuantity without a value".into()));
    };
    let comparator = str_field(q, "comparator", &qpath)?;
    let vu = unit(q, &qpath)?;
    let value_text = format!("value {}{v} {}", comparator.unwrap_or(""), unit_text(&vu));
    let mut verdicts = Vec::new();
    let mut skipped = Vec::new();
    for (p, range) in objects(
        arr_field(obj, "referenceRange", path)?,
        path,
        "referenceRange",
    )? {
        if !arr_field(range, "appliesTo", &p)?.is_empty() {
            skipped.push("a range restricted by appliesTo (not judged)");
            continue;
        }
        if let Some(ages) = obj_field(range, "age", &p)? {
            let apath = format!("{p}.age");
            let Some(age) = age_months else {
                skipped.push("an age-specific range, the patient's age at the result unknown");
                continue;
            };
            let lo = match obj_field(ages, "low", &apath)? {
                Some(q) => age_months_or_skip(q, &format!("{apath}.low"))?,
                None => Some(f64::NEG_INFINITY),
            };
            let hi = match obj_field(ages, "high", &apath)? {
                Some(q) => age_months_or_skip(q, &format!("{apath}.high"))?,
                None => Some(f64::INFINITY),
            };
            let (Some(lo), Some(hi)) = (lo, hi) else {
                skipped.push("an age range not in UCUM age units");
                continue;
            };
            let age = f64::from(age);
            if age < lo || age > hi {
                continue;
            }
        }
        let low = obj_field(range, "low", &p)?;
        let high = obj_field(range, "high", &p)?;
        let bound =
            |b: Option<&Obj<'_>>, key: &str| -> Result<Result<Option<f64>, String>, FhirError> {
                let Some(b) = b else {
                    return Ok(Ok(None));
                };
                let bp = format!("{p}.{key}");
                let bu = unit(b, &bp)?;
                let Some(x) = num_field(b, "value", &bp)? else {
                    return Ok(Ok(None));
                };
                if !same_unit(&vu, &bu, q, b) {
                    return Ok(Err(format!(
                        "unit mismatch: the value is in {}, the range {key} in {}",
                        unit_text(&vu),
                        unit_text(&bu)
                    )));
                }
                Ok(Ok(Some(x)))
            };
        let (lo, hi) = match (bound(low, "low")?, bound(high, "high")?) {
            (Ok(lo), Ok(hi)) => (lo, hi),
            (Err(e), _) | (_, Err(e)) => {
                verdicts.push((Lab::Unknown, e));
                continue;
            }
        };
        if lo.is_none() && hi.is_none() {
            skipped.push("a range without low or high");
            continue;
        }
        let range_text = format!(
            "range {} to {}",
            lo.map_or("-".to_string(), |x| x.to_string()),
            hi.map_or("-".to_string(), |x| x.to_string())
        );
        let verdict = match comparator {
            None => {
                if lo.is_some_and(|l| v < l) {
                    Lab::Low
                } else if hi.is_some_and(|h| v > h) {
                    Lab::High
                } else if lo.is_some() && hi.is_some() {
                    Lab::Normal
                } else {
                    Lab::Unknown
                }
            }
            Some("<") if lo.is_some_and(|l| v <= l) => Lab::Low,
            Some("<=") if lo.is_some_and(|l| v < l) => Lab::Low,
            Some(">") if hi.is_some_and(|h| v >= h) => Lab::High,
            Some(">=") if hi.is_some_and(|h| v > h) => Lab::High,
            Some(_) => Lab::Unknown,
        };
        let why = match (verdict, lo, hi) {
            (Lab::Unknown, Some(_), None) | (Lab::Unknown, None, Some(_))
                if comparator.is_none() =>
            {
                format!("{value_text} within a one-sided {range_text}: unknown")
            }
            (Lab::Unknown, _, _) => {
                format!("{value_text} cannot be placed against the {range_text}")
            }
            _ => format!("{value_text} against the {range_text}"),
        };
        verdicts.push((verdict, why));
    }
    let Some((first, _)) = verdicts.first().cloned() else {
        let note = if skipped.is_empty() {
            String::new()
        } else {
            format!(" ({})", skipped.join("; "))
        };
        return Ok((
            Lab::Unknown,
            format!("{value_text}, no reference range that applies{note}: a missing range never means normal"),
        ));
    };
    let texts: Vec<String> = verdicts.iter().map(|(_, w)| w.clone()).collect();
    if verdicts.iter().all(|(l, _)| *l == first) {
        Ok((first, texts.join("; ")))
    } else {
        Ok((
            Lab::Unknown,
            format!("reference ranges disagree: {}", texts.join("; ")),
        ))
    }
}

fn age_months_or_skip(q: &Obj<'_>, path: &str) -> Result<Option<f64>, FhirError> {
    age_months(q, path)
}
