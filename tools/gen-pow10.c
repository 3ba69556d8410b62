/*
 * gen-pow10: write lib/core/num_pow10.h, the table of 128-bit powers of ten
 * that pe_num_format multiplies by.
 *
 *	cc -std=c11 -O2 -o /tmp/gen-pow10 tools/gen-pow10.c
 *	/tmp/gen-pow10 > lib/core/num_pow10.h
 *
 * Entry e (POW10_MIN <= e <= POW10_MAX) is g = ceil(10^e / 2^r) with
 * r = floor(log2(10^e)) - 127, so 2^127 <= g < 2^128: the leading 128 bits
 * of 10^e, rounded up.  For 0 <= e <= 55, 10^e / 2^r = 5^e 2^(e - r) is
 * an integer and g is exact; num.c relies on that.  All arithmetic here is
 * on exact big integers.  The program also checks, over the ranges num.c
 * uses them, the two multiply-and-shift approximations num.c takes for
 * floor(log10(2^E)) and floor(log2(10^e)), and fails if one is wrong.
 *
 * Why a committed table rather than one computed at first use: nothing
 * to compute at start-up and no once-flag for the worker pool's threads;
 * the table is 10 kB of read-only data.
 *
 * Bloat: not built by make (the table changes only if its range does);
 * schoolbook arithmetic on 32-bit limbs, slow and fine for 632 entries.
 */
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define POW10_MIN	(-291)	/* 10^-k for the largest k num.c uses */
#define POW10_MAX	340	/* and for the smallest (subnormals) */
#define E2_MIN		(-1074)	/* exponents of a double's leading bit */
#define E2_MAX		1023
#define LIMBS		80	/* 2,560 bits: 2^1231 and 10^340 fit */

struct big {
	uint32_t w[LIMBS];	/* little-endian */
	int n;			/* limbs in use, the top one nonzero */
};

static void
big_mul(struct big *b, uint32_t m)
{
	uint64_t carry = 0;
	int i;

	for (i = 0; i < b->n; i++) {
		carry += (uint64_t)b->w[i] * m;
		b->w[i] = (uint32_t)carry;
		carry >>= 32;
	}
	if (carry != 0) {
		if (b->n == LIMBS)
			errx(1, "big number overflow");
		b->w[b->n++] = (uint32_t)carry;
	}
}

/* Divide by d in place; return the remainder. */
static uint32_t
big_div(struct big *b, uint32_t d)
{
	uint64_t rem = 0;
	int i;

	for (i = b->n - 1; i >= 0; i--) {
		rem = rem << 32 | b->w[i];
		b->w[i] = (uint32_t)(rem / d);
		rem %= d;
	}
	while (b->n > 0 && b->w[b->n - 1] == 0)
		b->n--;
	return (uint32_t)rem;
}

static void
big_pow2(struct big *b, int k)
{
	if (k / 32 >= LIMBS)
		errx(1, "big number overflow");
	memset(b, 0, sizeof *b);
	b->w[k / 32] = (uint32_t)1 << (k % 32);
	b->n = k / 32 + 1;
}

static int
big_bits(const struct big *b)
{
	int bits;
	uint32_t top;

	if (b->n == 0)
		return 0;
	top = b->w[b->n - 1];
	for (bits = 0; top != 0; top >>= 1)
		bits++;
	return (b->n - 1) * 32 + bits;
}

static int
big_bit(const struct big *b, int i)
{
	return i / 32 < b->n && (b->w[i / 32] >> (i % 32) & 1);
}

static int
big_cmp(const struct big *a, const struct big *b)
{
	int i;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (i = a->n - 1; i >= 0; i--)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	return 0;
}

/* 2^a 10^b for b >= 0. */
static void
big_pow(struct big *r, int a, int b)
{
	big_pow2(r, a);
	while (b-- > 0)
		big_mul(r, 10);
}

/* Compare 2^a with 10^b, either exponent of either sign. */
static int
cmp_pow(int a, int b)
{
	struct big x, y;

	/* Multiply both sides by 2^-min(a,0) 10^-min(b,0). */
	big_pow(&x, (a < 0 ? 0 : a), (b < 0 ? -b : 0));
	big_pow(&y, (a < 0 ? -a : 0), (b < 0 ? 0 : b));
	return big_cmp(&x, &y);
}

/*
 * The approximations num.c uses (arithmetic right shifts, as gcc and clang
 * do for negative numbers), checked against exact comparisons.
 */
static int
floor_log10_pow2(int e)
{
	return (e * 78913) >> 18;
}

static int
floor_log2_pow10(int e)
{
	return (e * 1741647) >> 19;
}

static void
check_logs(void)
{
	int e, k;

	for (e = E2_MIN; e <= E2_MAX; e++) {
		k = floor_log10_pow2(e);
		/* 10^k <= 2^e < 10^(k+1) */
		if (cmp_pow(e, k) < 0 || cmp_pow(e, k + 1) >= 0)
			errx(1, "floor(log10(2^%d)) is not %d", e, k);
	}
	for (e = POW10_MIN; e <= POW10_MAX; e++) {
		k = floor_log2_pow10(e);
		/* 2^k <= 10^e < 2^(k+1) */
		if (cmp_pow(k, e) > 0 || cmp_pow(k + 1, e) <= 0)
			errx(1, "floor(log2(10^%d)) is not %d", e, k);
	}
}

/* The leading 128 bits of 10^e, rounded up, as hi:lo. */
static void
entry(int e, uint64_t *hi, uint64_t *lo)
{
	struct big b;
	int r, i, drop = 0, inexact = 0;

	r = floor_log2_pow10(e) - 127;
	if (e >= 0) {
		/* 10^e / 2^r: 10^e shifted left by -r, or r low bits dropped. */
		big_pow(&b, r < 0 ? -r : 0, e);
		drop = r > 0 ? r : 0;
	} else {
		/* 2^-r / 10^-e, by -e divisions by ten (floors compose). */
		big_pow2(&b, -r);
		for (i = 0; i < -e; i++)
			inexact |= big_div(&b, 10) != 0;
	}
	for (i = 0; i < drop; i++)
		inexact |= big_bit(&b, i);
	if (big_bits(&b) - drop != 128)
		errx(1, "10^%d / 2^%d has %d bits, not 128", e, r,
		    big_bits(&b) - drop);
	if ((e >= 0 && e <= 55) == inexact)
		errx(1, "10^%d / 2^%d should be %s", e, r,
		    inexact ? "exact" : "inexact");
	*hi = *lo = 0;
	for (i = 0; i < 64; i++) {
		*lo |= (uint64_t)big_bit(&b, drop + i) << i;
		*hi |= (uint64_t)big_bit(&b, drop + 64 + i) << i;
	}
	if (inexact && ++*lo == 0 && ++*hi == 0)
		errx(1, "10^%d rounds up to 2^128", e);
}

int
main(void)
{
	uint64_t hi, lo;
	int e;

	check_logs();
	printf("/*\n"
	    " * num_pow10.h: written by tools/gen-pow10.c, do not edit.  To\n"
	    " * regenerate (only needed if the range changes):\n"
	    " *\n"
	    " *\tcc -std=c11 -O2 -o /tmp/gen-pow10 tools/gen-pow10.c\n"
	    " *\t/tmp/gen-pow10 > lib/core/num_pow10.h\n"
	    " *\n"
	    " * pow10_tab[e - POW10_MIN] is ceil(10^e / 2^r), r = floor(log2"
	    "(10^e)) - 127,\n"
	    " * as { high 64 bits, low 64 bits }: the leading 128 bits of "
	    "10^e rounded\n"
	    " * up, exact for 0 <= e <= 55.  Only lib/core/num.c includes this.  A table\n"
	    " * rather than a computation at first use: nothing to do at start-up\n"
	    " * and no once-flag for the worker pool's threads.\n"
	    " */\n"
	    "#ifndef PE_NUM_POW10_H\n"
	    "#define PE_NUM_POW10_H\n\n"
	    "#include <stdint.h>\n\n"
	    "#define POW10_MIN\t(%d)\n"
	    "#define POW10_MAX\t%d\n\n"
	    "static const uint64_t pow10_tab[][2] = {\n",
	    POW10_MIN, POW10_MAX);
	for (e = POW10_MIN; e <= POW10_MAX; e++) {
		entry(e, &hi, &lo);
		printf("\t{ 0x%016llx, 0x%016llx },\t/* %d */\n",
		    (unsigned long long)hi, (unsigned long long)lo, e);
	}
	printf("};\n\n#endif\n");
	if (ferror(stdout) || fclose(stdout) == EOF)
		err(1, "stdout");
	return 0;
}
