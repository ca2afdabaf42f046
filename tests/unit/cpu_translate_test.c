/*
 * cpu_translate_test.c - the translator and TB pipeline on small guest
 * programs run through the harness: results, precise #DE, search data.
 */
#include <check.h>
#include <string.h>

#include "tests/harness/cpu_harness.h"

static CPUHarness h;

static void setup(void)
{
    ck_assert_int_eq(harness_init(&h, 1 << 20, 4 << 20), 0);
}

static void teardown(void)
{
    harness_free(&h);
}

/* every test runs on both back ends: loop index 0 = TCI, 1 = the JIT */
static void use_backend(int i)
{
    ck_assert_int_eq(tb_context_set_backend(h.tbs, i ? "tcg" : "tci"), 0);
}

static void load(uint32_t addr, const uint8_t *code, size_t len)
{
    memcpy(h.ram + addr, code, len);
}

START_TEST(translate_add_loop_computes_sum)
{
    use_backend(_i);
    /* mov ecx,10; xor eax,eax; L: add eax,ecx; dec ecx; jnz L; hlt */
    static const uint8_t code[] = {0xb9, 0x0a, 0x00, 0x00, 0x00, 0x31, 0xc0, 0x01,
                                   0xc8, 0x49, 0x75, 0xfb, 0xf4};
    load(0x1000, code, sizeof(code));
    harness_set_flat32(&h, 0x1000);
    ck_assert_int_eq(harness_run(&h, 1000), 0);
    ck_assert_uint_eq(h.env->regs[R_EAX], 55);
    ck_assert_uint_eq(h.env->regs[R_ECX], 0);
    ck_assert_uint_eq(h.env->eip, 0x100d); /* after the HLT */
}
END_TEST

START_TEST(translate_cmp_jcc_fusion_signed_and_unsigned)
{
    use_backend(_i);
    /* mov eax,-1; cmp eax,1; setl bl; setb bh; seta cl; setg ch; hlt */
    static const uint8_t code[] = {0xb8, 0xff, 0xff, 0xff, 0xff, 0x83, 0xf8, 0x01, 0x0f,
                                   0x9c, 0xc3, 0x0f, 0x92, 0xc7, 0x0f, 0x97, 0xc1, 0x0f,
                                   0x9f, 0xc5, 0xf4};
    load(0x1000, code, sizeof(code));
    harness_set_flat32(&h, 0x1000);
    ck_assert_int_eq(harness_run(&h, 100), 0);
    ck_assert_uint_eq(h.env->regs[R_EBX] & 0xffff, 0x0001); /* l=1, b=0 */
    ck_assert_uint_eq(h.env->regs[R_ECX] & 0xffff, 0x0001); /* a=1, g=0 */
}
END_TEST

START_TEST(translate_div_zero_faults_at_exact_eip)
{
    use_backend(_i);
    /* IDT at 0x500 with a #DE gate to 0x2000 (GDT at 0x600, code 0x08).
     * inc eax; inc eax; div ebx(=0); inc eax; hlt   handler: hlt */
    static const uint8_t code[] = {0x40, 0x40, 0xf7, 0xf3, 0x40, 0xf4};
    static const uint8_t gdt[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0x9b, 0xcf, 0};
    static const uint8_t gate[8] = {0x00, 0x20, 0x08, 0x00, 0x00, 0x8e, 0x00, 0x00};
    load(0x1000, code, sizeof(code));
    load(0x600, gdt, sizeof(gdt));
    load(0x500, gate, sizeof(gate));
    h.ram[0x2000] = 0xf4;
    harness_set_flat32(&h, 0x1000);
    h.env->gdt.base = 0x600;
    h.env->gdt.limit = 15;
    h.env->idt.base = 0x500;
    h.env->idt.limit = 7;
    h.env->regs[R_ESP] = 0x8000;
    h.env->regs[R_EBX] = 0;
    ck_assert_int_eq(harness_run(&h, 100), 0);
    ck_assert_uint_eq(h.env->eip, 0x2001);           /* ran the handler's HLT */
    ck_assert_uint_eq(h.env->regs[R_EAX], 2);        /* the third INC never ran */
    ck_assert_uint_eq(h.env->regs[R_ESP], 0x8000 - 12);
    uint32_t pushed_eip;
    memcpy(&pushed_eip, h.ram + 0x8000 - 12, 4);
    ck_assert_uint_eq(pushed_eip, 0x1002);           /* the DIV itself */
}
END_TEST

START_TEST(translate_real_mode_segments)
{
    use_backend(_i);
    /* at 1000:0000 (linear 0x10000): mov ax,0x2000; mov ds,ax;
     * mov byte [0x10],0x5a; hlt */
    static const uint8_t code[] = {0xb8, 0x00, 0x20, 0x8e, 0xd8, 0xc6, 0x06, 0x10, 0x00, 0x5a, 0xf4};
    load(0x10000, code, sizeof(code));
    harness_set_real(&h, 0x1000, 0);
    ck_assert_int_eq(harness_run(&h, 100), 0);
    ck_assert_uint_eq(h.ram[0x20010], 0x5a);
    ck_assert_uint_eq(h.env->segs[R_DS].base, 0x20000);
}
END_TEST

START_TEST(translate_smc_in_same_tb_sees_new_code)
{
    use_backend(_i);
    /* mov byte [0x1009],0x42 patches the imm8 of the next insn (mov al,0),
     * which is in the same TB: the new value must be used. */
    static const uint8_t code[] = {0xc6, 0x05, 0x09, 0x10, 0x00, 0x00, 0x42, 0x90,
                                   0xb0, 0x00, 0xf4};
    load(0x1000, code, sizeof(code));
    harness_set_flat32(&h, 0x1000);
    /* run once to translate, then again: the page is now a code page */
    ck_assert_int_eq(harness_run(&h, 100), 0);
    ck_assert_uint_eq(h.env->regs[R_EAX] & 0xff, 0x42);
    h.ram[0x1009] = 0x00;
    h.env->eip = 0x1000;
    ck_assert_int_eq(harness_run(&h, 100), 0);
    ck_assert_uint_eq(h.env->regs[R_EAX] & 0xff, 0x42);
    ck_assert_uint_gt(tb_stats(h.tbs)->invalidations, 0);
}
END_TEST

START_TEST(translate_tiny_code_buffer_flushes_and_still_runs)
{
    use_backend(_i);
    harness_free(&h);
    ck_assert_int_eq(harness_init(&h, 1 << 20, 256 << 10), 0);
    use_backend(_i);
    /* 4000 blocks "inc eax; jmp next", run twice */
    uint32_t a = 0x1000;
    for (int i = 0; i < 4000; i++) {
        static const uint8_t blk[] = {0x40, 0xeb, 0x00};
        load(a, blk, sizeof(blk));
        a += sizeof(blk);
    }
    h.ram[a] = 0xf4;
    harness_set_flat32(&h, 0x1000);
    ck_assert_int_eq(harness_run(&h, 100000), 0);
    h.env->eip = 0x1000;
    ck_assert_int_eq(harness_run(&h, 100000), 0);
    ck_assert_uint_eq(h.env->regs[R_EAX], 8000);
    ck_assert_uint_gt(tb_stats(h.tbs)->flushes, 0);
}
END_TEST

/* mov ecx,10; L: mov eax,[0x3000]; mov [0x3004],eax; dec ecx; jnz L; hlt:
 * 20 accesses to one data page, the first a miss (the fill serves the
 * stores too), so 19 inline TLB hits. */
static void run_tlb_loop(void)
{
    static const uint8_t code[] = {0xb9, 0x0a, 0x00, 0x00, 0x00, 0xa1, 0x00, 0x30, 0x00, 0x00,
                                   0xa3, 0x04, 0x30, 0x00, 0x00, 0x49, 0x75, 0xf3, 0xf4};
    load(0x1000, code, sizeof(code));
    harness_set_flat32(&h, 0x1000);
    ck_assert_int_eq(harness_run(&h, 1000), 0);
    ck_assert_uint_eq(h.env->regs[R_ECX], 0);
}

START_TEST(translate_stats_counts_inline_tlb_hits)
{
    use_backend(_i);
    h.log.mask = LOG_STATS; /* read at translation time */
    uint64_t misses = h.env->stats.tlb_misses;
    run_tlb_loop();
    ck_assert_uint_eq(h.env->stats.tlb_hits, 19);
    ck_assert_uint_eq(h.env->stats.tlb_misses, misses + 2); /* code page, data page */
}
END_TEST

START_TEST(translate_no_stats_counts_no_inline_tlb_hits)
{
    use_backend(_i);
    run_tlb_loop();
    ck_assert_uint_eq(h.env->stats.tlb_hits, 0);
}
END_TEST

static Suite *translate_suite(void)
{
    Suite *s = suite_create("cpu_translate");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, translate_add_loop_computes_sum, 0, 2);
    tcase_add_loop_test(tc, translate_cmp_jcc_fusion_signed_and_unsigned, 0, 2);
    tcase_add_loop_test(tc, translate_div_zero_faults_at_exact_eip, 0, 2);
    tcase_add_loop_test(tc, translate_real_mode_segments, 0, 2);
    tcase_add_loop_test(tc, translate_smc_in_same_tb_sees_new_code, 0, 2);
    tcase_add_loop_test(tc, translate_tiny_code_buffer_flushes_and_still_runs, 0, 2);
    tcase_add_loop_test(tc, translate_stats_counts_inline_tlb_hits, 0, 2);
    tcase_add_loop_test(tc, translate_no_stats_counts_no_inline_tlb_hits, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(translate_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
