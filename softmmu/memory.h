/*
 * memory.h - the guest physical address space: RAM, ROM and MMIO regions.
 *
 * Owns the region table and a 4 KiB-granular page map of the 32-bit
 * physical space. Regions are page aligned and do not overlap (the last
 * one mapped wins where they do, which the board uses for holes). Devices
 * own their MMIO state and are reached only through MemOps with their
 * opaque pointer. Nothing here knows about the CPU: writes that may hit
 * translated code are reported through the write_notify hook that the
 * TB cache installs.
 */
#ifndef PCEMU_MEMORY_H
#define PCEMU_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEM_PAGE_BITS  12
#define MEM_PAGE_SIZE  (1u << MEM_PAGE_BITS)
#define MEM_NPAGES     (1u << (32 - MEM_PAGE_BITS))
#define MEM_MAX_REGIONS 63

typedef struct MemOps {
    /* offset is relative to the region base; size is 1, 2 or 4 */
    uint32_t (*read)(void *opaque, uint32_t offset, int size);
    void (*write)(void *opaque, uint32_t offset, uint32_t val, int size);
} MemOps;

typedef enum MemRegionKind {
    MR_UNASSIGNED = 0,
    MR_RAM,
    MR_ROM,
    MR_MMIO,
} MemRegionKind;

typedef struct MemRegion {
    MemRegionKind kind;
    const char *name;
    uint32_t base;
    uint32_t size;
    uint8_t *host;       /* RAM/ROM backing, NULL for MMIO */
    const MemOps *ops;   /* MMIO only */
    void *opaque;
} MemRegion;

typedef struct AddressSpace {
    MemRegion regions[MEM_MAX_REGIONS + 1]; /* [0] is the unassigned region */
    int nregions;                           /* entries in use, counting [0] */
    uint8_t *page_map;                      /* MEM_NPAGES region indexes */
    /* Called for every write that does not go through the TLB fast path
     * into RAM (loader, DMA, slow path), so the TB cache can drop code. */
    void (*write_notify)(void *opaque, uint32_t paddr, uint32_t len);
    void *notify_opaque;
} AddressSpace;

int mem_init(AddressSpace *as);
/* Guest RAM of size bytes (a multiple of 4 KiB): zero, backed lazily,
 * 2 MiB aligned and offered to the kernel for transparent huge pages
 * (fewer host TLB misses on guest memory, as QEMU does). NULL if the
 * host has no room. Free with mem_ram_free. */
uint8_t *mem_ram_alloc(size_t size);
void mem_ram_free(uint8_t *ram, size_t size);
void mem_destroy(AddressSpace *as);

/* Map a region. base and size must be page aligned. Return 0 or -1. */
int mem_map_ram(AddressSpace *as, const char *name, uint32_t base, uint32_t size, uint8_t *host);
int mem_map_rom(AddressSpace *as, const char *name, uint32_t base, uint32_t size, uint8_t *host);
int mem_map_mmio(AddressSpace *as, const char *name, uint32_t base, uint32_t size,
                 const MemOps *ops, void *opaque);

static inline const MemRegion *mem_lookup(const AddressSpace *as, uint32_t paddr)
{
    return &as->regions[as->page_map[paddr >> MEM_PAGE_BITS]];
}

/* Host pointer for paddr if it is RAM (or ROM when rom_ok), else NULL. */
uint8_t *mem_host_ptr(const AddressSpace *as, uint32_t paddr, bool rom_ok);

/* Sized access to any region; unassigned reads give all ones. An access
 * that crosses a page is split into bytes. */
uint32_t mem_read(AddressSpace *as, uint32_t paddr, int size);
void mem_write(AddressSpace *as, uint32_t paddr, uint32_t val, int size);

/* Copy to/from guest memory (loader, DMA). ROM is writable only with
 * force. Returns 0, or -1 if part of the range is not RAM/ROM. */
int mem_write_buf(AddressSpace *as, uint32_t paddr, const void *buf, uint32_t len, bool force);
int mem_read_buf(AddressSpace *as, uint32_t paddr, void *buf, uint32_t len);

#endif
