#!/bin/sh
# sst_tcg.sh - the SingleStepTests vectors again, on the x86-64 JIT back
# end (sst_runner itself runs the default, TCI).
exec "${top_builddir:-.}/tests/sst/sst_runner" --accel tcg
