/* video.c - INT 10h of pcemu's BIOS: text output in the colour text window.
 *
 * The BIOS keeps the BDA video fields and writes characters and attributes
 * to B800:0000; it does not program the VGA registers (the board's video
 * device starts in 80x25 text) and has no font for graphics modes: mode 13h
 * only clears A000:0000 and records the mode. When CMOS 5Fh bit 0 is set
 * (pcemu -nographic), teletype output also goes to COM1, and clearing the
 * whole screen sends the ANSI "clear, home" sequence there.
 */
#include "bios.h"

#define VID_SEG 0xb800

static uint8_t vid_cols(void)
{
    return BDA8(BDA_VID_COLS);
}

static uint8_t vid_rows(void)
{
    return BDA8(BDA_VID_ROWS) + 1;
}

static bool vid_text(void)
{
    return BDA8(BDA_VID_MODE) <= 3 || BDA8(BDA_VID_MODE) == 7;
}

static uint16_t cell_off(uint8_t page, uint8_t row, uint8_t col)
{
    return page * BDA16(BDA_VID_PAGESZ) + (row * vid_cols() + col) * 2;
}

static void crtc_write(uint8_t index, uint8_t v)
{
    outb(0x3d4, index);
    outb(0x3d5, v);
}

static void cursor_update(void)
{
    uint8_t page = BDA8(BDA_VID_PAGE);
    uint16_t pos = BDA16(BDA_CURSOR_POS + page * 2);
    uint16_t cell = BDA16(BDA_VID_PAGEOFF) / 2 + (pos >> 8) * vid_cols() + (pos & 0xff);
    crtc_write(0x0e, cell >> 8);
    crtc_write(0x0f, cell & 0xff);
}

static void cursor_set(uint8_t page, uint8_t row, uint8_t col)
{
    BDA16(BDA_CURSOR_POS + (page & 7) * 2) = (row << 8) | col;
    if (page == BDA8(BDA_VID_PAGE)) {
        cursor_update();
    }
}

static void mirror_puts(const char *s)
{
    while (*s) {
        serial_putc(0x3f8, (uint8_t)*s++);
    }
}

/* Scroll the window (r0,c0)-(r1,c1) of the active page up (n > 0) or down
 * (n < 0) by |n| lines; n == 0 or |n| >= height clears it. */
static void scroll(int n, uint8_t attr, uint8_t r0, uint8_t c0, uint8_t r1, uint8_t c1)
{
    uint8_t page = BDA8(BDA_VID_PAGE);
    uint16_t blank = (attr << 8) | ' ';
    if (!vid_text()) {
        return;
    }
    if (r1 >= vid_rows()) {
        r1 = vid_rows() - 1;
    }
    if (c1 >= vid_cols()) {
        c1 = vid_cols() - 1;
    }
    if (r0 > r1 || c0 > c1) {
        return;
    }
    int h = r1 - r0 + 1;
    if (n == 0 || n >= h || -n >= h) {
        n = h;
        if (bios_mirror_com1 && r0 == 0 && c0 == 0 && r1 == vid_rows() - 1 &&
            c1 == vid_cols() - 1) {
            mirror_puts("\033[2J\033[H");
        }
    }
    if (n > 0) {
        for (int row = r0; row <= r1; row++) {
            for (int col = c0; col <= c1; col++) {
                uint16_t v =
                    row + n <= r1 ? far_rd16(VID_SEG, cell_off(page, row + n, col)) : blank;
                far_wr16(VID_SEG, cell_off(page, row, col), v);
            }
        }
    } else {
        for (int row = r1; row >= r0; row--) {
            for (int col = c0; col <= c1; col++) {
                uint16_t v =
                    row + n >= r0 ? far_rd16(VID_SEG, cell_off(page, row + n, col)) : blank;
                far_wr16(VID_SEG, cell_off(page, row, col), v);
            }
        }
    }
}

static void teletype(uint8_t page, uint8_t c, uint8_t attr, bool use_attr)
{
    uint16_t pos = BDA16(BDA_CURSOR_POS + (page & 7) * 2);
    uint8_t row = pos >> 8, col = pos & 0xff;
    switch (c) {
    case 7:
        return;
    case 8:
        if (col > 0) {
            col--;
        }
        break;
    case 10:
        row++;
        break;
    case 13:
        col = 0;
        break;
    default:
        if (vid_text()) {
            uint16_t off = cell_off(page, row, col);
            far_wr8(VID_SEG, off, c);
            if (use_attr) {
                far_wr8(VID_SEG, off + 1, attr);
            }
        }
        col++;
        break;
    }
    if (col >= vid_cols()) {
        col = 0;
        row++;
    }
    if (row >= vid_rows()) {
        uint8_t a = vid_text() ? far_rd8(VID_SEG, cell_off(page, vid_rows() - 1, 0) + 1) : 0;
        scroll(1, a, 0, 0, vid_rows() - 1, vid_cols() - 1);
        row = vid_rows() - 1;
    }
    cursor_set(page, row, col);
}

void video_putc(uint8_t c)
{
    if (bios_mirror_com1) {
        serial_putc(0x3f8, c);
    }
    teletype(BDA8(BDA_VID_PAGE), c, 0x07, false);
}

static void set_mode(uint8_t mode)
{
    bool clear = !(mode & 0x80);
    mode &= 0x7f;
    BDA8(BDA_VID_PAGE) = 0;
    BDA16(BDA_VID_PAGEOFF) = 0;
    for (int i = 0; i < 8; i++) {
        BDA16(BDA_CURSOR_POS + i * 2) = 0;
    }
    BDA16(BDA_CRTC_BASE) = 0x3d4;
    BDA16(BDA_CURSOR_TYPE) = 0x0607;
    BDA16(BDA_CHAR_HEIGHT) = 16;
    if (mode == 0x13) {
        BDA8(BDA_VID_MODE) = mode;
        BDA16(BDA_VID_COLS) = 40;
        BDA8(BDA_VID_ROWS) = 24;
        BDA16(BDA_VID_PAGESZ) = 0;
        if (clear) {
            for (uint32_t i = 0; i < 64000; i += 4) {
                far_wr32(0xa000, i, 0);
            }
        }
        return;
    }
    BDA8(BDA_VID_MODE) = mode <= 1 ? mode : 3;
    BDA16(BDA_VID_COLS) = mode <= 1 ? 40 : 80;
    BDA8(BDA_VID_ROWS) = 24;
    BDA16(BDA_VID_PAGESZ) = mode <= 1 ? 0x800 : 0x1000;
    if (clear) {
        for (uint16_t i = 0; i < 0x8000; i += 2) {
            far_wr16(VID_SEG, i, 0x0720);
        }
    }
    crtc_write(0x0a, 0x06);
    crtc_write(0x0b, 0x07);
    crtc_write(0x0c, 0);
    crtc_write(0x0d, 0);
    cursor_update();
}

void video_init(void)
{
    set_mode(0x03);
}

static void write_chars(struct BRegs *r, bool with_attr)
{
    uint8_t page = R_BH(r) & 7;
    uint16_t pos = BDA16(BDA_CURSOR_POS + page * 2);
    uint16_t off = cell_off(page, pos >> 8, pos & 0xff);
    if (!vid_text()) {
        return;
    }
    for (uint16_t n = R_CX(r); n; n--, off += 2) {
        far_wr8(VID_SEG, off, R_AL(r));
        if (with_attr) {
            far_wr8(VID_SEG, off + 1, R_BL(r));
        }
    }
}

static void write_string(struct BRegs *r)
{
    uint8_t page = R_BH(r) & 7, mode = R_AL(r);
    uint16_t saved = BDA16(BDA_CURSOR_POS + page * 2);
    uint16_t src = (uint16_t)r->ebp;
    cursor_set(page, R_DH(r), R_DL(r));
    for (uint16_t n = R_CX(r); n; n--) {
        uint8_t c = far_rd8(r->es, src++);
        uint8_t attr = R_BL(r);
        if (mode & 2) {
            attr = far_rd8(r->es, src++);
        }
        if (bios_mirror_com1) {
            serial_putc(0x3f8, c);
        }
        teletype(page, c, attr, true);
    }
    if (!(mode & 1)) {
        BDA16(BDA_CURSOR_POS + page * 2) = saved;
        cursor_update();
    }
}

void handle_10(struct BRegs *r)
{
    uint8_t page;
    switch (R_AH(r)) {
    case 0x00:
        set_mode(R_AL(r));
        R_AL(r) = 0x30;
        break;
    case 0x01:
        BDA16(BDA_CURSOR_TYPE) = R_CX(r);
        crtc_write(0x0a, R_CH(r));
        crtc_write(0x0b, R_CL(r));
        break;
    case 0x02:
        cursor_set(R_BH(r) & 7, R_DH(r), R_DL(r));
        break;
    case 0x03:
        R_DX(r) = BDA16(BDA_CURSOR_POS + (R_BH(r) & 7) * 2);
        R_CX(r) = BDA16(BDA_CURSOR_TYPE);
        break;
    case 0x05:
        page = R_AL(r) & 7;
        BDA8(BDA_VID_PAGE) = page;
        BDA16(BDA_VID_PAGEOFF) = page * BDA16(BDA_VID_PAGESZ);
        crtc_write(0x0c, BDA16(BDA_VID_PAGEOFF) / 2 >> 8);
        crtc_write(0x0d, BDA16(BDA_VID_PAGEOFF) / 2 & 0xff);
        cursor_update();
        break;
    case 0x06:
        scroll(R_AL(r), R_BH(r), R_CH(r), R_CL(r), R_DH(r), R_DL(r));
        break;
    case 0x07:
        scroll(R_AL(r) ? -(int)R_AL(r) : 0, R_BH(r), R_CH(r), R_CL(r), R_DH(r), R_DL(r));
        break;
    case 0x08: {
        page = R_BH(r) & 7;
        uint16_t pos = BDA16(BDA_CURSOR_POS + page * 2);
        R_AX(r) = vid_text() ? far_rd16(VID_SEG, cell_off(page, pos >> 8, pos & 0xff)) : 0;
        break;
    }
    case 0x09:
        write_chars(r, true);
        break;
    case 0x0a:
        write_chars(r, false);
        break;
    case 0x0e:
        if (bios_mirror_com1) {
            serial_putc(0x3f8, R_AL(r));
        }
        teletype(BDA8(BDA_VID_PAGE), R_AL(r), 0, false);
        break;
    case 0x0f:
        R_AL(r) = BDA8(BDA_VID_MODE);
        R_AH(r) = BDA8(BDA_VID_COLS);
        R_BH(r) = BDA8(BDA_VID_PAGE);
        break;
    case 0x11:
        if (R_AL(r) == 0x30) {
            R_CX(r) = BDA16(BDA_CHAR_HEIGHT);
            R_DL(r) = BDA8(BDA_VID_ROWS);
            r->es = 0;
            r->ebp &= 0xffff0000;
        }
        break;
    case 0x12:
        if (R_BL(r) == 0x10) {
            R_BX(r) = 0x0003; /* colour, 256 KiB */
            R_CX(r) = 0x0009;
        }
        break;
    case 0x13:
        write_string(r);
        break;
    case 0x1a:
        if (R_AL(r) == 0x00) {
            R_AL(r) = 0x1a;
            R_BX(r) = 0x0008; /* VGA with colour display */
        }
        break;
    default:
        break;
    }
}
