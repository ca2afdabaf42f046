/*
 * cpu_paging_test.c - cpu/paging.c against a reference walker on random
 * page tables: 32-bit paging with and without CR4.PSE, and PAE with and
 * without EFER.NXE, user and supervisor, CR0.WP on and off, every access
 * type. The reference is written from SDM vol. 3 chapter 4 as a loop over
 * a per-mode table of levels, on its own copy of RAM; the two must agree
 * on the #PF error code, the physical address, the rights given to the
 * TLB, the global bit and every accessed/dirty bit they set.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/paging.h"
#include "tests/harness/cpu_harness.h"

#define RAM_SIZE (4u << 20)
#define NFRAMES  (RAM_SIZE >> 12)

static CPUHarness h;
static uint8_t *ref_ram;
static uint64_t rng_state;

static void setup(void)
{
    ck_assert_int_eq(harness_init(&h, RAM_SIZE, 1 << 20), 0);
    harness_set_flat32(&h, 0);
    ref_ram = malloc(RAM_SIZE);
    ck_assert_ptr_nonnull(ref_ram);
    rng_state = 0x243f6a8885a308d3ull;
}

static void teardown(void)
{
    free(ref_ram);
    harness_free(&h);
}

static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static bool chance(unsigned percent)
{
    return rnd() % 100 < percent;
}

/* --- the reference walker --- */

typedef struct RefLevel {
    int shift;     /* linear address bits this level indexes start here */
    int bits;      /* index width */
    int size;      /* entry size, 4 or 8 */
    bool can_leaf; /* PS may end the walk here */
    bool has_a;    /* the entry has an accessed bit (not PAE's PDPTE) */
    uint64_t rsvd; /* bits that must be zero in a present entry */
    uint64_t leaf_rsvd;
} RefLevel;

typedef struct RefResult {
    int err;
    uint64_t paddr;
    int prot;
    bool global;
} RefResult;

static uint64_t ref_read(uint64_t pa, int size)
{
    if (pa + (uint64_t)size > RAM_SIZE) {
        return size == 4 ? 0xffffffffull : ~0ull;
    }
    uint64_t v = 0;
    for (int i = 0; i < size; i++) {
        v |= (uint64_t)ref_ram[pa + (uint64_t)i] << (8 * i);
    }
    return v;
}

static void ref_set(uint64_t pa, uint32_t bits)
{
    if (pa + 4 <= RAM_SIZE) {
        for (int i = 0; i < 4; i++) {
            ref_ram[pa + (uint64_t)i] |= (uint8_t)(bits >> (8 * i));
        }
    }
}

static RefResult ref_walk(const CPUX86State *env, uint32_t va, MMUAccessType acc, bool user)
{
    bool pae = env->cr[4] & CR4_PAE_MASK;
    bool nxe = pae && (env->efer & EFER_NXE);
    uint64_t hi_rsvd = pae ? 0x7ffffff000000000ull | (nxe ? 0 : 1ull << 63) : 0;
    const RefLevel l32[2] = {
        {22, 10, 4, (env->cr[4] & CR4_PSE_MASK) != 0, true, 0, 0x3fe000},
        {12, 10, 4, false, true, 0, 0},
    };
    const RefLevel lpae[3] = {
        {30, 2, 8, false, false, 0xfffffff0000001e6ull, 0},
        {21, 9, 8, true, true, hi_rsvd, 0x1fe000},
        {12, 9, 8, false, true, hi_rsvd, 0},
    };
    const RefLevel *lv = pae ? lpae : l32;
    int nlevels = pae ? 3 : 2;
    int ecode =
        (acc == MMU_DATA_STORE ? 2 : 0) | (user ? 4 : 0) | (acc == MMU_INST_FETCH && nxe ? 16 : 0);
    RefResult r = {0, 0, 0, false};
    uint64_t table = pae ? (env->cr[3] & ~0x1fu) : (env->cr[3] & ~0xfffu);
    bool u = true, w = true, x = true;
    for (int i = 0; i < nlevels; i++) {
        uint64_t ea =
            table + ((va >> lv[i].shift) & ((1u << lv[i].bits) - 1)) * (uint64_t)lv[i].size;
        uint64_t e = ref_read(ea, lv[i].size);
        if (!(e & 1)) {
            r.err = ecode;
            return r;
        }
        bool leaf = i == nlevels - 1 || (lv[i].can_leaf && (e & 0x80));
        if ((e & lv[i].rsvd) || (leaf && (e & lv[i].leaf_rsvd))) {
            r.err = ecode | 9;
            return r;
        }
        if (lv[i].has_a) {
            u = u && (e & 4);
            w = w && (e & 2);
            x = x && !(nxe && (e >> 63));
        }
        if (!leaf) {
            if (lv[i].has_a) {
                ref_set(ea, 0x20);
            }
            table = e & (pae ? 0xffffff000ull : 0xfffff000ull);
            continue;
        }
        /* the rights, then A/D */
        int prot = (user && !u) ? 0 : PAGE_READ | (x ? PAGE_EXEC : 0);
        if (prot && (w || (!user && !(env->cr[0] & CR0_WP_MASK)))) {
            prot |= PAGE_WRITE;
        }
        int need = acc == MMU_DATA_STORE   ? PAGE_WRITE
                   : acc == MMU_INST_FETCH ? PAGE_EXEC
                                           : PAGE_READ;
        if (!(prot & need)) {
            r.err = ecode | 1;
            return r;
        }
        ref_set(ea, acc == MMU_DATA_STORE ? 0x60 : 0x20);
        if (!(e & 0x40) && acc != MMU_DATA_STORE) {
            prot &= ~PAGE_WRITE;
        }
        uint64_t size = 1ull << lv[i].shift;
        uint64_t base = e & (pae ? 0xffffff000ull : 0xfffff000ull) & ~(size - 1);
        r.err = -1;
        r.paddr = base | (va & (size - 1));
        r.prot = prot;
        r.global = (e & 0x100) && (env->cr[4] & CR4_PGE_MASK);
        return r;
    }
    return r;
}

/* --- random page tables --- */

static uint64_t random_entry(bool pae, bool table_level)
{
    uint64_t e = rnd() & 0xfffu;
    if (chance(85)) {
        e |= 1; /* mostly present */
    } else {
        e &= ~1ull;
    }
    if (table_level && chance(80)) {
        /* a table in RAM, sometimes a large page anywhere */
        e |= (uint64_t)(rnd() % NFRAMES) << 12;
        if (chance(25)) {
            e |= 0x80;
            e = (e & 0xfff) | ((uint64_t)rnd() << 12 & 0xffc00000u);
            if (chance(10)) {
                e |= 0x2000u << (rnd() % 9); /* bits 21:13: reserved or not */
            }
        } else {
            e &= ~0x80ull;
        }
    } else {
        e |= (uint64_t)rnd() << 12 & 0xfffff000u;
    }
    if (pae) {
        if (chance(20)) {
            e |= (uint64_t)(rnd() & 0xf) << 32; /* above 4 GiB */
        }
        if (chance(30)) {
            e |= 1ull << 63; /* XD */
        }
        if (chance(3)) {
            e |= 1ull << (36 + rnd() % 27); /* reserved */
        }
    }
    return e;
}

static void store_entry(uint64_t pa, uint64_t e, int size)
{
    for (int i = 0; i < size; i++) {
        h.ram[pa + (uint64_t)i] = (uint8_t)(e >> (8 * i));
    }
}

/* Fill every frame with random entries: any frame may be a table. */
static void random_tables(bool pae)
{
    int size = pae ? 8 : 4;
    for (uint32_t pa = 0; pa < RAM_SIZE; pa += (uint32_t)size) {
        store_entry(pa, random_entry(pae, chance(60)), size);
    }
}

static void set_mode(bool pae, bool pse, bool pge, bool nxe, bool wp)
{
    CPUX86State *env = h.env;
    env->cr[0] = (env->cr[0] | CR0_PG_MASK) & ~CR0_WP_MASK;
    env->cr[0] |= wp ? CR0_WP_MASK : 0;
    env->cr[4] = (pae ? CR4_PAE_MASK : 0) | (pse ? CR4_PSE_MASK : 0) | (pge ? CR4_PGE_MASK : 0);
    env->efer = nxe ? EFER_NXE : 0;
    env->cr[3] = (rnd() % NFRAMES) << 12;
    if (pae) {
        /* a valid PDPT (reserved bits clear) so the load succeeds */
        env->cr[3] |= (rnd() & 0x7f) << 5;
        for (uint32_t i = 0; i < 4; i++) {
            uint64_t e = (uint64_t)(rnd() % NFRAMES) << 12 | (rnd() & 0x18) | (chance(90) ? 1 : 0);
            store_entry(env->cr[3] + 8 * i, e, 8);
        }
        ck_assert_int_eq(x86_load_pdptes(env, env->cr[3]), 0);
    }
    memcpy(ref_ram, h.ram, RAM_SIZE); /* from here both set A/D bits */
}

static void compare_walks(int n)
{
    CPUX86State *env = h.env;
    for (int i = 0; i < n; i++) {
        uint32_t va = rnd() << 8 ^ rnd();
        MMUAccessType acc = (MMUAccessType)(rnd() % 3);
        bool user = chance(50);
        RefResult want = ref_walk(env, va, acc, user);
        X86Translation got;
        int err = x86_page_walk(env, va, acc, user ? MMU_USER_IDX : MMU_KERNEL_IDX, &got);
        ck_assert_msg(err == want.err, "va %08x acc %d user %d: err %d want %d", va, acc, user, err,
                      want.err);
        if (err < 0) {
            ck_assert_msg(got.paddr == want.paddr, "va %08x: paddr %llx want %llx", va,
                          (unsigned long long)got.paddr, (unsigned long long)want.paddr);
            ck_assert_int_eq(got.prot, want.prot);
            ck_assert_int_eq(got.global, want.global);
        }
        if (i % 64 == 63 || i == n - 1) {
            ck_assert_msg(memcmp(ref_ram, h.ram, RAM_SIZE) == 0, "A/D bits differ by walk %d", i);
        }
    }
}

START_TEST(paging_random_tables_match_reference)
{
    /* _i: 0..1 32-bit without/with PSE, 2..3 PAE without/with NXE */
    bool pae = _i >= 2;
    for (int round = 0; round < 6; round++) {
        random_tables(pae);
        set_mode(pae, _i == 1 || chance(50), chance(50), _i == 3, round & 1);
        compare_walks(2000);
    }
}
END_TEST

START_TEST(paging_pdpte_reserved_bits_refuse_load)
{
    CPUX86State *env = h.env;
    memset(h.ram + 0x1000, 0, 32);
    store_entry(0x1000, 0x2001, 8);
    store_entry(0x1008, 0x3001 | 0x2, 8); /* bit 1 is reserved in a PDPTE */
    env->pdpte[0] = 0x1234;
    ck_assert_int_eq(x86_load_pdptes(env, 0x1000), -1);
    ck_assert_uint_eq(env->pdpte[0], 0x1234); /* unchanged */
    store_entry(0x1008, 0x3000 | 0x2, 8);     /* not present: ignored */
    ck_assert_int_eq(x86_load_pdptes(env, 0x1000), 0);
    ck_assert_uint_eq(env->pdpte[0], 0x2001);
}
END_TEST

START_TEST(paging_nx_fetch_sets_id_bit)
{
    CPUX86State *env = h.env;
    /* PDPT at 0x1000 -> PD 0x2000 -> PT 0x3000; va 0x5000 maps 0x5000 XD */
    memset(h.ram + 0x1000, 0, 0x3000);
    store_entry(0x1000, 0x2001, 8);
    store_entry(0x2000, 0x3007, 8);
    store_entry(0x3000 + 5 * 8, 0x5007 | 1ull << 63, 8);
    env->cr[0] |= CR0_PG_MASK;
    env->cr[4] = CR4_PAE_MASK;
    env->cr[3] = 0x1000;
    env->efer = EFER_NXE;
    ck_assert_int_eq(x86_load_pdptes(env, 0x1000), 0);
    X86Translation t;
    ck_assert_int_eq(x86_page_walk(env, 0x5010, MMU_INST_FETCH, MMU_KERNEL_IDX, &t), 0x11);
    ck_assert_int_eq(x86_page_walk(env, 0x5010, MMU_INST_FETCH, MMU_USER_IDX, &t), 0x15);
    ck_assert_int_eq(x86_page_walk(env, 0x5010, MMU_DATA_LOAD, MMU_USER_IDX, &t), -1);
    ck_assert_uint_eq(t.paddr, 0x5010);
    ck_assert_int_eq(t.prot, PAGE_READ); /* not dirty yet: no write */
    /* a not-present fetch still reports I/D; without NXE bit 63 is reserved */
    ck_assert_int_eq(x86_page_walk(env, 0x6000, MMU_INST_FETCH, MMU_KERNEL_IDX, &t), 0x10);
    env->efer = 0;
    ck_assert_int_eq(x86_page_walk(env, 0x5010, MMU_DATA_LOAD, MMU_KERNEL_IDX, &t), 0x09);
}
END_TEST

static Suite *paging_suite(void)
{
    Suite *s = suite_create("cpu_paging");
    TCase *tc = tcase_create("walk");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, paging_random_tables_match_reference, 0, 4);
    tcase_add_test(tc, paging_pdpte_reserved_bits_refuse_load);
    tcase_add_test(tc, paging_nx_fetch_sets_id_bit);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(paging_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
