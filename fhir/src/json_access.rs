//! Typed access to the fields the reader uses, with the path of a wrong type. The reader
//! walks `serde_json::Value` by hand rather than deriving serde structs: it reads a few
//! fields of a few resources, ignores every other field (as FHIR allows), and must name
//! the exact place of a wrong type, which a derived `Deserialize` reports only as a line
//! and column.

use serde_json::{Map, Value};

use crate::error::{FhirError, Kind};

pub(crate) type Obj = Map<String, Value>;

fn wrong(path: &str, key: &str, want: &str) -> FhirError {
    FhirError::new(
        Kind::WrongType,
        &format!("{path}.{key}"),
        format!("expected {want}"),
    )
}

/// `obj[key]` as a string, if present and not null.
pub(crate) fn str_field<'a>(
    obj: &'a Obj,
    key: &str,
    path: &str,
) -> Result<Option<&'a str>, FhirError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(wrong(path, key, "a string")),
    }
}

/// `obj[key]` as an object, if present and not null.
pub(crate) fn obj_field<'a>(
    obj: &'a Obj,
    key: &str,
    path: &str,
) -> Result<Option<&'a Obj>, FhirError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(_) => Err(wrong(path, key, "an object")),
    }
}

/// `obj[key]` as an array (absent or null: empty).
pub(crate) fn arr_field<'a>(obj: &'a Obj, key: &str, path: &str) -> Result<&'a [Value], FhirError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(wrong(path, key, "an array")),
    }
}

/// `obj[key]` as a finite number, if present and not null.
pub(crate) fn num_field(obj: &Obj, key: &str, path: &str) -> Result<Option<f64>, FhirError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_f64() {
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
    items: &'a [Value],
    path: &str,
    key: &str,
) -> Result<Vec<(String, &'a Obj)>, FhirError> {
    items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let p = format!("{path}.{key}[{i}]");
            match v {
                Value::Object(o) => Ok((p, o)),
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
    pub(crate) path: String,
}

/// The codings of the CodeableConcept `obj[key]` that have a code (a coding with only a
/// display cannot be mapped; it is returned with an empty code, to be listed).
pub(crate) fn codings(obj: &Obj, key: &str, path: &str) -> Result<Vec<Coding>, FhirError> {
    let Some(cc) = obj_field(obj, key, path)? else {
        return Ok(Vec::new());
    };
    codings_of(cc, &format!("{path}.{key}"))
}

/// The codings of a CodeableConcept.
pub(crate) fn codings_of(cc: &Obj, path: &str) -> Result<Vec<Coding>, FhirError> {
    let mut out = Vec::new();
    for (p, c) in objects(arr_field(cc, "coding", path)?, path, "coding")? {
        out.push(Coding {
            system: str_field(c, "system", &p)?.map(str::to_string),
            code: str_field(c, "code", &p)?.unwrap_or("").to_string(),
            display: str_field(c, "display", &p)?.map(str::to_string),
            path: p,
        });
    }
    Ok(out)
}
