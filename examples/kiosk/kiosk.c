/*
 * A patient kiosk on a microcontroller, in C: poh's lay-language questionnaire over a
 * UART. The person types y / n / ? (yes, no, don't know) and Enter; the poh library
 * chooses each next question (the one whose answer would change the assessment most) and
 * decides when to stop; the session ends with a referral level, its message and the
 * signs that raised it. It never gives a diagnosis: the texts say so.
 *
 * Every text a person sees, and every letter they may type, comes from the table of
 * patient texts (texts/en.tsv, by stable id; a translation is another table, chosen at
 * build time: `make kiosk KIOSK_TEXTS=de`). The library gives ids only: the question's
 * HPO term, the referral level's key, the reasons' HPO terms.
 *
 * Build: `make kiosk` (target/kiosk/m0/kiosk.elf, target/kiosk/m4/kiosk.elf); run:
 * `make kiosk-run BOARD=m0`. Memory: a poh_session (26 bytes), a poh_result (8 KiB, the
 * library evaluates the answers into it) and a line buffer; every library call runs in
 * thread mode, one at a time (docs/EMBEDDING.md).
 */
#include <stdbool.h>
#include <string.h>

#include "board.h"
#include "kiosk_texts.h"
#include "poh.h"

#define LINE_MAX_LEN 16

static poh_session session;
static poh_result work; /* zeroed (.bss) before first use, as poh.h asks */

/* The text of `id`; an id missing from the table shows as itself (never silently
 * nothing; texts.py refuses a table without every id, so this is a library newer than the
 * table). */
static const char *T(const char *id) {
    const char *t = kiosk_text(id);
    return t ? t : id;
}

/* "HP:0001482" for 1482, into `out` (11 bytes). */
static void hpo_curie(char *out, uint32_t hpo_id) {
    memcpy(out, "HP:", 3);
    for (int d = 6; d >= 0; d--, hpo_id /= 10u) out[3 + d] = (char)('0' + hpo_id % 10u);
    out[10] = 0;
}

/* The text of the id `prefix` + `key` ("referral." and "routine"). */
static const char *T2(const char *prefix, const char *key) {
    static char id[40];
    id[0] = 0;
    strncat(id, prefix, sizeof id - 1);
    strncat(id, key, sizeof id - strlen(id) - 1);
    return T(id);
}

/* The text of `prefix` and an HPO term ("question." and 1482: "question.HP:0001482"). */
static const char *T_hpo(const char *prefix, uint32_t hpo_id) {
    char curie[11];
    hpo_curie(curie, hpo_id);
    return T2(prefix, curie);
}

/* Whether `c` is one of the letters the table gives for an answer. */
static bool is_key(const char *keys_id, char c) {
    return c != 0 && strchr(T(keys_id), c) != NULL;
}

static size_t read_line(char *line) {
    static bool after_cr;
    size_t n = 0;
    for (;;) {
        int c = board_getc();
        /* The LF of a CR LF pair belongs to the line the CR ended. */
        if (c == '\n' && after_cr) {
            after_cr = false;
            continue;
        }
        after_cr = (c == '\r');
        if (c == '\r' || c == '\n') {
            board_putc('\n');
            line[n] = 0;
            return n;
        }
        if ((c == 0x7F || c == 0x08) && n > 0) {
            n--;
            board_puts("\b \b");
            continue;
        }
        if (c < 0x20 || c > 0x7E) continue;
        board_putc((char)c);
        if (n < LINE_MAX_LEN) line[n++] = (char)c;
    }
}

static const char *skip_spaces(const char *s) {
    while (*s == ' ') s++;
    return s;
}

/* The age: a number of years or of months ("3" or "18m"), or empty for unknown. */
static void ask_age(uint8_t *has_age, uint16_t *months) {
    char line[LINE_MAX_LEN + 1];
    for (;;) {
        board_puts(T("kiosk.age"));
        board_puts("\n> ");
        read_line(line);
        const char *p = skip_spaces(line);
        if (*p == 0) {
            *has_age = 0;
            *months = 0;
            return;
        }
        uint32_t v = 0;
        size_t digits = 0;
        while (*p >= '0' && *p <= '9' && digits < 5) v = v * 10u + (uint32_t)(*p++ - '0'), digits++;
        bool in_months = is_key("kiosk.age.months.keys", *p);
        if (in_months) p++;
        p = skip_spaces(p);
        if (digits > 0 && *p == 0) {
            uint32_t m = in_months ? v : v * 12u;
            if (m <= POH_MAX_AGE_MONTHS) {
                *has_age = 1;
                *months = (uint16_t)m;
                return;
            }
        }
        board_puts(T("kiosk.not_understood"));
        board_puts("\n");
    }
}

/* The sex: f / m (the table's letters), or empty for not given. */
static uint8_t ask_sex(void) {
    char line[LINE_MAX_LEN + 1];
    for (;;) {
        board_puts(T("kiosk.sex"));
        board_puts("\n> ");
        read_line(line);
        const char *p = skip_spaces(line);
        if (*p == 0) return POH_SEX_UNKNOWN;
        if (is_key("kiosk.sex.female.keys", *p) && *skip_spaces(p + 1) == 0) return POH_SEX_FEMALE;
        if (is_key("kiosk.sex.male.keys", *p) && *skip_spaces(p + 1) == 0) return POH_SEX_MALE;
        board_puts(T("kiosk.not_understood"));
        board_puts("\n");
    }
}

/* A reply: y, n or ? (the table's letters; "yes", "no", "dont know" by their first). */
static uint8_t ask_reply(const poh_question *q, uint32_t number) {
    char line[LINE_MAX_LEN + 1];
    for (;;) {
        board_puts("\n");
        board_puts(T("kiosk.question"));
        board_puts(" ");
        board_putu(number);
        board_puts(": ");
        board_puts(T_hpo("question.", q->hpo_id));
        board_puts("\n  ");
        board_puts(T("answer.options"));
        board_puts("\n> ");
        read_line(line);
        const char *p = skip_spaces(line);
        if (is_key("answer.yes.keys", *p)) return POH_REPLY_YES;
        if (is_key("answer.no.keys", *p)) return POH_REPLY_NO;
        if (is_key("answer.dont_know.keys", *p)) return POH_REPLY_DONT_KNOW;
        board_puts(T("answer.again"));
        board_puts("\n");
    }
}

/* The library refused a call (a bug or a board fault): say so, with the stable status
 * kind for the staff. */
static int stop(const char *what, poh_status st) {
    board_puts("\n");
    board_puts(T("kiosk.stopped"));
    board_puts(" (");
    board_puts(what);
    board_puts(": ");
    board_puts(poh_status_kind((uint32_t)st));
    board_puts("). ");
    board_puts(T("kiosk.ask_staff"));
    board_puts("\n");
    return 1;
}

int main(void) {
    if (poh_abi_version() != POH_ABI_VERSION) return stop("library version", POH_STATUS_INTERNAL);
    board_puts("\n");
    board_puts(T("kiosk.welcome"));
    board_puts("\n\n");
    uint8_t has_age;
    uint16_t months;
    ask_age(&has_age, &months);
    uint8_t sex = ask_sex();
    poh_status st = poh_session_start(&session, has_age, months, sex);
    if (st != POH_STATUS_OK) return stop("start", st);

    for (uint32_t number = 1;; number++) {
        poh_question q;
        st = poh_session_next(&session, &work, &q);
        if (st != POH_STATUS_OK) return stop("next question", st);
        if (!q.has_question) break;
        st = poh_session_answer(&session, q.row, ask_reply(&q, number));
        if (st != POH_STATUS_OK) return stop("answer", st);
    }

    poh_outcome o;
    st = poh_session_outcome(&session, &work, &o);
    if (st != POH_STATUS_OK) return stop("outcome", st);
    board_puts("\n");
    board_puts(T("kiosk.thanks"));
    board_puts("\n\n");
    board_puts(T2("referral.", o.level_key));
    board_puts("\n");
    if (o.reason_count > 0) {
        board_puts("\n");
        board_puts(T("kiosk.reasons"));
        board_puts("\n");
        for (size_t i = 0; i < o.reason_count; i++) {
            board_puts("  - ");
            board_puts(T_hpo("sign.", o.reason_hpo_ids[i]));
            board_puts("\n");
        }
    }
    /* A line for the staff and for tests (not translated): the level's stable key, the
     * core's alert flag of the answers, and the reasons' terms. */
    static const char *const flags[] = {"none", "review", "likely"};
    board_puts("\nreferral: ");
    board_puts(o.level_key);
    board_puts(" flag: ");
    board_puts((unsigned)o.flag < 3u ? flags[o.flag] : "?");
    for (size_t i = 0; i < o.reason_count; i++) {
        char curie[11];
        hpo_curie(curie, o.reason_hpo_ids[i]);
        board_puts(i == 0 ? " reasons: " : ", ");
        board_puts(curie);
    }
    board_puts("\n");
    return 0;
}
