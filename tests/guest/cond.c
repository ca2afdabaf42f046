/*
 * cond.c - the 16 condition codes through SETcc (0F 90+cc), CMOVcc
 * (0F 40+cc, register and memory source), Jcc rel8 (70+cc) and Jcc rel32
 * (0F 80+cc).
 *
 * Part 1 loads every combination of CF PF ZF SF OF with POPF, so each
 * condition is evaluated from explicit EFLAGS. Part 2 produces the flags
 * with a real CMP/SUB/TEST/ADD/INC/DEC/NEG/SHL right before the consumer,
 * which is the case a lazy-flags translator fuses into one compare-and-
 * branch (DESIGN.md, "Flags"); the expected outcome comes from the C model
 * in lib/alu_model.h. The conditions, SDM vol. 2 "Jcc":
 *   0 O  OF      1 NO      2 B  CF      3 AE      4 E  ZF      5 NE
 *   6 BE CF|ZF   7 A       8 S  SF      9 NS      A P  PF      B NP
 *   C L  SF!=OF  D GE      E LE ZF|(SF!=OF)       F G
 */
#include "alu_model.h"

static int cc_model(int cc, uint32_t f)
{
    int cf = !!(f & FL_CF), pf = !!(f & FL_PF), zf = !!(f & FL_ZF);
    int sf = !!(f & FL_SF), of = !!(f & FL_OF), r;
    switch (cc >> 1) {
    case 0: r = of; break;
    case 1: r = cf; break;
    case 2: r = zf; break;
    case 3: r = cf | zf; break;
    case 4: r = sf; break;
    case 5: r = pf; break;
    case 6: r = sf != of; break;
    default: r = zf | (sf != of); break;
    }
    return (cc & 1) ? !r : r;
}

/* Evaluate condition cc four ways after "setup" established the flags;
 * returns a 4-bit mask: setcc, cmov reg, cmov mem, jcc short, jcc near. */
static uint32_t cmov_src = 1;

#define CC_FN(cc, sfx)                                                                             \
    static uint32_t cc_##sfx(uint32_t fin)                                                         \
    {                                                                                              \
        uint32_t set = 0, cr = 0, cm = 0, js = 0, jn = 0;                                          \
        __asm__ volatile("pushl %[fi]\n\tpopfl\n\t"                                                \
                         "set" #sfx " %b[set]\n\t"                                                 \
                         "cmov" #sfx "l %[one], %[cr]\n\t"                                         \
                         "cmov" #sfx "l %[m], %[cm]\n\t"                                           \
                         "j" #sfx " 1f\n\t"                                                        \
                         "jmp 2f\n"                                                                \
                         "1:\tmovl $1, %[js]\n"                                                    \
                         "2:\t%{disp32%} j" #sfx " 3f\n\t"                                           \
                         "jmp 4f\n"                                                                \
                         "3:\tmovl $1, %[jn]\n"                                                    \
                         "4:"                                                                      \
                         : [set] "+q"(set), [cr] "+r"(cr), [cm] "+r"(cm), [js] "+r"(js),           \
                           [jn] "+r"(jn)                                                           \
                         : [fi] "r"(fin), [one] "r"(1), [m] "m"(cmov_src)                          \
                         : "cc");                                                                  \
        return set | cr << 1 | cm << 2 | js << 3 | jn << 4;                                        \
    }

// clang-format off
CC_FN(0x0, o)  CC_FN(0x1, no) CC_FN(0x2, b)  CC_FN(0x3, ae)
CC_FN(0x4, e)  CC_FN(0x5, ne) CC_FN(0x6, be) CC_FN(0x7, a)
CC_FN(0x8, s)  CC_FN(0x9, ns) CC_FN(0xa, p)  CC_FN(0xb, np)
CC_FN(0xc, l)  CC_FN(0xd, ge) CC_FN(0xe, le) CC_FN(0xf, g)
// clang-format on

static uint32_t (*const cc_fns[16])(uint32_t) = {
    cc_o, cc_no, cc_b, cc_ae, cc_e, cc_ne, cc_be, cc_a,
    cc_s, cc_ns, cc_p, cc_np, cc_l, cc_ge, cc_le, cc_g,
};
static const char *const cc_names[16] = {"o", "no", "b", "ae", "e", "ne", "be", "a",
                                         "s", "ns", "p", "np", "l", "ge", "le", "g"};

static void test_popf_flags(void)
{
    static const uint32_t bits[5] = {FL_CF, FL_PF, FL_ZF, FL_SF, FL_OF};
    for (int cc = 0; cc < 16; cc++) {
        uint32_t taken = 0;
        for (uint32_t combo = 0; combo < 32; combo++) {
            uint32_t f = 2;
            for (int i = 0; i < 5; i++) {
                if (combo >> i & 1) {
                    f |= bits[i];
                }
            }
            uint32_t got = cc_fns[cc](f);
            uint32_t want = cc_model(cc, f) ? 0x1f : 0;
            if (got != want) {
                guest_printf("cc %s flags %03x: got %02x want %02x\n", cc_names[cc], f, got, want);
                guest_failures++;
            }
            taken |= (got & 1) << combo;
        }
        guest_printf("j%-2s taken for flag combos %08x\n", cc_names[cc], taken);
    }
}

/* Part 2: a flag-setting instruction directly followed by Jcc/SETcc, in
 * one asm block so nothing sits between producer and consumer. */
#define FUSED(fn, producer, sfx)                                                                   \
    static int fn(uint32_t a, uint32_t b)                                                          \
    {                                                                                              \
        uint32_t set = 0, j = 0;                                                                   \
        __asm__ volatile(producer "\n\tset" #sfx " %b[set]\n\t" producer "\n\tj" #sfx " 1f\n\t"    \
                         "jmp 2f\n1:\tmovl $1, %[j]\n2:"                                           \
                         : [set] "+q"(set), [j] "+r"(j), [a] "+r"(a)                               \
                         : [b] "r"(b)                                                              \
                         : "cc");                                                                  \
        return set | j << 1;                                                                       \
    }

/* The producers must leave a unchanged for the second copy: cmp/test do;
 * the others operate on a scratch copy. */
#define PRODUCERS(X, sfx)                                                                          \
    X(cmpl_##sfx, "cmpl %[b], %[a]", sfx)                                                          \
    X(cmpw_##sfx, "cmpw %w[b], %w[a]", sfx)                                                        \
    X(cmpb_##sfx, "cmpb %b[b], %b[a]", sfx)                                                        \
    X(testl_##sfx, "testl %[b], %[a]", sfx)

// clang-format off
PRODUCERS(FUSED, o)  PRODUCERS(FUSED, no) PRODUCERS(FUSED, b)  PRODUCERS(FUSED, ae)
PRODUCERS(FUSED, e)  PRODUCERS(FUSED, ne) PRODUCERS(FUSED, be) PRODUCERS(FUSED, a)
PRODUCERS(FUSED, s)  PRODUCERS(FUSED, ns) PRODUCERS(FUSED, p)  PRODUCERS(FUSED, np)
PRODUCERS(FUSED, l)  PRODUCERS(FUSED, ge) PRODUCERS(FUSED, le) PRODUCERS(FUSED, g)
// clang-format on

#define ROW(sfx) {cmpl_##sfx, cmpw_##sfx, cmpb_##sfx, testl_##sfx}
static int (*const fused[16][4])(uint32_t, uint32_t) = {
    ROW(o), ROW(no), ROW(b), ROW(ae), ROW(e), ROW(ne), ROW(be), ROW(a),
    ROW(s), ROW(ns), ROW(p), ROW(np), ROW(l), ROW(ge), ROW(le), ROW(g),
};

/* Producers that modify their operand: the flags after one instruction. */
#define MODIFY(fn, text, sfx)                                                                      \
    static int fn(uint32_t a, uint32_t b)                                                          \
    {                                                                                              \
        uint32_t j = 0;                                                                            \
        __asm__ volatile(text "\n\tj" #sfx " 1f\n\tjmp 2f\n1:\tmovl $1, %[j]\n2:"                  \
                         : [j] "+r"(j), [a] "+r"(a)                                                \
                         : [b] "r"(b)                                                              \
                         : "cc");                                                                  \
        return j;                                                                                  \
    }

#define MODIFIERS(X, sfx)                                                                          \
    X(sub_##sfx, "subl %[b], %[a]", sfx)                                                           \
    X(add_##sfx, "addl %[b], %[a]", sfx)                                                           \
    X(inc_##sfx, "incl %[a]", sfx)                                                                 \
    X(dec_##sfx, "decw %w[a]", sfx)                                                                \
    X(neg_##sfx, "negb %b[a]", sfx)                                                                \
    X(and_##sfx, "andl %[b], %[a]", sfx)                                                           \
    X(shl_##sfx, "shll $1, %[a]", sfx)

// clang-format off
MODIFIERS(MODIFY, o)  MODIFIERS(MODIFY, no) MODIFIERS(MODIFY, b)  MODIFIERS(MODIFY, ae)
MODIFIERS(MODIFY, e)  MODIFIERS(MODIFY, ne) MODIFIERS(MODIFY, be) MODIFIERS(MODIFY, a)
MODIFIERS(MODIFY, s)  MODIFIERS(MODIFY, ns) MODIFIERS(MODIFY, p)  MODIFIERS(MODIFY, np)
MODIFIERS(MODIFY, l)  MODIFIERS(MODIFY, ge) MODIFIERS(MODIFY, le) MODIFIERS(MODIFY, g)
// clang-format on

#define MROW(sfx) {sub_##sfx, add_##sfx, inc_##sfx, dec_##sfx, neg_##sfx, and_##sfx, shl_##sfx}
static int (*const modifiers[16][7])(uint32_t, uint32_t) = {
    MROW(o), MROW(no), MROW(b), MROW(ae), MROW(e), MROW(ne), MROW(be), MROW(a),
    MROW(s), MROW(ns), MROW(p), MROW(np), MROW(l), MROW(ge), MROW(le), MROW(g),
};

static const struct {
    AmOp op;
    int bits;
    uint32_t mask; /* defined flags the conditions may look at */
} fused_ops[4] = {
    {AM_CMP, 32, FL_ARITH}, {AM_CMP, 16, FL_ARITH}, {AM_CMP, 8, FL_ARITH},
    {AM_TEST, 32, FL_ARITH & ~FL_AF},
}, mod_ops[7] = {
    {AM_SUB, 32, FL_ARITH}, {AM_ADD, 32, FL_ARITH}, {AM_INC, 32, FL_ARITH},
    {AM_DEC, 16, FL_ARITH}, {AM_NEG, 8, FL_ARITH},  {AM_AND, 32, FL_ARITH & ~FL_AF},
    {AM_SHL, 32, FL_ARITH & ~FL_AF},
};

/* INC/DEC keep CF: the asm above does not set it first, so conditions that
 * read CF (b, ae, be, a) are skipped for them. */
static int reads_cf(int cc)
{
    return cc >= 2 && cc <= 7 && cc != 4 && cc != 5;
}

static void test_fused(void)
{
    uint32_t h = 0x811c9dc5u;
    for (int cc = 0; cc < 16; cc++) {
        for (int x = 0; x < FT_NVALS; x += 2) {
            for (int y = 1; y < FT_NVALS; y += 2) {
                uint32_t a = ft_vals[x], b = ft_vals[y];
                for (int p = 0; p < 4; p++) {
                    AmResult m = am_run(fused_ops[p].op, a, b, 2, fused_ops[p].bits);
                    int want = cc_model(cc, m.flags) ? 3 : 0;
                    int got = fused[cc][p](a, b);
                    if (got != want) {
                        guest_printf("fused %d j%s a=%08x b=%08x: got %d want %d\n", p,
                                     cc_names[cc], a, b, got, want);
                        guest_failures++;
                    }
                    h = ft_mix(h, (uint32_t)got);
                }
                for (int p = 0; p < 7; p++) {
                    if ((mod_ops[p].op == AM_INC || mod_ops[p].op == AM_DEC) && reads_cf(cc)) {
                        continue;
                    }
                    uint32_t count = mod_ops[p].op == AM_SHL ? 1 : b;
                    AmResult m = am_run(mod_ops[p].op, a, count, 2, mod_ops[p].bits);
                    int want = cc_model(cc, m.flags);
                    int got = modifiers[cc][p](a, b);
                    if (got != want) {
                        guest_printf("modifier %d j%s a=%08x b=%08x: got %d want %d\n", p,
                                     cc_names[cc], a, b, got, want);
                        guest_failures++;
                    }
                    h = ft_mix(h, (uint32_t)got);
                }
            }
        }
    }
    guest_printf("fused hash %08x\n", h);
}

int main(void)
{
    guest_puts("cond: SETcc CMOVcc Jcc, 16 conditions\n");
    test_popf_flags();
    test_fused();
    return guest_result("cond");
}
