# tests/boot/boot.mk - boot tests: FreeDOS (../shared/guests/freedos/) with
# pcemu's own BIOS, on pcemu and on QEMU. Each skips (77) when what it
# needs is missing.
TESTS += tests/boot/freedos_bios_pcemu.sh tests/boot/freedos_bios_qemu.sh tests/boot/hdd_boot.sh
check_DATA += roms/bios.bin
EXTRA_DIST += tests/boot/boot-marker.sh tests/boot/freedos_bios_pcemu.sh \
	tests/boot/freedos_bios_qemu.sh tests/boot/hdd_boot.sh tests/boot/hdd_probe.S
