#!/bin/sh
# check-insns.sh - list the instructions in guest ELFs that are outside the
# guest contract (tests/guest/README.md: what pcemu's translator implements).
#
# gcc picks instructions on its own (cmov, bt, shld, padding nops...); run
# this on every guest after changing code or compiler flags:
#   tests/guest/check-insns.sh tests/guest/*.elf roms/demo.elf
# Prints the offending mnemonics per file; exit status 1 if there are any.
set -u
base='mov|movz|movs|lea|xchg|add|adc|sub|sbb|and|or|xor|cmp|test|inc|dec|neg|not'
base="$base|shl|sal|shr|sar|rol|ror|rcl|rcr|shld|shrd|mul|imul|div|idiv"
base="$base|push|pop|pusha|popa|pushf|popf|call|ret|jmp|j[a-z]+|set[a-z]+|cmov[a-z]+"
base="$base|loop|jecxz|leave|enter|cltd|cwtl|cbtw|cwtd|movs|stos|lods|cmps|scas"
base="$base|in|out|ins|outs|cli|sti|hlt|nop|cld|std|clc|stc|cmc|lahf|sahf|bswap"
base="$base|bt|bts|btr|btc|bsf|bsr|xadd|cmpxchg|cmpxchg8b|cpuid|rdtsc|xlat"
allowed="^($base)(b|w|l|bw|bl|wl)?\$"
status=0
for elf in "$@"; do
    # objdump -d lines: "  addr:<TAB>bytes<TAB>mnemonic operands"
    bad=$(objdump -d "$elf" | awk -F'\t' '
        NF >= 3 && $1 ~ /^ *[0-9a-f]+:$/ {
            n = split($3, w, " "); i = 1
            while (i < n && w[i] ~ /^(rep|repz|repnz|repe|repne|data16|cs|ds|es|ss|fs|gs)$/) i++
            m = w[i]
            if (m == "nop" && n > i) m = "nop-multibyte(0f1f)"
            if (m != "" && m !~ /^(\.byte|\(bad\))$/) print m
        }' | sort -u | grep -Ev "$allowed" | tr '\n' ' ')
    if [ -n "$bad" ]; then
        echo "$elf: outside the guest contract: $bad"
        status=1
    fi
done
exit $status
