/*
 * pm_int1.c - INT1 / ICEBP (opcode F1) against INT 1 (CD 01): SDM vol. 2,
 * "INT n/INTO/INT3/INT1", and vol. 3, 6.13.
 *
 * INT1 delivers #DB like a hardware event: a trap (EIP after the F1, RF
 * clear), no check of the gate's DPL (ring 3 reaches a DPL0 #DB gate,
 * where INT 1 raises #GP(1*8+2)), no IOPL check in virtual-8086 mode
 * (where INT 1 raises #GP(0) at IOPL 0), and an exception raised while
 * delivering it has EXT set in its error code (gate not present:
 * #NP(1*8+2+1); where INT 1 gives #NP(1*8+2)). It sets no DR6 bit: DR6
 * has a bit for each debug condition (SDM vol. 3, 17.2.3 and table
 * 17-2) and none for INT1, which is how a handler tells it apart (Linux's
 * exc_debug: "If dr6 has no reason to give us about the origin of this
 * trap, then it's very likely the result of an icebp/int01 trap"). DR6 is
 * cleared before each INT1 and read by the #DB handler.
 *
 * QEMU 7.2 raises #UD for F1 and never sets EXT (.no-qemu): every answer
 * is checked below.
 */
#include "pm.h"
#include "pm_v86.h"

#define RF    0x10000u
#define P_BIT (0x8000ull << 32)

#define DR6_CLEAR 0xffff0ff0u /* DR6 after MOV 0: the reserved bits read as 1 */

static volatile uint32_t db_count, db_eip, db_cs, db_rf, db_v86, db_dr6, v86_gp_count, v86_gp_err;

static void clear_dr6(void)
{
    __asm__ volatile("movl %0, %%dr6" : : "r"(0u));
    db_dr6 = 0;
}

static int db_hook(PMFrame *f)
{
    if (f->vec == 13 && (f->eflags & 0x20000)) {
        v86_gp_count++;
        v86_gp_err = f->err;
        pm_leave(f);
        return 1;
    }
    if (f->vec != 1) {
        return 0;
    }
    db_count++;
    __asm__ volatile("movl %%dr6, %0" : "=r"(db_dr6));
    db_eip = f->eip;
    db_cs = f->cs;
    db_rf = f->eflags & RF;
    db_v86 = (f->eflags >> 17) & 1;
    if (db_v86) {
        pm_leave(f);
    }
    return 1;
}

/* ring-3 code: INT1, then INT 1 under PM_EXPECT's resume address */
__asm__(".text\n"
        "user_int1:\n"
        "\t.byte 0xf1\n"
        "user_int1_next:\n"
        "\tret\n"
        "user_int_01:\n"
        "\tmovl $1f, pm_resume\n"
        "\tint $1\n"
        "\tmovl $0, pm_resume\n"
        "1:\tret\n"
        /* virtual-8086 blob: INT1, then a HLT that is never reached */
        ".code16\n"
        "v86_int1:\n"
        "\t.byte 0xf1\n"
        "v86_int1_next:\n"
        "\thlt\n"
        "v86_int_01:\n"
        "\tint $1\n"
        "\thlt\n"
        "v86_end:\n"
        ".code32\n");

extern char user_int1[], user_int1_next[], user_int_01[];
extern char v86_int1[], v86_int1_next[], v86_int_01[], v86_end[];

static void report_db(const char *what, uint32_t want_eip, uint32_t want_cs)
{
    guest_printf("%s: #DB %d at next insn %d cs %x RF %d DR6 %08x\n", what, db_count,
                 db_eip == want_eip, db_cs, db_rf != 0, db_dr6);
    CHECK_EQ(db_count, 1);
    CHECK_EQ(db_dr6, DR6_CLEAR);
    CHECK_EQ(db_eip, want_eip);
    CHECK_EQ(db_cs, want_cs);
    CHECK_EQ(db_rf, 0);
    db_count = 0;
}

static void report(const char *what, uint32_t vec, uint32_t err)
{
    pm_report(what);
    CHECK_EQ(pm_last_vec, vec);
    CHECK_EQ(pm_last_err, err);
}

int main(void)
{
    guest_puts("pm_int1\n");
    pm_init();
    pm_hook = db_hook;

    /* CPL 0: a #DB trap */
    clear_dr6();
    __asm__ volatile(".byte 0xf1\nk_int1_next:" ::: "memory");
    extern char k_int1_next[];
    report_db("INT1 at CPL 0", (uint32_t)k_int1_next, SEL_KCODE);

    /* CPL 3, #DB gate DPL 0: INT1 gets through, INT 1 is #GP(vector) */
    clear_dr6();
    pm_enter_user((uint32_t(*)(void))user_int1, pm_user_stack(), 2);
    report_db("INT1 at CPL 3, DPL0 gate", (uint32_t)user_int1_next, SEL_UCODE);
    pm_last_vec = 0xffffffffu;
    pm_enter_user((uint32_t(*)(void))user_int_01, pm_user_stack(), 2);
    report("INT 1 at CPL 3, DPL0 gate", 13, 1 * 8 + 2);
    CHECK_EQ(db_count, 0);

    /* the #DB gate not present: #NP with EXT for INT1, without for INT 1 */
    pm_idt[1] &= ~P_BIT;
    PM_EXPECT(".byte 0xf1");
    report("INT1, gate not present", 11, 1 * 8 + 2 + 1);
    PM_EXPECT("int $1");
    report("INT 1, gate not present", 11, 1 * 8 + 2);
    pm_idt[1] |= P_BIT;

    /* the handler's code segment not present: #NP(selector + EXT) */
    pm_set_desc(0x30, pm_desc(0, 0xfffff, ACC_CODE & ~0x80, FLG_32));
    uint64_t g1 = pm_idt[1];
    pm_idt[1] = (g1 & ~(0xffffull << 16)) | (0x30ull << 16);
    PM_EXPECT(".byte 0xf1");
    report("INT1, handler CS not present", 11, 0x30 + 1);
    PM_EXPECT("int $1");
    report("INT 1, handler CS not present", 11, 0x30);
    pm_idt[1] = g1;

    /* virtual-8086 mode, IOPL 0: INT1 reaches the #DB handler, INT 1 is #GP(0) */
    uint32_t v86_next = (uint32_t)(v86_int1_next - v86_int1);
    clear_dr6();
    pm_run_v86(v86_int1, v86_end, 2);
    guest_printf("INT1 in v86 mode, IOPL 0: #DB %d from v86 %d at next insn %d DR6 %08x\n",
                 db_count, db_v86, db_eip == v86_next, db_dr6);
    CHECK_EQ(db_count, 1);
    CHECK_EQ(db_dr6, DR6_CLEAR);
    CHECK_EQ(db_v86, 1);
    CHECK_EQ(db_eip, v86_next);
    db_count = 0;
    pm_run_v86(v86_int_01, v86_end, 2);
    guest_printf("INT 1 in v86 mode, IOPL 0: #DB %d #GP %d err=%04x\n", db_count, v86_gp_count,
                 v86_gp_err);
    CHECK_EQ(db_count, 0);
    CHECK_EQ(v86_gp_count, 1);
    CHECK_EQ(v86_gp_err, 0);

    pm_hook = 0;
    return guest_result("pm_int1");
}
