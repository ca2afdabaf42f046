/*
 * convert.c - sign and zero extension: CBW (66 98), CWDE (98), CWD (66 99),
 * CDQ (99), MOVZX/MOVSX from 8 and 16 bits (0F B6/B7/BE/BF), register and
 * memory sources, including the high-byte registers AH..BH as sources.
 *
 * CBW writes AX only (upper half of EAX kept); CWD writes DX only. None of
 * these touch the flags, which is checked by running them with all
 * arithmetic flags set.
 */
#include "flagtest.h"

typedef struct Conv {
    uint32_t eax, edx, flags;
} Conv;

#define CONV(fn, insn)                                                                             \
    static Conv fn(uint32_t eax, uint32_t edx)                                                     \
    {                                                                                              \
        uint32_t f;                                                                                \
        __asm__ volatile("pushl %[fi]\n\tpopfl\n\t" insn "\n\tpushfl\n\tpopl %[fo]"                \
                         : "+a"(eax), "+d"(edx), [fo] "=&r"(f)                                     \
                         : [fi] "r"(FT_IN_ALL)                                                     \
                         : "cc");                                                                  \
        return (Conv){eax, edx, f & FL_ARITH};                                                     \
    }

CONV(do_cbw, "cbtw")  /* 66 98 */
CONV(do_cwde, "cwtl") /* 98 */
CONV(do_cwd, "cwtd")  /* 66 99 */
CONV(do_cdq, "cltd")  /* 99 */

static uint8_t m8;
static uint16_t m16;

int main(void)
{
    uint32_t h = 0x811c9dc5u;
    guest_puts("convert: CBW CWDE CWD CDQ MOVZX MOVSX\n");
    for (int i = 0; i < FT_NVALS; i++) {
        uint32_t v = ft_vals[i], d = 0x5a5a5a5a ^ v;
        Conv c = do_cbw(v, d);
        CHECK_EQ(c.eax, (v & 0xffff0000u) | (uint16_t)(int16_t)(int8_t)v);
        CHECK_EQ(c.edx, d);
        CHECK_EQ(c.flags, FL_ARITH);
        h = ft_fold(h, v, c.eax, c.edx, c.flags);
        c = do_cwde(v, d);
        CHECK_EQ(c.eax, (uint32_t)(int32_t)(int16_t)v);
        h = ft_fold(h, v, c.eax, c.edx, c.flags);
        c = do_cwd(v, d);
        CHECK_EQ(c.eax, v);
        CHECK_EQ(c.edx, (d & 0xffff0000u) | (v & 0x8000 ? 0xffff : 0));
        h = ft_fold(h, v, c.eax, c.edx, c.flags);
        c = do_cdq(v, d);
        CHECK_EQ(c.edx, v & 0x80000000u ? 0xffffffff : 0);
        CHECK_EQ(c.flags, FL_ARITH);
        h = ft_fold(h, v, c.eax, c.edx, c.flags);

        uint32_t zb, sb, zw, sw, zbh, sbh, zm, sm, zmw, smw;
        __asm__("movzbl %b1, %0" : "=r"(zb) : "q"(v));          /* 0f b6 /r */
        __asm__("movsbl %b1, %0" : "=r"(sb) : "q"(v));          /* 0f be /r */
        __asm__("movzwl %w1, %0" : "=r"(zw) : "r"(v));          /* 0f b7 /r */
        __asm__("movswl %w1, %0" : "=r"(sw) : "r"(v));          /* 0f bf /r */
        __asm__("movzbl %h1, %0" : "=r"(zbh) : "Q"(v));         /* 0f b6, AH..BH source */
        __asm__("movsbl %h1, %0" : "=r"(sbh) : "Q"(v));
        m8 = (uint8_t)(v >> 3);
        m16 = (uint16_t)(v >> 5);
        __asm__("movzbl %1, %0" : "=r"(zm) : "m"(m8));
        __asm__("movsbl %1, %0" : "=r"(sm) : "m"(m8));
        __asm__("movzwl %1, %0" : "=r"(zmw) : "m"(m16));
        __asm__("movswl %1, %0" : "=r"(smw) : "m"(m16));
        CHECK_EQ(zb, v & 0xff);
        CHECK_EQ(sb, (uint32_t)(int32_t)(int8_t)v);
        CHECK_EQ(zw, v & 0xffff);
        CHECK_EQ(sw, (uint32_t)(int32_t)(int16_t)v);
        CHECK_EQ(zbh, (v >> 8) & 0xff);
        CHECK_EQ(sbh, (uint32_t)(int32_t)(int8_t)(v >> 8));
        CHECK_EQ(zm, m8);
        CHECK_EQ(sm, (uint32_t)(int32_t)(int8_t)m8);
        CHECK_EQ(zmw, m16);
        CHECK_EQ(smw, (uint32_t)(int32_t)(int16_t)m16);
        h = ft_fold(h, zb ^ sb, zw ^ sw, zbh ^ sbh, zm ^ sm ^ zmw ^ smw);
        /* 16-bit destinations: movzbw/movsbw (66 0f b6/be) keep EAX[31:16] */
        uint32_t r16 = 0xabcd0000u;
        __asm__("movsbw %b1, %w0" : "+r"(r16) : "q"(v));
        CHECK_EQ(r16, 0xabcd0000u | (uint16_t)(int16_t)(int8_t)v);
        h = ft_mix(h, r16);
    }
    guest_printf("hash %08x\n", h);
    return guest_result("convert");
}
