/*
 * pm_irq_low_vector.c - external interrupts on the vectors of exceptions
 * that push an error code (SDM vol. 3, 6.13: "the processor does not push
 * an error code" for an external interrupt on such a vector, even 8-14).
 *
 * The master 8259A is left at vector base 8, as the BIOS programs it and
 * some DOS extenders keep it in protected mode: IRQ 0 arrives on vector 8
 * and IRQ 5 would on 13. Vector 8 points at a stub that expects no error
 * code (the one of vector 0x30); the frame must be EIP, CS, EFLAGS (with
 * IF, as the interrupt came with it set), else CS is wrong. A
 * task gate on vector 8 likewise gets no error code on the new stack.
 */
#include "irq.h"
#include "pm_task.h"

static volatile uint32_t hits, frame_eflags;

static int vec8_hook(PMFrame *f)
{
    if (f->vec != 0x30) {
        return 0;
    }
    hits++;
    if (f->cs != SEL_KCODE) {
        guest_printf("IRQ 0 on vector 8: frame has cs %x (an error code was pushed)\n", f->cs);
        exit_guest(1);
    }
    frame_eflags = f->eflags;
    outb(0x21, 0xff);
    outb(0x20, 0x20);
    return 1;
}

static void pic_base8(void)
{
    outb(0x20, 0x11);
    outb(0x21, 0x08);
    outb(0x21, 0x04);
    outb(0x21, 0x01);
    outb(0x21, 0xfe); /* IRQ 0 only */
}

static void wait_irq(volatile uint32_t *done)
{
    pit_setup(2, 1000);
    irq_enable();
    for (int i = 0; i < 200 && !*done; i++) {
        busy_loop(10000);
    }
    irq_disable();
}

volatile uint32_t t2_count, t2_esp;

__asm__(".text\n"
        "irq_task_entry:\n"
        "\tmovl %esp, t2_esp\n"
        "\tincl t2_count\n"
        "\tmovb $0xff, %al\n"
        "\toutb %al, $0x21\n"
        "\tmovb $0x20, %al\n"
        "\toutb %al, $0x20\n"
        "\tiret\n"
        "\tjmp irq_task_entry\n");

int main(void)
{
    guest_puts("pm_irq_low_vector\n");
    pm_init();
    pm_set_gate(8, pm_gate(SEL_KCODE, PM_ISR_ADDR(48), 14, 0, 0));
    pm_hook = vec8_hook;
    pic_base8();
    wait_irq(&hits);
    pm_hook = 0;
    guest_printf("IRQ 0 on vector 8 (interrupt gate): %d, frame cs %x IF %d\n", hits, SEL_KCODE,
                 (frame_eflags >> 9) & 1);
    CHECK_EQ(hits, 1);
    CHECK_EQ((frame_eflags >> 9) & 1, 1);

    extern char irq_task_entry[];
    pm_task_setup(&pm_tss2, 0x30, (void (*)(void))irq_task_entry, pm_task_stack2);
    pm_set_gate(8, pm_gate(0x30, 0, 5, 0, 0));
    pic_base8();
    wait_irq(&t2_count);
    uint32_t top = (uint32_t)(pm_task_stack2 + sizeof(pm_task_stack2));
    guest_printf("IRQ 0 on vector 8 (task gate): %d, no error code on the stack %d\n", t2_count,
                 t2_esp == top);
    CHECK_EQ(t2_count, 1);
    CHECK_EQ(t2_esp, top);
    __asm__ volatile("clts");
    return guest_result("pm_irq_low_vector");
}
