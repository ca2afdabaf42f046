/*
 * vgamem.h - a placeholder for the legacy video window 0xA0000-0xBFFFF.
 *
 * Until the real VGA (hw/vga.c) replaces it, the window is 128 KiB of
 * plain bytes behind MMIO ops: every access leaves the TLB fast path, so
 * guest tests use it to exercise MMIO reads, writes and code executed
 * from MMIO. Owns its 128 KiB.
 */
#ifndef PCEMU_VGAMEM_H
#define PCEMU_VGAMEM_H

#include <stdint.h>

#include "softmmu/memory.h"

#define VGAMEM_BASE 0xa0000
#define VGAMEM_SIZE 0x20000

typedef struct VGAMemState VGAMemState;

/* Maps the window into as; NULL on OOM or a full region table. */
VGAMemState *vgamem_init(AddressSpace *as);
void vgamem_free(VGAMemState *s);
/* Clears the window. */
void vgamem_reset(VGAMemState *s);

#endif
