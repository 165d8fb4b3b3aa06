//! One error type with stable numeric codes, mirrored by the C ABI (`poh_status`) and
//! Python (`poh.PohError`). Codes are grouped: 1xx input, 2xx knowledge and lookup,
//! 3xx capacity, 9xx internal. A verdict of "criteria not met" is a result, never an error.
//!
//! Codes x90 to x99 of every block are reserved for the bindings (the C ABI uses 199 for a
//! NULL argument and 999 for a caught panic); the core never hands them out (tested).

use core::fmt;

macro_rules! errors {
    ($( $(#[$doc:meta])* $name:ident = $code:literal, $kind:literal, $msg:literal; )*) => {
        /// Every failure of the core. `code()` and `kind()` are stable across releases.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Error { $( $(#[$doc])* $name, )* }

        impl Error {
            /// Every error, in code order (for parity tests and documentation).
            pub const ALL: &'static [Error] = &[$(Error::$name,)*];
            /// Stable numeric code.
            pub const fn code(self) -> u16 { match self { $(Error::$name => $code,)* } }
            /// Stable snake_case kind.
            pub const fn kind(self) -> &'static str { match self { $(Error::$name => $kind,)* } }
            /// Human-readable message (stable text).
            pub const fn message(self) -> &'static str { match self { $(Error::$name => $msg,)* } }
            /// The error with this code, if any.
            pub fn from_code(code: u16) -> Option<Error> {
                Error::ALL.iter().copied().find(|e| e.code() == code)
            }
        }
    };
}

errors! {
    /// The input is not well-formed JSON.
    MalformedJson = 100, "malformed_json", "input is not well-formed JSON";
    /// A value has the wrong JSON type (e.g. a string where a number is expected).
    WrongType = 101, "wrong_type", "a value has the wrong JSON type for its field";
    /// An object has a key the schema does not define.
    UnknownField = 102, "unknown_field", "an object has a key the schema does not define";
    /// An object repeats a key.
    DuplicateField = 103, "duplicate_field", "an object repeats a key";
    /// A string is not a well-formed HPO id (HP: followed by seven digits).
    InvalidHpoId = 104, "invalid_hpo_id", "a term id is not of the form HP:0000000";
    /// The same term is given as present and as excluded.
    PresentAndExcluded = 105, "present_and_excluded", "the same term is both present and excluded";
    /// Two findings contradict each other (a lab and its HPO term, or a term present under an excluded ancestor).
    ContradictoryFindings = 106, "contradictory_findings", "two findings contradict each other";
    /// A number is out of its documented range (ages 0 to 1800 months).
    OutOfRange = 107, "out_of_range", "a number is outside its documented range";
    /// The JSON nests deeper than MAX_JSON_DEPTH (12).
    TooDeep = 108, "too_deep", "the JSON nests deeper than the limit (12 levels)";
    /// The input is not valid UTF-8 or has an invalid escape.
    InvalidUtf8 = 109, "invalid_utf8", "the input is not valid UTF-8 or has an invalid string escape";
    /// Non-whitespace characters follow the JSON value.
    TrailingCharacters = 110, "trailing_characters", "characters follow the JSON value";
    /// The input is empty or only whitespace.
    EmptyInput = 111, "empty_input", "the input is empty";
    /// A string is not one of the values its field allows.
    UnknownValue = 112, "unknown_value", "a string is not one of the values its field allows";
    /// The JSON ends before the value is complete.
    TruncatedInput = 113, "truncated_input", "the input ends before the JSON value is complete";
    /// A modifier id is not a clinical-modifier term.
    InvalidModifier = 114, "invalid_modifier", "a modifier is not an HPO clinical modifier or onset term";
    /// The phenopacket is not usable (e.g. an unsupported age format).
    InvalidPhenopacket = 115, "invalid_phenopacket", "the phenopacket has a field poh cannot read (see the phenopacket documentation)";
    /// A required field is missing (e.g. a phenotype entry without `id`).
    MissingField = 116, "missing_field", "a required field is missing";
    /// A term id is well-formed but the knowledge base does not know it (lookups only).
    UnknownTerm = 200, "unknown_term", "the term is not in the knowledge base's HPO subset";
    /// An option names a table the knowledge base does not have.
    UnknownOption = 201, "unknown_option", "an option names a list the knowledge base does not have";
    /// More phenotype entries of terms the HPO subset knows than MAX_PHENOTYPES (64).
    TooManyPhenotypes = 300, "too_many_phenotypes", "more phenotype entries of known terms than the limit (64; terms outside the HPO subset do not count)";
    /// More modifiers on one entry than MAX_MODIFIERS (4).
    TooManyModifiers = 301, "too_many_modifiers", "more modifiers on one phenotype than the limit (4)";
    /// The output buffer is too small; the needed size is reported where the API allows.
    BufferTooSmall = 302, "buffer_too_small", "the output buffer is too small";
    /// The input is larger than MAX_INPUT_BYTES (65536).
    InputTooLarge = 303, "input_too_large", "the input is larger than the limit (65536 bytes)";
    /// A string in the input is longer than any valid value.
    StringTooLong = 304, "string_too_long", "a string is longer than any valid value";
    /// A bound that the tables guarantee was exceeded: a bug, reported instead of a panic.
    Internal = 900, "internal", "internal error (a bug): please report it";
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "poh error {} ({}): {}",
            self.code(),
            self.kind(),
            self.message()
        )
    }
}

/// So that `?` carries a poh error into `Box<dyn Error>`, `anyhow` and the like (issue 14).
impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_grouped() {
        for (i, a) in Error::ALL.iter().enumerate() {
            assert!(matches!(a.code() / 100, 1 | 2 | 3 | 9), "{a:?}");
            for b in &Error::ALL[i + 1..] {
                assert_ne!(a.code(), b.code());
                assert_ne!(a.kind(), b.kind());
            }
            assert_eq!(Error::from_code(a.code()), Some(*a));
            assert!(
                a.code() % 100 < 90,
                "{a:?}: x90-x99 are reserved for the bindings"
            );
        }
    }

    #[test]
    fn is_a_std_error() {
        let boxed: Box<dyn std::error::Error> = Box::new(Error::UnknownField);
        assert_eq!(boxed.to_string(), Error::UnknownField.to_string());
        assert!(boxed.source().is_none());
    }

    /// Every limit a message quotes is the one in limits.rs (the messages are literals, so
    /// that `message()` stays a `const fn` and the C tables static).
    #[test]
    fn messages_quote_the_limits() {
        use crate::limits::*;
        for (e, limit) in [
            (Error::TooManyPhenotypes, MAX_PHENOTYPES),
            (Error::TooManyModifiers, MAX_MODIFIERS),
            (Error::InputTooLarge, MAX_INPUT_BYTES),
            (Error::TooDeep, MAX_JSON_DEPTH),
        ] {
            assert!(
                e.message().contains(&format!("({limit}")),
                "{e:?}: {}",
                e.message()
            );
        }
        // No other message quotes a number in parentheses that limits.rs does not hold.
        for e in Error::ALL {
            let m = e.message();
            if let Some(i) = m.find('(') {
                let n: String = m[i + 1..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                if !n.is_empty() {
                    let n: usize = n.parse().unwrap();
                    assert!(
                        [
                            MAX_PHENOTYPES,
                            MAX_MODIFIERS,
                            MAX_INPUT_BYTES,
                            MAX_JSON_DEPTH
                        ]
                        .contains(&n),
                        "{e:?} quotes {n}"
                    );
                }
            }
        }
    }
}
