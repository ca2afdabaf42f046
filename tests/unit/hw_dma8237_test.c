/*
 * hw_dma8237_test.c - the 8237 pair as a BIOS programs it: address and
 * count through the flip-flop, page registers, mode, masks, terminal
 * count (status bit, self-mask or autoinit), 16-bit channels addressing
 * words, and dma_transfer moving bytes into and out of guest RAM.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hw/dma8237.h"

#define RAM_SIZE 0x200000

static IOSpace *io;
static AddressSpace *as;
static uint8_t *ram;
static DMAState *dma;

static void setup(void)
{
    io = malloc(sizeof(*io));
    as = calloc(1, sizeof(*as));
    ram = calloc(1, RAM_SIZE);
    ioport_init(io);
    ck_assert_int_eq(mem_init(as), 0);
    ck_assert_int_eq(mem_map_ram(as, "ram", 0, RAM_SIZE, ram), 0);
    dma = dma_init(io, as, NULL);
    ck_assert_ptr_nonnull(dma);
}

static void teardown(void)
{
    dma_free(dma);
    mem_destroy(as);
    free(as);
    free(ram);
    free(io);
}

static void out(uint16_t port, uint8_t v)
{
    ioport_write(io, port, v, 1);
}

static uint8_t in(uint16_t port)
{
    return (uint8_t)ioport_read(io, port, 1);
}

/* Channel 2 (floppy) at paddr for len bytes, mode byte as given. */
static void setup_ch2(uint32_t paddr, uint16_t len, uint8_t mode)
{
    out(0x0a, 0x06);      /* mask channel 2 */
    out(0x0c, 0);         /* clear flip-flop */
    out(0x0b, mode | 2);
    out(0x04, (uint8_t)paddr);
    out(0x04, (uint8_t)(paddr >> 8));
    out(0x81, (uint8_t)(paddr >> 16));
    out(0x05, (uint8_t)(len - 1));
    out(0x05, (uint8_t)((len - 1) >> 8));
    out(0x0a, 0x02);      /* unmask */
}

START_TEST(dma_write_transfer_lands_in_ram_at_page_and_address)
{
    uint8_t buf[512];
    int i;

    for (i = 0; i < 512; i++) {
        buf[i] = (uint8_t)i;
    }
    setup_ch2(0x12340, 512, DMA_MODE_WRITE | 0x40);
    ck_assert_int_eq(dma_remaining(dma, 2), 512);
    ck_assert_int_eq(dma_transfer(dma, 2, buf, 512, true), 512);
    ck_assert_mem_eq(ram + 0x12340, buf, 512);
    /* terminal count: status bit 2 (cleared by the read), channel masked */
    ck_assert_uint_eq(in(0x08) & 0x0f, 0x04);
    ck_assert_uint_eq(in(0x08) & 0x0f, 0x00);
    ck_assert_int_eq(dma_remaining(dma, 2), 0);
    ck_assert_int_eq(dma_transfer(dma, 2, buf, 512, true), 0);
}
END_TEST

START_TEST(dma_read_transfer_stops_at_terminal_count)
{
    uint8_t buf[1024];

    memset(ram + 0x8000, 0x77, 300);
    memset(buf, 0, sizeof(buf));
    setup_ch2(0x8000, 300, DMA_MODE_READ | 0x40);
    ck_assert_int_eq(dma_transfer(dma, 2, buf, 200, false), 200);
    ck_assert_int_eq(dma_remaining(dma, 2), 100);
    ck_assert_int_eq(dma_transfer(dma, 2, buf + 200, 512, false), 100);
    ck_assert_uint_eq(buf[299], 0x77);
    ck_assert_uint_eq(buf[300], 0);
}
END_TEST

START_TEST(dma_registers_read_back_through_the_flip_flop)
{
    uint8_t buf[16] = {0};

    setup_ch2(0x1234, 0x100, DMA_MODE_WRITE);
    dma_transfer(dma, 2, buf, 16, true);
    out(0x0c, 0);
    ck_assert_uint_eq(in(0x04), 0x44); /* 0x1234 + 16 */
    ck_assert_uint_eq(in(0x04), 0x12);
    ck_assert_uint_eq(in(0x05), 0xef); /* 0xff - 16 */
    ck_assert_uint_eq(in(0x05), 0x00);
    ck_assert_uint_eq(in(0x81), 0x00);
}
END_TEST

START_TEST(dma_autoinit_reloads_and_stays_unmasked)
{
    uint8_t buf[64] = {0};

    setup_ch2(0x2000, 32, DMA_MODE_WRITE | DMA_MODE_AUTOINIT);
    ck_assert_int_eq(dma_transfer(dma, 2, buf, 64, true), 32);
    ck_assert_int_eq(dma_remaining(dma, 2), 32);
    out(0x0c, 0);
    ck_assert_uint_eq(in(0x04), 0x00);
    ck_assert_uint_eq(in(0x04), 0x20);
}
END_TEST

START_TEST(dma_decrement_mode_walks_down)
{
    uint8_t buf[4] = {1, 2, 3, 4};

    setup_ch2(0x3003, 4, DMA_MODE_WRITE | DMA_MODE_DECR);
    ck_assert_int_eq(dma_transfer(dma, 2, buf, 4, true), 4);
    ck_assert_uint_eq(ram[0x3003], 1);
    ck_assert_uint_eq(ram[0x3000], 4);
}
END_TEST

START_TEST(dma_verify_moves_nothing)
{
    uint8_t buf[8] = {9, 9, 9, 9, 9, 9, 9, 9};

    setup_ch2(0x4000, 8, DMA_MODE_VERIFY);
    ck_assert_int_eq(dma_transfer(dma, 2, buf, 8, true), 8);
    ck_assert_uint_eq(ram[0x4000], 0);
}
END_TEST

START_TEST(dma_16bit_channel_addresses_words)
{
    uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};

    /* channel 5: word address 0x8000 in page 0x02 -> 0x30000 (A16 from the address) */
    out(0xd4, 0x05);           /* mask channel 5 */
    out(0xd8, 0);              /* flip-flop */
    out(0xd6, DMA_MODE_WRITE | 1);
    out(0xc4, 0x00);
    out(0xc4, 0x80);
    out(0x8b, 0x02);
    out(0xc6, 3);              /* 4 words */
    out(0xc6, 0);
    out(0xd4, 0x01);           /* unmask */
    ck_assert_int_eq(dma_remaining(dma, 5), 8);
    ck_assert_int_eq(dma_transfer(dma, 5, buf, 8, true), 8);
    ck_assert_mem_eq(ram + 0x30000, buf, 8);
    ck_assert_uint_eq(in(0xd0) & 0x0f, 0x02);
}
END_TEST

START_TEST(dma_master_clear_masks_every_channel)
{
    setup_ch2(0x1000, 16, DMA_MODE_WRITE);
    ck_assert_int_gt(dma_remaining(dma, 2), 0);
    out(0x0d, 0);
    ck_assert_int_eq(dma_remaining(dma, 2), 0);
    out(0x0e, 0); /* clear mask register */
    ck_assert_int_gt(dma_remaining(dma, 2), 0);
    out(0x0f, 0x0f); /* mask all */
    ck_assert_int_eq(dma_remaining(dma, 2), 0);
    ck_assert_uint_eq(in(0x0f) & 0x0f, 0x0f);
}
END_TEST

START_TEST(dma_controller_disable_stops_transfers)
{
    uint8_t buf[4] = {0};

    setup_ch2(0x1000, 16, DMA_MODE_WRITE);
    out(0x08, 0x04);
    ck_assert_int_eq(dma_transfer(dma, 2, buf, 4, true), 0);
    out(0x08, 0x00);
    ck_assert_int_eq(dma_transfer(dma, 2, buf, 4, true), 4);
}
END_TEST

static Suite *dma_suite(void)
{
    Suite *s = suite_create("dma8237");
    TCase *tc = tcase_create("dma");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, dma_write_transfer_lands_in_ram_at_page_and_address);
    tcase_add_test(tc, dma_read_transfer_stops_at_terminal_count);
    tcase_add_test(tc, dma_registers_read_back_through_the_flip_flop);
    tcase_add_test(tc, dma_autoinit_reloads_and_stays_unmasked);
    tcase_add_test(tc, dma_decrement_mode_walks_down);
    tcase_add_test(tc, dma_verify_moves_nothing);
    tcase_add_test(tc, dma_16bit_channel_addresses_words);
    tcase_add_test(tc, dma_master_clear_masks_every_channel);
    tcase_add_test(tc, dma_controller_disable_stops_transfers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(dma_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
