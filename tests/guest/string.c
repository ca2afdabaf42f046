/*
 * string.c - MOVS STOS LODS CMPS SCAS (b/w/d) alone and with REP, REPE,
 * REPNE, forward and backward (DF=1).
 *
 * What is checked, per SDM vol. 2 "REP/REPE/REPZ/REPNE/REPNZ" and the
 * string instructions: memory contents; final ESI/EDI/ECX (a REPE/REPNE
 * loop stops after the element that ends it, with ECX already counted down
 * and the pointers already moved past it); the flags of CMPS/SCAS (those of
 * CMP src - dst, resp. CMP accumulator - [EDI]); ECX=0 with a prefix doing
 * nothing at all, flags included; DF stepping by -1/-2/-4. A translator
 * usually runs REP loops in a helper or as a self-looping TB, so all of
 * these get their own cases.
 */
#include "flagtest.h"

typedef struct StrRegs {
    uint32_t esi, edi, ecx, eax, flags;
} StrRegs;

/* Run "text" with the registers and EFLAGS in *r; DF comes from r->flags
 * and is cleared again before returning to C code. */
#define STR_OP(fn, text)                                                                           \
    static void fn(StrRegs *r)                                                                     \
    {                                                                                              \
        uint32_t fo;                                                                               \
        __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" text "\n\tpushfl\n\tpopl %[fo]\n\tcld"         \
                         : "+S"(r->esi), "+D"(r->edi), "+c"(r->ecx), "+a"(r->eax), [fo] "=&r"(fo)  \
                         : [fi] "r"(r->flags)                                                      \
                         : "memory", "cc");                                                        \
        r->flags = fo;                                                                             \
    }

// clang-format off
STR_OP(rep_movsb,   "rep movsb")    /* f3 a4 */
STR_OP(rep_movsw,   "rep movsw")    /* 66 f3 a5 (gas puts 66 first) */
STR_OP(rep_movsl,   "rep movsl")    /* f3 a5 */
STR_OP(movsl_once,  "movsl")        /* a5 */
STR_OP(rep_stosb,   "rep stosb")    /* f3 aa */
STR_OP(rep_stosw,   "rep stosw")    /* 66 f3 ab */
STR_OP(rep_stosl,   "rep stosl")    /* f3 ab */
STR_OP(lodsb_once,  "lodsb")        /* ac */
STR_OP(lodsw_once,  "lodsw")        /* 66 ad */
STR_OP(rep_lodsl,   "rep lodsl")    /* f3 ad: legal, leaves the last element */
STR_OP(cmpsb_once,  "cmpsb")        /* a6 */
STR_OP(repe_cmpsb,  "repe cmpsb")   /* f3 a6 */
STR_OP(repne_cmpsw, "repne cmpsw")  /* 66 f2 a7 */
STR_OP(repe_cmpsl,  "repe cmpsl")   /* f3 a7 */
STR_OP(repne_scasb, "repne scasb")  /* f2 ae */
STR_OP(repe_scasw,  "repe scasw")   /* 66 f3 af */
STR_OP(repe_scasl,  "repe scasl")   /* f3 af */
STR_OP(scasb_once,  "scasb")        /* ae */
STR_OP(ds_movsb,    "rep movsb %%ds:(%%esi), %%es:(%%edi)") /* f3 a4, no override needed */
STR_OP(es_lodsb,    ".byte 0x26, 0xac") /* 26 ac: es lodsb (override of the DS source) */
// clang-format on

static uint8_t src[256], dst[256];
static uint32_t hash = 0x811c9dc5u;

static uint32_t A(const void *p)
{
    return (uint32_t)(uintptr_t)p;
}

static void fold_regs(const StrRegs *r)
{
    hash = ft_fold(hash, r->esi - A(src), r->edi - A(dst), r->ecx, r->eax);
    hash = ft_mix(hash, r->flags & (FL_ARITH | FL_DF));
}

static void fold_buf(const uint8_t *b)
{
    for (int i = 0; i < 256; i += 4) {
        hash = ft_mix(hash, b[i] | b[i + 1] << 8 | b[i + 2] << 16 | (uint32_t)b[i + 3] << 24);
    }
}

static void reset(void)
{
    for (int i = 0; i < 256; i++) {
        src[i] = (uint8_t)(i * 7 + 3);
        dst[i] = (uint8_t)(0xA5 ^ i);
    }
}

static StrRegs regs(uint32_t esi, uint32_t edi, uint32_t ecx, uint32_t eax, uint32_t flags)
{
    return (StrRegs){esi, edi, ecx, eax, flags};
}

static void test_movs(void)
{
    StrRegs r;
    reset();
    r = regs(A(src + 1), A(dst + 3), 37, 0, FT_IN_CLEAR);
    rep_movsb(&r);
    CHECK(memcmp(dst + 3, src + 1, 37) == 0 && dst[2] == (0xA5 ^ 2) && dst[40] == (0xA5 ^ 40));
    CHECK_EQ(r.esi, A(src + 38));
    CHECK_EQ(r.edi, A(dst + 40));
    CHECK_EQ(r.ecx, 0);
    fold_regs(&r);
    fold_buf(dst);

    reset();
    r = regs(A(src + 2), A(dst + 10), 9, 0, FT_IN_CLEAR);
    rep_movsw(&r);
    CHECK(memcmp(dst + 10, src + 2, 18) == 0 && dst[28] == (0xA5 ^ 28));
    CHECK_EQ(r.esi, A(src + 20));
    fold_regs(&r);

    /* DF=1: copy 5 dwords backwards, from the last one down */
    reset();
    r = regs(A(src + 16), A(dst + 32), 5, 0, FT_IN_CLEAR | FL_DF);
    rep_movsl(&r);
    CHECK(memcmp(dst + 16, src, 20) == 0 && dst[15] == (0xA5 ^ 15));
    CHECK_EQ(r.esi, A(src) - 4);
    CHECK_EQ(r.edi, A(dst + 12));
    CHECK(r.flags & FL_DF);
    fold_regs(&r);

    /* overlapping forward copy by bytes replicates the pattern (memmove does not) */
    reset();
    r = regs(A(src), A(src + 1), 20, 0, FT_IN_CLEAR);
    rep_movsb(&r);
    for (int i = 0; i <= 20; i++) {
        CHECK_EQ(src[i], 3);
    }
    /* ECX = 0: nothing moves, pointers and flags stay */
    reset();
    r = regs(A(src), A(dst), 0, 0, FT_IN_ALL);
    rep_movsl(&r);
    CHECK_EQ(r.esi, A(src));
    CHECK_EQ(r.edi, A(dst));
    CHECK_EQ(r.flags & FL_ARITH, FL_ARITH);
    CHECK_EQ(dst[0], 0xA5);
    /* no prefix: exactly one element, ECX untouched */
    r = regs(A(src), A(dst), 77, 0, FT_IN_CLEAR);
    movsl_once(&r);
    CHECK_EQ(r.ecx, 77);
    CHECK_EQ(r.edi, A(dst + 4));
    CHECK(memcmp(dst, src, 4) == 0 && dst[4] == (0xA5 ^ 4));
    fold_regs(&r);
    reset();
    r = regs(A(src + 5), A(dst + 6), 11, 0, FT_IN_CLEAR);
    ds_movsb(&r);
    CHECK(memcmp(dst + 6, src + 5, 11) == 0);
    fold_buf(dst);
}

static void test_stos_lods(void)
{
    StrRegs r;
    reset();
    r = regs(0, A(dst + 1), 13, 0xdeadbe5a, FT_IN_CLEAR);
    rep_stosb(&r);
    CHECK(dst[0] == 0xA5 && dst[1] == 0x5a && dst[13] == 0x5a && dst[14] == (0xA5 ^ 14));
    CHECK_EQ(r.edi, A(dst + 14));
    fold_buf(dst);
    r = regs(0, A(dst + 40), 4, 0x11112222, FT_IN_CLEAR | FL_DF);
    rep_stosw(&r); /* words at dst+40, 38, 36, 34 */
    CHECK(dst[34] == 0x22 && dst[35] == 0x22 && dst[41] == 0x22 && dst[42] == (0xA5 ^ 42));
    CHECK(dst[33] == (0xA5 ^ 33));
    CHECK_EQ(r.edi, A(dst + 32));
    fold_regs(&r);
    r = regs(0, A(dst + 64), 32, 0x01020304, FT_IN_CLEAR);
    rep_stosl(&r);
    CHECK(dst[64] == 4 && dst[191] == 1 && dst[192] == (0xA5 ^ 192));
    fold_buf(dst);
    r = regs(0, A(dst + 201), 9, 0xabcd1122, FT_IN_CLEAR); /* odd start, uneven words */
    rep_stosw(&r);
    CHECK(dst[200] == (0xA5 ^ 200) && dst[201] == 0x22 && dst[202] == 0x11);
    CHECK(dst[217] == 0x22 && dst[218] == 0x11 && dst[219] == (0xA5 ^ 219));
    CHECK_EQ(r.edi, A(dst + 219));
    fold_buf(dst);

    reset();
    r = regs(A(src + 9), 0, 5, 0xffffffff, FT_IN_CLEAR);
    lodsb_once(&r); /* AL only: the rest of EAX is kept */
    CHECK_EQ(r.eax, 0xffffff00u | src[9]);
    CHECK_EQ(r.esi, A(src + 10));
    CHECK_EQ(r.ecx, 5);
    r = regs(A(src + 9), 0, 5, 0xffffffff, FT_IN_CLEAR | FL_DF);
    lodsw_once(&r);
    CHECK_EQ(r.eax, 0xffff0000u | src[9] | src[10] << 8);
    CHECK_EQ(r.esi, A(src + 7));
    fold_regs(&r);
    r = regs(A(src), 0, 6, 0, FT_IN_CLEAR);
    rep_lodsl(&r);
    CHECK_EQ(r.eax, src[20] | src[21] << 8 | src[22] << 16 | (uint32_t)src[23] << 24);
    CHECK_EQ(r.esi, A(src + 24));
    fold_regs(&r);
    r = regs(A(src + 3), 0, 0, 0x12345600, FT_IN_CLEAR);
    es_lodsb(&r); /* ES is flat like DS, so the same byte */
    CHECK_EQ(r.eax, 0x12345600u | src[3]);
}

static void test_cmps_scas(void)
{
    StrRegs r;
    reset();
    memcpy(dst, src, 256);
    dst[50] ^= 0x80; /* src[50] = 0x61, dst 0xe1: 0x61 - 0xe1 borrows and overflows */
    r = regs(A(src), A(dst), 200, 0, FT_IN_CLEAR);
    repe_cmpsb(&r);
    /* stopped after comparing element 50: ECX = 200 - 51 */
    CHECK_EQ(r.ecx, 149);
    CHECK_EQ(r.esi, A(src + 51));
    CHECK_EQ(r.edi, A(dst + 51));
    CHECK_EQ(r.flags & (FL_ZF | FL_CF | FL_SF | FL_OF), FL_CF | FL_SF | FL_OF);
    fold_regs(&r);
    /* no mismatch in range: runs out with ZF=1 */
    r = regs(A(src), A(dst), 50, 0, FT_IN_CLEAR);
    repe_cmpsb(&r);
    CHECK_EQ(r.ecx, 0);
    CHECK(r.flags & FL_ZF);
    fold_regs(&r);
    /* repne cmpsw: stops at the first equal word, backwards */
    reset();
    dst[20] = src[20];
    dst[21] = src[21];
    r = regs(A(src + 30), A(dst + 30), 100, 0, FT_IN_CLEAR | FL_DF);
    repne_cmpsw(&r);
    CHECK_EQ(r.ecx, 100 - 6);
    CHECK_EQ(r.esi, A(src + 18));
    CHECK(r.flags & FL_ZF);
    fold_regs(&r);
    memcpy(dst, src, 256);
    dst[100] = 0;
    r = regs(A(src), A(dst), 64, 0, FT_IN_CLEAR);
    repe_cmpsl(&r);
    CHECK_EQ(r.ecx, 64 - 26);
    fold_regs(&r);
    r = regs(A(src + 1), A(dst + 2), 0, 0, FT_IN_CLEAR);
    cmpsb_once(&r); /* src[1] = 0x0a, dst[2] = 0x11: 0x0a - 0x11 = 0xf9 */
    CHECK_EQ(r.flags & FL_ARITH, FL_CF | FL_SF | FL_PF);
    fold_regs(&r);

    /* repne scasb as strlen: AL = 0 */
    static const char text[] = "pcemu string test";
    r = regs(0, A(text), 0xffffffff, 0x55555500, FT_IN_CLEAR);
    repne_scasb(&r);
    CHECK_EQ(~r.ecx - 1, sizeof(text) - 1);
    CHECK_EQ(r.edi, A(text + sizeof(text)));
    hash = ft_mix(hash, r.ecx);
    /* not found within ECX: ZF = 0 at the end */
    r = regs(0, A(text), 5, 'z', FT_IN_CLEAR);
    repne_scasb(&r);
    CHECK_EQ(r.ecx, 0);
    CHECK(!(r.flags & FL_ZF));
    static const uint16_t words[] = {7, 7, 7, 9, 7};
    r = regs(0, A(words), 5, 0xabcd0007, FT_IN_CLEAR);
    repe_scasw(&r);
    CHECK_EQ(r.ecx, 1);
    CHECK_EQ(r.edi, A(&words[4]));
    CHECK_EQ(r.flags & (FL_ZF | FL_CF), FL_CF); /* 7 - 9 borrows */
    fold_regs(&r);
    static const uint32_t dwords[] = {0, 0, 0, 0, 0x80000000};
    r = regs(0, A(&dwords[4]), 5, 0, FT_IN_CLEAR | FL_DF);
    repe_scasl(&r); /* from the end: the first element already differs */
    CHECK_EQ(r.ecx, 4);
    CHECK_EQ(r.edi, A(&dwords[3]));
    CHECK_EQ(r.flags & (FL_ZF | FL_CF | FL_OF | FL_SF), FL_CF | FL_OF | FL_SF);
    fold_regs(&r);
    r = regs(0, A(text), 0, 'p', FT_IN_CLEAR);
    scasb_once(&r);
    CHECK(r.flags & FL_ZF);
    CHECK_EQ(r.edi, A(text + 1));
    /* REPE with ECX = 0: flags as they were */
    r = regs(A(src), A(dst), 0, 0, FT_IN_ALL);
    repe_cmpsl(&r);
    CHECK_EQ(r.flags & FL_ARITH, FL_ARITH);
}

int main(void)
{
    guest_puts("string: MOVS STOS LODS CMPS SCAS, REP/REPE/REPNE, DF\n");
    test_movs();
    test_stos_lods();
    test_cmps_scas();
    guest_printf("hash %08x\n", hash);
    return guest_result("string");
}
