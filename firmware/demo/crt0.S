/*
 * crt0.S - multiboot v1 header and entry of the pcemu demo guest.
 *
 * Entered per multiboot (flat 32-bit protected mode, EAX = 0x2BADB002,
 * EBX = info, interrupts off, no stack). Sets a 16 KiB stack, clears .bss,
 * clears EFLAGS and calls demo_main(magic, mbi), which never returns: it
 * powers the machine off (or writes to debug-exit on failure).
 */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003 /* page-align modules, want memory info */

    .section .multiboot, "a"
    .p2align 2
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)

    .section .text.entry, "ax"
    .globl _start
_start:
    movl $demo_stack_top, %esp
    movl %eax, %esi
    movl %ebx, %ebp
    movl $__bss_start, %edi
    movl $__bss_end, %ecx
    subl %edi, %ecx
    shrl $2, %ecx
    xorl %eax, %eax
    cld
    rep stosl
    pushl $0x00000002
    popfl
    pushl %ebp
    pushl %esi
    xorl %ebp, %ebp
    call demo_main
1:  cli
    hlt
    jmp 1b

    .bss
    .p2align 4
    .skip 16384
demo_stack_top:
