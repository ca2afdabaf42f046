/*
 * enter_leave.S - ENTER (C8 iw ib) with nesting levels 0, 1, 2 and 3, and
 * LEAVE (C9).
 *
 * SDM vol. 2 "ENTER": push EBP; frame = ESP; for level L > 0 copy L-1
 * frame pointers from the old frame ([EBP-4], [EBP-8], ...) and then push
 * frame; EBP = frame; ESP -= size. The nested form is rare (Pascal-style
 * displays) and easy to get subtly wrong, hence three levels. LEAVE is
 * ESP = EBP; pop EBP. Level is taken modulo 32.
 */
#include "asmcheck.h"

    .text
    .globl main
main:
    pushl %ebp
    pushl %ebx
    pushl %esi
    pushl %edi
    pushl $title
    call guest_puts
    addl $4, %esp

    /* level 0: a plain frame with 16 bytes of locals */
    movl %esp, %esi              /* ESP before */
    movl $0x1234abcd, %ebp
    enter $16, $0                /* c8 10 00 00 */
    leal -4(%esi), %eax
    CHECK_EQ_REG %ebp, %eax      /* EBP = address of the saved EBP */
    leal -20(%esi), %eax
    CHECK_EQ_REG %esp, %eax
    movl (%ebp), %eax
    CHECK_EQ_REG %eax, $0x1234abcd
    leave                        /* c9 */
    CHECK_EQ_REG %esp, %esi
    CHECK_EQ_REG %ebp, $0x1234abcd

    /* level 1: frame pointer pushed once, after the saved EBP */
    movl $0x55aa55aa, %ebp
    enter $8, $1                 /* c8 08 00 01 */
    leal -4(%esi), %eax
    CHECK_EQ_REG %ebp, %eax
    movl -4(%ebp), %eax          /* the new frame pointer itself */
    CHECK_EQ_REG %eax, %ebp
    leal -16(%esi), %eax         /* 4 (ebp) + 4 (frame) + 8 */
    CHECK_EQ_REG %esp, %eax
    leave
    CHECK_EQ_REG %esp, %esi
    CHECK_EQ_REG %ebp, $0x55aa55aa

    /* levels 2 and 3: build an outer frame whose display the inner copies */
    movl $0x0badf00d, %ebp
    enter $4, $1                 /* outer: [ebp-4] = outer frame */
    movl %ebp, %edi              /* EDI = outer frame */
    enter $4, $2                 /* c8 04 00 02 */
    /* new frame: [ebp] = outer ebp, [ebp-4] = copy of outer's [ebp-4],
     * [ebp-8] = this frame */
    movl (%ebp), %eax
    CHECK_EQ_REG %eax, %edi
    movl -4(%ebp), %eax
    CHECK_EQ_REG %eax, %edi
    movl -8(%ebp), %eax
    CHECK_EQ_REG %eax, %ebp
    leal -12(%ebp), %eax
    CHECK_EQ_REG %esp, %eax
    movl %ebp, %ebx              /* EBX = level-2 frame */
    enter $0, $3                 /* c8 00 00 03 */
    movl -4(%ebp), %eax          /* copied: [ebx-4], [ebx-8] */
    CHECK_EQ_REG %eax, %edi
    movl -8(%ebp), %eax
    CHECK_EQ_REG %eax, %ebx
    movl -12(%ebp), %eax
    CHECK_EQ_REG %eax, %ebp
    leal -12(%ebp), %eax
    CHECK_EQ_REG %esp, %eax
    leave
    CHECK_EQ_REG %ebp, %ebx
    leave
    CHECK_EQ_REG %ebp, %edi
    leave
    CHECK_EQ_REG %ebp, $0x0badf00d
    CHECK_EQ_REG %esp, %esi

    /* level 33 = level 1 (masked to 5 bits) */
    enter $0, $33                /* c8 00 00 21 */
    leal -8(%esi), %eax
    CHECK_EQ_REG %esp, %eax
    leave
    CHECK_EQ_REG %esp, %esi

    /* gcc-style use: a function with a frame, called recursively */
    pushl $10
    call sum_frames
    addl $4, %esp
    CHECK_EQ_REG %eax, $55
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
    popl %ebp
    ret

/* sum_frames(n) = n + sum_frames(n-1), locals in an ENTER frame */
sum_frames:
    enter $8, $0
    movl 8(%ebp), %eax
    movl %eax, -4(%ebp)
    testl %eax, %eax
    jz 1f
    decl %eax
    pushl %eax
    call sum_frames
    addl $4, %esp
    addl -4(%ebp), %eax
1:  leave
    ret

    .section .rodata
title: .asciz "enter_leave: ENTER levels 0-3, LEAVE\n"
fmt:   .asciz "sum_frames(10) = %d\n"
name:  .asciz "enter_leave"
