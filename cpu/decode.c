/*
 * decode.c - the x86 opcode maps and the decoder/disassembler built on
 * them (Intel SDM vol. 2, appendix A "Opcode Map").
 *
 * One row per opcode: mnemonic, gen kind (translate*.c), a gen argument
 * (ALU operation, condition code...), up to three operand kinds, flags.
 * Groups (80-83, C0/C1/D0-D3, F6/F7, FE/FF, 0F 00/01/BA/C7, C6/C7, 8F)
 * point to 8 rows selected by ModRM.reg. The decoder derives from the
 * operand kinds whether a ModRM byte and which immediates follow.
 */
#include "cpu/decode.h"

#include <stdio.h>
#include <string.h>

#include "cpu/cpu.h"
#include "tcg/ir.h"

// clang-format off
#define R(mn, gen, arg, a, b, c, fl) {mn, X86_GEN_##gen, arg, {OP_##a, OP_##b, OP_##c}, fl, NULL}
#define G(grp, a, b, c, fl)          {NULL, X86_GEN_invalid, 0, {OP_##a, OP_##b, OP_##c}, X86F_GROUP | (fl), grp}
#define BAD                          {NULL, X86_GEN_invalid, 0, {0, 0, 0}, 0, NULL}
#define ALU(op, mn)                                                                                \
    R(mn, alu, op, Eb, Gb, NONE, X86F_LOCK), R(mn, alu, op, Ev, Gv, NONE, X86F_LOCK),            \
    R(mn, alu, op, Gb, Eb, NONE, 0), R(mn, alu, op, Gv, Ev, NONE, 0),                              \
    R(mn, alu, op, AL, Ib, NONE, 0), R(mn, alu, op, eAX, Iz, NONE, 0)
#define CC16(mn, gen, a, b, fl)                                                                    \
    R(mn "o", gen, 0, a, b, NONE, fl), R(mn "no", gen, 1, a, b, NONE, fl),                         \
    R(mn "b", gen, 2, a, b, NONE, fl), R(mn "ae", gen, 3, a, b, NONE, fl),                         \
    R(mn "e", gen, 4, a, b, NONE, fl), R(mn "ne", gen, 5, a, b, NONE, fl),                         \
    R(mn "be", gen, 6, a, b, NONE, fl), R(mn "a", gen, 7, a, b, NONE, fl),                         \
    R(mn "s", gen, 8, a, b, NONE, fl), R(mn "ns", gen, 9, a, b, NONE, fl),                         \
    R(mn "p", gen, 10, a, b, NONE, fl), R(mn "np", gen, 11, a, b, NONE, fl),                       \
    R(mn "l", gen, 12, a, b, NONE, fl), R(mn "ge", gen, 13, a, b, NONE, fl),                       \
    R(mn "le", gen, 14, a, b, NONE, fl), R(mn "g", gen, 15, a, b, NONE, fl)
#define REG8(mn, gen, arg, a, b)                                                                   \
    R(mn, gen, arg, a, b, NONE, 0), R(mn, gen, arg, a, b, NONE, 0), R(mn, gen, arg, a, b, NONE, 0), \
    R(mn, gen, arg, a, b, NONE, 0), R(mn, gen, arg, a, b, NONE, 0), R(mn, gen, arg, a, b, NONE, 0), \
    R(mn, gen, arg, a, b, NONE, 0), R(mn, gen, arg, a, b, NONE, 0)
#define SHIFTS(a, b)                                                                               \
    R("rol", shift, 0, a, b, NONE, 0), R("ror", shift, 1, a, b, NONE, 0),                          \
    R("rcl", shift, 2, a, b, NONE, 0), R("rcr", shift, 3, a, b, NONE, 0),                          \
    R("shl", shift, 4, a, b, NONE, 0), R("shr", shift, 5, a, b, NONE, 0),                          \
    R("sal", shift, 6, a, b, NONE, 0), R("sar", shift, 7, a, b, NONE, 0)

static const X86OpEntry grp1_Eb_Ib[8] = {
    R("add", alu, 0, Eb, Ib, NONE, X86F_LOCK), R("or", alu, 1, Eb, Ib, NONE, X86F_LOCK),
    R("adc", alu, 2, Eb, Ib, NONE, X86F_LOCK), R("sbb", alu, 3, Eb, Ib, NONE, X86F_LOCK),
    R("and", alu, 4, Eb, Ib, NONE, X86F_LOCK), R("sub", alu, 5, Eb, Ib, NONE, X86F_LOCK),
    R("xor", alu, 6, Eb, Ib, NONE, X86F_LOCK), R("cmp", alu, 7, Eb, Ib, NONE, 0),
};
static const X86OpEntry grp1_Ev_Iz[8] = {
    R("add", alu, 0, Ev, Iz, NONE, X86F_LOCK), R("or", alu, 1, Ev, Iz, NONE, X86F_LOCK),
    R("adc", alu, 2, Ev, Iz, NONE, X86F_LOCK), R("sbb", alu, 3, Ev, Iz, NONE, X86F_LOCK),
    R("and", alu, 4, Ev, Iz, NONE, X86F_LOCK), R("sub", alu, 5, Ev, Iz, NONE, X86F_LOCK),
    R("xor", alu, 6, Ev, Iz, NONE, X86F_LOCK), R("cmp", alu, 7, Ev, Iz, NONE, 0),
};
static const X86OpEntry grp1_Ev_Ibs[8] = {
    R("add", alu, 0, Ev, Ibs, NONE, X86F_LOCK), R("or", alu, 1, Ev, Ibs, NONE, X86F_LOCK),
    R("adc", alu, 2, Ev, Ibs, NONE, X86F_LOCK), R("sbb", alu, 3, Ev, Ibs, NONE, X86F_LOCK),
    R("and", alu, 4, Ev, Ibs, NONE, X86F_LOCK), R("sub", alu, 5, Ev, Ibs, NONE, X86F_LOCK),
    R("xor", alu, 6, Ev, Ibs, NONE, X86F_LOCK), R("cmp", alu, 7, Ev, Ibs, NONE, 0),
};
static const X86OpEntry grp1a[8] = {
    R("pop", pop, 0, Ev, NONE, NONE, 0), BAD, BAD, BAD, BAD, BAD, BAD, BAD,
};
static const X86OpEntry grp2_Eb_Ib[8] = {SHIFTS(Eb, Ib)};
static const X86OpEntry grp2_Ev_Ib[8] = {SHIFTS(Ev, Ib)};
static const X86OpEntry grp2_Eb_1[8] = {SHIFTS(Eb, ONE)};
static const X86OpEntry grp2_Ev_1[8] = {SHIFTS(Ev, ONE)};
static const X86OpEntry grp2_Eb_CL[8] = {SHIFTS(Eb, CL)};
static const X86OpEntry grp2_Ev_CL[8] = {SHIFTS(Ev, CL)};
static const X86OpEntry grp3_Eb[8] = {
    R("test", test, 0, Eb, Ib, NONE, 0), R("test", test, 0, Eb, Ib, NONE, 0),
    R("not", not_neg, 0, Eb, NONE, NONE, X86F_LOCK), R("neg", not_neg, 1, Eb, NONE, NONE, X86F_LOCK),
    R("mul", mul_div, 4, Eb, NONE, NONE, 0), R("imul", mul_div, 5, Eb, NONE, NONE, 0),
    R("div", mul_div, 6, Eb, NONE, NONE, 0), R("idiv", mul_div, 7, Eb, NONE, NONE, 0),
};
static const X86OpEntry grp3_Ev[8] = {
    R("test", test, 0, Ev, Iz, NONE, 0), R("test", test, 0, Ev, Iz, NONE, 0),
    R("not", not_neg, 0, Ev, NONE, NONE, X86F_LOCK), R("neg", not_neg, 1, Ev, NONE, NONE, X86F_LOCK),
    R("mul", mul_div, 4, Ev, NONE, NONE, 0), R("imul", mul_div, 5, Ev, NONE, NONE, 0),
    R("div", mul_div, 6, Ev, NONE, NONE, 0), R("idiv", mul_div, 7, Ev, NONE, NONE, 0),
};
static const X86OpEntry grp4[8] = {
    R("inc", incdec, 0, Eb, NONE, NONE, X86F_LOCK), R("dec", incdec, 1, Eb, NONE, NONE, X86F_LOCK),
    BAD, BAD, BAD, BAD, BAD, BAD,
};
static const X86OpEntry grp5[8] = {
    R("inc", incdec, 0, Ev, NONE, NONE, X86F_LOCK), R("dec", incdec, 1, Ev, NONE, NONE, X86F_LOCK),
    R("call", call_ind, 0, Ev, NONE, NONE, 0), R("lcall", lcall, 1, M, NONE, NONE, 0),
    R("jmp", jmp_ind, 0, Ev, NONE, NONE, 0), R("ljmp", ljmp, 1, M, NONE, NONE, 0),
    R("push", push, 0, Ev, NONE, NONE, 0), BAD,
};
static const X86OpEntry grp11_Eb[8] = {
    R("mov", mov, 0, Eb, Ib, NONE, 0), BAD, BAD, BAD, BAD, BAD, BAD, BAD,
};
static const X86OpEntry grp11_Ev[8] = {
    R("mov", mov, 0, Ev, Iz, NONE, 0), BAD, BAD, BAD, BAD, BAD, BAD, BAD,
};
static const X86OpEntry grp6[8] = {
    R("sldt", sldt_str, 0, Ew, NONE, NONE, 0), R("str", sldt_str, 1, Ew, NONE, NONE, 0),
    R("lldt", lldt_ltr, 0, Ew, NONE, NONE, 0), R("ltr", lldt_ltr, 1, Ew, NONE, NONE, 0),
    R("verr", verr, 0, Ew, NONE, NONE, 0), R("verw", verr, 1, Ew, NONE, NONE, 0), BAD, BAD,
};
static const X86OpEntry grp7[8] = {
    R("sgdt", sxdt, 0, M, NONE, NONE, 0), R("sidt", sxdt, 1, M, NONE, NONE, 0),
    R("lgdt", lxdt, 0, M, NONE, NONE, 0), R("lidt", lxdt, 1, M, NONE, NONE, 0),
    R("smsw", smsw, 0, Ew, NONE, NONE, 0), BAD,
    R("lmsw", lmsw, 0, Ew, NONE, NONE, 0), R("invlpg", invlpg, 0, M, NONE, NONE, 0),
};
static const X86OpEntry grp8[8] = {
    BAD, BAD, BAD, BAD,
    R("bt", bt, 0, Ev, Ib, NONE, 0), R("bts", bt, 1, Ev, Ib, NONE, X86F_LOCK),
    R("btr", bt, 2, Ev, Ib, NONE, X86F_LOCK), R("btc", bt, 3, Ev, Ib, NONE, X86F_LOCK),
};
static const X86OpEntry grp9[8] = {
    BAD, R("cmpxchg8b", cmpxchg8b, 0, M, NONE, NONE, X86F_LOCK), BAD, BAD, BAD, BAD, BAD, BAD,
};

static const X86OpEntry x86_op_table1[256] = {
    /* 00 */ ALU(0, "add"), R("push", push_seg, R_ES, ES, NONE, NONE, 0),
    /* 07 */ R("pop", pop_seg, R_ES, ES, NONE, NONE, 0),
    /* 08 */ ALU(1, "or"), R("push", push_seg, R_CS, CS, NONE, NONE, 0), BAD /* 0F: escape */,
    /* 10 */ ALU(2, "adc"), R("push", push_seg, R_SS, SS, NONE, NONE, 0),
    /* 17 */ R("pop", pop_seg, R_SS, SS, NONE, NONE, 0),
    /* 18 */ ALU(3, "sbb"), R("push", push_seg, R_DS, DS, NONE, NONE, 0),
    /* 1F */ R("pop", pop_seg, R_DS, DS, NONE, NONE, 0),
    /* 20 */ ALU(4, "and"), BAD /* ES: */, R("daa", bcd, 0, NONE, NONE, NONE, 0),
    /* 28 */ ALU(5, "sub"), BAD /* CS: */, R("das", bcd, 1, NONE, NONE, NONE, 0),
    /* 30 */ ALU(6, "xor"), BAD /* SS: */, R("aaa", bcd, 2, NONE, NONE, NONE, 0),
    /* 38 */ ALU(7, "cmp"), BAD /* DS: */, R("aas", bcd, 3, NONE, NONE, NONE, 0),
    /* 40 */ REG8("inc", incdec, 0, Zv, NONE),
    /* 48 */ REG8("dec", incdec, 1, Zv, NONE),
    /* 50 */ REG8("push", push, 0, Zv, NONE),
    /* 58 */ REG8("pop", pop, 0, Zv, NONE),
    /* 60 */ R("pusha", pusha, 0, NONE, NONE, NONE, 0), R("popa", popa, 0, NONE, NONE, NONE, 0),
    /* 62 */ R("bound", bound, 0, Gv, M, NONE, 0), R("arpl", arpl, 0, Ew, Gw, NONE, 0),
    /* 64 */ BAD, BAD, BAD, BAD /* FS: GS: opsize adsize */,
    /* 68 */ R("push", push, 0, Iz, NONE, NONE, 0), R("imul", imul3, 0, Gv, Ev, Iz, 0),
    /* 6A */ R("push", push, 0, Ibs, NONE, NONE, 0), R("imul", imul3, 0, Gv, Ev, Ibs, 0),
    /* 6C */ R("insb", string, 6, Yb, DX, NONE, 0), R("ins", string, 6, Yv, DX, NONE, 0),
    /* 6E */ R("outsb", string, 7, DX, Xb, NONE, 0), R("outs", string, 7, DX, Xv, NONE, 0),
    /* 70 */ CC16("j", jcc, Jb, NONE, 0),
    /* 80 */ G(grp1_Eb_Ib, Eb, Ib, NONE, 0), G(grp1_Ev_Iz, Ev, Iz, NONE, 0),
    /* 82 */ G(grp1_Eb_Ib, Eb, Ib, NONE, 0), G(grp1_Ev_Ibs, Ev, Ibs, NONE, 0),
    /* 84 */ R("test", test, 0, Eb, Gb, NONE, 0), R("test", test, 0, Ev, Gv, NONE, 0),
    /* 86 */ R("xchg", xchg, 0, Eb, Gb, NONE, X86F_LOCK), R("xchg", xchg, 0, Ev, Gv, NONE, X86F_LOCK),
    /* 88 */ R("mov", mov, 0, Eb, Gb, NONE, 0), R("mov", mov, 0, Ev, Gv, NONE, 0),
    /* 8A */ R("mov", mov, 0, Gb, Eb, NONE, 0), R("mov", mov, 0, Gv, Ev, NONE, 0),
    /* 8C */ R("mov", mov_seg, 0, Ev, Sw, NONE, 0), R("lea", lea, 0, Gv, M, NONE, 0),
    /* 8E */ R("mov", mov_seg, 1, Sw, Ew, NONE, 0), G(grp1a, Ev, NONE, NONE, 0),
    /* 90 */ R("nop", nop, 0, NONE, NONE, NONE, 0),
    /* 91 */ R("xchg", xchg, 0, Zv, eAX, NONE, 0), R("xchg", xchg, 0, Zv, eAX, NONE, 0),
    /* 93 */ R("xchg", xchg, 0, Zv, eAX, NONE, 0), R("xchg", xchg, 0, Zv, eAX, NONE, 0),
    /* 95 */ R("xchg", xchg, 0, Zv, eAX, NONE, 0), R("xchg", xchg, 0, Zv, eAX, NONE, 0),
    /* 97 */ R("xchg", xchg, 0, Zv, eAX, NONE, 0),
    /* 98 */ R("cwde", cbw, 0, NONE, NONE, NONE, 0), R("cdq", cwd, 0, NONE, NONE, NONE, 0),
    /* 9A */ R("lcall", lcall, 0, Ap, NONE, NONE, 0), R("fwait", wait, 0, NONE, NONE, NONE, 0),
    /* 9C */ R("pushf", pushf, 0, NONE, NONE, NONE, 0), R("popf", popf, 0, NONE, NONE, NONE, 0),
    /* 9E */ R("sahf", sahf, 0, NONE, NONE, NONE, 0), R("lahf", lahf, 0, NONE, NONE, NONE, 0),
    /* A0 */ R("mov", mov, 0, AL, Ob, NONE, 0), R("mov", mov, 0, eAX, Ov, NONE, 0),
    /* A2 */ R("mov", mov, 0, Ob, AL, NONE, 0), R("mov", mov, 0, Ov, eAX, NONE, 0),
    /* A4 */ R("movsb", string, 0, Yb, Xb, NONE, 0), R("movs", string, 0, Yv, Xv, NONE, 0),
    /* A6 */ R("cmpsb", string, 1, Xb, Yb, NONE, 0), R("cmps", string, 1, Xv, Yv, NONE, 0),
    /* A8 */ R("test", test, 0, AL, Ib, NONE, 0), R("test", test, 0, eAX, Iz, NONE, 0),
    /* AA */ R("stosb", string, 2, Yb, AL, NONE, 0), R("stos", string, 2, Yv, eAX, NONE, 0),
    /* AC */ R("lodsb", string, 3, AL, Xb, NONE, 0), R("lods", string, 3, eAX, Xv, NONE, 0),
    /* AE */ R("scasb", string, 4, AL, Yb, NONE, 0), R("scas", string, 4, eAX, Yv, NONE, 0),
    /* B0 */ REG8("mov", mov, 0, Zb, Ib),
    /* B8 */ REG8("mov", mov, 0, Zv, Iz),
    /* C0 */ G(grp2_Eb_Ib, Eb, Ib, NONE, 0), G(grp2_Ev_Ib, Ev, Ib, NONE, 0),
    /* C2 */ R("ret", ret, 1, Iw, NONE, NONE, 0), R("ret", ret, 0, NONE, NONE, NONE, 0),
    /* C4 */ R("les", lxs, R_ES, Gv, M, NONE, 0), R("lds", lxs, R_DS, Gv, M, NONE, 0),
    /* C6 */ G(grp11_Eb, Eb, Ib, NONE, 0), G(grp11_Ev, Ev, Iz, NONE, 0),
    /* C8 */ R("enter", enter, 0, Iw, Ib, NONE, 0), R("leave", leave, 0, NONE, NONE, NONE, 0),
    /* CA */ R("lret", lret, 1, Iw, NONE, NONE, 0), R("lret", lret, 0, NONE, NONE, NONE, 0),
    /* CC */ R("int3", int, 3, NONE, NONE, NONE, 0), R("int", int, 0, Ib, NONE, NONE, 0),
    /* CE */ R("into", int, 4, NONE, NONE, NONE, 0), R("iret", iret, 0, NONE, NONE, NONE, 0),
    /* D0 */ G(grp2_Eb_1, Eb, ONE, NONE, 0), G(grp2_Ev_1, Ev, ONE, NONE, 0),
    /* D2 */ G(grp2_Eb_CL, Eb, CL, NONE, 0), G(grp2_Ev_CL, Ev, CL, NONE, 0),
    /* D4 */ R("aam", bcd, 4, Ib, NONE, NONE, 0), R("aad", bcd, 5, Ib, NONE, NONE, 0),
    /* D6 */ R("salc", salc, 0, NONE, NONE, NONE, 0), R("xlat", xlat, 0, NONE, NONE, NONE, 0),
    /* D8 */ REG8("fpu", fpu, 0, M, NONE),
    /* E0 */ R("loopne", loop, 0, Jb, NONE, NONE, 0), R("loope", loop, 1, Jb, NONE, NONE, 0),
    /* E2 */ R("loop", loop, 2, Jb, NONE, NONE, 0), R("jecxz", loop, 3, Jb, NONE, NONE, 0),
    /* E4 */ R("in", in, 0, AL, Ib, NONE, 0), R("in", in, 0, eAX, Ib, NONE, 0),
    /* E6 */ R("out", out, 0, Ib, AL, NONE, 0), R("out", out, 0, Ib, eAX, NONE, 0),
    /* E8 */ R("call", call, 0, Jz, NONE, NONE, 0), R("jmp", jmp, 0, Jz, NONE, NONE, 0),
    /* EA */ R("ljmp", ljmp, 0, Ap, NONE, NONE, 0), R("jmp", jmp, 0, Jb, NONE, NONE, 0),
    /* EC */ R("in", in, 1, AL, DX, NONE, 0), R("in", in, 1, eAX, DX, NONE, 0),
    /* EE */ R("out", out, 1, DX, AL, NONE, 0), R("out", out, 1, DX, eAX, NONE, 0),
    /* F0 */ BAD /* LOCK */, R("int1", int, 1, NONE, NONE, NONE, 0), BAD, BAD /* REPNZ REPZ */,
    /* F4 */ R("hlt", hlt, 0, NONE, NONE, NONE, 0), R("cmc", flagop, 0, NONE, NONE, NONE, 0),
    /* F6 */ G(grp3_Eb, Eb, NONE, NONE, 0), G(grp3_Ev, Ev, NONE, NONE, 0),
    /* F8 */ R("clc", flagop, 1, NONE, NONE, NONE, 0), R("stc", flagop, 2, NONE, NONE, NONE, 0),
    /* FA */ R("cli", flagop, 3, NONE, NONE, NONE, 0), R("sti", flagop, 4, NONE, NONE, NONE, 0),
    /* FC */ R("cld", flagop, 5, NONE, NONE, NONE, 0), R("std", flagop, 6, NONE, NONE, NONE, 0),
    /* FE */ G(grp4, Eb, NONE, NONE, 0), G(grp5, Ev, NONE, NONE, 0),
};

static const X86OpEntry x86_op_table2[256] = {
    /* 0F 00 */ G(grp6, Ew, NONE, NONE, 0), G(grp7, M, NONE, NONE, 0),
    /* 0F 02 */ R("lar", lar_lsl, 0, Gv, Ew, NONE, 0), R("lsl", lar_lsl, 1, Gv, Ew, NONE, 0),
    /* 0F 04 */ BAD, BAD, R("clts", clts, 0, NONE, NONE, NONE, 0), BAD,
    /* 0F 08 */ R("invd", invd, 0, NONE, NONE, NONE, 0), R("wbinvd", invd, 1, NONE, NONE, NONE, 0),
    /* 0F 0A */ BAD, R("ud2", ud, 0, NONE, NONE, NONE, 0), BAD, BAD, BAD, BAD,
    /* 0F 10 */ BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
    /* 0F 18 */ R("nop", nop, 1, Ev, NONE, NONE, 0), R("nop", nop, 1, Ev, NONE, NONE, 0),
    /* 0F 1A */ R("nop", nop, 1, Ev, NONE, NONE, 0), R("nop", nop, 1, Ev, NONE, NONE, 0),
    /* 0F 1C */ R("nop", nop, 1, Ev, NONE, NONE, 0), R("nop", nop, 1, Ev, NONE, NONE, 0),
    /* 0F 1E */ R("nop", nop, 1, Ev, NONE, NONE, 0), R("nop", nop, 1, Ev, NONE, NONE, 0),
    /* 0F 20 */ R("mov", mov_cr, 0, Rd, Cd, NONE, 0), R("mov", mov_dr, 0, Rd, Dd, NONE, 0),
    /* 0F 22 */ R("mov", mov_cr, 1, Cd, Rd, NONE, 0), R("mov", mov_dr, 1, Dd, Rd, NONE, 0),
    /* 0F 24 */ BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
    /* 0F 30 */ R("wrmsr", wrmsr, 0, NONE, NONE, NONE, 0), R("rdtsc", rdtsc, 0, NONE, NONE, NONE, 0),
    /* 0F 32 */ R("rdmsr", rdmsr, 0, NONE, NONE, NONE, 0), BAD,
    /* 0F 34 */ R("sysenter", sysenter, 0, NONE, NONE, NONE, 0),
    /* 0F 35 */ R("sysexit", sysexit, 0, NONE, NONE, NONE, 0), BAD, BAD,
    /* 0F 38 */ BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
    /* 0F 40 */ CC16("cmov", cmovcc, Gv, Ev, 0),
    /* 0F 50 */ BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
    /* 0F 60 */ BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
    /* 0F 70 */ BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
    /* 0F 80 */ CC16("j", jcc, Jz, NONE, 0),
    /* 0F 90 */ CC16("set", setcc, Eb, NONE, 0),
    /* 0F A0 */ R("push", push_seg, R_FS, FS, NONE, NONE, 0), R("pop", pop_seg, R_FS, FS, NONE, NONE, 0),
    /* 0F A2 */ R("cpuid", cpuid, 0, NONE, NONE, NONE, 0), R("bt", bt, 0, Ev, Gv, NONE, 0),
    /* 0F A4 */ R("shld", shiftd, 0, Ev, Gv, Ib, 0), R("shld", shiftd, 0, Ev, Gv, CL, 0),
    /* 0F A6 */ BAD, BAD,
    /* 0F A8 */ R("push", push_seg, R_GS, GS, NONE, NONE, 0), R("pop", pop_seg, R_GS, GS, NONE, NONE, 0),
    /* 0F AA */ BAD, R("bts", bt, 1, Ev, Gv, NONE, X86F_LOCK),
    /* 0F AC */ R("shrd", shiftd, 1, Ev, Gv, Ib, 0), R("shrd", shiftd, 1, Ev, Gv, CL, 0),
    /* 0F AE */ BAD, R("imul", imul2, 0, Gv, Ev, NONE, 0),
    /* 0F B0 */ R("cmpxchg", cmpxchg, 0, Eb, Gb, NONE, X86F_LOCK),
    /* 0F B1 */ R("cmpxchg", cmpxchg, 0, Ev, Gv, NONE, X86F_LOCK),
    /* 0F B2 */ R("lss", lxs, R_SS, Gv, M, NONE, 0), R("btr", bt, 2, Ev, Gv, NONE, X86F_LOCK),
    /* 0F B4 */ R("lfs", lxs, R_FS, Gv, M, NONE, 0), R("lgs", lxs, R_GS, Gv, M, NONE, 0),
    /* 0F B6 */ R("movzx", movx, 0, Gv, Eb, NONE, 0), R("movzx", movx, 0, Gv, Ew, NONE, 0),
    /* 0F B8 */ BAD, BAD, G(grp8, Ev, Ib, NONE, 0), R("btc", bt, 3, Ev, Gv, NONE, X86F_LOCK),
    /* 0F BC */ R("bsf", bsf, 0, Gv, Ev, NONE, 0), R("bsr", bsf, 1, Gv, Ev, NONE, 0),
    /* 0F BE */ R("movsx", movx, 1, Gv, Eb, NONE, 0), R("movsx", movx, 1, Gv, Ew, NONE, 0),
    /* 0F C0 */ R("xadd", xadd, 0, Eb, Gb, NONE, X86F_LOCK), R("xadd", xadd, 0, Ev, Gv, NONE, X86F_LOCK),
    /* 0F C2 */ BAD, BAD, BAD, BAD, BAD, G(grp9, M, NONE, NONE, 0),
    /* 0F C8 */ REG8("bswap", bswap, 0, Zv, NONE),
};
// clang-format on

static bool opnd_is_byte(uint8_t k)
{
    switch (k) {
    case OP_Eb: case OP_Gb: case OP_AL: case OP_Zb: case OP_Xb: case OP_Yb: case OP_Ob:
        return true;
    default:
        return false;
    }
}

static bool opnd_has_modrm(uint8_t k)
{
    switch (k) {
    case OP_Eb: case OP_Ew: case OP_Ev: case OP_Ed: case OP_Gb: case OP_Gw: case OP_Gv:
    case OP_Gd: case OP_M: case OP_Sw: case OP_Cd: case OP_Dd: case OP_Rd:
        return true;
    default:
        return false;
    }
}

typedef struct Fetcher {
    X86Insn *in;
    X86FetchFn fetch;
    void *opaque;
} Fetcher;

static uint8_t fetch8(Fetcher *f)
{
    X86Insn *in = f->in;
    uint8_t b = f->fetch(f->opaque, in->pc + in->len);
    if (in->len < 15) {
        in->bytes[in->len] = b;
    } else {
        in->too_long = true;
    }
    in->len++;
    return b;
}

static uint32_t fetchn(Fetcher *f, int n)
{
    uint32_t v = 0;
    for (int i = 0; i < n; i++) {
        v |= (uint32_t)fetch8(f) << (8 * i);
    }
    return v;
}

static void decode_modrm16(Fetcher *f, X86Insn *in)
{
    // clang-format off
    static const int8_t base16[8] = {R_EBX, R_EBX, R_EBP, R_EBP, R_ESI, R_EDI, R_EBP, R_EBX};
    static const int8_t index16[8] = {R_ESI, R_EDI, R_ESI, R_EDI, -1, -1, -1, -1};
    // clang-format on
    in->base = base16[in->rm];
    in->index = index16[in->rm];
    in->default_seg = (in->rm == 2 || in->rm == 3 || in->rm == 6) ? R_SS : R_DS;
    if (in->mod == 0 && in->rm == 6) {
        in->base = -1;
        in->default_seg = R_DS;
        in->disp = (uint32_t)(int32_t)(int16_t)fetchn(f, 2);
    } else if (in->mod == 1) {
        in->disp = (uint32_t)(int32_t)(int8_t)fetch8(f);
    } else if (in->mod == 2) {
        in->disp = (uint32_t)(int32_t)(int16_t)fetchn(f, 2);
    }
}

static void decode_modrm32(Fetcher *f, X86Insn *in)
{
    int base = in->rm;
    in->index = -1;
    if (base == 4) {
        uint8_t sib = fetch8(f);
        in->scale = sib >> 6;
        in->index = ((sib >> 3) & 7) == 4 ? -1 : (sib >> 3) & 7;
        base = sib & 7;
    }
    in->base = (int8_t)base;
    if (in->mod == 0 && base == 5) {
        in->base = -1;
        in->disp = fetchn(f, 4);
    } else if (in->mod == 1) {
        in->disp = (uint32_t)(int32_t)(int8_t)fetch8(f);
    } else if (in->mod == 2) {
        in->disp = fetchn(f, 4);
    }
    in->default_seg = (in->base == R_ESP || in->base == R_EBP) ? R_SS : R_DS;
}

static void decode_prefixes(Fetcher *f, X86Insn *in, uint8_t *b)
{
    for (;;) {
        *b = fetch8(f);
        switch (*b) {
        case 0xf3: in->prefix = (in->prefix & ~PREFIX_REPNZ) | PREFIX_REPZ; continue;
        case 0xf2: in->prefix = (in->prefix & ~PREFIX_REPZ) | PREFIX_REPNZ; continue;
        case 0xf0: in->prefix |= PREFIX_LOCK; continue;
        case 0x26: in->seg_override = R_ES; continue;
        case 0x2e: in->seg_override = R_CS; continue;
        case 0x36: in->seg_override = R_SS; continue;
        case 0x3e: in->seg_override = R_DS; continue;
        case 0x64: in->seg_override = R_FS; continue;
        case 0x65: in->seg_override = R_GS; continue;
        case 0x66: in->prefix |= PREFIX_DATA; continue;
        case 0x67: in->prefix |= PREFIX_ADR; continue;
        default: return;
        }
    }
}

static void decode_imm(Fetcher *f, X86Insn *in, uint8_t k, uint32_t *dst)
{
    int osz = in->ot == MO_8 ? 1 : in->ot == MO_16 ? 2 : 4;
    switch (k) {
    case OP_Ib:
        *dst = fetch8(f);
        break;
    case OP_Ibs:
    case OP_Jb:
        *dst = (uint32_t)(int32_t)(int8_t)fetch8(f);
        break;
    case OP_Iw:
        *dst = fetchn(f, 2);
        break;
    case OP_Iz:
    case OP_Jz:
        *dst = osz == 2 ? (k == OP_Jz ? (uint32_t)(int32_t)(int16_t)fetchn(f, 2) : fetchn(f, 2))
                        : fetchn(f, osz == 1 ? 1 : 4);
        break;
    case OP_Ob:
    case OP_Ov:
        in->disp = fetchn(f, in->aflag == MO_16 ? 2 : 4);
        break;
    case OP_Ap:
        *dst = fetchn(f, in->ot == MO_16 ? 2 : 4);
        in->imm2 = fetchn(f, 2);
        break;
    default:
        break;
    }
}

void x86_decode(X86Insn *in, uint32_t pc, bool code32, X86FetchFn fetch, void *opaque)
{
    Fetcher f = {in, fetch, opaque};
    uint8_t b;
    memset(in, 0, sizeof(*in));
    in->pc = pc;
    in->seg_override = -1;
    in->base = in->index = -1;
    decode_prefixes(&f, in, &b);
    const X86OpEntry *e;
    if (b == 0x0f) {
        b = fetch8(&f);
        in->opcode = 0x100 | b;
        e = &x86_op_table2[b];
    } else {
        in->opcode = b;
        e = &x86_op_table1[b];
    }
    bool d32 = code32 ^ ((in->prefix & PREFIX_DATA) != 0);
    bool a32 = code32 ^ ((in->prefix & PREFIX_ADR) != 0);
    in->aflag = a32 ? MO_32 : MO_16;
    bool modrm = (e->flags & X86F_GROUP) || opnd_has_modrm(e->opnd[0]) ||
                 opnd_has_modrm(e->opnd[1]) || opnd_has_modrm(e->opnd[2]);
    if (modrm) {
        uint8_t m = fetch8(&f);
        in->has_modrm = true;
        in->mod = m >> 6;
        in->reg = (m >> 3) & 7;
        in->rm = m & 7;
        if (e->flags & X86F_GROUP) {
            e = &e->group[in->reg];
        }
        if (in->mod != 3) {
            if (a32) {
                decode_modrm32(&f, in);
            } else {
                decode_modrm16(&f, in);
            }
        }
    }
    in->e = e;
    in->ot = (opnd_is_byte(e->opnd[0]) || (e->flags & X86F_BYTE)) ? MO_8 : d32 ? MO_32 : MO_16;
    if (e->gen == X86_GEN_movx || e->gen == X86_GEN_out || e->gen == X86_GEN_test) {
        in->ot = opnd_is_byte(e->opnd[0]) || opnd_is_byte(e->opnd[1]) ? MO_8 : d32 ? MO_32 : MO_16;
        if (e->gen == X86_GEN_movx) {
            in->ot = d32 ? MO_32 : MO_16;
        }
    }
    uint32_t *dst = &in->imm;
    for (int i = 0; i < 3; i++) {
        uint8_t k = e->opnd[i];
        if (k == OP_Ib || k == OP_Ibs || k == OP_Iw || k == OP_Iz || k == OP_Jb || k == OP_Jz ||
            k == OP_Ob || k == OP_Ov || k == OP_Ap) {
            if (k == OP_Iz && in->ot == MO_8) {
                k = OP_Ib;
            }
            decode_imm(&f, in, k, dst);
            if (k != OP_Ob && k != OP_Ov) {
                dst = &in->imm2;
            }
        }
    }
}

int x86_opnd_size(const X86Insn *in, int n)
{
    switch (in->e->opnd[n]) {
    case OP_Eb: case OP_Gb: case OP_AL: case OP_Zb: case OP_Xb: case OP_Yb: case OP_Ob:
    case OP_Ib: case OP_CL:
        return MO_8;
    case OP_Ew: case OP_Gw: case OP_Sw: case OP_Iw: case OP_DX:
        return MO_16;
    case OP_Ed: case OP_Gd: case OP_Cd: case OP_Dd: case OP_Rd:
        return MO_32;
    default:
        return in->ot;
    }
}

/* --- disassembly --- */

static const char *const reg_names[3][8] = {
    {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"},
    {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"},
    {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"},
};
static const char *const seg_names[6] = {"es", "cs", "ss", "ds", "fs", "gs"};

static int disas_mem(const X86Insn *in, char *buf, int len, int size)
{
    static const char *const ptr[4] = {"byte", "word", "dword", "qword"};
    int n = snprintf(buf, (size_t)len, "%s [", ptr[size & 3]);
    if (in->seg_override >= 0) {
        n += snprintf(buf + n, (size_t)(len - n), "%s:", seg_names[in->seg_override]);
    }
    int rs = in->aflag == MO_16 ? 1 : 2;
    bool any = false;
    if (in->base >= 0) {
        n += snprintf(buf + n, (size_t)(len - n), "%s", reg_names[rs][in->base]);
        any = true;
    }
    if (in->index >= 0) {
        n += snprintf(buf + n, (size_t)(len - n), "%s%s", any ? "+" : "", reg_names[rs][in->index]);
        if (in->scale) {
            n += snprintf(buf + n, (size_t)(len - n), "*%d", 1 << in->scale);
        }
        any = true;
    }
    if (in->disp || !any) {
        int32_t d = (int32_t)in->disp;
        if (any && d < 0) {
            n += snprintf(buf + n, (size_t)(len - n), "-0x%x", (unsigned)-d);
        } else {
            n += snprintf(buf + n, (size_t)(len - n), "%s0x%x", any ? "+" : "", in->disp);
        }
    }
    return n + snprintf(buf + n, (size_t)(len - n), "]");
}

static int disas_opnd(const X86Insn *in, int i, char *buf, int len, uint32_t *imm)
{
    uint8_t k = in->e->opnd[i];
    int size = x86_opnd_size(in, i);
    uint32_t next = in->pc + in->len;
    switch (k) {
    case OP_Eb: case OP_Ew: case OP_Ev: case OP_Ed: case OP_M:
        if (in->mod == 3) {
            return snprintf(buf, (size_t)len, "%s", reg_names[size][in->rm]);
        }
        return disas_mem(in, buf, len, size);
    case OP_Rd:
        return snprintf(buf, (size_t)len, "%s", reg_names[2][in->rm]);
    case OP_Gb: case OP_Gw: case OP_Gv: case OP_Gd:
        return snprintf(buf, (size_t)len, "%s", reg_names[size][in->reg]);
    case OP_Zb: case OP_Zv:
        return snprintf(buf, (size_t)len, "%s", reg_names[size][in->opcode & 7]);
    case OP_AL: case OP_eAX:
        return snprintf(buf, (size_t)len, "%s", reg_names[size][0]);
    case OP_CL:
        return snprintf(buf, (size_t)len, "cl");
    case OP_DX:
        return snprintf(buf, (size_t)len, "dx");
    case OP_ONE:
        return snprintf(buf, (size_t)len, "1");
    case OP_Sw:
        return snprintf(buf, (size_t)len, "%s", in->reg < 6 ? seg_names[in->reg] : "?");
    case OP_Cd:
        return snprintf(buf, (size_t)len, "cr%d", in->reg);
    case OP_Dd:
        return snprintf(buf, (size_t)len, "dr%d", in->reg);
    case OP_ES: case OP_CS: case OP_SS: case OP_DS: case OP_FS: case OP_GS:
        return snprintf(buf, (size_t)len, "%s", seg_names[k - OP_ES]);
    case OP_Ib: case OP_Ibs: case OP_Iw: case OP_Iz:
        return snprintf(buf, (size_t)len, "0x%x", *imm++ == in->imm ? in->imm : in->imm2);
    case OP_Jb: case OP_Jz:
        return snprintf(buf, (size_t)len, "0x%x", next + in->imm);
    case OP_Ob: case OP_Ov:
        return disas_mem(in, buf, len, size);
    case OP_Ap:
        return snprintf(buf, (size_t)len, "0x%x:0x%x", in->imm2, in->imm);
    case OP_Xb: case OP_Xv:
        return snprintf(buf, (size_t)len, "[%s]", in->aflag == MO_16 ? "si" : "esi");
    case OP_Yb: case OP_Yv:
        return snprintf(buf, (size_t)len, "es:[%s]", in->aflag == MO_16 ? "di" : "edi");
    default:
        return 0;
    }
}

void x86_disas(const X86Insn *in, char *buf, int len)
{
    const X86OpEntry *e = in->e;
    int n = 0;
    if (in->prefix & PREFIX_LOCK) {
        n += snprintf(buf + n, (size_t)(len - n), "lock ");
    }
    if (in->prefix & (PREFIX_REPZ | PREFIX_REPNZ) && e->gen == X86_GEN_string) {
        n += snprintf(buf + n, (size_t)(len - n), (in->prefix & PREFIX_REPZ) ? "rep " : "repne ");
    }
    n += snprintf(buf + n, (size_t)(len - n), "%s", e->mnem ? e->mnem : "(bad)");
    bool imm_first = true;
    for (int i = 0; i < 3 && e->opnd[i] != OP_NONE && n < len - 1; i++) {
        uint32_t which = 0;
        uint8_t k = e->opnd[i];
        if (k == OP_Ib || k == OP_Ibs || k == OP_Iw || k == OP_Iz) {
            which = imm_first ? in->imm : in->imm2;
            imm_first = false;
        }
        n += snprintf(buf + n, (size_t)(len - n), i ? ", " : " ");
        if (which || k == OP_Ib || k == OP_Ibs || k == OP_Iw || k == OP_Iz) {
            n += snprintf(buf + n, (size_t)(len - n), "0x%x", which);
        } else {
            n += disas_opnd(in, i, buf + n, len - n, &which);
        }
    }
}
