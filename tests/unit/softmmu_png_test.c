/*
 * softmmu_png_test.c - what png_write_rgb writes, decoded here with zlib:
 * the signature, every chunk's CRC, IHDR fields, the iTXt text, and the
 * pixels of the inflated IDAT rows; and a bad path as an error line.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "softmmu/png.h"

typedef struct PngFile {
    uint8_t *data;
    long len;
} PngFile;

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static PngFile read_all(const char *path)
{
    PngFile f = {0};
    FILE *fp = fopen(path, "rb");

    ck_assert_ptr_nonnull(fp);
    fseek(fp, 0, SEEK_END);
    f.len = ftell(fp);
    rewind(fp);
    f.data = malloc((size_t)f.len);
    ck_assert_int_eq(fread(f.data, 1, (size_t)f.len, fp), f.len);
    fclose(fp);
    return f;
}

/* Finds chunk type; checks the CRC of every chunk on the way. */
static const uint8_t *find_chunk(const PngFile *f, const char *type, uint32_t *len)
{
    long off = 8;

    while (off + 12 <= f->len) {
        uint32_t n = be32(f->data + off);
        const uint8_t *t = f->data + off + 4;
        uLong crc = crc32(crc32(0L, Z_NULL, 0), t, 4 + n);

        ck_assert_uint_eq(be32(t + 4 + n), (uint32_t)crc);
        if (memcmp(t, type, 4) == 0) {
            *len = n;
            return t + 4;
        }
        off += 12 + n;
    }
    return NULL;
}

static char tmp_path[64];

static void setup(void)
{
    int fd;

    strcpy(tmp_path, "/tmp/pcemu-png-XXXXXX");
    fd = mkstemp(tmp_path);
    ck_assert_int_ge(fd, 0);
    close(fd);
}

static void teardown(void)
{
    unlink(tmp_path);
}

START_TEST(png_pixels_survive_inflate)
{
    enum { W = 7, H = 5 };
    uint32_t rgb[W * H];
    uint8_t raw[H * (1 + 3 * W)];
    uLongf raw_len = sizeof(raw);
    char err[256];
    const uint8_t *ihdr, *idat, *iend;
    uint32_t ilen, dlen, elen;
    PngFile f;
    int x, y;

    for (y = 0; y < H; y++) {
        for (x = 0; x < W; x++) {
            rgb[y * W + x] = (uint32_t)(x * 0x100000 + y * 0x1000 + x + y);
        }
    }
    ck_assert_int_eq(png_write_rgb(tmp_path, rgb, W, H, NULL, NULL, err, sizeof(err)), 0);
    f = read_all(tmp_path);
    ck_assert_mem_eq(f.data, "\x89PNG\r\n\x1a\n", 8);
    ck_assert_mem_eq(f.data + 12, "IHDR", 4);
    ihdr = find_chunk(&f, "IHDR", &ilen);
    ck_assert_uint_eq(ilen, 13);
    ck_assert_uint_eq(be32(ihdr), W);
    ck_assert_uint_eq(be32(ihdr + 4), H);
    ck_assert_uint_eq(ihdr[8], 8);
    ck_assert_uint_eq(ihdr[9], 2);
    idat = find_chunk(&f, "IDAT", &dlen);
    ck_assert_ptr_nonnull(idat);
    ck_assert_int_eq(uncompress(raw, &raw_len, idat, dlen), Z_OK);
    ck_assert_uint_eq(raw_len, sizeof(raw));
    for (y = 0; y < H; y++) {
        const uint8_t *row = raw + y * (1 + 3 * W);

        ck_assert_uint_eq(row[0], 0);
        for (x = 0; x < W; x++) {
            uint32_t c = rgb[y * W + x];

            ck_assert_uint_eq(row[1 + 3 * x], (c >> 16) & 0xff);
            ck_assert_uint_eq(row[2 + 3 * x], (c >> 8) & 0xff);
            ck_assert_uint_eq(row[3 + 3 * x], c & 0xff);
        }
    }
    iend = find_chunk(&f, "IEND", &elen);
    ck_assert_ptr_nonnull(iend);
    ck_assert_uint_eq(elen, 0);
    ck_assert_int_eq(iend + 4 - f.data, f.len); /* IEND is last */
    free(f.data);
}
END_TEST

START_TEST(png_itxt_carries_text)
{
    uint32_t rgb[1] = {0xffffff};
    const uint8_t *t;
    uint32_t len;
    char err[256];
    PngFile f;

    ck_assert_int_eq(png_write_rgb(tmp_path, rgb, 1, 1, "pcemu-text", "A\nB\n", err, sizeof(err)),
                     0);
    f = read_all(tmp_path);
    t = find_chunk(&f, "iTXt", &len);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(len, 10 + 5 + 4);
    ck_assert_mem_eq(t, "pcemu-text\0\0\0\0\0A\nB\n", len);
    free(f.data);
}
END_TEST

START_TEST(png_bad_path_is_one_line_error)
{
    uint32_t rgb[1] = {0};
    char err[256];

    ck_assert_int_eq(
        png_write_rgb("/nonexistent-dir/x.png", rgb, 1, 1, NULL, NULL, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent-dir/x.png"));
    ck_assert_ptr_null(strchr(err, '\n'));
    ck_assert_int_eq(png_write_rgb(tmp_path, rgb, 0, 1, NULL, NULL, err, sizeof(err)), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("png");
    TCase *tc = tcase_create("png");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, png_pixels_survive_inflate);
    tcase_add_test(tc, png_itxt_carries_text);
    tcase_add_test(tc, png_bad_path_is_one_line_error);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
