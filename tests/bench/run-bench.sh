#!/bin/sh
# run-bench.sh - time each benchmark workload under pcemu and QEMU.
#
# usage: run-bench.sh [BENCH_ELF]     (default tests/bench/bench.elf)
# env:   PCEMU (./pcemu), QEMU (qemu-system-i386), BENCH_WORKLOADS
#        (default "sieve crc32 matmul memcpy memset random fib"),
#        BENCH_SCALE (1), TIMEOUT (600 s per run)
#
# Runs every workload once under `pcemu -accel tci` and once under
# `qemu-system-i386 -accel tcg` (skipped if not installed), measures wall
# time with date +%s.%N, and prints workload, seconds for each, the ratio
# pcemu/qemu and the geometric mean of the ratios. Each emulator's boot
# and exit overhead (QEMU's SeaBIOS takes ~0.1 s) is measured with the
# "empty" workload and subtracted from its times. A run whose output lacks
# "NAME: result" or whose exit status is not 1 is reported as FAILED.
set -u
elf=${1:-tests/bench/bench.elf}
pcemu=${PCEMU:-./pcemu}
qemu=${QEMU:-qemu-system-i386}
workloads=${BENCH_WORKLOADS:-"sieve crc32 matmul memcpy memset random fib"}
scale=${BENCH_SCALE:-1}
tmo=${TIMEOUT:-600}
log=${TMPDIR:-/tmp}/pcemu-bench.$$
trap 'rm -f "$log"' EXIT

[ -f "$elf" ] || { echo "run-bench: no benchmark ELF $elf (make bench builds it)" >&2; exit 1; }
have_pcemu=0; [ -x "$pcemu" ] && have_pcemu=1
have_qemu=0; command -v "$qemu" >/dev/null 2>&1 && have_qemu=1
[ $have_pcemu = 1 ] || echo "run-bench: $pcemu not found, pcemu column skipped" >&2
[ $have_qemu = 1 ] || echo "run-bench: $qemu not found, qemu column skipped" >&2

now() { date +%s.%N; }

# run EMU WORKLOAD -> prints seconds, or "FAILED"
run() {
    w=$2
    if [ "$1" = pcemu ]; then
        set -- "$pcemu" -nographic -accel tci
    else
        # not -nographic: SeaBIOS would mirror its banner to the serial port
        set -- "$qemu" -accel tcg -display none -serial stdio -monitor none -nic none
    fi
    t0=$(now)
    timeout "$tmo" "$@" -m 64 -no-reboot -kernel "$elf" \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -append "$w scale=$scale" >"$log" 2>&1 </dev/null
    st=$?
    t1=$(now)
    if [ $st -ne 1 ] || ! grep -q "^$w: result" "$log"; then
        echo FAILED
    else
        echo "$t1 $t0" | awk '{ printf "%.3f\n", $1 - $2 }'
    fi
}

sub() { echo "$1 $2" | awk '{ d = $1 - $2; if (d < 0.001) d = 0.001; printf "%.3f\n", d }'; }

p0=0; q0=0
[ $have_pcemu = 1 ] && p0=$(run pcemu empty)
[ $have_qemu = 1 ] && q0=$(run qemu empty)
echo "boot+exit overhead (empty workload, subtracted below): pcemu ${p0} s, qemu ${q0} s"
printf '%-10s %10s %10s %10s\n' workload "pcemu s" "qemu s" pcemu/qemu
sumlog=0; n=0
for w in $workloads; do
    p=-; q=-; r=-
    if [ $have_pcemu = 1 ]; then
        p=$(run pcemu "$w")
        [ "$p" != FAILED ] && [ "$p0" != FAILED ] && p=$(sub "$p" "$p0")
    fi
    if [ $have_qemu = 1 ]; then
        q=$(run qemu "$w")
        [ "$q" != FAILED ] && [ "$q0" != FAILED ] && q=$(sub "$q" "$q0")
    fi
    case "$p$q" in
    *FAILED* | *-*) ;;
    *)
        r=$(echo "$p $q" | awk '{ printf "%.2f\n", $1 / $2 }')
        sumlog=$(echo "$sumlog $r" | awk '{ printf "%.6f\n", $1 + log($2) }')
        n=$((n + 1))
        ;;
    esac
    printf '%-10s %10s %10s %10s\n' "$w" "$p" "$q" "$r"
done
if [ $n -gt 0 ]; then
    echo "$sumlog $n" | awk '{ printf "geometric mean pcemu/qemu: %.2f (%d workloads)\n", exp($1 / $2), $2 }'
fi
