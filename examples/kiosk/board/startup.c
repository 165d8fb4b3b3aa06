/*
 * Reset handler, vector table, semihosting exit, stack painting and the panic hook the
 * poh library needs (poh_panic_handler). Shared by both boards; board.ld gives the
 * memory map (m0.ld, m4.ld).
 */
#include <stdint.h>

#include "board.h"

#define STACK_PAINT 0xCCCCCCCCu

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss;
/* The top of RAM, declared as a function so that the vector table holds only function
 * pointers (ISO C has no object-to-function pointer conversion). */
extern void _estack(void);
int main(void);
void Reset_Handler(void);
static void Fault_Handler(void);

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    _estack, Reset_Handler, Fault_Handler, Fault_Handler,
    Fault_Handler, Fault_Handler, Fault_Handler, 0, 0, 0, 0,
    Fault_Handler, Fault_Handler, 0, Fault_Handler, Fault_Handler,
};

static uint32_t sp_now(void) {
    uint32_t sp;
    __asm volatile("mov %0, sp" : "=r"(sp));
    return sp;
}

void board_repaint_stack(void) {
    /* Stay 64 bytes clear of this function's own frame. */
    volatile uint32_t *p = &_ebss;
    uint32_t limit = (sp_now() - 64u) & ~3u;
    while ((uint32_t)p < limit) *p++ = STACK_PAINT;
}

uint32_t board_stack_size(void) { return (uint32_t)_estack - (uint32_t)&_ebss; }

uint32_t board_static_ram(void) { return (uint32_t)&_ebss - (uint32_t)&_sdata; }

uint32_t board_stack_high_water(void) {
    const volatile uint32_t *p = &_ebss;
    while ((uint32_t)p < (uint32_t)_estack && *p == STACK_PAINT) p++;
    return (uint32_t)_estack - (uint32_t)p;
}

void Reset_Handler(void) {
    uint32_t *src = &_sidata, *dst = &_sdata;
    while (dst < &_edata) *dst++ = *src++;
    for (dst = &_sbss; dst < &_ebss;) *dst++ = 0;
#if defined(__ARM_FP)
    /* The M4F's FPU (CP10, CP11 full access) before any floating-point instruction. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm volatile("dsb\n isb");
#endif
    board_repaint_stack();
    board_uart_init();
    board_exit(main());
}

void board_exit(int code) {
    /* SYS_EXIT (0x18) with ADP_Stopped_ApplicationExit (0x20026) or RunTimeErrorUnknown
     * (0x20023): QEMU exits 0 or 1 (-semihosting-config enable=on). */
    register uint32_t r0 __asm("r0") = 0x18;
    register uint32_t r1 __asm("r1") = code == 0 ? 0x20026u : 0x20023u;
    __asm volatile("bkpt 0xab" : : "r"(r0), "r"(r1) : "memory");
    for (;;) {
    }
}

static void Fault_Handler(void) {
    board_puts("\n## error fault\n");
    board_exit(3);
}

/* The poh library's panic hook (include/poh.h): a panic is a bug in poh; say so, stop. */
void poh_panic_handler(void) __attribute__((noreturn));
void poh_panic_handler(void) {
    board_puts("\n## panic\n");
    board_exit(4);
}

void board_write(const char *bytes, size_t len) {
    for (size_t i = 0; i < len; i++) board_putc(bytes[i]);
}

void board_puts(const char *s) {
    while (*s) board_putc(*s++);
}

void board_putu(uint32_t n) {
    char d[10];
    int i = 0;
    do {
        d[i++] = (char)('0' + n % 10u);
        n /= 10u;
    } while (n);
    while (i) board_putc(d[--i]);
}

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
static uint32_t tick_start;

void board_ticks_start(void) {
    if (!(SYST_CSR & 1u)) {
        SYST_RVR = 0x00FFFFFFu;
        SYST_CVR = 0;
        SYST_CSR = 5u; /* enabled, core clock, no interrupt */
    }
    tick_start = SYST_CVR;
}

uint32_t board_ticks(void) { return (tick_start - SYST_CVR) & 0x00FFFFFFu; }

void board_spin(uint32_t n) {
    __asm volatile(".syntax unified\n1: subs %0, %0, #1\n bne 1b" : "+l"(n) : : "cc");
}
