# bios.mk - pcemu's own BIOS (firmware/bios/), included by firmware/firmware.mk.
# Builds roms/bios.bin: a raw 64 KiB image for F0000h-FFFFFh (and the top of
# 4 GiB), reset vector at F000:FFF0. C is compiled with gcc -m16; see
# docs/bios.md for the execution model and what each service does.

BIOS_CC = gcc
BIOS_COMPILEFLAGS = -m16 -march=i386 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-delete-null-pointer-checks -mgeneral-regs-only \
	-fno-builtin -fno-strict-aliasing -Os -Wall -Wextra -Werror -Wno-array-bounds -std=gnu11
BIOS_LINKFLAGS = -m16 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack -Wl,--no-check-sections

BIOS_CSRCS = firmware/bios/post.c firmware/bios/video.c firmware/bios/serial.c \
	firmware/bios/kbd.c firmware/bios/disk.c firmware/bios/floppy.c firmware/bios/ata.c \
	firmware/bios/system.c firmware/bios/clock.c firmware/bios/util.c
BIOS_SRCS = firmware/bios/entry.S $(BIOS_CSRCS)
BIOS_DEPS = $(BIOS_SRCS) firmware/bios/bios.h firmware/bios/bios.ld

roms/bios.elf: $(BIOS_DEPS)
	@$(MKDIR_P) roms
	$(AM_V_CCLD)$(BIOS_CC) $(BIOS_COMPILEFLAGS) $(BIOS_LINKFLAGS) \
		-Wl,-T,$(srcdir)/firmware/bios/bios.ld -o $@ \
		$(addprefix $(srcdir)/,$(BIOS_SRCS))

roms/bios.bin: roms/bios.elf
	$(AM_V_GEN)objcopy -O binary $< $@.tmp && \
		test `wc -c < $@.tmp` -eq 65536 && mv $@.tmp $@

noinst_DATA += roms/bios.bin

# Boot the FreeDOS serial floppy in QEMU with this BIOS.
bios-qemu: roms/bios.bin
	qemu-system-i386 -bios roms/bios.bin \
		-drive file=$(srcdir)/../shared/guests/freedos/freedos-serial.img,format=raw,if=floppy,snapshot=on \
		-boot a -display none -serial stdio -monitor none -nic none
.PHONY: bios-qemu

EXTRA_DIST += $(BIOS_DEPS) firmware/bios/bios.mk docs/bios.md
CLEANFILES += roms/bios.elf roms/bios.bin roms/bios.bin.tmp
