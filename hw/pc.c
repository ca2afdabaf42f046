/*
 * pc.c - the PC board: memory map, port wiring, the machine's lifetime and
 * the run loop.
 *
 * PCMachine owns everything mutable: RAM, the address and port spaces, the
 * TB cache, the CPU, the chardevs, the devices and the log. Memory map:
 *   0x00000000-0x0009FFFF  RAM (conventional memory)
 *   0x000A0000-0x000BFFFF  VGA memory window (hw/vga.c, MMIO; ports 0x3B0-0x3DF)
 *   0x000C0000-0x000FFFFF  unassigned; with -bios a RAM copy of the ROM's
 *                          last 128 KiB (all of a 64 KiB one) ends at
 *                          0x000FFFFF (writable, see pc_map_bios)
 *   0x00100000-ram_size-1  RAM (extended memory)
 *   4 GiB - ROM size ..    -bios ROM (raw image, 64 KiB to 1 MiB)
 * Host RAM is one allocation indexed by physical address, so the hole's
 * bytes exist but are never mapped. Ports: COM1 0x3F8 (unless -serial
 * none / -nodefaults), isa-debug-exit (default 0xF4), debugcon (0xE9 or
 * as given), ACPI PM1a_CNT 0x604 (power-off, unless -nodefaults).
 *
 * The run loop gives the CPU slices of PC_SLICE_INSNS instructions and
 * polls host input between them. Devices stop the machine only through
 * pc_request_exit / pc_request_reset, which record the request and make
 * cpu_exec return at the next TB boundary. Reset reloads the multiboot
 * kernel, as QEMU's -kernel boot does after a reset. With -bios and no
 * -kernel nothing is loaded: the CPU starts (and restarts) at the reset
 * vector in the ROM. With both, the ROM is mapped but the kernel runs.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu/cpu.h"
#include "hw/debugcon.h"
#include "hw/debugexit.h"
#include "hw/dma8237.h"
#include "hw/fdc.h"
#include "hw/i8042.h"
#include "hw/ide.h"
#include "hw/pc.h"
#include "hw/pic8259.h"
#include "hw/pit8254.h"
#include "hw/port92.h"
#include "hw/poweroff.h"
#include "hw/resetctl.h"
#include "hw/rtc_cmos.h"
#include "hw/uart16550.h"
#include "hw/vga.h"
#include "softmmu/block.h"
#include "softmmu/clock.h"
#include "softmmu/loader.h"
#include "softmmu/tlb.h"
#include "softmmu/monitor.h"
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
    Clock clock;       /* the virtual clock and its timers */
    int64_t icount_bias; /* -icount: ns skipped while halted */
    IRQLine intr;      /* PIC INTR -> CPU */
    PICState *pic;
    PITState *pit;
    RTCState *rtc;
    UARTState *uart;
    int uart_chr;
    DebugconState *debugcon[PC_MAX_DEBUGCONS];
    DebugExitState *exitdev[PC_MAX_EXITDEVS];
    PowerOffState *poweroff;
    KBDState *kbd;
    Port92State *port92;
    RCRState *rcr;
    DMAState *dma;
    FDCState *fdc;
    IDEState *ide; /* only with -hda */
    BlockDev *fda;
    BlockDev *hda;
    unsigned a20_sources; /* PC_A20_* inputs asking for A20 */
    VGAState *vga;
    Monitor *mon;
    uint8_t *bios;      /* the -bios image, mapped as ROM */
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

static int64_t pc_clock_read(void *opaque)
{
    return pc_clock_ns(opaque);
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

static void pc_set_intr(void *opaque, int n, int level)
{
    PCMachine *m = opaque;

    (void)n;
    if (m->env) {
        cpu_set_intr(m->env, level != 0);
    }
}

static int pc_intr_ack(void *opaque)
{
    PCMachine *m = opaque;

    return pic_intr_ack(m->pic);
}

/* The CMOS fields a PC BIOS reads (QEMU's pc_cmos_init): memory sizes. */
static void pc_cmos_init(PCMachine *m)
{
    uint32_t ext_kb = m->ram_size / 1024 - 1024;
    uint32_t high = m->ram_size > (16u << 20) ? (m->ram_size >> 16) - 256 : 0;

    ext_kb = ext_kb > 0xffff ? 0xffff : ext_kb;
    high = high > 0xffff ? 0xffff : high;
    rtc_cmos_write(m->rtc, RTC_CMOS_BASE_LO, 640 & 0xff);
    rtc_cmos_write(m->rtc, RTC_CMOS_BASE_HI, 640 >> 8);
    rtc_cmos_write(m->rtc, RTC_CMOS_EXT_LO, (uint8_t)ext_kb);
    rtc_cmos_write(m->rtc, RTC_CMOS_EXT_HI, (uint8_t)(ext_kb >> 8));
    rtc_cmos_write(m->rtc, RTC_CMOS_EXT2_LO, (uint8_t)ext_kb);
    rtc_cmos_write(m->rtc, RTC_CMOS_EXT2_HI, (uint8_t)(ext_kb >> 8));
    rtc_cmos_write(m->rtc, RTC_CMOS_HIGHMEM_LO, (uint8_t)high);
    rtc_cmos_write(m->rtc, RTC_CMOS_HIGHMEM_HI, (uint8_t)(high >> 8));
    rtc_cmos_write(m->rtc, RTC_CMOS_EQUIPMENT, 0x00); /* no x87 (CPUID says so), VGA, no floppy */
    /* Boot order in 3Dh as QEMU/SeaBIOS: low nibble first device, high
     * nibble second; 1 floppy, 2 hard disk. */
    uint8_t order = 0;
    for (int i = 0; i < 2 && m->conf.boot_order[i]; i++) {
        order |= (uint8_t)((m->conf.boot_order[i] == 'a' ? 1 : 2) << (4 * i));
    }
    rtc_cmos_write(m->rtc, 0x3d, order);
    /* pcemu's own BIOS mirrors the console to COM1 when there is no display
     * (firmware/bios/bios.h CMOS_PCEMU_FLAGS) */
    rtc_cmos_write(m->rtc, 0x5f, m->conf.graphic ? 0x00 : 0x01);
    rtc_cmos_update_checksum(m->rtc);
}

/* PIC, PIT and RTC: always there (they are the board, not -nodefaults). */
static int pc_init_timers(PCMachine *m, char *err, size_t errlen)
{
    /* under -icount the RTC starts at 2000-01-01 00:00:00 UTC: reproducible */
    int64_t rtc_base = m->conf.icount_shift >= 0 ? 946684800 : (int64_t)time(NULL);

    irq_init(&m->intr, pc_set_intr, m, 0);
    m->pic = pic_init(&m->io, &m->intr);
    if (!m->pic) {
        snprintf(err, errlen, "PIC: ports 0x20-0x21, 0xa0-0xa1 or 0x4d0-0x4d1 are already in use");
        return -1;
    }
    m->pit = pit_init(&m->io, &m->clock, pic_irq(m->pic, PIT_IRQ));
    if (!m->pit) {
        snprintf(err, errlen, "PIT: ports 0x40-0x43 or 0x61 are already in use");
        return -1;
    }
    m->rtc = rtc_init(&m->io, &m->clock, pic_irq(m->pic, RTC_IRQ), rtc_base);
    if (!m->rtc) {
        snprintf(err, errlen, "RTC: ports 0x70-0x71 are already in use");
        return -1;
    }
    pc_cmos_init(m);
    return 0;
}

/* CMOS drive fields (QEMU's pc_cmos_init): floppy type, equipment
 * bit 0, and the hard disk as user type 47 with its CHS at 0x1B. */
static void pc_cmos_drives(PCMachine *m)
{
    int cyls, heads, spt, ftype = fdc_drive_type(m->fdc, 0);

    rtc_cmos_write(m->rtc, RTC_CMOS_FLOPPY, (uint8_t)(ftype << 4));
    if (ftype) {
        rtc_cmos_write(m->rtc, RTC_CMOS_EQUIPMENT, rtc_cmos_read(m->rtc, RTC_CMOS_EQUIPMENT) | 0x01);
    }
    if (m->ide && ide_geometry(m->ide, &cyls, &heads, &spt)) {
        const uint8_t t47[9] = {(uint8_t)cyls, (uint8_t)(cyls >> 8), (uint8_t)heads, 0xff, 0xff,
                                (uint8_t)(0xc0 | (heads > 8 ? 0x08 : 0)), (uint8_t)cyls,
                                (uint8_t)(cyls >> 8), (uint8_t)spt};

        rtc_cmos_write(m->rtc, RTC_CMOS_DISK, 0xf0);
        rtc_cmos_write(m->rtc, 0x19, 47);
        for (int i = 0; i < 9; i++) {
            rtc_cmos_write(m->rtc, 0x1b + i, t47[i]);
        }
    }
    rtc_cmos_update_checksum(m->rtc);
}

/* -fda / -hda: open the images and attach them (one error line each). */
static int pc_open_drives(PCMachine *m, char *err, size_t errlen)
{
    const PCConfig *conf = &m->conf;

    if (conf->fda.path[0]) {
        m->fda = blk_open(conf->fda.path, conf->fda.readonly, conf->snapshot, err, errlen);
        if (!m->fda || fdc_attach(m->fdc, 0, m->fda, err, errlen) < 0) {
            return -1;
        }
    }
    if (conf->hda.path[0]) {
        m->hda = blk_open(conf->hda.path, conf->hda.readonly, conf->snapshot, err, errlen);
        if (!m->hda) {
            return -1;
        }
        m->ide = ide_init(&m->io, pic_irq(m->pic, IDE_IRQ), &m->log);
        if (!m->ide) {
            snprintf(err, errlen, "IDE: ports 0x1f0-0x1f7 or 0x3f6 are already in use");
            return -1;
        }
        if (ide_attach(m->ide, m->hda, err, errlen) < 0) {
            return -1;
        }
    }
    return 0;
}

/* 8042 (+PS/2), port 0x92, 0xCF9, DMA, floppy controller: board devices
 * like the PIC, there with -nodefaults too. The IDE channel exists only
 * with a disk (its ports then float, as on a board without one). */
static int pc_init_platform(PCMachine *m, char *err, size_t errlen)
{
    m->kbd = kbd_init(m, &m->io, pic_irq(m->pic, KBD_IRQ), pic_irq(m->pic, KBD_MOUSE_IRQ),
                      &m->log);
    m->port92 = port92_init(m, &m->io);
    m->rcr = rcr_init(m, &m->io);
    m->dma = dma_init(&m->io, &m->as, &m->log);
    m->fdc = m->dma ? fdc_init(&m->io, m->dma, pic_irq(m->pic, FDC_IRQ), &m->log) : NULL;
    if (!m->kbd || !m->port92 || !m->rcr || !m->dma || !m->fdc) {
        snprintf(err, errlen, "%s: ports already in use",
                 !m->kbd      ? "8042 keyboard controller (0x60, 0x64)"
                 : !m->port92 ? "port 0x92"
                 : !m->rcr    ? "reset control (0xcf8-0xcfb)"
                 : !m->dma    ? "DMA controllers (0x00-0x0f, 0x81-0x8f, 0xc0-0xdf)"
                              : "floppy controller (0x3f0-0x3f5, 0x3f7)");
        return -1;
    }
    if (pc_open_drives(m, err, errlen) < 0) {
        return -1;
    }
    pc_cmos_drives(m);
    return 0;
}

static int pc_init_devices(PCMachine *m, char *err, size_t errlen)
{
    const PCConfig *conf = &m->conf;
    int i;

    if (pc_init_timers(m, err, errlen) < 0 || pc_init_platform(m, err, errlen) < 0) {
        return -1;
    }

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
        m->uart = uart_init(&m->io, UART_COM1_BASE, pic_irq(m->pic, UART_COM1_IRQ),
                            pc_chr(m, conf->serial_chr));
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

/*
 * -bios FILE: a raw image of 64 KiB to 1 MiB (a multiple of 64 KiB) at the
 * top of the 4 GiB space, where the reset vector F000:FFF0 (CS base
 * 0xFFFF0000) fetches, and its last 128 KiB (all of a 64 KiB image) again
 * below 1 MiB, ending at 0xFFFFF, as on a PC. The top copy is ROM; the low
 * one is RAM initialised from the image (a shadowed BIOS, as QEMU's isapc
 * maps it writable: SeaBIOS keeps its variables there and, finding no
 * i440FX PAM to unlock, expects it writable already). It is not reloaded
 * on reset, like shadow RAM; the pristine image stays at the top.
 */
/* Map a BIOS image (size checked by the caller) as described above. */
static int pc_map_bios(PCMachine *m, const uint8_t *image, uint32_t size, const char *what,
                       char *err, size_t errlen)
{
    uint32_t low = size > 0x20000 ? 0x20000 : size;
    m->bios = malloc(size);
    if (!m->bios) {
        snprintf(err, errlen, "%s: out of memory", what);
        return -1;
    }
    memcpy(m->bios, image, size);
    /* the low copy lives in the RAM hole's own bytes, initialised once */
    memcpy(m->ram + 0x100000 - low, image + size - low, low);
    if (mem_map_rom(&m->as, "bios", (uint32_t)(0x100000000ull - (uint64_t)size), size, m->bios) <
            0 ||
        mem_map_ram(&m->as, "bios-low", 0x100000 - low, low, m->ram + 0x100000 - low) < 0) {
        snprintf(err, errlen, "%s: cannot map it", what);
        return -1;
    }
    return 0;
}

static int pc_load_bios(PCMachine *m, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    long size = -1;
    uint8_t *buf = NULL;
    int ret = -1;

    if (f && fseek(f, 0, SEEK_END) == 0) {
        size = ftell(f);
    }
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0) {
        snprintf(err, errlen, "-bios %s: %s", path, f ? "cannot read it" : strerror(errno));
    } else if (size < 0x10000 || size > 0x100000 || (size & 0xffff)) {
        snprintf(err, errlen, "-bios %s: size %ld is not a multiple of 64 KiB from 64 KiB to 1 MiB",
                 path, size);
    } else if (!(buf = malloc((size_t)size)) || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        snprintf(err, errlen, "-bios %s: cannot read it", path);
    } else {
        char what[300];
        snprintf(what, sizeof(what), "-bios %s", path);
        ret = pc_map_bios(m, buf, (uint32_t)size, what, err, errlen);
    }
    free(buf);
    if (f) {
        fclose(f);
    }
    return ret;
}

static int pc_init_memory(PCMachine *m, char *err, size_t errlen)
{
    m->ram_size = m->conf.ram_mb << 20;
    m->ram = mem_ram_alloc(m->ram_size);
    if (!m->ram || mem_init(&m->as) < 0) {
        snprintf(err, errlen, "cannot allocate %u MiB of guest RAM", m->conf.ram_mb);
        return -1;
    }
    if (mem_map_ram(&m->as, "ram-low", 0, VGA_WINDOW_BASE, m->ram) < 0 ||
        mem_map_ram(&m->as, "ram-high", 0x100000, m->ram_size - 0x100000, m->ram + 0x100000) < 0 ||
        !(m->vga = vga_init(&m->as, &m->io))) {
        snprintf(err, errlen, "cannot build the memory map");
        return -1;
    }
    if (m->conf.bios) {
        return pc_load_bios(m, m->conf.bios, err, errlen);
    }
    if (!m->conf.kernel && (m->conf.fda.path[0] || m->conf.hda.path[0])) {
        /* a disk to boot and no kernel: pcemu's own BIOS boots it */
        return pc_map_bios(m, pcemu_bios_bin, pcemu_bios_bin_len, "the built-in BIOS", err,
                           errlen);
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
    clock_init(&m->clock, pc_clock_read, m);
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
    if (conf->monitor_chr >= 0 &&
        !(m->mon = mon_new(m, pc_chr(m, conf->monitor_chr), m->vga, m->env))) {
        snprintf(err, errlen, "out of memory creating the monitor");
        pc_free(m);
        return NULL;
    }
    m->env->intr_ack = pc_intr_ack;
    m->env->intr_opaque = m;
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
    kbd_free(m->kbd);
    port92_free(m->port92);
    rcr_free(m->rcr);
    fdc_free(m->fdc);
    ide_free(m->ide);
    dma_free(m->dma);
    blk_close(m->fda); /* fdatasync: nothing written is left behind */
    blk_close(m->hda);
    rtc_free(m->rtc);
    pit_free(m->pit);
    pic_free(m->pic);
    poweroff_free(m->poweroff);
    mon_free(m->mon);
    vga_free(m->vga);
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
    mem_ram_free(m->ram, m->ram_size);
    free(m->bios);
    if (m->log.file && m->log.file != stderr) {
        fclose(m->log.file);
    }
    free(m);
}

int pc_load_kernel(PCMachine *m, const char *path, const char *cmdline, char *err, size_t errlen)
{
    LoaderResult res;
    int ret;

    if (!path && m->bios) { /* boot the ROM: the CPU stays at its reset state */
        m->kernel = NULL;
        m->cmdline = cmdline;
        return 0;
    }
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

static volatile sig_atomic_t pc_exit_signal;

void pc_signal_exit(int sig)
{
    pc_exit_signal = sig;
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
        uint64_t insns = m->env ? m->env->insns_executed : 0;

        return (int64_t)(insns << m->conf.icount_shift) + m->icount_bias;
    }
    return pc_host_ns() - m->start_ns;
}

/* System reset: devices and CPU to power-on state, then the kernel again. */
static int pc_reset(PCMachine *m)
{
    char err[512];
    int i;

    m->reset_requested = false;
    kbd_reset(m->kbd);
    port92_reset(m->port92);
    rcr_reset(m->rcr);
    dma_reset(m->dma);
    fdc_reset(m->fdc);
    if (m->ide) {
        ide_reset(m->ide);
    }
    pic_reset(m->pic);
    pit_reset(m->pit);
    rtc_reset(m->rtc);
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
    vga_reset(m->vga);
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
    if (m->mon) {
        mon_poll(m->mon);
    }
    for (i = 0; i < m->conf.nchardevs; i++) {
        CharDev *chr = m->chr[i];
        uint8_t scratch[64];

        if (!m->chr_owned[i]) {
            continue;
        }
        if ((!m->uart || m->chr[m->uart_chr] != chr) &&
            (!m->mon || m->chr[m->conf.monitor_chr] != chr)) {
            while (chr_read(chr, scratch, sizeof(scratch)) > 0) {
                /* input for no device: only the escapes matter */
            }
        }
        if (chr_quit_requested(chr) && !m->exit_requested) {
            fprintf(stderr, "pcemu: terminated by Ctrl-A x\n");
            pc_request_exit(m, 0);
        }
    }
    if (pc_exit_signal && !m->exit_requested) {
        fprintf(stderr, "pcemu: terminating on signal %d\n", (int)pc_exit_signal);
        pc_request_exit(m, 0);
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

/* The next slice: PC_SLICE_INSNS, or under -icount up to the next timer
 * deadline, so timers fire at instruction counts that do not depend on
 * the host. (A TB that does not fit runs whole in the next slice.) */
static int64_t pc_slice_budget(PCMachine *m)
{
    int shift = m->conf.icount_shift;
    int64_t deadline = clock_deadline(&m->clock);
    int64_t left;

    if (shift < 0 || deadline == CLOCK_NEVER) {
        return PC_SLICE_INSNS;
    }
    left = deadline - pc_clock_ns(m);
    if (left <= 0) {
        return 1;
    }
    left = (left + (1 << shift) - 1) >> shift;
    return left < PC_SLICE_INSNS ? left : PC_SLICE_INSNS;
}

/* Halted with IF=1: advance to the next timer (under -icount the clock
 * jumps; with host time we sleep, at most 10 ms at a time to poll host
 * input). False when nothing can ever wake the CPU. */
static bool pc_halt_wait(PCMachine *m)
{
    int64_t deadline = clock_deadline(&m->clock);
    int64_t now = pc_clock_ns(m);
    bool input = m->uart && chr_input_open(m->chr[m->uart_chr]);
    int64_t wait;
    struct timespec ts;

    if (!(m->env->eflags & IF_MASK) || (deadline == CLOCK_NEVER && !input)) {
        return false;
    }
    if (m->conf.icount_shift >= 0 && deadline != CLOCK_NEVER) {
        if (deadline > now) {
            int shift = m->conf.icount_shift;
            int64_t old = m->icount_bias;

            m->icount_bias += deadline - now;
            /* the TSC (one count per instruction) skips along, so it keeps
             * pace with the virtual clock: SeaBIOS times its waits by it */
            m->env->tsc_offset += (m->icount_bias >> shift) - (old >> shift);
        }
        return true;
    }
    wait = deadline == CLOCK_NEVER || m->conf.icount_shift >= 0 ? 10000000 : deadline - now;
    wait = wait > 10000000 ? 10000000 : wait;
    if (wait > 0) {
        ts.tv_sec = 0;
        ts.tv_nsec = (long)wait;
        nanosleep(&ts, NULL);
    }
    return true;
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
        clock_run_timers(&m->clock, pc_clock_ns(m));
        r = cpu_exec(m->env, pc_slice_budget(m));
        m->slices++;
        pc_poll_host(m);
        if (m->exit_requested) {
            break;
        }
        if (r == EXCP_HALTED && !pc_halt_wait(m)) {
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

void pc_set_a20(PCMachine *m, unsigned source, bool enabled)
{
    uint32_t mask;

    m->a20_sources = enabled ? m->a20_sources | source : m->a20_sources & ~source;
    mask = m->a20_sources ? 0xffffffffu : ~(1u << 20);
    if (!m->env || m->env->a20_mask == mask) {
        return;
    }
    /* translations and TBs found by linear address may now point elsewhere */
    m->env->a20_mask = mask;
    tlb_flush(m->env);
    memset(m->env->tb_jmp_cache, 0, sizeof(m->env->tb_jmp_cache));
    cpu_exit(m->env);
}

void pc_triple_fault(PCMachine *m, uint32_t cs, uint32_t eip)
{
    fprintf(stderr, "pcemu: triple fault at %04x:%08x, %s\n", cs, eip,
            m->conf.no_reboot ? "shutting down (-no-reboot)" : "resetting");
    pc_request_reset(m);
}

int pc_screendump(PCMachine *m, const char *path, char *err, size_t errlen)
{
    return mon_screendump(m->vga, path, err, errlen);
}
