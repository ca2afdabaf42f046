/* hdd_probe.S - a boot sector that checks INT 13h on drive 80h and reports
 * on COM1 through INT 14h: "HDD-OK" or "HDD-FAIL x" (x names the step).
 * Built by hdd_boot.sh into sector 0 of a disk image whose sector 1 starts
 * with "LBA1" and sector 2 with "CHS2".
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
        movb    %dl, drive

        movb    $'a', step              /* 41h: extensions present */
        movb    $0x41, %ah
        movw    $0x55aa, %bx
        movb    drive, %dl
        int     $0x13
        jc      fail
        cmpw    $0xaa55, %bx
        jne     fail

        movb    $'b', step              /* 42h: LBA 1 to 0000:8000 */
        movw    $dap, %si
        movb    $0x42, %ah
        movb    drive, %dl
        int     $0x13
        jc      fail
        cmpl    $0x3141424c, 0x8000     /* "LBA1" */
        jne     fail

        movb    $'c', step              /* 02h: C0 H0 S3 = LBA 2 to 0000:8200 */
        movw    $0x0201, %ax
        movw    $0x0003, %cx
        xorb    %dh, %dh
        movb    drive, %dl
        movw    $0x8200, %bx
        int     $0x13
        jc      fail
        cmpl    $0x32534843, 0x8200     /* "CHS2" */
        jne     fail

        movb    $'d', step              /* 43h: write 0000:7C00 to LBA 3, read back */
        movw    $3, dap_lba
        movw    $0x7c00, dap_off
        movw    $dap, %si
        movw    $0x4300, %ax
        movb    drive, %dl
        int     $0x13
        jc      fail
        movw    $0x9000, dap_off
        movw    $dap, %si
        movb    $0x42, %ah
        movb    drive, %dl
        int     $0x13
        jc      fail
        cmpw    $0xaa55, 0x91fe
        jne     fail

        movb    $'e', step              /* 08h: parameters */
        movb    $0x08, %ah
        movb    drive, %dl
        int     $0x13
        jc      fail
        cmpb    $1, %dl
        jne     fail

        movw    $ok_msg, %si
        jmp     print
fail:
        movw    $fail_msg, %si
print:
        lodsb
        testb   %al, %al
        jz      done
        movb    $0x01, %ah
        xorw    %dx, %dx
        int     $0x14
        jmp     print
done:
        hlt
        jmp     done

drive:  .byte   0
ok_msg: .asciz  "HDD-OK\r\n"
fail_msg:
        .ascii  "HDD-FAIL "
step:   .asciz  "?\r\n"
        .balign 4
dap:    .byte   0x10, 0
        .word   1
dap_off:
        .word   0x8000, 0
dap_lba:
        .long   1, 0

        .org    510
        .word   0xaa55
