#!/bin/sh
# profile.sh - where pcemu's time goes, per benchmark workload.
#
# usage: tests/bench/profile.sh [BENCH_ELF]   (default tests/bench/bench.elf)
# env:   PCEMU (./pcemu), BENCH_WORKLOADS (as run-bench.sh), ACCEL (tcg)
#
# Samples each workload with `perf record -e cpu-clock` (perf from the
# linux-perf package; skipped with a message without it) and sorts the
# samples by symbol into: JIT code (anonymous [JIT] addresses),
# translation (front end, optimizer, liveness, back-end emitters), the
# softmmu slow path (helper_ld/st_mmu with the guest RAM access it makes,
# so a cache miss on guest data there counts here), TLB fills and page
# walks, other helpers (with the memmove/memset of REP MOVS/STOS), the
# execution loop (lookup, chaining), and the rest (mostly the kernel
# zeroing first-touched guest RAM).
set -u
elf=${1:-tests/bench/bench.elf}
pcemu=${PCEMU:-./pcemu}
accel=${ACCEL:-tcg}
workloads=${BENCH_WORKLOADS:-"sieve crc32 matmul memcpy memset random fib pchase smc"}
command -v perf >/dev/null 2>&1 || { echo "profile: perf not installed (apt-get install linux-perf)" >&2; exit 0; }
[ -f "$elf" ] || { echo "profile: no benchmark ELF $elf (make bench builds it)" >&2; exit 1; }
data=${TMPDIR:-/tmp}/pcemu-profile.$$
trap 'rm -f "$data"' EXIT

printf '%-8s %6s %6s %6s %6s %6s %6s %6s\n' workload jit% trans% slow% tlb% help% loop% other%
for w in $workloads; do
    perf record -q -e cpu-clock -o "$data" "$pcemu" -nographic -accel "$accel" -m 64 -no-reboot \
        -kernel "$elf" -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -append "$w scale=1" >/dev/null 2>&1 </dev/null
    perf report -i "$data" --stdio --sort sym 2>/dev/null | grep '%' | grep -v '^#' | awk -v w="$w" '
    {
        p = $1; sub("%", "", p); s = $0
        if (s ~ /\[JIT\]|\] 0x0000/) c = "jit"
        else if (s ~ /tlb_fill|paging|x86_walk|tlb_set|victim|get_page_addr|probe_page/) c = "tlb"
        else if (s ~ /helper_ld_mmu|helper_st_mmu|cpu_ld|cpu_st|ld_page|st_page|mem_read|mem_write|io_read|io_write|tb_invalidate|tb_page_is_code/) c = "slow"
        else if (s ~ /translate|gen_|tcg_|optimize|liveness|frame_|plan_|emit|decode|disas|ir_|tb_gen|tb_link|tb_alloc|jit_|tci_gen|codebuf|op_env|op_rr|greg_|finish_rax|settle|load_arg|tlb_protect/) c = "trans"
        else if (s ~ /helper|memmove|memset|memcpy/) c = "help"
        else if (s ~ /cpu_exec|tb_lookup|tb_find|htable|jit_tb_exec|tci_tb_exec|budget|tb_add_jump|cpu_handle/) c = "loop"
        else c = "other"
        t[c] += p
    }
    END { printf "%-8s %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f\n", w, t["jit"], t["trans"], t["slow"], t["tlb"], t["help"], t["loop"], t["other"] }'
done
