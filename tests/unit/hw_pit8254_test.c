/*
 * hw_pit8254_test.c - the 8254 through its ports on a fake clock: counter
 * reads in each mode, BCD, latch and read-back, access modes, channel 0's
 * IRQ0 edges delivered by the timer, and port 0x61 (gate, OUT, refresh).
 */
#include <check.h>
#include <stdlib.h>

#include "hw/pit8254.h"

static IOSpace *io;
static PITState *pit;
static Clock clk;
static int64_t now_ns;
static IRQLine irq0;
static int irq_level, irq_rises;

static int64_t fake_now(void *opaque)
{
    return *(int64_t *)opaque;
}

static void irq_set_probe(void *opaque, int n, int level)
{
    (void)opaque;
    (void)n;
    if (level && !irq_level) {
        irq_rises++;
    }
    irq_level = level;
}

/* Advance the fake clock by ticks of the 1.193182 MHz input, running timers. */
static void advance_ticks(int64_t ticks)
{
    now_ns += (ticks * 1000000000LL + PIT_FREQ_HZ - 1) / PIT_FREQ_HZ;
    clock_run_timers(&clk, now_ns);
}

static void setup(void)
{
    io = malloc(sizeof(*io));
    ioport_init(io);
    now_ns = 1000;
    clock_init(&clk, fake_now, &now_ns);
    irq_level = irq_rises = 0;
    irq_init(&irq0, irq_set_probe, NULL, 0);
    pit = pit_init(io, &clk, &irq0);
    ck_assert_ptr_nonnull(pit);
}

static void teardown(void)
{
    pit_free(pit);
    free(io);
}

static void wr(uint16_t port, uint8_t v)
{
    ioport_write(io, port, v, 1);
}

static uint8_t rd(uint16_t port)
{
    return (uint8_t)ioport_read(io, port, 1);
}

static uint16_t read16(int ch)
{
    uint16_t lo = rd(0x40 + ch);
    return (uint16_t)(lo | rd(0x40 + ch) << 8);
}

START_TEST(pit_mode2_counts_down_and_reloads)
{
    wr(0x43, 0x34); /* ch0, lohi, mode 2 */
    wr(0x40, 100);
    wr(0x40, 0);
    advance_ticks(30);
    ck_assert_uint_eq(read16(0), 70);
    advance_ticks(100);
    ck_assert_uint_eq(read16(0), 70);
}
END_TEST

START_TEST(pit_mode2_irq0_rises_once_per_period)
{
    wr(0x43, 0x34);
    wr(0x40, 100);
    wr(0x40, 0);
    irq_rises = 0;
    advance_ticks(1000);
    ck_assert_int_eq(irq_rises, 10);
}
END_TEST

START_TEST(pit_mode3_square_wave)
{
    wr(0x43, 0x36);
    wr(0x40, 100);
    wr(0x40, 0);
    ck_assert(pit_get_out(pit, 0));
    advance_ticks(49);
    ck_assert(pit_get_out(pit, 0));
    advance_ticks(2);
    ck_assert(!pit_get_out(pit, 0));
    irq_rises = 0;
    advance_ticks(1000);
    ck_assert_int_eq(irq_rises, 10);
}
END_TEST

START_TEST(pit_mode0_out_rises_at_terminal_count)
{
    wr(0x43, 0x30);
    ck_assert(!pit_get_out(pit, 0));
    wr(0x40, 10);
    wr(0x40, 0);
    advance_ticks(9);
    ck_assert_int_eq(irq_level, 0);
    advance_ticks(2);
    ck_assert_int_eq(irq_level, 1);
    advance_ticks(100);
    ck_assert_int_eq(irq_rises, 1); /* one shot */
}
END_TEST

START_TEST(pit_latch_freezes_value)
{
    wr(0x43, 0x34);
    wr(0x40, 0);
    wr(0x40, 0x10); /* 0x1000 */
    advance_ticks(0x10);
    wr(0x43, 0x00); /* latch ch0 */
    advance_ticks(0x100);
    ck_assert_uint_eq(read16(0), 0x0ff0);
    ck_assert_uint_eq(read16(0), 0x0ef0); /* live again */
}
END_TEST

START_TEST(pit_readback_status_and_count)
{
    wr(0x43, 0xb6); /* ch2, lohi, mode 3 */
    wr(0x43, 0xe8); /* read-back status of ch2 */
    ck_assert_uint_eq(rd(0x42), 0x40 | 0x36 | 0x80); /* null count, OUT high */
    wr(0x42, 0x34);
    wr(0x42, 0x12);
    wr(0x43, 0xc8); /* count and status of ch2 */
    ck_assert_uint_eq(rd(0x42) & 0x7f, 0x36);
    ck_assert_uint_eq(read16(2), 0x1234); /* gate low: not counting */
}
END_TEST

START_TEST(pit_bcd_counting)
{
    wr(0x43, 0x31); /* ch0, lohi, mode 0, BCD */
    wr(0x40, 0x00);
    wr(0x40, 0x10); /* 1000 decimal */
    advance_ticks(1);
    ck_assert_uint_eq(read16(0), 0x0999);
    advance_ticks(999);
    ck_assert_uint_eq(read16(0), 0x0000);
    advance_ticks(1);
    ck_assert_uint_eq(read16(0), 0x9999);
}
END_TEST

START_TEST(pit_lsb_and_msb_only_access)
{
    wr(0x43, 0x14); /* ch0, LSB only, mode 2 */
    wr(0x40, 50);
    advance_ticks(10);
    ck_assert_uint_eq(rd(0x40), 40);
    wr(0x43, 0x24); /* MSB only */
    wr(0x40, 0x02); /* 0x200 */
    advance_ticks(0x100);
    ck_assert_uint_eq(rd(0x40), 0x01);
}
END_TEST

START_TEST(pit_channel2_gate_and_out_on_port61)
{
    wr(0x43, 0xb0); /* ch2, lohi, mode 0 */
    wr(0x42, 100);
    wr(0x42, 0);
    advance_ticks(200);
    ck_assert_uint_eq(rd(0x61) & 0x20, 0); /* gate low: no count */
    wr(0x61, 0x01);
    ck_assert_uint_eq(rd(0x61) & 0x03, 0x01);
    advance_ticks(101);
    ck_assert_uint_eq(rd(0x61) & 0x20, 0x20);
}
END_TEST

START_TEST(pit_port61_refresh_bit_toggles)
{
    uint8_t a = rd(0x61) & 0x10;

    now_ns += 15085;
    ck_assert_uint_ne(rd(0x61) & 0x10, a);
}
END_TEST

START_TEST(pit_mode1_needs_gate_edge)
{
    wr(0x43, 0xb2); /* ch2, lohi, mode 1 */
    wr(0x42, 10);
    wr(0x42, 0);
    ck_assert(pit_get_out(pit, 2));
    wr(0x61, 0x01);
    advance_ticks(1);
    ck_assert(!pit_get_out(pit, 2));
    advance_ticks(10);
    ck_assert(pit_get_out(pit, 2));
}
END_TEST

static Suite *pit_suite(void)
{
    Suite *s = suite_create("pit8254");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, pit_mode2_counts_down_and_reloads);
    tcase_add_test(tc, pit_mode2_irq0_rises_once_per_period);
    tcase_add_test(tc, pit_mode3_square_wave);
    tcase_add_test(tc, pit_mode0_out_rises_at_terminal_count);
    tcase_add_test(tc, pit_latch_freezes_value);
    tcase_add_test(tc, pit_readback_status_and_count);
    tcase_add_test(tc, pit_bcd_counting);
    tcase_add_test(tc, pit_lsb_and_msb_only_access);
    tcase_add_test(tc, pit_channel2_gate_and_out_on_port61);
    tcase_add_test(tc, pit_port61_refresh_bit_toggles);
    tcase_add_test(tc, pit_mode1_needs_gate_edge);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pit_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
