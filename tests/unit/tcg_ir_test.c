/*
 * tcg_ir_test.c - the IR builder, the optimizer and liveness on small op
 * lists built by hand.
 */
#include <check.h>
#include <stdlib.h>

#include "tcg/ir.h"

static IRContext *s;
static TCGv g0, g1; /* two globals */

static void setup(void)
{
    s = malloc(sizeof(*s));
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(ir_context_init(s), 0);
    g0 = tcg_global_mem_new(s, 0, "g0");
    g1 = tcg_global_mem_new(s, 4, "g1");
    ir_func_start(s);
}

static void teardown(void)
{
    ir_context_destroy(s);
    free(s);
}

static int count_ops(IROpcode opc)
{
    int n = 0;
    for (int i = 0; i < s->nb_ops; i++) {
        n += s->ops[i].opc == opc;
    }
    return n;
}

static const TCGOp *find_op(IROpcode opc)
{
    for (int i = 0; i < s->nb_ops; i++) {
        if (s->ops[i].opc == opc) {
            return &s->ops[i];
        }
    }
    return NULL;
}

START_TEST(ir_addi_zero_is_a_move)
{
    TCGv t = tcg_temp_new(s);
    tcg_gen_addi(s, t, g0, 0);
    ck_assert_int_eq(s->nb_ops, 1);
    ck_assert_int_eq(s->ops[0].opc, INDEX_op_mov);
}
END_TEST

START_TEST(ir_op_table_counts_args)
{
    ck_assert_int_eq(ir_op_defs[INDEX_op_add].nb_oargs, 1);
    ck_assert_int_eq(ir_op_defs[INDEX_op_add].nb_iargs, 2);
    ck_assert_int_eq(ir_op_defs[INDEX_op_brcond].nb_cargs, 2);
    ck_assert_int_eq(ir_op_defs[INDEX_op_call].nb_args, 7);
    ck_assert(ir_op_defs[INDEX_op_qemu_ld].flags & IR_CAN_FAULT);
}
END_TEST

START_TEST(optimize_folds_constant_arithmetic)
{
    TCGv a = tcg_temp_new(s), b = tcg_temp_new(s);
    tcg_gen_movi(s, a, 6);
    tcg_gen_muli(s, b, a, 7);   /* 42 */
    tcg_gen_xori(s, g0, b, 40); /* 2 */
    tcg_optimize(s);
    const TCGOp *last = &s->ops[s->nb_ops - 1];
    ck_assert_int_eq(last->opc, INDEX_op_movi);
    ck_assert_uint_eq(last->args[0], g0.idx);
    ck_assert_uint_eq(last->args[1], 2);
}
END_TEST

START_TEST(optimize_folds_count_zeros)
{
    TCGv a = tcg_temp_new(s), z = tcg_temp_new(s);
    tcg_gen_movi(s, a, 0x00f0u);
    tcg_gen_movi(s, z, 0);
    tcg_gen_ctzi(s, g0, a, 99); /* 4 */
    tcg_gen_clzi(s, g1, a, 99); /* 24 */
    tcg_gen_ctzi(s, a, z, 77);  /* zero input: the fallback */
    tcg_gen_clzi(s, g0, z, 66);
    tcg_optimize(s);
    uint32_t want[4] = {4, 24, 77, 66};
    int n = 0;
    for (int i = 0; i < s->nb_ops; i++) {
        if (s->ops[i].opc == INDEX_op_movi && s->ops[i].args[1] != 0x00f0u && s->ops[i].args[1]) {
            ck_assert_int_lt(n, 4);
            ck_assert_uint_eq(s->ops[i].args[1], want[n++]);
        }
    }
    ck_assert_int_eq(n, 4);
    ck_assert_int_eq(count_ops(INDEX_op_ctz) + count_ops(INDEX_op_clz), 0);
}
END_TEST

START_TEST(optimize_propagates_copies)
{
    TCGv t = tcg_temp_new(s);
    tcg_gen_mov(s, t, g0);
    tcg_gen_add(s, g1, t, t);
    tcg_optimize(s);
    const TCGOp *add = find_op(INDEX_op_add);
    ck_assert_ptr_nonnull(add);
    ck_assert_uint_eq(add->args[1], g0.idx);
    ck_assert_uint_eq(add->args[2], g0.idx);
}
END_TEST

START_TEST(optimize_drops_zero_extension_of_a_byte_load)
{
    TCGv t = tcg_temp_new(s), u = tcg_temp_new(s);
    tcg_gen_qemu_ld(s, t, g0, MO_UB, 0);
    tcg_gen_ext8u(s, u, t);
    tcg_gen_mov(s, g1, u);
    tcg_optimize(s);
    ck_assert_int_eq(count_ops(INDEX_op_ext8u), 0);
}
END_TEST

START_TEST(optimize_folds_brcond_on_constants)
{
    TCGLabel *l = gen_new_label(s);
    TCGv t = tcg_temp_new(s);
    tcg_gen_movi(s, t, 5);
    tcg_gen_brcondi(s, TCG_COND_LTU, t, 3, l); /* never taken */
    tcg_gen_movi(s, g0, 1);
    gen_set_label(s, l);
    tcg_optimize(s);
    ck_assert_int_eq(count_ops(INDEX_op_brcond), 0);
    ck_assert_int_eq(count_ops(INDEX_op_br), 0);
}
END_TEST

START_TEST(liveness_removes_dead_temps_and_marks_deaths)
{
    TCGv a = tcg_temp_new(s), b = tcg_temp_new(s);
    tcg_gen_add(s, a, g0, g1); /* dead: never read */
    tcg_gen_sub(s, b, g0, g1);
    tcg_gen_mov(s, g0, b);     /* b dies here */
    tcg_gen_exit_tb(s, 0);
    tcg_liveness(s);
    ck_assert_int_eq(count_ops(INDEX_op_add), 0);
    const TCGOp *mov = find_op(INDEX_op_mov);
    ck_assert_ptr_nonnull(mov);
    ck_assert(mov->life & (1u << 1));
}
END_TEST

START_TEST(liveness_keeps_globals_live_at_a_faulting_load)
{
    TCGv t = tcg_temp_new(s);
    tcg_gen_movi(s, g1, 1);          /* must survive: the load can fault */
    tcg_gen_qemu_ld(s, t, g0, MO_UL, 0);
    tcg_gen_mov(s, g1, t);
    tcg_gen_exit_tb(s, 0);
    tcg_liveness(s);
    ck_assert_int_eq(count_ops(INDEX_op_movi), 1);
}
END_TEST

START_TEST(liveness_drops_global_store_overwritten_before_any_use)
{
    tcg_gen_movi(s, g1, 1);
    tcg_gen_movi(s, g1, 2);
    tcg_gen_exit_tb(s, 0);
    tcg_liveness(s);
    ck_assert_int_eq(count_ops(INDEX_op_movi), 1);
    ck_assert_uint_eq(find_op(INDEX_op_movi)->args[1], 2);
}
END_TEST

START_TEST(liveness_tb_temp_live_across_a_branch)
{
    TCGLabel *l = gen_new_label(s);
    TCGv t = tcg_temp_local_new(s);
    tcg_gen_movi(s, t, 7);
    tcg_gen_brcondi(s, TCG_COND_EQ, g0, 0, l);
    tcg_gen_movi(s, t, 9);
    gen_set_label(s, l);
    tcg_gen_mov(s, g1, t);
    tcg_gen_exit_tb(s, 0);
    tcg_liveness(s);
    ck_assert_int_eq(count_ops(INDEX_op_movi), 2); /* the first is needed on the taken path */
}
END_TEST

START_TEST(ir_overflow_is_reported_not_fatal)
{
    for (int i = 0; i < IR_MAX_OPS + 10; i++) {
        tcg_gen_movi(s, g0, (uint32_t)i);
    }
    ck_assert(s->overflow);
    ck_assert_int_le(s->nb_ops, IR_MAX_OPS);
}
END_TEST

static Suite *ir_suite(void)
{
    Suite *su = suite_create("tcg_ir");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, ir_addi_zero_is_a_move);
    tcase_add_test(tc, ir_op_table_counts_args);
    tcase_add_test(tc, optimize_folds_constant_arithmetic);
    tcase_add_test(tc, optimize_folds_count_zeros);
    tcase_add_test(tc, optimize_propagates_copies);
    tcase_add_test(tc, optimize_drops_zero_extension_of_a_byte_load);
    tcase_add_test(tc, optimize_folds_brcond_on_constants);
    tcase_add_test(tc, liveness_removes_dead_temps_and_marks_deaths);
    tcase_add_test(tc, liveness_keeps_globals_live_at_a_faulting_load);
    tcase_add_test(tc, liveness_drops_global_store_overwritten_before_any_use);
    tcase_add_test(tc, liveness_tb_temp_live_across_a_branch);
    tcase_add_test(tc, ir_overflow_is_reported_not_fatal);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    SRunner *sr = srunner_create(ir_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
