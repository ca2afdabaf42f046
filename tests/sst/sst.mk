# tests/sst/sst.mk - the SingleStepTests real-mode runner (docs/conformance.md).
# Reads $(top_srcdir)/../shared/tests/sst/v1_real_mode; exits 77 (SKIP)
# when that directory is missing.
SST_TESTS = tests/sst/sst_runner
check_PROGRAMS += $(SST_TESTS)
TESTS += $(SST_TESTS) tests/sst/sst_tcg.sh
tests_sst_sst_runner_SOURCES = tests/sst/sst_runner.c
tests_sst_sst_runner_CFLAGS = $(AM_CFLAGS) $(ZLIB_CFLAGS)
tests_sst_sst_runner_LDADD = $(HARNESS_LIBS)
EXTRA_DIST += docs/conformance.md tests/sst/sst_tcg.sh
