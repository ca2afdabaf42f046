#!/bin/sh
# bad_input.sh - pcemu given bad input: every case must exit with status 1
# and print exactly one line on stderr that names the problem. The bad
# files are made here in a temporary directory (ELF variants with gcc -m32
# -nostdlib when that works; those cases are skipped otherwise).
# Exit: 0 all passed, 1 a case failed, 77 no ./pcemu to test.

top_builddir=${top_builddir:-.}
PCEMU=${PCEMU:-$top_builddir/pcemu}
if [ ! -x "$PCEMU" ]; then
    echo "SKIP: $PCEMU not built"
    exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcemu-cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

passed=0
failed=0
skipped=0

# expect_error DESCRIPTION NEEDLE ARGS... : exit 1, one stderr line containing NEEDLE
expect_error() {
    desc=$1
    needle=$2
    shift 2
    "$PCEMU" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    status=$?
    lines=$(wc -l <"$tmp/err")
    why=""
    if [ "$status" -ne 1 ]; then
        why="exit status $status, expected 1"
    elif [ "$lines" -ne 1 ]; then
        why="$lines lines on stderr, expected 1"
    elif ! grep -q "^pcemu: " "$tmp/err"; then
        why="stderr line does not start with 'pcemu: '"
    elif ! grep -qF -- "$needle" "$tmp/err"; then
        why="stderr does not mention '$needle'"
    fi
    if [ -z "$why" ]; then
        passed=$((passed + 1))
        echo "ok - $desc: $(cat "$tmp/err")"
    else
        failed=$((failed + 1))
        echo "FAIL - $desc: $why"
        sed 's/^/    stderr: /' "$tmp/err" | head -5
    fi
}

skip() {
    skipped=$((skipped + 1))
    echo "skip - $1"
}

# --- files made at test time -------------------------------------------
: >"$tmp/empty.elf"
printf 'this is a text file\nnot a kernel\n' >"$tmp/text.elf"
cat >"$tmp/mb.S" <<'ASM'
    .text
    .globl _start
    .align 4
    .long 0x1BADB002
    .long 0
    .long -0x1BADB002
_start:
    hlt
    jmp _start
ASM
cat >"$tmp/plain.S" <<'ASM'
    .text
    .globl _start
_start:
    hlt
ASM
CC32="${CC:-gcc} -m32 -nostdlib -static -no-pie -Wl,--build-id=none"
have_m32=no
if $CC32 -Wl,-Ttext=0xF0000000 -o "$tmp/far.elf" "$tmp/mb.S" 2>/dev/null &&
    $CC32 -Wl,-Ttext=0x300000 -o "$tmp/at3m.elf" "$tmp/mb.S" 2>/dev/null &&
    $CC32 -Wl,-Ttext=0x100000 -o "$tmp/nomb.elf" "$tmp/plain.S" 2>/dev/null &&
    ${CC:-gcc} -m32 -c -o "$tmp/object.o" "$tmp/mb.S" 2>/dev/null; then
    have_m32=yes
    head -c 100 "$tmp/far.elf" >"$tmp/truncated.elf"
fi
have_64=no
if ${CC:-gcc} -nostdlib -static -o "$tmp/elf64.elf" "$tmp/plain.S" 2>/dev/null; then
    have_64=yes
fi

# --- kernel files ---------------------------------------------------------
expect_error "empty kernel file" "empty" -kernel "$tmp/empty.elf"
expect_error "text file as kernel" "not an ELF" -kernel "$tmp/text.elf"
expect_error "missing kernel file" "No such file" -kernel "$tmp/does-not-exist.elf"
expect_error "directory as kernel" "not a regular file" -kernel "$tmp"
if [ "$have_m32" = yes ]; then
    expect_error "truncated ELF (first 100 bytes)" "truncated" -kernel "$tmp/truncated.elf"
    expect_error "ELF without multiboot header" "no multiboot header" -kernel "$tmp/nomb.elf"
    expect_error "ELF relocatable object" "not an executable" -kernel "$tmp/object.o"
    expect_error "segments at 0xF0000000" "outside RAM" -kernel "$tmp/far.elf"
    expect_error "segments above RAM with -m 2" "outside RAM" -m 2 -kernel "$tmp/at3m.elf"
else
    skip "gcc -m32 cannot link: ELF variant cases"
fi
if [ "$have_64" = yes ]; then
    expect_error "64-bit ELF" "64-bit" -kernel "$tmp/elf64.elf"
else
    skip "gcc cannot link a 64-bit ELF"
fi

# --- options -----------------------------------------------------------------
expect_error "unknown option" "-bogus" -bogus
expect_error "missing argument" "needs an argument" -m
expect_error "bad number" "invalid number" -tb-size abc
expect_error "-m 0" "between 2 and 3584" -m 0
expect_error "-m 99999" "between 2 and 3584" -m 99999
expect_error "-m garbage" "invalid RAM size" -m 12X
expect_error "unknown chardev id" "nope" -serial chardev:nope
expect_error "duplicate chardev id" "duplicate" -chardev null,id=a -chardev null,id=a
expect_error "bad -d category" "bogus_cat" -d in_asm,bogus_cat
expect_error "-accel kvm" "kvm" -accel kvm
expect_error "unknown device" "e1000" -device e1000
expect_error "unknown serial backend" "tcp:1234" -serial tcp:1234
expect_error "-icount out of range" "-icount 11" -icount 11
expect_error "-bios missing file" "No such file" -bios "$tmp/no-bios.bin"
expect_error "stray argument" "disk.img" disk.img
expect_error "-display sdl (no VGA yet)" "SDL" -display sdl
expect_error "-monitor stdio with the serial on stdio" "-monitor stdio" -monitor stdio
expect_error "-monitor with a bad backend" "tcp:1" -monitor tcp:1
expect_error "-D in a missing directory" "$tmp/nodir/log" -D "$tmp/nodir/log" -d int
expect_error "-serial file in a missing directory" "$tmp/nodir/ser" -serial "file:$tmp/nodir/ser"

# --- disk images ---------------------------------------------------------------
head -c 1000000 /dev/zero >"$tmp/odd-floppy.img"
head -c 1000 /dev/zero >"$tmp/odd-disk.img"
: >"$tmp/empty.img"
head -c 1474560 /dev/zero >"$tmp/ro.img"
chmod 444 "$tmp/ro.img"
expect_error "-fda of an unsupported size" "unsupported floppy image size" -fda "$tmp/odd-floppy.img"
expect_error "-fda empty image" "empty" -fda "$tmp/empty.img"
expect_error "-hda not whole sectors" "512-byte sectors" -hda "$tmp/odd-disk.img"
expect_error "-fda missing file" "No such file" -fda "$tmp/no-floppy.img"
expect_error "-hda directory" "$tmp" -hda "$tmp"
expect_error "-drive unknown interface" "if=scsi" -drive "file=$tmp/ro.img,if=scsi"
expect_error "-drive without file" "missing file=" -drive if=floppy
expect_error "two images for one drive" "already has an image" -fda "$tmp/ro.img" -fda "$tmp/ro.img"
if [ -w "$tmp/ro.img" ]; then
    skip "read-only image: the file is writable anyway (running as root)"
else
    expect_error "read-only image without readonly=on" "readonly=on" -fda "$tmp/ro.img"
fi

echo "cli bad input: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || exit 1
exit 0
