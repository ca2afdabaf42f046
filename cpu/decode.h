/*
 * decode.h - x86 instruction decoding: prefixes, opcode maps, ModRM/SIB,
 * displacements and immediates, driven by one table row per opcode.
 *
 * The decoder knows encodings and operand kinds, nothing of semantics:
 * it fills an X86Insn, which the translator (translate.c) turns into IR
 * by the row's gen kind, and which the disassembler prints for -d in_asm.
 * Bytes come through a fetch callback, so the same code serves the
 * translator (through the code TLB) and tests (from a buffer).
 */
#ifndef PCEMU_DECODE_H
#define PCEMU_DECODE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Operand kinds (Intel SDM vol. 2, appendix A.2 notation) */
typedef enum X86Opnd {
    OP_NONE,
    OP_Eb, OP_Ew, OP_Ev, OP_Ed, /* ModRM r/m */
    OP_Gb, OP_Gw, OP_Gv, OP_Gd, /* ModRM reg */
    OP_M,                        /* ModRM memory only */
    OP_Ib, OP_Ibs, OP_Iw, OP_Iz, /* immediates: Ibs sign-extended to v */
    OP_Jb, OP_Jz,                /* relative branch targets */
    OP_Ob, OP_Ov,                /* moffs */
    OP_Ap,                       /* far pointer */
    OP_AL, OP_eAX, OP_CL, OP_DX, OP_ONE,
    OP_Zb, OP_Zv,                /* register in opcode bits 2:0 */
    OP_Sw,                       /* segment register in ModRM reg */
    OP_Cd, OP_Dd,                /* control / debug register in ModRM reg */
    OP_Rd,                       /* ModRM r/m register only */
    OP_Xb, OP_Xv, OP_Yb, OP_Yv,  /* string operands DS:eSI, ES:eDI */
    OP_ES, OP_CS, OP_SS, OP_DS, OP_FS, OP_GS,
} X86Opnd;

/* gen kinds: one translator routine each. ORDER X86_GEN: translate.c */
#define X86_GEN_LIST(X)                                                                            \
    X(invalid) X(alu) X(test) X(incdec) X(not_neg) X(mul_div) X(imul3) X(imul2) X(mov)             \
    X(movx) X(lea) X(xchg) X(nop) X(push) X(pop) X(pusha) X(popa) X(pushf) X(popf) X(shift)        \
    X(shiftd) X(jmp) X(jcc) X(call) X(ret) X(jmp_ind) X(call_ind) X(setcc) X(cmovcc) X(cbw)        \
    X(cwd) X(string) X(in) X(out) X(flagop) X(hlt) X(bswap) X(bt) X(bsf) X(xadd) X(cmpxchg)        \
    X(cmpxchg8b) X(cpuid) X(rdtsc) X(leave) X(enter) X(loop) X(xlat) X(lahf) X(sahf) X(int)        \
    X(iret) X(lxdt) X(sxdt) X(mov_seg) X(push_seg) X(pop_seg) X(ljmp) X(lcall) X(lret)             \
    X(mov_cr) X(ud) X(salc) X(lxs) X(bound) X(bcd) X(wait) X(smsw) X(lmsw) X(clts) X(rdmsr)        \
    X(wrmsr) X(sysenter) X(sysexit) X(lldt_ltr) X(sldt_str) X(lar_lsl) X(verr) X(arpl)             \
    X(invd) X(invlpg) X(mov_dr) X(fpu)

typedef enum X86Gen {
#define X86_GEN_ENUM(name) X86_GEN_##name,
    X86_GEN_LIST(X86_GEN_ENUM)
#undef X86_GEN_ENUM
    X86_GEN_NB,
} X86Gen;

enum {
    X86F_MODRM = 1,  /* has a ModRM byte */
    X86F_GROUP = 2,  /* ModRM.reg selects a row of .group */
    X86F_BYTE = 4,   /* operand size is 8 bits */
    X86F_D64 = 8,    /* (unused on 32-bit: kept for the table's symmetry) */
    X86F_LOCK = 16,  /* LOCK prefix allowed (with a memory destination) */
    X86F_MEM = 32,   /* ModRM must be memory */
};

typedef struct X86OpEntry {
    const char *mnem;
    uint8_t gen;  /* X86Gen */
    uint8_t arg;  /* gen-specific: ALU op, condition, shift op... */
    uint8_t opnd[3];
    uint8_t flags;
    const struct X86OpEntry *group; /* 8 rows for X86F_GROUP */
} X86OpEntry;

/* prefixes */
enum {
    PREFIX_REPZ = 1,
    PREFIX_REPNZ = 2,
    PREFIX_LOCK = 4,
    PREFIX_DATA = 8,
    PREFIX_ADR = 16,
};

typedef struct X86Insn {
    uint32_t pc;          /* linear address of the first byte */
    uint8_t len;
    uint8_t bytes[16];
    uint16_t opcode;      /* 0x00-0xff, 0x100-0x1ff for 0F xx */
    uint8_t prefix;
    int8_t seg_override;  /* -1 or R_ES.. */
    uint8_t ot;           /* operand size: MO_8/16/32 */
    uint8_t aflag;        /* address size: MO_16/MO_32 */
    bool has_modrm;
    uint8_t mod, reg, rm;
    /* memory operand (mod != 3) */
    int8_t base, index;   /* -1 = none */
    uint8_t scale;
    int8_t default_seg;
    uint32_t disp;
    uint32_t imm, imm2;   /* imm2: ENTER's second, Ap's selector */
    const X86OpEntry *e;
    bool too_long;        /* more than 15 bytes: #GP */
} X86Insn;

typedef uint8_t (*X86FetchFn)(void *opaque, uint32_t addr);

/* Decode one instruction at pc (code32: default operand/address size). */
void x86_decode(X86Insn *in, uint32_t pc, bool code32, X86FetchFn fetch, void *opaque);
/* Disassemble a decoded instruction, Intel-ish syntax ("add eax, [ebx+4]"). */
void x86_disas(const X86Insn *in, char *buf, int len);
/* Operand size of operand n of the row (MO_8/16/32), from ot. */
int x86_opnd_size(const X86Insn *in, int n);

#endif
