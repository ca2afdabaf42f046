# tests/harness/harness.mk - the bare-CPU harness shared by in-process tests
# (unit tests of the translator, the SST runner, the host-silicon oracle).
check_LIBRARIES = tests/harness/libharness.a
tests_harness_libharness_a_SOURCES = tests/harness/cpu_harness.c tests/harness/cpu_harness.h
HARNESS_LIBS = tests/harness/libharness.a $(PCEMU_LIBS)
