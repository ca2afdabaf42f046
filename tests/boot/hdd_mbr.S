/* hdd_mbr.S - a minimal master boot record for the FreeDOS hard-disk boot
 * test (freedos_hdd.sh): moves itself from 0000:7C00 to 0000:0600, finds
 * the active entry of the partition table, reads that partition's first
 * sector (INT 13h 42h, the LBA in the entry) to 0000:7C00 and jumps to it
 * with DL = boot drive and DS:SI = the partition entry, as DOS MBRs do.
 * Errors print "MBR-FAIL x" through INT 10h and halt. Linked at 0x600;
 * the test writes the partition table (bytes 446-509) and 55AAh itself.
 */
        .code16
        .text
        .globl  _start
_start:
        cli
        xorw    %ax, %ax
        movw    %ax, %ds
        movw    %ax, %es
        movw    %ax, %ss
        movw    $0x7c00, %sp
        sti
        cld
        movw    $0x7c00, %si
        movw    $0x0600, %di
        movw    $256, %cx
        rep movsw
        ljmp    $0, $moved
moved:
        movb    %dl, drive
        movb    $'p', step              /* an active partition */
        movw    $0x7be, %si
        movw    $4, %cx
1:      testb   $0x80, (%si)
        jnz     found
        addw    $16, %si
        loop    1b
        jmp     fail
found:
        movw    %si, %bp
        movb    $'r', step              /* read its boot sector */
        movl    8(%si), %eax
        movl    %eax, dap_lba
        movw    $dap, %si
        movb    $0x42, %ah
        movb    drive, %dl
        int     $0x13
        jc      fail
        movb    $'s', step              /* it ends in 55AAh */
        cmpw    $0xaa55, 0x7dfe
        jne     fail
        movw    %bp, %si
        movb    drive, %dl
        ljmp    $0, $0x7c00

fail:
        movw    $msg, %si
2:      lodsb
        testb   %al, %al
        jz      3f
        movb    $0x0e, %ah
        movw    $7, %bx
        int     $0x10
        jmp     2b
3:      hlt
        jmp     3b

msg:    .ascii  "MBR-FAIL "
step:   .byte   0, 13, 10, 0
drive:  .byte   0
        .balign 4
dap:    .byte   16, 0
        .word   1
        .word   0x7c00, 0
dap_lba:
        .long   0, 0
