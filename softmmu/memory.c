/*
 * memory.c - the guest physical address space: the region table, the
 * 4 KiB page map and the slow-path accessors.
 *
 * Owns the page map (one region index per 4 KiB page of the 32-bit space)
 * and the region descriptors; it does not own RAM/ROM backing (the board
 * allocates it) nor device state (reached through MemOps + opaque). Reads
 * of unassigned memory give all ones and writes there are dropped, as on a
 * PC bus. Writes into RAM/ROM that bypass the TLB fast path are reported
 * through write_notify so translated code can be dropped; this file never
 * knows about TBs or the CPU.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "softmmu/bswap.h"
#include "softmmu/memory.h"

uint8_t *mem_ram_alloc(size_t size)
{
    const size_t huge = 2u << 20;
    uint8_t *p = mmap(NULL, size + huge, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        return NULL;
    }
    uintptr_t start = ((uintptr_t)p + huge - 1) & ~(uintptr_t)(huge - 1);
    size_t head = start - (uintptr_t)p;
    if (head) {
        munmap(p, head);
    }
    munmap((uint8_t *)start + size, huge - head);
    madvise((void *)start, size, MADV_HUGEPAGE); /* a hint: no THP is fine */
    return (uint8_t *)start;
}

void mem_ram_free(uint8_t *ram, size_t size)
{
    if (ram) {
        munmap(ram, size);
    }
}

int mem_init(AddressSpace *as)
{
    memset(as, 0, sizeof(*as));
    as->page_map = calloc(MEM_NPAGES, sizeof(as->page_map[0]));
    if (!as->page_map) {
        return -1;
    }
    as->regions[0].kind = MR_UNASSIGNED;
    as->regions[0].name = "unassigned";
    as->regions[0].size = 0;
    as->nregions = 1;
    return 0;
}

void mem_destroy(AddressSpace *as)
{
    free(as->page_map);
    as->page_map = NULL;
    as->nregions = 0;
}

static int mem_map(AddressSpace *as, const MemRegion *r)
{
    uint64_t end = (uint64_t)r->base + r->size;
    uint32_t page;
    int idx;

    if (r->size == 0 || (r->base & (MEM_PAGE_SIZE - 1)) || (r->size & (MEM_PAGE_SIZE - 1)) ||
        end > ((uint64_t)1 << 32)) {
        return -1;
    }
    if (as->nregions > MEM_MAX_REGIONS) {
        return -1;
    }
    idx = as->nregions++;
    as->regions[idx] = *r;
    for (page = r->base >> MEM_PAGE_BITS; page < (uint32_t)(end >> MEM_PAGE_BITS); page++) {
        as->page_map[page] = (uint8_t)idx;
    }
    return 0;
}

int mem_map_ram(AddressSpace *as, const char *name, uint32_t base, uint32_t size, uint8_t *host)
{
    MemRegion r = {.kind = MR_RAM, .name = name, .base = base, .size = size, .host = host};

    return host ? mem_map(as, &r) : -1;
}

int mem_map_rom(AddressSpace *as, const char *name, uint32_t base, uint32_t size, uint8_t *host)
{
    MemRegion r = {.kind = MR_ROM, .name = name, .base = base, .size = size, .host = host};

    return host ? mem_map(as, &r) : -1;
}

int mem_map_mmio(AddressSpace *as, const char *name, uint32_t base, uint32_t size,
                 const MemOps *ops, void *opaque)
{
    MemRegion r = {
        .kind = MR_MMIO,
        .name = name,
        .base = base,
        .size = size,
        .ops = ops,
        .opaque = opaque,
    };

    return ops ? mem_map(as, &r) : -1;
}

uint8_t *mem_host_ptr(const AddressSpace *as, uint32_t paddr, bool rom_ok)
{
    const MemRegion *r = mem_lookup(as, paddr);

    if (r->kind == MR_RAM || (rom_ok && r->kind == MR_ROM)) {
        return r->host + (paddr - r->base);
    }
    return NULL;
}

static bool mem_crosses_page(uint32_t paddr, int size)
{
    return (paddr & (MEM_PAGE_SIZE - 1)) + (uint32_t)size > MEM_PAGE_SIZE;
}

uint32_t mem_read(AddressSpace *as, uint32_t paddr, int size)
{
    const MemRegion *r;

    if (mem_crosses_page(paddr, size)) {
        uint32_t val = 0;
        int i;

        for (i = 0; i < size; i++) {
            val |= mem_read(as, paddr + (uint32_t)i, 1) << (8 * i);
        }
        return val;
    }
    r = mem_lookup(as, paddr);
    switch (r->kind) {
    case MR_RAM:
    case MR_ROM:
        return ld_le_p(r->host + (paddr - r->base), size);
    case MR_MMIO:
        if (r->ops->read) {
            return r->ops->read(r->opaque, paddr - r->base, size) & size_mask(size);
        }
        return size_mask(size);
    default:
        return size_mask(size);
    }
}

void mem_write(AddressSpace *as, uint32_t paddr, uint32_t val, int size)
{
    const MemRegion *r;

    if (mem_crosses_page(paddr, size)) {
        int i;

        for (i = 0; i < size; i++) {
            mem_write(as, paddr + (uint32_t)i, (val >> (8 * i)) & 0xff, 1);
        }
        return;
    }
    r = mem_lookup(as, paddr);
    switch (r->kind) {
    case MR_RAM:
        st_le_p(r->host + (paddr - r->base), val, size);
        if (as->write_notify) {
            as->write_notify(as->notify_opaque, paddr, (uint32_t)size);
        }
        break;
    case MR_MMIO:
        if (r->ops->write) {
            r->ops->write(r->opaque, paddr - r->base, val & size_mask(size), size);
        }
        break;
    default:
        /* ROM and unassigned memory ignore writes. */
        break;
    }
}

/* Checks that [paddr, paddr + len) is RAM, or ROM when rom_ok. */
static bool mem_range_is_backed(const AddressSpace *as, uint32_t paddr, uint32_t len, bool rom_ok)
{
    uint64_t addr = paddr;
    uint64_t end = (uint64_t)paddr + len;

    if (end > ((uint64_t)1 << 32)) {
        return false;
    }
    while (addr < end) {
        if (!mem_host_ptr(as, (uint32_t)addr, rom_ok)) {
            return false;
        }
        addr = (addr | (MEM_PAGE_SIZE - 1)) + 1;
    }
    return true;
}

int mem_write_buf(AddressSpace *as, uint32_t paddr, const void *buf, uint32_t len, bool force)
{
    const uint8_t *src = buf;
    uint32_t done = 0;

    if (!mem_range_is_backed(as, paddr, len, force)) {
        return -1;
    }
    while (done < len) {
        uint32_t addr = paddr + done;
        uint32_t chunk = MEM_PAGE_SIZE - (addr & (MEM_PAGE_SIZE - 1));

        if (chunk > len - done) {
            chunk = len - done;
        }
        memcpy(mem_host_ptr(as, addr, true), src + done, chunk);
        done += chunk;
    }
    if (len && as->write_notify) {
        as->write_notify(as->notify_opaque, paddr, len);
    }
    return 0;
}

int mem_read_buf(AddressSpace *as, uint32_t paddr, void *buf, uint32_t len)
{
    uint8_t *dst = buf;
    uint32_t done = 0;

    if (!mem_range_is_backed(as, paddr, len, true)) {
        return -1;
    }
    while (done < len) {
        uint32_t addr = paddr + done;
        uint32_t chunk = MEM_PAGE_SIZE - (addr & (MEM_PAGE_SIZE - 1));

        if (chunk > len - done) {
            chunk = len - done;
        }
        memcpy(dst, mem_host_ptr(as, addr, true), chunk);
        dst += chunk;
        done += chunk;
    }
    return 0;
}
