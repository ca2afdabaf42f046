/*
 * hw_port92_test.c - System Control Port A: bit 1 drives the A20 input
 * PC_A20_PORT92, a 0->1 write of bit 0 resets, the byte reads back.
 * pc_set_a20 and pc_request_reset are faked here.
 */
#include <check.h>
#include <stdlib.h>

#include "hw/pc.h"
#include "hw/port92.h"

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

START_TEST(port92_a20_and_fast_reset)
{
    IOSpace *io = malloc(sizeof(*io));
    Port92State *s;

    ioport_init(io);
    s = port92_init((PCMachine *)&resets, io);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(ioport_read(io, PORT92_PORT, 1), 0);
    ioport_write(io, PORT92_PORT, PORT92_A20, 1);
    ck_assert_uint_eq(a20_sources, PC_A20_PORT92);
    ck_assert_uint_eq(ioport_read(io, PORT92_PORT, 1), PORT92_A20);
    ck_assert_int_eq(resets, 0);
    ioport_write(io, PORT92_PORT, PORT92_A20 | PORT92_RESET, 1);
    ck_assert_int_eq(resets, 1);
    ioport_write(io, PORT92_PORT, PORT92_A20 | PORT92_RESET, 1); /* no new edge */
    ck_assert_int_eq(resets, 1);
    ioport_write(io, PORT92_PORT, 0, 1);
    ck_assert_uint_eq(a20_sources, 0);
    port92_free(s);
    free(io);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("port92");
    TCase *tc = tcase_create("port92");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, port92_a20_and_fast_reset);
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
