/*
 * pm_v86_cs_limit.c - the CS limit 0xFFFF of virtual-8086 mode (SDM vol.
 * 3, 20.1.1), each case a fresh entry from the ring-0 monitor (IOPL 3,
 * CS = DS = SS = 0x2000, SP = 0xF000):
 *   - an instruction crossing offset 0xFFFF raises #GP(0) to the monitor
 *     with CS:EIP of that instruction and nothing done (as the first
 *     instruction of a block and after others); one that ends exactly at
 *     0xFFFF is followed by the one at offset 0 (IP wraps, as measured on
 *     hardware: see rm_ip_wrap.S);
 *   - a 16-bit near branch whose target passes 0xFFFF wraps to the bottom
 *     of the segment; with a 32-bit operand size it raises #GP(0) at the
 *     branch;
 *   - far JMP/CALL (ptr16:32 and m16:32), far RET (with and without an
 *     immediate) and IRET to offset 0x10000, and near JMP/CALL/RET with a
 *     32-bit operand size to it, raise #GP(0) at the transfer with SP as
 *     before it: nothing pushed, nothing popped (SDM JMP, CALL, RET, IRET:
 *     "IF tempEIP not within code segment limit THEN #GP(0)"); a far RET
 *     to 0xFFFF, the limit itself, is fine.
 * Offset 0 of the segment stores AX at 0xE000 and leaves (INT 0x81);
 * offset 5 increments AX first.
 *
 * QEMU 7.2 checks no CS limit in virtual-8086 mode and does not wrap IP
 * (.no-qemu): the answers are checked below.
 */
#include "pm_v86.h"

#define V86_SP     0xf000
#define V86_RESULT 0xe000 /* AX stored by offset 0 */

static volatile uint32_t gp_count, gp_eip, gp_cs, gp_err, gp_sp, gp_ax;

static int hook(PMFrame *f)
{
    if (f->vec != 13 || !(f->eflags & 0x20000)) {
        return 0;
    }
    gp_count++;
    gp_eip = f->eip;
    gp_cs = f->cs;
    gp_err = f->err;
    gp_sp = f->esp;
    gp_ax = f->eax & 0xffff;
    pm_leave(f);
    return 1;
}

__asm__(".text\n.code16\n"
        "v86_start:\n"
        /* 0: movw %ax, 0xE000; int $0x81. 5: incw %ax; jmp 0 */
        "\t.byte 0xa3, 0x00, 0xe0, 0xcd, 0x81, 0x40, 0xeb, 0xf8\n"
        "v86_ljmp_ptr:\n"
        "\tljmpl $0x2000, $0x10000\n"
        "v86_ljmp_mem:\n"
        "\tljmpl *(v86_ptr - v86_start)\n"
        "v86_lcall_ptr:\n"
        "\tlcalll $0x2000, $0x10000\n"
        "v86_lcall_mem:\n"
        "\tlcalll *(v86_ptr - v86_start)\n"
        "v86_lret_pre:\n"
        "\tpushl $0x2000\n\tpushl $0x10000\n"
        "v86_lret:\n"
        "\tlretl\n"
        "v86_lret_imm_pre:\n"
        "\tpushl $0x2000\n\tpushl $0x10000\n"
        "v86_lret_imm:\n"
        "\tlretl $4\n"
        "v86_iret_pre:\n"
        "\tpushfl\n\tpushl $0x2000\n\tpushl $0x10000\n"
        "v86_iret:\n"
        "\tiretl\n"
        "v86_jmp_rel:\n"
        "\t.byte 0x66, 0xe9\n\t.long 0x10000 - (v86_jmp_rel + 6 - v86_start)\n"
        "v86_call_rel:\n"
        "\t.byte 0x66, 0xe8\n\t.long 0x10000 - (v86_call_rel + 6 - v86_start)\n"
        "v86_jmp_ind_pre:\n"
        "\tmovl $0x10000, %ebx\n"
        "v86_jmp_ind:\n"
        "\tjmpl *%ebx\n"
        "v86_call_ind_pre:\n"
        "\tmovl $0x10000, %ebx\n"
        "v86_call_ind:\n"
        "\tcalll *%ebx\n"
        "v86_ret_pre:\n"
        "\tpushl $0x10000\n"
        "v86_ret:\n"
        "\tretl\n"
        "v86_lret_top:\n" /* to 2000:FFFF, where INC AX waits */
        "\tmovw $0x1000, %ax\n"
        "\tpushl $0x2000\n\tpushl $0xffff\n"
        "\tlretl\n"
        "v86_ptr:\n"
        "\t.long 0x10000\n\t.word 0x2000\n"
        "v86_end:\n.code32\n");

extern char v86_start[], v86_end[], v86_ljmp_ptr[], v86_ljmp_mem[], v86_lcall_ptr[],
    v86_lcall_mem[], v86_lret_pre[], v86_lret[], v86_lret_imm_pre[], v86_lret_imm[], v86_iret_pre[],
    v86_iret[], v86_jmp_rel[], v86_call_rel[], v86_jmp_ind_pre[], v86_jmp_ind[], v86_call_ind_pre[],
    v86_call_ind[], v86_ret_pre[], v86_ret[], v86_lret_top[];

/* One case: the bytes tail[] end at 2000:FFFF (NOPs before them); enter
 * at ip (0: at tail[0]); expect #GP(0) at gp_ip with SP gp_sp and AX ax
 * (if not 0), or, with gp_ip 0, no #GP and AX stored by offset 0. */
typedef struct V86Case {
    const char *name;
    const uint8_t *tail;
    int ntail;
    uint16_t ip, gp_ip, gp_sp, ax;
} V86Case;

static uint16_t off(const char *label)
{
    return (uint16_t)(label - v86_start);
}

static int run_case(const V86Case *c)
{
    volatile uint8_t *top = (volatile uint8_t *)(PM_V86_BASE + 0xfff0);
    for (int i = 0; i < 16; i++) {
        top[i] = i < 16 - c->ntail ? 0x90 : c->tail[i - (16 - c->ntail)];
    }
    *(volatile uint16_t *)(PM_V86_BASE + V86_RESULT) = 0;
    gp_count = 0;
    gp_eip = gp_cs = gp_err = gp_sp = gp_ax = 0;
    uint16_t ip = c->ip ? c->ip : (uint16_t)(0x10000 - c->ntail);
    pm_enter_v86(PM_V86_SEG, ip, PM_V86_SEG, V86_SP, 0x3002);
    uint16_t stored = *(volatile uint16_t *)(PM_V86_BASE + V86_RESULT);
    if (gp_count) {
        guest_printf("%s: #GP(%x) at %x:%x, sp %x, ax %x\n", c->name, gp_err, gp_cs, gp_eip, gp_sp,
                     gp_ax);
    } else {
        guest_printf("%s: no #GP, ax %x\n", c->name, stored);
    }
    if (c->gp_ip) {
        return gp_count == 1 && gp_err == 0 && gp_cs == PM_V86_SEG && gp_eip == c->gp_ip &&
               gp_sp == c->gp_sp && (c->ax == 0 || gp_ax == c->ax);
    }
    return gp_count == 0 && stored == c->ax;
}

/* mov ax, 0x1000 (FFFA); nop; nop; mov ax, imm16 at FFFF: crosses */
static const uint8_t crossing[] = {0xb8, 0x00, 0x10, 0x90, 0x90, 0xb8};
/* mov ax, 0x1000; jmp short FFFF (a new block); mov ax, imm16 at FFFF */
static const uint8_t crossing_first[] = {0xb8, 0x00, 0x10, 0xeb, 0x00, 0xb8};
/* mov ax, 0x1000; inc ax; mov al, 0xB8 at FFFE-FFFF: IP wraps to 0 */
static const uint8_t ends_at_top[] = {0xb8, 0x00, 0x10, 0x40, 0xb0, 0xb8};
/* mov ax, 0x1000; jmp short FFFF; inc ax at FFFF: IP wraps to 0 */
static const uint8_t inc_at_top[] = {0xb8, 0x00, 0x10, 0xeb, 0x00, 0x40};
/* mov ax, 0x1000 (FFF7); nop; nop; jmp short +7 at FFFC: (FFFE + 7) & 0xFFFF = 5 */
static const uint8_t jmp16_wraps[] = {0xb8, 0x00, 0x10, 0x90, 0x90, 0xeb, 0x07, 0x90, 0x90};
/* mov ax, 0x1000 (FFF7); nop; o32 jmp short +6 at FFFB: FFFE + 6 = 0x10004 */
static const uint8_t jmp32_past[] = {0xb8, 0x00, 0x10, 0x90, 0x66, 0xeb, 0x06, 0x90, 0x90};
/* inc ax at FFFF, reached by a far RET */
static const uint8_t inc_ffff[] = {0x40};

#define TAIL(a) a, (int)sizeof(a)

int main(void)
{
    guest_puts("pm_v86_cs_limit\n");
    pm_init();
    pm_hook = hook;
    memcpy((void *)PM_V86_BASE, v86_start, (size_t)(v86_end - v86_start));
    const V86Case cases[] = {
        {"crossing 0xffff, first in block", TAIL(crossing_first), 0, 0xffff, V86_SP, 0x1000},
        {"crossing 0xffff, after others", TAIL(crossing), 0, 0xffff, V86_SP, 0x1000},
        {"ending at 0xffff, after others", TAIL(ends_at_top), 0, 0, 0, 0x10b8},
        {"ending at 0xffff, first in block", TAIL(inc_at_top), 0, 0, 0, 0x1001},
        {"jmp rel8 past 0xffff wraps", TAIL(jmp16_wraps), 0, 0, 0, 0x1001},
        {"o32 jmp rel8 past 0xffff", TAIL(jmp32_past), 0, 0xfffb, V86_SP, 0x1000},
        {"ljmp ptr16:32 to 0x10000", NULL, 0, off(v86_ljmp_ptr), off(v86_ljmp_ptr), V86_SP, 0},
        {"ljmp m16:32 to 0x10000", NULL, 0, off(v86_ljmp_mem), off(v86_ljmp_mem), V86_SP, 0},
        {"lcall ptr16:32 to 0x10000", NULL, 0, off(v86_lcall_ptr), off(v86_lcall_ptr), V86_SP, 0},
        {"lcall m16:32 to 0x10000", NULL, 0, off(v86_lcall_mem), off(v86_lcall_mem), V86_SP, 0},
        {"lret to 0x10000", NULL, 0, off(v86_lret_pre), off(v86_lret), V86_SP - 8, 0},
        {"lret $4 to 0x10000", NULL, 0, off(v86_lret_imm_pre), off(v86_lret_imm), V86_SP - 8, 0},
        {"iret to 0x10000", NULL, 0, off(v86_iret_pre), off(v86_iret), V86_SP - 12, 0},
        {"o32 jmp rel32 to 0x10000", NULL, 0, off(v86_jmp_rel), off(v86_jmp_rel), V86_SP, 0},
        {"o32 call rel32 to 0x10000", NULL, 0, off(v86_call_rel), off(v86_call_rel), V86_SP, 0},
        {"jmp r32 to 0x10000", NULL, 0, off(v86_jmp_ind_pre), off(v86_jmp_ind), V86_SP, 0},
        {"call r32 to 0x10000", NULL, 0, off(v86_call_ind_pre), off(v86_call_ind), V86_SP, 0},
        {"o32 ret to 0x10000", NULL, 0, off(v86_ret_pre), off(v86_ret), V86_SP - 4, 0},
        {"lret to 0xffff", TAIL(inc_ffff), off(v86_lret_top), 0, 0, 0x1001},
    };
    int ok = 1;
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (!run_case(&cases[i])) {
            guest_printf("  wrong\n");
            ok = 0;
        }
    }
    CHECK(ok);
    return guest_result("pm_v86_cs_limit");
}
