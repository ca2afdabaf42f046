/*
 * hw_poweroff_test.c - the ACPI PM1a_CNT power-off port: SLP_EN with
 * SLP_TYP 0 (S5) stops the machine with status 0; other sleep types do
 * not. pc_request_exit is faked here.
 */
#include <check.h>
#include <stdlib.h>

#include "hw/pc.h"
#include "hw/poweroff.h"

static int exit_calls;
static int exit_status;

void pc_request_exit(PCMachine *m, int status)
{
    (void)m;
    exit_calls++;
    exit_status = status;
}

static IOSpace *io;
static PowerOffState *dev;

static void setup(void)
{
    io = malloc(sizeof(*io));
    ioport_init(io);
    exit_calls = 0;
    exit_status = -1;
    dev = poweroff_init(NULL, io, POWEROFF_IOBASE);
    ck_assert_ptr_nonnull(dev);
}

static void teardown(void)
{
    poweroff_free(dev);
    free(io);
}

START_TEST(poweroff_word_write_2000_exits_0)
{
    ioport_write(io, 0x604, 0x2000, 2);
    ck_assert_int_eq(exit_calls, 1);
    ck_assert_int_eq(exit_status, 0);
}
END_TEST

START_TEST(poweroff_other_sleep_types_do_not_exit)
{
    ioport_write(io, 0x604, 0x2000 | (1 << 10), 2); /* S1 */
    ioport_write(io, 0x604, 0x2000 | (5 << 10), 2);
    ioport_write(io, 0x604, 0x0000, 2); /* SLP_EN clear */
    ck_assert_int_eq(exit_calls, 0);
}
END_TEST

START_TEST(poweroff_register_reads_back_without_slp_en)
{
    ck_assert_uint_eq(ioport_read(io, 0x604, 2), POWEROFF_SCI_EN);
    ioport_write(io, 0x604, 0x2000 | (3 << 10), 2);
    ck_assert_uint_eq(ioport_read(io, 0x604, 2), (3u << 10) | POWEROFF_SCI_EN);
    ck_assert_uint_eq(ioport_read(io, 0x605, 1), 0x0c);
}
END_TEST

START_TEST(poweroff_byte_writes_compose_the_register)
{
    ioport_write(io, 0x604, 0x00, 1);
    ck_assert_int_eq(exit_calls, 0);
    ioport_write(io, 0x605, 0x20, 1);
    ck_assert_int_eq(exit_calls, 1);
    ck_assert_int_eq(exit_status, 0);
}
END_TEST

START_TEST(poweroff_dword_write_low_word_counts)
{
    ioport_write(io, 0x604, 0x00002000, 4);
    ck_assert_int_eq(exit_calls, 1);
}
END_TEST

static Suite *poweroff_suite(void)
{
    Suite *s = suite_create("poweroff");
    TCase *tc = tcase_create("pm1a_cnt");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, poweroff_word_write_2000_exits_0);
    tcase_add_test(tc, poweroff_other_sleep_types_do_not_exit);
    tcase_add_test(tc, poweroff_register_reads_back_without_slp_en);
    tcase_add_test(tc, poweroff_byte_writes_compose_the_register);
    tcase_add_test(tc, poweroff_dword_write_low_word_counts);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(poweroff_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
