/*
 * crc32.c - CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) computed
 * three ways that must agree: table-driven (lib), bitwise with a branch per
 * bit, and bitwise branch-free (mask = -(crc & 1)).
 *
 * Known answers: "123456789" -> 0xCBF43926 (the standard check value), ""
 * -> 0, "a" -> 0xE8B7BE43. The table-driven loop is byte loads + shifts +
 * xor + indexed loads; the bitwise ones are shift/and/neg/xor chains and
 * a data-dependent branch.
 */
#include "guest.h"

static uint32_t crc32_bitwise(const uint8_t *p, size_t len)
{
    uint32_t crc = 0xffffffff;
    while (len--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) {
            if (crc & 1) {
                crc = (crc >> 1) ^ 0xEDB88320u;
            } else {
                crc >>= 1;
            }
        }
    }
    return ~crc;
}

static uint32_t crc32_branchless(const uint8_t *p, size_t len)
{
    uint32_t crc = 0xffffffff;
    while (len--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
        }
    }
    return ~crc;
}

static uint8_t buf[8192];

int main(void)
{
    guest_puts("crc32: table, bitwise, branch-free\n");
    CHECK_EQ(crc32("123456789", 9), 0xCBF43926);
    CHECK_EQ(crc32_bitwise((const uint8_t *)"123456789", 9), 0xCBF43926);
    CHECK_EQ(crc32_branchless((const uint8_t *)"123456789", 9), 0xCBF43926);
    CHECK_EQ(crc32("", 0), 0);
    CHECK_EQ(crc32("a", 1), 0xE8B7BE43);
    uint32_t seed = 0x1234567;
    for (unsigned i = 0; i < sizeof(buf); i++) {
        buf[i] = (uint8_t)xorshift32(&seed);
    }
    for (unsigned len = 1; len <= sizeof(buf); len *= 4) {
        uint32_t t = crc32(buf, len);
        uint32_t b = crc32_bitwise(buf, len);
        uint32_t n = crc32_branchless(buf, len);
        CHECK_EQ(b, t);
        CHECK_EQ(n, t);
        guest_printf("len %4u: %08x\n", len, t);
    }
    /* incremental update in odd-sized pieces equals one pass */
    uint32_t crc = 0;
    for (unsigned off = 0; off < sizeof(buf);) {
        unsigned n = 1 + off % 97;
        if (off + n > sizeof(buf)) {
            n = sizeof(buf) - off;
        }
        crc = crc32_update(crc, buf + off, n);
        off += n;
    }
    CHECK_EQ(crc, crc32(buf, sizeof(buf)));
    guest_printf("all %u bytes: %08x\n", (unsigned)sizeof(buf), crc);
    return guest_result("crc32");
}
