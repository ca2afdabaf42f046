/*
 * bswap.h - little-endian loads and stores on host byte buffers.
 *
 * The only way to reach guest RAM, ROM and device buffers by width
 * (STYLE.md rule 10): never cast a uint8_t * to a wider pointer. The
 * byte-wise forms compile to single moves on an x86 host and stay correct
 * on any other. Names follow QEMU (ld<size>_le_p / st<size>_le_p).
 */
#ifndef PCEMU_BSWAP_H
#define PCEMU_BSWAP_H

#include <stdint.h>

static inline uint32_t ldub_p(const uint8_t *p)
{
    return p[0];
}

static inline uint32_t lduw_le_p(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

static inline uint32_t ldl_le_p(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline void stb_p(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
}

static inline void stw_le_p(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void stl_le_p(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline void stq_le_p(uint8_t *p, uint64_t v)
{
    stl_le_p(p, (uint32_t)v);
    stl_le_p(p + 4, (uint32_t)(v >> 32));
}

/* Sized forms for size 1, 2 or 4, as the MemOps/IOOps callbacks get it. */
static inline uint32_t ld_le_p(const uint8_t *p, int size)
{
    return size == 1 ? ldub_p(p) : size == 2 ? lduw_le_p(p) : ldl_le_p(p);
}

static inline void st_le_p(uint8_t *p, uint32_t v, int size)
{
    if (size == 1) {
        stb_p(p, v);
    } else if (size == 2) {
        stw_le_p(p, v);
    } else {
        stl_le_p(p, v);
    }
}

/* All ones of an access width: what an unassigned address reads as. */
static inline uint32_t size_mask(int size)
{
    return size >= 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
}

#endif
