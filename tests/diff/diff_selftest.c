/*
 * diff_selftest.c - the differential tester must see differences: two
 * sides started from states that differ in one place must be reported at
 * the first common instruction count, naming the field; equal starts must
 * agree.
 */
#include <check.h>
#include <string.h>

#include "tests/diff/diff.h"

static DiffSide side[2];
static const DiffOptions quiet = {.max_insns = 100000, .mem_every = 1, .quiet = true};

static void setup(void)
{
    ck_assert_int_eq(diff_side_init(&side[0], "tcg", 2, 4), 0);
    ck_assert_int_eq(diff_side_init(&side[1], "tci", 2, 4), 0);
}

static void teardown(void)
{
    diff_side_free(&side[0]);
    diff_side_free(&side[1]);
}

static void load_both(const uint8_t *code, size_t len)
{
    for (int i = 0; i < 2; i++) {
        diff_side_reset(&side[i]);
        memcpy(side[i].ram + 0x1000, code, len);
        cpu_x86_set_flat32(side[i].env, 0x1000);
        side[i].env->regs[R_ESP] = 0x8000;
    }
}

/* mov ecx,10; L: add eax,ecx; dec ecx; jnz L; mov [0x2000],eax; hlt */
static const uint8_t sum_loop[] = {0xb9, 0x0a, 0x00, 0x00, 0x00, 0x01, 0xc8, 0x49,
                                   0x75, 0xfb, 0xa3, 0x00, 0x20, 0x00, 0x00, 0xf4};

START_TEST(diff_equal_starts_agree)
{
    DiffReport rep;
    load_both(sum_loop, sizeof(sum_loop));
    ck_assert_int_eq(diff_run(&side[0], &side[1], &quiet, &rep), DIFF_SAME);
    ck_assert_str_eq(rep.what, "");
    ck_assert_uint_eq(rep.insns, 1 + 3 * 10 + 2);
    ck_assert_uint_gt(rep.compares, 10); /* one per loop iteration at least */
    ck_assert_uint_eq(side[0].env->regs[R_EAX], 55);
}
END_TEST

START_TEST(diff_different_eax_reported_as_mismatch)
{
    DiffReport rep;
    load_both(sum_loop, sizeof(sum_loop));
    side[1].env->regs[R_EAX] = 1;
    ck_assert_int_eq(diff_run(&side[0], &side[1], &quiet, &rep), DIFF_MISMATCH);
    ck_assert_ptr_nonnull(strstr(rep.what, "eax"));
    ck_assert_uint_eq(rep.compares, 1); /* the first compare finds it */
}
END_TEST

START_TEST(diff_untouched_ram_difference_reported)
{
    DiffReport rep;
    load_both(sum_loop, sizeof(sum_loop));
    side[1].ram[0x5000] = 0x42;
    ck_assert_int_eq(diff_run(&side[0], &side[1], &quiet, &rep), DIFF_MISMATCH);
    ck_assert_ptr_nonnull(strstr(rep.what, "RAM at 00005000"));
}
END_TEST

START_TEST(diff_memory_read_difference_reported)
{
    /* mov eax,[0x3000]; test eax,eax; jz +1; inc ebx; nop; hlt */
    static const uint8_t code[] = {0xa1, 0x00, 0x30, 0x00, 0x00, 0x85,
                                   0xc0, 0x74, 0x01, 0x43, 0x90, 0xf4};
    DiffReport rep;
    load_both(code, sizeof(code));
    side[0].ram[0x3000] = 1;
    ck_assert_int_eq(diff_run(&side[0], &side[1], &quiet, &rep), DIFF_MISMATCH);
    ck_assert_ptr_nonnull(strstr(rep.what, "eax"));
}
END_TEST

START_TEST(diff_flags_difference_named)
{
    /* cmc; hlt: only the flags differ, and only when CF did at the start */
    static const uint8_t code[] = {0xf5, 0xf4};
    DiffReport rep;
    load_both(code, sizeof(code));
    ck_assert_int_eq(diff_run(&side[0], &side[1], &quiet, &rep), DIFF_SAME);
    load_both(code, sizeof(code));
    cpu_x86_load_eflags(side[1].env, CC_C, CC_MASK);
    ck_assert_int_eq(diff_run(&side[0], &side[1], &quiet, &rep), DIFF_MISMATCH);
    ck_assert_ptr_nonnull(strstr(rep.what, "eflags"));
}
END_TEST

START_TEST(diff_state_compare_names_first_field)
{
    DiffState a, b;
    char what[128];
    diff_state_capture(side[0].env, &a);
    b = a;
    ck_assert(!diff_state_compare(&a, &b, what, sizeof(what)));
    b.eflags ^= CC_Z;
    b.cr[3] = 0x1000;
    ck_assert(diff_state_compare(&a, &b, what, sizeof(what)));
    ck_assert_ptr_nonnull(strstr(what, "eflags"));
}
END_TEST

static Suite *diff_suite(void)
{
    Suite *s = suite_create("diff");
    TCase *tc = tcase_create("lockstep");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, diff_equal_starts_agree);
    tcase_add_test(tc, diff_different_eax_reported_as_mismatch);
    tcase_add_test(tc, diff_untouched_ram_difference_reported);
    tcase_add_test(tc, diff_memory_read_difference_reported);
    tcase_add_test(tc, diff_flags_difference_named);
    tcase_add_test(tc, diff_state_compare_names_first_field);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(diff_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
