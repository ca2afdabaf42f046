/*
 * hw_rtc_cmos_test.c - the MC146818 through ports 0x70/0x71 on a fake
 * clock: the time in BCD and binary, 12-hour mode, setting the time with
 * SET, UIP, the update-ended, periodic and alarm flags and IRQ8, register
 * C cleared by reading, and the NVRAM checksum.
 */
#include <check.h>
#include <stdlib.h>

#include "hw/rtc_cmos.h"

#define SEC 1000000000LL

static IOSpace *io;
static RTCState *rtc;
static Clock clk;
static int64_t now_ns;
static IRQLine irq8;
static int irq_level, irq_rises;

static int64_t fake_now(void *opaque)
{
    return *(int64_t *)opaque;
}

static void irq_probe(void *opaque, int n, int level)
{
    (void)opaque;
    (void)n;
    if (level && !irq_level) {
        irq_rises++;
    }
    irq_level = level;
}

static void advance(int64_t ns)
{
    now_ns += ns;
    clock_run_timers(&clk, now_ns);
}

static void setup(void)
{
    io = malloc(sizeof(*io));
    ioport_init(io);
    now_ns = 0;
    clock_init(&clk, fake_now, &now_ns);
    irq_level = irq_rises = 0;
    irq_init(&irq8, irq_probe, NULL, 8);
    /* 2000-01-01 00:00:00 UTC, a Saturday */
    rtc = rtc_init(io, &clk, &irq8, 946684800);
    ck_assert_ptr_nonnull(rtc);
}

static void teardown(void)
{
    rtc_free(rtc);
    free(io);
}

static uint8_t cmos(uint8_t i)
{
    ioport_write(io, 0x70, i, 1);
    return (uint8_t)ioport_read(io, 0x71, 1);
}

static void cmos_set(uint8_t i, uint8_t v)
{
    ioport_write(io, 0x70, i, 1);
    ioport_write(io, 0x71, v, 1);
}

START_TEST(rtc_time_reads_bcd_at_epoch)
{
    ck_assert_uint_eq(cmos(RTC_YEAR), 0x00);
    ck_assert_uint_eq(cmos(RTC_MONTH), 0x01);
    ck_assert_uint_eq(cmos(RTC_DAY_OF_MONTH), 0x01);
    ck_assert_uint_eq(cmos(RTC_DAY_OF_WEEK), 7);
    ck_assert_uint_eq(cmos(RTC_CMOS_CENTURY), 0x20);
    advance(3723 * SEC + SEC / 2); /* 01:02:03 */
    ck_assert_uint_eq(cmos(RTC_HOURS), 0x01);
    ck_assert_uint_eq(cmos(RTC_MINUTES), 0x02);
    ck_assert_uint_eq(cmos(RTC_SECONDS), 0x03);
}
END_TEST

START_TEST(rtc_binary_and_12_hour_modes)
{
    advance(13 * 3600 * SEC + 59 * SEC);
    cmos_set(RTC_REG_B, RTC_B_DM); /* binary, 12 hour */
    ck_assert_uint_eq(cmos(RTC_HOURS), 0x81); /* 1 PM */
    ck_assert_uint_eq(cmos(RTC_SECONDS), 59);
}
END_TEST

START_TEST(rtc_set_time_with_set_bit)
{
    cmos_set(RTC_REG_B, RTC_B_SET | RTC_B_24H);
    cmos_set(RTC_YEAR, 0x99);
    cmos_set(RTC_CMOS_CENTURY, 0x19);
    cmos_set(RTC_MONTH, 0x12);
    cmos_set(RTC_DAY_OF_MONTH, 0x31);
    cmos_set(RTC_HOURS, 0x23);
    cmos_set(RTC_MINUTES, 0x59);
    cmos_set(RTC_SECONDS, 0x59);
    advance(5 * SEC);
    ck_assert_uint_eq(cmos(RTC_SECONDS), 0x59); /* stopped */
    cmos_set(RTC_REG_B, RTC_B_24H);
    advance(SEC);
    ck_assert_uint_eq(cmos(RTC_YEAR), 0x00);
    ck_assert_uint_eq(cmos(RTC_CMOS_CENTURY), 0x20);
    ck_assert_uint_eq(cmos(RTC_SECONDS), 0x00);
}
END_TEST

START_TEST(rtc_uip_before_update)
{
    advance(SEC / 2);
    ck_assert_uint_eq(cmos(RTC_REG_A) & RTC_A_UIP, 0);
    advance(SEC / 2 - 100000);
    ck_assert_uint_eq(cmos(RTC_REG_A) & RTC_A_UIP, RTC_A_UIP);
    advance(200000);
    ck_assert_uint_eq(cmos(RTC_REG_A) & RTC_A_UIP, 0);
}
END_TEST

START_TEST(rtc_update_flag_polled_without_interrupt)
{
    cmos(RTC_REG_C);
    advance(SEC);
    ck_assert_uint_eq(cmos(RTC_REG_C) & RTC_C_UF, RTC_C_UF);
    ck_assert_uint_eq(cmos(RTC_REG_C), 0); /* read clears */
    ck_assert_int_eq(irq_rises, 0);
}
END_TEST

START_TEST(rtc_update_interrupt_raises_irq8)
{
    cmos_set(RTC_REG_B, RTC_B_24H | RTC_B_UIE);
    advance(SEC);
    ck_assert_int_eq(irq_level, 1);
    ck_assert_uint_eq(cmos(RTC_REG_C) & (RTC_C_IRQF | RTC_C_UF), RTC_C_IRQF | RTC_C_UF);
    ck_assert_int_eq(irq_level, 0);
}
END_TEST

START_TEST(rtc_periodic_interrupt_rate)
{
    cmos_set(RTC_REG_A, 0x26); /* 1024 Hz */
    cmos(RTC_REG_C);
    cmos_set(RTC_REG_B, RTC_B_24H | RTC_B_PIE);
    for (int i = 0; i < 1024; i++) {
        advance(SEC / 1024);
        if (irq_level) {
            ck_assert_uint_eq(cmos(RTC_REG_C) & (RTC_C_IRQF | RTC_C_PF), RTC_C_IRQF | RTC_C_PF);
        }
    }
    ck_assert_int_ge(irq_rises, 1023);
    ck_assert_int_le(irq_rises, 1025);
}
END_TEST

START_TEST(rtc_alarm_interrupt)
{
    cmos_set(RTC_SECONDS_ALARM, 0x05);
    cmos_set(RTC_MINUTES_ALARM, 0xff); /* don't care */
    cmos_set(RTC_HOURS_ALARM, 0xff);
    cmos_set(RTC_REG_B, RTC_B_24H | RTC_B_AIE);
    advance(4 * SEC);
    ck_assert_int_eq(irq_level, 0);
    advance(SEC);
    ck_assert_int_eq(irq_level, 1);
    ck_assert_uint_eq(cmos(RTC_REG_C) & RTC_C_AF, RTC_C_AF);
}
END_TEST

START_TEST(rtc_register_d_and_nmi_bit)
{
    ioport_write(io, 0x70, 0x80 | RTC_REG_D, 1);
    ck_assert_uint_eq(ioport_read(io, 0x71, 1), RTC_D_VRT);
}
END_TEST

START_TEST(rtc_nvram_and_checksum)
{
    rtc_cmos_write(rtc, 0x15, 0x80);
    rtc_cmos_write(rtc, 0x16, 0x02);
    rtc_cmos_update_checksum(rtc);
    ck_assert_uint_eq(cmos(0x2e), 0x00);
    ck_assert_uint_eq(cmos(0x2f), 0x82);
    cmos_set(0x40, 0x5a);
    ck_assert_uint_eq(cmos(0x40), 0x5a);
}
END_TEST

static Suite *rtc_suite(void)
{
    Suite *s = suite_create("rtc_cmos");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, rtc_time_reads_bcd_at_epoch);
    tcase_add_test(tc, rtc_binary_and_12_hour_modes);
    tcase_add_test(tc, rtc_set_time_with_set_bit);
    tcase_add_test(tc, rtc_uip_before_update);
    tcase_add_test(tc, rtc_update_flag_polled_without_interrupt);
    tcase_add_test(tc, rtc_update_interrupt_raises_irq8);
    tcase_add_test(tc, rtc_periodic_interrupt_rate);
    tcase_add_test(tc, rtc_alarm_interrupt);
    tcase_add_test(tc, rtc_register_d_and_nmi_bit);
    tcase_add_test(tc, rtc_nvram_and_checksum);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(rtc_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
