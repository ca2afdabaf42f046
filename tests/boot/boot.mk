# tests/boot/boot.mk - boot tests: FreeDOS (../shared/guests/freedos/) with
# pcemu's own BIOS, on pcemu and on QEMU, and with SeaBIOS; write-back,
# screen text and hard-disk boot. Each skips (77) when what it needs is
# missing.
TESTS += tests/boot/freedos_bios_pcemu.sh tests/boot/freedos_bios_qemu.sh tests/boot/hdd_boot.sh \
	tests/boot/freedos_writeback.sh tests/boot/freedos_screen.sh tests/boot/freedos_hdd.sh \
	tests/boot/freedos_seabios.sh
check_DATA += roms/bios.bin
EXTRA_DIST += tests/boot/boot-marker.sh tests/boot/console-lib.sh tests/boot/freedos_bios_pcemu.sh \
	tests/boot/freedos_bios_qemu.sh tests/boot/hdd_boot.sh tests/boot/hdd_probe.S \
	tests/boot/freedos_writeback.sh tests/boot/freedos_screen.sh tests/boot/freedos_hdd.sh \
	tests/boot/hdd_mbr.S tests/boot/freedos_seabios.sh
