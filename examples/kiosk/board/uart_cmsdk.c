/* MPS2 AN386 (Cortex-M4F): CMSDK APB UART0 at 0x40004000, QEMU's first serial port. */
#include "board.h"

#define UART0 0x40004000u
#define DATA (*(volatile uint32_t *)(UART0 + 0x00u))
#define STATE (*(volatile uint32_t *)(UART0 + 0x04u))
#define CTRL (*(volatile uint32_t *)(UART0 + 0x08u))
#define BAUDDIV (*(volatile uint32_t *)(UART0 + 0x10u))
#define TX_FULL 1u
#define RX_FULL 2u

const char board_name[] = "m4 (Cortex-M4F, QEMU mps2-an386)";

void board_uart_init(void) {
    BAUDDIV = 16u; /* the smallest divisor the CMSDK UART allows */
    CTRL = 3u;     /* TX and RX enabled */
}

void board_putc(char c) {
    while (STATE & TX_FULL) {
    }
    DATA = (uint8_t)c;
}

int board_getc(void) {
    while (!(STATE & RX_FULL)) {
    }
    return (int)(DATA & 0xFFu);
}
