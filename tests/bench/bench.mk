# bench.mk - benchmarks (tests/bench), not part of `make check`.
# `make bench` builds tests/bench/bench.elf and runs tests/bench/run-bench.sh,
# which times each workload under ./pcemu (JIT and TCI) and qemu-system-i386;
# `make bench-profile` runs tests/bench/profile.sh (perf: where the time goes).
# Uses GUEST_* from firmware/firmware.mk and the runtime objects of
# tests/guest/guest.mk. EXTRA_DIST and CLEANFILES must be set with '='
# before this file is included.

tests/bench/bench.elf: tests/bench/bench.c $(GUEST_LIB_OBJS) $(GUEST_LIB_HDRS) $(GUEST_LD_SCRIPT)
	@$(MKDIR_P) tests/bench
	$(AM_V_CCLD)$(GUEST_CC) $(GUEST_TEST_COMPILEFLAGS) $(GUEST_TEST_LINKFLAGS) -o $@ \
		$(GUEST_LIB_OBJS) $(srcdir)/tests/bench/bench.c

bench: tests/bench/bench.elf pcemu$(EXEEXT)
	$(SHELL) $(srcdir)/tests/bench/run-bench.sh tests/bench/bench.elf
bench-profile: tests/bench/bench.elf pcemu$(EXEEXT)
	$(SHELL) $(srcdir)/tests/bench/profile.sh tests/bench/bench.elf
.PHONY: bench bench-profile

EXTRA_DIST += tests/bench/bench.c tests/bench/run-bench.sh tests/bench/profile.sh
CLEANFILES += tests/bench/bench.elf
