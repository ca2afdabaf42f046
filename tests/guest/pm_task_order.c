/*
 * pm_task_order.c - a #PF on a TSS during a task switch comes before any
 * architectural change (SDM vol. 3, 7.3, "Task switching": step 5 checks
 * that the old TSS, the new TSS and the descriptors the switch uses are
 * paged in; only then (steps 6-11) the old busy bit is cleared, the old
 * state saved, the new busy bit set and TR loaded).
 *
 * Paging with CR0.WP = 1; each TSS has a page of its own (TSS A: the main
 * task, selector 0x40; TSS B: task 2, selector 0x48). Each fault must
 * leave TR, both busy bits, EFLAGS.NT, CR0.TS and the TSS contents as
 * they were, with the fault taken in the old task at the switching
 * instruction; the switch then works once the page is fixed:
 *   - JMP with TSS A read-only (#PF, error code 3) and not present (0);
 *   - CALL with TSS B (the back link is written) read-only;
 *   - IRET from the nested task 2 with TSS B read-only.
 * QEMU agrees (it probes the old TSS for writing before the switch
 * changes anything); the printed CR2 is the page, as QEMU probes byte 0
 * of the TSS and pcemu the first byte it writes.
 */
#include "pm.h"

#include "paging.h"

#define TSS_A    0x60000000u
#define TSS_B    0x60001000u
#define SEL_A    0x40
#define SEL_B    0x48
#define NT       0x4000u
#define CR0_TS   0x8u
#define SENTINEL 0x5a5a0001u

static uint8_t t2_stack[4096] __attribute__((aligned(16)));
volatile uint32_t t2_runs, t2_nt, t2_tr;
volatile uint32_t iret_vec, iret_err, iret_cr2, iret_tr, iret_type_a, iret_type_b, iret_nt;
volatile uint32_t iret_eip_kept, iret_link;
static volatile uint32_t pf_cr2;

#define TSS(va) ((volatile TSS32 *)(uintptr_t)(va))

static int hook(PMFrame *f)
{
    if (f->vec == 14) {
        pf_cr2 = pg_read_cr2();
    }
    return 0; /* pm_resume */
}

static uint32_t type_of(uint32_t sel)
{
    return (uint32_t)(pm_gdt[sel >> 3] >> 40) & 15;
}

static uint32_t str(void)
{
    uint16_t tr;
    __asm__ volatile("str %0" : "=r"(tr));
    return tr;
}

static uint32_t eflags(void)
{
    uint32_t f;
    __asm__ volatile("pushfl\n\tpopl %0" : "=r"(f));
    return f;
}

static void set_pte(uint32_t va, uint32_t clear, uint32_t set)
{
    *pg_pte(va) = (*pg_pte(va) & ~clear) | set;
    pg_invlpg(va);
}

/* Task 2: back to main with JMP; when called again (nested), try IRET
 * with its own TSS read-only, then return for real. */
void task2_main(void)
{
    t2_runs++;
    t2_tr = str();
    __asm__ volatile("ljmp $0x40, $0" ::: "memory");
    t2_runs++;
    t2_nt = eflags() & NT;
    uint32_t eip = TSS(TSS_B)->eip;
    set_pte(TSS_B, PG_RW, 0);
    pf_cr2 = 0;
    PM_EXPECT("iret");
    iret_vec = pm_last_vec;
    iret_err = pm_last_err;
    iret_cr2 = pf_cr2;
    iret_tr = str();
    iret_type_a = type_of(SEL_A);
    iret_type_b = type_of(SEL_B);
    iret_nt = eflags() & NT;
    set_pte(TSS_B, 0, PG_RW);
    iret_eip_kept = TSS(TSS_B)->eip == eip;
    iret_link = TSS(TSS_B)->link;
    __asm__ volatile("iret" ::: "memory");
    for (;;) {
    }
}

__asm__(".text\n"
        "task2_entry:\n"
        "\tcall task2_main\n");

static uint32_t read_cr0(void)
{
    uint32_t v;
    __asm__ volatile("movl %%cr0, %0" : "=r"(v));
    return v;
}

/* After a faulting switch attempt from the main task. */
static void check_unchanged(const char *what, uint32_t want_err, uint32_t fault_page)
{
    guest_printf("%s: %s err %x cr2 page %s, tr %x, types %x %x, NT %d TS %d\n", what,
                 pm_vec_name(pm_last_vec), pm_last_err,
                 (pf_cr2 & ~0xfffu) == fault_page ? "ok" : "WRONG", str(), type_of(SEL_A),
                 type_of(SEL_B), (eflags() & NT) != 0, (read_cr0() & CR0_TS) != 0);
    CHECK_EQ(pm_last_vec, 14);
    CHECK_EQ(pm_last_err, want_err);
    CHECK_EQ(pf_cr2 & ~0xfffu, fault_page);
    CHECK_EQ(str(), SEL_A);
    CHECK_EQ(type_of(SEL_A), 11);
    CHECK_EQ(type_of(SEL_B), 9);
    CHECK_EQ(eflags() & NT, 0);
    CHECK_EQ(read_cr0() & CR0_TS, 0);
}

int main(void)
{
    extern char task2_entry[];
    guest_puts("pm_task_order: #PF on a TSS before the switch changes anything\n");
    pm_init();
    pm_hook = hook;
    pg_enable_32(true);
    pg_new_table(TSS_A, PG_RW);
    set_pte(TSS_A, 0, pg_alloc_frame() | PG_P | PG_RW);
    set_pte(TSS_B, 0, pg_alloc_frame() | PG_P | PG_RW);
    pm_init_tss((TSS32 *)TSS_A, sizeof(TSS32));
    pm_init_tss((TSS32 *)TSS_B, sizeof(TSS32));
    TSS(TSS_A)->cr3 = pg_read_cr3(); /* a switch never saves CR3 */
    volatile TSS32 *b = TSS(TSS_B);
    b->cr3 = pg_read_cr3();
    b->eip = (uint32_t)task2_entry;
    b->eflags = 2;
    b->esp = (uint32_t)(t2_stack + sizeof(t2_stack));
    b->cs = SEL_KCODE;
    b->ss = b->ds = b->es = b->fs = b->gs = SEL_KDATA;
    pm_set_desc(SEL_A, pm_desc(TSS_A, sizeof(TSS32) - 1, 0x89, 0));
    pm_set_desc(SEL_B, pm_desc(TSS_B, sizeof(TSS32) - 1, 0x89, 0));
    pm_ltr(SEL_A);
    __asm__ volatile("clts");

    /* JMP, old TSS read-only (supervisor write with WP) */
    TSS(TSS_A)->eip = SENTINEL;
    set_pte(TSS_A, PG_RW, 0);
    PM_EXPECT("ljmp $0x48, $0");
    check_unchanged("JMP, old TSS read-only", 3, TSS_A);
    set_pte(TSS_A, 0, PG_RW);
    guest_printf("  old TSS eip kept %d\n", TSS(TSS_A)->eip == SENTINEL);
    CHECK_EQ(TSS(TSS_A)->eip, SENTINEL);

    /* JMP, old TSS not present */
    set_pte(TSS_A, PG_P, 0);
    PM_EXPECT("ljmp $0x48, $0");
    check_unchanged("JMP, old TSS not present", 0, TSS_A);
    set_pte(TSS_A, 0, PG_P);
    guest_printf("  old TSS eip kept %d\n", TSS(TSS_A)->eip == SENTINEL);
    CHECK_EQ(TSS(TSS_A)->eip, SENTINEL);

    /* the same JMP with the page fixed */
    __asm__ volatile("ljmp $0x48, $0" ::: "eax", "ecx", "edx", "memory");
    guest_printf("JMP: task 2 ran %u (tr %x), back: tr %x types %x %x\n", t2_runs, t2_tr, str(),
                 type_of(SEL_A), type_of(SEL_B));
    CHECK_EQ(t2_runs, 1);
    CHECK_EQ(t2_tr, SEL_B);
    CHECK_EQ(type_of(SEL_A), 11);
    CHECK_EQ(type_of(SEL_B), 9);
    __asm__ volatile("clts");

    /* CALL, new TSS read-only: its back link cannot be written */
    set_pte(TSS_B, PG_RW, 0);
    PM_EXPECT("lcall $0x48, $0");
    check_unchanged("CALL, new TSS read-only", 3, TSS_B);
    set_pte(TSS_B, 0, PG_RW);

    /* CALL for real; task 2 tries IRET with its TSS read-only */
    __asm__ volatile("lcall $0x48, $0" ::: "eax", "ecx", "edx", "memory");
    guest_printf("CALL: task 2 ran %u, NT %d\n", t2_runs, t2_nt != 0);
    guest_printf("IRET, old TSS read-only: %s err %x cr2 page %s, tr %x, types %x %x, NT %d, "
                 "TSS kept %d link %x\n",
                 pm_vec_name(iret_vec), iret_err, (iret_cr2 & ~0xfffu) == TSS_B ? "ok" : "WRONG",
                 iret_tr, iret_type_a, iret_type_b, iret_nt != 0, iret_eip_kept, iret_link);
    guest_printf("after IRET: tr %x types %x %x NT %d\n", str(), type_of(SEL_A), type_of(SEL_B),
                 (eflags() & NT) != 0);
    CHECK_EQ(t2_runs, 2);
    CHECK(t2_nt != 0);
    CHECK_EQ(iret_vec, 14);
    CHECK_EQ(iret_err, 3);
    CHECK_EQ(iret_cr2 & ~0xfffu, TSS_B);
    CHECK_EQ(iret_tr, SEL_B);
    CHECK_EQ(iret_type_a, 11);
    CHECK_EQ(iret_type_b, 11);
    CHECK(iret_nt != 0);
    CHECK(iret_eip_kept);
    CHECK_EQ(iret_link, SEL_A);
    CHECK_EQ(str(), SEL_A);
    CHECK_EQ(type_of(SEL_A), 11);
    CHECK_EQ(type_of(SEL_B), 9);
    __asm__ volatile("clts");
    return guest_result("pm_task_order");
}
