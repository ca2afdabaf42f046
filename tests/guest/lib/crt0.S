/*
 * crt0.S - multiboot v1 header and entry point of the guest tests.
 *
 * The loader enters us in flat 32-bit protected mode with EAX = 0x2BADB002,
 * EBX = the multiboot info, interrupts off and no usable stack (multiboot
 * spec 3.2). We keep the loader's segments (the guest contract forbids
 * reloading them), set a 16 KiB stack in .bss, clear .bss, clear EFLAGS
 * (DF=0 is what gcc-generated code assumes), call main(magic, mbi) and hand
 * main's return value to isa-debug-exit at port 0xF4: 0 = pass
 * (emulator exit status 1), anything else = fail.
 */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003 /* bit 0: page-align modules, bit 1: want mem info */

    .section .multiboot, "a"
    .p2align 2
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)

    .section .text.entry, "ax"
    .globl _start
_start:
    movl $guest_stack_top, %esp
    movl %eax, %esi            /* rep stosl below needs eax/ecx/edi */
    movl %ebx, %ebp
    movl $__bss_start, %edi
    movl $__bss_end, %ecx
    subl %edi, %ecx
    shrl $2, %ecx
    xorl %eax, %eax
    cld
    rep stosl                  /* the stack is in .bss: nothing pushed yet */
    pushl $0x00000002          /* bit 1 is reserved as 1; IF, DF, TF = 0 */
    popfl
    pushl %ebp                 /* main(magic, mbi) */
    pushl %esi
    xorl %ebp, %ebp            /* end of frame chain */
    call main
    .globl guest_exit_asm
guest_exit_asm:
    outl %eax, $0xf4
    /* Without a debug-exit device we are still here: stop quietly. */
1:  cli
    hlt
    jmp 1b

    .bss
    .p2align 4
guest_stack:
    .skip 16384
    .globl guest_stack_top
guest_stack_top:
