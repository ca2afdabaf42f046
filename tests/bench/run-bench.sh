#!/bin/sh
# run-bench.sh - time each benchmark workload under pcemu and QEMU.
#
# usage: run-bench.sh [BENCH_ELF]     (default tests/bench/bench.elf)
# env:   PCEMU (./pcemu), QEMU (qemu-system-i386), BENCH_WORKLOADS
#        (default "sieve crc32 matmul memcpy memset random fib pchase smc"),
#        BENCH_SCALE (1), BENCH_REPEAT (3), TIMEOUT (600 s per run)
#
# Runs every workload under `pcemu -accel tcg` (the JIT), `pcemu -accel tci` and
# `qemu-system-i386 -accel tcg` (skipped if not installed), measures wall
# time with date +%s.%N (the best of BENCH_REPEAT runs in a row, as a
# shared machine only ever adds time), and prints workload, seconds for each, the ratio
# pcemu/qemu and the geometric mean of the ratios. Each emulator's boot
# and exit overhead (QEMU's SeaBIOS takes ~0.1 s) is measured with the
# "empty" workload and subtracted from its times. A run whose output lacks
# "NAME: result" or whose exit status is not 1 is reported as FAILED.
set -u
elf=${1:-tests/bench/bench.elf}
pcemu=${PCEMU:-./pcemu}
qemu=${QEMU:-qemu-system-i386}
workloads=${BENCH_WORKLOADS:-"sieve crc32 matmul memcpy memset random fib pchase smc"}
scale=${BENCH_SCALE:-1}
repeat=${BENCH_REPEAT:-3}
tmo=${TIMEOUT:-600}
log=${TMPDIR:-/tmp}/pcemu-bench.$$
trap 'rm -f "$log"' EXIT

[ -f "$elf" ] || { echo "run-bench: no benchmark ELF $elf (make bench builds it)" >&2; exit 1; }
have_pcemu=0; [ -x "$pcemu" ] && have_pcemu=1
have_qemu=0; command -v "$qemu" >/dev/null 2>&1 && have_qemu=1
[ $have_pcemu = 1 ] || echo "run-bench: $pcemu not found, pcemu column skipped" >&2
[ $have_qemu = 1 ] || echo "run-bench: $qemu not found, qemu column skipped" >&2

now() { date +%s.%N; }

# run EMU WORKLOAD -> prints seconds, or "FAILED". EMU: jit, tci or qemu.
run() {
    w=$2
    case "$1" in
    jit) set -- "$pcemu" -nographic -accel tcg ;;
    tci) set -- "$pcemu" -nographic -accel tci ;;
    *)
        # not -nographic: SeaBIOS would mirror its banner to the serial port
        set -- "$qemu" -accel tcg -display none -serial stdio -monitor none -nic none
        ;;
    esac
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
ratio() { echo "$1 $2" | awk '{ printf "%.2f\n", $1 / $2 }'; }
ok() { case "$1" in FAILED | -) return 1 ;; esac; return 0; }
best() { # best WORKLOAD EMU: the fastest of $repeat runs (FAILED if any failed)
    b=-
    i=0
    while [ $i -lt "$repeat" ]; do
        t=$(run "$2" "$1")
        ok "$t" || { echo FAILED; return; }
        b=$(echo "$b $t" | awk '{ print ($1 == "-" || $2 < $1) ? $2 : $1 }')
        i=$((i + 1))
    done
    echo "$b"
}

emus=""
[ $have_pcemu = 1 ] && emus="jit tci"
[ $have_qemu = 1 ] && emus="$emus qemu"
for e in jit tci qemu; do eval "o_$e=0"; done
for e in $emus; do eval "o_$e=\$(best empty $e)"; done
echo "boot+exit overhead (empty workload, subtracted below):" \
    "pcemu-jit ${o_jit} s, pcemu-tci ${o_tci} s, qemu ${o_qemu} s"
printf '%-10s %9s %9s %9s %9s %9s\n' workload "jit s" "tci s" "qemu s" jit/qemu tci/qemu
sumj=0; sumt=0; n=0
for w in $workloads; do
    for e in jit tci qemu; do eval "t_$e=-"; done
    for e in $emus; do
        t=$(best "$w" "$e")
        eval "o=\$o_$e"
        ok "$t" && ok "$o" && t=$(sub "$t" "$o")
        eval "t_$e=\$t"
    done
    rj=-; rt=-
    if ok "$t_jit" && ok "$t_tci" && ok "$t_qemu"; then
        rj=$(ratio "$t_jit" "$t_qemu")
        rt=$(ratio "$t_tci" "$t_qemu")
        sumj=$(echo "$sumj $rj" | awk '{ printf "%.6f\n", $1 + log($2) }')
        sumt=$(echo "$sumt $rt" | awk '{ printf "%.6f\n", $1 + log($2) }')
        n=$((n + 1))
    fi
    printf '%-10s %9s %9s %9s %9s %9s\n' "$w" "$t_jit" "$t_tci" "$t_qemu" "$rj" "$rt"
done
if [ $n -gt 0 ]; then
    echo "$sumj $sumt $n" | awk '{ printf "geometric mean: jit/qemu %.2f, tci/qemu %.2f (%d workloads)\n", exp($1 / $3), exp($2 / $3), $3 }'
fi
