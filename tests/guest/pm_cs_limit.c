/*
 * pm_cs_limit.c - the code segment limit on instruction fetch (SDM vol.
 * 3, 5.3): an instruction with a byte past CS.limit raises #GP(0) with
 * EIP at that instruction (the ones before it complete); a JMP, Jcc,
 * CALL, RET or JMP r/m whose target is past the limit raises #GP(0) at
 * the jump itself, with nothing pushed or popped; a far JMP, far CALL,
 * far RET or IRET to an offset past the new CS limit raises #GP(0) at
 * the transfer, the same way.
 *
 * The block below runs in a code segment based at cs_blk whose limit the
 * test changes between runs; the same code (same translated blocks) runs
 * under a wide limit, then a narrow one, then the wide one again.
 *
 * The limit is checked before paging: with paging on and the page past
 * the limit not present, sequential flow onto that page (EIP = limit + 1)
 * and an instruction crossing both the limit and the page raise #GP(0),
 * not #PF; with a wide limit the same code raises #PF (cs_pga, cs_pgb).
 */
#include "pm.h"

#include "paging.h"

#define SEL_BLK 0x30 /* code32 DPL0, base cs_blk, byte-granular limit */
#define SEL_PG  0x38 /* code32 DPL0, base cs_pga or cs_pgb, byte-granular limit */

__asm__(".text\n"
        ".p2align 8\n"
        "cs_blk:\n"
        "\tmovl $1, %eax\n"            /* 0x00 */
        "\taddl $2, %eax\n"            /* 0x05, 3 bytes */
        "\tljmp $0x08, $cs_back\n"     /* 0x08 */
        "\t.org cs_blk + 0x20\n"
        "\tjmp cs_blk + 0x100\n"       /* 0x20 */
        "\t.org cs_blk + 0x30\n"
        "\txorl %eax, %eax\n"          /* 0x30 */
        "\tjz cs_blk + 0x100\n"        /* 0x32 */
        "\t.org cs_blk + 0x40\n"
        "\tmovl $0x100, %ecx\n"        /* 0x40 */
        "\tjmp *%ecx\n"                /* 0x45 */
        "\t.org cs_blk + 0x50\n"
        "\tpushl $0x100\n"             /* 0x50 */
        "\tret\n"                      /* 0x55 */
        "\t.org cs_blk + 0x60\n"
        "\tcall cs_blk + 0x100\n"      /* 0x60 */
        "\t.org cs_blk + 0x100\n"
        "\tmovl $0x77, %eax\n"         /* 0x100 */
        "\tljmp $0x08, $cs_back\n"
        /* two pages each; the second one is made not present */
        ".p2align 12\n"
        "cs_pga:\n"
        "\t.org cs_pga + 0xffb\n"
        "\tmovl $5, %eax\n"            /* 0xffb..0xfff: ends at the page end */
        "\tincl %eax\n"                /* 0x1000 */
        "\tljmp $0x08, $cs_back\n"
        "\t.org cs_pga + 0x2000\n"
        "cs_pgb:\n"
        "\t.org cs_pgb + 0xffa\n"
        "\tmovl $5, %eax\n"            /* 0xffa..0xffe */
        "\taddl $1, %eax\n"            /* 0xfff..0x1001: crosses into the next page */
        "\tljmp $0x08, $cs_back\n"
        "\t.org cs_pgb + 0x2000\n");

volatile uint32_t saved_esp, fault_esp, fault_eax, fault_cr2, resume_at;
#define ANY 0xdeadu /* EAX not checked */

static void set_limit(uint32_t limit)
{
    extern char cs_blk[];
    pm_set_desc(SEL_BLK, pm_desc((uint32_t)cs_blk, limit, ACC_CODE, 0x40));
}

static int hook(PMFrame *f)
{
    if (f->vec != 13 && f->vec != 14) {
        return 0;
    }
    fault_esp = (uint32_t)&f->esp; /* no privilege change: ESP at the fault */
    fault_eax = f->eax;
    fault_cr2 = f->vec == 14 ? pg_read_cr2() : 0;
    f->cs = SEL_KCODE;
    f->eip = resume_at;
    return 1;
}

/* Far jump to sel:off; returns EAX at cs_back (a fault comes there too). */
__attribute__((noinline)) static uint32_t run_sel(uint32_t sel, uint32_t off)
{
    volatile uint32_t fp[2] = {off, sel};
    uint32_t eax;
    extern char cs_back[];
    pm_last_vec = 0xffffffffu;
    fault_esp = 0;
    resume_at = (uint32_t)cs_back;
    __asm__ volatile("movl %%esp, saved_esp\n\t"
                     "ljmp *(%1)\n"
                     "cs_back:\tmovl saved_esp, %%esp\n"
                     : "=a"(eax) : "r"(fp) : "ecx", "edx", "memory", "cc");
    return eax;
}

static uint32_t run(uint32_t off)
{
    return run_sel(SEL_BLK, off);
}

static void expect(const char *what, uint32_t r, uint32_t vec, uint32_t eip, uint32_t want)
{
    if (want == ANY) {
        guest_printf("%s: ", what);
    } else {
        guest_printf("%s: eax %x ", what, r);
    }
    pm_report("");
    CHECK_EQ(pm_last_vec, vec);
    if (vec != 0xffffffffu) {
        CHECK_EQ(pm_last_err, 0);
        CHECK_EQ(pm_last_eip, eip);
        CHECK_EQ(pm_last_cs, SEL_BLK);
        if (want != ANY) {
            CHECK_EQ(fault_eax, want);
        }
    } else {
        CHECK_EQ(r, want);
    }
}

/* Before a far transfer from the kernel's CS that faults: the hook
 * resumes at back. */
static void far_begin(const char *back)
{
    pm_last_vec = 0xffffffffu;
    fault_esp = 0;
    resume_at = (uint32_t)back;
}

/* #GP(0) at insn with `pushed` bytes on the stack: the transfer's own */
static void far_expect(const char *what, const char *insn, uint32_t pushed)
{
    pm_report(what);
    CHECK_EQ(pm_last_vec, 13);
    CHECK_EQ(pm_last_err, 0);
    CHECK_EQ(pm_last_eip, (uint32_t)insn);
    CHECK_EQ(pm_last_cs, SEL_KCODE);
    CHECK_EQ(fault_esp, saved_esp - pushed);
}

/* One run from blk:entry (cs_pga or cs_pgb) with limit and the second
 * page present or not: the exception (or none), EIP, EAX, CR2 - blk. */
static void page_case(const char *blk_name, const char *blk, uint32_t entry, uint32_t limit,
                      bool present, uint32_t vec, uint32_t eip, uint32_t eax)
{
    volatile uint32_t *pte = pg_pte((uint32_t)blk + 0x1000);
    *pte = present ? *pte | PG_P : *pte & ~PG_P;
    pg_invlpg((uint32_t)blk + 0x1000);
    pm_set_desc(SEL_PG, pm_desc((uint32_t)blk, limit, ACC_CODE, 0x40));
    fault_cr2 = 0;
    uint32_t r = run_sel(SEL_PG, entry);
    guest_printf("%s, limit %x, next page %s: ", blk_name, limit,
                 present ? "present" : "not present");
    if (pm_last_vec == 0xffffffffu) {
        guest_printf("eax %x, no exception\n", r);
        CHECK_EQ(r, eax);
    } else {
        uint32_t cr2 = fault_cr2 ? fault_cr2 - (uint32_t)blk : 0;
        guest_printf("%s err=%04x at %x, eax %x, cr2 +%x\n", pm_vec_name(pm_last_vec), pm_last_err,
                     pm_last_eip, fault_eax, cr2);
        CHECK_EQ(pm_last_err, 0);
        CHECK_EQ(pm_last_eip, eip);
        CHECK_EQ(pm_last_cs, SEL_PG);
        CHECK_EQ(fault_eax, eax);
        CHECK_EQ(cr2, pm_last_vec == 14 ? 0x1000u : 0u);
    }
    CHECK_EQ(pm_last_vec, vec);
    pm_last_vec = 0xffffffffu;
}

static void page_cases(void)
{
    extern char cs_pga[], cs_pgb[];
    pg_enable_32(false);
    /* sequential flow from 0xfff to 0x1000 */
    page_case("ends at the page end", cs_pga, 0xffb, 0x1fff, true, 0xffffffffu, 0, 6);
    page_case("ends at the page end", cs_pga, 0xffb, 0xfff, true, 13, 0x1000, 5);
    page_case("ends at the page end", cs_pga, 0xffb, 0x1fff, false, 14, 0x1000, 5);
    page_case("ends at the page end", cs_pga, 0xffb, 0xfff, false, 13, 0x1000, 5);
    /* an ADD at 0xfff..0x1001 */
    page_case("crosses the page end", cs_pgb, 0xffa, 0x1fff, true, 0xffffffffu, 0, 6);
    page_case("crosses the page end", cs_pgb, 0xffa, 0x1fff, false, 14, 0xfff, 5);
    page_case("crosses the page end", cs_pgb, 0xffa, 0xfff, false, 13, 0xfff, 5);
    pg_disable();
}

int main(void)
{
    guest_puts("pm_cs_limit\n");
    pm_init();
    pm_hook = hook;

    set_limit(0x7f);
    expect("straight, limit 7f", run(0), 0xffffffffu, 0, 3);
    set_limit(6); /* the ADD at 5..7 crosses it */
    expect("straight, limit 6", run(0), 13, 5, 1);
    set_limit(4); /* the ADD starts past it */
    expect("straight, limit 4", run(0), 13, 5, 1);
    set_limit(0x7f);
    expect("straight, limit 7f again", run(0), 0xffffffffu, 0, 3);

    /* targets at 0x100: inside with limit 0x1ff, past it with 0x7f */
    static const uint32_t offs[5] = {0x20, 0x30, 0x40, 0x50, 0x60};
    static const uint32_t jmp_eip[5] = {0x20, 0x32, 0x45, 0x55, 0x60};
    static const char *const names[5] = {"jmp", "jz", "jmp *ecx", "ret", "call"};
    for (int i = 0; i < 5; i++) {
        set_limit(0x1ff);
        expect(names[i], run(offs[i]), 0xffffffffu, 0, 0x77);
        set_limit(0x7f);
        expect(names[i], run(offs[i]), 13, jmp_eip[i], i == 1 ? 0 : ANY);
        /* nothing pushed or popped by the faulting jump: ESP is the block's */
        uint32_t esp_in_blk = saved_esp - (i == 3 ? 4 : 0);
        CHECK_EQ(fault_esp, esp_in_blk);
    }

    /* far JMP, far CALL, far RET and IRET to SEL_BLK:0x100 with limit
     * 0x7f: #GP(0) at the transfer, ESP as before it */
    extern char f_ljmp[], f_lcall[], f_lret[], f_iret[];
    extern char ljmp_back[], lcall_back[], lret_back[], iret_back[];
    static const uint32_t far_ptr[2] = {0x100, SEL_BLK};
    set_limit(0x7f);
    far_begin(ljmp_back);
    __asm__ volatile("movl %%esp, saved_esp\n"
                     "f_ljmp:\tljmp $0x30, $0x100\n"
                     "ljmp_back:\tmovl saved_esp, %%esp\n"
                     :
                     :
                     : "eax", "ecx", "edx", "memory");
    far_expect("ljmp past the limit", f_ljmp, 0);
    far_begin(lcall_back);
    __asm__ volatile("movl %%esp, saved_esp\n"
                     "f_lcall:\tlcall *(%0)\n"
                     "lcall_back:\tmovl saved_esp, %%esp\n"
                     :
                     : "r"(far_ptr)
                     : "eax", "ecx", "edx", "memory");
    far_expect("lcall past the limit", f_lcall, 0);
    far_begin(lret_back);
    __asm__ volatile("movl %%esp, saved_esp\n\t"
                     "pushl $0x30\n\tpushl $0x100\n"
                     "f_lret:\tlret\n"
                     "lret_back:\tmovl saved_esp, %%esp\n"
                     :
                     :
                     : "eax", "ecx", "edx", "memory");
    far_expect("lret past the limit", f_lret, 8);
    far_begin(iret_back);
    __asm__ volatile("movl %%esp, saved_esp\n\t"
                     "pushfl\n\tpushl $0x30\n\tpushl $0x100\n"
                     "f_iret:\tiret\n"
                     "iret_back:\tmovl saved_esp, %%esp\n"
                     :
                     :
                     : "eax", "ecx", "edx", "memory");
    far_expect("iret past the limit", f_iret, 12);

    page_cases();
    return guest_result("pm_cs_limit");
}
