/*
 * hw_debugexit_test.c - isa-debug-exit: any write of v, at any width and
 * any port of the range, asks the board to exit with (v << 1) | 1.
 * pc_request_exit is faked here, so no machine is linked in.
 */
#include <check.h>
#include <stdlib.h>

#include "hw/debugexit.h"
#include "hw/pc.h"

static int exit_calls;
static int exit_status;
static PCMachine *exit_machine;

void pc_request_exit(PCMachine *m, int status)
{
    exit_calls++;
    exit_status = status;
    exit_machine = m;
}

static IOSpace *io;
static DebugExitState *dev;
#define FAKE_MACHINE ((PCMachine *)&exit_calls)

static void setup(void)
{
    io = malloc(sizeof(*io));
    ioport_init(io);
    exit_calls = 0;
    exit_status = -1;
    dev = debugexit_init(FAKE_MACHINE, io, DEBUGEXIT_DEFAULT_IOBASE, DEBUGEXIT_DEFAULT_IOSIZE);
    ck_assert_ptr_nonnull(dev);
}

static void teardown(void)
{
    debugexit_free(dev);
    free(io);
}

START_TEST(debugexit_byte_write_exits_with_v_shl_1_or_1)
{
    ioport_write(io, 0xf4, 0, 1);
    ck_assert_int_eq(exit_calls, 1);
    ck_assert_int_eq(exit_status, 1);
    ck_assert_ptr_eq(exit_machine, FAKE_MACHINE);
    ioport_write(io, 0xf4, 0x10, 1);
    ck_assert_int_eq(exit_status, 0x21);
}
END_TEST

START_TEST(debugexit_word_and_dword_writes_are_whole)
{
    ioport_write(io, 0xf4, 0x1234, 2);
    ck_assert_int_eq(exit_calls, 1);
    ck_assert_int_eq(exit_status, 0x2469);
    ioport_write(io, 0xf4, 0x100, 4);
    ck_assert_int_eq(exit_calls, 2);
    ck_assert_int_eq(exit_status, 0x201);
}
END_TEST

START_TEST(debugexit_any_port_of_the_range)
{
    ioport_write(io, 0xf7, 3, 1);
    ck_assert_int_eq(exit_status, 7);
    ioport_write(io, 0xf8, 3, 1); /* outside */
    ck_assert_int_eq(exit_calls, 1);
    ck_assert_uint_eq(ioport_read(io, 0xf4, 1), 0);
}
END_TEST

START_TEST(debugexit_custom_range_and_conflict)
{
    DebugExitState *d2 = debugexit_init(FAKE_MACHINE, io, 0x501, 2);

    ck_assert_ptr_nonnull(d2);
    ioport_write(io, 0x502, 1, 1);
    ck_assert_int_eq(exit_status, 3);
    ck_assert_ptr_null(debugexit_init(FAKE_MACHINE, io, 0xf6, 4));
    debugexit_free(d2);
}
END_TEST

static Suite *debugexit_suite(void)
{
    Suite *s = suite_create("debugexit");
    TCase *tc = tcase_create("port");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, debugexit_byte_write_exits_with_v_shl_1_or_1);
    tcase_add_test(tc, debugexit_word_and_dword_writes_are_whole);
    tcase_add_test(tc, debugexit_any_port_of_the_range);
    tcase_add_test(tc, debugexit_custom_range_and_conflict);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(debugexit_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
