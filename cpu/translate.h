/*
 * translate.h - the x86 front end's entry points for the TB builder.
 *
 * gen_intermediate_code turns guest code at tb->pc into IR in ir (the
 * translator_loop of docs/architecture.md): one insn_start per guest
 * instruction, stopping at max_insns, at a page boundary, after a jump,
 * after port I/O and after anything that changes hflags. It sets tb->size
 * and tb->icount. Faults while fetching the first instruction unwind
 * (the state is exact at a TB boundary); a later instruction that cannot
 * be fetched simply ends the TB before it.
 */
#ifndef PCEMU_TRANSLATE_H
#define PCEMU_TRANSLATE_H

#include <stdint.h>
#include <stdio.h>

#include "cpu/cpu.h"
#include "tcg/ir.h"
#include "tcg/tb.h"

/* hflags: what the translator may assume, part of every TB's key */
#define HF_CPL_MASK      0x0003u
#define HF_CS32_MASK     (1u << 2) /* 32-bit code segment */
#define HF_SS32_MASK     (1u << 3) /* 32-bit stack segment */
#define HF_ADDSEG_MASK   (1u << 4) /* DS/ES/SS base nonzero: add bases */
#define HF_PE_MASK       (1u << 5)
#define HF_VM_MASK       (1u << 6)
#define HF_TF_MASK       (1u << 7)
#define HF_INHIBIT_MASK  (1u << 8) /* after STI / MOV SS: no interrupt */
#define HF_IOPL_SHIFT    9
#define HF_IOPL_MASK     (3u << HF_IOPL_SHIFT)
#define HF_PG_MASK       (1u << 11)
/* protected mode, not V86: DS, ES and SS (FLAT), FS (FLATFS), GS (FLATGS)
 * are x86_seg_unchecked, so accesses through them need no limit or rights
 * check. Without these bits the translator emits the check. */
#define HF_FLAT_MASK     (1u << 12)
#define HF_FLATFS_MASK   (1u << 13)
#define HF_FLATGS_MASK   (1u << 14)
/* CS limit below 4 GiB (any mode; real and V86 mode usually 0xFFFF): the
 * translator checks instruction bytes and jump targets against the limit
 * it sees (each TB verifies at entry that CS.limit is still that value).
 * Flat CS: no bit, no check. */
#define HF_CSLIM_MASK    (1u << 15)
/* EFLAGS.RF: the TB's one instruction skips its DR0-DR3 breakpoint check,
 * then RF is cleared (SDM vol. 3, 17.3.1.1) */
#define HF_RF_MASK       (1u << 16)
/* CR0.AM, EFLAGS.AC and CPL 3: misaligned data accesses raise #AC(0) */
#define HF_AC_MASK       (1u << 17)

/*
 * A TB's key flags: hflags, and env->cc_op at entry in bits 24-28. A TB
 * then knows how the flags it inherits are held (the lazy state the TB
 * before it left) and consumes them inline (Jcc, ADC, INC's CF...) where
 * it would otherwise call a helper to compute them from a dynamic cc_op.
 */
#define TB_FLAGS_CC_OP_SHIFT 24
_Static_assert(CC_OP_NB <= 32, "cc_op fits in bits 24-28 of the TB flags");
_Static_assert(HF_AC_MASK < (1u << TB_FLAGS_CC_OP_SHIFT), "hflags stay below the cc_op bits");

static inline uint32_t x86_tb_flags(const CPUX86State *env)
{
    return env->hflags | ((uint32_t)env->cc_op << TB_FLAGS_CC_OP_SHIFT);
}

int gen_intermediate_code(CPUX86State *env, TranslationBlock *tb, IRContext *ir, int max_insns);
/* EIP is past the CS limit (flags has HF_CSLIM_MASK): the TB builder must
 * not translate the code page, as the limit check comes before paging;
 * the translator then raises #GP(0) without fetching. */
bool x86_eip_past_cs_limit(const CPUX86State *env, uint32_t flags);
/* -d in_asm: disassemble guest code of tb (re-decoding it). */
void x86_log_in_asm(CPUX86State *env, const TranslationBlock *tb, FILE *f);
/* The IR globals (registers, eip, cc_*) for a new IRContext. */
void x86_translate_init(IRContext *ir);

#endif
