/*
 * disas.c - the x86-64 disassembler behind -d out_asm (see disas.h).
 *
 * Decoding follows SDM vol. 2, chapter 2 (instruction format) and
 * appendix A (opcode maps): legacy prefix 0x66 (and F3 for the 0F B8/BC/BD
 * count instructions), then REX, then one or two opcode bytes looked up in
 * x64_map1 / x64_map2, each row naming the mnemonic and operand format.
 * Operand size: 8 for the byte forms, 64 with REX.W, 16 with 0x66, else 32.
 */
#include "tcg/x86_64/disas.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Operand formats. ORDER: x64_fmt_has_modrm follows. */
typedef enum X64Fmt {
    F_BAD,
    F_NONE,  /* no operands */
    F_EB_GB, /* op Eb, Gb */
    F_EV_GV,
    F_GB_EB,
    F_GV_EV,
    F_AL_IB,
    F_AX_IZ,
    F_ZV,    /* register in the low opcode bits (push/pop, 64-bit) */
    F_ZB_IB, /* mov r8, imm8 */
    F_ZV_IV, /* mov r, imm32/imm64 */
    F_ZV_BSWAP,
    F_REL8,
    F_REL32,
    F_IZ,       /* push imm32 */
    F_IB,       /* push imm8 */
    F_GRP1_EB,  /* 80: op Eb, Ib */
    F_GRP1_EV,  /* 81: op Ev, Iz */
    F_GRP1_EVB, /* 83: op Ev, Ib (sign-extended) */
    F_GRP2_IB,  /* shift Ev/Eb, Ib */
    F_GRP2_1,
    F_GRP2_CL,
    F_GRP3,   /* F6/F7 */
    F_GRP4,   /* FE */
    F_GRP5,   /* FF */
    F_MOV_EI, /* C6/C7 /0 */
    F_GV_EV_IZ,
    F_GV_EV_IB,
    F_GV_M,  /* lea */
    F_GV_EB, /* movzx/movsx from a byte */
    F_GV_EW,
    F_GV_ED,    /* movsxd */
    F_EB,       /* setcc */
    F_EV_GV_IB, /* shld/shrd imm */
    F_EV_GV_CL,
    F_GRP8, /* 0F BA: bt* Ev, Ib */
    F_EV,   /* nop Ev */
} X64Fmt;

typedef struct X64Op {
    const char *name;
    uint8_t fmt;
    uint8_t byte; /* the byte form (operand size 8) */
} X64Op;

static const char *const x64_alu[8] = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
static const char *const x64_shift[8] = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"};
static const char *const x64_grp3[8] = {"test", "test", "not", "neg", "mul", "imul", "div", "idiv"};
static const char *const x64_grp5[8] = {"inc", "dec", "call", NULL, "jmp", NULL, "push", NULL};
static const char *const x64_bt[8] = {NULL, NULL, NULL, NULL, "bt", "bts", "btr", "btc"};
static const char *const x64_cc[16] = {"o", "no", "b", "ae", "e", "ne", "be", "a",
                                       "s", "ns", "p", "np", "l", "ge", "le", "g"};

/* One-byte map, rows not covered by a loop in x64_lookup1. */
// clang-format off
static const X64Op x64_map1[256] = {
    [0x63] = {"movsxd", F_GV_ED, 0},
    [0x68] = {"push", F_IZ, 0}, [0x69] = {"imul", F_GV_EV_IZ, 0},
    [0x6a] = {"push", F_IB, 0}, [0x6b] = {"imul", F_GV_EV_IB, 0},
    [0x80] = {NULL, F_GRP1_EB, 1}, [0x81] = {NULL, F_GRP1_EV, 0}, [0x83] = {NULL, F_GRP1_EVB, 0},
    [0x84] = {"test", F_EB_GB, 1}, [0x85] = {"test", F_EV_GV, 0},
    [0x86] = {"xchg", F_EB_GB, 1}, [0x87] = {"xchg", F_EV_GV, 0},
    [0x88] = {"mov", F_EB_GB, 1}, [0x89] = {"mov", F_EV_GV, 0},
    [0x8a] = {"mov", F_GB_EB, 1}, [0x8b] = {"mov", F_GV_EV, 0},
    [0x8d] = {"lea", F_GV_M, 0},
    [0x90] = {"nop", F_NONE, 0},
    [0xa8] = {"test", F_AL_IB, 1}, [0xa9] = {"test", F_AX_IZ, 0},
    [0xc0] = {NULL, F_GRP2_IB, 1}, [0xc1] = {NULL, F_GRP2_IB, 0},
    [0xc3] = {"ret", F_NONE, 0},
    [0xc6] = {NULL, F_MOV_EI, 1}, [0xc7] = {NULL, F_MOV_EI, 0},
    [0xcc] = {"int3", F_NONE, 0},
    [0xd0] = {NULL, F_GRP2_1, 1}, [0xd1] = {NULL, F_GRP2_1, 0},
    [0xd2] = {NULL, F_GRP2_CL, 1}, [0xd3] = {NULL, F_GRP2_CL, 0},
    [0xe8] = {"call", F_REL32, 0}, [0xe9] = {"jmp", F_REL32, 0}, [0xeb] = {"jmp", F_REL8, 0},
    [0xf6] = {NULL, F_GRP3, 1}, [0xf7] = {NULL, F_GRP3, 0},
    [0xfe] = {NULL, F_GRP4, 1}, [0xff] = {NULL, F_GRP5, 0},
};

/* Two-byte map (0F xx), rows not covered by a loop in x64_lookup2. */
static const X64Op x64_map2[256] = {
    [0x0b] = {"ud2", F_NONE, 0}, [0x1f] = {"nop", F_EV, 0},
    [0xa3] = {"bt", F_EV_GV, 0}, [0xab] = {"bts", F_EV_GV, 0},
    [0xb3] = {"btr", F_EV_GV, 0}, [0xbb] = {"btc", F_EV_GV, 0},
    [0xa4] = {"shld", F_EV_GV_IB, 0}, [0xa5] = {"shld", F_EV_GV_CL, 0},
    [0xac] = {"shrd", F_EV_GV_IB, 0}, [0xad] = {"shrd", F_EV_GV_CL, 0},
    [0xaf] = {"imul", F_GV_EV, 0},
    [0xb0] = {"cmpxchg", F_EB_GB, 1}, [0xb1] = {"cmpxchg", F_EV_GV, 0},
    [0xb6] = {"movzx", F_GV_EB, 0}, [0xb7] = {"movzx", F_GV_EW, 0},
    [0xba] = {NULL, F_GRP8, 0},
    [0xbc] = {"bsf", F_GV_EV, 0}, [0xbd] = {"bsr", F_GV_EV, 0},
    [0xbe] = {"movsx", F_GV_EB, 0}, [0xbf] = {"movsx", F_GV_EW, 0},
    [0xc0] = {"xadd", F_EB_GB, 1}, [0xc1] = {"xadd", F_EV_GV, 0},
};
// clang-format on

static const char *const x64_reg64[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                          "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
static const char *const x64_reg32[16] = {"eax",  "ecx",  "edx",  "ebx", "esp",  "ebp",
                                          "esi",  "edi",  "r8d",  "r9d", "r10d", "r11d",
                                          "r12d", "r13d", "r14d", "r15d"};
static const char *const x64_reg16[16] = {"ax",   "cx",   "dx",   "bx",  "sp",   "bp",
                                          "si",   "di",   "r8w",  "r9w", "r10w", "r11w",
                                          "r12w", "r13w", "r14w", "r15w"};
static const char *const x64_reg8[16] = {"al",   "cl",   "dl",   "bl",  "spl",  "bpl",
                                         "sil",  "dil",  "r8b",  "r9b", "r10b", "r11b",
                                         "r12b", "r13b", "r14b", "r15b"};
static const char *const x64_reg8_legacy[8] = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};

/* The decoder's state for one instruction. */
typedef struct X64Dec {
    const uint8_t *p;
    size_t len, pos;
    uint64_t addr;
    bool ok;
    bool opsize; /* 0x66 */
    bool rep;    /* F3 */
    uint8_t rex; /* 0 = none */
    /* ModRM */
    int mod, reg, rm;
    char mem[64]; /* the E operand when it is memory, else "" */
    uint64_t rip_target;
    bool rip_rel;
    char *buf;
    size_t buflen, used;
} X64Dec;

static uint8_t x64_byte(X64Dec *d)
{
    if (d->pos >= d->len) {
        d->ok = false;
        return 0;
    }
    return d->p[d->pos++];
}

static int64_t x64_imm(X64Dec *d, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) {
        v |= (uint64_t)x64_byte(d) << (8 * i);
    }
    if (bytes < 8 && (v >> (8 * bytes - 1)) & 1) {
        v |= ~(uint64_t)0 << (8 * bytes);
    }
    return (int64_t)v;
}

static void x64_out(X64Dec *d, const char *fmt, ...)
{
    va_list ap;
    if (d->used >= d->buflen) {
        return;
    }
    va_start(ap, fmt);
    int n = vsnprintf(d->buf + d->used, d->buflen - d->used, fmt, ap);
    va_end(ap);
    if (n > 0) {
        d->used += (size_t)n;
    }
}

static const char *x64_reg(const X64Dec *d, int n, int size)
{
    switch (size) {
    case 1:
        return d->rex ? x64_reg8[n] : (n < 8 ? x64_reg8_legacy[n] : x64_reg8[n]);
    case 2:
        return x64_reg16[n];
    case 8:
        return x64_reg64[n];
    default:
        return x64_reg32[n];
    }
}

static int x64_vsize(const X64Dec *d)
{
    return (d->rex & 8) ? 8 : d->opsize ? 2 : 4;
}

static void x64_disp(char *s, size_t n, int64_t disp, bool first)
{
    if (disp == 0 && !first) {
        s[0] = '\0';
    } else if (disp < 0) {
        snprintf(s, n, "-0x%llx", (unsigned long long)-disp);
    } else {
        snprintf(s, n, "%s0x%llx", first ? "" : "+", (unsigned long long)disp);
    }
}

/* ModRM (+SIB, displacement): reg, and the memory operand text in d->mem. */
static void x64_modrm(X64Dec *d)
{
    uint8_t m = x64_byte(d);
    d->mod = m >> 6;
    d->reg = ((m >> 3) & 7) | ((d->rex & 4) ? 8 : 0);
    d->rm = (m & 7) | ((d->rex & 1) ? 8 : 0);
    d->mem[0] = '\0';
    if (d->mod == 3) {
        return;
    }
    char base[8] = "", index[16] = "", disp[24];
    int64_t dv = 0;
    bool has_base = true;
    if ((m & 7) == 4) { /* SIB */
        uint8_t sib = x64_byte(d);
        int idx = ((sib >> 3) & 7) | ((d->rex & 2) ? 8 : 0);
        int b = (sib & 7) | ((d->rex & 1) ? 8 : 0);
        if (idx != 4) {
            snprintf(index, sizeof(index), "%s*%d", x64_reg64[idx], 1 << (sib >> 6));
        }
        if ((sib & 7) == 5 && d->mod == 0) {
            has_base = false;
            dv = x64_imm(d, 4);
        } else {
            snprintf(base, sizeof(base), "%s", x64_reg64[b]);
        }
    } else if ((m & 7) == 5 && d->mod == 0) {
        d->rip_rel = true;
        dv = x64_imm(d, 4);
        snprintf(base, sizeof(base), "rip");
    } else {
        snprintf(base, sizeof(base), "%s", x64_reg64[d->rm]);
    }
    if (d->mod == 1) {
        dv = x64_imm(d, 1);
    } else if (d->mod == 2) {
        dv = x64_imm(d, 4);
    }
    bool first = !has_base && !index[0];
    x64_disp(disp, sizeof(disp), dv, first);
    snprintf(d->mem, sizeof(d->mem), "[%s%s%s%s]", base, base[0] && index[0] ? "+" : "", index,
             disp);
    if (d->rip_rel) {
        d->rip_target = (uint64_t)dv; /* + the end address, known later */
    }
}

static const char *x64_size_name(int size)
{
    return size == 1 ? "byte" : size == 2 ? "word" : size == 8 ? "qword" : "dword";
}

/* The E operand; sized says "dword [..]" rather than "[..]" for memory. */
static void x64_e(X64Dec *d, int size, bool sized)
{
    if (d->mod == 3) {
        x64_out(d, "%s", x64_reg(d, d->rm, size));
    } else if (sized) {
        x64_out(d, "%s %s", x64_size_name(size), d->mem);
    } else {
        x64_out(d, "%s", d->mem);
    }
}

static void x64_hex(X64Dec *d, int64_t v, int size)
{
    uint64_t u = (uint64_t)v;
    if (size < 8) {
        u &= (1ull << (8 * size)) - 1;
    }
    x64_out(d, "0x%llx", (unsigned long long)u);
}

/* "name E, imm" for the groups with an immediate. */
static void x64_e_imm(X64Dec *d, const char *name, int size, int imm_bytes)
{
    x64_out(d, "%s ", name);
    x64_e(d, size, true);
    x64_out(d, ", ");
    x64_hex(d, x64_imm(d, imm_bytes), size);
}

static int x64_imm_bytes(int size)
{
    return size == 1 ? 1 : size == 2 ? 2 : 4;
}

static bool x64_has_modrm(int fmt)
{
    return !(fmt == F_NONE || fmt == F_AL_IB || fmt == F_AX_IZ || fmt == F_ZV || fmt == F_ZB_IB ||
             fmt == F_ZV_IV || fmt == F_ZV_BSWAP || fmt == F_REL8 || fmt == F_REL32 ||
             fmt == F_IZ || fmt == F_IB || fmt == F_BAD);
}

/* Formats with a group: the mnemonic comes from the reg field. */
static bool x64_group(X64Dec *d, int fmt, int size)
{
    int r = d->reg & 7;
    switch (fmt) {
    case F_GRP1_EB:
    case F_GRP1_EV:
        x64_e_imm(d, x64_alu[r], size, x64_imm_bytes(size));
        return true;
    case F_GRP1_EVB:
        x64_e_imm(d, x64_alu[r], size, 1);
        return true;
    case F_GRP2_IB:
        x64_out(d, "%s ", x64_shift[r]);
        x64_e(d, size, true);
        x64_out(d, ", 0x%x", x64_byte(d));
        return true;
    case F_GRP2_1:
    case F_GRP2_CL:
        x64_out(d, "%s ", x64_shift[r]);
        x64_e(d, size, true);
        x64_out(d, fmt == F_GRP2_1 ? ", 1" : ", cl");
        return true;
    case F_GRP3:
        if (r < 2) {
            x64_e_imm(d, "test", size, x64_imm_bytes(size));
        } else {
            x64_out(d, "%s ", x64_grp3[r]);
            x64_e(d, size, true);
        }
        return true;
    case F_GRP4:
        if (r > 1) {
            return false;
        }
        x64_out(d, "%s ", r ? "dec" : "inc");
        x64_e(d, size, true);
        return true;
    case F_GRP5:
        if (!x64_grp5[r]) {
            return false;
        }
        x64_out(d, "%s ", x64_grp5[r]);
        x64_e(d, r == 2 || r == 4 || r == 6 ? 8 : size, true);
        return true;
    case F_GRP8:
        if (!x64_bt[r]) {
            return false;
        }
        x64_e_imm(d, x64_bt[r], size, 1);
        return true;
    case F_MOV_EI:
        if (r != 0) {
            return false;
        }
        x64_e_imm(d, "mov", size, x64_imm_bytes(size));
        return true;
    default:
        return false;
    }
}

/* Two-operand and special formats; false if fmt is not one of them. */
static bool x64_operands(X64Dec *d, const char *name, int fmt, int size)
{
    const char *g = x64_reg(d, d->reg, size);
    switch (fmt) {
    case F_NONE:
        x64_out(d, "%s", name);
        return true;
    case F_EB_GB:
    case F_EV_GV:
        x64_out(d, "%s ", name);
        x64_e(d, size, false);
        x64_out(d, ", %s", g);
        return true;
    case F_GB_EB:
    case F_GV_EV:
    case F_GV_M:
        x64_out(d, "%s %s, ", name, g);
        x64_e(d, size, false);
        return true;
    case F_GV_EB:
    case F_GV_EW:
    case F_GV_ED:
        x64_out(d, "%s %s, ", name, g);
        x64_e(d, fmt == F_GV_EB ? 1 : fmt == F_GV_EW ? 2 : 4, true);
        return true;
    case F_GV_EV_IZ:
    case F_GV_EV_IB:
        x64_out(d, "%s %s, ", name, g);
        x64_e(d, size, false);
        x64_out(d, ", ");
        x64_hex(d, x64_imm(d, fmt == F_GV_EV_IB ? 1 : x64_imm_bytes(size)), size);
        return true;
    case F_EV_GV_IB:
    case F_EV_GV_CL:
        x64_out(d, "%s ", name);
        x64_e(d, size, false);
        x64_out(d, ", %s, ", g);
        if (fmt == F_EV_GV_IB) {
            x64_out(d, "0x%x", x64_byte(d));
        } else {
            x64_out(d, "cl");
        }
        return true;
    case F_EB:
    case F_EV:
        x64_out(d, "%s ", name);
        x64_e(d, size, true);
        return true;
    case F_AL_IB:
    case F_AX_IZ:
        x64_out(d, "%s %s, ", name, x64_reg(d, 0, size));
        x64_hex(d, x64_imm(d, x64_imm_bytes(size)), size);
        return true;
    default:
        return false;
    }
}

/* Formats with the register or a branch target in the opcode. */
static bool x64_short(X64Dec *d, const char *name, int fmt, int size, int opc)
{
    int r = (opc & 7) | ((d->rex & 1) ? 8 : 0);
    switch (fmt) {
    case F_ZV:
        x64_out(d, "%s %s", name, x64_reg(d, r, d->opsize ? 2 : 8));
        return true;
    case F_ZV_BSWAP:
        x64_out(d, "%s %s", name, x64_reg(d, r, size));
        return true;
    case F_ZB_IB:
        x64_out(d, "%s %s, ", name, x64_reg(d, r, 1));
        x64_hex(d, x64_imm(d, 1), 1);
        return true;
    case F_ZV_IV:
        x64_out(d, "%s %s, ", size == 8 ? "movabs" : name, x64_reg(d, r, size));
        x64_hex(d, x64_imm(d, size == 8 ? 8 : x64_imm_bytes(size)), size);
        return true;
    case F_REL8:
    case F_REL32: {
        int64_t rel = x64_imm(d, fmt == F_REL8 ? 1 : 4);
        x64_out(d, "%s 0x%llx", name, (unsigned long long)(d->addr + d->pos + rel));
        return true;
    }
    case F_IZ:
    case F_IB:
        x64_out(d, "%s ", name);
        x64_hex(d, x64_imm(d, fmt == F_IB ? 1 : 4), 8);
        return true;
    default:
        return false;
    }
}

/* Opcodes decoded by rule rather than by table row (ALU block, Jcc...). */
static X64Op x64_lookup1(int opc)
{
    static const uint8_t alu_fmt[6] = {F_EB_GB, F_EV_GV, F_GB_EB, F_GV_EV, F_AL_IB, F_AX_IZ};
    if (opc < 0x40 && (opc & 7) < 6) {
        return (X64Op){x64_alu[opc >> 3], alu_fmt[opc & 7], (opc & 1) == 0};
    }
    if (opc >= 0x50 && opc < 0x58) {
        return (X64Op){"push", F_ZV, 0};
    }
    if (opc >= 0x58 && opc < 0x60) {
        return (X64Op){"pop", F_ZV, 0};
    }
    if (opc >= 0x70 && opc < 0x80) {
        return (X64Op){NULL, F_REL8, 0}; /* jcc: named by the caller */
    }
    if (opc >= 0xb0 && opc < 0xb8) {
        return (X64Op){"mov", F_ZB_IB, 1};
    }
    if (opc >= 0xb8 && opc < 0xc0) {
        return (X64Op){"mov", F_ZV_IV, 0};
    }
    if (opc == 0x98 || opc == 0x99) {
        return (X64Op){NULL, F_NONE, 0};
    }
    return x64_map1[opc];
}

static X64Op x64_lookup2(int opc)
{
    if (opc >= 0x40 && opc < 0x50) {
        return (X64Op){NULL, F_GV_EV, 0}; /* cmovcc */
    }
    if (opc >= 0x80 && opc < 0x90) {
        return (X64Op){NULL, F_REL32, 0}; /* jcc */
    }
    if (opc >= 0x90 && opc < 0xa0) {
        return (X64Op){NULL, F_EB, 1}; /* setcc */
    }
    if (opc >= 0xc8) {
        return (X64Op){"bswap", F_ZV_BSWAP, 0};
    }
    return x64_map2[opc];
}

/* The mnemonic of the rows whose name depends on the opcode or size. */
static const char *x64_name(X64Dec *d, X64Op *op, int opc, bool two, char *tmp, size_t n)
{
    if (op->name) {
        if (two && d->rep && (opc == 0xbc || opc == 0xbd || opc == 0xb8)) {
            return opc == 0xbc ? "tzcnt" : opc == 0xbd ? "lzcnt" : "popcnt";
        }
        return op->name;
    }
    if (!two && opc >= 0x70 && opc < 0x80) {
        snprintf(tmp, n, "j%s", x64_cc[opc & 15]);
    } else if (!two && opc == 0x98) {
        return (d->rex & 8) ? "cdqe" : d->opsize ? "cbw" : "cwde";
    } else if (!two && opc == 0x99) {
        return (d->rex & 8) ? "cqo" : d->opsize ? "cwd" : "cdq";
    } else if (two && opc >= 0x40 && opc < 0x50) {
        snprintf(tmp, n, "cmov%s", x64_cc[opc & 15]);
    } else if (two && opc >= 0x80 && opc < 0x90) {
        snprintf(tmp, n, "j%s", x64_cc[opc & 15]);
    } else if (two && opc >= 0x90 && opc < 0xa0) {
        snprintf(tmp, n, "set%s", x64_cc[opc & 15]);
    } else {
        return NULL; /* a group: named by the reg field */
    }
    return tmp;
}

/* Prefixes, opcode, operands. false: not a form we know. */
static bool x64_decode(X64Dec *d)
{
    uint8_t b = x64_byte(d);
    while (b == 0x66 || b == 0xf3) {
        if (b == 0x66) {
            d->opsize = true;
        } else {
            d->rep = true;
        }
        b = x64_byte(d);
    }
    if ((b & 0xf0) == 0x40) {
        d->rex = b;
        b = x64_byte(d);
    }
    bool two = b == 0x0f;
    int opc = two ? x64_byte(d) : b;
    X64Op op = two ? x64_lookup2(opc) : x64_lookup1(opc);
    if (!d->ok || op.fmt == F_BAD ||
        (d->rep && !(two && (opc == 0xbc || opc == 0xbd || opc == 0xb8)))) {
        return false;
    }
    if (two && opc == 0xb8) {
        op = (X64Op){"popcnt", F_GV_EV, 0};
    }
    int size = op.byte ? 1 : x64_vsize(d);
    char tmp[16];
    const char *name = x64_name(d, &op, opc, two, tmp, sizeof(tmp));
    if (x64_has_modrm(op.fmt)) {
        x64_modrm(d);
        if (!d->ok || (op.fmt == F_GV_M && d->mod == 3)) {
            return false;
        }
    }
    bool done = name ? x64_operands(d, name, op.fmt, size) || x64_short(d, name, op.fmt, size, opc)
                     : x64_group(d, op.fmt, size);
    return done && d->ok;
}

int x64_disas(const uint8_t *p, size_t len, uint64_t addr, char *buf, size_t buflen)
{
    X64Dec d;
    memset(&d, 0, sizeof(d));
    d.p = p;
    d.len = len;
    d.addr = addr;
    d.ok = true;
    d.buf = buf;
    d.buflen = buflen;
    if (buflen) {
        buf[0] = '\0';
    }
    if (len == 0) {
        return 1;
    }
    if (!x64_decode(&d)) {
        snprintf(buf, buflen, "(bad) %02x", p[0]);
        return 1;
    }
    if (d.rip_rel) {
        x64_out(&d, "  # 0x%llx", (unsigned long long)(addr + d.pos + d.rip_target));
    }
    return (int)d.pos;
}
