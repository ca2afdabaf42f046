/*
 * vgamem.c - 128 KiB of plain memory at 0xA0000 behind MMIO ops.
 *
 * Not a VGA: a stand-in so the legacy video window exists and behaves as
 * MMIO (no host pointer, every access through vgamem_read/vgamem_write)
 * until hw/vga.c replaces it with planes, latches and the graphics
 * controller. All access sizes, little-endian.
 */
#include <stdlib.h>
#include <string.h>

#include "hw/vgamem.h"
#include "softmmu/bswap.h"

struct VGAMemState {
    uint8_t mem[VGAMEM_SIZE];
};

static uint32_t vgamem_read(void *opaque, uint32_t offset, int size)
{
    VGAMemState *s = opaque;

    if (offset + (uint32_t)size > VGAMEM_SIZE) {
        return size_mask(size);
    }
    return ld_le_p(&s->mem[offset], size);
}

static void vgamem_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    VGAMemState *s = opaque;

    if (offset + (uint32_t)size <= VGAMEM_SIZE) {
        st_le_p(&s->mem[offset], val, size);
    }
}

static const MemOps vgamem_ops = {
    .read = vgamem_read,
    .write = vgamem_write,
};

VGAMemState *vgamem_init(AddressSpace *as)
{
    VGAMemState *s = calloc(1, sizeof(*s));

    if (!s) {
        return NULL;
    }
    if (mem_map_mmio(as, "vga-window", VGAMEM_BASE, VGAMEM_SIZE, &vgamem_ops, s) < 0) {
        free(s);
        return NULL;
    }
    return s;
}

void vgamem_free(VGAMemState *s)
{
    free(s);
}

void vgamem_reset(VGAMemState *s)
{
    memset(s->mem, 0, sizeof(s->mem));
}
