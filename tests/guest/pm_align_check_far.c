/*
 * pm_align_check_far.c - #AC (SDM vol. 3, 6.15 "Interrupt 17") on the
 * data and stack accesses the CPU makes inside far transfers and
 * descriptor-table stores at CPL 3, with CR0.AM and EFLAGS.AC set
 * (pm_align_check covers ModRM operands, PUSH/POP and string elements):
 *   - far CALL, far RET, IRET, ENTER and a call gate to the same level
 *     with ESP = 2 mod 4: the first dword slot raises #AC(0) at the
 *     instruction, ESP unchanged;
 *   - a call gate to ring 0: its pushes go to the ring-0 stack (no
 *     check), but its parameter is read from the caller's stack while
 *     CPL is still 3 (the SDM's CALL pseudocode changes CPL after the
 *     copy): #AC(0) with one parameter, none with zero;
 *   - INT n through a gate to ring-3 code: the frame goes on the current
 *     stack, #AC(0); to a ring-0 handler: the ring-0 stack, no #AC;
 *   - #UD delivered to a ring-3 handler on that stack: #AC with EXT set
 *     (error code 1), EIP at the UD2;
 *   - SGDT/SIDT store an aligned word, then an aligned dword (SDM vol. 3,
 *     3.5.1): only an operand at an address 2 mod 4 passes;
 *   - BOUND reads two dwords: a misaligned operand raises #AC(0).
 * The same transfers with an aligned stack complete.
 *
 * QEMU does not model alignment checking (NAME.no-qemu): the test checks
 * its own answers.
 */
#include "pm.h"

#define SEL_GATE3  0x30 /* call gate DPL3 -> SEL_UCODE:far3 (same level) */
#define SEL_GATE0  0x38 /* call gate DPL3 -> SEL_KCODE:far0, no parameter */
#define SEL_GATE0P 0x40 /* call gate DPL3 -> SEL_KCODE:far0p, one parameter */
#define VEC_USER   0x31 /* trap gate DPL3 -> SEL_UCODE:int3_iret */
#define NCASES     21

uint8_t abuf[64] __attribute__((aligned(16)));
volatile uint32_t saved_esp, esp_base, esp_after;
volatile uint32_t res[NCASES][4];

/* ring-3 targets, and the ring-0 ones of the inter-level gates */
__asm__(".text\n"
        "far3:\n\tlret\n"
        "int3_iret:\n\tiret\n"
        "ud3:\n\taddl $2, (%esp)\n\tiret\n"
        "far0:\n\tlret\n"
        "far0p:\n\tlret $4\n");

/* One case at CPL 3: ECX = abuf; insns (f_NAME marks the instruction
 * expected to fault) run from an aligned ESP (esp_base); ESP is recorded
 * after the resume and restored. */
#define AC_CASE(name, insns)                                                                       \
    __asm__ volatile("movl %%esp, saved_esp\n\tmovl $1f, pm_resume\n\t"                            \
                     "andl $~15, %%esp\n\tsubl $64, %%esp\n\tmovl %%esp, esp_base\n\t"             \
                     "movl $abuf, %%ecx\n\t" insns "\n\tmovl $0, pm_resume\n"                      \
                     "1:\tmovl %%esp, esp_after\n\tmovl saved_esp, %%esp\n"                        \
                     :                                                                             \
                     :                                                                             \
                     : "eax", "ecx", "edx", "esi", "edi", "memory")

/* ESP = 2 mod 4 without a stack access */
#define MISALIGN "subl $2, %%esp\n\t"
/* Store the dword in EAX at disp(ESP) as two words (ESP = 2 mod 4) */
#define STW(disp)                                                                                  \
    "movw %%ax, " #disp "(%%esp)\n\tshrl $16, %%eax\n\tmovw %%ax, " #disp "+2(%%esp)\n\t"

extern char f_lcall[], f_lret[], f_iret[], f_enter[], f_gate3[], f_gate0p[], f_int_user[];
extern char f_ud[], f_sgdt0[], f_sgdt1[], f_sidt3[], f_bound[];

static void rec(int i)
{
    res[i][0] = pm_last_vec;
    res[i][1] = pm_last_err;
    res[i][2] = pm_last_eip;
    res[i][3] = esp_after - esp_base;
    pm_last_vec = 0xffffffffu;
}

static uint32_t user(void)
{
    pm_last_vec = 0xffffffffu;
    AC_CASE(lcall, MISALIGN "f_lcall:\tlcall $0x1b, $far3");
    rec(0);
    AC_CASE(lcall_ok, "lcall $0x1b, $far3");
    rec(1);
    /* valid frames written with word stores: without #AC, far RET and IRET resume at 2: */
    // clang-format off
    AC_CASE(lret, MISALIGN "movl $2f, %%eax\n\t" STW(0)
                  "movl $0x1b, %%eax\n\t" STW(4)
                  "f_lret:\tlret\n2:");
    rec(2);
    AC_CASE(lret_ok, "pushl $0x1b\n\tpushl $2f\n\tlret\n2:");
    rec(3);
    AC_CASE(iret, "pushfl\n\tpopl %%edx\n\t" MISALIGN
                  "movl $2f, %%eax\n\t" STW(0)
                  "movl $0x1b, %%eax\n\t" STW(4)
                  "movl %%edx, %%eax\n\t" STW(8)
                  "f_iret:\tiret\n2:");
    // clang-format on
    rec(4);
    AC_CASE(iret_ok, "pushfl\n\tpushl $0x1b\n\tpushl $2f\n\tiret\n2:");
    rec(5);
    AC_CASE(enter, MISALIGN "f_enter:\tenter $0, $0");
    rec(6);
    AC_CASE(gate3, MISALIGN "f_gate3:\tlcall $0x33, $0");
    rec(7);
    AC_CASE(gate3_ok, "lcall $0x33, $0");
    rec(8);
    AC_CASE(gate0, MISALIGN "lcall $0x3b, $0");
    rec(9);
    AC_CASE(gate0p, MISALIGN "f_gate0p:\tlcall $0x43, $0");
    rec(10);
    AC_CASE(gate0p_ok, "pushl $0\n\tlcall $0x43, $0");
    rec(11);
    AC_CASE(int_user, MISALIGN "f_int_user:\tint $0x31");
    rec(12);
    AC_CASE(int_user_ok, "int $0x31");
    rec(13);
    AC_CASE(int_kernel, MISALIGN "int $0x30");
    rec(14);
    /* #UD to a ring-3 handler: the gate of vector 6 is switched for this case */
    uint64_t g6 = pm_idt[6];
    extern char ud3[];
    pm_idt[6] = pm_gate(SEL_UCODE, (uint32_t)ud3, 14, 0, 0);
    AC_CASE(ud, MISALIGN "f_ud:\tud2");
    rec(15);
    pm_idt[6] = g6;
    AC_CASE(sgdt2, "sgdt 2(%%ecx)");
    rec(16);
    AC_CASE(sgdt0, "f_sgdt0:\tsgdt 4(%%ecx)");
    rec(17);
    AC_CASE(sgdt1, "f_sgdt1:\tsgdt 1(%%ecx)");
    rec(18);
    AC_CASE(sidt3, "f_sidt3:\tsidt 3(%%ecx)");
    rec(19);
    AC_CASE(bound, "xorl %%eax, %%eax\n\tmovl $0, 32(%%ecx)\n\tmovl $0, 36(%%ecx)\n\t"
                   "movl $0, 40(%%ecx)\n\tf_bound:\tboundl %%eax, 34(%%ecx)");
    rec(20);
    return 0;
}

int main(void)
{
    extern char far3[], int3_iret[], far0[], far0p[];
    guest_puts("pm_align_check_far\n");
    pm_init();
    pm_set_desc(SEL_GATE3, pm_gate(SEL_UCODE, (uint32_t)far3, 12, 3, 0));
    pm_set_desc(SEL_GATE0, pm_gate(SEL_KCODE, (uint32_t)far0, 12, 3, 0));
    pm_set_desc(SEL_GATE0P, pm_gate(SEL_KCODE, (uint32_t)far0p, 12, 3, 1));
    pm_set_gate(VEC_USER, pm_gate(SEL_UCODE, (uint32_t)int3_iret, 15, 3, 0));
    uint32_t cr0;
    __asm__ volatile("movl %%cr0, %0" : "=r"(cr0));
    __asm__ volatile("movl %0, %%cr0" : : "r"(cr0 | 0x40000u)); /* AM */
    pm_enter_user(user, pm_user_stack(), 0x40002);              /* EFLAGS.AC */
    __asm__ volatile("movl %0, %%cr0" : : "r"(cr0));

    /* name, expected vector (~0: none) and error code, ESP after the case
     * (from esp_base: -2 where it was misaligned and a fault left it), EIP */
    // clang-format off
    const struct { const char *name; uint32_t vec, err; int esp; const char *eip; } want[NCASES] = {
        {"far call, esp 2 mod 4",              17,  0, -2, f_lcall},
        {"far call, aligned",                  ~0u, 0,  0, NULL},
        {"far ret, esp 2 mod 4",               17,  0, -2, f_lret},
        {"far ret, aligned",                   ~0u, 0,  0, NULL},
        {"iret, esp 2 mod 4",                  17,  0, -2, f_iret},
        {"iret, aligned",                      ~0u, 0,  0, NULL},
        {"enter, esp 2 mod 4",                 17,  0, -2, f_enter},
        {"gate to cpl 3, esp 2 mod 4",         17,  0, -2, f_gate3},
        {"gate to cpl 3, aligned",             ~0u, 0,  0, NULL},
        {"gate to cpl 0, esp 2 mod 4",         ~0u, 0, -2, NULL},
        {"gate to cpl 0 + param, esp 2 mod 4", 17,  0, -2, f_gate0p},
        {"gate to cpl 0 + param, aligned",     ~0u, 0,  0, NULL},
        {"int to cpl 3, esp 2 mod 4",          17,  0, -2, f_int_user},
        {"int to cpl 3, aligned",              ~0u, 0,  0, NULL},
        {"int to cpl 0, esp 2 mod 4",          48,  0, -2, NULL},
        {"#UD to cpl 3, esp 2 mod 4",          17,  1, -2, f_ud}, /* EXT: delivering #UD */
        {"sgdt at 2 mod 4",                    ~0u, 0,  0, NULL},
        {"sgdt at 0 mod 4",                    17,  0,  0, f_sgdt0},
        {"sgdt at 1 mod 4",                    17,  0,  0, f_sgdt1},
        {"sidt at 3 mod 4",                    17,  0,  0, f_sidt3},
        {"bound at 2 mod 4",                   17,  0,  0, f_bound},
    };
    // clang-format on
    for (int i = 0; i < NCASES; i++) {
        if (res[i][0] == 0xffffffffu) {
            guest_printf("%s: no exception, esp %d\n", want[i].name, (int)res[i][3]);
        } else {
            guest_printf("%s: %s err=%04x eip ok %d, esp %d\n", want[i].name,
                         pm_vec_name(res[i][0]), res[i][1],
                         !want[i].eip || res[i][2] == (uint32_t)want[i].eip, (int)res[i][3]);
        }
        CHECK_EQ(res[i][0], want[i].vec);
        CHECK_EQ(res[i][3], (uint32_t)want[i].esp); /* a fault leaves ESP as it was */
        if (want[i].eip) {
            CHECK_EQ(res[i][1], want[i].err);
            CHECK_EQ(res[i][2], (uint32_t)want[i].eip);
        }
    }
    return guest_result("pm_align_check_far");
}
