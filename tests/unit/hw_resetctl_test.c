/*
 * hw_resetctl_test.c - 0xCF9: 0x06 and 0x0E reset, 0x02 does not, and
 * dword accesses to 0xCF8 (PCI configuration address) never reach it.
 * pc_request_reset is faked here.
 */
#include <check.h>
#include <stdlib.h>

#include "hw/pc.h"
#include "hw/resetctl.h"

static int resets;

void pc_request_reset(PCMachine *m)
{
    (void)m;
    resets++;
}

START_TEST(rcr_rst_cpu_resets)
{
    IOSpace *io = malloc(sizeof(*io));
    RCRState *s;

    ioport_init(io);
    s = rcr_init((PCMachine *)&resets, io);
    ck_assert_ptr_nonnull(s);
    ioport_write(io, RCR_PORT, RCR_SYS_RST, 1);
    ck_assert_int_eq(resets, 0);
    ck_assert_uint_eq(ioport_read(io, RCR_PORT, 1), RCR_SYS_RST);
    ioport_write(io, RCR_PORT, 0x06, 1);
    ck_assert_int_eq(resets, 1);
    ioport_write(io, RCR_PORT, 0x0e, 1);
    ck_assert_int_eq(resets, 2);
    ioport_write(io, RCR_BASE, 0x80000c00u, 4); /* byte 1 would be 0x0c */
    ck_assert_int_eq(resets, 2);
    ck_assert_uint_eq(ioport_read(io, RCR_BASE, 4), 0xffffffffu);
    rcr_free(s);
    free(io);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("resetctl");
    TCase *tc = tcase_create("rcr");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, rcr_rst_cpu_resets);
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
