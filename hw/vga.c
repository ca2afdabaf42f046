/*
 * vga.c - the IBM VGA (IBM VGA Technical Reference, "Video Subsystem";
 * register names as in FreeVGA's "VGA/SVGA Video Programming" reference).
 *
 * Registers: Miscellaneous Output (write 3C2h, read 3CCh: bit 0 moves the
 * CRTC and Input Status 1 between 3Bxh and 3Dxh), Sequencer (3C4h/3C5h),
 * CRT Controller (3D4h/3D5h or 3B4h/3B5h, with the write protect of
 * CR11 bit 7 over CR0-CR7), Graphics Controller (3CEh/3CFh), Attribute
 * Controller (3C0h index/data flip-flop, reset by reading Input Status 1;
 * 3C1h reads), DAC (3C6h mask, 3C7h read index / state, 3C8h write index,
 * 3C9h data in R, G, B triplets), Input Status 1 (display-enable and
 * vertical-retrace bits toggle on every read, as in QEMU, so polling
 * loops end without a timer), Feature Control (3CAh read, 3BAh/3DAh write).
 *
 * Memory: four 64 KiB planes. The Graphics Controller's memory map select
 * places the CPU window at A0000h (128 or 64 KiB), B0000h or B8000h (32
 * KiB). A CPU read loads the four latches and returns one plane (read
 * mode 0, plane from Read Map Select) or the colour-compare result (read
 * mode 1). A CPU write goes through write modes 0-3 (rotate, set/reset,
 * logical function with the latches, bit mask) into the planes enabled
 * by the Map Mask. Chain-4 (SR4 bit 3): address bits 0-1 select the plane
 * and the plane offset keeps the address with those bits clear; odd/even
 * (SR4 bit 2 clear for writes, GR5 bit 4 for reads): address bit 0
 * selects plane 0/1 (2/3 by Read Map Select bit 1) and the offset keeps
 * the address with bit 0 clear. That is how the CRTC fetches in word
 * (text) and doubleword (mode 13h) mode, so both line up.
 *
 * Rendering (vga_render) is done on demand, never per write. Text modes
 * use the built-in 8x16 or 8x8 font (by character height: 80x25 or 80x50),
 * not the font in plane 2, and 8-dot cells; blinking characters and the
 * cursor are drawn in their "on" phase, AR10 bit 3 picks blink versus
 * bright backgrounds. Graphics: 16-colour planar (modes 0Dh-12h) and
 * 256-colour chain-4 (mode 13h), with double scan and the /2 dot clock.
 * Not modelled: horizontal panning, line compare (split screen), CGA
 * shift-register modes (04h-06h), 9-dot cells, the plane-2 font,
 * retrace timing and its IRQ, light pen.
 */
#include <stdlib.h>
#include <string.h>

#include "hw/vga.h"
#include "hw/vgafont.h"

#define VGA_SR_COUNT 8
#define VGA_GR_COUNT 16
#define VGA_CR_COUNT 32
#define VGA_AR_COUNT 32

/* Sequencer */
#define VGA_SR_CLOCKING      0x01
#define VGA_SR_MAP_MASK      0x02
#define VGA_SR_MEM_MODE      0x04
#define VGA_SR1_DOT_DIV2     0x08
#define VGA_SR1_SCREEN_OFF   0x20
#define VGA_SR4_ODD_EVEN_OFF 0x04
#define VGA_SR4_CHAIN4       0x08

/* Graphics controller */
#define VGA_GR_SET_RESET   0x00
#define VGA_GR_ENABLE_SR   0x01
#define VGA_GR_COLOR_CMP   0x02
#define VGA_GR_ROTATE      0x03
#define VGA_GR_READ_MAP    0x04
#define VGA_GR_MODE        0x05
#define VGA_GR_MISC        0x06
#define VGA_GR_DONT_CARE   0x07
#define VGA_GR_BIT_MASK    0x08
#define VGA_GR5_READ_MODE1 0x08
#define VGA_GR5_ODD_EVEN   0x10
#define VGA_GR5_SHIFT256   0x40
#define VGA_GR6_GRAPHICS   0x01

/* CRT controller */
#define VGA_CR_HDISP_END    0x01
#define VGA_CR_OVERFLOW     0x07
#define VGA_CR_MAX_SCAN     0x09
#define VGA_CR_CURSOR_START 0x0a
#define VGA_CR_CURSOR_END   0x0b
#define VGA_CR_START_HI     0x0c
#define VGA_CR_START_LO     0x0d
#define VGA_CR_CURSOR_HI    0x0e
#define VGA_CR_CURSOR_LO    0x0f
#define VGA_CR_VRETRACE_END 0x11
#define VGA_CR_VDISP_END    0x12
#define VGA_CR_OFFSET       0x13
#define VGA_CR_UNDERLINE    0x14
#define VGA_CR_MODE         0x17
#define VGA_CR11_PROTECT    0x80
#define VGA_CR14_DWORD      0x40
#define VGA_CR17_BYTE       0x40
#define VGA_CRA_CURSOR_OFF  0x20

/* Attribute controller */
#define VGA_AR_MODE      0x10
#define VGA_AR_PLANE_EN  0x12
#define VGA_AR_COLOR_SEL 0x14
#define VGA_AR_INDEX_PAS 0x20
#define VGA_AR10_BLINK   0x08
#define VGA_AR10_P54S    0x80

#define VGA_MISC_COLOR   0x01
#define VGA_ST1_DISP     0x01
#define VGA_ST1_VRETRACE 0x08

struct VGAState {
    uint8_t plane[4][VGA_PLANE_SIZE];
    uint8_t latch[4];
    uint8_t misc;
    uint8_t fcr;
    uint8_t sr_index;
    uint8_t sr[VGA_SR_COUNT];
    uint8_t gr_index;
    uint8_t gr[VGA_GR_COUNT];
    uint8_t cr_index;
    uint8_t cr[VGA_CR_COUNT];
    uint8_t ar_index; /* bits 0-4 index, bit 5 PAS */
    bool ar_flip;     /* true: the next 3C0h write is data */
    uint8_t ar[VGA_AR_COUNT];
    uint8_t dac_mask;
    uint8_t dac_read; /* palette entry and component (0-2) being read */
    uint8_t dac_write;
    uint8_t dac_sub;
    bool dac_reading; /* last index written was 3C7h */
    uint8_t dac_cache[3];
    uint8_t palette[256 * 3];
    uint8_t st01;
};

/* Mode 3 as a VGA BIOS programs it (IBM VGA Technical Reference, BIOS mode
 * tables; the same values as SeaVGABIOS and QEMU's vgabios). */
// clang-format off
static const uint8_t vga_mode3_sr[5] = { 0x03, 0x00, 0x03, 0x00, 0x02 };
static const uint8_t vga_mode3_gr[9] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x0f, 0xff };
static const uint8_t vga_mode3_cr[25] = {
    0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00, 0x00, 0x00, 0x00,
    0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff,
};
static const uint8_t vga_mode3_ar[21] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
    0x0c, 0x00, 0x0f, 0x08, 0x00,
};
// clang-format on

/* ---- memory: planes, latches, write and read modes ---- */

/* CPU window offset (from 0xA0000) -> offset inside the mapped range, or -1. */
static int32_t vga_map_offset(const VGAState *s, uint32_t offset)
{
    switch ((s->gr[VGA_GR_MISC] >> 2) & 3) {
    case 0:
        return (int32_t)offset;
    case 1:
        return offset < 0x10000 ? (int32_t)offset : -1;
    case 2:
        return offset >= 0x10000 && offset < 0x18000 ? (int32_t)(offset - 0x10000) : -1;
    default:
        return offset >= 0x18000 ? (int32_t)(offset - 0x18000) : -1;
    }
}

static uint8_t vga_mem_readb(VGAState *s, uint32_t offset)
{
    int32_t a = vga_map_offset(s, offset);
    uint32_t addr;
    int p, plane = s->gr[VGA_GR_READ_MAP] & 3;

    if (a < 0) {
        return 0xff;
    }
    addr = (uint32_t)a;
    if (s->sr[VGA_SR_MEM_MODE] & VGA_SR4_CHAIN4) {
        plane = addr & 3;
        addr &= ~3u;
    } else if (s->gr[VGA_GR_MODE] & VGA_GR5_ODD_EVEN) {
        plane = (plane & 2) | (addr & 1);
        addr &= ~1u;
    }
    addr &= VGA_PLANE_SIZE - 1;
    for (p = 0; p < 4; p++) {
        s->latch[p] = s->plane[p][addr];
    }
    if (s->gr[VGA_GR_MODE] & VGA_GR5_READ_MODE1) {
        uint8_t diff = 0;

        for (p = 0; p < 4; p++) {
            if (s->gr[VGA_GR_DONT_CARE] & (1 << p)) {
                uint8_t want = (s->gr[VGA_GR_COLOR_CMP] >> p) & 1 ? 0xff : 0x00;

                diff |= s->latch[p] ^ want;
            }
        }
        return (uint8_t)~diff;
    }
    return s->latch[plane];
}

static uint8_t vga_rotate(uint8_t v, int n)
{
    n &= 7;
    return n ? (uint8_t)((v >> n) | (v << (8 - n))) : v;
}

/* The ALU and bit mask of write modes 0, 2 and 3 (GR3 bits 3-4, GR8). */
static uint8_t vga_alu(const VGAState *s, int p, uint8_t v, uint8_t mask)
{
    uint8_t l = s->latch[p];

    switch ((s->gr[VGA_GR_ROTATE] >> 3) & 3) {
    case 1:
        v &= l;
        break;
    case 2:
        v |= l;
        break;
    case 3:
        v ^= l;
        break;
    default:
        break;
    }
    return (uint8_t)((v & mask) | (l & ~mask));
}

static void vga_mem_writeb(VGAState *s, uint32_t offset, uint8_t val)
{
    int32_t a = vga_map_offset(s, offset);
    uint8_t planes = s->sr[VGA_SR_MAP_MASK] & 0x0f;
    uint8_t rot, sr = s->gr[VGA_GR_SET_RESET], mask = s->gr[VGA_GR_BIT_MASK];
    uint32_t addr;
    int p;

    if (a < 0) {
        return;
    }
    addr = (uint32_t)a;
    if (s->sr[VGA_SR_MEM_MODE] & VGA_SR4_CHAIN4) {
        planes &= 1 << (addr & 3);
        addr &= ~3u;
    } else if (!(s->sr[VGA_SR_MEM_MODE] & VGA_SR4_ODD_EVEN_OFF)) {
        planes &= (addr & 1) ? 0x0a : 0x05;
        addr &= ~1u;
    }
    addr &= VGA_PLANE_SIZE - 1;
    rot = vga_rotate(val, s->gr[VGA_GR_ROTATE] & 7);
    for (p = 0; p < 4; p++) {
        uint8_t srp = (sr >> p) & 1 ? 0xff : 0x00;
        uint8_t d;

        if (!(planes & (1 << p))) {
            continue;
        }
        switch (s->gr[VGA_GR_MODE] & 3) {
        case 0:
            d = (s->gr[VGA_GR_ENABLE_SR] >> p) & 1 ? srp : rot;
            d = vga_alu(s, p, d, mask);
            break;
        case 1:
            d = s->latch[p];
            break;
        case 2:
            d = vga_alu(s, p, (val >> p) & 1 ? 0xff : 0x00, mask);
            break;
        default:
            d = vga_alu(s, p, srp, mask & rot);
            break;
        }
        s->plane[p][addr] = d;
    }
}

static uint32_t vga_mem_read(void *opaque, uint32_t offset, int size)
{
    VGAState *s = opaque;
    uint32_t v = 0;
    int i;

    for (i = 0; i < size; i++) {
        v |= (uint32_t)vga_mem_readb(s, offset + i) << (8 * i);
    }
    return v;
}

static void vga_mem_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    VGAState *s = opaque;
    int i;

    for (i = 0; i < size; i++) {
        vga_mem_writeb(s, offset + i, (uint8_t)(val >> (8 * i)));
    }
}

static const MemOps vga_mem_ops = {
    .read = vga_mem_read,
    .write = vga_mem_write,
};

/* ---- registers ---- */

/* 3Bxh ports answer only in monochrome mode, 3Dxh only in colour mode. */
static bool vga_port_absent(const VGAState *s, uint16_t port)
{
    bool color = s->misc & VGA_MISC_COLOR;

    return (port >= 0x3b0 && port <= 0x3bf && color) || (port >= 0x3d0 && port <= 0x3df && !color);
}

static uint8_t vga_dac_read_data(VGAState *s)
{
    uint8_t v = s->palette[s->dac_read * 3 + s->dac_sub];

    if (++s->dac_sub == 3) {
        s->dac_sub = 0;
        s->dac_read++;
    }
    return v;
}

static void vga_dac_write_data(VGAState *s, uint8_t val)
{
    s->dac_cache[s->dac_sub] = val & 0x3f;
    if (++s->dac_sub == 3) {
        memcpy(&s->palette[s->dac_write * 3], s->dac_cache, 3);
        s->dac_sub = 0;
        s->dac_write++;
    }
}

static uint32_t vga_ioport_read(void *opaque, uint32_t offset, int size)
{
    VGAState *s = opaque;
    uint16_t port = (uint16_t)(VGA_IO_BASE + offset);

    (void)size;
    if (vga_port_absent(s, port)) {
        return 0xff;
    }
    switch (port) {
    case 0x3c0:
        return s->ar_index;
    case 0x3c1:
        return s->ar[s->ar_index & 0x1f];
    case 0x3c2:
        return 0x10; /* Input Status 0: switch sense (colour monitor) */
    case 0x3c3:
        return 0x01; /* video subsystem enabled */
    case 0x3c4:
        return s->sr_index;
    case 0x3c5:
        return s->sr[s->sr_index & (VGA_SR_COUNT - 1)];
    case 0x3c6:
        return s->dac_mask;
    case 0x3c7:
        return s->dac_reading ? 0x03 : 0x00;
    case 0x3c8:
        return s->dac_write;
    case 0x3c9:
        return vga_dac_read_data(s);
    case 0x3ca:
        return s->fcr;
    case 0x3cc:
        return s->misc;
    case 0x3ce:
        return s->gr_index;
    case 0x3cf:
        return s->gr[s->gr_index & (VGA_GR_COUNT - 1)];
    case 0x3b4:
    case 0x3d4:
        return s->cr_index;
    case 0x3b5:
    case 0x3d5:
        return s->cr[s->cr_index & (VGA_CR_COUNT - 1)];
    case 0x3ba:
    case 0x3da:
        s->ar_flip = false;
        s->st01 ^= VGA_ST1_DISP | VGA_ST1_VRETRACE;
        return s->st01;
    default:
        return 0xff;
    }
}

static void vga_ar_write(VGAState *s, uint8_t val)
{
    if (!s->ar_flip) {
        s->ar_index = val & 0x3f;
    } else {
        int idx = s->ar_index & 0x1f;

        if (idx < 0x10) {
            s->ar[idx] = val & 0x3f;
        } else if (idx <= VGA_AR_COLOR_SEL) {
            s->ar[idx] = val;
        }
    }
    s->ar_flip = !s->ar_flip;
}

static void vga_cr_write(VGAState *s, uint8_t val)
{
    int idx = s->cr_index & (VGA_CR_COUNT - 1);

    if (idx <= VGA_CR_OVERFLOW && (s->cr[VGA_CR_VRETRACE_END] & VGA_CR11_PROTECT)) {
        if (idx == VGA_CR_OVERFLOW) { /* only the line compare bit 8 stays writable */
            s->cr[idx] = (uint8_t)((s->cr[idx] & ~0x10) | (val & 0x10));
        }
        return;
    }
    s->cr[idx] = val;
}

static void vga_ioport_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    VGAState *s = opaque;
    uint16_t port = (uint16_t)(VGA_IO_BASE + offset);
    uint8_t v = (uint8_t)val;

    (void)size;
    if (vga_port_absent(s, port)) {
        return;
    }
    switch (port) {
    case 0x3c0:
        vga_ar_write(s, v);
        break;
    case 0x3c2:
        s->misc = v;
        break;
    case 0x3c4:
        s->sr_index = v;
        break;
    case 0x3c5:
        s->sr[s->sr_index & (VGA_SR_COUNT - 1)] = v;
        break;
    case 0x3c6:
        s->dac_mask = v;
        break;
    case 0x3c7:
        s->dac_read = v;
        s->dac_sub = 0;
        s->dac_reading = true;
        break;
    case 0x3c8:
        s->dac_write = v;
        s->dac_sub = 0;
        s->dac_reading = false;
        break;
    case 0x3c9:
        vga_dac_write_data(s, v);
        break;
    case 0x3ce:
        s->gr_index = v;
        break;
    case 0x3cf:
        s->gr[s->gr_index & (VGA_GR_COUNT - 1)] = v;
        break;
    case 0x3b4:
    case 0x3d4:
        s->cr_index = v;
        break;
    case 0x3b5:
    case 0x3d5:
        vga_cr_write(s, v);
        break;
    case 0x3ba:
    case 0x3da:
        s->fcr = v;
        break;
    default:
        break;
    }
}

static const IOOps vga_io_ops = {
    .read = vga_ioport_read,
    .write = vga_ioport_write,
    .sizes = IO_SIZE8,
};

/* ---- lifetime ---- */

VGAState *vga_init(AddressSpace *as, IOSpace *io)
{
    VGAState *s = calloc(1, sizeof(*s));

    if (!s) {
        return NULL;
    }
    if (mem_map_mmio(as, "vga-window", VGA_WINDOW_BASE, VGA_WINDOW_SIZE, &vga_mem_ops, s) < 0 ||
        ioport_register(io, "vga", VGA_IO_BASE, VGA_IO_SIZE, &vga_io_ops, s) < 0) {
        free(s);
        return NULL;
    }
    vga_reset(s);
    return s;
}

void vga_free(VGAState *s)
{
    free(s);
}

void vga_reset(VGAState *s)
{
    int i;

    memset(s, 0, sizeof(*s));
    s->misc = 0x67;
    memcpy(s->sr, vga_mode3_sr, sizeof(vga_mode3_sr));
    memcpy(s->gr, vga_mode3_gr, sizeof(vga_mode3_gr));
    memcpy(s->cr, vga_mode3_cr, sizeof(vga_mode3_cr));
    memcpy(s->ar, vga_mode3_ar, sizeof(vga_mode3_ar));
    s->ar_index = VGA_AR_INDEX_PAS;
    s->dac_mask = 0xff;
    /* the 64 EGA colours (rgbRGB: bits 0-2 two thirds, bits 3-5 one third) */
    for (i = 0; i < 64; i++) {
        s->palette[i * 3 + 0] = (uint8_t)(((i >> 2) & 1) * 0x2a + ((i >> 5) & 1) * 0x15);
        s->palette[i * 3 + 1] = (uint8_t)(((i >> 1) & 1) * 0x2a + ((i >> 4) & 1) * 0x15);
        s->palette[i * 3 + 2] = (uint8_t)((i & 1) * 0x2a + ((i >> 3) & 1) * 0x15);
    }
    /* blank text: spaces, light grey on black */
    for (i = 0; i < 0x8000; i += 2) {
        s->plane[0][i] = 0x20;
        s->plane[1][i] = 0x07;
    }
}

/* ---- rendering ---- */

typedef struct VGAGeometry {
    int width;       /* dots */
    int lines;       /* scan lines displayed */
    int char_height; /* (CR9 & 1Fh) + 1 */
    int shift;       /* address units -> plane offset: 0 byte, 1 word, 2 dword */
    uint32_t start;  /* CRTC start address */
    uint32_t stride; /* CRTC addresses per text row or scan line (2 x CR13) */
} VGAGeometry;

static void vga_geometry(const VGAState *s, VGAGeometry *g)
{
    const uint8_t *cr = s->cr;

    g->width = (cr[VGA_CR_HDISP_END] + 1) * 8;
    g->lines = (cr[VGA_CR_VDISP_END] | ((cr[VGA_CR_OVERFLOW] & 0x02) << 7) |
                ((cr[VGA_CR_OVERFLOW] & 0x40) << 3)) +
               1;
    g->char_height = (cr[VGA_CR_MAX_SCAN] & 0x1f) + 1;
    if (cr[VGA_CR_UNDERLINE] & VGA_CR14_DWORD) {
        g->shift = 2;
    } else {
        g->shift = (cr[VGA_CR_MODE] & VGA_CR17_BYTE) ? 0 : 1;
    }
    g->start = ((uint32_t)cr[VGA_CR_START_HI] << 8) | cr[VGA_CR_START_LO];
    g->stride = (uint32_t)cr[VGA_CR_OFFSET] * 2;
}

static uint32_t vga_dac_rgb(const VGAState *s, uint8_t idx)
{
    const uint8_t *p = &s->palette[(idx & s->dac_mask) * 3];
    uint32_t r = (uint32_t)(p[0] << 2 | p[0] >> 4);
    uint32_t g = (uint32_t)(p[1] << 2 | p[1] >> 4);
    uint32_t b = (uint32_t)(p[2] << 2 | p[2] >> 4);

    return r << 16 | g << 8 | b;
}

/* A 4-bit colour through the attribute palette and colour select. */
static uint32_t vga_attr_rgb(const VGAState *s, uint8_t c)
{
    uint8_t pal = s->ar[c & 0x0f], cs = s->ar[VGA_AR_COLOR_SEL], idx;

    if (s->ar[VGA_AR_MODE] & VGA_AR10_P54S) {
        idx = (uint8_t)((pal & 0x0f) | ((cs & 0x03) << 4));
    } else {
        idx = pal & 0x3f;
    }
    return vga_dac_rgb(s, (uint8_t)(idx | ((cs & 0x0c) << 4)));
}

static bool vga_is_text(const VGAState *s)
{
    return !(s->gr[VGA_GR_MISC] & VGA_GR6_GRAPHICS);
}

int vga_text_snapshot(VGAState *s, VGATextSnapshot *snap)
{
    VGAGeometry g;
    uint32_t cursor;
    int row, col;

    if (!vga_is_text(s)) {
        return -1;
    }
    vga_geometry(s, &g);
    snap->cols = g.width / 8 < VGA_TEXT_MAX_COLS ? g.width / 8 : VGA_TEXT_MAX_COLS;
    snap->rows = g.lines / g.char_height;
    snap->rows = snap->rows < VGA_TEXT_MAX_ROWS ? snap->rows : VGA_TEXT_MAX_ROWS;
    snap->char_height = g.char_height;
    for (row = 0; row < snap->rows; row++) {
        for (col = 0; col < snap->cols; col++) {
            uint32_t a = ((g.start + row * g.stride + col) << g.shift) & (VGA_PLANE_SIZE - 1);

            snap->cells[row * snap->cols + col] = (uint16_t)(s->plane[0][a] | s->plane[1][a] << 8);
        }
    }
    cursor = (((uint32_t)s->cr[VGA_CR_CURSOR_HI] << 8) | s->cr[VGA_CR_CURSOR_LO]) - g.start;
    snap->cursor_col = snap->cursor_row = -1;
    if (!(s->cr[VGA_CR_CURSOR_START] & VGA_CRA_CURSOR_OFF) && g.stride &&
        cursor < (uint32_t)snap->rows * g.stride && (int)(cursor % g.stride) < snap->cols) {
        snap->cursor_row = (int)(cursor / g.stride);
        snap->cursor_col = (int)(cursor % g.stride);
    }
    return 0;
}

static void vga_render_text(VGAState *s, const VGAGeometry *g, uint32_t *rgb, int w, int h)
{
    VGATextSnapshot *snap = malloc(sizeof(*snap)); /* 40 KiB: not on the stack */
    bool blink = s->ar[VGA_AR_MODE] & VGA_AR10_BLINK;
    int cs = s->cr[VGA_CR_CURSOR_START] & 0x1f, ce = s->cr[VGA_CR_CURSOR_END] & 0x1f;
    int y, x;

    if (!snap) {
        return;
    }
    vga_text_snapshot(s, snap);
    for (y = 0; y < h; y++) {
        int row = y / g->char_height, line = y % g->char_height;

        for (x = 0; x < w; x++) {
            int col = x / 8;
            uint16_t cell;
            uint8_t ch, attr, bits;
            uint8_t bg;

            if (row >= snap->rows || col >= snap->cols) {
                rgb[y * w + x] = 0;
                continue;
            }
            cell = snap->cells[row * snap->cols + col];
            ch = cell & 0xff;
            attr = cell >> 8;
            if (g->char_height <= 8) {
                bits = line < 8 ? vga_font_8x8[ch * 8 + line] : 0;
            } else {
                bits = line < 16 ? vga_font_8x16[ch * 16 + line] : 0;
            }
            if (row == snap->cursor_row && col == snap->cursor_col && cs <= ce && line >= cs &&
                line <= ce) {
                bits = 0xff;
            }
            bg = blink ? (attr >> 4) & 7 : attr >> 4;
            rgb[y * w + x] = vga_attr_rgb(s, (bits >> (7 - (x & 7))) & 1 ? attr & 0x0f : bg);
        }
    }
    free(snap);
}

/* Graphics: 256 colours (GR5 bit 6, a byte per pixel from planes 0-3 in
 * turn) or 16 colours (one bit from each plane). */
static void vga_render_graphics(VGAState *s, const VGAGeometry *g, uint32_t *rgb, int w, int h)
{
    bool c256 = s->gr[VGA_GR_MODE] & VGA_GR5_SHIFT256;
    uint8_t enable = s->ar[VGA_AR_PLANE_EN] & 0x0f;
    int y, x;

    for (y = 0; y < h; y++) {
        uint32_t line = (g->start << g->shift) + (uint32_t)y * (g->stride << g->shift);

        for (x = 0; x < w; x++) {
            int px = x;
            uint32_t a;

            if (c256) {
                a = (line + (uint32_t)(px & ~3)) & (VGA_PLANE_SIZE - 1);
                rgb[y * w + x] = vga_dac_rgb(s, s->plane[px & 3][a]);
            } else {
                uint8_t c = 0;
                int p;

                a = (line + (uint32_t)(px >> 3)) & (VGA_PLANE_SIZE - 1);
                for (p = 0; p < 4; p++) {
                    c |= (uint8_t)(((s->plane[p][a] >> (7 - (px & 7))) & 1) << p);
                }
                rgb[y * w + x] = vga_attr_rgb(s, c & enable);
            }
        }
    }
}

void vga_render(VGAState *s, uint32_t *rgb, int *w, int *h)
{
    VGAGeometry g;
    vga_geometry(s, &g);
    *w = g.width < VGA_MAX_WIDTH ? g.width : VGA_MAX_WIDTH;
    *h = g.lines < VGA_MAX_HEIGHT ? g.lines : VGA_MAX_HEIGHT;
    if (!vga_is_text(s)) {
        /* 256 colours take two dot clocks per pixel; SR1 bit 3 halves the
         * dot clock; CR9 bit 7 and the max scan line repeat lines */
        int xdiv = (s->gr[VGA_GR_MODE] & VGA_GR5_SHIFT256) ? 2 : 1;
        if (s->sr[VGA_SR_CLOCKING] & VGA_SR1_DOT_DIV2) {
            xdiv *= 2;
        }
        int ydiv = g.char_height * ((s->cr[VGA_CR_MAX_SCAN] & 0x80) ? 2 : 1);
        *w /= xdiv;
        *h /= ydiv;
    }
    if (*w <= 0 || *h <= 0) {
        *w = *h = 0;
        return;
    }
    if (!(s->ar_index & VGA_AR_INDEX_PAS) || (s->sr[VGA_SR_CLOCKING] & VGA_SR1_SCREEN_OFF)) {
        memset(rgb, 0, sizeof(*rgb) * (size_t)*w * (size_t)*h);
    } else if (vga_is_text(s)) {
        vga_render_text(s, &g, rgb, *w, *h);
    } else {
        vga_render_graphics(s, &g, rgb, *w, *h);
    }
}
