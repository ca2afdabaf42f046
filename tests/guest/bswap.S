/*
 * bswap.S - BSWAP (0F C8+r) on every general register but ESP.
 *
 * Each register gets a distinct pattern, is byte-swapped once (and swapped
 * back in a second pass), and is compared with the expected value; the
 * register number is encoded in the opcode byte, so a decoder that ignores
 * the low three bits would swap the wrong register and this test notices.
 * Written in assembly so that register allocation cannot hide a register.
 * Output: one line per register, then PASS/FAIL; main returns 0 or 1.
 */
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

    movl $0x01020304, %eax
    movl $0x11121314, %ecx
    movl $0x21222324, %edx
    movl $0x31323334, %ebx
    movl $0x41424344, %esi
    movl $0x51525354, %edi
    movl $0x61626364, %ebp
    bswap %eax                   /* 0f c8 */
    bswap %ecx                   /* 0f c9 */
    bswap %edx                   /* 0f ca */
    bswap %ebx                   /* 0f cb */
    bswap %esi                   /* 0f ce */
    bswap %edi                   /* 0f cf */
    bswap %ebp                   /* 0f cd */
    movl %eax, got+0
    movl %ecx, got+4
    movl %edx, got+8
    movl %ebx, got+12
    movl %esi, got+16
    movl %edi, got+20
    movl %ebp, got+24
    /* swapping twice is the identity */
    bswap %eax
    bswap %ecx
    bswap %edx
    bswap %ebx
    bswap %esi
    bswap %edi
    bswap %ebp
    cmpl $0x01020304, %eax
    jne 9f
    cmpl $0x11121314, %ecx
    jne 9f
    cmpl $0x21222324, %edx
    jne 9f
    cmpl $0x31323334, %ebx
    jne 9f
    cmpl $0x41424344, %esi
    jne 9f
    cmpl $0x51525354, %edi
    jne 9f
    cmpl $0x61626364, %ebp
    je 1f
9:  incl failures
1:
    /* flags are not affected: set CF/ZF, bswap, check they survive */
    stc
    xorl %ecx, %ecx              /* ZF=1 CF=0 */
    stc                          /* CF=1, ZF still 1 */
    movl $0x80000000, %eax
    bswap %eax
    jnc 8f
    jnz 8f
    cmpl $0x00000080, %eax
    je 2f
8:  incl failures
2:
    /* compare and print the seven results */
    xorl %esi, %esi
3:  pushl names(,%esi,4)
    call guest_puts
    addl $4, %esp
    pushl $8
    pushl got(,%esi,4)
    call guest_put_hex           /* guest_put_hex(value, 8 digits) */
    addl $8, %esp
    pushl $10
    call guest_putc
    addl $4, %esp
    movl got(,%esi,4), %eax
    cmpl want(,%esi,4), %eax
    je 4f
    incl failures
4:  incl %esi
    cmpl $7, %esi
    jb 3b

    movl failures, %eax
    movl %eax, guest_failures
    pushl $testname
    call guest_result
    addl $4, %esp
    popl %edi
    popl %esi
    popl %ebx
    popl %ebp
    ret

    .section .rodata
want:
    .long 0x04030201, 0x14131211, 0x24232221, 0x34333231
    .long 0x44434241, 0x54535251, 0x64636261
names:
    .long n_eax, n_ecx, n_edx, n_ebx, n_esi, n_edi, n_ebp
n_eax: .asciz "eax "
n_ecx: .asciz "ecx "
n_edx: .asciz "edx "
n_ebx: .asciz "ebx "
n_esi: .asciz "esi "
n_edi: .asciz "edi "
n_ebp: .asciz "ebp "
testname: .asciz "bswap"
title: .asciz "bswap: BSWAP r32\n"

    .bss
    .p2align 2
got:
    .skip 28
failures:
    .skip 4
