/*
 * bad_inputs.c: the bad-input catalog (tests/bad-inputs/catalog.json) through the C JSON
 * entry points. tests/c/run.sh unpacks the catalog into one file per case and a manifest
 * of tab-separated lines: api, expected code, name, path. Every case must return its code
 * and leave the output buffer and *out_len untouched.
 *
 *   bad_inputs MANIFEST
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "poh.h"

#define OUT_CAP (1u << 17)

int main(int argc, char **argv) {
    static char line[4096], out[OUT_CAP], input[1 << 18];
    FILE *m;
    int passed = 0, failed = 0;

    if (argc != 2 || (m = fopen(argv[1], "r")) == NULL) {
        fprintf(stderr, "usage: bad_inputs MANIFEST\n");
        return 2;
    }
    while (fgets(line, sizeof line, m) != NULL) {
        char *api = strtok(line, "\t"), *code = strtok(NULL, "\t"), *name = strtok(NULL, "\t");
        char *path = strtok(NULL, "\t\n");
        FILE *f;
        size_t len, out_len = 12345, i, untouched = 0;
        unsigned want;
        poh_status s;
        if (api == NULL || code == NULL || name == NULL || path == NULL) continue;
        want = (unsigned)strtoul(code, NULL, 10);
        if ((f = fopen(path, "rb")) == NULL) {
            perror(path);
            return 2;
        }
        len = fread(input, 1, sizeof input, f);
        fclose(f);
        memset(out, 0xAA, sizeof out);
        if (strcmp(api, "findings") == 0)
            s = poh_evaluate_json(input, len, out, sizeof out, &out_len);
        else if (strcmp(api, "phenopacket") == 0)
            s = poh_evaluate_phenopacket_json(input, len, out, sizeof out, &out_len);
        else if (strcmp(api, "counsel") == 0)
            s = poh_counsel_json(input, len, out, sizeof out, &out_len);
        else if (strcmp(api, "questionnaire") == 0)
            s = poh_questionnaire_step_json(input, len, out, sizeof out, &out_len);
        else {
            fprintf(stderr, "bad_inputs: %s: unknown api %s\n", name, api);
            failed++;
            continue;
        }
        for (i = 0; i < sizeof out; i++) untouched += ((unsigned char)out[i] == 0xAA);
        if ((unsigned)s == want && untouched == sizeof out && out_len == 12345) {
            passed++;
        } else {
            failed++;
            fprintf(stderr, "FAIL bad input %s (%s): got %u (%s), expected %u%s\n", name, api,
                    (unsigned)s, poh_status_kind(s), want,
                    untouched == sizeof out && out_len == 12345 ? "" : "; output written");
        }
    }
    fclose(m);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
