/*
 * golden.c: evaluate one findings (or phenopacket) JSON file through the C API and print
 * the assessment JSON followed by a newline, exactly as `poh --json FILE` does, so that
 * tests/c/run.sh can compare the two byte for byte.
 *
 *   golden [--struct] [--phenopacket] FILE
 *
 * Default: the JSON entry point (poh_evaluate_json / poh_evaluate_phenopacket_json).
 * --struct: JSON into poh_findings, poh_evaluate, then poh_assessment_to_json: the struct
 * path must render the very same bytes. The output buffer is sized with a size query
 * (out = NULL, out_cap = 0), the documented idiom.
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

static int fail(const char *what, poh_status s) {
    fprintf(stderr, "golden: %s: %u (%s): %s\n", what, (unsigned)s, poh_status_kind(s),
            poh_status_str(s));
    return 1;
}

int main(int argc, char **argv) {
    int use_struct = 0, phenopacket = 0, i;
    const char *path = NULL;
    char *input, *out;
    size_t len = 0, need = 0, n = 0;
    poh_status s;
    poh_findings findings;
    poh_assessment *a = NULL;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--struct") == 0) use_struct = 1;
        else if (strcmp(argv[i], "--phenopacket") == 0) phenopacket = 1;
        else path = argv[i];
    }
    if (path == NULL) {
        fprintf(stderr, "usage: golden [--struct] [--phenopacket] FILE\n");
        return 2;
    }
    input = read_file(path, &len);
    if (input == NULL) {
        perror(path);
        return 2;
    }
    if (use_struct) {
        a = malloc(sizeof *a);
        if (a == NULL) return 2;
        s = phenopacket ? poh_findings_from_phenopacket(input, len, &findings)
                        : poh_findings_from_json(input, len, &findings);
        if (s != POH_STATUS_OK) return fail("read", s);
        s = poh_evaluate(&findings, a);
        if (s != POH_STATUS_OK) return fail("poh_evaluate", s);
        s = poh_assessment_to_json(a, NULL, 0, &need);
    } else {
        s = phenopacket ? poh_evaluate_phenopacket_json(input, len, NULL, 0, &need)
                        : poh_evaluate_json(input, len, NULL, 0, &need);
    }
    if (s != POH_STATUS_BUFFER_TOO_SMALL) return fail("size query", s);
    out = malloc(need);
    if (out == NULL) return 2;
    if (use_struct) s = poh_assessment_to_json(a, out, need, &n);
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
    return 0;
}
