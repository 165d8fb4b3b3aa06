//! Where and what: the detail of an input error, beside its [`Error`].
//!
//! The readers return a bare [`Error`] (a stable code): the success path pays nothing for
//! details. When a reader fails, [`findings_json`] or [`phenopacket_json`] explain the
//! failure: they walk the same input again with the schema in hand and fill a [`Detail`]
//! with
//!
//! * the location: a path (`phenotypes[3].modifiers[1]`, `labs.pth`, `age_months`; the
//!   empty path is the document itself) and the byte offset into the input;
//! * the offending value, shortened to [`MAX_DETAIL_VALUE`] bytes with a closing `…` that
//!   says it was shortened;
//! * the allowed values of a vocabulary (sex, GNAS result, lab values, an object's keys);
//! * a hint where one is certain: the field meant (`age_years`: `age_months`, in months),
//!   the HPO id of a label the knowledge base knows, "this is a phenopacket", ...
//!
//! A `Detail` is fixed-size plain data (no heap), so every binding can hold one: the C ABI
//! copies it into `poh_error_detail`, Python into `PohError.path`, `.offset`, `.allowed`,
//! `.hint`. Its [`Display`](core::fmt::Display) is the one message, said once:
//!
//! ```text
//! an object has a key the schema does not define at age_years (byte 1); allowed: age_months,
//! sex, ...; hint: did you mean age_months? (the age in whole months: years x 12)
//! ```
//!
//! The walk finds the first place in the document where the error the reader reported
//! occurs (the readers stop at the first error of any kind, so that is where the reader
//! stopped). An error the walk cannot place (it should not happen; the catalog tests
//! check every case) keeps its code and message with no location.
//!
//! ```
//! use poh_core::{detail, json, Error};
//! let input = br#"{"age_years": 4}"#;
//! let e = json::findings_from_json(input).unwrap_err();
//! let d = detail::findings_json(input, e);
//! assert_eq!((d.error(), d.path(), d.offset()), (Error::UnknownField, Some("age_years"), Some(1)));
//! assert!(d.hint().unwrap().contains("age_months"));
//! ```

use core::fmt::{self, Write};

use heapless::String;

use crate::error::Error;
use crate::limits::{MAX_DETAIL_HINT, MAX_DETAIL_PATH, MAX_DETAIL_VALUE};

/// The detail of one input error: where and what. Built by [`findings_json`] and
/// [`phenopacket_json`]; `From<Error>` gives a detail with nothing but the error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    error: Error,
    located: bool,
    path: String<MAX_DETAIL_PATH>,
    offset: Option<u32>,
    value: Option<String<MAX_DETAIL_VALUE>>,
    quoted: bool,
    shortened: bool,
    allowed: &'static [&'static str],
    hint: String<MAX_DETAIL_HINT>,
}

impl From<Error> for Detail {
    fn from(error: Error) -> Detail {
        Detail {
            error,
            located: false,
            path: String::new(),
            offset: None,
            value: None,
            quoted: false,
            shortened: false,
            allowed: &[],
            hint: String::new(),
        }
    }
}

/// Append `s` to `out`, cut at a character boundary with a closing `…` when it does not
/// fit. Returns whether it was cut.
pub(crate) fn push_shortened<const N: usize>(out: &mut String<N>, s: &str) -> bool {
    if out.push_str(s).is_ok() {
        return false;
    }
    let room = N.saturating_sub(out.len()).saturating_sub('…'.len_utf8());
    let mut cut = room.min(s.len());
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    let _ = out.push_str(s.get(..cut).unwrap_or(""));
    let _ = out.push('…');
    true
}

impl Detail {
    /// The error.
    pub fn error(&self) -> Error {
        self.error
    }

    /// The location as a path (`phenotypes[3].modifiers[1]`, `labs.pth`; `""` for the
    /// document itself), or `None` where the error has no place in the document (a
    /// syntax error has only an offset; an input over the size limit has neither).
    pub fn path(&self) -> Option<&str> {
        self.located.then_some(self.path.as_str())
    }

    /// The byte offset into the input where the offending key or value starts.
    pub fn offset(&self) -> Option<usize> {
        self.offset.map(|o| o as usize)
    }

    /// The offending value (its text; a string without its quotes), shortened to
    /// [`MAX_DETAIL_VALUE`] bytes ending in `…` ([`Detail::value_shortened`]).
    pub fn value(&self) -> Option<&str> {
        self.value.as_ref().map(|v| v.as_str())
    }

    /// Whether [`Detail::value`] was shortened (it then ends in `…`).
    pub fn value_shortened(&self) -> bool {
        self.shortened
    }

    /// The values the field allows (a vocabulary, or an object's keys), if it has a list.
    pub fn allowed(&self) -> Option<&'static [&'static str]> {
        (!self.allowed.is_empty()).then_some(self.allowed)
    }

    /// What was probably meant, where that is certain.
    pub fn hint(&self) -> Option<&str> {
        (!self.hint.is_empty()).then_some(self.hint.as_str())
    }

    pub(crate) fn at(error: Error, path: &str, offset: usize) -> Detail {
        let mut d = Detail::from(error);
        d.located = true;
        push_shortened(&mut d.path, path);
        d.offset = u32::try_from(offset).ok();
        d
    }

    pub(crate) fn at_offset(error: Error, offset: usize) -> Detail {
        let mut d = Detail::from(error);
        d.offset = u32::try_from(offset).ok();
        d
    }

    pub(crate) fn with_value(mut self, value: &str, quoted: bool) -> Detail {
        let mut v = String::new();
        self.shortened = push_shortened(&mut v, value);
        self.value = Some(v);
        self.quoted = quoted;
        self
    }

    pub(crate) fn with_allowed(mut self, allowed: &'static [&'static str]) -> Detail {
        self.allowed = allowed;
        self
    }

    pub(crate) fn hint_mut(&mut self) -> &mut String<MAX_DETAIL_HINT> {
        &mut self.hint
    }

    /// The last segment of the path (the key, or `[n]`).
    fn last_segment(&self) -> &str {
        let p = self.path.as_str();
        let cut = p.rfind(['.', '[']).map_or(0, |i| {
            if p.as_bytes().get(i) == Some(&b'.') {
                i + 1
            } else {
                i
            }
        });
        p.get(cut..).unwrap_or(p)
    }
}

/// The one message: the error's text, the location, the value (unless the path already
/// names it: an unknown key's path ends in the key), the allowed values, the hint. Code
/// and kind are not repeated here: each binding shows them once, as its own fields.
impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.error.message())?;
        match (self.path(), self.offset) {
            (Some(""), Some(o)) => write!(f, " at the top level (byte {o})")?,
            (Some(""), None) => f.write_str(" at the top level")?,
            (Some(p), Some(o)) => write!(f, " at {p} (byte {o})")?,
            (Some(p), None) => write!(f, " at {p}")?,
            (None, Some(o)) => write!(f, " at byte {o}")?,
            (None, None) => {}
        }
        if let Some(v) = self.value() {
            if !(self.quoted && self.located && v == self.last_segment()) {
                if self.quoted {
                    write!(f, ": \"{v}\"")?;
                } else {
                    write!(f, ": {v}")?;
                }
            }
        }
        if let Some(a) = self.allowed() {
            f.write_str("; allowed: ")?;
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                f.write_str(v)?;
            }
        }
        if let Some(h) = self.hint() {
            write!(f, "; hint: {h}")?;
        }
        Ok(())
    }
}

/// Write `args` into a detail's hint (cut with `…` if it does not fit).
pub(crate) fn set_hint(d: &mut Detail, args: fmt::Arguments<'_>) {
    let h = d.hint_mut();
    h.clear();
    if h.write_fmt(args).is_err() {
        while h.len() + '…'.len_utf8() > MAX_DETAIL_HINT {
            h.pop();
        }
        let _ = h.push('…');
    }
}

/// Explain `error`, returned by the findings JSON reader (`json::parse_findings`,
/// `json::evaluate_json` and the bindings' findings entry points) for `input`.
pub fn findings_json(input: &[u8], error: Error) -> Detail {
    crate::json::locate::explain(input, error, crate::json::locate::Document::Findings)
}

/// Explain `error`, returned by the phenopacket reader (`phenopacket::parse_phenopacket`,
/// `phenopacket::evaluate_phenopacket_json`, ...) for `input`.
pub fn phenopacket_json(input: &[u8], error: Error) -> Detail {
    crate::json::locate::explain(input, error, crate::json::locate::Document::Phenopacket)
}

/// Explain `error` of a JSON reader whose schema the walk does not know (counseling,
/// questionnaire): the syntax errors' offsets, nothing more.
pub fn json_syntax(input: &[u8], error: Error) -> Detail {
    crate::json::locate::explain(input, error, crate::json::locate::Document::Other)
}
