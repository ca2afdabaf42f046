/*
 * tci.c - the IR interpreter back end: IR -> compact bytecode -> a loop.
 *
 * Bytecode layout, every instruction 4-byte aligned:
 *
 *   +--------+--------+----------------------+-----------------------+
 *   | opc 16 | len 16 | temp args, u16 each  | constant args (u32,   |
 *   |        |        | (outputs, inputs)    | u64 for pointers)     |
 *   +--------+--------+----------------------+-----------------------+
 *
 * A temp arg is a byte offset from env: globals are CPUX86State fields and
 * other temps get a slot of env->tci_frame, assigned here by a linear scan
 * using the liveness death bits. Constant inputs are materialised into
 * scratch slots by a movi emitted just before their use. Branch targets
 * are byte deltas from the branch. goto_tb carries a u64 target that
 * tb_add_jump patches (0 = not chained: fall through to the exit_tb).
 * The MemOpIdx of qemu_ld/qemu_st carries TCI_OI_COUNT_HIT when the TB was
 * translated under -d stats: the interpreter then counts TLB hits.
 *
 * It owns no state of its own between calls; it must not allocate.
 */
#include <stddef.h>
#include <string.h>

#include "cpu/cpu.h"
#include "softmmu/tlb.h"
#include "tcg/backend.h"
#include "tcg/codebuf.h"
#include "tcg/exec.h"
#include "tcg/frame.h"

#define TCI_SCRATCH      5 /* 4 constant inputs + 1 sink for unused results */
#define TCI_SINK_OFFSET  (TCI_FRAME_OFFSET + 16)
#define TCI_FRAME_SLOTS  ((int)(sizeof(((CPUX86State *)0)->tci_frame) / 4))
#define TCI_FRAME_OFFSET ((uint32_t)offsetof(CPUX86State, tci_frame))
#define TCI_MAX_TB_CODE  0xfff0u /* goto_tb offsets are 16 bits */
/* in the MemOpIdx of a qemu_ld/st: count its TLB hits */
#define TCI_OI_COUNT_HIT (1u << 31)

typedef struct TCIGen {
    IRContext *s;
    TranslationBlock *tb;
    CodeBuf cb;
    bool too_big;
    uint32_t label_off[IR_MAX_LABELS];
    struct {
        uint32_t pos;  /* position of the delta field */
        uint32_t insn; /* start of the branch instruction */
        uint16_t label;
    } relocs[IR_MAX_LABELS * 4];
    int nrelocs;
    FrameAlloc frame;
} TCIGen;

static void put(TCIGen *g, const void *v, size_t n)
{
    codebuf_put(&g->cb, v, n);
}

static void put16(TCIGen *g, uint16_t v)
{
    codebuf_put16(&g->cb, v);
}

static void put32(TCIGen *g, uint32_t v)
{
    codebuf_put32(&g->cb, v);
}

static void put64(TCIGen *g, uint64_t v)
{
    codebuf_put64(&g->cb, v);
}

static void align4(TCIGen *g)
{
    while (((uintptr_t)(g->cb.p - g->cb.start) & 3) && !g->cb.full) {
        uint8_t z = 0;
        put(g, &z, 1);
    }
}

/* Write the instruction length into the header at insn. */
static void finish(TCIGen *g, uint8_t *insn)
{
    align4(g);
    if (!g->cb.full) {
        uint16_t len = (uint16_t)(g->cb.p - insn);
        memcpy(insn + 2, &len, 2);
    }
}

static void emit_movi(TCIGen *g, uint16_t off, uint32_t val)
{
    uint8_t *insn = g->cb.p;
    put16(g, INDEX_op_movi);
    put16(g, 0);
    put16(g, off);
    put16(g, 0);
    put32(g, val);
    finish(g, insn);
}

/* Env offsets of an op's temp args; constants go to scratch slots. */
static void resolve_args(TCIGen *g, const TCGOp *op, const IROpDef *def, uint16_t *offs)
{
    int scratch = 0;
    frame_op_args(&g->frame, op, offs);
    for (int k = def->nb_oargs; k < def->nb_oargs + def->nb_iargs; k++) {
        if (offs[k] == FRAME_ARG_CONST) {
            offs[k] = (uint16_t)(TCI_FRAME_OFFSET + 4 * scratch++);
            emit_movi(g, offs[k], g->s->temps[op->args[k]].val);
        }
    }
}

static void emit_reloc(TCIGen *g, uint8_t *insn, uintptr_t label)
{
    if (g->nrelocs >= (int)(sizeof(g->relocs) / sizeof(g->relocs[0]))) {
        g->too_big = true;
        return;
    }
    g->relocs[g->nrelocs].pos = (uint32_t)(g->cb.p - g->cb.start);
    g->relocs[g->nrelocs].insn = (uint32_t)(insn - g->cb.start);
    g->relocs[g->nrelocs].label = (uint16_t)label;
    g->nrelocs++;
    put32(g, 0);
}

static void emit_op(TCIGen *g, TCGOp *op)
{
    const IROpDef *def = &ir_op_defs[op->opc];
    uint16_t offs[IR_MAX_ARGS];
    int nt = def->nb_oargs + def->nb_iargs;
    resolve_args(g, op, def, offs);
    uint8_t *insn = g->cb.p;
    put16(g, op->opc);
    put16(g, 0);
    for (int k = 0; k < nt; k++) {
        put16(g, offs[k]);
    }
    align4(g);
    switch (op->opc) {
    case INDEX_op_brcond:
        put32(g, (uint32_t)op->args[2]);
        emit_reloc(g, insn, op->args[3]);
        break;
    case INDEX_op_call:
        put32(g, (uint32_t)op->args[6]);
        put64(g, op->args[5]);
        break;
    case INDEX_op_movi:
        put32(g, (uint32_t)op->args[1]);
        break;
    case INDEX_op_qemu_ld:
    case INDEX_op_qemu_st:
        put32(g, (uint32_t)op->args[nt] | (g->s->count_tlb_hits ? TCI_OI_COUNT_HIT : 0));
        break;
    default:
        for (int k = nt; k < def->nb_args; k++) {
            put32(g, (uint32_t)op->args[k]);
        }
        break;
    }
    finish(g, insn);
    frame_op_done(&g->frame, op);
}

static void emit_control(TCIGen *g, TCGOp *op)
{
    uint8_t *insn = g->cb.p;
    put16(g, op->opc);
    put16(g, 0);
    switch (op->opc) {
    case INDEX_op_br:
        emit_reloc(g, insn, op->args[0]);
        break;
    case INDEX_op_tb_start:
        put32(g, (uint32_t)op->args[0]);
        put64(g, (uintptr_t)g->tb | TB_EXIT_REQUESTED);
        break;
    case INDEX_op_goto_tb: {
        int n = (int)op->args[0];
        put32(g, 0);
        g->tb->jmp_insn_offset[n] = (uint16_t)(g->cb.p - g->cb.start);
        g->tb->jmp_reset_offset[n] = g->tb->jmp_insn_offset[n];
        put64(g, 0);
        break;
    }
    case INDEX_op_exit_tb:
        put32(g, 0);
        put64(g, op->args[0]);
        break;
    default:
        break;
    }
    finish(g, insn);
}

static void resolve_relocs(TCIGen *g)
{
    for (int i = 0; i < g->nrelocs; i++) {
        int32_t delta = (int32_t)(g->label_off[g->relocs[i].label] - g->relocs[i].insn);
        memcpy(g->cb.start + g->relocs[i].pos, &delta, 4);
    }
}

static void gen_init(TCIGen *g, IRContext *s, TranslationBlock *tb, uint8_t *buf, uint8_t *end)
{
    g->s = s;
    g->tb = tb;
    codebuf_init(&g->cb, buf, end);
    g->too_big = false;
    g->nrelocs = 0;
    frame_init(&g->frame, s, TCI_FRAME_OFFSET + 4 * TCI_SCRATCH, TCI_FRAME_SLOTS - TCI_SCRATCH,
               (uint16_t)TCI_SINK_OFFSET);
}

static void tci_emit(void *gen, TCGOp *op)
{
    TCIGen *g = gen;
    switch (op->opc) {
    case INDEX_op_br:
    case INDEX_op_tb_start:
    case INDEX_op_goto_tb:
    case INDEX_op_exit_tb:
    case INDEX_op_lookup_goto:
        emit_control(g, op);
        break;
    default:
        emit_op(g, op);
        break;
    }
}

static int tci_gen_code(IRContext *s, TranslationBlock *tb, uint8_t *buf, uint8_t *buf_end,
                        uint32_t *insn_end, int max_insns, const uint8_t *epilogue)
{
    static const TCGEmitHooks hooks = {tci_emit, NULL};
    (void)epilogue;
    TCIGen gen;
    TCIGen *g = &gen;
    gen_init(g, s, tb, buf, buf_end);
    tb->jmp_insn_offset[0] = tb->jmp_insn_offset[1] = 0xffff;
    int r = tcg_emit_ops(s, &g->cb, insn_end, max_insns, TCI_MAX_TB_CODE, g->label_off, &hooks, g);
    if (r == 0 && (g->too_big || g->frame.overflow)) {
        r = TCG_GEN_TOO_BIG;
    }
    if (r < 0) {
        return r;
    }
    resolve_relocs(g);
    return (int)codebuf_size(&g->cb);
}

static void tci_set_jmp_target(TranslationBlock *tb, int n, TranslationBlock *dest)
{
    uint64_t target = dest ? (uint64_t)(uintptr_t)dest->tc_ptr : 0;
    memcpy(tb->tc_ptr + tb->jmp_insn_offset[n], &target, 8);
}

/* --- the interpreter --- */

static inline uint16_t rd16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}

static inline uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static inline uint64_t rd64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* Operand n of the instruction at pc, as an lvalue in env. */
static inline uint32_t *tci_arg(uint8_t *envb, const uint8_t *pc, int n)
{
    return (uint32_t *)(void *)(envb + rd16(pc + 4 + 2 * n));
}

/* Constant area starts after nt u16 temps, 4-byte aligned. */
static inline const uint8_t *tci_consts(const uint8_t *pc, int nt)
{
    return pc + ((4 + 2 * nt + 3) & ~3);
}

static uint32_t tci_extract(uint32_t v, uint32_t ofs, uint32_t len)
{
    uint32_t mask = len >= 32 ? 0xffffffffu : (1u << len) - 1;
    return (v >> ofs) & mask;
}

static uint32_t tci_deposit(uint32_t a, uint32_t b, uint32_t ofs, uint32_t len)
{
    uint32_t mask = (len >= 32 ? 0xffffffffu : (1u << len) - 1) << ofs;
    return (a & ~mask) | ((b << ofs) & mask);
}

static inline uint32_t tci_load(CPUX86State *env, uint32_t addr, uint32_t oi, const uint8_t *pc)
{
    bool count_hit = (oi & TCI_OI_COUNT_HIT) != 0;
    oi &= ~TCI_OI_COUNT_HIT;
    MemOp mop = get_memop(oi);
    unsigned size = 1u << (mop & MO_SIZE);
    CPUTLBEntry *e = &env->tlb[get_mmuidx(oi)][tlb_index(addr)];
    uint32_t v;
    if (e->addr_read == (addr & (TARGET_PAGE_MASK | (size - 1)))) {
        const uint8_t *h = (const uint8_t *)(e->addend + addr);
        v = 0;
        memcpy(&v, h, size);
        env->stats.tlb_hits += count_hit;
    } else {
        v = helper_ld_mmu(env, addr, oi, (uintptr_t)pc);
    }
    switch (mop) {
    case MO_SB:
        return (uint32_t)(int32_t)(int8_t)v;
    case MO_SW:
        return (uint32_t)(int32_t)(int16_t)v;
    default:
        return v;
    }
}

static inline void tci_store(CPUX86State *env, uint32_t addr, uint32_t val, uint32_t oi,
                             const uint8_t *pc)
{
    bool count_hit = (oi & TCI_OI_COUNT_HIT) != 0;
    oi &= ~TCI_OI_COUNT_HIT;
    unsigned size = 1u << (get_memop(oi) & MO_SIZE);
    CPUTLBEntry *e = &env->tlb[get_mmuidx(oi)][tlb_index(addr)];
    if (e->addr_write == (addr & (TARGET_PAGE_MASK | (size - 1)))) {
        memcpy((uint8_t *)(e->addend + addr), &val, size);
        env->stats.tlb_hits += count_hit;
    } else {
        helper_st_mmu(env, addr, val, oi, (uintptr_t)pc);
    }
}

static uint32_t tci_ld_env(uint8_t *envb, uint32_t off, MemOp mop)
{
    uint8_t v8;
    uint16_t v16;
    uint32_t v32;
    switch (mop) {
    case MO_8:
        memcpy(&v8, envb + off, 1);
        return v8;
    case MO_SB:
        memcpy(&v8, envb + off, 1);
        return (uint32_t)(int32_t)(int8_t)v8;
    case MO_16:
        memcpy(&v16, envb + off, 2);
        return v16;
    case MO_SW:
        memcpy(&v16, envb + off, 2);
        return (uint32_t)(int32_t)(int16_t)v16;
    default:
        memcpy(&v32, envb + off, 4);
        return v32;
    }
}

static void tci_st_env(uint8_t *envb, uint32_t off, MemOp mop, uint32_t v)
{
    memcpy(envb + off, &v, 1u << (mop & MO_SIZE));
}

#define A(n) (*tci_arg(envb, pc, (n)))

static uintptr_t tci_tb_exec(CPUX86State *env, TranslationBlock *tb, const uint8_t *prologue)
{
    (void)prologue;
    uint8_t *envb = (uint8_t *)env;
    const uint8_t *pc = tb->tc_ptr;
    for (;;) {
        uint16_t opc = rd16(pc);
        uint16_t len = rd16(pc + 2);
        switch ((IROpcode)opc) {
        case INDEX_op_movi:
            A(0) = rd32(pc + 8);
            break;
        case INDEX_op_mov:
            A(0) = A(1);
            break;
        case INDEX_op_add:
            A(0) = A(1) + A(2);
            break;
        case INDEX_op_sub:
            A(0) = A(1) - A(2);
            break;
        case INDEX_op_mul:
            A(0) = A(1) * A(2);
            break;
        case INDEX_op_and:
            A(0) = A(1) & A(2);
            break;
        case INDEX_op_or:
            A(0) = A(1) | A(2);
            break;
        case INDEX_op_xor:
            A(0) = A(1) ^ A(2);
            break;
        case INDEX_op_shl:
            A(0) = A(1) << (A(2) & 31);
            break;
        case INDEX_op_shr:
            A(0) = A(1) >> (A(2) & 31);
            break;
        case INDEX_op_sar:
            A(0) = (uint32_t)((int32_t)A(1) >> (A(2) & 31));
            break;
        case INDEX_op_rotl: {
            uint32_t a = A(1), n = A(2) & 31;
            A(0) = n ? (a << n) | (a >> (32 - n)) : a;
            break;
        }
        case INDEX_op_rotr: {
            uint32_t a = A(1), n = A(2) & 31;
            A(0) = n ? (a >> n) | (a << (32 - n)) : a;
            break;
        }
        case INDEX_op_ctz:
            A(0) = A(1) ? (uint32_t)__builtin_ctz(A(1)) : A(2);
            break;
        case INDEX_op_clz:
            A(0) = A(1) ? (uint32_t)__builtin_clz(A(1)) : A(2);
            break;
        case INDEX_op_neg:
            A(0) = -A(1);
            break;
        case INDEX_op_not:
            A(0) = ~A(1);
            break;
        case INDEX_op_ext8s:
            A(0) = (uint32_t)(int32_t)(int8_t)A(1);
            break;
        case INDEX_op_ext8u:
            A(0) = A(1) & 0xff;
            break;
        case INDEX_op_ext16s:
            A(0) = (uint32_t)(int32_t)(int16_t)A(1);
            break;
        case INDEX_op_ext16u:
            A(0) = A(1) & 0xffff;
            break;
        case INDEX_op_bswap:
            A(0) = __builtin_bswap32(A(1));
            break;
        case INDEX_op_deposit: {
            const uint8_t *c = tci_consts(pc, 3);
            A(0) = tci_deposit(A(1), A(2), rd32(c), rd32(c + 4));
            break;
        }
        case INDEX_op_extract: {
            const uint8_t *c = tci_consts(pc, 2);
            A(0) = tci_extract(A(1), rd32(c), rd32(c + 4));
            break;
        }
        case INDEX_op_setcond:
            A(0) = tcg_cond_eval((TCGCond)rd32(tci_consts(pc, 3)), A(1), A(2));
            break;
        case INDEX_op_movcond:
            A(0) = tcg_cond_eval((TCGCond)rd32(tci_consts(pc, 5)), A(1), A(2)) ? A(3) : A(4);
            break;
        case INDEX_op_mulu2: {
            uint64_t r = (uint64_t)A(2) * A(3);
            A(0) = (uint32_t)r;
            A(1) = (uint32_t)(r >> 32);
            break;
        }
        case INDEX_op_muls2: {
            int64_t r = (int64_t)(int32_t)A(2) * (int32_t)A(3);
            A(0) = (uint32_t)r;
            A(1) = (uint32_t)((uint64_t)r >> 32);
            break;
        }
        case INDEX_op_ld_env: {
            const uint8_t *c = tci_consts(pc, 1);
            A(0) = tci_ld_env(envb, rd32(c), (MemOp)rd32(c + 4));
            break;
        }
        case INDEX_op_st_env: {
            const uint8_t *c = tci_consts(pc, 1);
            tci_st_env(envb, rd32(c), (MemOp)rd32(c + 4), A(0));
            break;
        }
        case INDEX_op_qemu_ld:
            A(0) = tci_load(env, A(1), rd32(tci_consts(pc, 2)), pc);
            break;
        case INDEX_op_qemu_st:
            tci_store(env, A(1), A(0), rd32(tci_consts(pc, 2)), pc);
            break;
        case INDEX_op_call: {
            const uint8_t *c = tci_consts(pc, 5);
            TCGHelperFn fn = (TCGHelperFn)(uintptr_t)rd64(c + 4);
            env->retaddr = (uintptr_t)pc;
            A(0) = fn(env, A(1), A(2), A(3), A(4));
            break;
        }
        case INDEX_op_brcond:
            if (tcg_cond_eval((TCGCond)rd32(pc + 8), A(0), A(1))) {
                pc += (int32_t)rd32(pc + 12);
                continue;
            }
            break;
        case INDEX_op_br:
            pc += (int32_t)rd32(pc + 4);
            continue;
        case INDEX_op_tb_start: {
            int32_t n = (int32_t)rd32(pc + 4);
            env->icount_decr -= n;
            if (env->icount_decr < 0) {
                env->icount_decr += n;
                return (uintptr_t)rd64(pc + 8);
            }
            break;
        }
        case INDEX_op_goto_tb: {
            uint64_t target = rd64(pc + 8);
            if (target) {
                pc = (const uint8_t *)(uintptr_t)target;
                continue;
            }
            break;
        }
        case INDEX_op_exit_tb:
            return (uintptr_t)rd64(pc + 8);
        case INDEX_op_lookup_goto: {
            TranslationBlock *next = tb_lookup_for_goto(env);
            if (!next) {
                return 0;
            }
            pc = next->tc_ptr;
            continue;
        }
        default:
            pc_abort("tci: bad opcode");
        }
        pc += len;
    }
}

#undef A

static void tci_dump_code(const TranslationBlock *tb, FILE *f)
{
    const uint8_t *pc = tb->tc_ptr;
    const uint8_t *end = tb->tc_ptr + tb->search_off;
    while (pc < end) {
        uint16_t opc = rd16(pc), len = rd16(pc + 2);
        if (opc >= NB_IR_OPS || len < 4) {
            break;
        }
        fprintf(f, "  %04x: %-12s", (unsigned)(pc - tb->tc_ptr), ir_op_defs[opc].name);
        for (int i = 4; i < len; i += 2) {
            fprintf(f, " %04x", rd16(pc + i));
        }
        fprintf(f, "\n");
        pc += len;
    }
}

static size_t tci_emit_prologue(uint8_t *buf, size_t size, uint8_t **epilogue)
{
    (void)size;
    *epilogue = buf;
    return 0;
}

const TCGBackend tcg_backend_tci = {
    .name = "tci",
    .emit_prologue = tci_emit_prologue,
    .gen_code = tci_gen_code,
    .tb_exec = tci_tb_exec,
    .set_jmp_target = tci_set_jmp_target,
    .dump_code = tci_dump_code,
};
