/*
 * test_num.c: pe_num_parse and pe_num_format against lib/core/pe_num.h.
 *
 * The oracle for reading is strtod (correctly rounded in glibc).  The
 * oracle for writing is ref_format, the first implementation of
 * pe_num_format kept here (renamed): a fast path for short decimals, else
 * the shortest of printf's %.15g, %.16g and %.17g that strtod reads back.
 * The current one must match it byte for byte.  The oracle for writing to
 * a number of places is glibc's printf %.*f (correctly rounded), with
 * trailing zeros, a trailing point and the sign of "-0" dropped.  Sweeps
 * are one check each, reporting the first failure.  PE_NUM_SWEEP sets the number of random
 * doubles compared (default 1000000, 200000 under PE_ASAN); 20000000 take
 * about 25 s.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pe_num.h"

static void
accept(const char *s, char dec, double want)
{
	double v = -12345.678;
	int rc;
	char d[160];

	rc = pe_num_parse(s, strlen(s), dec, &v);
	snprintf(d, sizeof d, "rc %d, got %.17g, expected %.17g", rc, v, want);
	h_report(rc == 0 && same_bits(v, want), __FILE__, __LINE__, d,
	    "parse \"%s\" (dec '%c') is %.17g", s, dec, want);
}

static void
reject(const char *s, char dec, int want_rc)
{
	double v = 0;
	int rc;
	char d[120];

	rc = pe_num_parse(s, strlen(s), dec, &v);
	snprintf(d, sizeof d, "rc %d (value %.17g), expected %d", rc, v,
	    want_rc);
	h_report(rc == want_rc, __FILE__, __LINE__, d,
	    "parse \"%s\" (dec '%c') returns %d", s, dec, want_rc);
}

static void
test_parse(void)
{
	static const char *bad[] = {
		"", "   ", "abc", "nan", "NaN", "NAN", "inf", "-inf", "+inf",
		"infinity", "Infinity", "0x10", "0X1p3", "1.2.3", "1e", "1e+",
		"1E-", "--1", "+-1", "-+1", "++1", ".", "-.", "+", "-", "e5",
		"E5", "1 2", "1.5x", "x1.5", "1,5", "1e5.5", "1ee5", "1e5e5",
		"- 1",
	};
	double v = 0;
	size_t i;
	int rc;

	accept("1.5", '.', 1.5);
	accept("  42 ", '.', 42);
	accept("\t42\t", '.', 42);
	accept("-0.001", '.', -0.001);
	accept("1e3", '.', 1e3);
	accept("1E-3", '.', 1e-3);
	accept("1e+3", '.', 1e3);
	accept("+7", '.', 7);
	accept(".5", '.', 0.5);
	accept("5.", '.', 5);
	accept("-.5", '.', -0.5);
	accept("007", '.', 7);
	accept("0", '.', 0);
	accept("0.1", '.', 0.1);
	accept("0.3", '.', 0.3);
	accept("100", '.', 100);
	accept("123456789.125", '.', 123456789.125);
	accept("1.25e-2", '.', 0.0125);
	accept("1,25", ',', 1.25);
	accept("-1,5e2", ',', -150);
	accept(",5", ',', 0.5);
	accept(" 3,0 ", ',', 3);
	accept("42", ',', 42);
	accept("1e22", '.', 1e22);
	accept("1e23", '.', 1e23);
	accept("9007199254740993", '.', 9007199254740992.0);
	accept("9007199254740995", '.', 9007199254740996.0);
	accept("123456789012345678901234567890", '.',
	    123456789012345678901234567890.0);
	accept("0.000000000000000000000000000001", '.', 1e-30);
	accept("1.7976931348623157e308", '.', DBL_MAX);
	accept("-1.7976931348623157e308", '.', -DBL_MAX);
	accept("2.2250738585072014e-308", '.', DBL_MIN);
	accept("4.9406564584124654e-324", '.', 4.9406564584124654e-324);
	accept("1e0000000000000000000003", '.', 1e3);
	accept("0.1e1", '.', 1);

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		reject(bad[i], '.', -1);
	reject("1.5", ',', -1);
	reject("1,2,3", ',', -1);
	reject("", ',', -1);
	reject("1e400", '.', -2);
	reject("-1e400", '.', -2);
	reject("1e309", '.', -2);
	reject("1.8e308", '.', -2);
	reject("1,0e400", ',', -2);
	reject("99999999999999999999e300", '.', -2);

	rc = pe_num_parse("1.5xyz", 3, '.', &v);
	CHECK(rc == 0 && v == 1.5, "parse reads only s[0..n) (\"1.5\" of "
	    "\"1.5xyz\")");
	rc = pe_num_parse("12345", 2, '.', &v);
	CHECK(rc == 0 && v == 12, "parse of \"12345\" with n = 2 is 12");
}

/*
 * ref_format: pe_num_format as first written (fixed notation from a short
 * exact r / 10^d where one exists, else printf and strtod), the oracle.
 */
static const double ref_pow10[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static size_t
ref_write_fixed(uint64_t r, int d, int neg, char *buf)
{
	char tmp[24];
	size_t n = 0, len = 0;

	do {
		tmp[n++] = (char)('0' + r % 10);
		r /= 10;
	} while (r != 0);
	while ((int)n <= d)
		tmp[n++] = '0';
	if (neg)
		buf[len++] = '-';
	while (n > 0) {
		if ((int)n == d)
			buf[len++] = '.';
		buf[len++] = tmp[--n];
	}
	buf[len] = '\0';
	return len;
}

static size_t
ref_slow(double v, char *buf)
{
	int prec;
	size_t len = 0;

	for (prec = 15; prec <= 17; prec++) {
		len = (size_t)snprintf(buf, PE_NUM_BUFSZ, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return len;
}

static size_t
ref_format(double v, char *buf)
{
	double a, m, r;
	int d;

	buf[0] = '\0';
	if (isnan(v))
		return 0;
	if (isinf(v))
		return (size_t)snprintf(buf, PE_NUM_BUFSZ, "%s",
		    v < 0 ? "-inf" : "inf");
	if (v == 0) {
		buf[0] = '0', buf[1] = '\0';
		return 1;
	}
	a = fabs(v);
	if (a >= 1e-4 && a < 1e15) {
		for (d = 0; d <= 17; d++) {
			m = a * ref_pow10[d];
			if (m >= 9007199254740992.0)
				break;
			r = nearbyint(m);
			if (r / ref_pow10[d] == a)
				return ref_write_fixed((uint64_t)r, d, v < 0,
				    buf);
			if (fabs(m - r) > 0.49) {
				r += m > r ? 1 : -1;
				if (r / ref_pow10[d] == a)
					return ref_write_fixed((uint64_t)r, d,
					    v < 0, buf);
			}
		}
	}
	return ref_slow(v, buf);
}

/* Record in a whether v formats as ref_format formats it. */
static void
same_as_ref(struct agg *a, double v)
{
	char got[PE_NUM_BUFSZ], want[PE_NUM_BUFSZ];
	size_t glen, wlen;

	memset(got, 'x', sizeof got);
	glen = pe_num_format(v, got);
	wlen = ref_format(v, want);
	a->total++;
	if (glen != wlen || memcmp(got, want, wlen + 1) != 0)
		agg_fail(a, "%.17g (%a): got \"%.*s\" (length %zu), expected "
		    "\"%s\"", v, v, glen < sizeof got ? (int)glen : 0, got,
		    glen, want);
}

/* The same for v and -v. */
static void
same_as_ref2(struct agg *a, double v)
{
	same_as_ref(a, v);
	same_as_ref(a, -v);
}

/* How many random doubles the sweep compares. */
static long
sweep_count(void)
{
	const char *s = getenv("PE_NUM_SWEEP");
	long n;

	if (s != NULL && (n = strtol(s, NULL, 10)) > 0)
		return n;
	return getenv("PE_ASAN") != NULL ? 200000 : 1000000;
}

/* The length of the shortest %.15g/%.16g/%.17g that reads back to v. */
static size_t
shortest_g(double v, char *out, size_t outsz)
{
	int prec;
	size_t len = 0;

	for (prec = 15; prec <= 17; prec++) {
		len = (size_t)snprintf(out, outsz, "%.*g", prec, v);
		if (same_bits(strtod(out, NULL), v))
			break;
	}
	return len;
}

static void
check_format(double v, const char *want)
{
	char buf[PE_NUM_BUFSZ];
	size_t len;
	char d[160];

	memset(buf, 'x', sizeof buf);
	len = pe_num_format(v, buf);
	snprintf(d, sizeof d, "got \"%.*s\" (length %zu), expected \"%s\"",
	    (int)(len < sizeof buf ? len : sizeof buf), buf, len, want);
	h_report(len < sizeof buf && buf[len] == '\0' &&
	    strcmp(buf, want) == 0 && len == strlen(want), __FILE__,
	    __LINE__, d, "format %.17g is \"%s\"", v, want);
}

/* v formats to text that reads back and is no longer than %g's best. */
static void
check_format_short(double v)
{
	char buf[PE_NUM_BUFSZ], g[64], d[200];
	double back = NAN;
	size_t len, glen;
	int rc;

	len = pe_num_format(v, buf);
	rc = pe_num_parse(buf, len, '.', &back);
	glen = shortest_g(v, g, sizeof g);
	snprintf(d, sizeof d, "got \"%s\" (reads back rc %d, %.17g), "
	    "%%g gives \"%s\"", buf, rc, back, g);
	h_report(len == strlen(buf) && rc == 0 && same_bits(back, v) &&
	    len <= glen, __FILE__, __LINE__, d,
	    "format %.17g reads back and is as short as %%g", v);
}

static void
test_format_examples(void)
{
	char buf[PE_NUM_BUFSZ];
	size_t len;

	check_format(1.5, "1.5");
	check_format(-1.5, "-1.5");
	check_format(100, "100");
	check_format(0.1, "0.1");
	check_format(0.3, "0.3");
	check_format(0, "0");
	check_format(-0.0, "0");
	check_format(1, "1");
	check_format(-42, "-42");
	check_format(123456789.125, "123456789.125");
	check_format(0.001, "0.001");
	check_format(0.0001, "0.0001");
	check_format(0.1 + 0.2, "0.30000000000000004");
	check_format(1.0 / 3, "0.3333333333333333");
	check_format(2.0 / 3, "0.6666666666666666");
	check_format(9007199254740992.0, "9007199254740992");
	check_format(INFINITY, "inf");
	check_format(-INFINITY, "-inf");
	/* %g's notation and its exponent: at least two digits. */
	check_format(1e15, "1e+15");
	check_format(1e16, "1e+16");
	check_format(1e23, "1e+23");
	check_format(1e100, "1e+100");
	check_format(1e-5, "1e-05");
	check_format(-1.5e-5, "-1.5e-05");
	check_format(5e-5, "5e-05");
	check_format(0.00012345, "0.00012345");
	check_format(9.999999999999999e-5, "9.999999999999999e-05");
	check_format(999999999999999.875, "999999999999999.9");
	/* 16 and 17 digits stay fixed up to 1e16 and 1e17 (%.16g, %.17g). */
	check_format(1234567890123456.0, "1234567890123456");
	check_format(12345678901234567.0, "12345678901234568");
	check_format(1000000000000000.5, "1000000000000000.5");
	check_format(0x1p60, "1.152921504606847e+18");
	/* Halfway between two 16-digit decimals: to even, as printf. */
	check_format(562949953421312.25, "562949953421312.2");
	check_format(562949953421312.75, "562949953421312.8");
	check_format(0x1p-22, "2.384185791015625e-07");
	check_format(DBL_MAX, "1.7976931348623157e+308");
	check_format(DBL_MIN, "2.2250738585072014e-308");
	/* Subnormals: %.15g reads back, though shorter text would too. */
	check_format(4.9406564584124654e-324, "4.94065645841247e-324");
	check_format(-1.4821969375237396e-323, "-1.48219693752374e-323");
	check_format_short(1e21);
	check_format_short(1e15);
	check_format_short(1e16);
	check_format_short(1e22);
	check_format_short(1e23);
	check_format_short(1e-5);
	check_format_short(1.5e-5);
	check_format_short(1e-7);
	check_format_short(DBL_MAX);
	check_format_short(-DBL_MAX);
	check_format_short(DBL_MIN);
	check_format_short(4.9406564584124654e-324);
	check_format_short(123456789012345.67);

	memset(buf, 'x', sizeof buf);
	len = pe_num_format(NAN, buf);
	CHECK(len == 0 && buf[0] == '\0', "format NaN writes \"\" (length %zu)",
	    len);
	len = pe_num_format(-NAN, buf);
	CHECK(len == 0 && buf[0] == '\0', "format -NaN writes \"\" (length %zu)",
	    len);
}

/* The sum of n random cent prices between 10 and 1000, over d. */
static double
price_mean(int n, double d)
{
	double sum = 0;
	int i;

	for (i = 0; i < n; i++)
		sum += (double)(1000 + rng() % 99001) / 100;
	return sum / d;
}

#define NKINDS	12

/* A random finite double of one of several kinds. */
static double
random_double(int kind)
{
	uint64_t bits;
	double v;
	int64_t k;

	switch (kind) {
	case 0:		/* any finite bit pattern */
	case 1:
		do {
			bits = rng();
			memcpy(&v, &bits, sizeof v);
		} while (!isfinite(v));
		return v;
	case 2:		/* cents */
		k = (int64_t)(rng() % 2000000001ULL) - 1000000000;
		return (double)k / 100;
	case 3:		/* ten-thousandths */
		k = (int64_t)(rng() % 2000000001ULL) - 1000000000;
		return (double)k / 10000;
	case 4:		/* short prices */
		k = (int64_t)(rng() % 100000);
		return (double)k / (double)(1 + rng() % 1000) ;
	case 5:		/* large integers, below and above 2^53 */
		k = (int64_t)(rng() >> (rng() % 40));
		return (rng() & 1) ? (double)k : -(double)k;
	case 6:		/* a random magnitude around prices and volumes */
		return ldexp((double)(rng() >> 11) / 9007199254740992.0,
		    (int)(rng() % 80) - 40);
	case 7:		/* short decimals at random scales */
		k = (int64_t)(rng() % 1000000);
		return (double)k * pow(10, (int)(rng() % 41) - 20);
	case 8:		/* indicator-like: means of prices */
		return rng() & 1 ? price_mean(20, 20) : price_mean(14, 14.0);
	case 9:		/* ratios of prices */
		return price_mean(1, 1) / price_mean(1, 1);
	case 10:	/* halves and quarters: ties at 16 or 17 digits */
		if (rng() & 1)
			return (double)(1000000000000000 + rng() %
			    3503599627370496ULL) + 0.5;
		return (double)((1ULL << 49) + rng() % (1ULL << 49)) +
		    (rng() & 1 ? 0.25 : 0.75);
	default:	/* subnormals, of any number of bits */
		bits = rng() >> (12 + rng() % 52);
		memcpy(&v, &bits, sizeof v);
		return v;
	}
}

static void
test_format_sweep(void)
{
	struct agg rt = { 0 }, ref = { 0 };
	char buf[PE_NUM_BUFSZ];
	double v, back, want;
	size_t len;
	long i, n = sweep_count();
	int rc;

	for (i = 0; i < n; i++) {
		v = random_double((int)(i % NKINDS));
		if (rng() & 1)
			v = -v;
		want = v == 0 ? 0.0 : v;	/* -0 is written "0" */
		len = pe_num_format(v, buf);
		back = NAN;
		rc = pe_num_parse(buf, len, '.', &back);
		rt.total++;
		if (len != strlen(buf) || rc != 0 || !same_bits(back, want))
			agg_fail(&rt, "%.17g (%a) -> \"%s\" (len %zu) -> rc %d"
			    ", %.17g", v, v, buf, len, rc, back);
		same_as_ref(&ref, v);
	}
	CHECK_AGG(rt, "parse(format(x)) == x bitwise for %ld random doubles",
	    n);
	CHECK_AGG(ref, "format(x) is ref_format(x) byte for byte for %ld "
	    "random doubles", n);
}

/* v, its n neighbours each side (by nextafter), and their negations. */
static void
same_as_ref_near(struct agg *a, double v, int n)
{
	double up = v, down = v;
	int i;

	same_as_ref2(a, v);
	for (i = 0; i < n; i++) {
		up = nextafter(up, INFINITY);
		down = nextafter(down, 0);
		if (isfinite(up))
			same_as_ref2(a, up);
		same_as_ref2(a, down);
	}
}

static void
test_format_edges(void)
{
	struct agg p2 = { 0 }, p10 = { 0 }, lim = { 0 }, sub = { 0 },
	    big = { 0 }, notation = { 0 };
	static const double bounds[] = { 1e-5, 1e-4, 1e15, 1e16, 1e17 };
	char text[32];
	double v;
	uint64_t bits;
	int e;
	size_t i;

	for (e = -1074; e <= 1023; e++)
		same_as_ref_near(&p2, ldexp(1, e), 2);
	CHECK_AGG(p2, "format is ref_format for every power of two and 2 "
	    "neighbours each side");
	for (e = -324; e <= 308; e++) {
		snprintf(text, sizeof text, "1e%d", e);
		same_as_ref_near(&p10, strtod(text, NULL), 20);
	}
	CHECK_AGG(p10, "format is ref_format for every power of ten and 20 "
	    "neighbours each side");
	for (i = 0; i < sizeof bounds / sizeof bounds[0]; i++)
		same_as_ref_near(&notation, bounds[i], 2000);
	CHECK_AGG(notation, "format is ref_format at the notation boundaries "
	    "1e-5, 1e-4, 1e15, 1e16, 1e17 and 2000 neighbours each side");
	same_as_ref_near(&lim, DBL_MAX, 1000);
	same_as_ref_near(&lim, DBL_MIN, 1000);
	same_as_ref_near(&lim, 9007199254740992.0, 2000);	/* 2^53 */
	same_as_ref_near(&lim, 4503599627370496.0, 2000);	/* 2^52 */
	CHECK_AGG(lim, "format is ref_format near DBL_MAX, DBL_MIN, 2^52 and "
	    "2^53");
	for (bits = 1; bits < 5000; bits++) {
		memcpy(&v, &bits, sizeof v);
		same_as_ref2(&sub, v);
	}
	CHECK_AGG(sub, "format is ref_format for the 5000 smallest subnormals");
	for (i = 0; i < 100000; i++) {
		v = 9007199254740992.0 + (double)(int64_t)(rng() % 200001) -
		    100000;
		same_as_ref2(&big, v);
		same_as_ref2(&big, (double)(rng() >> (rng() % 64)));
	}
	CHECK_AGG(big, "format is ref_format for integers near 2^53 and of "
	    "every size");
}

/* Random decimal text: 1..20 significant digits, exponent -30..30. */
static void
random_decimal(char *s, size_t n, char dec)
{
	char digits[24];
	int nd, i, point, e, form;
	size_t len = 0;

	nd = 1 + (int)(rng() % 20);
	for (i = 0; i < nd; i++)
		digits[i] = (char)('0' + rng() % 10);
	if (digits[0] == '0')
		digits[0] = (char)('1' + rng() % 9);
	digits[nd] = '\0';
	point = (int)(rng() % (unsigned)(nd + 1));
	e = (int)(rng() % 61) - 30;
	form = (int)(rng() % 4);
	if (rng() & 1)
		s[len++] = '-';
	if (form == 3) {	/* leading zeros after the point, no exponent */
		int z = (int)(rng() % 25);

		len += (size_t)snprintf(s + len, n - len, "0%c", dec);
		for (i = 0; i < z; i++)
			s[len++] = '0';
		snprintf(s + len, n - len, "%s", digits);
		return;
	}
	for (i = 0; i < nd; i++) {
		if (i == point && point > 0)
			s[len++] = dec;
		s[len++] = digits[i];
	}
	if (point == nd && (rng() & 1))
		s[len++] = dec;
	if (form != 0)
		snprintf(s + len, n - len, "%c%d", (rng() & 1) ? 'e' : 'E', e);
	else
		s[len] = '\0';
}

static void
test_parse_sweep(void)
{
	struct agg a = { 0 }, c = { 0 };
	char s[80], t[80];
	double got, want;
	long i;
	size_t j;
	int rc;

	for (i = 0; i < 1000000; i++) {
		random_decimal(s, sizeof s, '.');
		want = strtod(s, NULL);
		got = NAN;
		rc = pe_num_parse(s, strlen(s), '.', &got);
		a.total++;
		if (rc != 0 || !same_bits(got, want))
			agg_fail(&a, "\"%s\": rc %d, got %.17g (%a), strtod "
			    "%.17g (%a)", s, rc, got, got, want, want);
	}
	CHECK_AGG(a, "parse equals strtod for 1e6 random decimals of 1..20 "
	    "digits, exponents -30..30");

	for (i = 0; i < 100000; i++) {
		random_decimal(s, sizeof s, ',');
		for (j = 0; s[j] != '\0'; j++)
			t[j] = s[j] == ',' ? '.' : s[j];
		t[j] = '\0';
		want = strtod(t, NULL);
		got = NAN;
		rc = pe_num_parse(s, strlen(s), ',', &got);
		c.total++;
		if (rc != 0 || !same_bits(got, want))
			agg_fail(&c, "\"%s\": rc %d, got %.17g, strtod %.17g",
			    s, rc, got, want);
	}
	CHECK_AGG(c, "parse with dec ',' equals strtod for 1e5 random "
	    "decimals");
}

/* ---- pe_num_format_digits ---- */

/* printf's %.*f of v, trailing zeros and point dropped, "-0" as "0". */
static size_t
ref_digits(double v, int digits, char *buf, size_t n)
{
	size_t len = (size_t)snprintf(buf, n, "%.*f", digits, v);

	if (isnan(v) || isinf(v))
		return pe_num_format(v, buf);
	if (strchr(buf, '.') != NULL) {
		while (buf[len - 1] == '0')
			len--;
		if (buf[len - 1] == '.')
			len--;
	}
	buf[len] = '\0';
	if (strcmp(buf, "-0") == 0)
		memmove(buf, buf + 1, len--);
	return len;
}

/* Record in a whether v to digits places formats as ref_digits. */
static void
digits_as_ref(struct agg *a, double v, int digits)
{
	char got[PE_NUM_DIGITS_BUFSZ], want[PE_NUM_DIGITS_BUFSZ + 32];
	size_t glen, wlen;

	memset(got, 'x', sizeof got);
	glen = pe_num_format_digits(v, digits, got);
	wlen = ref_digits(v, digits, want, sizeof want);
	a->total++;
	if (glen != wlen || memcmp(got, want, wlen + 1) != 0)
		agg_fail(a, "%.17g (%a) to %d places: got \"%.*s\" (length "
		    "%zu), expected \"%s\"", v, v, digits, glen < sizeof got ?
		    (int)glen : 0, got, glen, want);
}

static void
check_digits(double v, int digits, const char *want)
{
	char buf[PE_NUM_DIGITS_BUFSZ], d[PE_NUM_DIGITS_BUFSZ * 2 + 64];
	size_t len;

	memset(buf, 'x', sizeof buf);
	len = pe_num_format_digits(v, digits, buf);
	snprintf(d, sizeof d, "got \"%.*s\" (length %zu), expected \"%s\"",
	    (int)(len < sizeof buf ? len : sizeof buf), buf, len, want);
	h_report(len < sizeof buf && buf[len] == '\0' &&
	    strcmp(buf, want) == 0 && len == strlen(want), __FILE__,
	    __LINE__, d, "format %.17g to %d places is \"%.40s%s\"", v,
	    digits, want, strlen(want) > 40 ? "..." : "");
}

static void
test_digits_examples(void)
{
	char big[400];

	check_digits(0.125, 2, "0.12");		/* a tie: to even */
	check_digits(0.375, 2, "0.38");
	check_digits(2.675, 2, "2.67");		/* stored below 2.675 */
	check_digits(1.005, 2, "1");		/* 1.00499999... */
	check_digits(26.263999999999982, 3, "26.264");
	check_digits(26.263999999999982, 2, "26.26");
	check_digits(186.44430618401208, 4, "186.4443");
	check_digits(3, 2, "3");
	check_digits(3.0001, 2, "3");
	check_digits(2.999, 2, "3");
	check_digits(9.995, 2, "9.99");		/* 9.99499999... */
	check_digits(9.9951, 2, "10");
	check_digits(0.5, 0, "0");
	check_digits(1.5, 0, "2");
	check_digits(2.5, 0, "2");
	check_digits(-2.5, 0, "-2");
	check_digits(-3.5, 0, "-4");
	check_digits(0.05, 1, "0.1");		/* 0.05000000000000000277 */
	check_digits(0.05, 2, "0.05");
	check_digits(0.001, 5, "0.001");
	check_digits(-1.5, 1, "-1.5");
	check_digits(-27.125, 2, "-27.12");
	check_digits(-0.001, 2, "0");		/* never "-0" */
	check_digits(-0.004999, 2, "0");
	check_digits(-0.005, 2, "-0.01");	/* -0.005000000000000000104 */
	check_digits(-0.0, 3, "0");
	check_digits(0, 0, "0");
	check_digits(0, 17, "0");
	check_digits(0.1, 17, "0.10000000000000001");
	check_digits(1.0 / 3, 17, "0.33333333333333331");
	check_digits(1e-5, 17, "0.00001");
	check_digits(5e-18, 17, "0.00000000000000001");
	check_digits(4e-18, 17, "0");
	check_digits(4.9406564584124654e-324, 17, "0");
	check_digits(-4.9406564584124654e-324, 0, "0");
	check_digits(123456789.125, 2, "123456789.12");
	check_digits(999999.9999999, 3, "1000000");
	check_digits(9007199254740993.0, 2, "9007199254740992");
	check_digits(18446744073709549568.0, 2, "18446744073709549568");
	check_digits(0x1p64, 2, "18446744073709551616");
	check_digits(1e20, 2, "100000000000000000000");
	check_digits(-1e20, 0, "-100000000000000000000");
	check_digits(1e300, 2, "1000000000000000052504760255204420248704468"
	    "581108159154915854115511802457988908195786371375080447864043704"
	    "443832883878176942523235360430575644792184786706982848387200926"
	    "575803737830233794788090059368953234970799945081119038967640880"
	    "074652742780142494579258788820056842838115669472196386865459400"
	    "540160");
	snprintf(big, sizeof big, "-%.0f", DBL_MAX);
	check_digits(-DBL_MAX, 17, big);
	CHECK(strlen(big) == 310, "-DBL_MAX has 309 digits (%zu bytes)",
	    strlen(big));
	/* outside 0..17: negative is the shortest round trip, more is 17 */
	check_digits(26.263999999999982, PE_NUM_SHORTEST, "26.26399999999998");
	check_digits(0.1 + 0.2, -5, "0.30000000000000004");
	check_digits(0.1, 40, "0.10000000000000001");
	check_digits(INFINITY, 2, "inf");
	check_digits(-INFINITY, 2, "-inf");
	check_digits(NAN, 2, "");
}

/*
 * Ties at n places: r + (2j + 1) / 2^(n + 1), whose value times 10^n ends
 * in exactly .5, for n = 0 to 17 and random integer parts r.
 */
static void
test_digits_ties(void)
{
	struct agg a = { 0 };
	double v;
	int n, j;

	for (n = 0; n <= PE_NUM_DIGITS_MAX; n++)
		for (j = 0; j < 2000; j++) {
			v = ldexp(2.0 * j + 1 + (double)(rng() % 1000) *
			    ldexp(1, n + 1), -(n + 1));
			digits_as_ref(&a, v, n);
			digits_as_ref(&a, -v, n);
		}
	CHECK_AGG(a, "ties at 0 to 17 places go to even, as printf's %%.*f");
}

static void
test_digits_sweep(void)
{
	struct agg a = { 0 }, edge = { 0 };
	static const double near[] = { 0.5, 1, 1e-3, 0x1p-11, 0x1p-12,
	    0x1p52, 0x1p53, 0x1p63, 0x1p64, 1e15, 1e16, 1e17, DBL_MIN,
	    DBL_MAX };
	double v, up, down;
	long i, n = sweep_count() / 4;
	size_t k;
	int j, d;

	for (i = 0; i < n; i++) {
		v = random_double((int)(i % NKINDS));
		digits_as_ref(&a, rng() & 1 ? -v : v, (int)(rng() % 18));
	}
	CHECK_AGG(a, "format to 0..17 places is printf's %%.*f, zeros "
	    "dropped, for %ld random doubles", n);
	for (k = 0; k < sizeof near / sizeof near[0]; k++) {
		up = down = near[k];
		for (j = 0; j < 200; j++) {
			for (d = 0; d <= PE_NUM_DIGITS_MAX; d++) {
				digits_as_ref(&edge, up, d);
				digits_as_ref(&edge, -down, d);
			}
			up = nextafter(up, INFINITY);
			down = nextafter(down, 0);
		}
	}
	CHECK_AGG(edge, "format to 0..17 places is printf's near 2^-12, "
	    "2^-11, 2^52, 2^53, 2^64, powers of ten, DBL_MIN and DBL_MAX");
}

int
main(void)
{
	test_parse();
	test_format_examples();
	test_format_sweep();
	test_format_edges();
	test_parse_sweep();
	test_digits_examples();
	test_digits_ties();
	test_digits_sweep();
	return done();
}
