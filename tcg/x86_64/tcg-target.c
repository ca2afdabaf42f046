/*
 * tcg-target.c - the x86-64 host back end: IR -> machine code.
 *
 * Model: RBP holds env and R15 the instruction budget for the whole TB.
 * Per TB, jit_plan_registers (regplan.c) shares ten host registers
 * between the globals the TB references (guest registers and the
 * lazy-flag words, cached within a basic block and written back at
 * branches, exits, helper calls and in softmmu slow paths) and IR temps
 * (a linear scan over their live intervals; the rest keep a 4-byte slot
 * of CPUX86State, frame.c). An op takes its inputs in EAX/ECX/EDX and
 * hands its result on in EAX, or computes straight in its result's
 * register; immediates go in place, and the softmmu hit path is inline
 * (about ten instructions, slow paths out of line after the TB):
 *
 *     mov  ecx, eax ; shr ecx, 7 ; and ecx, 0x1fe0     TLB entry offset
 *     mov  edx, eax ; and edx, PAGE_MASK|(size-1)      page + alignment
 *     cmp  edx, [rbp+rcx+tlb+cmp] ; jne slow
 *     mov  rdx, [rbp+rcx+tlb+addend] ; mov eax, [rdx+rax]
 *
 * Misses call helper_ld_mmu/helper_st_mmu with the host return address,
 * from which cpu_restore_state finds the guest instruction.
 *
 * The prologue (at the start of the code buffer) saves callee-saved
 * registers, loads RBP and jumps to the TB; exit_tb returns through the
 * epilogue with the TB|slot value in RAX. goto_tb is a 4-byte aligned
 * jmp rel32, patched atomically by tb_add_jump.
 */
#include <cpuid.h>
#include <stddef.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/translate.h" /* x86_tb_flags: the jump cache key */
#include "softmmu/tlb.h"
#include "tcg/backend.h"
#include "tcg/codebuf.h"
#include "tcg/exec.h"
#include "tcg/frame.h"
#include "tcg/tb-internal.h" /* tb_jmp_cache_hash */
#include "tcg/x86_64/disas.h"
#include "tcg/x86_64/jit.h"

/* env fields followed as known constants (JitGen.kv) */
static const uint32_t known_off[JIT_NKNOWN] = {offsetof(CPUX86State, eip),
                                               offsetof(CPUX86State, cc_op)};


/* --- raw emission --- */

static void o8(JitGen *g, uint8_t v)
{
    codebuf_put8(&g->cb, v);
}

static void o32(JitGen *g, uint32_t v)
{
    codebuf_put32(&g->cb, v);
}

static void o64(JitGen *g, uint64_t v)
{
    codebuf_put64(&g->cb, v);
}

static void rex(JitGen *g, bool w, int reg, int index, int base)
{
    uint8_t r = (uint8_t)(0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0) | ((index & 8) ? 2 : 0) |
                          ((base & 8) ? 1 : 0));
    if (r != 0x40) {
        o8(g, r);
    }
}

/* ModRM for [rbp + disp] */
static void modrm_env(JitGen *g, int reg, uint32_t disp)
{
    if (disp < 128) {
        o8(g, (uint8_t)(0x45 | ((reg & 7) << 3)));
        o8(g, (uint8_t)disp);
    } else {
        o8(g, (uint8_t)(0x85 | ((reg & 7) << 3)));
        o32(g, disp);
    }
}

/* opcode (1 or 2 bytes) reg, [rbp+disp] */
static void op_env_raw(JitGen *g, bool w, uint16_t opc, int reg, uint32_t disp)
{
    rex(g, w, reg, 0, 0);
    if (opc > 0xff) {
        o8(g, (uint8_t)(opc >> 8));
    }
    o8(g, (uint8_t)opc);
    modrm_env(g, reg, disp);
}

/* opcode reg, rm (register direct) */
static void op_rr(JitGen *g, bool w, uint16_t opc, int reg, int rm)
{
    bool byte_rm = opc == 0x0fb6 || opc == 0x0fbe;
    if (byte_rm && !w && (rm == RSI || rm == RDI)) {
        o8(g, 0x40); /* SIL/DIL rather than DH/BH */
    }
    rex(g, w, reg, 0, rm);
    if (opc > 0xff) {
        o8(g, (uint8_t)(opc >> 8));
    }
    o8(g, (uint8_t)opc);
    o8(g, (uint8_t)(0xc0 | ((reg & 7) << 3) | (rm & 7)));
}

/* --- the global register cache --- */

static void greg_load(JitGen *g, int i)
{
    if (!g->valid[i]) {
        op_env_raw(g, false, 0x8b, g->ghreg[i], (uint32_t)(4 * i));
        g->valid[i] = true;
    }
}

static void greg_store(JitGen *g, int i)
{
    op_env_raw(g, false, 0x89, g->ghreg[i], (uint32_t)(4 * i));
}

/* Load / write back the cached globals in mask (bit i: dword i). */
static void greg_load_mask(JitGen *g, uint16_t mask)
{
    for (int i = 0; i < JIT_NCACHE; i++) {
        if (mask & (1u << i)) {
            greg_load(g, i);
        }
    }
}

static void greg_store_mask(JitGen *g, uint16_t mask)
{
    for (int i = 0; i < JIT_NCACHE; i++) {
        if (mask & (1u << i)) {
            greg_store(g, i);
        }
    }
}

/* Write every dirty cached global back (compile-time state cleared). */
static void greg_spill_all(JitGen *g)
{
    for (int i = 0; i < JIT_NCACHE; i++) {
        if (g->dirty[i]) {
            greg_store(g, i);
            g->dirty[i] = false;
        }
    }
}

static uint16_t greg_valid_mask(const JitGen *g)
{
    uint16_t m = 0;
    for (int i = 0; i < JIT_NCACHE; i++) {
        m |= g->valid[i] ? (uint16_t)(1u << i) : 0;
    }
    return m;
}

/* dst = what is known on both ways (all of src if dst had none yet) */
static void known_merge(KnownVal *dst, const KnownVal *src, bool dst_set)
{
    for (int j = 0; j < JIT_NKNOWN; j++) {
        if (!dst_set) {
            dst[j] = src[j];
        } else if (!src[j].known || !dst[j].known || src[j].val != dst[j].val) {
            dst[j].known = false;
        }
    }
}

static void known_forget(JitGen *g)
{
    for (int j = 0; j < JIT_NKNOWN; j++) {
        g->kv[j].known = false;
    }
}

/* op writes env: which tracked fields does it change? Returns true when
 * the op is a store of the value a tracked field already holds. */
static bool known_update(JitGen *g, const TCGOp *op)
{
    const IROpDef *def = &ir_op_defs[op->opc];
    if (op->opc == INDEX_op_call) {
        if (!(op->args[6] & TCG_CALL_NO_WRITE_GLOBALS)) {
            known_forget(g);
        }
        return false;
    }
    if (op->opc == INDEX_op_st_env) {
        for (int j = 0; j < JIT_NKNOWN; j++) {
            if (op->args[1] + 4 > known_off[j] && op->args[1] < known_off[j] + 4) {
                g->kv[j].known = false;
            }
        }
        return false;
    }
    for (int k = 0; k < def->nb_oargs; k++) {
        const TCGTemp *ts = &g->s->temps[op->args[k]];
        if (op->args[k] == 0 || ts->kind != TEMP_GLOBAL) {
            continue;
        }
        for (int j = 0; j < JIT_NKNOWN; j++) {
            if (ts->mem_offset != known_off[j]) {
                continue;
            }
            if (op->opc != INDEX_op_movi) {
                g->kv[j].known = false;
                continue;
            }
            if (g->kv[j].known && g->kv[j].val == (uint32_t)op->args[1]) {
                return true;
            }
            g->kv[j].known = true;
            g->kv[j].val = (uint32_t)op->args[1];
        }
    }
    return false;
}

static uint16_t greg_dirty_mask(const JitGen *g)
{
    uint16_t m = 0;
    for (int i = 0; i < JIT_NCACHE; i++) {
        m |= g->dirty[i] ? (uint16_t)(1u << i) : 0;
    }
    return m;
}

/* A branch to label l leaves from here. Unless l has this one way in,
 * the cached globals are written back first. */
static void label_note_branch(JitGen *g, uintptr_t l)
{
    if (!g->label_single[l]) {
        greg_spill_all(g); /* movs keep the flags */
    }
    uint16_t m = greg_valid_mask(g);
    g->label_valid[l] = g->label_reached[l] ? (uint16_t)(g->label_valid[l] & m) : m;
    g->label_dirty[l] = greg_dirty_mask(g);
    known_merge(g->label_kv[l], g->kv, g->label_reached[l]);
    g->label_reached[l] = true;
}

/* Forget cached values (all, or those in registers a call clobbers). */
static void greg_invalidate(JitGen *g, bool caller_saved_only)
{
    for (int i = 0; i < JIT_NCACHE; i++) {
        if (g->ghreg[i] >= 0 && (!caller_saved_only || !host_callee_saved(g->ghreg[i]))) {
            g->valid[i] = g->dirty[i] = false;
        }
    }
}

static int pseudo_reg(uint32_t disp)
{
    return disp >= JIT_REG_OFF_BASE && disp != FRAME_ARG_CONST
               ? (int)((disp - JIT_REG_OFF_BASE) / 4)
               : -1;
}

/* The host register that holds env+disp's dword or the register temp
 * (loaded or not yet), or -1 when it lives in memory. */
static int reg_home(const JitGen *g, uint32_t disp)
{
    if (pseudo_reg(disp) >= 0) {
        return pseudo_reg(disp);
    }
    return disp < 4 * JIT_NCACHE && (disp & 3) == 0 ? g->ghreg[disp / 4] : -1;
}

/* An access to env+disp (or a register temp): the host register to use
 * instead of memory, or -1 after making memory current for a partial or
 * unaligned access. */
static int greg_prepare(JitGen *g, uint32_t disp, int acc)
{
    if (pseudo_reg(disp) >= 0) {
        return pseudo_reg(disp);
    }
    if (disp == ICOUNT_OFF) {
        return ICOUNT_REG; /* only ever accessed as a whole dword */
    }
    if (disp >= 4 * JIT_NCACHE || g->ghreg[disp / 4] < 0) {
        return -1;
    }
    int i = (int)(disp / 4);
    bool aligned = (disp & 3) == 0;
    if (aligned && (acc == ACC_READ || acc == ACC_RMW)) {
        greg_load(g, i);
        if (acc == ACC_RMW) {
            g->dirty[i] = true;
        }
        return g->ghreg[i];
    }
    if (aligned && acc == ACC_WRITE) {
        g->valid[i] = g->dirty[i] = true;
        return g->ghreg[i];
    }
    if (g->dirty[i]) {
        greg_store(g, i);
        g->dirty[i] = false;
    }
    if (acc != ACC_PARTIAL_READ) {
        g->valid[i] = false;
    }
    return -1;
}

/* opcode reg, env operand at disp, through the register cache */
static void op_env(JitGen *g, bool w, uint16_t opc, int reg, uint32_t disp, int acc)
{
    bool ext = opc == 0x0fb6 || opc == 0x0fb7 || opc == 0x0fbe || opc == 0x0fbf;
    if (acc == ACC_PARTIAL_READ && ext && disp < 4 * JIT_NCACHE && (disp & 3) == 0 &&
        g->ghreg[disp / 4] >= 0) {
        /* movzx/movsx from the low byte/word of a cached register */
        greg_load(g, (int)(disp / 4));
        op_rr(g, w, opc, reg, g->ghreg[disp / 4]);
        return;
    }
    int hreg = greg_prepare(g, disp, acc);
    if (hreg >= 0) {
        op_rr(g, w, opc, reg, hreg);
    } else {
        op_env_raw(g, w, opc, reg, disp);
    }
}

static void mov_ri(JitGen *g, int reg, uint32_t imm)
{
    rex(g, false, 0, 0, reg);
    o8(g, (uint8_t)(0xb8 + (reg & 7)));
    o32(g, imm);
}

static void mov_ri64(JitGen *g, int reg, uint64_t imm)
{
    rex(g, true, 0, 0, reg);
    o8(g, (uint8_t)(0xb8 + (reg & 7)));
    o64(g, imm);
}

static void ld32(JitGen *g, int reg, uint16_t off)
{
    op_env(g, false, 0x8b, reg, off, ACC_READ);
}

static void st32(JitGen *g, int reg, uint16_t off)
{
    op_env(g, false, 0x89, reg, off, ACC_WRITE);
}

/* reg = input k of the current op */
static void load_arg(JitGen *g, const TCGOp *op, const uint16_t *offs, int k, int reg)
{
    if (offs[k] == FRAME_ARG_CONST) {
        mov_ri(g, reg, g->s->temps[op->args[k]].val);
    } else if (reg == RAX && offs[k] == g->eax_slot) {
        return; /* already there */
    } else {
        ld32(g, reg, offs[k]);
    }
    if (reg == RAX) {
        g->eax_slot = -1;
    }
}

/* Emit a deferred store (before anything that could need the slot). */
static void flush_pending(JitGen *g)
{
    if (g->pending >= 0) {
        st32(g, RAX, (uint16_t)g->pending);
        g->pending = -1;
    }
}

/* The op's result is in EAX: store it now, later, or not at all. */
static void finish_rax(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    const TCGTemp *ts = &g->s->temps[op->args[0]];
    if (ts->kind != TEMP_GLOBAL && op->args[0] != 0 && (op->life & 1)) {
        g->eax_slot = -1; /* nobody reads it */
        return;
    }
    if (ts->kind == TEMP_GLOBAL || op->args[0] == 0) {
        st32(g, RAX, offs[0]);
    } else {
        g->pending = offs[0];
    }
    g->eax_slot = offs[0];
}

static bool arg_const(JitGen *g, const TCGOp *op, const uint16_t *offs, int k, uint32_t *v)
{
    if (offs[k] != FRAME_ARG_CONST) {
        return false;
    }
    *v = g->s->temps[op->args[k]].val;
    return true;
}

/* group-1 ALU: n = 0 add, 1 or, 4 and, 5 sub, 6 xor, 7 cmp; reg op= arg k */
static void alu_arg(JitGen *g, int n, int reg, const TCGOp *op, const uint16_t *offs, int k)
{
    uint32_t v;
    if (arg_const(g, op, offs, k, &v)) {
        rex(g, false, 0, 0, reg);
        o8(g, 0x81);
        o8(g, (uint8_t)(0xc0 | (n << 3) | (reg & 7)));
        o32(g, v);
    } else {
        op_env(g, false, (uint16_t)(n * 8 + 3), reg, offs[k], ACC_READ);
    }
}

static void jmp_abs(JitGen *g, uint8_t opc1, uint16_t opc2, const uint8_t *target)
{
    if (opc2) {
        o8(g, 0x0f);
        o8(g, (uint8_t)opc2);
    } else {
        o8(g, opc1);
    }
    int32_t rel = (int32_t)(target - (g->cb.p + 4));
    o32(g, (uint32_t)rel);
}

static void call_abs(JitGen *g, const void *fn)
{
    mov_ri64(g, RAX, (uint64_t)(uintptr_t)fn);
    o8(g, 0xff);
    o8(g, 0xd0); /* call rax */
}

/* lea reg, [rip + ...]: the host address of code offset target_off
 * (-1: the end of this lea, an address inside the current instruction) */
static void lea_rip(JitGen *g, int reg, int64_t target_off)
{
    rex(g, true, reg, 0, 0);
    o8(g, 0x8d);
    o8(g, (uint8_t)(0x05 | ((reg & 7) << 3)));
    int64_t end = (int64_t)codebuf_size(&g->cb) + 4;
    o32(g, (uint32_t)(int32_t)(target_off < 0 ? 0 : target_off - end));
}

static void mov_rdi_rbp(JitGen *g)
{
    o8(g, 0x48);
    o8(g, 0x89);
    o8(g, 0xef);
}

static uint8_t x86_cc(TCGCond c)
{
    switch (c) {
    case TCG_COND_EQ: case TCG_COND_TSTEQ: return 0x4;
    case TCG_COND_NE: case TCG_COND_TSTNE: return 0x5;
    case TCG_COND_LT: return 0xc;
    case TCG_COND_GE: return 0xd;
    case TCG_COND_LE: return 0xe;
    case TCG_COND_GT: return 0xf;
    case TCG_COND_LTU: return 0x2;
    case TCG_COND_GEU: return 0x3;
    case TCG_COND_LEU: return 0x6;
    case TCG_COND_GTU: return 0x7;
    default: return 0x0;
    }
}

/* Set host flags for cond(reg, arg k). */
static void cmp_arg(JitGen *g, TCGCond c, int reg, const TCGOp *op, const uint16_t *offs, int k)
{
    uint32_t v;
    bool tst = c == TCG_COND_TSTEQ || c == TCG_COND_TSTNE;
    if (!tst && arg_const(g, op, offs, k, &v) && v == 0) {
        op_rr(g, false, 0x85, reg, reg); /* test reg, reg: the flags of cmp reg, 0 */
        return;
    }
    if (!tst) {
        alu_arg(g, 7, reg, op, offs, k);
        return;
    }
    if (arg_const(g, op, offs, k, &v)) {
        rex(g, false, 0, 0, reg);
        o8(g, 0xf7);
        o8(g, (uint8_t)(0xc0 | (reg & 7)));
        o32(g, v);
    } else {
        op_env(g, false, 0x85, reg, offs[k], ACC_READ);
    }
}

static void emit_reloc(JitGen *g, uintptr_t label)
{
    if (g->nrelocs >= (int)(sizeof(g->relocs) / sizeof(g->relocs[0]))) {
        g->too_big = true;
        return;
    }
    g->relocs[g->nrelocs].pos = (uint32_t)(g->cb.p - g->cb.start);
    g->relocs[g->nrelocs].label = (uint16_t)label;
    g->nrelocs++;
    o32(g, 0);
}

/* --- data ops --- */

/* lea dst, [base + disp] */
static void lea_disp(JitGen *g, int dst, int base, uint32_t disp)
{
    rex(g, false, dst, 0, base);
    o8(g, 0x8d);
    o8(g, (uint8_t)(0x80 | ((dst & 7) << 3) | (base & 7)));
    if ((base & 7) == RSP) {
        o8(g, 0x24); /* SIB: base only (RSP, R12) */
    }
    o32(g, disp);
}

/* r = input k of op (a constant, a register or memory), before the op
 * writes r: no mov when the input already is in r */
static void arg_to_reg(JitGen *g, int r, const TCGOp *op, const uint16_t *offs, int k)
{
    uint32_t v;
    if (arg_const(g, op, offs, k, &v)) {
        mov_ri(g, r, v);
    } else if (reg_home(g, offs[k]) < 0) {
        op_env_raw(g, false, 0x8b, r, offs[k]);
    } else {
        int rs = greg_prepare(g, offs[k], ACC_READ);
        if (rs != r) {
            op_rr(g, false, 0x89, rs, r);
        }
    }
}

/* the x86 group-1 ALU (81 /n) and group-2 shift (C1 /n) operation of an IR op */
static const int alu_n[] = {
    [INDEX_op_add] = 0, [INDEX_op_or] = 1, [INDEX_op_and] = 4,
    [INDEX_op_sub] = 5, [INDEX_op_xor] = 6,
};
static const int shift_n[] = {
    [INDEX_op_rotl] = 0, [INDEX_op_rotr] = 1, [INDEX_op_shl] = 4,
    [INDEX_op_shr] = 5, [INDEX_op_sar] = 7,
};

/*
 * A binary op whose result has a register (a register temp or a cached
 * global) is computed there: mov r, a; op r, b, or one LEA / three-operand
 * IMUL. Not when a is already in EAX (the EAX path is as short), when b
 * lives in the result's register, or for variable shifts (CL).
 */
static bool gen_binop_direct(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    const TCGTemp *ts = &g->s->temps[op->args[0]];
    uint32_t a = 0, b = 0;
    bool a_const = arg_const(g, op, offs, 1, &a), b_const = arg_const(g, op, offs, 2, &b);
    bool shift = op->opc == INDEX_op_shl || op->opc == INDEX_op_shr || op->opc == INDEX_op_sar ||
                 op->opc == INDEX_op_rotl || op->opc == INDEX_op_rotr;
    int r = reg_home(g, offs[0]);
    if (r < 0 || op->args[0] == 0 || (ts->kind != TEMP_GLOBAL && (op->life & 1)) ||
        offs[1] == g->eax_slot || (shift && !b_const) ||
        (!b_const && reg_home(g, offs[2]) == r)) {
        return false;
    }
    if (op->opc != INDEX_op_mul && !shift && op->opc > INDEX_op_xor) {
        return false; /* ctz/clz and the rest: the EAX path */
    }
    int ra = !a_const && reg_home(g, offs[1]) >= 0 ? greg_prepare(g, offs[1], ACC_READ) : -1;
    r = greg_prepare(g, offs[0], ACC_WRITE);
    if (g->eax_slot == offs[0]) {
        g->eax_slot = -1;
    }
    if (ra >= 0 && b_const && op->opc == INDEX_op_add) {
        lea_disp(g, r, ra, b); /* r = a + b */
        return true;
    }
    if (ra >= 0 && b_const && op->opc == INDEX_op_mul) {
        op_rr(g, false, 0x69, r, ra);
        o32(g, b); /* imul r, a, b */
        return true;
    }
    arg_to_reg(g, r, op, offs, 1);
    if (shift) {
        op_rr(g, false, 0xc1, shift_n[op->opc], r);
        o8(g, (uint8_t)(b & 31));
    } else if (op->opc == INDEX_op_mul && b_const) {
        op_rr(g, false, 0x69, r, r);
        o32(g, b); /* imul r, r, b */
    } else if (op->opc == INDEX_op_mul) {
        op_env(g, false, 0x0faf, r, offs[2], ACC_READ);
    } else {
        alu_arg(g, alu_n[op->opc], r, op, offs, 2);
    }
    return true;
}

static void gen_binop(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    uint32_t v;
    if (gen_binop_direct(g, op, offs)) {
        return;
    }
    load_arg(g, op, offs, 1, RAX);
    switch (op->opc) {
    case INDEX_op_mul:
        if (arg_const(g, op, offs, 2, &v)) {
            o8(g, 0x69);
            o8(g, 0xc0);
            o32(g, v);
        } else {
            op_env(g, false, 0x0faf, RAX, offs[2], ACC_READ);
        }
        break;
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
    case INDEX_op_rotl: case INDEX_op_rotr:
        if (arg_const(g, op, offs, 2, &v)) {
            o8(g, 0xc1);
            o8(g, (uint8_t)(0xc0 | (shift_n[op->opc] << 3)));
            o8(g, (uint8_t)(v & 31));
        } else {
            load_arg(g, op, offs, 2, RCX);
            o8(g, 0xd3);
            o8(g, (uint8_t)(0xc0 | (shift_n[op->opc] << 3)));
        }
        break;
    default:
        alu_arg(g, alu_n[op->opc], RAX, op, offs, 2);
        break;
    }
    finish_rax(g, op, offs);
}

/* Can op's result go straight to its register? Not when it has none, is
 * dead, or input k sits in EAX (the EAX path is as short then). */
static int direct_dest(JitGen *g, const TCGOp *op, const uint16_t *offs, int k)
{
    const TCGTemp *ts = &g->s->temps[op->args[0]];
    if (op->args[0] == 0 || (ts->kind != TEMP_GLOBAL && (op->life & 1)) ||
        offs[k] == g->eax_slot) {
        return -1;
    }
    return reg_home(g, offs[0]);
}

/* The result register is written: mark it so. */
static void direct_written(JitGen *g, const uint16_t *offs)
{
    greg_prepare(g, offs[0], ACC_WRITE);
    if (g->eax_slot == offs[0]) {
        g->eax_slot = -1;
    }
}

/* NOT, NEG and the extensions computed in the result's register */
static bool gen_unop_direct(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    static const uint16_t ext_opc[] = {
        [INDEX_op_ext8s] = 0x0fbe, [INDEX_op_ext8u] = 0x0fb6,
        [INDEX_op_ext16s] = 0x0fbf, [INDEX_op_ext16u] = 0x0fb7,
    };
    int r = direct_dest(g, op, offs, 1);
    if (r < 0 || offs[1] == FRAME_ARG_CONST) {
        return false;
    }
    if (op->opc == INDEX_op_neg || op->opc == INDEX_op_not) {
        arg_to_reg(g, r, op, offs, 1);
        op_rr(g, false, 0xf7, op->opc == INDEX_op_neg ? 3 : 2, r);
    } else {
        op_env(g, false, ext_opc[op->opc], r, offs[1], ACC_PARTIAL_READ);
    }
    direct_written(g, offs);
    return true;
}

static void gen_unop(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    static const uint16_t ext_opc[] = {
        [INDEX_op_ext8s] = 0x0fbe, [INDEX_op_ext8u] = 0x0fb6,
        [INDEX_op_ext16s] = 0x0fbf, [INDEX_op_ext16u] = 0x0fb7,
    };
    switch (op->opc) {
    case INDEX_op_mov: {
        uint32_t v;
        if (g->pending >= 0 && offs[1] == (uint16_t)g->pending) {
            if (op->life & 2) { /* last use: the copy takes over */
                g->pending = -1;
                finish_rax(g, op, offs);
            } else {            /* more uses follow: store the copy only */
                st32(g, RAX, offs[0]);
                g->eax_slot = g->pending;
            }
            return;
        }
        if (g->eax_slot == offs[0]) {
            g->eax_slot = -1;
        }
        if (arg_const(g, op, offs, 1, &v)) {
            op_env(g, false, 0xc7, 0, offs[0], ACC_WRITE);
            o32(g, v);
            return;
        }
        /* a copy with a register on either side is one mov (none when
         * jit_plan_registers put the temp in the global's register) */
        if (reg_home(g, offs[1]) >= 0) {
            int rs = greg_prepare(g, offs[1], ACC_READ);
            if (reg_home(g, offs[0]) == rs) {
                greg_prepare(g, offs[0], ACC_WRITE);
                return;
            }
            op_env(g, false, 0x89, rs, offs[0], ACC_WRITE);
            return;
        }
        if (reg_home(g, offs[0]) >= 0) {
            op_env_raw(g, false, 0x8b, greg_prepare(g, offs[0], ACC_WRITE), offs[1]);
            return;
        }
        load_arg(g, op, offs, 1, RAX);
        break;
    }
    case INDEX_op_neg:
    case INDEX_op_not:
        if (gen_unop_direct(g, op, offs)) {
            return;
        }
        load_arg(g, op, offs, 1, RAX);
        o8(g, 0xf7);
        o8(g, op->opc == INDEX_op_neg ? 0xd8 : 0xd0);
        break;
    case INDEX_op_bswap:
        load_arg(g, op, offs, 1, RAX);
        o8(g, 0x0f);
        o8(g, 0xc8);
        break;
    default: /* extensions straight from the slot */
        if (gen_unop_direct(g, op, offs)) {
            return;
        }
        if (offs[1] == FRAME_ARG_CONST || offs[1] == g->eax_slot) {
            load_arg(g, op, offs, 1, RAX);
            op_rr(g, false, ext_opc[op->opc], RAX, RAX);
        } else {
            op_env(g, false, ext_opc[op->opc], RAX, offs[1], ACC_PARTIAL_READ);
        }
        break;
    }
    finish_rax(g, op, offs);
}

/*
 * ctz/clz: out = in0 ? count : in1. TZCNT/LZCNT (BMI1/LZCNT, only when
 * the host has them: on an older CPU their encodings run as BSF/BSR) set
 * CF for a zero input; BSF/BSR set ZF and give the bit index, which for
 * clz is 31 - count, so the fallback value goes in pre-flipped.
 */
static void gen_count_zeros(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    bool clz = op->opc == INDEX_op_clz;
    bool native = (g->s->host_features & (clz ? TCG_HOST_LZCNT : TCG_HOST_BMI1)) != 0;
    load_arg(g, op, offs, 1, RAX);
    load_arg(g, op, offs, 2, RCX);
    if (native) {
        o8(g, 0xf3);
        op_rr(g, false, clz ? 0x0fbd : 0x0fbc, RAX, RAX); /* lzcnt/tzcnt eax, eax */
        op_rr(g, false, 0x0f42, RAX, RCX);                /* cmovc eax, ecx */
    } else if (!clz) {
        op_rr(g, false, 0x0fbc, RAX, RAX); /* bsf eax, eax */
        op_rr(g, false, 0x0f44, RAX, RCX); /* cmovz eax, ecx */
    } else {
        o8(g, 0x83);
        o8(g, 0xf1);
        o8(g, 31);                         /* xor ecx, 31 */
        op_rr(g, false, 0x0fbd, RAX, RAX); /* bsr eax, eax */
        op_rr(g, false, 0x0f44, RAX, RCX); /* cmovz eax, ecx */
        o8(g, 0x83);
        o8(g, 0xf0);
        o8(g, 31); /* xor eax, 31 */
    }
    finish_rax(g, op, offs);
}

/* deposit of the low byte or word (AL/AX writes) in the result's
 * register: mov r, a; mov r8/r16, b */
static bool gen_deposit_direct(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    uint32_t ofs = (uint32_t)op->args[3], len = (uint32_t)op->args[4];
    uint32_t b = 0;
    bool b_const = arg_const(g, op, offs, 2, &b);
    int r = direct_dest(g, op, offs, 1);
    /* b in EAX too is fine: its register is current (only a first input's
     * store is ever left to EAX, settle_pending) */
    if (r < 0 || ofs != 0 || (len != 8 && len != 16) ||
        (!b_const && reg_home(g, offs[2]) < 0) || (!b_const && reg_home(g, offs[2]) == r)) {
        return false;
    }
    arg_to_reg(g, r, op, offs, 1);
    int rb = b_const ? -1 : greg_prepare(g, offs[2], ACC_READ); /* may load: before the 66 */
    if (len == 16) {
        o8(g, 0x66);
    }
    if (b_const) { /* mov r8/r16, imm */
        if (len == 8 && (r == RSI || r == RDI)) {
            o8(g, 0x40);
        }
        op_rr(g, false, len == 8 ? 0xc6 : 0xc7, 0, r);
        if (len == 8) {
            o8(g, (uint8_t)b);
        } else {
            o8(g, (uint8_t)b);
            o8(g, (uint8_t)(b >> 8));
        }
    } else { /* mov r8/r16, rb8/rb16 */
        if (len == 8 && (r == RSI || r == RDI || rb == RSI || rb == RDI) && r < 8 && rb < 8) {
            o8(g, 0x40); /* SIL/DIL, not DH/BH */
        }
        op_rr(g, false, len == 8 ? 0x88 : 0x89, rb, r);
    }
    direct_written(g, offs);
    return true;
}

static void gen_deposit(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    uint32_t ofs = (uint32_t)op->args[3], len = (uint32_t)op->args[4];
    if (gen_deposit_direct(g, op, offs)) {
        return;
    }
    uint32_t mask = (len >= 32 ? 0xffffffffu : (1u << len) - 1) << ofs;
    load_arg(g, op, offs, 1, RAX);
    load_arg(g, op, offs, 2, RCX);
    if (ofs == 0 && len == 8) {
        o8(g, 0x88);
        o8(g, 0xc8); /* mov al, cl */
    } else if (ofs == 8 && len == 8) {
        o8(g, 0x88);
        o8(g, 0xcc); /* mov ah, cl */
    } else if (ofs == 0 && len == 16) {
        o8(g, 0x66);
        o8(g, 0x89);
        o8(g, 0xc8); /* mov ax, cx */
    } else {
        if (ofs) {
            o8(g, 0xc1);
            o8(g, 0xe1);
            o8(g, (uint8_t)ofs); /* shl ecx, ofs */
        }
        o8(g, 0x81);
        o8(g, 0xe1);
        o32(g, mask); /* and ecx, mask */
        o8(g, 0x25);
        o32(g, ~mask); /* and eax, ~mask */
        o8(g, 0x09);
        o8(g, 0xc8); /* or eax, ecx */
    }
    finish_rax(g, op, offs);
}

static void gen_extract(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    uint32_t ofs = (uint32_t)op->args[2], len = (uint32_t)op->args[3];
    if (ofs == 8 && len == 8 && offs[1] < JIT_REG_OFF_BASE && offs[1] != g->eax_slot) {
        op_env(g, false, 0x0fb6, RAX, offs[1] + 1u, ACC_PARTIAL_READ); /* byte [slot+1] */
    } else {
        load_arg(g, op, offs, 1, RAX);
        if (ofs) {
            o8(g, 0xc1);
            o8(g, 0xe8);
            o8(g, (uint8_t)ofs); /* shr eax, ofs */
        }
        if (len < 32) {
            o8(g, 0x25);
            o32(g, (1u << len) - 1);
        }
    }
    finish_rax(g, op, offs);
}

static void gen_setcond(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    TCGCond c = (TCGCond)op->args[3];
    load_arg(g, op, offs, 1, RAX);
    cmp_arg(g, c, RAX, op, offs, 2);
    o8(g, 0x0f);
    o8(g, (uint8_t)(0x90 + x86_cc(c)));
    o8(g, 0xc0); /* setcc al */
    op_rr(g, false, 0x0fb6, RAX, RAX);
    finish_rax(g, op, offs);
}

static void gen_movcond(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    TCGCond c = (TCGCond)op->args[5];
    load_arg(g, op, offs, 4, RAX); /* v2 */
    load_arg(g, op, offs, 3, RCX); /* v1 */
    load_arg(g, op, offs, 1, RDX); /* c1 */
    cmp_arg(g, c, RDX, op, offs, 2);
    op_rr(g, false, (uint16_t)(0x0f40 + x86_cc(c)), RAX, RCX); /* cmovcc eax, ecx */
    finish_rax(g, op, offs);
}

static void gen_mul2(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    int n = op->opc == INDEX_op_mulu2 ? 4 : 5;
    load_arg(g, op, offs, 2, RAX);
    if (offs[3] == FRAME_ARG_CONST) {
        load_arg(g, op, offs, 3, RCX);
        o8(g, 0xf7);
        o8(g, (uint8_t)(0xc1 | (n << 3))); /* mul/imul ecx */
    } else {
        op_env(g, false, 0xf7, n, offs[3], ACC_READ);
    }
    st32(g, RAX, offs[0]);
    st32(g, RDX, offs[1]);
    g->eax_slot = -1;
}

static void gen_ld_env(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    uint32_t off = (uint32_t)op->args[1];
    switch ((MemOp)op->args[2]) {
    case MO_8: op_env(g, false, 0x0fb6, RAX, off, ACC_PARTIAL_READ); break;
    case MO_SB: op_env(g, false, 0x0fbe, RAX, off, ACC_PARTIAL_READ); break;
    case MO_16: op_env(g, false, 0x0fb7, RAX, off, ACC_PARTIAL_READ); break;
    case MO_SW: op_env(g, false, 0x0fbf, RAX, off, ACC_PARTIAL_READ); break;
    default: ld32(g, RAX, (uint16_t)off); break;
    }
    finish_rax(g, op, offs);
}

static void gen_st_env(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    uint32_t off = (uint32_t)op->args[1];
    load_arg(g, op, offs, 0, RAX);
    switch ((MemOp)op->args[2] & MO_SIZE) {
    case MO_8: op_env(g, false, 0x88, RAX, off, ACC_PARTIAL_WRITE); break;
    case MO_16:
        greg_prepare(g, off, ACC_PARTIAL_WRITE);
        o8(g, 0x66);
        op_env_raw(g, false, 0x89, RAX, off);
        break;
    default: st32(g, RAX, (uint16_t)off); break;
    }
}

/* --- guest memory --- */

/* A temp in a caller-saved register that is live across the current op
 * (set before it, read after it): a call in a slow path would clobber it. */
static bool temp_live_across(const JitGen *g, int r)
{
    uint16_t t = g->owner[r];
    return t != 0 && !host_callee_saved(r) && g->first[t] < g->op_index &&
           g->last[t] > g->op_index && g->treg[t] == r;
}

static void icount_store(JitGen *g)
{
    op_env_raw(g, false, 0x89, ICOUNT_REG, ICOUNT_OFF);
}

static void icount_load(JitGen *g)
{
    op_env_raw(g, false, 0x8b, ICOUNT_REG, ICOUNT_OFF);
}

/* The register holding a guest access's address (input 1), loaded into
 * EAX only when it lives in memory. */
static int addr_reg(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    if (offs[1] != g->eax_slot && reg_home(g, offs[1]) >= 0) {
        return greg_prepare(g, offs[1], ACC_READ);
    }
    load_arg(g, op, offs, 1, RAX);
    return RAX;
}

/* opc reg, [rdx + idx]: the host address of a TLB hit (opc 1-2 bytes,
 * 0x66 first for 16-bit stores) */
static void op_host_mem(JitGen *g, uint16_t opc, bool word, int reg, int idx)
{
    if (word) {
        o8(g, 0x66);
    }
    rex(g, false, reg, idx, RDX);
    if (opc > 0xff) {
        o8(g, (uint8_t)(opc >> 8));
    }
    o8(g, (uint8_t)opc);
    o8(g, (uint8_t)(0x04 | ((reg & 7) << 3)));
    o8(g, (uint8_t)(((idx & 7) << 3) | RDX));
}

/* ECX = byte offset of the TLB entry of the address; EDX = address &
 * (page | align) */
static void tlb_index_and_key(JitGen *g, unsigned size, int areg)
{
    op_rr(g, false, 0x89, areg, RCX); /* mov ecx, addr */
    o8(g, 0xc1);
    o8(g, 0xe9);
    o8(g, TARGET_PAGE_BITS - 5); /* shr ecx, 7 */
    o8(g, 0x81);
    o8(g, 0xe1);
    o32(g, (TLB_SIZE - 1) << 5); /* and ecx, 0x1fe0 */
    op_rr(g, false, 0x89, areg, RDX); /* mov edx, addr */
    o8(g, 0x81);
    o8(g, 0xe2);
    o32(g, TARGET_PAGE_MASK | (size - 1)); /* and edx, mask */
}

/* op reg, [rbp + rcx + disp32] */
static void op_tlb(JitGen *g, bool w, uint8_t opc, int reg, uint32_t disp)
{
    rex(g, w, reg, 0, 0);
    o8(g, opc);
    o8(g, (uint8_t)(0x84 | ((reg & 7) << 3)));
    o8(g, 0x0d); /* SIB: rbp + rcx */
    o32(g, disp);
}

static uint32_t tlb_disp(int mmu_idx, size_t field)
{
    return (uint32_t)(offsetof(CPUX86State, tlb) +
                      (size_t)mmu_idx * TLB_SIZE * sizeof(CPUTLBEntry) + field);
}

/* jne rel32 placeholder; returns the field position */
static uint8_t *jcc_fwd(JitGen *g, uint8_t cc)
{
    o8(g, 0x0f);
    o8(g, (uint8_t)(0x80 + cc));
    uint8_t *f = g->cb.p;
    o32(g, 0);
    return f;
}

/* add qword [rbp + stats.tlb_hits], 1: only in TBs translated under -d stats */
static void count_tlb_hit(JitGen *g)
{
    if (g->s->count_tlb_hits) {
        op_env_raw(g, true, 0x83, 0, (uint32_t)offsetof(CPUX86State, stats.tlb_hits));
        o8(g, 1);
    }
}

static void patch_here(JitGen *g, uint8_t *field)
{
    if (g->cb.full) {
        return;
    }
    int32_t rel = (int32_t)(g->cb.p - (field + 4));
    memcpy(field, &rel, 4);
}

/*
 * The softmmu slow paths go out of line, after the TB's last instruction
 * (emit_slow_paths), so a TLB hit runs straight through: the fast path
 * only records what its slow path must do in the machine state of the
 * jne that leads there.
 */
static SlowPath *slow_path_new(JitGen *g, uint32_t oi, bool store)
{
    if (g->nslow == JIT_MAX_SLOW_PATHS) {
        g->too_big = true;
        return NULL;
    }
    SlowPath *sp = &g->slow[g->nslow++];
    sp->oi = oi;
    sp->store = store;
    sp->ra_off = (uint32_t)codebuf_size(&g->cb); /* the jne: inside this insn */
    sp->dirty = greg_dirty_mask(g);
    sp->reload = 0;
    for (int i = 0; i < JIT_NCACHE; i++) {
        if (g->valid[i] && !host_callee_saved(g->ghreg[i])) {
            sp->reload |= (uint16_t)(1u << i);
        }
    }
    sp->temps = 0;
    for (int r = 0; r < 16; r++) {
        sp->temps |= temp_live_across(g, r) ? (uint16_t)(1u << r) : 0;
    }
    sp->jne = jcc_fwd(g, 0x5);
    return sp;
}

static void gen_qemu_ld(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    uint32_t oi = (uint32_t)op->args[2];
    MemOp mop = get_memop(oi);
    unsigned size = 1u << (mop & MO_SIZE);
    int areg = addr_reg(g, op, offs);
    tlb_index_and_key(g, size, areg);
    op_tlb(g, false, 0x3b, RDX, tlb_disp(get_mmuidx(oi), offsetof(CPUTLBEntry, addr_read)));
    SlowPath *sp = slow_path_new(g, oi, false);
    if (sp) {
        sp->addr_reg = (int8_t)areg;
    }
    op_tlb(g, true, 0x8b, RDX, tlb_disp(get_mmuidx(oi), offsetof(CPUTLBEntry, addend)));
    static const uint16_t ld_opc[] = {
        [MO_UB] = 0x0fb6, [MO_UW] = 0x0fb7, [MO_UL] = 0x8b, [MO_SB] = 0x0fbe, [MO_SW] = 0x0fbf,
    };
    op_host_mem(g, ld_opc[mop], false, RAX, areg); /* mov/movzx/movsx eax, [rdx + addr] */
    count_tlb_hit(g);
    if (sp) {
        sp->resume_off = (uint32_t)codebuf_size(&g->cb);
    }
    finish_rax(g, op, offs);
}

static void gen_qemu_st(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    uint32_t oi = (uint32_t)op->args[2];
    unsigned size = 1u << (get_memop(oi) & MO_SIZE);
    if (offs[0] != FRAME_ARG_CONST) {
        greg_prepare(g, offs[0], ACC_READ); /* load a cached value on both paths */
    }
    int areg = addr_reg(g, op, offs);
    tlb_index_and_key(g, size, areg);
    op_tlb(g, false, 0x3b, RDX, tlb_disp(get_mmuidx(oi), offsetof(CPUTLBEntry, addr_write)));
    SlowPath *sp = slow_path_new(g, oi, true);
    if (sp) {
        sp->addr_reg = (int8_t)areg;
        uint32_t v;
        int r = reg_home(g, offs[0]);
        sp->data_reg = (int8_t)r;
        sp->data_const = arg_const(g, op, offs, 0, &v);
        sp->data = sp->data_const ? v : offs[0];
    }
    op_tlb(g, true, 0x8b, RDX, tlb_disp(get_mmuidx(oi), offsetof(CPUTLBEntry, addend)));
    load_arg(g, op, offs, 0, RCX);
    op_host_mem(g, size == 1 ? 0x88 : 0x89, size == 2, RCX, areg); /* mov [rdx + addr], cl/cx/ecx */
    count_tlb_hit(g);
    if (sp) {
        sp->resume_off = (uint32_t)codebuf_size(&g->cb);
    }
}

/*
 * One out-of-line slow path: write back what the helper may read (dirty
 * cached globals, the budget) and park live caller-saved temps, call
 * helper_ld_mmu/helper_st_mmu with the address of the fast path's jne as
 * the return address (cpu_restore_state maps it to the right guest
 * instruction), bring back what the call clobbered, and jump back.
 */
static void emit_slow_path(JitGen *g, const SlowPath *sp)
{
    MemOp mop = get_memop(sp->oi);
    patch_here(g, sp->jne);
    icount_store(g);
    greg_store_mask(g, sp->dirty);
    for (int r = 0; r < 16; r++) {
        if (sp->temps & (1u << r)) {
            op_env_raw(g, false, 0x89, r, JIT_SPILL_OFF(r));
        }
    }
    if (sp->store) { /* the data first: it may be in RSI or RDI */
        if (sp->data_const) {
            mov_ri(g, RDX, sp->data);
        } else if (sp->data_reg >= 0) {
            op_rr(g, false, 0x89, sp->data_reg, RDX);
        } else {
            op_env_raw(g, false, 0x8b, RDX, sp->data);
        }
    }
    if (sp->addr_reg != RSI) {
        op_rr(g, false, 0x89, sp->addr_reg, RSI); /* mov esi, addr */
    }
    mov_rdi_rbp(g);
    mov_ri(g, sp->store ? RCX : RDX, sp->oi);
    lea_rip(g, sp->store ? R8 : RCX, sp->ra_off); /* return address: the jne */
    call_abs(g, sp->store ? (const void *)helper_st_mmu : (const void *)helper_ld_mmu);
    icount_load(g);
    for (int i = 0; i < JIT_NCACHE; i++) {
        if (sp->reload & (1u << i)) {
            op_env_raw(g, false, 0x8b, g->ghreg[i], (uint32_t)(4 * i));
        }
    }
    for (int r = 0; r < 16; r++) {
        if (sp->temps & (1u << r)) {
            op_env_raw(g, false, 0x8b, r, JIT_SPILL_OFF(r));
        }
    }
    if (!sp->store && (mop == MO_SB || mop == MO_SW)) {
        op_rr(g, false, mop == MO_SB ? 0x0fbe : 0x0fbf, RAX, RAX);
    }
    jmp_abs(g, 0xe9, 0, g->cb.start + sp->resume_off);
}

static void gen_call(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    static const int arg_regs[4] = {RSI, RDX, RCX, R8};
    unsigned flags = (unsigned)op->args[6];
    /* Helpers see the globals in env, unless they never read them (and so
     * cannot fault either): then only the registers the call clobbers are
     * written back. */
    bool no_read = (flags & TCG_CALL_NO_READ_GLOBALS) != 0;
    for (int i = 0; i < JIT_NCACHE; i++) {
        if (g->dirty[i] && (!no_read || !host_callee_saved(g->ghreg[i]))) {
            greg_store(g, i);
            g->dirty[i] = false;
        }
    }
    /* A global or temp held in an argument register (RSI, RDI, R8) would
     * be overwritten by the argument moves: read it from memory. */
    uint32_t raw[4];
    bool from_env[4];
    for (int k = 0; k < 4; k++) {
        int r = reg_home(g, offs[1 + k]);
        from_env[k] = r == RSI || r == RDI || r == R8;
        raw[k] = offs[1 + k]; /* a global there is caller-saved: stored above */
        if (from_env[k] && pseudo_reg(raw[k]) >= 0) {
            op_env_raw(g, false, 0x89, r, JIT_SPILL_OFF(r)); /* a temp: park it */
            raw[k] = JIT_SPILL_OFF(r);
        }
    }
    for (int k = 0; k < 4; k++) {
        if (from_env[k]) {
            op_env_raw(g, false, 0x8b, arg_regs[k], raw[k]);
        } else {
            load_arg(g, op, offs, 1 + k, arg_regs[k]);
        }
    }
    mov_rdi_rbp(g);
    lea_rip(g, RAX, -1);
    op_env_raw(g, true, 0x89, RAX, (uint32_t)offsetof(CPUX86State, retaddr));
    if (!no_read) {
        icount_store(g);
    }
    call_abs(g, (const void *)op->args[5]);
    if (!(flags & TCG_CALL_NO_WRITE_GLOBALS)) {
        icount_load(g);
    }
    greg_invalidate(g, (flags & TCG_CALL_NO_WRITE_GLOBALS) != 0);
    finish_rax(g, op, offs);
}

/* --- control --- */

/* op r32, [rdx + disp32] */
static void op_rdx(JitGen *g, uint8_t opc, int reg, uint32_t disp)
{
    rex(g, false, reg, 0, 0);
    o8(g, opc);
    o8(g, (uint8_t)(0x82 | ((reg & 7) << 3)));
    o32(g, disp);
}

/*
 * lookup_goto inline: the jump cache probe of tb_lookup_for_goto without a
 * call. pc = eip + CS base; the TB must match pc, CS base, flags, have
 * cflags 0 and be valid; otherwise back to the loop with 0. Exit requests
 * are seen by the next TB's budget check; cflags_next_tb is only ever set
 * on the way out to the loop.
 */
static void gen_lookup_goto(JitGen *g)
{
    uint8_t *fail[6];
    int nf = 0;
    if (!g->s->chain_ok) {
        o8(g, 0x31);
        o8(g, 0xc0); /* xor eax, eax */
        jmp_abs(g, 0xe9, 0, g->epilogue);
        return;
    }
    uint32_t csb = (uint32_t)offsetof(CPUX86State, segs[R_CS].base);
    op_env_raw(g, false, 0x8b, RAX, (uint32_t)offsetof(CPUX86State, eip));
    op_env_raw(g, false, 0x03, RAX, csb); /* eax = pc */
    o8(g, 0x89);
    o8(g, 0xc1); /* mov ecx, eax */
    o8(g, 0xc1);
    o8(g, 0xe9);
    o8(g, TB_JMP_CACHE_BITS); /* shr ecx, 12 */
    o8(g, 0x31);
    o8(g, 0xc1); /* xor ecx, eax */
    op_env_raw(g, false, 0x69, RDX, (uint32_t)offsetof(CPUX86State, cc_op));
    o32(g, TB_JMP_CACHE_FLAGS_MUL); /* imul edx, [rbp+cc_op], mul */
    o8(g, 0x31);
    o8(g, 0xd1); /* xor ecx, edx: tb_jmp_cache_hash */
    o8(g, 0x81);
    o8(g, 0xe1);
    o32(g, TB_JMP_CACHE_SIZE - 1); /* and ecx, mask */
    o8(g, 0x48);
    o8(g, 0x8b);
    o8(g, 0x94);
    o8(g, 0xcd);
    o32(g, (uint32_t)offsetof(CPUX86State, tb_jmp_cache)); /* mov rdx, [rbp+rcx*8+jc] */
    o8(g, 0x48);
    o8(g, 0x85);
    o8(g, 0xd2); /* test rdx, rdx */
    fail[nf++] = jcc_fwd(g, 0x4);
    op_rdx(g, 0x3b, RAX, (uint32_t)offsetof(TranslationBlock, pc));
    fail[nf++] = jcc_fwd(g, 0x5);
    op_env_raw(g, false, 0x8b, RCX, (uint32_t)offsetof(CPUX86State, cc_op));
    o8(g, 0xc1);
    o8(g, 0xe1);
    o8(g, TB_FLAGS_CC_OP_SHIFT); /* shl ecx, 24 */
    op_env_raw(g, false, 0x0b, RCX, (uint32_t)offsetof(CPUX86State, hflags)); /* x86_tb_flags */
    op_rdx(g, 0x3b, RCX, (uint32_t)offsetof(TranslationBlock, flags));
    fail[nf++] = jcc_fwd(g, 0x5);
    op_env_raw(g, false, 0x8b, RCX, csb);
    op_rdx(g, 0x3b, RCX, (uint32_t)offsetof(TranslationBlock, cs_base));
    fail[nf++] = jcc_fwd(g, 0x5);
    o8(g, 0x83);
    o8(g, 0xba);
    o32(g, (uint32_t)offsetof(TranslationBlock, cflags));
    o8(g, 0); /* cmp dword [rdx+cflags], 0 */
    fail[nf++] = jcc_fwd(g, 0x5);
    o8(g, 0x80);
    o8(g, 0xba);
    o32(g, (uint32_t)offsetof(TranslationBlock, invalid));
    o8(g, 0); /* cmp byte [rdx+invalid], 0 */
    fail[nf++] = jcc_fwd(g, 0x5);
    o8(g, 0xff);
    o8(g, 0xa2);
    o32(g, (uint32_t)offsetof(TranslationBlock, tc_ptr)); /* jmp [rdx+tc_ptr] */
    for (int i = 0; i < nf; i++) {
        patch_here(g, fail[i]);
    }
    o8(g, 0x31);
    o8(g, 0xc0); /* xor eax, eax: back to the loop, no chaining */
    jmp_abs(g, 0xe9, 0, g->epilogue);
}

static void gen_control(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    switch (op->opc) {
    case INDEX_op_brcond: {
        TCGCond c = (TCGCond)op->args[2];
        int r = RAX;
        if (offs[0] != g->eax_slot && reg_home(g, offs[0]) >= 0) {
            r = greg_prepare(g, offs[0], ACC_READ); /* compare it in place */
        } else {
            load_arg(g, op, offs, 0, RAX);
        }
        cmp_arg(g, c, r, op, offs, 1);
        label_note_branch(g, op->args[3]);
        o8(g, 0x0f);
        o8(g, (uint8_t)(0x80 + x86_cc(c)));
        emit_reloc(g, op->args[3]);
        break;
    }
    case INDEX_op_br:
        label_note_branch(g, op->args[0]);
        o8(g, 0xe9);
        emit_reloc(g, op->args[0]);
        g->reachable = false;
        break;
    case INDEX_op_tb_start: {
        /* entry: load what the TB reads; a loop back to this TB enters
         * after the loads, at the budget check */
        greg_load_mask(g, g->eager);
        g->loop_entry = (uint16_t)codebuf_size(&g->cb);
        if (g->self_loop) { /* the loop comes back here with them changed */
            for (int i = 0; i < JIT_NCACHE; i++) {
                g->dirty[i] = g->valid[i];
            }
        }
        g->budget_n = (uint32_t)op->args[0];
        op_rr(g, false, 0x81, 5, ICOUNT_REG);
        o32(g, g->budget_n);             /* sub r15d, n */
        g->budget_exit = jcc_fwd(g, 0x8); /* js: the stub at the end of the TB */
        break;
    }
    case INDEX_op_goto_tb: {
        int n = (int)op->args[0];
        g->tb->jmp_self_offset[n] = 0;
        if (g->self_loop && jit_goto_tb_targets_self(g, g->op_index)) {
            /* Chained, this slot can only go back to the loop entry, past
             * the entry loads, with every cached global in its register
             * (written back on the exit path after the jump instead). */
            greg_load_mask(g, g->eager);
            g->tb->jmp_self_offset[n] = g->loop_entry;
        } else {
            greg_spill_all(g);
        }
        while (((uintptr_t)g->cb.p + 1) & 3) {
            o8(g, 0x90);
        }
        o8(g, 0xe9);
        g->tb->jmp_insn_offset[n] = (uint16_t)(g->cb.p - g->cb.start);
        g->tb->jmp_reset_offset[n] = g->tb->jmp_insn_offset[n];
        o32(g, 0); /* falls through to the exit_tb until chained */
        break;
    }
    case INDEX_op_exit_tb:
        greg_spill_all(g);
        mov_ri64(g, RAX, op->args[0]);
        jmp_abs(g, 0xe9, 0, g->epilogue);
        g->reachable = false;
        break;
    default: /* lookup_goto */
        greg_spill_all(g);
        gen_lookup_goto(g);
        g->reachable = false;
        break;
    }
}

/* --- the per-TB driver --- */

/* Which input the op loads into EAX first (-1: none / not first). */
static int rax_first_arg(const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_st_env:
    case INDEX_op_brcond:
        return 0;
    case INDEX_op_mulu2:
    case INDEX_op_muls2:
        return 2;
    case INDEX_op_qemu_st:
        return 1; /* the address goes to EAX first */
    case INDEX_op_movi: case INDEX_op_ld_env: case INDEX_op_call: case INDEX_op_movcond:
    case INDEX_op_tb_start: case INDEX_op_goto_tb:
    case INDEX_op_exit_tb: case INDEX_op_lookup_goto: case INDEX_op_br:
        return -1;
    default:
        return 1;
    }
}

/* lea dst, [base + index << scale + disp] (base -1: none) */
static void lea_sib(JitGen *g, int dst, int base, int index, int scale, uint32_t disp)
{
    rex(g, false, dst, index, base < 0 ? 0 : base);
    o8(g, 0x8d);
    o8(g, (uint8_t)((base < 0 ? 0x00 : 0x80) | ((dst & 7) << 3) | 4));
    o8(g, (uint8_t)((scale << 6) | ((index & 7) << 3) | (base < 0 ? 5 : (base & 7))));
    o32(g, disp);
}

/* shl t, x, 1..3 read only by the next op, an add: keep x in a register
 * and let the add emit both (fuse_add). */
static bool fuse_shl(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    uint32_t c;
    g->fuse.pending = false;
    if (!arg_const(g, op, offs, 2, &c) || c < 1 || c > 3 || offs[1] == FRAME_ARG_CONST ||
        g->op_index + 1 >= g->s->nb_ops) {
        return false;
    }
    const TCGOp *next = op + 1;
    uintptr_t t = op->args[0];
    int k = next->opc != INDEX_op_add ? 0 : next->args[1] == t ? 1 : next->args[2] == t ? 2 : 0;
    if (!k || g->s->temps[t].kind >= TEMP_GLOBAL || !(next->life & (1u << k)) ||
        next->args[1] == next->args[2]) {
        return false;
    }
    int x;
    if (offs[1] == g->eax_slot) {
        x = RAX;
    } else if (reg_home(g, offs[1]) >= 0) {
        x = greg_prepare(g, offs[1], ACC_READ);
    } else {
        op_env_raw(g, false, 0x8b, RDX, offs[1]);
        x = RDX;
    }
    g->fuse.pending = true;
    g->fuse.temp = t;
    g->fuse.index = x;
    g->fuse.scale = (int)c;
    return true;
}

static bool fuse_add(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    int k = op->args[1] == g->fuse.temp ? 2 : 1; /* the other input: base or displacement */
    uint32_t disp = 0;
    int base = -1;
    g->fuse.pending = false;
    if (!arg_const(g, op, offs, k, &disp)) {
        if (offs[k] == g->eax_slot) {
            base = RAX;
        } else if (reg_home(g, offs[k]) >= 0) {
            base = greg_prepare(g, offs[k], ACC_READ);
        } else {
            op_env_raw(g, false, 0x8b, RCX, offs[k]);
            base = RCX;
        }
    }
    int r = direct_dest(g, op, offs, k);
    if (r < 0) {
        lea_sib(g, RAX, base, g->fuse.index, g->fuse.scale, disp);
        finish_rax(g, op, offs);
    } else {
        lea_sib(g, r, base, g->fuse.index, g->fuse.scale, disp);
        direct_written(g, offs);
    }
    return true;
}

/* Drop the pending store if this op is its only, last reader (via EAX). */
static void settle_pending(JitGen *g, const TCGOp *op, const uint16_t *offs)
{
    const IROpDef *def = &ir_op_defs[op->opc];
    int k = rax_first_arg(op), uses = 0;
    if (g->pending < 0) {
        return;
    }
    if (op->opc == INDEX_op_mov && offs[1] == (uint16_t)g->pending) {
        return; /* a copy of the pending value: gen_unop keeps it in EAX */
    }
    for (int i = def->nb_oargs; i < def->nb_oargs + def->nb_iargs; i++) {
        uses += offs[i] == (uint16_t)g->pending;
    }
    if (k >= 0 && uses == 1 && offs[k] == (uint16_t)g->pending && (op->life & (1u << k))) {
        g->pending = -1; /* consumed from EAX, dead afterwards */
        return;
    }
    flush_pending(g);
}

static void emit_op(JitGen *g, TCGOp *op)
{
    const IROpDef *def = &ir_op_defs[op->opc];
    uint16_t offs[IR_MAX_ARGS];
    g->op_index = (int)(op - g->s->ops);
    frame_op_args(&g->frame, op, offs);
    if (known_update(g, op)) {
        frame_op_done(&g->frame, op);
        return; /* the field already holds this value */
    }
    for (int k = 0; k < def->nb_oargs + def->nb_iargs; k++) {
        uintptr_t t = op->args[k];
        if (t != 0 && g->s->temps[t].kind < TEMP_GLOBAL && g->treg[t] >= 0) {
            offs[k] = JIT_REG_OFF(g->treg[t]);
            if (g->first[t] == g->op_index) {
                g->owner[g->treg[t]] = (uint16_t)t;
            }
        }
    }
    settle_pending(g, op, offs);
    if ((op->opc == INDEX_op_shl && fuse_shl(g, op, offs)) ||
        (op->opc == INDEX_op_add && g->fuse.pending && fuse_add(g, op, offs))) {
        frame_op_done(&g->frame, op);
        return;
    }
    switch (op->opc) {
    case INDEX_op_movi:
        op_env(g, false, 0xc7, 0, offs[0], ACC_WRITE);
        o32(g, (uint32_t)op->args[1]);
        if (g->eax_slot == offs[0]) {
            g->eax_slot = -1;
        }
        break;
    case INDEX_op_mov: case INDEX_op_neg: case INDEX_op_not: case INDEX_op_bswap:
    case INDEX_op_ext8s: case INDEX_op_ext8u: case INDEX_op_ext16s: case INDEX_op_ext16u:
        gen_unop(g, op, offs);
        break;
    case INDEX_op_deposit:
        gen_deposit(g, op, offs);
        break;
    case INDEX_op_ctz:
    case INDEX_op_clz:
        gen_count_zeros(g, op, offs);
        break;
    case INDEX_op_extract:
        gen_extract(g, op, offs);
        break;
    case INDEX_op_setcond:
        gen_setcond(g, op, offs);
        break;
    case INDEX_op_movcond:
        gen_movcond(g, op, offs);
        break;
    case INDEX_op_mulu2: case INDEX_op_muls2:
        gen_mul2(g, op, offs);
        break;
    case INDEX_op_ld_env:
        gen_ld_env(g, op, offs);
        break;
    case INDEX_op_st_env:
        gen_st_env(g, op, offs);
        g->eax_slot = -1; /* may have written any env field */
        break;
    case INDEX_op_qemu_ld:
        gen_qemu_ld(g, op, offs);
        break;
    case INDEX_op_qemu_st:
        gen_qemu_st(g, op, offs);
        g->eax_slot = -1;
        break;
    case INDEX_op_call:
        gen_call(g, op, offs);
        break;
    case INDEX_op_brcond:
    case INDEX_op_br:
    case INDEX_op_tb_start:
    case INDEX_op_goto_tb:
    case INDEX_op_exit_tb:
    case INDEX_op_lookup_goto:
        gen_control(g, op, offs);
        g->eax_slot = -1;
        break;
    default:
        gen_binop(g, op, offs);
        break;
    }
    frame_op_done(&g->frame, op);
}

static void resolve_relocs(JitGen *g)
{
    for (int i = 0; i < g->nrelocs; i++) {
        uint8_t *field = g->cb.start + g->relocs[i].pos;
        int32_t rel = (int32_t)(g->label_off[g->relocs[i].label] - (g->relocs[i].pos + 4));
        memcpy(field, &rel, 4);
    }
}

static void jit_emit(void *gen, TCGOp *op)
{
    emit_op(gen, op);
}

/*
 * A label is a merge point: values go to memory, and a cached global stays
 * valid only if it is valid on every way in (the branches to the label,
 * all earlier since branches only go forward, and the fall-through).
 */
static void jit_at_label(void *gen, int label)
{
    JitGen *g = gen;
    uint16_t valid = g->label_reached[label] ? g->label_valid[label] : 0;
    if (g->reachable) {
        flush_pending(g);
        greg_spill_all(g);
        valid = g->label_reached[label] ? (uint16_t)(valid & greg_valid_mask(g))
                                        : greg_valid_mask(g);
    }
    uint16_t dirty = g->label_single[label] && !g->reachable ? g->label_dirty[label] : 0;
    if (g->reachable) {
        known_merge(g->label_kv[label], g->kv, g->label_reached[label]);
        memcpy(g->kv, g->label_kv[label], sizeof(g->kv));
    } else if (g->label_reached[label]) {
        memcpy(g->kv, g->label_kv[label], sizeof(g->kv));
    } else {
        known_forget(g);
    }
    g->pending = -1;
    for (int i = 0; i < JIT_NCACHE; i++) {
        g->valid[i] = (valid >> i) & 1;
        g->dirty[i] = (dirty >> i) & 1;
    }
    g->reachable = true;
    g->eax_slot = -1;
}

static int jit_gen_code(IRContext *s, TranslationBlock *tb, uint8_t *buf, uint8_t *buf_end,
                        uint32_t *insn_end, int max_insns, const uint8_t *epilogue)
{
    static const TCGEmitHooks hooks = {jit_emit, jit_at_label};
    JitGen gen;
    JitGen *g = &gen;
    g->s = s;
    g->tb = tb;
    codebuf_init(&g->cb, buf, buf_end);
    g->epilogue = epilogue;
    g->too_big = false;
    g->nrelocs = 0;
    g->eax_slot = g->pending = -1;
    frame_init(&g->frame, s, JIT_FRAME_OFFSET + 4, JIT_FRAME_SLOTS - 1 - JIT_SPILL_SLOTS,
               (uint16_t)JIT_SINK_OFFSET);
    jit_plan_registers(g);
    for (int i = 0; i < JIT_NCACHE; i++) {
        g->valid[i] = g->dirty[i] = false;
    }
    memset(g->label_reached, 0, sizeof(g->label_reached[0]) * (size_t)s->nb_labels);
    g->reachable = true;
    g->loop_entry = 0;
    /* at entry env->eip and env->cc_op are what the TB key says */
    g->kv[0] = (KnownVal){true, tb->pc - tb->cs_base};
    g->kv[1] = (KnownVal){(tb->flags >> TB_FLAGS_CC_OP_SHIFT) != 0, tb->flags >> TB_FLAGS_CC_OP_SHIFT};
    tb->jmp_insn_offset[0] = tb->jmp_insn_offset[1] = 0xffff;
    tb->jmp_self_offset[0] = tb->jmp_self_offset[1] = 0;
    g->budget_exit = NULL;
    g->nslow = 0;
    int r = tcg_emit_ops(s, &g->cb, insn_end, max_insns, JIT_MAX_TB_CODE, g->label_off, &hooks, g);
    for (int i = 0; r == 0 && i < g->nslow; i++) {
        emit_slow_path(g, &g->slow[i]);
    }
    if (r == 0 && g->budget_exit) {
        /* out of budget or exit requested: give the count back, this TB
         * does not run */
        patch_here(g, g->budget_exit);
        op_rr(g, false, 0x81, 0, ICOUNT_REG);
        o32(g, g->budget_n); /* add r15d, n */
        if (g->self_loop) {
            greg_store_mask(g, g->eager); /* the loop's registers are newer than env */
        }
        mov_ri64(g, RAX, (uintptr_t)g->tb | TB_EXIT_REQUESTED);
        jmp_abs(g, 0xe9, 0, g->epilogue);
        if (g->cb.full) {
            r = TCG_GEN_BUFFER_FULL;
        }
    }
    if (r == 0 && (g->too_big || g->frame.overflow || codebuf_size(&g->cb) > JIT_MAX_TB_CODE)) {
        r = TCG_GEN_TOO_BIG;
    }
    if (r < 0) {
        return r;
    }
    resolve_relocs(g);
    return (int)codebuf_size(&g->cb);
}

static void jit_set_jmp_target(TranslationBlock *tb, int n, TranslationBlock *dest)
{
    uint8_t *field = tb->tc_ptr + tb->jmp_insn_offset[n];
    /* a loop slot keeps the registers dirty: it may only go back to its
     * own TB (another TB for the same pc, e.g. with another entry cc_op,
     * is reached through the exit path instead) */
    const uint8_t *target = !dest                       ? field + 4
                            : tb->jmp_self_offset[n]    ? (dest == tb ? tb->tc_ptr + tb->jmp_self_offset[n]
                                                                      : field + 4)
                                                        : dest->tc_ptr;
    uint32_t rel = (uint32_t)(int32_t)(target - (field + 4));
    /* the field is 4-byte aligned: one atomic store */
    __atomic_store_n((uint32_t *)(void *)field, rel, __ATOMIC_RELAXED);
}

typedef uintptr_t (*JitEntry)(CPUX86State *env, const uint8_t *code);

static uintptr_t jit_tb_exec(CPUX86State *env, TranslationBlock *tb, const uint8_t *prologue)
{
    JitEntry entry = (JitEntry)(uintptr_t)prologue;
    return entry(env, tb->tc_ptr);
}

/*
 * prologue(env = rdi, code = rsi): save the callee-saved registers, keep
 * the stack 16-byte aligned for helper calls, rbp = env, jump to the TB.
 */
static size_t jit_emit_prologue(uint8_t *buf, size_t size, uint8_t **epilogue)
{
    static const uint8_t pro[] = {
        0x55,                   /* push rbp */
        0x53,                   /* push rbx */
        0x41, 0x54,             /* push r12 */
        0x41, 0x55,             /* push r13 */
        0x41, 0x56,             /* push r14 */
        0x41, 0x57,             /* push r15 */
        0x48, 0x83, 0xec, 0x08, /* sub rsp, 8 */
        0x48, 0x89, 0xfd,       /* mov rbp, rdi */
        0x44, 0x8b, 0x7d, (uint8_t)ICOUNT_OFF, /* mov r15d, [rbp+icount_decr] */
        0xff, 0xe6,             /* jmp rsi */
    };
    static const uint8_t epi[] = {
        0x44, 0x89, 0x7d, (uint8_t)ICOUNT_OFF, /* mov [rbp+icount_decr], r15d */
        0x48, 0x83, 0xc4, 0x08, /* add rsp, 8 */
        0x41, 0x5f,             /* pop r15 */
        0x41, 0x5e,             /* pop r14 */
        0x41, 0x5d,             /* pop r13 */
        0x41, 0x5c,             /* pop r12 */
        0x5b,                   /* pop rbx */
        0x5d,                   /* pop rbp */
        0xc3,                   /* ret */
    };
    if (size < sizeof(pro) + sizeof(epi)) {
        *epilogue = buf;
        return 0;
    }
    memcpy(buf, pro, sizeof(pro));
    memcpy(buf + sizeof(pro), epi, sizeof(epi));
    *epilogue = buf + sizeof(pro);
    return sizeof(pro) + sizeof(epi);
}

/* CPUID: LZCNT (leaf 0x80000001 ECX bit 5), BMI1 and BMI2 (leaf 7 EBX
 * bits 3 and 8) */
static uint32_t jit_host_features(void)
{
    unsigned a, b, c, d;
    uint32_t f = 0;
    if (__get_cpuid(0x80000001, &a, &b, &c, &d) && (c & (1u << 5))) {
        f |= TCG_HOST_LZCNT;
    }
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        f |= (b & (1u << 3)) ? TCG_HOST_BMI1 : 0;
        f |= (b & (1u << 8)) ? TCG_HOST_BMI2 : 0;
    }
    return f;
}

static void jit_dump_code(const TranslationBlock *tb, FILE *f)
{
    for (uint32_t i = 0; i < tb->search_off;) {
        char text[128];
        int n = x64_disas(tb->tc_ptr + i, tb->search_off - i, (uintptr_t)(tb->tc_ptr + i), text,
                          sizeof(text));
        fprintf(f, "  %04x: %s\n", i, text);
        i += (uint32_t)(n > 0 ? n : 1);
    }
}

const TCGBackend tcg_backend_x86_64 = {
    .name = "tcg",
    .emit_prologue = jit_emit_prologue,
    .gen_code = jit_gen_code,
    .tb_exec = jit_tb_exec,
    .set_jmp_target = jit_set_jmp_target,
    .dump_code = jit_dump_code,
    .host_features = jit_host_features,
};
