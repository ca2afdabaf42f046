# tests/cli/cli.mk - command-line tests of the built ./pcemu (bad input).
TESTS += tests/cli/bad_input.sh tests/cli/monitor.sh
EXTRA_DIST += tests/cli/bad_input.sh tests/cli/monitor.sh
