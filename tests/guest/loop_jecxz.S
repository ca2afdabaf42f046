/*
 * loop_jecxz.S - LOOP (E2 cb) and JECXZ (E3 cb).
 *
 * SDM vol. 2 "LOOP": ECX is decremented first, then the branch is taken if
 * ECX != 0; no flag is read or written (so a flag set before the loop must
 * survive it). JECXZ tests ECX without changing it or any flag. Also the
 * 0x66-less 32-bit forms only: the address-size prefix (CX) is outside the
 * guest contract.
 */
#include "asmcheck.h"

    .text
    .globl main
main:
    pushl %ebx
    pushl %esi
    pushl %edi
    pushl $title
    call guest_puts
    addl $4, %esp

    /* count iterations: 1000 */
    movl $1000, %ecx
    xorl %eax, %eax
1:  incl %eax
    loop 1b
    CHECK_EQ_REG %eax, $1000
    CHECK_EQ_REG %ecx, $0

    /* ECX = 1: body once, falls through with ECX = 0 */
    movl $1, %ecx
    xorl %eax, %eax
2:  incl %eax
    loop 2b
    CHECK_EQ_REG %eax, $1

    /* LOOP keeps the flags: set CF and ZF, loop, test them */
    movl $5, %ecx
    xorl %eax, %eax              /* ZF = 1 */
    stc                          /* CF = 1 */
3:  loop 3b
    jnc 90f
    jnz 90f
    jmp 4f
90: movl $1, %eax
    CHECK_EQ_REG %eax, $0        /* flags were clobbered */
4:
    /* JECXZ taken with ECX = 0 and not taken otherwise, ECX unchanged */
    xorl %ecx, %ecx
    movl $1, %eax
    jecxz 5f
    movl $0, %eax
5:  CHECK_EQ_REG %eax, $1
    movl $0x80000000, %ecx
    movl $1, %eax
    jecxz 6f
    movl $2, %eax
6:  CHECK_EQ_REG %eax, $2
    CHECK_EQ_REG %ecx, $0x80000000
    /* JECXZ as the guard of a loop that may run zero times */
    xorl %ecx, %ecx
    xorl %eax, %eax
    jecxz 8f
7:  incl %eax
    loop 7b
8:  CHECK_EQ_REG %eax, $0

    /* nested LOOPs with ECX saved: 20 x 30 */
    xorl %eax, %eax
    movl $20, %ecx
10: pushl %ecx
    movl $30, %ecx
11: addl %ecx, %eax
    loop 11b
    popl %ecx
    loop 10b
    CHECK_EQ_REG %eax, $9300     /* 20 * (30 * 31 / 2) */
    pushl %eax
    pushl $fmt
    call guest_printf
    addl $8, %esp

    pushl $name
    call guest_result
    addl $4, %esp
    popl %edi
    popl %esi
    popl %ebx
    ret

    .section .rodata
title: .asciz "loop_jecxz: LOOP JECXZ\n"
fmt:   .asciz "nested sum %d\n"
name:  .asciz "loop_jecxz"
