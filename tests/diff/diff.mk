# tests/diff/diff.mk - the differential tester (tests/diff/diff.h): guests
# and random instruction streams run under the JIT and TCI in lockstep, the
# CPU state compared at every common instruction count.
check_LIBRARIES += tests/diff/libdiff.a
tests_diff_libdiff_a_SOURCES = tests/diff/diff.c tests/diff/diff.h
DIFF_LIBS = tests/diff/libdiff.a $(PCEMU_LIBS)

DIFF_PROGS = tests/diff/pcemu_diff tests/diff/diff_random
check_PROGRAMS += $(DIFF_PROGS)
TESTS += tests/diff/diff_random tests/diff/diff_guests.sh
tests_diff_pcemu_diff_SOURCES = tests/diff/pcemu_diff.c
tests_diff_pcemu_diff_LDADD = $(DIFF_LIBS)
tests_diff_diff_random_SOURCES = tests/diff/diff_random.c
tests_diff_diff_random_LDADD = $(DIFF_LIBS)

if HAVE_CHECK
check_PROGRAMS += tests/diff/diff_selftest
TESTS += tests/diff/diff_selftest
tests_diff_diff_selftest_SOURCES = tests/diff/diff_selftest.c
tests_diff_diff_selftest_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_diff_diff_selftest_LDADD = $(DIFF_LIBS) $(CHECK_LIBS)
endif

# diff_guests.sh runs the registered guest tests (not stray ELFs)
AM_TESTS_ENVIRONMENT += DIFF_GUESTS='$(GUEST_TEST_ELFS)'; export DIFF_GUESTS;
EXTRA_DIST += tests/diff/diff_guests.sh
