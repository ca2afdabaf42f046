#!/bin/sh
# freedos_seabios.sh - pcemu with SeaBIOS (Debian's seabios package,
# /usr/share/seabios/bios.bin; tools/bootstrap installs it) boots the
# FreeDOS serial-marker floppy to FREEDOS-BOOT-OK on COM1, under -icount.
# SeaBIOS's own log (port 0x402) goes to a file and is shown on failure.
# Exit: 0 booted; 77 (skip) when SeaBIOS or the image is missing; 1 when
# SeaBIOS does not get to the marker (see docs/bios.md, "SeaBIOS on pcemu":
# it needs the writable BIOS shadow below 1 MiB, HLT after STI to wake on
# IRQ0, and the TSC to follow the virtual clock under -icount).
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PCEMU=${PCEMU:-$top_builddir/pcemu}
SEABIOS=${SEABIOS:-/usr/share/seabios/bios.bin}
IMG=$top_srcdir/../shared/guests/freedos/freedos-serial.img
TIMEOUT=${TIMEOUT:-30}

for f in "$PCEMU" "$IMG" "$SEABIOS"; do
    [ -e "$f" ] || { echo "SKIP: $f missing"; exit 77; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcemu-seabios.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

sh "$top_srcdir/tests/boot/boot-marker.sh" "$tmp/log" "$TIMEOUT" FREEDOS-BOOT-OK \
    "$PCEMU" -bios "$SEABIOS" -fda "$IMG" -snapshot -boot a -icount shift=0 \
    -display none -serial stdio -monitor none \
    -chardev "file,id=seabios,path=$tmp/seabios.log" \
    -device isa-debugcon,iobase=0x402,chardev=seabios >"$tmp/out" 2>&1
status=$?
if [ "$status" -eq 0 ]; then
    echo "ok: SeaBIOS booted FreeDOS to the marker"
    exit 0
fi
echo "--- SeaBIOS log (port 0x402), last lines:"
tail -n 15 "$tmp/seabios.log" 2>/dev/null
echo "--- pcemu output, last lines:"
tail -n 5 "$tmp/log"
echo "FAIL: SeaBIOS did not boot FreeDOS to FREEDOS-BOOT-OK (see docs/bios.md)"
exit 1
