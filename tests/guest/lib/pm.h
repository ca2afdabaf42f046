/*
 * pm.h - protected-mode scaffolding for the system guest tests (pm_*.c):
 * our own GDT, IDT and TSS, exception stubs that record what the CPU
 * pushed, a way to resume after an expected fault, and ring-3 entry.
 *
 * Header-only (each test is one .c file) so that the plain tests keep the
 * loader's segments, as tests/guest/README.md promises them. Include it
 * in exactly one file.
 *
 * GDT layout (selectors):
 *   0x08 code32 DPL0 flat     0x10 data32 DPL0 flat
 *   0x18 code32 DPL3 flat     0x20 data32 DPL3 flat   (use 0x1b, 0x23)
 *   0x28 TSS of the main task (esp0 = pm_stack0)
 *   0x30 .. 0xF8 free for the tests (pm_set_desc)
 * Every vector 0-31, 0x30 and 0x80 has a stub; vectors 0-31 use interrupt
 * gates with DPL0, 0x30 and 0x80 DPL3 trap gates; 0x81 (DPL3) leaves ring 3
 * (pm_enter_user). A stub pushes the vector (and a zero error code where
 * the CPU pushes none), saves the registers and calls pm_dispatch with a
 * PMFrame. The default action for an exception: record it and continue at
 * pm_resume if a test armed it (PM_EXPECT), else report and fail.
 */
#ifndef PM_H
#define PM_H

#include "guest.h"

#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UCODE 0x1b
#define SEL_UDATA 0x23
#define SEL_TSS   0x28
#define PM_GDT_ENTRIES 32

/* access bytes (descriptor bits 8-15) and flags (bits 20-23 as 0xC0 etc.) */
#define ACC_CODE  0x9a /* present, DPL0, code, readable */
#define ACC_DATA  0x92 /* present, DPL0, data, writable */
#define ACC_DPL(n) ((n) << 5)
#define FLG_32    0xc0 /* G + D/B */
#define FLG_16    0x00

typedef struct PMFrame {
    uint32_t es, ds;
    uint32_t edi, esi, ebp, esp_pusha, ebx, edx, ecx, eax;
    uint32_t vec, err;
    uint32_t eip, cs, eflags;
    uint32_t esp, ss;            /* only after a privilege change */
    uint32_t v86_es, v86_ds, v86_fs, v86_gs; /* only from virtual-8086 mode */
} PMFrame;

typedef struct __attribute__((packed)) TSS32 {
    uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap, iomap;
} TSS32;

typedef struct __attribute__((packed)) DescPtr {
    uint16_t limit;
    uint32_t base;
} DescPtr;

uint64_t pm_gdt[PM_GDT_ENTRIES] __attribute__((aligned(8)));
uint64_t pm_idt[256] __attribute__((aligned(8)));
TSS32 pm_tss __attribute__((aligned(128)));
uint8_t pm_stack0[8192] __attribute__((aligned(16)));
uint8_t pm_stack3[8192] __attribute__((aligned(16)));

/* What the last exception recorded, and counts per vector. */
volatile uint32_t pm_last_vec = 0xffffffffu, pm_last_err, pm_last_eip, pm_last_cs;
volatile uint32_t pm_last_eflags, pm_last_esp, pm_last_ss;
volatile uint32_t pm_count[256];
volatile uint32_t pm_resume;    /* continue here after the next exception */
volatile uint32_t pm_kernel_esp; /* pm_enter_user's saved stack */
/* A test's own handler: return 1 if it dealt with the frame. */
int (*volatile pm_hook)(PMFrame *f);

void pm_dispatch(PMFrame *f);

#define PM_STUB_NOERR(n) \
    "pm_isr_" #n ":\n\tpushl $0\n\tpushl $" #n "\n\tjmp pm_isr_common\n"
#define PM_STUB_ERR(n) "pm_isr_" #n ":\n\tpushl $" #n "\n\tjmp pm_isr_common\n"

__asm__(".text\n"
        PM_STUB_NOERR(0) PM_STUB_NOERR(1) PM_STUB_NOERR(2) PM_STUB_NOERR(3)
        PM_STUB_NOERR(4) PM_STUB_NOERR(5) PM_STUB_NOERR(6) PM_STUB_NOERR(7)
        PM_STUB_ERR(8) PM_STUB_NOERR(9) PM_STUB_ERR(10) PM_STUB_ERR(11)
        PM_STUB_ERR(12) PM_STUB_ERR(13) PM_STUB_ERR(14) PM_STUB_NOERR(15)
        PM_STUB_NOERR(16) PM_STUB_ERR(17) PM_STUB_NOERR(18) PM_STUB_NOERR(19)
        PM_STUB_NOERR(20) PM_STUB_NOERR(21) PM_STUB_NOERR(22) PM_STUB_NOERR(23)
        PM_STUB_NOERR(24) PM_STUB_NOERR(25) PM_STUB_NOERR(26) PM_STUB_NOERR(27)
        PM_STUB_NOERR(28) PM_STUB_NOERR(29) PM_STUB_NOERR(30) PM_STUB_NOERR(31)
        PM_STUB_NOERR(48) PM_STUB_NOERR(128)
        "pm_isr_common:\n"
        "\tpushal\n"
        "\tpushl %ds\n"
        "\tpushl %es\n"
        "\tmovl $0x10, %eax\n"
        "\tmovl %eax, %ds\n"
        "\tmovl %eax, %es\n"
        "\tcld\n"
        "\tpushl %esp\n"
        "\tcall pm_dispatch\n"
        "\taddl $4, %esp\n"
        "\tpopl %es\n"
        "\tpopl %ds\n"
        "\tpopal\n"
        "\taddl $8, %esp\n"
        "\tiret\n"
        /* int $0x81 from ring 3: back to pm_enter_user's caller */
        "pm_isr_129:\n"
        "\tmovl $0x10, %edx\n"
        "\tmovl %edx, %ds\n"
        "\tmovl %edx, %es\n"
        "\tmovl %edx, %fs\n"
        "\tmovl %edx, %gs\n"
        "\tmovl pm_kernel_esp, %esp\n"
        "\tpopl %edi\n"
        "\tpopl %esi\n"
        "\tpopl %ebx\n"
        "\tpopl %ebp\n"
        "\tret\n"
        /* uint32_t pm_enter_user(uint32_t (*fn)(void), uint32_t esp, uint32_t eflags) */
        ".globl pm_enter_user\n"
        "pm_enter_user:\n"
        "\tpushl %ebp\n"
        "\tpushl %ebx\n"
        "\tpushl %esi\n"
        "\tpushl %edi\n"
        "\tmovl %esp, pm_kernel_esp\n"
        "\tmovl 20(%esp), %eax\n"
        "\tmovl 24(%esp), %ecx\n"
        "\tmovl 28(%esp), %edx\n"
        "\tpushl $0x23\n"
        "\tpushl %ecx\n"
        "\tpushl %edx\n"
        "\tpushl $0x1b\n"
        "\tpushl $pm_user_tramp\n"
        "\tmovl $0x23, %edx\n"
        "\tmovl %edx, %ds\n"
        "\tmovl %edx, %es\n"
        "\tmovl %edx, %fs\n"
        "\tmovl %edx, %gs\n"
        "\tiret\n"
        "pm_user_tramp:\n"
        "\tcall *%eax\n"
        "\tint $0x81\n"
        /* void pm_enter_v86(uint32_t cs, uint32_t ip, uint32_t ss, uint32_t sp,
         *                   uint32_t eflags): DS ES FS GS = ss */
        ".globl pm_enter_v86\n"
        "pm_enter_v86:\n"
        "\tpushl %ebp\n"
        "\tpushl %ebx\n"
        "\tpushl %esi\n"
        "\tpushl %edi\n"
        "\tmovl %esp, pm_kernel_esp\n"
        "\tmovl 28(%esp), %eax\n"
        "\tpushl %eax\n" /* gs */
        "\tpushl %eax\n" /* fs */
        "\tpushl %eax\n" /* ds */
        "\tpushl %eax\n" /* es */
        "\tpushl %eax\n" /* ss */
        "\tpushl 52(%esp)\n" /* sp */
        "\tmovl 60(%esp), %eax\n"
        "\torl $0x20000, %eax\n"
        "\tpushl %eax\n" /* eflags | VM */
        "\tpushl 48(%esp)\n" /* cs */
        "\tpushl 56(%esp)\n" /* ip */
        "\tiret\n");

void pm_enter_v86(uint32_t cs, uint32_t ip, uint32_t ss, uint32_t sp, uint32_t eflags);

/* From a hook: leave virtual-8086 mode (or ring 3) for pm_enter_v86's /
 * pm_enter_user's caller. */
static inline void pm_leave(PMFrame *f)
{
    extern char pm_isr_129[];
    f->eflags &= ~0x20000u;
    f->cs = SEL_KCODE;
    f->eip = (uint32_t)pm_isr_129;
}

uint32_t pm_enter_user(uint32_t (*fn)(void), uint32_t esp, uint32_t eflags);

/* Base, limit (20 bits), access byte, flags nibble (FLG_*). */
static inline uint64_t pm_desc(uint32_t base, uint32_t limit, uint32_t access, uint32_t flags)
{
    uint32_t lo = (limit & 0xffff) | (base << 16);
    uint32_t hi = ((base >> 16) & 0xff) | (access << 8) | (limit & 0xf0000) | (flags << 16) |
                  (base & 0xff000000u);
    return (uint64_t)hi << 32 | lo;
}

/* A gate: type 4/12 call, 5 task, 6/14 interrupt, 7/15 trap; dpl; param count. */
static inline uint64_t pm_gate(uint32_t sel, uint32_t off, uint32_t type, uint32_t dpl,
                               uint32_t params)
{
    uint32_t lo = (off & 0xffff) | (sel << 16);
    uint32_t hi = (off & 0xffff0000u) | 0x8000u | (dpl << 13) | (type << 8) | (params & 31);
    return (uint64_t)hi << 32 | lo;
}

static inline void pm_set_desc(uint32_t sel, uint64_t d)
{
    pm_gdt[sel >> 3] = d;
}

static inline void pm_set_gate(int vec, uint64_t g)
{
    pm_idt[vec] = g;
}

static inline void pm_set_isr(int vec, void (*fn)(void), uint32_t type, uint32_t dpl)
{
    pm_idt[vec] = pm_gate(SEL_KCODE, (uint32_t)fn, type, dpl, 0);
}

static inline void pm_lgdt(void)
{
    DescPtr p = {sizeof(pm_gdt) - 1, (uint32_t)pm_gdt};
    __asm__ volatile("lgdt %0" : : "m"(p));
}

static inline void pm_reload_segments(void)
{
    __asm__ volatile("ljmp $0x08, $1f\n1:\n\t"
                     "movl $0x10, %%eax\n\t"
                     "movl %%eax, %%ds\n\tmovl %%eax, %%es\n\tmovl %%eax, %%ss\n\t"
                     "movl %%eax, %%fs\n\tmovl %%eax, %%gs\n"
                     : : : "eax", "memory");
}

#define PM_ISR_ADDR(n) ({ extern char pm_isr_##n[]; (uint32_t)pm_isr_##n; })

static inline void pm_fill_idt(void)
{
    uint32_t a[32] = {
        PM_ISR_ADDR(0), PM_ISR_ADDR(1), PM_ISR_ADDR(2), PM_ISR_ADDR(3), PM_ISR_ADDR(4),
        PM_ISR_ADDR(5), PM_ISR_ADDR(6), PM_ISR_ADDR(7), PM_ISR_ADDR(8), PM_ISR_ADDR(9),
        PM_ISR_ADDR(10), PM_ISR_ADDR(11), PM_ISR_ADDR(12), PM_ISR_ADDR(13), PM_ISR_ADDR(14),
        PM_ISR_ADDR(15), PM_ISR_ADDR(16), PM_ISR_ADDR(17), PM_ISR_ADDR(18), PM_ISR_ADDR(19),
        PM_ISR_ADDR(20), PM_ISR_ADDR(21), PM_ISR_ADDR(22), PM_ISR_ADDR(23), PM_ISR_ADDR(24),
        PM_ISR_ADDR(25), PM_ISR_ADDR(26), PM_ISR_ADDR(27), PM_ISR_ADDR(28), PM_ISR_ADDR(29),
        PM_ISR_ADDR(30), PM_ISR_ADDR(31)};
    for (int i = 0; i < 32; i++) {
        pm_idt[i] = pm_gate(SEL_KCODE, a[i], 14, 0, 0);
    }
    pm_idt[48] = pm_gate(SEL_KCODE, PM_ISR_ADDR(48), 15, 3, 0);
    pm_idt[128] = pm_gate(SEL_KCODE, PM_ISR_ADDR(128), 15, 3, 0);
    pm_idt[129] = pm_gate(SEL_KCODE, PM_ISR_ADDR(129), 15, 3, 0);
}

static inline void pm_lidt(void)
{
    DescPtr p = {sizeof(pm_idt) - 1, (uint32_t)pm_idt};
    __asm__ volatile("lidt %0" : : "m"(p));
}

/* Load TR with the TSS at sel (descriptor already in the GDT). */
static inline void pm_ltr(uint32_t sel)
{
    __asm__ volatile("ltr %w0" : : "r"(sel));
}

static inline void pm_init_tss(TSS32 *t, uint32_t size)
{
    memset(t, 0, sizeof(*t));
    t->ss0 = SEL_KDATA;
    t->esp0 = (uint32_t)(pm_stack0 + sizeof(pm_stack0));
    t->iomap = (uint16_t)size; /* no bitmap: beyond the limit */
}

/* Our GDT, IDT and TSS, segments reloaded. */
static inline void pm_init(void)
{
    pm_gdt[0] = 0;
    pm_gdt[1] = pm_desc(0, 0xfffff, ACC_CODE, FLG_32);
    pm_gdt[2] = pm_desc(0, 0xfffff, ACC_DATA, FLG_32);
    pm_gdt[3] = pm_desc(0, 0xfffff, ACC_CODE | ACC_DPL(3), FLG_32);
    pm_gdt[4] = pm_desc(0, 0xfffff, ACC_DATA | ACC_DPL(3), FLG_32);
    pm_init_tss(&pm_tss, sizeof(pm_tss));
    pm_gdt[5] = pm_desc((uint32_t)&pm_tss, sizeof(pm_tss) - 1, 0x89, 0);
    pm_lgdt();
    pm_reload_segments();
    pm_fill_idt();
    pm_lidt();
    pm_ltr(SEL_TSS);
}

static inline uint32_t pm_user_stack(void)
{
    return (uint32_t)(pm_stack3 + sizeof(pm_stack3));
}

static const char *const pm_vec_names[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "09", "#TS", "#NP",
    "#SS", "#GP", "#PF", "15", "#MF", "#AC", "#MC", "#XM", "20", "21", "22", "23",
    "24", "25", "26", "27", "28", "29", "30", "31"};

static inline const char *pm_vec_name(uint32_t v)
{
    return v < 32 ? pm_vec_names[v] : "int";
}

void pm_dispatch(PMFrame *f)
{
    pm_last_vec = f->vec;
    pm_last_err = f->err;
    pm_last_eip = f->eip;
    pm_last_cs = f->cs;
    pm_last_eflags = f->eflags;
    if ((f->cs & 3) != 0 || (f->eflags & 0x20000)) {
        pm_last_esp = f->esp;
        pm_last_ss = f->ss;
    }
    pm_count[f->vec & 0xff]++;
    if (pm_hook && pm_hook(f)) {
        return;
    }
    if (pm_resume) {
        f->eip = pm_resume;
        pm_resume = 0;
        return;
    }
    if (f->vec >= 32 || f->vec == 3 || f->vec == 4) {
        return; /* software interrupt or trap: just return */
    }
    guest_printf("unexpected %s err=%x at %x:%x\n", pm_vec_name(f->vec), f->err, f->cs, f->eip);
    exit_guest(1);
}

/* Run asm that should fault; continue after it. */
#define PM_EXPECT(insns)                                                                           \
    do {                                                                                           \
        pm_last_vec = 0xffffffffu;                                                                 \
        __asm__ volatile("movl $1f, pm_resume\n\t" insns "\n\tmovl $0, pm_resume\n1:\n"        \
                         : : : "eax", "ecx", "edx", "memory");                                     \
    } while (0)

/* Print what the last exception recorded. */
static inline void pm_report(const char *what)
{
    if (pm_last_vec == 0xffffffffu) {
        guest_printf("%s: no exception\n", what);
    } else {
        guest_printf("%s: %s err=%04x\n", what, pm_vec_name(pm_last_vec), pm_last_err);
    }
}

#endif
