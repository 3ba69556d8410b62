/*
 * test_num.c: pe_num_parse and pe_num_format against lib/pe_num.h.
 *
 * The oracle for reading is strtod (correctly rounded in glibc); for
 * writing, the shortest of printf's %.15g, %.16g and %.17g that strtod
 * reads back.  Sweeps are one check each, reporting the first failure.
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
	default:	/* short decimals at random scales */
		k = (int64_t)(rng() % 1000000);
		return (double)k * pow(10, (int)(rng() % 41) - 20);
	}
}

static void
test_format_sweep(void)
{
	struct agg rt = { 0 }, sh = { 0 };
	char buf[PE_NUM_BUFSZ], g[64];
	double v, back, want;
	size_t len, glen;
	long i;
	int rc;

	for (i = 0; i < 1000000; i++) {
		v = random_double((int)(i % 8));
		want = v == 0 ? 0.0 : v;	/* -0 is written "0" */
		len = pe_num_format(v, buf);
		back = NAN;
		rc = pe_num_parse(buf, len, '.', &back);
		rt.total++;
		if (len != strlen(buf) || rc != 0 || !same_bits(back, want))
			agg_fail(&rt, "%.17g (%a) -> \"%s\" (len %zu) -> rc %d"
			    ", %.17g", v, v, buf, len, rc, back);
		glen = shortest_g(v, g, sizeof g);
		sh.total++;
		if (len > glen)
			agg_fail(&sh, "%.17g -> \"%s\" (%zu), but %%g gives "
			    "\"%s\" (%zu)", v, buf, len, g, glen);
	}
	CHECK_AGG(rt, "parse(format(x)) == x bitwise for 1e6 random doubles");
	CHECK_AGG(sh, "format(x) is no longer than the shortest round-tripping "
	    "%%.15g/%%.16g/%%.17g for 1e6 random doubles");
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

int
main(void)
{
	test_parse();
	test_format_examples();
	test_format_sweep();
	test_parse_sweep();
	return done();
}
