/*
 * ehr_card.c: an example EHR plugin. It reads a patient record exported by the EHR in
 * poh's findings schema (JSON), evaluates it with the struct API and prints a short
 * decision-support card in the spirit of CDS Hooks cards:
 *
 *   summary line    the POH verdict and the leading diagnosis with its posterior
 *   indicator       critical / warning / info (below)
 *   next steps      the most decisive steps first (at most 5)
 *   sources         the citation ids behind the verdict, the leading diagnosis and the
 *                   steps shown (full references: poh_citation_lookup)
 *
 * Indicator: from poh's one alert flag (poh_flag; docs/RULES.md "Flag"), never critical
 * (decision support, not a diagnosis; CDS Hooks best practice):
 *   warning   flag likely (POH met, or a hereditary ossification disorder more likely
 *             than not);
 *   info      flag review or none.
 *
 * Build: cc -std=c99 ehr_card.c $(pkg-config --cflags --libs --static poh)
 * Usage: ehr_card RECORD.json      (exit 0: card printed; 1: the record was rejected;
 *                                   2: usage or I/O error)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "poh.h"

#define MAX_STEPS_SHOWN 5
#define MAX_SOURCES 24

/* This file is the example a plugin developer copies: it stays self-contained (its own
 * read_file, like golden.c's) and builds from pkg-config alone. */
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

/* Collect citation ids once each, in order of first use. */
static void add_sources(const char **sources, size_t *count, const poh_cites *cites) {
    uint32_t i;
    size_t j;
    for (i = 0; i < cites->count; i++) {
        for (j = 0; j < *count; j++)
            if (strcmp(sources[j], cites->ids[i]) == 0) break;
        if (j == *count && *count < MAX_SOURCES) sources[(*count)++] = cites->ids[i];
    }
}

static const char *verdict_text(poh_overall v) {
    switch (v) {
    case POH_OVERALL_MET: return "met";
    case POH_OVERALL_NOT_MET: return "not met";
    default: return "indeterminate";
    }
}

static const char *indicator(const poh_assessment *a) {
    return a->flag == POH_FLAG_LIKELY ? "warning" : "info";
}

int main(int argc, char **argv) {
    char *record;
    size_t len = 0, nsources = 0, i;
    const char *sources[MAX_SOURCES];
    poh_findings findings;
    poh_assessment *a;
    poh_status s;
    const poh_ranked *lead;
    uint32_t shown;

    if (argc != 2) {
        fprintf(stderr, "usage: ehr_card RECORD.json\n");
        return 2;
    }
    if (poh_abi_version() != POH_ABI_VERSION) {
        fprintf(stderr, "ehr_card: libpoh ABI %u, header %u\n", (unsigned)poh_abi_version(),
                (unsigned)POH_ABI_VERSION);
        return 2;
    }
    record = read_file(argv[1], &len);
    if (record == NULL) {
        perror(argv[1]);
        return 2;
    }
    /* The assessment is a few kilobytes: on the heap here, on the stack works too. */
    a = malloc(sizeof *a);
    if (a == NULL) return 2;

    s = poh_findings_from_json(record, len, &findings);
    if (s == POH_STATUS_OK) s = poh_evaluate(&findings, a);
    if (s != POH_STATUS_OK) {
        printf("poh: record rejected: %s (%s, code %u)\n", poh_status_str(s),
               poh_status_kind(s), (unsigned)s);
        free(a);
        free(record);
        return 1;
    }

    lead = &a->differential[0];
    printf("== poh decision support ==\n");
    printf("Summary: POH criteria %s%s; leading diagnosis %s (%s, %s), posterior %u.%u%%\n",
           verdict_text(a->verdict), a->provisional ? " (provisional: may change with age)" : "",
           lead->info->name, lead->info->abbreviation, lead->info->id,
           (unsigned)(lead->posterior_permille / 10), (unsigned)(lead->posterior_permille % 10));
    printf("Indicator: %s\n", indicator(a));

    for (i = 0; i < POH_CRITERIA_COUNT; i++) add_sources(sources, &nsources, &a->criteria[i].info->cites);
    add_sources(sources, &nsources, &lead->info->cites);

    printf("Next steps:\n");
    shown = a->next_step_count < MAX_STEPS_SHOWN ? a->next_step_count : MAX_STEPS_SHOWN;
    if (shown == 0) printf("  (none)\n");
    for (i = 0; i < shown; i++) {
        const poh_next_step *n = &a->next_steps[i];
        printf("  %u. [%s] %s%s\n", (unsigned)(i + 1), n->info->kind, n->info->text,
               n->decides_criterion ? " (could change a criterion)" : "");
        add_sources(sources, &nsources, &n->info->cites);
    }
    if (a->unrecognized_count > 0)
        printf("Note: %u term(s) not in the knowledge base were not scored.\n",
               (unsigned)a->unrecognized_count);
    printf("Sources:");
    for (i = 0; i < nsources; i++) printf("%s %s", i ? "," : "", sources[i]);
    printf("\n(decision support, not a diagnosis; %s)\n", a->kb_version);

    free(a);
    free(record);
    return 0;
}
