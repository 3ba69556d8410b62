/*
 * fuzz_time.c: libFuzzer target for the text parsers of pe_time and pe_num.
 *
 * The raw bytes (not NUL-terminated: the parsers take a length) go to
 * pe_time_parse; a time that parses is formatted and must parse back to
 * the same milliseconds, and a failure must say why.  The same bytes go to
 * pe_time_parse_fmt with a date format and a date-time format.  They also
 * go to pe_num_parse with '.' and with ',' as the decimal point: a number
 * that parses must be finite, be formatted to text that reads back to the
 * same double, and when the text is a plain decimal equal what strtod makes
 * of it, bit for bit.
 *
 * Bloat: no zones (pe_tz_set changes the process's TZ).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pe_num.h"
#include "pe_time.h"

/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z */
#define MS_FIRST (-62167219200000LL)
#define MS_LAST (253402300799999LL)

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Does s[0..n) contain a NUL byte? */
static int
has_nul(const char *s, size_t n)
{
	return memchr(s, '\0', n) != NULL;
}

static void
check_time_value(int64_t ms, const struct pe_time_info *info)
{
	FUZZ_CHECK(ms >= MS_FIRST && ms <= MS_LAST);
	FUZZ_CHECK(info->has_tod == 0 || info->has_tod == 1);
	FUZZ_CHECK(info->has_offset == 0 || info->has_offset == 1);
	if (!info->has_tod)
		FUZZ_CHECK(ms % PE_MS_PER_DAY == 0);
}

/* Format ms (date only or not) and parse it back: the same ms. */
static void
time_roundtrip(int64_t ms, int date_only)
{
	struct pe_time_info info;
	char buf[PE_TIME_BUFSZ + 8];
	const char *why = NULL;
	int64_t back = 0;
	size_t len;

	memset(buf, 0x55, sizeof buf);
	len = pe_time_format(ms, date_only, buf);
	FUZZ_CHECK(len > 0 && len < PE_TIME_BUFSZ);
	FUZZ_CHECK(buf[len] == '\0' && strlen(buf) == len);
	FUZZ_CHECK(len == (date_only ? 10u : 20u) || (!date_only &&
	    len == 24));
	if (pe_time_parse(buf, len, &back, &info, &why) != 0) {
		fprintf(stderr, "'%s' does not parse back: %s\n", buf,
		    why ? why : "(null)");
		FUZZ_CHECK(0);
	}
	FUZZ_CHECK(back == ms);
	FUZZ_CHECK(info.has_tod == !date_only);
	FUZZ_CHECK(info.has_offset == !date_only);
}

static void
fuzz_time(const char *s, size_t n)
{
	struct pe_time_info info;
	const char *why = NULL;
	int64_t ms = 0, ms2 = 0;
	int rc;

	rc = pe_time_parse(s, n, &ms, &info, &why);
	FUZZ_CHECK(rc == 0 || rc == -1);
	/* info may be NULL, and changes nothing. */
	FUZZ_CHECK(pe_time_parse(s, n, &ms2, NULL, &why) == rc);
	if (rc != 0) {
		FUZZ_CHECK(why != NULL && why[0] != '\0');
		return;
	}
	FUZZ_CHECK(ms2 == ms);
	FUZZ_CHECK(!has_nul(s, n));
	check_time_value(ms, &info);
	time_roundtrip(ms, !info.has_tod);
	if (!info.has_tod)
		time_roundtrip(ms, 0);
}

static void
fuzz_time_fmt(const char *s, size_t n, const char *fmt, int tod)
{
	struct pe_time_info info;
	const char *why = NULL;
	int64_t ms = 0;
	int rc;

	rc = pe_time_parse_fmt(s, n, fmt, &ms, &info, &why);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc != 0) {
		FUZZ_CHECK(why != NULL && why[0] != '\0');
		return;
	}
	/* "The whole text must be consumed": bytes after a NUL are not. */
	FUZZ_CHECK(!has_nul(s, n));
	FUZZ_CHECK(info.has_tod == tod);
	check_time_value(ms, &info);
	FUZZ_CHECK(ms % 1000 == 0);
	time_roundtrip(ms, !tod);
}

/*
 * Is s[0..n), blanks trimmed, a plain decimal: [+-]? digits with at most
 * one dec among them (at least one digit), then ([eE] [+-]? digit+)?
 * Copies it, with dec made '.', NUL-terminated, into out (n + 1 bytes).
 */
static int
plain_decimal(const char *s, size_t n, char dec, char *out)
{
	size_t i = 0, digits = 0, j = 0;

	while (n > 0 && is_blank(s[n - 1]))
		n--;
	while (n > 0 && is_blank(*s))
		s++, n--;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == dec)
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (digits = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
		if (digits == 0)
			return 0;
	}
	if (i != n)
		return 0;
	for (j = 0; j < n; j++)
		out[j] = s[j] == dec ? '.' : s[j];
	out[n] = '\0';
	return 1;
}

static int
same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

static void
fuzz_num(const char *s, size_t n, char dec, char *copy)
{
	char buf[PE_NUM_BUFSZ + 8];
	double v = 0, back = 0, ref;
	char *end;
	size_t len;
	int rc, plain;

	rc = pe_num_parse(s, n, dec, &v);
	FUZZ_CHECK(rc == 0 || rc == -1 || rc == -2);
	plain = plain_decimal(s, n, dec, copy);
	if (plain) {
		errno = 0;
		ref = strtod(copy, &end);
		FUZZ_CHECK(*end == '\0');
		if (isinf(ref)) {
			FUZZ_CHECK(rc == -2);
		} else {
			if (rc != 0)
				fprintf(stderr, "plain decimal '%s' (%zu "
				    "bytes) refused: %d\n", copy,
				    strlen(copy), rc);
			FUZZ_CHECK(rc == 0);
			FUZZ_CHECK(same_bits(v, ref));
		}
	} else
		FUZZ_CHECK(rc == -1);
	if (rc != 0)
		return;
	FUZZ_CHECK(isfinite(v));
	memset(buf, 0x55, sizeof buf);
	len = pe_num_format(v, buf);
	FUZZ_CHECK(len > 0 && len < PE_NUM_BUFSZ);
	FUZZ_CHECK(buf[len] == '\0' && strlen(buf) == len);
	FUZZ_CHECK(plain_decimal(buf, len, '.', copy));
	FUZZ_CHECK(pe_num_parse(buf, len, '.', &back) == 0);
	FUZZ_CHECK(fuzz_same_double(back, v));
	FUZZ_CHECK(same_bits(strtod(copy, NULL), back));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *copy;

	fuzz_time(s, size);
	fuzz_time_fmt(s, size, "%m/%d/%Y", 0);
	fuzz_time_fmt(s, size, "%Y-%m-%d %H:%M:%S", 1);
	if ((copy = malloc(size + PE_NUM_BUFSZ + 1)) == NULL)
		return 0;
	fuzz_num(s, size, '.', copy);
	fuzz_num(s, size, ',', copy);
	free(copy);
	return 0;
}
