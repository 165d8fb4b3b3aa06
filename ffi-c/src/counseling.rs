//! Inheritance counseling: the chance that each child inherits a GNAS variant and the
//! expected condition by the transmitting parent's sex, with the statements that apply
//! (each cited). As a struct (`poh_counsel`) and as JSON (`poh_counsel_json`).

use core::ffi::c_char;
use core::mem::MaybeUninit;

use poh_core::counseling::{counsel, counsel_json_len, Answer, Condition, Expected, Query};
use poh_core::Error;

use crate::assessment::POH_MAX_STATEMENTS;
use crate::cstr::cstr_table;
use crate::findings::{gnas_result, origin, sex};
use crate::info::{poh_statement_info, STATEMENT_INFO};
use crate::slot::{clear, field, out_slot, slots};
use crate::{guard, non_null, poh_status};

cstr_table!(EXPECTED_KEYS, EXPECTED_KEY_STRS, 3, |i| match i {
    0 => Expected::DependsOnSex.as_str(),
    1 => Expected::MaternalPhp1aOr1c.as_str(),
    _ => Expected::PaternalPphpPohOc.as_str(),
});

/// The person's condition, as far as it is known.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_condition {
    /// Not stated (the default).
    Unknown = 0,
    /// Progressive osseous heteroplasia.
    Poh = 1,
    /// Pseudopseudohypoparathyroidism.
    Pphp = 2,
    /// GNAS osteoma cutis.
    OsteomaCutis = 3,
    /// PHP type 1A.
    Php1a = 4,
    /// PHP type 1B.
    Php1b = 5,
    /// PHP type 1C.
    Php1c = 6,
    /// Unaffected carrier of a GNAS variant.
    Carrier = 7,
}

/// The expected condition in a child who inherits the variant.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum poh_expected {
    /// Depends on the transmitting parent's sex, which is not given.
    DependsOnTransmittingParent = 0,
    /// A maternal allele: PHP1A or PHP1C.
    Php1aOrPhp1c = 1,
    /// A paternal allele: the PPHP / POH / osteoma cutis spectrum.
    PphpPohOrOsteomaCutis = 2,
}

/// A counseling question. Zero everywhere is "nothing known".
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct poh_counsel_query {
    /// The person's condition (`poh_condition`).
    pub condition: u8,
    /// The person's sex, i.e. the sex of the parent who would transmit (`poh_sex`).
    pub sex: u8,
    /// The person's GNAS result (`poh_gnas_result`).
    pub gnas_result: u8,
    /// How the person got the variant (`poh_parent_of_origin`).
    pub parent_of_origin: u8,
}

/// The answer to a counseling question.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct poh_counsel_answer {
    /// The person's variant status is established, so `inherit_percent` holds the chance.
    pub inherit_known: bool,
    /// Chance that each child inherits the variant, in percent (0 when not known).
    pub inherit_percent: u32,
    /// Expected condition in a child who inherits it.
    pub expected: poh_expected,
    /// `expected` as its stable key (`"php1a_or_php1c"`, ...).
    pub expected_key: *const c_char,
    /// Entries in use in `statements`.
    pub statement_count: u32,
    /// The statements that apply (static records: key, text, sources), in table order;
    /// entries past `statement_count` are NULL.
    pub statements: [*const poh_statement_info; POH_MAX_STATEMENTS],
}

fn condition(v: u8) -> Result<Condition, Error> {
    Ok(match v {
        0 => Condition::Unknown,
        1 => Condition::Poh,
        2 => Condition::Pphp,
        3 => Condition::OsteomaCutis,
        4 => Condition::Php1a,
        5 => Condition::Php1b,
        6 => Condition::Php1c,
        7 => Condition::Carrier,
        _ => return Err(Error::OutOfRange),
    })
}

impl poh_counsel_answer {
    /// Write the translation of the core's answer into `out`, field by field (entries past
    /// `statement_count` are zero).
    /// Write the answer of `a`, or when it is `None` the empty answer (nothing known, no
    /// statement) in one store of a constant.
    pub(crate) fn write_opt(out: &mut MaybeUninit<poh_counsel_answer>, a: Option<&Answer>) {
        match a {
            Some(a) => Self::write(out, a),
            None => {
                out.write(NO_ANSWER);
            }
        }
    }

    pub(crate) fn write(out: &mut MaybeUninit<poh_counsel_answer>, a: &Answer) {
        let (expected, key) = match a.expected {
            Expected::DependsOnSex => (poh_expected::DependsOnTransmittingParent, 0),
            Expected::MaternalPhp1aOr1c => (poh_expected::Php1aOrPhp1c, 1),
            Expected::PaternalPphpPohOc => (poh_expected::PphpPohOrOsteomaCutis, 2),
        };
        field!(out, inherit_known).write(a.inherit_percent.is_some());
        field!(out, inherit_percent).write(u32::from(a.inherit_percent.unwrap_or(0)));
        field!(out, expected).write(expected);
        field!(out, expected_key).write(EXPECTED_KEYS.get(key));
        let statements = slots(field!(out, statements));
        let mut used = 0usize;
        for (i, on) in a.statements.iter().enumerate() {
            if !*on {
                continue;
            }
            if let (Some(slot), Some(info)) = (statements.get_mut(used), STATEMENT_INFO.0.get(i)) {
                slot.write(info);
                used += 1;
            }
        }
        clear(
            statements.get_mut(used..).unwrap_or_default(),
            core::ptr::null(),
        );
        field!(out, statement_count).write(u32::try_from(used).unwrap_or(0));
    }
}

/// The empty answer: what `write` gives for nothing known and no statement.
const NO_ANSWER: poh_counsel_answer = poh_counsel_answer {
    inherit_known: false,
    inherit_percent: 0,
    expected: poh_expected::DependsOnTransmittingParent,
    expected_key: EXPECTED_KEYS.get(0),
    statement_count: 0,
    statements: [core::ptr::null(); POH_MAX_STATEMENTS],
};

/// Answer a counseling question. Errors: `OUT_OF_RANGE` (a field holds a value its type
/// does not define), `NULL_ARGUMENT`. `*out` is written only on success.
///
/// # Safety
/// `query` must point to a valid `poh_counsel_query`; `out` to writable memory for one
/// `poh_counsel_answer`.
#[no_mangle]
pub unsafe extern "C" fn poh_counsel(
    query: *const poh_counsel_query,
    out: *mut poh_counsel_answer,
) -> poh_status {
    guard(|| {
        non_null(query)?;
        non_null(out)?;
        // SAFETY: non-NULL and valid per the caller's contract; integers only.
        let q = unsafe { query.read() };
        let q = Query {
            condition: condition(q.condition)?,
            sex: sex(q.sex)?,
            gnas: gnas_result(q.gnas_result)?,
            parent_of_origin: origin(q.parent_of_origin)?,
        };
        let a = counsel(&q)?;
        // SAFETY: non-NULL, writable for one poh_counsel_answer and exclusively ours for
        // this call (the caller's contract); written only now, on success.
        poh_counsel_answer::write(unsafe { out_slot(out) }, &a);
        Ok(())
    })
}

/// Answer a counseling question given as JSON (`{"condition": "poh", "sex": "female",
/// "gnas": "pathogenic", "parent_of_origin": "de_novo"}`, every field optional) with the
/// answer JSON. Buffer convention and input errors as `poh_evaluate_json`.
///
/// # Safety
/// As `poh_evaluate_json`.
#[no_mangle]
pub unsafe extern "C" fn poh_counsel_json(
    input: *const c_char,
    input_len: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> poh_status {
    // SAFETY: per the caller's contract (as poh_evaluate_json).
    guard(|| unsafe {
        crate::json::render_into(counsel_json_len, input, input_len, out, out_cap, out_len)
    })
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use poh_core::kb::generated::COUNSEL_COUNT;

    #[test]
    fn the_empty_answer_is_what_write_gives_for_nothing() {
        let nothing = Answer {
            inherit_percent: None,
            expected: Expected::DependsOnSex,
            statements: [false; COUNSEL_COUNT],
        };
        let mut m = MaybeUninit::<poh_counsel_answer>::uninit();
        poh_counsel_answer::write(&mut m, &nothing);
        // SAFETY: write writes every field.
        let a = unsafe { m.assume_init() };
        assert_eq!(
            (
                a.inherit_known,
                a.inherit_percent,
                a.expected,
                a.expected_key
            ),
            (
                NO_ANSWER.inherit_known,
                NO_ANSWER.inherit_percent,
                NO_ANSWER.expected,
                NO_ANSWER.expected_key
            )
        );
        assert_eq!(a.statement_count, NO_ANSWER.statement_count);
        assert_eq!(a.statements, NO_ANSWER.statements);
    }
}
