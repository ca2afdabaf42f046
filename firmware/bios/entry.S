/* entry.S - reset vector, POST entry, interrupt entry stubs of pcemu's BIOS.
 *
 * Everything here is 16-bit real-mode code in segment F000. The services
 * themselves are C (gcc -m16); entry_common moves the caller's registers
 * onto the BIOS stack in the EBDA, calls the C handler with a pointer to
 * them (struct BRegs in bios.h) and copies them back before the IRET, so
 * a handler returns values (and CF/ZF) by editing that struct. A service
 * that enables interrupts may be re-entered (IRQ1 while INT 16h waits):
 * when the caller is already on the BIOS stack the new frame goes below
 * the current one instead of at the top.
 *
 * The .fixed section sits at F000:E000 and keeps the IBM PC/AT entry
 * points and tables old software expects at fixed addresses (POST at
 * E05B, the configuration table at E6F5, the diskette parameter table at
 * EFC7, a bare IRET at FF53, the reset vector at FFF0, the date at FFF5,
 * the model byte at FFFE).
 */
#define EBDA_SEG    0x9F00
#define STACK_TOP   0x1000
#define BIOS_SEG    0xF000
#define BREGS_SIZE  50
#define BREGS_HANDLER 40

        .code16
        .section .text.entry, "ax"

/* One stub per C-implemented vector: push the handler, join the common path. */
.macro VEC name, cfunc
        .global \name
\name:
        pushl   $\cfunc
        jmp     entry_common
.endm

        VEC     vec09, handle_09
        VEC     vec10, handle_10
        VEC     vec11, handle_11
        VEC     vec12, handle_12
        VEC     vec13, handle_13
        VEC     vec14, handle_14
        VEC     vec15, handle_15
        VEC     vec16, handle_16
        VEC     vec17, handle_17
        VEC     vec18, handle_18
        VEC     vec19, handle_19
        VEC     vec1a, handle_1a

entry_common:
        pushal
        pushw   %ds
        pushw   %es
        pushw   %fs
        pushw   %gs
        cld
        movw    %ss, %ax
        movw    %ax, %ds
        movw    %sp, %si
        movw    $EBDA_SEG, %bx
        movw    %bx, %es
        movw    $STACK_TOP, %di
        cmpw    %bx, %ax
        jne     1f
        movw    %sp, %di                /* nested: below the current frame */
1:      subw    $(BREGS_SIZE + 4), %di
        andw    $0xfffc, %di
        movw    %di, %bp
        movw    $(BREGS_SIZE / 2), %cx
        rep movsw
        movw    %ax, %es:(%di)          /* caller SS */
        movw    %sp, %es:2(%di)         /* caller SP */
        movw    %bx, %ss
        movw    %bp, %sp
        movw    %bx, %ds
        xorw    %ax, %ax
        movw    %ax, %gs
        movzwl  %sp, %esp
        movzwl  %bp, %ebp
        movl    %esp, %eax
        pushl   %eax
        calll   *BREGS_HANDLER(%bp)
        /* back: copy the frame to the caller's stack and return there */
        cli
        cld
        movw    %bp, %si
        movw    BREGS_SIZE(%bp), %ax
        movw    BREGS_SIZE+2(%bp), %dx
        movw    %ax, %es
        movw    %dx, %di
        movw    $(BREGS_SIZE / 2), %cx
        rep movsw
        movw    %ax, %ss
        movw    %dx, %sp
        popw    %gs
        popw    %fs
        popw    %es
        popw    %ds
        popal
        addw    $4, %sp
        iret

/* INT 08h, IRQ0: BDA tick count with midnight rollover, floppy motor
 * time-out, INT 1Ch, EOI. */
        .global int08_entry
int08_entry:
        pushw   %ds
        pushw   %ax
        xorw    %ax, %ax
        movw    %ax, %ds
        incw    0x46c
        jnz     1f
        incw    0x46e
1:      cmpw    $0x18, 0x46e
        jb      2f
        cmpw    $0xb0, 0x46c
        jb      2f
        movw    %ax, 0x46c
        movw    %ax, 0x46e
        movb    $1, 0x470
2:      cmpb    $0, 0x440
        je      3f
        decb    0x440
        jnz     3f
        andb    $0xf0, 0x43f
        pushw   %dx
        movb    $0x0c, %al
        movw    $0x3f2, %dx
        outb    %al, %dx
        popw    %dx
3:      int     $0x1c
        movb    $0x20, %al
        outb    %al, $0x20
        popw    %ax
        popw    %ds
        iret

/* INT 0Eh, IRQ6 (floppy): flag it in the BDA recalibrate byte. */
        .global int0e_entry
int0e_entry:
        pushw   %ds
        pushw   %ax
        xorw    %ax, %ax
        movw    %ax, %ds
        orb     $0x80, 0x43e
        movb    $0x20, %al
        outb    %al, $0x20
        popw    %ax
        popw    %ds
        iret

/* Unhandled IRQs: acknowledge and return. */
        .global irq_master_default
irq_master_default:
        pushw   %ax
        movb    $0x20, %al
        outb    %al, $0x20
        popw    %ax
        iret

        .global irq_slave_default
irq_slave_default:
        pushw   %ax
        movb    $0x20, %al
        outb    %al, $0xa0
        outb    %al, $0x20
        popw    %ax
        iret

/* void boot_jump(uint8_t drive): enter the boot sector at 0000:7C00. */
        .global boot_jump
boot_jump:
        movl    4(%esp), %edx
        movzbl  %dl, %edx
        cli
        xorl    %eax, %eax
        movw    %ax, %ds
        movw    %ax, %es
        movw    %ax, %fs
        movw    %ax, %gs
        movw    %ax, %ss
        movl    $0x7c00, %esp
        xorl    %ebx, %ebx
        xorl    %ecx, %ecx
        xorl    %esi, %esi
        xorl    %edi, %edi
        xorl    %ebp, %ebp
        sti
        ljmp    $0, $0x7c00

/* void lapic_virtual_wire(uint32_t apic_base): program the local APIC,
 * which sits above 1 MiB: a flat FS is loaded in protected mode and kept
 * ("unreal" FS) for the three stores after returning to real mode. */
        .global lapic_virtual_wire
lapic_virtual_wire:
        pushl   %ebx
        movl    8(%esp), %ebx
        pushfl
        cli
        lgdtl   %cs:lapic_gdt_desc
        movl    %cr0, %eax
        orb     $1, %al
        movl    %eax, %cr0
        movw    $8, %dx
        movw    %dx, %fs
        andb    $0xfe, %al
        movl    %eax, %cr0
        movl    %fs:0xf0(%ebx), %eax
        orl     $0x100, %eax            /* SVR: software enable */
        movl    %eax, %fs:0xf0(%ebx)
        movl    $0x700, %fs:0x350(%ebx) /* LINT0: ExtINT */
        movl    $0x400, %fs:0x360(%ebx) /* LINT1: NMI */
        xorw    %ax, %ax
        movw    %ax, %fs
        popfl
        popl    %ebx
        retl

        .balign 8
lapic_gdt:
        .quad   0
        .quad   0x00cf93000000ffff      /* flat 4 GiB data */
lapic_gdt_desc:
        .word   15
        .long   0xf0000 + lapic_gdt

/* Power-on and reset entry. */
post_entry:
        cli
        cld
        /* CMOS shutdown status: 05h/0Ah resume at 0040:0067 (286 reset trick) */
        movb    $0x8f, %al
        outb    %al, $0x70
        inb     $0x71, %al
        movb    %al, %ah
        movb    $0x8f, %al
        outb    %al, $0x70
        xorb    %al, %al
        outb    %al, $0x71
        cmpb    $0x05, %ah
        je      1f
        cmpb    $0x0a, %ah
        jne     2f
        jmp     3f
1:      movb    $0x20, %al
        outb    %al, $0x20
3:      xorw    %ax, %ax
        movw    %ax, %ds
        ljmp    *0x467
2:      movw    $BIOS_SEG, %ax
        movw    %ax, %ds
        movw    $EBDA_SEG, %ax
        movw    %ax, %es
        movw    $__data_lma, %si
        movw    $__data_start, %di
        movw    $__data_size, %cx
        rep movsb
        movw    $__bss_start, %di
        movw    $__bss_size, %cx
        xorb    %al, %al
        rep stosb
        movw    %es, %ax
        movw    %ax, %ss
        movw    %ax, %ds
        movl    $STACK_TOP, %esp
        xorw    %ax, %ax
        movw    %ax, %fs
        movw    %ax, %gs
        calll   post_main
        int     $0x19
4:      hlt
        jmp     4b

        .section .fixed, "ax"
        .org    0x05b                   /* F000:E05B */
        ljmp    $BIOS_SEG, $post_entry

        .org    0x6f5                   /* F000:E6F5: INT 15h C0h */
        .global bios_config_table
bios_config_table:
        .word   8
        .byte   0xfc, 0x00, 0x01        /* model AT, submodel, revision */
        .byte   0x70                    /* 2nd PIC, RTC, INT 15h 4Fh hook */
        .byte   0x00, 0x00, 0x00, 0x00

        .org    0xfc7                   /* F000:EFC7: INT 1Eh */
        .global diskette_param_table
diskette_param_table:
        .byte   0xaf, 0x02, 0x25, 0x02, 18, 0x1b, 0xff, 0x6c, 0xf6, 0x0f, 0x08

        .org    0x1f53                  /* F000:FF53 */
        .global default_iret
default_iret:
        iret

        .org    0x1ff0                  /* F000:FFF0 */
        .global reset_vector
reset_vector:
        ljmp    $BIOS_SEG, $post_entry
        .ascii  "06/01/25"
        .byte   0
        .byte   0xfc
        .byte   0
