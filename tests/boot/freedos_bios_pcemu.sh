#!/bin/sh
# freedos_bios_pcemu.sh - pcemu with its own BIOS (roms/bios.bin) boots the
# FreeDOS serial-marker floppy headless, under -icount, to the marker
# "FREEDOS-BOOT-OK" that AUTOEXEC.BAT writes to COM1 through INT 14h.
# Exit: 0 booted, 1 no marker within the time limit, 77 (skip) when the
# image, the BIOS or the board features (-bios that runs, -fda, -icount) are
# missing. -boot a is passed when pcemu has it (the BIOS tries the floppy
# first anyway when CMOS 3Dh holds no boot order).
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PCEMU=${PCEMU:-$top_builddir/pcemu}
BIOS=$top_builddir/roms/bios.bin
IMG=$top_srcdir/../shared/guests/freedos/freedos-serial.img
TIMEOUT=${TIMEOUT:-120}

for f in "$PCEMU" "$BIOS" "$IMG"; do
    if [ ! -e "$f" ]; then
        echo "SKIP: $f missing"
        exit 77
    fi
done
help=$("$PCEMU" -help 2>&1)
for opt in -bios -fda -icount; do
    if ! printf '%s\n' "$help" | grep -q -- "^$opt "; then
        echo "SKIP: $PCEMU has no $opt"
        exit 77
    fi
done
if printf '%s\n' "$help" | grep -q "no BIOS is run yet"; then
    echo "SKIP: $PCEMU does not run a BIOS yet"
    exit 77
fi

boot=
if printf '%s\n' "$help" | grep -q -- "^-boot "; then
    boot="-boot a"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcemu-boot.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
cp "$IMG" "$tmp/fd.img" || exit 1
chmod u+w "$tmp/fd.img"

sh "$top_srcdir/tests/boot/boot-marker.sh" "$tmp/log" "$TIMEOUT" FREEDOS-BOOT-OK \
    "$PCEMU" -bios "$BIOS" -fda "$tmp/fd.img" $boot -icount shift=0 \
    -display none -serial stdio -monitor none
