#!/bin/sh
# alu_oracle_tcg.sh - the host-silicon oracle again, on the x86-64 JIT back
# end (alu_oracle itself runs the default, TCI): once with every host
# feature the JIT may use (LZCNT/TZCNT...), once more with none of them, so
# the fallback code (BSF/BSR) is checked on any host.
set -e
"${top_builddir:-.}/tests/native/alu_oracle" -b tcg
exec "${top_builddir:-.}/tests/native/alu_oracle" -b tcg -H 0 -n 300000
