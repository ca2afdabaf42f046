/*
 * hw_vga_test.c - the VGA as a driver sees it through ports and the
 * 0xA0000 window: register index/data pairs, the attribute flip-flop, the
 * DAC, the mono/colour port move, the memory map select, planes under the
 * map mask, latches and write modes 0-3, read mode 1, chain-4, odd/even,
 * and what vga_text_snapshot / vga_render make of text mode.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hw/vga.h"

static AddressSpace *as;
static IOSpace *io;
static VGAState *vga;

static void setup(void)
{
    as = malloc(sizeof(*as));
    io = malloc(sizeof(*io));
    ck_assert_int_eq(mem_init(as), 0);
    ioport_init(io);
    vga = vga_init(as, io);
    ck_assert_ptr_nonnull(vga);
}

static void teardown(void)
{
    vga_free(vga);
    mem_destroy(as);
    free(as);
    free(io);
}

static void outb(uint16_t port, uint8_t v)
{
    ioport_write(io, port, v, 1);
}

static uint8_t inb(uint16_t port)
{
    return (uint8_t)ioport_read(io, port, 1);
}

static void sr(uint8_t idx, uint8_t v)
{
    outb(0x3c4, idx);
    outb(0x3c5, v);
}

static void gr(uint8_t idx, uint8_t v)
{
    outb(0x3ce, idx);
    outb(0x3cf, v);
}

static void cr(uint8_t idx, uint8_t v)
{
    outb(0x3d4, idx);
    outb(0x3d5, v);
}

/* Planar 64 KiB at A0000 (mode 12h-like): no chain-4, no odd/even. */
static void planar_mode(void)
{
    uint32_t i;

    sr(0x04, 0x06);
    gr(0x05, 0x00);
    gr(0x06, 0x05);
    gr(0x08, 0xff);
    sr(0x02, 0x0f);
    for (i = 0; i < 0x40; i++) {
        mem_write(as, 0xa0000 + i, 0, 1); /* reset left text blanks here */
    }
}

static uint8_t memb(uint32_t paddr)
{
    return (uint8_t)mem_read(as, paddr, 1);
}

/* Plane p's byte at offset off, through read map select. */
static uint8_t plane_byte(int p, uint32_t off)
{
    gr(0x04, (uint8_t)p);
    return memb(0xa0000 + off);
}

START_TEST(vga_index_data_pairs_read_back)
{
    sr(0x02, 0x0a);
    outb(0x3c4, 0x02);
    ck_assert_uint_eq(inb(0x3c5), 0x0a);
    ck_assert_uint_eq(inb(0x3c4), 0x02);
    gr(0x08, 0x5a);
    outb(0x3ce, 0x08);
    ck_assert_uint_eq(inb(0x3cf), 0x5a);
    cr(0x0e, 0x12);
    outb(0x3d4, 0x0e);
    ck_assert_uint_eq(inb(0x3d5), 0x12);
    /* a 16-bit out writes index then data */
    ioport_write(io, 0x3ce, 0x3308, 2);
    outb(0x3ce, 0x08);
    ck_assert_uint_eq(inb(0x3cf), 0x33);
    outb(0x3c2, 0x63);
    ck_assert_uint_eq(inb(0x3cc), 0x63);
}
END_TEST

START_TEST(vga_crtc_moves_with_misc_bit0)
{
    ck_assert_uint_eq(inb(0x3cc) & 1, 1); /* colour after reset */
    ck_assert_uint_eq(inb(0x3b5), 0xff);  /* mono ports absent */
    outb(0x3c2, 0x66);                    /* monochrome */
    outb(0x3b4, 0x0f);
    outb(0x3b5, 0x42);
    ck_assert_uint_eq(inb(0x3b5), 0x42);
    ck_assert_uint_eq(inb(0x3d5), 0xff);
    outb(0x3c2, 0x67);
    outb(0x3d4, 0x0f);
    ck_assert_uint_eq(inb(0x3d5), 0x42); /* same registers */
}
END_TEST

START_TEST(vga_crtc_protect_bit_guards_cr0_to_cr7)
{
    outb(0x3d4, 0x01);
    ck_assert_uint_eq(inb(0x3d5), 0x4f);
    cr(0x01, 0x27); /* CR11 bit 7 is set after reset: ignored */
    outb(0x3d4, 0x01);
    ck_assert_uint_eq(inb(0x3d5), 0x4f);
    cr(0x11, 0x0e);
    cr(0x01, 0x27);
    outb(0x3d4, 0x01);
    ck_assert_uint_eq(inb(0x3d5), 0x27);
}
END_TEST

START_TEST(vga_attribute_flip_flop_reset_by_status_read)
{
    uint8_t st1, st2;

    inb(0x3da);
    outb(0x3c0, 0x01); /* index 1 (PAS clear) */
    outb(0x3c0, 0x3f); /* data */
    outb(0x3c0, 0x21); /* index again, PAS set */
    ck_assert_uint_eq(inb(0x3c1), 0x3f);
    ck_assert_uint_eq(inb(0x3c0), 0x21);
    outb(0x3c0, 0x12); /* this one is data for index 1 */
    ck_assert_uint_eq(inb(0x3c1), 0x12);
    st1 = inb(0x3da); /* flip-flop back to index */
    outb(0x3c0, 0x34);
    ck_assert_uint_eq(inb(0x3c0), 0x34);
    st2 = inb(0x3da);
    ck_assert_uint_ne(st1 & 0x09, st2 & 0x09); /* retrace bits toggle */
}
END_TEST

START_TEST(vga_dac_triplets_autoincrement)
{
    outb(0x3c8, 0x10);
    outb(0x3c9, 0x3f);
    outb(0x3c9, 0x20);
    outb(0x3c9, 0x01);
    outb(0x3c9, 0x02); /* entry 0x11 starts */
    ck_assert_uint_eq(inb(0x3c8), 0x11);
    outb(0x3c7, 0x10);
    ck_assert_uint_eq(inb(0x3c7), 0x03);
    ck_assert_uint_eq(inb(0x3c9), 0x3f);
    ck_assert_uint_eq(inb(0x3c9), 0x20);
    ck_assert_uint_eq(inb(0x3c9), 0x01);
    outb(0x3c6, 0x0f);
    ck_assert_uint_eq(inb(0x3c6), 0x0f);
}
END_TEST

START_TEST(vga_memory_map_select_places_window)
{
    /* mode 3: B8000 only */
    mem_write(as, 0xb8000, 0x41, 1);
    ck_assert_uint_eq(memb(0xb8000), 0x41);
    ck_assert_uint_eq(memb(0xa0000), 0xff);
    mem_write(as, 0xa0000, 0x99, 1); /* dropped */
    gr(0x06, 0x0a);                  /* B0000-B7FFF */
    ck_assert_uint_eq(memb(0xb0000), 0x41);
    ck_assert_uint_eq(memb(0xb8000), 0xff);
    gr(0x06, 0x02); /* A0000-BFFFF, 128 KiB */
    ck_assert_uint_eq(memb(0xa0000), 0x41);
}
END_TEST

START_TEST(vga_map_mask_selects_planes_and_latches_copy)
{
    planar_mode();
    sr(0x02, 0x05); /* planes 0 and 2 */
    mem_write(as, 0xa0010, 0xc3, 1);
    ck_assert_uint_eq(plane_byte(0, 0x10), 0xc3);
    ck_assert_uint_eq(plane_byte(1, 0x10), 0x00);
    ck_assert_uint_eq(plane_byte(2, 0x10), 0xc3);
    ck_assert_uint_eq(plane_byte(3, 0x10), 0x00);
    /* write mode 1: a read loads the latches, a write stores them */
    sr(0x02, 0x0f);
    gr(0x05, 0x01);
    memb(0xa0010);
    mem_write(as, 0xa0020, 0x00, 1);
    gr(0x05, 0x00);
    ck_assert_uint_eq(plane_byte(0, 0x20), 0xc3);
    ck_assert_uint_eq(plane_byte(1, 0x20), 0x00);
    ck_assert_uint_eq(plane_byte(2, 0x20), 0xc3);
}
END_TEST

START_TEST(vga_write_mode0_set_reset_rotate_alu_bitmask)
{
    planar_mode();
    sr(0x02, 0x0f);
    gr(0x00, 0x05); /* set/reset value: planes 0 and 2 ones */
    gr(0x01, 0x03); /* enabled for planes 0 and 1 */
    gr(0x03, 0x01); /* rotate right by 1 */
    mem_write(as, 0xa0000, 0x81, 1);
    ck_assert_uint_eq(plane_byte(0, 0), 0xff); /* set/reset 1 */
    ck_assert_uint_eq(plane_byte(1, 0), 0x00); /* set/reset 0 */
    ck_assert_uint_eq(plane_byte(2, 0), 0xc0); /* 0x81 ror 1 */
    ck_assert_uint_eq(plane_byte(3, 0), 0xc0);
    /* XOR with the latches under a bit mask */
    gr(0x01, 0x00);
    gr(0x03, 0x18); /* XOR, no rotate */
    gr(0x08, 0x0f);
    memb(0xa0000); /* latches = ff 00 c0 c0 */
    mem_write(as, 0xa0000, 0xff, 1);
    gr(0x03, 0x00);
    gr(0x08, 0xff);
    ck_assert_uint_eq(plane_byte(0, 0), 0xf0);
    ck_assert_uint_eq(plane_byte(1, 0), 0x0f);
    ck_assert_uint_eq(plane_byte(2, 0), 0xcf);
}
END_TEST

START_TEST(vga_write_modes_2_and_3)
{
    planar_mode();
    sr(0x02, 0x0f);
    gr(0x05, 0x02); /* write mode 2: bit p of the value fills plane p */
    gr(0x08, 0x3c);
    memb(0xa0000); /* latches 0 */
    mem_write(as, 0xa0000, 0x09, 1);
    gr(0x05, 0x00);
    ck_assert_uint_eq(plane_byte(0, 0), 0x3c);
    ck_assert_uint_eq(plane_byte(1, 0), 0x00);
    ck_assert_uint_eq(plane_byte(3, 0), 0x3c);
    /* write mode 3: set/reset colour, mask = bit mask & rotated value */
    gr(0x05, 0x03);
    gr(0x00, 0x02);
    gr(0x08, 0xf0);
    memb(0xa0001);
    mem_write(as, 0xa0001, 0x3c, 1);
    gr(0x05, 0x00);
    ck_assert_uint_eq(plane_byte(0, 1), 0x00);
    ck_assert_uint_eq(plane_byte(1, 1), 0x30);
}
END_TEST

START_TEST(vga_read_mode1_compares_colours)
{
    planar_mode();
    sr(0x02, 0x01);
    mem_write(as, 0xa0000, 0xf0, 1); /* plane 0 */
    sr(0x02, 0x04);
    mem_write(as, 0xa0000, 0xcc, 1); /* plane 2 */
    gr(0x05, 0x08);                  /* read mode 1 */
    gr(0x02, 0x05);                  /* colour 5 = planes 0 and 2 */
    gr(0x07, 0x0f);
    ck_assert_uint_eq(memb(0xa0000), 0xc0);
    gr(0x07, 0x01); /* only plane 0 matters */
    ck_assert_uint_eq(memb(0xa0000), 0xf0);
}
END_TEST

START_TEST(vga_chain4_bytes_read_back_like_ram)
{
    uint32_t i;

    sr(0x02, 0x0f);
    sr(0x04, 0x0e);
    gr(0x05, 0x40);
    gr(0x06, 0x05);
    for (i = 0; i < 64; i++) {
        mem_write(as, 0xa0000 + i, i * 7 + 1, 1);
    }
    ck_assert_uint_eq(mem_read(as, 0xa0004, 4), 0x322b241du);
    for (i = 0; i < 64; i++) {
        ck_assert_uint_eq(memb(0xa0000 + i), (uint8_t)(i * 7 + 1));
    }
    /* byte 5 is plane 1, plane offset 4 */
    sr(0x04, 0x06);
    gr(0x05, 0x00);
    ck_assert_uint_eq(plane_byte(1, 4), 5 * 7 + 1);
}
END_TEST

START_TEST(vga_odd_even_splits_char_and_attribute)
{
    mem_write(as, 0xb8000 + 2 * 81, 0x1e48, 2); /* 'H' on yellow/blue at row 1 col 1 */
    sr(0x04, 0x06);
    gr(0x05, 0x00);
    gr(0x06, 0x05);
    ck_assert_uint_eq(plane_byte(0, 2 * 81), 0x48);
    ck_assert_uint_eq(plane_byte(1, 2 * 81), 0x1e);
}
END_TEST

START_TEST(vga_text_snapshot_80x25_and_cursor)
{
    VGATextSnapshot *snap = malloc(sizeof(*snap));
    const char *msg = "Hello";
    int i;

    for (i = 0; msg[i]; i++) {
        mem_write(as, 0xb8000 + 2 * (3 * 80 + 10 + i), 0x1f00 | (uint8_t)msg[i], 2);
    }
    cr(0x0e, 0x00);
    cr(0x0f, 3 * 80 + 15);
    ck_assert_int_eq(vga_text_snapshot(vga, snap), 0);
    ck_assert_int_eq(snap->cols, 80);
    ck_assert_int_eq(snap->rows, 25);
    ck_assert_int_eq(snap->char_height, 16);
    ck_assert_uint_eq(snap->cells[3 * 80 + 10], 0x1f48);
    ck_assert_uint_eq(snap->cells[3 * 80 + 14], 0x1f6f);
    ck_assert_uint_eq(snap->cells[0], 0x0720); /* blank after reset */
    ck_assert_int_eq(snap->cursor_row, 3);
    ck_assert_int_eq(snap->cursor_col, 15);
    cr(0x0a, 0x20); /* cursor off */
    vga_text_snapshot(vga, snap);
    ck_assert_int_eq(snap->cursor_row, -1);
    free(snap);
}
END_TEST

START_TEST(vga_text_snapshot_80x50_and_start_address)
{
    VGATextSnapshot *snap = malloc(sizeof(*snap));

    cr(0x09, 0x47); /* 8 scan lines per row */
    mem_write(as, 0xb8000 + 2 * 80, 0x0741, 2);
    ck_assert_int_eq(vga_text_snapshot(vga, snap), 0);
    ck_assert_int_eq(snap->rows, 50);
    ck_assert_int_eq(snap->char_height, 8);
    ck_assert_uint_eq(snap->cells[80] & 0xff, 'A');
    cr(0x0d, 80); /* start one row down */
    vga_text_snapshot(vga, snap);
    ck_assert_uint_eq(snap->cells[0] & 0xff, 'A');
    gr(0x06, 0x05); /* graphics: no text */
    ck_assert_int_eq(vga_text_snapshot(vga, snap), -1);
    free(snap);
}
END_TEST

START_TEST(vga_render_text_uses_font_and_palette)
{
    uint32_t *rgb = malloc(sizeof(*rgb) * VGA_MAX_WIDTH * VGA_MAX_HEIGHT);
    int w, h, x, y, fg = 0, bg = 0;

    mem_write(as, 0xb8000, 0x1e00 | 0xdb, 2); /* full block, yellow on blue */
    mem_write(as, 0xb8002, 0x1e00 | 'A', 2);
    vga_render(vga, rgb, &w, &h);
    ck_assert_int_eq(w, 640);
    ck_assert_int_eq(h, 400);
    ck_assert_uint_eq(rgb[0], 0xffff55); /* yellow (colour 14) */
    ck_assert_uint_eq(rgb[5 * 640 + 3], 0xffff55);
    for (y = 0; y < 16; y++) {
        for (x = 8; x < 16; x++) {
            if (rgb[y * 640 + x] == 0xffff55) {
                fg++;
            } else if (rgb[y * 640 + x] == 0x0000aa) {
                bg++;
            }
        }
    }
    ck_assert_int_gt(fg, 10);
    ck_assert_int_eq(fg + bg, 128);
    /* blanked through the attribute controller's PAS bit */
    inb(0x3da);
    outb(0x3c0, 0x00);
    vga_render(vga, rgb, &w, &h);
    ck_assert_uint_eq(rgb[0], 0);
    free(rgb);
}
END_TEST

START_TEST(vga_render_mode13h_chain4)
{
    uint32_t *rgb = malloc(sizeof(*rgb) * VGA_MAX_WIDTH * VGA_MAX_HEIGHT);
    int w, h;

    /* mode 13h registers (IBM VGA Technical Reference mode table) */
    sr(0x01, 0x01);
    sr(0x04, 0x0e);
    gr(0x05, 0x40);
    gr(0x06, 0x05);
    cr(0x11, 0x0e);
    cr(0x01, 0x4f);
    cr(0x09, 0x41);
    cr(0x13, 0x28);
    cr(0x14, 0x40);
    cr(0x17, 0xa3);
    outb(0x3c8, 0x07);
    outb(0x3c9, 0x3f);
    outb(0x3c9, 0x00);
    outb(0x3c9, 0x00);
    mem_write(as, 0xa0000 + 320 * 10 + 5, 0x07, 1);
    vga_render(vga, rgb, &w, &h);
    ck_assert_int_eq(w, 320);
    ck_assert_int_eq(h, 200);
    ck_assert_uint_eq(rgb[10 * 320 + 5], 0xff0000);
    ck_assert_uint_eq(rgb[10 * 320 + 6], 0x000000);
    free(rgb);
}
END_TEST

START_TEST(vga_reset_restores_mode3)
{
    sr(0x04, 0x0e);
    mem_write(as, 0xb8000, 0x41, 1);
    vga_reset(vga);
    outb(0x3c4, 0x04);
    ck_assert_uint_eq(inb(0x3c5), 0x02);
    ck_assert_uint_eq(memb(0xb8000), 0x20);
}
END_TEST

static Suite *vga_suite(void)
{
    Suite *s = suite_create("vga");
    TCase *tc = tcase_create("vga");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, vga_index_data_pairs_read_back);
    tcase_add_test(tc, vga_crtc_moves_with_misc_bit0);
    tcase_add_test(tc, vga_crtc_protect_bit_guards_cr0_to_cr7);
    tcase_add_test(tc, vga_attribute_flip_flop_reset_by_status_read);
    tcase_add_test(tc, vga_dac_triplets_autoincrement);
    tcase_add_test(tc, vga_memory_map_select_places_window);
    tcase_add_test(tc, vga_map_mask_selects_planes_and_latches_copy);
    tcase_add_test(tc, vga_write_mode0_set_reset_rotate_alu_bitmask);
    tcase_add_test(tc, vga_write_modes_2_and_3);
    tcase_add_test(tc, vga_read_mode1_compares_colours);
    tcase_add_test(tc, vga_chain4_bytes_read_back_like_ram);
    tcase_add_test(tc, vga_odd_even_splits_char_and_attribute);
    tcase_add_test(tc, vga_text_snapshot_80x25_and_cursor);
    tcase_add_test(tc, vga_text_snapshot_80x50_and_start_address);
    tcase_add_test(tc, vga_render_text_uses_font_and_palette);
    tcase_add_test(tc, vga_render_mode13h_chain4);
    tcase_add_test(tc, vga_reset_restores_mode3);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr_ = srunner_create(vga_suite());
    int failed;

    srunner_run_all(sr_, CK_NORMAL);
    failed = srunner_ntests_failed(sr_);
    srunner_free(sr_);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
