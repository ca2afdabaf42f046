/*
 * loader.c - the multiboot v1 loader: ELF validation with libelf, segment
 * loading, and the multiboot information structure.
 *
 * Works on a private heap copy of the image (libelf may touch the buffer
 * it is given, and the embedded demo is const). Validation runs to the end
 * before the first byte reaches guest RAM, in an order chosen so the
 * message names the first real problem: not an ELF, wrong class/machine/
 * type, program headers or segments beyond the end of the file
 * (truncated), no multiboot header, segments outside RAM. The a.out
 * kludge (header flag 16) is ignored: the ELF program headers are used, as
 * GRUB does for ELF images.
 */
#include <errno.h>
#include <fcntl.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "softmmu/bswap.h"
#include "softmmu/loader.h"

#define LOADER_MAX_FILE       (1u << 30)
#define LOADER_KNOWN_MB_FLAGS 0x0000ffffu /* bits 0-15 must be understood */
#define LOADER_MB_FLAGS_OK    0x00000007u /* page align, memory info, video (ignored) */
#define LOADER_MMAP_ENTRIES   4
#define LOADER_MMAP_ENTRY     24
#define LOADER_MMAP_OFF       0x60
#define LOADER_NAME_OFF       (LOADER_MMAP_OFF + LOADER_MMAP_ENTRIES * LOADER_MMAP_ENTRY)
#define LOADER_CMDLINE_OFF    (LOADER_NAME_OFF + 16)
#define LOADER_EBDA           0x9fc00u /* conventional memory the map reports */
#define LOADER_BIOS_AREA      0xf0000u

typedef struct LoaderCtx {
    const char *name;
    uint8_t *image; /* heap copy */
    size_t len;
    uint32_t ram_size;
    Elf *elf;
    Elf32_Ehdr *ehdr;
    Elf32_Phdr *phdr;
    char *err;
    size_t errlen;
} LoaderCtx;

static int loader_error(LoaderCtx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int loader_error(LoaderCtx *c, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(c->err, c->errlen, "kernel '%s': ", c->name);

    if (n >= 0 && (size_t)n < c->errlen) {
        va_start(ap, fmt);
        vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* e_ident: magic, class, byte order. */
static int loader_check_ident(LoaderCtx *c)
{
    if (c->len == 0) {
        return loader_error(c, "file is empty");
    }
    if (c->len < SELFMAG || memcmp(c->image, ELFMAG, SELFMAG) != 0) {
        return loader_error(c, "not an ELF file");
    }
    if (c->len < EI_NIDENT) {
        return loader_error(c, "truncated ELF header");
    }
    if (c->image[EI_CLASS] == ELFCLASS64) {
        return loader_error(c, "64-bit ELF; a 32-bit (i386) multiboot kernel is needed");
    }
    if (c->image[EI_CLASS] != ELFCLASS32) {
        return loader_error(c, "invalid ELF class %u", c->image[EI_CLASS]);
    }
    if (c->image[EI_DATA] != ELFDATA2LSB) {
        return loader_error(c, "not a little-endian ELF");
    }
    if (c->len < sizeof(Elf32_Ehdr)) {
        return loader_error(c, "truncated ELF header");
    }
    return 0;
}

static int loader_check_ehdr(LoaderCtx *c)
{
    Elf32_Ehdr *e;

    elf_version(EV_CURRENT);
    c->elf = elf_memory((char *)c->image, c->len);
    if (!c->elf || elf_kind(c->elf) != ELF_K_ELF || !(e = elf32_getehdr(c->elf))) {
        return loader_error(c, "corrupt ELF header (%s)", elf_errmsg(-1));
    }
    c->ehdr = e;
    if (e->e_machine != EM_386) {
        return loader_error(c, "not an i386 ELF (machine %u)", e->e_machine);
    }
    if (e->e_type != ET_EXEC) {
        return loader_error(c,
                            "not an executable ELF (type %u; objects and shared libraries "
                            "cannot be booted)",
                            e->e_type);
    }
    if (e->e_phnum == 0 || e->e_phnum == PN_XNUM) {
        return loader_error(c, "no program headers");
    }
    if (e->e_phentsize != sizeof(Elf32_Phdr)) {
        return loader_error(c, "bad program header size %u", e->e_phentsize);
    }
    if (e->e_phoff % 4 != 0) {
        return loader_error(c, "corrupt program header offset 0x%x (misaligned)", e->e_phoff);
    }
    if ((uint64_t)e->e_phoff + (uint64_t)e->e_phnum * sizeof(Elf32_Phdr) > c->len) {
        return loader_error(c, "program headers lie beyond the end of the file (truncated ELF?)");
    }
    c->phdr = elf32_getphdr(c->elf);
    if (!c->phdr) {
        return loader_error(c, "corrupt program headers (%s)", elf_errmsg(-1));
    }
    return 0;
}

/* Segments: inside the file, filesz <= memsz, at least one to load. */
static int loader_check_segments_in_file(LoaderCtx *c)
{
    int i, nload = 0;

    for (i = 0; i < c->ehdr->e_phnum; i++) {
        const Elf32_Phdr *p = &c->phdr[i];

        if (p->p_type != PT_LOAD) {
            continue;
        }
        if ((uint64_t)p->p_offset + p->p_filesz > c->len) {
            return loader_error(c, "segment %d lies beyond the end of the file (truncated ELF?)",
                                i);
        }
        if (p->p_filesz > p->p_memsz) {
            return loader_error(c, "segment %d has a file size larger than its memory size", i);
        }
        if (p->p_memsz > 0) {
            nload++;
        }
    }
    if (nload == 0) {
        return loader_error(c, "no loadable segments");
    }
    return 0;
}

static int loader_check_multiboot_header(LoaderCtx *c)
{
    size_t limit = c->len < MULTIBOOT_SEARCH ? c->len : MULTIBOOT_SEARCH;
    size_t off;

    for (off = 0; off + 12 <= limit; off += 4) {
        uint32_t magic = ldl_le_p(c->image + off);
        uint32_t flags = ldl_le_p(c->image + off + 4);
        uint32_t sum = ldl_le_p(c->image + off + 8);

        if (magic != MULTIBOOT_HEADER_MAGIC || magic + flags + sum != 0) {
            continue;
        }
        if (flags & LOADER_KNOWN_MB_FLAGS & ~LOADER_MB_FLAGS_OK) {
            return loader_error(c, "multiboot header requires unsupported features (flags 0x%x)",
                                flags);
        }
        return 0;
    }
    return loader_error(c, "no multiboot header in the first 8 KiB");
}

/* True if [addr, addr + size) is guest RAM. */
static bool loader_in_ram(const LoaderCtx *c, uint64_t addr, uint64_t size)
{
    uint64_t end = addr + size;

    if (end <= LOADER_LOW_RAM_END) {
        return true;
    }
    return addr >= LOADER_HIGH_RAM && end <= c->ram_size;
}

static int loader_check_segments_in_ram(LoaderCtx *c)
{
    int i;

    for (i = 0; i < c->ehdr->e_phnum; i++) {
        const Elf32_Phdr *p = &c->phdr[i];

        if (p->p_type != PT_LOAD || p->p_memsz == 0) {
            continue;
        }
        if (!loader_in_ram(c, p->p_paddr, p->p_memsz)) {
            return loader_error(c,
                                "segment %d at 0x%x-0x%llx lies outside RAM "
                                "(0-0x9ffff, 0x100000-0x%x)",
                                i, p->p_paddr, (unsigned long long)p->p_paddr + p->p_memsz - 1,
                                c->ram_size - 1);
        }
    }
    return 0;
}

/* Physical entry point: e_entry, moved to p_paddr space when it falls in
 * a segment linked at a different virtual address. */
static int loader_find_entry(LoaderCtx *c, LoaderResult *res)
{
    uint32_t entry = c->ehdr->e_entry;
    int i;

    for (i = 0; i < c->ehdr->e_phnum; i++) {
        const Elf32_Phdr *p = &c->phdr[i];

        if (p->p_type == PT_LOAD && entry - p->p_vaddr < p->p_memsz) {
            res->entry = entry - p->p_vaddr + p->p_paddr;
            return 0;
        }
    }
    return loader_error(c, "entry point 0x%x is not inside a loadable segment", entry);
}

/* Lowest and highest+1 physical byte of the loadable segments. */
static void loader_image_bounds(const LoaderCtx *c, LoaderResult *res)
{
    int i;

    res->load_start = UINT32_MAX;
    res->load_end = 0;
    for (i = 0; i < c->ehdr->e_phnum; i++) {
        const Elf32_Phdr *p = &c->phdr[i];

        if (p->p_type != PT_LOAD || p->p_memsz == 0) {
            continue;
        }
        if (p->p_paddr < res->load_start) {
            res->load_start = p->p_paddr;
        }
        if (p->p_paddr + p->p_memsz > res->load_end) {
            res->load_end = p->p_paddr + p->p_memsz;
        }
    }
}

static bool loader_overlaps_segment(const LoaderCtx *c, uint32_t addr, uint32_t size)
{
    int i;

    for (i = 0; i < c->ehdr->e_phnum; i++) {
        const Elf32_Phdr *p = &c->phdr[i];

        if (p->p_type == PT_LOAD && p->p_memsz > 0 && addr < p->p_paddr + p->p_memsz &&
            p->p_paddr < addr + size) {
            return true;
        }
    }
    return false;
}

/* The info goes at 0x9000 in conventional memory unless the kernel sits
 * there; then on the first page after the image. */
static int loader_place_info(LoaderCtx *c, uint32_t size, LoaderResult *res)
{
    uint64_t after = ((uint64_t)res->load_end + MEM_PAGE_SIZE - 1) & ~(uint64_t)(MEM_PAGE_SIZE - 1);

    if (MULTIBOOT_INFO_ADDR + size <= LOADER_EBDA &&
        !loader_overlaps_segment(c, MULTIBOOT_INFO_ADDR, size)) {
        res->info_addr = MULTIBOOT_INFO_ADDR;
        return 0;
    }
    if (after < LOADER_HIGH_RAM) {
        after = LOADER_HIGH_RAM;
    }
    if (loader_in_ram(c, after, size) && !loader_overlaps_segment(c, (uint32_t)after, size)) {
        res->info_addr = (uint32_t)after;
        return 0;
    }
    return loader_error(c, "no room in RAM for the multiboot information (%u bytes)", size);
}

static void loader_put_mmap_entry(uint8_t *e, uint64_t base, uint64_t len, uint32_t type)
{
    stl_le_p(e, LOADER_MMAP_ENTRY - 4); /* size excludes itself */
    stq_le_p(e + 4, base);
    stq_le_p(e + 12, len);
    stl_le_p(e + 20, type);
}

/* Fills info (of LOADER_CMDLINE_OFF + strlen(cmdline) + 1 bytes) for addr. */
static void loader_build_info(uint8_t *info, uint32_t addr, uint32_t ram_size, const char *cmdline)
{
    uint8_t *mmap = info + LOADER_MMAP_OFF;

    stl_le_p(info + MBI_FLAGS, MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_CMDLINE |
                                   MULTIBOOT_INFO_MEM_MAP | MULTIBOOT_INFO_LOADER_NAME);
    stl_le_p(info + MBI_MEM_LOWER, LOADER_EBDA / 1024);
    stl_le_p(info + MBI_MEM_UPPER, (ram_size - LOADER_HIGH_RAM) / 1024);
    stl_le_p(info + MBI_CMDLINE, addr + LOADER_CMDLINE_OFF);
    stl_le_p(info + MBI_MMAP_LENGTH, LOADER_MMAP_ENTRIES * LOADER_MMAP_ENTRY);
    stl_le_p(info + MBI_MMAP_ADDR, addr + LOADER_MMAP_OFF);
    stl_le_p(info + MBI_BOOT_LOADER_NAME, addr + LOADER_NAME_OFF);
    loader_put_mmap_entry(mmap, 0, LOADER_EBDA, 1);
    loader_put_mmap_entry(mmap + LOADER_MMAP_ENTRY, LOADER_EBDA, LOADER_LOW_RAM_END - LOADER_EBDA,
                          2);
    loader_put_mmap_entry(mmap + 2 * LOADER_MMAP_ENTRY, LOADER_BIOS_AREA,
                          LOADER_HIGH_RAM - LOADER_BIOS_AREA, 2);
    loader_put_mmap_entry(mmap + 3 * LOADER_MMAP_ENTRY, LOADER_HIGH_RAM, ram_size - LOADER_HIGH_RAM,
                          1);
    memcpy(info + LOADER_NAME_OFF, "pcemu", 6);
    strcpy((char *)info + LOADER_CMDLINE_OFF, cmdline);
}

static int loader_write_info(LoaderCtx *c, AddressSpace *as, const char *cmdline, LoaderResult *res)
{
    /* QEMU passes "<kernel path> <-append string>" (the space even when empty) */
    size_t cmdlen = strlen(c->name) + 1 + strlen(cmdline ? cmdline : "");
    uint32_t size = (uint32_t)(LOADER_CMDLINE_OFF + cmdlen + 1);
    char *line;
    uint8_t *info;
    int ret;

    if (cmdlen > 65536) {
        return loader_error(c, "command line too long (%zu bytes)", cmdlen);
    }
    if (loader_place_info(c, size, res) < 0) {
        return -1;
    }
    info = calloc(1, size);
    line = malloc(cmdlen + 1);
    if (!info || !line) {
        free(info);
        free(line);
        return loader_error(c, "out of memory");
    }
    snprintf(line, cmdlen + 1, "%s %s", c->name, cmdline ? cmdline : "");
    loader_build_info(info, res->info_addr, c->ram_size, line);
    ret = mem_write_buf(as, res->info_addr, info, size, false);
    free(line);
    free(info);
    return ret < 0 ? loader_error(c, "cannot write the multiboot information") : 0;
}

static int loader_load_segments(LoaderCtx *c, AddressSpace *as)
{
    static const uint8_t zeros[MEM_PAGE_SIZE];
    int i;

    for (i = 0; i < c->ehdr->e_phnum; i++) {
        const Elf32_Phdr *p = &c->phdr[i];
        uint32_t done;

        if (p->p_type != PT_LOAD || p->p_memsz == 0) {
            continue;
        }
        if (mem_write_buf(as, p->p_paddr, c->image + p->p_offset, p->p_filesz, false) < 0) {
            return loader_error(c, "cannot write segment %d to RAM", i);
        }
        for (done = p->p_filesz; done < p->p_memsz;) {
            uint32_t chunk = p->p_memsz - done < MEM_PAGE_SIZE ? p->p_memsz - done : MEM_PAGE_SIZE;

            if (mem_write_buf(as, p->p_paddr + done, zeros, chunk, false) < 0) {
                return loader_error(c, "cannot clear the bss of segment %d", i);
            }
            done += chunk;
        }
    }
    return 0;
}

static int loader_validate(LoaderCtx *c, LoaderResult *res)
{
    if (loader_check_ident(c) < 0 || loader_check_ehdr(c) < 0 ||
        loader_check_segments_in_file(c) < 0 || loader_check_multiboot_header(c) < 0 ||
        loader_check_segments_in_ram(c) < 0 || loader_find_entry(c, res) < 0) {
        return -1;
    }
    loader_image_bounds(c, res);
    return 0;
}

/* Validates and loads image, a heap buffer this function frees. */
static int loader_load_owned(AddressSpace *as, uint32_t ram_size, uint8_t *image, size_t len,
                             const char *name, const char *cmdline, LoaderResult *res, char *err,
                             size_t errlen)
{
    LoaderCtx c = {
        .name = name,
        .image = image,
        .len = len,
        .ram_size = ram_size,
        .err = err,
        .errlen = errlen,
    };
    int ret;

    memset(res, 0, sizeof(*res));
    ret = loader_validate(&c, res);
    if (ret == 0) {
        ret = loader_load_segments(&c, as);
    }
    if (ret == 0) {
        ret = loader_write_info(&c, as, cmdline, res);
    }
    if (c.elf) {
        elf_end(c.elf);
    }
    free(image);
    return ret;
}

int loader_multiboot_mem(AddressSpace *as, uint32_t ram_size, const uint8_t *image, size_t len,
                         const char *name, const char *cmdline, LoaderResult *res, char *err,
                         size_t errlen)
{
    uint8_t *copy = malloc(len ? len : 1);

    if (!copy) {
        snprintf(err, errlen, "kernel '%s': out of memory", name);
        return -1;
    }
    memcpy(copy, image, len);
    return loader_load_owned(as, ram_size, copy, len, name, cmdline, res, err, errlen);
}

/* Reads a whole regular file into a heap buffer. */
static uint8_t *loader_read_file(const char *path, size_t *len, char *err, size_t errlen)
{
    struct stat st;
    uint8_t *buf = NULL;
    size_t done = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0 || fstat(fd, &st) < 0) {
        snprintf(err, errlen, "cannot open kernel '%s': %s", path, strerror(errno));
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "kernel '%s': not a regular file", path);
        goto fail;
    }
    if ((uint64_t)st.st_size > LOADER_MAX_FILE) {
        snprintf(err, errlen, "kernel '%s': file too large", path);
        goto fail;
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        snprintf(err, errlen, "kernel '%s': out of memory", path);
        goto fail;
    }
    while (done < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            snprintf(err, errlen, "cannot read kernel '%s': %s", path,
                     n < 0 ? strerror(errno) : "file shrank while reading");
            goto fail;
        }
        done += (size_t)n;
    }
    close(fd);
    *len = done;
    return buf;
fail:
    free(buf);
    if (fd >= 0) {
        close(fd);
    }
    return NULL;
}

int loader_multiboot_file(AddressSpace *as, uint32_t ram_size, const char *path,
                          const char *cmdline, LoaderResult *res, char *err, size_t errlen)
{
    size_t len = 0;
    uint8_t *buf = loader_read_file(path, &len, err, errlen);

    if (!buf) {
        return -1;
    }
    return loader_load_owned(as, ram_size, buf, len, path, cmdline, res, err, errlen);
}
