/*
 * poh.h: the C ABI of poh, clinical decision support for progressive osseous
 * heteroplasia (POH) and its GNAS-related differentials. Decision support, not a
 * diagnosis: verdicts state how the findings given stand against published criteria.
 *
 * Conventions (every function follows them; see ffi-c/README.md):
 *
 * - Status. Every fallible function returns a poh_status. POH_STATUS_OK is 0. Every
 *   other value is a stable code: the core's error codes, number for number (1xx input,
 *   2xx knowledge and lookup, 3xx capacity, 9xx internal), plus three the C ABI adds:
 *   POH_STATUS_NOT_EVALUATED (198), POH_STATUS_NULL_ARGUMENT (199) and POH_STATUS_PANIC
 *   (999, a bug). poh_status_str()
 *   and poh_status_kind() give static text for any value. A verdict of "criteria not met"
 *   is a result, never an error.
 * - Outputs are the trailing out-parameters, written only on success. The exceptions:
 *   POH_STATUS_BUFFER_TOO_SMALL writes the capacity needed to *out_len and empties the
 *   text buffer (below); a failed poh_evaluate_into empties its poh_result (its
 *   accessors then say POH_STATUS_NOT_EVALUATED); after POH_STATUS_INTERNAL or
 *   POH_STATUS_PANIC (both bugs) the content of the outputs is unspecified.
 * - Text buffers (char *out, size_t out_cap, size_t *out_len): the text is written with a
 *   terminating NUL; on success *out_len is its length without the NUL. If out_cap is
 *   less than length + 1, POH_STATUS_BUFFER_TOO_SMALL is returned, *out_len is the
 *   capacity needed and the out_cap bytes of out are set to NUL: out holds the empty
 *   string, never a truncated document (each document is rendered once, straight into
 *   out). out may be NULL only when out_cap is 0 (a size query). On any other error out
 *   is untouched.
 * - Memory. The caller allocates every struct and buffer (on the stack is fine); the
 *   library allocates nothing for the caller, so there is nothing to free. Every pointer
 *   it returns or stores in a struct (strings, knowledge-base records such as
 *   poh_disease_info, citation lists) points to static, immutable data that lives as long
 *   as the program.
 * - Input strings: JSON documents are (pointer, length) and need no NUL; ids, labels and
 *   keys are NUL-terminated and at most POH_MAX_STRING_ARG bytes long.
 * - Every pointer argument is checked: NULL gives POH_STATUS_NULL_ARGUMENT. No panic
 *   crosses the boundary (POH_STATUS_PANIC instead). No state is shared between threads:
 *   every function is thread-safe and reentrant (poh_evaluate keeps a per-thread scratch
 *   area that no result depends on).
 * - Structs. Input structs (poh_findings, poh_counsel_query) hold only integers; zero
 *   means "unknown" everywhere, so `poh_findings f = {0};` equals poh_findings_init(&f),
 *   and an unassessed finding is never read as absent. Enum-valued fields are uint8_t
 *   holding the values of the named enum; a value outside it is POH_STATUS_OUT_OF_RANGE.
 * - Output entries point to static knowledge-base records (criteria[i].info->key,
 *   differential[i].info->name, ...) rather than copying keys, texts and citations.
 *   poh_cites lists are NULL-terminated: ids[count] is NULL.
 * - Two ways to the assessment of a poh_findings: poh_evaluate fills the plain struct
 *   poh_assessment (every field, read directly); poh_evaluate_into keeps the core's
 *   assessment whole in a caller-allocated poh_result (zero it before first use; not yet
 *   evaluated, it reads as POH_STATUS_NOT_EVALUATED), read through the poh_result_*
 *   accessors, which return the same entry structs: for hot paths, and its JSON needs no
 *   second evaluation.
 * - Bare metal (Cortex-M, docs/EMBEDDING.md): the same header; libpoh.a built without
 *   the `std` feature needs no allocator and no thread-local storage, and panics abort:
 *   the firmware must define `void poh_panic_handler(void)`, which must not return (a
 *   panic is a bug; POH_STATUS_PANIC is never returned there). poh_evaluate and
 *   poh_assessment_to_json then evaluate on the caller's stack (about 6.9 KiB more);
 *   poh_evaluate_into with the caller's poh_result needs no scratch area at all, and the
 *   poh_session_* functions evaluate into the caller's poh_result (their `work`).
 * - Error details. After an input error of a JSON or phenopacket entry point,
 *   poh_explain_error(reader, input, input_len, status, &detail) fills a caller-allocated
 *   poh_error_detail with where and what: the path (phenotypes[3].modifiers[1],
 *   labs.pth) and byte offset, the offending value, the allowed values, a hint where one
 *   is certain, and the one message naming them. It allocates nothing and keeps no
 *   state; nothing is computed on the success path.
 * - Enum arguments are checked: a value outside its enum is POH_STATUS_OUT_OF_RANGE. The
 *   selector enums (poh_lab_test from 0x100, poh_history_item from 0x200) are numbered
 *   apart from the value enums, so arguments in the wrong order are refused, never a
 *   silent OK. poh_verdict_str(), poh_flag_str(), ... give each enum value's text.
 * - Check poh_abi_version() == POH_ABI_VERSION at start-up. This is ABI 6
 *   (ffi-c/README.md lists what changed from ABI 1, 2, 3, 4 and 5).
 */


#ifndef POH_H
#define POH_H

/* Generated by cbindgen from ffi-c/src (see ffi-c/cbindgen.toml). DO NOT EDIT. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * The three major POH criteria.
 */
#define POH_CRITERIA_COUNT 3

/**
 * The six supporting findings.
 */
#define POH_SUPPORTING_COUNT 6

/**
 * Entries of the differential (every one is ranked): the eight modelled disorders and
 * "none of them" (`POHKB:OTHER`, likelihood ratio 1).
 */
#define POH_DISEASE_COUNT 9

/**
 * Next steps listed at most.
 */
#define POH_MAX_NEXT_STEPS 16

/**
 * Explanation items at most (one per term group a criterion reads).
 */
#define POH_MAX_EXPLANATION 12

/**
 * Management and prognosis notes at most (`note_count` never exceeds it).
 */
#define POH_MAX_NOTES 8

/**
 * Counseling statements at most.
 */
#define POH_MAX_STATEMENTS 12

/**
 * Bytes of `poh_error_detail.path`, with its NUL.
 */
#define POH_DETAIL_PATH_SIZE 65

/**
 * Bytes of `poh_error_detail.value`, with its NUL.
 */
#define POH_DETAIL_VALUE_SIZE 49

/**
 * Bytes of `poh_error_detail.allowed`, with its NUL.
 */
#define POH_DETAIL_ALLOWED_SIZE 161

/**
 * Bytes of `poh_error_detail.hint`, with its NUL.
 */
#define POH_DETAIL_HINT_SIZE 161

/**
 * Bytes of `poh_error_detail.message`, with its NUL.
 */
#define POH_DETAIL_MESSAGE_SIZE 577

/**
 * Phenotype entries in one `poh_findings` (present and excluded together; entries of ids
 * outside the knowledge base's HPO subset count here, since the struct holds them, but
 * not against the core's capacity of recognized terms). The JSON entry points take any
 * number.
 */
#define POH_MAX_PHENOTYPES 32

/**
 * Modifiers on one phenotype entry.
 */
#define POH_MAX_MODIFIERS 4

/**
 * Largest age or onset, in months (150 years).
 */
#define POH_MAX_AGE_MONTHS 1800

/**
 * Largest HPO id number (`HP:9999999`).
 */
#define POH_MAX_HPO_NUMBER 9999999

/**
 * Longest C string argument read, in bytes before the NUL; a longer (or unterminated)
 * string is `POH_STATUS_STRING_TOO_LONG`, and nothing past it is read.
 */
#define POH_MAX_STRING_ARG 1024

/**
 * Citations on one item at most.
 */
#define POH_MAX_CITES 8

/**
 * Rows of the questionnaire table: one reply slot per row in `poh_session.replies`
 * (only rows that have a question are ever asked).
 */
#define POH_MAX_QUESTIONS 22

/**
 * Size of a `poh_result` in 64-bit words (8 KiB; the core's assessment needs 6.8 KiB on
 * 64-bit targets with 64 recognized phenotype entries, checked at compile time, so it may
 * grow a little within this ABI).
 */
#define POH_RESULT_WORDS 1024

/**
 * Capacity for an HPO id as text: `"HP:0001234"` and its NUL.
 */
#define POH_HPO_ID_CAP 11

/**
 * The ABI version this header describes. Compare it with `poh_abi_version()` at start-up:
 * a mismatch means the header and the linked library disagree on struct layouts or
 * signatures. It changes whenever either changes (tests/contract.rs pins the layouts).
 * ABI 2: output entries point to static knowledge-base records (`poh_disease_info`, ...)
 * instead of holding copies of their keys, texts and citations (ffi-c/README.md).
 * ABI 3: the differential holds nine entries (the eight modelled disorders and
 * `POHKB:OTHER`, "none of them"); `poh_summary` and `poh_assessment` gain `flag`.
 * ABI 4: `poh_findings` gains `treatment` (`poh_treatment`: active vitamin D) and
 * `options.pretest_per_million`, the two inputs of the open world that only JSON had;
 * the questionnaire session (`poh_session`) evaluates into a caller-held `poh_result`.
 * ABI 5: `poh_lab_test` and `poh_history_item` are numbered from 0x100 and 0x200 (a
 * swapped argument is `OUT_OF_RANGE`); `poh_findings_set_gnas` is replaced by
 * `poh_findings_set_gnas_result` and `poh_findings_set_parent_of_origin`; new:
 * `poh_error_detail`, `poh_explain_error`, `poh_error_details_available`, the `poh_*_str`
 * enum texts.
 * ABI 6: the questionnaire has 22 rows (`POH_MAX_QUESTIONS`: the seed rows and the
 * questionnaire's own question about hard grains in the skin), so `poh_session.replies`
 * and `poh_outcome.reason_hpo_ids` grew; the referral level is the alert flag's.
 */
#define POH_ABI_VERSION 6

/**
 * Result of every fallible entry point. `POH_STATUS_OK` (0) is success; every other
 * value is the stable code of a core error (1xx input, 2xx knowledge and lookup, 3xx
 * capacity, 9xx internal) or one of the three codes the C ABI adds:
 * `POH_STATUS_NOT_EVALUATED` (198), `POH_STATUS_NULL_ARGUMENT` (199) and
 * `POH_STATUS_PANIC` (999). `poh_status_str` and
 * `poh_status_kind` describe any value.
 */
enum poh_status
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Success.
     */
    POH_STATUS_OK = 0,
    /**
     * The input is not well-formed JSON.
     */
    POH_STATUS_MALFORMED_JSON = 100,
    /**
     * A value has the wrong JSON type for its field.
     */
    POH_STATUS_WRONG_TYPE = 101,
    /**
     * An object has a key the schema does not define.
     */
    POH_STATUS_UNKNOWN_FIELD = 102,
    /**
     * An object repeats a key.
     */
    POH_STATUS_DUPLICATE_FIELD = 103,
    /**
     * A term id is not of the form HP:0000000 (or, in a struct, its number exceeds 9999999).
     */
    POH_STATUS_INVALID_HPO_ID = 104,
    /**
     * The same term is given as present and as excluded.
     */
    POH_STATUS_PRESENT_AND_EXCLUDED = 105,
    /**
     * Two findings contradict each other.
     */
    POH_STATUS_CONTRADICTORY_FINDINGS = 106,
    /**
     * A number is outside its documented range (in structs and setters also: an enum or
     * flag field holding a value its type does not define).
     */
    POH_STATUS_OUT_OF_RANGE = 107,
    /**
     * The JSON nests deeper than the limit.
     */
    POH_STATUS_TOO_DEEP = 108,
    /**
     * The input is not valid UTF-8 or has an invalid string escape.
     */
    POH_STATUS_INVALID_UTF8 = 109,
    /**
     * Characters follow the JSON value.
     */
    POH_STATUS_TRAILING_CHARACTERS = 110,
    /**
     * The input is empty.
     */
    POH_STATUS_EMPTY_INPUT = 111,
    /**
     * A string is not one of the values its field allows.
     */
    POH_STATUS_UNKNOWN_VALUE = 112,
    /**
     * The input ends before the JSON value is complete.
     */
    POH_STATUS_TRUNCATED_INPUT = 113,
    /**
     * A modifier is not an HPO clinical modifier or onset term.
     */
    POH_STATUS_INVALID_MODIFIER = 114,
    /**
     * The phenopacket has a field poh cannot read.
     */
    POH_STATUS_INVALID_PHENOPACKET = 115,
    /**
     * A required field is missing.
     */
    POH_STATUS_MISSING_FIELD = 116,
    /**
     * A `poh_result` read before a successful `poh_evaluate_into` (zeroed, never
     * evaluated into, or emptied by a failed evaluation). (C ABI only.)
     */
    POH_STATUS_NOT_EVALUATED = 198,
    /**
     * A caller-provided pointer argument is NULL. (C ABI only.)
     */
    POH_STATUS_NULL_ARGUMENT = 199,
    /**
     * The term is not in the knowledge base's HPO subset.
     */
    POH_STATUS_UNKNOWN_TERM = 200,
    /**
     * An option names a list the knowledge base does not have.
     */
    POH_STATUS_UNKNOWN_OPTION = 201,
    /**
     * More phenotype entries than the limit (32).
     */
    POH_STATUS_TOO_MANY_PHENOTYPES = 300,
    /**
     * More modifiers on one phenotype than the limit (4).
     */
    POH_STATUS_TOO_MANY_MODIFIERS = 301,
    /**
     * The output buffer is too small; the capacity needed is written to `*out_len`.
     */
    POH_STATUS_BUFFER_TOO_SMALL = 302,
    /**
     * The input is larger than the limit (65536 bytes).
     */
    POH_STATUS_INPUT_TOO_LARGE = 303,
    /**
     * A string is longer than any valid value.
     */
    POH_STATUS_STRING_TOO_LONG = 304,
    /**
     * Internal error (a bug): please report it.
     */
    POH_STATUS_INTERNAL = 900,
    /**
     * A Rust panic was caught at the C boundary (a bug): please report it. (C ABI only.)
     */
    POH_STATUS_PANIC = 999,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_status poh_status;
#else
typedef uint32_t poh_status;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * The overall POH verdict.
 */
enum poh_overall
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint8_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Not decidable from the findings given.
     */
    POH_OVERALL_INDETERMINATE = 0,
    /**
     * All three major criteria met.
     */
    POH_OVERALL_MET = 1,
    /**
     * At least one major criterion not met.
     */
    POH_OVERALL_NOT_MET = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_overall poh_overall;
#else
typedef uint8_t poh_overall;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Verdict of one criterion.
 */
enum poh_verdict
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint8_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Not decidable from the findings given.
     */
    POH_VERDICT_UNKNOWN = 0,
    /**
     * Met.
     */
    POH_VERDICT_MET = 1,
    /**
     * Not met.
     */
    POH_VERDICT_NOT_MET = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_verdict poh_verdict;
#else
typedef uint8_t poh_verdict;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Three-valued presence of a finding.
 */
enum poh_presence
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint8_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Not assessed.
     */
    POH_PRESENCE_UNKNOWN = 0,
    /**
     * Present.
     */
    POH_PRESENCE_PRESENT = 1,
    /**
     * Absent (examined and not found).
     */
    POH_PRESENCE_ABSENT = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_presence poh_presence;
#else
typedef uint8_t poh_presence;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * The one alert flag (`none` without superficial or deep heterotopic ossification).
 */
enum poh_flag
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint8_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * No heterotopic ossification recorded: no alert.
     */
    POH_FLAG_NONE = 0,
    /**
     * Heterotopic ossification recorded: review the differential.
     */
    POH_FLAG_REVIEW = 1,
    /**
     * POH's criteria met, or a hereditary ossification disorder more likely than not.
     */
    POH_FLAG_LIKELY = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_flag poh_flag;
#else
typedef uint8_t poh_flag;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * The expected condition in a child who inherits the variant.
 */
enum poh_expected
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint8_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Depends on the transmitting parent's sex, which is not given.
     */
    POH_EXPECTED_DEPENDS_ON_TRANSMITTING_PARENT = 0,
    /**
     * A maternal allele: PHP1A or PHP1C.
     */
    POH_EXPECTED_PHP1A_OR_PHP1C = 1,
    /**
     * A paternal allele: the PPHP / POH / osteoma cutis spectrum.
     */
    POH_EXPECTED_PPHP_POH_OR_OSTEOMA_CUTIS = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_expected poh_expected;
#else
typedef uint8_t poh_expected;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * The referral level at the end of (or during) a session. Never a diagnosis.
 */
enum poh_referral
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint8_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Nothing in the answers points to the signs asked about.
     */
    POH_REFERRAL_ROUTINE = 0,
    /**
     * Worth discussing with the doctor.
     */
    POH_REFERRAL_SEE_DOCTOR = 1,
    /**
     * Ask for a specialist referral.
     */
    POH_REFERRAL_REFER = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_referral poh_referral;
#else
typedef uint8_t poh_referral;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Three-valued answer for history and imaging fields. 0 is unknown, so a zeroed struct
 * never claims an absence.
 */
enum poh_tri
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint8_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Not known (the default).
     */
    POH_TRI_UNKNOWN = 0,
    /**
     * Yes.
     */
    POH_TRI_TRUE = 1,
    /**
     * No (assessed and absent).
     */
    POH_TRI_FALSE = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_tri poh_tri;
#else
typedef uint8_t poh_tri;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * A laboratory value against its reference range.
 */
enum poh_lab
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint8_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Not measured or not given (the default).
     */
    POH_LAB_UNKNOWN = 0,
    /**
     * Below the reference range.
     */
    POH_LAB_LOW = 1,
    /**
     * Within the reference range.
     */
    POH_LAB_NORMAL = 2,
    /**
     * Above the reference range.
     */
    POH_LAB_HIGH = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_lab poh_lab;
#else
typedef uint8_t poh_lab;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Which laboratory value `poh_findings_set_lab` sets. Numbered from 0x100, apart from
 * every value enum (0 to 4), so that arguments given in the wrong order are
 * `POH_STATUS_OUT_OF_RANGE`, never a silent OK.
 */
enum poh_lab_test
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Serum parathyroid hormone (`labs.pth`).
     */
    POH_LAB_TEST_PTH = 256,
    /**
     * Serum calcium (`labs.calcium`).
     */
    POH_LAB_TEST_CALCIUM = 257,
    /**
     * Serum phosphate (`labs.phosphate`).
     */
    POH_LAB_TEST_PHOSPHATE = 258,
    /**
     * Thyroid-stimulating hormone (`labs.tsh`).
     */
    POH_LAB_TEST_TSH = 259,
    /**
     * Erythrocyte Gs-alpha activity (`labs.gs_alpha_activity`: low or normal only).
     */
    POH_LAB_TEST_GS_ALPHA_ACTIVITY = 260,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_lab_test poh_lab_test;
#else
typedef uint32_t poh_lab_test;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Sex of the patient.
 */
enum poh_sex
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint8_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Not given (the default).
     */
    POH_SEX_UNKNOWN = 0,
    /**
     * Female.
     */
    POH_SEX_FEMALE = 1,
    /**
     * Male.
     */
    POH_SEX_MALE = 2,
    /**
     * Other.
     */
    POH_SEX_OTHER = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_sex poh_sex;
#else
typedef uint8_t poh_sex;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Result of GNAS testing.
 */
enum poh_gnas_result
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint8_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Not tested, or not given (the default).
     */
    POH_GNAS_RESULT_NOT_TESTED = 0,
    /**
     * Pathogenic variant.
     */
    POH_GNAS_RESULT_PATHOGENIC = 1,
    /**
     * Likely pathogenic variant.
     */
    POH_GNAS_RESULT_LIKELY_PATHOGENIC = 2,
    /**
     * Variant of uncertain significance.
     */
    POH_GNAS_RESULT_VUS = 3,
    /**
     * No variant found.
     */
    POH_GNAS_RESULT_NEGATIVE = 4,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_gnas_result poh_gnas_result;
#else
typedef uint8_t poh_gnas_result;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Parent of origin of a GNAS variant.
 */
enum poh_parent_of_origin
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint8_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Unknown or not given (the default).
     */
    POH_PARENT_OF_ORIGIN_UNKNOWN = 0,
    /**
     * Inherited from the father.
     */
    POH_PARENT_OF_ORIGIN_PATERNAL = 1,
    /**
     * Inherited from the mother.
     */
    POH_PARENT_OF_ORIGIN_MATERNAL = 2,
    /**
     * Arose de novo.
     */
    POH_PARENT_OF_ORIGIN_DE_NOVO = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_parent_of_origin poh_parent_of_origin;
#else
typedef uint8_t poh_parent_of_origin;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Which history item `poh_findings_set_history` sets. Numbered from 0x200, apart from
 * every value enum and from `poh_lab_test`, so that arguments given in the wrong order
 * are `POH_STATUS_OUT_OF_RANGE`, never a silent OK.
 */
enum poh_history_item
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Trauma or surgery at the site of ossification.
     */
    POH_HISTORY_ITEM_TRAUMA_OR_SURGERY_AT_SITE = 512,
    /**
     * Neurological injury (brain or spinal cord).
     */
    POH_HISTORY_ITEM_NEUROLOGICAL_INJURY = 513,
    /**
     * The father has a GNAS-related ossification or AHO disorder.
     */
    POH_HISTORY_ITEM_FATHER_AFFECTED = 514,
    /**
     * The mother has a GNAS-related ossification or AHO disorder.
     */
    POH_HISTORY_ITEM_MOTHER_AFFECTED = 515,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_history_item poh_history_item;
#else
typedef uint32_t poh_history_item;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * The person's condition, as far as it is known.
 */
enum poh_condition
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint8_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Not stated (the default).
     */
    POH_CONDITION_UNKNOWN = 0,
    /**
     * Progressive osseous heteroplasia.
     */
    POH_CONDITION_POH = 1,
    /**
     * Pseudopseudohypoparathyroidism.
     */
    POH_CONDITION_PPHP = 2,
    /**
     * GNAS osteoma cutis.
     */
    POH_CONDITION_OSTEOMA_CUTIS = 3,
    /**
     * PHP type 1A.
     */
    POH_CONDITION_PHP1A = 4,
    /**
     * PHP type 1B.
     */
    POH_CONDITION_PHP1B = 5,
    /**
     * PHP type 1C.
     */
    POH_CONDITION_PHP1C = 6,
    /**
     * Unaffected carrier of a GNAS variant.
     */
    POH_CONDITION_CARRIER = 7,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_condition poh_condition;
#else
typedef uint8_t poh_condition;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Which reader an input was given to (`poh_explain_error`).
 */
enum poh_reader
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * The findings JSON schema: `poh_evaluate_json`, `poh_findings_from_json`.
     */
    POH_READER_FINDINGS = 1,
    /**
     * A GA4GH Phenopacket v2: `poh_evaluate_phenopacket_json`,
     * `poh_findings_from_phenopacket_json`.
     */
    POH_READER_PHENOPACKET = 2,
    /**
     * Any other JSON entry point (`poh_counsel_json`, `poh_questionnaire_step_json`):
     * syntax errors get their offset, nothing more.
     */
    POH_READER_OTHER_JSON = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_reader poh_reader;
#else
typedef uint32_t poh_reader;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * A reply in `poh_session.replies`.
 */
enum poh_reply
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint8_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Not asked yet (the default).
     */
    POH_REPLY_NOT_ASKED = 0,
    /**
     * Yes.
     */
    POH_REPLY_YES = 1,
    /**
     * No.
     */
    POH_REPLY_NO = 2,
    /**
     * Don't know: the finding stays unknown, never absent.
     */
    POH_REPLY_DONT_KNOW = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum poh_reply poh_reply;
#else
typedef uint8_t poh_reply;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Laboratory findings; each field is a `poh_lab` value.
 */
typedef struct poh_labs {
    /**
     * Serum parathyroid hormone (`poh_lab`).
     */
    uint8_t pth;
    /**
     * Serum calcium (`poh_lab`).
     */
    uint8_t calcium;
    /**
     * Serum phosphate (`poh_lab`).
     */
    uint8_t phosphate;
    /**
     * Thyroid-stimulating hormone (`poh_lab`).
     */
    uint8_t tsh;
    /**
     * Erythrocyte Gs-alpha activity (`poh_lab`: low or normal; high is refused).
     */
    uint8_t gs_alpha_activity;
} poh_labs;

/**
 * Genetic findings.
 */
typedef struct poh_gnas {
    /**
     * Test result (`poh_gnas_result`).
     */
    uint8_t result;
    /**
     * Parent of origin (`poh_parent_of_origin`).
     */
    uint8_t parent_of_origin;
} poh_gnas;

/**
 * History relevant to the differential; each field is a `poh_tri` value.
 */
typedef struct poh_history {
    /**
     * Trauma or surgery at the site of ossification (`poh_tri`).
     */
    uint8_t trauma_or_surgery_at_site;
    /**
     * Neurological injury (`poh_tri`).
     */
    uint8_t neurological_injury;
    /**
     * The father is affected (`poh_tri`).
     */
    uint8_t father_affected;
    /**
     * The mother is affected (`poh_tri`).
     */
    uint8_t mother_affected;
} poh_history;

/**
 * Imaging findings.
 */
typedef struct poh_imaging {
    /**
     * The specific pattern of ossification of POH seen on imaging (`poh_tri`).
     */
    uint8_t specific_pattern;
} poh_imaging;

/**
 * Treatment that changes what a finding means.
 */
typedef struct poh_treatment {
    /**
     * Calcitriol or another active vitamin D is given (`poh_tri`): a normal PTH then
     * weighs nothing against PHP1A/1B/1C (docs/RULES.md).
     */
    uint8_t active_vitamin_d;
} poh_treatment;

/**
 * Evaluation options.
 */
typedef struct poh_options {
    /**
     * The list of AHO features counted, by index: 0 (the default) is `"orphanet_665"`,
     * 1 is `"genereviews"`. Set it by key with `poh_findings_set_aho_list`.
     */
    uint8_t aho_list;
    /**
     * 1: add inheritance counseling for this person's children to the assessment;
     * 0 (the default): do not.
     */
    uint8_t counseling;
    /**
     * A clinic's pretest probability of the eight modelled disorders together, in parts
     * per million (1 to 999,999); 0 (the default): each 1/12,687 (docs/RULES.md).
     */
    uint32_t pretest_per_million;
} poh_options;

/**
 * One phenotype entry: an HPO term, present or excluded.
 */
typedef struct poh_phenotype {
    /**
     * The HPO id as a number: 25027 for `HP:0025027` (1 to `POH_MAX_HPO_NUMBER`).
     */
    uint32_t id;
    /**
     * 0: present; 1: examined and absent. Other values are `POH_STATUS_OUT_OF_RANGE`.
     */
    uint8_t excluded;
    /**
     * 0: onset unknown; 1: `onset_months` holds the age at onset.
     */
    uint8_t has_onset;
    /**
     * Age at onset in months (0 to `POH_MAX_AGE_MONTHS`); read only if `has_onset` is 1.
     */
    uint16_t onset_months;
    /**
     * Modifiers in use in `modifiers` (0 to `POH_MAX_MODIFIERS`).
     */
    uint32_t modifier_count;
    /**
     * Clinical modifier or onset terms as numbers (e.g. 3676 for `HP:0003676` Progressive).
     */
    uint32_t modifiers[POH_MAX_MODIFIERS];
} poh_phenotype;

/**
 * A patient's findings, caller-allocated. Initialise with `poh_findings_init` (or
 * `= {0}`), then use the setters or write the fields directly; `poh_evaluate` checks
 * every field.
 */
typedef struct poh_findings {
    /**
     * 0: age unknown; 1: `age_months` holds the age.
     */
    uint8_t has_age;
    /**
     * Sex (`poh_sex`).
     */
    uint8_t sex;
    /**
     * Age in months (0 to `POH_MAX_AGE_MONTHS`); read only if `has_age` is 1.
     */
    uint16_t age_months;
    /**
     * Laboratory values.
     */
    struct poh_labs labs;
    /**
     * GNAS testing.
     */
    struct poh_gnas gnas;
    /**
     * History.
     */
    struct poh_history history;
    /**
     * Imaging.
     */
    struct poh_imaging imaging;
    /**
     * Treatment.
     */
    struct poh_treatment treatment;
    /**
     * Options.
     */
    struct poh_options options;
    /**
     * Entries in use in `phenotypes` (0 to `POH_MAX_PHENOTYPES`).
     */
    uint32_t phenotype_count;
    /**
     * HPO terms, present or excluded, in input order.
     */
    struct poh_phenotype phenotypes[POH_MAX_PHENOTYPES];
} poh_findings;

/**
 * Citation ids (e.g. `"pignolo_2015"`) backing one item: `ids[0]` to `ids[count - 1]`,
 * then a NULL (`ids[count]` is NULL, so the list may also be walked to its end). `ids`
 * points into a static array and is never NULL. Look the full reference up with
 * `poh_citation_lookup`.
 */
typedef struct poh_cites {
    /**
     * Citation ids in `ids`.
     */
    uint32_t count;
    /**
     * The static, NULL-terminated list of citation ids.
     */
    const char *const *ids;
} poh_cites;

/**
 * A major criterion as published (static; see `poh_criterion`).
 */
typedef struct poh_criterion_info {
    /**
     * Stable key (`"superficial_to_deep"`, `"aho_at_most_two"`, `"no_pth_resistance"`).
     */
    const char *key;
    /**
     * The criterion as published.
     */
    const char *text;
    /**
     * Why a verdict of this criterion can be provisional (it may change with age); NULL
     * for a criterion that is never provisional. Applies when `poh_criterion.provisional`.
     */
    const char *provisional_reason;
    /**
     * Sources.
     */
    struct poh_cites cites;
} poh_criterion_info;

/**
 * One major criterion, as it stands for this patient.
 */
typedef struct poh_criterion {
    /**
     * The criterion (key, published text, provisional reason, sources).
     */
    const struct poh_criterion_info *info;
    /**
     * Verdict.
     */
    poh_verdict verdict;
    /**
     * The verdict may still change with age (why: `info->provisional_reason`).
     */
    bool provisional;
    /**
     * The AHO list counted (`"orphanet_665"` or `"genereviews"`) for the AHO criterion;
     * NULL for the others.
     */
    const char *aho_list;
    /**
     * Term groups present.
     */
    uint32_t groups_present;
    /**
     * Term groups absent.
     */
    uint32_t groups_absent;
    /**
     * Term groups unknown.
     */
    uint32_t groups_unknown;
} poh_criterion;

/**
 * A supporting finding as published (static; see `poh_supporting`).
 */
typedef struct poh_supporting_info {
    /**
     * Stable key (`"gnas_variant"`, `"paternal_inheritance"`, ...).
     */
    const char *key;
    /**
     * The finding as published.
     */
    const char *text;
    /**
     * Sources.
     */
    struct poh_cites cites;
} poh_supporting_info;

/**
 * The input that decided a finding: an HPO term, or a named input field, or nothing.
 */
typedef struct poh_input {
    /**
     * The HPO id number as given (an alt_id stays visible), or 0 when not a term.
     */
    uint32_t term;
    /**
     * When not a term: the input field (`"labs.pth"`, `"gnas.result"`, ...); else NULL.
     */
    const char *field;
} poh_input;

/**
 * One supporting finding, as it stands for this patient.
 */
typedef struct poh_supporting {
    /**
     * The finding (key, published text, sources).
     */
    const struct poh_supporting_info *info;
    /**
     * Presence.
     */
    poh_presence status;
    /**
     * The input that decided it.
     */
    struct poh_input input;
} poh_supporting;

/**
 * A disease of the differential (static; see `poh_ranked`).
 */
typedef struct poh_disease_info {
    /**
     * Stable key (`"poh"`, `"php1a"`, ...).
     */
    const char *key;
    /**
     * CURIE (`"OMIM:166350"`, or the project's `"POHKB:..."` ids).
     */
    const char *id;
    /**
     * Name.
     */
    const char *name;
    /**
     * Abbreviation (`"POH"`).
     */
    const char *abbreviation;
    /**
     * One line on what separates it.
     */
    const char *summary;
    /**
     * Sources.
     */
    struct poh_cites cites;
} poh_disease_info;

/**
 * One disease of the ranked differential.
 */
typedef struct poh_ranked {
    /**
     * The disease (key, CURIE, name, abbreviation, summary, sources).
     */
    const struct poh_disease_info *info;
    /**
     * 1000 * log10 likelihood ratio, phenotype and rules together.
     */
    int32_t log10_lr_milli;
    /**
     * 1000 * log10 likelihood ratio of the phenotype terms alone.
     */
    int32_t phenotype_log10_lr_milli;
    /**
     * Posterior over the differential, in thousandths (uniform priors).
     */
    uint32_t posterior_permille;
} poh_ranked;

/**
 * A term group that a criterion reads (static; see `poh_explanation`).
 */
typedef struct poh_group_info {
    /**
     * Stable key (`"deep_ossification"`, `"aho_round_face"`, ...).
     */
    const char *key;
    /**
     * Label.
     */
    const char *label;
    /**
     * Sources.
     */
    struct poh_cites cites;
} poh_group_info;

/**
 * One explanation item: the state of a term group that a criterion reads.
 */
typedef struct poh_explanation {
    /**
     * The criterion it explains (the same record as `criteria[i].info`).
     */
    const struct poh_criterion_info *criterion;
    /**
     * The criterion's verdict.
     */
    poh_verdict criterion_verdict;
    /**
     * The term group (key such as `"deep_ossification"`, label, sources).
     */
    const struct poh_group_info *group;
    /**
     * Presence of the group.
     */
    poh_presence status;
    /**
     * The input that decided it.
     */
    struct poh_input input;
} poh_explanation;

/**
 * A next step the knowledge base can propose (static; see `poh_next_step`).
 */
typedef struct poh_step_info {
    /**
     * Stable key (`"serum_pth"`, `"gnas_testing"`, ...).
     */
    const char *key;
    /**
     * Kind: `"lab"`, `"genetic"`, `"imaging"`, `"exam"` or `"history"`.
     */
    const char *kind;
    /**
     * What to do.
     */
    const char *text;
    /**
     * Sources.
     */
    struct poh_cites cites;
} poh_step_info;

/**
 * One proposed next step, most decisive first.
 */
typedef struct poh_next_step {
    /**
     * The step (key, kind, text, sources).
     */
    const struct poh_step_info *info;
    /**
     * It could change a major criterion's verdict.
     */
    bool decides_criterion;
    /**
     * 1000 * log10 of the largest change in the separation of the two leading candidates.
     */
    int32_t separation_milli;
} poh_next_step;

/**
 * A management or prognosis note (static; see `poh_assessment.notes`).
 */
typedef struct poh_note_info {
    /**
     * Stable key.
     */
    const char *key;
    /**
     * Topic (`"management"`, `"prognosis"`, ...).
     */
    const char *topic;
    /**
     * Text.
     */
    const char *text;
    /**
     * Sources.
     */
    struct poh_cites cites;
} poh_note_info;

/**
 * A well-formed term id the knowledge base does not know.
 */
typedef struct poh_unrecognized {
    /**
     * The HPO id number.
     */
    uint32_t id;
    /**
     * Its index in `findings.phenotypes`.
     */
    uint32_t entry;
} poh_unrecognized;

/**
 * A counseling statement (static; see `poh_counsel_answer`).
 */
typedef struct poh_statement_info {
    /**
     * Stable key (`"fifty_percent"`, ...).
     */
    const char *key;
    /**
     * Text.
     */
    const char *text;
    /**
     * Sources.
     */
    struct poh_cites cites;
} poh_statement_info;

/**
 * The answer to a counseling question.
 */
typedef struct poh_counsel_answer {
    /**
     * The person's variant status is established, so `inherit_percent` holds the chance.
     */
    bool inherit_known;
    /**
     * Chance that each child inherits the variant, in percent (0 when not known).
     */
    uint32_t inherit_percent;
    /**
     * Expected condition in a child who inherits it.
     */
    poh_expected expected;
    /**
     * `expected` as its stable key (`"php1a_or_php1c"`, ...).
     */
    const char *expected_key;
    /**
     * Entries in use in `statements`.
     */
    uint32_t statement_count;
    /**
     * The statements that apply (static records: key, text, sources), in table order;
     * entries past `statement_count` are NULL.
     */
    const struct poh_statement_info *statements[POH_MAX_STATEMENTS];
} poh_counsel_answer;

/**
 * The assessment of one patient, caller-allocated and filled by `poh_evaluate`.
 * Every pointer in it is to static data (never freed). Counts say how many array entries
 * are in use; the entries past a count are zero (NULL pointers), except in `findings`, a
 * copy as given.
 */
typedef struct poh_assessment {
    /**
     * Overall POH verdict.
     */
    poh_overall verdict;
    /**
     * The verdict may change with age.
     */
    bool provisional;
    /**
     * The three major criteria, in published order.
     */
    struct poh_criterion criteria[POH_CRITERIA_COUNT];
    /**
     * The six supporting findings.
     */
    struct poh_supporting supporting[POH_SUPPORTING_COUNT];
    /**
     * Rank of POH in `differential` (1 = first).
     */
    uint32_t poh_rank;
    /**
     * The differential, best first (all `POH_DISEASE_COUNT` entries filled).
     */
    struct poh_ranked differential[POH_DISEASE_COUNT];
    /**
     * Entries in use in `explanation`.
     */
    uint32_t explanation_count;
    /**
     * The input behind every criterion verdict, criterion by criterion.
     */
    struct poh_explanation explanation[POH_MAX_EXPLANATION];
    /**
     * Entries in use in `next_steps`.
     */
    uint32_t next_step_count;
    /**
     * What to assess next, most decisive first.
     */
    struct poh_next_step next_steps[POH_MAX_NEXT_STEPS];
    /**
     * Notes in `notes` (0, or every note of the knowledge base; at most `POH_MAX_NOTES`).
     */
    uint32_t note_count;
    /**
     * Management and prognosis notes, when they apply (POH met, indeterminate or
     * leading): a static array of `note_count` records, in table order; NULL when
     * `note_count` is 0.
     */
    const struct poh_note_info *notes;
    /**
     * Entries in use in `unrecognized`.
     */
    uint32_t unrecognized_count;
    /**
     * Well-formed ids the knowledge base does not know (they are not scored).
     */
    struct poh_unrecognized unrecognized[POH_MAX_PHENOTYPES];
    /**
     * Entries given as an alt_id (mapped to their primary term).
     */
    uint32_t alt_ids_mapped;
    /**
     * The knowledge-base version (as `poh_kb_version()`).
     */
    const char *kb_version;
    /**
     * `counseling` is filled (asked for with `findings.options.counseling`).
     */
    bool has_counseling;
    /**
     * The alert flag.
     */
    poh_flag flag;
    /**
     * Inheritance counseling for the person's children (the person's condition is taken
     * as POH only when the criteria are met; a recorded diagnosis is never read).
     */
    struct poh_counsel_answer counseling;
    /**
     * A copy of the findings this assessment was computed from, as given.
     * `poh_assessment_to_json` renders the JSON from it (evaluation is deterministic); do
     * not modify it.
     */
    struct poh_findings findings;
} poh_assessment;

/**
 * A counseling question. Zero everywhere is "nothing known".
 */
typedef struct poh_counsel_query {
    /**
     * The person's condition (`poh_condition`).
     */
    uint8_t condition;
    /**
     * The person's sex, i.e. the sex of the parent who would transmit (`poh_sex`).
     */
    uint8_t sex;
    /**
     * The person's GNAS result (`poh_gnas_result`).
     */
    uint8_t gnas_result;
    /**
     * How the person got the variant (`poh_parent_of_origin`).
     */
    uint8_t parent_of_origin;
} poh_counsel_query;

/**
 * Where and what of an input error. Every text is NUL-terminated UTF-8; an empty text
 * means "none".
 */
typedef struct poh_error_detail {
    /**
     * The status explained.
     */
    poh_status status;
    /**
     * `path` names the place (false: the error has no place in the document, such as a
     * syntax error, which has only an offset).
     */
    bool has_path;
    /**
     * `offset` is set.
     */
    bool has_offset;
    /**
     * `value` was shortened (it ends in "…").
     */
    bool value_shortened;
    /**
     * The byte offset into the input where the offending key or value starts.
     */
    size_t offset;
    /**
     * The location: `phenotypes[3].modifiers[1]`, `labs.pth`, `age_months`; empty with
     * `has_path` for the document itself.
     */
    char path[POH_DETAIL_PATH_SIZE];
    /**
     * The offending value (a string without its quotes), shortened with a closing "…".
     */
    char value[POH_DETAIL_VALUE_SIZE];
    /**
     * The values the field allows, comma-separated (`low, normal, high, unknown`).
     */
    char allowed[POH_DETAIL_ALLOWED_SIZE];
    /**
     * What was probably meant, where that is certain (`did you mean age_months? ...`).
     */
    char hint[POH_DETAIL_HINT_SIZE];
    /**
     * The one message naming all of the above (without the code and kind, which
     * `status` and `poh_status_kind` give).
     */
    char message[POH_DETAIL_MESSAGE_SIZE];
} poh_error_detail;

/**
 * A citation, by id.
 */
typedef struct poh_citation {
    /**
     * Stable id (as in `poh_cites`).
     */
    const char *id;
    /**
     * Full reference.
     */
    const char *text;
    /**
     * What of the source was actually read (an unverified statement says so).
     */
    const char *verified;
} poh_citation;

/**
 * The state of one kiosk session, held by the caller (static or on the stack). Integers
 * only; all zero (`poh_session s = {0};`) is a new session with age and sex unknown.
 * `poh_session_start` fills it with checked values.
 */
typedef struct poh_session {
    /**
     * 0: age unknown; 1: `age_months` holds the age.
     */
    uint8_t has_age;
    /**
     * Sex (`poh_sex`).
     */
    uint8_t sex;
    /**
     * Age in months (0 to `POH_MAX_AGE_MONTHS`); read only if `has_age` is 1.
     */
    uint16_t age_months;
    /**
     * One `poh_reply` per questionnaire row (`poh_question.row`); written by
     * `poh_session_answer`.
     */
    uint8_t replies[POH_MAX_QUESTIONS];
} poh_session;

/**
 * Caller-allocated storage for one assessment, read through the `poh_result_*` accessors.
 * Opaque: do not read or write its words. Zero it before first use (`poh_result r =
 * {0};`): zeroed storage, and any storage not evaluated into, is "not evaluated". It may
 * be copied with `memcpy`; it holds no pointer into itself and nothing to free.
 */
typedef struct poh_result {
    /**
     * Opaque.
     */
    uint64_t words[POH_RESULT_WORDS];
} poh_result;

/**
 * The question the core chose, by id: a kiosk shows its own text for `hpo_id` (its
 * table of patient texts, examples/kiosk/texts).
 */
typedef struct poh_question {
    /**
     * False when the session is over (no question left that could change anything, or
     * the question limit reached); the other fields are then 0.
     */
    bool has_question;
    /**
     * The row to pass to `poh_session_answer`.
     */
    uint8_t row;
    /**
     * The HPO term the answer records (`HP:0001482` is 1482): the question's stable id.
     */
    uint32_t hpo_id;
} poh_question;

/**
 * The outcome of a session so far, by id: the referral level and its reasons (the signs
 * answered "yes" that raised the level, in table order, by HPO term). A kiosk shows its
 * own texts for them; the JSON step (`poh_session_step_json`) carries the core's English
 * texts.
 */
typedef struct poh_outcome {
    /**
     * Referral level.
     */
    poh_referral level;
    /**
     * Its snake_case key: "routine", "see_doctor" or "refer".
     */
    const char *level_key;
    /**
     * The core's alert flag of the answers' assessment (`none` unless heterotopic
     * ossification is among them).
     */
    poh_flag flag;
    /**
     * Number of reasons.
     */
    size_t reason_count;
    /**
     * The reasons' HPO terms; 0 from `reason_count` on.
     */
    uint32_t reason_hpo_ids[POH_MAX_QUESTIONS];
} poh_outcome;

/**
 * A writer: called with consecutive pieces of a document (`len` bytes at `bytes`, not
 * NUL-terminated, valid only during the call) and the `context` the caller passed. It
 * cannot fail: a writer that can buffers or drops on its side and says so itself.
 */
typedef void (*poh_write_fn)(void *context, const char *bytes, size_t len);

/**
 * The scalar parts of a result and the number of entries of each list.
 */
typedef struct poh_summary {
    /**
     * Overall POH verdict.
     */
    poh_overall verdict;
    /**
     * The verdict may change with age.
     */
    bool provisional;
    /**
     * Rank of POH in the differential (1 = first).
     */
    uint32_t poh_rank;
    /**
     * Major criteria (`poh_result_criterion`).
     */
    uint32_t criterion_count;
    /**
     * Supporting findings (`poh_result_supporting`).
     */
    uint32_t supporting_count;
    /**
     * Diseases of the differential, all ranked (`poh_result_ranked`).
     */
    uint32_t differential_count;
    /**
     * Explanation items (`poh_result_explanation`).
     */
    uint32_t explanation_count;
    /**
     * Next steps (`poh_result_next_step`).
     */
    uint32_t next_step_count;
    /**
     * Management and prognosis notes in `notes` (0, or every note of the knowledge base).
     */
    uint32_t note_count;
    /**
     * The notes when they apply (POH met, indeterminate or leading): a static array of
     * `note_count` records; NULL when `note_count` is 0.
     */
    const struct poh_note_info *notes;
    /**
     * Well-formed ids the knowledge base does not know (`poh_result_unrecognized`).
     */
    uint32_t unrecognized_count;
    /**
     * Entries given as an alt_id (mapped to their primary term).
     */
    uint32_t alt_ids_mapped;
    /**
     * The knowledge-base version (as `poh_kb_version()`).
     */
    const char *kb_version;
    /**
     * Counseling was asked for (`findings.options.counseling`): `poh_result_counseling`.
     */
    bool has_counseling;
    /**
     * The alert flag.
     */
    poh_flag flag;
} poh_summary;

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * Evaluate `*findings` into `*out`: the POH criteria, the supporting findings, the ranked
 * differential, the explanation and the next steps. A verdict of "not met" is a result
 * (`POH_STATUS_OK`), not an error. Entries past a count are zero (NULL pointers).
 *
 * Errors: any error of a field (`OUT_OF_RANGE`, `INVALID_HPO_ID`, `TOO_MANY_PHENOTYPES`,
 * `TOO_MANY_MODIFIERS`, `UNKNOWN_OPTION`), of the findings as a whole
 * (`PRESENT_AND_EXCLUDED`, `CONTRADICTORY_FINDINGS`, `INVALID_MODIFIER`),
 * `NULL_ARGUMENT`. `*out` is written only on success (after `INTERNAL` or `PANIC`, both
 * bugs, its content is unspecified).
 *
 * # Safety
 * `findings` must point to a valid `poh_findings`; `out` to writable memory for one
 * `poh_assessment`. They may not overlap.
 */
poh_status poh_evaluate(const struct poh_findings *findings, struct poh_assessment *out);

/**
 * Answer a counseling question. Errors: `OUT_OF_RANGE` (a field holds a value its type
 * does not define), `NULL_ARGUMENT`. `*out` is written only on success.
 *
 * # Safety
 * `query` must point to a valid `poh_counsel_query`; `out` to writable memory for one
 * `poh_counsel_answer`.
 */
poh_status poh_counsel(const struct poh_counsel_query *query, struct poh_counsel_answer *out);

/**
 * Answer a counseling question given as JSON (`{"condition": "poh", "sex": "female",
 * "gnas": "pathogenic", "parent_of_origin": "de_novo"}`, every field optional) with the
 * answer JSON. Buffer convention and input errors as `poh_evaluate_json`.
 *
 * # Safety
 * As `poh_evaluate_json`.
 */
poh_status poh_counsel_json(const char *input,
                            size_t input_len,
                            char *out,
                            size_t out_cap,
                            size_t *out_len);

/**
 * Explain `status`, returned by an entry point of `reader` for `(input, input_len)`: fill
 * `*out` with the location (path and byte offset), the offending value, the allowed
 * values, a hint where one is certain, and the one message naming them. Call it after
 * the entry point failed, with the same input; nothing is computed, kept or allocated
 * otherwise (no hidden state: the same arguments give the same detail, on any thread).
 *
 * A status that is not an input error of that reader (`POH_STATUS_OK`,
 * `POH_STATUS_NULL_ARGUMENT`, `POH_STATUS_BUFFER_TOO_SMALL`, ...) gets a detail with its
 * message and no location. Errors: `NULL_ARGUMENT`; `OUT_OF_RANGE` for a `reader` that
 * `poh_reader` does not define. `*out` is written only on success.
 *
 * # Safety
 * `input` must point to `input_len` readable bytes; `out` to writable memory for one
 * `poh_error_detail`.
 */
poh_status poh_explain_error(uint32_t reader,
                             const char *input,
                             size_t input_len,
                             uint32_t status,
                             struct poh_error_detail *out);

/**
 * Whether `poh_explain_error` gives locations, values, allowed values and hints (the
 * library was built with the `explain` feature, as the host library always is: true), or
 * only the status's message (false: small firmware builds, docs/EMBEDDING.md).
 */
bool poh_error_details_available(void);

/**
 * Read a FHIR R4 chart (a Bundle of any type, a resource, a CDS Hooks prefetch object or
 * a CDS Hooks request) with the evaluation date `date` (`"YYYY-MM-DD"`, NUL-terminated;
 * ages are counted to it), evaluate it, and write the assessment JSON (the same bytes as
 * `poh_evaluate_json`) with the reading report added as its last member `"fhir"`: the
 * codes used and what they became, the codes not used and why, the recorded diagnoses
 * of the modelled disorders (shown, never used as evidence) and what was dropped. Host
 * library only (cargo feature `fhir`, on by default; not in the Cortex-M build).
 * `input` need not be NUL-terminated; `input_len` is its length (at most 16 MiB).
 *
 * On success `*out_len` is the JSON's length without the NUL; on
 * `POH_STATUS_BUFFER_TOO_SMALL` the capacity needed, as for every text buffer.
 *
 * A FHIR reading error returns the nearest status (`MALFORMED_JSON` for text that is not
 * JSON; `WRONG_TYPE` for input that is not FHIR or a field of the wrong type;
 * `UNKNOWN_VALUE` for a malformed date, `date` included; `OUT_OF_RANGE`;
 * `CONTRADICTORY_FINDINGS` for two different patients; `INPUT_TOO_LARGE`; `TOO_DEEP`)
 * and, unlike other entry points, writes the error document
 * `{"fhir_error": {"code": 7xx, "kind", "path", "message"}}` into `out` (the empty string
 * when it does not fit) with its length in `*out_len`: the reader's own stable code and
 * the place in the input (fhir/README.md lists the codes). `NULL_ARGUMENT` and the core's
 * errors leave `out` untouched.
 *
 * # Safety
 * `input` must point to `input_len` readable bytes; `date` to a NUL-terminated string;
 * `out` to `out_cap` writable bytes (not overlapping `input`); `out_len` to a writable
 * `size_t`.
 */
poh_status poh_evaluate_fhir_json(const char *input,
                                  size_t input_len,
                                  const char *date,
                                  char *out,
                                  size_t out_cap,
                                  size_t *out_len);

/**
 * Set `*findings` to "everything unknown" (the same as zeroing it).
 *
 * # Safety
 * `findings`, if not NULL, must point to writable memory for one `poh_findings`.
 */
poh_status poh_findings_init(struct poh_findings *findings);

/**
 * Append a phenotype entry for `hpo_id` (`"HP:0001234"`): present if `excluded` is 0,
 * examined and absent if it is 1. The new entry is
 * `findings->phenotypes[findings->phenotype_count - 1]`; set its onset and modifiers with
 * `poh_phenotype_set_onset` and `poh_phenotype_add_modifier`.
 *
 * Errors: `INVALID_HPO_ID`, `OUT_OF_RANGE` (`excluded` not 0 or 1),
 * `TOO_MANY_PHENOTYPES` (already `POH_MAX_PHENOTYPES` entries), `NULL_ARGUMENT`,
 * `STRING_TOO_LONG`, `INVALID_UTF8`. Whether the term is known is decided by
 * `poh_evaluate` (unknown terms are listed, not rejected).
 *
 * # Safety
 * `findings` must point to a valid `poh_findings`; `hpo_id` to a NUL-terminated string.
 */
poh_status poh_findings_add_term(struct poh_findings *findings,
                                 const char *hpo_id,
                                 uint32_t excluded);

/**
 * Set the age at onset of one entry, in months (0 to `POH_MAX_AGE_MONTHS`).
 * Errors: `OUT_OF_RANGE`, `NULL_ARGUMENT`.
 *
 * # Safety
 * `phenotype` must point to a valid `poh_phenotype`.
 */
poh_status poh_phenotype_set_onset(struct poh_phenotype *phenotype, uint32_t onset_months);

/**
 * Add a modifier term (`"HP:0003676"` Progressive, an onset term, ...) to one entry.
 * Errors: `INVALID_HPO_ID`, `TOO_MANY_MODIFIERS`, `NULL_ARGUMENT`, `STRING_TOO_LONG`,
 * `INVALID_UTF8`. Whether the term is a modifier is checked by `poh_evaluate`
 * (`INVALID_MODIFIER`).
 *
 * # Safety
 * `phenotype` must point to a valid `poh_phenotype`; `hpo_id` to a NUL-terminated string.
 */
poh_status poh_phenotype_add_modifier(struct poh_phenotype *phenotype, const char *hpo_id);

/**
 * Set the age in months (0 to `POH_MAX_AGE_MONTHS`). Errors: `OUT_OF_RANGE`,
 * `NULL_ARGUMENT`.
 *
 * # Safety
 * `findings` must point to a valid `poh_findings`.
 */
poh_status poh_findings_set_age(struct poh_findings *findings, uint32_t age_months);

/**
 * Set the sex (a `poh_sex` value). Errors: `OUT_OF_RANGE`, `NULL_ARGUMENT`.
 *
 * # Safety
 * `findings` must point to a valid `poh_findings`.
 */
poh_status poh_findings_set_sex(struct poh_findings *findings, uint32_t sex);

/**
 * Set one laboratory value: `test` is a `poh_lab_test`, `value` a `poh_lab`. Errors:
 * `OUT_OF_RANGE` for a `test` or `value` outside its enum (the two in the wrong order
 * included: `poh_lab_test` values start at 0x100), and for Gs-alpha activity `HIGH`;
 * `NULL_ARGUMENT`. `*findings` is changed only on success.
 *
 * # Safety
 * `findings` must point to a valid `poh_findings`.
 */
poh_status poh_findings_set_lab(struct poh_findings *findings, uint32_t test, uint32_t value);

/**
 * Set the GNAS result (a `poh_gnas_result`). One setter per field: the result and the
 * parent of origin are both small numbers, so a two-argument setter could not tell them
 * apart when swapped. Errors: `OUT_OF_RANGE`, `NULL_ARGUMENT`.
 *
 * # Safety
 * `findings` must point to a valid `poh_findings`.
 */
poh_status poh_findings_set_gnas_result(struct poh_findings *findings, uint32_t result);

/**
 * Set the parent of origin of a GNAS variant (a `poh_parent_of_origin`). Errors:
 * `OUT_OF_RANGE`, `NULL_ARGUMENT`.
 *
 * # Safety
 * `findings` must point to a valid `poh_findings`.
 */
poh_status poh_findings_set_parent_of_origin(struct poh_findings *findings,
                                             uint32_t parent_of_origin);

/**
 * Set one history item: `item` is a `poh_history_item`, `value` a `poh_tri`. Errors:
 * `OUT_OF_RANGE` for an `item` or `value` outside its enum (the two in the wrong order
 * included: `poh_history_item` values start at 0x200); `NULL_ARGUMENT`.
 *
 * # Safety
 * `findings` must point to a valid `poh_findings`.
 */
poh_status poh_findings_set_history(struct poh_findings *findings, uint32_t item, uint32_t value);

/**
 * Set whether imaging shows the specific pattern of ossification (`poh_tri`).
 * Errors: `OUT_OF_RANGE`, `NULL_ARGUMENT`.
 *
 * # Safety
 * `findings` must point to a valid `poh_findings`.
 */
poh_status poh_findings_set_imaging_pattern(struct poh_findings *findings, uint32_t value);

/**
 * Choose the list of AHO features by key (`"orphanet_665"`, the default, or
 * `"genereviews"`). Errors: `UNKNOWN_OPTION`, `NULL_ARGUMENT`, `STRING_TOO_LONG`,
 * `INVALID_UTF8`.
 *
 * # Safety
 * `findings` must point to a valid `poh_findings`; `key` to a NUL-terminated string.
 */
poh_status poh_findings_set_aho_list(struct poh_findings *findings, const char *key);

/**
 * Look up a citation by its id (`"pignolo_2015"`). Errors: `UNKNOWN_VALUE` (no such
 * citation), `NULL_ARGUMENT`, `STRING_TOO_LONG`, `INVALID_UTF8`. The `id` written is the
 * same pointer as in every `poh_cites` list.
 *
 * # Safety
 * `id` must be a NUL-terminated string; `out` must point to writable memory for one
 * `poh_citation`.
 */
poh_status poh_citation_lookup(const char *id, struct poh_citation *out);

/**
 * Evaluate a findings JSON document and write the assessment JSON (the same bytes as
 * every other binding) into `out`, NUL-terminated.
 *
 * `input` need not be NUL-terminated; `input_len` is its length in bytes (at most 65536).
 * On success `*out_len` is the JSON's length (without the NUL). On
 * `POH_STATUS_BUFFER_TOO_SMALL` `*out_len` is the capacity needed and `out` (when
 * `out_cap` > 0) is filled with NUL bytes: the empty string, none of the document; `out`
 * may be NULL when `out_cap` is 0 (a size query). On any other error `out` is untouched.
 *
 * Errors: every input error of the schema (`MALFORMED_JSON`, `UNKNOWN_FIELD`,
 * `INVALID_HPO_ID`, `TOO_MANY_PHENOTYPES`, ...), `EMPTY_INPUT`, `INPUT_TOO_LARGE`,
 * `BUFFER_TOO_SMALL`, `NULL_ARGUMENT`.
 *
 * # Safety
 * `input` must point to `input_len` readable bytes; `out` to `out_cap` writable bytes
 * (not overlapping `input`); `out_len` to a writable `size_t`.
 */
poh_status poh_evaluate_json(const char *input,
                             size_t input_len,
                             char *out,
                             size_t out_cap,
                             size_t *out_len);

/**
 * Parse a findings JSON document into `*out` (for callers that read JSON and then adjust
 * or inspect the struct). Errors: as `poh_evaluate_json`'s input errors, and
 * `NULL_ARGUMENT`. `*out` is written only on success.
 *
 * # Safety
 * `input` must point to `input_len` readable bytes; `out` to writable memory for one
 * `poh_findings`.
 */
poh_status poh_findings_from_json(const char *input, size_t input_len, struct poh_findings *out);

/**
 * Render an assessment as JSON into `out`: byte for byte what `poh_evaluate_json` gives
 * for the same findings. It re-evaluates `assessment->findings` (evaluation is
 * deterministic), so it needs no hidden state. Buffer convention and errors as
 * `poh_evaluate_json`.
 *
 * # Safety
 * `assessment` must point to a `poh_assessment` filled by `poh_evaluate`; `out` to
 * `out_cap` writable bytes; `out_len` to a writable `size_t`.
 */
poh_status poh_assessment_to_json(const struct poh_assessment *assessment,
                                  char *out,
                                  size_t out_cap,
                                  size_t *out_len);

/**
 * The text of a `poh_verdict` (`"met"`, `"not_met"`, `"unknown"`); `""` for another value.
 */
const char *poh_verdict_str(uint32_t verdict);

/**
 * The text of a `poh_overall` (`"met"`, `"not_met"`, `"indeterminate"`); `""` for
 * another value.
 */
const char *poh_overall_str(uint32_t overall);

/**
 * The text of a `poh_flag` (`"none"`, `"review"`, `"likely"`); `""` for another value.
 */
const char *poh_flag_str(uint32_t flag);

/**
 * The text of a `poh_presence` (`"present"`, `"absent"`, `"unknown"`); `""` for another
 * value.
 */
const char *poh_presence_str(uint32_t presence);

/**
 * The text of a `poh_lab` (`"low"`, `"normal"`, `"high"`, `"unknown"`); `""` for another
 * value.
 */
const char *poh_lab_str(uint32_t lab);

/**
 * The text of a `poh_sex` (`"female"`, `"male"`, `"other"`, `"unknown"`); `""` for
 * another value.
 */
const char *poh_sex_str(uint32_t sex);

/**
 * The text of a `poh_gnas_result` (`"pathogenic"`, ..., `"not_tested"`); `""` for
 * another value.
 */
const char *poh_gnas_result_str(uint32_t result);

/**
 * The text of a `poh_parent_of_origin` (`"paternal"`, `"maternal"`, `"de_novo"`,
 * `"unknown"`); `""` for another value.
 */
const char *poh_parent_of_origin_str(uint32_t origin);

/**
 * Defined by the firmware: called once on a panic; must not return.
 */
extern void poh_panic_handler(void);

/**
 * Evaluate a Phenopacket v2 JSON document and write the assessment JSON into `out`.
 * Buffer convention as `poh_evaluate_json`. Errors: as `poh_evaluate_json`, plus
 * `INVALID_PHENOPACKET`.
 *
 * # Safety
 * As `poh_evaluate_json`.
 */
poh_status poh_evaluate_phenopacket_json(const char *input,
                                         size_t input_len,
                                         char *out,
                                         size_t out_cap,
                                         size_t *out_len);

/**
 * Read a Phenopacket v2 JSON document into `*out`. Errors: as
 * `poh_evaluate_phenopacket_json`'s input errors, and `NULL_ARGUMENT`. `*out` is written
 * only on success.
 *
 * # Safety
 * `input` must point to `input_len` readable bytes; `out` to writable memory for one
 * `poh_findings`.
 */
poh_status poh_findings_from_phenopacket(const char *input,
                                         size_t input_len,
                                         struct poh_findings *out);

/**
 * One questionnaire step: input `{"age_months": 18, "sex": "female", "answers":
 * {"HP:0001482": "yes", "HP:0001156": "dont_know"}}` (answers keyed by the question's HPO
 * id: `yes`, `no`, `dont_know`); output `{"next": {...} or null, "asked", "outcome":
 * {...}}`. Buffer convention and input errors as `poh_evaluate_json`, plus `UNKNOWN_TERM`
 * (an answer to a question the questionnaire does not ask).
 *
 * # Safety
 * As `poh_evaluate_json`.
 */
poh_status poh_questionnaire_step_json(const char *input,
                                       size_t input_len,
                                       char *out,
                                       size_t out_cap,
                                       size_t *out_len);

/**
 * Start a session: every reply "not asked", the age (if `has_age` is 1) and the sex (a
 * `poh_sex` value) given. Errors: `OUT_OF_RANGE` (`has_age` not 0 or 1, an age over
 * `POH_MAX_AGE_MONTHS`, a sex outside `poh_sex`), `NULL_ARGUMENT`. `*session` is written
 * only on success.
 *
 * # Safety
 * `session` must point to writable memory for one `poh_session`.
 */
poh_status poh_session_start(struct poh_session *session,
                             uint8_t has_age,
                             uint16_t age_months,
                             uint8_t sex);

/**
 * The next question the core chooses (the one whose answer would change the assessment
 * most), or `has_question` false when the session is over. The answers are evaluated
 * into `*work` (a `poh_result` as `poh_evaluate_into` takes it): afterwards it holds
 * their assessment, readable through the `poh_result_*` accessors; on error it is
 * emptied. Errors: `OUT_OF_RANGE` and `UNKNOWN_TERM` (a session whose fields were set to
 * values `poh_session_start` and `poh_session_answer` never write), `OUT_OF_RANGE` for a
 * misaligned `work`, `NULL_ARGUMENT`. `*out` is written only on success.
 *
 * # Safety
 * `session` must point to a readable `poh_session`, `work` as `result` of
 * `poh_evaluate_into`, `out` to writable memory for one `poh_question`; none may overlap.
 */
poh_status poh_session_next(const struct poh_session *session,
                            struct poh_result *work,
                            struct poh_question *out);

/**
 * Record a reply (`poh_reply`: yes, no or don't know) to the question of `row`
 * (`poh_question.row`). Answering a row again replaces its reply. Errors: `UNKNOWN_TERM`
 * (a row without a question), `UNKNOWN_VALUE` (`POH_REPLY_NOT_ASKED`), `OUT_OF_RANGE`
 * (a reply outside `poh_reply`, or a session with values out of range),
 * `NULL_ARGUMENT`. `*session` changes only on success.
 *
 * # Safety
 * `session` must point to a readable and writable `poh_session`.
 */
poh_status poh_session_answer(struct poh_session *session, uint8_t row, uint8_t reply);

/**
 * The outcome so far: the referral level, the core's flag and the reasons, by id. The
 * answers are evaluated into `*work` as in `poh_session_next`. Errors as
 * `poh_session_next`. `*out` is written only on success.
 *
 * # Safety
 * As `poh_session_next`, with `out` writable for one `poh_outcome`.
 */
poh_status poh_session_outcome(const struct poh_session *session,
                               struct poh_result *work,
                               struct poh_outcome *out);

/**
 * The session's current step as JSON: byte for byte the document `poh_questionnaire_step_json`
 * (and the host's `poh --questionnaire`) gives for the same answers. The answers are
 * evaluated into `*work` as in `poh_session_next` (once, for the question and the
 * outcome). Buffer convention as `poh_evaluate_json`; errors as `poh_session_next`, plus
 * `BUFFER_TOO_SMALL`.
 *
 * # Safety
 * `session` must point to a readable `poh_session`; `work` as in `poh_session_next`;
 * `out` to `out_cap` writable bytes; `out_len` to a writable `size_t`; none overlapping.
 */
poh_status poh_session_step_json(const struct poh_session *session,
                                 struct poh_result *work,
                                 char *out,
                                 size_t out_cap,
                                 size_t *out_len);

/**
 * The session's current step as JSON (the bytes of `poh_session_step_json`), streamed
 * to `write` in pieces, with no buffer. No NUL is written. The answers are evaluated
 * into `*work` as in `poh_session_next`. Errors as `poh_session_next`.
 *
 * # Safety
 * `session` must point to a readable `poh_session`; `work` as in `poh_session_next`;
 * `write` must be callable with `context` (see `poh_write_fn`).
 */
poh_status poh_session_write_step_json(const struct poh_session *session,
                                       struct poh_result *work,
                                       poh_write_fn write,
                                       void *context);

/**
 * Evaluate `*findings` into `*result`: the same checks and the same assessment as
 * `poh_evaluate`, kept whole in `*result` and read through the `poh_result_*` accessors
 * (nothing is written but what the evaluation computes). `*result` may be zeroed
 * (`poh_result r = {0};`, the recommended start), hold any initialised bytes, or hold an
 * earlier result (it is reused in place). Do not pass uninitialised memory: its tag word
 * would be read before anything is written.
 *
 * On any error `*result` is emptied: its accessors say `POH_STATUS_NOT_EVALUATED`, so an
 * earlier patient's result is never left readable. Errors: those of `poh_evaluate`, and
 * `OUT_OF_RANGE` for `result` not aligned as a `poh_result` (only possible through a
 * cast; a declared `poh_result` always is).
 *
 * # Safety
 * `findings` must point to a valid `poh_findings`; `result` to initialised, writable
 * storage for one `poh_result` that no other thread uses during the call. They may not
 * overlap.
 */
poh_status poh_evaluate_into(const struct poh_findings *findings, struct poh_result *result);

/**
 * Evaluate a findings JSON document (the schema of `poh_evaluate_json`) into `*result`:
 * the assessment `poh_evaluate_json` renders, kept in the caller's storage (no scratch
 * area, no output buffer), then read through the accessors or rendered with
 * `poh_result_to_json` / `poh_result_write_json`. The findings are read into a core
 * value on the stack (about 2.4 KiB on 32-bit targets). `*result` as in
 * `poh_evaluate_into`, emptied on any error. Errors: the input errors of
 * `poh_evaluate_json`, `NULL_ARGUMENT`,
 * `OUT_OF_RANGE` (misaligned `result`).
 *
 * # Safety
 * `input` must point to `input_len` readable bytes; `result` as in `poh_evaluate_into`
 * (not overlapping `input`).
 */
poh_status poh_evaluate_json_into(const char *input, size_t input_len, struct poh_result *result);

/**
 * The summary of `*result`. Errors: `NOT_EVALUATED`, `NULL_ARGUMENT`, `OUT_OF_RANGE`
 * (misaligned `result`).
 *
 * # Safety
 * `result` must point to a `poh_result` (see `poh_evaluate_into`) not written during the
 * call; `out` to writable memory for one `poh_summary`.
 */
poh_status poh_result_summary(const struct poh_result *result, struct poh_summary *out);

/**
 * Major criterion `index` (published order; `criterion_count` of them) into `*out`.
 * Errors: `OUT_OF_RANGE` (index past the count, or misaligned `result`),
 * `NOT_EVALUATED`, `NULL_ARGUMENT`.
 *
 * # Safety
 * As `poh_result_summary`, with `out` writable for one `poh_criterion`.
 */
poh_status poh_result_criterion(const struct poh_result *result,
                                size_t index,
                                struct poh_criterion *out);

/**
 * Supporting finding `index` (`supporting_count` of them) into `*out`. Errors as
 * `poh_result_criterion`.
 *
 * # Safety
 * As `poh_result_summary`, with `out` writable for one `poh_supporting`.
 */
poh_status poh_result_supporting(const struct poh_result *result,
                                 size_t index,
                                 struct poh_supporting *out);

/**
 * The differential's entry at `rank` (0 = first; `differential_count` of them) into
 * `*out`. Errors as `poh_result_criterion`.
 *
 * # Safety
 * As `poh_result_summary`, with `out` writable for one `poh_ranked`.
 */
poh_status poh_result_ranked(const struct poh_result *result, size_t rank, struct poh_ranked *out);

/**
 * Explanation item `index` (`explanation_count` of them, criterion by criterion) into
 * `*out`. Errors as `poh_result_criterion`.
 *
 * # Safety
 * As `poh_result_summary`, with `out` writable for one `poh_explanation`.
 */
poh_status poh_result_explanation(const struct poh_result *result,
                                  size_t index,
                                  struct poh_explanation *out);

/**
 * Next step `index` (most decisive first; `next_step_count` of them) into `*out`.
 * Errors as `poh_result_criterion`.
 *
 * # Safety
 * As `poh_result_summary`, with `out` writable for one `poh_next_step`.
 */
poh_status poh_result_next_step(const struct poh_result *result,
                                size_t index,
                                struct poh_next_step *out);

/**
 * Unrecognized id `index` (`unrecognized_count` of them) into `*out`. Errors as
 * `poh_result_criterion`.
 *
 * # Safety
 * As `poh_result_summary`, with `out` writable for one `poh_unrecognized`.
 */
poh_status poh_result_unrecognized(const struct poh_result *result,
                                   size_t index,
                                   struct poh_unrecognized *out);

/**
 * The inheritance counseling of `*result` into `*out`: the answer when it was asked for
 * (`has_counseling`), else the empty answer (nothing known, no statement), as in
 * `poh_assessment.counseling`. Errors: `NOT_EVALUATED`, `NULL_ARGUMENT`, `OUT_OF_RANGE`
 * (misaligned `result`).
 *
 * # Safety
 * As `poh_result_summary`, with `out` writable for one `poh_counsel_answer`.
 */
poh_status poh_result_counseling(const struct poh_result *result, struct poh_counsel_answer *out);

/**
 * The assessment JSON of `*result` (the same bytes as `poh_evaluate_json` of the same
 * findings), rendered from the held assessment without evaluating again, into `out` by
 * the text-buffer convention (`POH_STATUS_BUFFER_TOO_SMALL` and a size query as in
 * `poh_evaluate_json`). Errors: `NOT_EVALUATED`, `BUFFER_TOO_SMALL`, `NULL_ARGUMENT`,
 * `OUT_OF_RANGE` (misaligned `result`).
 *
 * # Safety
 * As `poh_result_summary`; `out` must point to `out_cap` writable bytes (not overlapping
 * `*result`), `out_len` to a writable `size_t`.
 */
poh_status poh_result_to_json(const struct poh_result *result,
                              char *out,
                              size_t out_cap,
                              size_t *out_len);

/**
 * The assessment JSON of `*result` (the bytes of `poh_result_to_json`), streamed to
 * `write` in pieces, with no buffer: for devices with less RAM than the document (a
 * kiosk on a Cortex-M0 writes it straight to its UART). No NUL is written. Errors:
 * `NOT_EVALUATED`, `NULL_ARGUMENT` (`write` NULL), `OUT_OF_RANGE` (misaligned `result`).
 *
 * # Safety
 * As `poh_result_summary`; `write` must be callable with `context` (see `poh_write_fn`).
 */
poh_status poh_result_write_json(const struct poh_result *result,
                                 poh_write_fn write,
                                 void *context);

/**
 * Static English text for a status code (any value; unknown codes get a generic text).
 * Never NULL; the string lives as long as the program.
 */
const char *poh_status_str(uint32_t status);

/**
 * Static stable snake_case kind for a status code (`"ok"`, `"not_evaluated"`,
 * `"null_argument"`, `"panic"`,
 * or the core error's kind such as `"malformed_json"`); `"unknown"` for other values.
 * Never NULL.
 */
const char *poh_status_kind(uint32_t status);

/**
 * Parse `"HP:0001234"` (exactly `HP:` and seven digits) into its number (1234).
 * Errors: `INVALID_HPO_ID`, `NULL_ARGUMENT`, `STRING_TOO_LONG`, `INVALID_UTF8`.
 *
 * # Safety
 * `text` must be a NUL-terminated string; `out_id` must point to a writable `uint32_t`.
 */
poh_status poh_hpo_parse(const char *text, uint32_t *out_id);

/**
 * Write the text form of an HPO id number (`"HP:0001234"`) into `out` (needs
 * `POH_HPO_ID_CAP` bytes). Buffer convention as `poh_evaluate_json`.
 * Errors: `INVALID_HPO_ID` (above 9999999), `BUFFER_TOO_SMALL`, `NULL_ARGUMENT`.
 *
 * # Safety
 * `out` must point to `out_cap` writable bytes; `out_len` to a writable `size_t`.
 */
poh_status poh_hpo_format(uint32_t id, char *out, size_t out_cap, size_t *out_len);

/**
 * Write the label of a term (`"HP:0001156"` gives `"Brachydactyly"`) into `out`, from
 * the knowledge base's HPO subset (an alt_id gives its primary term's label). Buffer
 * convention as `poh_evaluate_json`.
 * Errors: `INVALID_HPO_ID`, `UNKNOWN_TERM` (not in the subset), `BUFFER_TOO_SMALL`,
 * `NULL_ARGUMENT`, `STRING_TOO_LONG`, `INVALID_UTF8`.
 *
 * # Safety
 * `hpo_id` must be a NUL-terminated string; `out` must point to `out_cap` writable bytes;
 * `out_len` to a writable `size_t`.
 */
poh_status poh_hpo_label(const char *hpo_id, char *out, size_t out_cap, size_t *out_len);

/**
 * Find a term by its exact label, ASCII case-insensitively (`"brachydactyly"` gives
 * 1156, i.e. `HP:0001156`). Errors: `UNKNOWN_TERM`, `NULL_ARGUMENT`, `STRING_TOO_LONG`,
 * `INVALID_UTF8`.
 *
 * # Safety
 * `label` must be a NUL-terminated string; `out_id` must point to a writable `uint32_t`.
 */
poh_status poh_hpo_by_label(const char *label, uint32_t *out_id);

/**
 * The ABI version of the linked library (`POH_ABI_VERSION` of the header it was built with).
 */
uint32_t poh_abi_version(void);

/**
 * The library version (`"0.1.0"`). Static, never NULL.
 */
const char *poh_version(void);

/**
 * The knowledge-base version, naming its sources (the `kb_version` of every assessment
 * JSON). Static, never NULL.
 */
const char *poh_kb_version(void);

/**
 * The HPO release the knowledge base was built from (`"2025-01-16"`). Static, never NULL.
 */
const char *poh_hpo_release(void);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* POH_H */
