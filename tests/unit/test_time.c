/*
 * test_time.c: pe_time (parsing, formatting, the civil calendar, zones,
 * timeframes) against the contract in lib/core/pe_time.h.
 *
 * Expected instants come from timegm(3) (or are written out), never from
 * the library itself; parsed values are compared as int64 milliseconds,
 * text only where formatting is what is tested.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "pe_time.h"

#define MS_H 3600000LL
#define MS_M 60000LL
#define NOVAL INT64_MIN

/* A value in [lo, hi]. */
static int64_t
rng_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
}

static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned
month_len(int64_t y, unsigned m)
{
	static const unsigned len[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Parse s (whole string); NOVAL on failure. */
static int64_t
P(const char *s)
{
	int64_t ms = 0;
	const char *why = NULL;

	if (pe_time_parse(s, strlen(s), &ms, NULL, &why) != 0)
		return NOVAL;
	return ms;
}

/* One accepted text: its value and both flags, on one line. */
static void
accept(const char *s, int64_t want, int tod, int off)
{
	struct pe_time_info info = { -1, -1 };
	int64_t ms = NOVAL;
	const char *why = NULL;
	char d[256];
	int rc, ok;

	rc = pe_time_parse(s, strlen(s), &ms, &info, &why);
	ok = rc == 0 && ms == want && info.has_tod == tod &&
	    info.has_offset == off;
	snprintf(d, sizeof d,
	    "rc %d (why %s), ms %" PRId64 " (expected %" PRId64
	    "), has_tod %d (expected %d), has_offset %d (expected %d)",
	    rc, why ? why : "NULL", ms, want, info.has_tod, tod,
	    info.has_offset, off);
	h_report(ok, __FILE__, __LINE__, d, "parse accepts \"%s\"", s);
}

/* One rejected text: -1 with a non-empty reason. */
static void
reject(const char *s)
{
	struct pe_time_info info;
	int64_t ms = 0;
	const char *why = NULL;
	char d[256];
	int rc;

	rc = pe_time_parse(s, strlen(s), &ms, &info, &why);
	snprintf(d, sizeof d, "rc %d, ms %" PRId64 ", why %s%s%s", rc, ms,
	    why ? "\"" : "", why ? why : "NULL", why ? "\"" : "");
	h_report(rc == -1 && why != NULL && why[0] != '\0', __FILE__,
	    __LINE__, d, "parse rejects \"%s\" with a reason", s);
}

static void
test_parse_forms(void)
{
	int64_t d0102 = utc(2024, 1, 2, 0, 0, 0, 0);
	int64_t t0930 = utc(2024, 1, 2, 9, 30, 0, 0);
	int64_t t093015 = utc(2024, 1, 2, 9, 30, 15, 0);

	/* Dates. */
	accept("2024-01-02", d0102, 0, 0);
	accept("20240102", d0102, 0, 0);
	accept("1970-01-01", 0, 0, 0);
	accept("  2024-01-02  ", d0102, 0, 0);
	accept("\t2024-01-02\t", d0102, 0, 0);
	accept(" 20240102 ", d0102, 0, 0);

	/* Times of day without an offset. */
	accept("2024-01-02T09:30", t0930, 1, 0);
	accept("2024-01-02 09:30", t0930, 1, 0);
	accept("2024-01-02T09:30:15", t093015, 1, 0);
	accept("2024-01-02 09:30:15", t093015, 1, 0);
	accept("2024-01-02T00:00:00", d0102, 1, 0);
	accept("2024-01-02T23:59:59", utc(2024, 1, 2, 23, 59, 59, 0), 1, 0);

	/* Fractional seconds, 1 to 9 digits, truncated to milliseconds. */
	accept("2024-01-02T09:30:15.1", t093015 + 100, 1, 0);
	accept("2024-01-02T09:30:15.12", t093015 + 120, 1, 0);
	accept("2024-01-02T09:30:15.123", t093015 + 123, 1, 0);
	accept("2024-01-02T09:30:15.1239", t093015 + 123, 1, 0);
	accept("2024-01-02T09:30:15.12399", t093015 + 123, 1, 0);
	accept("2024-01-02 09:30:15.123456", t093015 + 123, 1, 0);
	accept("2024-01-02T09:30:15.1234567", t093015 + 123, 1, 0);
	accept("2024-01-02T09:30:15.12345678", t093015 + 123, 1, 0);
	accept("2024-01-02T09:30:15.999999999", t093015 + 999, 1, 0);
	accept("2024-01-02T09:30:15.000999", t093015, 1, 0);
	accept("2024-01-02T09:30:15.5", t093015 + 500, 1, 0);

	/* Offsets. */
	accept("2024-01-02T09:30:15Z", t093015, 1, 1);
	accept("2024-01-02T09:30Z", t0930, 1, 1);
	accept("2024-01-02 09:30:15Z", t093015, 1, 1);
	accept("2024-01-02T09:30:15+00:00", t093015, 1, 1);
	accept("2024-01-02T09:30:15+09:00", t093015 - 9 * MS_H, 1, 1);
	accept("2024-01-02T09:30:15-0500", t093015 + 5 * MS_H, 1, 1);
	accept("2024-01-02T09:30:15+0530", t093015 - 5 * MS_H - 30 * MS_M,
	    1, 1);
	accept("2024-01-02T09:30:15+09", t093015 - 9 * MS_H, 1, 1);
	accept("2024-01-02T09:30:15-05", t093015 + 5 * MS_H, 1, 1);
	accept("2024-01-02T09:30-05:00", t0930 + 5 * MS_H, 1, 1);
	accept("2024-01-02T09:30:15.250+05:30",
	    utc(2024, 1, 2, 4, 0, 15, 250), 1, 1);
	accept("2024-01-02 09:30:00.123456Z", t0930 + 123, 1, 1);
	accept("2024-01-02T00:00+14:00", utc(2024, 1, 1, 10, 0, 0, 0), 1, 1);
	accept("2024-01-02T00:00-12:00", utc(2024, 1, 2, 12, 0, 0, 0), 1, 1);
	accept(" 2024-01-02T09:30:15Z ", t093015, 1, 1);

	/* Offsets that cross midnight, a month end, a year end. */
	accept("2024-01-01T01:00:00+09:00", utc(2023, 12, 31, 16, 0, 0, 0),
	    1, 1);
	accept("2024-01-01T22:00:00-05:00", utc(2024, 1, 2, 3, 0, 0, 0), 1, 1);
	accept("2023-12-31T20:00:00-05:00", utc(2024, 1, 1, 1, 0, 0, 0), 1, 1);
	accept("2024-03-01T00:30:00+01:00", utc(2024, 2, 29, 23, 30, 0, 0),
	    1, 1);
	accept("2024-02-28T23:30:00-01:00", utc(2024, 2, 29, 0, 30, 0, 0),
	    1, 1);
	CHECK(P("2024-01-01T01:00:00+09:00") == P("2023-12-31T16:00:00Z") &&
	    P("2023-12-31T16:00:00Z") != NOVAL,
	    "+09:00 at 01:00 is 16:00Z the day before");

	/* Leap years. */
	accept("2024-02-29", utc(2024, 2, 29, 0, 0, 0, 0), 0, 0);
	accept("2000-02-29", utc(2000, 2, 29, 0, 0, 0, 0), 0, 0);
	accept("1600-02-29", utc(1600, 2, 29, 0, 0, 0, 0), 0, 0);
	accept("0000-02-29", utc(0, 2, 29, 0, 0, 0, 0), 0, 0);
	accept("20240229", utc(2024, 2, 29, 0, 0, 0, 0), 0, 0);

	/* The epoch, before it, the ends of the range. */
	accept("1970-01-01T00:00:00Z", 0, 1, 1);
	accept("1969-12-31T23:59:59Z", -1000, 1, 1);
	accept("1969-12-31T23:59:59.999Z", -1, 1, 1);
	accept("1969-12-31T23:59:59.9999Z", -1, 1, 1);
	accept("1969-12-31", -PE_MS_PER_DAY, 0, 0);
	accept("1900-01-01", -2208988800000LL, 0, 0);
	accept("0000-01-01", -62167219200000LL, 0, 0);
	accept("0000-01-01T00:00:00Z", -62167219200000LL, 1, 1);
	accept("9999-12-31T23:59:59.999Z", 253402300799999LL, 1, 1);
	accept("9999-12-31", 253402214400000LL, 0, 0);

	/* Epoch numbers: seconds, fractional seconds, milliseconds. */
	accept("1704153600", 1704153600000LL, 1, 1);
	accept("1704153600.5", 1704153600500LL, 1, 1);
	accept("1704153600.123456", 1704153600123LL, 1, 1);
	accept("1704153600.0005", 1704153600000LL, 1, 1);
	accept("0", 0, 1, 1);
	accept("-86400", -86400000LL, 1, 1);
	accept("-1.5", -1500, 1, 1);
	accept("-1.0005", -1001, 1, 1);	/* truncated toward the earlier time */
	accept("1704153600000", 1704153600000LL, 1, 1);
	accept("1704153600123", 1704153600123LL, 1, 1);
	accept("100000000000", 100000000000LL, 1, 1);
	accept("9999999999", 9999999999000LL, 1, 1);
	accept("-100000000000", -100000000000LL, 1, 1);
	accept("123456789", 123456789000LL, 1, 1);
	accept(" 1704153600 ", 1704153600000LL, 1, 1);
	/* Microseconds and nanoseconds, finer digits dropped toward the
	 * earlier time; the top of each range. */
	accept("1704153600123456", 1704153600123LL, 1, 1);
	accept("100000000000000", 100000000000LL, 1, 1);
	accept("1704153600123456789", 1704153600123LL, 1, 1);
	accept("100000000000000000", 100000000000LL, 1, 1);
	accept("9999999999999999999", 9999999999999LL, 1, 1);
	accept("-1704153600000001", -1704153600001LL, 1, 1);
	accept("9999999999999", 9999999999999LL, 1, 1);
	accept("9999999999999999", 9999999999999LL, 1, 1);
}

/* A rejected epoch number and its reason, exactly. */
static void
reject_why(const char *s, const char *want)
{
	int64_t ms = 0;
	const char *why = NULL;
	int rc;

	rc = pe_time_parse(s, strlen(s), &ms, NULL, &why);
	h_report(rc == -1 && why != NULL && strcmp(why, want) == 0, __FILE__,
	    __LINE__, why ? why : "NULL", "parse rejects \"%s\": %s", s,
	    want);
}

/* Between two units' ranges, a number could be either: refused. */
static void
test_parse_epoch_units(void)
{
	reject_why("10000000000", "ambiguous epoch number (seconds after "
	    "2286 or milliseconds before 1973?)");
	reject_why("99999999999", "ambiguous epoch number (seconds after "
	    "2286 or milliseconds before 1973?)");
	reject_why("-99999999999", "ambiguous epoch number (seconds after "
	    "2286 or milliseconds before 1973?)");
	reject_why("10000000000000", "ambiguous epoch number (milliseconds "
	    "after 2286 or microseconds before 1973?)");
	reject_why("99999999999999", "ambiguous epoch number (milliseconds "
	    "after 2286 or microseconds before 1973?)");
	reject_why("10000000000000000", "ambiguous epoch number "
	    "(microseconds after 2286 or nanoseconds before 1973?)");
	reject_why("10000000000000000000", "epoch number out of range");
	reject_why("12345678901234567890", "epoch number out of range");
}

static void
test_parse_rejects(void)
{
	static const char *bad[] = {
		"", "   ", "abc", "T", "Z",
		"2024-13-01", "2024-00-10", "2024-01-32", "2024-01-00",
		"2024-04-31", "2024-06-31", "2023-02-29", "1900-02-29",
		"2100-02-29", "20230229", "20241301", "20240132",
		"2024-1-2", "2024-01-2", "24-01-02", "2024/01/02",
		"10000-01-01",
		"24:00:00", "12:60", "2024-01-02T24:00:00",
		"2024-01-02T24:00", "2024-01-02T12:60", "2024-01-02T12:60:00",
		"2024-01-02T12:00:60", "2024-01-02T23:59:60Z",
		"2024-01-02T9:30", "2024-01-02T09:3", "2024-01-02T09:30:",
		"2024-01-02T09:30:1", "2024-01-02T09:30:00.",
		"2024-01-02T", "2024-01-02x", "2024-01-02T09:30x",
		"2024-01-02T09:30:00Zx", "2024-01-02T09:30:00ZZ",
		"2024-01-02T09:30:00+25:00", "2024-01-02T09:30:00+09:60",
		"2024-01-02T09:30:00+", "2024-01-02T09:30:00+9",
		"1704153600x", "1.2.3", "--5", "+", "-", "1704153600.",
		"2024-01-02 x",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		reject(bad[i]);
}

static void
test_parse_misc(void)
{
	const char *s = "2024-01-02T09:30:00Zjunk";
	int64_t ms = NOVAL;
	const char *why = NULL;
	struct pe_time_info info = { -1, -1 };
	int rc;

	rc = pe_time_parse(s, 20, &ms, &info, &why);
	CHECK(rc == 0 && ms == utc(2024, 1, 2, 9, 30, 0, 0) &&
	    info.has_tod == 1 && info.has_offset == 1,
	    "parse reads only s[0..n) (n stops before trailing junk)");
	rc = pe_time_parse(s, 7, &ms, NULL, &why);
	CHECK(rc == -1, "parse of \"2024-01\" (n = 7) fails");
	ms = NOVAL;
	rc = pe_time_parse("2024-01-02", 10, &ms, NULL, &why);
	CHECK(rc == 0 && ms == utc(2024, 1, 2, 0, 0, 0, 0),
	    "parse accepts a NULL info");
	ms = NOVAL;
	rc = pe_time_parse("20240102", 8, &ms, NULL, &why);
	CHECK(rc == 0 && ms != 20240102000LL,
	    "an 8-digit integer is a date, not epoch seconds");
}

static void
test_civil(void)
{
	int64_t y, d, first, last, py = 0;
	unsigned m, dd, pm = 0, pd = 0;
	struct agg a = { 0 };
	struct agg t = { 0 };

	CHECK_EQ_I64(pe_time_days_from_civil(1970, 1, 1), 0, "1970-01-01 is day 0");
	CHECK_EQ_I64(pe_time_days_from_civil(1969, 12, 31), -1,
	    "1969-12-31 is day -1");
	CHECK_EQ_I64(pe_time_days_from_civil(2000, 3, 1), 11017,
	    "2000-03-01 is day 11017");
	CHECK_EQ_I64(pe_time_days_from_civil(2024, 2, 29), 19782,
	    "2024-02-29 is day 19782");
	CHECK_EQ_I64(pe_time_days_from_civil(0, 1, 1), -719528,
	    "0000-01-01 is day -719528");
	CHECK_EQ_I64(pe_time_days_from_civil(9999, 12, 31), 2932896,
	    "9999-12-31 is day 2932896");
	pe_time_civil_from_days(-719529, &y, &m, &dd);
	CHECK(y == -1 && m == 12 && dd == 31,
	    "civil_from_days(-719529) is -0001-12-31 (proleptic), got %"
	    PRId64 "-%u-%u", y, m, dd);
	CHECK_EQ_I64(pe_time_days_from_civil(-1, 12, 31), -719529,
	    "days_from_civil(-1, 12, 31) is -719529");

	/* Every day of years 0..9999: back and forth, and consecutive. */
	first = pe_time_days_from_civil(0, 1, 1);
	last = pe_time_days_from_civil(9999, 12, 31);
	for (d = first; d <= last; d++) {
		a.total++;
		pe_time_civil_from_days(d, &y, &m, &dd);
		if (m < 1 || m > 12 || dd < 1 || dd > month_len(y, m)) {
			agg_fail(&a, "day %" PRId64 " -> invalid %" PRId64
			    "-%u-%u", d, y, m, dd);
			continue;
		}
		if (pe_time_days_from_civil(y, m, dd) != d)
			agg_fail(&a, "day %" PRId64 " -> %" PRId64
			    "-%02u-%02u -> %" PRId64, d, y, m, dd,
			    pe_time_days_from_civil(y, m, dd));
		if (d > first) {
			int next = (y == py && m == pm && dd == pd + 1) ||
			    (y == py && m == pm + 1 && dd == 1 &&
			    pd == month_len(py, pm)) ||
			    (y == py + 1 && m == 1 && dd == 1 && pm == 12 &&
			    pd == 31);
			if (!next)
				agg_fail(&a, "day %" PRId64 " is %" PRId64
				    "-%02u-%02u after %" PRId64 "-%02u-%02u",
				    d, y, m, dd, py, pm, pd);
		}
		if (d % 97 == 0) {
			t.total++;
			if (utc((int)y, (int)m, (int)dd, 0, 0, 0, 0) !=
			    d * PE_MS_PER_DAY)
				agg_fail(&t, "day %" PRId64 " (%" PRId64
				    "-%02u-%02u) disagrees with timegm", d,
				    y, m, dd);
		}
		py = y, pm = m, pd = dd;
	}
	CHECK(last - first + 1 == 3652425,
	    "years 0..9999 hold 3652425 days");
	CHECK_AGG(a, "civil_from_days/days_from_civil round trip, every day "
	    "of 0000..9999, each the day after the previous");
	CHECK_AGG(t, "days_from_civil agrees with timegm on every 97th day");
}

static void
check_format(int64_t ms, int date_only, const char *want)
{
	char buf[PE_TIME_BUFSZ];
	char d[256];
	size_t len;
	int ok;

	memset(buf, 'x', sizeof buf);
	len = pe_time_format(ms, date_only, buf);
	ok = len < sizeof buf && buf[len] == '\0' && strcmp(buf, want) == 0;
	snprintf(d, sizeof d, "got \"%.*s\" (length %zu), expected \"%s\"",
	    (int)(len < sizeof buf ? len : sizeof buf), buf, len, want);
	h_report(ok, __FILE__, __LINE__, d, "format(%" PRId64 ", %d) is %s",
	    ms, date_only, want);
}

static void
test_format(void)
{
	char buf[PE_TIME_BUFSZ];
	struct agg a = { 0 }, b = { 0 }, c = { 0 };
	int64_t lo = utc(0, 1, 1, 0, 0, 0, 0);
	int64_t hi = utc(9999, 12, 31, 23, 59, 59, 999);
	int64_t ms, got;
	long i;
	size_t len;

	check_format(0, 0, "1970-01-01T00:00:00Z");
	check_format(1, 0, "1970-01-01T00:00:00.001Z");
	check_format(10, 0, "1970-01-01T00:00:00.010Z");
	check_format(100, 0, "1970-01-01T00:00:00.100Z");
	check_format(utc(2024, 1, 2, 9, 30, 15, 250), 0,
	    "2024-01-02T09:30:15.250Z");
	check_format(utc(2024, 1, 2, 9, 30, 0, 0), 0, "2024-01-02T09:30:00Z");
	check_format(utc(2024, 2, 29, 23, 59, 59, 0), 0,
	    "2024-02-29T23:59:59Z");
	check_format(-1, 0, "1969-12-31T23:59:59.999Z");
	check_format(-1000, 0, "1969-12-31T23:59:59Z");
	check_format(-2208988800000LL, 0, "1900-01-01T00:00:00Z");
	check_format(-62167219200000LL, 0, "0000-01-01T00:00:00Z");
	check_format(253402300799999LL, 0, "9999-12-31T23:59:59.999Z");
	check_format(253402300800000LL, 0, "10000-01-01T00:00:00Z");
	check_format(0, 1, "1970-01-01");
	check_format(utc(2024, 2, 29, 0, 0, 0, 0), 1, "2024-02-29");
	check_format(utc(2024, 1, 2, 9, 30, 0, 0), 1, "2024-01-02");
	check_format(-1, 1, "1969-12-31");
	check_format(-62167219200000LL, 1, "0000-01-01");
	check_format(253402300799999LL, 1, "9999-12-31");

	/* Random instants of years 0..9999 through format and parse. */
	for (i = 0; i < 1000000; i++) {
		ms = rng_range(lo, hi);
		if (i % 4 == 1)
			ms -= ((ms % 1000) + 1000) % 1000;	/* whole seconds */
		a.total++;
		len = pe_time_format(ms, 0, buf);
		if (len != strlen(buf)) {
			agg_fail(&a, "format(%" PRId64 ") returned %zu for "
			    "\"%s\"", ms, len, buf);
			continue;
		}
		got = P(buf);
		if (got != ms)
			agg_fail(&a, "%" PRId64 " -> \"%s\" -> %" PRId64, ms,
			    buf, got);
		if ((ms % 1000 == 0) != (strchr(buf, '.') == NULL))
			agg_fail(&a, "%" PRId64 " -> \"%s\": a fraction "
			    "exactly when the milliseconds are not zero", ms,
			    buf);
	}
	CHECK_AGG(a, "format then parse gives back 1e6 random instants of "
	    "0000..9999");

	/* Random days, date_only, through format and parse. */
	for (i = 0; i < 200000; i++) {
		ms = floordiv(rng_range(lo, hi), PE_MS_PER_DAY) * PE_MS_PER_DAY;
		b.total++;
		len = pe_time_format(ms, 1, buf);
		got = P(buf);
		if (len != 10 || got != ms)
			agg_fail(&b, "%" PRId64 " -> \"%s\" (%zu) -> %" PRId64,
			    ms, buf, len, got);
	}
	CHECK_AGG(b, "date_only format then parse gives back 2e5 random days");

	/* date_only of any instant is the date of its day. */
	for (i = 0; i < 200000; i++) {
		char want[PE_TIME_BUFSZ];

		ms = rng_range(lo, hi);
		c.total++;
		pe_time_format(ms, 0, want);
		want[10] = '\0';
		pe_time_format(ms, 1, buf);
		if (strcmp(buf, want) != 0)
			agg_fail(&c, "%" PRId64 ": date_only \"%s\", full "
			    "text starts \"%s\"", ms, buf, want);
	}
	CHECK_AGG(c, "date_only prints the date part of the full form");
}

static int64_t
F(const char *s, const char *fmt, int *tod)
{
	struct pe_time_info info = { -1, -1 };
	int64_t ms = 0;
	const char *why = NULL;

	if (pe_time_parse_fmt(s, strlen(s), fmt, &ms, &info, &why) != 0)
		return NOVAL;
	if (tod != NULL)
		*tod = info.has_tod;
	return ms;
}

static void
fmt_accept(const char *s, const char *fmt, int64_t want, int tod)
{
	int got_tod = -1;
	int64_t ms = F(s, fmt, &got_tod);
	char d[200];

	snprintf(d, sizeof d, "ms %" PRId64 " (expected %" PRId64
	    "), has_tod %d (expected %d)", ms, want, got_tod, tod);
	h_report(ms == want && got_tod == tod, __FILE__, __LINE__, d,
	    "parse_fmt(\"%s\", \"%s\")", s, fmt);
}

static void
fmt_reject(const char *s, const char *fmt)
{
	int64_t ms = 0;
	const char *why = NULL;
	int rc;
	char d[200];

	rc = pe_time_parse_fmt(s, strlen(s), fmt, &ms, NULL, &why);
	snprintf(d, sizeof d, "rc %d, ms %" PRId64 ", why %s", rc, ms,
	    why ? why : "NULL");
	h_report(rc == -1 && why != NULL && why[0] != '\0', __FILE__,
	    __LINE__, d, "parse_fmt rejects \"%s\" with \"%s\"", s, fmt);
}

/* has_offset of parse_fmt: 1 when the text said its zone (%z) or was an
 * epoch number (%s), as struct pe_time_info defines it. */
static void
fmt_offset(const char *s, const char *fmt, int off)
{
	struct pe_time_info info = { -1, -1 };
	int64_t ms = 0;
	const char *why = NULL;
	int rc;
	char d[120];

	rc = pe_time_parse_fmt(s, strlen(s), fmt, &ms, &info, &why);
	snprintf(d, sizeof d, "rc %d, has_offset %d", rc, info.has_offset);
	h_report(rc == 0 && info.has_offset == off, __FILE__, __LINE__, d,
	    "parse_fmt(\"%s\", \"%s\") has_offset %d", s, fmt, off);
}

static void
test_parse_fmt(void)
{
	int64_t ms = NOVAL;
	const char *why = NULL;
	int rc;

	fmt_accept("01/02/2024", "%m/%d/%Y", utc(2024, 1, 2, 0, 0, 0, 0), 0);
	fmt_accept("01/02/2024  ", "%m/%d/%Y", utc(2024, 1, 2, 0, 0, 0, 0), 0);
	fmt_accept("20240102", "%Y%m%d", utc(2024, 1, 2, 0, 0, 0, 0), 0);
	fmt_accept("2024-01-02 09:30:15", "%Y-%m-%d %H:%M:%S",
	    utc(2024, 1, 2, 9, 30, 15, 0), 1);
	fmt_accept("02.01.2024 09:30", "%d.%m.%Y %H:%M",
	    utc(2024, 1, 2, 9, 30, 0, 0), 1);
	fmt_accept("2024-01-02 09:30", "%Y-%m-%d %R",
	    utc(2024, 1, 2, 9, 30, 0, 0), 1);
	fmt_accept("2024-01-02 09:30:15", "%Y-%m-%d %T",
	    utc(2024, 1, 2, 9, 30, 15, 0), 1);
	fmt_accept("01/02/2024 09:30 PM", "%m/%d/%Y %I:%M %p",
	    utc(2024, 1, 2, 21, 30, 0, 0), 1);
	fmt_accept("02/29/2024", "%m/%d/%Y", utc(2024, 2, 29, 0, 0, 0, 0), 0);
	fmt_accept("12/31/1969", "%m/%d/%Y", -PE_MS_PER_DAY, 0);
	fmt_accept("1704153600", "%s", 1704153600000LL, 1);
	fmt_accept("2024-01-02 09:30:15", "%Y-%m-%d %X",
	    utc(2024, 1, 2, 9, 30, 15, 0), 1);
	fmt_accept("2024-01-02 09:30 +0900", "%Y-%m-%d %H:%M %z",
	    utc(2024, 1, 2, 0, 30, 0, 0), 1);
	fmt_accept("2024-01-02 09:30 -05:00", "%Y-%m-%d %H:%M %z",
	    utc(2024, 1, 2, 14, 30, 0, 0), 1);
	fmt_offset("2024-01-02 09:30 +0900", "%Y-%m-%d %H:%M %z", 1);
	fmt_offset("2024-01-02 09:30", "%Y-%m-%d %H:%M", 0);
	fmt_offset("01/02/2024", "%m/%d/%Y", 0);
	fmt_offset("1704153600", "%s", 1);

	fmt_reject("01/02/2024x", "%m/%d/%Y");
	fmt_reject("2024-01-02", "%m/%d/%Y");
	fmt_reject("13/02/2024", "%m/%d/%Y");
	fmt_reject("", "%m/%d/%Y");
	fmt_reject("02/30/2024", "%m/%d/%Y");
	fmt_reject("02/29/2023", "%m/%d/%Y");
	fmt_reject("2024-01-02 23:59:60", "%Y-%m-%d %H:%M:%S");
	fmt_reject("2024-01-02 12:00:61", "%Y-%m-%d %H:%M:%S");

	rc = pe_time_parse_fmt("01/02/2024XYZ", 10, "%m/%d/%Y", &ms, NULL,
	    &why);
	CHECK(rc == 0 && ms == utc(2024, 1, 2, 0, 0, 0, 0),
	    "parse_fmt reads only s[0..n)");
}

static void
test_timeframes(void)
{
	static const struct {
		const char *name;
		int64_t ms;
	} tf[] = {
		{ "1m", 60000 }, { "5m", 300000 }, { "15m", 900000 },
		{ "30m", 1800000 }, { "1h", 3600000 }, { "4h", 14400000 },
		{ "1d", 86400000 }, { "1w", 604800000 },
	};
	static const char *unknown[] = {
		"", "2m", "2M", "1Y", "1Q", "1mo", "x", "m", "0m", "1", "1h1",
		"1dd", "3M",
	};
	int64_t lo = utc(0, 1, 1, 0, 0, 0, 0);
	int64_t hi = utc(9999, 12, 31, 23, 59, 59, 999);
	int64_t w = 604800000LL;
	size_t i;
	long k;

	for (i = 0; i < sizeof tf / sizeof tf[0]; i++)
		CHECK_EQ_I64(pe_timeframe_parse(tf[i].name), tf[i].ms,
		    "timeframe \"%s\"", tf[i].name);
	for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
		CHECK_EQ_I64(pe_timeframe_parse(unknown[i]), 0,
		    "timeframe \"%s\" is unknown", unknown[i]);

	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 1, 2, 9, 33, 59, 999),
	    300000, 0, NULL), utc(2024, 1, 2, 9, 30, 0, 0), "5m bucket of 09:33:59.999");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 1, 2, 9, 35, 0, 0),
	    300000, 0, NULL), utc(2024, 1, 2, 9, 35, 0, 0),
	    "5m bucket of 09:35 is itself");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 1, 2, 5, 0, 0, 0),
	    14400000, 0, NULL), utc(2024, 1, 2, 4, 0, 0, 0), "4h bucket of 05:00 is 04:00");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 1, 2, 23, 59, 59, 999),
	    86400000, 0, NULL), utc(2024, 1, 2, 0, 0, 0, 0), "1d bucket of 23:59:59.999");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 1, 7, 12, 0, 0, 0), w, 0, NULL),
	    utc(2024, 1, 1, 0, 0, 0, 0),
	    "1w bucket of Sunday 2024-01-07 is Monday 2024-01-01");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 1, 7, 23, 59, 59, 999), w, 0, NULL),
	    utc(2024, 1, 1, 0, 0, 0, 0),
	    "1w bucket of 2024-01-07T23:59:59.999 is 2024-01-01");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 1, 8, 0, 0, 0, 0), w, 0, NULL),
	    utc(2024, 1, 8, 0, 0, 0, 0), "1w bucket of Monday 2024-01-08 is itself");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 1, 1, 0, 0, 0, 0), w, 0, NULL),
	    utc(2024, 1, 1, 0, 0, 0, 0), "1w bucket of Monday 2024-01-01 is itself");
	CHECK_EQ_I64(pe_timeframe_bucket(0, w, 0, NULL), -3 * PE_MS_PER_DAY,
	    "1w bucket of 1970-01-01 (Thursday) is Monday 1969-12-29");
	CHECK_EQ_I64(pe_timeframe_bucket(4 * PE_MS_PER_DAY, w, 0, NULL),
	    4 * PE_MS_PER_DAY, "1w bucket of Monday 1970-01-05 is itself");
	CHECK_EQ_I64(pe_timeframe_bucket(4 * PE_MS_PER_DAY - 1, w, 0, NULL),
	    -3 * PE_MS_PER_DAY, "1w bucket of 1970-01-04T23:59:59.999 is 1969-12-29");
	CHECK_EQ_I64(pe_timeframe_bucket(-1, 60000, 0, NULL), -60000,
	    "1m bucket of -1 ms is -60000 (floor)");
	CHECK_EQ_I64(pe_timeframe_bucket(-60000, 60000, 0, NULL), -60000,
	    "1m bucket of -60000 is itself");
	CHECK_EQ_I64(pe_timeframe_bucket(-60001, 60000, 0, NULL), -120000,
	    "1m bucket of -60001 is -120000");
	CHECK_EQ_I64(pe_timeframe_bucket(-1, 86400000, 0, NULL), -PE_MS_PER_DAY,
	    "1d bucket of -1 ms is 1969-12-31");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(1969, 12, 31, 12, 0, 0, 0), w, 0, NULL),
	    -3 * PE_MS_PER_DAY, "1w bucket of 1969-12-31 is 1969-12-29");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(1969, 12, 28, 12, 0, 0, 0), w, 0, NULL),
	    -10 * PE_MS_PER_DAY, "1w bucket of Sunday 1969-12-28 is 1969-12-22");

	/* Random instants: the bucket holds t and starts where it should. */
	for (i = 0; i < sizeof tf / sizeof tf[0]; i++) {
		struct agg a = { 0 };

		for (k = 0; k < 100000; k++) {
			int64_t t = rng_range(lo, hi), b, day;
			int aligned;

			b = pe_timeframe_bucket(t, tf[i].ms, 0, NULL);
			a.total++;
			if (tf[i].ms == w) {
				day = floordiv(b, PE_MS_PER_DAY);
				/* day 4 (1970-01-05) was a Monday */
				aligned = b == day * PE_MS_PER_DAY &&
				    ((day - 4) % 7 + 7) % 7 == 0;
			} else
				aligned = (b % tf[i].ms + tf[i].ms) % tf[i].ms
				    == 0;
			if (!(b <= t && t - b < tf[i].ms && aligned))
				agg_fail(&a, "bucket(%" PRId64 ") = %" PRId64,
				    t, b);
		}
		CHECK_AGG(a, "%s buckets of 1e5 random instants of 0000..9999 "
		    "hold t and are aligned", tf[i].name);
	}
}

static void
tz_case(int64_t local, int64_t want, const char *desc)
{
	CHECK_EQ_I64(pe_tz_to_utc(local), want, "%s", desc);
}

static void
test_tz(void)
{
	int64_t got, before_fmt, before_parse, before_epoch;

	before_fmt = F("2024-01-02 09:30", "%Y-%m-%d %H:%M", NULL);
	before_parse = P("2024-01-02T09:30");

	CHECK(pe_tz_set("Nowhere/Bogus") == -1,
	    "pe_tz_set(\"Nowhere/Bogus\") is -1");
	CHECK(pe_tz_set("") == -1, "pe_tz_set(\"\") is -1");
	CHECK(pe_tz_set("America") == -1,
	    "pe_tz_set(\"America\") (a directory) is -1");
	CHECK(pe_tz_set("UTC") == 0, "pe_tz_set(\"UTC\") is 0");
	tz_case(utc(2024, 7, 1, 12, 0, 0, 123), utc(2024, 7, 1, 12, 0, 0, 123),
	    "UTC: local time is UTC");

	CHECK(pe_tz_set("Asia/Seoul") == 0, "pe_tz_set(\"Asia/Seoul\") is 0");
	tz_case(utc(2024, 1, 2, 9, 0, 0, 0), utc(2024, 1, 2, 0, 0, 0, 0),
	    "Seoul 2024-01-02T09:00 is 00:00Z");
	tz_case(utc(2024, 1, 2, 9, 0, 0, 123), utc(2024, 1, 2, 0, 0, 0, 123),
	    "Seoul keeps the milliseconds");
	tz_case(utc(2024, 1, 1, 3, 0, 0, 0), utc(2023, 12, 31, 18, 0, 0, 0),
	    "Seoul 2024-01-01T03:00 is 2023-12-31T18:00Z");
	tz_case(utc(1969, 12, 31, 12, 0, 0, 500),
	    utc(1969, 12, 31, 3, 0, 0, 500),
	    "Seoul 1969-12-31T12:00:00.500 is 03:00:00.500Z (before 1970)");
	tz_case(utc(1970, 1, 1, 8, 59, 59, 999), -1,
	    "Seoul 1970-01-01T08:59:59.999 is -1 ms");

	/* A zone set for --tz does not change what parsing returns. */
	CHECK(P("2024-01-02T09:30") == before_parse && before_parse != NOVAL,
	    "pe_time_parse does not depend on the zone set");
	CHECK(F("2024-01-02 09:30", "%Y-%m-%d %H:%M", NULL) == before_fmt &&
	    before_fmt != NOVAL,
	    "pe_time_parse_fmt gives the wall clock as if UTC under Asia/Seoul");
	before_epoch = F("1704153600", "%s", NULL);
	CHECK_EQ_I64(before_epoch, 1704153600000LL,
	    "parse_fmt %%s under Asia/Seoul is still the epoch instant");

	CHECK(pe_tz_set("America/New_York") == 0,
	    "pe_tz_set(\"America/New_York\") is 0");
	tz_case(utc(2024, 1, 15, 12, 0, 0, 0), utc(2024, 1, 15, 17, 0, 0, 0),
	    "New York winter noon is 17:00Z");
	tz_case(utc(2024, 7, 1, 12, 0, 0, 0), utc(2024, 7, 1, 16, 0, 0, 0),
	    "New York summer noon is 16:00Z");
	tz_case(utc(2024, 3, 10, 1, 59, 59, 999),
	    utc(2024, 3, 10, 6, 59, 59, 999),
	    "New York 2024-03-10T01:59:59.999 (EST) is 06:59:59.999Z");
	tz_case(utc(2024, 3, 10, 3, 0, 0, 0), utc(2024, 3, 10, 7, 0, 0, 0),
	    "New York 2024-03-10T03:00 (EDT) is 07:00Z");
	tz_case(utc(2024, 3, 10, 12, 0, 0, 0), utc(2024, 3, 10, 16, 0, 0, 0),
	    "New York 2024-03-10T12:00 (EDT) is 16:00Z");
	got = pe_tz_to_utc(utc(2024, 3, 10, 2, 30, 0, 0));
	CHECK(got == utc(2024, 3, 10, 7, 30, 0, 0) ||
	    got == utc(2024, 3, 10, 6, 30, 0, 0),
	    "New York 2024-03-10T02:30 (skipped) is 06:30Z or 07:30Z, got %"
	    PRId64, got);
	tz_case(utc(2024, 3, 9, 23, 0, 0, 0), utc(2024, 3, 10, 4, 0, 0, 0),
	    "New York 2024-03-09T23:00 (EST) is 2024-03-10T04:00Z");
	tz_case(utc(2024, 11, 3, 0, 30, 0, 0), utc(2024, 11, 3, 4, 30, 0, 0),
	    "New York 2024-11-03T00:30 (EDT) is 04:30Z");
	tz_case(utc(2024, 11, 3, 2, 30, 0, 0), utc(2024, 11, 3, 7, 30, 0, 0),
	    "New York 2024-11-03T02:30 (EST) is 07:30Z");
	got = pe_tz_to_utc(utc(2024, 11, 3, 1, 30, 0, 0));
	CHECK(got == utc(2024, 11, 3, 5, 30, 0, 0) ||
	    got == utc(2024, 11, 3, 6, 30, 0, 0),
	    "New York 2024-11-03T01:30 (repeated) is 05:30Z or 06:30Z, got %"
	    PRId64, got);
	tz_case(utc(2024, 11, 2, 22, 0, 0, 0), utc(2024, 11, 3, 2, 0, 0, 0),
	    "New York 2024-11-02T22:00 (EDT) is 2024-11-03T02:00Z");
	tz_case(utc(2023, 12, 31, 20, 0, 0, 0), utc(2024, 1, 1, 1, 0, 0, 0),
	    "New York 2023-12-31T20:00 is 2024-01-01T01:00Z");
	tz_case(utc(1960, 1, 1, 0, 0, 0, 0), utc(1960, 1, 1, 5, 0, 0, 0),
	    "New York 1960-01-01 (before 1970, EST) is 05:00Z");

	/* Hour by hour through 2024: the offset is -5 h or -4 h. */
	{
		struct agg a = { 0 };
		int64_t t, u;
		int i;

		for (t = utc(2024, 1, 1, 0, 0, 0, 0);
		    t < utc(2025, 1, 1, 0, 0, 0, 0); t += MS_H) {
			a.total++;
			u = pe_tz_to_utc(t);
			if (u - t != 5 * MS_H && u - t != 4 * MS_H)
				agg_fail(&a, "local %" PRId64 " -> %" PRId64,
				    t, u);
		}
		for (i = 0; i < 100000; i++) {
			t = rng_range(utc(1980, 1, 1, 0, 0, 0, 0),
			    utc(2037, 12, 31, 23, 59, 59, 999));
			a.total++;
			u = pe_tz_to_utc(t);
			if (u - t != 5 * MS_H && u - t != 4 * MS_H)
				agg_fail(&a, "local %" PRId64 " -> %" PRId64,
				    t, u);
		}
		CHECK_AGG(a, "New York offsets of every hour of 2024 and of 1e5 "
		    "random local times of 1980..2037 are -5 h or -4 h");
	}
}

/* Buckets of the calendar timeframes in UTC (no zone set yet). */
static void
test_calendar(void)
{
	int64_t mo = pe_timeframe_parse("1M"), q = pe_timeframe_parse("1q");
	int64_t y = pe_timeframe_parse("1y");

	CHECK(mo != 0 && q != 0 && y != 0 && mo != q && q != y,
	    "1M, 1q and 1y are timeframes, distinct");
	CHECK(strcmp(pe_timeframe_name(mo), "1M") == 0 &&
	    strcmp(pe_timeframe_name(q), "1q") == 0 &&
	    strcmp(pe_timeframe_name(y), "1y") == 0 &&
	    strcmp(pe_timeframe_name(3600000), "1h") == 0,
	    "pe_timeframe_name gives the names back");
	CHECK(pe_timeframe_dates(mo) && pe_timeframe_dates(y) &&
	    pe_timeframe_dates(PE_MS_PER_DAY) && !pe_timeframe_dates(14400000),
	    "days, weeks, months are dates; 4h is not");
	CHECK_EQ_I64(pe_timeframe_min_ms(mo), 28 * PE_MS_PER_DAY,
	    "the shortest month is 28 days");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 2, 29, 23, 59, 59, 999), mo,
	    0, NULL), utc(2024, 2, 1, 0, 0, 0, 0), "1M of 2024-02-29T23:59");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 3, 1, 0, 0, 0, 0), mo, 0,
	    NULL), utc(2024, 3, 1, 0, 0, 0, 0), "1M of 2024-03-01 is itself");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 6, 30, 12, 0, 0, 0), q, 0,
	    NULL), utc(2024, 4, 1, 0, 0, 0, 0), "1q of 2024-06-30 is 04-01");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 7, 1, 0, 0, 0, 0), q, 0,
	    NULL), utc(2024, 7, 1, 0, 0, 0, 0), "1q of 2024-07-01 is itself");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 12, 31, 23, 0, 0, 0), q, 0,
	    NULL), utc(2024, 10, 1, 0, 0, 0, 0), "1q of 2024-12-31 is 10-01");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 12, 31, 23, 0, 0, 0), y, 0,
	    NULL), utc(2024, 1, 1, 0, 0, 0, 0), "1y of 2024-12-31 is 01-01");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(1969, 12, 31, 23, 0, 0, 0), mo,
	    0, NULL), utc(1969, 12, 1, 0, 0, 0, 0), "1M before 1970");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(1969, 2, 10, 0, 0, 0, 0), q, 1,
	    NULL), utc(1969, 1, 1, 0, 0, 0, 0), "1q of a date before 1970");
}

static void
session_case(const char *text, int start, int end)
{
	struct pe_session s;
	const char *why = "";
	char buf[PE_SESSION_BUFSZ];

	CHECK(pe_session_parse(text, &s, &why) == 0 && s.on &&
	    s.start == start && s.end == end,
	    "session \"%s\" is %d..%d minutes (%s)", text, start, end, why);
	pe_session_format(&s, buf);
	CHECK(strcmp(buf, text) == 0 || strcmp(text, "22:00-00:00") == 0,
	    "session \"%s\" formats back, got \"%s\"", text, buf);
}

static void
session_bad(const char *text, const char *want)
{
	struct pe_session s;
	const char *why = "";

	CHECK(pe_session_parse(text, &s, &why) == -1 && strcmp(why, want) == 0,
	    "session \"%s\" is refused: %s (got %s)", text, want, why);
}

static void
test_sessions(void)
{
	struct pe_session rth, es;
	char buf[PE_SESSION_BUFSZ];

	session_case("09:30-16:00", 570, 960);
	session_case("18:00-17:00", 1080, 1020);
	session_case("00:00-24:00", 0, 1440);
	session_case("22:00-00:00", 1320, 1440);
	session_bad("25:00-17:00", "hour out of range");
	session_bad("24:00-17:00", "hour out of range");
	session_bad("09:30-24:01", "hour out of range");
	session_bad("09:60-16:00", "minute out of range");
	session_bad("9:30-16:00", "expected HH:MM-HH:MM");
	session_bad("09:30 16:00", "expected HH:MM-HH:MM");
	session_bad("09:30-16:00x", "expected HH:MM-HH:MM");
	session_bad("", "expected HH:MM-HH:MM");
	session_bad("09:30-09:30", "the session starts where it ends");
	pe_session_format(NULL, buf);
	CHECK(strcmp(buf, "-") == 0, "no session formats as \"-\"");

	pe_session_parse("09:30-16:00", &rth, NULL);
	pe_session_parse("18:00-17:00", &es, NULL);
	CHECK(pe_session_has(&rth, utc(2024, 1, 2, 9, 30, 0, 0), 0) &&
	    !pe_session_has(&rth, utc(2024, 1, 2, 9, 29, 0, 0), 0) &&
	    pe_session_has(&rth, utc(2024, 1, 2, 15, 59, 0, 0), 0) &&
	    !pe_session_has(&rth, utc(2024, 1, 2, 16, 0, 0, 0), 0),
	    "UTC 09:30-16:00 holds 09:30 and 15:59, not 09:29 nor 16:00");
	CHECK(pe_session_has(&es, utc(2024, 1, 2, 18, 0, 0, 0), 0) &&
	    pe_session_has(&es, utc(2024, 1, 2, 3, 0, 0, 0), 0) &&
	    !pe_session_has(&es, utc(2024, 1, 2, 17, 0, 0, 0), 0) &&
	    !pe_session_has(&es, utc(2024, 1, 2, 17, 59, 0, 0), 0),
	    "18:00-17:00 holds 18:00 and 03:00, not 17:00 nor 17:59");
	CHECK(pe_session_has(&rth, utc(2024, 1, 2, 0, 0, 0, 0), 1) &&
	    pe_session_has(NULL, 0, 0),
	    "a date, or no session: always inside");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 1, 2, 18, 0, 0, 0),
	    PE_MS_PER_DAY, 0, &es), utc(2024, 1, 3, 0, 0, 0, 0),
	    "18:00-17:00: 18:00 opens tomorrow's day");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 1, 2, 16, 59, 0, 0),
	    PE_MS_PER_DAY, 0, &es), utc(2024, 1, 2, 0, 0, 0, 0),
	    "18:00-17:00: 16:59 is its own day's");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 1, 7, 18, 0, 0, 0),
	    7 * PE_MS_PER_DAY, 0, &es), utc(2024, 1, 8, 0, 0, 0, 0),
	    "18:00-17:00: Sunday evening opens Monday's week");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 3, 31, 18, 0, 0, 0),
	    pe_timeframe_parse("1M"), 0, &es), utc(2024, 4, 1, 0, 0, 0, 0),
	    "18:00-17:00: the evening of March 31 opens April");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 1, 2, 18, 0, 0, 0),
	    3600000, 0, &es), utc(2024, 1, 2, 18, 0, 0, 0),
	    "a session never moves an intraday bucket");
}

/* How many distinct 1h (tf) buckets the instants [from, to) fall in, a
 * minute apart, and whether each holds its minute. */
static int
count_buckets(int64_t from, int64_t to, int64_t tf, int64_t *longest)
{
	int64_t t, b, prev = INT64_MIN, first = 0;
	int n = 0;

	*longest = 0;
	for (t = from; t < to; t += MS_M) {
		b = pe_timeframe_bucket(t, tf, 0, NULL);
		if (b > t)
			return -1;
		if (b != prev) {
			if (prev != INT64_MIN && t - first > *longest)
				*longest = t - first;
			n++;
			prev = b;
			first = t;
		}
	}
	if (to - first > *longest)
		*longest = to - first;
	return n;
}

/* New York: buckets on the local clock, through both DST changes. */
static void
test_tz_buckets(void)
{
	int64_t h = MS_H, d = PE_MS_PER_DAY, longest;
	int64_t mo = pe_timeframe_parse("1M"), q = pe_timeframe_parse("1q");
	struct pe_session es, rth;
	char buf[PE_TIME_BUFSZ];

	CHECK(pe_tz_set("America/New_York") == 0, "New York again");
	/* 2024-03-10 is 23 hours long (05:00Z to 04:00Z next day), 11-03 is
	 * 25 (04:00Z to 05:00Z next day) */
	CHECK(count_buckets(utc(2024, 3, 10, 5, 0, 0, 0),
	    utc(2024, 3, 11, 4, 0, 0, 0), h, &longest) == 23 && longest == h,
	    "New York 2024-03-10 (23 hours): 23 buckets of 1h");
	CHECK(count_buckets(utc(2024, 11, 3, 4, 0, 0, 0),
	    utc(2024, 11, 4, 5, 0, 0, 0), h, &longest) == 25 && longest == h,
	    "New York 2024-11-03 (25 hours): 25 buckets of 1h");
	CHECK(count_buckets(utc(2024, 3, 10, 5, 0, 0, 0),
	    utc(2024, 3, 11, 4, 0, 0, 0), d, &longest) == 1 &&
	    longest == 23 * h, "New York 2024-03-10 is one 1d bucket");
	CHECK(count_buckets(utc(2024, 11, 3, 4, 0, 0, 0),
	    utc(2024, 11, 4, 5, 0, 0, 0), d, &longest) == 1 &&
	    longest == 25 * h, "New York 2024-11-03 is one 1d bucket");
	CHECK(count_buckets(utc(2024, 3, 10, 5, 0, 0, 0),
	    utc(2024, 3, 11, 4, 0, 0, 0), 4 * h, &longest) == 6 &&
	    longest == 4 * h, "2024-03-10: six 4h buckets");
	CHECK(count_buckets(utc(2024, 11, 3, 4, 0, 0, 0),
	    utc(2024, 11, 4, 5, 0, 0, 0), 4 * h, &longest) == 6 &&
	    longest == 5 * h, "2024-11-03: six 4h buckets, one of 5 hours");
	/* the 4h bucket across each change: 00:00 local to 04:00 local */
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 3, 10, 7, 30, 0, 0), 4 * h,
	    0, NULL), utc(2024, 3, 10, 5, 0, 0, 0),
	    "4h: 03:30 EDT on 03-10 is in the bucket of 00:00 EST (3 hours)");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 3, 10, 8, 0, 0, 0), 4 * h,
	    0, NULL), utc(2024, 3, 10, 8, 0, 0, 0),
	    "4h: 04:00 EDT on 03-10 starts a bucket");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 11, 3, 7, 30, 0, 0), 4 * h,
	    0, NULL), utc(2024, 11, 3, 4, 0, 0, 0),
	    "4h: 02:30 EST on 11-03 is in the bucket of 00:00 EDT (5 hours)");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 11, 3, 5, 30, 0, 0), h, 0,
	    NULL), utc(2024, 11, 3, 5, 0, 0, 0), "1h: 01:30 EDT is 01:00 EDT");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 11, 3, 6, 30, 0, 0), h, 0,
	    NULL), utc(2024, 11, 3, 6, 0, 0, 0), "1h: 01:30 EST is 01:00 EST");
	/* 2h buckets: 02:00 local never was on 03-10; its bucket starts at
	 * the change, 03:00 EDT */
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 3, 10, 7, 30, 0, 0), 2 * h,
	    0, NULL), utc(2024, 3, 10, 7, 0, 0, 0),
	    "2h: 03:30 EDT on 03-10 is in the bucket begun at the change");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 3, 10, 6, 59, 0, 0), 2 * h,
	    0, NULL), utc(2024, 3, 10, 5, 0, 0, 0),
	    "2h: 01:59 EST on 03-10 is in the bucket of 00:00");
	/* days at local midnight, as dates */
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 3, 6, 4, 59, 0, 0), d, 0,
	    NULL), utc(2024, 3, 5, 0, 0, 0, 0), "1d: 23:59 EST is its day");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 3, 6, 5, 0, 0, 0), d, 0,
	    NULL), utc(2024, 3, 6, 0, 0, 0, 0), "1d: 00:00 EST is the next");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 3, 6, 0, 0, 0, 0), d, 1,
	    NULL), utc(2024, 3, 6, 0, 0, 0, 0), "1d: a date is not shifted");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 4, 1, 3, 0, 0, 0), mo, 0,
	    NULL), utc(2024, 3, 1, 0, 0, 0, 0),
	    "1M: 2024-04-01T03:00Z is March 31 in New York: March");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 4, 1, 4, 0, 0, 0), mo, 0,
	    NULL), utc(2024, 4, 1, 0, 0, 0, 0),
	    "1M: 2024-04-01T04:00Z is April 1 in New York: April");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 7, 1, 3, 59, 0, 0), q, 0,
	    NULL), utc(2024, 4, 1, 0, 0, 0, 0),
	    "1q: 2024-07-01T03:59Z is June 30 in New York: Q2");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2025, 1, 1, 4, 59, 0, 0),
	    pe_timeframe_parse("1y"), 0, NULL), utc(2024, 1, 1, 0, 0, 0, 0),
	    "1y: 2025-01-01T04:59Z is still 2024 in New York");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 3, 11, 3, 59, 0, 0),
	    7 * d, 0, NULL), utc(2024, 3, 4, 0, 0, 0, 0),
	    "1w: Monday 03:59Z is Sunday evening in New York: last week");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 3, 11, 4, 0, 0, 0),
	    7 * d, 0, NULL), utc(2024, 3, 11, 0, 0, 0, 0),
	    "1w: Monday 04:00Z is Monday 00:00 EDT: this week");

	/* sessions on both sides of a change, on the local clock */
	pe_session_parse("09:30-16:00", &rth, NULL);
	pe_session_parse("18:00-17:00", &es, NULL);
	CHECK(pe_session_has(&rth, utc(2024, 3, 8, 14, 30, 0, 0), 0) &&
	    !pe_session_has(&rth, utc(2024, 3, 8, 13, 30, 0, 0), 0) &&
	    pe_session_has(&rth, utc(2024, 3, 11, 13, 30, 0, 0), 0) &&
	    !pe_session_has(&rth, utc(2024, 3, 11, 20, 0, 0, 0), 0),
	    "09:30-16:00 opens at 14:30Z before the change, 13:30Z after");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 3, 9, 23, 0, 0, 0), d, 0,
	    &es), utc(2024, 3, 10, 0, 0, 0, 0),
	    "ES: Saturday 18:00 EST is Sunday's session");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 3, 10, 22, 0, 0, 0), d, 0,
	    &es), utc(2024, 3, 11, 0, 0, 0, 0),
	    "ES: Sunday 18:00 EDT (22:00Z) opens Monday's session");
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 3, 11, 20, 59, 0, 0), d, 0,
	    &es), utc(2024, 3, 11, 0, 0, 0, 0),
	    "ES: Monday 16:59 EDT closes Monday's session");
	CHECK(!pe_session_has(&es, utc(2024, 3, 11, 21, 30, 0, 0), 0) &&
	    pe_session_has(&es, utc(2024, 3, 8, 23, 0, 0, 0), 0),
	    "ES: 17:30 EDT is outside, Friday 18:00 EST inside");

	/* times out with the offset; dates never shifted */
	pe_time_format(utc(2024, 3, 5, 14, 30, 0, 0), 0, buf);
	CHECK(strcmp(buf, "2024-03-05T09:30:00-05:00") == 0,
	    "New York 14:30Z formats as 09:30:00-05:00, got %s", buf);
	pe_time_format(utc(2024, 7, 5, 13, 30, 0, 250), 0, buf);
	CHECK(strcmp(buf, "2024-07-05T09:30:00.250-04:00") == 0,
	    "New York summer keeps the milliseconds, got %s", buf);
	pe_time_format(utc(2024, 3, 5, 0, 0, 0, 0), 1, buf);
	CHECK(strcmp(buf, "2024-03-05") == 0, "a date is not shifted, got %s",
	    buf);
	pe_time_format(utc(1850, 1, 1, 12, 0, 0, 0), 0, buf);
	CHECK(strcmp(buf, "1850-01-01T12:00:00Z") == 0,
	    "New York's local mean time (-4:56:02) falls back to Z, got %s",
	    buf);
	pe_time_format_utc(utc(2024, 3, 5, 14, 30, 0, 0), 0, buf);
	CHECK(strcmp(buf, "2024-03-05T14:30:00Z") == 0,
	    "pe_time_format_utc ignores the zone, got %s", buf);
	CHECK(pe_tz_set("Asia/Kolkata") == 0, "Asia/Kolkata");
	pe_time_format(utc(2024, 3, 5, 4, 0, 0, 0), 0, buf);
	CHECK(strcmp(buf, "2024-03-05T09:30:00+05:30") == 0,
	    "Kolkata 04:00Z formats as 09:30:00+05:30, got %s", buf);
	CHECK_EQ_I64(pe_timeframe_bucket(utc(2024, 3, 5, 4, 0, 0, 0), 4 * h,
	    0, NULL), utc(2024, 3, 5, 2, 30, 0, 0),
	    "Kolkata 4h: 09:30 local is in the bucket of 08:00 (02:30Z)");
	CHECK(P("2024-03-05T09:30:00+05:30") == utc(2024, 3, 5, 4, 0, 0, 0) &&
	    P("2024-03-05T09:30:00-05:00") == utc(2024, 3, 5, 14, 30, 0, 0),
	    "what pe_time_format writes reads back");
}

int
main(void)
{
	rng_state = 0x9e3779b97f4a7c15ULL;	/* the seed its sweeps were written with */
	test_parse_forms();
	test_parse_epoch_units();
	test_parse_rejects();
	test_parse_misc();
	test_civil();
	test_format();
	test_parse_fmt();
	test_timeframes();
	test_calendar();
	test_sessions();
	test_tz();
	test_tz_buckets();
	return done();
}
