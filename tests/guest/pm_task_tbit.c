/*
 * pm_task_tbit.c - the T bit of a 32-bit TSS (bit 0 at offset 0x64; SDM
 * vol. 3, 7.2.1 and 17.3.1.5): a task switch into a task whose TSS has T
 * set raises a #DB trap once the switch is complete, before the new
 * task's first instruction, with DR6.BT (bit 15). The #DB handler (an
 * interrupt gate) runs in the new task.
 *
 * Into a T task by CALL, by IRET back to a T task, and through a task
 * gate for #GP, where the error code is on the new task's stack before
 * the #DB is delivered. No #DB for a task without T.
 *
 * QEMU 7.2 ignores the T bit (.no-qemu): every answer is checked below.
 */
#include "pm_task.h"

#define DR6_BT 0x8000u
#define RF     0x10000u

volatile uint32_t t2_count, t3_err, t3_count;
volatile uint32_t db_count, db_eip, db_dr6, db_tr, db_rf, db_esp, db_t2_count;

__asm__(".text\n"
        "task2_entry:\n"
        "\tincl t2_count\n"
        "\tiret\n"
        "\tjmp task2_entry\n"
        "task3_entry:\n"
        "\tpopl t3_err\n"
        "\tincl t3_count\n"
        "\tmovl $gp_resume, pm_tss+0x20\n"
        "\tiret\n"
        "\tjmp task3_entry\n");

extern char task2_entry[], task3_entry[], gp_resume[];

static int db_hook(PMFrame *f)
{
    if (f->vec != 1) {
        return 0;
    }
    uint32_t dr6;
    uint16_t tr;
    __asm__ volatile("movl %%dr6, %0" : "=r"(dr6));
    __asm__ volatile("str %0" : "=r"(tr));
    __asm__ volatile("movl %0, %%dr6" : : "r"(0u));
    db_count++;
    db_eip = f->eip;
    db_dr6 = dr6;
    db_tr = tr;
    db_rf = f->eflags & RF;
    db_esp = (uint32_t)&f->esp; /* ESP before the #DB: same level, no ESP/SS pushed */
    db_t2_count = t2_count;
    return 1;
}

static void clear_db(void)
{
    db_count = db_eip = db_dr6 = db_tr = db_rf = 0;
}

int main(void)
{
    guest_puts("pm_task_tbit\n");
    pm_init();
    pm_hook = db_hook;
    __asm__ volatile("movl %0, %%dr6" : : "r"(0u));
    pm_task_setup(&pm_tss2, 0x30, (void (*)(void))task2_entry, pm_task_stack2);
    pm_task_setup(&pm_tss3, 0x38, (void (*)(void))task3_entry, pm_task_stack3);

    /* CALL into a task with T: #DB at its entry, before it counted */
    pm_tss2.trap = 1;
    clear_db();
    __asm__ volatile("lcall $0x30, $0" ::: "memory");
    guest_printf("call into T task: #DB %d at entry %d BT %d tr %x RF %d; task ran %d (%d at "
                 "#DB)\n",
                 db_count, db_eip == (uint32_t)task2_entry, (db_dr6 & DR6_BT) != 0, db_tr,
                 db_rf != 0, t2_count, db_t2_count);
    CHECK_EQ(db_count, 1);
    CHECK_EQ(db_eip, (uint32_t)task2_entry);
    CHECK((db_dr6 & DR6_BT) != 0);
    CHECK_EQ(db_tr, 0x30);
    CHECK_EQ(db_rf, 0);
    CHECK_EQ(db_t2_count, 0);
    CHECK_EQ(t2_count, 1);

    /* IRET back into a task with T (the main task): #DB after the CALL */
    pm_tss2.trap = 0;
    pm_tss.trap = 1;
    clear_db();
    __asm__ volatile("lcall $0x30, $0\nmain_after_call:" ::: "memory");
    extern char main_after_call[];
    pm_tss.trap = 0;
    guest_printf("iret into T task: #DB %d at return %d BT %d tr %x; task ran %d\n", db_count,
                 db_eip == (uint32_t)main_after_call, (db_dr6 & DR6_BT) != 0, db_tr, t2_count);
    CHECK_EQ(db_count, 1);
    CHECK_EQ(db_eip, (uint32_t)main_after_call);
    CHECK((db_dr6 & DR6_BT) != 0);
    CHECK_EQ(db_tr, 0x28);
    CHECK_EQ(t2_count, 2);

    /* no T: no #DB */
    clear_db();
    __asm__ volatile("lcall $0x30, $0" ::: "memory");
    guest_printf("no T: #DB %d task ran %d\n", db_count, t2_count);
    CHECK_EQ(db_count, 0);
    CHECK_EQ(t2_count, 3);

    /* #GP through a task gate into a task with T: error code pushed first */
    pm_tss3.trap = 1;
    pm_set_gate(13, pm_gate(0x38, 0, 5, 0, 0));
    clear_db();
    __asm__ volatile("movl $0x48, %%eax\n\tmovl %%eax, %%ds\ngp_resume:" ::: "eax", "memory");
    pm_fill_idt();
    uint32_t top = (uint32_t)(pm_task_stack3 + sizeof(pm_task_stack3));
    guest_printf("#GP via task gate into T task: #DB %d at entry %d BT %d tr %x, error code on "
                 "the stack %d; task got err %x\n",
                 db_count, db_eip == (uint32_t)task3_entry, (db_dr6 & DR6_BT) != 0, db_tr,
                 db_esp == top - 4, t3_err);
    CHECK_EQ(db_count, 1);
    CHECK_EQ(db_eip, (uint32_t)task3_entry);
    CHECK((db_dr6 & DR6_BT) != 0);
    CHECK_EQ(db_tr, 0x38);
    CHECK_EQ(db_esp, top - 4);
    CHECK_EQ(t3_count, 1);
    CHECK_EQ(t3_err, 0x48);

    pm_hook = 0;
    __asm__ volatile("clts");
    return guest_result("pm_task_tbit");
}
