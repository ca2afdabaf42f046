/*
 * rm_ip_wrap.S - instruction fetch at the top of a real-mode code segment
 * with the usual limit 0xFFFF, from reset (-bios rm_ip_wrap.rom):
 *   - an instruction that crosses offset 0xFFFF raises #GP(0) (interrupt
 *     13 through the IVT; SDM vol. 3, 20.1.1 and the instructions'
 *     real-address-mode exceptions: "#GP if ... beyond the CS limit"),
 *     with CS:IP of that instruction pushed and nothing done: as the first
 *     instruction of a block and after others;
 *   - an instruction that ends exactly at 0xFFFF is followed by the one at
 *     offset 0: the 16-bit IP wraps (measured on 286 to Pentium hardware
 *     by OS/2 Museum, "Does (E)IP wrap around in 16-bit segments?"; the
 *     SDM says nothing of it);
 *   - a far JMP, far CALL, far RET or IRET with a 32-bit operand size to
 *     offset 0x10000 raises #GP(0) at the transfer, with SP as before it
 *     (SDM JMP, CALL, RET, IRET: "IF tempEIP not within code segment
 *     limit THEN #GP(0)"), not at the target.
 * The bytes at F000:FFFC-FFFF (the reset vector's far jump, dead once
 * run) are rewritten for each case: the F-segment copy is a writable
 * shadow, as rom_reset checks.
 *
 * QEMU 7.2 checks no CS limit in real mode and does not wrap IP
 * (NAME.no-qemu): the program checks its answers and exits with 1 if one
 * is wrong.
 */
    .code16
    .text
    .globl _start
_start:
wrap_target:                  /* offset 0: where IP lands after 0xFFFF */
    jmp *%di

#include "lib/rom16.inc"

/* the results of a case, in RAM at 0:0x500 */
GP_COUNT = 0x500
GP_IP    = 0x502
GP_CS    = 0x504
GP_AX    = 0x506
GP_SP    = 0x508

/* INT 13 (#GP): record IP, CS and AX, drop the frame, continue at DI */
gp_handler:
    movw %ax, GP_AX
    movw %sp, %bp
    movw (%bp), %ax
    movw %ax, GP_IP
    movw 2(%bp), %ax
    movw %ax, GP_CS
    leaw 6(%bp), %ax
    movw %ax, GP_SP
    incw GP_COUNT
    addw $6, %sp
    jmp *%di

/* write the dword in EDX at F000:FFFC, clear the results, AX = 0x1000,
 * DI = the continuation in BX, then jump to F000:CX */
run_case:
    movl %edx, %es:0xfffc
    movw $0, GP_COUNT
    movw $0, GP_IP
    movw $0, GP_CS
    movw $0, GP_AX
    movw $0x1000, %ax
    movw %bx, %di
    jmp *%cx

/* print "label: count N ip IIII ax AAAA" for the case at SI; the final AX
 * in DX */
case_report:
    call puts
    movw GP_COUNT, %ax
    movw $msg_count, %si
    call report
    movw GP_IP, %ax
    movw $msg_ip, %si
    call report
    movw GP_CS, %ax
    movw $msg_cs, %si
    call report
    movw %dx, %ax
    movw $msg_ax, %si
    jmp report

/* a far transfer at BX to F000:00010000 ran with SP = 0x7000 - DX: print
 * the case at SI; #GP once, at BX, with that SP, or fail; clear results */
far_report:
    call puts
    movw GP_COUNT, %ax
    movw $msg_count, %si
    call report
    movw GP_IP, %ax
    movw $msg_ip, %si
    call report
    movw GP_SP, %ax
    movw $msg_sp, %si
    call report
    cmpw $1, GP_COUNT
    jne bad
    cmpw %bx, GP_IP
    jne bad
    movw $0x7000, %ax
    subw %dx, %ax
    cmpw %ax, GP_SP
    jne bad
    movw $0, GP_COUNT
    movw $0, GP_IP
    movw $0, GP_SP
    ret

start:
    xorw %ax, %ax
    movw %ax, %ss
    movw $0x7000, %sp
    movw %ax, %ds
    movw $0xf000, %ax
    movw %ax, %es
    movw $gp_handler, 13 * 4
    movw %cs, 13 * 4 + 2
    movw $msg_hello, %si
    call puts

    /* 1. MOV AX, imm16 (B8) at FFFF, jumped to: its immediate is past the
     * limit, #GP at F000:FFFF, AX unchanged */
    movl $0xb8909090, %edx
    movw $0xffff, %cx
    movw $1f, %bx
    jmp run_case
1:  movw GP_AX, %dx
    movw $msg_case1, %si
    call case_report
    cmpw $1, GP_COUNT
    jne bad
    cmpw $0xffff, GP_IP
    jne bad
    cmpw $0xf000, GP_CS
    jne bad
    cmpw $0x1000, GP_AX
    jne bad

    /* 2. the same after three NOPs at FFFC-FFFE (one block) */
    movl $0xb8909090, %edx
    movw $0xfffc, %cx
    movw $1f, %bx
    jmp run_case
1:  movw GP_AX, %dx
    movw $msg_case2, %si
    call case_report
    cmpw $1, GP_COUNT
    jne bad
    cmpw $0xffff, GP_IP
    jne bad
    cmpw $0x1000, GP_AX
    jne bad

    /* 3. INC AX, INC AX, MOV AL, 0xB8 at FFFC-FFFF: no fault, IP wraps to
     * 0, where JMP *DI continues: AX = 0x10B8 */
    movl $0xb8b04040, %edx
    movw $0xfffc, %cx
    movw $1f, %bx
    jmp run_case
1:  movw %ax, %dx
    movw $msg_case3, %si
    call case_report
    cmpw $0, GP_COUNT
    jne bad
    cmpw $0x10b8, %dx
    jne bad

    /* 4. INC AX alone at FFFF, jumped to: IP wraps to 0, AX = 0x1001 */
    movl $0x40909090, %edx
    movw $0xffff, %cx
    movw $1f, %bx
    jmp run_case
1:  movw %ax, %dx
    movw $msg_case4, %si
    call case_report
    cmpw $0, GP_COUNT
    jne bad
    cmpw $0x1001, %dx
    jne bad

    /* 5-8. far transfers with a 32-bit operand size to F000:00010000 */
    movw $0, GP_COUNT
    movw $1f, %di
far_jmp:
    ljmpl $0xf000, $0x10000
1:  movw $msg_case5, %si
    movw $far_jmp, %bx
    xorw %dx, %dx
    call far_report

    movw $1f, %di
far_call:
    lcalll $0xf000, $0x10000
1:  movw $msg_case6, %si
    movw $far_call, %bx
    xorw %dx, %dx
    call far_report

    movw $1f, %di
    pushl $0xf000
    pushl $0x10000
far_ret:
    lretl
1:  addw $8, %sp
    movw $msg_case7, %si
    movw $far_ret, %bx
    movw $8, %dx
    call far_report

    movw $1f, %di
    pushfl
    pushl $0xf000
    pushl $0x10000
far_iret:
    iretl
1:  addw $12, %sp
    movw $msg_case8, %si
    movw $far_iret, %bx
    movw $12, %dx
    call far_report

    movw $msg_pass, %si
    call puts
    movb $0, %al
    outb %al, $0xf4
    hlt

bad:
    movw $msg_fail, %si
    jmp fail

msg_hello:  .asciz "rm_ip_wrap: running from F000\n"
msg_case1:  .asciz "mov ax, imm16 at ffff\n"
msg_case2:  .asciz "nop x3 at fffc, mov ax, imm16 at ffff\n"
msg_case3:  .asciz "inc ax x2, mov al, imm8 at fffc-ffff\n"
msg_case4:  .asciz "inc ax at ffff\n"
msg_case5:  .asciz "ljmpl to f000:00010000\n"
msg_case6:  .asciz "lcalll to f000:00010000\n"
msg_case7:  .asciz "lretl to f000:00010000\n"
msg_case8:  .asciz "iretl to f000:00010000\n"
msg_count:  .asciz "  int 13 count "
msg_ip:     .asciz "  int 13 ip "
msg_cs:     .asciz "  int 13 cs "
msg_ax:     .asciz "  ax "
msg_sp:     .asciz "  int 13 sp "
msg_fail:   .asciz "rm_ip_wrap: FAIL\n"
msg_pass:   .asciz "rm_ip_wrap: PASS\n"

    .org 0xfff0
reset_vector:
    ljmp $0xf000, $start
    .org 0x10000
