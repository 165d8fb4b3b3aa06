//! `poh_status`: the core's error codes, number for number, plus the three the C boundary
//! adds. tests/contract.rs checks every core `Error` against this enum and against the
//! committed header.

use core::ffi::c_char;

use poh_core::Error;

use crate::cstr::cstr_table;

/// Result of every fallible entry point. `POH_STATUS_OK` (0) is success; every other
/// value is the stable code of a core error (1xx input, 2xx knowledge and lookup, 3xx
/// capacity, 9xx internal) or one of the three codes the C ABI adds:
/// `POH_STATUS_NOT_EVALUATED` (198), `POH_STATUS_NULL_ARGUMENT` (199) and
/// `POH_STATUS_PANIC` (999). `poh_status_str` and
/// `poh_status_kind` describe any value.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_status {
    /// Success.
    Ok = 0,
    /// The input is not well-formed JSON.
    MalformedJson = 100,
    /// A value has the wrong JSON type for its field.
    WrongType = 101,
    /// An object has a key the schema does not define.
    UnknownField = 102,
    /// An object repeats a key.
    DuplicateField = 103,
    /// A term id is not of the form HP:0000000 (or, in a struct, its number exceeds 9999999).
    InvalidHpoId = 104,
    /// The same term is given as present and as excluded.
    PresentAndExcluded = 105,
    /// Two findings contradict each other.
    ContradictoryFindings = 106,
    /// A number is outside its documented range (in structs and setters also: an enum or
    /// flag field holding a value its type does not define).
    OutOfRange = 107,
    /// The JSON nests deeper than the limit.
    TooDeep = 108,
    /// The input is not valid UTF-8 or has an invalid string escape.
    InvalidUtf8 = 109,
    /// Characters follow the JSON value.
    TrailingCharacters = 110,
    /// The input is empty.
    EmptyInput = 111,
    /// A string is not one of the values its field allows.
    UnknownValue = 112,
    /// The input ends before the JSON value is complete.
    TruncatedInput = 113,
    /// A modifier is not an HPO clinical modifier or onset term.
    InvalidModifier = 114,
    /// The phenopacket has a field poh cannot read.
    InvalidPhenopacket = 115,
    /// A required field is missing.
    MissingField = 116,
    /// A `poh_result` read before a successful `poh_evaluate_into` (zeroed, never
    /// evaluated into, or emptied by a failed evaluation). (C ABI only.)
    NotEvaluated = 198,
    /// A caller-provided pointer argument is NULL. (C ABI only.)
    NullArgument = 199,
    /// The term is not in the knowledge base's HPO subset.
    UnknownTerm = 200,
    /// An option names a list the knowledge base does not have.
    UnknownOption = 201,
    /// More phenotype entries than the limit (32).
    TooManyPhenotypes = 300,
    /// More modifiers on one phenotype than the limit (4).
    TooManyModifiers = 301,
    /// The output buffer is too small; the capacity needed is written to `*out_len`.
    BufferTooSmall = 302,
    /// The input is larger than the limit (65536 bytes).
    InputTooLarge = 303,
    /// A string is longer than any valid value.
    StringTooLong = 304,
    /// Internal error (a bug): please report it.
    Internal = 900,
    /// A Rust panic was caught at the C boundary (a bug): please report it. (C ABI only.)
    Panic = 999,
}

impl poh_status {
    /// The numeric code.
    pub const fn code(self) -> u32 {
        self as u32
    }

    /// The status for a core error. An error this enum does not list yet maps to
    /// `Internal`; the parity test fails until it is added.
    pub fn from_error(e: Error) -> poh_status {
        use poh_status as S;
        match e {
            Error::MalformedJson => S::MalformedJson,
            Error::WrongType => S::WrongType,
            Error::UnknownField => S::UnknownField,
            Error::DuplicateField => S::DuplicateField,
            Error::InvalidHpoId => S::InvalidHpoId,
            Error::PresentAndExcluded => S::PresentAndExcluded,
            Error::ContradictoryFindings => S::ContradictoryFindings,
            Error::OutOfRange => S::OutOfRange,
            Error::TooDeep => S::TooDeep,
            Error::InvalidUtf8 => S::InvalidUtf8,
            Error::TrailingCharacters => S::TrailingCharacters,
            Error::EmptyInput => S::EmptyInput,
            Error::UnknownValue => S::UnknownValue,
            Error::TruncatedInput => S::TruncatedInput,
            Error::InvalidModifier => S::InvalidModifier,
            Error::InvalidPhenopacket => S::InvalidPhenopacket,
            Error::MissingField => S::MissingField,
            Error::UnknownTerm => S::UnknownTerm,
            Error::UnknownOption => S::UnknownOption,
            Error::TooManyPhenotypes => S::TooManyPhenotypes,
            Error::TooManyModifiers => S::TooManyModifiers,
            Error::BufferTooSmall => S::BufferTooSmall,
            Error::InputTooLarge => S::InputTooLarge,
            Error::StringTooLong => S::StringTooLong,
            Error::Internal => S::Internal,
            _ => S::Internal,
        }
    }

    /// Every status, in code order (for tests).
    pub const ALL: &'static [poh_status] = {
        use poh_status as S;
        &[
            S::Ok,
            S::MalformedJson,
            S::WrongType,
            S::UnknownField,
            S::DuplicateField,
            S::InvalidHpoId,
            S::PresentAndExcluded,
            S::ContradictoryFindings,
            S::OutOfRange,
            S::TooDeep,
            S::InvalidUtf8,
            S::TrailingCharacters,
            S::EmptyInput,
            S::UnknownValue,
            S::TruncatedInput,
            S::InvalidModifier,
            S::InvalidPhenopacket,
            S::MissingField,
            S::NotEvaluated,
            S::NullArgument,
            S::UnknownTerm,
            S::UnknownOption,
            S::TooManyPhenotypes,
            S::TooManyModifiers,
            S::BufferTooSmall,
            S::InputTooLarge,
            S::StringTooLong,
            S::Internal,
            S::Panic,
        ]
    };
}

impl From<Error> for poh_status {
    fn from(e: Error) -> poh_status {
        poh_status::from_error(e)
    }
}

const ERROR_COUNT: usize = Error::ALL.len();

cstr_table!(ERROR_MESSAGES, ERROR_MESSAGE_STRS, ERROR_COUNT, |i| {
    Error::ALL[i].message()
});
cstr_table!(ERROR_KINDS, ERROR_KIND_STRS, ERROR_COUNT, |i| Error::ALL[i]
    .kind());

const NOT_EVALUATED: u32 = poh_status::NotEvaluated.code();
const NULL_ARGUMENT: u32 = poh_status::NullArgument.code();
const PANIC: u32 = poh_status::Panic.code();

fn core_index(code: u32) -> Option<usize> {
    let code = u16::try_from(code).ok()?;
    Error::ALL.iter().position(|e| e.code() == code)
}

/// Static English text for a status code (any value; unknown codes get a generic text).
/// Never NULL; the string lives as long as the program.
#[no_mangle]
pub extern "C" fn poh_status_str(status: u32) -> *const c_char {
    crate::guard_ptr(|| {
        match status {
        0 => c"success".as_ptr(),
        NOT_EVALUATED => {
            c"the result holds no assessment: it was never evaluated into, or its last evaluation failed"
                .as_ptr()
        }
        NULL_ARGUMENT => c"a required pointer argument is NULL".as_ptr(),
        PANIC => c"internal error: a panic was caught at the C boundary (a bug): please report it"
            .as_ptr(),
        _ => match core_index(status) {
            Some(i) => ERROR_MESSAGES.get(i),
            None => c"unknown status code".as_ptr(),
        },
    }
    })
}

/// Static stable snake_case kind for a status code (`"ok"`, `"not_evaluated"`,
/// `"null_argument"`, `"panic"`,
/// or the core error's kind such as `"malformed_json"`); `"unknown"` for other values.
/// Never NULL.
#[no_mangle]
pub extern "C" fn poh_status_kind(status: u32) -> *const c_char {
    crate::guard_ptr(|| match status {
        0 => c"ok".as_ptr(),
        NOT_EVALUATED => c"not_evaluated".as_ptr(),
        NULL_ARGUMENT => c"null_argument".as_ptr(),
        PANIC => c"panic".as_ptr(),
        _ => match core_index(status) {
            Some(i) => ERROR_KINDS.get(i),
            None => c"unknown".as_ptr(),
        },
    })
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn tables_match_core() {
        for (i, e) in Error::ALL.iter().enumerate() {
            assert_eq!(ERROR_MESSAGES.str_at(i), Some(e.message()));
            assert_eq!(ERROR_KINDS.str_at(i), Some(e.kind()));
        }
    }
}
