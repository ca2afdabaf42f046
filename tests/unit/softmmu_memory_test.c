/*
 * softmmu_memory_test.c - the physical address space: region lookup by
 * page, overlapping maps, unassigned reads, sized little-endian access,
 * MMIO dispatch, page-crossing splits, bulk copies and write_notify.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "softmmu/memory.h"

typedef struct MMIOLog {
    int reads, writes;
    uint32_t last_offset, last_val;
    int last_size;
} MMIOLog;

static AddressSpace as;
static uint8_t *ram;
static MMIOLog mlog;
static uint32_t notified_addr, notified_len;
static int notified;

static uint32_t mmio_read(void *opaque, uint32_t offset, int size)
{
    MMIOLog *l = opaque;

    l->reads++;
    l->last_offset = offset;
    l->last_size = size;
    return 0x11223344u + offset;
}

static void mmio_write(void *opaque, uint32_t offset, uint32_t val, int size)
{
    MMIOLog *l = opaque;

    l->writes++;
    l->last_offset = offset;
    l->last_val = val;
    l->last_size = size;
}

static const MemOps mmio_ops = {.read = mmio_read, .write = mmio_write};

static void notify(void *opaque, uint32_t paddr, uint32_t len)
{
    (void)opaque;
    notified++;
    notified_addr = paddr;
    notified_len = len;
}

static void setup(void)
{
    ck_assert_int_eq(mem_init(&as), 0);
    ram = calloc(1, 0x200000);
    memset(&mlog, 0, sizeof(mlog));
    notified = 0;
    ck_assert_int_eq(mem_map_ram(&as, "low", 0, 0xa0000, ram), 0);
    ck_assert_int_eq(mem_map_ram(&as, "high", 0x100000, 0x100000, ram + 0x100000), 0);
    ck_assert_int_eq(mem_map_mmio(&as, "dev", 0xa0000, 0x2000, &mmio_ops, &mlog), 0);
}

static void teardown(void)
{
    mem_destroy(&as);
    free(ram);
}

START_TEST(mem_lookup_finds_region_by_page)
{
    ck_assert_int_eq(mem_lookup(&as, 0)->kind, MR_RAM);
    ck_assert_str_eq(mem_lookup(&as, 0x9ffff)->name, "low");
    ck_assert_int_eq(mem_lookup(&as, 0xa0000)->kind, MR_MMIO);
    ck_assert_int_eq(mem_lookup(&as, 0xa2000)->kind, MR_UNASSIGNED);
    ck_assert_int_eq(mem_lookup(&as, 0xfffff)->kind, MR_UNASSIGNED);
    ck_assert_str_eq(mem_lookup(&as, 0x1fffff)->name, "high");
    ck_assert_int_eq(mem_lookup(&as, 0x200000)->kind, MR_UNASSIGNED);
    ck_assert_int_eq(mem_lookup(&as, 0xffffffff)->kind, MR_UNASSIGNED);
    ck_assert_int_eq(as.nregions, 4);
}
END_TEST

START_TEST(mem_unassigned_reads_all_ones_and_drops_writes)
{
    ck_assert_uint_eq(mem_read(&as, 0xc0000, 1), 0xff);
    ck_assert_uint_eq(mem_read(&as, 0xc0000, 2), 0xffff);
    ck_assert_uint_eq(mem_read(&as, 0xfffffffc, 4), 0xffffffff);
    mem_write(&as, 0xc0000, 0x12345678, 4);
    ck_assert_uint_eq(mem_read(&as, 0xc0000, 4), 0xffffffff);
}
END_TEST

START_TEST(mem_ram_is_little_endian_at_every_size)
{
    mem_write(&as, 0x1000, 0x44332211, 4);
    ck_assert_uint_eq(ram[0x1000], 0x11);
    ck_assert_uint_eq(ram[0x1003], 0x44);
    ck_assert_uint_eq(mem_read(&as, 0x1001, 2), 0x3322);
    mem_write(&as, 0x1002, 0xbeef, 2);
    ck_assert_uint_eq(mem_read(&as, 0x1000, 4), 0xbeef2211);
    mem_write(&as, 0x100000, 0xab, 1);
    ck_assert_uint_eq(ram[0x100000], 0xab);
    ck_assert_ptr_eq(mem_host_ptr(&as, 0x100000, false), ram + 0x100000);
    ck_assert_ptr_null(mem_host_ptr(&as, 0xa0000, true));
}
END_TEST

START_TEST(mem_mmio_gets_offset_and_size)
{
    ck_assert_uint_eq(mem_read(&as, 0xa0010, 2), (0x11223344u + 0x10) & 0xffff);
    ck_assert_uint_eq(mlog.last_offset, 0x10);
    ck_assert_int_eq(mlog.last_size, 2);
    mem_write(&as, 0xa1ffc, 0xcafebabe, 4);
    ck_assert_int_eq(mlog.writes, 1);
    ck_assert_uint_eq(mlog.last_offset, 0x1ffc);
    ck_assert_uint_eq(mlog.last_val, 0xcafebabe);
    ck_assert_int_eq(mlog.last_size, 4);
}
END_TEST

START_TEST(mem_page_crossing_access_is_split_into_bytes)
{
    /* last 2 bytes of RAM page 0x9f000, first 2 of the MMIO window */
    ram[0x9fffe] = 0x01;
    ram[0x9ffff] = 0x02;
    ck_assert_uint_eq(mem_read(&as, 0x9fffe, 4), 0x45440201); /* MMIO bytes 0x44, 0x45 */
    ck_assert_int_eq(mlog.reads, 2);
    ck_assert_int_eq(mlog.last_size, 1);
    mem_write(&as, 0x9ffff, 0xaabbccdd, 4);
    ck_assert_uint_eq(ram[0x9ffff], 0xdd);
    ck_assert_int_eq(mlog.writes, 3);
    ck_assert_uint_eq(mlog.last_offset, 2);
    ck_assert_uint_eq(mlog.last_val, 0xaa);
}
END_TEST

START_TEST(mem_last_map_wins_over_earlier)
{
    uint8_t rom[0x1000];

    memset(rom, 0x5a, sizeof(rom));
    ck_assert_int_eq(mem_map_rom(&as, "rom", 0x5000, 0x1000, rom), 0);
    ck_assert_int_eq(mem_lookup(&as, 0x5000)->kind, MR_ROM);
    ck_assert_int_eq(mem_lookup(&as, 0x6000)->kind, MR_RAM);
    ck_assert_uint_eq(mem_read(&as, 0x5000, 4), 0x5a5a5a5a);
    mem_write(&as, 0x5000, 0, 4); /* ROM ignores writes */
    ck_assert_uint_eq(mem_read(&as, 0x5000, 1), 0x5a);
    ck_assert_ptr_null(mem_host_ptr(&as, 0x5000, false));
    ck_assert_ptr_eq(mem_host_ptr(&as, 0x5004, true), rom + 4);
}
END_TEST

START_TEST(mem_map_rejects_bad_regions)
{
    int i;

    ck_assert_int_eq(mem_map_ram(&as, "odd", 0x1001, 0x1000, ram), -1);
    ck_assert_int_eq(mem_map_ram(&as, "odd", 0x1000, 0x10, ram), -1);
    ck_assert_int_eq(mem_map_ram(&as, "empty", 0x1000, 0, ram), -1);
    ck_assert_int_eq(mem_map_ram(&as, "wrap", 0xfffff000, 0x2000, ram), -1);
    ck_assert_int_eq(mem_map_ram(&as, "nohost", 0x1000, 0x1000, NULL), -1);
    ck_assert_int_eq(mem_map_mmio(&as, "noops", 0x1000, 0x1000, NULL, NULL), -1);
    ck_assert_int_eq(mem_map_ram(&as, "top", 0xfffff000, 0x1000, ram), 0);
    for (i = as.nregions; i <= MEM_MAX_REGIONS; i++) {
        ck_assert_int_eq(mem_map_ram(&as, "fill", 0x3000, 0x1000, ram), 0);
    }
    ck_assert_int_eq(mem_map_ram(&as, "full", 0x3000, 0x1000, ram), -1);
}
END_TEST

START_TEST(mem_write_buf_needs_backing_and_notifies)
{
    uint8_t rom[0x1000] = {0};
    uint8_t data[0x3000], back[0x3000];
    size_t i;

    for (i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t)(i * 7);
    }
    as.write_notify = notify;
    ck_assert_int_eq(mem_write_buf(&as, 0x9f800, data, 0x1000, false), -1); /* runs into MMIO */
    ck_assert_int_eq(notified, 0);
    ck_assert_uint_eq(ram[0x9f800], 0); /* nothing written on failure */
    ck_assert_int_eq(mem_write_buf(&as, 0x100800, data, sizeof(data), false), 0);
    ck_assert_int_eq(notified, 1);
    ck_assert_uint_eq(notified_addr, 0x100800);
    ck_assert_uint_eq(notified_len, sizeof(data));
    ck_assert_int_eq(mem_read_buf(&as, 0x100800, back, sizeof(back)), 0);
    ck_assert_mem_eq(back, data, sizeof(data));
    ck_assert_int_eq(mem_read_buf(&as, 0x1ff000, back, 0x2000), -1);
    ck_assert_int_eq(mem_map_rom(&as, "rom", 0xf0000, 0x1000, rom), 0);
    ck_assert_int_eq(mem_write_buf(&as, 0xf0000, data, 16, false), -1);
    ck_assert_int_eq(mem_write_buf(&as, 0xf0000, data, 16, true), 0);
    ck_assert_mem_eq(rom, data, 16);
    mem_write(&as, 0x10, 1, 2);
    ck_assert_int_eq(notified, 3);
    ck_assert_uint_eq(notified_len, 2);
}
END_TEST

static Suite *memory_suite(void)
{
    Suite *s = suite_create("memory");
    TCase *tc = tcase_create("map");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, mem_lookup_finds_region_by_page);
    tcase_add_test(tc, mem_unassigned_reads_all_ones_and_drops_writes);
    tcase_add_test(tc, mem_ram_is_little_endian_at_every_size);
    tcase_add_test(tc, mem_mmio_gets_offset_and_size);
    tcase_add_test(tc, mem_page_crossing_access_is_split_into_bytes);
    tcase_add_test(tc, mem_last_map_wins_over_earlier);
    tcase_add_test(tc, mem_map_rejects_bad_regions);
    tcase_add_test(tc, mem_write_buf_needs_backing_and_notifies);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(memory_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
