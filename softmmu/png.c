/*
 * png.c - RGB pictures to PNG files with zlib (see png.h).
 *
 * The whole image is built in memory (a screen is at most a few MiB):
 * rows of 1 + 3w bytes (filter byte 0, then R, G, B), deflated by
 * compress2 into a zlib stream that goes into one IDAT. The CRC of each
 * chunk covers its type and data (PNG specification, 5.3 "Chunk layout").
 * Multi-byte fields are big-endian.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "softmmu/png.h"

static const uint8_t png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

static void png_put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* One chunk: length, type, data, CRC over type and data. */
static int png_put_chunk(FILE *f, const char *type, const uint8_t *data, uint32_t len)
{
    uint8_t hdr[8], crc_be[4];
    uLong crc = crc32(0L, Z_NULL, 0);

    png_put_be32(hdr, len);
    memcpy(hdr + 4, type, 4);
    crc = crc32(crc, hdr + 4, 4);
    if (len) {
        crc = crc32(crc, data, len);
    }
    png_put_be32(crc_be, (uint32_t)crc);
    if (fwrite(hdr, 1, 8, f) != 8 || (len && fwrite(data, 1, len, f) != len) ||
        fwrite(crc_be, 1, 4, f) != 4) {
        return -1;
    }
    return 0;
}

/* The filtered rows, deflated; NULL on OOM. */
static uint8_t *png_deflate_rows(const uint32_t *rgb, int w, int h, uLongf *out_len)
{
    size_t row = 1 + (size_t)w * 3, raw_len = row * (size_t)h;
    uint8_t *raw = malloc(raw_len);
    uint8_t *out;
    int x, y;

    if (!raw) {
        return NULL;
    }
    for (y = 0; y < h; y++) {
        uint8_t *p = raw + (size_t)y * row;

        *p++ = 0; /* filter type None */
        for (x = 0; x < w; x++) {
            uint32_t c = rgb[(size_t)y * w + x];

            *p++ = (uint8_t)(c >> 16);
            *p++ = (uint8_t)(c >> 8);
            *p++ = (uint8_t)c;
        }
    }
    *out_len = compressBound((uLong)raw_len);
    out = malloc(*out_len);
    if (out && compress2(out, out_len, raw, (uLong)raw_len, Z_BEST_SPEED) != Z_OK) {
        free(out);
        out = NULL;
    }
    free(raw);
    return out;
}

/* iTXt: keyword, NUL, compression flag 0, method 0, empty language and
 * translated keyword (two NULs), the UTF-8 text. */
static int png_put_itxt(FILE *f, const char *key, const char *text)
{
    size_t klen = strlen(key), tlen = strlen(text);
    uint8_t *buf = malloc(klen + 5 + tlen);
    int ret;

    if (!buf) {
        return -1;
    }
    memcpy(buf, key, klen);
    memset(buf + klen, 0, 5);
    memcpy(buf + klen + 5, text, tlen);
    ret = png_put_chunk(f, "iTXt", buf, (uint32_t)(klen + 5 + tlen));
    free(buf);
    return ret;
}

int png_write_rgb(const char *path, const uint32_t *rgb, int w, int h, const char *text_key,
                  const char *text, char *err, size_t errlen)
{
    uint8_t ihdr[13];
    uint8_t *idat;
    uLongf idat_len;
    FILE *f;
    int bad;

    if (w <= 0 || h <= 0) {
        snprintf(err, errlen, "%s: empty picture (%dx%d)", path, w, h);
        return -1;
    }
    idat = png_deflate_rows(rgb, w, h, &idat_len);
    if (!idat) {
        snprintf(err, errlen, "%s: out of memory compressing the picture", path);
        return -1;
    }
    f = fopen(path, "wb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        free(idat);
        return -1;
    }
    png_put_be32(ihdr, (uint32_t)w);
    png_put_be32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8;  /* bit depth */
    ihdr[9] = 2;  /* colour type: RGB */
    ihdr[10] = 0; /* deflate */
    ihdr[11] = 0; /* filter method 0 */
    ihdr[12] = 0; /* no interlace */
    bad = fwrite(png_signature, 1, 8, f) != 8 || png_put_chunk(f, "IHDR", ihdr, 13) < 0 ||
          (text_key && png_put_itxt(f, text_key, text ? text : "") < 0) ||
          png_put_chunk(f, "IDAT", idat, (uint32_t)idat_len) < 0 ||
          png_put_chunk(f, "IEND", NULL, 0) < 0;
    free(idat);
    if (fclose(f) != 0 || bad) {
        snprintf(err, errlen, "%s: write error", path);
        return -1;
    }
    return 0;
}
