#!/bin/sh
# hdd_boot.sh - pcemu's BIOS boots a hard disk: a test boot sector
# (hdd_probe.S, assembled here) checks INT 13h 41h/42h/02h/43h/08h on drive
# 80h and prints HDD-OK on COM1. Runs under QEMU (standard IDE) and, when
# it has -hda and runs a BIOS, under pcemu.
# Exit: 0 passed where it ran, 1 a failure, 77 nothing could run.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PCEMU=${PCEMU:-$top_builddir/pcemu}
QEMU=${QEMU:-qemu-system-i386}
BIOS=$top_builddir/roms/bios.bin
TIMEOUT=${TIMEOUT:-60}

if [ ! -e "$BIOS" ]; then
    echo "SKIP: $BIOS missing"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcemu-hdd.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
if ! as --32 -o "$tmp/probe.o" "$top_srcdir/tests/boot/hdd_probe.S" ||
    ! ld -m elf_i386 -Ttext 0x7c00 --oformat binary -o "$tmp/probe.bin" "$tmp/probe.o"; then
    echo "SKIP: cannot assemble the probe boot sector"
    exit 77
fi
mkimage() {
    dd if=/dev/zero of="$1" bs=1024 count=1024 2>/dev/null
    dd if="$tmp/probe.bin" of="$1" conv=notrunc 2>/dev/null
    printf 'LBA1' | dd of="$1" bs=512 seek=1 conv=notrunc 2>/dev/null
    printf 'CHS2' | dd of="$1" bs=512 seek=2 conv=notrunc 2>/dev/null
}

ran=0
status=0
if command -v "$QEMU" >/dev/null 2>&1; then
    mkimage "$tmp/q.img"
    ran=1
    sh "$top_srcdir/tests/boot/boot-marker.sh" "$tmp/q.log" "$TIMEOUT" "HDD-[OF]" \
        "$QEMU" -bios "$BIOS" -drive "file=$tmp/q.img,format=raw,if=ide" -boot c \
        -display none -serial stdio -monitor none -nic none
    if ! grep -q HDD-OK "$tmp/q.log"; then
        echo "FAIL (qemu):"; cat "$tmp/q.log"; status=1
    fi
fi
if [ -x "$PCEMU" ]; then
    help=$("$PCEMU" -help 2>&1)
    if printf '%s\n' "$help" | grep -q -- "^-hda " &&
        ! printf '%s\n' "$help" | grep -q "no BIOS is run yet"; then
        mkimage "$tmp/p.img"
        ran=1
        sh "$top_srcdir/tests/boot/boot-marker.sh" "$tmp/p.log" "$TIMEOUT" "HDD-[OF]" \
            "$PCEMU" -bios "$BIOS" -hda "$tmp/p.img" -icount shift=0 \
            -display none -serial stdio -monitor none
        if ! grep -q HDD-OK "$tmp/p.log"; then
            echo "FAIL (pcemu):"; cat "$tmp/p.log"; status=1
        fi
    fi
fi
if [ "$ran" -eq 0 ]; then
    echo "SKIP: neither QEMU nor a pcemu with -hda and a BIOS"
    exit 77
fi
exit "$status"
