/* poh_evaluate_fhir_json from C: the FHIR charts of tests/fhir/, a size query, a too
 * small buffer, reading errors with their 7xx document, NULL arguments.
 * Usage: fhir_entry POH_LIKE.json PHP1A_LIKE.json BAD.json
 * Built by tests/fhir/run.sh with -std=c99 -Wall -Wextra -Wpedantic -Werror and
 * ASan + UBSan against libpoh.a. Prints "N passed, M failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "poh.h"

static int passed, failed;

static void check(int ok, const char *what) {
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s\n", what);
    }
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

int main(int argc, char **argv) {
    static char out[1 << 20];
    char small[8];
    size_t len = 0, need = 0, n;
    poh_status s;
    char *chart;
    if (argc != 4) {
        fprintf(stderr, "usage: %s POH_LIKE PHP1A_LIKE BAD\n", argv[0]);
        return 2;
    }

    chart = slurp(argv[1], &n);
    check(chart != NULL, "read the POH-like chart");
    if (!chart) return 1;
    s = poh_evaluate_fhir_json(chart, n, "2024-06-01", out, sizeof out, &len);
    check(s == POH_STATUS_OK, "POH-like chart evaluates");
    check(len == strlen(out), "length without the NUL");
    check(strncmp(out, "{\"kb_version\":", 14) == 0, "starts as the assessment JSON");
    check(strstr(out, "\"fhir\":{") != NULL, "carries the reading report");
    check(strstr(out, "\"age_months\":60") != NULL, "age counted to the date given");
    s = poh_evaluate_fhir_json(chart, n, "2024-06-01", NULL, 0, &need);
    check(s == POH_STATUS_BUFFER_TOO_SMALL && need == len + 1, "size query gives length + 1");
    memset(small, 'x', sizeof small);
    s = poh_evaluate_fhir_json(chart, n, "2024-06-01", small, sizeof small, &need);
    check(s == POH_STATUS_BUFFER_TOO_SMALL && small[0] == '\0', "too small: the empty string");
    s = poh_evaluate_fhir_json(chart, n, "2024-6-1", out, sizeof out, &len);
    check(s == POH_STATUS_UNKNOWN_VALUE && strstr(out, "\"code\":703") != NULL, "bad date: 703 document");
    s = poh_evaluate_fhir_json(NULL, n, "2024-06-01", out, sizeof out, &len);
    check(s == POH_STATUS_NULL_ARGUMENT, "NULL input");
    s = poh_evaluate_fhir_json(chart, n, NULL, out, sizeof out, &len);
    check(s == POH_STATUS_NULL_ARGUMENT, "NULL date");
    s = poh_evaluate_fhir_json(chart, n, "2024-06-01", out, sizeof out, NULL);
    check(s == POH_STATUS_NULL_ARGUMENT, "NULL out_len");
    free(chart);

    chart = slurp(argv[2], &n);
    check(chart != NULL, "read the PHP1A-like prefetch");
    if (!chart) return 1;
    s = poh_evaluate_fhir_json(chart, n, "2024-06-01", out, sizeof out, &len);
    check(s == POH_STATUS_OK, "PHP1A-like prefetch evaluates");
    check(strstr(out, "\"recorded_diagnoses\":[{") != NULL, "the recorded diagnosis is shown");
    free(chart);

    chart = slurp(argv[3], &n);
    check(chart != NULL, "read the bad chart");
    if (!chart) return 1;
    s = poh_evaluate_fhir_json(chart, n, "2024-06-01", out, sizeof out, &len);
    check(s == POH_STATUS_CONTRADICTORY_FINDINGS, "two patients: CONTRADICTORY_FINDINGS");
    check(strstr(out, "\"fhir_error\":{") != NULL && strstr(out, "\"code\":705") != NULL,
          "two patients: the 705 document");
    free(chart);

    s = poh_evaluate_fhir_json("not json", 8, "2024-06-01", out, sizeof out, &len);
    check(s == POH_STATUS_MALFORMED_JSON && strstr(out, "\"code\":700") != NULL, "not JSON: 700");

    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
