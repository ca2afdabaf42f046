/*
 * pc.c - the PC board: memory map, port wiring, the machine's lifetime and
 * the run loop.
 *
 * PCMachine owns everything mutable: RAM, the address and port spaces, the
 * TB cache, the CPU, the chardevs, the devices and the log. Memory map:
 *   0x00000000-0x0009FFFF  RAM (conventional memory)
 *   0x000A0000-0x000BFFFF  legacy video window (hw/vgamem.c, MMIO)
 *   0x000C0000-0x000FFFFF  unassigned (option ROMs and the BIOS later)
 *   0x00100000-ram_size-1  RAM (extended memory)
 * Host RAM is one allocation indexed by physical address, so the hole's
 * bytes exist but are never mapped. Ports: COM1 0x3F8 (unless -serial
 * none / -nodefaults), isa-debug-exit (default 0xF4), debugcon (0xE9 or
 * as given), ACPI PM1a_CNT 0x604 (power-off, unless -nodefaults).
 *
 * The run loop gives the CPU slices of PC_SLICE_INSNS instructions and
 * polls host input between them. Devices stop the machine only through
 * pc_request_exit / pc_request_reset, which record the request and make
 * cpu_exec return at the next TB boundary. Reset reloads the multiboot
 * kernel (there is no BIOS yet to run from the reset vector), as QEMU's
 * -kernel boot does after a reset.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu/cpu.h"
#include "hw/debugcon.h"
#include "hw/debugexit.h"
#include "hw/pc.h"
#include "hw/poweroff.h"
#include "hw/uart16550.h"
#include "hw/vgamem.h"
#include "softmmu/loader.h"
#include "tcg/tb.h"

#define PC_SLICE_INSNS 100000
#define PC_DEMO_NAME   "pcemu-demo"

struct PCMachine {
    PCConfig conf;
    Log log;
    AddressSpace as;
    IOSpace io;
    uint8_t *ram;
    uint32_t ram_size;
    TBContext *tbs;
    CPUX86State *env;
    CharDev *chr[PC_MAX_CHARDEVS];
    bool chr_owned[PC_MAX_CHARDEVS]; /* stdio is opened once and shared */
    UARTState *uart;
    int uart_chr;
    DebugconState *debugcon[PC_MAX_DEBUGCONS];
    DebugExitState *exitdev[PC_MAX_EXITDEVS];
    PowerOffState *poweroff;
    VGAMemState *vgamem;
    const char *kernel; /* what pc_load_kernel loaded, for reset */
    const char *cmdline;
    bool exit_requested;
    int exit_status;
    bool reset_requested;
    int64_t start_ns;
    uint64_t slices;
};

static int64_t pc_host_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Chardev ids made by -serial/-debugcon start with '#': name them by option. */
static const char *pc_chr_name(const PCChardevConf *c)
{
    return c->id[0] == '#' ? c->id + 1 : c->id;
}

static int pc_open_chardevs(PCMachine *m, char *err, size_t errlen)
{
    int i, stdio_idx = -1;

    for (i = 0; i < m->conf.nchardevs; i++) {
        const PCChardevConf *c = &m->conf.chardevs[i];
        char why[256];

        if (strcmp(c->kind, "stdio") == 0 && stdio_idx >= 0) {
            m->chr[i] = m->chr[stdio_idx];
            continue;
        }
        m->chr[i] = chr_open(c->kind, c->path, why, sizeof(why));
        if (!m->chr[i]) {
            snprintf(err, errlen, "chardev '%s': %s", pc_chr_name(c), why);
            return -1;
        }
        m->chr_owned[i] = true;
        if (strcmp(c->kind, "stdio") == 0) {
            stdio_idx = i;
        }
    }
    return 0;
}

static CharDev *pc_chr(PCMachine *m, int idx)
{
    return idx >= 0 && idx < m->conf.nchardevs ? m->chr[idx] : NULL;
}

static int pc_init_devices(PCMachine *m, char *err, size_t errlen)
{
    const PCConfig *conf = &m->conf;
    int i;

    for (i = 0; i < conf->nexitdev; i++) {
        m->exitdev[i] = debugexit_init(m, &m->io, conf->exitdev[i].iobase, conf->exitdev[i].iosize);
        if (!m->exitdev[i]) {
            snprintf(err, errlen, "isa-debug-exit: ports 0x%x-0x%x are already in use",
                     conf->exitdev[i].iobase,
                     conf->exitdev[i].iobase + conf->exitdev[i].iosize - 1);
            return -1;
        }
    }
    if (conf->poweroff && !(m->poweroff = poweroff_init(m, &m->io, POWEROFF_IOBASE))) {
        snprintf(err, errlen, "power-off port 0x%x is already in use", POWEROFF_IOBASE);
        return -1;
    }
    if (conf->serial_chr >= 0) {
        m->uart = uart_init(&m->io, UART_COM1_BASE, NULL, pc_chr(m, conf->serial_chr));
        if (!m->uart) {
            snprintf(err, errlen, "serial: ports 0x%x-0x%x are already in use", UART_COM1_BASE,
                     UART_COM1_BASE + 7);
            return -1;
        }
        m->uart_chr = conf->serial_chr;
    }
    for (i = 0; i < conf->ndebugcon; i++) {
        m->debugcon[i] =
            debugcon_init(&m->io, conf->debugcon[i].iobase, pc_chr(m, conf->debugcon[i].chr));
        if (!m->debugcon[i]) {
            snprintf(err, errlen, "debugcon: port 0x%x is already in use",
                     conf->debugcon[i].iobase);
            return -1;
        }
    }
    return 0;
}

static int pc_init_memory(PCMachine *m, char *err, size_t errlen)
{
    m->ram_size = m->conf.ram_mb << 20;
    m->ram = calloc(1, m->ram_size);
    if (!m->ram || mem_init(&m->as) < 0) {
        snprintf(err, errlen, "cannot allocate %u MiB of guest RAM", m->conf.ram_mb);
        return -1;
    }
    if (mem_map_ram(&m->as, "ram-low", 0, VGAMEM_BASE, m->ram) < 0 ||
        mem_map_ram(&m->as, "ram-high", 0x100000, m->ram_size - 0x100000, m->ram + 0x100000) < 0 ||
        !(m->vgamem = vgamem_init(&m->as))) {
        snprintf(err, errlen, "cannot build the memory map");
        return -1;
    }
    return 0;
}

static int pc_open_log(PCMachine *m, char *err, size_t errlen)
{
    m->log.mask = m->conf.log_mask;
    m->log.file = stderr;
    if (m->conf.log_file) {
        m->log.file = fopen(m->conf.log_file, "w");
        if (!m->log.file) {
            snprintf(err, errlen, "-D %s: %s", m->conf.log_file, strerror(errno));
            m->log.file = stderr;
            return -1;
        }
        setvbuf(m->log.file, NULL, _IOLBF, 0);
    }
    return 0;
}

PCMachine *pc_init(const PCConfig *conf, char *err, size_t errlen)
{
    PCMachine *m;

    if (conf->graphic) {
        snprintf(err, errlen, "SDL display not available yet (use -nographic or -display none)");
        return NULL;
    }
    m = calloc(1, sizeof(*m));
    if (!m) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    m->conf = *conf;
    m->uart_chr = -1;
    m->start_ns = pc_host_ns();
    ioport_init(&m->io);
    if (pc_open_log(m, err, errlen) < 0 || pc_init_memory(m, err, errlen) < 0 ||
        pc_open_chardevs(m, err, errlen) < 0 || pc_init_devices(m, err, errlen) < 0) {
        pc_free(m);
        return NULL;
    }
    m->tbs = tb_context_new((size_t)conf->tb_size_mb << 20, err, errlen);
    if (!m->tbs) {
        pc_free(m);
        return NULL;
    }
    tb_context_set_backend(m->tbs, conf->tci ? "tci" : "tcg");

    m->env = cpu_x86_new(m, &m->as, &m->io, m->tbs, &m->log);
    if (!m->env) {
        snprintf(err, errlen, "out of memory creating the CPU");
        pc_free(m);
        return NULL;
    }
    cpu_x86_reset(m->env);
    m->env->shutdown = pc_triple_fault;
    return m;
}

void pc_free(PCMachine *m)
{
    int i;

    if (!m) {
        return;
    }
    if (m->env) {
        cpu_x86_free(m->env);
    }
    if (m->tbs) {
        tb_context_free(m->tbs);
    }
    uart_free(m->uart);
    poweroff_free(m->poweroff);
    vgamem_free(m->vgamem);
    for (i = 0; i < PC_MAX_DEBUGCONS; i++) {
        debugcon_free(m->debugcon[i]);
    }
    for (i = 0; i < PC_MAX_EXITDEVS; i++) {
        debugexit_free(m->exitdev[i]);
    }
    for (i = 0; i < PC_MAX_CHARDEVS; i++) {
        if (m->chr_owned[i]) {
            chr_close(m->chr[i]);
        }
    }
    mem_destroy(&m->as);
    free(m->ram);
    if (m->log.file && m->log.file != stderr) {
        fclose(m->log.file);
    }
    free(m);
}

int pc_load_kernel(PCMachine *m, const char *path, const char *cmdline, char *err, size_t errlen)
{
    LoaderResult res;
    int ret;

    if (path) {
        ret = loader_multiboot_file(&m->as, m->ram_size, path, cmdline, &res, err, errlen);
    } else {
        ret = loader_multiboot_mem(&m->as, m->ram_size, pcemu_demo_elf, pcemu_demo_elf_len,
                                   PC_DEMO_NAME, cmdline, &res, err, errlen);
    }
    if (ret < 0) {
        return -1;
    }
    m->kernel = path;
    m->cmdline = cmdline;
    cpu_x86_set_flat32(m->env, res.entry);
    m->env->regs[R_EAX] = MULTIBOOT_BOOTLOADER_MAGIC;
    m->env->regs[R_EBX] = res.info_addr;
    return 0;
}

void pc_request_exit(PCMachine *m, int status)
{
    if (!m->exit_requested) {
        m->exit_requested = true;
        m->exit_status = status;
    }
    if (m->env) {
        cpu_exit(m->env);
    }
}

void pc_request_reset(PCMachine *m)
{
    if (m->conf.no_reboot) {
        if (!m->exit_requested) {
            fprintf(stderr, "pcemu: guest requested a reset; exiting (-no-reboot)\n");
        }
        pc_request_exit(m, 0);
        return;
    }
    m->reset_requested = true;
    if (m->env) {
        cpu_exit(m->env);
    }
}

int64_t pc_clock_ns(PCMachine *m)
{
    if (m->conf.icount_shift >= 0) {
        return (int64_t)(m->env->insns_executed << m->conf.icount_shift);
    }
    return pc_host_ns() - m->start_ns;
}

/* System reset: devices and CPU to power-on state, then the kernel again. */
static int pc_reset(PCMachine *m)
{
    char err[512];
    int i;

    m->reset_requested = false;
    if (m->uart) {
        uart_reset(m->uart);
    }
    if (m->poweroff) {
        poweroff_reset(m->poweroff);
    }
    for (i = 0; i < PC_MAX_DEBUGCONS; i++) {
        if (m->debugcon[i]) {
            debugcon_reset(m->debugcon[i]);
        }
    }
    vgamem_reset(m->vgamem);
    cpu_x86_reset(m->env);
    if (pc_load_kernel(m, m->kernel, m->cmdline, err, sizeof(err)) < 0) {
        fprintf(stderr, "pcemu: after reset: %s\n", err);
        return -1;
    }
    return 0;
}

/* Between slices: host input into the UART, and the Ctrl-A x escape on
 * stdio even when no UART reads it. */
static void pc_poll_host(PCMachine *m)
{
    int i;

    if (m->uart) {
        uart_poll(m->uart);
    }
    for (i = 0; i < m->conf.nchardevs; i++) {
        CharDev *chr = m->chr[i];
        uint8_t scratch[64];

        if (!m->chr_owned[i]) {
            continue;
        }
        if (!m->uart || m->chr[m->uart_chr] != chr) {
            while (chr_read(chr, scratch, sizeof(scratch)) > 0) {
                /* input for no device: only the escapes matter */
            }
        }
        if (chr_quit_requested(chr) && !m->exit_requested) {
            fprintf(stderr, "pcemu: terminated by Ctrl-A x\n");
            pc_request_exit(m, 0);
        }
    }
}

static void pc_report_halt(PCMachine *m)
{
    if (m->env->eflags & IF_MASK) {
        fprintf(stderr, "pcemu: guest halted waiting for an interrupt, and none can arrive\n");
    } else {
        fprintf(stderr, "pcemu: guest halted with interrupts disabled\n");
    }
}

int pc_run(PCMachine *m)
{
    for (;;) {
        int r;

        if (m->exit_requested) {
            break;
        }
        if (m->reset_requested && pc_reset(m) < 0) {
            return 1;
        }
        r = cpu_exec(m->env, PC_SLICE_INSNS);
        m->slices++;
        pc_poll_host(m);
        if (m->exit_requested) {
            break;
        }
        if (r == EXCP_HALTED) {
            pc_report_halt(m);
            return 0;
        }
    }
    return m->exit_status;
}

void pc_print_stats(PCMachine *m)
{
    const Log *log = &m->log;

    if (!log_enabled(log, LOG_STATS)) {
        return;
    }
    tb_print_stats(m->tbs, m->env, log);
    /* one "pcemu-stats NAME VALUE" line per counter, as tests/guest parses */
    log_printf(log, "pcemu-stats insns_executed %llu\n",
               (unsigned long long)m->env->insns_executed);
    log_printf(log, "pcemu-stats host_ms %lld\n",
               (long long)((pc_host_ns() - m->start_ns) / 1000000));
    log_printf(log, "pcemu-stats slices %llu\n", (unsigned long long)m->slices);
    log_printf(log, "pcemu-stats exit_status %d\n", m->exit_status);
}

void pc_triple_fault(PCMachine *m, uint32_t cs, uint32_t eip)
{
    fprintf(stderr, "pcemu: triple fault at %04x:%08x, %s\n", cs, eip,
            m->conf.no_reboot ? "shutting down (-no-reboot)" : "resetting");
    pc_request_reset(m);
}
