//! Typed access to the fields the reader uses, with the path of a wrong type. The reader
//! walks a JSON tree ([`Node`], strings borrowed from the input) by hand rather than
//! deriving serde structs: it reads a few fields of a few resources, ignores every other
//! field (as FHIR allows), and must name the exact place of a wrong type, which a derived
//! `Deserialize` reports only as a line and column.

use crate::error::{FhirError, Kind};
use crate::node::{Node, Object};

pub(crate) type Obj<'a> = Object<'a>;

fn wrong(path: &str, key: &str, want: &str) -> FhirError {
    FhirError::new(
        Kind::WrongType,
        &format!("{path}.{key}"),
        format!("expected {want}"),
    )
}

/// `obj[key]` as a string, if present and not null.
pub(crate) fn str_field<'a>(
    obj: &'a Obj<'_>,
    key: &str,
    path: &str,
) -> Result<Option<&'a str>, FhirError> {
    match obj.get(key) {
        None | Some(Node::Null) => Ok(None),
        Some(Node::String(s)) => Ok(Some(s)),
        Some(_) => Err(wrong(path, key, "a string")),
    }
}

/// `obj[key]` as an object, if present and not null.
pub(crate) fn obj_field<'a>(
    obj: &'a Obj<'_>,
    key: &str,
    path: &str,
) -> Result<Option<&'a Obj<'a>>, FhirError> {
    match obj.get(key) {
        None | Some(Node::Null) => Ok(None),
        Some(Node::Object(o)) => Ok(Some(o)),
        Some(_) => Err(wrong(path, key, "an object")),
    }
}

/// `obj[key]` as an array (absent or null: empty).
pub(crate) fn arr_field<'a>(
    obj: &'a Obj<'a>,
    key: &str,
    path: &str,
) -> Result<&'a [Node<'a>], FhirError> {
    match obj.get(key) {
        None | Some(Node::Null) => Ok(&[]),
        Some(Node::Array(a)) => Ok(a),
        Some(_) => Err(wrong(path, key, "an array")),
    }
}

/// `obj[key]` as a finite number, if present and not null.
pub(crate) fn num_field(obj: &Obj<'_>, key: &str, path: &str) -> Result<Option<f64>, FhirError> {
    match obj.get(key) {
        None | Some(Node::Null) => Ok(None),
        Some(Node::Number(n)) => match n.as_f64() {
            Some(x) if x.is_finite() => Ok(Some(x)),
            _ => Err(FhirError::new(
                Kind::InvalidValue,
                &format!("{path}.{key}"),
                "a number out of range",
            )),
        },
        Some(_) => Err(wrong(path, key, "a number")),
    }
}

/// The elements of an array that must be objects.
pub(crate) fn objects<'a>(
    items: &'a [Node<'a>],
    path: &str,
    key: &str,
) -> Result<Vec<(String, &'a Obj<'a>)>, FhirError> {
    items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let p = format!("{path}.{key}[{i}]");
            match v {
                Node::Object(o) => Ok((p, o)),
                _ => Err(FhirError::new(Kind::WrongType, &p, "expected an object")),
            }
        })
        .collect()
}

/// One `Coding` of a `CodeableConcept`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Coding {
    pub(crate) system: Option<String>,
    pub(crate) code: String,
    pub(crate) display: Option<String>,
}

/// `obj[key]` as a string, the path built only for an error (codings are read for every
/// resource: formatting each one's path up front was most of the reading time).
fn lazy_str(
    obj: &Obj<'_>,
    key: &str,
    path: &dyn Fn() -> String,
) -> Result<Option<String>, FhirError> {
    match obj.get(key) {
        None | Some(Node::Null) => Ok(None),
        Some(Node::String(s)) => Ok(Some(s.to_string())),
        Some(_) => Err(wrong(&path(), key, "a string")),
    }
}

/// The codings of the CodeableConcept `obj[key]` (a coding with only a display cannot be
/// mapped; it is returned with an empty code, to be listed).
pub(crate) fn codings(obj: &Obj<'_>, key: &str, path: &str) -> Result<Vec<Coding>, FhirError> {
    match obj.get(key) {
        None | Some(Node::Null) => Ok(Vec::new()),
        Some(Node::Object(cc)) => codings_at(cc, &|| format!("{path}.{key}")),
        Some(_) => Err(wrong(path, key, "an object")),
    }
}

/// The codings of a CodeableConcept.
pub(crate) fn codings_of(cc: &Obj<'_>, path: &str) -> Result<Vec<Coding>, FhirError> {
    codings_at(cc, &|| path.to_string())
}

fn codings_at(cc: &Obj<'_>, path: &dyn Fn() -> String) -> Result<Vec<Coding>, FhirError> {
    let items = match cc.get("coding") {
        None | Some(Node::Null) => return Ok(Vec::new()),
        Some(Node::Array(a)) => a,
        Some(_) => return Err(wrong(&path(), "coding", "an array")),
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        let at = || format!("{}.coding[{i}]", path());
        let Node::Object(c) = v else {
            return Err(FhirError::new(Kind::WrongType, &at(), "expected an object"));
        };
        out.push(Coding {
            system: lazy_str(c, "system", &at)?,
            code: lazy_str(c, "code", &at)?.unwrap_or_default(),
            display: lazy_str(c, "display", &at)?,
        });
    }
    Ok(out)
}
