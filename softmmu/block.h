/*
 * block.h - raw disk images for the floppy and IDE controllers.
 *
 * A BlockDev owns one open image file and, with snapshot, an in-memory
 * overlay. Contract: blk_write returns only after the bytes reached the
 * file through pwrite (or the overlay), so a device may report completion
 * to the guest as soon as it returns; nothing is cached in between.
 * blk_flush is fdatasync (guest flush commands); blk_close flushes too.
 * With snapshot the file is opened read-only and never written: writes
 * land in a sparse overlay of BLK_CLUSTER_SIZE clusters that is dropped
 * at close. A read-only BlockDev (readonly, or a file the user may only
 * read and asked for readonly) refuses writes with -1; devices turn that
 * into their write-protect error. Errors from blk_open are one line in
 * err naming the file; the caller adds no "pcemu:" prefix of its own.
 */
#ifndef PCEMU_BLOCK_H
#define PCEMU_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BLK_SECTOR_SIZE  512
#define BLK_CLUSTER_BITS 12
#define BLK_CLUSTER_SIZE (1u << BLK_CLUSTER_BITS)

typedef struct BlockDev BlockDev;

/* Opens a raw image. readonly: the guest may not write (the file is
 * opened O_RDONLY). snapshot: writes go to memory and are discarded.
 * Without either, a file that cannot be opened for writing is an error
 * that suggests readonly=on. NULL with one line in err on failure. */
BlockDev *blk_open(const char *path, bool readonly, bool snapshot, char *err, size_t errlen);
/* fdatasync (when written) and close; NULL is a no-op. */
void blk_close(BlockDev *b);
uint64_t blk_size(const BlockDev *b);
/* True when guest writes are refused. */
bool blk_is_readonly(const BlockDev *b);
const char *blk_path(const BlockDev *b);
/* Whole-range reads/writes at a byte offset; past the end is an error.
 * Return 0, or -1 (I/O error, out of range, or a write when read-only). */
int blk_read(BlockDev *b, uint64_t offset, void *buf, size_t len);
int blk_write(BlockDev *b, uint64_t offset, const void *buf, size_t len);
/* Make written data durable (fdatasync); 0 or -1. No-op for snapshot. */
int blk_flush(BlockDev *b);

#endif
