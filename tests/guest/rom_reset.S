/*
 * rom_reset.S - a real-mode program entered from reset: a raw 64 KiB ROM
 * image (-bios rom_reset.rom; no -kernel) that the CPU starts at F000:FFF0
 * with CS base 0xFFFF0000, i.e. at the top of the 4 GiB space. Its far
 * jump to F000:start continues in the copy the board maps at 0xF0000
 * (a writable shadow, as on QEMU's isapc: rom_reset.qemu-args).
 * It checks the reset state (real mode, CR0.PE clear, CS 0xF000, IP at
 * the reset vector, FLAGS 0x0002), segment*16 addressing with the 64 KiB
 * offset wrap, the stack, and INT n through an IVT it builds, prints the
 * results on COM1 (the 16550 transmits without initialisation) and exits
 * through isa-debug-exit (0 = pass).
 *
 * Built as a flat binary linked at offset 0 (guest.mk, .S.rom): offsets
 * are offsets in segment F000.
 */
    .code16
    .text
    .globl _start
_start:

#include "lib/rom16.inc"

int_handler:                  /* INT 0x40: AX += 0x1000, report CS of the caller */
    addw $0x1000, %ax
    movw %sp, %bp
    movw 2(%bp), %dx          /* the pushed CS */
    iret

start:
    /* first instruction at 0xF0000 + start: the reset state */
    movl %cr0, %eax
    movl %eax, %edi
    pushfw                    /* no stack yet: SS:SP = 0:0, wraps to 0:FFFE */
    popw %bx
    movw %cs, %cx
    xorw %ax, %ax
    movw %ax, %ss
    movw $0x7000, %sp
    movw %ax, %ds
    movw $msg_hello, %si
    call puts
    movw %cx, %ax
    movw $msg_cs, %si
    call report
    movw %bx, %ax
    movw $msg_flags, %si
    call report
    movw %di, %ax
    andw $1, %ax
    movw $msg_pe, %si
    call report
    cmpw $0xf000, %cx
    movw $msg_bad, %si
    jne fail

    /* segment*16: 0x0050:0x0010 and 0x0000:0x0510 are the same byte */
    movw $0x0050, %ax
    movw %ax, %es
    movb $0x5a, %es:0x10
    movb 0x510, %al
    movb $0, %ah
    movw $msg_seg, %si
    call report
    /* a word at 0x1000:0xFFFE stays in the segment (linear 0x1FFFE) */
    movw $0x1000, %ax
    movw %ax, %es
    movw $0xfffe, %bx
    movw $0xa55a, %es:(%bx)
    movw $0x1000, %ax
    movw %ax, %ds
    movw 0xfffe, %ax
    xorw %cx, %cx
    movw %cx, %ds
    movw $msg_wrap, %si
    call report

    /* the stack */
    pushw $0x1234
    pushw $0x5678
    popw %ax
    popw %bx
    subw %bx, %ax
    movw $msg_stack, %si
    call report

    /* INT 0x40 through the IVT at 0:0 */
    movw $int_handler, 0x100
    movw %cs, 0x102
    movw $0x0234, %ax
    int $0x40
    pushw %dx
    movw $msg_int, %si
    call report
    popw %ax
    movw $msg_intcs, %si
    call report

    /* The F-segment copy is a writable shadow (RAM initialised from the
     * image, as QEMU's isapc maps the BIOS: no PAM to unlock), while the
     * image at 4 GiB stays ROM: a byte written at F000 reads back, then
     * the original goes back */
    movw $0xf000, %ax
    movw %ax, %es
    movb %es:shadow_probe, %al
    movb %al, %bl
    notb %al
    movb %al, %es:shadow_probe
    movb %es:shadow_probe, %al
    notb %al
    cmpb %al, %bl
    movw $msg_rom_ro, %si
    jne fail
    movb %bl, %es:shadow_probe
    movw $msg_rom_rw, %si
    call puts

    movw $msg_pass, %si
    call puts
    movb $0, %al
    outb %al, $0xf4
    hlt

msg_hello:  .asciz "rom_reset: running from F000\n"
msg_cs:     .asciz "cs "
msg_flags:  .asciz "flags "
msg_pe:     .asciz "cr0.pe "
msg_bad:    .asciz "FAIL: not at F000\n"
msg_seg:    .asciz "0050:0010 via 0000:0510 "
msg_wrap:   .asciz "word at 1000:fffe "
msg_stack:  .asciz "push/pop 1234-5678 = "
msg_int:    .asciz "int 0x40: ax "
msg_intcs:  .asciz "int 0x40: caller cs "
msg_rom_rw: .asciz "bios shadow at f000 writable\n"
msg_rom_ro: .asciz "FAIL: bios shadow at f000 not writable\n"
shadow_probe: .byte 0x5a
msg_pass:   .asciz "rom_reset: PASS\n"

    .org 0xfff0
reset_vector:
    ljmp $0xf000, $start
    .org 0x10000
