/*
 * test_vendor.c: the helpers behind the detection of vendors' files
 * (lib/io/vendor.h): splitting a line, the two headerless layouts and
 * their near misses, missing values, the vendors' time forms with their
 * boundaries, yfinance's header rows, and the --vendor and --volume
 * names.  The reader's use of them is tests/vendors.bats's.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pe_candle.h"
#include "pe_time.h"
#include "vendor.h"

static void
test_split(void)
{
	struct vendor_cell c[4];
	size_t n;

	n = vendor_split(" a , \"b\" ,,c\r\n", 13, ',', c, 4);
	CHECK(n == 4 && c[0].n == 1 && c[0].s[0] == 'a' && c[1].n == 1 &&
	    c[1].s[0] == 'b' && c[2].n == 0 && c[3].n == 1 && c[3].s[0] == 'c',
	    "split: blanks and quotes trimmed, an empty cell, the line end "
	    "dropped (%zu cells)", n);
	CHECK(vendor_split("a,b,c,d,e", 9, ',', c, 4) == 5,
	    "split: more cells than max is max + 1");
	CHECK(vendor_split("", 0, ',', c, 4) == 1 && c[0].n == 0,
	    "split: an empty line is one empty cell");
}

static void
test_headerless(void)
{
	static const struct {
		const char *line;
		const char *name;	/* NULL: no layout */
	} cases[] = {
		{ "1704067200000,1.5,2,1,1.5,10,1704070799999,20,3,4,5,0",
		  "Binance klines" },
		{ "1735689600000000,1.5,2,1,1.5,10,1735693199999999,20,3,4,5,0",
		  "Binance klines" },
		/* 14 digits: neither ms nor µs */
		{ "17040672000000,1.5,2,1,1.5,10,1704070799999,20,3,4,5,0",
		  NULL },
		{ "1704067200000,1.5,2,1,1.5,10,1704070799999,20,3,4,5",
		  NULL },
		{ "1704067200000,1.5,x,1,1.5,10,1704070799999,20,3,4,5,0",
		  NULL },
		{ "2024.01.02,00:00,1.1042,1.10452,1.10398,1.10431,1523",
		  "MetaTrader 4" },
		{ "2024.01.02,0:00,1.1042,1.10452,1.10398,1.10431,1523", NULL },
		{ "2024-01-02,00:00,1.1042,1.10452,1.10398,1.10431,1523", NULL },
		{ "2024.01.02,00:00,1.1042,1.10452,1.10398,1.10431", NULL },
		{ "time,open,high,low,close,volume", NULL },
	};
	const char *name, *list;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		name = NULL;
		list = vendor_headerless(cases[i].line, strlen(cases[i].line),
		    ',', &name);
		CHECK(cases[i].name == NULL ? list == NULL : list != NULL &&
		    name != NULL && strcmp(name, cases[i].name) == 0,
		    "headerless: '%s' is %s", cases[i].line,
		    cases[i].name ? cases[i].name : "no layout");
	}
	CHECK(vendor_layout(PE_VENDOR_BINANCE) != NULL &&
	    vendor_layout(PE_VENDOR_MT4) != NULL &&
	    vendor_layout(PE_VENDOR_AUTO) == NULL,
	    "layout: binance and mt4 have one, detection none");
}

static void
test_missing(void)
{
	static const char *const yes[] = { "null", "NULL", " null ", "NaN",
	    "nan", "N/A", "-" };
	static const char *const no[] = { "", "0", "--", "nul", "-1",
	    "none", "NaNa" };
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		CHECK(vendor_missing(yes[i], strlen(yes[i])),
		    "missing: '%s'", yes[i]);
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		CHECK(!vendor_missing(no[i], strlen(no[i])),
		    "not missing: '%s'", no[i]);
}

/* One accepted vendor time: its value, time of day and zone. */
static void
accept(const char *s, int64_t want, int tod, const char *zone)
{
	char z[64];
	const char *why = NULL;
	int64_t ms = -1;
	int t = -1, rc;

	rc = vendor_time(s, strlen(s), &ms, &t, z, sizeof z, &why);
	CHECK(rc == 0 && ms == want && t == tod && strcmp(z, zone) == 0,
	    "time: '%s' (rc %d, ms %lld, tod %d, zone '%s')", s, rc,
	    (long long)ms, t, rc == 0 ? z : "");
}

/* One refused text, with why (NULL: not a vendor form, why untouched). */
static void
refuse(const char *s, const char *want)
{
	char z[64];
	const char *why = NULL;
	int64_t ms;
	int t;

	CHECK(vendor_time(s, strlen(s), &ms, &t, z, sizeof z, &why) == -1 &&
	    (want == NULL ? why == NULL : why != NULL &&
	    strcmp(why, want) == 0), "time: '%s' refused (%s)", s,
	    want ? want : "not a vendor form");
}

static void
test_time(void)
{
	accept("20240102 093000", utc(2024, 1, 2, 9, 30, 0, 0), 1, "");
	accept("20240102 0930", utc(2024, 1, 2, 9, 30, 0, 0), 1, "");
	accept("20240102 000000", utc(2024, 1, 2, 0, 0, 0, 0), 1, "");
	accept("20240102 09:30:15", utc(2024, 1, 2, 9, 30, 15, 0), 1, "");
	accept("20240102  09:30:15", utc(2024, 1, 2, 9, 30, 15, 0), 1, "");
	accept("20240102 09:30:00 US/Eastern", utc(2024, 1, 2, 9, 30, 0, 0),
	    1, "US/Eastern");
	accept("20240229 23:59:59 Etc/GMT+5", utc(2024, 2, 29, 23, 59, 59, 0),
	    1, "Etc/GMT+5");
	accept("2024.01.02 09:30", utc(2024, 1, 2, 9, 30, 0, 0), 1, "");
	accept("2024.01.02 09:30:00.250", utc(2024, 1, 2, 9, 30, 0, 250), 1,
	    "");
	accept("2024.01.02", utc(2024, 1, 2, 0, 0, 0, 0), 0, "");
	accept(" 2024.12.31\t", utc(2024, 12, 31, 0, 0, 0, 0), 0, "");
	refuse("20240230 09:30:00", "day out of range");
	refuse("20241301 093000", "month out of range");
	refuse("2023.02.29", "day out of range");
	refuse("20240102 24:00", "hour out of range");
	refuse("20240102 096000", "minute out of range");
	refuse("2024.01.02 09:30:60", "second out of range");
	refuse("20240102 09:30:00 US/East.ern", NULL);
	refuse("20240102 09:30:00 ../etc", NULL);
	refuse("20240102 9:30", NULL);
	refuse("20240102 0930001", NULL);
	refuse("2024-01-02 09:30", NULL);
	refuse("2024.1.2", NULL);
	refuse("20240102x", NULL);
	refuse("", NULL);
}

static void
test_wide(void)
{
	struct vendor_cell a[4], b[4], c[4];
	const struct vendor_cell *names[4], *tick[4];
	size_t na, nb, nc;

	na = vendor_split("Price,Close,Open", 16, ',', a, 3);
	nb = vendor_split("Ticker,X,Y", 10, ',', b, 3);
	nc = vendor_split("Date,,", 6, ',', c, 3);
	CHECK(vendor_wide_header(a, na, b, nb, c, nc, names, tick) == 0 &&
	    names[0]->n == 4 && tick[0] == NULL && names[1]->n == 5 &&
	    tick[1]->s[0] == 'X' && tick[2]->s[0] == 'Y',
	    "wide: Price, Ticker, Date");
	CHECK(vendor_wide_header(b, nb, a, na, c, 1, names, tick) == 0 &&
	    names[2]->s[0] == 'O' && tick[2]->s[0] == 'Y',
	    "wide: Ticker first; a Date row of one cell");
	nc = vendor_split("Date,1,", 7, ',', c, 3);
	CHECK(vendor_wide_header(a, na, b, nb, c, nc, names, tick) == -1,
	    "wide: a Date row with a value is not the header");
	nb = vendor_split("Ticker,X", 8, ',', b, 3);
	CHECK(vendor_wide_header(a, na, b, nb, c, 1, names, tick) == -1,
	    "wide: rows of different lengths");
}

static void
test_names(void)
{
	enum pe_vendor v;
	enum pe_volume vol;

	CHECK(pe_vendor_parse("binance", &v) == 0 && v == PE_VENDOR_BINANCE &&
	    pe_vendor_parse("alphavantage", &v) == 0 && v == PE_VENDOR_JSON &&
	    pe_vendor_parse("none", &v) == 0 && v == PE_VENDOR_NONE &&
	    pe_vendor_parse("Binance", &v) == -1 &&
	    pe_vendor_parse("", &v) == -1, "pe_vendor_parse");
	CHECK(pe_volume_parse("quote", &vol) == 0 && vol == PE_VOLUME_QUOTE &&
	    pe_volume_parse("auto", &vol) == 0 && vol == PE_VOLUME_AUTO &&
	    pe_volume_parse("tick", &vol) == 0 && vol == PE_VOLUME_TICK &&
	    pe_volume_parse("real", &vol) == -1, "pe_volume_parse");
}

int
main(void)
{
	test_split();
	test_headerless();
	test_missing();
	test_time();
	test_wide();
	test_names();
	return done();
}
