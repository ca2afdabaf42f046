/*
 * codebuf.h - a bounded output buffer for the back ends' code emitters.
 *
 * Emitting past the end never writes: it sets full, and the back end
 * returns TCG_GEN_BUFFER_FULL so tb_gen_code flushes and retries. Values
 * are stored in host (little-endian) byte order with memcpy, at any
 * alignment.
 */
#ifndef PCEMU_CODEBUF_H
#define PCEMU_CODEBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct CodeBuf {
    uint8_t *start; /* the TB's code */
    uint8_t *p;     /* next byte */
    uint8_t *end;   /* first byte not ours */
    bool full;
} CodeBuf;

static inline void codebuf_init(CodeBuf *b, uint8_t *start, uint8_t *end)
{
    b->start = b->p = start;
    b->end = end;
    b->full = false;
}

static inline void codebuf_put(CodeBuf *b, const void *v, size_t n)
{
    if (b->p + n > b->end) {
        b->full = true;
        return;
    }
    memcpy(b->p, v, n);
    b->p += n;
}

static inline void codebuf_put8(CodeBuf *b, uint8_t v)
{
    codebuf_put(b, &v, 1);
}

static inline void codebuf_put16(CodeBuf *b, uint16_t v)
{
    codebuf_put(b, &v, 2);
}

static inline void codebuf_put32(CodeBuf *b, uint32_t v)
{
    codebuf_put(b, &v, 4);
}

static inline void codebuf_put64(CodeBuf *b, uint64_t v)
{
    codebuf_put(b, &v, 8);
}

/* Bytes emitted so far. */
static inline uint32_t codebuf_size(const CodeBuf *b)
{
    return (uint32_t)(b->p - b->start);
}

#endif
