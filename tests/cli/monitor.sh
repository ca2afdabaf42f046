#!/bin/sh
# monitor.sh - the human monitor on stdio (-monitor stdio -serial none) and
# -screendump-at-exit, driven like a person would: commands piped in, the
# replies and the files checked. The guest (a multiboot ELF made here with
# gcc -m32) writes "BA" at B8000h and spins. Checks: help lists the
# commands, info registers prints EAX=, screendump writes a PNG (signature)
# and a .txt whose first line is "BA", a bad path is one error line and the
# machine keeps going, an unknown command is reported, quit exits 0; and
# -screendump-at-exit writes the final text screen.
# Exit: 0 all passed, 1 a case failed, 77 nothing to test.

top_builddir=${top_builddir:-.}
PCEMU=${PCEMU:-$top_builddir/pcemu}
if [ ! -x "$PCEMU" ]; then
    echo "SKIP: $PCEMU not built"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcemu-mon.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

cat >"$tmp/spin.S" <<'ASM'
    .text
    .globl _start
    .align 4
    .long 0x1BADB002
    .long 0
    .long -0x1BADB002
_start:
    movl $0x1f411f42, 0xb8000
1:  jmp 1b
ASM
if ! ${CC:-gcc} -m32 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-Ttext=0x200000 \
    -o "$tmp/spin.elf" "$tmp/spin.S" 2>/dev/null; then
    echo "SKIP: gcc -m32 cannot link the test guest"
    exit 77
fi

passed=0
failed=0
check() {
    if eval "$2"; then
        passed=$((passed + 1))
    else
        echo "FAIL: $1"
        failed=$((failed + 1))
    fi
}

printf 'help\ninfo registers\nscreendump %s\nscreendump %s\nscreendump %s\nbogus\nquit\n' \
    "$tmp/shot.png" "$tmp/shot.txt" "$tmp/nodir/x.png" |
    timeout 30 "$PCEMU" -kernel "$tmp/spin.elf" -monitor stdio -serial none \
        -screendump-at-exit "$tmp/exit.txt" >"$tmp/out" 2>"$tmp/err"
status=$?
check "quit exits with status 0 (got $status)" '[ "$status" -eq 0 ]'
check "banner and prompt" 'grep -q "^(pcemu) " "$tmp/out"'
check "help lists screendump" 'grep -q "^screendump " "$tmp/out"'
check "info registers shows EAX=" 'grep -q "EAX=" "$tmp/out"'
check "screendump writes a PNG" \
    '[ "$(od -An -c -N4 "$tmp/shot.png" 2>/dev/null | tr -d " ")" = "211PNG" ]'
check "screendump FILE.txt has the text" '[ "$(head -n 1 "$tmp/shot.txt")" = "BA" ]'
check "text screendump has 25 rows" '[ "$(wc -l <"$tmp/shot.txt")" -eq 25 ]'
check "bad path: one error line naming it" \
    '[ "$(grep -c "screendump: $tmp/nodir/x.png: " "$tmp/out")" -eq 1 ]'
check "unknown command reported" 'grep -q "unknown command: .bogus." "$tmp/out"'
check "-screendump-at-exit text" '[ "$(head -n 1 "$tmp/exit.txt")" = "BA" ]'
check "nothing on stderr" '[ ! -s "$tmp/err" ]'

# -screendump-at-exit into a missing directory: one line, status unchanged
printf 'quit\n' | timeout 30 "$PCEMU" -kernel "$tmp/spin.elf" -monitor stdio -serial none \
    -screendump-at-exit "$tmp/nodir/exit.png" >/dev/null 2>"$tmp/err2"
status=$?
check "failed -screendump-at-exit keeps status 0 (got $status)" '[ "$status" -eq 0 ]'
check "failed -screendump-at-exit: one stderr line" \
    '[ "$(wc -l <"$tmp/err2")" -eq 1 ] && grep -q "^pcemu: -screendump-at-exit: " "$tmp/err2"'

echo "cli monitor: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
