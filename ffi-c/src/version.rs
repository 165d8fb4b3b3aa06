//! Versions: of the ABI (the header's layout and signatures), the library, the knowledge
//! base and the HPO release.

use core::ffi::c_char;

use crate::cstr::cstr_table;

/// The ABI version this header describes. Compare it with `poh_abi_version()` at start-up:
/// a mismatch means the header and the linked library disagree on struct layouts or
/// signatures. It changes whenever either changes (tests/contract.rs pins the layouts).
/// ABI 2: output entries point to static knowledge-base records (`poh_disease_info`, ...)
/// instead of holding copies of their keys, texts and citations (ffi-c/README.md).
/// ABI 3: the differential holds nine entries (the eight modelled disorders and
/// `POHKB:OTHER`, "none of them"); `poh_summary` and `poh_assessment` gain `flag`.
/// ABI 4: `poh_findings` gains `treatment` (`poh_treatment`: active vitamin D) and
/// `options.pretest_per_million`, the two inputs of the open world that only JSON had;
/// the questionnaire session (`poh_session`) evaluates into a caller-held `poh_result`.
/// ABI 5: `poh_lab_test` and `poh_history_item` are numbered from 0x100 and 0x200 (a
/// swapped argument is `OUT_OF_RANGE`); `poh_findings_set_gnas` is replaced by
/// `poh_findings_set_gnas_result` and `poh_findings_set_parent_of_origin`; new:
/// `poh_error_detail`, `poh_explain_error`, `poh_error_details_available`, the `poh_*_str`
/// enum texts.
/// ABI 6: the questionnaire has 22 rows (`POH_MAX_QUESTIONS`: the seed rows and the
/// questionnaire's own question about hard grains in the skin), so `poh_session.replies`
/// and `poh_outcome.reason_hpo_ids` grew; the referral level is the alert flag's.
pub const POH_ABI_VERSION: u32 = 6;

cstr_table!(VERSIONS, VERSION_STRS, 3, |i| match i {
    0 => env!("CARGO_PKG_VERSION"),
    1 => poh_core::KB_VERSION,
    _ => poh_core::HPO_RELEASE,
});

/// The ABI version of the linked library (`POH_ABI_VERSION` of the header it was built with).
#[no_mangle]
pub extern "C" fn poh_abi_version() -> u32 {
    // Cannot panic; guarded anyway so that the rule "every entry point" has no exception.
    #[cfg(feature = "std")]
    return std::panic::catch_unwind(|| POH_ABI_VERSION).unwrap_or(0);
    #[cfg(not(feature = "std"))]
    POH_ABI_VERSION
}

/// The library version (`"0.1.0"`). Static, never NULL.
#[no_mangle]
pub extern "C" fn poh_version() -> *const c_char {
    crate::guard_ptr(|| VERSIONS.get(0))
}

/// The knowledge-base version, naming its sources (the `kb_version` of every assessment
/// JSON). Static, never NULL.
#[no_mangle]
pub extern "C" fn poh_kb_version() -> *const c_char {
    crate::guard_ptr(|| VERSIONS.get(1))
}

/// The HPO release the knowledge base was built from (`"2025-01-16"`). Static, never NULL.
#[no_mangle]
pub extern "C" fn poh_hpo_release() -> *const c_char {
    crate::guard_ptr(|| VERSIONS.get(2))
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_the_cores() {
        assert_eq!(VERSIONS.str_at(1), Some(poh_core::KB_VERSION));
        assert_eq!(VERSIONS.str_at(2), Some(poh_core::HPO_RELEASE));
    }
}
