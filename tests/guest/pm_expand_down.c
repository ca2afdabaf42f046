/*
 * pm_expand_down.c - expand-down data and stack segments (SDM vol. 3,
 * 3.4.5.1 and 5.3): the valid offsets are limit+1 .. 0xFFFF (B = 0) or
 * limit+1 .. 0xFFFFFFFF (B = 1); an access that touches an offset at or
 * below the limit, or runs past the top, raises #GP(0), or #SS(0)
 * through SS. The stack case runs at CPL 3 so that the #SS handler gets
 * the ring-0 stack from the TSS, and checks that ESP is left unchanged.
 *
 * QEMU does not check data segment limits in protected mode (NAME.no-qemu
 * skips it there): the .expected file is pcemu's output, and the test
 * checks every answer against the SDM rules itself.
 */
#include "pm.h"

#define SEL_ED16 0x30 /* expand-down, B=0, limit 0x0FFF, base ebuf - 0x1000 */
#define SEL_ED32 0x38 /* expand-down, B=1, limit 0x0FFF, base ebuf - 0x1000 */
#define SEL_EDSS 0x58 /* expand-down stack, B=1 G=1, DPL 3, limit stk + 4095 */

uint8_t ebuf[0x10000] __attribute__((aligned(16)));
uint8_t stk[8192] __attribute__((aligned(4096)));
volatile uint32_t want_eip, value, saved_esp, stk_top, esp_before, esp_at_fault;

/* Run insns with DS = sel; afterwards DS is flat again. */
#define ED_EXPECT(sel, insns)                                                                     \
    do {                                                                                           \
        pm_last_vec = 0xffffffffu;                                                                 \
        __asm__ volatile("movl $1f, pm_resume\n\tmovl $2f, want_eip\n\tmovl $" #sel ", %%eax\n\t" \
                         "movl %%eax, %%ds\n" insns "\n\tmovl $0, %%ss:pm_resume\n1:\n\t"         \
                         "movl $0x10, %%eax\n\tmovl %%eax, %%ds\n"                                \
                         : : : "eax", "ecx", "edx", "memory");                                    \
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

/* CPL 3: SS = expand-down stack whose lowest valid offset is stk + 4096;
 * two pushes fit above it, the third faults. */
static uint32_t user_stack(void)
{
    __asm__ volatile("movl %%esp, saved_esp\n\t"
                     "movl $1f, pm_resume\n\tmovl $2f, want_eip\n\t"
                     "movl $0x5b, %%eax\n\tmovl %%eax, %%ss\n\tmovl stk_top, %%esp\n\t"
                     "pushl $0x11\n\tpushl $0x22\n\tmovl %%esp, esp_before\n"
                     "2:\tpushl $0x33\n\tmovl $0, pm_resume\n"
                     "1:\tmovl %%esp, esp_at_fault\n\tpopl %%eax\n\tmovl %%eax, value\n\t"
                     "movl $0x23, %%eax\n\tmovl %%eax, %%ss\n\tmovl saved_esp, %%esp\n"
                     : : : "eax", "memory");
    return 0;
}

int main(void)
{
    guest_puts("pm_expand_down\n");
    pm_init();
    uint32_t b = (uint32_t)ebuf - 0x1000;
    pm_set_desc(SEL_ED16, pm_desc(b, 0x0fff, 0x96, FLG_16));
    pm_set_desc(SEL_ED32, pm_desc(b, 0x0fff, 0x96, 0x40));
    pm_set_desc(SEL_EDSS, pm_desc(0, ((uint32_t)stk >> 12), 0xf6, FLG_32));
    ebuf[0] = 0x11;
    ebuf[0xeffe] = 0x22;
    ebuf[0xf000] = 0x33;

    /* 16-bit: 0x1000 .. 0xFFFF */
    ED_EXPECT(0x30, "2:\tmovzbl 0x1000, %%eax\n\tmovl %%eax, %%ss:value");
    expect("b16 byte at 0x1000", 0xffffffffu, 0);
    CHECK_EQ(value, 0x11);
    ED_EXPECT(0x30, "2:\tmovb 0x0fff, %%al");
    expect("b16 byte at 0x0fff", 13, 0);
    ED_EXPECT(0x30, "2:\tmovw 0x0ffe, %%ax");
    expect("b16 word at 0x0ffe", 13, 0);
    ED_EXPECT(0x30, "2:\tmovzwl 0xfffe, %%eax\n\tmovl %%eax, %%ss:value");
    expect("b16 word at 0xfffe", 0xffffffffu, 0);
    CHECK_EQ(value, 0x0022);
    ED_EXPECT(0x30, "2:\tmovw %%ax, 0xffff");
    expect("b16 word store at 0xffff", 13, 0);
    ED_EXPECT(0x30, "2:\tmovb 0x10000, %%al");
    expect("b16 byte at 0x10000", 13, 0);
    /* 32-bit: 0x1000 .. 0xFFFFFFFF */
    ED_EXPECT(0x38, "2:\tmovzbl 0x10000, %%eax\n\tmovl %%eax, %%ss:value");
    expect("b32 byte at 0x10000", 0xffffffffu, 0);
    CHECK_EQ(value, 0x33);
    ED_EXPECT(0x38, "2:\tmovl 0x0ffd, %%eax");
    expect("b32 dword at 0x0ffd", 13, 0);
    ED_EXPECT(0x38, "movl $0xfffffffe, %%edx\n2:\tmovl (%%edx), %%eax");
    expect("b32 dword at 0xfffffffe", 13, 0);
    ED_EXPECT(0x38, "movl $0x1000, %%ecx\n2:\tmovl $0x44, (%%ecx)\n\t"
                    "movl %%ss:ebuf, %%eax\n\tmovl %%eax, %%ss:value");
    expect("b32 dword store at 0x1000", 0xffffffffu, 0);
    CHECK_EQ(value, 0x44);

    /* the stack, from ring 3 */
    stk_top = (uint32_t)stk + 4096 + 8;
    pm_enter_user(user_stack, pm_user_stack(), 0x0002);
    pm_report("push below an expand-down stack");
    CHECK_EQ(pm_last_vec, 12);
    CHECK_EQ(pm_last_err, 0);
    CHECK_EQ(pm_last_eip, want_eip);
    CHECK_EQ(pm_last_ss, 0x5b);
    CHECK_EQ(pm_last_esp, (uint32_t)stk + 4096);
    guest_printf("esp unchanged: %d, top of stack %x\n", esp_at_fault == esp_before, value);
    CHECK_EQ(esp_at_fault, esp_before);
    CHECK_EQ(value, 0x22);
    return guest_result("pm_expand_down");
}
