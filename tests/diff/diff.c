/*
 * diff.c - the differential tester's board and lockstep loop (see diff.h).
 *
 * Why lockstep by instruction count and not by TB: the back ends share the
 * translator, so a TB covers the same guest instructions on both, but
 * tb_gen_code may halve a TB on one side only (TCG_GEN_TOO_BIG depends on
 * the back end's code size) and the code buffer fills at different times.
 * insns_executed is exact on both (it is the TSC), so "same count" is the
 * one point where the architectural states must agree.
 */
#include "tests/diff/diff.h"

#include <stdlib.h>
#include <string.h>

#include "hw/vgamem.h"
#include "softmmu/loader.h"

#define DIFF_COM1        0x3f8
#define DIFF_EXIT_PORT   0xf4
#define DIFF_LSR_READY   0x60 /* THRE | TEMT */
#define DIFF_VGA_BASE    0xa0000u
#define DIFF_HIGH_RAM    0x100000u
#define DIFF_STEP_BUDGET (1 << 30)

/* --- the board: serial sink and exit port --- */

static uint32_t diff_uart_read(void *opaque, uint32_t offset, int size)
{
    DiffSide *s = opaque;
    (void)size;
    if (offset == 5) {
        return DIFF_LSR_READY;
    }
    if (offset == 0 && !(s->uart_regs[3] & 0x80)) {
        return 0; /* RBR: nothing received */
    }
    return s->uart_regs[offset & 7];
}

static void diff_uart_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    DiffSide *s = opaque;
    (void)size;
    if (offset == 0 && !(s->uart_regs[3] & 0x80)) {
        if (s->serial_len < DIFF_SERIAL_MAX) {
            s->serial[s->serial_len++] = (char)val;
        }
        return;
    }
    s->uart_regs[offset & 7] = (uint8_t)val;
}

static const IOOps diff_uart_ops = {
    .read = diff_uart_read,
    .write = diff_uart_write,
    .sizes = IO_SIZE8,
};

static uint32_t diff_exit_read(void *opaque, uint32_t offset, int size)
{
    (void)opaque;
    (void)offset;
    (void)size;
    return 0;
}

static void diff_exit_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    DiffSide *s = opaque;
    (void)offset;
    (void)size;
    if (!s->exited) {
        s->exited = true;
        s->exit_value = val;
    }
    cpu_exit(s->env);
}

static const IOOps diff_exit_ops = {
    .read = diff_exit_read,
    .write = diff_exit_write,
    .sizes = IO_SIZE8 | IO_SIZE16 | IO_SIZE32,
};

/* The TB cache's exit hook: one TB per cpu_exec call. */
static void diff_tb_exit(CPUX86State *env, void *opaque)
{
    DiffSide *s = opaque;
    s->steps++;
    cpu_exit(env);
}

int diff_side_init(DiffSide *s, const char *accel, uint32_t ram_mb, uint32_t tb_mb)
{
    char err[256];
    memset(s, 0, sizeof(*s));
    s->accel = accel;
    s->log.mask = LOG_NOCHAIN | (getenv("DIFF_LOG") ? LOG_IN_ASM | LOG_OP_OPT | LOG_OUT_ASM : 0);
    s->log.file = stderr;
    s->ram_size = ram_mb << 20;
    s->ram = calloc(1, s->ram_size);
    s->serial = malloc(DIFF_SERIAL_MAX);
    if (ram_mb < 2 || !s->ram || !s->serial || mem_init(&s->as) < 0) {
        return -1;
    }
    if (mem_map_ram(&s->as, "ram-low", 0, DIFF_VGA_BASE, s->ram) < 0 ||
        mem_map_ram(&s->as, "ram-high", DIFF_HIGH_RAM, s->ram_size - DIFF_HIGH_RAM,
                    s->ram + DIFF_HIGH_RAM) < 0 ||
        !(s->vga = vgamem_init(&s->as))) {
        return -1;
    }
    ioport_init(&s->io);
    if (ioport_register(&s->io, "serial", DIFF_COM1, 8, &diff_uart_ops, s) < 0 ||
        ioport_register(&s->io, "exit", DIFF_EXIT_PORT, 4, &diff_exit_ops, s) < 0) {
        return -1;
    }
    s->tbs = tb_context_new((size_t)tb_mb << 20, err, sizeof(err));
    if (!s->tbs || tb_context_set_backend(s->tbs, accel) < 0) {
        return -1;
    }
    tb_context_set_exit_hook(s->tbs, diff_tb_exit, s);
    s->env = cpu_x86_new(NULL, &s->as, &s->io, s->tbs, &s->log);
    if (!s->env) {
        return -1;
    }
    cpu_x86_reset(s->env);
    return 0;
}

void diff_side_free(DiffSide *s)
{
    if (s->env) {
        cpu_x86_free(s->env);
    }
    if (s->tbs) {
        tb_context_free(s->tbs);
    }
    if (s->vga) {
        vgamem_free(s->vga);
    }
    mem_destroy(&s->as);
    free(s->ram);
    free(s->serial);
    memset(s, 0, sizeof(*s));
}

void diff_side_reset(DiffSide *s)
{
    tb_flush(s->tbs);
    cpu_x86_reset(s->env);
    s->env->insns_executed = 0;
    memset(s->uart_regs, 0, sizeof(s->uart_regs));
    s->serial_len = 0;
    s->exited = false;
    s->exit_value = 0;
    s->done = false;
    s->steps = 0;
    s->last_pc = 0;
}

int diff_side_load_elf(DiffSide *s, const char *path, const char *cmdline, char *err, size_t errlen)
{
    LoaderResult res;
    if (loader_multiboot_file(&s->as, s->ram_size, path, cmdline, &res, err, errlen) < 0) {
        return -1;
    }
    cpu_x86_set_flat32(s->env, res.entry);
    s->env->regs[R_EAX] = MULTIBOOT_BOOTLOADER_MAGIC;
    s->env->regs[R_EBX] = res.info_addr;
    return 0;
}

/* --- state --- */

void diff_state_capture(CPUX86State *env, DiffState *st)
{
    memset(st, 0, sizeof(*st));
    memcpy(st->regs, env->regs, sizeof(st->regs));
    st->eip = env->eip;
    st->eflags = cpu_x86_get_eflags(env);
    for (int i = 0; i < 6; i++) {
        st->seg_sel[i] = env->segs[i].selector;
        st->seg_base[i] = env->segs[i].base;
        st->seg_limit[i] = env->segs[i].limit;
        st->seg_flags[i] = env->segs[i].flags;
    }
    memcpy(st->cr, env->cr, sizeof(st->cr));
    st->gdt_base = env->gdt.base;
    st->gdt_limit = env->gdt.limit;
    st->idt_base = env->idt.base;
    st->idt_limit = env->idt.limit;
    st->ldt_sel = env->ldt.selector;
    st->tr_sel = env->tr.selector;
    st->hflags = env->hflags;
    st->dr7 = env->dr[7];
    st->efer = env->efer;
    st->halted = env->halted;
}

/* One row per field: name and its value in either state. */
typedef struct DiffField {
    char name[16];
    uint64_t a, b;
} DiffField;

static const char *const diff_reg_names[8] = {"eax", "ecx", "edx", "ebx",
                                              "esp", "ebp", "esi", "edi"};
static const char *const diff_seg_names[6] = {"es", "cs", "ss", "ds", "fs", "gs"};

static void diff_add(DiffField *f, int *n, const char *name, uint64_t a, uint64_t b)
{
    snprintf(f[*n].name, sizeof(f[*n].name), "%s", name);
    f[*n].a = a;
    f[*n].b = b;
    (*n)++;
}

/* The fields of both states in print order; returns their number. */
static int diff_fields(const DiffState *a, const DiffState *b, DiffField *f)
{
    char name[16];
    int n = 0;
    for (int i = 0; i < 8; i++) {
        diff_add(f, &n, diff_reg_names[i], a->regs[i], b->regs[i]);
    }
    diff_add(f, &n, "eip", a->eip, b->eip);
    diff_add(f, &n, "eflags", a->eflags, b->eflags);
    for (int i = 0; i < 6; i++) {
        snprintf(name, sizeof(name), "%s.sel", diff_seg_names[i]);
        diff_add(f, &n, name, a->seg_sel[i], b->seg_sel[i]);
        snprintf(name, sizeof(name), "%s.base", diff_seg_names[i]);
        diff_add(f, &n, name, a->seg_base[i], b->seg_base[i]);
        snprintf(name, sizeof(name), "%s.limit", diff_seg_names[i]);
        diff_add(f, &n, name, a->seg_limit[i], b->seg_limit[i]);
        snprintf(name, sizeof(name), "%s.flags", diff_seg_names[i]);
        diff_add(f, &n, name, a->seg_flags[i], b->seg_flags[i]);
    }
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof(name), "cr%d", i);
        diff_add(f, &n, name, a->cr[i], b->cr[i]);
    }
    diff_add(f, &n, "gdt.base", a->gdt_base, b->gdt_base);
    diff_add(f, &n, "gdt.limit", a->gdt_limit, b->gdt_limit);
    diff_add(f, &n, "idt.base", a->idt_base, b->idt_base);
    diff_add(f, &n, "idt.limit", a->idt_limit, b->idt_limit);
    diff_add(f, &n, "ldtr", a->ldt_sel, b->ldt_sel);
    diff_add(f, &n, "tr", a->tr_sel, b->tr_sel);
    diff_add(f, &n, "hflags", a->hflags, b->hflags);
    diff_add(f, &n, "dr7", a->dr7, b->dr7);
    diff_add(f, &n, "efer", a->efer, b->efer);
    diff_add(f, &n, "halted", a->halted, b->halted);
    return n;
}

#define DIFF_MAX_FIELDS 64

bool diff_state_compare(const DiffState *a, const DiffState *b, char *buf, size_t buflen)
{
    if (memcmp(a, b, sizeof(*a)) == 0) {
        return false; /* the common case: capture zeroes the padding */
    }
    DiffField f[DIFF_MAX_FIELDS];
    int n = diff_fields(a, b, f);
    for (int i = 0; i < n; i++) {
        if (f[i].a != f[i].b) {
            snprintf(buf, buflen, "%s: %08llx vs %08llx", f[i].name, (unsigned long long)f[i].a,
                     (unsigned long long)f[i].b);
            return true;
        }
    }
    return false;
}

void diff_state_print(FILE *f, const DiffState *a, const char *name_a, const DiffState *b,
                      const char *name_b)
{
    DiffField fl[DIFF_MAX_FIELDS];
    int n = diff_fields(a, b, fl);
    fprintf(f, "  %-10s %-10s %-10s\n", "", name_a, name_b);
    for (int i = 0; i < n; i++) {
        fprintf(f, "%c %-10s %08llx   %08llx\n", fl[i].a != fl[i].b ? '*' : ' ', fl[i].name,
                (unsigned long long)fl[i].a, (unsigned long long)fl[i].b);
    }
}

/* --- the lockstep loop --- */

static void diff_step(DiffSide *s)
{
    CPUX86State *env = s->env;
    s->last_pc = env->segs[R_CS].base + env->eip;
    int r = cpu_exec(env, DIFF_STEP_BUDGET);
    if (r == EXCP_HALTED || s->exited) {
        s->done = true;
    }
}

/* First differing byte of RAM, the VGA window or the serial output. */
static bool diff_memory(DiffSide *a, DiffSide *b, bool vga, char *buf, size_t buflen)
{
    if (a->ram_size != b->ram_size || memcmp(a->ram, b->ram, a->ram_size) != 0) {
        for (uint32_t i = 0; i < a->ram_size && i < b->ram_size; i++) {
            if (a->ram[i] != b->ram[i]) {
                snprintf(buf, buflen, "RAM at %08x: %02x vs %02x", i, a->ram[i], b->ram[i]);
                return true;
            }
        }
        snprintf(buf, buflen, "RAM size %u vs %u", a->ram_size, b->ram_size);
        return true;
    }
    /* the VGA window is MMIO (mmio_exec runs code there): word by word */
    for (uint32_t off = 0; vga && off < VGAMEM_SIZE; off += 4) {
        uint32_t va = mem_read(&a->as, DIFF_VGA_BASE + off, 4);
        uint32_t vb = mem_read(&b->as, DIFF_VGA_BASE + off, 4);
        if (va != vb) {
            snprintf(buf, buflen, "VGA memory at %08x: %08x vs %08x", DIFF_VGA_BASE + off, va, vb);
            return true;
        }
    }
    size_t n = a->serial_len < b->serial_len ? a->serial_len : b->serial_len;
    if (memcmp(a->serial, b->serial, n) != 0 || a->serial_len != b->serial_len) {
        size_t i = 0;
        while (i < n && a->serial[i] == b->serial[i]) {
            i++;
        }
        snprintf(buf, buflen, "serial output differs at byte %zu (lengths %zu, %zu)", i,
                 a->serial_len, b->serial_len);
        return true;
    }
    return false;
}

static void diff_print_mismatch(DiffSide *a, DiffSide *b, DiffReport *rep)
{
    DiffState sa, sb;
    diff_state_capture(a->env, &sa);
    diff_state_capture(b->env, &sb);
    fprintf(stderr, "diff: MISMATCH after %llu instructions: %s\n",
            (unsigned long long)a->env->insns_executed, rep->what);
    fprintf(stderr, "diff: last TB pc %s %08x (%llu TBs), %s %08x (%llu TBs); insns %llu, %llu\n",
            a->accel, a->last_pc, (unsigned long long)a->steps, b->accel, b->last_pc,
            (unsigned long long)b->steps, (unsigned long long)a->env->insns_executed,
            (unsigned long long)b->env->insns_executed);
    diff_state_print(stderr, &sa, a->accel, &sb, b->accel);
}

static DiffResult diff_fail(DiffSide *a, DiffSide *b, const DiffOptions *opt, DiffReport *rep)
{
    rep->insns = a->env->insns_executed;
    rep->steps[0] = a->steps;
    rep->steps[1] = b->steps;
    if (!opt->quiet) {
        diff_print_mismatch(a, b, rep);
    }
    return DIFF_MISMATCH;
}

/* Compare at a common instruction count; true on a difference. */
static bool diff_check_point(DiffSide *a, DiffSide *b, const DiffOptions *opt, DiffReport *rep)
{
    DiffState sa, sb;
    diff_state_capture(a->env, &sa);
    diff_state_capture(b->env, &sb);
    rep->compares++;
    if (diff_state_compare(&sa, &sb, rep->what, sizeof(rep->what))) {
        return true;
    }
    if (a->exited != b->exited || a->exit_value != b->exit_value) {
        snprintf(rep->what, sizeof(rep->what), "exit port: %s %d/%08x, %s %d/%08x", a->accel,
                 a->exited, a->exit_value, b->accel, b->exited, b->exit_value);
        return true;
    }
    if (opt->mem_every && rep->compares % opt->mem_every == 0) {
        rep->mem_compares++;
        return diff_memory(a, b, !opt->skip_vga, rep->what, sizeof(rep->what));
    }
    return false;
}

DiffResult diff_run(DiffSide *a, DiffSide *b, const DiffOptions *opt, DiffReport *rep)
{
    memset(rep, 0, sizeof(*rep));
    for (;;) {
        uint64_t ia = a->env->insns_executed, ib = b->env->insns_executed;
        if (a->done && b->done) {
            break;
        }
        if ((int64_t)(ia < ib ? ia : ib) > opt->max_insns) {
            rep->insns = ia;
            snprintf(rep->what, sizeof(rep->what), "no end after %lld instructions",
                     (long long)opt->max_insns);
            return DIFF_TIMEOUT;
        }
        bool run_a = !a->done && ia <= ib, run_b = !b->done && ib <= ia;
        if (!run_a && !run_b) {
            /* the one that is behind has ended: the other went further */
            snprintf(rep->what, sizeof(rep->what), "%s ended at %llu instructions, %s did not",
                     a->done ? a->accel : b->accel, (unsigned long long)(a->done ? ia : ib),
                     a->done ? b->accel : a->accel);
            return diff_fail(a, b, opt, rep);
        }
        if (run_a) {
            diff_step(a);
        }
        if (run_b) {
            diff_step(b);
        }
        if (a->env->insns_executed == b->env->insns_executed && a->done == b->done &&
            diff_check_point(a, b, opt, rep)) {
            return diff_fail(a, b, opt, rep);
        }
    }
    rep->insns = a->env->insns_executed;
    rep->steps[0] = a->steps;
    rep->steps[1] = b->steps;
    if (a->env->insns_executed != b->env->insns_executed) {
        snprintf(rep->what, sizeof(rep->what), "ended at %llu vs %llu instructions",
                 (unsigned long long)a->env->insns_executed,
                 (unsigned long long)b->env->insns_executed);
        return diff_fail(a, b, opt, rep);
    }
    if (diff_check_point(a, b, opt, rep)) {
        return diff_fail(a, b, opt, rep);
    }
    rep->mem_compares++;
    if (diff_memory(a, b, !opt->skip_vga, rep->what, sizeof(rep->what))) {
        return diff_fail(a, b, opt, rep);
    }
    return DIFF_SAME;
}
