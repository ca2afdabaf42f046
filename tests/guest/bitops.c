/*
 * bitops.c - BT BTS BTR BTC (register and imm8 bit offsets, register and
 * memory operands) and BSF BSR.
 *
 * SDM vol. 2 "BT": with a register bit offset and a memory operand the
 * offset is a signed 32-bit bit string index, so it reaches beyond the
 * addressed dword, backwards too (offset -1 is bit 7 of the byte before).
 * With a register operand or an imm8 the offset is taken modulo the
 * operand size. CF receives the old bit; OF SF AF PF are undefined; ZF is
 * unaffected on current processors (the SDM says so for BT) and checked.
 * BSF/BSR: ZF=1 and the destination undefined (unchanged on every real
 * CPU, but not architectural, so not checked) when the source is 0; other
 * flags undefined.
 */
#include "flagtest.h"

#define BT_MASK (FL_CF | FL_ZF)

#define BT_REG(fn, insn, W)                                                                        \
    static uint32_t fn(uint32_t a, uint32_t bit, uint32_t fin, uint32_t *fout)                     \
    {                                                                                              \
        uint32_t f;                                                                                \
        __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %" W "[b], %" W "[a]\n\t"               \
                         "pushfl\n\tpopl %[fo]"                                                    \
                         : [a] "+r"(a), [fo] "=&r"(f)                                              \
                         : [b] "r"(bit), [fi] "r"(fin)                                             \
                         : "cc");                                                                  \
        *fout = f;                                                                                 \
        return a;                                                                                  \
    }

// clang-format off
BT_REG(bt32,  "btl",  "k") /* 0f a3 /r */
BT_REG(bts32, "btsl", "k") /* 0f ab /r */
BT_REG(btr32, "btrl", "k") /* 0f b3 /r */
BT_REG(btc32, "btcl", "k") /* 0f bb /r */
BT_REG(bt16,  "btw",  "w") /* 66 0f a3 /r */
BT_REG(btc16, "btcw", "w") /* 66 0f bb /r */
// clang-format on

#define BT_IMM(fn, insn, imm)                                                                      \
    static uint32_t fn(uint32_t a, uint32_t bit, uint32_t fin, uint32_t *fout)                     \
    {                                                                                              \
        uint32_t f;                                                                                \
        (void)bit;                                                                                 \
        __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " $" #imm ", %[a]\n\t"                    \
                         "pushfl\n\tpopl %[fo]"                                                    \
                         : [a] "+r"(a), [fo] "=&r"(f)                                              \
                         : [fi] "r"(fin)                                                           \
                         : "cc");                                                                  \
        *fout = f;                                                                                 \
        return a;                                                                                  \
    }

// clang-format off
BT_IMM(bt_imm31,  "btl",  31) /* 0f ba /4 1f */
BT_IMM(bts_imm33, "btsl", 33) /* 0f ba /5 21: modulo 32 -> bit 1 */
BT_IMM(btr_imm7,  "btrl", 7)  /* 0f ba /6 07 */
BT_IMM(btc_imm0,  "btcl", 0)  /* 0f ba /7 00 */
// clang-format on

/* A 64-byte bit string for the memory forms; the test addresses its middle
 * so that negative offsets stay inside. */
static uint8_t bits[64];

#define BT_MEM(fn, insn)                                                                           \
    static uint32_t fn(int32_t off, uint32_t fin, uint32_t *fout)                                  \
    {                                                                                              \
        uint32_t f;                                                                                \
        __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn " %[b], (%[p])\n\tpushfl\n\tpopl %[fo]"   \
                         : [fo] "=&r"(f)                                                           \
                         : [b] "r"(off), [p] "r"(bits + 32), [fi] "r"(fin)                         \
                         : "cc", "memory");                                                        \
        *fout = f;                                                                                 \
        return 0;                                                                                  \
    }

// clang-format off
BT_MEM(bt_mem,  "btl")  /* 0f a3 /r, memory: offset reaches other dwords */
BT_MEM(bts_mem, "btsl")
BT_MEM(btr_mem, "btrl")
BT_MEM(btc_mem, "btcl")
// clang-format on

static uint32_t bsf32(uint32_t v, uint32_t old, uint32_t *fout)
{
    uint32_t f;
    __asm__ volatile("pushl $2\n\tpopfl\n\tbsfl %[v], %[d]\n\tpushfl\n\tpopl %[fo]" /* 0f bc */
                     : [d] "+r"(old), [fo] "=&r"(f)
                     : [v] "r"(v)
                     : "cc");
    *fout = f;
    return old;
}

static uint32_t bsr32(uint32_t v, uint32_t old, uint32_t *fout)
{
    uint32_t f;
    __asm__ volatile("pushl $2\n\tpopfl\n\tbsrl %[v], %[d]\n\tpushfl\n\tpopl %[fo]" /* 0f bd */
                     : [d] "+r"(old), [fo] "=&r"(f)
                     : [v] "r"(v)
                     : "cc");
    *fout = f;
    return old;
}

static uint32_t bsf16(uint32_t v, uint32_t old, uint32_t *fout)
{
    uint32_t f;
    __asm__ volatile("pushl $2\n\tpopfl\n\tbsfw %w[v], %w[d]\n\tpushfl\n\tpopl %[fo]"
                     : [d] "+r"(old), [fo] "=&r"(f)
                     : [v] "r"(v)
                     : "cc");
    *fout = f;
    return old;
}

static uint32_t bsr16m(uint32_t v, uint32_t old, uint32_t *fout)
{
    static uint16_t m;
    uint32_t f;
    m = (uint16_t)v;
    __asm__ volatile("pushl $2\n\tpopfl\n\tbsrw %[m], %w[d]\n\tpushfl\n\tpopl %[fo]"
                     : [d] "+r"(old), [fo] "=&r"(f)
                     : [m] "m"(m)
                     : "cc");
    *fout = f;
    return old;
}

typedef uint32_t (*BitScan)(uint32_t v, uint32_t old, uint32_t *fout);

static uint32_t h = 0x811c9dc5u;

static void test_bt_reg(void)
{
    static const struct {
        const char *name;
        FtOp fn;
        int bits;
        uint32_t op; /* 0 bt, 1 bts, 2 btr, 3 btc */
    } ops[] = {
        {"bt32", bt32, 32, 0},  {"bts32", bts32, 32, 1}, {"btr32", btr32, 32, 2},
        {"btc32", btc32, 32, 3}, {"bt16", bt16, 16, 0},  {"btc16", btc16, 16, 3},
    };
    static const uint32_t fins[] = {FT_IN_CLEAR, FT_IN_ALL};
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        uint32_t hh = 0x811c9dc5u;
        for (unsigned k = 0; k < 2; k++) {
            for (int x = 0; x < FT_NVALS; x += 3) {
                for (uint32_t bit = 0; bit < 70; bit += 3) {
                    uint32_t f, a = ft_vals[x];
                    uint32_t r = ops[i].fn(a, bit, fins[k], &f);
                    uint32_t n = bit % (uint32_t)ops[i].bits, m = 1u << n;
                    uint32_t want = ops[i].op == 0   ? a
                                    : ops[i].op == 1 ? a | m
                                    : ops[i].op == 2 ? a & ~m
                                                     : a ^ m;
                    CHECK_EQ(r, want);
                    CHECK_EQ(f & BT_MASK, ((a >> n) & 1) | (fins[k] & FL_ZF));
                    hh = ft_fold(hh, a, bit, r, f & BT_MASK);
                }
            }
        }
        guest_printf("%-6s %08x\n", ops[i].name, hh);
        h = ft_mix(h, hh);
    }
    uint32_t f;
    CHECK_EQ(bt_imm31(0x80000000, 0, FT_IN_CLEAR, &f), 0x80000000);
    CHECK_EQ(f & FL_CF, FL_CF);
    CHECK_EQ(bts_imm33(0, 0, FT_IN_CLEAR, &f), 2);
    CHECK_EQ(f & FL_CF, 0);
    CHECK_EQ(btr_imm7(0xff, 0, FT_IN_CLEAR, &f), 0x7f);
    CHECK_EQ(f & FL_CF, FL_CF);
    CHECK_EQ(btc_imm0(0xfffffffe, 0, FT_IN_ALL, &f), 0xffffffff);
    CHECK_EQ(f & BT_MASK, FL_ZF);
}

static void test_bt_mem(void)
{
    uint32_t f;
    for (int i = 0; i < 64; i++) {
        bits[i] = (uint8_t)(i * 37);
    }
    /* bit -1 = bit 7 of bits[31] (= 31 * 37 & 0xff = 0x7b: 0) */
    bt_mem(-1, FT_IN_CLEAR, &f);
    CHECK_EQ(f & FL_CF, (bits[31] >> 7) & 1);
    /* bit 100 = byte 32 + 12, bit 4 */
    bts_mem(100, FT_IN_CLEAR, &f);
    CHECK_EQ(f & FL_CF, ((uint8_t)(44 * 37) >> 4) & 1);
    CHECK_EQ(bits[44], (uint8_t)(44 * 37) | 0x10);
    btr_mem(-200, FT_IN_CLEAR, &f); /* byte 32 - 25 = 7, bit 0 */
    CHECK_EQ(f & FL_CF, (uint8_t)(7 * 37) & 1);
    CHECK_EQ(bits[7], (uint8_t)(7 * 37) & 0xfe);
    uint32_t hh = 0x811c9dc5u;
    for (int32_t off = -256; off < 256; off += 7) {
        uint32_t f1, f2, f3;
        btc_mem(off, FT_IN_CLEAR, &f1);
        bt_mem(off, FT_IN_CLEAR, &f2);
        CHECK_EQ(f2 & FL_CF, (f1 & FL_CF) ^ 1);
        (off & 1 ? bts_mem : btr_mem)(off + 3, FT_IN_ALL, &f3);
        hh = ft_fold(hh, (uint32_t)off, f1 & BT_MASK, f2 & BT_MASK, f3 & BT_MASK);
    }
    hh = ft_mix(hh, crc32(bits, sizeof(bits)));
    guest_printf("bt mem %08x\n", hh);
    h = ft_mix(h, hh);
}

static void test_scan(void)
{
    static const struct {
        const char *name;
        BitScan fn;
        int bits, reverse;
    } ops[] = {
        {"bsf32", bsf32, 32, 0}, {"bsr32", bsr32, 32, 1},
        {"bsf16", bsf16, 16, 0}, {"bsr16 mem", bsr16m, 16, 1},
    };
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        uint32_t hh = 0x811c9dc5u;
        for (int x = 0; x < FT_NVALS; x++) {
            uint32_t f, v = ft_vals[x];
            uint32_t m = v & ft_szmask(ops[i].bits);
            uint32_t r = ops[i].fn(v, 0xabcd5555, &f);
            CHECK_EQ(f & FL_ZF, m ? 0 : FL_ZF);
            if (m) {
                int want = 0;
                if (ops[i].reverse) {
                    for (want = ops[i].bits - 1; !(m >> want & 1); want--) {
                    }
                } else {
                    for (want = 0; !(m >> want & 1); want++) {
                    }
                }
                CHECK_EQ(r & ft_szmask(ops[i].bits), (uint32_t)want);
                if (ops[i].bits == 16) {
                    CHECK_EQ(r >> 16, 0xabcd);
                }
            } else {
                r = 0; /* destination undefined */
            }
            hh = ft_fold(hh, v, 0, r, f & FL_ZF);
        }
        guest_printf("%-9s %08x\n", ops[i].name, hh);
        h = ft_mix(h, hh);
    }
}

int main(void)
{
    guest_puts("bitops: BT BTS BTR BTC BSF BSR\n");
    test_bt_reg();
    test_bt_mem();
    test_scan();
    guest_printf("hash %08x\n", h);
    return guest_result("bitops");
}
