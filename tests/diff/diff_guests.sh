#!/bin/sh
# diff_guests.sh - every guest test ELF under tests/diff/pcemu_diff: the JIT
# and TCI in lockstep must agree at every common instruction count and on
# RAM and serial output at the end. Options that change the machine
# (-m, -tb-size, -append) come from tests/guest/NAME.args; -d is dropped.
#
# usage: diff_guests.sh [NAME.elf...]
# Default: $DIFF_GUESTS (make check sets it to the guest tests of
# tests/guest/guest.mk, relative to top_builddir), else tests/guest/*.elf.
# Guests that need interrupts from devices the diff board does not model
# (PIC, PIT, RTC; see tests/diff/diff.h) are skipped: DIFF_SKIP, names.
# Environment: top_srcdir, top_builddir (set by make check).
set -u
src=${top_srcdir:-.}
build=${top_builddir:-.}
diff=$build/tests/diff/pcemu_diff
if [ ! -x "$diff" ]; then
    echo "diff_guests: $diff not built" >&2
    exit 99
fi
if [ $# -eq 0 ] && [ -n "${DIFF_GUESTS:-}" ]; then
    for g in $DIFF_GUESTS; do
        set -- "$@" "$build/$g"
    done
elif [ $# -eq 0 ]; then
    set -- "$build"/tests/guest/*.elf
fi
[ -f "$1" ] || { echo "diff_guests: no guest ELFs (make guest-tests)" >&2; exit 77; }

one() {
    elf=$1
    name=$(basename "$elf" .elf)
    args=$src/tests/guest/$name.args
    set --
    if [ -f "$args" ]; then
        eval "set -- $(cat "$args")"
    fi
    keep=
    for a in "$@"; do
        shift
        if [ -n "$keep" ]; then
            [ "$keep" = yes ] && set -- "$@" "$a"
            keep=
            continue
        fi
        case "$a" in
        -m | -tb-size | -append) set -- "$@" "$a"; keep=yes ;;
        -d | -D | -accel | -icount) keep=no ;; # pcemu-only, with a value
        *) ;;                                   # a flag: dropped
        esac
    done
    "$diff" -max-insns 50000000 "$@" "$elf"
}

skip=${DIFF_SKIP-pic_pit pic_spurious rtc_irq8 pm_real_switch paging_kernel_stack}
fail=0
for elf in "$@"; do
    name=$(basename "$elf" .elf)
    case " $skip " in
    *" $name "*) echo "$name.elf: skipped (needs devices)"; continue ;;
    esac
    one "$elf" || fail=1
done
exit $fail
