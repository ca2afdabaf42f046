#!/bin/sh
# freedos_screen.sh - the FreeDOS prompt on the text screen: freedos.img
# boots headless (-display none, so the BIOS mirrors the console to COM1,
# which tells when the shell is at its prompt), pcemu gets SIGTERM, and the
# text written by -screendump-at-exit OUT.txt (characters, not pixels) must
# show the A:\> prompt on the first line and nothing of the boot text
# (AUTOEXEC.BAT ends with cls).
# Exit: 0 passed, 1 failed, 77 (skip) without the image or pcemu.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PCEMU=${PCEMU:-$top_builddir/pcemu}
IMG=$top_srcdir/../shared/guests/freedos/freedos.img
TIMEOUT=${TIMEOUT:-60}

for f in "$PCEMU" "$IMG"; do
    [ -e "$f" ] || { echo "SKIP: $f missing"; exit 77; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcemu-screen.XXXXXX") || exit 1
trap 'kill -9 $con_pid 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
. "$top_srcdir/tests/boot/console-lib.sh"

con_start "$tmp/log" -fda "$IMG" -snapshot -display none -serial stdio -monitor none \
    -icount shift=0 -screendump-at-exit "$tmp/screen.txt"
con_wait '\[HA:\\>' 1 "$TIMEOUT" || con_fail "no A:\\> prompt on COM1"
con_stop TERM
if [ "$con_status" -ne 0 ]; then
    con_fail "pcemu exited with status $con_status on SIGTERM"
fi
if [ ! -s "$tmp/screen.txt" ]; then
    con_fail "-screendump-at-exit wrote no $tmp/screen.txt on SIGTERM"
fi
first=$(head -n 1 "$tmp/screen.txt" | tr -d '\r')
if [ "$first" != 'A:\>' ] || grep -q 'FreeDOS kernel' "$tmp/screen.txt"; then
    echo "FAIL: the screen is not the cleared prompt; it reads:"
    cat "$tmp/screen.txt"
    exit 1
fi
echo "ok: screen line 1 is '$first'"
exit 0
