/*
 * The C firmware's golden run (tests/firmware/c/run.sh): every golden case evaluated with
 * the C library on the device (poh_evaluate_json_into a static poh_result, poh_result_write_json streamed to the UART), then every scripted kiosk
 * session played with the struct session (poh_session_*), each step's JSON printed as
 * the host's `poh --questionnaire` prints it (streamed, evaluated into the same static
 * poh_result the cases use). Framed as the Rust firmware's output:
 *   == <case>                      == questionnaire:<script>:<step>
 *   <assessment JSON>              <step JSON>
 * so tests/firmware/compare.py compares both with the host byte for byte. Exit status 0
 * when everything ran, 1 on any error (semihosting).
 */
#include <string.h>

#include "board.h"
#include "fw_data.h"
#include "poh.h"

static poh_result result; /* zeroed (.bss) before first use, as poh.h asks */
static poh_session session;

static void uart_writer(void *context, const char *bytes, size_t len) {
    (void)context;
    board_write(bytes, len);
}

static int fail(const char *what, const char *name, poh_status st) {
    board_puts("\n## error ");
    board_puts(what);
    board_puts(" ");
    board_puts(name);
    board_puts(" ");
    board_putu((uint32_t)st);
    board_puts(" ");
    board_puts(poh_status_kind((uint32_t)st));
    board_puts("\n");
    return 1;
}

static int run_case(const struct fw_case *c) {
    board_puts("== ");
    board_puts(c->name);
    board_puts("\n");
    poh_status st = poh_evaluate_json_into(c->json, c->len, &result);
    if (st != POH_STATUS_OK) return fail("case", c->name, st);
    st = poh_result_write_json(&result, uart_writer, NULL);
    if (st != POH_STATUS_OK) return fail("case", c->name, st);
    board_puts("\n");
    return 0;
}

static int run_script(const struct fw_script *s) {
    poh_status st = poh_session_start(&session, s->has_age, s->age_months, s->sex);
    if (st != POH_STATUS_OK) return fail("questionnaire", s->name, st);
    for (uint32_t n = 0;; n++) {
        board_puts("== questionnaire:");
        board_puts(s->name);
        board_puts(":");
        board_putu(n);
        board_puts("\n");
        st = poh_session_write_step_json(&session, &result, uart_writer, NULL);
        if (st != POH_STATUS_OK) return fail("questionnaire", s->name, st);
        board_puts("\n");
        poh_question q;
        st = poh_session_next(&session, &result, &q);
        if (st != POH_STATUS_OK) return fail("questionnaire", s->name, st);
        if (!q.has_question) return 0;
        st = poh_session_answer(&session, q.row, fw_reply_to(s, q.hpo_id));
        if (st != POH_STATUS_OK) return fail("questionnaire", s->name, st);
    }
}

/* An input error explained on the device: with the `explain` feature the detail names the
 * key and the field meant; without it (the boards' default builds) it holds the status's
 * message and no location, as poh_error_details_available() says. */
static int run_explain(void) {
    static const char doc[] = "{\"age_years\": 4}";
    poh_error_detail detail; /* about 1 KiB: after the cases, outside the stack figures */
    poh_status st = poh_evaluate_json_into(doc, sizeof doc - 1, &result);
    if (st != POH_STATUS_UNKNOWN_FIELD) return fail("explain", "evaluate", st);
    poh_status e = poh_explain_error(POH_READER_FINDINGS, doc, sizeof doc - 1, st, &detail);
    if (e != POH_STATUS_OK) return fail("explain", "explain", e);
    int ok = detail.status == st;
    if (poh_error_details_available()) {
        ok = ok && detail.has_path && strcmp(detail.path, "age_years") == 0 &&
             detail.has_offset && detail.offset == 1 && strstr(detail.hint, "age_months") != NULL;
    } else {
        ok = ok && !detail.has_path && !detail.has_offset && detail.path[0] == 0 &&
             detail.hint[0] == 0 && strcmp(detail.message, poh_status_str(st)) == 0;
    }
    board_puts("## explain ");
    board_puts(poh_error_details_available() ? "full" : "message");
    board_puts(ok ? " ok\n" : " wrong\n");
    return ok ? 0 : fail("explain", "detail", st);
}

int main(void) {
    int failed = 0;
    uint32_t worst = 0;
    board_puts("## board ");
    board_puts(board_name);
    board_puts("\n");
    if (poh_abi_version() != POH_ABI_VERSION) {
        board_puts("## error ABI mismatch\n");
        return 1;
    }
    for (unsigned i = 0; i < fw_case_count; i++) {
        board_repaint_stack();
        failed += run_case(&fw_cases[i]);
        uint32_t used = board_stack_high_water();
        if (used > worst) worst = used;
    }
    for (unsigned i = 0; i < fw_script_count; i++) {
        board_repaint_stack();
        failed += run_script(&fw_scripts[i]);
        uint32_t used = board_stack_high_water();
        if (used > worst) worst = used;
    }
    failed += run_explain();
    board_puts("## cases ");
    board_putu(fw_case_count);
    board_puts(" scripts ");
    board_putu(fw_script_count);
    board_puts(" failed ");
    board_putu((uint32_t)failed);
    board_puts("\n## stack_max_bytes ");
    board_putu(worst);
    board_puts(" of ");
    board_putu(board_stack_size());
    board_puts("\n## static_ram_bytes ");
    board_putu(board_static_ram());
    board_puts("\n");
    if (worst >= board_stack_size()) {
        board_puts("## error stack overflow\n");
        failed++;
    }
    return failed ? 1 : 0;
}
