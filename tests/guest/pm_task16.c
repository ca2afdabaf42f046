/*
 * pm_task16.c - task switches to and from 16-bit TSSs (types 1 and 3;
 * SDM vol. 3, 7.6 and figure 7-11) and the inner stack of a 16-bit TSS.
 *
 * The 16-bit tasks run 16-bit code (CS 0x40 based at t16_code) on a
 * 16-bit data and stack segment (0x48 based at t16_mem). The main task
 * keeps its 32-bit TSS (0x28):
 *   - JMP to a 16-bit TSS loads IP, FLAGS, AX..DI, ES CS SS DS and the
 *     LDT from it; the upper halves of the GPRs and EFLAGS (AC here) keep
 *     the main task's values (the SDM leaves them undefined: "modified and
 *     not maintained"; QEMU keeps them), FS and GS become null. JMP back
 *     saves IP, FLAGS, the GPRs' low halves and the four selectors in the
 *     16-bit layout, and moves the busy bits;
 *   - CALL nests (back link 0x28, NT in the 16-bit FLAGS), IRET returns
 *     and clears the 16-bit TSS's busy bit and saved NT;
 *   - INT 0x40 and #GP through task gates to 16-bit TSSs: no error code
 *     for INT n, a word error code on the new 16-bit stack for #GP;
 *   - a 16-bit TSS smaller than 44 bytes: #TS(selector);
 *   - with TR a 16-bit TSS, an interrupt and a call gate from ring 3 take
 *     SS0:SP0 from its offsets 4 and 2.
 *
 * QEMU (7.2.22 as Debian ships it) is the oracle; every answer is also
 * checked below.
 */
#include "pm_task.h"

typedef struct __attribute__((packed)) TSS16 {
    uint16_t link, sp0, ss0, sp1, ss1, sp2, ss2, ip, flags;
    uint16_t ax, cx, dx, bx, sp, bp, si, di;
    uint16_t es, cs, ss, ds, ldt;
} TSS16;

#define SEL_T16      0x30 /* the 16-bit task */
#define SEL_T16_INT  0x38 /* INT 0x40 through a task gate */
#define SEL_CODE16   0x40
#define SEL_DATA16   0x48
#define SEL_T16_GP   0x50 /* #GP through a task gate */
#define SEL_T16_TR   0x58 /* TR for the ring-3 stack switch */
#define SEL_STACK16  0x60 /* its SS0 */
#define SEL_GATE     0x68 /* DPL3 call gate to ring 0 */
#define SEL_T16_TINY 0x70 /* limit 42 */

TSS16 t16, t16_int, t16_gp, t16_tr, t16_tiny;
uint8_t stack16[4096] __attribute__((aligned(16)));

/* What the 16-bit tasks record (offsets in the asm below) */
typedef struct __attribute__((packed)) T16Data {
    uint32_t regs[8];        /* 0x00: EAX ECX EDX EBX ESP EBP ESI EDI at the first entry */
    uint32_t eflags;         /* 0x20 */
    uint16_t fs, gs;         /* 0x24 */
    uint16_t cs, ss, ds, es; /* 0x28 */
    uint16_t tr;             /* 0x30 */
    uint16_t jmp_seen;       /* 0x32 */
    uint32_t call_eflags;    /* 0x34 */
    uint16_t call_seen;      /* 0x38 */
    uint16_t int_count;      /* 0x3a */
    uint16_t int_sp;         /* 0x3c */
    uint16_t gp_sp;          /* 0x3e: SP after the error code push */
    uint16_t gp_err;         /* 0x40 */
    uint16_t gp_count;       /* 0x42 */
} T16Data;

/* the 16-bit data segment: records at 0, stacks below 0x400, 0x800, 0xc00 */
union {
    T16Data d;
    uint8_t bytes[4096];
} t16_mem __attribute__((aligned(16)));

__asm__(".text\n"
        "t16_code:\n"
        ".code16\n"
        "t16_entry:\n"
        "\tmovl %eax, 0x00\n"
        "\tmovl %ecx, 0x04\n"
        "\tmovl %edx, 0x08\n"
        "\tmovl %ebx, 0x0c\n"
        "\tmovl %esp, 0x10\n"
        "\tmovl %ebp, 0x14\n"
        "\tmovl %esi, 0x18\n"
        "\tmovl %edi, 0x1c\n"
        "\tpushfl\n"
        "\tpopl 0x20\n"
        "\tmovw %fs, 0x24\n"
        "\tmovw %gs, 0x26\n"
        "\tmovw %cs, 0x28\n"
        "\tmovw %ss, 0x2a\n"
        "\tmovw %ds, 0x2c\n"
        "\tmovw %es, 0x2e\n"
        "\tstr 0x30\n"
        "\tmovw $1, 0x32\n" /* MOV: FLAGS stay as loaded */
        "\tmovw $0xbeef, %ax\n"
        "\tmovw $0x5a5a, %si\n"
        "\tljmp $0x28, $0\n"
        "t16_after_jmp:\n" /* resumed by the main task's CALL */
        "\tpushfl\n"
        "\tpopl 0x34\n"
        "\tmovw $1, 0x38\n"
        "\tiret\n"
        "\tjmp t16_entry\n"
        "t16_int_entry:\n"
        "\tmovw %sp, 0x3c\n"
        "\tincw 0x3a\n"
        "\tiret\n"
        "\tjmp t16_int_entry\n"
        "t16_gp_entry:\n"
        "\tmovw %sp, 0x3e\n"
        "\tpopw 0x40\n"
        "\tincw 0x42\n"
        /* ES is flat: repair the main task's saved EAX (MOV DS, AX re-runs) */
        "\taddr32 movl $0x10, %es:pm_tss+0x28\n"
        "\tiret\n"
        "\tjmp t16_gp_entry\n"
        ".code32\n");

extern char t16_code[], t16_entry[], t16_after_jmp[], t16_int_entry[], t16_gp_entry[];

static uint16_t t16_off(const char *label)
{
    return (uint16_t)(label - t16_code);
}

static void t16_setup(TSS16 *t, uint32_t sel, const char *entry, uint16_t sp, uint16_t es)
{
    memset(t, 0, sizeof(*t));
    t->ip = t16_off(entry);
    t->flags = 0x0002;
    t->sp = sp;
    t->cs = SEL_CODE16;
    t->ss = t->ds = SEL_DATA16;
    t->es = es;
    pm_set_desc(sel, pm_desc((uint32_t)t, sizeof(*t) - 1, 0x81, 0)); /* type 1 */
}

/* Ring 3 -> ring 0 through the 16-bit TR: record SS and SP, leave ring 3. */
volatile uint32_t r0_esp, r0_ss, r0_eip3;

__asm__(".text\n"
        "r0_entry:\n"
        "\tmovl %esp, r0_esp\n"
        "\tmovw %ss, r0_ss\n"
        "\tmovzwl %sp, %eax\n" /* SS is 16-bit: the upper half of ESP is not ours */
        "\tmovl %ss:(%eax), %eax\n"
        "\tmovl %eax, r0_eip3\n"
        "\tmovl $0x10, %eax\n"
        "\tmovl %eax, %ss\n"
        "\tjmp pm_isr_129\n"
        "user_int:\n"
        "\tint $0x31\n"
        "user_int_ret:\n"
        "\tret\n"
        "user_call:\n"
        "\tlcall $0x6b, $0\n"
        "user_call_ret:\n"
        "\tret\n");

extern char r0_entry[], user_int[], user_int_ret[], user_call[], user_call_ret[];

static void jmp_and_call(void)
{
    t16_setup(&t16, SEL_T16, t16_entry, 0x400, SEL_DATA16);
    t16.ax = 0x1111;
    t16.cx = 0x2222;
    t16.dx = 0x3333;
    t16.bx = 0x4444;
    t16.bp = 0x6666;
    t16.si = 0x7777;
    t16.di = 0x8888;
    t16.flags = 0x00c3; /* SF ZF CF */
    t16.link = 0x5555;
    /* main: AC in EFLAGS, known upper halves; its registers come back
     * from its TSS, so only POPAL needs to restore them */
    __asm__ volatile("pushal\n\tpushfl\n\torl $0x40000, (%%esp)\n\tpopfl\n\t"
                     "movl $0xa0a00000, %%eax\n\tmovl $0xc0c00000, %%ecx\n\t"
                     "movl $0xd0d00000, %%edx\n\tmovl $0xb0b00000, %%ebx\n\t"
                     "movl $0xe0e00000, %%ebp\n\tmovl $0x50500000, %%esi\n\t"
                     "movl $0xd1d10000, %%edi\n\t"
                     "ljmp $0x30, $0\n"
                     "main_after_jmp:\n\t"
                     "pushfl\n\tandl $~0x40000, (%%esp)\n\tpopfl\n\tpopal"
                     ::: "memory", "cc");
    extern char main_after_jmp[];
    const T16Data *d = &t16_mem.d;
    guest_printf("jmp: ran %d regs %x %x %x %x %x(esp>>16) %x %x %x\n", d->jmp_seen, d->regs[0],
                 d->regs[1], d->regs[2], d->regs[3], d->regs[4] >> 16, d->regs[5], d->regs[6],
                 d->regs[7]);
    guest_printf("jmp: esp low %x eflags %x fs %x gs %x cs %x ss %x ds %x es %x tr %x\n",
                 d->regs[4] & 0xffff, d->eflags, d->fs, d->gs, d->cs, d->ss, d->ds, d->es, d->tr);
    CHECK_EQ(d->jmp_seen, 1);
    CHECK_EQ(d->regs[0], 0xa0a01111u);
    CHECK_EQ(d->regs[1], 0xc0c02222u);
    CHECK_EQ(d->regs[3], 0xb0b04444u);
    CHECK_EQ(d->regs[4] & 0xffff, 0x0400u);
    CHECK_EQ(d->regs[7], 0xd1d18888u);
    CHECK_EQ(d->eflags, 0x400c3u);
    CHECK_EQ(d->fs, 0);
    CHECK_EQ(d->gs, 0);
    CHECK_EQ(d->cs, SEL_CODE16);
    CHECK_EQ(d->ss, SEL_DATA16);
    CHECK_EQ(d->tr, SEL_T16);
    /* the 16-bit task's state, saved in the 16-bit layout by its JMP back */
    guest_printf("saved t16: ip ok %d flags %x ax %x cx %x si %x sp %x es %x cs %x ss %x ds %x "
                 "link %x\n",
                 t16.ip == t16_off(t16_after_jmp), t16.flags, t16.ax, t16.cx, t16.si, t16.sp,
                 t16.es, t16.cs, t16.ss, t16.ds, t16.link);
    CHECK_EQ(t16.ip, t16_off(t16_after_jmp));
    CHECK_EQ(t16.flags, 0x00c3);
    CHECK_EQ(t16.ax, 0xbeef);
    CHECK_EQ(t16.si, 0x5a5a);
    CHECK_EQ(t16.sp, 0x400);
    CHECK_EQ(t16.ds, SEL_DATA16);
    CHECK_EQ(t16.cs, SEL_CODE16);
    CHECK_EQ(t16.link, 0x5555);
    guest_printf("saved main: eip ok %d eax %x ebx %x AC %d; types main %x t16 %x\n",
                 pm_tss.eip == (uint32_t)main_after_jmp, pm_tss.eax, pm_tss.ebx,
                 (pm_tss.eflags >> 18) & 1, pm_tss_type(0x28), pm_tss_type(SEL_T16));
    CHECK_EQ(pm_tss.eax, 0xa0a00000u);
    CHECK_EQ(pm_tss_type(0x28), 11);
    CHECK_EQ(pm_tss_type(SEL_T16), 1);

    __asm__ volatile("lcall $0x30, $0" ::: "memory");
    uint32_t fl = read_eflags();
    guest_printf("call: ran %d NT in t16 %d link %x; after iret NT %d saved flags %x "
                 "types main %x t16 %x\n",
                 d->call_seen, (d->call_eflags >> 14) & 1, t16.link, (fl >> 14) & 1, t16.flags,
                 pm_tss_type(0x28), pm_tss_type(SEL_T16));
    CHECK_EQ(d->call_seen, 1);
    CHECK_EQ(d->call_eflags, 0x40c3u);
    CHECK_EQ(t16.link, 0x28);
    CHECK_EQ((fl >> 14) & 1, 0);
    CHECK_EQ(t16.flags, 0x00c3);
    CHECK_EQ(pm_tss_type(SEL_T16), 1);
}

static void task_gates(void)
{
    t16_setup(&t16_int, SEL_T16_INT, t16_int_entry, 0x800, SEL_DATA16);
    t16_setup(&t16_gp, SEL_T16_GP, t16_gp_entry, 0xc00, SEL_KDATA);
    pm_set_gate(0x40, pm_gate(SEL_T16_INT, 0, 5, 0, 0));
    pm_set_gate(13, pm_gate(SEL_T16_GP, 0, 5, 0, 0));
    __asm__ volatile("int $0x40\n\tint $0x40" ::: "memory");
    const T16Data *d = &t16_mem.d;
    guest_printf("int 0x40 via task gate: count %d sp %x type %x\n", d->int_count, d->int_sp,
                 pm_tss_type(SEL_T16_INT));
    CHECK_EQ(d->int_count, 2);
    CHECK_EQ(d->int_sp, 0x800);
    CHECK_EQ(pm_tss_type(SEL_T16_INT), 1);
    uint32_t ds;
    __asm__ volatile("movl $0x5b, %%eax\n\tmovl %%eax, %%ds\n\tmovl %%ds, %0"
                     : "=r"(ds) : : "eax", "memory");
    guest_printf("#GP via task gate: count %d err %x sp %x ds %x\n", d->gp_count, d->gp_err,
                 d->gp_sp, ds);
    CHECK_EQ(d->gp_count, 1);
    CHECK_EQ(d->gp_err, 0x58);
    CHECK_EQ(d->gp_sp, 0xc00 - 2);
    CHECK_EQ(ds, SEL_KDATA);
    pm_fill_idt();

    t16_setup(&t16_tiny, SEL_T16_TINY, t16_entry, 0x400, SEL_DATA16);
    pm_set_desc(SEL_T16_TINY, pm_desc((uint32_t)&t16_tiny, 42, 0x81, 0));
    PM_EXPECT("ljmp $0x70, $0");
    pm_report("jmp to a 16-bit TSS with limit 42");
    CHECK_EQ(pm_last_vec, 10);
    CHECK_EQ(pm_last_err, SEL_T16_TINY);
}

static void inner_stack(void)
{
    memset(&t16_tr, 0, sizeof(t16_tr));
    t16_tr.sp0 = 0x0800;
    t16_tr.ss0 = SEL_STACK16;
    t16_tr.sp1 = 0x1111; /* not used: ring 1 */
    pm_set_desc(SEL_T16_TR, pm_desc((uint32_t)&t16_tr, sizeof(t16_tr) - 1, 0x81, 0));
    pm_set_desc(SEL_STACK16, pm_desc((uint32_t)stack16, 0xffff, ACC_DATA, FLG_16));
    pm_set_desc(SEL_GATE, pm_gate(SEL_KCODE, (uint32_t)r0_entry, 12, 3, 0));
    pm_set_gate(0x31, pm_gate(SEL_KCODE, (uint32_t)r0_entry, 14, 3, 0));
    pm_ltr(SEL_T16_TR);

    pm_enter_user((uint32_t(*)(void))user_int, pm_user_stack(), 2);
    guest_printf("int from ring 3, 16-bit TR: ss %x sp %x eip ok %d\n", r0_ss, r0_esp & 0xffff,
                 r0_eip3 == (uint32_t)user_int_ret);
    CHECK_EQ(r0_ss, SEL_STACK16);
    CHECK_EQ(r0_esp & 0xffff, 0x800 - 20);
    CHECK_EQ(r0_eip3, (uint32_t)user_int_ret);
    pm_enter_user((uint32_t(*)(void))user_call, pm_user_stack(), 2);
    guest_printf("call gate from ring 3, 16-bit TR: ss %x sp %x eip ok %d\n", r0_ss,
                 r0_esp & 0xffff, r0_eip3 == (uint32_t)user_call_ret);
    CHECK_EQ(r0_ss, SEL_STACK16);
    CHECK_EQ(r0_esp & 0xffff, 0x800 - 16);
    CHECK_EQ(r0_eip3, (uint32_t)user_call_ret);

    pm_gdt[SEL_TSS >> 3] &= ~(2ull << 40); /* available again, for LTR */
    pm_ltr(SEL_TSS);
}

int main(void)
{
    guest_puts("pm_task16\n");
    pm_init();
    pm_set_desc(SEL_CODE16, pm_desc((uint32_t)t16_code, 0xffff, ACC_CODE, FLG_16));
    pm_set_desc(SEL_DATA16, pm_desc((uint32_t)&t16_mem, 0xffff, ACC_DATA, FLG_16));
    jmp_and_call();
    task_gates();
    inner_stack();
    __asm__ volatile("clts");
    return guest_result("pm_task16");
}
