/*
 * alu_oracle.c - the host-silicon oracle for 32-bit ALU instructions
 * (docs/conformance.md, "Host-silicon oracle (32-bit ALU)").
 *
 * The host is x86-64: register-form encodings without REX prefix decode the
 * same in long mode as in 32-bit protected mode (the 40+r INC/DEC forms are
 * the one exception; the host runs FF /0 and FF /1 for them). For each
 * instruction form the oracle emits one loop twice, as 64-bit host code in an
 * executable page and as 32-bit guest code in the bare-CPU harness
 * (tests/harness): load EAX..EDI and EFLAGS from a record, execute the
 * instruction, store EFLAGS and EAX..EDI back, next record. Records hold
 * random and edge operands and random input flags (the six arithmetic flags
 * and DF). Results and every flag the SDM defines must match exactly; where
 * the SDM leaves a flag or a result undefined it is masked and only counted
 * (-u prints the counts per form).
 *
 * Usage: alu_oracle [-n total_cases] [-s seed] [-b tci|tcg] [-u]
 * Exit status 0 when everything matched, 1 otherwise, 77 (skip) on a host
 * that is not x86-64.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__linux__)

#include <sys/mman.h>
#include <time.h>

#include "softmmu/bswap.h"
#include "tests/harness/cpu_harness.h"

/* Guest memory map (flat 32-bit, RAM from 0) */
#define G_RAM_SIZE   (32u << 20)
#define G_IDT        0x500u
#define G_GDT        0x600u
#define G_DE_HANDLER 0x2000u
#define G_STACK_TOP  0x8000u
#define G_STR_BASE   0x10000u
#define G_REC_BASE   0x100000u
#define G_CODE_BASE  0x400000u
#define G_CODE_END   G_RAM_SIZE

#define REC_WORDS   16 /* 0..5 regs in, 6 eflags in, 8..13 regs out, 14 eflags out */
#define REC_BYTES   (REC_WORDS * 4)
#define MAX_RECS    8192
#define STR_BYTES   0x600
#define NREGS       6 /* EAX ECX EDX EBX ESI EDI; ESP and EBP are the loop's */
#define FLAGS_IN    (CC_MASK | DF_MASK)
#define MAX_EXAMPLES 3

enum { OP_ADD, OP_OR, OP_ADC, OP_SBB, OP_AND, OP_SUB, OP_XOR, OP_CMP };
enum { SH_ROL, SH_ROR, SH_RCL, SH_RCR, SH_SHL, SH_SHR, SH_SAL, SH_SAR };

/* What decides the defined flags and results of a form. */
typedef enum OracleKind {
    K_ARITH,   /* all six flags */
    K_LOGIC,   /* AF undefined */
    K_NOFLAGS, /* flags preserved: all defined */
    K_SHIFT,   /* SHL SHR SAR */
    K_ROT,     /* ROL ROR RCL RCR */
    K_SHD,     /* SHLD SHRD */
    K_MUL,     /* CF OF only */
    K_DIV,     /* no flags */
    K_BS,      /* ZF only; destination undefined for a zero source */
    K_BT,      /* CF; ZF preserved */
} OracleKind;

typedef enum CountSrc { CNT_NONE, CNT_ONE, CNT_CL, CNT_IMM } CountSrc;

typedef struct OracleForm {
    char name[48];  /* group for the report, e.g. "adc r16,r16" */
    uint8_t code[40];
    int len;
    int modrm_pos;  /* index of the first ModRM byte in code, -1 if none */
    uint8_t host[16];
    int hlen;
    OracleKind kind;
    int size;       /* operand size in bits */
    int sub;        /* kind detail: shift op, or 1 for SHRD */
    int ra, rb;     /* operand registers (x86 numbers), -1 if none */
    int eq_a, eq_b; /* register pair made equal in some cases, -1 if none */
    CountSrc count;
    int imm;
    bool is_div, is_idiv;
    bool string;
    int use_cc;    /* consumer form: condition read after the op, -1 if none */
    int use_reg;   /* record index of the register the consumer writes */
    bool use_adc;  /* the consumer is ADC ESI,EDI: it sets flags too */
} OracleForm;

typedef struct OracleGroup {
    char name[48];
    uint64_t cases, failed;
    uint64_t undef_diff[12]; /* per flag bit 0..11: undefined bit differed */
    uint64_t undef_masked[12];
    uint64_t undef_host_set[12]; /* of the differing cases: host had the bit set */
    uint64_t undef_reg_diff;
    int nex;
    char ex[MAX_EXAMPLES][320];
} OracleGroup;

typedef struct Oracle {
    CPUHarness h;
    uint64_t rng;
    OracleForm *forms;
    int nforms, cap;
    OracleGroup *groups;
    int ngroups, gcap;
    uint8_t *exec; /* host code page */
    uint8_t *hstr; /* host string buffer */
    uint32_t *recs;
    uint32_t *grecs;
    uint32_t code_next;
    uint64_t passed, failed;
} Oracle;

typedef void (*NativeLoop)(uint32_t *rec, uint32_t *end, uint8_t *strbase);

static uint64_t oracle_rand(Oracle *o)
{
    o->rng ^= o->rng >> 12;
    o->rng ^= o->rng << 25;
    o->rng ^= o->rng >> 27;
    return o->rng * 0x2545f4914f6cdd1dull;
}

static uint32_t oracle_rand32(Oracle *o)
{
    return (uint32_t)(oracle_rand(o) >> 32);
}

static uint32_t oracle_edge(Oracle *o, int size)
{
    static const uint32_t e8[] = {0, 1, 2, 0x0f, 0x10, 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff};
    static const uint32_t e16[] = {0,     1,      0x7f,   0x80,   0xff,  0x100,
                                   0x7fff, 0x8000, 0x8001, 0xfffe, 0xffff};
    static const uint32_t e32[] = {0,          1,          0x7f,       0x80,      0xff,
                                   0x7fff,     0x8000,     0xffff,     0x10000,   0x7fffffff,
                                   0x80000000, 0x80000001, 0xfffffffe, 0xffffffff};
    uint32_t r = oracle_rand32(o);
    if (size == 8) {
        return e8[r % (sizeof(e8) / sizeof(e8[0]))];
    } else if (size == 16) {
        return e16[r % (sizeof(e16) / sizeof(e16[0]))];
    }
    return e32[r % (sizeof(e32) / sizeof(e32[0]))];
}

/* Register x86 number -> record index (ESP/EBP are not operands). */
static int oracle_reg_index(int reg)
{
    return reg < 4 ? reg : reg - 2;
}

static uint32_t oracle_get_reg(const uint32_t *regs, int reg, int size)
{
    if (size == 8) {
        return (regs[reg & 3] >> (reg & 4 ? 8 : 0)) & 0xff;
    }
    uint32_t v = regs[oracle_reg_index(reg)];
    return size == 16 ? v & 0xffff : v;
}

static void oracle_set_reg(uint32_t *regs, int reg, int size, uint32_t v)
{
    if (size == 8) {
        int sh = reg & 4 ? 8 : 0;
        regs[reg & 3] = (regs[reg & 3] & ~(0xffu << sh)) | ((v & 0xff) << sh);
    } else if (size == 16) {
        int i = oracle_reg_index(reg);
        regs[i] = (regs[i] & 0xffff0000u) | (v & 0xffff);
    } else {
        regs[oracle_reg_index(reg)] = v;
    }
}

/* ---- forms ---- */

static OracleForm *oracle_new_form(Oracle *o, const char *name, OracleKind kind, int size)
{
    if (o->nforms == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 1024;
        o->forms = realloc(o->forms, (size_t)o->cap * sizeof(*o->forms));
        if (!o->forms) {
            abort();
        }
    }
    OracleForm *f = &o->forms[o->nforms++];
    memset(f, 0, sizeof(*f));
    snprintf(f->name, sizeof(f->name), "%s", name);
    f->kind = kind;
    f->size = size;
    f->ra = f->rb = f->eq_a = f->eq_b = -1;
    f->use_cc = -1;
    f->modrm_pos = -1;
    return f;
}

static void oracle_byte(OracleForm *f, uint8_t b)
{
    f->code[f->len++] = b;
    f->host[f->hlen++] = b;
}

static void oracle_prefix(OracleForm *f)
{
    if (f->size == 16) {
        oracle_byte(f, 0x66);
    }
}

static void oracle_imm(OracleForm *f, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        oracle_byte(f, (uint8_t)(v >> (8 * i)));
    }
}

static uint8_t oracle_modrm(int reg, int rm)
{
    return (uint8_t)(0xc0 | (reg << 3) | rm);
}

/* A register-form ModRM byte; the first one is the memory twin's. */
static void oracle_rm(OracleForm *f, int reg, int rm)
{
    if (f->modrm_pos < 0) {
        f->modrm_pos = f->len;
    }
    oracle_byte(f, oracle_modrm(reg, rm));
}

/* Operand register pairs: varied, with one same-register pair. */
static void oracle_pair(int size, int i, int *a, int *b)
{
    static const int p8[][2] = {{0, 3}, {4, 1}, {7, 2}, {5, 5}, {2, 6}, {1, 0}};
    static const int p32[][2] = {{0, 3}, {1, 2}, {3, 0}, {6, 7}, {2, 2}, {7, 1}};
    const int(*p)[2] = size == 8 ? p8 : p32;
    *a = p[i % 6][0];
    *b = p[i % 6][1];
}

static int oracle_one_reg(int size, int i)
{
    static const int r8[] = {0, 3, 4, 7, 1, 6};
    static const int r32[] = {0, 3, 1, 7, 2, 6};
    return size == 8 ? r8[i % 6] : r32[i % 6];
}

static const char *const alu_names[8] = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
static const char *const sh_names[8] = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"};

static uint32_t oracle_imm_value(Oracle *o, int size)
{
    return (oracle_rand(o) & 1) ? oracle_edge(o, size) : oracle_rand32(o);
}

static void oracle_forms_alu(Oracle *o)
{
    char name[48];
    for (int op = 0; op < 8; op++) {
        OracleKind k = (op == OP_AND || op == OP_OR || op == OP_XOR) ? K_LOGIC : K_ARITH;
        for (int size = 8; size <= 32; size *= 2) {
            int w = size == 8 ? 0 : 1, ib = size / 8;
            for (int i = 0; i < 6; i++) {
                int a, b;
                oracle_pair(size, i, &a, &b);
                for (int dir = 0; dir < 2; dir++) {
                    snprintf(name, sizeof(name), "%s r%d,r%d", alu_names[op], size, size);
                    OracleForm *f = oracle_new_form(o, name, k, size);
                    oracle_prefix(f);
                    oracle_byte(f, (uint8_t)((op << 3) | (dir << 1) | w));
                    oracle_rm(f, dir ? a : b, dir ? b : a);
                    f->eq_a = a;
                    f->eq_b = b;
                }
            }
            for (int i = 0; i < 4; i++) {
                uint32_t imm = oracle_imm_value(o, size);
                snprintf(name, sizeof(name), "%s r%d,imm", alu_names[op], size);
                OracleForm *f = oracle_new_form(o, name, k, size);
                oracle_prefix(f);
                if (i == 0) {
                    oracle_byte(f, (uint8_t)((op << 3) | 4 | w)); /* AL/eAX, imm */
                } else {
                    oracle_byte(f, size == 8 ? 0x80 : 0x81);
                    oracle_rm(f, op, oracle_one_reg(size, i));
                }
                oracle_imm(f, imm, ib);
                if (size != 8) {
                    snprintf(name, sizeof(name), "%s r%d,imm8", alu_names[op], size);
                    f = oracle_new_form(o, name, k, size);
                    oracle_prefix(f);
                    oracle_byte(f, 0x83);
                    oracle_rm(f, op, oracle_one_reg(size, i + 1));
                    oracle_imm(f, oracle_imm_value(o, 8), 1);
                }
            }
        }
    }
}

static void oracle_forms_unary(Oracle *o)
{
    char name[48];
    for (int size = 8; size <= 32; size *= 2) {
        int w = size == 8 ? 0 : 1;
        for (int i = 0; i < 6; i++) {
            int a, b, r = oracle_one_reg(size, i);
            oracle_pair(size, i, &a, &b);
            /* TEST r/m,r ; TEST r/m,imm ; TEST AL/eAX,imm */
            snprintf(name, sizeof(name), "test r%d,r%d", size, size);
            OracleForm *f = oracle_new_form(o, name, K_LOGIC, size);
            oracle_prefix(f);
            oracle_byte(f, (uint8_t)(0x84 | w));
            oracle_rm(f, b, a);
            f->eq_a = a;
            f->eq_b = b;
            snprintf(name, sizeof(name), "test r%d,imm", size);
            f = oracle_new_form(o, name, K_LOGIC, size);
            oracle_prefix(f);
            if (i == 0) {
                oracle_byte(f, (uint8_t)(0xa8 | w));
            } else {
                oracle_byte(f, (uint8_t)(0xf6 | w));
                oracle_rm(f, 0, r);
            }
            oracle_imm(f, oracle_imm_value(o, size), size / 8);
            /* INC DEC NEG NOT */
            static const char *const un[4] = {"inc", "dec", "not", "neg"};
            for (int u = 0; u < 4; u++) {
                snprintf(name, sizeof(name), "%s r%d", un[u], size);
                f = oracle_new_form(o, name, u == 2 ? K_NOFLAGS : K_ARITH, size);
                oracle_prefix(f);
                if (u < 2) {
                    oracle_byte(f, (uint8_t)(0xfe | w));
                    oracle_rm(f, u, r);
                } else {
                    oracle_byte(f, (uint8_t)(0xf6 | w));
                    oracle_rm(f, u, r);
                }
                if (u < 2 && size != 8) {
                    /* the one-byte 40+r / 48+r form; the host runs FF /u */
                    OracleForm copy = *f;
                    snprintf(name, sizeof(name), "%s r%d (%x+r)", un[u], size, 0x40 + 8 * u);
                    OracleForm *g = oracle_new_form(o, name, K_ARITH, size);
                    *g = copy;
                    g->modrm_pos = -1;
                    snprintf(g->name, sizeof(g->name), "%s", name);
                    g->len = size == 16 ? 1 : 0;
                    g->code[g->len++] = (uint8_t)(0x40 + 8 * u + r);
                }
            }
        }
    }
    /* CBW CWDE CWD CDQ */
    static const uint8_t conv[4][2] = {{0x66, 0x98}, {0, 0x98}, {0x66, 0x99}, {0, 0x99}};
    static const char *const conv_names[4] = {"cbw", "cwde", "cwd", "cdq"};
    for (int i = 0; i < 4; i++) {
        OracleForm *f = oracle_new_form(o, conv_names[i], K_NOFLAGS, i & 1 ? 32 : 16);
        if (conv[i][0]) {
            oracle_byte(f, conv[i][0]);
        }
        oracle_byte(f, conv[i][1]);
        f->ra = 0;
    }
}

static void oracle_forms_shift(Oracle *o)
{
    static const int imms[] = {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 0xff};
    char name[48];
    for (int op = 0; op < 8; op++) {
        if (op == SH_SAL) {
            continue;
        }
        OracleKind k = op < SH_SHL ? K_ROT : K_SHIFT;
        for (int size = 8; size <= 32; size *= 2) {
            int w = size == 8 ? 0 : 1;
            for (int i = 0; i < 6; i++) {
                int r = oracle_one_reg(size, i);
                snprintf(name, sizeof(name), "%s r%d,1", sh_names[op], size);
                OracleForm *f = oracle_new_form(o, name, k, size);
                oracle_prefix(f);
                oracle_byte(f, (uint8_t)(0xd0 | w));
                oracle_rm(f, op, r);
                f->sub = op;
                f->ra = r;
                f->count = CNT_ONE;
                for (int rep = 0; rep < 2; rep++) {
                    snprintf(name, sizeof(name), "%s r%d,cl", sh_names[op], size);
                    f = oracle_new_form(o, name, k, size);
                    oracle_prefix(f);
                    oracle_byte(f, (uint8_t)(0xd2 | w));
                    oracle_rm(f, op, rep ? r : (size == 8 ? 1 : 1));
                    f->sub = op;
                    f->ra = rep ? r : 1;
                    f->count = CNT_CL;
                }
            }
            for (size_t i = 0; i < sizeof(imms) / sizeof(imms[0]); i++) {
                snprintf(name, sizeof(name), "%s r%d,imm8", sh_names[op], size);
                OracleForm *f = oracle_new_form(o, name, k, size);
                int r = oracle_one_reg(size, (int)i);
                oracle_prefix(f);
                oracle_byte(f, (uint8_t)(0xc0 | w));
                oracle_rm(f, op, r);
                oracle_byte(f, (uint8_t)imms[i]);
                f->sub = op;
                f->ra = r;
                f->count = CNT_IMM;
                f->imm = imms[i];
            }
        }
    }
    /* SHLD / SHRD */
    for (int sub = 0; sub < 2; sub++) {
        for (int size = 16; size <= 32; size *= 2) {
            for (int i = 0; i < 6; i++) {
                int a, b;
                oracle_pair(size, i, &a, &b);
                snprintf(name, sizeof(name), "%s r%d,r%d,cl", sub ? "shrd" : "shld", size, size);
                OracleForm *f = oracle_new_form(o, name, K_SHD, size);
                oracle_prefix(f);
                oracle_byte(f, 0x0f);
                oracle_byte(f, sub ? 0xad : 0xa5);
                oracle_rm(f, b, a);
                f->sub = sub;
                f->ra = a;
                f->rb = b;
                f->count = CNT_CL;
            }
            for (size_t i = 0; i < sizeof(imms) / sizeof(imms[0]); i++) {
                int a, b;
                oracle_pair(size, (int)i, &a, &b);
                snprintf(name, sizeof(name), "%s r%d,r%d,imm8", sub ? "shrd" : "shld", size, size);
                OracleForm *f = oracle_new_form(o, name, K_SHD, size);
                oracle_prefix(f);
                oracle_byte(f, 0x0f);
                oracle_byte(f, sub ? 0xac : 0xa4);
                oracle_rm(f, b, a);
                oracle_byte(f, (uint8_t)imms[i]);
                f->sub = sub;
                f->ra = a;
                f->rb = b;
                f->count = CNT_IMM;
                f->imm = imms[i];
            }
        }
    }
}

static void oracle_forms_muldiv(Oracle *o)
{
    static const char *const md[4] = {"mul", "imul", "div", "idiv"};
    /* not AH, DX or EDX: DIV by the dividend's high half always faults */
    static const int dregs8[] = {1, 3, 5, 7, 2, 6, 0};
    static const int dregs32[] = {1, 3, 6, 7, 0, 1};
    char name[48];
    for (int size = 8; size <= 32; size *= 2) {
        int w = size == 8 ? 0 : 1;
        for (int m = 0; m < 4; m++) {
            int n = size == 8 ? 7 : 6;
            for (int i = 0; i < n; i++) {
                int r = size == 8 ? dregs8[i] : dregs32[i];
                snprintf(name, sizeof(name), "%s r%d", md[m], size);
                OracleForm *f = oracle_new_form(o, name, m < 2 ? K_MUL : K_DIV, size);
                oracle_prefix(f);
                oracle_byte(f, (uint8_t)(0xf6 | w));
                oracle_rm(f, 4 + m, r);
                f->ra = r;
                f->is_div = m >= 2;
                f->is_idiv = m == 3;
            }
        }
        if (size == 8) {
            continue;
        }
        for (int i = 0; i < 6; i++) {
            int a, b;
            oracle_pair(size, i, &a, &b);
            snprintf(name, sizeof(name), "imul r%d,r%d", size, size);
            OracleForm *f = oracle_new_form(o, name, K_MUL, size);
            oracle_prefix(f);
            oracle_byte(f, 0x0f);
            oracle_byte(f, 0xaf);
            oracle_rm(f, a, b);
            snprintf(name, sizeof(name), "imul r%d,r%d,imm", size, size);
            f = oracle_new_form(o, name, K_MUL, size);
            oracle_prefix(f);
            oracle_byte(f, 0x69);
            oracle_rm(f, a, b);
            oracle_imm(f, oracle_imm_value(o, size), size / 8);
            snprintf(name, sizeof(name), "imul r%d,r%d,imm8", size, size);
            f = oracle_new_form(o, name, K_MUL, size);
            oracle_prefix(f);
            oracle_byte(f, 0x6b);
            oracle_rm(f, a, b);
            oracle_imm(f, oracle_imm_value(o, 8), 1);
        }
    }
}

static void oracle_forms_bits(Oracle *o)
{
    static const char *const bt[4] = {"bt", "bts", "btr", "btc"};
    static const int imms[] = {0, 1, 7, 8, 15, 16, 17, 31, 32, 63, 0xff};
    char name[48];
    for (int size = 16; size <= 32; size *= 2) {
        for (int i = 0; i < 6; i++) {
            int a, b;
            oracle_pair(size, i, &a, &b);
            for (int s = 0; s < 2; s++) {
                snprintf(name, sizeof(name), "%s r%d,r%d", s ? "bsr" : "bsf", size, size);
                OracleForm *f = oracle_new_form(o, name, K_BS, size);
                oracle_prefix(f);
                oracle_byte(f, 0x0f);
                oracle_byte(f, s ? 0xbd : 0xbc);
                oracle_rm(f, a, b);
                f->ra = a;
                f->rb = b;
            }
            for (int t = 0; t < 4; t++) {
                snprintf(name, sizeof(name), "%s r%d,r%d", bt[t], size, size);
                OracleForm *f = oracle_new_form(o, name, K_BT, size);
                oracle_prefix(f);
                oracle_byte(f, 0x0f);
                oracle_byte(f, (uint8_t)(0xa3 + 8 * t));
                oracle_rm(f, b, a);
                f->ra = a;
                f->rb = b;
            }
        }
        for (size_t i = 0; i < sizeof(imms) / sizeof(imms[0]); i++) {
            for (int t = 0; t < 4; t++) {
                snprintf(name, sizeof(name), "%s r%d,imm8", bt[t], size);
                OracleForm *f = oracle_new_form(o, name, K_BT, size);
                oracle_prefix(f);
                oracle_byte(f, 0x0f);
                oracle_byte(f, 0xba);
                oracle_rm(f, 4 + t, oracle_one_reg(size, (int)i + t));
                oracle_byte(f, (uint8_t)imms[i]);
            }
        }
    }
    /* XADD, CMPXCHG */
    for (int size = 8; size <= 32; size *= 2) {
        int w = size == 8 ? 0 : 1;
        for (int i = 0; i < 6; i++) {
            int a, b;
            oracle_pair(size, i, &a, &b);
            snprintf(name, sizeof(name), "xadd r%d,r%d", size, size);
            OracleForm *f = oracle_new_form(o, name, K_ARITH, size);
            oracle_prefix(f);
            oracle_byte(f, 0x0f);
            oracle_byte(f, (uint8_t)(0xc0 | w));
            oracle_rm(f, b, a);
            snprintf(name, sizeof(name), "cmpxchg r%d,r%d", size, size);
            f = oracle_new_form(o, name, K_ARITH, size);
            oracle_prefix(f);
            oracle_byte(f, 0x0f);
            oracle_byte(f, (uint8_t)(0xb0 | w));
            oracle_rm(f, b, a);
            f->eq_a = 0;
            f->eq_b = a;
        }
    }
    /* SETcc, CMOVcc */
    for (int cc = 0; cc < 16; cc++) {
        for (int i = 0; i < 2; i++) {
            OracleForm *f = oracle_new_form(o, "setcc r8", K_NOFLAGS, 8);
            oracle_byte(f, 0x0f);
            oracle_byte(f, (uint8_t)(0x90 + cc));
            oracle_rm(f, 0, oracle_one_reg(8, cc + i));
        }
        for (int size = 16; size <= 32; size *= 2) {
            int a, b;
            oracle_pair(size, cc, &a, &b);
            snprintf(name, sizeof(name), "cmovcc r%d,r%d", size, size);
            OracleForm *f = oracle_new_form(o, name, K_NOFLAGS, size);
            oracle_prefix(f);
            oracle_byte(f, 0x0f);
            oracle_byte(f, (uint8_t)(0x40 + cc));
            oracle_rm(f, a, b);
        }
    }
}

/* Flag consumers after a flag producer: the translator evaluates lazy
 * flags for SETcc, CMOVcc, Jcc and ADC straight from cc_op, a different path
 * from PUSHFD's. Producer operands are EAX/AL and EBX/BL (shift counts CL);
 * consumers write EDX/DL or ESI. */
static void oracle_forms_consumers(Oracle *o)
{
    /* ModRM reg field /n or opcode for each producer; reg-reg form */
    static const struct {
        const char *name;
        uint8_t op[3];
        int oplen;
        bool modrm_rm_only; /* group opcode: /n in op[oplen-1]'s slot */
        int slash;
        OracleKind kind;
        int sub;
        CountSrc count;
    } prods[] = {
        {"add", {0x00}, 1, false, 0, K_ARITH, 0, CNT_NONE},
        {"adc", {0x10}, 1, false, 0, K_ARITH, 0, CNT_NONE},
        {"sub", {0x28}, 1, false, 0, K_ARITH, 0, CNT_NONE},
        {"sbb", {0x18}, 1, false, 0, K_ARITH, 0, CNT_NONE},
        {"cmp", {0x38}, 1, false, 0, K_ARITH, 0, CNT_NONE},
        {"and", {0x20}, 1, false, 0, K_LOGIC, 0, CNT_NONE},
        {"xor", {0x30}, 1, false, 0, K_LOGIC, 0, CNT_NONE},
        {"test", {0x84}, 1, false, 0, K_LOGIC, 0, CNT_NONE},
        {"inc", {0xfe}, 1, true, 0, K_ARITH, 0, CNT_NONE},
        {"dec", {0xfe}, 1, true, 1, K_ARITH, 0, CNT_NONE},
        {"neg", {0xf6}, 1, true, 3, K_ARITH, 0, CNT_NONE},
        {"shl", {0xd2}, 1, true, 4, K_SHIFT, SH_SHL, CNT_CL},
        {"shr", {0xd2}, 1, true, 5, K_SHIFT, SH_SHR, CNT_CL},
        {"sar", {0xd2}, 1, true, 7, K_SHIFT, SH_SAR, CNT_CL},
        {"rol", {0xd2}, 1, true, 0, K_ROT, SH_ROL, CNT_CL},
        {"rcr", {0xd2}, 1, true, 3, K_ROT, SH_RCR, CNT_CL},
        {"shl1", {0xd0}, 1, true, 4, K_SHIFT, SH_SHL, CNT_ONE},
        {"mul", {0xf6}, 1, true, 4, K_MUL, 0, CNT_NONE},
        {"imul", {0xf6}, 1, true, 5, K_MUL, 0, CNT_NONE},
        {"bt", {0x0f, 0xa3}, 2, false, 0, K_BT, 0, CNT_NONE},
        {"bsf", {0x0f, 0xbc}, 2, false, 0, K_BS, 0, CNT_NONE},
    };
    static const char *const consumers[4] = {"setcc", "cmovcc", "jcc", "adc"};
    char name[48];
    for (size_t p = 0; p < sizeof(prods) / sizeof(prods[0]); p++) {
        for (int size = 8; size <= 32; size *= 2) {
            if (size == 8 && prods[p].op[0] == 0x0f) {
                continue;
            }
            for (int c = 0; c < 4; c++) {
                for (int cc = 0; cc < 16; cc++) {
                    if (c == 3 && cc > 0) {
                        break;
                    }
                    snprintf(name, sizeof(name), "%s%d; %s", prods[p].name, size, consumers[c]);
                    OracleForm *f = oracle_new_form(o, name, prods[p].kind, size);
                    oracle_prefix(f);
                    int w = size == 8 || prods[p].op[0] == 0x0f ? 0 : 1;
                    for (int i = 0; i < prods[p].oplen; i++) {
                        oracle_byte(f, (uint8_t)(prods[p].op[i] | (i == prods[p].oplen - 1 ? w : 0)));
                    }
                    if (prods[p].op[0] == 0x0f && prods[p].op[1] == 0xbc) {
                        oracle_rm(f, 0, 3); /* bsf eax,ebx */
                        f->ra = 0;
                        f->rb = 3;
                    } else if (prods[p].modrm_rm_only) {
                        oracle_rm(f, prods[p].slash, 0);
                        f->ra = 0;
                    } else {
                        oracle_rm(f, 3, 0); /* op eax,ebx (rm=eax) */
                        f->ra = 0;
                        f->rb = 3;
                        f->eq_a = 0;
                        f->eq_b = 3;
                    }
                    f->sub = prods[p].sub;
                    f->count = prods[p].count;
                    f->use_cc = c == 3 ? 2 : cc; /* ADC reads CF, as "b" */
                    if (c == 0) {
                        oracle_byte(f, 0x0f); /* setcc dl */
                        oracle_byte(f, (uint8_t)(0x90 + cc));
                        oracle_rm(f, 0, 2);
                        f->use_reg = 2;
                    } else if (c == 1) {
                        oracle_byte(f, 0x0f); /* cmovcc esi,edi */
                        oracle_byte(f, (uint8_t)(0x40 + cc));
                        oracle_rm(f, 6, 7);
                        f->use_reg = 4;
                    } else if (c == 2) {
                        oracle_byte(f, (uint8_t)(0x70 + cc)); /* jcc +5; mov esi,imm32 */
                        oracle_byte(f, 5);
                        oracle_byte(f, 0xbe);
                        oracle_imm(f, 0x5a5a1234, 4);
                        f->use_reg = 4;
                    } else {
                        oracle_byte(f, 0x11); /* adc esi,edi */
                        oracle_rm(f, 7, 6);
                        f->use_reg = 4;
                        f->use_adc = true;
                    }
                }
            }
        }
    }
}

static void oracle_forms_string(Oracle *o)
{
    static const uint8_t ops[4] = {0xa4, 0xaa, 0xa6, 0xae};
    static const char *const names[4] = {"movs", "stos", "cmps", "scas"};
    static const uint8_t reps[3] = {0, 0xf3, 0xf2};
    char name[48];
    for (int op = 0; op < 4; op++) {
        for (int size = 8; size <= 32; size *= 2) {
            for (int r = 0; r < (op < 2 ? 2 : 3); r++) {
                snprintf(name, sizeof(name), "%s%s%d", r == 0 ? "" : r == 1 ? "rep " : "repne ",
                         names[op], size);
                OracleForm *f = oracle_new_form(o, name, op < 2 ? K_NOFLAGS : K_ARITH, size);
                if (reps[r]) {
                    oracle_byte(f, reps[r]);
                }
                oracle_prefix(f);
                oracle_byte(f, (uint8_t)(ops[op] | (size == 8 ? 0 : 1)));
                f->string = true;
                f->sub = op;
            }
        }
    }
}

static void oracle_mov_scratch(OracleForm *t, bool load, int reg, uint32_t addr)
{
    if (t->size == 16) {
        t->code[t->len++] = 0x66;
    }
    t->code[t->len++] = (uint8_t)((load ? 0x8a : 0x88) | (t->size == 8 ? 0 : 1));
    t->code[t->len++] = (uint8_t)((reg << 3) | 5); /* [disp32] */
    stl_le_p(t->code + t->len, addr);
    t->len += 4;
}

/* Memory twins: the guest takes the r/m operand from memory (stored from
 * the register before, loaded back after; MOV leaves the flags alone), the
 * host runs the register form. Scratch addresses vary: aligned, unaligned,
 * and crossing a page. Skipped: r/m and reg naming one register, and BT*
 * with a register offset (it reaches beyond the operand in memory). */
static void oracle_forms_memory(Oracle *o)
{
    static const uint32_t scratch[4] = {0x9000, 0x9001, 0x9ffe, 0x9fff};
    int n = o->nforms;
    for (int i = 0; i < n; i++) {
        OracleForm f = o->forms[i];
        int p = f.modrm_pos;
        if (p < 0 || f.string) {
            continue;
        }
        int reg = (f.code[p] >> 3) & 7, rm = f.code[p] & 7;
        if (reg == rm || (p >= 2 && f.code[p - 2] == 0x0f && (f.code[p - 1] & 0xe7) == 0xa3)) {
            continue;
        }
        /* MUL/DIV with r/m = AL/AH/EAX/EDX: the load-back would hide the result */
        bool implicit = f.size == 8 ? rm == 0 || rm == 4 : rm == 0 || rm == 2;
        if (p >= 1 && (f.code[p - 1] & 0xfe) == 0xf6 && reg >= 4 && implicit) {
            continue;
        }
        uint32_t addr = scratch[i % 4];
        char name[48];
        snprintf(name, sizeof(name), "%.40s [m]", f.name);
        OracleForm *t = oracle_new_form(o, name, f.kind, f.size);
        char keep[48];
        memcpy(keep, t->name, sizeof(keep));
        *t = f;
        memcpy(t->name, keep, sizeof(keep));
        t->len = 0;
        oracle_mov_scratch(t, false, rm, addr);
        memcpy(t->code + t->len, f.code, (size_t)p);
        t->len += p;
        t->code[t->len++] = (uint8_t)((f.code[p] & 0x38) | 5);
        stl_le_p(t->code + t->len, addr);
        t->len += 4;
        memcpy(t->code + t->len, f.code + p + 1, (size_t)(f.len - p - 1));
        t->len += f.len - p - 1;
        oracle_mov_scratch(t, true, rm, addr);
        t->modrm_pos = -1;
    }
}

/* ---- records ---- */

static uint32_t oracle_count_value(Oracle *o)
{
    uint32_t r = oracle_rand32(o);
    switch (r % 8) {
    case 0:
        return oracle_rand32(o);
    case 1:
        return (oracle_rand32(o) & ~0xffu) | (uint32_t[]){0x20, 0x21, 0x3f, 0x40, 0x80, 0xff}[r % 6];
    default:
        return (oracle_rand32(o) & ~0xffu) | (r >> 8) % 34;
    }
}

static bool oracle_div_faults(const OracleForm *f, const uint32_t *regs)
{
    uint32_t d = oracle_get_reg(regs, f->ra, f->size);
    if (d == 0) {
        return true;
    }
    if (f->size == 8) {
        uint32_t n = regs[0] & 0xffff;
        if (!f->is_idiv) {
            return n / d > 0xff;
        }
        int32_t q = (int16_t)n / (int8_t)d;
        return q > 127 || q < -128;
    }
    if (f->size == 16) {
        uint32_t n = (regs[2] << 16) | (regs[0] & 0xffff);
        if (!f->is_idiv) {
            return n / d > 0xffff;
        }
        int64_t q = (int64_t)(int32_t)n / (int16_t)d;
        return q > 32767 || q < -32768;
    }
    uint64_t n = ((uint64_t)regs[2] << 32) | regs[0];
    if (!f->is_idiv) {
        return n / d > 0xffffffffull;
    }
    if ((int32_t)d == -1) {
        return (int64_t)n == INT64_MIN || (int64_t)n > 0x80000000ll || (int64_t)n < -0x7fffffffll;
    }
    int64_t q = (int64_t)n / (int32_t)d;
    return q > 0x7fffffffll || q < -0x80000000ll;
}

/* Random registers, some edge operands, random flags. Returns false when no
 * non-faulting DIV/IDIV input was found. */
static bool oracle_gen_record(Oracle *o, const OracleForm *f, uint32_t *rec)
{
    for (int tries = 0; tries < 64; tries++) {
        memset(rec, 0, REC_BYTES);
        for (int i = 0; i < NREGS; i++) {
            rec[i] = oracle_rand32(o);
            if (oracle_rand(o) & 1) {
                rec[i] = (rec[i] & ~0xffffu) | (oracle_edge(o, 16) & 0xffff);
                if (f->size == 8) {
                    rec[i] = (rec[i] & ~0xffffu) | oracle_edge(o, 8) | (oracle_edge(o, 8) << 8);
                } else if (f->size == 32) {
                    rec[i] = oracle_edge(o, 32);
                }
            }
        }
        if (f->count == CNT_CL) {
            rec[1] = (rec[1] & ~0xffu) | (oracle_count_value(o) & 0xff);
        }
        if (f->eq_a >= 0 && oracle_rand(o) % 4 == 0) {
            oracle_set_reg(rec, f->eq_b, f->size, oracle_get_reg(rec, f->eq_a, f->size));
        }
        rec[6] = (oracle_rand32(o) & FLAGS_IN) | 2;
        if (f->kind == K_BS && oracle_rand(o) % 8 == 0) {
            oracle_set_reg(rec, f->rb, f->size, 0);
        }
        if (!f->is_div) {
            return true;
        }
        /* make the dividend's high half small enough most of the time */
        uint32_t d = oracle_get_reg(rec, f->ra, f->size);
        if (tries & 1) {
            if (f->size == 8) {
                oracle_set_reg(rec, 4, 8, f->is_idiv ? ((rec[0] & 0x80) ? 0xff : 0) : 0);
            } else {
                uint32_t lo = oracle_get_reg(rec, 0, f->size);
                uint32_t sign = (lo >> (f->size - 1)) & 1;
                oracle_set_reg(rec, 2, f->size, f->is_idiv && sign ? 0xffffffffu : 0);
            }
        } else if (d != 0 && !f->is_idiv) {
            uint32_t hi = oracle_get_reg(rec, f->size == 8 ? 4 : 2, f->size);
            oracle_set_reg(rec, f->size == 8 ? 4 : 2, f->size, hi % d);
        }
        if (!oracle_div_faults(f, rec)) {
            return true;
        }
    }
    return false;
}

static void oracle_gen_string_record(Oracle *o, const OracleForm *f, uint32_t *rec, uint8_t *buf)
{
    memset(rec, 0, REC_BYTES);
    for (int i = 0; i < NREGS; i++) {
        rec[i] = oracle_rand32(o);
    }
    for (int i = 0; i < STR_BYTES; i++) {
        buf[i] = (uint8_t)oracle_rand32(o);
    }
    /* source and destination alike, with a few differences: CMPS/SCAS
     * stop somewhere */
    memcpy(buf + 0x300, buf + 0x100, 0x100);
    for (int i = oracle_rand32(o) % 4; i > 0; i--) {
        buf[0x300 + oracle_rand32(o) % 0x100] ^= (uint8_t)(1u << (oracle_rand32(o) % 8));
    }
    rec[1] = oracle_rand(o) % 16 == 0 ? 0 : oracle_rand32(o) % 10;
    uint32_t off = 0x40 + (oracle_rand32(o) % 0x40) * (f->size / 8);
    rec[4] = 0x100 + off;
    rec[5] = 0x300 + off + (oracle_rand(o) % 4 == 0 ? (oracle_rand32(o) % 8) * (f->size / 8) : 0);
    if (f->sub == 3 && (oracle_rand(o) & 1)) {
        rec[0] = ldl_le_p(buf + rec[5]); /* SCAS finds its value at once */
    }
    rec[6] = (oracle_rand32(o) & FLAGS_IN) | 2;
}

/* ---- code ---- */

static int oracle_guest_loop(const OracleForm *f, uint8_t *p)
{
    static const uint8_t modrm[NREGS] = {0x45, 0x4d, 0x55, 0x5d, 0x75, 0x7d};
    int n = 0;
    for (int i = 0; i < NREGS; i++) {
        p[n++] = 0x8b; /* mov reg,[ebp+4*i] */
        p[n++] = modrm[i];
        p[n++] = (uint8_t)(4 * i);
    }
    if (f->string) {
        p[n++] = 0x81; /* add esi,imm32; add edi,imm32 */
        p[n++] = 0xc6;
        stl_le_p(p + n, G_STR_BASE);
        n += 4;
        p[n++] = 0x81;
        p[n++] = 0xc7;
        stl_le_p(p + n, G_STR_BASE);
        n += 4;
    }
    p[n++] = 0xff; /* push dword [ebp+24]; popfd */
    p[n++] = 0x75;
    p[n++] = 24;
    p[n++] = 0x9d;
    memcpy(p + n, f->code, (size_t)f->len);
    n += f->len;
    p[n++] = 0x9c; /* pushfd; pop dword [ebp+56] */
    p[n++] = 0x8f;
    p[n++] = 0x45;
    p[n++] = 56;
    if (f->string) {
        p[n++] = 0x81; /* sub esi,imm32; sub edi,imm32 */
        p[n++] = 0xee;
        stl_le_p(p + n, G_STR_BASE);
        n += 4;
        p[n++] = 0x81;
        p[n++] = 0xef;
        stl_le_p(p + n, G_STR_BASE);
        n += 4;
    }
    for (int i = 0; i < NREGS; i++) {
        p[n++] = 0x89; /* mov [ebp+32+4*i],reg */
        p[n++] = modrm[i];
        p[n++] = (uint8_t)(32 + 4 * i);
    }
    p[n++] = 0x83; /* add ebp,64; cmp ebp,[esp]; jne loop; hlt */
    p[n++] = 0xc5;
    p[n++] = REC_BYTES;
    p[n++] = 0x3b;
    p[n++] = 0x2c;
    p[n++] = 0x24;
    p[n++] = 0x0f;
    p[n++] = 0x85;
    stl_le_p(p + n, (uint32_t)(-(n + 4)));
    n += 4;
    p[n++] = 0xf4;
    return n;
}

static int oracle_host_loop(const OracleForm *f, uint8_t *p)
{
    /* push rbx; push rbp; mov r8,rdi; mov r9,rsi; mov r10,rdx */
    static const uint8_t prologue[] = {0x53, 0x55, 0x49, 0x89, 0xf8, 0x49, 0x89, 0xf1, 0x49, 0x89, 0xd2};
    static const uint8_t modrm[NREGS] = {0x40, 0x48, 0x50, 0x58, 0x70, 0x78};
    int n = 0;
    memcpy(p, prologue, sizeof(prologue));
    n += (int)sizeof(prologue);
    int loop = n;
    for (int i = 0; i < NREGS; i++) {
        p[n++] = 0x41; /* mov reg,[r8+4*i] */
        p[n++] = 0x8b;
        p[n++] = modrm[i];
        p[n++] = (uint8_t)(4 * i);
    }
    if (f->string) {
        static const uint8_t add[] = {0x4c, 0x01, 0xd6, 0x4c, 0x01, 0xd7}; /* add rsi/rdi,r10 */
        memcpy(p + n, add, sizeof(add));
        n += (int)sizeof(add);
    }
    static const uint8_t setf[] = {0x41, 0xff, 0x70, 24, 0x9d}; /* push qword [r8+24]; popfq */
    memcpy(p + n, setf, sizeof(setf));
    n += (int)sizeof(setf);
    memcpy(p + n, f->host, (size_t)f->hlen);
    n += f->hlen;
    static const uint8_t getf[] = {0x9c, 0x41, 0x8f, 0x40, 56, 0xfc}; /* pushfq; pop [r8+56]; cld */
    memcpy(p + n, getf, sizeof(getf));
    n += (int)sizeof(getf);
    if (f->string) {
        static const uint8_t sub[] = {0x4c, 0x29, 0xd6, 0x4c, 0x29, 0xd7}; /* sub rsi/rdi,r10 */
        memcpy(p + n, sub, sizeof(sub));
        n += (int)sizeof(sub);
    }
    for (int i = 0; i < NREGS; i++) {
        p[n++] = 0x41; /* mov [r8+32+4*i],reg */
        p[n++] = 0x89;
        p[n++] = modrm[i];
        p[n++] = (uint8_t)(32 + 4 * i);
    }
    /* add r8,64; cmp r8,r9; jne loop; pop rbp; pop rbx; ret */
    static const uint8_t next[] = {0x49, 0x83, 0xc0, REC_BYTES, 0x4d, 0x39, 0xc8, 0x0f, 0x85};
    memcpy(p + n, next, sizeof(next));
    n += (int)sizeof(next);
    stl_le_p(p + n, (uint32_t)(loop - (n + 4)));
    n += 4;
    p[n++] = 0x5d;
    p[n++] = 0x5b;
    p[n++] = 0xc3;
    return n;
}

static void oracle_run_host(Oracle *o, const OracleForm *f, uint32_t *recs, int n)
{
    if (mprotect(o->exec, 4096, PROT_READ | PROT_WRITE) != 0) {
        perror("mprotect");
        exit(99);
    }
    oracle_host_loop(f, o->exec);
    if (mprotect(o->exec, 4096, PROT_READ | PROT_EXEC) != 0) {
        perror("mprotect");
        exit(99);
    }
    NativeLoop fn;
    void *code = o->exec;
    memcpy(&fn, &code, sizeof(fn));
    fn(recs, recs + (size_t)n * REC_WORDS, o->hstr);
}

/* Runs the guest loop over n records (already in guest RAM). */
static bool oracle_run_guest(Oracle *o, const OracleForm *f, int n, uint32_t *code_addr)
{
    CPUHarness *h = &o->h;
    if (*code_addr == 0) {
        uint8_t buf[160];
        int len = oracle_guest_loop(f, buf);
        if (o->code_next + (uint32_t)len > G_CODE_END) {
            tb_flush(h->tbs); /* reuse the code area: the TB cache forgets it */
            o->code_next = G_CODE_BASE;
        }
        *code_addr = o->code_next;
        memcpy(h->ram + *code_addr, buf, (size_t)len);
        o->code_next = (o->code_next + (uint32_t)len + 15) & ~15u;
    }
    harness_set_flat32(h, *code_addr);
    h->env->regs[R_EBP] = G_REC_BASE;
    h->env->regs[R_ESP] = G_STACK_TOP - 4;
    stl_le_p(h->ram + G_STACK_TOP - 4, G_REC_BASE + (uint32_t)n * REC_BYTES);
    return harness_run(h, (int64_t)n * 64 + 1000) == 0;
}

/* ---- comparison ---- */

static uint32_t oracle_count(const OracleForm *f, const uint32_t *rec)
{
    if (f->count == CNT_ONE) {
        return 1;
    } else if (f->count == CNT_IMM) {
        return (uint32_t)f->imm & 0x1f;
    }
    return rec[1] & 0x1f;
}

/* Flags each condition code reads (SDM vol. 1, appendix B). */
static uint32_t oracle_cc_flags(int cc)
{
    static const uint32_t reads[8] = {CC_O, CC_C, CC_Z, CC_C | CC_Z, CC_S, CC_P, CC_S | CC_O,
                                      CC_Z | CC_S | CC_O};
    return reads[(cc >> 1) & 7];
}

static uint32_t oracle_defined_op(const OracleForm *f, const uint32_t *rec, uint32_t *reg_ok);

/* Defined flags of one case; *reg_ok clears the registers whose result is
 * undefined (bit per record index). A consumer's register is undefined when
 * its condition reads an undefined flag; ADC ESI,EDI then also sets flags
 * from its own operands, all defined. */
static uint32_t oracle_defined(const OracleForm *f, const uint32_t *rec, uint32_t *reg_ok)
{
    uint32_t d = oracle_defined_op(f, rec, reg_ok);
    if (f->use_cc < 0) {
        return d;
    }
    if ((oracle_cc_flags(f->use_cc) & d) != oracle_cc_flags(f->use_cc)) {
        *reg_ok &= ~(1u << f->use_reg);
        if (f->use_adc) {
            return DF_MASK; /* ADC after an undefined CF: its flags too */
        }
    }
    return f->use_adc ? CC_MASK | DF_MASK : d;
}

static uint32_t oracle_defined_op(const OracleForm *f, const uint32_t *rec, uint32_t *reg_ok)
{
    uint32_t all = CC_MASK | DF_MASK, cnt;
    *reg_ok = (1u << NREGS) - 1;
    switch (f->kind) {
    case K_ARITH:
    case K_NOFLAGS:
        return all;
    case K_LOGIC:
        return all & ~CC_A;
    case K_SHIFT:
        cnt = oracle_count(f, rec);
        if (cnt == 0) {
            return all;
        }
        all &= ~CC_A;
        if (cnt != 1) {
            all &= ~CC_O;
        }
        if (f->sub != SH_SAR && cnt >= (uint32_t)f->size) {
            all &= ~CC_C;
        }
        return all;
    case K_ROT:
        cnt = oracle_count(f, rec);
        return cnt == 1 || cnt == 0 ? all : all & ~CC_O;
    case K_SHD:
        cnt = oracle_count(f, rec);
        if (cnt == 0) {
            return all;
        }
        if (cnt > (uint32_t)f->size) {
            *reg_ok &= ~(1u << oracle_reg_index(f->ra));
            return DF_MASK;
        }
        return cnt == 1 ? all & ~CC_A : all & ~(CC_A | CC_O);
    case K_MUL:
        return CC_C | CC_O | DF_MASK;
    case K_DIV:
        return DF_MASK;
    case K_BS:
        if (oracle_get_reg(rec, f->rb, f->size) == 0) {
            *reg_ok &= ~(1u << oracle_reg_index(f->ra));
        }
        return CC_Z | DF_MASK;
    case K_BT:
        return CC_C | CC_Z | DF_MASK;
    }
    return all;
}

static OracleGroup *oracle_group(Oracle *o, const char *name)
{
    for (int i = o->ngroups - 1; i >= 0; i--) {
        if (strcmp(o->groups[i].name, name) == 0) {
            return &o->groups[i];
        }
    }
    if (o->ngroups == o->gcap) {
        o->gcap = o->gcap ? o->gcap * 2 : 256;
        o->groups = realloc(o->groups, (size_t)o->gcap * sizeof(*o->groups));
        if (!o->groups) {
            abort();
        }
    }
    OracleGroup *g = &o->groups[o->ngroups++];
    memset(g, 0, sizeof(*g));
    snprintf(g->name, sizeof(g->name), "%s", name);
    return g;
}

static void oracle_example(OracleGroup *g, const OracleForm *f, const uint32_t *in,
                           const uint32_t *host, const uint32_t *guest, const char *what)
{
    if (g->nex >= MAX_EXAMPLES) {
        return;
    }
    char *s = g->ex[g->nex++];
    size_t n = sizeof(g->ex[0]), k = 0;
    static const char *const rn[NREGS] = {"eax", "ecx", "edx", "ebx", "esi", "edi"};
    for (int i = 0; i < f->len && k < n; i++) {
        k += (size_t)snprintf(s + k, n - k, "%02x", f->code[i]);
    }
    if (k < n) {
        k += (size_t)snprintf(s + k, n - k, " in:");
    }
    for (int i = 0; i < NREGS && k < n; i++) {
        k += (size_t)snprintf(s + k, n - k, " %s=%08x", rn[i], in[i]);
    }
    if (k < n) {
        k += (size_t)snprintf(s + k, n - k, " fl=%03x | %s:", in[6] & FLAGS_IN, what);
    }
    for (int i = 0; i < NREGS && k < n; i++) {
        if (host[i] != guest[i]) {
            k += (size_t)snprintf(s + k, n - k, " %s host=%08x pcemu=%08x", rn[i], host[i], guest[i]);
        }
    }
    if (k < n) {
        snprintf(s + k, n - k, " fl host=%03x pcemu=%03x", host[6] & FLAGS_IN, guest[6] & FLAGS_IN);
    }
}

static void oracle_compare(Oracle *o, const OracleForm *f, OracleGroup *g, const uint32_t *in,
                           const uint32_t *hout, const uint32_t *gout, bool mem_ok)
{
    uint32_t reg_ok;
    uint32_t defined = oracle_defined(f, in, &reg_ok);
    bool bad = !mem_ok;
    for (int i = 0; i < NREGS; i++) {
        if (hout[i] != gout[i]) {
            if (reg_ok & (1u << i)) {
                bad = true;
            } else {
                g->undef_reg_diff++;
            }
        }
    }
    uint32_t diff = (hout[6] ^ gout[6]) & (CC_MASK | DF_MASK);
    if (diff & defined) {
        bad = true;
    }
    for (int b = 0; b < 12; b++) {
        if ((CC_MASK & (1u << b)) && !(defined & (1u << b))) {
            g->undef_masked[b]++;
            if (diff & (1u << b)) {
                g->undef_diff[b]++;
                g->undef_host_set[b] += (hout[6] >> b) & 1;
            }
        }
    }
    g->cases++;
    if (bad) {
        g->failed++;
        o->failed++;
        oracle_example(g, f, in, hout, gout, mem_ok ? "out" : "memory differs; out");
    } else {
        o->passed++;
    }
}

static void oracle_run_form(Oracle *o, const OracleForm *f, int ncases)
{
    OracleGroup *g = oracle_group(o, f->name);
    int n = 0;
    uint32_t code_addr = 0;
    if (f->string) {
        uint8_t gbuf[STR_BYTES];
        uint32_t grec[REC_WORDS];
        int nstr = ncases / 8 + 1;
        for (int c = 0; c < nstr; c++) {
            uint32_t *rec = o->recs;
            oracle_gen_string_record(o, f, rec, gbuf);
            memcpy(o->hstr, gbuf, STR_BYTES);
            memcpy(o->h.ram + G_STR_BASE, gbuf, STR_BYTES);
            for (int i = 0; i < REC_WORDS; i++) {
                stl_le_p(o->h.ram + G_REC_BASE + 4 * i, rec[i]);
            }
            oracle_run_host(o, f, rec, 1);
            bool ok = oracle_run_guest(o, f, 1, &code_addr);
            for (int i = 0; i < REC_WORDS; i++) {
                grec[i] = ldl_le_p(o->h.ram + G_REC_BASE + 4 * i);
            }
            bool mem_ok = memcmp(o->hstr, o->h.ram + G_STR_BASE, STR_BYTES) == 0;
            if (!ok) {
                grec[14] = 0xdead;
                mem_ok = false;
            }
            oracle_compare(o, f, g, rec, rec + 8, grec + 8, mem_ok);
        }
        return;
    }
    for (int c = 0; c < ncases && n < MAX_RECS; c++) {
        if (oracle_gen_record(o, f, o->recs + (size_t)n * REC_WORDS)) {
            n++;
        }
    }
    if (n == 0) {
        return;
    }
    for (int r = 0; r < n; r++) {
        for (int i = 0; i < REC_WORDS; i++) {
            stl_le_p(o->h.ram + G_REC_BASE + (uint32_t)(r * REC_BYTES + 4 * i),
                     o->recs[r * REC_WORDS + i]);
        }
    }
    oracle_run_host(o, f, o->recs, n);
    if (!oracle_run_guest(o, f, n, &code_addr)) {
        g->cases += (uint64_t)n;
        g->failed += (uint64_t)n;
        o->failed += (uint64_t)n;
        if (g->nex < MAX_EXAMPLES) {
            snprintf(g->ex[g->nex++], sizeof(g->ex[0]), "guest did not reach HLT (eip=%08x)",
                     o->h.env->eip);
        }
        return;
    }
    for (int r = 0; r < n; r++) {
        uint32_t grec[REC_WORDS];
        for (int i = 0; i < REC_WORDS; i++) {
            grec[i] = ldl_le_p(o->h.ram + G_REC_BASE + (uint32_t)(r * REC_BYTES + 4 * i));
        }
        const uint32_t *rec = o->recs + (size_t)r * REC_WORDS;
        oracle_compare(o, f, g, rec, rec + 8, grec + 8, true);
    }
}

/* ---- #DE: the faulting DIV/IDIV inputs the loop skips ---- */

static int oracle_check_de(Oracle *o)
{
    static const uint8_t gdt[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0x9b, 0xcf, 0};
    static const uint8_t gate[8] = {0x00, 0x20, 0x08, 0x00, 0x00, 0x8e, 0x00, 0x00};
    /* div cl, idiv cx, div ecx, idiv ecx, idiv cl, div cx */
    static const struct {
        uint8_t code[3];
        int len;
        uint32_t eax, edx, ecx;
    } cases[] = {
        {{0xf6, 0xf1}, 2, 0x1234, 0, 0},             /* div cl by 0 */
        {{0xf6, 0xf1}, 2, 0x1234, 0, 0x12},          /* div cl: quotient > 0xff */
        {{0xf6, 0xf9}, 2, 0x8000, 0, 0xff},          /* idiv cl: -32768 / -1 */
        {{0x66, 0xf7, 0xf1}, 3, 0, 0x10, 0x10},      /* div cx: quotient > 0xffff */
        {{0x66, 0xf7, 0xf9}, 3, 0, 0x8000, 0xffff},  /* idiv cx: overflow */
        {{0xf7, 0xf1}, 2, 0, 1, 1},                  /* div ecx: quotient > 2^32-1 */
        {{0xf7, 0xf9}, 2, 0, 0x80000000u, 0xffffffffu}, /* idiv ecx: overflow */
        {{0xf7, 0xf9}, 2, 5, 0, 0},                  /* idiv ecx by 0 */
    };
    CPUHarness *h = &o->h;
    int bad = 0;
    memcpy(h->ram + G_GDT, gdt, sizeof(gdt));
    memcpy(h->ram + G_IDT, gate, sizeof(gate));
    h->ram[G_DE_HANDLER] = 0xf4;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint32_t at = o->code_next;
        memcpy(h->ram + at, cases[i].code, (size_t)cases[i].len);
        h->ram[at + (uint32_t)cases[i].len] = 0xf4;
        o->code_next += 16;
        harness_set_flat32(h, at);
        h->env->gdt.base = G_GDT;
        h->env->gdt.limit = 15;
        h->env->idt.base = G_IDT;
        h->env->idt.limit = 7;
        h->env->regs[R_ESP] = G_STACK_TOP;
        h->env->regs[R_EAX] = cases[i].eax;
        h->env->regs[R_EDX] = cases[i].edx;
        h->env->regs[R_ECX] = cases[i].ecx;
        int r = harness_run(h, 100);
        uint32_t pushed = ldl_le_p(h->ram + G_STACK_TOP - 12);
        if (r != 0 || h->env->eip != G_DE_HANDLER + 1 || pushed != at) {
            printf("FAIL #DE case %zu: run=%d eip=%08x pushed eip=%08x (want %08x)\n", i, r,
                   h->env->eip, pushed, at);
            bad++;
        }
    }
    return bad;
}

static void oracle_report(Oracle *o, bool undef)
{
    static const char *const fl[12] = {"CF", "", "PF", "", "AF", "", "ZF", "SF", "", "", "", "OF"};
    for (int i = 0; i < o->ngroups; i++) {
        OracleGroup *g = &o->groups[i];
        if (g->failed) {
            printf("FAIL %-24s %llu of %llu cases\n", g->name, (unsigned long long)g->failed,
                   (unsigned long long)g->cases);
            for (int e = 0; e < g->nex; e++) {
                printf("    %s\n", g->ex[e]);
            }
        }
    }
    if (!undef) {
        return;
    }
    printf("undefined flags/results, pcemu vs host (differing/masked cases):\n");
    for (int i = 0; i < o->ngroups; i++) {
        OracleGroup *g = &o->groups[i];
        char line[384];
        size_t k = 0;
        for (int b = 0; b < 12; b++) {
            if (g->undef_masked[b] && k < sizeof(line)) {
                k += (size_t)snprintf(line + k, sizeof(line) - k, " %s %llu/%llu(h1:%llu)", fl[b],
                                      (unsigned long long)g->undef_diff[b],
                                      (unsigned long long)g->undef_masked[b],
                                      (unsigned long long)g->undef_host_set[b]);
            }
        }
        if (g->undef_reg_diff && k < sizeof(line)) {
            snprintf(line + k, sizeof(line) - k, " result %llu", (unsigned long long)g->undef_reg_diff);
        }
        if (k || g->undef_reg_diff) {
            printf("  %-24s%s\n", g->name, line);
        }
    }
}

int main(int argc, char **argv)
{
    Oracle o;
    memset(&o, 0, sizeof(o));
    uint64_t total = 1100000, seed = 0x5eed1234abcdull;
    bool undef = false;
    const char *backend = "tci";
    uint32_t host_mask = UINT32_MAX;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
            total = strtoull(argv[++i], NULL, 0);
        } else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
            seed = strtoull(argv[++i], NULL, 0);
        } else if (strcmp(argv[i], "-b") == 0 && i + 1 < argc) {
            backend = argv[++i];
        } else if (strcmp(argv[i], "-u") == 0) {
            undef = true;
        } else if (strcmp(argv[i], "-H") == 0 && i + 1 < argc) {
            host_mask = (uint32_t)strtoul(argv[++i], NULL, 0);
        } else {
            fprintf(stderr,
                    "usage: %s [-n total_cases] [-s seed] [-b tci|tcg] [-H host_feature_mask] [-u]\n",
                    argv[0]);
            return 1;
        }
    }
    o.rng = seed ? seed : 1;
    if (harness_init(&o.h, G_RAM_SIZE, 32u << 20) < 0) {
        fprintf(stderr, "alu_oracle: harness_init failed\n");
        return 99;
    }
    if (tb_context_set_backend(o.h.tbs, backend) < 0) {
        fprintf(stderr, "alu_oracle: unknown back end '%s'\n", backend);
        return 1;
    }
    tb_context_limit_host_features(o.h.tbs, host_mask);
    void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    o.recs = calloc(MAX_RECS, REC_BYTES);
    o.hstr = calloc(1, STR_BYTES);
    if (m == MAP_FAILED || !o.recs || !o.hstr) {
        fprintf(stderr, "alu_oracle: out of memory\n");
        return 99;
    }
    o.exec = m;
    o.code_next = G_CODE_BASE;

    oracle_forms_alu(&o);
    oracle_forms_unary(&o);
    oracle_forms_shift(&o);
    oracle_forms_muldiv(&o);
    oracle_forms_bits(&o);
    oracle_forms_string(&o);
    oracle_forms_consumers(&o);
    oracle_forms_memory(&o);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int per = (int)((total + (uint64_t)o.nforms - 1) / (uint64_t)o.nforms);
    per = per < 1 ? 1 : per > MAX_RECS ? MAX_RECS : per;
    for (int i = 0; i < o.nforms; i++) {
        oracle_run_form(&o, &o.forms[i], per);
    }
    int de_bad = oracle_check_de(&o);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

    oracle_report(&o, undef);
    printf("%s: %d forms, %d cases per form, %.1f s, #DE checks %s\n", backend, o.nforms, per,
           secs, de_bad ? "FAILED" : "ok");
    printf("%llu passed, %llu failed\n", (unsigned long long)o.passed,
           (unsigned long long)(o.failed + (uint64_t)de_bad));
    harness_free(&o.h);
    free(o.forms);
    free(o.groups);
    free(o.recs);
    free(o.hstr);
    munmap(m, 4096);
    return o.failed || de_bad ? 1 : 0;
}

#else

int main(void)
{
    printf("alu_oracle: needs an x86-64 Linux host; skipped\n");
    return 77;
}

#endif
