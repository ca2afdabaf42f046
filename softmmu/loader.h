/*
 * loader.h - the multiboot v1 kernel loader (Multiboot Specification
 * 0.6.96, sections 3.1 "OS image format" and 3.3 "Boot information").
 *
 * Validates a 32-bit i386 ELF executable carrying a multiboot header,
 * copies its PT_LOAD segments into guest RAM (zeroing the bss), and
 * writes the multiboot information structure, its memory map, the boot
 * loader name and the command line into guest RAM. It does not touch the
 * CPU: the caller (pc_load_kernel) sets EIP, EAX and EBX from the result.
 * Every error is one line naming the file and the problem; nothing is
 * written to guest memory before the whole image was validated.
 *
 * RAM layout assumed (the board's): 0 - 0x9FFFF and 0x100000 - ram_size.
 */
#ifndef PCEMU_LOADER_H
#define PCEMU_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "softmmu/memory.h"

#define MULTIBOOT_HEADER_MAGIC     0x1badb002u
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2badb002u /* in EAX at entry */
#define MULTIBOOT_SEARCH           8192        /* header within the first 8 KiB */
#define MULTIBOOT_INFO_ADDR        0x9000      /* preferred place of the info */

/* multiboot_info.flags */
#define MULTIBOOT_INFO_MEMORY      (1u << 0)
#define MULTIBOOT_INFO_CMDLINE     (1u << 2)
#define MULTIBOOT_INFO_MEM_MAP     (1u << 6)
#define MULTIBOOT_INFO_LOADER_NAME (1u << 9)

/* multiboot_info field offsets */
#define MBI_FLAGS            0
#define MBI_MEM_LOWER        4
#define MBI_MEM_UPPER        8
#define MBI_CMDLINE          16
#define MBI_MMAP_LENGTH      44
#define MBI_MMAP_ADDR        48
#define MBI_BOOT_LOADER_NAME 64
#define MBI_SIZE             88

#define LOADER_LOW_RAM_END 0xa0000u  /* end of conventional memory */
#define LOADER_HIGH_RAM    0x100000u /* start of extended memory */

typedef struct LoaderResult {
    uint32_t entry;     /* physical entry point */
    uint32_t info_addr; /* multiboot info, for EBX */
    uint32_t load_start;
    uint32_t load_end; /* lowest and highest+1 byte of the loaded image */
} LoaderResult;

/* Load a multiboot ELF from a file. The guest command line is QEMU's:
 * "<path> <cmdline>". Returns 0, or -1 with one line in err. */
int loader_multiboot_file(AddressSpace *as, uint32_t ram_size, const char *path,
                          const char *cmdline, LoaderResult *res, char *err, size_t errlen);
/* Same from memory; name stands for the file in messages and cmdline. */
int loader_multiboot_mem(AddressSpace *as, uint32_t ram_size, const uint8_t *image, size_t len,
                         const char *name, const char *cmdline, LoaderResult *res, char *err,
                         size_t errlen);

/* The embedded default guest: roms/demo-elf.c, generated at build time
 * from roms/demo.elf by tools/bin2c and linked into pcemu only. */
extern const unsigned char pcemu_demo_elf[];
extern const unsigned int pcemu_demo_elf_len;
/* pcemu's own BIOS (firmware/bios), embedded like the demo (roms/bios-bin.c). */
extern const unsigned char pcemu_bios_bin[];
extern const unsigned int pcemu_bios_bin_len;

#endif
