/*
 * Board support for the poh C firmware (examples/kiosk, tests/firmware/c): a UART,
 * exit through semihosting, a painted stack and the SysTick counter. Two boards, as QEMU
 * emulates them:
 *   m0  BBC micro:bit (nRF51822, Cortex-M0, 256 KiB flash, 16 KiB RAM): nRF51 UART
 *   m4  MPS2 AN386 (Cortex-M4F, 256 KiB code memory used, 64 KiB RAM used): CMSDK UART0
 * Polled I/O, no interrupts: the poh library is called from thread mode only.
 */
#ifndef POH_BOARD_H
#define POH_BOARD_H

#include <stddef.h>
#include <stdint.h>

/* UART: blocking, polled. */
void board_uart_init(void);
void board_putc(char c);
int board_getc(void);
void board_write(const char *bytes, size_t len);
void board_puts(const char *s);
void board_putu(uint32_t n);

/* Ends the program: QEMU exits with 0 for code 0, 1 otherwise (semihosting SYS_EXIT). */
void board_exit(int code) __attribute__((noreturn));

/* The stack, painted at reset from the end of static RAM up to the live frames. */
uint32_t board_stack_size(void);
uint32_t board_stack_high_water(void);
void board_repaint_stack(void);
uint32_t board_static_ram(void);

/* SysTick on the core clock (24-bit down-counter), for instruction counts under QEMU
 * -icount shift=0 (one instruction per nanosecond of virtual time). */
void board_ticks_start(void);
uint32_t board_ticks(void);
/* A loop of exactly 2 * n instructions (subs, bne), to calibrate ticks. */
void board_spin(uint32_t n);

extern const char board_name[];

#endif
