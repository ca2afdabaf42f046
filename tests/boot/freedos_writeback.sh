#!/bin/sh
# freedos_writeback.sh - disk writes reach the image file: FreeDOS on a
# copy of freedos.img (headless, -nographic: the serial console) runs
# "echo ... > A:\OUT.TXT", pcemu is then killed with SIGKILL (nothing can
# be flushed at exit), and mtools reads OUT.TXT back from the image. The
# same run with -snapshot must leave the image unchanged (byte for byte).
# Exit: 0 passed, 1 failed, 77 (skip) without the image, pcemu or mtools.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PCEMU=${PCEMU:-$top_builddir/pcemu}
IMG=$top_srcdir/../shared/guests/freedos/freedos.img
TIMEOUT=${TIMEOUT:-60}
TEXT=HELLO-PCEMU-WRITEBACK-0123456789

for f in "$PCEMU" "$IMG"; do
    [ -e "$f" ] || { echo "SKIP: $f missing"; exit 77; }
done
command -v mtype >/dev/null 2>&1 || { echo "SKIP: mtools (mtype) not installed"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcemu-wb.XXXXXX") || exit 1
trap 'kill -9 $con_pid 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
. "$top_srcdir/tests/boot/console-lib.sh"
export MTOOLS_SKIP_CHECK=1

# run NAME [OPTIONS]: boot a fresh copy, write OUT.TXT, TYPE it, SIGKILL.
run() {
    cp "$IMG" "$tmp/$1.img" && chmod u+w "$tmp/$1.img" || exit 1
    img=$tmp/$1.img
    name=$1
    shift
    con_start "$tmp/$name.log" -fda "$img" -nographic -icount shift=0 "$@"
    # AUTOEXEC.BAT ends with cls: the prompt after ESC [ H is the shell's
    con_wait '\[HA:\\>' 1 "$TIMEOUT" || con_fail "$name: no A:\\> prompt after boot"
    con_type "echo $TEXT > A:\\OUT.TXT"
    con_wait 'A:\\>' 3 "$TIMEOUT" || con_fail "$name: no prompt after echo"
    con_type "type A:\\OUT.TXT"
    con_wait "^$TEXT" 1 "$TIMEOUT" || con_fail "$name: TYPE does not show the file"
    con_wait 'A:\\>' 4 "$TIMEOUT" || con_fail "$name: no prompt after type"
    con_stop KILL
}

run plain
got=$(mtype -i "$tmp/plain.img" ::OUT.TXT 2>&1 | tr -d '\r\n ')
if [ "$got" != "$TEXT" ]; then
    echo "FAIL: OUT.TXT in the image after SIGKILL holds '$got', not '$TEXT'"
    exit 1
fi
echo "ok: OUT.TXT written through to the image ($got)"

run snap -snapshot
if mtype -i "$tmp/snap.img" ::OUT.TXT >/dev/null 2>&1 || ! cmp -s "$IMG" "$tmp/snap.img"; then
    echo "FAIL: with -snapshot the image changed"
    exit 1
fi
echo "ok: -snapshot left the image unchanged"
exit 0
