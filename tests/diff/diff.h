/*
 * diff.h - the differential tester: one guest, two back ends, one process.
 *
 * A DiffSide is a minimal board around one CPU: RAM laid out as the PC's
 * (0 - 0x9FFFF and 1 MiB up, the VGA window at 0xA0000 as MMIO), a serial
 * sink at COM1 (0x3F8: THR writes are kept, LSR reads "ready"), an exit
 * port at 0xF4 (isa-debug-exit), its own TB cache with the chosen back end
 * ("tci" or "tcg") and TB chaining off (-d nochain).
 *
 * diff_run runs two sides in lockstep: each cpu_exec call runs one TB (the
 * TB cache's exit hook stops the loop after it), the side that has retired
 * fewer guest instructions goes next, and whenever both have retired the
 * same number the architectural state (DiffState) is compared. Translation
 * is shared by the back ends, so TB boundaries normally agree; when they do
 * not (a TB halved on one side, a flush) the instruction count still lines
 * the two up. RAM and serial output are compared at the end and every
 * mem_every comparisons. The first difference stops the run.
 */
#ifndef PCEMU_DIFF_H
#define PCEMU_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu/cpu.h"
#include "softmmu/ioport.h"
#include "softmmu/log.h"
#include "softmmu/memory.h"
#include "tcg/tb.h"

#define DIFF_SERIAL_MAX (256 * 1024)

typedef struct DiffSide {
    const char *accel; /* "tci" or "tcg" */
    AddressSpace as;
    IOSpace io;
    struct VGAMemState *vga;
    TBContext *tbs;
    CPUX86State *env;
    Log log;
    uint8_t *ram;
    uint32_t ram_size;
    uint8_t uart_regs[8];
    char *serial; /* DIFF_SERIAL_MAX bytes, serial_len used */
    size_t serial_len;
    bool exited; /* the guest wrote to the exit port */
    uint32_t exit_value;
    bool done; /* exited or halted */
    uint64_t steps;
    uint32_t last_pc; /* linear pc of the last TB run */
} DiffSide;

/* The state compared at every common instruction count. */
typedef struct DiffState {
    uint32_t regs[8];
    uint32_t eip;
    uint32_t eflags; /* cpu_x86_get_eflags: lazy flags folded in */
    uint32_t seg_sel[6], seg_base[6], seg_limit[6], seg_flags[6];
    uint32_t cr[5];
    uint32_t gdt_base, gdt_limit, idt_base, idt_limit;
    uint32_t ldt_sel, tr_sel;
    uint32_t hflags;
    uint32_t dr7;
    uint64_t efer;
    bool halted;
} DiffState;

typedef struct DiffOptions {
    int64_t max_insns;  /* give up (as a mismatch) after this many */
    uint64_t mem_every; /* full RAM compare every N state compares, 0 = end only */
    bool quiet;         /* no report on stdout/err */
    bool skip_vga;      /* the VGA window is not compared (it is slow: MMIO) */
} DiffOptions;

typedef enum DiffResult {
    DIFF_SAME,     /* both ended (exit port or HLT) with equal state, RAM, serial */
    DIFF_MISMATCH, /* a difference: report printed */
    DIFF_TIMEOUT,  /* max_insns passed without a difference */
} DiffResult;

typedef struct DiffReport {
    uint64_t compares; /* state compares */
    uint64_t mem_compares;
    uint64_t insns;    /* guest instructions retired (side a) */
    uint64_t steps[2]; /* TBs run per side */
    char what[256];    /* first difference, one line; "" if none */
} DiffReport;

/* ram_mb MiB of RAM (>= 2), tb_mb MiB of code buffer. 0 or -1. */
int diff_side_init(DiffSide *s, const char *accel, uint32_t ram_mb, uint32_t tb_mb);
void diff_side_free(DiffSide *s);
/* Forget the run: TB cache flushed, serial and exit state cleared, the CPU
 * reset (RAM is left alone: the caller loads it). */
void diff_side_reset(DiffSide *s);
/* Load a multiboot ELF and enter it as pc_load_kernel does. 0 or -1. */
int diff_side_load_elf(DiffSide *s, const char *path, const char *cmdline, char *err,
                       size_t errlen);

void diff_state_capture(CPUX86State *env, DiffState *st);
/* Names the first differing field in buf; false when equal. */
bool diff_state_compare(const DiffState *a, const DiffState *b, char *buf, size_t buflen);
/* Both states, one field per line, differing lines marked with '*'. */
void diff_state_print(FILE *f, const DiffState *a, const char *name_a, const DiffState *b,
                      const char *name_b);

DiffResult diff_run(DiffSide *a, DiffSide *b, const DiffOptions *opt, DiffReport *rep);

#endif
