/*
 * hw_uart16550_test.c - the 16550A's registers as a driver sees them
 * through the port space: DLAB, LSR bits, the receive FIFO, IIR ids and
 * priorities, loopback, the scratch register, and host I/O through
 * chardevs (a temp file for output, a pipe on stdin for input).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/uart16550.h"

#define BASE UART_COM1_BASE

typedef struct IRQProbe {
    int level;
    int changes;
} IRQProbe;

static IOSpace *io;
static UARTState *uart;
static IRQLine line;
static IRQProbe probe;

static void probe_set(void *opaque, int n, int level)
{
    IRQProbe *p = opaque;

    (void)n;
    p->level = level;
    p->changes++;
}

static void setup(void)
{
    io = malloc(sizeof(*io));
    ioport_init(io);
    memset(&probe, 0, sizeof(probe));
    irq_init(&line, probe_set, &probe, UART_COM1_IRQ);
    uart = uart_init(io, BASE, &line, NULL);
    ck_assert_ptr_nonnull(uart);
}

static void teardown(void)
{
    uart_free(uart);
    free(io);
}

static uint32_t rd(int reg)
{
    return ioport_read(io, (uint16_t)(BASE + reg), 1);
}

static void wr(int reg, uint32_t val)
{
    ioport_write(io, (uint16_t)(BASE + reg), val, 1);
}

START_TEST(uart_reset_state_matches_qemu)
{
    ck_assert_uint_eq(rd(UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_NO_INT);
    ck_assert_uint_eq(rd(UART_MSR), UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS);
    ck_assert_uint_eq(rd(UART_MCR), UART_MCR_OUT2);
    ck_assert_uint_eq(rd(UART_IER), 0);
    ck_assert_uint_eq(rd(UART_LCR), 0);
    ck_assert_int_eq(probe.level, 0);
}
END_TEST

START_TEST(uart_dlab_switches_to_divisor_latch)
{
    wr(UART_LCR, UART_LCR_DLAB | 0x03);
    ck_assert_uint_eq(rd(UART_DLL), 12); /* 9600 baud at reset */
    ck_assert_uint_eq(rd(UART_DLM), 0);
    wr(UART_DLL, 0x01);
    wr(UART_DLM, 0x02);
    ck_assert_uint_eq(rd(UART_DLL), 0x01);
    ck_assert_uint_eq(rd(UART_DLM), 0x02);
    wr(UART_LCR, 0x03);
    ck_assert_uint_eq(rd(UART_IER), 0); /* IER untouched by the DLM write */
    ck_assert_uint_eq(rd(UART_LCR), 0x03);
    wr(UART_IER, 0xff);
    ck_assert_uint_eq(rd(UART_IER), 0x0f); /* upper IER bits read 0 */
    wr(UART_LCR, UART_LCR_DLAB);
    ck_assert_uint_eq(rd(UART_DLM), 0x02);
}
END_TEST

START_TEST(uart_scr_holds_any_byte)
{
    wr(UART_SCR, 0x5a);
    ck_assert_uint_eq(rd(UART_SCR), 0x5a);
    wr(UART_SCR, 0xa5);
    ck_assert_uint_eq(rd(UART_SCR), 0xa5);
}
END_TEST

START_TEST(uart_loopback_sends_thr_to_rbr)
{
    wr(UART_MCR, UART_MCR_LOOP);
    wr(UART_THR, 'A');
    ck_assert_uint_eq(rd(UART_LSR) & UART_LSR_DR, UART_LSR_DR);
    ck_assert_uint_eq(rd(UART_LSR) & (UART_LSR_THRE | UART_LSR_TEMT),
                      UART_LSR_THRE | UART_LSR_TEMT);
    ck_assert_uint_eq(rd(UART_RBR), 'A');
    ck_assert_uint_eq(rd(UART_LSR) & UART_LSR_DR, 0);
}
END_TEST

START_TEST(uart_loopback_msr_mirrors_mcr_with_deltas)
{
    wr(UART_MCR, UART_MCR_LOOP | UART_MCR_RTS);
    /* CTS stays 1 (from RTS); DSR and DCD fall: their delta bits set */
    ck_assert_uint_eq(rd(UART_MSR), UART_MSR_CTS | UART_MSR_DDSR | UART_MSR_DDCD);
    ck_assert_uint_eq(rd(UART_MSR), UART_MSR_CTS); /* deltas clear on read */
    wr(UART_MCR, UART_MCR_LOOP | UART_MCR_DTR | UART_MCR_OUT1 | UART_MCR_OUT2);
    ck_assert_uint_eq(rd(UART_MSR), UART_MSR_DSR | UART_MSR_RI | UART_MSR_DCD | UART_MSR_DCTS |
                                        UART_MSR_DDSR | UART_MSR_DDCD);
    wr(UART_MCR, UART_MCR_LOOP | UART_MCR_DTR | UART_MCR_OUT2);
    ck_assert_uint_eq(rd(UART_MSR), UART_MSR_DSR | UART_MSR_DCD | UART_MSR_TERI);
}
END_TEST

START_TEST(uart_fifo_fills_to_16_then_overruns)
{
    int i;

    wr(UART_FCR, UART_FCR_FE);
    wr(UART_MCR, UART_MCR_LOOP);
    for (i = 0; i < UART_FIFO_SIZE; i++) {
        wr(UART_THR, (uint32_t)('a' + i));
    }
    ck_assert_uint_eq(rd(UART_LSR) & UART_LSR_OE, 0);
    wr(UART_THR, 'X');
    ck_assert_uint_eq(rd(UART_LSR) & UART_LSR_OE, UART_LSR_OE);
    ck_assert_uint_eq(rd(UART_LSR) & UART_LSR_OE, 0); /* cleared by the read */
    for (i = 0; i < UART_FIFO_SIZE; i++) {
        ck_assert_uint_eq(rd(UART_LSR) & UART_LSR_DR, UART_LSR_DR);
        ck_assert_uint_eq(rd(UART_RBR), (uint32_t)('a' + i)); /* the overrun byte is lost */
    }
    ck_assert_uint_eq(rd(UART_LSR) & UART_LSR_DR, 0);
}
END_TEST

START_TEST(uart_without_fifo_holds_one_byte)
{
    wr(UART_MCR, UART_MCR_LOOP);
    wr(UART_THR, '1');
    wr(UART_THR, '2');
    ck_assert_uint_eq(rd(UART_LSR) & (UART_LSR_OE | UART_LSR_DR), UART_LSR_OE | UART_LSR_DR);
    ck_assert_uint_eq(rd(UART_RBR), '2'); /* 16450 mode: the new byte replaced RBR */
    ck_assert_uint_eq(rd(UART_LSR) & UART_LSR_DR, 0);
}
END_TEST

START_TEST(uart_fcr_reset_clears_rx_fifo)
{
    wr(UART_FCR, UART_FCR_FE);
    wr(UART_MCR, UART_MCR_LOOP);
    wr(UART_THR, 'q');
    wr(UART_THR, 'r');
    wr(UART_FCR, UART_FCR_FE | UART_FCR_RFR);
    ck_assert_uint_eq(rd(UART_LSR) & UART_LSR_DR, 0);
    wr(UART_THR, 's');
    wr(UART_FCR, 0); /* leaving FIFO mode also clears */
    ck_assert_uint_eq(rd(UART_LSR) & UART_LSR_DR, 0);
}
END_TEST

START_TEST(uart_iir_reports_fifo_mode_and_data_ids)
{
    wr(UART_FCR, UART_FCR_FE | 0x40); /* trigger level 4 */
    wr(UART_MCR, UART_MCR_LOOP);
    wr(UART_IER, UART_IER_RDI);
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_FE | UART_IIR_NO_INT);
    wr(UART_THR, 'a');
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_FE | UART_IIR_CTI); /* below the trigger */
    wr(UART_THR, 'b');
    wr(UART_THR, 'c');
    wr(UART_THR, 'd');
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_FE | UART_IIR_RDI);
    ck_assert_int_eq(probe.level, 1);
    rd(UART_RBR);
    rd(UART_RBR);
    rd(UART_RBR);
    rd(UART_RBR);
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_FE | UART_IIR_NO_INT);
    ck_assert_int_eq(probe.level, 0);
}
END_TEST

START_TEST(uart_iir_line_status_has_top_priority)
{
    int i;

    wr(UART_MCR, UART_MCR_LOOP);
    wr(UART_IER, UART_IER_RDI | UART_IER_RLSI | UART_IER_THRI);
    for (i = 0; i < 2; i++) {
        wr(UART_THR, 'z'); /* second byte overruns RBR */
    }
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_RLSI);
    rd(UART_LSR);
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_RDI);
    rd(UART_RBR);
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_THRI);
}
END_TEST

START_TEST(uart_thri_acknowledged_by_iir_read)
{
    wr(UART_IER, UART_IER_THRI);
    ck_assert_int_eq(probe.level, 1);
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_THRI);
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_NO_INT);
    ck_assert_int_eq(probe.level, 0);
    wr(UART_THR, 'x'); /* sent at once: THR empty again */
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_THRI);
}
END_TEST

START_TEST(uart_modem_status_interrupt)
{
    wr(UART_IER, UART_IER_MSI);
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_NO_INT);
    wr(UART_MCR, UART_MCR_LOOP); /* all modem inputs drop */
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_MSI);
    rd(UART_MSR);
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_NO_INT);
}
END_TEST

START_TEST(uart_reset_lowers_irq)
{
    wr(UART_IER, UART_IER_THRI);
    ck_assert_int_eq(probe.level, 1);
    uart_reset(uart);
    ck_assert_int_eq(probe.level, 0);
    ck_assert_uint_eq(rd(UART_IER), 0);
}
END_TEST

START_TEST(uart_thr_reaches_chardev)
{
    char path[] = "/tmp/uart_testXXXXXX";
    char err[128], buf[16] = {0};
    int fd = mkstemp(path);
    CharDev *chr = chr_open("file", path, err, sizeof(err));
    IOSpace *io2 = malloc(sizeof(*io2));
    UARTState *u;

    ck_assert_int_ge(fd, 0);
    ck_assert_ptr_nonnull(chr);
    ioport_init(io2);
    u = uart_init(io2, 0x2f8, NULL, chr);
    ck_assert_ptr_nonnull(u);
    ioport_write(io2, 0x2f8, 'h', 1);
    ioport_write(io2, 0x2f8, 'i', 1);
    ioport_write(io2, 0x2f8 + UART_MCR, UART_MCR_LOOP, 1);
    ioport_write(io2, 0x2f8, '!', 1); /* loopback: not sent */
    ck_assert_int_eq(read(fd, buf, sizeof(buf)), 2);
    ck_assert_str_eq(buf, "hi");
    uart_free(u);
    chr_close(chr);
    free(io2);
    close(fd);
    unlink(path);
}
END_TEST

START_TEST(uart_poll_moves_host_input_into_fifo)
{
    char err[128];
    int fds[2];
    CharDev *chr;
    IOSpace *io2 = malloc(sizeof(*io2));
    UARTState *u;

    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
    ck_assert_int_eq(write(fds[1], "xyz", 3), 3);
    chr = chr_open("stdio", NULL, err, sizeof(err));
    ck_assert_ptr_nonnull(chr);
    ioport_init(io2);
    u = uart_init(io2, BASE, NULL, chr);
    uart_poll(u); /* no FIFO: one byte at a time, no overrun */
    ck_assert_uint_eq(ioport_read(io2, BASE + UART_LSR, 1) & (UART_LSR_DR | UART_LSR_OE),
                      UART_LSR_DR);
    ck_assert_uint_eq(ioport_read(io2, BASE, 1), 'x');
    ioport_write(io2, BASE + UART_FCR, UART_FCR_FE, 1);
    uart_poll(u);
    ck_assert_uint_eq(ioport_read(io2, BASE, 1), 'y');
    ck_assert_uint_eq(ioport_read(io2, BASE, 1), 'z');
    ck_assert_uint_eq(ioport_read(io2, BASE + UART_LSR, 1) & UART_LSR_DR, 0);
    uart_free(u);
    chr_close(chr);
    free(io2);
}
END_TEST

START_TEST(uart_ports_taken_fail_init)
{
    ck_assert_ptr_null(uart_init(io, BASE + 4, NULL, NULL));
}
END_TEST

static Suite *uart_suite(void)
{
    Suite *s = suite_create("uart16550");
    TCase *tc = tcase_create("registers");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, uart_reset_state_matches_qemu);
    tcase_add_test(tc, uart_dlab_switches_to_divisor_latch);
    tcase_add_test(tc, uart_scr_holds_any_byte);
    tcase_add_test(tc, uart_loopback_sends_thr_to_rbr);
    tcase_add_test(tc, uart_loopback_msr_mirrors_mcr_with_deltas);
    tcase_add_test(tc, uart_fifo_fills_to_16_then_overruns);
    tcase_add_test(tc, uart_without_fifo_holds_one_byte);
    tcase_add_test(tc, uart_fcr_reset_clears_rx_fifo);
    tcase_add_test(tc, uart_iir_reports_fifo_mode_and_data_ids);
    tcase_add_test(tc, uart_iir_line_status_has_top_priority);
    tcase_add_test(tc, uart_thri_acknowledged_by_iir_read);
    tcase_add_test(tc, uart_modem_status_interrupt);
    tcase_add_test(tc, uart_reset_lowers_irq);
    tcase_add_test(tc, uart_thr_reaches_chardev);
    tcase_add_test(tc, uart_poll_moves_host_input_into_fifo);
    tcase_add_test(tc, uart_ports_taken_fail_init);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(uart_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
