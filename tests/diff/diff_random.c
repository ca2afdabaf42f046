/*
 * diff_random.c - random instruction streams under the JIT and TCI.
 *
 * Each stream is a random but valid sequence of 32-bit protected-mode
 * instructions (ALU, shifts and rotates, multiply, safe divides, MOVZX/SX,
 * LEA, PUSH/POP, SETcc, CMOVcc, BT*, XCHG/XADD/CMPXCHG, BSWAP, BSF/BSR,
 * SHLD/SHRD, flag ops, forward Jcc/JMP) on 8/16/32-bit operands, registers
 * and memory, ending in HLT. Both back ends start from the same random
 * registers, flags and scratch memory; diff_run compares the state at every
 * common instruction count and the registers, flags and RAM at the end.
 *
 * Memory layout (flat, paging off):
 *   0x01000  code (at most DR_CODE_MAX bytes), then HLT
 *   0x10000  scratch (64 KiB, random): ESP starts near 0x14000, EBX near
 *            0x18000 (sometimes just below the page boundary, so that
 *            accesses cross it); memory operands are [esp+d8], [ebx+d8],
 *            [ebx+d32], [d32], all inside the scratch area.
 * ESP and EBX are never a destination (besides PUSH/POP moving ESP by at
 * most 4 bytes per instruction), so every access stays in scratch.
 *
 *   diff_random [-n STREAMS (10000)] [-seed S] [-len MAX (64)] [-only K] [-v]
 * A failing stream prints its index; -seed S -only K reruns it alone.
 * With DIFF_LOG set in the environment, both sides log in_asm, op_opt and
 * out_asm to stderr (diff.c), to see where the back ends part.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/diff/diff.h"

#define DR_CODE       0x1000u
#define DR_CODE_MAX   0x6000u
#define DR_SCRATCH    0x10000u
#define DR_SCRATCH_SZ 0x10000u
#define DR_ESP        0x14000u
#define DR_EBX        0x18000u

typedef struct DRGen {
    uint64_t rng;
    uint8_t *p;   /* next code byte */
    uint8_t *end; /* room left for the final HLT and one instruction */
} DRGen;

static uint32_t dr_rand(DRGen *g)
{
    /* xorshift64*: deterministic across hosts, no libc state */
    g->rng ^= g->rng >> 12;
    g->rng ^= g->rng << 25;
    g->rng ^= g->rng >> 27;
    return (uint32_t)((g->rng * 0x2545f4914f6cdd1dull) >> 32);
}

static uint32_t dr_below(DRGen *g, uint32_t n)
{
    return dr_rand(g) % n;
}

static void dr_b(DRGen *g, uint32_t byte)
{
    *g->p++ = (uint8_t)byte;
}

static void dr_imm(DRGen *g, uint32_t val, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        dr_b(g, val >> (8 * i));
    }
}

/* Registers an instruction may write: not ESP, not EBX (8-bit: not BL/BH). */
static const uint8_t dr_dst32[] = {0, 1, 2, 5, 6, 7};
static const uint8_t dr_dst8[] = {0, 1, 2, 4, 5, 6};

static int dr_dst(DRGen *g, int size)
{
    return size == 1 ? dr_dst8[dr_below(g, 6)] : dr_dst32[dr_below(g, 6)];
}

/* Operand size 1, 2 or 4; 2 emits the 0x66 prefix. */
static int dr_size(DRGen *g, bool bytes_ok)
{
    uint32_t r = dr_below(g, bytes_ok ? 4 : 3);
    int size = r == 0 ? 2 : (r == 3 ? 1 : 4);
    if (size == 2) {
        dr_b(g, 0x66);
    }
    return size;
}

/* ModRM (+SIB, disp) of a scratch memory operand with reg field reg. */
static void dr_mem(DRGen *g, int reg)
{
    switch (dr_below(g, 4)) {
    case 0: /* [esp+d8] */
        dr_b(g, 0x44 | reg << 3);
        dr_b(g, 0x24);
        dr_b(g, dr_below(g, 124));
        break;
    case 1: /* [ebx+d8] */
        dr_b(g, 0x43 | reg << 3);
        dr_b(g, dr_rand(g));
        break;
    case 2: /* [ebx+d32] */
        dr_b(g, 0x83 | reg << 3);
        dr_imm(g, dr_below(g, 0x1000) - 0x800, 4);
        break;
    default: /* [d32] */
        dr_b(g, 0x05 | reg << 3);
        dr_imm(g, DR_SCRATCH + 0xc000 + dr_below(g, 0x1000), 4);
        break;
    }
}

/* An E operand: a writable register (mod 3) or memory. */
static void dr_e_dst(DRGen *g, int reg, int size)
{
    if (dr_below(g, 2)) {
        dr_b(g, 0xc0 | reg << 3 | dr_dst(g, size));
    } else {
        dr_mem(g, reg);
    }
}

/* An E operand only read: any register or memory. */
static void dr_e_src(DRGen *g, int reg)
{
    if (dr_below(g, 2)) {
        dr_b(g, 0xc0 | reg << 3 | dr_below(g, 8));
    } else {
        dr_mem(g, reg);
    }
}

static int dr_imm_bytes(int size)
{
    return size == 1 ? 1 : size;
}

/* --- instruction families, one generator each --- */

static void dr_gen_alu(DRGen *g)
{
    int size = dr_size(g, true);
    int op = dr_below(g, 8), w = size != 1;
    switch (dr_below(g, 4)) {
    case 0: /* op Ev, Gv */
        dr_b(g, op << 3 | w);
        dr_e_dst(g, dr_below(g, 8), size);
        break;
    case 1: /* op Gv, Ev */
        dr_b(g, op << 3 | 2 | w);
        dr_e_src(g, dr_dst(g, size));
        break;
    case 2: /* 80/81/83 /op imm */
        if (w && dr_below(g, 2)) {
            dr_b(g, 0x83);
            dr_e_dst(g, op, size);
            dr_b(g, dr_rand(g));
        } else {
            dr_b(g, 0x80 | w);
            dr_e_dst(g, op, size);
            dr_imm(g, dr_rand(g), dr_imm_bytes(size));
        }
        break;
    default: /* op AL/eAX, imm */
        dr_b(g, op << 3 | 4 | w);
        dr_imm(g, dr_rand(g), dr_imm_bytes(size));
        break;
    }
}

static void dr_gen_shift(DRGen *g)
{
    int size = dr_size(g, true);
    int op = dr_below(g, 8), w = size != 1;
    uint32_t form = dr_below(g, 3);
    dr_b(g, (form == 0 ? 0xc0 : form == 1 ? 0xd0 : 0xd2) | w);
    dr_e_dst(g, op, size);
    if (form == 0) {
        dr_b(g, dr_below(g, 4) ? dr_below(g, 33) : dr_rand(g));
    }
}

static void dr_gen_unary(DRGen *g)
{
    int size = dr_size(g, true);
    int w = size != 1;
    static const uint8_t ops[] = {0, 2, 3, 4, 5}; /* test, not, neg, mul, imul */
    int op = ops[dr_below(g, 5)];
    switch (dr_below(g, 3)) {
    case 0: /* inc/dec Ev */
        dr_b(g, 0xfe | w);
        dr_e_dst(g, dr_below(g, 2), size);
        break;
    case 1: /* F6/F7 group */
        dr_b(g, 0xf6 | w);
        if (op >= 4) {
            dr_e_src(g, op);
        } else {
            dr_e_dst(g, op, size);
        }
        if (op == 0) {
            dr_imm(g, dr_rand(g), dr_imm_bytes(size));
        }
        break;
    default: /* 40+r / 48+r */
        if (size == 1) {
            dr_b(g, 0x90); /* no byte form: a NOP */
        } else {
            dr_b(g, (dr_below(g, 2) ? 0x40 : 0x48) | dr_dst(g, 4));
        }
        break;
    }
}

static void dr_gen_imul(DRGen *g)
{
    int size = dr_size(g, false);
    int dst = dr_dst(g, size);
    switch (dr_below(g, 3)) {
    case 0:
        dr_b(g, 0x0f);
        dr_b(g, 0xaf);
        dr_e_src(g, dst);
        break;
    case 1:
        dr_b(g, 0x69);
        dr_e_src(g, dst);
        dr_imm(g, dr_rand(g), size);
        break;
    default:
        dr_b(g, 0x6b);
        dr_e_src(g, dst);
        dr_b(g, dr_rand(g));
        break;
    }
}

static void dr_gen_mov(DRGen *g)
{
    int size = dr_size(g, true);
    int w = size != 1;
    switch (dr_below(g, 5)) {
    case 0:
        dr_b(g, 0x88 | w);
        dr_e_dst(g, dr_below(g, 8), size);
        break;
    case 1:
        dr_b(g, 0x8a | w);
        dr_e_src(g, dr_dst(g, size));
        break;
    case 2:
        dr_b(g, (w ? 0xb8 : 0xb0) | dr_dst(g, size));
        dr_imm(g, dr_rand(g), dr_imm_bytes(size));
        break;
    case 3:
        dr_b(g, 0xc6 | w);
        dr_e_dst(g, 0, size);
        dr_imm(g, dr_rand(g), dr_imm_bytes(size));
        break;
    default: /* movzx/movsx Gv, Eb/Ew */
        dr_b(g, 0x0f);
        dr_b(g, 0xb6 | (dr_below(g, 2) ? 8 : 0) | dr_below(g, 2));
        dr_e_src(g, dr_dst(g, size == 1 ? 4 : size));
        break;
    }
}

/* LEA never touches memory: any base, index, scale and displacement. */
static void dr_gen_lea(DRGen *g)
{
    int size = dr_size(g, false);
    int mod = dr_below(g, 3);
    dr_b(g, 0x8d);
    dr_b(g, mod << 6 | dr_dst(g, size) << 3 | 4);
    dr_b(g, dr_rand(g) & 0xff);
    if (mod == 1) {
        dr_b(g, dr_rand(g));
    } else if (mod == 2 || (mod == 0 && (g->p[-1] & 7) == 5)) {
        dr_imm(g, dr_rand(g), 4);
    }
}

static void dr_gen_stack(DRGen *g)
{
    switch (dr_below(g, 7)) {
    case 0:
        dr_b(g, 0x50 | dr_below(g, 8));
        break;
    case 1:
        dr_b(g, 0x58 | dr_dst(g, 4));
        break;
    case 2:
        dr_b(g, 0x6a);
        dr_b(g, dr_rand(g));
        break;
    case 3:
        dr_b(g, 0x68);
        dr_imm(g, dr_rand(g), 4);
        break;
    case 4: /* push Ev */
        dr_b(g, 0xff);
        dr_mem(g, 6);
        break;
    case 5: /* pop Ev (the address uses ESP after the pop) */
        dr_b(g, 0x8f);
        dr_mem(g, 0);
        break;
    default: /* pushf */
        dr_b(g, 0x9c);
        break;
    }
}

static void dr_gen_cc(DRGen *g)
{
    int cc = dr_below(g, 16);
    if (dr_below(g, 2)) { /* setcc Eb */
        dr_b(g, 0x0f);
        dr_b(g, 0x90 | cc);
        dr_e_dst(g, 0, 1);
        return;
    }
    int size = dr_size(g, false); /* cmovcc Gv, Ev */
    dr_b(g, 0x0f);
    dr_b(g, 0x40 | cc);
    dr_e_src(g, dr_dst(g, size));
}

static void dr_gen_bt(DRGen *g)
{
    int size = dr_size(g, false);
    int op = dr_below(g, 4);
    dr_b(g, 0x0f);
    if (dr_below(g, 2)) { /* bt* Ev, Gv: register only (the offset is unbounded) */
        dr_b(g, 0xa3 | op << 3);
        dr_b(g, 0xc0 | dr_below(g, 8) << 3 | (op ? (uint32_t)dr_dst(g, size) : dr_below(g, 8)));
    } else { /* 0F BA /4-7 Ev, Ib */
        dr_b(g, 0xba);
        dr_e_dst(g, 4 | op, size);
        dr_b(g, dr_rand(g));
    }
}

static void dr_gen_xchg(DRGen *g)
{
    int size = dr_size(g, true);
    int w = size != 1;
    switch (dr_below(g, 5)) {
    case 0: /* xchg Eb/Ev, Gb/Gv */
        dr_b(g, 0x86 | w);
        dr_e_dst(g, dr_dst(g, size), size);
        break;
    case 1: /* xchg eAX, r */
        dr_b(g, w ? 0x90 | dr_dst(g, 4) : 0x90);
        break;
    case 2: /* xadd */
        dr_b(g, 0x0f);
        dr_b(g, 0xc0 | w);
        dr_e_dst(g, dr_dst(g, size), size);
        break;
    case 3: /* cmpxchg */
        dr_b(g, 0x0f);
        dr_b(g, 0xb0 | w);
        dr_e_dst(g, dr_below(g, 8), size);
        break;
    default: /* bswap (32-bit only: 16-bit is undefined) */
        if (size != 4) {
            dr_b(g, 0x90);
        } else {
            dr_b(g, 0x0f);
            dr_b(g, 0xc8 | dr_dst(g, 4));
        }
        break;
    }
}

static void dr_gen_misc(DRGen *g)
{
    /* clc stc cmc cld std lahf sahf cwde cdq salc nop */
    static const uint8_t ops[] = {0xf8, 0xf9, 0xf5, 0xfc, 0xfd, 0x9f, 0x9e, 0x98, 0x99, 0xd6, 0x90};
    uint32_t i = dr_below(g, sizeof(ops) + 2);
    if (i < sizeof(ops)) {
        if ((ops[i] == 0x98 || ops[i] == 0x99) && dr_below(g, 2)) {
            dr_b(g, 0x66); /* cbw, cwd */
        }
        dr_b(g, ops[i]);
        return;
    }
    int size = dr_size(g, false);
    dr_b(g, 0x0f);
    if (i == sizeof(ops)) { /* bsf/bsr Gv, Ev */
        dr_b(g, 0xbc | dr_below(g, 2));
        dr_e_src(g, dr_dst(g, size));
    } else { /* shld/shrd Ev, Gv, Ib/CL */
        int cl = dr_below(g, 2);
        dr_b(g, 0xa4 | dr_below(g, 2) << 3 | cl);
        dr_e_dst(g, dr_below(g, 8), size);
        if (!cl) {
            dr_b(g, dr_below(g, 4) ? dr_below(g, 32) : dr_rand(g));
        }
    }
}

/* or ecx,1; shr ecx,1 or not; xor edx,edx / cdq; div/idiv ecx: no #DE. */
static void dr_gen_div(DRGen *g)
{
    bool sign = dr_below(g, 2);
    dr_b(g, 0x83);
    dr_b(g, 0xc9); /* or ecx, 1 */
    dr_b(g, 0x01);
    if (sign) {
        dr_b(g, 0xd1); /* shr ecx, 1: positive */
        dr_b(g, 0xe9);
        dr_b(g, 0x41); /* inc ecx */
        dr_b(g, 0x99); /* cdq */
    } else {
        dr_b(g, 0x31); /* xor edx, edx */
        dr_b(g, 0xd2);
    }
    dr_b(g, 0xf7);
    dr_b(g, sign ? 0xf9 : 0xf1);
}

typedef void DRGenFn(DRGen *g);

// clang-format off
static DRGenFn *const dr_gens[] = {
    dr_gen_alu, dr_gen_alu, dr_gen_alu, dr_gen_shift, dr_gen_shift, dr_gen_unary, dr_gen_imul,
    dr_gen_mov, dr_gen_mov, dr_gen_lea, dr_gen_stack, dr_gen_cc, dr_gen_cc, dr_gen_bt,
    dr_gen_xchg, dr_gen_misc, dr_gen_div,
};
// clang-format on
#define DR_NGENS (int)(sizeof(dr_gens) / sizeof(dr_gens[0]))

static void dr_gen_insns(DRGen *g, int n, bool branches);

/* Jcc/JMP rel8 or Jcc rel32 over a block of 1-3 instructions. */
static void dr_gen_branch(DRGen *g)
{
    uint32_t kind = dr_below(g, 3);
    uint8_t *at = g->p;
    int len = kind == 2 ? 6 : 2;
    g->p += len;
    uint8_t *body = g->p;
    dr_gen_insns(g, 1 + dr_below(g, 3), false); /* not nested: rel8 reaches */
    uint32_t disp = (uint32_t)(g->p - body);
    if (kind == 2) {
        at[0] = 0x0f;
        at[1] = 0x80 | dr_below(g, 16);
        for (int i = 0; i < 4; i++) {
            at[2 + i] = (uint8_t)(disp >> (8 * i));
        }
    } else {
        at[0] = kind == 0 ? 0x70 | dr_below(g, 16) : 0xeb;
        at[1] = (uint8_t)disp;
    }
}

static void dr_gen_insns(DRGen *g, int n, bool branches)
{
    for (int i = 0; i < n && g->p < g->end; i++) {
        if (branches && dr_below(g, 12) == 0) {
            dr_gen_branch(g); /* the body is at most 3 * 16 bytes < 128 */
        } else {
            dr_gens[dr_below(g, DR_NGENS)](g);
        }
    }
}

/* --- one stream on both sides --- */

typedef struct DRStream {
    uint8_t code[DR_CODE_MAX];
    uint32_t code_len;
    uint8_t scratch[DR_SCRATCH_SZ];
    uint32_t regs[8];
    uint32_t eflags;
} DRStream;

static void dr_make_stream(DRStream *st, uint64_t seed, int max_len)
{
    DRGen g = {.rng = seed * 0x9e3779b97f4a7c15ull + 1};
    for (int i = 0; i < 4; i++) {
        dr_rand(&g);
    }
    g.p = st->code;
    g.end = st->code + DR_CODE_MAX - 256;
    dr_gen_insns(&g, 1 + dr_below(&g, max_len), true);
    *g.p++ = 0xf4; /* hlt */
    st->code_len = (uint32_t)(g.p - st->code);
    for (uint32_t i = 0; i < DR_SCRATCH_SZ; i += 4) {
        uint32_t v = dr_rand(&g);
        memcpy(st->scratch + i, &v, 4);
    }
    for (int i = 0; i < 8; i++) {
        uint32_t v = dr_rand(&g);
        st->regs[i] = dr_below(&g, 4) ? v : v & 0xff; /* small values too */
    }
    st->regs[R_ESP] = DR_ESP - dr_below(&g, 64) * 4;
    st->regs[R_EBX] = dr_below(&g, 4) ? DR_EBX + dr_below(&g, 0x100) : DR_EBX - 8 + dr_below(&g, 8);
    st->eflags = (dr_rand(&g) & CC_MASK) | (dr_below(&g, 4) ? 0 : DF_MASK);
}

static void dr_load(DiffSide *s, const DRStream *st)
{
    diff_side_reset(s);
    memset(s->ram + DR_CODE, 0, DR_CODE_MAX);
    memcpy(s->ram + DR_CODE, st->code, st->code_len);
    memcpy(s->ram + DR_SCRATCH, st->scratch, DR_SCRATCH_SZ);
    cpu_x86_set_flat32(s->env, DR_CODE);
    memcpy(s->env->regs, st->regs, sizeof(st->regs));
    cpu_x86_load_eflags(s->env, st->eflags, CC_MASK | DF_MASK);
}

static void dr_print_code(const DRStream *st)
{
    fprintf(stderr, "code at %08x:", DR_CODE);
    for (uint32_t i = 0; i < st->code_len; i++) {
        fprintf(stderr, "%s%02x", i % 32 ? " " : "\n  ", st->code[i]);
    }
    fprintf(stderr, "\n");
}

/* 0: same, 1: a difference, 2: the stream did not end at its HLT. */
static int dr_run_stream(DiffSide *side, DRStream *st, uint64_t seed, int max_len, bool verbose,
                         uint64_t *insns)
{
    DiffOptions opt = {.max_insns = 100000, .mem_every = 0, .quiet = false, .skip_vga = true};
    DiffReport rep;
    dr_make_stream(st, seed, max_len);
    dr_load(&side[0], st);
    dr_load(&side[1], st);
    DiffResult r = diff_run(&side[0], &side[1], &opt, &rep);
    *insns += rep.insns;
    if (r != DIFF_SAME) {
        fprintf(stderr, "diff_random: %s\n", rep.what);
        dr_print_code(st);
        return 1;
    }
    if (side[0].env->eip != DR_CODE + st->code_len) {
        fprintf(stderr,
                "diff_random: stopped at %08x, not after the HLT (%08x): "
                "an encoding the translator rejects?\n",
                side[0].env->eip, DR_CODE + st->code_len);
        dr_print_code(st);
        return 2;
    }
    if (verbose) {
        fprintf(stderr, "stream ok: %llu insns, %u code bytes\n", (unsigned long long)rep.insns,
                st->code_len);
        dr_print_code(st);
    }
    return 0;
}

int main(int argc, char **argv)
{
    long streams = 10000, only = -1;
    uint64_t seed = 1;
    int max_len = 64;
    bool verbose = false;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : "0";
        if (!strcmp(argv[i], "-n")) {
            streams = strtol(v, NULL, 0), i++;
        } else if (!strcmp(argv[i], "-seed")) {
            seed = strtoull(v, NULL, 0), i++;
        } else if (!strcmp(argv[i], "-len")) {
            max_len = (int)strtol(v, NULL, 0), i++;
        } else if (!strcmp(argv[i], "-only")) {
            only = strtol(v, NULL, 0), i++;
        } else if (!strcmp(argv[i], "-v")) {
            verbose = true;
        } else {
            fprintf(stderr,
                    "usage: diff_random [-n STREAMS] [-seed S] [-len MAX] [-only K] [-v]\n");
            return 2;
        }
    }
    if (max_len < 1) {
        max_len = 1;
    }
    DiffSide side[2];
    DRStream *st = malloc(sizeof(*st));
    if (!st || diff_side_init(&side[0], "tcg", 2, 16) < 0 ||
        diff_side_init(&side[1], "tci", 2, 16) < 0) {
        fprintf(stderr, "diff_random: cannot build the machines\n");
        return 99;
    }
    uint64_t insns = 0;
    long failed = 0, run = 0;
    for (long k = only >= 0 ? only : 0; k < (only >= 0 ? only + 1 : streams); k++) {
        run++;
        if (dr_run_stream(side, st, seed * 1000003u + (uint64_t)k, max_len, verbose, &insns)) {
            fprintf(stderr,
                    "diff_random: stream %ld failed; rerun: diff_random -seed %llu "
                    "-len %d -only %ld\n",
                    k, (unsigned long long)seed, max_len, k);
            if (++failed >= 5) {
                break;
            }
        }
    }
    printf("diff_random: %ld streams, %llu guest insns, %ld failed (seed %llu)\n", run,
           (unsigned long long)insns, failed, (unsigned long long)seed);
    diff_side_free(&side[0]);
    diff_side_free(&side[1]);
    free(st);
    return failed ? 1 : 0;
}
