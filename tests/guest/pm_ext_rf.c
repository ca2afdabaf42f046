/*
 * pm_ext_rf.c - the EXT bit of error codes (SDM vol. 3, 6.13) and RF in
 * the EFLAGS image of a fault (17.3.1.1).
 *
 * EXT (bit 0) is set when the exception occurs while the CPU delivers an
 * external interrupt or an earlier exception, clear while it delivers
 * INT n: a missing or malformed IDT entry gives vector * 8 + 2 (+1), a bad
 * handler code segment its selector (+1). RF is set in the image of every
 * fault (#UD, #GP, #NP, including one raised while delivering an external
 * interrupt) and clear for traps (INT3, INT n); so when an instruction
 * with a DR0 breakpoint faults after its #DB handler resumed it with RF,
 * the fault handler's IRET does not raise the #DB again. Through a task
 * gate, RF goes into the EFLAGS image saved in the old TSS for a fault
 * (#GP), not for INT n, so the IRET back to the faulting task skips the
 * breakpoint just the same.
 *
 * QEMU 7.2 sets neither EXT nor RF here (.no-qemu): every answer is
 * checked against the SDM below.
 */
#include "irq.h"
#include "pm_task.h"

#define RF 0x10000u
#define P_BIT (0x8000ull << 32)

static volatile uint32_t irq_err, irq_rf, irq_faults;

static int irq_hook(PMFrame *f)
{
    if (f->vec != 11) {
        return 0;
    }
    irq_faults++;
    irq_err = f->err;
    irq_rf = f->eflags & RF;
    outb(0x21, 0xff); /* no more IRQ 0 */
    pic_eoi(0);
    return 1;
}

static void external(void)
{
    irq_fill_idt();
    pm_idt[IRQ_VEC_BASE] &= ~P_BIT;
    pm_hook = irq_hook;
    pic_setup(0xfe, 0xff);
    pit_setup(2, 1000);
    irq_enable();
    for (int i = 0; i < 200 && !irq_faults; i++) {
        busy_loop(10000);
    }
    irq_disable();
    pm_hook = 0;
    pm_idt[IRQ_VEC_BASE] |= P_BIT;
    guest_printf("IRQ 0 with a missing gate: faults %d err=%04x RF %d\n", irq_faults, irq_err,
                 irq_rf != 0);
    CHECK_EQ(irq_faults, 1);
    CHECK_EQ(irq_err, IRQ_VEC_BASE * 8 + 3);
    CHECK(irq_rf != 0);
}

/* DR0 on an instruction that also faults (#GP: MOV DS, bad selector). */
static volatile uint32_t db_hits, gp_hits, db_rf, gp_rf;

static int bp_hook(PMFrame *f)
{
    if (f->vec == 1) {
        db_hits++;
        db_rf |= f->eflags & RF;
        f->eflags |= RF;
        if (db_hits > 5) {
            __asm__ volatile("movl %0, %%dr7" : : "r"(0u));
        }
        return 1;
    }
    if (f->vec == 13) {
        gp_hits++;
        gp_rf |= f->eflags & RF;
        f->eax = SEL_KDATA; /* fixed: the instruction succeeds when re-run */
        return 1;
    }
    return 0;
}

static void breakpoint_and_fault(void)
{
    extern char bp_insn[];
    pm_hook = bp_hook;
    __asm__ volatile("movl %0, %%dr0\n\tmovl %1, %%dr7" : : "r"((uint32_t)bp_insn), "r"(1u));
    __asm__ volatile("movl $0x1f8, %%eax\n"
                     "bp_insn:\tmovl %%eax, %%ds\n" : : : "eax", "memory");
    __asm__ volatile("movl %0, %%dr7" : : "r"(0u));
    pm_hook = 0;
    guest_printf("breakpoint on a faulting insn: #DB %d (RF %d) #GP %d (RF %d)\n", db_hits,
                 db_rf != 0, gp_hits, gp_rf != 0);
    CHECK_EQ(db_hits, 1);
    CHECK_EQ(db_rf, 0);
    CHECK_EQ(gp_hits, 1);
    CHECK(gp_rf != 0);
}

/* Task-gate handlers: TSS2 (0x40) for INT 0x40, TSS3 (0x48) for #GP,
 * which repairs the faulting MOV DS, EAX by setting the saved EAX. Both
 * record the EFLAGS image saved in the main task's TSS. */
volatile uint32_t t2_saved_eflags, t3_saved_eflags, t3_err, t3_count;

__asm__(".text\n"
        "rf_task2_entry:\n"
        "\tmovl pm_tss+0x24, %eax\n"
        "\tmovl %eax, t2_saved_eflags\n"
        "\tiret\n"
        "\tjmp rf_task2_entry\n"
        "rf_task3_entry:\n"
        "\tpopl t3_err\n"
        "\tincl t3_count\n"
        "\tmovl pm_tss+0x24, %eax\n"
        "\tmovl %eax, t3_saved_eflags\n"
        "\tmovl $0x10, pm_tss+0x28\n"
        "\tiret\n"
        "\tjmp rf_task3_entry\n");

static void task_gates(void)
{
    extern char rf_task2_entry[], rf_task3_entry[];
    pm_task_setup(&pm_tss2, 0x40, (void (*)(void))rf_task2_entry, pm_task_stack2);
    pm_task_setup(&pm_tss3, 0x48, (void (*)(void))rf_task3_entry, pm_task_stack3);
    pm_set_gate(0x40, pm_gate(0x40, 0, 5, 0, 0));
    pm_set_gate(13, pm_gate(0x48, 0, 5, 0, 0));
    __asm__ volatile("int $0x40" ::: "memory");
    __asm__ volatile("movl $0x1f8, %%eax\n\tmovl %%eax, %%ds" ::: "eax", "memory");
    guest_printf("task gate: INT 0x40 saved RF %d; #GP err=%04x saved RF %d\n",
                 (t2_saved_eflags & RF) != 0, t3_err, (t3_saved_eflags & RF) != 0);
    CHECK_EQ(t2_saved_eflags & RF, 0);
    CHECK_EQ(t3_err, 0x1f8);
    CHECK(t3_saved_eflags & RF);

    /* DR0 on the faulting MOV: #DB once, #GP through the task gate, and
     * the IRET back (RF from the TSS) re-runs it without a second #DB */
    extern char tbp_insn[];
    db_hits = 0;
    db_rf = 0;
    pm_hook = bp_hook;
    __asm__ volatile("movl %0, %%dr0\n\tmovl %1, %%dr7" : : "r"((uint32_t)tbp_insn), "r"(1u));
    __asm__ volatile("movl $0x1f8, %%eax\n"
                     "tbp_insn:\tmovl %%eax, %%ds\n" : : : "eax", "memory");
    __asm__ volatile("movl %0, %%dr7" : : "r"(0u));
    pm_hook = 0;
    guest_printf("breakpoint on an insn faulting through a task gate: #DB %d #GP %d (RF %d)\n",
                 db_hits, t3_count, (t3_saved_eflags & RF) != 0);
    CHECK_EQ(db_hits, 1);
    CHECK_EQ(t3_count, 2);
    pm_fill_idt();
    __asm__ volatile("clts");
}

static void report(const char *what, uint32_t vec, uint32_t err, int rf)
{
    guest_printf("%s: %s err=%04x RF %d\n", what, pm_vec_name(pm_last_vec), pm_last_err,
                 (pm_last_eflags & RF) != 0);
    CHECK_EQ(pm_last_vec, vec);
    CHECK_EQ(pm_last_err, err);
    CHECK_EQ((pm_last_eflags & RF) != 0, rf);
}

int main(void)
{
    guest_puts("pm_ext_rf\n");
    pm_init();

    /* faults and traps delivered normally */
    PM_EXPECT("ud2");
    report("#UD", 6, 0, 1);
    PM_EXPECT("movl $0x1f8, %%eax\n\tmovl %%eax, %%ds");
    report("#GP", 13, 0x1f8, 1);
    __asm__ volatile("int3");
    report("INT3", 3, 0, 0);
    __asm__ volatile("int $0x30");
    report("INT 0x30", 0x30, 0, 0);

    /* the IDT entry: not present, not a gate */
    pm_idt[6] &= ~P_BIT;
    PM_EXPECT("ud2");
    report("#UD, gate not present", 11, 6 * 8 + 3, 1);
    pm_idt[6] |= P_BIT;
    uint64_t g6 = pm_idt[6];
    pm_idt[6] &= ~(0x1full << 40); /* type 0 */
    PM_EXPECT("ud2");
    report("#UD, not a gate", 13, 6 * 8 + 3, 1);
    pm_idt[6] = g6;
    pm_idt[0x30] &= ~P_BIT;
    PM_EXPECT("int $0x30");
    report("INT 0x30, gate not present", 11, 0x30 * 8 + 2, 1);
    pm_idt[0x30] |= P_BIT;

    /* the handler's code segment is not present */
    pm_set_desc(0x30, pm_desc(0, 0xfffff, ACC_CODE & ~0x80, FLG_32));
    uint64_t g30 = pm_idt[0x30];
    pm_idt[6] = (pm_idt[6] & ~(0xffffull << 16)) | (0x30ull << 16);
    PM_EXPECT("ud2");
    report("#UD, handler CS not present", 11, 0x31, 1);
    pm_idt[6] = g6;
    pm_idt[0x30] = (g30 & ~(0xffffull << 16)) | (0x30ull << 16);
    PM_EXPECT("int $0x30");
    report("INT 0x30, handler CS not present", 11, 0x30, 1);
    pm_idt[0x30] = g30;

    external();
    breakpoint_and_fault();
    task_gates();
    return guest_result("pm_ext_rf");
}
