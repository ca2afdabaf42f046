/*
 * tcg_x86_64_disas_test.c - the -d out_asm disassembler on the forms the
 * JIT emits: each byte string carries the text it must produce (checked
 * against objdump -M intel while writing them).
 */
#include <check.h>
#include <string.h>

#include "tcg/x86_64/disas.h"

typedef struct DisasCase {
    uint8_t bytes[16];
    int len;
    const char *text;
} DisasCase;

static void check_cases(const DisasCase *c, size_t n, uint64_t addr)
{
    for (size_t i = 0; i < n; i++) {
        char buf[128];
        int len = x64_disas(c[i].bytes, (size_t)c[i].len, addr, buf, sizeof(buf));
        ck_assert_msg(len == c[i].len && strcmp(buf, c[i].text) == 0,
                      "case %zu: got \"%s\" (%d bytes), want \"%s\" (%d)", i, buf, len, c[i].text,
                      c[i].len);
    }
}

// clang-format off
START_TEST(disas_mov_forms_with_rex_modrm_sib)
{
    static const DisasCase c[] = {
        {{0x8b, 0x45, 0x10}, 3, "mov eax, [rbp+0x10]"},
        {{0x44, 0x8b, 0x75, 0x0c}, 4, "mov r14d, [rbp+0xc]"},
        {{0x89, 0x5d, 0x00}, 3, "mov [rbp], ebx"},
        {{0x48, 0x89, 0x85, 0x90, 0x09, 0x00, 0x00}, 7, "mov [rbp+0x990], rax"},
        {{0x48, 0x89, 0xef}, 3, "mov rdi, rbp"},
        {{0x41, 0x89, 0xc2}, 3, "mov r10d, eax"},
        {{0x89, 0x0c, 0x02}, 3, "mov [rdx+rax*1], ecx"},
        {{0x8b, 0x04, 0x02}, 3, "mov eax, [rdx+rax*1]"},
        {{0x48, 0x8b, 0x54, 0x0d, 0x70}, 5, "mov rdx, [rbp+rcx*1+0x70]"},
        {{0x88, 0xcc}, 2, "mov ah, cl"},
        {{0x40, 0x88, 0xce}, 3, "mov sil, cl"},
        {{0x66, 0x89, 0xc8}, 3, "mov ax, cx"},
        {{0x66, 0x89, 0x45, 0x08}, 4, "mov [rbp+0x8], ax"},
        {{0xb8, 0x78, 0x56, 0x34, 0x12}, 5, "mov eax, 0x12345678"},
        {{0x41, 0xbc, 0x08, 0x19, 0x00, 0x00}, 6, "mov r12d, 0x1908"},
        {{0x48, 0xb8, 0x43, 0x00, 0xe0, 0x95, 0x87, 0x7f, 0x00, 0x00}, 10,
         "movabs rax, 0x7f8795e00043"},
        {{0xc7, 0x45, 0x28, 0x10, 0x32, 0x00, 0x00}, 7, "mov dword [rbp+0x28], 0x3210"},
        {{0x41, 0xc7, 0xc4, 0x01, 0x00, 0x00, 0x00}, 7, "mov r12d, 0x1"},
        {{0xc6, 0x45, 0x04, 0xff}, 4, "mov byte [rbp+0x4], 0xff"},
        {{0x8b, 0x04, 0x25, 0x00, 0x10, 0x00, 0x00}, 7, "mov eax, [0x1000]"},
        {{0x8b, 0x84, 0x8d, 0x00, 0x01, 0x00, 0x00}, 7, "mov eax, [rbp+rcx*4+0x100]"},
        {{0x8b, 0x44, 0x24, 0xf8}, 4, "mov eax, [rsp-0x8]"},
        {{0x43, 0x8b, 0x04, 0x02}, 4, "mov eax, [r10+r8*1]"},
    };
    check_cases(c, sizeof(c) / sizeof(c[0]), 0);
}
END_TEST

START_TEST(disas_alu_shift_mul_groups)
{
    static const DisasCase c[] = {
        {{0x83, 0x6d, 0x50, 0x0a}, 4, "sub dword [rbp+0x50], 0xa"},
        {{0x81, 0x6d, 0x50, 0x00, 0x02, 0x00, 0x00}, 7, "sub dword [rbp+0x50], 0x200"},
        {{0x25, 0xff, 0xfb, 0xff, 0xff}, 5, "and eax, 0xfffffbff"},
        {{0x81, 0xe1, 0xe0, 0x1f, 0x00, 0x00}, 6, "and ecx, 0x1fe0"},
        {{0x83, 0xf8, 0xff}, 3, "cmp eax, 0xffffffff"},
        {{0x48, 0x83, 0xc4, 0x08}, 4, "add rsp, 0x8"},
        {{0x09, 0xc8}, 2, "or eax, ecx"},
        {{0x33, 0x45, 0x14}, 3, "xor eax, [rbp+0x14]"},
        {{0x3b, 0x54, 0x0d, 0x60}, 4, "cmp edx, [rbp+rcx*1+0x60]"},
        {{0x80, 0x7d, 0x10, 0x00}, 4, "cmp byte [rbp+0x10], 0x0"},
        {{0x85, 0xc0}, 2, "test eax, eax"},
        {{0x48, 0x85, 0xc0}, 3, "test rax, rax"},
        {{0xa9, 0x00, 0x01, 0x00, 0x00}, 5, "test eax, 0x100"},
        {{0xf7, 0xc1, 0x01, 0x00, 0x00, 0x00}, 6, "test ecx, 0x1"},
        {{0xc1, 0xe9, 0x07}, 3, "shr ecx, 0x7"},
        {{0xd3, 0xe0}, 2, "shl eax, cl"},
        {{0xd1, 0xf8}, 2, "sar eax, 1"},
        {{0xc1, 0x45, 0x08, 0x03}, 4, "rol dword [rbp+0x8], 0x3"},
        {{0xf7, 0xe1}, 2, "mul ecx"},
        {{0xf7, 0xe9}, 2, "imul ecx"},
        {{0xf7, 0x65, 0x0c}, 3, "mul dword [rbp+0xc]"},
        {{0xf7, 0xd8}, 2, "neg eax"},
        {{0xf7, 0xd0}, 2, "not eax"},
        {{0x0f, 0xaf, 0x45, 0x08}, 4, "imul eax, [rbp+0x8]"},
        {{0x69, 0xc0, 0x10, 0x00, 0x00, 0x00}, 6, "imul eax, eax, 0x10"},
        {{0x6b, 0xc1, 0xfe}, 3, "imul eax, ecx, 0xfffffffe"},
        {{0xff, 0xc0}, 2, "inc eax"},
        {{0xfe, 0x4d, 0x00}, 3, "dec byte [rbp]"},
        {{0x41, 0xf7, 0xf8}, 3, "idiv r8d"},
        {{0x99}, 1, "cdq"},
        {{0x48, 0x98}, 2, "cdqe"},
    };
    check_cases(c, sizeof(c) / sizeof(c[0]), 0);
}
END_TEST

START_TEST(disas_extension_forms)
{
    static const DisasCase c[] = {
        {{0x0f, 0xb6, 0xc0}, 3, "movzx eax, al"},
        {{0x0f, 0xb6, 0x45, 0x11}, 4, "movzx eax, byte [rbp+0x11]"},
        {{0x0f, 0xb7, 0x45, 0x10}, 4, "movzx eax, word [rbp+0x10]"},
        {{0x0f, 0xbe, 0xc0}, 3, "movsx eax, al"},
        {{0x0f, 0xbf, 0x04, 0x02}, 4, "movsx eax, word [rdx+rax*1]"},
        {{0x48, 0x63, 0xc1}, 3, "movsxd rax, ecx"},
        {{0x0f, 0x94, 0xc0}, 3, "sete al"},
        {{0x0f, 0x9c, 0xc1}, 3, "setl cl"},
        {{0x0f, 0x4f, 0xc1}, 3, "cmovg eax, ecx"},
        {{0x0f, 0x42, 0x45, 0x04}, 4, "cmovb eax, [rbp+0x4]"},
        {{0x0f, 0xc8}, 2, "bswap eax"},
        {{0x41, 0x0f, 0xcb}, 3, "bswap r11d"},
        {{0x0f, 0xa3, 0xc8}, 3, "bt eax, ecx"},
        {{0x0f, 0xba, 0xe0, 0x05}, 4, "bt eax, 0x5"},
        {{0x0f, 0xa4, 0xc8, 0x04}, 4, "shld eax, ecx, 0x4"},
        {{0x0f, 0xad, 0xc8}, 3, "shrd eax, ecx, cl"},
        {{0x0f, 0xbd, 0xc1}, 3, "bsr eax, ecx"},
        {{0xf3, 0x0f, 0xbc, 0xc1}, 4, "tzcnt eax, ecx"},
        {{0xf3, 0x0f, 0xbd, 0xc1}, 4, "lzcnt eax, ecx"},
        {{0x0f, 0x1f, 0x40, 0x00}, 4, "nop dword [rax]"},
    };
    check_cases(c, sizeof(c) / sizeof(c[0]), 0);
}
END_TEST

START_TEST(disas_branches_resolve_targets_from_addr)
{
    static const DisasCase c[] = {
        {{0x79, 0x16}, 2, "jns 0x1018"},
        {{0xeb, 0xfe}, 2, "jmp 0x1000"},
        {{0xe9, 0x00, 0x01, 0x00, 0x00}, 5, "jmp 0x1105"},
        {{0x0f, 0x85, 0x1e, 0x00, 0x00, 0x00}, 6, "jne 0x1024"},
        {{0xe8, 0xfb, 0xff, 0xff, 0xff}, 5, "call 0x1000"},
        {{0xff, 0xd0}, 2, "call rax"},
        {{0xff, 0xa0, 0x10, 0x00, 0x00, 0x00}, 6, "jmp qword [rax+0x10]"},
        {{0x48, 0x8d, 0x05, 0x00, 0x00, 0x00, 0x00}, 7, "lea rax, [rip]  # 0x1007"},
        {{0x48, 0x8d, 0x0d, 0x10, 0x00, 0x00, 0x00}, 7, "lea rcx, [rip+0x10]  # 0x1017"},
        {{0x8d, 0x44, 0x08, 0x04}, 4, "lea eax, [rax+rcx*1+0x4]"},
        {{0x55}, 1, "push rbp"},
        {{0x41, 0x57}, 2, "push r15"},
        {{0x41, 0x5c}, 2, "pop r12"},
        {{0xc3}, 1, "ret"},
        {{0x90}, 1, "nop"},
    };
    check_cases(c, sizeof(c) / sizeof(c[0]), 0x1000);
}
END_TEST
// clang-format on

START_TEST(disas_unknown_and_truncated_are_one_bad_byte)
{
    char buf[64];
    static const uint8_t fpu[] = {0xd9, 0xe8};       /* fld1: not emitted */
    static const uint8_t cut[] = {0x8b, 0x85, 0x10}; /* disp32 cut short */
    static const uint8_t lea_reg[] = {0x8d, 0xc0};   /* lea with a register: invalid */
    ck_assert_int_eq(x64_disas(fpu, sizeof(fpu), 0, buf, sizeof(buf)), 1);
    ck_assert_str_eq(buf, "(bad) d9");
    ck_assert_int_eq(x64_disas(cut, sizeof(cut), 0, buf, sizeof(buf)), 1);
    ck_assert_str_eq(buf, "(bad) 8b");
    ck_assert_int_eq(x64_disas(lea_reg, sizeof(lea_reg), 0, buf, sizeof(buf)), 1);
    ck_assert_str_eq(buf, "(bad) 8d");
    ck_assert_int_eq(x64_disas(fpu, 0, 0, buf, sizeof(buf)), 1);
}
END_TEST

static Suite *disas_suite(void)
{
    Suite *s = suite_create("tcg_x86_64_disas");
    TCase *tc = tcase_create("forms");
    tcase_add_test(tc, disas_mov_forms_with_rex_modrm_sib);
    tcase_add_test(tc, disas_alu_shift_mul_groups);
    tcase_add_test(tc, disas_extension_forms);
    tcase_add_test(tc, disas_branches_resolve_targets_from_addr);
    tcase_add_test(tc, disas_unknown_and_truncated_are_one_bad_byte);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(disas_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
