//! The reader's errors: a stable numeric code, a snake_case kind, where (a JSONPath-like
//! path into the input, `$` being the top) and what.
//!
//! Codes are the 7xx block, apart from the core's (1xx input, 2xx knowledge, 3xx
//! capacity, 9xx internal), so that a caller can tell a FHIR reading error from a core
//! error by its number alone. The table is in `fhir/README.md` and tested here.

use core::fmt;

/// A FHIR input the reader cannot read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FhirError {
    /// Stable numeric code (see [`FhirError::ALL`]).
    pub code: u16,
    /// Stable snake_case kind.
    pub kind: &'static str,
    /// Where in the input: `$` is the top, e.g. `$.conditions.entry[2].resource.code`.
    pub path: String,
    /// What is wrong, for a person.
    pub message: String,
}

macro_rules! kinds {
    ($( $(#[$doc:meta])* $name:ident = $code:literal, $kind:literal; )*) => {
        /// The kinds of [`FhirError`], with their codes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Kind { $( $(#[$doc])* $name, )* }

        impl Kind {
            /// Every kind, in code order.
            pub const ALL: &'static [Kind] = &[$(Kind::$name,)*];
            /// Stable numeric code.
            pub const fn code(self) -> u16 { match self { $(Kind::$name => $code,)* } }
            /// Stable snake_case kind.
            pub const fn kind(self) -> &'static str { match self { $(Kind::$name => $kind,)* } }
        }
    };
}

kinds! {
    /// The text is not JSON (`read_str`).
    NotJson = 700, "not_json";
    /// The top-level value is not a Bundle, a FHIR resource, a CDS Hooks prefetch object
    /// or a CDS Hooks request.
    NotFhir = 701, "not_fhir";
    /// A field the reader uses has the wrong JSON type.
    WrongType = 702, "wrong_type";
    /// A date or dateTime is not of the FHIR form (or the evaluation date is not
    /// `YYYY-MM-DD`).
    InvalidDate = 703, "invalid_date";
    /// A value is outside what its field allows (a negative age, a non-finite number).
    InvalidValue = 704, "invalid_value";
    /// The input holds more than one patient (two Patient resources that differ).
    SeveralPatients = 705, "several_patients";
    /// The input text is larger than [`crate::MAX_INPUT_BYTES`].
    InputTooLarge = 706, "input_too_large";
    /// Bundles nest deeper than [`crate::MAX_BUNDLE_DEPTH`].
    TooDeep = 707, "too_deep";
    /// A bug in the reader (its committed map does not parse, or the core refused the
    /// findings it built): reported instead of a panic.
    Internal = 790, "internal";
}

impl FhirError {
    /// Every error kind, for documentation and parity tests.
    pub const ALL: &'static [Kind] = Kind::ALL;

    pub(crate) fn new(kind: Kind, path: &str, message: impl Into<String>) -> FhirError {
        FhirError {
            code: kind.code(),
            kind: kind.kind(),
            path: path.to_string(),
            message: message.into(),
        }
    }

    /// The error as JSON: `{"code", "kind", "path", "message"}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "code": self.code,
            "kind": self.kind,
            "path": self.path,
            "message": self.message,
        })
    }
}

impl fmt::Display for FhirError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "fhir error {} ({}) at {}: {}",
            self.code, self.kind, self.path, self.message
        )
    }
}

impl std::error::Error for FhirError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_stable_and_apart_from_the_core() {
        for (i, a) in Kind::ALL.iter().enumerate() {
            assert_eq!(a.code() / 100, 7, "{a:?}");
            for b in &Kind::ALL[i + 1..] {
                assert_ne!(a.code(), b.code());
                assert_ne!(a.kind(), b.kind());
            }
            assert!(poh_core::Error::from_code(a.code()).is_none());
        }
        assert_eq!(Kind::NotJson.code(), 700);
        assert_eq!(Kind::Internal.kind(), "internal");
    }
}
