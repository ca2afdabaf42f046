# tests/native/native.mk - the host-silicon oracle (tests/native/alu_oracle.c):
# the x86-64 host runs the same register-form ALU instructions as the guest
# and every defined result and flag must match, on TCI (alu_oracle) and on
# the JIT (alu_oracle_tcg.sh). Skips on other hosts.
NATIVE_TESTS = tests/native/alu_oracle
check_PROGRAMS += $(NATIVE_TESTS)
TESTS += $(NATIVE_TESTS) tests/native/alu_oracle_tcg.sh
tests_native_alu_oracle_SOURCES = tests/native/alu_oracle.c
tests_native_alu_oracle_LDADD = $(HARNESS_LIBS)
EXTRA_DIST += tests/native/alu_oracle_tcg.sh docs/conformance.md
