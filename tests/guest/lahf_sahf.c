/*
 * lahf_sahf.c - LAHF (9F), SAHF (9E), and the carry-flag instructions CLC
 * (F8), STC (F9), CMC (F5), plus CLD/STD (FC/FD) read back through PUSHF.
 *
 * SDM vol. 2 "LAHF": AH = SF:ZF:0:AF:0:PF:1:CF (bit 1 reads as 1, bits 3
 * and 5 as 0). "SAHF" loads SF ZF AF PF CF from AH and leaves OF alone.
 * LAHF after a real ALU op reads lazily computed flags, so the test also
 * runs ADD/SUB right before it and compares with the C model.
 */
#include "alu_model.h"

static uint32_t lahf_after_popf(uint32_t fin)
{
    uint32_t eax = 0xdeadbeef;
    __asm__ volatile("pushl %1\n\tpopfl\n\tlahf" : "+a"(eax) : "r"(fin) : "cc");
    return eax;
}

static uint32_t sahf_flags(uint32_t ah, uint32_t fin)
{
    uint32_t f;
    __asm__ volatile("pushl %2\n\tpopfl\n\tsahf\n\tpushfl\n\tpopl %0"
                     : "=r"(f)
                     : "a"(ah << 8), "r"(fin)
                     : "cc");
    return f;
}

static uint32_t lahf_after_add(uint32_t a, uint32_t b)
{
    uint32_t eax;
    __asm__ volatile("addl %2, %1\n\tlahf\n\tmovl %%eax, %0"
                     : "=r"(eax), "+r"(a)
                     : "r"(b)
                     : "cc", "eax");
    return (eax >> 8) & 0xff;
}

static uint32_t lahf_after_subb(uint32_t a, uint32_t b)
{
    uint32_t eax;
    __asm__ volatile("subb %b2, %b1\n\tlahf\n\tmovl %%eax, %0"
                     : "=r"(eax), "+q"(a)
                     : "q"(b)
                     : "cc", "eax");
    return (eax >> 8) & 0xff;
}

static uint32_t flag_insn(int which, uint32_t fin)
{
    uint32_t f;
    switch (which) {
    case 0:
        __asm__ volatile("pushl %1\n\tpopfl\n\tclc\n\tpushfl\n\tpopl %0" : "=r"(f) : "r"(fin) : "cc");
        break;
    case 1:
        __asm__ volatile("pushl %1\n\tpopfl\n\tstc\n\tpushfl\n\tpopl %0" : "=r"(f) : "r"(fin) : "cc");
        break;
    case 2:
        __asm__ volatile("pushl %1\n\tpopfl\n\tcmc\n\tpushfl\n\tpopl %0" : "=r"(f) : "r"(fin) : "cc");
        break;
    case 3:
        __asm__ volatile("pushl %1\n\tpopfl\n\tstd\n\tpushfl\n\tpopl %0\n\tcld" : "=r"(f) : "r"(fin)
                         : "cc");
        break;
    default:
        __asm__ volatile("pushl %1\n\tpopfl\n\tcld\n\tpushfl\n\tpopl %0" : "=r"(f) : "r"(fin) : "cc");
        break;
    }
    return f;
}

int main(void)
{
    uint32_t h = 0x811c9dc5u;
    guest_puts("lahf_sahf: LAHF SAHF CLC STC CMC CLD STD\n");
    /* every combination of the five LAHF flags, with OF both ways */
    for (uint32_t combo = 0; combo < 64; combo++) {
        uint32_t fin = 2;
        fin |= (combo & 1) ? FL_CF : 0;
        fin |= (combo & 2) ? FL_PF : 0;
        fin |= (combo & 4) ? FL_AF : 0;
        fin |= (combo & 8) ? FL_ZF : 0;
        fin |= (combo & 16) ? FL_SF : 0;
        fin |= (combo & 32) ? FL_OF : 0;
        uint32_t eax = lahf_after_popf(fin);
        CHECK_EQ(eax, 0xdead00efu | ((fin & 0xd5) | 2) << 8);
        /* SAHF: the five flags from AH; bits 1, 3, 5 of AH ignored; OF kept */
        uint32_t ah = (fin & 0xd5) | 0x2a;
        uint32_t f = sahf_flags(ah, combo & 32 ? FL_ARITH | 2 : 2);
        CHECK_EQ(f & FL_ARITH, (fin & 0xd5) | (combo & 32 ? FL_OF : 0));
        h = ft_fold(h, fin, eax, f & FL_ARITH, 0);
    }
    /* LAHF after lazily computed flags */
    for (int x = 0; x < FT_NVALS; x++) {
        for (int y = 0; y < FT_NVALS; y += 3) {
            uint32_t a = ft_vals[x], b = ft_vals[y];
            AmResult m = am_run(AM_ADD, a, b, 2, 32);
            CHECK_EQ(lahf_after_add(a, b), (m.flags & 0xd5) | 2);
            m = am_run(AM_SUB, a, b, 2, 8);
            CHECK_EQ(lahf_after_subb(a, b), (m.flags & 0xd5) | 2);
            h = ft_mix(h, lahf_after_add(a, b) << 8 | lahf_after_subb(a, b));
        }
    }
    /* CLC STC CMC CLD STD: one flag each, the rest untouched */
    static const uint32_t fins[] = {2, FT_IN_ALL, FT_IN_CF};
    for (int k = 0; k < 3; k++) {
        uint32_t fin = fins[k];
        CHECK_EQ(flag_insn(0, fin) & (FL_ARITH | FL_DF), fin & ~FL_CF & (FL_ARITH | FL_DF));
        CHECK_EQ(flag_insn(1, fin) & (FL_ARITH | FL_DF), (fin | FL_CF) & (FL_ARITH | FL_DF));
        CHECK_EQ(flag_insn(2, fin) & (FL_ARITH | FL_DF), (fin ^ FL_CF) & (FL_ARITH | FL_DF));
        CHECK_EQ(flag_insn(3, fin) & (FL_ARITH | FL_DF), (fin | FL_DF) & (FL_ARITH | FL_DF));
        CHECK_EQ(flag_insn(4, fin | FL_DF) & (FL_ARITH | FL_DF), fin & (FL_ARITH | FL_DF));
        for (int w = 0; w < 5; w++) {
            h = ft_mix(h, flag_insn(w, fin) & (FL_ARITH | FL_DF));
        }
    }
    guest_printf("hash %08x\n", h);
    return guest_result("lahf_sahf");
}
