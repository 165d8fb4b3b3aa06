//! The reading report as JSON (`FhirRecord::to_json`). The findings are written in the
//! core's findings JSON schema (README "Input: findings JSON"), so the report's `findings`
//! can be evaluated again by any binding as is.

use poh_core::{Findings, Lab, Sex};
use serde_json::{json, Map, Value};

use crate::codes::snomed_map_header;
use crate::FhirRecord;

fn lab(l: Lab) -> Value {
    match l {
        Lab::Unknown => Value::Null,
        other => Value::from(crate::assemble::lab_name(other)),
    }
}

/// The findings in the core's findings JSON schema (unknowns left out).
pub(crate) fn findings_json(f: &Findings) -> Value {
    let mut o = Map::new();
    if let Some(a) = f.age_months {
        o.insert("age_months".into(), a.into());
    }
    let sex = match f.sex {
        Sex::Unknown => None,
        Sex::Female => Some("female"),
        Sex::Male => Some("male"),
        Sex::Other => Some("other"),
    };
    if let Some(s) = sex {
        o.insert("sex".into(), s.into());
    }
    let phenotypes: Vec<Value> = f
        .phenotypes
        .iter()
        .map(|p| {
            let mut e = Map::new();
            e.insert("id".into(), p.id.to_string().into());
            if p.excluded {
                e.insert("excluded".into(), true.into());
            }
            if let Some(m) = p.onset_months {
                e.insert("onset_months".into(), m.into());
            }
            Value::Object(e)
        })
        .collect();
    if !phenotypes.is_empty() {
        o.insert("phenotypes".into(), phenotypes.into());
    }
    let mut labs = Map::new();
    for (k, v) in [
        ("pth", f.labs.pth),
        ("calcium", f.labs.calcium),
        ("phosphate", f.labs.phosphate),
        ("tsh", f.labs.tsh),
    ] {
        if v != Lab::Unknown {
            labs.insert(k.into(), lab(v));
        }
    }
    if !labs.is_empty() {
        o.insert("labs".into(), labs.into());
    }
    Value::Object(o)
}

fn opt(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::Null, Value::from)
}

pub(crate) fn to_json(r: &FhirRecord) -> Value {
    json!({
        "evaluation_date": r.evaluation_date.to_string(),
        "findings": findings_json(&r.findings),
        "used": r.used.iter().map(|u| json!({
            "system": u.system, "code": u.code, "display": opt(&u.display),
            "resource": u.resource, "finding": u.finding, "state": u.state, "how": u.how,
        })).collect::<Vec<_>>(),
        "unmapped": r.unmapped.iter().map(|u| json!({
            "system": u.system, "code": u.code, "display": opt(&u.display),
            "resource": u.resource, "why": u.why,
        })).collect::<Vec<_>>(),
        "recorded_diagnoses": r.recorded_diagnoses.iter().map(|d| json!({
            "system": d.system, "code": d.code, "display": opt(&d.display),
            "disorders": d.disorders, "label": d.label, "resource": d.resource,
            "verification": d.verification, "source": d.source,
            "note": "recorded in the chart: shown, never used as evidence",
        })).collect::<Vec<_>>(),
        "dropped": r.dropped.iter().map(|d| json!({
            "resource": d.resource, "what": d.what, "why": d.why,
        })).collect::<Vec<_>>(),
        "snomed_map": {
            "file": "fhir/data/snomed_hpo.tsv",
            "source": snomed_map_header("source").unwrap_or(""),
        },
    })
}
