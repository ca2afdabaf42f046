/*
 * png.h - writing an RGB picture as a PNG file (the one place pcemu makes
 * PNGs: screendumps from the monitor and -screendump-at-exit).
 *
 * PNG specification (ISO/IEC 15948, W3C PNG 2nd edition): signature,
 * IHDR (8-bit RGB, no interlace), optional iTXt text, one IDAT holding the
 * zlib stream of the filtered rows (filter type 0), IEND; every chunk with
 * its CRC-32. Owns nothing; errors are returned, never printed.
 */
#ifndef PCEMU_PNG_H
#define PCEMU_PNG_H

#include <stddef.h>
#include <stdint.h>

/* Writes w x h pixels (0x00RRGGBB, row-major) to path. When text_key is
 * not NULL, an uncompressed iTXt chunk (UTF-8 text) is added. Returns 0, or
 * -1 with a one-line reason (naming path) in err. */
int png_write_rgb(const char *path, const uint32_t *rgb, int w, int h, const char *text_key,
                  const char *text, char *err, size_t errlen);

#endif
