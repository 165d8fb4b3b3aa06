//! The discovery document (CDS Hooks 2.0 §Discovery) and its prefetch templates.

use serde_json::{json, Map, Value};

/// The service id: the service is at `{public_url}/cds-services/poh-patient-view`.
pub const SERVICE_ID: &str = "poh-patient-view";
/// The one hook served.
pub const HOOK: &str = "patient-view";
/// The service's path.
pub const SERVICE_PATH: &str = "/cds-services/poh-patient-view";
/// The feedback endpoint's path.
pub const FEEDBACK_PATH: &str = "/cds-services/poh-patient-view/feedback";

/// Lab codes asked for: every LOINC code the FHIR reader reads (`poh_fhir::codes::
/// LOINC_CODES`, each from shared/reference/ehr-integration.md §2.3), one prefetch key per
/// code, named `{analyte}-{code}`: whether EHRs accept comma-separated OR lists in
/// prefetch is UNVERIFIED (ehr-integration.md §1), so no key relies on one. Each key asks
/// for the most recent result only (`_sort=-date&_count=1`, the R4 spelling of the spec
/// example's `sort:desc=date`).
pub fn lab_keys() -> impl Iterator<Item = (String, &'static str)> {
    poh_fhir::codes::LOINC_CODES
        .iter()
        .map(|l| (format!("{}-{}", l.analyte.as_str(), l.code), l.code))
}

/// Every prefetch key with its template, in discovery order.
pub fn templates() -> Vec<(String, String)> {
    let mut t = vec![
        (
            "patient".to_string(),
            "Patient/{{context.patientId}}".to_string(),
        ),
        (
            "conditions".to_string(),
            "Condition?patient={{context.patientId}}".to_string(),
        ),
    ];
    for (key, code) in lab_keys() {
        t.push((
            key,
            format!(
                "Observation?patient={{{{context.patientId}}}}&code=http://loinc.org|{code}&_sort=-date&_count=1"
            ),
        ));
    }
    t
}

/// The discovery document.
pub fn document() -> Value {
    let prefetch: Map<String, Value> = templates()
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    json!({
        "services": [{
            "hook": HOOK,
            "title": "POH and GNAS-related disorders: decision support",
            "description": "When a chart is opened, checks the recorded findings (HPO-coded conditions and observations, mapped SNOMED CT codes, PTH, calcium, phosphate and TSH results) against the published criteria for progressive osseous heteroplasia (POH) and its GNAS-related differential. Returns at most one card, only when heterotopic ossification is on record. Decision support, not a diagnosis.",
            "id": SERVICE_ID,
            "prefetch": prefetch,
            "usageRequirements": "Requests must carry a JWT signed (ES384 or RS384) by an allow-listed CDS client. Without the prefetch, fhirServer and fhirAuthorization are needed, and fhirServer must be one the service is configured to call."
        }]
    })
}

/// Replace the prefetch tokens of `template` from the hook context. Only root-level
/// primitive context fields are tokens (spec §Prefetch tokens); values must be FHIR ids
/// (`[A-Za-z0-9-.]{1,64}`, FHIR R4 datatype `id`) so that nothing else enters the URL.
pub fn render(template: &str, context: &Map<String, Value>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(rest.get(..start).unwrap_or(""));
        let after = rest.get(start + 2..).unwrap_or("");
        let end = after
            .find("}}")
            .ok_or_else(|| format!("unclosed token in {template}"))?;
        let token = after.get(..end).unwrap_or("");
        let field = token
            .strip_prefix("context.")
            .ok_or_else(|| format!("unsupported token {{{{{token}}}}}"))?;
        let value = context
            .get(field)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("context.{field} is missing"))?;
        let is_id = !value.is_empty()
            && value.len() <= 64
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        if !is_id {
            return Err(format!("context.{field} is not a FHIR id"));
        }
        out.push_str(value);
        rest = after.get(end + 2..).unwrap_or("");
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn templates_render_from_context_and_reject_non_ids() {
        let ctx: Map<String, Value> =
            serde_json::from_str(r#"{"patientId":"1288992","userId":"Practitioner/example"}"#)
                .unwrap();
        let t = templates();
        assert_eq!(render(&t[0].1, &ctx).unwrap(), "Patient/1288992");
        assert_eq!(
            render(&t[2].1, &ctx).unwrap(),
            "Observation?patient=1288992&code=http://loinc.org|2731-8&_sort=-date&_count=1"
        );
        let bad: Map<String, Value> = serde_json::from_str(r#"{"patientId":"1&code=x"}"#).unwrap();
        assert!(render(&t[0].1, &bad).is_err());
        assert!(render("Patient/{{userPractitionerId}}", &ctx).is_err());
        // Every template is one the spec's query subset allows: a read or a type search.
        for (k, v) in &t {
            assert!(v.starts_with("Patient/") || v.contains('?'), "{k}");
        }
    }
}
