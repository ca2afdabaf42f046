/*
 * cpu.h - the x86 guest CPU state (CPUX86State) and the CPU's public API.
 *
 * CPUX86State holds everything architectural (registers, segment caches,
 * control registers, lazy-flag state) plus the per-CPU execution caches
 * (softmmu TLB, TB jump cache) and the few fields the execution loop needs
 * (exit request / instruction budget, longjmp target). IR globals live at
 * fixed offsets in this struct, so the first part must stay small: TCI and
 * the JIT address them as env + offset.
 *
 * Flags are lazy (docs/architecture.md, "Flags"): while cc_op is not
 * CC_OP_EFLAGS the arithmetic flags (CF PF AF ZF SF OF) are not in eflags
 * but implied by cc_op/cc_dst/cc_src/cc_src2. DF is kept in eflags.
 */
#ifndef PCEMU_CPU_H
#define PCEMU_CPU_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "softmmu/log.h"

struct PCMachine;
struct AddressSpace;
struct IOSpace;
struct TBContext;
struct TranslationBlock;

enum { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI };
enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS };

/* EFLAGS bits (SDM vol. 1, 3.4.3) */
#define CC_C   0x0001u
#define CC_P   0x0004u
#define CC_A   0x0010u
#define CC_Z   0x0040u
#define CC_S   0x0080u
#define TF_MASK   0x0100u
#define IF_MASK   0x0200u
#define DF_MASK   0x0400u
#define CC_O   0x0800u
#define IOPL_MASK 0x3000u
#define NT_MASK   0x4000u
#define RF_MASK   0x10000u
#define VM_MASK   0x20000u
#define AC_MASK   0x40000u
#define VIF_MASK  0x80000u
#define VIP_MASK  0x100000u
#define ID_MASK   0x200000u
#define CC_MASK   (CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O)

#define CR0_PE_MASK (1u << 0)
#define CR0_AM_MASK (1u << 18)
#define CR0_PG_MASK (1u << 31)
#define CR4_TSD_MASK (1u << 2) /* RDTSC only at CPL 0 in protected mode */

/* DR6 status bits (SDM vol. 3, 17.2.3): single step, task switch (T bit) */
#define DR6_BS (1u << 14)
#define DR6_BT (1u << 15)
/* DR7 L0-L3, the local breakpoint enables a task switch clears (17.2.4) */
#define DR7_LOCAL_MASK 0x55u

/* Segment descriptor cache flags: the descriptor's high dword as is. */
#define DESC_G_MASK  (1u << 23)
#define DESC_B_MASK  (1u << 22)
#define DESC_P_MASK  (1u << 15)
#define DESC_S_MASK  (1u << 12) /* code or data (not system) */
#define DESC_CS_MASK (1u << 11) /* code */
#define DESC_C_MASK  (1u << 10) /* conforming (code) / expand-down (data) */
#define DESC_R_MASK  (1u << 9)  /* readable code / writable data */
#define DESC_A_MASK  (1u << 8)

/* Exceptions (SDM vol. 3, table 6-1) and internal exit reasons */
enum {
    EXCP00_DIVZ = 0,
    EXCP01_DB = 1,
    EXCP02_NMI = 2,
    EXCP03_INT3 = 3,
    EXCP04_INTO = 4,
    EXCP05_BOUND = 5,
    EXCP06_ILLOP = 6,
    EXCP07_PREX = 7,
    EXCP08_DBLE = 8,
    EXCP0A_TSS = 10,
    EXCP0B_NOSEG = 11,
    EXCP0C_STACK = 12,
    EXCP0D_GPF = 13,
    EXCP0E_PAGE = 14,
    EXCP10_COPR = 16,
    EXCP11_ALGN = 17,
    EXCP_INTERRUPT = 0x10000, /* exit request: return to the loop */
    EXCP_HLT = 0x10001,       /* HLT executed */
    EXCP_HALTED = 0x10002,    /* cpu_exec: halted with nothing to wake it */
    EXCP_STOP = 0x10003,      /* cpu_exec: the machine asked to stop */
};

/* Lazy condition-code states. ORDER CC_OP: cc.c's tables follow it. */
typedef enum CCOp {
    CC_OP_DYNAMIC, /* translator only: cc_op is in env->cc_op */
    CC_OP_EFLAGS,  /* flags are in cc_src (all of CC_MASK) */
    CC_OP_MULB, CC_OP_MULW, CC_OP_MULL, /* dst = low, src = nonzero if CF/OF */
    CC_OP_ADDB, CC_OP_ADDW, CC_OP_ADDL, /* dst = result, src = src2 */
    CC_OP_ADCB, CC_OP_ADCW, CC_OP_ADCL, /* dst = result, src = src2, src2 = carry in */
    CC_OP_SUBB, CC_OP_SUBW, CC_OP_SUBL, /* dst = result, src = src2 */
    CC_OP_SBBB, CC_OP_SBBW, CC_OP_SBBL, /* dst = result, src = src2, src2 = borrow in */
    CC_OP_LOGICB, CC_OP_LOGICW, CC_OP_LOGICL, /* dst = result */
    CC_OP_INCB, CC_OP_INCW, CC_OP_INCL, /* dst = result, src = old CF */
    CC_OP_DECB, CC_OP_DECW, CC_OP_DECL, /* dst = result, src = old CF */
    CC_OP_SHLB, CC_OP_SHLW, CC_OP_SHLL, /* dst = result, src = value shifted by count-1 */
    CC_OP_SARB, CC_OP_SARW, CC_OP_SARL, /* dst = result, src = value shifted by count-1 */
    CC_OP_NB,
} CCOp;

typedef struct SegmentCache {
    uint32_t selector;
    uint32_t base;
    uint32_t limit;
    uint32_t flags;
} SegmentCache;

typedef struct DescTable {
    uint32_t base;
    uint32_t limit;
    uint32_t selector;
    uint32_t flags;
} DescTable;

/* softmmu TLB (docs/architecture.md, "Memory") */
#define NB_MMU_MODES   3 /* 0 kernel, 1 user, 2 physical (paging off) */
#define MMU_KERNEL_IDX 0
#define MMU_USER_IDX   1
#define MMU_PHYS_IDX   2
#define TLB_BITS       8
#define TLB_SIZE       (1 << TLB_BITS)
#define TLB_VICTIM     8
#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1u << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(TARGET_PAGE_SIZE - 1))
/* low bits of the addr_* comparators */
#define TLB_INVALID_MASK (1u << 11)
#define TLB_NOTDIRTY     (1u << 10) /* page holds translated code: writes go slow */
#define TLB_MMIO         (1u << 9)  /* not RAM: every access goes slow */
#define TLB_FLAGS_MASK   (TLB_INVALID_MASK | TLB_NOTDIRTY | TLB_MMIO)

typedef struct CPUTLBEntry {
    uint32_t addr_read;
    uint32_t addr_write;
    uint32_t addr_code;
    uint32_t attrs; /* TLB_ATTR_* (softmmu/tlb.h): global page */
    uintptr_t addend; /* host = addend + vaddr for RAM pages */
    uint32_t paddr;   /* physical page (for MMIO, code pages) */
    uint32_t pad2;
} CPUTLBEntry;

#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1 << TB_JMP_CACHE_BITS)

typedef struct CPUStats {
    uint64_t tlb_hits;      /* inline (fast-path) hits, counted only under -d stats */
    uint64_t tlb_hits_slow; /* slow-path lookups that hit */
    uint64_t tlb_misses;
    uint64_t tlb_victim_hits;
    uint64_t tlb_flushes;      /* whole-TLB flushes (CR3 writes count too) */
    uint64_t tlb_flush_pages;  /* INVLPG and other one-page flushes */
    uint64_t exceptions;
    uint64_t jc_hits;
    uint64_t jc_misses;
} CPUStats;

typedef struct CPUX86State {
    /* --- IR globals: keep first --- */
    uint32_t regs[8];
    uint32_t eip;
    uint32_t cc_dst;
    uint32_t cc_src;
    uint32_t cc_src2;
    uint32_t cc_op;
    uint32_t eflags; /* IF, DF, TF, IOPL...; CC bits only when cc_op is EFLAGS */
    uint32_t seg_base[6]; /* copies of segs[].base for the IR */
    /* Instruction budget: each TB subtracts its length on entry and leaves
     * to the loop if that goes negative. cpu_exit() forces it negative. */
    int32_t icount_decr;
    uint32_t pad0;
    /* TCI's temporaries: bytecode addresses every operand as env + offset */
    uint32_t tci_frame[512];

    /* --- architectural state --- */
    SegmentCache segs[6];
    DescTable gdt, idt, ldt, tr;
    uint32_t cr[5];
    uint64_t efer;      /* IA32_EFER: only NXE is implemented */
    uint64_t pdpte[4];  /* PAE: the PDPTEs loaded by the last CR3/CR0/CR4 write */
    uint32_t dr[8];
    uint32_t hflags; /* translation flags, see HF_* in translate.h */
    uint32_t sysenter_cs, sysenter_esp, sysenter_eip;
    /* MTRRs (SDM vol. 3, 11.11), storage only: memory types are not modelled */
    uint64_t mtrr_def_type;
    uint64_t mtrr_var[16];  /* PHYSBASE0, PHYSMASK0, ... PHYSMASK7 (MSRs 0x200-0x20F) */
    uint64_t mtrr_fixed[11]; /* FIX64K_00000, FIX16K_80000/A0000, FIX4K_C0000..F8000 */
    uint64_t apic_base;
    int64_t tsc_offset;
    uint32_t a20_mask;
    bool halted;

    /* --- exceptions --- */
    int exception_index;
    int error_code;
    bool exception_is_int;
    uint32_t exception_next_eip;
    uintptr_t retaddr; /* host/bytecode pc of the op calling a helper (TCI) */
    sigjmp_buf jmp_env;

    /* --- hardware interrupts (the PIC drives INTR) --- */
    bool intr_line;                       /* INTR asserted */
    int (*intr_ack)(void *opaque);        /* INTA cycle: returns the vector */
    void *intr_opaque;
    int old_exception;                    /* for #DF: -1 when none in progress */
    bool delivering_ext; /* delivering an external event or an exception: a
                          * fault raised meanwhile gets EXT in its error code */
    /* Shutdown cycle (triple fault): the board resets or exits. NULL: the
     * CPU just halts (bare test harness). */
    void (*shutdown)(struct PCMachine *m, uint32_t cs, uint32_t eip);

    /* --- execution bookkeeping --- */
    bool exit_request;
    uint32_t cflags_next_tb; /* cflags for the next TB (SMC: 1 insn), 0 = none */
    int64_t icount_extra;   /* budget not yet handed to icount_decr */
    int32_t icount_given;   /* budget handed out for the current slice */
    uint64_t insns_executed;

    CPUStats stats;

    /* --- links --- */
    struct PCMachine *machine;
    struct AddressSpace *as;
    struct IOSpace *io;
    struct TBContext *tbs;
    const Log *log;

    CPUTLBEntry tlb[NB_MMU_MODES][TLB_SIZE];
    CPUTLBEntry tlb_v[NB_MMU_MODES][TLB_VICTIM];
    int tlb_v_next[NB_MMU_MODES];
    /* per mmu_idx: the region covered by 2/4 MiB pages in the TLB (INVLPG
     * there flushes the whole mmu_idx); mask 0 with addr -1 = none */
    uint32_t tlb_large_addr[NB_MMU_MODES];
    uint32_t tlb_large_mask[NB_MMU_MODES];
    struct TranslationBlock *tb_jmp_cache[TB_JMP_CACHE_SIZE];
} CPUX86State;

/* Create a CPU attached to the memory, I/O and TB cache; NULL on OOM. */
CPUX86State *cpu_x86_new(struct PCMachine *m, struct AddressSpace *as, struct IOSpace *io,
                         struct TBContext *tbs, const Log *log);
void cpu_x86_free(CPUX86State *env);
/* Power-on state: real mode at F000:FFF0, CS base 0xFFFF0000. */
void cpu_x86_reset(CPUX86State *env);
/* Multiboot entry state: flat 4 GiB CS/DS/ES/FS/GS/SS, CR0.PE, IF=0. */
void cpu_x86_set_flat32(CPUX86State *env, uint32_t eip);
/* Recompute hflags after a change of mode, CS, SS or segment bases. */
void cpu_x86_update_hflags(CPUX86State *env);
void cpu_x86_load_eflags(CPUX86State *env, uint32_t eflags, uint32_t update_mask);
uint32_t cpu_x86_get_eflags(CPUX86State *env);
void cpu_x86_dump_state(CPUX86State *env, FILE *f);

/* Run guest code until something needs the caller: returns EXCP_INTERRUPT
 * (budget used up or cpu_exit), EXCP_HALTED, or EXCP_STOP. */
int cpu_exec(CPUX86State *env, int64_t budget);
/* Ask cpu_exec to return at the next TB boundary (devices, timers). */
void cpu_exit(CPUX86State *env);
/* The interrupt controller raises or lowers INTR. */
void cpu_set_intr(CPUX86State *env, bool level);

#endif
