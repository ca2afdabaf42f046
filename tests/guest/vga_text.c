/*
 * vga_text.c - text mode as a guest uses it (IBM VGA Technical Reference,
 * "Alphanumeric modes"): character/attribute words at B8000h in mode 3,
 * the CRTC cursor location (0Eh/0Fh) and shape (0Ah/0Bh) through
 * 3D4h/3D5h, and the words read back through odd/even addressing.
 *
 * The screen itself is checked from outside: vga_text.screen is the text
 * pcemu's -screendump-at-exit writes for this guest (characters, not
 * pixels; run-guest-test.sh compares it).
 */
#include "guest.h"

#define TEXT_BASE 0xB8000u
#define COLS      80
#define ROWS      25

static volatile uint16_t *const text = (volatile uint16_t *)(uintptr_t)TEXT_BASE;

static void put_str(int row, int col, uint8_t attr, const char *s)
{
    while (*s) {
        text[row * COLS + col++] = (uint16_t)(attr << 8 | (uint8_t)*s++);
    }
}

static void crtc_write(uint8_t idx, uint8_t v)
{
    outb(0x3d4, idx);
    outb(0x3d5, v);
}

static uint8_t crtc_read(uint8_t idx)
{
    outb(0x3d4, idx);
    return inb(0x3d5);
}

int main(void)
{
    static const char box_top[] = {(char)0xc9, (char)0xcd, (char)0xcd, (char)0xbb, 0};
    static const char box_bot[] = {(char)0xc8, (char)0xcd, (char)0xcd, (char)0xbc, 0};
    uint16_t pos = 5 * COLS + 10;
    int i;

    guest_puts("vga_text: mode 3 text at b8000\n");
    for (i = 0; i < COLS * ROWS; i++) {
        text[i] = 0x0720;
    }
    put_str(0, 0, 0x1f, "pcemu VGA text test");
    put_str(2, 4, 0x07, "80x25 colour text at B8000h");
    put_str(3, 4, 0x4e, "attributes: yellow on red");
    put_str(6, 0, 0x0a, box_top);
    put_str(7, 0, 0x0a, box_bot);
    put_str(24, 70, 0x70, "last row");

    crtc_write(0x0a, 0x0e); /* cursor scan lines 14-15 */
    crtc_write(0x0b, 0x0f);
    crtc_write(0x0e, (uint8_t)(pos >> 8));
    crtc_write(0x0f, (uint8_t)pos);

    CHECK_EQ(crtc_read(0x0e), pos >> 8);
    CHECK_EQ(crtc_read(0x0f), pos & 0xff);
    CHECK_EQ(crtc_read(0x0a), 0x0e);
    CHECK_EQ(text[0], 0x1f70);            /* 'p' */
    CHECK_EQ(text[3 * COLS + 4], 0x4e61); /* 'a' */
    CHECK_EQ(*(volatile uint8_t *)(uintptr_t)(TEXT_BASE + 1), 0x1f);
    guest_printf("cursor at row %u col %u\n", (unsigned)(pos / COLS), (unsigned)(pos % COLS));
    return guest_result("vga_text");
}
