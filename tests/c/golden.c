/*
 * golden.c: evaluate one findings (or phenopacket) JSON file through the C API and print
 * the assessment JSON followed by a newline, exactly as `poh --json FILE` does, so that
 * tests/c/run.sh can compare the two byte for byte.
 *
 *   golden [--struct | --result] [--phenopacket] FILE
 *
 * Default: the JSON entry point (poh_evaluate_json / poh_evaluate_phenopacket_json).
 * --struct: JSON into poh_findings, poh_evaluate, then poh_assessment_to_json: the struct
 * path must render the very same bytes.
 * --result: JSON into poh_findings, poh_evaluate_into a poh_result, every accessor
 * compared with the plain struct of poh_evaluate field by field (exit 1 on a difference),
 * then poh_result_to_json.
 * The output buffer is sized with a size query (out = NULL, out_cap = 0), the documented
 * idiom.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "poh.h"

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (f == NULL) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        *len = (size_t)n;
    }
    fclose(f);
    return buf;
}

static int differs(const char *what, size_t i) {
    fprintf(stderr, "golden: poh_result and poh_assessment differ: %s %lu\n", what,
            (unsigned long)i);
    return 1;
}

static int same_input(poh_input a, poh_input b) {
    return a.term == b.term && a.field == b.field;
}

/* Every accessor of r against the plain struct a of the same findings. */
static int compare_result(const poh_result *r, const poh_assessment *a) {
    poh_summary s;
    poh_criterion c;
    poh_supporting sp;
    poh_ranked d;
    poh_explanation e;
    poh_next_step n;
    poh_unrecognized u;
    poh_counsel_answer ca;
    size_t i;
    if (poh_result_summary(r, &s) != POH_STATUS_OK) return differs("summary status", 0);
    if (s.verdict != a->verdict || s.provisional != a->provisional || s.poh_rank != a->poh_rank ||
        s.criterion_count != POH_CRITERIA_COUNT || s.supporting_count != POH_SUPPORTING_COUNT ||
        s.differential_count != POH_DISEASE_COUNT ||
        s.explanation_count != a->explanation_count || s.next_step_count != a->next_step_count ||
        s.note_count != a->note_count || s.notes != a->notes ||
        s.unrecognized_count != a->unrecognized_count || s.alt_ids_mapped != a->alt_ids_mapped ||
        s.kb_version != a->kb_version || s.has_counseling != a->has_counseling)
        return differs("summary", 0);
    for (i = 0; i < s.criterion_count; i++) {
        const poh_criterion *w = &a->criteria[i];
        if (poh_result_criterion(r, i, &c) != POH_STATUS_OK || c.info != w->info ||
            c.verdict != w->verdict || c.provisional != w->provisional ||
            c.aho_list != w->aho_list || c.groups_present != w->groups_present ||
            c.groups_absent != w->groups_absent || c.groups_unknown != w->groups_unknown)
            return differs("criterion", i);
    }
    if (poh_result_criterion(r, i, &c) != POH_STATUS_OUT_OF_RANGE) return differs("criterion past", i);
    for (i = 0; i < s.supporting_count; i++) {
        const poh_supporting *w = &a->supporting[i];
        if (poh_result_supporting(r, i, &sp) != POH_STATUS_OK || sp.info != w->info ||
            sp.status != w->status || !same_input(sp.input, w->input))
            return differs("supporting", i);
    }
    if (poh_result_supporting(r, i, &sp) != POH_STATUS_OUT_OF_RANGE) return differs("supporting past", i);
    for (i = 0; i < s.differential_count; i++) {
        const poh_ranked *w = &a->differential[i];
        if (poh_result_ranked(r, i, &d) != POH_STATUS_OK || d.info != w->info ||
            d.log10_lr_milli != w->log10_lr_milli ||
            d.phenotype_log10_lr_milli != w->phenotype_log10_lr_milli ||
            d.posterior_permille != w->posterior_permille)
            return differs("ranked", i);
    }
    if (poh_result_ranked(r, i, &d) != POH_STATUS_OUT_OF_RANGE) return differs("ranked past", i);
    for (i = 0; i < s.explanation_count; i++) {
        const poh_explanation *w = &a->explanation[i];
        if (poh_result_explanation(r, i, &e) != POH_STATUS_OK || e.criterion != w->criterion ||
            e.criterion_verdict != w->criterion_verdict || e.group != w->group ||
            e.status != w->status || !same_input(e.input, w->input))
            return differs("explanation", i);
    }
    if (poh_result_explanation(r, i, &e) != POH_STATUS_OUT_OF_RANGE) return differs("explanation past", i);
    for (i = 0; i < s.next_step_count; i++) {
        const poh_next_step *w = &a->next_steps[i];
        if (poh_result_next_step(r, i, &n) != POH_STATUS_OK || n.info != w->info ||
            n.decides_criterion != w->decides_criterion ||
            n.separation_milli != w->separation_milli)
            return differs("next step", i);
    }
    if (poh_result_next_step(r, i, &n) != POH_STATUS_OUT_OF_RANGE) return differs("next step past", i);
    for (i = 0; i < s.unrecognized_count; i++) {
        const poh_unrecognized *w = &a->unrecognized[i];
        if (poh_result_unrecognized(r, i, &u) != POH_STATUS_OK || u.id != w->id ||
            u.entry != w->entry)
            return differs("unrecognized", i);
    }
    if (poh_result_unrecognized(r, i, &u) != POH_STATUS_OUT_OF_RANGE) return differs("unrecognized past", i);
    if (poh_result_counseling(r, &ca) != POH_STATUS_OK ||
        ca.inherit_known != a->counseling.inherit_known ||
        ca.inherit_percent != a->counseling.inherit_percent ||
        ca.expected != a->counseling.expected || ca.expected_key != a->counseling.expected_key ||
        ca.statement_count != a->counseling.statement_count)
        return differs("counseling", 0);
    for (i = 0; i < ca.statement_count; i++)
        if (ca.statements[i] != a->counseling.statements[i]) return differs("statement", i);
    return 0;
}

static int fail(const char *what, poh_status s) {
    fprintf(stderr, "golden: %s: %u (%s): %s\n", what, (unsigned)s, poh_status_kind(s),
            poh_status_str(s));
    return 1;
}

/* One input file: its assessment JSON on stdout, one line. */
static int run_one(const char *path, int use_struct, int use_result, int phenopacket) {
    char *input, *out;
    size_t len = 0, need = 0, n = 0;
    poh_status s;
    poh_findings findings;
    poh_assessment *a = NULL;
    poh_result *r = NULL;

    input = read_file(path, &len);
    if (input == NULL) {
        perror(path);
        return 2;
    }
    if (use_struct || use_result) {
        a = malloc(sizeof *a);
        r = calloc(1, sizeof *r); /* zeroed: "not evaluated" */
        if (a == NULL || r == NULL) return 2;
        s = phenopacket ? poh_findings_from_phenopacket(input, len, &findings)
                        : poh_findings_from_json(input, len, &findings);
        if (s != POH_STATUS_OK) return fail("read", s);
        s = poh_evaluate(&findings, a);
        if (s != POH_STATUS_OK) return fail("poh_evaluate", s);
        if (use_result) {
            s = poh_result_to_json(r, NULL, 0, &need);
            if (s != POH_STATUS_NOT_EVALUATED) return fail("zeroed result", s);
            s = poh_evaluate_into(&findings, r);
            if (s != POH_STATUS_OK) return fail("poh_evaluate_into", s);
            if (compare_result(r, a) != 0) return 1;
            s = poh_result_to_json(r, NULL, 0, &need);
        } else {
            s = poh_assessment_to_json(a, NULL, 0, &need);
        }
    } else {
        s = phenopacket ? poh_evaluate_phenopacket_json(input, len, NULL, 0, &need)
                        : poh_evaluate_json(input, len, NULL, 0, &need);
    }
    if (s != POH_STATUS_BUFFER_TOO_SMALL) return fail("size query", s);
    out = malloc(need);
    if (out == NULL) return 2;
    if (use_struct) s = poh_assessment_to_json(a, out, need, &n);
    else if (use_result) s = poh_result_to_json(r, out, need, &n);
    else if (phenopacket) s = poh_evaluate_phenopacket_json(input, len, out, need, &n);
    else s = poh_evaluate_json(input, len, out, need, &n);
    if (s != POH_STATUS_OK) return fail("evaluate", s);
    if (n + 1 != need || out[n] != '\0') {
        fprintf(stderr, "golden: length %lu does not match the size query %lu\n",
                (unsigned long)n, (unsigned long)need);
        return 1;
    }
    fwrite(out, 1, n, stdout);
    fputc('\n', stdout);
    free(out);
    free(input);
    free(a);
    free(r);
    return 0;
}

/* Every FILE in turn (so that one valgrind process runs them all: its start-up, not the
 * evaluations, is what a run per file costs); the first failure ends the run. */
int main(int argc, char **argv) {
    int use_struct = 0, use_result = 0, phenopacket = 0, files = 0, i, rc;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--struct") == 0) use_struct = 1;
        else if (strcmp(argv[i], "--result") == 0) use_result = 1;
        else if (strcmp(argv[i], "--phenopacket") == 0) phenopacket = 1;
        else if (strncmp(argv[i], "--", 2) == 0) files = -1; /* an unknown flag */
        else if (files >= 0) files++;
    }
    if (files <= 0) {
        fprintf(stderr, "usage: golden [--struct | --result] [--phenopacket] FILE...\n");
        return 2;
    }
    for (i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) == 0) continue; /* a flag: all known, checked above */
        rc = run_one(argv[i], use_struct, use_result, phenopacket);
        if (rc != 0) {
            fprintf(stderr, "golden: %s failed\n", argv[i]);
            return rc;
        }
    }
    return 0;
}
