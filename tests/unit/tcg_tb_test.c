/*
 * tcg_tb_test.c - the TB cache: hash insert and lookup, dedup in
 * tb_link_page, host-pc lookup, invalidation by physical range, flush.
 */
#include <check.h>
#include <string.h>

#include "cpu/translate.h"
#include "tcg/exec.h"
#include "tcg/tb.h"
#include "tests/harness/cpu_harness.h"

static CPUHarness h;

/* at 0x1000: mov eax,1 ; add eax,2 ; hlt */
static const uint8_t prog[] = {0xb8, 0x01, 0x00, 0x00, 0x00, 0x83, 0xc0, 0x02, 0xf4};

static void setup(void)
{
    ck_assert_int_eq(harness_init(&h, 1 << 20, 4 << 20), 0);
    memcpy(h.ram + 0x1000, prog, sizeof(prog));
    harness_set_flat32(&h, 0x1000);
}

static void teardown(void)
{
    harness_free(&h);
}

static TranslationBlock *gen(void)
{
    return tb_gen_code(h.env, 0x1000, 0, h.env->hflags, 0);
}

START_TEST(tb_gen_code_inserts_and_lookup_finds_it)
{
    TranslationBlock *tb = gen();
    ck_assert_ptr_nonnull(tb);
    ck_assert_uint_eq(tb->icount, 3);
    ck_assert_uint_eq(tb->size, sizeof(prog));
    ck_assert_uint_eq(tb->phys_pc, 0x1000);
    ck_assert_ptr_eq(tb_htable_lookup(h.tbs, 0x1000, 0, h.env->hflags, 0, 0x1000), tb);
    ck_assert_ptr_null(tb_htable_lookup(h.tbs, 0x1000, 0, h.env->hflags ^ 4, 0, 0x1000));
    ck_assert_ptr_null(tb_htable_lookup(h.tbs, 0x1000, 0, h.env->hflags, 1, 0x1000));
}
END_TEST

START_TEST(tb_link_page_returns_the_identical_tb)
{
    TranslationBlock *a = gen();
    uint64_t live = tb_stats(h.tbs)->translated;
    TranslationBlock *b = gen();
    ck_assert_ptr_eq(a, b);
    ck_assert_uint_eq(tb_stats(h.tbs)->dedup, 1);
    ck_assert_uint_eq(tb_stats(h.tbs)->translated, live + 1);
}
END_TEST

START_TEST(tb_find_by_host_pc_maps_code_back_to_its_tb)
{
    TranslationBlock *a = gen();
    ck_assert_ptr_eq(tb_find_by_host_pc(h.tbs, (uintptr_t)a->tc_ptr + 1), a);
    ck_assert_ptr_null(tb_find_by_host_pc(h.tbs, (uintptr_t)&h));
}
END_TEST

START_TEST(tb_invalidate_hits_only_overlapping_tbs)
{
    TranslationBlock *a = gen();
    ck_assert(tb_page_is_code(h.tbs, 0x1000));
    tb_invalidate_phys_range(h.tbs, 0x1000 + sizeof(prog), 4, 0); /* just after it */
    ck_assert_ptr_eq(tb_htable_lookup(h.tbs, 0x1000, 0, h.env->hflags, 0, 0x1000), a);
    tb_invalidate_phys_range(h.tbs, 0x1006, 1, 0); /* the add's immediate */
    ck_assert_ptr_null(tb_htable_lookup(h.tbs, 0x1000, 0, h.env->hflags, 0, 0x1000));
    ck_assert(a->invalid);
    ck_assert_uint_eq(tb_stats(h.tbs)->invalidations, 1);
}
END_TEST

START_TEST(tb_flush_empties_the_cache)
{
    gen();
    tb_flush(h.tbs);
    ck_assert_ptr_null(tb_htable_lookup(h.tbs, 0x1000, 0, h.env->hflags, 0, 0x1000));
    ck_assert_uint_eq(tb_stats(h.tbs)->flushes, 1);
    ck_assert(!tb_page_is_code(h.tbs, 0x1000));
    /* and it still runs afterwards */
    ck_assert_int_eq(harness_run(&h, 100), 0);
    ck_assert_uint_eq(h.env->regs[R_EAX], 3);
}
END_TEST

START_TEST(tb_chained_jump_is_unlinked_on_invalidation)
{
    /* jmp to the next page-local block; run twice so the jump is chained */
    static const uint8_t code[] = {0xeb, 0x00, 0x40, 0xf4}; /* jmp +0; inc eax; hlt */
    memcpy(h.ram + 0x2000, code, sizeof(code));
    h.env->eip = 0x2000;
    ck_assert_int_eq(harness_run(&h, 100), 0);
    h.env->eip = 0x2000;
    ck_assert_int_eq(harness_run(&h, 100), 0);
    ck_assert_uint_gt(tb_stats(h.tbs)->chained, 0);
    h.ram[0x2002] = 0x48; /* dec eax, written behind the TB cache's back */
    tb_invalidate_phys_range(h.tbs, 0x2002, 1, 0);
    h.env->regs[R_EAX] = 10;
    h.env->eip = 0x2000;
    ck_assert_int_eq(harness_run(&h, 100), 0);
    ck_assert_uint_eq(h.env->regs[R_EAX], 9); /* the chained jump reached the new code */
}
END_TEST

static Suite *tb_suite(void)
{
    Suite *su = suite_create("tcg_tb");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, tb_gen_code_inserts_and_lookup_finds_it);
    tcase_add_test(tc, tb_link_page_returns_the_identical_tb);
    tcase_add_test(tc, tb_find_by_host_pc_maps_code_back_to_its_tb);
    tcase_add_test(tc, tb_invalidate_hits_only_overlapping_tbs);
    tcase_add_test(tc, tb_flush_empties_the_cache);
    tcase_add_test(tc, tb_chained_jump_is_unlinked_on_invalidation);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    SRunner *sr = srunner_create(tb_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
