/*
 * bench/c/bench.c: the C ABI timed from C (clock_gettime), and one call of each path for
 * instruction counting under callgrind. Built and run by bench/run.sh against libpoh.a.
 *
 *   bench time [SECONDS_PER_CASE]   prints one JSON object per line:
 *       {"name": ..., "ns_median": ..., "ns_min": ..., "ns_p10": ..., "ns_p90": ...,
 *        "batches": ..., "iters_per_batch": ...}
 *   bench once json|struct|struct_to_json|result|result_read_all   one call (for
 *       --toggle-collect; result_read_all: poh_evaluate_into, then every accessor: read_all)
 *
 * Timing: each case runs in batches sized to about 10 ms; the per-call time of a batch is
 * its elapsed time divided by its calls; the figures are over batches. Nothing is
 * asserted: a benchmark never fails on time.
 *
 * The inputs are bench/src/lib.rs's: the typical 12-term case and the minimal case as
 * JSON (read from files given by run.sh), and the worst case built here field by field.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "poh.h"

static char out_buf[1 << 17];
static volatile uint32_t sink;

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    buf[n] = 0;
    *len = (size_t)n;
    return buf;
}

static void check(poh_status s, const char *what) {
    if (s != POH_STATUS_OK) {
        fprintf(stderr, "%s: %u %s\n", what, (unsigned)s, poh_status_kind(s));
        exit(1);
    }
}

/* The worst case of bench/src/lib.rs: every capacity full. */
static void worst(poh_findings *f) {
    static const uint32_t ids[32] = {25027, 11987, 34282, 6000071, 11988, 11989, 1156, 10044,
                                     311,   4322,  1513,  1249,    1482,  1376,  2653, 10766,
                                     1034,  2758,  200034, 31013,  1511,  1533,  852,  3456,
                                     1844,  10109, 2949,  30431,   200042, 9826, 12733, 135};
    static const uint32_t mods[4] = {3676, 3593, 12825, 3676};
    poh_findings_init(f);
    f->has_age = 1;
    f->age_months = 120;
    f->labs.pth = POH_LAB_HIGH;
    f->labs.calcium = POH_LAB_LOW;
    f->labs.phosphate = POH_LAB_HIGH;
    f->labs.tsh = POH_LAB_HIGH;
    f->gnas.result = POH_GNAS_RESULT_PATHOGENIC;
    f->gnas.parent_of_origin = POH_PARENT_OF_ORIGIN_MATERNAL;
    f->history.trauma_or_surgery_at_site = POH_TRI_TRUE;
    f->history.neurological_injury = POH_TRI_TRUE;
    f->history.father_affected = POH_TRI_TRUE;
    f->history.mother_affected = POH_TRI_TRUE;
    f->imaging.specific_pattern = POH_TRI_TRUE;
    f->phenotype_count = 32;
    for (int i = 0; i < 32; i++) {
        poh_phenotype *p = &f->phenotypes[i];
        p->id = ids[i];
        p->modifier_count = 4;
        memcpy(p->modifiers, mods, sizeof mods);
    }
}

enum kind {
    STRUCT_EVAL,
    RESULT_EVAL,
    RESULT_EVAL_READ_ALL,
    JSON_ROUND_TRIP,
    STRUCT_TO_JSON,
    RESULT_TO_JSON,
    FINDINGS_FROM_JSON
};

struct bench_case {
    const char *name;
    enum kind kind;
    const poh_findings *findings;
    const char *json;
    size_t json_len;
};

static poh_assessment assessment;
static poh_result result;
static poh_findings parsed;

/* Every accessor of the result, every entry (what a caller reading all of it pays; not
 * inlined, so that callgrind can count it: --toggle-collect=read_all). */
__attribute__((noinline)) static uint32_t read_all(const poh_result *r) {
    poh_summary s;
    check(poh_result_summary(r, &s), "poh_result_summary");
    uint32_t acc = s.verdict + s.poh_rank;
    poh_criterion c;
    for (size_t i = 0; i < s.criterion_count; i++) {
        check(poh_result_criterion(r, i, &c), "poh_result_criterion");
        acc += c.verdict;
    }
    poh_supporting sp;
    for (size_t i = 0; i < s.supporting_count; i++) {
        check(poh_result_supporting(r, i, &sp), "poh_result_supporting");
        acc += sp.status;
    }
    poh_ranked d;
    for (size_t i = 0; i < s.differential_count; i++) {
        check(poh_result_ranked(r, i, &d), "poh_result_ranked");
        acc += d.posterior_permille;
    }
    poh_explanation e;
    for (size_t i = 0; i < s.explanation_count; i++) {
        check(poh_result_explanation(r, i, &e), "poh_result_explanation");
        acc += e.status;
    }
    poh_next_step n;
    for (size_t i = 0; i < s.next_step_count; i++) {
        check(poh_result_next_step(r, i, &n), "poh_result_next_step");
        acc += (uint32_t)n.separation_milli;
    }
    poh_unrecognized u;
    for (size_t i = 0; i < s.unrecognized_count; i++) {
        check(poh_result_unrecognized(r, i, &u), "poh_result_unrecognized");
        acc += u.id;
    }
    if (s.has_counseling) {
        static poh_counsel_answer ca;
        check(poh_result_counseling(r, &ca), "poh_result_counseling");
        acc += ca.statement_count;
    }
    return acc;
}

static void run_once(const struct bench_case *c) {
    size_t n = 0;
    switch (c->kind) {
    case STRUCT_EVAL:
        check(poh_evaluate(c->findings, &assessment), "poh_evaluate");
        sink += assessment.verdict;
        break;
    case RESULT_EVAL:
        check(poh_evaluate_into(c->findings, &result), "poh_evaluate_into");
        sink += (uint32_t)result.words[0];
        break;
    case RESULT_EVAL_READ_ALL:
        check(poh_evaluate_into(c->findings, &result), "poh_evaluate_into");
        sink += read_all(&result);
        break;
    case JSON_ROUND_TRIP:
        check(poh_evaluate_json(c->json, c->json_len, out_buf, sizeof out_buf, &n),
              "poh_evaluate_json");
        sink += (uint32_t)n;
        break;
    case STRUCT_TO_JSON:
        check(poh_assessment_to_json(&assessment, out_buf, sizeof out_buf, &n),
              "poh_assessment_to_json");
        sink += (uint32_t)n;
        break;
    case RESULT_TO_JSON:
        check(poh_result_to_json(&result, out_buf, sizeof out_buf, &n), "poh_result_to_json");
        sink += (uint32_t)n;
        break;
    case FINDINGS_FROM_JSON:
        check(poh_findings_from_json(c->json, c->json_len, &parsed), "poh_findings_from_json");
        sink += parsed.phenotype_count;
        break;
    }
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define MAX_BATCHES 4096

static void time_case(const struct bench_case *c, double seconds) {
    static double per_call[MAX_BATCHES];
    /* Warm-up and calibration: grow the batch until it takes about 10 ms. */
    long iters = 1;
    for (;;) {
        double t0 = now_ns();
        for (long i = 0; i < iters; i++) run_once(c);
        double dt = now_ns() - t0;
        if (dt > 10e6 || iters > (1L << 30)) break;
        iters *= 2;
    }
    double deadline = now_ns() + seconds * 1e9;
    int batches = 0;
    while (batches < MAX_BATCHES && (batches < 11 || now_ns() < deadline)) {
        double t0 = now_ns();
        for (long i = 0; i < iters; i++) run_once(c);
        per_call[batches++] = (now_ns() - t0) / (double)iters;
    }
    qsort(per_call, (size_t)batches, sizeof per_call[0], cmp_double);
    printf("{\"name\": \"%s\", \"ns_median\": %.2f, \"ns_min\": %.2f, \"ns_p10\": %.2f, "
           "\"ns_p90\": %.2f, \"batches\": %d, \"iters_per_batch\": %ld}\n",
           c->name, per_call[batches / 2], per_call[0], per_call[batches / 10],
           per_call[batches - 1 - batches / 10], batches, iters);
    fflush(stdout);
}

int main(int argc, char **argv) {
    if (poh_abi_version() != POH_ABI_VERSION) {
        fprintf(stderr, "ABI mismatch: library %u, header %u\n", poh_abi_version(),
                POH_ABI_VERSION);
        return 1;
    }
    if (argc < 4) {
        fprintf(stderr, "usage: bench TYPICAL.json MINIMAL.json time [SECONDS]\n"
                        "       bench TYPICAL.json MINIMAL.json once "
                        "json|struct|struct_to_json|result|result_read_all\n");
        return 2;
    }
    size_t typ_len, min_len;
    char *typ = read_file(argv[1], &typ_len);
    char *min = read_file(argv[2], &min_len);
    static poh_findings f_typ, f_min, f_worst;
    check(poh_findings_from_json(typ, typ_len, &f_typ), "typical findings");
    check(poh_findings_from_json(min, min_len, &f_min), "minimal findings");
    worst(&f_worst);

    if (strcmp(argv[3], "once") == 0 && argc > 4) {
        /* Everything outside the counted function (reading, parsing the struct) is done. */
        struct bench_case c = {"once", JSON_ROUND_TRIP, &f_typ, typ, typ_len};
        if (strcmp(argv[4], "struct") == 0) c.kind = STRUCT_EVAL;
        if (strcmp(argv[4], "result") == 0) c.kind = RESULT_EVAL;
        if (strcmp(argv[4], "result_read_all") == 0) c.kind = RESULT_EVAL_READ_ALL;
        if (strcmp(argv[4], "struct_to_json") == 0) {
            check(poh_evaluate(&f_typ, &assessment), "poh_evaluate");
            c.kind = STRUCT_TO_JSON;
        }
        /* A count after the kind: that many calls (steady state = the count of N + 1 calls
         * minus that of N: the first poh_evaluate_into into zeroed storage also writes a
         * fresh assessment there). */
        long calls = argc > 5 ? atol(argv[5]) : 1;
        for (long i = 0; i < calls; i++) run_once(&c);
        return 0;
    }
    if (strcmp(argv[3], "time") != 0) return 2;
    double seconds = argc > 4 ? atof(argv[4]) : 2.0;
    const struct bench_case cases[] = {
        {"c_struct/evaluate_typical", STRUCT_EVAL, &f_typ, NULL, 0},
        {"c_struct/evaluate_worst", STRUCT_EVAL, &f_worst, NULL, 0},
        {"c_struct/evaluate_minimal", STRUCT_EVAL, &f_min, NULL, 0},
        {"c_result/evaluate_typical", RESULT_EVAL, &f_typ, NULL, 0},
        {"c_result/evaluate_worst", RESULT_EVAL, &f_worst, NULL, 0},
        {"c_result/evaluate_minimal", RESULT_EVAL, &f_min, NULL, 0},
        {"c_result/evaluate_read_all_typical", RESULT_EVAL_READ_ALL, &f_typ, NULL, 0},
        {"c_json/round_trip_typical", JSON_ROUND_TRIP, NULL, typ, typ_len},
        {"c_json/round_trip_minimal", JSON_ROUND_TRIP, NULL, min, min_len},
        {"c_json/findings_from_json_typical", FINDINGS_FROM_JSON, NULL, typ, typ_len},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) time_case(&cases[i], seconds);
    /* struct -> JSON: needs the typical assessment in place. */
    check(poh_evaluate(&f_typ, &assessment), "poh_evaluate");
    struct bench_case to_json = {"c_struct/assessment_to_json_typical", STRUCT_TO_JSON, &f_typ,
                                 NULL, 0};
    time_case(&to_json, seconds);
    check(poh_evaluate_into(&f_typ, &result), "poh_evaluate_into");
    struct bench_case result_to_json = {"c_result/to_json_typical", RESULT_TO_JSON, &f_typ, NULL,
                                        0};
    time_case(&result_to_json, seconds);
    free(typ);
    free(min);
    return sink == 0xFFFFFFFFu ? 3 : 0;
}
