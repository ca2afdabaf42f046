/*
 * pm_seg_limit.c - protected-mode segment limit and access-rights checks
 * on data accesses (SDM vol. 3, 5.3 "Limit checking" and 5.5 "Privilege
 * levels"/type checking): loads, stores, string elements and ModRM
 * operands past the limit raise #GP(0), through SS #SS(0); a write to a
 * read-only data or a code segment, a read of execute-only code and any
 * use of a null selector raise #GP(0). The faulting EIP is that of the
 * instruction, and a faulting REP MOVS stops at the element that faults.
 *
 * QEMU does not check data segment limits in protected mode (NAME.no-qemu
 * skips it there): the .expected file is pcemu's output, and the test
 * checks every answer against the SDM rules itself.
 */
#include "pm.h"

#define SEL_LIM   0x30 /* data, base buf, limit 0xFF, writable */
#define SEL_RO    0x38 /* data, base buf, limit 0xFF, read-only */
#define SEL_CODER 0x40 /* code, flat, readable */
#define SEL_CODEX 0x48 /* code, flat, execute-only */
#define SEL_STK   0x50 /* data, base 0, limit stk + 4095 (page granular) */

uint8_t buf[512] __attribute__((aligned(16)));
uint8_t stk[8192] __attribute__((aligned(4096)));
volatile uint32_t want_eip, got_ecx, got_esi, saved_esp, value;

/* Run insns with the segment registers the caller loads in them; after
 * the fault (or none) DS ES FS GS are flat again. */
#define SEG_EXPECT(insns)                                                                          \
    do {                                                                                           \
        pm_last_vec = 0xffffffffu;                                                                 \
        __asm__ volatile("movl $1f, pm_resume\n\t" insns "\n\tmovl $0, %%ss:pm_resume\n1:\n\t"  \
                         "movl %%ecx, %%ss:got_ecx\n\tmovl %%esi, %%ss:got_esi\n\t"              \
                         "movl $0x10, %%eax\n\tmovl %%eax, %%ds\n\tmovl %%eax, %%es\n\t"         \
                         "movl %%eax, %%fs\n\tmovl %%eax, %%gs\n"                                 \
                         : : : "eax", "ecx", "edx", "esi", "edi", "memory");                      \
    } while (0)

static void expect(const char *what, uint32_t vec, uint32_t err)
{
    pm_report(what);
    CHECK_EQ(pm_last_vec, vec);
    if (vec != 0xffffffffu) {
        CHECK_EQ(pm_last_err, err);
        CHECK_EQ(pm_last_eip, want_eip);
    }
}

int main(void)
{
    guest_puts("pm_seg_limit\n");
    pm_init();
    uint32_t b = (uint32_t)buf;
    pm_set_desc(SEL_LIM, pm_desc(b, 0xff, ACC_DATA, 0x40));
    pm_set_desc(SEL_RO, pm_desc(b, 0xff, 0x90, 0x40));
    pm_set_desc(SEL_CODER, pm_desc(0, 0xfffff, ACC_CODE, FLG_32));
    pm_set_desc(SEL_CODEX, pm_desc(0, 0xfffff, 0x98, FLG_32));
    pm_set_desc(SEL_STK, pm_desc(0, ((uint32_t)stk >> 12), ACC_DATA, FLG_32));
    for (int i = 0; i < 256; i++) {
        buf[i] = (uint8_t)i;
    }

    /* loads through DS: the last dword inside the limit, then one byte past */
    SEG_EXPECT("movl $0x30, %%eax\n\tmovl %%eax, %%ds\n\tmovl 0xfc, %%eax\n\t"
               "movl %%eax, %%ss:value");
    expect("load dword at 0xfc", 0xffffffffu, 0);
    CHECK_EQ(value, 0xfffefdfcu);
    SEG_EXPECT("movl $2f, %%ss:want_eip\n\tmovl $0x30, %%eax\n\tmovl %%eax, %%ds\n"
               "2:\tmovl 0xfd, %%eax");
    expect("load dword at 0xfd", 13, 0);
    SEG_EXPECT("movl $2f, %%ss:want_eip\n\tmovl $0x30, %%eax\n\tmovl %%eax, %%ds\n\t"
               "movl $0x80, %%edx\n2:\tmovw 0x7f(%%edx), %%ax");
    expect("load word at 0x80+0x7f", 13, 0);
    /* stores through ES and FS, ModRM and moffs forms */
    SEG_EXPECT("movl $2f, %%ss:want_eip\n\tmovl $0x30, %%eax\n\tmovl %%eax, %%es\n"
               "2:\tmovl %%eax, %%es:0x100");
    expect("store dword es:0x100", 13, 0);
    SEG_EXPECT("movl $2f, %%ss:want_eip\n\tmovl $0x30, %%eax\n\tmovl %%eax, %%fs\n\t"
               "xorl %%edx, %%edx\n2:\taddl %%eax, %%fs:0xfe(%%edx)");
    expect("add to dword fs:0xfe", 13, 0);
    SEG_EXPECT("movl $0x30, %%eax\n\tmovl %%eax, %%gs\n\tmovb $0x5a, %%gs:0xff");
    expect("store byte gs:0xff", 0xffffffffu, 0);
    CHECK_EQ(buf[0xff], 0x5a);
    /* rights: read-only data, code segments, null selector */
    SEG_EXPECT("movl $0x38, %%eax\n\tmovl %%eax, %%ds\n\tmovl 0x10, %%eax\n\t"
               "movl %%eax, %%ss:value");
    expect("read read-only data", 0xffffffffu, 0);
    CHECK_EQ(value, 0x13121110u);
    SEG_EXPECT("movl $2f, %%ss:want_eip\n\tmovl $0x38, %%eax\n\tmovl %%eax, %%ds\n"
               "2:\tincl 0x10");
    expect("inc in read-only data", 13, 0);
    SEG_EXPECT("movl $2f, %%ss:want_eip\n\tmovl $0x40, %%eax\n\tmovl %%eax, %%es\n"
               "2:\tmovl %%eax, %%es:value");
    expect("write to readable code", 13, 0);
    SEG_EXPECT("movl $0x40, %%eax\n\tmovl %%eax, %%es\n\tmovl %%es:buf+4, %%eax\n\t"
               "movl %%eax, %%ss:value");
    expect("read readable code", 0xffffffffu, 0);
    CHECK_EQ(value, 0x07060504u);
    SEG_EXPECT("movl $2f, %%ss:want_eip\n\tljmp $0x48, $3f\n3:\n"
               "2:\tmovl %%cs:value, %%eax\n\tljmp $0x08, $1f");
    expect("read execute-only code", 13, 0);
    __asm__ volatile("ljmp $0x08, $1f\n1:\n"); /* the fault resumed in CS 0x48 */
    SEG_EXPECT("movl $2f, %%ss:want_eip\n\txorl %%eax, %%eax\n\tmovl %%eax, %%gs\n"
               "2:\tmovl %%gs:0, %%eax");
    expect("null gs", 13, 0);
    /* REP MOVSB from DS:0xfd, 5 bytes: faults on the element at 0x100 */
    SEG_EXPECT("movl $2f, %%ss:want_eip\n\tmovl $0x30, %%eax\n\tmovl %%eax, %%ds\n\t"
               "movl $0x10, %%eax\n\tmovl %%eax, %%es\n\tmovl $0xfd, %%esi\n\t"
               "movl $buf+0x100, %%edi\n\tmovl $5, %%ecx\n\tcld\n2:\trep movsb");
    expect("rep movsb past the limit", 13, 0);
    guest_printf("rep movsb stopped: ecx %d esi %x\n", got_ecx, got_esi);
    CHECK_EQ(got_ecx, 2);
    CHECK_EQ(got_esi, 0x100);

    /* the stack: SS limit at the end of stk's first page */
    uint32_t top = (uint32_t)stk + 4096;
    value = top;
    SEG_EXPECT("movl %%esp, %%ss:saved_esp\n\tmovl $2f, %%ss:want_eip\n\t"
               "movl %%ss:value, %%edx\n\tmovl $0x50, %%eax\n\tmovl %%eax, %%ss\n\t"
               "leal -2(%%edx), %%esp\n2:\tpopl %%eax\n\t"
               "movl $0, pm_resume\n1:\n\tmovl $0x10, %%eax\n\tmovl %%eax, %%ss\n\t"
               "movl saved_esp, %%esp");
    expect("pop dword at limit-1", 12, 0);
    SEG_EXPECT("movl %%esp, %%ss:saved_esp\n\tmovl $2f, %%ss:want_eip\n\t"
               "movl %%ss:value, %%edx\n\tmovl $0x50, %%eax\n\tmovl %%eax, %%ss\n\t"
               "leal -64(%%edx), %%esp\n2:\tmovl 62(%%esp), %%eax\n\t"
               "movl $0, pm_resume\n1:\n\tmovl $0x10, %%eax\n\tmovl %%eax, %%ss\n\t"
               "movl saved_esp, %%esp");
    expect("load dword esp+62 at limit-1", 12, 0);
    SEG_EXPECT("movl %%esp, %%ss:saved_esp\n\tmovl %%ss:value, %%edx\n\t"
               "movl $0x50, %%eax\n\tmovl %%eax, %%ss\n\tleal -4(%%edx), %%esp\n\t"
               "pushl $0x1234\n\tpopl %%eax\n\tpopl %%eax\n\tmovl %%eax, %%ss:value\n\t"
               "movl $0, pm_resume\n1:\n\tmovl $0x10, %%eax\n\tmovl %%eax, %%ss\n\t"
               "movl saved_esp, %%esp");
    expect("push/pop inside the limit", 0xffffffffu, 0);
    return guest_result("pm_seg_limit");
}
