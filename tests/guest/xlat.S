/*
 * xlat.S - XLAT (D7): AL = [EBX + zero-extended AL].
 *
 * AL is an unsigned index (0x80..0xFF reach the upper half of the table,
 * not below EBX), and only AL changes. A 256-byte table maps i to
 * (i * 13 + 7) & 0xFF; a segment-override form (26 D7, ES:) reads the
 * same flat memory. The test then "encrypts" a string through the table
 * and back through the inverse table, which XLAT builds itself.
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

    /* table[i] = i * 13 + 7 (a permutation of 0..255: 13 is odd) */
    xorl %ecx, %ecx
1:  imull $13, %ecx, %eax
    addl $7, %eax
    movb %al, table(%ecx)
    incl %ecx
    cmpl $256, %ecx
    jne 1b

    movl $table, %ebx
    movl $0xdeadbe00, %eax       /* AL = 0 */
    xlat                         /* d7 */
    CHECK_EQ_REG %eax, $0xdeadbe07
    movl $0x123456ff, %eax       /* AL = 0xff: index 255, not -1 */
    xlat
    CHECK_EQ_REG %eax, $0x123456fa /* 255 * 13 + 7 = 3322 = 0xcfa */
    movl $0x00000080, %eax
    .byte 0x26, 0xd7             /* es xlat */
    CHECK_EQ_REG %eax, $0x00000087 /* 128 * 13 + 7 = 1671 = 0x687 */

    /* inverse table: inv[table[i]] = i, built with xlat */
    xorl %ecx, %ecx
2:  movl %ecx, %eax
    xlat
    movzbl %al, %edx
    movb %cl, inverse(%edx)
    incl %ecx
    cmpl $256, %ecx
    jne 2b

    /* encode the message, print as hex, decode, compare */
    movl $msg, %esi
    movl $buf, %edi
3:  lodsb
    testb %al, %al
    jz 4f
    movl $table, %ebx
    xlat
    stosb
    jmp 3b
4:  movb $0, (%edi)
    movl $buf, %esi
5:  movzbl (%esi), %eax
    testl %eax, %eax
    jz 6f
    pushl $2
    pushl %eax
    call guest_put_hex
    addl $8, %esp
    incl %esi
    jmp 5b
6:  pushl $10
    call guest_putc
    addl $4, %esp
    movl $buf, %esi
    movl $inverse, %ebx
7:  movb (%esi), %al
    testb %al, %al
    jz 8f
    xlat
    movb %al, (%esi)
    incl %esi
    jmp 7b
8:  pushl $msg
    pushl $buf
    call strcmp
    addl $8, %esp
    CHECK_EQ_REG %eax, $0

    pushl $name
    call guest_result
    addl $4, %esp
    popl %edi
    popl %esi
    popl %ebx
    ret

    .section .rodata
title: .asciz "xlat: XLAT\n"
msg:   .asciz "pcemu translates XLAT"
name:  .asciz "xlat"

    .bss
table:   .skip 256
inverse: .skip 256
buf:     .skip 64
