/*
 * The C library's footprint on the device (tests/firmware/c/footprint.py builds and runs
 * it): one image per part of the library a kiosk may link,
 *   -DFP_EVAL   the evaluator: findings JSON into a poh_result, the assessment JSON out
 *   -DFP_QUEST  the questionnaire: a scripted session through poh_session_*
 *   both        a kiosk that does both
 * measured one phase at a time on a freshly painted stack, with SysTick ticks under QEMU
 * -icount (converted to instructions by a calibration loop of exactly 200000). Prints
 * `## key value` lines over the UART; exits 0 when every call succeeded.
 */
#include <string.h>

#include "board.h"
#include "fw_data.h"
#include "poh.h"

#define TYPICAL "typical_poh_toddler"
#define SCRIPT "toddler_skin_lumps"

static size_t counted;
static void count_writer(void *context, const char *bytes, size_t len) {
    (void)context;
    (void)bytes;
    counted += len;
}

static void put(const char *key, uint32_t value) {
    board_puts("## ");
    board_puts(key);
    board_puts(" ");
    board_putu(value);
    board_puts("\n");
}

static int failed(const char *what, poh_status st) {
    board_puts("## error ");
    board_puts(what);
    board_puts(" ");
    board_puts(poh_status_kind((uint32_t)st));
    board_puts("\n");
    return 1;
}

/* Zeroed before first use, as poh.h asks: the evaluator's result and the questionnaire's
 * work storage (one poh_result serves both). */
static poh_result result;

#ifdef FP_EVAL

static int measure_eval(void) {
    const struct fw_case *c = NULL;
    for (unsigned i = 0; i < fw_case_count; i++)
        if (strcmp(fw_cases[i].name, TYPICAL) == 0) c = &fw_cases[i];
    if (!c) return failed("typical case missing", POH_STATUS_INTERNAL);
    /* Once before measuring: the first evaluation also builds the empty assessment. */
    poh_status st = poh_evaluate_json_into(c->json, c->len, &result);
    if (st != POH_STATUS_OK) return failed("evaluate", st);
    board_repaint_stack();
    board_ticks_start();
    st = poh_evaluate_json_into(c->json, c->len, &result);
    uint32_t t_eval = board_ticks();
    uint32_t s_eval = board_stack_high_water();
    if (st != POH_STATUS_OK) return failed("evaluate", st);
    counted = 0;
    board_repaint_stack();
    board_ticks_start();
    st = poh_result_write_json(&result, count_writer, NULL);
    uint32_t t_write = board_ticks();
    uint32_t s_write = board_stack_high_water();
    if (st != POH_STATUS_OK) return failed("write", st);
    put("eval_input_bytes", (uint32_t)c->len);
    put("eval_output_bytes", (uint32_t)counted);
    put("eval_ticks", t_eval);
    put("eval_stack", s_eval);
    put("write_ticks", t_write);
    put("write_stack", s_write);
    return 0;
}
#endif

#ifdef FP_QUEST
static poh_session session;

static int measure_quest(void) {
    const struct fw_script *s = NULL;
    for (unsigned i = 0; i < fw_script_count; i++)
        if (strcmp(fw_scripts[i].name, SCRIPT) == 0) s = &fw_scripts[i];
    if (!s) return failed("script missing", POH_STATUS_INTERNAL);
    poh_status st = poh_session_start(&session, s->has_age, s->age_months, s->sex);
    if (st != POH_STATUS_OK) return failed("start", st);
    uint32_t steps = 0, t_steps = 0, t_max = 0, s_max = 0, t_json = 0, s_json = 0;
    for (;;) {
        poh_question q;
        /* One step: the core chooses the next question, the answer is recorded. */
        board_repaint_stack();
        board_ticks_start();
        st = poh_session_next(&session, &result, &q);
        if (st == POH_STATUS_OK && q.has_question)
            st = poh_session_answer(&session, q.row, fw_reply_to(s, q.hpo_id));
        uint32_t t = board_ticks(), used = board_stack_high_water();
        if (st != POH_STATUS_OK) return failed("step", st);
        if (!q.has_question) break;
        steps++;
        t_steps += t;
        if (t > t_max) t_max = t;
        if (used > s_max) s_max = used;
        /* The step's JSON (what the host prints), streamed: the largest is recorded. */
        counted = 0;
        board_repaint_stack();
        board_ticks_start();
        st = poh_session_write_step_json(&session, &result, count_writer, NULL);
        t = board_ticks();
        used = board_stack_high_water();
        if (st != POH_STATUS_OK) return failed("step json", st);
        if (t > t_json) t_json = t;
        if (used > s_json) s_json = used;
    }
    poh_outcome o;
    board_repaint_stack();
    board_ticks_start();
    st = poh_session_outcome(&session, &result, &o);
    uint32_t t_out = board_ticks(), s_out = board_stack_high_water();
    if (st != POH_STATUS_OK) return failed("outcome", st);
    put("quest_steps", steps);
    put("quest_step_ticks_total", t_steps);
    put("quest_step_ticks_max", t_max);
    put("quest_step_stack", s_max);
    put("quest_json_ticks_max", t_json);
    put("quest_json_stack", s_json);
    put("quest_outcome_ticks", t_out);
    put("quest_outcome_stack", s_out);
    put("quest_level", (uint32_t)o.level);
    return 0;
}
#endif

int main(void) {
    int bad = 0;
    board_ticks_start();
    board_spin(100000u);
    put("calibration_ticks", board_ticks());
    put("calibration_instructions", 200000u);
    put("stack_size", board_stack_size());
    put("static_ram", board_static_ram());
#ifdef FP_EVAL
    bad += measure_eval();
#endif
#ifdef FP_QUEST
    bad += measure_quest();
#endif
    put("done", (uint32_t)bad);
    return bad ? 1 : 0;
}
