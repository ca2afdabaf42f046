/*
 * softmmu_loader_test.c - the multiboot loader on ELF images built here
 * byte by byte: segment copy and bss clearing, the information structure
 * (flags, memory sizes, memory map, names), where it is placed, and every
 * rejection with the message naming the problem.
 */
#include <check.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "softmmu/bswap.h"
#include "softmmu/loader.h"

#define RAM_SIZE  (4u << 20)
#define IMG_SIZE  0x200
#define MB_OFF    0x60
#define CODE_OFF  0x80
#define LOAD_ADDR 0x100000u

static AddressSpace as;
static uint8_t *ram;
static uint8_t img[IMG_SIZE];
static char err[256];
static LoaderResult res;

/* A minimal multiboot kernel: one PT_LOAD of the whole file at paddr,
 * 0x1000 bytes of bss, entry at the code offset. */
static void build_image(uint32_t paddr)
{
    Elf32_Ehdr *e = (Elf32_Ehdr *)img;
    Elf32_Phdr *p = (Elf32_Phdr *)(img + sizeof(Elf32_Ehdr));

    memset(img, 0, sizeof(img));
    memcpy(e->e_ident, ELFMAG, SELFMAG);
    e->e_ident[EI_CLASS] = ELFCLASS32;
    e->e_ident[EI_DATA] = ELFDATA2LSB;
    e->e_ident[EI_VERSION] = EV_CURRENT;
    e->e_type = ET_EXEC;
    e->e_machine = EM_386;
    e->e_version = EV_CURRENT;
    e->e_entry = paddr + CODE_OFF;
    e->e_phoff = sizeof(Elf32_Ehdr);
    e->e_ehsize = sizeof(Elf32_Ehdr);
    e->e_phentsize = sizeof(Elf32_Phdr);
    e->e_phnum = 1;
    p->p_type = PT_LOAD;
    p->p_offset = 0;
    p->p_vaddr = paddr;
    p->p_paddr = paddr;
    p->p_filesz = IMG_SIZE;
    p->p_memsz = IMG_SIZE + 0x1000;
    p->p_flags = PF_R | PF_X | PF_W;
    stl_le_p(img + MB_OFF, MULTIBOOT_HEADER_MAGIC);
    stl_le_p(img + MB_OFF + 4, 0x00000003);
    stl_le_p(img + MB_OFF + 8, -(MULTIBOOT_HEADER_MAGIC + 3));
    img[CODE_OFF] = 0xf4; /* hlt */
}

static Elf32_Phdr *phdr(void)
{
    return (Elf32_Phdr *)(img + sizeof(Elf32_Ehdr));
}

static void setup(void)
{
    ck_assert_int_eq(mem_init(&as), 0);
    ram = malloc(RAM_SIZE);
    memset(ram, 0xaa, RAM_SIZE);
    ck_assert_int_eq(mem_map_ram(&as, "low", 0, 0xa0000, ram), 0);
    ck_assert_int_eq(mem_map_ram(&as, "high", 0x100000, RAM_SIZE - 0x100000, ram + 0x100000), 0);
    build_image(LOAD_ADDR);
    err[0] = '\0';
}

static void teardown(void)
{
    mem_destroy(&as);
    free(ram);
}

static int load(size_t len)
{
    return loader_multiboot_mem(&as, RAM_SIZE, img, len, "k.elf", "console=ttyS0", &res, err,
                                sizeof(err));
}

static void assert_rejected(size_t len, const char *needle)
{
    ck_assert_int_eq(load(len), -1);
    ck_assert_msg(strstr(err, needle), "'%s' not in '%s'", needle, err);
    ck_assert_msg(strstr(err, "k.elf"), "file name not in '%s'", err);
    ck_assert_ptr_null(strchr(err, '\n'));
    ck_assert_uint_eq(ram[LOAD_ADDR], 0xaa); /* nothing written */
}

START_TEST(loader_copies_segment_and_clears_bss)
{
    ck_assert_int_eq(load(IMG_SIZE), 0);
    ck_assert_mem_eq(ram + LOAD_ADDR, img, IMG_SIZE);
    ck_assert_uint_eq(ram[LOAD_ADDR + IMG_SIZE], 0);
    ck_assert_uint_eq(ram[LOAD_ADDR + IMG_SIZE + 0xfff], 0);
    ck_assert_uint_eq(ram[LOAD_ADDR + IMG_SIZE + 0x1000], 0xaa);
    ck_assert_uint_eq(res.entry, LOAD_ADDR + CODE_OFF);
    ck_assert_uint_eq(res.load_start, LOAD_ADDR);
    ck_assert_uint_eq(res.load_end, LOAD_ADDR + IMG_SIZE + 0x1000);
}
END_TEST

START_TEST(loader_builds_multiboot_info)
{
    const uint8_t *mbi;
    const uint8_t *mmap;

    ck_assert_int_eq(load(IMG_SIZE), 0);
    ck_assert_uint_eq(res.info_addr, MULTIBOOT_INFO_ADDR);
    mbi = ram + res.info_addr;
    ck_assert_uint_eq(ldl_le_p(mbi + MBI_FLAGS), MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_CMDLINE |
                                                     MULTIBOOT_INFO_MEM_MAP |
                                                     MULTIBOOT_INFO_LOADER_NAME);
    ck_assert_uint_eq(ldl_le_p(mbi + MBI_MEM_LOWER), 639);
    ck_assert_uint_eq(ldl_le_p(mbi + MBI_MEM_UPPER), (RAM_SIZE >> 10) - 1024);
    ck_assert_str_eq((const char *)ram + ldl_le_p(mbi + MBI_CMDLINE), "k.elf console=ttyS0");
    ck_assert_str_eq((const char *)ram + ldl_le_p(mbi + MBI_BOOT_LOADER_NAME), "pcemu");
    ck_assert_uint_eq(ldl_le_p(mbi + MBI_MMAP_LENGTH), 4 * 24);
    mmap = ram + ldl_le_p(mbi + MBI_MMAP_ADDR);
    ck_assert_uint_eq(ldl_le_p(mmap), 20);           /* size of the rest of the entry */
    ck_assert_uint_eq(ldl_le_p(mmap + 4), 0);        /* base low */
    ck_assert_uint_eq(ldl_le_p(mmap + 12), 0x9fc00); /* length low */
    ck_assert_uint_eq(ldl_le_p(mmap + 20), 1);       /* available */
    ck_assert_uint_eq(ldl_le_p(mmap + 24 + 4), 0x9fc00);
    ck_assert_uint_eq(ldl_le_p(mmap + 24 + 20), 2); /* reserved */
    ck_assert_uint_eq(ldl_le_p(mmap + 48 + 4), 0xf0000);
    ck_assert_uint_eq(ldl_le_p(mmap + 48 + 12), 0x10000);
    ck_assert_uint_eq(ldl_le_p(mmap + 72 + 4), 0x100000);
    ck_assert_uint_eq(ldl_le_p(mmap + 72 + 12), RAM_SIZE - 0x100000);
    ck_assert_uint_eq(ldl_le_p(mmap + 72 + 16), 0); /* length high */
    ck_assert_uint_eq(ldl_le_p(mmap + 72 + 20), 1);
}
END_TEST

START_TEST(loader_moves_info_away_from_a_low_kernel)
{
    build_image(0x8000);
    phdr()->p_memsz = 0x10000; /* covers 0x9000 */
    ck_assert_int_eq(load(IMG_SIZE), 0);
    ck_assert_uint_eq(res.info_addr, 0x100000); /* first page of extended memory */
    ck_assert_uint_eq(ram[0x8000 + CODE_OFF], 0xf4);
}
END_TEST

START_TEST(loader_translates_virtual_entry)
{
    phdr()->p_vaddr = 0xc0100000;
    ((Elf32_Ehdr *)img)->e_entry = 0xc0100000 + CODE_OFF;
    ck_assert_int_eq(load(IMG_SIZE), 0);
    ck_assert_uint_eq(res.entry, LOAD_ADDR + CODE_OFF);
}
END_TEST

START_TEST(loader_rejects_non_elf)
{
    assert_rejected(0, "empty");
    memcpy(img, "hello world\n", 12);
    assert_rejected(12, "not an ELF");
}
END_TEST

START_TEST(loader_rejects_wrong_elf_kinds)
{
    img[EI_CLASS] = ELFCLASS64;
    assert_rejected(IMG_SIZE, "64-bit");
    build_image(LOAD_ADDR);
    ((Elf32_Ehdr *)img)->e_machine = EM_X86_64;
    assert_rejected(IMG_SIZE, "i386");
    build_image(LOAD_ADDR);
    ((Elf32_Ehdr *)img)->e_type = ET_REL;
    assert_rejected(IMG_SIZE, "not an executable");
    build_image(LOAD_ADDR);
    img[EI_DATA] = ELFDATA2MSB;
    assert_rejected(IMG_SIZE, "little-endian");
}
END_TEST

START_TEST(loader_rejects_truncated_files)
{
    assert_rejected(40, "truncated ELF header");
    assert_rejected(60, "program headers");
    assert_rejected(0x100, "beyond the end of the file");
    build_image(LOAD_ADDR);
    ((Elf32_Ehdr *)img)->e_phoff = 0x7fffff00;
    assert_rejected(IMG_SIZE, "program headers");
    ((Elf32_Ehdr *)img)->e_phoff = 0x35;
    assert_rejected(IMG_SIZE, "misaligned");
}
END_TEST

START_TEST(loader_rejects_missing_or_bad_multiboot_header)
{
    stl_le_p(img + MB_OFF + 8, 0); /* checksum */
    assert_rejected(IMG_SIZE, "no multiboot header");
    build_image(LOAD_ADDR);
    stl_le_p(img + MB_OFF + 4, 0x8);
    stl_le_p(img + MB_OFF + 8, -(MULTIBOOT_HEADER_MAGIC + 8));
    assert_rejected(IMG_SIZE, "unsupported");
}
END_TEST

START_TEST(loader_rejects_segments_outside_ram)
{
    build_image(0xf0000000);
    assert_rejected(IMG_SIZE, "outside RAM");
    build_image(0xb8000); /* the video hole */
    assert_rejected(IMG_SIZE, "outside RAM");
    build_image(0x9f000); /* runs from low memory into the hole */
    assert_rejected(IMG_SIZE, "outside RAM");
    build_image(RAM_SIZE - 0x400); /* past the top of RAM */
    assert_rejected(IMG_SIZE, "outside RAM");
}
END_TEST

START_TEST(loader_rejects_bad_segments_and_entry)
{
    phdr()->p_memsz = 0x10;
    assert_rejected(IMG_SIZE, "larger than its memory size");
    build_image(LOAD_ADDR);
    phdr()->p_type = PT_NOTE;
    assert_rejected(IMG_SIZE, "no loadable segments");
    build_image(LOAD_ADDR);
    ((Elf32_Ehdr *)img)->e_entry = 0x300000;
    assert_rejected(IMG_SIZE, "entry point");
}
END_TEST

START_TEST(loader_file_errors_name_the_file)
{
    char path[] = "/tmp/loader_testXXXXXX";
    int fd = mkstemp(path);

    ck_assert_int_eq(
        loader_multiboot_file(&as, RAM_SIZE, "/nonexistent/k.elf", "", &res, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent/k.elf"));
    ck_assert_ptr_nonnull(strstr(err, "No such file"));
    ck_assert_int_eq(loader_multiboot_file(&as, RAM_SIZE, "/tmp", "", &res, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "not a regular file"));
    ck_assert_int_eq(write(fd, img, IMG_SIZE), IMG_SIZE);
    close(fd);
    ck_assert_int_eq(loader_multiboot_file(&as, RAM_SIZE, path, NULL, &res, err, sizeof(err)), 0);
    ck_assert_uint_eq(ram[LOAD_ADDR + CODE_OFF], 0xf4);
    unlink(path);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("loader");
    TCase *tc = tcase_create("multiboot");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, loader_copies_segment_and_clears_bss);
    tcase_add_test(tc, loader_builds_multiboot_info);
    tcase_add_test(tc, loader_moves_info_away_from_a_low_kernel);
    tcase_add_test(tc, loader_translates_virtual_entry);
    tcase_add_test(tc, loader_rejects_non_elf);
    tcase_add_test(tc, loader_rejects_wrong_elf_kinds);
    tcase_add_test(tc, loader_rejects_truncated_files);
    tcase_add_test(tc, loader_rejects_missing_or_bad_multiboot_header);
    tcase_add_test(tc, loader_rejects_segments_outside_ram);
    tcase_add_test(tc, loader_rejects_bad_segments_and_entry);
    tcase_add_test(tc, loader_file_errors_name_the_file);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
