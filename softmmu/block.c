/*
 * block.c - raw disk images: pread/pwrite straight to the file, or a
 * sparse copy-on-write overlay in memory for -snapshot.
 *
 * Why no cache: the guest is told a write completed when blk_write
 * returns, so the bytes must already be in the file (the host page cache
 * then survives a crash of pcemu; fdatasync on the guest's flush and at
 * close covers a crash of the host). The snapshot overlay is a two-level
 * table (L1 of L2 tables of BLK_L2_ENTRIES cluster pointers): a cluster is
 * copied from the file the first time it is written, so untouched parts
 * of a large disk cost nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "softmmu/block.h"

#define BLK_L2_BITS    9
#define BLK_L2_ENTRIES (1u << BLK_L2_BITS)

struct BlockDev {
    int fd;
    char *path;
    uint64_t size;
    bool readonly;
    bool snapshot;
    bool written; /* since the last flush */
    uint8_t ***overlay; /* [l1][l2] -> cluster, snapshot only */
    uint64_t overlay_l1;
};

static int blk_pread_all(int fd, uint8_t *buf, size_t len, uint64_t offset)
{
    while (len > 0) {
        ssize_t n = pread(fd, buf, len, (off_t)offset);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        buf += n;
        len -= (size_t)n;
        offset += (uint64_t)n;
    }
    return 0;
}

static int blk_pwrite_all(int fd, const uint8_t *buf, size_t len, uint64_t offset)
{
    while (len > 0) {
        ssize_t n = pwrite(fd, buf, len, (off_t)offset);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        buf += n;
        len -= (size_t)n;
        offset += (uint64_t)n;
    }
    return 0;
}

static int blk_open_fd(const char *path, bool write, char *err, size_t errlen)
{
    int fd = open(path, (write ? O_RDWR : O_RDONLY) | O_CLOEXEC);

    if (fd >= 0) {
        return fd;
    }
    if (write && (errno == EACCES || errno == EROFS || errno == EPERM) && access(path, R_OK) == 0) {
        snprintf(err, errlen, "%s: image is not writable (%s); use readonly=on or -snapshot", path,
                 strerror(errno));
    } else {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
    }
    return -1;
}

BlockDev *blk_open(const char *path, bool readonly, bool snapshot, char *err, size_t errlen)
{
    BlockDev *b;
    struct stat st;
    off_t end;
    int fd = blk_open_fd(path, !readonly && !snapshot, err, errlen);

    if (fd < 0) {
        return NULL;
    }
    if (fstat(fd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
        snprintf(err, errlen, "%s: not a regular file or block device", path);
        close(fd);
        return NULL;
    }
    end = lseek(fd, 0, SEEK_END);
    if (end <= 0) {
        snprintf(err, errlen, "%s: %s", path, end == 0 ? "image is empty" : strerror(errno));
        close(fd);
        return NULL;
    }
    b = calloc(1, sizeof(*b));
    if (!b || !(b->path = strdup(path))) {
        snprintf(err, errlen, "%s: out of memory", path);
        free(b);
        close(fd);
        return NULL;
    }
    b->fd = fd;
    b->size = (uint64_t)end;
    b->readonly = readonly;
    b->snapshot = snapshot;
    if (snapshot) {
        b->overlay_l1 = ((b->size + BLK_CLUSTER_SIZE - 1) >> BLK_CLUSTER_BITS >> BLK_L2_BITS) + 1;
        b->overlay = calloc(b->overlay_l1, sizeof(*b->overlay));
        if (!b->overlay) {
            snprintf(err, errlen, "%s: out of memory for the snapshot overlay", path);
            blk_close(b);
            return NULL;
        }
    }
    return b;
}

void blk_close(BlockDev *b)
{
    uint64_t i, j;

    if (!b) {
        return;
    }
    blk_flush(b);
    for (i = 0; b->overlay && i < b->overlay_l1; i++) {
        for (j = 0; b->overlay[i] && j < BLK_L2_ENTRIES; j++) {
            free(b->overlay[i][j]);
        }
        free(b->overlay[i]);
    }
    free(b->overlay);
    close(b->fd);
    free(b->path);
    free(b);
}

uint64_t blk_size(const BlockDev *b)
{
    return b->size;
}

bool blk_is_readonly(const BlockDev *b)
{
    return b->readonly;
}

const char *blk_path(const BlockDev *b)
{
    return b->path;
}

static bool blk_in_range(const BlockDev *b, uint64_t offset, size_t len)
{
    return offset <= b->size && len <= b->size - offset;
}

/* The overlay cluster holding offset; created (copied from the file) when
 * create is set, else NULL when never written. */
static uint8_t *blk_cluster(BlockDev *b, uint64_t offset, bool create)
{
    uint64_t c = offset >> BLK_CLUSTER_BITS;
    uint8_t ***l2 = &b->overlay[c >> BLK_L2_BITS];
    uint8_t **slot;

    if (!*l2) {
        if (!create || !(*l2 = calloc(BLK_L2_ENTRIES, sizeof(**l2)))) {
            return NULL;
        }
    }
    slot = &(*l2)[c & (BLK_L2_ENTRIES - 1)];
    if (!*slot && create) {
        uint64_t base = c << BLK_CLUSTER_BITS;
        size_t n = b->size - base < BLK_CLUSTER_SIZE ? (size_t)(b->size - base) : BLK_CLUSTER_SIZE;
        uint8_t *data = calloc(1, BLK_CLUSTER_SIZE);

        if (!data || blk_pread_all(b->fd, data, n, base) < 0) {
            free(data);
            return NULL;
        }
        *slot = data;
    }
    return *slot;
}

int blk_read(BlockDev *b, uint64_t offset, void *buf, size_t len)
{
    uint8_t *p = buf;

    if (!blk_in_range(b, offset, len)) {
        return -1;
    }
    if (!b->snapshot) {
        return blk_pread_all(b->fd, p, len, offset);
    }
    while (len > 0) {
        size_t in = offset & (BLK_CLUSTER_SIZE - 1);
        size_t n = BLK_CLUSTER_SIZE - in < len ? BLK_CLUSTER_SIZE - in : len;
        const uint8_t *c = blk_cluster(b, offset, false);

        if (c) {
            memcpy(p, c + in, n);
        } else if (blk_pread_all(b->fd, p, n, offset) < 0) {
            return -1;
        }
        p += n;
        offset += n;
        len -= n;
    }
    return 0;
}

int blk_write(BlockDev *b, uint64_t offset, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    if (b->readonly || !blk_in_range(b, offset, len)) {
        return -1;
    }
    if (!b->snapshot) {
        b->written = true;
        return blk_pwrite_all(b->fd, p, len, offset);
    }
    while (len > 0) {
        size_t in = offset & (BLK_CLUSTER_SIZE - 1);
        size_t n = BLK_CLUSTER_SIZE - in < len ? BLK_CLUSTER_SIZE - in : len;
        uint8_t *c = blk_cluster(b, offset, true);

        if (!c) {
            return -1;
        }
        memcpy(c + in, p, n);
        p += n;
        offset += n;
        len -= n;
    }
    return 0;
}

int blk_flush(BlockDev *b)
{
    if (b->snapshot || b->readonly || !b->written) {
        return 0;
    }
    b->written = false;
    return fdatasync(b->fd);
}
