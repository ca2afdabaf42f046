#!/bin/sh
# freedos_hdd.sh - FreeDOS boots from a hard disk that this test builds:
# a 16 MiB raw image (32 cylinders, 16 heads, 63 sectors: the BIOS's
# geometry for it) with an MBR (hdd_mbr.S, assembled here), one active
# partition from LBA 63 with a FAT12 file system (mkfs.fat), the FreeDOS
# boot code of freedos.img's boot sector (bytes 62-509, under the new BPB),
# KERNEL.SYS and COMMAND.COM from the floppy (mtools), and a CONFIG.SYS and
# AUTOEXEC.BAT that writes FREEDOS-HDD-OK to COM1. pcemu boots it with
# -boot c under -icount to that marker.
# FAT12, not FAT16: the floppy has no SYS.COM, and the only FreeDOS boot
# sector at hand (the floppy's) is the FAT12 build.
# Exit: 0 booted, 1 failed, 77 (skip) without the image, pcemu, as/ld,
# mtools or mkfs.fat.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PCEMU=${PCEMU:-$top_builddir/pcemu}
FD=$top_srcdir/../shared/guests/freedos/freedos.img
TIMEOUT=${TIMEOUT:-60}
PATH=$PATH:/sbin:/usr/sbin

for f in "$PCEMU" "$FD"; do
    [ -e "$f" ] || { echo "SKIP: $f missing"; exit 77; }
done
for t in mcopy mkfs.fat as ld; do
    command -v $t >/dev/null 2>&1 || { echo "SKIP: $t not installed"; exit 77; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcemu-fdhdd.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export MTOOLS_SKIP_CHECK=1

if ! as --32 -o "$tmp/mbr.o" "$top_srcdir/tests/boot/hdd_mbr.S" ||
    ! ld -m elf_i386 -Ttext 0x600 --oformat binary -o "$tmp/mbr.bin" "$tmp/mbr.o"; then
    echo "SKIP: cannot assemble the MBR"
    exit 77
fi

hd=$tmp/hd.img
start=63
total=32256                      # 32 * 16 * 63
fssize=$(( (total - start) / 2 ))  # in KiB, for mkfs.fat
set -e
dd if=/dev/zero of="$hd" bs=512 count=$total 2>/dev/null
dd if="$tmp/mbr.bin" of="$hd" conv=notrunc 2>/dev/null
# active, CHS 0/1/1, type 01 (FAT12), CHS 31/15/63, LBA 63, 32193 sectors
printf '\200\001\001\000\001\017\077\037\077\000\000\000\301\175\000\000' |
    dd of="$hd" bs=1 seek=446 conv=notrunc 2>/dev/null
printf '\125\252' | dd of="$hd" bs=1 seek=510 conv=notrunc 2>/dev/null
mkfs.fat -F 12 -s 16 -g 16/63 -h $start -D 0x80 -M 0xf8 --offset=$start \
    -n PCEMU-HDD --invariant "$hd" $fssize >/dev/null
dd if="$FD" of="$hd" bs=1 skip=62 count=448 seek=$((start * 512 + 62)) conv=notrunc 2>/dev/null
mcopy -i "$FD" ::KERNEL.SYS ::COMMAND.COM "$tmp/"
printf 'SWITCHES=/N\r\nFILES=20\r\nBUFFERS=20\r\nSHELL=C:\\COMMAND.COM /E:512 /P\r\n' \
    >"$tmp/CONFIG.SYS"
printf '@ECHO OFF\r\nECHO FREEDOS-HDD-OK>COM1\r\n' >"$tmp/AUTOEXEC.BAT"
mcopy -i "$hd@@$((start * 512))" "$tmp/KERNEL.SYS" "$tmp/COMMAND.COM" \
    "$tmp/CONFIG.SYS" "$tmp/AUTOEXEC.BAT" ::
set +e

sh "$top_srcdir/tests/boot/boot-marker.sh" "$tmp/log" "$TIMEOUT" FREEDOS-HDD-OK \
    "$PCEMU" -hda "$hd" -boot c -icount shift=0 -display none -serial stdio -monitor none
status=$?
if [ "$status" -eq 0 ] && ! grep -q 'C: HD1' "$tmp/log"; then
    echo "FAIL: the kernel did not report C: on the first hard disk"
    tail -c 2000 "$tmp/log"
    exit 1
fi
[ "$status" -eq 0 ] && echo "ok: FreeDOS booted from the hard disk"
exit "$status"
