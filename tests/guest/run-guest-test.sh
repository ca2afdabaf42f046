#!/bin/sh
# run-guest-test.sh - run one guest test ELF and judge it (tests/guest/README.md).
#
# usage: run-guest-test.sh [--qemu] [--update] tests/guest/NAME.elf
#        run-guest-test.sh [--qemu] [--update] tests/guest/NAME.rom
#
# Runs   ./pcemu -kernel NAME.elf -nographic -no-reboot
#                -device isa-debug-exit,iobase=0xf4,iosize=0x04 -accel A ARGS
# for each back end A in $ACCEL (default "tcg tci"); both must pass.
# A NAME.rom (a raw ROM image) is passed with -bios instead of -kernel:
# the CPU runs it from the reset vector.
# under `timeout 120` (ARGS from NAME.args next to this script, shell-quoted,
# optional), with serial output on stdout and -d output on stderr. Passes
# (exit 0) only if
#   - the exit status is 1 (the guest wrote 0 to debug-exit),
#   - stdout equals NAME.expected, when that file exists (a diff is printed
#     otherwise),
#   - every line "COUNTER OP VALUE" of NAME.stats (OP one of > >= = <) holds
#     for the "pcemu-stats COUNTER VALUE" lines printed on stderr (-d stats);
#     VALUE is a number or another counter ("tlb_hits > tlb_misses"),
#   - the text screen at exit (-screendump-at-exit NAME.out.screen.txt, the
#     characters as UTF-8 lines) equals NAME.screen, when that file exists.
# Logs: NAME.out (stdout) and NAME.err (stderr) beside the ELF.
#
# --qemu   run qemu-system-i386 -accel tcg instead (the oracle): pcemu-only
#          options (-accel, -tb-size N, -d LIST) are dropped from ARGS and
#          .stats is ignored; NAME.qemu-args (shell-quoted) is added. Serial goes to stdio without -nographic, because
#          SeaBIOS mirrors its own banner to the serial port under -nographic.
# --update with --qemu: write NAME.expected from QEMU's output.
#          A test with a NAME.no-qemu file (its text: why) is skipped
#          under --qemu: QEMU does not model what it checks.
#
# Environment: PCEMU (default ./pcemu, relative to the build directory the
# test harness runs in), QEMU (default qemu-system-i386), TIMEOUT (120).
set -u

use_qemu=0
update=0
while [ $# -gt 1 ]; do
    case "$1" in
    --qemu) use_qemu=1 ;;
    --update) update=1 ;;
    *) break ;;
    esac
    shift
done
if [ $# -ne 1 ]; then
    echo "usage: $0 [--qemu] [--update] NAME.elf" >&2
    exit 99
fi
elf=$1
here=$(cd "$(dirname "$0")" && pwd)
boot=-kernel
name=$(basename "$elf" .elf)
base=${elf%.elf}
case "$elf" in
*.rom) boot=-bios; name=$(basename "$elf" .rom); base=${elf%.rom} ;;
esac
expected=$here/$name.expected
argsfile=$here/$name.args
statsfile=$here/$name.stats
out=$base.out
err=$base.err

if [ ! -f "$elf" ]; then
    echo "$name: no such test ELF: $elf" >&2
    exit 99
fi

# Extra arguments, shell-quoted in NAME.args (so -append 'a b' works).
set --
if [ -f "$argsfile" ]; then
    eval "set -- $(cat "$argsfile")"
fi

if [ $use_qemu = 1 ] && [ -f "$here/$name.no-qemu" ]; then
    echo "$name: SKIP under QEMU: $(cat "$here/$name.no-qemu")"
    exit 0
fi

if [ $use_qemu = 1 ]; then
    # Drop pcemu-only options.
    n=$#
    i=0
    skip=0
    for a in "$@"; do
        i=$((i + 1))
        if [ $skip = 1 ]; then
            skip=0
        else
            case "$a" in
            -accel | -tb-size | -d) skip=1 ;;
            *) set -- "$@" "$a" ;;
            esac
        fi
        [ $i -eq $n ] && break
    done
    shift $n
    # QEMU-only options (NAME.qemu-args, e.g. -cpu qemu32,+nx for a feature
    # pcemu always has but QEMU's default CPU model lacks)
    if [ -f "$here/$name.qemu-args" ]; then
        eval "set -- \"\$@\" $(cat "$here/$name.qemu-args")"
    fi
    emu=${QEMU:-qemu-system-i386}
    set -- -display none -serial stdio -monitor none -nic none -no-reboot \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 -accel tcg "$@"
else
    emu=${PCEMU:-./pcemu}
    if [ ! -x "$emu" ]; then
        echo "$name: emulator not found: $emu (build it first, or set PCEMU)" >&2
        exit 99
    fi
    set -- -nographic -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 "$@"
fi

# One run and its checks. pcemu runs once per back end (ACCEL, default
# "tcg tci": the JIT and the reference interpreter must agree).
run_one() {
screen_args=
if [ $use_qemu = 0 ] && [ -f "$here/$name.screen" ]; then
    rm -f "$out.screen.txt"
    screen_args="-screendump-at-exit $out.screen.txt"
fi
# shellcheck disable=SC2086 # screen_args is empty or two words without blanks
timeout "${TIMEOUT:-120}" "$emu" $boot "$elf" "$@" $screen_args >"$out" 2>"$err" </dev/null
status=$?
fail=0

if [ -n "$screen_args" ] && ! cmp -s "$here/$name.screen" "$out.screen.txt"; then
    echo "$name: FAIL: text screen at exit differs from $name.screen:"
    diff -u "$here/$name.screen" "$out.screen.txt" | head -n 60
    fail=1
fi

if [ $status -ne 1 ]; then
    case $status in
    124) why="timed out after ${TIMEOUT:-120} s" ;;
    3) why="the guest reported failure (debug-exit 1)" ;;
    *) why="exit status $status, expected 1" ;;
    esac
    echo "$name: FAIL: $why"
    fail=1
fi

if [ $update = 1 ]; then
    if [ $use_qemu = 1 ] && [ $fail = 0 ]; then
        cp "$out" "$expected"
        echo "$name: wrote $expected"
    else
        echo "$name: not updating $expected (needs --qemu and a passing run)" >&2
        fail=1
    fi
elif [ -f "$expected" ]; then
    if ! cmp -s "$expected" "$out"; then
        echo "$name: FAIL: serial output differs from $name.expected:"
        diff -u "$expected" "$out" | head -n 60
        fail=1
    fi
fi

if [ $use_qemu = 0 ] && [ -f "$statsfile" ]; then
    while read -r counter op want; do
        case "$counter" in '' | '#'*) continue ;; esac
        # "tb_flushes >0" and "tb_flushes > 0" are both accepted.
        case "$op" in
        '>='*) [ -z "$want" ] && want=${op#>=}; op='>=' ;;
        '>'*) [ -z "$want" ] && want=${op#>}; op='>' ;;
        '<'*) [ -z "$want" ] && want=${op#<}; op='<' ;;
        '='*) [ -z "$want" ] && want=${op#=}; op='=' ;;
        esac
        got=$(awk -v c="$counter" '$1 == "pcemu-stats" && $2 == c { v = $3 } END { print v }' "$err")
        case "$want" in
        *[!0-9]*)
            ref=$want
            want=$(awk -v c="$ref" '$1 == "pcemu-stats" && $2 == c { v = $3 } END { print v }' "$err")
            if [ -z "$want" ]; then
                echo "$name: FAIL: no 'pcemu-stats $ref' line on stderr (-d stats)"
                fail=1
                continue
            fi
            ;;
        esac
        if [ -z "$got" ]; then
            echo "$name: FAIL: no 'pcemu-stats $counter' line on stderr (-d stats)"
            fail=1
            continue
        fi
        case "$op" in
        '>') [ "$got" -gt "$want" ] ;;
        '>=') [ "$got" -ge "$want" ] ;;
        '<') [ "$got" -lt "$want" ] ;;
        '=') [ "$got" -eq "$want" ] ;;
        *) false ;;
        esac || {
            echo "$name: FAIL: stats $counter = $got, wanted $op $want"
            fail=1
        }
    done <"$statsfile"
fi

return $fail
}

if [ $use_qemu = 1 ]; then
    run_one "$@"
    fail=$?
else
    fail=0
    base_out=$out
    base_err=$err
    for accel in ${ACCEL:-tcg tci}; do
        out=$base_out
        err=$base_err
        [ "$accel" = tci ] || { out=$base_out.$accel; err=$base_err.$accel; }
        if ! run_one -accel "$accel" "$@"; then
            echo "$name: ($accel back end) failed"
            echo "--- stderr (last lines) ---"
            tail -n 20 "$err"
            fail=1
        fi
    done
fi
if [ $fail = 0 ]; then
    echo "$name: PASS"
    exit 0
fi
exit 1
