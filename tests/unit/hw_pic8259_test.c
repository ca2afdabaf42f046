/*
 * hw_pic8259_test.c - the 8259A pair through its ports: initialization,
 * IRR/ISR/IMR reads, edge and level inputs (ELCR), priorities and
 * rotation, EOI kinds, AEOI, special mask mode, poll, the cascade and the
 * spurious IR7/IR15 at INTA.
 */
#include <check.h>
#include <stdlib.h>

#include "hw/pic8259.h"

static IOSpace *io;
static PICState *pic;
static IRQLine intr;
static int intr_level;

static void intr_set(void *opaque, int n, int level)
{
    (void)opaque;
    (void)n;
    intr_level = level;
}

static void icw(uint16_t base, uint8_t vec, uint8_t icw3, uint8_t icw4)
{
    ioport_write(io, base, 0x11, 1);
    ioport_write(io, base + 1, vec, 1);
    ioport_write(io, base + 1, icw3, 1);
    ioport_write(io, base + 1, icw4, 1);
}

static void setup(void)
{
    io = malloc(sizeof(*io));
    ioport_init(io);
    intr_level = 0;
    irq_init(&intr, intr_set, NULL, 0);
    pic = pic_init(io, &intr);
    ck_assert_ptr_nonnull(pic);
    icw(0x20, 0x20, 0x04, 0x01);
    icw(0xa0, 0x28, 0x02, 0x01);
}

static void teardown(void)
{
    pic_free(pic);
    free(io);
}

static uint8_t rd(uint16_t port)
{
    return (uint8_t)ioport_read(io, port, 1);
}

static void wr(uint16_t port, uint8_t v)
{
    ioport_write(io, port, v, 1);
}

static uint8_t isr(uint16_t base)
{
    wr(base, 0x0b);
    return rd(base);
}

static uint8_t irr(uint16_t base)
{
    wr(base, 0x0a);
    return rd(base);
}

START_TEST(pic_edge_irq_sets_irr)
{
    irq_raise(pic_irq(pic, 3));
    ck_assert_uint_eq(irr(0x20), 0x08);
    ck_assert_int_eq(intr_level, 1);
    irq_lower(pic_irq(pic, 3));
    ck_assert_uint_eq(irr(0x20), 0x08); /* latched until INTA */
}
END_TEST

START_TEST(pic_inta_returns_vector_and_sets_isr)
{
    irq_raise(pic_irq(pic, 3));
    ck_assert_int_eq(pic_intr_ack(pic), 0x23);
    ck_assert_uint_eq(isr(0x20), 0x08);
    ck_assert_uint_eq(irr(0x20), 0x00);
    ck_assert_int_eq(intr_level, 0);
}
END_TEST

START_TEST(pic_imr_masks_and_reads_back)
{
    wr(0x21, 0x08);
    ck_assert_uint_eq(rd(0x21), 0x08);
    irq_raise(pic_irq(pic, 3));
    ck_assert_int_eq(intr_level, 0);
    ck_assert_uint_eq(irr(0x20), 0x08);
    wr(0x21, 0x00);
    ck_assert_int_eq(intr_level, 1);
}
END_TEST

START_TEST(pic_lower_number_wins_and_isr_blocks_lower)
{
    irq_raise(pic_irq(pic, 5));
    irq_raise(pic_irq(pic, 1));
    ck_assert_int_eq(pic_intr_ack(pic), 0x21);
    ck_assert_int_eq(intr_level, 0); /* IRQ5 waits for IRQ1's EOI */
    irq_lower(pic_irq(pic, 1));
    irq_raise(pic_irq(pic, 0));
    ck_assert_int_eq(intr_level, 1); /* IRQ0 nests */
    ck_assert_int_eq(pic_intr_ack(pic), 0x20);
    wr(0x20, 0x20); /* non-specific EOI: the highest in service, IRQ0 */
    ck_assert_uint_eq(isr(0x20), 0x02);
    wr(0x20, 0x20);
    ck_assert_uint_eq(isr(0x20), 0x00);
    ck_assert_int_eq(pic_intr_ack(pic), 0x25);
}
END_TEST

START_TEST(pic_specific_eoi_clears_that_level)
{
    irq_raise(pic_irq(pic, 6));
    pic_intr_ack(pic);
    irq_raise(pic_irq(pic, 4));
    pic_intr_ack(pic);
    ck_assert_uint_eq(isr(0x20), 0x50);
    wr(0x20, 0x66); /* specific EOI 6 */
    ck_assert_uint_eq(isr(0x20), 0x10);
}
END_TEST

START_TEST(pic_rotate_on_eoi_makes_level_lowest)
{
    irq_raise(pic_irq(pic, 1));
    pic_intr_ack(pic);
    wr(0x20, 0xa0); /* rotate on non-specific EOI: IR1 lowest, IR2 highest */
    irq_lower(pic_irq(pic, 1));
    irq_raise(pic_irq(pic, 1));
    irq_raise(pic_irq(pic, 4));
    ck_assert_int_eq(pic_intr_ack(pic), 0x24);
}
END_TEST

START_TEST(pic_set_priority_command)
{
    wr(0x20, 0xc4); /* IR4 lowest: IR5 highest */
    irq_raise(pic_irq(pic, 3));
    irq_raise(pic_irq(pic, 6));
    ck_assert_int_eq(pic_intr_ack(pic), 0x26);
}
END_TEST

START_TEST(pic_auto_eoi_leaves_isr_clear)
{
    icw(0x20, 0x20, 0x04, 0x03);
    irq_raise(pic_irq(pic, 3));
    ck_assert_int_eq(pic_intr_ack(pic), 0x23);
    ck_assert_uint_eq(isr(0x20), 0x00);
}
END_TEST

START_TEST(pic_level_irq_follows_line)
{
    wr(0x4d0, 0x20); /* IRQ5 level */
    ck_assert_uint_eq(rd(0x4d0), 0x20);
    irq_raise(pic_irq(pic, 5));
    ck_assert_int_eq(pic_intr_ack(pic), 0x25);
    ck_assert_uint_eq(irr(0x20), 0x20); /* still requested */
    wr(0x20, 0x20);
    ck_assert_int_eq(intr_level, 1); /* and interrupts again after EOI */
    irq_lower(pic_irq(pic, 5));
    ck_assert_uint_eq(irr(0x20), 0x00);
}
END_TEST

START_TEST(pic_elcr_cannot_make_irq0_level)
{
    wr(0x4d0, 0xff);
    ck_assert_uint_eq(rd(0x4d0), 0xf8);
    wr(0x4d1, 0xff);
    ck_assert_uint_eq(rd(0x4d1), 0xde);
}
END_TEST

START_TEST(pic_spurious_irq7_when_level_request_leaves)
{
    wr(0x4d0, 0x10);
    irq_raise(pic_irq(pic, 4));
    ck_assert_int_eq(intr_level, 1);
    irq_lower(pic_irq(pic, 4));
    ck_assert_int_eq(intr_level, 1); /* INT stays up until INTA */
    ck_assert_int_eq(pic_intr_ack(pic), 0x27);
    ck_assert_uint_eq(isr(0x20), 0x00);
    ck_assert_int_eq(intr_level, 0);
}
END_TEST

START_TEST(pic_spurious_irq15_on_slave)
{
    wr(0x4d1, 0x02); /* IRQ9 level */
    irq_raise(pic_irq(pic, 9));
    irq_lower(pic_irq(pic, 9));
    ck_assert_int_eq(intr_level, 1);
    ck_assert_int_eq(pic_intr_ack(pic), 0x2f);
    ck_assert_uint_eq(isr(0xa0), 0x00);
    ck_assert_uint_eq(isr(0x20), 0x04); /* the master did acknowledge IR2 */
}
END_TEST

START_TEST(pic_cascade_delivers_slave_vector)
{
    irq_raise(pic_irq(pic, 8));
    ck_assert_int_eq(intr_level, 1);
    ck_assert_uint_eq(irr(0x20), 0x04);
    ck_assert_int_eq(pic_intr_ack(pic), 0x28);
    ck_assert_uint_eq(isr(0xa0), 0x01);
    ck_assert_uint_eq(isr(0x20), 0x04);
}
END_TEST

START_TEST(pic_second_slave_request_reaches_master_after_eoi)
{
    irq_raise(pic_irq(pic, 12));
    pic_intr_ack(pic);
    irq_raise(pic_irq(pic, 10)); /* higher than 12 on the slave */
    ck_assert_int_eq(intr_level, 0); /* master IR2 in service */
    wr(0xa0, 0x20);
    wr(0x20, 0x20);
    ck_assert_int_eq(intr_level, 1);
    ck_assert_int_eq(pic_intr_ack(pic), 0x2a);
}
END_TEST

START_TEST(pic_special_mask_mode_allows_lower_levels)
{
    irq_raise(pic_irq(pic, 2 + 1));
    pic_intr_ack(pic); /* IR3 in service */
    irq_raise(pic_irq(pic, 6));
    ck_assert_int_eq(intr_level, 0);
    wr(0x21, 0x08);
    wr(0x20, 0x68); /* set special mask */
    ck_assert_int_eq(intr_level, 1);
    ck_assert_int_eq(pic_intr_ack(pic), 0x26);
}
END_TEST

START_TEST(pic_poll_acknowledges)
{
    irq_raise(pic_irq(pic, 5));
    wr(0x20, 0x0c);
    ck_assert_uint_eq(rd(0x20), 0x85);
    ck_assert_uint_eq(isr(0x20), 0x20);
    wr(0x20, 0x0c);
    ck_assert_uint_eq(rd(0x20), 0x00);
}
END_TEST

START_TEST(pic_icw1_clears_state)
{
    irq_raise(pic_irq(pic, 5));
    wr(0x21, 0x12);
    wr(0x20, 0x11);
    ck_assert_uint_eq(rd(0x21), 0x00);
    ck_assert_uint_eq(irr(0x20), 0x00);
    wr(0x21, 0x40);
    wr(0x21, 0x04);
    wr(0x21, 0x01);
    irq_lower(pic_irq(pic, 5));
    irq_raise(pic_irq(pic, 5));
    ck_assert_int_eq(pic_intr_ack(pic), 0x45);
}
END_TEST

static Suite *pic_suite(void)
{
    Suite *s = suite_create("pic8259");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, pic_edge_irq_sets_irr);
    tcase_add_test(tc, pic_inta_returns_vector_and_sets_isr);
    tcase_add_test(tc, pic_imr_masks_and_reads_back);
    tcase_add_test(tc, pic_lower_number_wins_and_isr_blocks_lower);
    tcase_add_test(tc, pic_specific_eoi_clears_that_level);
    tcase_add_test(tc, pic_rotate_on_eoi_makes_level_lowest);
    tcase_add_test(tc, pic_set_priority_command);
    tcase_add_test(tc, pic_auto_eoi_leaves_isr_clear);
    tcase_add_test(tc, pic_level_irq_follows_line);
    tcase_add_test(tc, pic_elcr_cannot_make_irq0_level);
    tcase_add_test(tc, pic_spurious_irq7_when_level_request_leaves);
    tcase_add_test(tc, pic_spurious_irq15_on_slave);
    tcase_add_test(tc, pic_cascade_delivers_slave_vector);
    tcase_add_test(tc, pic_second_slave_request_reaches_master_after_eoi);
    tcase_add_test(tc, pic_special_mask_mode_allows_lower_levels);
    tcase_add_test(tc, pic_poll_acknowledges);
    tcase_add_test(tc, pic_icw1_clears_state);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pic_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
