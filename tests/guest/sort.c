/*
 * sort.c - quicksort and bubble sort of the same pseudo-random arrays.
 *
 * Data-dependent branches, array indexing with scaled SIB addressing and
 * swaps through memory: a realistic mix for the translator's compare-and-
 * branch fusion and TB chaining. Both sorts must agree with each other,
 * produce a non-decreasing permutation (same sum and xor), and the
 * checksum of the result is printed.
 */
#include "guest.h"

#define N_QUICK  2000
#define N_BUBBLE 300

static int32_t a[N_QUICK], b[N_QUICK];

static void quicksort(int32_t *v, int lo, int hi)
{
    while (lo < hi) {
        int32_t pivot = v[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) {
                i++;
            }
            while (v[j] > pivot) {
                j--;
            }
            if (i <= j) {
                int32_t t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        }
        /* recurse into the smaller half, loop on the larger: bounded depth */
        if (j - lo < hi - i) {
            quicksort(v, lo, j);
            lo = i;
        } else {
            quicksort(v, i, hi);
            hi = j;
        }
    }
}

static void bubblesort(int32_t *v, int n)
{
    for (int pass = 0; pass < n - 1; pass++) {
        int swapped = 0;
        for (int i = 0; i < n - 1 - pass; i++) {
            if (v[i] > v[i + 1]) {
                int32_t t = v[i];
                v[i] = v[i + 1];
                v[i + 1] = t;
                swapped = 1;
            }
        }
        if (!swapped) {
            break;
        }
    }
}

static void fill(int32_t *v, int n, uint32_t seed)
{
    for (int i = 0; i < n; i++) {
        /* signed values, with duplicates (the modulus) */
        v[i] = (int32_t)(xorshift32(&seed) % 5000u) - 2500;
    }
}

static int check_sorted(const char *name, const int32_t *sorted, const int32_t *orig, int n)
{
    uint32_t sum0 = 0, sum1 = 0, x0 = 0, x1 = 0;
    int ok = 1;
    for (int i = 0; i < n; i++) {
        sum0 += (uint32_t)orig[i];
        x0 ^= (uint32_t)orig[i] * 2654435761u;
        sum1 += (uint32_t)sorted[i];
        x1 ^= (uint32_t)sorted[i] * 2654435761u;
        if (i && sorted[i - 1] > sorted[i]) {
            ok = 0;
        }
    }
    CHECK(ok);
    CHECK_EQ(sum1, sum0);
    CHECK_EQ(x1, x0);
    guest_printf("%s n=%d min=%d max=%d median=%d crc=%08x\n", name, n, sorted[0], sorted[n - 1],
                 sorted[n / 2], crc32(sorted, (size_t)n * 4));
    return ok;
}

int main(void)
{
    static int32_t orig[N_QUICK];
    guest_puts("sort: quicksort and bubble sort\n");
    fill(orig, N_QUICK, 12345);
    memcpy(a, orig, sizeof(a));
    quicksort(a, 0, N_QUICK - 1);
    check_sorted("quicksort", a, orig, N_QUICK);

    fill(orig, N_BUBBLE, 777);
    memcpy(b, orig, N_BUBBLE * 4);
    bubblesort(b, N_BUBBLE);
    check_sorted("bubble", b, orig, N_BUBBLE);
    memcpy(a, orig, N_BUBBLE * 4);
    quicksort(a, 0, N_BUBBLE - 1);
    CHECK(memcmp(a, b, N_BUBBLE * 4) == 0);
    /* already sorted and reversed inputs: quicksort's worst-case guards */
    for (int i = 0; i < N_QUICK; i++) {
        a[i] = N_QUICK - i;
    }
    quicksort(a, 0, N_QUICK - 1);
    CHECK(a[0] == 1 && a[N_QUICK - 1] == N_QUICK);
    quicksort(a, 0, N_QUICK - 1);
    CHECK(a[0] == 1 && a[N_QUICK - 1] == N_QUICK);
    return guest_result("sort");
}
