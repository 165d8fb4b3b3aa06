/*
 * A patient kiosk on a microcontroller, in C: poh's lay-language questionnaire over a
 * UART. The person types y / n / ? (yes, no, don't know) and Enter; the poh library
 * chooses each next question (the one whose answer would change the assessment most) and
 * decides when to stop; the session ends with a referral level, its message and the
 * signs that raised it. It never gives a diagnosis: the texts say so.
 *
 * Everything the kiosk prints to the patient comes from the library (questions, the
 * referral message, the reasons); only the prompts of this file are its own.
 *
 * Build: `make kiosk` (target/kiosk/m0/kiosk.elf, target/kiosk/m4/kiosk.elf); run:
 * `make kiosk-run BOARD=m0`. Memory: a poh_session (about 30 bytes) and a line buffer;
 * every library call runs in thread mode, one at a time (docs/EMBEDDING.md).
 */
#include <stdbool.h>
#include <string.h>

#include "board.h"
#include "poh.h"

#define LINE_MAX_LEN 16

static poh_session session;

/* One line from the UART, echoed (a terminal under QEMU does not echo), at most
 * LINE_MAX_LEN characters kept; Enter (CR or LF) ends it. */
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
        board_puts("How old is the person the answers are about?\n"
                   "Type years (e.g. 7) or months (e.g. 18m), or just Enter to skip.\n> ");
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
        bool in_months = (*p == 'm' || *p == 'M');
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
        board_puts("Sorry, I did not understand that.\n");
    }
}

/* The sex: f / m, or empty for not given. */
static uint8_t ask_sex(void) {
    char line[LINE_MAX_LEN + 1];
    for (;;) {
        board_puts("Their sex: type f (female) or m (male), or just Enter to skip.\n> ");
        read_line(line);
        const char *p = skip_spaces(line);
        if (*p == 0) return POH_SEX_UNKNOWN;
        if ((*p == 'f' || *p == 'F') && *skip_spaces(p + 1) == 0) return POH_SEX_FEMALE;
        if ((*p == 'm' || *p == 'M') && *skip_spaces(p + 1) == 0) return POH_SEX_MALE;
        board_puts("Sorry, I did not understand that.\n");
    }
}

/* A reply: y, n or ? (also "yes", "no", "dont know" by their first letter). */
static uint8_t ask_reply(const poh_question *q, uint32_t number) {
    char line[LINE_MAX_LEN + 1];
    for (;;) {
        board_puts("\nQuestion ");
        board_putu(number);
        board_puts(": ");
        board_puts(q->prefix);
        board_puts(q->lay_name);
        board_puts("?\n  y = yes, n = no, ? = don't know\n> ");
        read_line(line);
        const char *p = skip_spaces(line);
        if (*p == 'y' || *p == 'Y') return POH_REPLY_YES;
        if (*p == 'n' || *p == 'N') return POH_REPLY_NO;
        if (*p == '?' || *p == 'd' || *p == 'D') return POH_REPLY_DONT_KNOW;
        board_puts("Please type y, n or ?.\n");
    }
}

static int stop(const char *what, poh_status st) {
    board_puts("\nThe kiosk stopped: ");
    board_puts(what);
    board_puts(" (");
    board_puts(poh_status_kind((uint32_t)st));
    board_puts("). Please ask a member of staff.\n");
    return 1;
}

int main(void) {
    if (poh_abi_version() != POH_ABI_VERSION) return stop("library version", POH_STATUS_INTERNAL);
    board_puts("\nWelcome. A few questions about signs in the skin, bones and growth.\n"
               "Answer for yourself or for your child. This kiosk does not diagnose;\n"
               "at the end it tells you whether to talk to a doctor.\n\n");
    uint8_t has_age;
    uint16_t months;
    ask_age(&has_age, &months);
    uint8_t sex = ask_sex();
    poh_status st = poh_session_start(&session, has_age, months, sex);
    if (st != POH_STATUS_OK) return stop("start", st);

    for (uint32_t number = 1;; number++) {
        poh_question q;
        st = poh_session_next(&session, &q);
        if (st != POH_STATUS_OK) return stop("next question", st);
        if (!q.has_question) break;
        st = poh_session_answer(&session, q.row, ask_reply(&q, number));
        if (st != POH_STATUS_OK) return stop("answer", st);
    }

    poh_outcome o;
    st = poh_session_outcome(&session, &o);
    if (st != POH_STATUS_OK) return stop("outcome", st);
    board_puts("\nThank you.\n\n");
    board_puts(o.message);
    board_puts("\n");
    if (o.reason_count > 0) {
        board_puts("\nThe answers behind this:\n");
        for (size_t i = 0; i < o.reason_count; i++) {
            board_puts("  - ");
            board_puts(o.reasons[i]);
            board_puts("\n");
        }
    }
    /* A line for the staff and for tests: the level's stable key and the reasons' terms. */
    board_puts("\nreferral: ");
    board_puts(o.level_key);
    for (size_t i = 0; i < o.reason_count; i++) {
        board_puts(i == 0 ? " reasons: HP:" : ", HP:");
        char id[8];
        uint32_t v = o.reason_hpo_ids[i];
        for (int d = 6; d >= 0; d--, v /= 10u) id[d] = (char)('0' + v % 10u);
        id[7] = 0;
        board_puts(id);
    }
    board_puts("\n");
    return 0;
}
