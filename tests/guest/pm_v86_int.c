/*
 * pm_v86_int.c - INT n in virtual-8086 mode (IOPL 3) goes to the ring-0
 * handler of the IDT: on the SS0:ESP0 stack it pushes GS FS DS ES, SS
 * ESP, EFLAGS (VM=1), CS IP; DS ES FS GS are null in the handler, VM is
 * clear; IRET returns to v86 and reloads all segments (SDM 20.3.1.1).
 */
#include "pm_v86.h"

volatile uint32_t h_fs, h_gs, h_vm, v_es, v_ds, v_fs, v_gs, v_ss, v_esp, v_eflags;

static int hook(PMFrame *f)
{
    if (f->vec != 0x30) {
        return 0;
    }
    uint32_t fs, gs;
    __asm__ volatile("movl %%fs, %0\n\tmovl %%gs, %1" : "=r"(fs), "=r"(gs));
    h_fs = fs;
    h_gs = gs;
    h_vm = (read_eflags() >> 17) & 1;
    v_es = f->v86_es;
    v_ds = f->v86_ds;
    v_fs = f->v86_fs;
    v_gs = f->v86_gs;
    v_ss = f->ss;
    v_esp = f->esp;
    v_eflags = f->eflags;
    f->eax = 0x4242;
    return 1;
}

__asm__(".text\n.code16\n"
        "v86_start:\n"
        "\tmovw $0x2100, %ax\n"
        "\tmovw %ax, %fs\n"
        "\tmovw $0x2200, %ax\n"
        "\tmovw %ax, %gs\n"
        "\tmovw $0x2300, %ax\n"
        "\tmovw %ax, %es\n"
        "\tint $0x30\n"
        "\tmovw %ax, 0x100\n"
        "\tmovw %fs, %ax\n"
        "\tmovw %ax, 0x102\n"
        "\tmovw %es, %ax\n"
        "\tmovw %ax, 0x104\n"
        "\tint $0x81\n"
        "v86_end:\n.code32\n");

int main(void)
{
    extern char v86_start[], v86_end[];
    guest_puts("pm_v86_int\n");
    pm_init();
    pm_hook = hook;
    pm_run_v86(v86_start, v86_end, 0x3002);
    guest_printf("handler: fs %x gs %x VM %d\n", h_fs, h_gs, h_vm);
    guest_printf("frame: es %x ds %x fs %x gs %x ss %x esp %x eflags %x cs %x ip %x\n", v_es,
                 v_ds, v_fs, v_gs, v_ss, v_esp, v_eflags, pm_last_cs, pm_last_eip);
    guest_printf("after iret: ax %x fs %x es %x\n", pm_v86_word(0), pm_v86_word(2),
                 pm_v86_word(4));
    CHECK_EQ(v_fs, 0x2100);
    CHECK_EQ(v_gs, 0x2200);
    CHECK_EQ(h_fs, 0);
    CHECK_EQ(pm_v86_word(0), 0x4242);
    return guest_result("pm_v86_int");
}
