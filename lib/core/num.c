/*
 * num.c: decimal text to double and back, exactly and fast.  See pe_num.h.
 *
 * Reading: the digits are gathered into an integer significand w and a
 * decimal exponent e.  When w <= 2^53 and |e| <= 22 both w and 10^|e| are
 * exact doubles, so one multiplication or division gives the correctly
 * rounded result (Clinger, "How to read floating point numbers
 * accurately", 1990).  Otherwise strtod does it.  This needs double
 * arithmetic without extended precision, which FLT_EVAL_METHOD checks.
 *
 * Writing: the text is printf's %.15g if strtod reads it back as the same
 * double, else %.16g's, else %.17g's (the rule this file first followed with
 * snprintf and strtod, at a microsecond a value), computed in integers.
 * Values in [1e-3, 1e15), where the notation is fixed, are split into an
 * exact integer part and 64-bit fraction and written directly
 * (format_fixed).  Of the rest, most take a short path: v times the
 * largest power of ten below 1/ulp, rounded to an integer r, is checked to
 * lie within half an ulp, and then r is the answer (short_decimal).  Other values are
 * scaled, together with the ends of their rounding interval, by a 128-bit
 * power of ten to 17 or 18 digits with exact floors, which are rounded to
 * 15, 16 and 17 digits the way printf rounds (to_decimal; the idea is
 * Schubfach's: R. Giulietti, "The Schubfach way to render doubles", 2020).
 *
 * Bloat: no locale, no hex floats, no grouping separators.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pe_num.h"
#include "num_pow10.h"

#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "the fast paths need plain double arithmetic (FLT_EVAL_METHOD 0)"
#endif

static const double pow10_exact[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

#define TWO53 9007199254740992.0

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * strtod on a NUL-terminated copy with ',' turned into '.'; the text is
 * known to be a plain decimal.  Long texts (rare: 600 zeros) take the heap.
 */
static int
parse_slow(const char *s, size_t n, double *out)
{
	char small[128], *buf = small, *end;
	double v;
	size_t i;
	int rc = 0;

	if (n >= sizeof small && (buf = malloc(n + 1)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		buf[i] = s[i] == ',' ? '.' : s[i];
	buf[n] = '\0';
	v = strtod(buf, &end);
	if (end != buf + n)
		rc = -1;
	else if (!isfinite(v))
		rc = -2;
	else
		*out = v;
	if (buf != small)
		free(buf);
	return rc;
}

int
pe_num_parse(const char *s, size_t n, char dec, double *out)
{
	const char *p, *end, *start;
	uint64_t w = 0;
	int neg = 0, digits = 0, sig = 0, frac = 0, exp = 0, dropped = 0;
	double v;

	while (n > 0 && is_blank(s[n - 1]))
		n--;
	while (n > 0 && is_blank(*s))
		s++, n--;
	p = s;
	end = s + n;
	start = s;
	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	for (; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
		if (sig < 19) {
			w = w * 10 + (uint64_t)(*p - '0');
			if (w != 0)
				sig++;
		} else
			dropped = 1, exp++;
	}
	if (p < end && *p == dec) {
		for (p++; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
			if (sig < 19) {
				w = w * 10 + (uint64_t)(*p - '0');
				if (w != 0)
					sig++;
				frac++;
			} else if (*p != '0')
				dropped = 1;
		}
	}
	if (digits == 0)
		return -1;
	if (p < end && (*p == 'e' || *p == 'E')) {
		int eneg = 0, edigits = 0, e = 0;

		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		for (; p < end && *p >= '0' && *p <= '9'; p++, edigits++)
			if (e < 100000)
				e = e * 10 + (*p - '0');
		if (edigits == 0)
			return -1;
		exp += eneg ? -e : e;
	}
	if (p != end)
		return -1;
	exp -= frac;
	if (dropped || w > (uint64_t)TWO53 || exp < -22 || exp > 22)
		return parse_slow(start, n, out);
	v = (double)w;
	v = exp < 0 ? v / pow10_exact[-exp] : v * pow10_exact[exp];
	*out = neg ? -v : v;
	return 0;
}

/*
 * Writing.  A finite v > 0 is c 2^q, c < 2^53.  Its rounding interval, the
 * reals strtod reads as v, reaches halfway to the doubles on either side,
 * ends included when c is even (round-half-even gives them to v); below a
 * power of two the double underneath is half as far.
 */
#define FRAC_BITS	52
#define FRAC_MASK	((UINT64_C(1) << FRAC_BITS) - 1)

static const uint64_t pow10_u64[20] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000, 10000000000, 100000000000, 1000000000000,
	10000000000000, 100000000000000, 1000000000000000,
	10000000000000000, 100000000000000000, 1000000000000000000,
	UINT64_C(10000000000000000000)
};

/* The decimal %.{prec}g prints: digits 10^exp, digits of prec digits. */
struct decimal {
	uint64_t digits;
	int exp;
	int prec;
};

/*
 * floor(log10(2^e)) and floor(log2(10^e)) by a multiplication and an
 * arithmetic shift (what gcc and clang do with a negative int);
 * tools/gen-pow10.c checks them exact for every e this file passes.
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

/*
 * The common case: v in [2^-12, 2^52) within half an ulp of r / 10^e, where
 * 10^e is the largest power of ten below 1/ulp = 2^-q.  As 10^-e exceeds
 * an ulp, r is the only such decimal with e places, and any shorter one is
 * r with zeros dropped.  r has 15 or 16 digits (c / 10 < r <= 2^53); no
 * other decimal of as many digits is as near v, so %.15g or %.16g prints
 * it.  Fill *d and return 1 when r exists.  x = v 10^e is computed with 64
 * fraction bits: c 10^e < 2^(53-q) fits after the shift, and so does half
 * an ulp, 10^e 2^(63+q).
 */
static int
short_decimal(uint64_t bits, struct decimal *d)
{
	int q = (int)(bits >> FRAC_BITS) - 1075, e;
	uint64_t c = (bits & FRAC_MASK) | (UINT64_C(1) << FRAC_BITS);
	uint64_t r, frac, err, half;
	unsigned __int128 x;

	if (q < -64 || q > -1)
		return 0;
	e = floor_log10_pow2(-q);
	x = (unsigned __int128)c * pow10_u64[e] << (64 + q);
	frac = (uint64_t)x;
	r = (uint64_t)(x >> 64) + (frac >> 63);	/* x rounded */
	err = frac >> 63 ? -frac : frac;	/* |r - x| */
	half = pow10_u64[e] << (64 + q) >> 1;
	if (frac >> 63 == 0 && (bits & FRAC_MASK) == 0)
		half >>= 1;	/* r below a power of two */
	if (c & 1 ? err >= half : err > half)
		return 0;
	if (r >= pow10_u64[15]) {
		if (r % 10 != 0) {
			d->digits = r, d->exp = -e, d->prec = 16;
			return 1;
		}
		r /= 10, e--;
	}
	d->digits = r, d->exp = -e, d->prec = 15;
	return 1;
}

/* Exact big integers for what the 128-bit products leave open (rare). */
#define BIG_LIMBS	32	/* both sides stay below 2^850 */

struct big {
	uint32_t w[BIG_LIMBS];	/* little-endian */
	int n;			/* limbs in use, the top one nonzero */
};

static void
big_set(struct big *b, uint64_t v)
{
	b->w[0] = (uint32_t)v;
	b->w[1] = (uint32_t)(v >> 32);
	b->n = b->w[1] != 0 ? 2 : b->w[0] != 0;
}

static void
big_mul_pow5(struct big *b, int e)
{
	static const uint32_t pow5[14] = {
		1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125,
		9765625, 48828125, 244140625, 1220703125
	};
	uint64_t carry;
	uint32_t m;
	int i;

	for (; e > 0; e -= 13) {
		m = pow5[e < 13 ? e : 13];
		carry = 0;
		for (i = 0; i < b->n; i++) {
			carry += (uint64_t)b->w[i] * m;
			b->w[i] = (uint32_t)carry;
			carry >>= 32;
		}
		if (carry != 0)
			b->w[b->n++] = (uint32_t)carry;
	}
}

static void
big_shl(struct big *b, int e)
{
	int words = e / 32, bits = e % 32, i;
	uint32_t top;

	if (b->n == 0 || e == 0)
		return;
	top = bits != 0 ? b->w[b->n - 1] >> (32 - bits) : 0;
	for (i = b->n - 1; i > 0; i--)
		b->w[i + words] = bits == 0 ? b->w[i] :
		    b->w[i] << bits | b->w[i - 1] >> (32 - bits);
	b->w[words] = b->w[0] << bits;
	memset(b->w, 0, (size_t)words * sizeof b->w[0]);
	b->n += words;
	if (top != 0)
		b->w[b->n++] = top;
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

/* The sign of x 2^a 5^b - y. */
static int
cmp_exact(uint64_t x, int a, int b, uint64_t y)
{
	struct big l, r;

	big_set(&l, x);
	big_set(&r, y);
	big_mul_pow5(b >= 0 ? &l : &r, b >= 0 ? b : -b);
	big_shl(a >= 0 ? &l : &r, a >= 0 ? a : -a);
	return big_cmp(&l, &r);
}

/* The range of k in which a product's fraction tells an exact value. */
#define EXACT_K_MIN	(-55)	/* 5^55 < 2^128: 10^55 is exact */
#define EXACT_K_MAX	27	/* 5^-27 > 2^-63 */

/* x 2^q / 10^k: its floor, and whether the floor is the value. */
struct scaled {
	uint64_t fl;
	int exact;
};

/*
 * The table entry g is 10^-k / 2^r rounded up to 128 bits, so with
 * h = q + r + 128 (2 to 5 for the k to_decimal picks) the product
 * (x << h) g / 2^128 exceeds the value by less than (x << h) / 2^128
 * < 2^-67, or not at all when g is exact (EXACT_K_MIN <= k <= 0).  Its
 * integer part is the floor unless its fraction f is below that error.
 * For EXACT_K_MIN <= k <= 0 the value is exact iff f = 0.  For
 * 0 < k <= EXACT_K_MAX it is x 2^(q-k) / 5^k with q > k, so a fraction it
 * has is at least 5^-k, more than the error: exact iff f < (x << h) /
 * 2^128.  Beyond (|v| from 2^147 up or below 2^-129) a small f leaves it
 * open and cmp_exact decides; f < 2^-12 is taken as small, far more than
 * needed, so that the unit test's random doubles reach cmp_exact.
 */
static struct scaled
scale(uint64_t x, int q, int k, int h, const uint64_t g[2])
{
	uint64_t cp = x << h;
	unsigned __int128 lo = (unsigned __int128)cp * g[1];
	unsigned __int128 hi = (unsigned __int128)cp * g[0] +
	    (uint64_t)(lo >> 64);
	uint64_t f1 = (uint64_t)hi, f0 = (uint64_t)lo;
	struct scaled r;
	int sign;

	r.fl = (uint64_t)(hi >> 64);
	if (k >= EXACT_K_MIN && k <= 0)
		r.exact = f1 == 0 && f0 == 0;
	else if (k > 0 && k <= EXACT_K_MAX)
		r.exact = f1 == 0 && f0 < cp;
	else if (f1 >> 52 != 0)
		r.exact = 0;
	else {
		sign = cmp_exact(x, q - k, -k, r.fl);
		r.exact = sign == 0;
		if (sign < 0)
			r.fl--;
	}
	return r;
}

/*
 * Round S = vb / 4 (whose floor is s) to a multiple of 10^j, j <= 3, half
 * to even as printf does; return the multiple over 10^j.
 */
static uint64_t
round_digits(uint64_t s, int j, struct scaled vb)
{
	uint64_t t, d, low;

	switch (j) {
	case 0:
		t = s, d = 1;
		break;
	case 1:
		t = s / 10, d = 10;
		break;
	case 2:
		t = s / 100, d = 100;
		break;
	default:
		t = s / 1000, d = 1000;
		break;
	}
	low = vb.fl - 4 * d * t;	/* what is dropped, in quarters */
	if (low > 2 * d || (low == 2 * d && (!vb.exact || (t & 1))))
		t++;
	return t;
}

/* Whether n, an integer in vb's units, lies in the rounding interval. */
static int
inside(uint64_t n, struct scaled lo, struct scaled hi, int odd)
{
	if (odd)
		return lo.fl < n && (n < hi.fl || (n == hi.fl && !hi.exact));
	return (lo.fl < n || (lo.fl == n && lo.exact)) && n <= hi.fl;
}

/*
 * The general case, any finite v > 0 given by its bits.  With c shifted up
 * to 53 bits (subnormals too, their interval keeping its width) and
 * counted in quarters, v is xb = 4c and the interval's ends xl and xr.
 * For k = floor(log10(2^(q+52))) - 16, S = v / 10^k is in [10^16,
 * 2 10^17), and scale() gives 4S = xb 2^q / 10^k and the ends the same way
 * as exact floors: enough to round S to 15, 16, 17 digits and test each.
 */
static struct decimal
to_decimal(uint64_t bits)
{
	uint64_t frac = bits & FRAC_MASK, c, xb, xl, xr, s;
	int be = (int)(bits >> FRAC_BITS), q, sh = 0, k, h, nd, odd;
	const uint64_t *g;
	struct scaled vl, vb, vr;
	struct decimal d;

	c = be == 0 ? frac : frac | (UINT64_C(1) << FRAC_BITS);
	q = be == 0 ? -1074 : be - 1075;
	odd = (int)(c & 1);
	while (c >> FRAC_BITS == 0)
		c <<= 1, sh++;
	q -= sh;
	xb = c << 2;
	if (frac == 0 && be > 1)	/* a power of two */
		xl = xb - 1, xr = xb + 2;
	else
		xl = xb - (UINT64_C(2) << sh), xr = xb + (UINT64_C(2) << sh);
	k = floor_log10_pow2(q + FRAC_BITS) - 16;
	h = q + floor_log2_pow10(-k) + 1;
	g = pow10_tab[-k - POW10_MIN];
	vl = scale(xl, q, k, h, g);
	vb = scale(xb, q, k, h, g);
	vr = scale(xr, q, k, h, g);
	s = vb.fl >> 2;
	nd = s >= pow10_u64[17] ? 18 : 17;	/* digits in s */
	for (d.prec = 15; ; d.prec++) {
		d.digits = round_digits(s, nd - d.prec, vb);
		/* 17 digits always read back. */
		if (d.prec == 17 || inside(4 * d.digits * pow10_u64[nd -
		    d.prec], vl, vr, odd))
			break;
	}
	d.exp = k + nd - d.prec;
	return d;
}

static const char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324"
    "25262728293031323334353637383940414243444546474849"
    "50515253545556575859606162636465666768697071727374"
    "75767778798081828384858687888990919293949596979899";

/*
 * Write x < 10^8 as 8 digits, two at a time: y holds x / 10^6 with 56
 * fraction bits, and each step takes the integer part as the next pair and
 * multiplies the fraction by 100.  m is rounded up, by an error under
 * 2^-29 in y that grows a hundredfold a step: it stays below the 10^-2
 * the third pair's fraction is short of 1, and below 1 at the fourth,
 * whose exact value is an integer.
 */
static inline void
put8(uint32_t x, char *p)
{
	const uint64_t m = (UINT64_C(1) << 56) / 1000000 + 1;
	const uint64_t mask = (UINT64_C(1) << 56) - 1;
	uint64_t y = x * m;

	memcpy(p, digit_pairs + 2 * (y >> 56), 2);
	y = (y & mask) * 100;
	memcpy(p + 2, digit_pairs + 2 * (y >> 56), 2);
	y = (y & mask) * 100;
	memcpy(p + 4, digit_pairs + 2 * (y >> 56), 2);
	y = (y & mask) * 100;
	memcpy(p + 6, digit_pairs + 2 * (y >> 56), 2);
}

/*
 * Copy n bytes a byte at a time: a wider load of bytes just written by
 * narrower stores would stall, and memcpy of a variable length is a call.
 */
static inline char *
put_digits(char *p, const char *dig, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = dig[i];
	return p + n;
}

/*
 * Write d as %.{prec}g does: trailing zeros dropped, with an exponent
 * ("1.5e-05", "1e+15") when the leading digit's exponent x is below -4 or
 * not below prec, else in fixed notation.  dig[] holds the significant
 * digits, then zeros for an integer part that needs them.
 */
static size_t
write_g(struct decimal d, int neg, char *buf)
{
	char tmp[64], *dig = tmp + 24, *p = buf;
	uint64_t t = d.digits;
	int n, x;

	n = d.prec + (t >= pow10_u64[d.prec]);	/* 10^prec: a carry */
	x = d.exp + n - 1;
	while (t % 100000000 == 0)
		t /= 100000000, n -= 8;
	if (t % 10000 == 0)
		t /= 10000, n -= 4;
	if (t % 100 == 0)
		t /= 100, n -= 2;
	if (t % 10 == 0)
		t /= 10, n--;
	memset(tmp, '0', sizeof tmp);
	if (n > 8) {
		memcpy(dig + n - 18, digit_pairs + 2 * (t / 10000000000000000),
		    2);
		put8((uint32_t)(t / 100000000 % 100000000), dig + n - 16);
	}
	put8((uint32_t)(t % 100000000), dig + n - 8);
	if (neg)
		*p++ = '-';
	if (x < -4 || x >= d.prec) {
		*p++ = dig[0];
		if (n > 1) {
			*p++ = '.';
			p = put_digits(p, dig + 1, n - 1);
		}
		*p++ = 'e';
		*p++ = x < 0 ? '-' : '+';
		x = x < 0 ? -x : x;
		if (x >= 100)
			*p++ = (char)('0' + x / 100);
		*p++ = (char)('0' + x / 10 % 10);
		*p++ = (char)('0' + x % 10);
	} else if (x < 0) {
		p = put_digits(p, "0.000", 1 - x);
		p = put_digits(p, dig, n);
	} else if (n <= x + 1)
		p = put_digits(p, dig, x + 1);
	else {
		p = put_digits(p, dig, x + 1);
		*p++ = '.';
		p = put_digits(p, dig + x + 1, n - x - 1);
	}
	*p = '\0';
	return (size_t)(p - buf);
}

/*
 * The fast paths: v in [1e-3, 1e15), where printf's notation is fixed.
 * With v = c 2^q (-62 <= q <= -3 there), the integer part is c >> -q and
 * the fraction, times 2^64, is c << (64 + q), both exact.  The fraction
 * times 10^f (f <= 19 < log10(2^64)) is exact in 128 bits: its high half
 * is the f-digit truncation, its low half what is dropped.  So %.{p}g's
 * rounding (half to even) and whether its text reads back (lies in v's
 * rounding interval) are decided exactly, for p = 15, 16, 17 in turn as
 * the rule says.  Digits are made eight at a time in a register (bcd8)
 * and stored with overlapping stores of the exact length, so nothing past
 * the text is written.  Needs little-endian byte order.
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FAST_FIXED	1

#define ASCII0		UINT64_C(0x3030303030303030)
#define BITS_1EM3	UINT64_C(0x3f50624dd2f1a9fc)	/* 1e-3 */
#define BITS_1E14	UINT64_C(0x42d6bcc41e900000)	/* 1e14 */
#define BITS_1E15	UINT64_C(0x430c6bf526340000)	/* 1e15 */

/*
 * x < 10^8 as 8 decimal digits (0..9, not ASCII), the first in the lowest
 * byte: x split into two 4-digit lanes of 32 bits, each into two 2-digit
 * lanes of 16 bits, each into two bytes.  The divisions by 100 and 10 are
 * multiplications (10486 / 2^20 is exact below 10^4, 103 / 2^10 below
 * 100) that no lane carries out of.
 */
static inline uint64_t
bcd8(uint32_t x)
{
	uint64_t z = x / 10000 | (uint64_t)(x % 10000) << 32;
	uint64_t y = (z * 10486 >> 20) & UINT64_C(0x0000007f0000007f);

	z = y | (z - y * 100) << 16;
	y = (z * 103 >> 10) & UINT64_C(0x000f000f000f000f);
	return y | (z - y * 10) << 8;
}

/* Store the first n bytes of w, 1 <= n <= 8, at p and nothing else. */
static inline void
store_n(char *p, uint64_t w, int n)
{
	uint32_t a, b;
	uint16_t h;

	if (n >= 4) {
		a = (uint32_t)w;
		b = (uint32_t)(w >> (8 * (n - 4)));
		memcpy(p, &a, 4);
		memcpy(p + n - 4, &b, 4);
	} else {
		if (n >= 2) {
			h = (uint16_t)w;
			memcpy(p, &h, 2);
		}
		p[n - 1] = (char)(w >> (8 * (n - 1)));
	}
}

/* Write n < 10^16 without leading zeros ("0" for 0). */
static inline char *
put_uint(char *p, uint64_t n)
{
	uint64_t b, lo;
	int z;

	lo = n;
	if (n >= 100000000) {
		lo = n % 100000000;
		b = bcd8((uint32_t)(n / 100000000));
		z = __builtin_ctzll(b) >> 3;
		store_n(p, b >> (8 * z) | ASCII0, 8 - z);
		p += 8 - z;
		b = bcd8((uint32_t)lo) | ASCII0;
		memcpy(p, &b, 8);
		return p + 8;
	}
	b = bcd8((uint32_t)lo);
	z = b != 0 ? __builtin_ctzll(b) >> 3 : 7;
	store_n(p, b >> (8 * z) | ASCII0, 8 - z);
	return p + 8 - z;
}

/* Write fd, 0 < fd < 10^f, as f digits (f <= 19), trailing zeros dropped. */
static inline char *
put_frac(char *p, uint64_t fd, int f)
{
	uint64_t b[3], t, w;
	int n, i;

	if (f <= 8) {
		b[0] = bcd8((uint32_t)(fd * pow10_u64[8 - f]));
		n = 0;
	} else if (f <= 16) {
		t = fd * pow10_u64[16 - f];
		b[0] = bcd8((uint32_t)(t / 100000000));
		b[1] = bcd8((uint32_t)(t % 100000000));
		n = b[1] != 0;
	} else {
		t = fd / pow10_u64[f - 16];	/* the first 16 digits */
		b[0] = bcd8((uint32_t)(t / 100000000));
		b[1] = bcd8((uint32_t)(t % 100000000));
		b[2] = bcd8((uint32_t)(fd % pow10_u64[f - 16] *
		    pow10_u64[24 - f]));
		n = b[2] != 0 ? 2 : b[1] != 0;
	}
	for (i = 0; i < n; i++) {
		w = b[i] | ASCII0;
		memcpy(p, &w, 8);
		p += 8;
	}
	i = 8 - (__builtin_clzll(b[n]) >> 3);
	store_n(p, b[n] | ASCII0, i);
	return p + i;
}

/*
 * Write ip.fd for ip < 10^4 and 0 < fd < 10^4 (4 places, trailing zeros
 * dropped): both parts from one bcd8, integer digits in its low half.
 */
static inline char *
put_short(char *p, uint32_t ip, uint32_t fd)
{
	uint64_t w = bcd8(ip * 10000 + fd);
	int z = __builtin_ctzll(w) >> 3, n;

	z = z < 3 ? z : 3;	/* "0.5" keeps its 0 */
	store_n(p, w >> (8 * z) | ASCII0, 4 - z);
	p += 4 - z;
	*p++ = '.';
	w >>= 32;
	n = 8 - (__builtin_clzll(w) >> 3);
	store_n(p, w | ASCII0, n);
	return p + n;
}

/* The number of decimal digits of n >= 1. */
static inline int
count_digits(uint64_t n)
{
	int t = (64 - __builtin_clzll(n)) * 1233 >> 12;

	return t + (n >= pow10_u64[t]);
}

/*
 * v = bits (positive) in [1e-3, 1e15): write it, or return 0 when it is
 * not an integer and at least 1e14 (left to the general path).
 */
static size_t
format_fixed(uint64_t bits, int neg, char *buf)
{
	int q = (int)(bits >> FRAC_BITS) - 1075, x, p, f = 0, up = 0;
	uint64_t c = (bits & FRAC_MASK) | (UINT64_C(1) << FRAC_BITS);
	uint64_t ip = c >> -q, fb = c << (64 + q), fd = 0, lo, dist;
	unsigned __int128 y, half;
	char *s = buf;

	if (fb != 0) {
		if (bits >= BITS_1E14)
			return 0;
		/*
		 * Prices: the nearest decimal of 4 places, if inside, is what
		 * %.15g prints, as below 10^11 it has 4 places or more and an
		 * ulp is under a hundredth of its last.
		 */
		y = (unsigned __int128)fb * 10000;
		fd = (uint64_t)(y >> 64);
		lo = (uint64_t)y;
		up = lo >> 63;
		dist = up ? -lo : lo;
		half = (unsigned __int128)10000 << (63 + q);
		if (ip < UINT64_C(100000000000) && (bits & FRAC_MASK) != 0 &&
		    (dist < half || (dist == half && !(c & 1)))) {
			f = 4;
			goto rounded;
		}
		if (ip != 0)
			x = count_digits(ip) - 1;
		else
			x = fb > UINT64_MAX / 10 ? -1 :
			    fb > UINT64_MAX / 100 ? -2 : -3;
		for (p = 15; ; p++) {
			f = p - 1 - x;
			y = (unsigned __int128)fb * pow10_u64[f];
			fd = (uint64_t)(y >> 64);
			lo = (uint64_t)y;
			up = lo > UINT64_C(1) << 63 ||
			    (lo == UINT64_C(1) << 63 && (fd & 1));
			if (p == 17)
				break;
			dist = up ? -lo : lo;
			half = (unsigned __int128)pow10_u64[f] << (63 + q);
			if (!up && (bits & FRAC_MASK) == 0)
				half >>= 1;	/* below a power of two */
			if (dist < half || (dist == half && !(c & 1)))
				break;
		}
rounded:
		fd += (uint64_t)up;
		if (fd == pow10_u64[f])
			ip++, fd = 0;
	}
	if (neg)
		*s++ = '-';
	if (f == 4 && ip < 10000 && fd != 0) {
		s = put_short(s, (uint32_t)ip, (uint32_t)fd);
		*s = '\0';
		return (size_t)(s - buf);
	}
	s = put_uint(s, ip);
	if (fd != 0) {
		*s++ = '.';
		s = put_frac(s, fd, f);
	}
	*s = '\0';
	return (size_t)(s - buf);
}
#endif

size_t
pe_num_format(double v, char *buf)
{
	struct decimal d;
	uint64_t bits;
	int neg;
#ifdef FAST_FIXED
	size_t len;
#endif

	memcpy(&bits, &v, sizeof bits);
	neg = (int)(bits >> 63);
	bits &= ~(UINT64_C(1) << 63);
#ifdef FAST_FIXED
	if (bits - BITS_1EM3 < BITS_1E15 - BITS_1EM3 &&
	    (len = format_fixed(bits, neg, buf)) != 0)
		return len;
#endif
	if (bits >= UINT64_C(0x7ff) << FRAC_BITS) {	/* inf or NaN */
		if (bits & FRAC_MASK) {
			buf[0] = '\0';
			return 0;
		}
		if (neg)
			memcpy(buf, "-inf", 5);
		else
			memcpy(buf, "inf", 4);
		return 3 + (size_t)neg;
	}
	if (bits == 0) {	/* -0 too */
		memcpy(buf, "0", 2);
		return 1;
	}
	if (!short_decimal(bits, &d))
		d = to_decimal(bits);
	return write_g(d, neg, buf);
}

/*
 * Writing to n places (pe_num_format_digits): R, the integer nearest
 * v 10^n (half to even, as printf's %.nf rounds), is found exactly.  For
 * v = c 2^q with -64 <= q < 0 the integer part is c >> -q and the
 * fraction, times 2^64, is c << (64 + q); the fraction times 10^n
 * (n <= 17, below 2^57) is exact in 128 bits, its high half the n places
 * truncated, its low half what is dropped.  Below (q < -64, v < 2^-11)
 * v 10^n is c 5^n (below 2^93) over 2^s, s >= 48: the same split by a
 * shift.  From q >= 0 up v is an integer: in 64 bits to q = 11, else
 * (from 2^64) it is written whole from the big integer, every digit.
 */

/* Write n < 10^w as w digits, leading zeros kept, two at a time from the
 * last; return the end. */
static char *
put_width(char *p, uint64_t n, int w)
{
	char *end = p + w, *e = end;

	for (; w >= 2; w -= 2, n /= 100) {
		e -= 2;
		memcpy(e, digit_pairs + 2 * (n % 100), 2);
	}
	if (w != 0)
		e[-1] = (char)('0' + n);
	return end;
}

/* The integer c 2^q, 11 < q <= 971 (so 2^64 <= it < 2^1024), at p. */
static char *
put_big(char *p, uint64_t c, int q)
{
	uint32_t group[40];	/* 9 digits each, the lowest first */
	uint64_t rem;
	struct big b;
	int ng = 0, i, k;

	big_set(&b, c);
	big_shl(&b, q);
	while (b.n > 0) {
		rem = 0;
		for (i = b.n - 1; i >= 0; i--) {
			rem = rem << 32 | b.w[i];
			b.w[i] = (uint32_t)(rem / 1000000000);
			rem %= 1000000000;
		}
		group[ng++] = (uint32_t)rem;
		while (b.n > 0 && b.w[b.n - 1] == 0)
			b.n--;
	}
	for (k = ng - 1; k >= 0; k--) {
		char g[9];

		for (i = 8; i >= 0; i--, group[k] /= 10)
			g[i] = (char)('0' + group[k] % 10);
		for (i = 0; k == ng - 1 && g[i] == '0'; i++)
			;	/* the first group: no leading zeros */
		p = put_digits(p, g + i, 9 - i);
	}
	return p;
}

/* R = ip 10^n + fd for v = c 2^q, q < 0, with fd < 10^n. */
static void
round_places(uint64_t c, int q, int n, uint64_t *ip, uint64_t *fd)
{
	unsigned __int128 y;
	uint64_t lo, half = UINT64_C(1) << 63, odd;
	int s;

	if (q >= -64) {
		*ip = q > -64 ? c >> -q : 0;
		y = (unsigned __int128)(c << (64 + q)) * pow10_u64[n];
		*fd = (uint64_t)(y >> 64);
		lo = (uint64_t)y;
	} else {
		*ip = 0;
		s = -(q + n);
		y = (unsigned __int128)c * (pow10_u64[n] >> n);	/* c 5^n */
		if (s >= 128) {
			*fd = 0;
			return;
		}
		*fd = (uint64_t)(y >> s);
		/* what is dropped, scaled to 64 bits with a sticky bit */
		y -= (unsigned __int128)*fd << s;
		lo = s > 64 ? (uint64_t)(y >> (s - 64)) |
		    ((y & (((unsigned __int128)1 << (s - 64)) - 1)) != 0) :
		    (uint64_t)(y << (64 - s));
	}
	odd = n == 0 ? *ip & 1 : *fd & 1;	/* R's last digit */
	if (lo > half || (lo == half && odd)) {
		if (++*fd == pow10_u64[n])
			++*ip, *fd = 0;
	}
}

size_t
pe_num_format_digits(double v, int digits, char *buf)
{
	uint64_t bits, c, ip, fd;
	int neg, q, k;
	char *p = buf;

	memcpy(&bits, &v, sizeof bits);
	neg = (int)(bits >> 63);
	bits &= ~(UINT64_C(1) << 63);
	if (digits < 0 || bits >= UINT64_C(0x7ff) << FRAC_BITS)
		return pe_num_format(v, buf);	/* NaN and inf too */
	if (digits > PE_NUM_DIGITS_MAX)
		digits = PE_NUM_DIGITS_MAX;
	c = bits & FRAC_MASK;
	q = (int)(bits >> FRAC_BITS);
	if (q != 0)
		c |= UINT64_C(1) << FRAC_BITS;
	q = q != 0 ? q - 1075 : -1074;
	if (q > 11) {
		if (neg)
			*p++ = '-';
		p = put_big(p, c, q);
		*p = '\0';
		return (size_t)(p - buf);
	}
	fd = 0;
	if (q >= 0)
		ip = c << q;
	else
		round_places(c, q, digits, &ip, &fd);
	if (neg && (ip != 0 || fd != 0))	/* never "-0" */
		*p++ = '-';
	for (k = 1; k < 20 && ip >= pow10_u64[k]; k++)
		;	/* ip's digits */
	p = put_width(p, ip, k);
	if (fd != 0) {
		for (k = digits; fd % 10 == 0; k--)
			fd /= 10;
		*p++ = '.';
		p = put_width(p, fd, k);
	}
	*p = '\0';
	return (size_t)(p - buf);
}
