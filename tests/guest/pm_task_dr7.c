/*
 * pm_task_dr7.c - a task switch clears the local breakpoint enables L0-L3
 * (DR7 bits 0, 2, 4, 6) and keeps the global ones (SDM vol. 3, 17.2.4:
 * "The processor automatically clears these flags on every task switch
 * to avoid unwanted breakpoint conditions in the new task").
 *
 * DR0 is an execution breakpoint on bp_func with L0, DR1 one on t2_mark
 * with G1, and L2 and G3 are set too (DR2 and DR3 point at nothing). The
 * main task hits bp_func; after a JMP to task 2, DR7 holds only G1 and G3:
 * bp_func no longer traps there (the code compiled with the breakpoint is
 * not reused), t2_mark still does. The same through a task gate (INT
 * 0x40 to task 3, back with IRET) after L0 is set again.
 */
#include "pm_task.h"

#define DR7_L0 0x01u
#define DR7_G1 0x08u
#define DR7_L2 0x10u
#define DR7_G3 0x80u
#define DR7_1  0x400u /* bit 10 reads as 1 */
#define RF     0x10000u

volatile uint32_t t2_dr7, t3_dr7, t2_tr, t3_tr;
static volatile uint32_t bp_hits[3], mark_hits, other_db, last_dr6;

extern char bp_func[], t2_mark[], task2_entry[], task3_entry[];

__asm__(".text\n"
        "bp_func:\n"
        "\tnop\n"
        "\tret\n"
        "task2_entry:\n"
        "\tmovl %dr7, %eax\n"
        "\tmovl %eax, t2_dr7\n"
        "\tstr t2_tr\n"
        "\tcall bp_func\n"
        "t2_mark:\n"
        "\tnop\n"
        "\tljmp $0x28, $0\n"
        "task3_entry:\n"
        "\tmovl %dr7, %eax\n"
        "\tmovl %eax, t3_dr7\n"
        "\tstr t3_tr\n"
        "\tcall bp_func\n"
        "\tiret\n");

static uint32_t cur_task(void)
{
    uint16_t tr;
    __asm__ volatile("str %0" : "=r"(tr));
    return tr == 0x28 ? 0 : tr == 0x30 ? 1 : 2;
}

static int hook(PMFrame *f)
{
    if (f->vec != 1) {
        return 0;
    }
    uint32_t d;
    __asm__ volatile("movl %%dr6, %0" : "=r"(d));
    __asm__ volatile("movl %0, %%dr6" : : "r"(0u));
    last_dr6 = d & 0xf;
    if (f->eip == (uint32_t)bp_func) {
        bp_hits[cur_task()]++;
    } else if (f->eip == (uint32_t)t2_mark) {
        mark_hits++;
    } else {
        other_db++;
    }
    f->eflags |= RF; /* run the instruction at the breakpoint */
    return 1;
}

static void set_dr(int n, uint32_t v)
{
    switch (n) {
    case 0:
        __asm__ volatile("movl %0, %%dr0" : : "r"(v));
        break;
    case 1:
        __asm__ volatile("movl %0, %%dr1" : : "r"(v));
        break;
    default:
        __asm__ volatile("movl %0, %%dr7" : : "r"(v));
        break;
    }
}

static uint32_t get_dr7(void)
{
    uint32_t v;
    __asm__ volatile("movl %%dr7, %0" : "=r"(v));
    return v;
}

int main(void)
{
    guest_puts("pm_task_dr7: a task switch clears DR7 L0-L3\n");
    pm_init();
    pm_hook = hook;
    pm_task_setup(&pm_tss2, 0x30, (void (*)(void))task2_entry, pm_task_stack2);
    pm_task_setup(&pm_tss3, 0x38, (void (*)(void))task3_entry, pm_task_stack3);
    pm_set_gate(0x40, pm_gate(0x38, 0, 5, 0, 0));

    set_dr(0, (uint32_t)bp_func);
    set_dr(1, (uint32_t)t2_mark);
    set_dr(7, DR7_L0 | DR7_G1 | DR7_L2 | DR7_G3);
    guest_printf("main: dr7 %x\n", get_dr7());
    CHECK_EQ(get_dr7(), DR7_1 | DR7_L0 | DR7_G1 | DR7_L2 | DR7_G3);
    __asm__ volatile("call bp_func" ::: "memory");
    guest_printf("main: bp_func hits %u B %x\n", bp_hits[0], last_dr6);
    CHECK_EQ(bp_hits[0], 1);
    CHECK_EQ(last_dr6, 1);

    __asm__ volatile("ljmp $0x30, $0" ::: "eax", "memory");
    guest_printf("JMP to task 2 (tr %x): dr7 %x, bp_func hits %u, t2_mark hits %u B %x\n", t2_tr,
                 t2_dr7, bp_hits[1], mark_hits, last_dr6);
    guest_printf("back in main: dr7 %x\n", get_dr7());
    CHECK_EQ(t2_tr, 0x30);
    CHECK_EQ(t2_dr7, DR7_1 | DR7_G1 | DR7_G3);
    CHECK_EQ(bp_hits[1], 0);
    CHECK_EQ(mark_hits, 1);
    CHECK_EQ(last_dr6, 2);
    CHECK_EQ(get_dr7(), DR7_1 | DR7_G1 | DR7_G3);

    set_dr(7, DR7_L0 | DR7_G1 | DR7_G3);
    __asm__ volatile("call bp_func" ::: "memory");
    CHECK_EQ(bp_hits[0], 2);
    __asm__ volatile("int $0x40" ::: "eax", "memory");
    guest_printf("INT to task 3 (tr %x): dr7 %x, bp_func hits %u\n", t3_tr, t3_dr7, bp_hits[2]);
    guest_printf("after IRET: dr7 %x, main bp_func hits %u, other #DB %u\n", get_dr7(),
                 bp_hits[0], other_db);
    CHECK_EQ(t3_tr, 0x38);
    CHECK_EQ(t3_dr7, DR7_1 | DR7_G1 | DR7_G3);
    CHECK_EQ(bp_hits[2], 0);
    CHECK_EQ(other_db, 0);
    set_dr(7, 0);
    __asm__ volatile("clts");
    return guest_result("pm_task_dr7");
}
