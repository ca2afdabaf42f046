/*
 * hw_vgamem_test.c - the stand-in video window: MMIO (no host pointer) at
 * 0xA0000-0xBFFFF holding what is written, at every access size.
 */
#include <check.h>
#include <stdlib.h>

#include "hw/vgamem.h"

START_TEST(vgamem_is_mmio_memory_at_every_size)
{
    AddressSpace as;
    VGAMemState *v;

    ck_assert_int_eq(mem_init(&as), 0);
    v = vgamem_init(&as);
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(mem_lookup(&as, 0xa0000)->kind, MR_MMIO);
    ck_assert_int_eq(mem_lookup(&as, 0xbffff)->kind, MR_MMIO);
    ck_assert_int_eq(mem_lookup(&as, 0xc0000)->kind, MR_UNASSIGNED);
    ck_assert_ptr_null(mem_host_ptr(&as, 0xb8000, true));
    mem_write(&as, 0xb8000, 0x0741, 2);
    mem_write(&as, 0xb8002, 0xc3, 1);
    mem_write(&as, 0xbfffc, 0xdeadbeef, 4);
    ck_assert_uint_eq(mem_read(&as, 0xb8000, 4), 0x00c30741);
    ck_assert_uint_eq(mem_read(&as, 0xb8001, 1), 0x07);
    ck_assert_uint_eq(mem_read(&as, 0xbfffc, 4), 0xdeadbeef);
    ck_assert_uint_eq(mem_read(&as, 0xbfffe, 4), 0xffffdead); /* crosses into unassigned */
    vgamem_reset(v);
    ck_assert_uint_eq(mem_read(&as, 0xb8000, 4), 0);
    vgamem_free(v);
    mem_destroy(&as);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vgamem");
    TCase *tc = tcase_create("window");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, vgamem_is_mmio_memory_at_every_size);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
