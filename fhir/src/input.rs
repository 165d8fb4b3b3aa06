//! The shapes of input: a Bundle (entries' `resource`, Bundles in Bundles followed), a
//! single resource, a CDS Hooks prefetch object (any keys; each value a resource, a
//! Bundle or `null`) or a CDS Hooks request (its `prefetch`). CDS Hooks 2.0 §Prefetch: a
//! key whose query found nothing is `null`; keys may be missing; the spec's own example
//! also carries a plain string (`"user": "123"`), so a value that is not a resource is
//! listed as not read rather than refused.

use crate::error::{FhirError, Kind};
use crate::json_access::{arr_field, objects, str_field, Obj};
use crate::node::Node;
use crate::MAX_BUNDLE_DEPTH;

/// One resource found in the input.
pub(crate) struct Resource<'a> {
    /// `resourceType`.
    pub(crate) kind: &'a str,
    /// The resource.
    pub(crate) obj: &'a Obj<'a>,
    /// Its path in the input.
    pub(crate) path: String,
    /// `Type/id`, or the path when it has no id.
    pub(crate) reference: String,
    /// Its id.
    pub(crate) id: Option<&'a str>,
}

/// Something in the input that is not a resource and is not read: (where, what, why).
pub(crate) type Note = (String, String, String);

/// Every resource in the input, in document order, and the notes on what was not read.
pub(crate) fn resources<'a>(
    value: &'a Node<'a>,
) -> Result<(Vec<Resource<'a>>, Vec<Note>), FhirError> {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let Node::Object(top) = value else {
        return Err(FhirError::new(
            Kind::NotFhir,
            "$",
            "expected a JSON object: a FHIR Bundle or resource, a CDS Hooks prefetch object or request",
        ));
    };
    if top.contains_key("resourceType") {
        resource(top, "$".into(), 0, &mut out, &mut notes)?;
        return Ok((out, notes));
    }
    // A CDS Hooks request (`hook` and `context` are REQUIRED there, CDS Hooks 2.0
    // §Calling), or an object holding only its `prefetch` (as the spec's "Example prefetch
    // data" does).
    let request = top.contains_key("hook") && top.contains_key("context");
    let (prefetch, base) = if request || (top.len() == 1 && top.contains_key("prefetch")) {
        match top.get("prefetch") {
            None | Some(Node::Null) => return Ok((out, notes)),
            Some(Node::Object(p)) => (p, "$.prefetch".to_string()),
            Some(_) => {
                return Err(FhirError::new(
                    Kind::WrongType,
                    "$.prefetch",
                    "expected an object",
                ))
            }
        }
    } else {
        (top, "$".to_string())
    };
    let mut readable = 0usize;
    for (key, v) in prefetch.iter() {
        let path = format!("{base}.{key}");
        match v {
            Node::Null => readable += 1,
            Node::Object(o) if o.contains_key("resourceType") => {
                readable += 1;
                resource(o, path, 0, &mut out, &mut notes)?;
            }
            Node::Object(_) => return Err(FhirError::new(
                Kind::NotFhir,
                &path,
                "a prefetch value must be a FHIR resource (an object with resourceType) or null",
            )),
            _ => notes.push((
                path,
                format!("prefetch key {key}"),
                "not a FHIR resource: not read".into(),
            )),
        }
    }
    if readable == 0 && !prefetch.is_empty() {
        return Err(FhirError::new(
            Kind::NotFhir,
            &base,
            "no FHIR resource: expected a Bundle or resource, or a CDS Hooks prefetch object whose values are resources or null",
        ));
    }
    Ok((out, notes))
}

fn resource<'a>(
    obj: &'a Obj<'a>,
    path: String,
    depth: usize,
    out: &mut Vec<Resource<'a>>,
    notes: &mut Vec<Note>,
) -> Result<(), FhirError> {
    let kind = str_field(obj, "resourceType", &path)?.ok_or_else(|| {
        FhirError::new(Kind::NotFhir, &path, "a resource must have a resourceType")
    })?;
    let id = str_field(obj, "id", &path)?;
    if kind == "Bundle" {
        if depth >= MAX_BUNDLE_DEPTH {
            return Err(FhirError::new(
                Kind::TooDeep,
                &path,
                format!("Bundles nest deeper than {MAX_BUNDLE_DEPTH}"),
            ));
        }
        for (p, entry) in objects(arr_field(obj, "entry", &path)?, &path, "entry")? {
            match entry.get("resource") {
                None | Some(Node::Null) => notes.push((
                    p,
                    "Bundle entry".into(),
                    "no resource (e.g. a deleted history entry): nothing to read".into(),
                )),
                Some(Node::Object(r)) => {
                    resource(r, format!("{p}.resource"), depth + 1, out, notes)?
                }
                Some(_) => {
                    return Err(FhirError::new(
                        Kind::WrongType,
                        &format!("{p}.resource"),
                        "expected an object",
                    ))
                }
            }
        }
        return Ok(());
    }
    let reference = match id {
        Some(id) => format!("{kind}/{id}"),
        None => path.clone(),
    };
    out.push(Resource {
        kind,
        obj,
        path,
        reference,
        id,
    });
    Ok(())
}
