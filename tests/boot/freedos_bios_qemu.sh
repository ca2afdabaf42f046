#!/bin/sh
# freedos_bios_qemu.sh - QEMU (the oracle for the BIOS alone: standard
# devices) with pcemu's BIOS, roms/bios.bin, boots the FreeDOS serial-marker
# floppy to "FREEDOS-BOOT-OK" on COM1.
# Exit: 0 booted, 1 no marker in time, 77 (skip) when qemu-system-i386, the
# image or the BIOS is missing.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
QEMU=${QEMU:-qemu-system-i386}
BIOS=$top_builddir/roms/bios.bin
IMG=$top_srcdir/../shared/guests/freedos/freedos-serial.img
TIMEOUT=${TIMEOUT:-60}

if ! command -v "$QEMU" >/dev/null 2>&1; then
    echo "SKIP: $QEMU not installed"
    exit 77
fi
for f in "$BIOS" "$IMG"; do
    if [ ! -e "$f" ]; then
        echo "SKIP: $f missing"
        exit 77
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcemu-boot.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

sh "$top_srcdir/tests/boot/boot-marker.sh" "$tmp/log" "$TIMEOUT" FREEDOS-BOOT-OK \
    "$QEMU" -bios "$BIOS" -drive "file=$IMG,format=raw,if=floppy,snapshot=on" -boot a \
    -display none -serial stdio -monitor none -nic none
