# firmware.mk - the project's own guest code, included by the top
# Makefile.am. Defines the guest toolchain (also used by tests/guest/guest.mk
# and tests/bench/bench.mk) and builds roms/demo.elf, the default guest that
# ./pcemu boots with no -kernel (the build embeds that file).
#
# Guest code is freestanding 32-bit i686 code without x87/SSE: see
# tests/guest/README.md for the instruction subset and tests/guest/check-insns.sh.
# The top Makefile.am must set EXTRA_DIST and CLEANFILES with '=' before
# including this file.

GUEST_CC = gcc -m32
GUEST_COMPILEFLAGS = -ffreestanding -fno-pic -fno-pie -fno-stack-protector -nostdlib \
	-mgeneral-regs-only -march=i686 -O2 -fno-asynchronous-unwind-tables \
	-Wall -Wextra
GUEST_LINKFLAGS = -static -no-pie -nostdlib -Wl,--build-id=none -Wl,-z,noexecstack

DEMO_SRCS = firmware/demo/crt0.S firmware/demo/demo.c
DEMO_LD_SCRIPT = firmware/demo/demo.ld

roms/demo.elf: $(DEMO_SRCS) $(DEMO_LD_SCRIPT)
	@$(MKDIR_P) roms
	$(AM_V_CCLD)$(GUEST_CC) $(GUEST_COMPILEFLAGS) $(GUEST_LINKFLAGS) \
		-Wl,-T,$(srcdir)/$(DEMO_LD_SCRIPT) -o $@ \
		$(srcdir)/firmware/demo/crt0.S $(srcdir)/firmware/demo/demo.c

# Boot the demo in QEMU, which must give the same output as ./pcemu.
demo-qemu: roms/demo.elf
	qemu-system-i386 -kernel roms/demo.elf -display none -serial stdio -monitor none \
		-nic none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
.PHONY: demo-qemu

EXTRA_DIST += $(DEMO_SRCS) $(DEMO_LD_SCRIPT)
CLEANFILES += roms/demo.elf

# The BIOS (roms/bios.bin).
include firmware/bios/bios.mk
