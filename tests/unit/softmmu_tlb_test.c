/*
 * softmmu_tlb_test.c - the softmmu TLB on a bare CPU: fill and hit, the
 * victim table, whole, non-global and one-page flushes, INVLPG inside a
 * 4 MiB page, #PF error codes and CR2, the dirty bit on first write,
 * NOTDIRTY code pages (writes next to code do not invalidate, writes over
 * it do), DMA writes over code, MMIO, and the code-page probe of the TB
 * lookup (no fault, CR2 untouched).
 */
#include <check.h>
#include <setjmp.h>
#include <string.h>

#include "cpu/paging.h"
#include "softmmu/tlb.h"
#include "tests/harness/cpu_harness.h"

#define PD_ADDR 0x10000u
#define PT_ADDR 0x11000u

static CPUHarness h;

static void setup(void)
{
    ck_assert_int_eq(harness_init(&h, 4u << 20, 1u << 20), 0);
    harness_set_flat32(&h, 0x1000);
}

static void teardown(void)
{
    harness_free(&h);
}

static void put32(uint32_t pa, uint32_t v)
{
    memcpy(h.ram + pa, &v, 4); /* the host is little-endian like the guest */
}

static uint32_t get32(uint32_t pa)
{
    uint32_t v;
    memcpy(&v, h.ram + pa, 4);
    return v;
}

/* 32-bit paging: the first 4 MiB identity mapped, user, writable, dirty;
 * 0x5000 global; 0x7000 not present; 0x8000 read-only; 0x9000 clean. */
static void paging_on(void)
{
    memset(h.ram + PD_ADDR, 0, 0x2000);
    put32(PD_ADDR, PT_ADDR | 0x07);
    for (uint32_t i = 0; i < 1024; i++) {
        put32(PT_ADDR + 4 * i, (i << 12) | 0x67);
    }
    put32(PT_ADDR + 5 * 4, 0x5000 | 0x167);
    put32(PT_ADDR + 7 * 4, 0);
    put32(PT_ADDR + 8 * 4, 0x8000 | 0x65);
    put32(PT_ADDR + 9 * 4, 0x9000 | 0x07);
    h.env->cr[3] = PD_ADDR;
    h.env->cr[4] = CR4_PGE_MASK | CR4_PSE_MASK;
    h.env->cr[0] |= CR0_PG_MASK;
    tlb_flush(h.env);
}

static uint32_t load(uint32_t va, int mmu_idx)
{
    return cpu_ld_data(h.env, va, 4, mmu_idx, 0);
}

/* A store that must fault: returns the #PF error code (CR2 checked). */
static int store_fault(uint32_t va, int mmu_idx)
{
    CPUX86State *env = h.env;
    env->exception_index = -1;
    if (sigsetjmp(env->jmp_env, 0) == 0) {
        cpu_st_data(env, va, 0x12345678, 4, mmu_idx, 0);
        return -1;
    }
    ck_assert_int_eq(env->exception_index, EXCP0E_PAGE);
    ck_assert_uint_eq(env->cr[2], va);
    return env->error_code;
}

START_TEST(tlb_fill_then_hit)
{
    CPUStats *st = &h.env->stats;
    put32(0x1234, 0xcafef00d);
    uint64_t misses = st->tlb_misses;
    ck_assert_uint_eq(load(0x1234, MMU_PHYS_IDX), 0xcafef00d);
    ck_assert_uint_eq(st->tlb_misses, misses + 1);
    ck_assert_uint_eq(h.env->tlb[MMU_PHYS_IDX][1].addr_read, 0x1000);
    ck_assert_uint_eq(load(0x1238, MMU_PHYS_IDX), 0);
    ck_assert_uint_eq(st->tlb_misses, misses + 1);
    ck_assert_uint_gt(st->tlb_hits_slow, 0);
}
END_TEST

START_TEST(tlb_victim_table_catches_index_conflict)
{
    CPUStats *st = &h.env->stats;
    uint64_t misses = st->tlb_misses;
    load(0x1000, MMU_PHYS_IDX);
    load(0x101000, MMU_PHYS_IDX); /* same index: 0x1000 goes to the victims */
    ck_assert_uint_eq(h.env->tlb[MMU_PHYS_IDX][1].addr_read, 0x101000);
    load(0x1000, MMU_PHYS_IDX);
    ck_assert_uint_eq(st->tlb_misses, misses + 2);
    ck_assert_uint_eq(st->tlb_victim_hits, 1);
    ck_assert_uint_eq(h.env->tlb[MMU_PHYS_IDX][1].addr_read, 0x1000);
}
END_TEST

START_TEST(tlb_flush_drops_everything)
{
    CPUStats *st = &h.env->stats;
    load(0x1000, MMU_PHYS_IDX);
    load(0x101000, MMU_PHYS_IDX);
    uint64_t flushes = st->tlb_flushes, misses = st->tlb_misses;
    tlb_flush(h.env);
    ck_assert_uint_eq(st->tlb_flushes, flushes + 1);
    load(0x1000, MMU_PHYS_IDX);
    load(0x101000, MMU_PHYS_IDX);
    ck_assert_uint_eq(st->tlb_misses, misses + 2);
}
END_TEST

START_TEST(tlb_flush_page_drops_one_page)
{
    CPUStats *st = &h.env->stats;
    load(0x1000, MMU_PHYS_IDX);
    load(0x2000, MMU_PHYS_IDX);
    uint64_t misses = st->tlb_misses;
    tlb_flush_page(h.env, 0x1abc);
    ck_assert_uint_eq(st->tlb_flush_pages, 1);
    load(0x2000, MMU_PHYS_IDX);
    ck_assert_uint_eq(st->tlb_misses, misses);
    load(0x1000, MMU_PHYS_IDX);
    ck_assert_uint_eq(st->tlb_misses, misses + 1);
}
END_TEST

START_TEST(tlb_global_page_survives_cr3_flush)
{
    CPUStats *st = &h.env->stats;
    paging_on();
    load(0x5000, MMU_KERNEL_IDX);
    load(0x6000, MMU_KERNEL_IDX);
    ck_assert_uint_eq(h.env->tlb[MMU_KERNEL_IDX][5].attrs & TLB_ATTR_GLOBAL, TLB_ATTR_GLOBAL);
    ck_assert_uint_eq(h.env->tlb[MMU_KERNEL_IDX][6].attrs & TLB_ATTR_GLOBAL, 0);
    uint64_t misses = st->tlb_misses;
    tlb_flush_nonglobal(h.env);
    load(0x5000, MMU_KERNEL_IDX);
    ck_assert_uint_eq(st->tlb_misses, misses);
    load(0x6000, MMU_KERNEL_IDX);
    ck_assert_uint_eq(st->tlb_misses, misses + 1);
    /* INVLPG and a whole flush drop global pages too */
    tlb_flush_page(h.env, 0x5000);
    load(0x5000, MMU_KERNEL_IDX);
    ck_assert_uint_eq(st->tlb_misses, misses + 2);
    tlb_flush(h.env);
    load(0x5000, MMU_KERNEL_IDX);
    ck_assert_uint_eq(st->tlb_misses, misses + 3);
}
END_TEST

START_TEST(tlb_invlpg_inside_large_page_flushes_all_of_it)
{
    CPUStats *st = &h.env->stats;
    paging_on();
    put32(PD_ADDR + 4, 0x000000e7); /* 0x400000: 4 MiB page at 0, dirty */
    ck_assert_uint_eq(load(0x401234, MMU_KERNEL_IDX), get32(0x1234));
    load(0x7ff000, MMU_KERNEL_IDX);
    uint64_t misses = st->tlb_misses;
    tlb_flush_page(h.env, 0x600000);
    load(0x401234, MMU_KERNEL_IDX);
    load(0x7ff000, MMU_KERNEL_IDX);
    ck_assert_uint_eq(st->tlb_misses, misses + 2);
}
END_TEST

START_TEST(tlb_page_fault_error_codes_and_cr2)
{
    paging_on();
    ck_assert_int_eq(store_fault(0x7ffe, MMU_USER_IDX), 0x06); /* not present */
    ck_assert_int_eq(store_fault(0x8010, MMU_USER_IDX), 0x07); /* read-only */
    cpu_st_data(h.env, 0x8010, 1, 4, MMU_KERNEL_IDX, 0);       /* WP=0: allowed */
    h.env->cr[0] |= CR0_WP_MASK;
    tlb_flush(h.env);
    ck_assert_int_eq(store_fault(0x8010, MMU_KERNEL_IDX), 0x03); /* WP=1 */
    put32(PT_ADDR + 8 * 4, 0x8000 | 0x61);                       /* supervisor only */
    tlb_flush(h.env);
    ck_assert_int_eq(store_fault(0x8020, MMU_USER_IDX), 0x07);
}
END_TEST

START_TEST(tlb_first_write_sets_dirty_bit)
{
    paging_on();
    load(0x9000, MMU_KERNEL_IDX);
    ck_assert_uint_eq(get32(PT_ADDR + 9 * 4) & 0x60, 0x20); /* A, not D */
    ck_assert_uint_eq(h.env->tlb[MMU_KERNEL_IDX][9].addr_write, UINT32_MAX);
    cpu_st_data(h.env, 0x9000, 5, 4, MMU_KERNEL_IDX, 0);
    ck_assert_uint_eq(get32(PT_ADDR + 9 * 4) & 0x60, 0x60);
    ck_assert_uint_eq(h.env->tlb[MMU_KERNEL_IDX][9].addr_write, 0x9000);
    ck_assert_uint_eq(get32(PD_ADDR) & 0x20, 0x20);
}
END_TEST

/* mov eax, 1; hlt at 0x1000 leaves a TB on page 0x1000 */
static void run_code_at_1000(void)
{
    static const uint8_t code[] = {0xb8, 0x01, 0x00, 0x00, 0x00, 0xf4};
    memcpy(h.ram + 0x1000, code, sizeof(code));
    ck_assert_int_eq(harness_run(&h, 100), 0);
    ck_assert_uint_eq(h.env->regs[R_EAX], 1);
}

START_TEST(tlb_notdirty_only_overlapping_writes_invalidate)
{
    const TBStats *ts = tb_stats(h.tbs);
    run_code_at_1000();
    load(0x1800, MMU_PHYS_IDX);
    cpu_st_data(h.env, 0x1800, 7, 4, MMU_PHYS_IDX, 0);
    ck_assert_uint_ne(h.env->tlb[MMU_PHYS_IDX][1].addr_write & TLB_NOTDIRTY, 0);
    uint64_t inval = ts->invalidations;
    for (uint32_t i = 0; i < 100; i++) {
        cpu_st_data(h.env, 0x1100 + 4 * i, i, 4, MMU_PHYS_IDX, 0); /* data next to code */
    }
    ck_assert_uint_eq(ts->invalidations, inval);
    ck_assert_uint_eq(get32(0x1104), 1);
    cpu_st_data(h.env, 0x1004, 0x90, 1, MMU_PHYS_IDX, 0); /* over the MOV */
    ck_assert_uint_eq(ts->invalidations, inval + 1);
    /* the page holds no code now: its writes take the fast path again */
    ck_assert_uint_eq(h.env->tlb[MMU_PHYS_IDX][1].addr_write & TLB_NOTDIRTY, 0);
}
END_TEST

START_TEST(tlb_dma_write_over_code_invalidates)
{
    const TBStats *ts = tb_stats(h.tbs);
    run_code_at_1000();
    uint64_t inval = ts->invalidations;
    static const uint8_t junk[16] = {0};
    ck_assert_int_eq(mem_write_buf(&h.as, 0x1800, junk, sizeof(junk), false), 0);
    ck_assert_uint_eq(ts->invalidations, inval);
    ck_assert_int_eq(mem_write_buf(&h.as, 0x0ff8, junk, sizeof(junk), false), 0);
    ck_assert_uint_eq(ts->invalidations, inval + 1);
}
END_TEST

typedef struct MMIOCounter {
    int reads, writes;
    uint32_t last;
} MMIOCounter;

static uint32_t mmio_read(void *opaque, uint32_t offset, int size)
{
    MMIOCounter *c = opaque;
    (void)size;
    c->reads++;
    return 0xab000000u | offset;
}

static void mmio_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    MMIOCounter *c = opaque;
    (void)offset;
    (void)size;
    c->writes++;
    c->last = val;
}

static const MemOps mmio_ops = {.read = mmio_read, .write = mmio_write};

START_TEST(tlb_mmio_accesses_always_reach_the_device)
{
    static MMIOCounter c;
    memset(&c, 0, sizeof(c));
    ck_assert_int_eq(mem_map_mmio(&h.as, "dev", 0xe0000000u, 0x1000, &mmio_ops, &c), 0);
    ck_assert_uint_eq(load(0xe0000010u, MMU_PHYS_IDX), 0xab000010u);
    ck_assert_uint_eq(load(0xe0000020u, MMU_PHYS_IDX), 0xab000020u);
    ck_assert_int_eq(c.reads, 2);
    ck_assert_uint_ne(h.env->tlb[MMU_PHYS_IDX][0].addr_read & TLB_MMIO, 0);
    cpu_st_data(h.env, 0xe0000000u, 0x55, 4, MMU_PHYS_IDX, 0);
    ck_assert_int_eq(c.writes, 1);
    ck_assert_uint_eq(c.last, 0x55);
    ck_assert_int_eq(get_page_addr_code(h.env, 0xe0000000u), -1);
}
END_TEST

START_TEST(tlb_probe_code_page_never_faults)
{
    paging_on();
    h.env->cr[2] = 0x1234;
    ck_assert_int_eq(probe_page_addr_code(h.env, 0x7010), -2); /* not present */
    ck_assert_uint_eq(h.env->cr[2], 0x1234);
    ck_assert_int_eq(probe_page_addr_code(h.env, 0x6010), 0x6010);
    ck_assert_int_eq(get_page_addr_code(h.env, 0x6020), 0x6020); /* filled by the probe */
}
END_TEST

static Suite *tlb_suite(void)
{
    Suite *s = suite_create("softmmu_tlb");
    TCase *tc = tcase_create("tlb");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, tlb_fill_then_hit);
    tcase_add_test(tc, tlb_victim_table_catches_index_conflict);
    tcase_add_test(tc, tlb_flush_drops_everything);
    tcase_add_test(tc, tlb_flush_page_drops_one_page);
    tcase_add_test(tc, tlb_global_page_survives_cr3_flush);
    tcase_add_test(tc, tlb_invlpg_inside_large_page_flushes_all_of_it);
    tcase_add_test(tc, tlb_page_fault_error_codes_and_cr2);
    tcase_add_test(tc, tlb_first_write_sets_dirty_bit);
    tcase_add_test(tc, tlb_notdirty_only_overlapping_writes_invalidate);
    tcase_add_test(tc, tlb_dma_write_over_code_invalidates);
    tcase_add_test(tc, tlb_mmio_accesses_always_reach_the_device);
    tcase_add_test(tc, tlb_probe_code_page_never_faults);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(tlb_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
