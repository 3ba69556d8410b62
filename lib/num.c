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
 * Writing: a value with a short exact decimal form r / 10^d (r < 2^53) is
 * found by trying d = 0, 1, 2, ... (for 1e-4 <= |v| < 1e15, where %g would
 * also use fixed notation); the division r / 10^d is correctly
 * rounded, so it equals v exactly when the text reads back to v.  Other
 * values take the shortest of %.15g, %.16g, %.17g that reads back.
 *
 * Bloat: no locale, no hex floats, no grouping separators.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe_num.h"

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

/* Write the integer r (< 2^53) with d decimals; return the length. */
static size_t
write_fixed(uint64_t r, int d, int neg, char *buf)
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
format_slow(double v, char *buf)
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

size_t
pe_num_format(double v, char *buf)
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
			m = a * pow10_exact[d];
			if (m >= TWO53)
				break;
			r = nearbyint(m);
			if (r / pow10_exact[d] == a)
				return write_fixed((uint64_t)r, d, v < 0, buf);
			/* m was rounded: near a half, the neighbour may be it. */
			if (fabs(m - r) > 0.49) {
				r += m > r ? 1 : -1;
				if (r / pow10_exact[d] == a)
					return write_fixed((uint64_t)r, d, v < 0,
					    buf);
			}
		}
	}
	return format_slow(v, buf);
}
