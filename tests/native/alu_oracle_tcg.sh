#!/bin/sh
# alu_oracle_tcg.sh - the host-silicon oracle again, on the x86-64 JIT back
# end (alu_oracle itself runs the default, TCI).
exec "${top_builddir:-.}/tests/native/alu_oracle" -b tcg
