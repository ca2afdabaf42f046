/*
 * paging_kernel_stack.c - ring 0 entered from ring 3 or virtual-8086 mode
 * on a supervisor-only stack. Paging is on (CR0.WP = 1), the test image
 * is user-accessible, and TSS.ESP0 points into two pages with U/S = 0.
 *
 * Every frame the CPU pushes on that stack is a supervisor access, though
 * CPL only changes once the frame is complete (SDM vol. 3, 6.12.1: the
 * processor switches to the stack of the handler's privilege level; 4.6:
 * accesses to the stack of an inner level during a privilege change are
 * implicit supervisor-mode accesses). So from ring 3: INT n through a
 * DPL3 trap gate, #GP(0) (CLI at IOPL 0), #PF (a user read of the kernel
 * stack: error code 5), an IRQ from the PIT, a call gate to ring 0 with
 * two parameters (read from the caller's user stack, copied to the
 * kernel one) and back with RET 8; from virtual-8086 mode: INT n, #GP(0)
 * (HLT) and the PIT IRQ, with GS FS DS ES pushed too. IRET and RET read
 * the frames back at CPL 0. Each frame must lie on the kernel stack.
 *
 * Uses pm.h (GDT, IDT, TSS, ring-3 and V86 entry), irq.h and paging.h.
 */
#include "pm.h"

#include "irq.h"
#include "paging.h"
#include "pm_v86.h"

#define KSTACK      0x50000000u /* two supervisor-only pages */
#define KSTACK_SIZE 8192u
#define SEL_GATE    0x33 /* call gate at 0x30, DPL3, RPL3 */

extern char __bss_end[];

typedef struct Rec {
    uint32_t n, frame, cs, eip, ss, esp, err, vm, cr2;
    uint32_t v86_ds;
} Rec;

/* Written at ring 3 or by the handlers: in the (user-accessible) image. */
volatile Rec rec_int, rec_gp, rec_pf, rec_irq, rec_v86_int, rec_v86_gp, rec_v86_irq;
volatile uint32_t u_esp_before, u_esp_after, u_gp_vec, u_gp_err, u_pf_vec, u_pf_err;
volatile uint32_t g_esp, g_eip, g_cs, g_p0, g_p1, g_old_esp, g_old_ss, g_ss;

extern char v86_blob[], v86_blob_end[];

/* The call gate's ring-0 target: record the frame, return with RET 8. */
__asm__(".text\n"
        "gate_target:\n"
        "\tmovl %esp, g_esp\n"
        "\tmovl 0(%esp), %eax\n\tmovl %eax, g_eip\n"
        "\tmovl 4(%esp), %eax\n\tmovl %eax, g_cs\n"
        "\tmovl 8(%esp), %eax\n\tmovl %eax, g_p0\n"
        "\tmovl 12(%esp), %eax\n\tmovl %eax, g_p1\n"
        "\tmovl 16(%esp), %eax\n\tmovl %eax, g_old_esp\n"
        "\tmovl 20(%esp), %eax\n\tmovl %eax, g_old_ss\n"
        "\tmovl %ss, %eax\n\tmovl %eax, g_ss\n"
        "\tlret $8\n"
        /* virtual-8086 mode: INT 0x30, HLT (#GP), wait for an IRQ, leave */
        ".code16\n"
        "v86_blob:\n"
        "\tint $0x30\n"
        "\thlt\n"
        "\tsti\n"
        "1:\tcmpw $0, 0x100\n"
        "\tje 1b\n"
        "\tcli\n"
        "\tint $0x81\n"
        "v86_blob_end:\n"
        ".code32\n");

static void record(volatile Rec *r, const PMFrame *f)
{
    if (r->n++ != 0) {
        return;
    }
    r->frame = (uint32_t)f;
    r->cs = f->cs & 0xffff;
    r->eip = f->eip;
    r->ss = f->ss & 0xffff;
    r->esp = f->esp;
    r->err = f->err;
    r->vm = (f->eflags >> 17) & 1;
    r->cr2 = f->vec == 14 ? pg_read_cr2() : 0;
    r->v86_ds = r->vm ? f->v86_ds & 0xffff : 0;
}

static int hook(PMFrame *f)
{
    bool vm = (f->eflags & 0x20000u) != 0;
    switch (f->vec) {
    case 0x80:
        record(&rec_int, f);
        return 1;
    case 0x30:
        record(&rec_v86_int, f);
        return 1;
    case 13:
        if (vm) {
            record(&rec_v86_gp, f);
            f->eip += 1; /* past the HLT */
            return 1;
        }
        record(&rec_gp, f);
        return 0; /* pm_resume */
    case 14:
        record(&rec_pf, f);
        return 0;
    case IRQ_VEC_BASE:
        pic_eoi(0);
        if (vm) {
            record(&rec_v86_irq, f);
            *(volatile uint16_t *)(PM_V86_BASE + PM_V86_DATA) = 1;
        } else if ((f->cs & 3) == 3) {
            record(&rec_irq, f);
        }
        return 1;
    default:
        return 0;
    }
}

/* Ring 3, IF = 0: INT n, #GP, #PF, the call gate. */
static uint32_t user_main(void)
{
    __asm__ volatile("int $0x80" ::: "memory");
    PM_EXPECT("cli");
    u_gp_vec = pm_last_vec;
    u_gp_err = pm_last_err;
    PM_EXPECT("movl 0x50000ff0, %%eax");
    u_pf_vec = pm_last_vec;
    u_pf_err = pm_last_err;
    __asm__ volatile("movl %%esp, u_esp_before\n\t"
                     "pushl $0x1111\n\t"
                     "pushl $0x2222\n\t"
                     "lcall $0x33, $0\n"
                     "gate_ret:\n\t"
                     "movl %%esp, u_esp_after" ::: "eax", "memory");
    return 0;
}

/* Ring 3, IF = 1: wait for the PIT. */
static uint32_t user_wait_irq(void)
{
    while (rec_irq.n == 0) {
    }
    return 0;
}

static int on_kstack(uint32_t a)
{
    return a >= KSTACK && a < KSTACK + KSTACK_SIZE;
}

static void report(const char *what, volatile Rec *r)
{
    guest_printf("%s: n>0 %d kstack %d cs %x ss %x err %x vm %d\n", what, r->n > 0,
                 on_kstack(r->frame), r->cs, r->ss, r->err, r->vm);
    CHECK(r->n > 0);
    CHECK(on_kstack(r->frame));
}

int main(void)
{
    extern char gate_target[], gate_ret[];
    guest_puts("paging_kernel_stack: ring 0 on a supervisor-only stack\n");
    pm_init();
    irq_fill_idt();
    pm_set_desc(0x30, pm_gate(SEL_KCODE, (uint32_t)gate_target, 12, 3, 2));
    pg_enable_32(true);
    for (uint32_t va = 0x100000u; va < (uint32_t)__bss_end; va += 4096u) {
        *pg_pte(va) |= PG_US;
    }
    for (uint32_t va = PM_V86_BASE; va < PM_V86_BASE + 0x10000u; va += 4096u) {
        *pg_pte(va) |= PG_US;
    }
    pg_new_table(KSTACK, PG_RW | PG_US);
    for (uint32_t va = KSTACK; va < KSTACK + KSTACK_SIZE; va += 4096u) {
        *pg_pte(va) = pg_alloc_frame() | PG_P | PG_RW; /* U/S = 0 */
    }
    pg_write_cr3(pg_read_cr3());
    pm_tss.esp0 = KSTACK + KSTACK_SIZE;
    pm_hook = hook;

    uint32_t r = pm_enter_user(user_main, pm_user_stack(), 0x0002);
    guest_printf("ring 3 done: %u\n", r);
    report("int 0x80", &rec_int);
    CHECK_EQ(rec_int.cs, SEL_UCODE);
    CHECK_EQ(rec_int.ss, SEL_UDATA);
    report("#GP", &rec_gp);
    guest_printf("#GP seen at ring 3: %s err %x\n", pm_vec_name(u_gp_vec), u_gp_err);
    CHECK_EQ(u_gp_vec, 13);
    CHECK_EQ(rec_gp.err, 0);
    report("#PF", &rec_pf);
    guest_printf("#PF seen at ring 3: %s err %x cr2 %x\n", pm_vec_name(u_pf_vec), u_pf_err,
                 rec_pf.cr2);
    CHECK_EQ(u_pf_vec, 14);
    CHECK_EQ(rec_pf.err, 5); /* user read of a present supervisor page */
    CHECK_EQ(rec_pf.cr2, KSTACK + 0xff0u);
    guest_printf("call gate: kstack %d ss %x cs %x ret %d params %x %x old ss %x esp %s\n",
                 on_kstack(g_esp), g_ss & 0xffff, g_cs & 0xffff, g_eip == (uint32_t)gate_ret,
                 g_p0, g_p1, g_old_ss & 0xffff,
                 g_old_esp == u_esp_before - 8 ? "ok" : "WRONG");
    guest_printf("after RET 8: esp %s\n", u_esp_after == u_esp_before ? "restored" : "WRONG");
    CHECK(on_kstack(g_esp));
    CHECK_EQ(g_esp, KSTACK + KSTACK_SIZE - 24);
    CHECK_EQ(g_ss & 0xffff, SEL_KDATA);
    CHECK_EQ(g_cs & 0xffff, SEL_UCODE);
    CHECK_EQ(g_eip, (uint32_t)gate_ret);
    CHECK_EQ(g_p0, 0x2222);
    CHECK_EQ(g_p1, 0x1111);
    CHECK_EQ(g_old_ss & 0xffff, SEL_UDATA);
    CHECK_EQ(g_old_esp, u_esp_before - 8);
    CHECK_EQ(u_esp_after, u_esp_before);

    /* the PIT interrupts ring 3 */
    pic_setup(0xfe, 0xff);
    pit_setup(2, 0x2000);
    r = pm_enter_user(user_wait_irq, pm_user_stack(), 0x0202);
    irq_disable();
    report("IRQ 0 in ring 3", &rec_irq);
    CHECK_EQ(rec_irq.cs, SEL_UCODE);

    /* virtual-8086 mode: INT n, #GP, the PIT */
    pm_run_v86(v86_blob, v86_blob_end, 0x3002);
    irq_disable();
    outb(0x21, 0xff);
    report("v86 int 0x30", &rec_v86_int);
    report("v86 #GP", &rec_v86_gp);
    report("v86 IRQ 0", &rec_v86_irq);
    guest_printf("v86 frames: cs %x ds %x, ss %x\n", rec_v86_int.cs, rec_v86_int.v86_ds,
                 rec_v86_int.ss);
    CHECK_EQ(rec_v86_int.vm, 1);
    CHECK_EQ(rec_v86_int.cs, PM_V86_SEG);
    CHECK_EQ(rec_v86_int.v86_ds, PM_V86_SEG);
    CHECK_EQ(rec_v86_gp.vm, 1);
    CHECK_EQ(rec_v86_irq.vm, 1);
    return guest_result("paging_kernel_stack");
}
