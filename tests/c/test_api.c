/*
 * test_api.c: every entry point of include/poh.h and every status it documents.
 *
 * Built by tests/c/run.sh with -std=c99 -Wall -Wextra -Wpedantic -Werror, once with
 * ASan+UBSan and once plain for valgrind. Prints one line per failure and a final
 * "N passed, M failed" line; exits 1 on any failure.
 *
 * POH_STATUS_PANIC cannot be provoked through the public API (that is the point); the
 * guard that produces it is tested in Rust (ffi-c/src/lib.rs).
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "poh.h"

static int passed, failed;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (cond) {                                                                    \
            passed++;                                                                  \
        } else {                                                                       \
            failed++;                                                                  \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);            \
        }                                                                              \
    } while (0)

#define CHECK_STATUS(expr, want)                                                       \
    do {                                                                               \
        poh_status got_ = (expr);                                                      \
        if (got_ == (poh_status)(want)) {                                              \
            passed++;                                                                  \
        } else {                                                                       \
            failed++;                                                                  \
            fprintf(stderr, "FAIL %s:%d: %s\n  returned %u (%s), expected %s\n",       \
                    __FILE__, __LINE__, #expr, (unsigned)got_, poh_status_kind(got_),  \
                    #want);                                                            \
        }                                                                              \
    } while (0)

#define CHECK_STR(a, b) CHECK((a) != NULL && strcmp((a), (b)) == 0)

/* A typical POH toddler (tests/cases/typical_poh_toddler.json, abridged to the fields the
 * struct test sets too). */
static const char TODDLER_JSON[] =
    "{\"age_months\":24,\"sex\":\"female\",\"phenotypes\":["
    "{\"id\":\"HP:0025027\",\"onset_months\":4},"
    "{\"id\":\"HP:0034282\",\"onset_months\":10,\"modifiers\":[\"HP:0003676\"]},"
    "{\"id\":\"HP:0011987\",\"onset_months\":20,\"modifiers\":[\"HP:0003676\"]},"
    "{\"id\":\"HP:0001156\",\"excluded\":true},{\"id\":\"HP:0000311\",\"excluded\":true},"
    "{\"id\":\"HP:0004322\",\"excluded\":true},{\"id\":\"HP:0001513\",\"excluded\":true},"
    "{\"id\":\"HP:0001249\",\"excluded\":true},{\"id\":\"HP:0001511\"}],"
    "\"labs\":{\"pth\":\"normal\",\"calcium\":\"normal\"},"
    "\"gnas\":{\"result\":\"pathogenic\",\"parent_of_origin\":\"paternal\"},"
    "\"history\":{\"father_affected\":false},"
    "\"imaging\":{\"specific_pattern\":true}}";

#define BIG 65536
static char big[BIG];

static size_t all_bytes(const char *buf, size_t n, unsigned char v) {
    size_t i, same = 0;
    for (i = 0; i < n; i++) same += ((unsigned char)buf[i] == v);
    return same;
}

/* Field by field: structs have padding bytes that neither memcmp nor assignment define. */
static int findings_equal(const poh_findings *a, const poh_findings *b) {
    uint32_t i, j;
    if (a->has_age != b->has_age || a->sex != b->sex || a->age_months != b->age_months ||
        a->labs.pth != b->labs.pth || a->labs.calcium != b->labs.calcium ||
        a->labs.phosphate != b->labs.phosphate || a->labs.tsh != b->labs.tsh ||
        a->gnas.result != b->gnas.result || a->gnas.parent_of_origin != b->gnas.parent_of_origin ||
        a->history.trauma_or_surgery_at_site != b->history.trauma_or_surgery_at_site ||
        a->history.neurological_injury != b->history.neurological_injury ||
        a->history.father_affected != b->history.father_affected ||
        a->history.mother_affected != b->history.mother_affected ||
        a->imaging.specific_pattern != b->imaging.specific_pattern ||
        a->options.aho_list != b->options.aho_list ||
        a->options.counseling != b->options.counseling ||
        a->phenotype_count != b->phenotype_count || a->phenotype_count > POH_MAX_PHENOTYPES)
        return 0;
    for (i = 0; i < a->phenotype_count; i++) {
        const poh_phenotype *p = &a->phenotypes[i], *q = &b->phenotypes[i];
        if (p->id != q->id || p->excluded != q->excluded || p->has_onset != q->has_onset ||
            (p->has_onset && p->onset_months != q->onset_months) ||
            p->modifier_count != q->modifier_count || p->modifier_count > POH_MAX_MODIFIERS)
            return 0;
        for (j = 0; j < p->modifier_count; j++)
            if (p->modifiers[j] != q->modifiers[j]) return 0;
    }
    return 1;
}

static void build_toddler(poh_findings *f) {
    poh_phenotype *p;
    CHECK_STATUS(poh_findings_init(f), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_set_age(f, 24), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_set_sex(f, POH_SEX_FEMALE), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_add_term(f, "HP:0025027", 0), POH_STATUS_OK);
    CHECK_STATUS(poh_phenotype_set_onset(&f->phenotypes[f->phenotype_count - 1], 4),
                 POH_STATUS_OK);
    CHECK_STATUS(poh_findings_add_term(f, "HP:0034282", 0), POH_STATUS_OK);
    p = &f->phenotypes[f->phenotype_count - 1];
    CHECK_STATUS(poh_phenotype_set_onset(p, 10), POH_STATUS_OK);
    CHECK_STATUS(poh_phenotype_add_modifier(p, "HP:0003676"), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_add_term(f, "HP:0011987", 0), POH_STATUS_OK);
    p = &f->phenotypes[f->phenotype_count - 1];
    CHECK_STATUS(poh_phenotype_set_onset(p, 20), POH_STATUS_OK);
    CHECK_STATUS(poh_phenotype_add_modifier(p, "HP:0003676"), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_add_term(f, "HP:0001156", 1), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_add_term(f, "HP:0000311", 1), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_add_term(f, "HP:0004322", 1), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_add_term(f, "HP:0001513", 1), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_add_term(f, "HP:0001249", 1), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_add_term(f, "HP:0001511", 0), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_set_lab(f, POH_LAB_TEST_PTH, POH_LAB_NORMAL), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_set_lab(f, POH_LAB_TEST_CALCIUM, POH_LAB_NORMAL), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_set_gnas_result(f, POH_GNAS_RESULT_PATHOGENIC), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_set_parent_of_origin(f, POH_PARENT_OF_ORIGIN_PATERNAL),
                 POH_STATUS_OK);
    CHECK_STATUS(poh_findings_set_history(f, POH_HISTORY_ITEM_FATHER_AFFECTED, POH_TRI_FALSE),
                 POH_STATUS_OK);
    CHECK_STATUS(poh_findings_set_imaging_pattern(f, POH_TRI_TRUE), POH_STATUS_OK);
}

static void test_versions(void) {
    CHECK(poh_abi_version() == POH_ABI_VERSION);
    CHECK(strlen(poh_version()) > 0);
    CHECK(strncmp(poh_kb_version(), "poh-kb ", 7) == 0);
    CHECK_STR(poh_hpo_release(), "2025-01-16");
}

static void test_status_text(void) {
    /* The header's constants, the library's kinds and the core's codes agree. */
    static const struct {
        poh_status status;
        unsigned code;
        const char *kind;
    } all[] = {
        {POH_STATUS_OK, 0, "ok"},
        {POH_STATUS_MALFORMED_JSON, 100, "malformed_json"},
        {POH_STATUS_WRONG_TYPE, 101, "wrong_type"},
        {POH_STATUS_UNKNOWN_FIELD, 102, "unknown_field"},
        {POH_STATUS_DUPLICATE_FIELD, 103, "duplicate_field"},
        {POH_STATUS_INVALID_HPO_ID, 104, "invalid_hpo_id"},
        {POH_STATUS_PRESENT_AND_EXCLUDED, 105, "present_and_excluded"},
        {POH_STATUS_CONTRADICTORY_FINDINGS, 106, "contradictory_findings"},
        {POH_STATUS_OUT_OF_RANGE, 107, "out_of_range"},
        {POH_STATUS_TOO_DEEP, 108, "too_deep"},
        {POH_STATUS_INVALID_UTF8, 109, "invalid_utf8"},
        {POH_STATUS_TRAILING_CHARACTERS, 110, "trailing_characters"},
        {POH_STATUS_EMPTY_INPUT, 111, "empty_input"},
        {POH_STATUS_UNKNOWN_VALUE, 112, "unknown_value"},
        {POH_STATUS_TRUNCATED_INPUT, 113, "truncated_input"},
        {POH_STATUS_INVALID_MODIFIER, 114, "invalid_modifier"},
        {POH_STATUS_INVALID_PHENOPACKET, 115, "invalid_phenopacket"},
        {POH_STATUS_MISSING_FIELD, 116, "missing_field"},
        {POH_STATUS_NOT_EVALUATED, 198, "not_evaluated"},
        {POH_STATUS_NULL_ARGUMENT, 199, "null_argument"},
        {POH_STATUS_UNKNOWN_TERM, 200, "unknown_term"},
        {POH_STATUS_UNKNOWN_OPTION, 201, "unknown_option"},
        {POH_STATUS_TOO_MANY_PHENOTYPES, 300, "too_many_phenotypes"},
        {POH_STATUS_TOO_MANY_MODIFIERS, 301, "too_many_modifiers"},
        {POH_STATUS_BUFFER_TOO_SMALL, 302, "buffer_too_small"},
        {POH_STATUS_INPUT_TOO_LARGE, 303, "input_too_large"},
        {POH_STATUS_STRING_TOO_LONG, 304, "string_too_long"},
        {POH_STATUS_INTERNAL, 900, "internal"},
        {POH_STATUS_PANIC, 999, "panic"},
    };
    size_t i;
    for (i = 0; i < sizeof all / sizeof all[0]; i++) {
        const char *text = poh_status_str(all[i].status);
        CHECK((unsigned)all[i].status == all[i].code);
        CHECK_STR(poh_status_kind(all[i].status), all[i].kind);
        CHECK(text != NULL && strlen(text) > 5 && strcmp(text, "unknown status code") != 0);
    }
    CHECK_STR(poh_status_str(POH_STATUS_OK), "success");
    CHECK_STR(poh_status_kind(12345), "unknown");
    CHECK_STR(poh_status_str(12345), "unknown status code");
    CHECK_STR(poh_status_kind(117), "unknown");
}

static void test_json_entry_point(void) {
    size_t len = 0, need = 0, n;
    char *exact;
    poh_status s;

    /* Success: NUL-terminated, *out_len without the NUL. */
    memset(big, 0x7f, sizeof big);
    CHECK_STATUS(poh_evaluate_json(TODDLER_JSON, strlen(TODDLER_JSON), big, BIG, &len),
                 POH_STATUS_OK);
    CHECK(len > 1000 && len < BIG);
    CHECK(big[len] == '\0' && strlen(big) == len);
    CHECK(strncmp(big, "{\"kb_version\":\"poh-kb ", 22) == 0);
    CHECK(strstr(big, "\"poh\":{\"verdict\":\"met\"") != NULL);

    /* Size query: out NULL with out_cap 0. */
    CHECK_STATUS(poh_evaluate_json(TODDLER_JSON, strlen(TODDLER_JSON), NULL, 0, &need),
                 POH_STATUS_BUFFER_TOO_SMALL);
    CHECK(need == len + 1);

    /* Too small by one: the needed size, and an empty string (every byte of out_cap NUL,
     * none of the document); nothing past out_cap is touched. */
    exact = malloc(need);
    CHECK(exact != NULL);
    if (exact == NULL) return;
    memset(exact, 0xAA, need);
    n = 7;
    CHECK_STATUS(poh_evaluate_json(TODDLER_JSON, strlen(TODDLER_JSON), exact, need - 1, &n),
                 POH_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == need);
    CHECK(all_bytes(exact, need - 1, 0) == need - 1);
    CHECK((unsigned char)exact[need - 1] == 0xAA);
    memset(exact, 0xAA, need);
    n = 7;
    CHECK_STATUS(poh_evaluate_json(TODDLER_JSON, strlen(TODDLER_JSON), exact, 1, &n),
                 POH_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == need && exact[0] == '\0' && all_bytes(exact + 1, need - 1, 0xAA) == need - 1);
    /* Exactly the needed size: the same bytes. */
    CHECK_STATUS(poh_evaluate_json(TODDLER_JSON, strlen(TODDLER_JSON), exact, need, &n),
                 POH_STATUS_OK);
    CHECK(n == len && memcmp(exact, big, need) == 0);
    free(exact);

    /* NULL arguments: nothing written. */
    n = 7;
    CHECK_STATUS(poh_evaluate_json(NULL, 10, big, BIG, &n), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_evaluate_json(NULL, 0, big, BIG, &n), POH_STATUS_NULL_ARGUMENT);
    CHECK(n == 7);
    CHECK_STATUS(poh_evaluate_json("{}", 2, big, BIG, NULL), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_evaluate_json("{}", 2, NULL, 10, &n), POH_STATUS_NULL_ARGUMENT);
    CHECK(n == 7);

    /* Input errors: the documented status, output untouched. */
    memset(big, 0x55, 64);
    n = 7;
    CHECK_STATUS(poh_evaluate_json("{}", 0, big, BIG, &n), POH_STATUS_EMPTY_INPUT);
    CHECK_STATUS(poh_evaluate_json(" \n", 2, big, BIG, &n), POH_STATUS_EMPTY_INPUT);
    CHECK_STATUS(poh_evaluate_json("{", 1, big, BIG, &n), POH_STATUS_TRUNCATED_INPUT);
    CHECK_STATUS(poh_evaluate_json("{\"sex\":", 7, big, BIG, &n), POH_STATUS_TRUNCATED_INPUT);
    CHECK_STATUS(poh_evaluate_json("{\"sex\" 1}", 9, big, BIG, &n), POH_STATUS_MALFORMED_JSON);
    CHECK_STATUS(poh_evaluate_json("{\"age\":3}", 9, big, BIG, &n), POH_STATUS_UNKNOWN_FIELD);
    CHECK_STATUS(poh_evaluate_json("[1,2]", 5, big, BIG, &n), POH_STATUS_WRONG_TYPE);
    s = poh_evaluate_json("{\"sex\":\"female\",\"sex\":\"male\"}", 29, big, BIG, &n);
    CHECK_STATUS(s, POH_STATUS_DUPLICATE_FIELD);
    CHECK_STATUS(poh_evaluate_json("{\"sex\":\"f\"}", 11, big, BIG, &n), POH_STATUS_UNKNOWN_VALUE);
    CHECK_STATUS(poh_evaluate_json("{\"age_months\":1801}", 19, big, BIG, &n),
                 POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_evaluate_json("{} {}", 5, big, BIG, &n), POH_STATUS_TRAILING_CHARACTERS);
    CHECK_STATUS(poh_evaluate_json("{\"sex\":\"\xff\"}", 11, big, BIG, &n),
                 POH_STATUS_INVALID_UTF8);
    {
        const char *q = "{\"phenotypes\":[{\"id\":\"HP:12345\"}]}";
        CHECK_STATUS(poh_evaluate_json(q, strlen(q), big, BIG, &n), POH_STATUS_INVALID_HPO_ID);
        q = "{\"phenotypes\":[{\"excluded\":true}]}";
        CHECK_STATUS(poh_evaluate_json(q, strlen(q), big, BIG, &n), POH_STATUS_MISSING_FIELD);
        q = "{\"phenotypes\":[{\"id\":\"HP:0001156\"},{\"id\":\"HP:0001156\",\"excluded\":true}]}";
        CHECK_STATUS(poh_evaluate_json(q, strlen(q), big, BIG, &n),
                     POH_STATUS_PRESENT_AND_EXCLUDED);
        q = "{\"labs\":{\"pth\":\"high\"},\"phenotypes\":[{\"id\":\"HP:0003165\",\"excluded\":true}]}";
        CHECK_STATUS(poh_evaluate_json(q, strlen(q), big, BIG, &n),
                     POH_STATUS_CONTRADICTORY_FINDINGS);
        q = "{\"phenotypes\":[{\"id\":\"HP:0001156\",\"modifiers\":[\"HP:0001156\"]}]}";
        CHECK_STATUS(poh_evaluate_json(q, strlen(q), big, BIG, &n), POH_STATUS_INVALID_MODIFIER);
        q = "{\"phenotypes\":[{\"id\":\"HP:0001156\",\"modifiers\":[\"HP:0003676\","
            "\"HP:0003676\",\"HP:0003676\",\"HP:0003676\",\"HP:0003676\"]}]}";
        CHECK_STATUS(poh_evaluate_json(q, strlen(q), big, BIG, &n), POH_STATUS_TOO_MANY_MODIFIERS);
        q = "{\"options\":{\"aho_list\":\"who\"}}";
        CHECK_STATUS(poh_evaluate_json(q, strlen(q), big, BIG, &n), POH_STATUS_UNKNOWN_OPTION);
    }
    {
        /* 65 distinct terms of the HPO subset (one over the capacity of 64; terms outside
           the subset would not count); 13 levels of nesting; more than 65536 bytes. */
        static const unsigned subset_ids[65] = {876, 924, 925, 926, 927, 929, 934, 938, 939, 940, 944, 947, 951, 953, 957, 969, 1000, 1001, 1003, 1004, 1026, 1034, 1067, 1087, 1096, 1097, 1115, 1118, 1134, 1137, 1155, 1156, 1167, 1172, 1177, 1181, 1199, 1204, 1222, 1230, 1234, 1241, 1249, 1250, 1256, 1263, 1265, 1266, 1268, 1289, 1308, 1315, 1327, 1332, 1336, 1337, 1344, 1361, 1367, 1369, 1374, 1376, 1377, 1385, 1387};
        static char doc[70000];
        size_t at = 0, i;
        at += (size_t)sprintf(doc, "{\"phenotypes\":[");
        for (i = 0; i < 65; i++)
            at += (size_t)sprintf(doc + at, "%s{\"id\":\"HP:%07u\"}", i ? "," : "",
                                  subset_ids[i]);
        at += (size_t)sprintf(doc + at, "]}");
        CHECK_STATUS(poh_evaluate_json(doc, at, big, BIG, &n), POH_STATUS_TOO_MANY_PHENOTYPES);
        for (i = 0; i < 13; i++) doc[i] = '[';
        for (i = 0; i < 13; i++) doc[13 + i] = ']';
        CHECK_STATUS(poh_evaluate_json(doc, 26, big, BIG, &n), POH_STATUS_TOO_DEEP);
        memset(doc, ' ', sizeof doc);
        doc[0] = '{';
        doc[sizeof doc - 1] = '}';
        CHECK_STATUS(poh_evaluate_json(doc, sizeof doc, big, BIG, &n), POH_STATUS_INPUT_TOO_LARGE);
    }
    CHECK(n == 7);
    CHECK(all_bytes(big, 64, 0x55) == 64);
}

static void test_struct_api(void) {
    poh_findings f, copy;
    poh_assessment *a = malloc(sizeof *a), *sentinel = malloc(sizeof *a);
    size_t len = 0, len2 = 0, i;
    unsigned total;
    static char json2[BIG];

    CHECK(a != NULL && sentinel != NULL);
    if (a == NULL || sentinel == NULL) return;

    build_toddler(&f);
    CHECK(f.phenotype_count == 9);
    CHECK(f.phenotypes[1].id == 34282 && f.phenotypes[1].has_onset == 1 &&
          f.phenotypes[1].onset_months == 10 && f.phenotypes[1].modifier_count == 1 &&
          f.phenotypes[1].modifiers[0] == 3676);
    CHECK(f.phenotypes[3].excluded == 1);
    CHECK(f.has_age == 1 && f.age_months == 24 && f.labs.pth == POH_LAB_NORMAL);

    CHECK_STATUS(poh_evaluate(&f, a), POH_STATUS_OK);
    CHECK(a->verdict == POH_OVERALL_MET);
    CHECK(a->provisional);
    CHECK_STR(a->criteria[0].info->key, "superficial_to_deep");
    CHECK(a->criteria[0].verdict == POH_VERDICT_MET);
    CHECK(a->criteria[1].verdict == POH_VERDICT_MET);
    CHECK_STR(a->criteria[1].aho_list, "orphanet_665");
    CHECK(a->criteria[0].aho_list == NULL);
    CHECK(a->criteria[2].verdict == POH_VERDICT_MET && a->criteria[2].provisional);
    CHECK(a->criteria[2].info->provisional_reason != NULL &&
          strlen(a->criteria[2].info->provisional_reason) > 10);
    CHECK(a->criteria[0].info->cites.count > 0 && a->criteria[0].info->cites.ids[0] != NULL);
    CHECK(a->criteria[0].info->cites.ids[a->criteria[0].info->cites.count] == NULL);
    CHECK_STR(a->supporting[0].info->key, "gnas_variant");
    CHECK(a->supporting[0].status == POH_PRESENCE_PRESENT);
    CHECK_STR(a->supporting[0].input.field, "gnas.result");
    CHECK_STR(a->supporting[3].info->key, "iugr");
    CHECK(a->supporting[3].status == POH_PRESENCE_PRESENT && a->supporting[3].input.term == 1511);
    CHECK_STR(a->differential[0].info->id, "OMIM:166350");
    CHECK_STR(a->differential[0].info->abbreviation, "POH");
    CHECK(a->poh_rank == 1);
    total = 0;
    for (i = 0; i < POH_DISEASE_COUNT; i++) {
        CHECK(a->differential[i].info != NULL && a->differential[i].info->id != NULL &&
              a->differential[i].info->name != NULL);
        total += a->differential[i].posterior_permille;
        /* Ranked by pretest-weighted score: posteriors never rise down the list, and the
           modelled disorders (equal pretests) keep their LR order. */
        if (i > 0) CHECK(a->differential[i - 1].posterior_permille >= a->differential[i].posterior_permille);
    }
    CHECK(total >= 990 && total <= 1010);
    CHECK(a->differential[0].posterior_permille > 500);
    /* "None of the modelled disorders" is always ranked; ossification present and POH
       more likely than not: the flag is likely. */
    {
        int other = 0;
        for (i = 0; i < POH_DISEASE_COUNT; i++)
            if (strcmp(a->differential[i].info->id, "POHKB:OTHER") == 0 &&
                a->differential[i].log10_lr_milli == 0)
                other++;
        CHECK(other == 1);
    }
    CHECK(a->flag == POH_FLAG_LIKELY);
    CHECK(a->explanation_count >= 4 && a->explanation_count <= POH_MAX_EXPLANATION);
    CHECK(a->explanation[0].criterion == a->criteria[0].info);
    CHECK_STR(a->explanation[0].criterion->key, "superficial_to_deep");
    CHECK(a->explanation[0].status == POH_PRESENCE_PRESENT);
    CHECK(a->note_count == POH_MAX_NOTES || a->note_count > 0);
    CHECK(a->next_step_count <= POH_MAX_NEXT_STEPS);
    for (i = 0; i < a->next_step_count; i++)
        CHECK(a->next_steps[i].info != NULL && a->next_steps[i].info->key != NULL &&
              a->next_steps[i].info->text != NULL && a->next_steps[i].info->kind != NULL);
    CHECK(a->unrecognized_count == 0);
    CHECK(a->kb_version == poh_kb_version() || strcmp(a->kb_version, poh_kb_version()) == 0);
    CHECK(!a->has_counseling);

    /* The struct path renders the same JSON as the JSON path, byte for byte. */
    CHECK_STATUS(poh_assessment_to_json(a, big, BIG, &len), POH_STATUS_OK);
    CHECK_STATUS(poh_evaluate_json(TODDLER_JSON, strlen(TODDLER_JSON), json2, BIG, &len2),
                 POH_STATUS_OK);
    CHECK(len == len2 && memcmp(big, json2, len + 1) == 0);
    CHECK_STATUS(poh_assessment_to_json(a, NULL, 0, &len2), POH_STATUS_BUFFER_TOO_SMALL);
    CHECK(len2 == len + 1);
    CHECK_STATUS(poh_assessment_to_json(NULL, big, BIG, &len2), POH_STATUS_NULL_ARGUMENT);

    /* JSON into the struct gives the same findings. */
    CHECK_STATUS(poh_findings_from_json(TODDLER_JSON, strlen(TODDLER_JSON), &copy), POH_STATUS_OK);
    CHECK(findings_equal(&copy, &f));
    memset(&copy, 0x33, sizeof copy);
    CHECK_STATUS(poh_findings_from_json("{\"x\":1}", 7, &copy), POH_STATUS_UNKNOWN_FIELD);
    CHECK(all_bytes((const char *)&copy, sizeof copy, 0x33) == sizeof copy);
    CHECK_STATUS(poh_findings_from_json(NULL, 2, &copy), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_findings_from_json("{}", 2, NULL), POH_STATUS_NULL_ARGUMENT);

    /* Failed setters leave the struct untouched. */
    copy = f;
    CHECK_STATUS(poh_findings_add_term(&f, "HP:12", 0), POH_STATUS_INVALID_HPO_ID);
    CHECK_STATUS(poh_findings_add_term(&f, "hp:0001156", 0), POH_STATUS_INVALID_HPO_ID);
    CHECK_STATUS(poh_findings_add_term(&f, "HP:0001156", 2), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_findings_add_term(&f, "\xff\xfe", 0), POH_STATUS_INVALID_UTF8);
    CHECK_STATUS(poh_findings_set_age(&f, 1801), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_findings_set_sex(&f, 4), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_findings_set_sex(&f, 256 + POH_SEX_MALE), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_findings_set_lab(&f, 5, POH_LAB_NORMAL), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_findings_set_lab(&f, POH_LAB_TEST_GS_ALPHA_ACTIVITY, POH_LAB_HIGH), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_findings_set_lab(&f, POH_LAB_TEST_GS_ALPHA_ACTIVITY, POH_LAB_LOW), POH_STATUS_OK);
    CHECK(f.labs.gs_alpha_activity == POH_LAB_LOW);
    CHECK_STATUS(poh_findings_set_lab(&f, POH_LAB_TEST_TSH, 4), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_findings_set_gnas_result(&f, 5), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_findings_set_parent_of_origin(&f, 4), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_findings_set_history(&f, 4, POH_TRI_TRUE), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_findings_set_history(&f, POH_HISTORY_ITEM_FATHER_AFFECTED, 3),
                 POH_STATUS_OUT_OF_RANGE);
    /* Arguments in the wrong order are refused, never a silent OK (issue 16). */
    CHECK_STATUS(poh_findings_set_lab(&f, POH_LAB_HIGH, POH_LAB_TEST_PTH), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_findings_set_lab(&f, POH_LAB_UNKNOWN, POH_LAB_TEST_TSH), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_findings_set_history(&f, POH_TRI_TRUE, POH_HISTORY_ITEM_FATHER_AFFECTED),
                 POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_findings_set_lab(&f, POH_LAB_TEST_PTH, POH_LAB_TEST_PTH), POH_STATUS_OUT_OF_RANGE);
    /* Enum texts for a card: static, the JSON's words; "" (never NULL) for a stray value. */
    CHECK(strcmp(poh_verdict_str(POH_VERDICT_MET), "met") == 0);
    CHECK(strcmp(poh_verdict_str(POH_VERDICT_NOT_MET), "not_met") == 0);
    CHECK(strcmp(poh_overall_str(POH_OVERALL_INDETERMINATE), "indeterminate") == 0);
    CHECK(strcmp(poh_flag_str(POH_FLAG_REVIEW), "review") == 0);
    CHECK(strcmp(poh_presence_str(POH_PRESENCE_ABSENT), "absent") == 0);
    CHECK(strcmp(poh_lab_str(POH_LAB_HIGH), "high") == 0);
    CHECK(strcmp(poh_sex_str(POH_SEX_FEMALE), "female") == 0);
    CHECK(strcmp(poh_gnas_result_str(POH_GNAS_RESULT_LIKELY_PATHOGENIC), "likely_pathogenic") == 0);
    CHECK(strcmp(poh_parent_of_origin_str(POH_PARENT_OF_ORIGIN_DE_NOVO), "de_novo") == 0);
    CHECK(strcmp(poh_flag_str(77), "") == 0 && strcmp(poh_verdict_str(0xFFFFFFFFu), "") == 0);
    /* Error details: where and what, beside the status. */
    {
        static const char doc[] = "{\"age_years\": 4}";
        poh_error_detail d;
        char tiny[8];
        size_t n = 0;
        poh_status st = poh_evaluate_json(doc, sizeof doc - 1, tiny, sizeof tiny, &n);
        CHECK_STATUS(st, POH_STATUS_UNKNOWN_FIELD);
        CHECK(poh_error_details_available()); /* the host library has the `explain` feature */
        CHECK_STATUS(poh_explain_error(POH_READER_FINDINGS, doc, sizeof doc - 1, st, &d),
                     POH_STATUS_OK);
        CHECK(d.status == POH_STATUS_UNKNOWN_FIELD && d.has_path && d.has_offset);
        CHECK(strcmp(d.path, "age_years") == 0 && d.offset == 1);
        CHECK(strstr(d.hint, "age_months") != NULL);
        CHECK(strstr(d.allowed, "age_months, sex, phenotypes") == d.allowed);
        CHECK(strstr(d.message, "age_years") != NULL);
        CHECK_STATUS(poh_explain_error(POH_READER_FINDINGS, doc, sizeof doc - 1, st, NULL),
                     POH_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(poh_explain_error(POH_READER_FINDINGS, NULL, 0, st, &d),
                     POH_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(poh_explain_error(9, doc, sizeof doc - 1, st, &d), POH_STATUS_OUT_OF_RANGE);
        CHECK_STATUS(poh_explain_error(POH_READER_FINDINGS, doc, sizeof doc - 1,
                                       POH_STATUS_NULL_ARGUMENT, &d),
                     POH_STATUS_OK);
        CHECK(d.status == POH_STATUS_NULL_ARGUMENT && !d.has_path && !d.has_offset);
    }
    CHECK_STATUS(poh_findings_set_imaging_pattern(&f, 3), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_findings_set_aho_list(&f, "who"), POH_STATUS_UNKNOWN_OPTION);
    CHECK_STATUS(poh_phenotype_set_onset(&f.phenotypes[0], 1801), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_phenotype_add_modifier(&f.phenotypes[0], "HP:3676"), POH_STATUS_INVALID_HPO_ID);
    CHECK(findings_equal(&copy, &f));

    /* NULL arguments of every struct function. */
    CHECK_STATUS(poh_findings_init(NULL), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_findings_add_term(NULL, "HP:0001156", 0), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_findings_add_term(&f, NULL, 0), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_phenotype_set_onset(NULL, 1), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_phenotype_add_modifier(NULL, "HP:0003676"), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_phenotype_add_modifier(&f.phenotypes[0], NULL), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_findings_set_age(NULL, 1), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_findings_set_sex(NULL, 1), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_findings_set_lab(NULL, 0, 1), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_findings_set_gnas_result(NULL, 1), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_findings_set_parent_of_origin(NULL, 1), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_findings_set_history(NULL, 0, 1), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_findings_set_imaging_pattern(NULL, 1), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_findings_set_aho_list(NULL, "genereviews"), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_findings_set_aho_list(&f, NULL), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_evaluate(NULL, a), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_evaluate(&f, NULL), POH_STATUS_NULL_ARGUMENT);
    CHECK(findings_equal(&copy, &f));

    /* Capacities: the 33rd term and the 5th modifier are refused, nothing dropped. */
    CHECK_STATUS(poh_findings_init(&copy), POH_STATUS_OK);
    for (i = 0; i < POH_MAX_PHENOTYPES; i++) {
        char id[POH_HPO_ID_CAP];
        size_t n;
        CHECK_STATUS(poh_hpo_format((uint32_t)(1000 + i), id, sizeof id, &n), POH_STATUS_OK);
        CHECK_STATUS(poh_findings_add_term(&copy, id, 0), POH_STATUS_OK);
    }
    CHECK_STATUS(poh_findings_add_term(&copy, "HP:0001156", 0), POH_STATUS_TOO_MANY_PHENOTYPES);
    CHECK(copy.phenotype_count == POH_MAX_PHENOTYPES);
    for (i = 0; i < POH_MAX_MODIFIERS; i++)
        CHECK_STATUS(poh_phenotype_add_modifier(&copy.phenotypes[0], "HP:0003676"), POH_STATUS_OK);
    CHECK_STATUS(poh_phenotype_add_modifier(&copy.phenotypes[0], "HP:0003676"),
                 POH_STATUS_TOO_MANY_MODIFIERS);
    CHECK(copy.phenotypes[0].modifier_count == POH_MAX_MODIFIERS);

    /* poh_evaluate checks fields written directly; the assessment is untouched on error. */
    memset(sentinel, 0x5A, sizeof *sentinel);
    memcpy(a, sentinel, sizeof *a);
    copy = f;
    copy.phenotype_count = POH_MAX_PHENOTYPES + 1;
    CHECK_STATUS(poh_evaluate(&copy, a), POH_STATUS_TOO_MANY_PHENOTYPES);
    copy = f;
    copy.phenotypes[0].modifier_count = POH_MAX_MODIFIERS + 1;
    CHECK_STATUS(poh_evaluate(&copy, a), POH_STATUS_TOO_MANY_MODIFIERS);
    copy = f;
    copy.phenotypes[0].id = POH_MAX_HPO_NUMBER + 1;
    CHECK_STATUS(poh_evaluate(&copy, a), POH_STATUS_INVALID_HPO_ID);
    copy = f;
    copy.labs.pth = 9;
    CHECK_STATUS(poh_evaluate(&copy, a), POH_STATUS_OUT_OF_RANGE);
    copy = f;
    copy.has_age = 2;
    CHECK_STATUS(poh_evaluate(&copy, a), POH_STATUS_OUT_OF_RANGE);
    copy = f;
    copy.options.aho_list = 7;
    CHECK_STATUS(poh_evaluate(&copy, a), POH_STATUS_UNKNOWN_OPTION);
    copy = f;
    copy.phenotypes[3].id = copy.phenotypes[0].id; /* present and excluded */
    CHECK_STATUS(poh_evaluate(&copy, a), POH_STATUS_PRESENT_AND_EXCLUDED);
    copy = f;
    copy.phenotypes[0].modifiers[copy.phenotypes[0].modifier_count++] = 1156;
    CHECK_STATUS(poh_evaluate(&copy, a), POH_STATUS_INVALID_MODIFIER);
    CHECK(memcmp(a, sentinel, sizeof *a) == 0);

    /* A zeroed struct is "everything unknown": indeterminate, never "not met". */
    memset(&copy, 0, sizeof copy);
    CHECK_STATUS(poh_evaluate(&copy, a), POH_STATUS_OK);
    CHECK(a->verdict == POH_OVERALL_INDETERMINATE);
    CHECK(a->criteria[0].verdict == POH_VERDICT_UNKNOWN);
    CHECK(a->next_step_count > 0);

    /* An unknown but well-formed term is listed, not scored; alt ids are mapped. */
    CHECK_STATUS(poh_findings_init(&copy), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_add_term(&copy, "HP:0001156", 0), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_add_term(&copy, "HP:9999999", 0), POH_STATUS_OK);
    CHECK_STATUS(poh_findings_add_term(&copy, "HP:0001189", 1), POH_STATUS_OK);
    CHECK_STATUS(poh_evaluate(&copy, a), POH_STATUS_PRESENT_AND_EXCLUDED);
    copy.phenotype_count = 2;
    CHECK_STATUS(poh_evaluate(&copy, a), POH_STATUS_OK);
    CHECK(a->unrecognized_count == 1 && a->unrecognized[0].id == 9999999 &&
          a->unrecognized[0].entry == 1);

    /* The other AHO list and counseling ride along. */
    copy = f;
    CHECK_STATUS(poh_findings_set_aho_list(&copy, "genereviews"), POH_STATUS_OK);
    CHECK(copy.options.aho_list == 1);
    copy.options.counseling = 1;
    CHECK_STATUS(poh_evaluate(&copy, a), POH_STATUS_OK);
    CHECK_STR(a->criteria[1].aho_list, "genereviews");
    CHECK(a->has_counseling && a->counseling.inherit_known && a->counseling.inherit_percent == 50);
    CHECK(a->counseling.expected == POH_EXPECTED_PHP1A_OR_PHP1C);
    CHECK_STATUS(poh_assessment_to_json(a, big, BIG, &len), POH_STATUS_OK);
    CHECK(strstr(big, "\"counseling\":{") != NULL && strstr(big, "\"aho_list\":\"genereviews\"") != NULL);
    copy.options.counseling = 2;
    CHECK_STATUS(poh_evaluate(&copy, a), POH_STATUS_OUT_OF_RANGE);

    free(a);
    free(sentinel);
}

/* poh_result: evaluated in place, read through accessors; zeroed = not evaluated; emptied
 * by a failed evaluation; every pointer argument checked. (Agreement of every accessor with
 * the plain struct on every golden case: golden.c --result.) */
/* The open world's two inputs in the struct (ABI 4): active vitamin D voids the weight of
   a normal PTH against PHP1A; a clinic's pretest moves weight from OTHER to the modelled
   set; an out-of-range pretest is refused. */
static int lr_of(const poh_assessment *a, const char *abbreviation) {
    size_t i;
    for (i = 0; i < POH_DISEASE_COUNT; i++)
        if (strcmp(a->differential[i].info->abbreviation, abbreviation) == 0)
            return a->differential[i].log10_lr_milli;
    return -999999;
}

static unsigned posterior_of(const poh_assessment *a, const char *abbreviation) {
    size_t i;
    for (i = 0; i < POH_DISEASE_COUNT; i++)
        if (strcmp(a->differential[i].info->abbreviation, abbreviation) == 0)
            return a->differential[i].posterior_permille;
    return 9999;
}

static void test_open_world_inputs(void) {
    poh_findings f;
    poh_assessment *a = malloc(sizeof *a);
    int untreated, treated;
    unsigned other_default, other_clinic;

    CHECK(a != NULL);
    if (a == NULL) return;
    build_toddler(&f);
    f.age_months = 360; /* an adult: a normal PTH weighs fully */
    CHECK(f.labs.pth == POH_LAB_NORMAL);
    CHECK_STATUS(poh_evaluate(&f, a), POH_STATUS_OK);
    untreated = lr_of(a, "PHP1A");
    other_default = posterior_of(a, "OTHER");
    f.treatment.active_vitamin_d = POH_TRI_TRUE;
    CHECK_STATUS(poh_evaluate(&f, a), POH_STATUS_OK);
    treated = lr_of(a, "PHP1A");
    CHECK(treated > untreated);
    f.options.pretest_per_million = 1000000;
    CHECK_STATUS(poh_evaluate(&f, a), POH_STATUS_OUT_OF_RANGE);
    /* A weak patient: one non-specific finding, so OTHER holds weight to move. */
    poh_findings_init(&f);
    f.phenotype_count = 1;
    f.phenotypes[0].id = 1482; /* HP:0001482 Subcutaneous nodule */
    CHECK_STATUS(poh_evaluate(&f, a), POH_STATUS_OK);
    other_default = posterior_of(a, "OTHER");
    f.options.pretest_per_million = 500000;
    CHECK_STATUS(poh_evaluate(&f, a), POH_STATUS_OK);
    other_clinic = posterior_of(a, "OTHER");
    CHECK(other_default > 900 && other_clinic < other_default);
    free(a);
}

static void test_result_api(void) {
    static poh_result r, garbage;
    poh_findings f, bad;
    poh_summary s;
    poh_ranked d;
    poh_criterion c;
    poh_supporting sp;
    poh_explanation e;
    poh_next_step n;
    poh_unrecognized u;
    poh_counsel_answer ca;
    size_t len = 0, len2 = 0;
    static char json2[BIG];

    memset(&r, 0, sizeof r);
    CHECK_STATUS(poh_result_summary(&r, &s), POH_STATUS_NOT_EVALUATED);
    CHECK_STATUS(poh_result_ranked(&r, 0, &d), POH_STATUS_NOT_EVALUATED);
    CHECK_STATUS(poh_result_to_json(&r, big, BIG, &len), POH_STATUS_NOT_EVALUATED);

    build_toddler(&f);
    CHECK_STATUS(poh_evaluate_into(&f, &r), POH_STATUS_OK);
    CHECK_STATUS(poh_result_summary(&r, &s), POH_STATUS_OK);
    CHECK(s.verdict == POH_OVERALL_MET && s.provisional);
    CHECK(s.criterion_count == POH_CRITERIA_COUNT && s.supporting_count == POH_SUPPORTING_COUNT);
    CHECK(s.differential_count == POH_DISEASE_COUNT && s.poh_rank == 1);
    CHECK(s.explanation_count > 0 && s.explanation_count <= POH_MAX_EXPLANATION);
    CHECK(s.next_step_count <= POH_MAX_NEXT_STEPS);
    CHECK(s.note_count > 0 && s.notes != NULL && s.notes[0].key != NULL);
    CHECK_STR(s.kb_version, poh_kb_version());
    CHECK(!s.has_counseling);
    CHECK_STATUS(poh_result_ranked(&r, 0, &d), POH_STATUS_OK);
    CHECK_STR(d.info->key, "poh");
    CHECK(d.posterior_permille > 500);
    CHECK_STATUS(poh_result_ranked(&r, s.differential_count, &d), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_result_criterion(&r, 0, &c), POH_STATUS_OK);
    CHECK_STR(c.info->key, "superficial_to_deep");
    CHECK(c.verdict == POH_VERDICT_MET);
    CHECK_STATUS(poh_result_criterion(&r, 3, &c), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_result_supporting(&r, 0, &sp), POH_STATUS_OK);
    CHECK_STR(sp.input.field, "gnas.result");
    CHECK_STATUS(poh_result_explanation(&r, s.explanation_count - 1, &e), POH_STATUS_OK);
    CHECK(e.criterion != NULL && e.group != NULL);
    CHECK_STATUS(poh_result_explanation(&r, s.explanation_count, &e), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_result_next_step(&r, s.next_step_count, &n), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_result_unrecognized(&r, s.unrecognized_count, &u), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_result_counseling(&r, &ca), POH_STATUS_OK);
    CHECK(!ca.inherit_known && ca.statement_count == 0);
    /* The JSON of the result = the JSON entry point's, byte for byte. */
    CHECK_STATUS(poh_result_to_json(&r, big, BIG, &len), POH_STATUS_OK);
    CHECK_STATUS(poh_evaluate_json(TODDLER_JSON, strlen(TODDLER_JSON), json2, BIG, &len2),
                 POH_STATUS_OK);
    CHECK(len == len2 && memcmp(big, json2, len) == 0);
    CHECK_STATUS(poh_result_to_json(&r, NULL, 0, &len2), POH_STATUS_BUFFER_TOO_SMALL);
    CHECK(len2 == len + 1);

    /* A failed evaluation empties the result: the last patient's is not left readable. */
    bad = f;
    bad.labs.pth = 77;
    CHECK_STATUS(poh_evaluate_into(&bad, &r), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_result_summary(&r, &s), POH_STATUS_NOT_EVALUATED);
    bad = f;
    bad.phenotypes[bad.phenotype_count] = bad.phenotypes[1];
    bad.phenotypes[bad.phenotype_count].excluded = 1;
    bad.phenotype_count++;
    CHECK_STATUS(poh_evaluate_into(&f, &r), POH_STATUS_OK);
    CHECK_STATUS(poh_evaluate_into(&bad, &r), POH_STATUS_PRESENT_AND_EXCLUDED);
    CHECK_STATUS(poh_result_ranked(&r, 0, &d), POH_STATUS_NOT_EVALUATED);
    /* Storage holding garbage (never evaluated into) is fine to evaluate into. */
    memset(&garbage, 0xA5, sizeof garbage);
    CHECK_STATUS(poh_result_summary(&garbage, &s), POH_STATUS_NOT_EVALUATED);
    CHECK_STATUS(poh_evaluate_into(&f, &garbage), POH_STATUS_OK);
    CHECK_STATUS(poh_result_to_json(&garbage, json2, BIG, &len2), POH_STATUS_OK);
    CHECK(len2 == len && memcmp(big, json2, len) == 0);

    /* Counseling, when asked for. */
    f.options.counseling = 1;
    CHECK_STATUS(poh_evaluate_into(&f, &r), POH_STATUS_OK);
    CHECK_STATUS(poh_result_summary(&r, &s), POH_STATUS_OK);
    CHECK(s.has_counseling);
    CHECK_STATUS(poh_result_counseling(&r, &ca), POH_STATUS_OK);
    CHECK(ca.statement_count > 0 && ca.statements[0] != NULL);

    /* Every pointer argument. */
    CHECK_STATUS(poh_evaluate_into(NULL, &r), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_evaluate_into(&f, NULL), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_result_summary(NULL, &s), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_result_summary(&r, NULL), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_result_criterion(&r, 0, NULL), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_result_supporting(NULL, 0, &sp), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_result_ranked(&r, 0, NULL), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_result_explanation(NULL, 0, &e), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_result_next_step(&r, 0, NULL), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_result_unrecognized(NULL, 0, &u), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_result_counseling(&r, NULL), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_result_to_json(NULL, big, BIG, &len), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_result_to_json(&r, big, BIG, NULL), POH_STATUS_NULL_ARGUMENT);
    /* Misaligned storage (OUT_OF_RANGE) needs a cast that C itself leaves undefined: tested
     * in Rust (ffi-c/src/result.rs). */
}

static void test_terms(void) {
    char out[256];
    size_t n = 0;
    uint32_t id = 0;
    static char long_label[POH_MAX_STRING_ARG + 10];

    CHECK_STATUS(poh_hpo_label("HP:0001156", out, sizeof out, &n), POH_STATUS_OK);
    CHECK_STR(out, "Brachydactyly");
    CHECK(n == 13);
    /* An alt_id gives its primary term's label. */
    CHECK_STATUS(poh_hpo_label("HP:0001189", out, sizeof out, &n), POH_STATUS_OK);
    CHECK_STR(out, "Brachydactyly");
    memset(out, 0x44, sizeof out);
    CHECK_STATUS(poh_hpo_label("HP:0001156", out, 13, &n), POH_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == 14 && all_bytes(out, 13, 0) == 13);
    CHECK(all_bytes(out + 13, sizeof out - 13, 0x44) == sizeof out - 13);
    CHECK_STATUS(poh_hpo_label("HP:0001156", NULL, 0, &n), POH_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == 14);
    CHECK_STATUS(poh_hpo_label("HP:9999999", out, sizeof out, &n), POH_STATUS_UNKNOWN_TERM);
    CHECK_STATUS(poh_hpo_label("HP:1", out, sizeof out, &n), POH_STATUS_INVALID_HPO_ID);
    CHECK_STATUS(poh_hpo_label(NULL, out, sizeof out, &n), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_hpo_label("HP:0001156", out, sizeof out, NULL), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_hpo_label("HP:0001156", NULL, 5, &n), POH_STATUS_NULL_ARGUMENT);

    CHECK_STATUS(poh_hpo_by_label("brachydactyly", &id), POH_STATUS_OK);
    CHECK(id == 1156);
    CHECK_STATUS(poh_hpo_by_label("Progressive", &id), POH_STATUS_OK);
    CHECK(id == 3676);
    id = 42;
    CHECK_STATUS(poh_hpo_by_label("not a phenotype", &id), POH_STATUS_UNKNOWN_TERM);
    CHECK(id == 42);
    CHECK_STATUS(poh_hpo_by_label("\xff", &id), POH_STATUS_INVALID_UTF8);
    memset(long_label, 'a', sizeof long_label - 1);
    long_label[sizeof long_label - 1] = '\0';
    CHECK_STATUS(poh_hpo_by_label(long_label, &id), POH_STATUS_STRING_TOO_LONG);
    CHECK_STATUS(poh_hpo_by_label(NULL, &id), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_hpo_by_label("brachydactyly", NULL), POH_STATUS_NULL_ARGUMENT);

    CHECK_STATUS(poh_hpo_parse("HP:0025027", &id), POH_STATUS_OK);
    CHECK(id == 25027);
    CHECK_STATUS(poh_hpo_parse("HP:00250270", &id), POH_STATUS_INVALID_HPO_ID);
    CHECK_STATUS(poh_hpo_parse(NULL, &id), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_hpo_parse("HP:0025027", NULL), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_hpo_format(25027, out, POH_HPO_ID_CAP, &n), POH_STATUS_OK);
    CHECK_STR(out, "HP:0025027");
    CHECK(n == 10);
    CHECK_STATUS(poh_hpo_format(25027, out, POH_HPO_ID_CAP - 1, &n), POH_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == POH_HPO_ID_CAP);
    CHECK_STATUS(poh_hpo_format(POH_MAX_HPO_NUMBER + 1, out, sizeof out, &n),
                 POH_STATUS_INVALID_HPO_ID);
    CHECK_STATUS(poh_hpo_format(1, out, sizeof out, NULL), POH_STATUS_NULL_ARGUMENT);
}

static void test_citations(void) {
    poh_citation c;
    memset(&c, 0, sizeof c);
    CHECK_STATUS(poh_citation_lookup("pignolo_2015", &c), POH_STATUS_OK);
    CHECK_STR(c.id, "pignolo_2015");
    CHECK(c.text != NULL && strstr(c.text, "Pignolo RJ") != NULL);
    CHECK(c.verified != NULL && strlen(c.verified) > 0);
    CHECK_STATUS(poh_citation_lookup("nobody_1900", &c), POH_STATUS_UNKNOWN_VALUE);
    CHECK_STATUS(poh_citation_lookup(NULL, &c), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_citation_lookup("pignolo_2015", NULL), POH_STATUS_NULL_ARGUMENT);
}

static void test_counseling(void) {
    poh_counsel_query q;
    poh_counsel_answer a;
    size_t n = 0, i, need = 0;
    int fifty = 0;
    const char *json = "{\"condition\":\"poh\",\"sex\":\"female\",\"gnas\":\"pathogenic\"}";

    /* The seed's question: a 17-year-old daughter with POH thinking about children. */
    memset(&q, 0, sizeof q);
    q.condition = POH_CONDITION_POH;
    q.sex = POH_SEX_FEMALE;
    q.gnas_result = POH_GNAS_RESULT_PATHOGENIC;
    CHECK_STATUS(poh_counsel(&q, &a), POH_STATUS_OK);
    CHECK(a.inherit_known && a.inherit_percent == 50);
    CHECK(a.expected == POH_EXPECTED_PHP1A_OR_PHP1C);
    CHECK_STR(a.expected_key, "php1a_or_php1c");
    CHECK(a.statement_count > 0 && a.statement_count <= POH_MAX_STATEMENTS);
    for (i = 0; i < a.statement_count; i++) {
        CHECK(a.statements[i] != NULL && a.statements[i]->text != NULL &&
              a.statements[i]->cites.count > 0);
        if (a.statements[i] != NULL && strcmp(a.statements[i]->key, "fifty_percent") == 0)
            fifty = 1;
    }
    CHECK(fifty);
    /* Variant status unknown: no percentage. */
    q.gnas_result = POH_GNAS_RESULT_NOT_TESTED;
    CHECK_STATUS(poh_counsel(&q, &a), POH_STATUS_OK);
    CHECK(!a.inherit_known && a.inherit_percent == 0);
    q.condition = 8;
    CHECK_STATUS(poh_counsel(&q, &a), POH_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(poh_counsel(NULL, &a), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_counsel(&q, NULL), POH_STATUS_NULL_ARGUMENT);

    CHECK_STATUS(poh_counsel_json(json, strlen(json), big, BIG, &n), POH_STATUS_OK);
    CHECK(n == strlen(big) && strstr(big, "\"inherit_percent\":50") != NULL);
    CHECK(strstr(big, "\"expected_in_child\":\"php1a_or_php1c\"") != NULL);
    CHECK_STATUS(poh_counsel_json(json, strlen(json), NULL, 0, &need), POH_STATUS_BUFFER_TOO_SMALL);
    CHECK(need == n + 1);
    CHECK_STATUS(poh_counsel_json("{\"age\":1}", 9, big, BIG, &n), POH_STATUS_UNKNOWN_FIELD);
    CHECK_STATUS(poh_counsel_json("{\"condition\":\"flu\"}", 19, big, BIG, &n),
                 POH_STATUS_UNKNOWN_VALUE);
    CHECK_STATUS(poh_counsel_json(NULL, 0, big, BIG, &n), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_counsel_json(json, strlen(json), big, BIG, NULL), POH_STATUS_NULL_ARGUMENT);
}

static void test_phenopacket(void) {
    static const char pp[] =
        "{\"id\":\"p1\",\"subject\":{\"id\":\"s\",\"sex\":\"FEMALE\","
        "\"timeAtLastEncounter\":{\"age\":{\"iso8601duration\":\"P2Y\"}}},"
        "\"phenotypicFeatures\":[{\"type\":{\"id\":\"HP:0034282\",\"label\":\"x\"}},"
        "{\"type\":{\"id\":\"HP:0011987\",\"label\":\"y\"}}]}";
    poh_findings f;
    size_t n = 0;
    CHECK_STATUS(poh_evaluate_phenopacket_json(pp, strlen(pp), big, BIG, &n), POH_STATUS_OK);
    CHECK(n == strlen(big) && strncmp(big, "{\"kb_version\":", 14) == 0);
    CHECK_STATUS(poh_findings_from_phenopacket(pp, strlen(pp), &f), POH_STATUS_OK);
    CHECK(f.phenotype_count == 2 && f.phenotypes[0].id == 34282 && f.sex == POH_SEX_FEMALE);
    CHECK(f.has_age == 1 && f.age_months == 24);
    {
        const char *bad = "{\"phenotypicFeatures\":[{\"excluded\":true}]}";
        CHECK_STATUS(poh_evaluate_phenopacket_json(bad, strlen(bad), big, BIG, &n),
                     POH_STATUS_INVALID_PHENOPACKET);
    }
    CHECK_STATUS(poh_evaluate_phenopacket_json(pp, strlen(pp), NULL, 0, &n),
                 POH_STATUS_BUFFER_TOO_SMALL);
    CHECK_STATUS(poh_evaluate_phenopacket_json(NULL, 1, big, BIG, &n), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_findings_from_phenopacket(pp, strlen(pp), NULL), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_findings_from_phenopacket("{", 1, &f), POH_STATUS_TRUNCATED_INPUT);
}

static void test_questionnaire(void) {
    const char *first = "{\"age_months\":18,\"sex\":\"female\",\"answers\":{}}";
    const char *unknown = "{\"answers\":{\"HP:0100242\":\"yes\"}}";
    const char *bad_reply = "{\"answers\":{\"HP:0001482\":\"maybe\"}}";
    size_t n = 0, need = 0;
    CHECK_STATUS(poh_questionnaire_step_json(first, strlen(first), big, BIG, &n), POH_STATUS_OK);
    CHECK(n == strlen(big) && strstr(big, "\"next\":{") != NULL && strstr(big, "\"outcome\":{") != NULL);
    CHECK_STATUS(poh_questionnaire_step_json(first, strlen(first), NULL, 0, &need),
                 POH_STATUS_BUFFER_TOO_SMALL);
    CHECK(need == n + 1);
    memset(big, 0x66, need);
    CHECK_STATUS(poh_questionnaire_step_json(first, strlen(first), big, need - 1, &n),
                 POH_STATUS_BUFFER_TOO_SMALL);
    CHECK(all_bytes(big, need - 1, 0) == need - 1 && (unsigned char)big[need - 1] == 0x66);
    CHECK_STATUS(poh_questionnaire_step_json(unknown, strlen(unknown), big, BIG, &n),
                 POH_STATUS_UNKNOWN_TERM);
    CHECK_STATUS(poh_questionnaire_step_json(bad_reply, strlen(bad_reply), big, BIG, &n),
                 POH_STATUS_UNKNOWN_VALUE);
    CHECK_STATUS(poh_questionnaire_step_json(NULL, 0, big, BIG, &n), POH_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(poh_questionnaire_step_json(first, strlen(first), big, BIG, NULL),
                 POH_STATUS_NULL_ARGUMENT);
}

/* The text-buffer contract, the same for every entry point that writes text: success
 * with a large buffer; the size query (NULL, 0) gives length + 1; an exact fit gives the
 * same bytes and touches nothing past them; a too-small buffer (1, half, one short) gives
 * BUFFER_TOO_SMALL, the size needed and an empty string: every byte of out_cap is NUL, none
 * of the document is left, nothing past out_cap is touched. */
typedef poh_status (*text_fn)(const void *ctx, char *out, size_t cap, size_t *len);

static const char PHENOPACKET_JSON[] =
    "{\"id\":\"p1\",\"subject\":{\"id\":\"s\",\"sex\":\"FEMALE\","
    "\"timeAtLastEncounter\":{\"age\":{\"iso8601duration\":\"P2Y\"}}},"
    "\"phenotypicFeatures\":[{\"type\":{\"id\":\"HP:0034282\",\"label\":\"x\"}},"
    "{\"type\":{\"id\":\"HP:0011987\",\"label\":\"y\"}}]}";
static const char COUNSEL_JSON[] = "{\"condition\":\"poh\",\"sex\":\"female\",\"gnas\":\"pathogenic\"}";
static const char STEP_JSON[] = "{\"age_months\":18,\"sex\":\"female\",\"answers\":{}}";

static poh_status text_evaluate_json(const void *ctx, char *out, size_t cap, size_t *len) {
    return poh_evaluate_json(ctx, strlen(ctx), out, cap, len);
}
static poh_status text_phenopacket_json(const void *ctx, char *out, size_t cap, size_t *len) {
    return poh_evaluate_phenopacket_json(ctx, strlen(ctx), out, cap, len);
}
static poh_status text_counsel_json(const void *ctx, char *out, size_t cap, size_t *len) {
    return poh_counsel_json(ctx, strlen(ctx), out, cap, len);
}
static poh_status text_step_json(const void *ctx, char *out, size_t cap, size_t *len) {
    return poh_questionnaire_step_json(ctx, strlen(ctx), out, cap, len);
}
static poh_status text_assessment_to_json(const void *ctx, char *out, size_t cap, size_t *len) {
    return poh_assessment_to_json(ctx, out, cap, len);
}
static poh_status text_hpo_label(const void *ctx, char *out, size_t cap, size_t *len) {
    return poh_hpo_label(ctx, out, cap, len);
}
static poh_status text_hpo_format(const void *ctx, char *out, size_t cap, size_t *len) {
    return poh_hpo_format(*(const uint32_t *)ctx, out, cap, len);
}

static void check_text_buffer(const char *name, text_fn fn, const void *ctx) {
    static char ref[BIG], buf[BIG];
    size_t len = 0, need = 0, n, caps[3], i;
    int failed_before = failed;
    CHECK_STATUS(fn(ctx, ref, BIG, &len), POH_STATUS_OK);
    CHECK(len > 0 && len + 2 < BIG && ref[len] == '\0' && strlen(ref) == len);
    if (failed != failed_before) {
        fprintf(stderr, "  (text buffer contract of %s)\n", name);
        return;
    }
    CHECK_STATUS(fn(ctx, NULL, 0, &need), POH_STATUS_BUFFER_TOO_SMALL);
    CHECK(need == len + 1);
    need = len + 1;

    memset(buf, 0xAA, need + 1);
    n = 7;
    CHECK_STATUS(fn(ctx, buf, need, &n), POH_STATUS_OK);
    CHECK(n == len && memcmp(buf, ref, need) == 0 && (unsigned char)buf[need] == 0xAA);

    caps[0] = 1;
    caps[1] = need / 2;
    caps[2] = need - 1;
    for (i = 0; i < 3; i++) {
        size_t cap = caps[i];
        memset(buf, 0xAA, need + 1);
        n = 7;
        CHECK_STATUS(fn(ctx, buf, cap, &n), POH_STATUS_BUFFER_TOO_SMALL);
        CHECK(n == need);
        CHECK(all_bytes(buf, cap, 0) == cap);
        CHECK(all_bytes(buf + cap, need + 1 - cap, 0xAA) == need + 1 - cap);
    }
    if (failed != failed_before) fprintf(stderr, "  (text buffer contract of %s)\n", name);
}

static void test_text_buffers(void) {
    poh_findings f;
    poh_assessment *a = malloc(sizeof *a);
    const uint32_t id = 25027;
    CHECK(a != NULL);
    if (a == NULL) return;
    build_toddler(&f);
    CHECK_STATUS(poh_evaluate(&f, a), POH_STATUS_OK);
    check_text_buffer("poh_evaluate_json", text_evaluate_json, TODDLER_JSON);
    check_text_buffer("poh_evaluate_json (empty findings)", text_evaluate_json, "{}");
    check_text_buffer("poh_evaluate_phenopacket_json", text_phenopacket_json, PHENOPACKET_JSON);
    check_text_buffer("poh_counsel_json", text_counsel_json, COUNSEL_JSON);
    check_text_buffer("poh_questionnaire_step_json", text_step_json, STEP_JSON);
    check_text_buffer("poh_assessment_to_json", text_assessment_to_json, a);
    check_text_buffer("poh_hpo_label", text_hpo_label, "HP:0001156");
    check_text_buffer("poh_hpo_format", text_hpo_format, &id);
    free(a);
}

/* Every citation list: count ids, each a known citation (the very pointer
 * poh_citation_lookup gives), then NULL. */
static int cites_ok(const poh_cites *c) {
    uint32_t j;
    poh_citation cit;
    if (c->ids == NULL || c->count > POH_MAX_CITES || c->ids[c->count] != NULL) return 0;
    for (j = 0; j < c->count; j++) {
        if (c->ids[j] == NULL || poh_citation_lookup(c->ids[j], &cit) != POH_STATUS_OK ||
            cit.id != c->ids[j])
            return 0;
    }
    return 1;
}

static int text_ok(const char *s) { return s != NULL && s[0] != '\0'; }

/* ABI v2: entries point to static knowledge-base records. Every pointer in use is set, the
 * records carry every key, text and citation, and they are the same records whatever the
 * patient. */
static void test_info_records(void) {
    static const char *const criterion_keys[POH_CRITERIA_COUNT] = {
        "superficial_to_deep", "aho_at_most_two", "no_pth_resistance"};
    poh_findings f, empty;
    poh_assessment *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    size_t i, k;
    int poh_seen = 0;
    CHECK(POH_ABI_VERSION == 6 && poh_abi_version() == 6);
    CHECK(a != NULL && b != NULL);
    if (a == NULL || b == NULL) {
        free(a);
        free(b);
        return;
    }
    build_toddler(&f);
    f.options.counseling = 1;
    CHECK_STATUS(poh_evaluate(&f, a), POH_STATUS_OK);
    memset(&empty, 0, sizeof empty);
    CHECK_STATUS(poh_evaluate(&empty, b), POH_STATUS_OK);

    for (i = 0; i < POH_CRITERIA_COUNT; i++) {
        const poh_criterion_info *c = a->criteria[i].info;
        CHECK(c != NULL && c == b->criteria[i].info);
        if (c == NULL) continue;
        CHECK_STR(c->key, criterion_keys[i]);
        CHECK(text_ok(c->text) && cites_ok(&c->cites) && c->cites.count > 0);
        CHECK(!a->criteria[i].provisional || text_ok(c->provisional_reason));
    }
    for (i = 0; i < POH_SUPPORTING_COUNT; i++) {
        const poh_supporting_info *s = a->supporting[i].info;
        CHECK(s != NULL && s == b->supporting[i].info);
        if (s != NULL) CHECK(text_ok(s->key) && text_ok(s->text) && cites_ok(&s->cites));
    }
    /* The differential ranks every disease once: the eight records, in any order. */
    for (i = 0; i < POH_DISEASE_COUNT; i++) {
        const poh_disease_info *d = a->differential[i].info;
        int in_b = 0;
        CHECK(d != NULL);
        if (d == NULL) continue;
        CHECK(text_ok(d->key) && text_ok(d->id) && text_ok(d->name) && text_ok(d->abbreviation) &&
              text_ok(d->summary) && cites_ok(&d->cites) && d->cites.count > 0);
        for (k = 0; k < POH_DISEASE_COUNT; k++) {
            in_b += b->differential[k].info == d;
            if (k < i) CHECK(a->differential[k].info != d);
        }
        CHECK(in_b == 1);
        if (strcmp(d->key, "poh") == 0) {
            poh_seen = 1;
            CHECK(a->poh_rank == i + 1);
        }
    }
    CHECK(poh_seen);
    /* Explanation items go criterion by criterion and point to the criteria's records. */
    CHECK(a->explanation_count > 0);
    for (i = 0, k = 0; i < a->explanation_count; i++) {
        const poh_explanation *e = &a->explanation[i];
        while (k < POH_CRITERIA_COUNT && a->criteria[k].info != e->criterion) k++;
        CHECK(k < POH_CRITERIA_COUNT);
        if (k < POH_CRITERIA_COUNT) CHECK(e->criterion_verdict == a->criteria[k].verdict);
        CHECK(e->group != NULL);
        if (e->group != NULL)
            CHECK(text_ok(e->group->key) && text_ok(e->group->label) && cites_ok(&e->group->cites));
    }
    CHECK(a->next_step_count > 0 || b->next_step_count > 0);
    for (i = 0; i < b->next_step_count; i++) {
        const poh_step_info *s = b->next_steps[i].info;
        CHECK(s != NULL);
        if (s != NULL)
            CHECK(text_ok(s->key) && text_ok(s->kind) && text_ok(s->text) && cites_ok(&s->cites));
    }
    CHECK(a->note_count > 0 && a->notes != NULL);
    for (i = 0; i < a->note_count; i++)
        CHECK(text_ok(a->notes[i].key) && text_ok(a->notes[i].topic) &&
              text_ok(a->notes[i].text) && cites_ok(&a->notes[i].cites));
    CHECK(a->has_counseling && a->counseling.statement_count > 0);
    for (i = 0; i < a->counseling.statement_count; i++) {
        const poh_statement_info *s = a->counseling.statements[i];
        CHECK(s != NULL);
        if (s != NULL) CHECK(text_ok(s->key) && text_ok(s->text) && cites_ok(&s->cites));
    }
    /* poh_counsel points to the same statement records. */
    {
        poh_counsel_query q;
        poh_counsel_answer ans;
        memset(&q, 0, sizeof q);
        q.condition = POH_CONDITION_POH;
        q.sex = POH_SEX_FEMALE;
        q.gnas_result = POH_GNAS_RESULT_PATHOGENIC;
        CHECK_STATUS(poh_counsel(&q, &ans), POH_STATUS_OK);
        CHECK(ans.statement_count > 0);
        for (i = 0; i < ans.statement_count; i++) {
            const poh_statement_info *s = ans.statements[i];
            CHECK(s != NULL);
            if (s == NULL) continue;
            /* The same statement is the same record, by key and by pointer. */
            for (k = 0; k < a->counseling.statement_count; k++)
                if (strcmp(a->counseling.statements[k]->key, s->key) == 0)
                    CHECK(a->counseling.statements[k] == s);
        }
    }
    free(a);
    free(b);
}

/* poh_evaluate writes every field of the caller's struct in place: whatever the memory held
 * before, entries past each count are zero (NULL pointers), as are citation slots past
 * their count. */
static void test_struct_fully_written(void) {
    poh_findings f;
    poh_assessment *a = malloc(sizeof *a);
    size_t i, j;
    CHECK(a != NULL);
    if (a == NULL) return;
    build_toddler(&f);
    memset(a, 0x5A, sizeof *a);
    CHECK_STATUS(poh_evaluate(&f, a), POH_STATUS_OK);
    CHECK(a->explanation_count <= POH_MAX_EXPLANATION && a->next_step_count <= POH_MAX_NEXT_STEPS);
    for (i = a->explanation_count; i < POH_MAX_EXPLANATION; i++)
        CHECK(a->explanation[i].criterion == NULL && a->explanation[i].group == NULL &&
              a->explanation[i].criterion_verdict == POH_VERDICT_UNKNOWN &&
              a->explanation[i].status == POH_PRESENCE_UNKNOWN &&
              a->explanation[i].input.term == 0 && a->explanation[i].input.field == NULL);
    for (i = a->next_step_count; i < POH_MAX_NEXT_STEPS; i++)
        CHECK(a->next_steps[i].info == NULL && !a->next_steps[i].decides_criterion &&
              a->next_steps[i].separation_milli == 0);
    /* Notes are all or nothing: the static array, or NULL. */
    CHECK(a->note_count <= POH_MAX_NOTES && (a->note_count == 0) == (a->notes == NULL));
    for (i = a->unrecognized_count; i < POH_MAX_PHENOTYPES; i++)
        CHECK(a->unrecognized[i].id == 0 && a->unrecognized[i].entry == 0);
    CHECK(!a->has_counseling && a->counseling.statement_count == 0 &&
          !a->counseling.inherit_known && a->counseling.inherit_percent == 0);
    for (i = 0; i < POH_MAX_STATEMENTS; i++)
        CHECK(a->counseling.statements[i] == NULL);
    for (i = 0; i < POH_DISEASE_COUNT; i++) {
        const poh_cites *c = &a->differential[i].info->cites;
        CHECK(c->count > 0 && c->count <= POH_MAX_CITES);
        for (j = 0; j <= c->count; j++) CHECK((j < c->count) == (c->ids[j] != NULL));
    }
    for (i = 0; i < a->explanation_count; i++) {
        const poh_cites *c = &a->explanation[i].group->cites;
        CHECK(c->count <= POH_MAX_CITES && c->ids != NULL);
        for (j = 0; j <= c->count; j++) CHECK((j < c->count) == (c->ids[j] != NULL));
    }
    CHECK(findings_equal(&a->findings, &f));
    /* poh_findings_from_json too: phenotype entries past the count are zero. */
    {
        poh_findings g;
        memset(&g, 0x77, sizeof g);
        CHECK_STATUS(poh_findings_from_json(TODDLER_JSON, strlen(TODDLER_JSON), &g), POH_STATUS_OK);
        CHECK(findings_equal(&g, &f));
        for (i = g.phenotype_count; i < POH_MAX_PHENOTYPES; i++)
            CHECK(g.phenotypes[i].id == 0 && g.phenotypes[i].modifier_count == 0 &&
                  g.phenotypes[i].has_onset == 0 && g.phenotypes[i].modifiers[3] == 0);
        for (i = 0; i < g.phenotype_count; i++)
            for (j = g.phenotypes[i].modifier_count; j < POH_MAX_MODIFIERS; j++)
                CHECK(g.phenotypes[i].modifiers[j] == 0);
    }
    /* The same assessment from a zeroed struct, field for field where it matters. */
    {
        poh_assessment *b = calloc(1, sizeof *b);
        CHECK(b != NULL);
        if (b != NULL) {
            CHECK_STATUS(poh_evaluate(&f, b), POH_STATUS_OK);
            CHECK(b->verdict == a->verdict && b->poh_rank == a->poh_rank &&
                  b->explanation_count == a->explanation_count &&
                  b->next_step_count == a->next_step_count && b->note_count == a->note_count);
            for (i = 0; i < POH_DISEASE_COUNT; i++)
                CHECK(b->differential[i].info == a->differential[i].info &&
                      b->differential[i].log10_lr_milli == a->differential[i].log10_lr_milli &&
                      b->differential[i].posterior_permille == a->differential[i].posterior_permille);
            free(b);
        }
    }
    /* Counseling asked for: statements in use, the rest zero. */
    memset(a, 0x5A, sizeof *a);
    f.options.counseling = 1;
    CHECK_STATUS(poh_evaluate(&f, a), POH_STATUS_OK);
    CHECK(a->has_counseling && a->counseling.statement_count > 0 &&
          a->counseling.statement_count <= POH_MAX_STATEMENTS);
    for (i = 0; i < a->counseling.statement_count; i++)
        CHECK(a->counseling.statements[i] != NULL && a->counseling.statements[i]->cites.count > 0);
    for (i = a->counseling.statement_count; i < POH_MAX_STATEMENTS; i++)
        CHECK(a->counseling.statements[i] == NULL);
    free(a);
}

/* No global mutable state: threads evaluating at once get the reference bytes. */
#define THREADS 4
static char reference[BIG];
static size_t reference_len;

static void *worker(void *arg) {
    static char outs[THREADS][BIG];
    char *out = outs[*(int *)arg];
    int i, ok = 1;
    for (i = 0; i < 25; i++) {
        size_t n = 0;
        poh_status s = poh_evaluate_json(TODDLER_JSON, strlen(TODDLER_JSON), out, BIG, &n);
        ok &= (s == POH_STATUS_OK && n == reference_len && memcmp(out, reference, n) == 0);
    }
    *(int *)arg = ok;
    return NULL;
}

static void test_threads(void) {
    pthread_t t[THREADS];
    int ids[THREADS], i;
    CHECK_STATUS(poh_evaluate_json(TODDLER_JSON, strlen(TODDLER_JSON), reference, BIG,
                                   &reference_len),
                 POH_STATUS_OK);
    for (i = 0; i < THREADS; i++) {
        ids[i] = i;
        CHECK(pthread_create(&t[i], NULL, worker, &ids[i]) == 0);
    }
    for (i = 0; i < THREADS; i++) {
        CHECK(pthread_join(t[i], NULL) == 0);
        CHECK(ids[i] == 1);
    }
}

int main(void) {
    test_versions();
    test_status_text();
    test_json_entry_point();
    test_struct_api();
    test_open_world_inputs();
    test_result_api();
    test_terms();
    test_citations();
    test_counseling();
    test_phenopacket();
    test_questionnaire();
    test_text_buffers();
    test_struct_fully_written();
    test_info_records();
    test_threads();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
