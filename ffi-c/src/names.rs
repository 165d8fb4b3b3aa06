//! The texts of the output and input enums, as the assessment JSON and the findings
//! schema write them (`"met"`, `"not_met"`, `"review"`, `"high"`, ...): static strings for
//! printing a card, with nothing to free. A value outside its enum gives `""` (never
//! NULL), so a `printf("%s", ...)` of a stray value prints nothing rather than crashing.
//! The tests compare every text with the core's.

use core::ffi::{c_char, CStr};

use crate::guard_ptr;

fn pick(v: u32, names: &[&'static CStr]) -> *const c_char {
    guard_ptr(|| {
        usize::try_from(v)
            .ok()
            .and_then(|i| names.get(i))
            .map_or(c"".as_ptr(), |s| s.as_ptr())
    })
}

const VERDICT: [&CStr; 3] = [c"unknown", c"met", c"not_met"];
const OVERALL: [&CStr; 3] = [c"indeterminate", c"met", c"not_met"];
const FLAG: [&CStr; 3] = [c"none", c"review", c"likely"];
const PRESENCE: [&CStr; 3] = [c"unknown", c"present", c"absent"];
const LAB: [&CStr; 4] = [c"unknown", c"low", c"normal", c"high"];
const SEX: [&CStr; 4] = [c"unknown", c"female", c"male", c"other"];
const GNAS_RESULT: [&CStr; 5] = [
    c"not_tested",
    c"pathogenic",
    c"likely_pathogenic",
    c"vus",
    c"negative",
];
const PARENT_OF_ORIGIN: [&CStr; 4] = [c"unknown", c"paternal", c"maternal", c"de_novo"];

/// The text of a `poh_verdict` (`"met"`, `"not_met"`, `"unknown"`); `""` for another value.
#[no_mangle]
pub extern "C" fn poh_verdict_str(verdict: u32) -> *const c_char {
    pick(verdict, &VERDICT)
}

/// The text of a `poh_overall` (`"met"`, `"not_met"`, `"indeterminate"`); `""` for
/// another value.
#[no_mangle]
pub extern "C" fn poh_overall_str(overall: u32) -> *const c_char {
    pick(overall, &OVERALL)
}

/// The text of a `poh_flag` (`"none"`, `"review"`, `"likely"`); `""` for another value.
#[no_mangle]
pub extern "C" fn poh_flag_str(flag: u32) -> *const c_char {
    pick(flag, &FLAG)
}

/// The text of a `poh_presence` (`"present"`, `"absent"`, `"unknown"`); `""` for another
/// value.
#[no_mangle]
pub extern "C" fn poh_presence_str(presence: u32) -> *const c_char {
    pick(presence, &PRESENCE)
}

/// The text of a `poh_lab` (`"low"`, `"normal"`, `"high"`, `"unknown"`); `""` for another
/// value.
#[no_mangle]
pub extern "C" fn poh_lab_str(lab: u32) -> *const c_char {
    pick(lab, &LAB)
}

/// The text of a `poh_sex` (`"female"`, `"male"`, `"other"`, `"unknown"`); `""` for
/// another value.
#[no_mangle]
pub extern "C" fn poh_sex_str(sex: u32) -> *const c_char {
    pick(sex, &SEX)
}

/// The text of a `poh_gnas_result` (`"pathogenic"`, ..., `"not_tested"`); `""` for
/// another value.
#[no_mangle]
pub extern "C" fn poh_gnas_result_str(result: u32) -> *const c_char {
    pick(result, &GNAS_RESULT)
}

/// The text of a `poh_parent_of_origin` (`"paternal"`, `"maternal"`, `"de_novo"`,
/// `"unknown"`); `""` for another value.
#[no_mangle]
pub extern "C" fn poh_parent_of_origin_str(origin: u32) -> *const c_char {
    pick(origin, &PARENT_OF_ORIGIN)
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::{poh_flag, poh_lab, poh_overall, poh_presence, poh_sex, poh_verdict};
    use poh_core::assessment::{Flag, Overall, Presence};
    use poh_core::kb::Verdict;

    fn s(p: *const c_char) -> &'static str {
        // SAFETY: every poh_*_str returns a static NUL-terminated string, never NULL.
        unsafe { CStr::from_ptr(p) }.to_str().unwrap()
    }

    #[test]
    fn texts_are_the_cores() {
        for (c, v) in [
            (poh_verdict::Unknown, Verdict::Unknown),
            (poh_verdict::Met, Verdict::Met),
            (poh_verdict::NotMet, Verdict::NotMet),
        ] {
            assert_eq!(s(poh_verdict_str(c as u32)), v.as_str());
        }
        for (c, v) in [
            (poh_overall::Indeterminate, Overall::Indeterminate),
            (poh_overall::Met, Overall::Met),
            (poh_overall::NotMet, Overall::NotMet),
        ] {
            assert_eq!(s(poh_overall_str(c as u32)), v.as_str());
        }
        for (c, v) in [
            (poh_flag::None, Flag::None),
            (poh_flag::Review, Flag::Review),
            (poh_flag::Likely, Flag::Likely),
        ] {
            assert_eq!(s(poh_flag_str(c as u32)), v.as_str());
        }
        for (c, v) in [
            (poh_presence::Unknown, Presence::Unknown),
            (poh_presence::Present, Presence::Present),
            (poh_presence::Absent, Presence::Absent),
        ] {
            assert_eq!(s(poh_presence_str(c as u32)), v.as_str());
        }
        // Input enums: their texts read back through the findings schema to the value.
        for v in 0..4u32 {
            let json = format!(
                r#"{{"sex": "{}", "labs": {{"pth": "{}"}}, "gnas": {{"result": "{}", "parent_of_origin": "{}"}}}}"#,
                s(poh_sex_str(v)),
                s(poh_lab_str(v)),
                s(poh_gnas_result_str(v)),
                s(poh_parent_of_origin_str(v))
            );
            let f = crate::poh_findings::from_core(
                &poh_core::json::findings_from_json(json.as_bytes()).unwrap(),
            );
            assert_eq!(u32::from(f.sex), v);
            assert_eq!(u32::from(f.labs.pth), v);
            assert_eq!(u32::from(f.gnas.result), v);
            assert_eq!(u32::from(f.gnas.parent_of_origin), v);
        }
        assert_eq!(s(poh_gnas_result_str(4)), "negative");
        let _ = (poh_lab::High, poh_sex::Other);
        for f in [
            poh_verdict_str,
            poh_flag_str,
            poh_lab_str,
            poh_gnas_result_str,
        ] {
            assert_eq!(s(f(99)), "");
            assert_eq!(s(f(u32::MAX)), "");
        }
    }
}
