/*
 * helper_string.c - MOVS CMPS STOS LODS SCAS INS OUTS, with and without
 * REP/REPE/REPNE, one helper for all (SDM vol. 2, "REP/REPE/REPNE").
 *
 * Each iteration commits ESI/EDI/ECX before the next one starts, so a
 * fault in iteration n leaves exactly the state hardware leaves: the
 * registers after n-1 iterations and EIP at the instruction. A REP runs at
 * most STRING_CHUNK iterations per call and then asks to be run again, so
 * a long REP cannot delay interrupts or a requested exit.
 */
#include "cpu/excp.h"
#include <string.h>

#include "cpu/helper.h"
#include "cpu/translate.h"
#include "softmmu/ioport.h"
#include "softmmu/tlb.h"
#include "tcg/exec.h"
#include "tcg/ir.h"

#define STRING_CHUNK 4096
#define STRING_BULK  65536 /* elements per call on the RAM fast path */

enum { STR_MOVS, STR_CMPS, STR_STOS, STR_LODS, STR_SCAS, STR_INS = 6, STR_OUTS = 7 };

static void set_reg_masked(CPUX86State *env, int reg, uint32_t v, uint32_t amask)
{
    env->regs[reg] = (env->regs[reg] & ~amask) | (v & amask);
}

static void string_cmp_flags(CPUX86State *env, uint32_t x, uint32_t y, int ot)
{
    env->cc_dst = x - y;
    env->cc_src = y;
    env->cc_op = CC_OP_SUBB + (uint32_t)ot;
}

/* One iteration; returns false when a REPE/REPNE condition ends the loop. */
static bool string_step(CPUX86State *env, int op, int ot, uint32_t amask, int seg, uintptr_t ra)
{
    int size = 1 << ot, mmu = cpu_mmu_index(env);
    uint32_t step = (env->eflags & DF_MASK) ? (uint32_t)-size : (uint32_t)size;
    uint32_t si = env->regs[R_ESI] & amask, di = env->regs[R_EDI] & amask;
    uint32_t src = env->segs[seg].base + si, dst = env->segs[R_ES].base + di;
    uint32_t vmask = ot == 2 ? 0xffffffffu : (1u << (8 * size)) - 1;
    uint32_t v, w;
    /* limits and rights: faults come before anything moves */
    bool rd = op == STR_MOVS || op == STR_CMPS || op == STR_LODS || op == STR_OUTS;
    bool rw = op != STR_LODS && op != STR_OUTS;
    if (rd) {
        x86_seg_check(env, seg, si, size, SEG_ACC_READ, ra);
    }
    if (rw) {
        bool wr = op == STR_MOVS || op == STR_STOS || op == STR_INS;
        x86_seg_check(env, R_ES, di, size, wr ? SEG_ACC_WRITE : SEG_ACC_READ, ra);
    }
    if ((env->hflags & HF_AC_MASK) && (((rd ? src : 0) | (rw ? dst : 0)) & (uint32_t)(size - 1))) {
        raise_exception_err_ra(env, EXCP11_ALGN, 0, ra); /* #AC(0): misaligned at CPL 3 */
    }
    switch (op) {
    case STR_MOVS:
        v = cpu_ld_data(env, src, size, mmu, ra);
        cpu_st_data(env, dst, v, size, mmu, ra);
        set_reg_masked(env, R_ESI, si + step, amask);
        set_reg_masked(env, R_EDI, di + step, amask);
        return true;
    case STR_CMPS:
        v = cpu_ld_data(env, src, size, mmu, ra);
        w = cpu_ld_data(env, dst, size, mmu, ra);
        set_reg_masked(env, R_ESI, si + step, amask);
        set_reg_masked(env, R_EDI, di + step, amask);
        string_cmp_flags(env, v, w, ot);
        return v == w;
    case STR_STOS:
        cpu_st_data(env, dst, env->regs[R_EAX] & vmask, size, mmu, ra);
        set_reg_masked(env, R_EDI, di + step, amask);
        return true;
    case STR_LODS:
        v = cpu_ld_data(env, src, size, mmu, ra);
        set_reg_masked(env, R_EAX, v, vmask);
        set_reg_masked(env, R_ESI, si + step, amask);
        return true;
    case STR_SCAS:
        w = cpu_ld_data(env, dst, size, mmu, ra);
        v = env->regs[R_EAX] & vmask;
        set_reg_masked(env, R_EDI, di + step, amask);
        string_cmp_flags(env, v, w, ot);
        return v == w;
    case STR_INS:
        /* probe the destination before the port read has side effects */
        cpu_st_data(env, dst, cpu_ld_data(env, dst, size, mmu, ra), size, mmu, ra);
        v = ioport_read(env->io, (uint16_t)env->regs[R_EDX], size);
        cpu_st_data(env, dst, v, size, mmu, ra);
        set_reg_masked(env, R_EDI, di + step, amask);
        return true;
    default: /* OUTS */
        v = cpu_ld_data(env, src, size, mmu, ra);
        ioport_write(env->io, (uint16_t)env->regs[R_EDX], v, size);
        set_reg_masked(env, R_ESI, si + step, amask);
        return true;
    }
}

/* Host address of addr for a plain RAM access, filling the TLB (which may
 * fault, precisely: nothing has changed yet); NULL for MMIO, ROM and code
 * pages, which take the per-element path. */
static uint8_t *probe_ram(CPUX86State *env, uint32_t addr, bool write, int mmu, uintptr_t ra)
{
    CPUTLBEntry *e = &env->tlb[mmu][tlb_index(addr)];
    uint32_t cmp = write ? e->addr_write : e->addr_read;
    if (cmp == UINT32_MAX || (cmp & TARGET_PAGE_MASK) != (addr & TARGET_PAGE_MASK)) {
        tlb_fill(env, addr, write ? MMU_DATA_STORE : MMU_DATA_LOAD, mmu, ra);
        e = &env->tlb[mmu][tlb_index(addr)];
        cmp = write ? e->addr_write : e->addr_read;
    }
    if (cmp == UINT32_MAX || (cmp & (TLB_MMIO | TLB_NOTDIRTY | TLB_INVALID_MASK))) {
        return NULL;
    }
    return (uint8_t *)(e->addend + addr);
}

/* bytes (a multiple of size) at d: the low size bytes of v, repeated */
static void fill_pattern(uint8_t *d, uint32_t v, int size, size_t bytes)
{
    uint32_t b = v & 0xff;
    uint32_t same = size == 1 ? 0 : size == 2 ? (v & 0xffff) ^ (b * 0x0101u) : v ^ (b * 0x01010101u);
    if (same == 0) {
        memset(d, (int)b, bytes);
        return;
    }
    uint64_t pat = size == 2 ? (v & 0xffff) * 0x0001000100010001ull : (uint64_t)v * 0x100000001ull;
    size_t i = 0;
    for (; i + 8 <= bytes; i += 8) {
        memcpy(d + i, &pat, 8);
    }
    for (; i < bytes; i += (size_t)size) {
        memcpy(d + i, &v, (size_t)size);
    }
}

/* Elements of size that fit before addr's page ends. */
static uint32_t page_room(uint32_t addr, int size)
{
    return (TARGET_PAGE_SIZE - (addr & ~TARGET_PAGE_MASK)) / (uint32_t)size;
}

/*
 * REP STOS / REP MOVS forwards over RAM: whole runs within a page at once.
 * Returns the number of elements done (0: take the per-element path).
 */
static uint32_t string_bulk(CPUX86State *env, int op, int ot, uint32_t amask, int seg,
                            uintptr_t ra)
{
    int size = 1 << ot, mmu = cpu_mmu_index(env);
    uint32_t count = env->regs[R_ECX] & amask, si = env->regs[R_ESI] & amask;
    uint32_t di = env->regs[R_EDI] & amask;
    uint32_t dst = env->segs[R_ES].base + di, src = env->segs[seg].base + si;
    uint32_t n = count < STRING_BULK ? count : STRING_BULK;
    n = n < page_room(dst, size) ? n : page_room(dst, size);
    if (amask == 0xffff) { /* 16-bit addressing: stop before DI/SI wrap */
        n = n < (0x10000 - di) / (uint32_t)size ? n : (0x10000 - di) / (uint32_t)size;
        n = op == STR_MOVS && n > (0x10000 - si) / (uint32_t)size ? (0x10000 - si) / (uint32_t)size
                                                                 : n;
    }
    if (op == STR_MOVS) {
        n = n < page_room(src, size) ? n : page_room(src, size);
    }
    if (n < 2) {
        return 0;
    }
    if ((env->cr[0] & CR0_PE_MASK) && !(env->eflags & VM_MASK) &&
        (!x86_seg_unchecked(env, R_ES) || (op == STR_MOVS && !x86_seg_unchecked(env, seg)))) {
        return 0; /* limits to check: element by element */
    }
    uint8_t *hd = probe_ram(env, dst, true, mmu, ra);
    uint8_t *hs = op == STR_MOVS ? probe_ram(env, src, false, mmu, ra) : NULL;
    if (!hd || (op == STR_MOVS && !hs)) {
        return 0;
    }
    size_t bytes = (size_t)n * (size_t)size;
    if (op == STR_STOS) {
        fill_pattern(hd, env->regs[R_EAX], size, bytes);
    } else if (hd >= hs + bytes || hs >= hd + bytes || hd <= hs) {
        memmove(hd, hs, bytes); /* no overlap, or copying downwards */
    } else if (size == 1) {
        for (size_t i = 0; i < bytes; i++) {
            hd[i] = hs[i]; /* overlapping upwards: each byte sees the last */
        }
    } else {
        return 0; /* overlapping upwards with wide elements: the careful way */
    }
    set_reg_masked(env, R_EDI, di + (uint32_t)bytes, amask);
    if (op == STR_MOVS) {
        set_reg_masked(env, R_ESI, si + (uint32_t)bytes, amask);
    }
    set_reg_masked(env, R_ECX, count - n, amask);
    return n;
}

HELPER(string)
{
    (void)d;
    uintptr_t ra = GETPC(env);
    int op = (int)(a & 7), ot = (int)((a >> 3) & 3), rep = (int)((a >> 7) & 3);
    uint32_t amask = ((a >> 5) & 3) == MO_16 ? 0xffffu : 0xffffffffu;
    int seg = (int)b;
    bool cmp = op == STR_CMPS || op == STR_SCAS;
    if (!rep) {
        string_step(env, op, ot, amask, seg, ra);
        return 1;
    }
    if ((op == STR_STOS || op == STR_MOVS) && !(env->eflags & DF_MASK) &&
        !(env->hflags & HF_AC_MASK)) {
        int done = 0;
        while (done < 16 && string_bulk(env, op, ot, amask, seg, ra)) {
            if ((env->regs[R_ECX] & amask) == 0) {
                return 1;
            }
            done++;
        }
        if (done) {
            return 0; /* progress made: run again (interrupts get their turn) */
        }
    }
    for (int n = 0; n < STRING_CHUNK; n++) {
        if ((env->regs[R_ECX] & amask) == 0) {
            return 1;
        }
        bool eq = string_step(env, op, ot, amask, seg, ra);
        set_reg_masked(env, R_ECX, env->regs[R_ECX] - 1, amask);
        if (cmp && (rep == 1 ? !eq : eq)) {
            return 1;
        }
        if (env->exit_request) {
            break;
        }
    }
    (void)c;
    return (env->regs[R_ECX] & amask) == 0;
}
