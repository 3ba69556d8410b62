/*
 * vendor.c: the layouts and time forms of data vendors' files, for the
 * candle reader.  See vendor.h; pe_candle.h lists what is recognised and
 * man/pe-load.1 (VENDOR FORMATS) shows a sample of each.
 *
 * To add a headerless layout: a shape test in vendor_headerless and its
 * column list (names the reader's header aliases know; other names are
 * ignored columns), and a --vendor name in the table of vendors.
 *
 * Bloat: no Dukascopy (DD.MM.YYYY is another reading of MM.DD), no
 * time zone abbreviations (EST is not a zone: US/Eastern is), no
 * headerless layout told from its values but these two.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "pe_candle.h"
#include "pe_time.h"
#include "vendor.h"

#define BINANCE_COLUMNS "open_time,open,high,low,close,volume,close_time," \
    "quote_volume,trades,taker_buy_volume,taker_buy_quote_volume,ignore"
#define MT4_COLUMNS "date,time,open,high,low,close,volume"

/* --vendor's names: what each forces (pe_read_opts.vendor). */
static const struct {
	const char *name;
	enum pe_vendor vendor;
} vendors[] = {
	{ "none", PE_VENDOR_NONE },
	{ "binance", PE_VENDOR_BINANCE },
	{ "binance-futures", PE_VENDOR_HEADER },
	{ "stooq", PE_VENDOR_HEADER },
	{ "metastock", PE_VENDOR_HEADER },
	{ "mt4", PE_VENDOR_MT4 },
	{ "mt5", PE_VENDOR_HEADER },
	{ "ibkr", PE_VENDOR_HEADER },
	{ "polygon-flat", PE_VENDOR_HEADER },
	{ "yfinance", PE_VENDOR_YFINANCE },
	{ "polygon", PE_VENDOR_JSON },
	{ "tiingo", PE_VENDOR_JSON },
	{ "alphavantage", PE_VENDOR_JSON },
	{ "json", PE_VENDOR_JSON },
};

int
pe_vendor_parse(const char *name, enum pe_vendor *vendor)
{
	size_t i;

	for (i = 0; i < sizeof vendors / sizeof vendors[0]; i++)
		if (strcmp(name, vendors[i].name) == 0) {
			*vendor = vendors[i].vendor;
			return 0;
		}
	return -1;
}

int
pe_volume_parse(const char *name, enum pe_volume *volume)
{
	static const char *const names[] = { "auto", "base", "quote",
	    "tick" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0) {
			*volume = (enum pe_volume)i;
			return 0;
		}
	return -1;
}

const char *
vendor_layout(int vendor)
{
	switch (vendor) {
	case PE_VENDOR_BINANCE:
		return BINANCE_COLUMNS;
	case PE_VENDOR_MT4:
		return MT4_COLUMNS;
	default:
		return NULL;
	}
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

size_t
vendor_split(const char *p, size_t n, char delim, struct vendor_cell *cells,
    size_t max)
{
	size_t k = 0, i, start;
	const char *s;
	size_t len;

	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	for (start = 0, i = 0; i <= n; i++) {
		if (i < n && p[i] != delim)
			continue;
		if (k == max)
			return max + 1;
		s = p + start;
		len = i - start;
		while (len > 0 && blank(*s))
			s++, len--;
		while (len > 0 && blank(s[len - 1]))
			len--;
		if (len >= 2 && s[0] == '"' && s[len - 1] == '"')
			s++, len -= 2;
		cells[k].s = s;
		cells[k].n = len;
		k++;
		start = i + 1;
	}
	return k;
}

/* Whether s[0..n) is lo to hi digits and nothing else. */
static int
all_digits(const char *s, size_t n, size_t lo, size_t hi)
{
	size_t i;

	if (n < lo || n > hi)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* A plain decimal: digits with at most one point. */
static int
decimal(const char *s, size_t n)
{
	size_t i, nd = 0, points = 0;

	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			nd++;
		else if (s[i] == '.')
			points++;
		else
			return 0;
	}
	return nd > 0 && points <= 1;
}

/* "YYYY.MM.DD" (digits in place; the date checked later). */
static int
mt_date(const char *s, size_t n)
{
	return n == 10 && all_digits(s, 4, 4, 4) && s[4] == '.' &&
	    all_digits(s + 5, 2, 2, 2) && s[7] == '.' &&
	    all_digits(s + 8, 2, 2, 2);
}

const char *
vendor_headerless(const char *p, size_t n, char delim, const char **name)
{
	struct vendor_cell c[13];
	size_t nc = vendor_split(p, n, delim, c, 12), i;

	if (nc == 12 && (all_digits(c[0].s, c[0].n, 12, 13) ||
	    all_digits(c[0].s, c[0].n, 15, 16)) &&
	    all_digits(c[6].s, c[6].n, 12, 16)) {
		for (i = 1; i <= 5; i++)
			if (!decimal(c[i].s, c[i].n))
				return NULL;
		*name = "Binance klines";
		return BINANCE_COLUMNS;
	}
	if (nc == 7 && mt_date(c[0].s, c[0].n) && c[1].n == 5 &&
	    all_digits(c[1].s, 2, 2, 2) && c[1].s[2] == ':' &&
	    all_digits(c[1].s + 3, 2, 2, 2)) {
		for (i = 2; i <= 6; i++)
			if (!decimal(c[i].s, c[i].n))
				return NULL;
		*name = "MetaTrader 4";
		return MT4_COLUMNS;
	}
	return NULL;
}

int
vendor_missing(const char *s, size_t n)
{
	while (n > 0 && blank(*s))
		s++, n--;
	while (n > 0 && blank(s[n - 1]))
		n--;
	return (n == 4 && strncasecmp(s, "null", 4) == 0) ||
	    (n == 3 && strncasecmp(s, "nan", 3) == 0) ||
	    (n == 3 && strncasecmp(s, "n/a", 3) == 0) ||
	    (n == 1 && s[0] == '-');
}

static unsigned
num(const char *s, size_t n)
{
	unsigned v = 0;

	while (n-- > 0)
		v = v * 10 + (unsigned)(*s++ - '0');
	return v;
}

/* y, m, d a real date: into *days since 1970, or -1 with *why. */
static int
civil(unsigned y, unsigned m, unsigned d, int64_t *days, const char **why)
{
	int64_t yy;
	unsigned mm, dd;

	if (m < 1 || m > 12)
		return *why = "month out of range", -1;
	*days = pe_time_days_from_civil(y, m, d);
	pe_time_civil_from_days(*days, &yy, &mm, &dd);
	if (d < 1 || mm != m || dd != d)
		return *why = "day out of range", -1;
	return 0;
}

/*
 * A time of day at s[0..n): "HH:MM[:SS[.fff]]", or with stooq,
 * "HHMMSS" or "HHMM".  Returns the bytes read (0: none), *ms set.
 */
static size_t
tod(const char *s, size_t n, int stooq, int64_t *ms, const char **why)
{
	unsigned h, mi, sec = 0, frac = 0, place = 100;
	size_t i;

	if (stooq && n >= 4 && all_digits(s, 4, 4, 4) &&
	    (n == 4 || s[4] < '0' || s[4] > '9' ||
	    (n >= 6 && all_digits(s + 4, 2, 2, 2)))) {
		h = num(s, 2);
		mi = num(s + 2, 2);
		i = 4;
		if (n >= 6 && all_digits(s + 4, 2, 2, 2)) {
			sec = num(s + 4, 2);
			i = 6;
		}
	} else if (n >= 5 && all_digits(s, 2, 2, 2) && s[2] == ':' &&
	    all_digits(s + 3, 2, 2, 2)) {
		h = num(s, 2);
		mi = num(s + 3, 2);
		i = 5;
		if (n >= 8 && s[5] == ':' && all_digits(s + 6, 2, 2, 2)) {
			sec = num(s + 6, 2);
			i = 8;
			if (i < n && s[i] == '.')
				for (i++; i < n && s[i] >= '0' && s[i] <= '9';
				    i++, place /= 10)
					frac += (unsigned)(s[i] - '0') * place;
		}
	} else
		return 0;
	if (h > 23 || mi > 59 || sec > 59) {
		*why = h > 23 ? "hour out of range" : mi > 59 ?
		    "minute out of range" : "second out of range";
		*ms = -1;
		return i;
	}
	*ms = (int64_t)h * 3600000 + mi * 60000 + sec * 1000 + frac;
	return i;
}

int
vendor_time(const char *s, size_t n, int64_t *ms, int *has_tod, char *zone,
    size_t zsz, const char **why)
{
	const char *end, *z;
	int64_t days, t = 0;
	size_t got, i;
	int stooq;

	while (n > 0 && blank(*s))
		s++, n--;
	while (n > 0 && blank(s[n - 1]))
		n--;
	end = s + n;
	zone[0] = '\0';
	if (n >= 8 && all_digits(s, 8, 8, 8) && (n == 8 || blank(s[8]))) {
		if (civil(num(s, 4), num(s + 4, 2), num(s + 6, 2), &days,
		    why) != 0)
			return -1;
		stooq = 1;
		s += 8;
	} else if (n >= 10 && mt_date(s, 10) && (n == 10 || blank(s[10]))) {
		if (civil(num(s, 4), num(s + 5, 2), num(s + 8, 2), &days,
		    why) != 0)
			return -1;
		stooq = 0;
		s += 10;
	} else
		return -1;
	while (s < end && blank(*s))
		s++;
	*has_tod = s < end;
	if (s < end) {
		if ((got = tod(s, (size_t)(end - s), stooq, &t, why)) == 0)
			return -1;
		if (t < 0)
			return -1;
		s += got;
		if (s < end && !blank(*s))
			return -1;
		while (s < end && blank(*s))
			s++;
		if (s < end) {	/* a zone: tz database names only */
			for (z = s, i = 0; z < end; z++, i++)
				if (!((*z >= 'A' && *z <= 'Z') ||
				    (*z >= 'a' && *z <= 'z') ||
				    (*z >= '0' && *z <= '9') || *z == '/' ||
				    *z == '_' || *z == '-' || *z == '+'))
					return -1;
			if (i + 1 > zsz)
				return -1;
			memcpy(zone, s, i);
			zone[i] = '\0';
		}
	}
	*ms = days * PE_MS_PER_DAY + t;
	return 0;
}

/* Whether cell c is name (case-insensitively). */
static int
is(const struct vendor_cell *c, const char *name)
{
	return c->n == strlen(name) && strncasecmp(c->s, name, c->n) == 0;
}

int
vendor_wide_header(const struct vendor_cell *a, size_t na,
    const struct vendor_cell *b, size_t nb, const struct vendor_cell *c,
    size_t nc, const struct vendor_cell **names,
    const struct vendor_cell **tick)
{
	const struct vendor_cell *price, *ticker;
	size_t i;

	if (na < 2 || na != nb || (nc != na && nc != 1))
		return -1;
	if (is(&a[0], "Price") && is(&b[0], "Ticker"))
		price = a, ticker = b;
	else if (is(&a[0], "Ticker") && is(&b[0], "Price"))
		price = b, ticker = a;
	else
		return -1;
	if (!is(&c[0], "Date") && !is(&c[0], "Datetime"))
		return -1;
	for (i = 1; i < nc; i++)
		if (c[i].n != 0)
			return -1;
	names[0] = &c[0];
	tick[0] = NULL;
	for (i = 1; i < na; i++) {
		if (ticker[i].n == 0)
			return -1;
		names[i] = &price[i];
		tick[i] = &ticker[i];
	}
	return 0;
}
