/*
 * bad_inputs.c: the bad-input catalog (tests/bad-inputs/catalog.json) through the C JSON
 * entry points. tests/c/run.sh unpacks the catalog into one file per case and a manifest
 * of tab-separated lines: api, expected code, name, path, and the detail's expected path
 * ("<root>" for the document), offset, allowed values and hint text ("-" for none). Every
 * case must return its code and leave the output buffer and *out_len untouched; then
 * poh_explain_error must name the location of every findings and phenopacket error (a
 * path, or a syntax error's offset), give what the catalog expects, and its message must
 * not repeat the status's kind.
 *
 *   bad_inputs MANIFEST
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "poh.h"

#define OUT_CAP (1u << 17)

int main(int argc, char **argv) {
    static char line[1 << 17], out[OUT_CAP], input[1 << 18];
    FILE *m;
    int passed = 0, failed = 0;

    if (argc != 2 || (m = fopen(argv[1], "r")) == NULL) {
        fprintf(stderr, "usage: bad_inputs MANIFEST\n");
        return 2;
    }
    while (fgets(line, sizeof line, m) != NULL) {
        char *api = strtok(line, "\t"), *code = strtok(NULL, "\t"), *name = strtok(NULL, "\t");
        char *path = strtok(NULL, "\t\n");
        char *want_path = strtok(NULL, "\t\n"), *want_offset = strtok(NULL, "\t\n");
        char *want_allowed = strtok(NULL, "\t\n"), *want_hint = strtok(NULL, "\t\n");
        poh_error_detail d;
        poh_reader reader;
        int located, ok;
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
        /* Where and what. */
        if (want_path == NULL || want_offset == NULL || want_allowed == NULL || want_hint == NULL) {
            fprintf(stderr, "FAIL bad input %s: manifest line without expectations\n", name);
            failed++;
            continue;
        }
        reader = strcmp(api, "findings") == 0      ? POH_READER_FINDINGS
                 : strcmp(api, "phenopacket") == 0 ? POH_READER_PHENOPACKET
                                                   : POH_READER_OTHER_JSON;
        if (poh_explain_error(reader, input, len, s, &d) != POH_STATUS_OK) {
            fprintf(stderr, "FAIL bad input %s: poh_explain_error failed\n", name);
            failed++;
            continue;
        }
        located = d.has_path || d.has_offset;
        ok = d.status == s;
        ok = ok && (located || reader == POH_READER_OTHER_JSON);
        ok = ok && (strcmp(want_path, "-") == 0 ||
                    (d.has_path && strcmp(strcmp(want_path, "<root>") == 0 ? "" : want_path,
                                          d.path) == 0));
        ok = ok && (strcmp(want_offset, "-") == 0 ||
                    (d.has_offset && d.offset == (size_t)strtoul(want_offset, NULL, 10)));
        ok = ok && (strcmp(want_allowed, "-") == 0 || strcmp(want_allowed, d.allowed) == 0);
        ok = ok && (strcmp(want_hint, "-") == 0 || strstr(d.hint, want_hint) != NULL);
        ok = ok && strstr(d.message, poh_status_kind(s)) == NULL &&
             strstr(d.message, "poh error") == NULL;
        ok = ok && (d.has_path || d.path[0] == 0);
        if (ok) {
            passed++;
        } else {
            failed++;
            fprintf(stderr,
                    "FAIL detail of %s: path %s%s (want %s), offset %zu%s (want %s), allowed \"%s\" "
                    "(want %s), hint \"%s\" (want %s): %s\n",
                    name, d.has_path ? "" : "(none) ", d.path, want_path, d.offset,
                    d.has_offset ? "" : " (none)", want_offset, d.allowed, want_allowed, d.hint,
                    want_hint, d.message);
        }
    }
    fclose(m);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
