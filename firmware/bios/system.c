/* system.c - INT 15h of pcemu's BIOS: memory map, A20, wait, config table.
 *
 * Memory sizes come from the CMOS (30h/31h: KiB above 1 MiB, 34h/35h:
 * 64 KiB blocks above 16 MiB), as QEMU's board and pcemu's RTC store them.
 * Implemented: E820h, E801h, 88h, 2400h-2403h (A20 through port 92h), 86h
 * (wait, in timer ticks), C0h, C1h, 4Fh, 90h/91h. Everything else,
 * including 87h (block move) and C2h (PS/2 mouse), returns CF=1, AH=86h.
 */
#include "bios.h"

#define SMAP 0x534d4150

struct E820Entry {
    uint32_t base, base_hi, len, len_hi, type;
};

static uint32_t ext_kib(void)
{
    return cmos_read(CMOS_EXT_KIB_LO) | (cmos_read(CMOS_EXT_KIB_HI) << 8);
}

static uint32_t blocks_above_16m(void)
{
    return cmos_read(CMOS_MEM16_LO) | (cmos_read(CMOS_MEM16_HI) << 8);
}

/* First address above the RAM that starts at 1 MiB. */
static uint32_t ram_top(void)
{
    uint32_t b = blocks_above_16m();
    if (b) {
        return 0x1000000 + (b << 16);
    }
    return 0x100000 + (ext_kib() << 10);
}

/* Entry i of the map into *e; returns how many entries there are. */
static uint32_t e820_entry(uint32_t i, struct E820Entry *e)
{
    uint32_t ebda = (uint32_t)EBDA_SEG << 4, top = ram_top();
    const uint32_t map[5][3] = {
        {0, ebda, 1},
        {ebda, 0xa0000 - ebda, 2},
        {0xf0000, 0x10000, 2},
        {0xfffc0000, 0x40000, 2},
        {0x100000, top - 0x100000, 1},
    };
    uint32_t n = top > 0x100000 ? 5 : 4;
    memset(e, 0, sizeof(*e));
    if (i < n) {
        e->base = map[i][0];
        e->len = map[i][1];
        e->type = map[i][2];
    }
    return n;
}

static void e820(struct BRegs *r)
{
    struct E820Entry e;
    if (r->edx != SMAP || r->ecx < 20) {
        ret_status(r, 0x86);
        return;
    }
    uint32_t n = e820_entry(r->ebx, &e);
    if (r->ebx >= n) {
        ret_status(r, 0x86);
        return;
    }
    const uint32_t *w = (const uint32_t *)&e;
    for (int k = 0; k < 5; k++) {
        far_wr32(r->es, R_DI(r) + k * 4, w[k]);
    }
    r->eax = SMAP;
    r->ecx = 20;
    r->ebx = r->ebx + 1 < n ? r->ebx + 1 : 0;
    set_cf(r, false);
}

static void a20(struct BRegs *r)
{
    uint8_t v = inb(0x92);
    switch (R_AL(r)) {
    case 0x00:
        outb(0x92, v & ~0x03);
        break;
    case 0x01:
        outb(0x92, (v | 0x02) & ~0x01);
        break;
    case 0x02:
        R_AL(r) = (v >> 1) & 1;
        break;
    case 0x03:
        R_BX(r) = 0x0002;
        break;
    default:
        ret_status(r, 0x86);
        return;
    }
    ret_status(r, 0);
}

void handle_15(struct BRegs *r)
{
    switch (R_AH(r)) {
    case 0x24:
        a20(r);
        break;
    case 0x4f:
        set_cf(r, true);
        break;
    case 0x86: {
        uint32_t us = ((uint32_t)R_CX(r) << 16) | R_DX(r);
        ticks_wait((us + 27462) / 54925);
        ret_status(r, 0);
        break;
    }
    case 0x88: {
        uint32_t k = ext_kib();
        R_AX(r) = k > 0xfc00 ? 0xfc00 : k;
        set_cf(r, false);
        break;
    }
    case 0x90:
    case 0x91:
        ret_status(r, 0);
        break;
    case 0xc0:
        r->es = BIOS_SEG;
        R_BX(r) = bios_offset(bios_config_table);
        ret_status(r, 0);
        break;
    case 0xc1:
        r->es = EBDA_SEG;
        set_cf(r, false);
        break;
    case 0xe8:
        if (R_AL(r) == 0x20) {
            e820(r);
            break;
        }
        if (R_AL(r) == 0x01) {
            uint32_t top = ram_top();
            uint32_t low = top > 0x1000000 ? 0x3c00 : (top - 0x100000) >> 10;
            uint32_t high = top > 0x1000000 ? (top - 0x1000000) >> 16 : 0;
            R_AX(r) = R_CX(r) = low;
            R_BX(r) = R_DX(r) = high;
            set_cf(r, false);
            break;
        }
        ret_status(r, 0x86);
        break;
    default:
        ret_status(r, 0x86);
        break;
    }
}
