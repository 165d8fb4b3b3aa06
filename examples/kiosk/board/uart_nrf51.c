/* BBC micro:bit (nRF51822, Cortex-M0): the nRF51 UART at 0x40002000, QEMU's first
 * serial port. */
#include "board.h"

#define UART 0x40002000u
#define REG(off) (*(volatile uint32_t *)(UART + (off)))
#define TASKS_STARTRX REG(0x000u)
#define TASKS_STARTTX REG(0x008u)
#define EVENTS_RXDRDY REG(0x108u)
#define EVENTS_TXDRDY REG(0x11Cu)
#define ENABLE REG(0x500u)
#define RXD REG(0x518u)
#define TXD REG(0x51Cu)
#define BAUDRATE REG(0x524u)

const char board_name[] = "m0 (Cortex-M0, QEMU microbit)";

void board_uart_init(void) {
    BAUDRATE = 0x01D7E000u; /* 115200 baud */
    ENABLE = 4u;
    TASKS_STARTTX = 1u;
    TASKS_STARTRX = 1u;
}

void board_putc(char c) {
    EVENTS_TXDRDY = 0u;
    TXD = (uint8_t)c;
    while (!EVENTS_TXDRDY) {
    }
}

int board_getc(void) {
    while (!EVENTS_RXDRDY) {
    }
    EVENTS_RXDRDY = 0u;
    return (int)(RXD & 0xFFu);
}
