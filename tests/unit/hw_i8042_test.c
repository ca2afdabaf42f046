/*
 * hw_i8042_test.c - the 8042 and its PS/2 devices through ports 0x60 and
 * 0x64: controller self test and command byte, keyboard commands and
 * scancodes with and without set 1 translation, the mouse through 0xD4,
 * IRQ 1 and 12, the output port's A20 and reset lines. pc_set_a20 and
 * pc_request_reset are faked here.
 */
#include <check.h>
#include <stdlib.h>

#include "hw/i8042.h"
#include "hw/pc.h"

static int resets;
static unsigned a20_sources;

void pc_request_reset(PCMachine *m)
{
    (void)m;
    resets++;
}

void pc_set_a20(PCMachine *m, unsigned source, bool enabled)
{
    (void)m;
    a20_sources = enabled ? a20_sources | source : a20_sources & ~source;
}

static IOSpace *io;
static KBDState *kbd;
static IRQLine kbd_line, mouse_line;
static int levels[16];

static void probe_set(void *opaque, int n, int level)
{
    (void)opaque;
    levels[n] = level;
}

static void setup(void)
{
    io = malloc(sizeof(*io));
    ioport_init(io);
    resets = 0;
    a20_sources = 0;
    levels[KBD_IRQ] = levels[KBD_MOUSE_IRQ] = 0;
    irq_init(&kbd_line, probe_set, NULL, KBD_IRQ);
    irq_init(&mouse_line, probe_set, NULL, KBD_MOUSE_IRQ);
    kbd = kbd_init((PCMachine *)&resets, io, &kbd_line, &mouse_line, NULL);
    ck_assert_ptr_nonnull(kbd);
}

static void teardown(void)
{
    kbd_free(kbd);
    free(io);
}

static uint8_t status(void)
{
    return (uint8_t)ioport_read(io, KBD_STATUS_PORT, 1);
}

static void command(uint8_t v)
{
    ioport_write(io, KBD_STATUS_PORT, v, 1);
}

static void data(uint8_t v)
{
    ioport_write(io, KBD_DATA_PORT, v, 1);
}

/* The next output byte; it must be there. */
static uint8_t next(void)
{
    ck_assert_uint_eq(status() & KBD_STAT_OBF, KBD_STAT_OBF);
    return (uint8_t)ioport_read(io, KBD_DATA_PORT, 1);
}

static bool empty(void)
{
    return !(status() & KBD_STAT_OBF);
}

START_TEST(kbd_self_test_and_interface_tests)
{
    ck_assert(empty());
    command(0xaa);
    ck_assert_uint_eq(next(), 0x55);
    command(0xab);
    ck_assert_uint_eq(next(), 0x00);
    command(0xa9);
    ck_assert_uint_eq(next(), 0x00);
    ck_assert(empty());
    ck_assert_uint_eq(status() & KBD_STAT_CMD, KBD_STAT_CMD);
}
END_TEST

START_TEST(kbd_command_byte_read_and_write)
{
    command(0x20);
    ck_assert_uint_eq(next(), 0x45);
    command(0x60);
    data(0x47);
    command(0x20);
    ck_assert_uint_eq(next(), 0x47);
    ck_assert_uint_eq(status() & KBD_STAT_SYS, KBD_STAT_SYS);
    command(0xad);
    command(0x20);
    ck_assert_uint_eq(next(), 0x57);
    command(0xae);
    command(0xa7);
    command(0x20);
    ck_assert_uint_eq(next(), 0x67);
}
END_TEST

START_TEST(kbd_reset_and_id_through_translation)
{
    data(0xff);
    ck_assert_int_eq(levels[KBD_IRQ], 1);
    ck_assert_uint_eq(next(), 0xfa);
    ck_assert_uint_eq(next(), 0xaa);
    ck_assert(empty());
    ck_assert_int_eq(levels[KBD_IRQ], 0);
    data(0xf2);
    ck_assert_uint_eq(next(), 0xfa);
    ck_assert_uint_eq(next(), 0xab);
    ck_assert_uint_eq(next(), 0x41); /* 0x83 translated */
    command(0x60);
    data(0x05); /* no translation */
    data(0xf2);
    ck_assert_uint_eq(next(), 0xfa);
    ck_assert_uint_eq(next(), 0xab);
    ck_assert_uint_eq(next(), 0x83);
}
END_TEST

START_TEST(kbd_keys_in_set_1_via_translation)
{
    kbd_put_key(kbd, 0x1e, true); /* A */
    kbd_put_key(kbd, 0x1e, false);
    kbd_put_key(kbd, 0xe048, true); /* up arrow */
    kbd_put_key(kbd, 0xe048, false);
    ck_assert_uint_eq(next(), 0x1e);
    ck_assert_uint_eq(next(), 0x9e);
    ck_assert_uint_eq(next(), 0xe0);
    ck_assert_uint_eq(next(), 0x48);
    ck_assert_uint_eq(next(), 0xe0);
    ck_assert_uint_eq(next(), 0xc8);
    ck_assert(empty());
}
END_TEST

START_TEST(kbd_keys_in_set_2_untranslated)
{
    command(0x60);
    data(0x01);
    kbd_put_key(kbd, 0x1e, true);
    kbd_put_key(kbd, 0x1e, false);
    kbd_put_key(kbd, 0x41, true); /* F7: 0x83 in set 2 */
    ck_assert_uint_eq(next(), 0x1c);
    ck_assert_uint_eq(next(), 0xf0);
    ck_assert_uint_eq(next(), 0x1c);
    ck_assert_uint_eq(next(), 0x83);
}
END_TEST

START_TEST(kbd_scan_set_select_leds_typematic)
{
    command(0x60);
    data(0x01);
    data(0xf0);
    ck_assert_uint_eq(next(), 0xfa);
    data(0x00);
    ck_assert_uint_eq(next(), 0xfa);
    ck_assert_uint_eq(next(), 0x02);
    data(0xf0);
    data(0x01);
    ck_assert_uint_eq(next(), 0xfa);
    ck_assert_uint_eq(next(), 0xfa);
    kbd_put_key(kbd, 0x1e, false);
    ck_assert_uint_eq(next(), 0x9e); /* set 1 straight from the keyboard */
    data(0xed);
    data(0x07);
    ck_assert_uint_eq(next(), 0xfa);
    ck_assert_uint_eq(next(), 0xfa);
    data(0xf3);
    data(0x20);
    ck_assert_uint_eq(next(), 0xfa);
    ck_assert_uint_eq(next(), 0xfa);
    data(0xee);
    ck_assert_uint_eq(next(), 0xee);
}
END_TEST

START_TEST(kbd_disabled_scanning_drops_keys)
{
    data(0xf5);
    ck_assert_uint_eq(next(), 0xfa);
    kbd_put_key(kbd, 0x1e, true);
    ck_assert(empty());
    data(0xf4);
    ck_assert_uint_eq(next(), 0xfa);
    kbd_put_key(kbd, 0x1e, true);
    ck_assert_uint_eq(next(), 0x1e);
}
END_TEST

START_TEST(kbd_mouse_reset_id_and_packets_on_irq12)
{
    command(0x60);
    data(0x47); /* aux interrupt on */
    command(0xd4);
    data(0xff);
    ck_assert_int_eq(levels[KBD_MOUSE_IRQ], 1);
    ck_assert_int_eq(levels[KBD_IRQ], 0);
    ck_assert_uint_eq(status() & KBD_STAT_AUX_OBF, KBD_STAT_AUX_OBF);
    ck_assert_uint_eq(next(), 0xfa);
    ck_assert_uint_eq(next(), 0xaa);
    ck_assert_uint_eq(next(), 0x00);
    command(0xd4);
    data(0xf2);
    ck_assert_uint_eq(next(), 0xfa);
    ck_assert_uint_eq(next(), 0x00);
    kbd_mouse_event(kbd, 5, -3, KBD_MOUSE_LEFT);
    ck_assert(empty()); /* reporting is off */
    command(0xd4);
    data(0xf3);
    command(0xd4);
    data(40);
    ck_assert_uint_eq(next(), 0xfa);
    ck_assert_uint_eq(next(), 0xfa);
    command(0xd4);
    data(0xf4);
    ck_assert_uint_eq(next(), 0xfa);
    kbd_mouse_event(kbd, 5, -3, KBD_MOUSE_LEFT);
    ck_assert_uint_eq(next(), 0x08 | 0x20 | 0x01);
    ck_assert_uint_eq(next(), 5);
    ck_assert_uint_eq(next(), 0xfd);
    ck_assert_int_eq(levels[KBD_MOUSE_IRQ], 0);
    command(0xd4);
    data(0xe9); /* status request */
    ck_assert_uint_eq(next(), 0xfa);
    ck_assert_uint_eq(next(), 0x20 | 0x04);
    ck_assert_uint_eq(next(), 2);
    ck_assert_uint_eq(next(), 40);
}
END_TEST

START_TEST(kbd_irq1_follows_the_command_byte)
{
    command(0x60);
    data(0x44); /* keyboard interrupt off */
    kbd_put_key(kbd, 0x10, true);
    ck_assert_int_eq(levels[KBD_IRQ], 0);
    ck_assert_uint_eq(status() & KBD_STAT_OBF, KBD_STAT_OBF);
    command(0x60);
    data(0x45);
    ck_assert_int_eq(levels[KBD_IRQ], 1);
    ck_assert_uint_eq(next(), 0x10);
    ck_assert_int_eq(levels[KBD_IRQ], 0);
}
END_TEST

START_TEST(kbd_output_port_drives_a20_and_reset)
{
    ck_assert_uint_eq(a20_sources & PC_A20_KBC, PC_A20_KBC);
    command(0xd0);
    ck_assert_uint_eq(next() & 0x03, 0x03);
    command(0xd1);
    data(0xcd); /* A20 off */
    ck_assert_uint_eq(a20_sources & PC_A20_KBC, 0);
    command(0xd0);
    ck_assert_uint_eq(next() & 0x02, 0);
    command(0xdf);
    ck_assert_uint_eq(a20_sources & PC_A20_KBC, PC_A20_KBC);
    command(0xdd);
    ck_assert_uint_eq(a20_sources & PC_A20_KBC, 0);
    ck_assert_int_eq(resets, 0);
    command(0xfe); /* pulse bit 0 */
    ck_assert_int_eq(resets, 1);
    command(0xff); /* pulse nothing */
    ck_assert_int_eq(resets, 1);
    command(0xd1);
    data(0xce); /* bit 0 low: reset */
    ck_assert_int_eq(resets, 2);
}
END_TEST

START_TEST(kbd_fake_input_via_d2_and_d3)
{
    command(0x60);
    data(0x47);
    command(0xd2);
    data(0x99);
    ck_assert_int_eq(levels[KBD_IRQ], 1);
    ck_assert_uint_eq(next(), 0x99);
    command(0xd3);
    data(0x88);
    ck_assert_int_eq(levels[KBD_MOUSE_IRQ], 1);
    ck_assert_uint_eq(status() & KBD_STAT_AUX_OBF, KBD_STAT_AUX_OBF);
    ck_assert_uint_eq(next(), 0x88);
}
END_TEST

static Suite *kbd_suite(void)
{
    Suite *s = suite_create("i8042");
    TCase *tc = tcase_create("kbd");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, kbd_self_test_and_interface_tests);
    tcase_add_test(tc, kbd_command_byte_read_and_write);
    tcase_add_test(tc, kbd_reset_and_id_through_translation);
    tcase_add_test(tc, kbd_keys_in_set_1_via_translation);
    tcase_add_test(tc, kbd_keys_in_set_2_untranslated);
    tcase_add_test(tc, kbd_scan_set_select_leds_typematic);
    tcase_add_test(tc, kbd_disabled_scanning_drops_keys);
    tcase_add_test(tc, kbd_mouse_reset_id_and_packets_on_irq12);
    tcase_add_test(tc, kbd_irq1_follows_the_command_byte);
    tcase_add_test(tc, kbd_output_port_drives_a20_and_reset);
    tcase_add_test(tc, kbd_fake_input_via_d2_and_d3);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(kbd_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
