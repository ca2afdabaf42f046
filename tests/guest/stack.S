/*
 * stack.S - PUSHA/POPA, PUSHF/POPF, PUSH imm8/imm32/m32, POP m32,
 * PUSH ESP, 16-bit PUSH/POP (66 prefix).
 *
 * SDM vol. 2 "PUSHA": pushes EAX ECX EDX EBX, the ESP value from before the
 * first push, EBP ESI EDI. "POPA" pops them back but discards the saved ESP.
 * "PUSH": PUSH ESP pushes the value before the push; PUSH imm8 sign-extends
 * to 32 bits. "POP m32" with an ESP-based address computes the address after
 * incrementing ESP. POPF at CPL 0 may change every flag but VM/RF; we only
 * flip the arithmetic ones and DF, and read them back with PUSHF.
 * Each check that fails bumps guest_failures with its line number printed.
 */
    .text

/* CHECK_EAX value: fail unless %eax == value, printing the check's number
 * (checks are numbered from 1 in source order). */
    .set check_no, 0
.macro CHECK_EAX value
    .set check_no, check_no + 1
    cmpl \value, %eax
    je 98f
    pushl %eax
    pushl $check_no
    call stack_fail
98:
.endm

    .globl main
main:
    pushl %ebp
    pushl %ebx
    pushl %esi
    pushl %edi
    pushl $title
    call guest_puts
    addl $4, %esp

    /* --- PUSHA: layout and the ESP slot --- */
    movl %esp, saved_esp
    movl $0xa0a0a0a0, %eax
    movl $0xc1c1c1c1, %ecx
    movl $0xd2d2d2d2, %edx
    movl $0xb3b3b3b3, %ebx
    movl $0xb5b5b5b5, %ebp
    movl $0x56565656, %esi
    movl $0xd7d7d7d7, %edi
    pusha                        /* 60 */
    movl %esp, %eax
    movl saved_esp, %ecx
    subl %eax, %ecx              /* 32 bytes pushed */
    movl %ecx, %eax
    CHECK_EAX $32
    movl 0(%esp), %eax
    CHECK_EAX $0xd7d7d7d7        /* EDI lowest */
    movl 4(%esp), %eax
    CHECK_EAX $0x56565656
    movl 8(%esp), %eax
    CHECK_EAX $0xb5b5b5b5
    movl 12(%esp), %eax          /* the original ESP */
    CHECK_EAX saved_esp
    movl 16(%esp), %eax
    CHECK_EAX $0xb3b3b3b3
    movl 28(%esp), %eax
    CHECK_EAX $0xa0a0a0a0        /* EAX highest */
    /* POPA ignores the ESP slot: overwrite it with garbage first */
    movl $0x12345678, 12(%esp)
    movl $0, 0(%esp)             /* EDI will be 0 */
    xorl %eax, %eax
    xorl %ebx, %ebx
    popa                         /* 61 */
    movl %esp, %eax
    CHECK_EAX saved_esp
    movl %edi, %eax
    CHECK_EAX $0
    movl %ebx, %eax
    CHECK_EAX $0xb3b3b3b3
    movl %ebp, %eax
    CHECK_EAX $0xb5b5b5b5

    /* --- PUSHF/POPF round trip of each arithmetic flag and DF --- */
    movl $0x00000cd7, %esi       /* OF DF SF ZF AF PF CF and bit 1 */
    pushl %esi
    popf                         /* 9d */
    pushf                        /* 9c */
    popl %eax
    cld
    andl $0x00000fd7, %eax
    CHECK_EAX $0x00000cd7
    pushl $0x00000002
    popf
    pushf
    popl %eax
    andl $0x00000fd7, %eax
    CHECK_EAX $0x00000002
    /* 16-bit pushf/popf (66 9c / 66 9d): only the low word */
    pushl $0x00000002
    popf
    pushw $0x08c7                /* 66 68 c7 08: OF SF ZF PF CF, bit 1 */
    popfw                        /* 66 9d */
    pushfw                       /* 66 9c */
    popw %ax
    movzwl %ax, %eax
    andl $0x0fd7, %eax
    CHECK_EAX $0x08c7
    pushl $2
    popf

    /* --- PUSH immediate forms --- */
    pushl $-2                    /* 6a fe: sign-extended */
    popl %eax
    CHECK_EAX $0xfffffffe
    pushl $0x7f                  /* 6a 7f */
    popl %eax
    CHECK_EAX $0x7f
    pushl $0x12345678            /* 68 78 56 34 12 */
    popl %eax
    CHECK_EAX $0x12345678

    /* --- PUSH ESP pushes the old value --- */
    movl %esp, %ecx
    pushl %esp                   /* 54 */
    popl %eax
    CHECK_EAX %ecx

    /* --- PUSH m32 / POP m32 --- */
    movl $0xcafef00d, mem_a
    pushl mem_a                  /* ff 35 disp32 */
    popl mem_b                   /* 8f 05 disp32 */
    movl mem_b, %eax
    CHECK_EAX $0xcafef00d
    /* POP into an ESP-relative slot: address computed after the pop */
    pushl $0x11111111            /* the slot [esp+4] after the pop */
    pushl $0x22222222
    popl 0(%esp)                 /* 8f 04 24: writes 0x22222222 over 0x11111111 */
    popl %eax
    CHECK_EAX $0x22222222
    /* PUSH [esp+4]: operand read before ESP moves */
    pushl $0x33333333
    pushl $0x44444444
    pushl 4(%esp)                /* ff 74 24 04 */
    popl %eax
    addl $8, %esp
    CHECK_EAX $0x33333333

    /* --- 16-bit push/pop of registers --- */
    movl $0xaaaa1234, %ebx
    movl %esp, %ecx
    pushw %bx                    /* 66 53: ESP -= 2 */
    movl %ecx, %eax
    subl %esp, %eax
    CHECK_EAX $2
    movl $0xbbbbbbbb, %edx
    popw %dx                     /* 66 5a: only DX changes */
    movl %edx, %eax
    CHECK_EAX $0xbbbb1234

    /* --- a deep push/pop sequence keeps values in LIFO order --- */
    movl $100, %ecx
1:  pushl %ecx
    loop 1b
    xorl %edx, %edx
    movl $1, %ebx
2:  popl %eax
    cmpl %ebx, %eax
    je 3f
    incl %edx
3:  incl %ebx
    cmpl $101, %ebx
    jne 2b
    movl %edx, %eax
    CHECK_EAX $0

    pushl $name
    call guest_result
    addl $4, %esp
    popl %edi
    popl %esi
    popl %ebx
    popl %ebp
    ret

/* stack_fail(check, got): print and count */
stack_fail:
    pushl 8(%esp)
    pushl 8(%esp)
    pushl $fmt
    call guest_printf
    addl $12, %esp
    incl guest_failures
    ret $8                       /* c2 08 00: callee pops both arguments */

    .section .rodata
title: .asciz "stack: PUSHA POPA PUSHF POPF PUSH POP\n"
fmt:   .asciz "stack.S: check %d failed, eax = %08x\n"
name:  .asciz "stack"

    .bss
    .p2align 2
saved_esp: .skip 4
mem_a: .skip 4
mem_b: .skip 4
