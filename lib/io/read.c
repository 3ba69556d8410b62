/*
 * read.c: the candle reader (CSV through libcsv, JSONL through jansson),
 * and the counts of bad rows it reports.  See pe_candle.h.
 *
 * The reader splits its input into physical lines itself (LF, CRLF or a
 * lone CR) and feeds libcsv one line at a time, so it always knows the line
 * a row starts on, and memory stays bounded by the longest line.  A quoted
 * field may span lines; the row then carries the line it started on.  Both
 * formats fill the same table of fields by role (time, open, ...), and one
 * function turns that table into a validated candle, so CSV and JSONL
 * cannot disagree about what a valid candle is.  What a valid symbol is
 * lives in symbol.c; the writer is write.c.
 *
 * Vendors' files (issue 20) are taken where a canonical file cannot get:
 * a first line that is not a usable header (csv_header asks
 * vendor_header: a headerless layout, yfinance's wide header), a time
 * pe_time_parse refuses (vendor_get_time), a price that does not read
 * (missing values, missing bars), a JSON line without a time or a first
 * line '[' or '{' alone (a document: doc_open, doc_next).  A canonical
 * header, time or row never reaches that code, and the fast path is as
 * it was.  What vendors' layouts look like is vendor.c's.
 *
 * Bloat: no comment lines, no quote character other than '"', no
 * encodings other than UTF-8 (a BOM is skipped), no JSON document over
 * 256 MiB.
 */
#include <csv.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pe_candle.h"
#include "pe_num.h"
#include "pe_time.h"
#include "vendor.h"

#define LINE_MAX_BYTES (1 << 20)	/* longer lines are refused */
#define CHUNK (1 << 16)
#define MAX_FIELDS 1024
#define DOC_MAX_BYTES (256u << 20)	/* a JSON document read whole */
#define WIDE_ROW (-2)	/* csv_make: a wide row, its candles to come */

enum role {
	R_NONE = -1,
	R_SYMBOL, R_TIME, R_DATE, R_TOD, R_OPEN, R_HIGH, R_LOW, R_CLOSE,
	R_VOLUME, R_ADJ, R_TICKVOL, NROLES,
	/* a header's quote volume becomes the volume or nothing before
	 * the first row (--volume): no row holds it */
	R_QUOTEVOL = NROLES, NALLROLES
};

static const char *const role_names[NALLROLES] = {
	"symbol", "time", "date", "time", "open", "high", "low", "close",
	"volume", "adj close", "tick volume", "quote volume"
};

/* Header names and JSON keys, matched case-insensitively. */
static const struct {
	const char *name;
	enum role role;
} aliases[] = {
	{ "symbol", R_SYMBOL }, { "ticker", R_SYMBOL }, { "code", R_SYMBOL },
	{ "datetime", R_TIME }, { "timestamp", R_TIME },
	{ "open_time", R_TIME }, { "open time", R_TIME },
	{ "opentime", R_TIME }, { "window_start", R_TIME }, { "t", R_TIME },
	{ "ts", R_TIME }, { "time_open", R_TIME }, { "begins_at", R_TIME },
	{ "start_time", R_TIME }, { "starttime", R_TIME },
	{ "date_time", R_TIME }, { "unix", R_TIME }, { "epoch", R_TIME },
	{ "date", R_DATE }, { "time", R_TOD },
	{ "open", R_OPEN }, { "o", R_OPEN },
	{ "high", R_HIGH }, { "h", R_HIGH },
	{ "low", R_LOW }, { "l", R_LOW },
	{ "close", R_CLOSE }, { "c", R_CLOSE },
	{ "volume", R_VOLUME }, { "vol", R_VOLUME }, { "v", R_VOLUME },
	{ "real_volume", R_VOLUME },
	{ "tickvol", R_TICKVOL }, { "tick_volume", R_TICKVOL },
	{ "tick volume", R_TICKVOL },
	{ "quote_volume", R_QUOTEVOL }, { "quote volume", R_QUOTEVOL },
	{ "quote_asset_volume", R_QUOTEVOL },
	{ "quote asset volume", R_QUOTEVOL },
	{ "adj close", R_ADJ }, { "adj_close", R_ADJ }, { "adjclose", R_ADJ },
	{ "adjusted close", R_ADJ }, { "adjusted_close", R_ADJ },
};

/* One field of a row: text, a JSON number, null, or absent. */
enum fkind { F_ABSENT, F_TEXT, F_NUMBER, F_NULL, F_OTHER };

struct field {
	enum fkind kind;
	const char *s;
	size_t n;
	double num;
	int is_int;	/* a JSON integer (for times): ival */
	long long ival;
	int is_date;	/* the fast path read s as a date: ms */
	int64_t ms;
};

enum kind { K_UNKNOWN, K_CSV, K_JSONL, K_WIDE, K_DOC };

struct pe_reader {
	FILE *fp;
	char *path;
	struct pe_read_opts o;
	char *default_symbol;
	size_t default_len;

	char *buf;		/* input bytes buf[pos..len) not yet consumed */
	size_t cap, len, pos;
	int eof, io_error;
	int has_cr;		/* buf[0..len) may hold a CR */
	long lineno;		/* physical lines consumed */

	enum kind kind;
	int fatal;		/* a format error: every call returns it */
	struct pe_error fatal_err;

	/* CSV */
	struct csv_parser csv;
	int csv_ready;
	int ncols;		/* header fields */
	enum role role_of[MAX_FIELDS];
	int vol_pair;		/* VOL and TICKVOL both (pe_reader_volume_pair) */
	int in_row, row_done, nf, csv_failed;
	long row_line;
	size_t rows, fast;	/* pe_reader_rows */
	char month[8];		/* plain_date: the last "YYYY-MM-" read, */
	int64_t month_day0;	/* the day before its first (from 1970) */
	int month_len;		/* and its days; 0: none yet */
	unsigned char cls[256];	/* csv_fast: 0 plain, 1 delimiter, 2 not
				 * for the fast path */
	char *fbuf;		/* the mapped fields of the current row */
	size_t fcap, flen;
	size_t off[NROLES], flen_of[NROLES];
	int present[NROLES];
	int roles_found[NALLROLES];

	/* a wide (yfinance) file: a candle per ticker per row */
	int wide, wide_left, wide_k, ntick;
	int *tick_of;		/* column -> ticker, -1 for the date */
	char **tickers;
	size_t *woff, *wlen;	/* each column's field in fbuf */
	long wide_line;

	/* JSONL, and JSON documents */
	json_t *json;
	json_t *doc;		/* the document whose candles are handed out */
	json_t *items;		/* its array of candles, or Time Series object */
	const char *items_key;	/* the member holding them, "" at the top */
	void *item_iter;	/* the Time Series object's next member */
	size_t item_i, item_n;
	long doc_line;		/* the line the document starts on */
	char *doc_sym;		/* the symbol the document names */
	char doc_zone[64];	/* Alpha Vantage's "Time Zone" */

	/* zones named in the times (IBKR): the zone before the first */
	int tz_saved;		/* 1: tz_prev holds it; 2: there was none */
	char tz_prev[256];

	/* the row handed out */
	char *sym;		/* the last row's symbol, symlen bytes, valid */
	size_t symcap, symlen;	/* (symlen 0: none yet) */
	char tmp[256];
	int has_symbol, has_volume;
};

const char *
pe_bad_name(enum pe_bad kind)
{
	static const char *const names[PE_BAD_NKINDS] = {
		"", "bad fields", "bad time", "bad number", "bad range",
		"bad symbol", "bad JSON", "line too long", "missing bar"
	};

	return kind < PE_BAD_NKINDS ? names[kind] : "bad row";
}

size_t
pe_bad_summary(const size_t *bad, char *buf, size_t n)
{
	size_t total = 0, k, len;
	const char *sep = "";

	for (k = 0; k < PE_BAD_NKINDS; k++)
		total += bad[k];
	buf[0] = '\0';
	if (total == 0)
		return 0;
	len = (size_t)snprintf(buf, n, "%zu bad row%s (", total,
	    total == 1 ? "" : "s");
	for (k = 0; k < PE_BAD_NKINDS && len < n; k++)
		if (bad[k] > 0) {
			len += (size_t)snprintf(buf + len, n - len, "%s%zu %s",
			    sep, bad[k], pe_bad_name(k));
			sep = ", ";
		}
	if (len < n)
		snprintf(buf + len, n - len, ")");
	return total;
}

struct pe_reader *
pe_reader_new(FILE *fp, const char *path, const struct pe_read_opts *opts)
{
	struct pe_reader *r;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	r->fp = fp;
	if (opts != NULL)
		r->o = *opts;
	r->path = strdup(path ? path : "-");
	r->default_symbol = strdup(r->o.symbol ? r->o.symbol : "stdin");
	r->default_len = r->default_symbol ? strlen(r->default_symbol) : 0;
	r->cap = CHUNK;
	r->buf = malloc(r->cap);
	if (r->path == NULL || r->default_symbol == NULL || r->buf == NULL) {
		pe_reader_free(r);
		return NULL;
	}
	return r;
}

void
pe_reader_free(struct pe_reader *r)
{
	int i;

	if (r == NULL)
		return;
	if (r->csv_ready)
		csv_free(&r->csv);
	json_decref(r->json);
	json_decref(r->doc);
	free(r->doc_sym);
	if (r->tickers != NULL)
		for (i = 0; i < r->ntick; i++)
			free(r->tickers[i]);
	free(r->tickers);
	free(r->tick_of);
	free(r->woff);
	free(r->wlen);
	if (r->tz_saved == 1)
		pe_tz_set(r->tz_prev);
	else if (r->tz_saved == 2)
		pe_tz_unset();
	free(r->path);
	free(r->default_symbol);
	free(r->buf);
	free(r->fbuf);
	free(r->sym);
	free(r);
}

int
pe_reader_has_symbol(const struct pe_reader *r)
{
	return r->has_symbol;
}

int
pe_reader_volume_pair(const struct pe_reader *r)
{
	return r->vol_pair;
}

/* Read more input: returns 0, or -1 at end of input or on an error. */
static int
fill(struct pe_reader *r)
{
	size_t got;

	if (r->eof)
		return -1;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	if (r->len == r->cap) {
		char *b;

		if (r->cap >= LINE_MAX_BYTES)
			return -1;
		if ((b = realloc(r->buf, r->cap * 2)) == NULL)
			return -1;
		r->buf = b;
		r->cap *= 2;
	}
	got = fread(r->buf + r->len, 1, r->cap - r->len, r->fp);
	r->len += got;
	/* most inputs hold no CR: line_end need not look for one */
	r->has_cr = memchr(r->buf, '\r', r->len) != NULL;
	if (got == 0) {
		r->eof = 1;
		r->io_error = ferror(r->fp);
		return -1;
	}
	return 0;
}

/*
 * Where the line starting at buf[from] ends (the index just past its
 * terminator: LF, CRLF or a lone CR), or 0 when the buffer holds no whole
 * line yet.  A CR as the last byte waits for the next one unless at EOF.
 */
static size_t
line_end(const struct pe_reader *r, size_t from)
{
	const char *b = r->buf, *nl, *cr;
	size_t seg;

	nl = memchr(b + from, '\n', r->len - from);
	seg = (nl ? (size_t)(nl - b) : r->len) - from;
	cr = r->has_cr ? memchr(b + from, '\r', seg) : NULL;
	if (cr != NULL && (size_t)(cr - b) + 1 < r->len && cr[1] != '\n')
		return (size_t)(cr - b) + 1;	/* a lone CR */
	if (nl != NULL)
		return (size_t)(nl - b) + 1;
	if (cr != NULL && r->eof)
		return (size_t)(cr - b) + 1;	/* CR at the very end */
	return 0;
}

/*
 * The rest of a line that filled the buffer, read and thrown away (the
 * buffer reused, so memory stays at its cap).  Returns 2 once its end (or
 * the input's) is reached, -1 on a read error.
 */
static int
skip_line(struct pe_reader *r)
{
	size_t end, keep;

	for (;;) {
		/* A CR last may be the line's end or half of a CRLF: kept. */
		keep = r->len > 0 && r->buf[r->len - 1] == '\r';
		r->buf[0] = '\r';
		r->pos = 0;
		r->len = keep;
		if (fill(r) != 0) {
			if (r->io_error)
				return -1;
			break;	/* the input ends inside the line */
		}
		if ((end = line_end(r, 0)) != 0) {
			r->pos = end;
			break;
		}
	}
	r->lineno++;
	return 2;
}

/*
 * The next physical line, its terminator included: *p, *n.  Returns 1 for
 * a line, 0 at end of input, -1 for a line too long or a read error; with
 * skip_long, 2 for a line too long, skipped (*p and *n unset).
 */
static int
next_line(struct pe_reader *r, const char **p, size_t *n)
{
	size_t end;

	while ((end = line_end(r, r->pos)) == 0) {
		if (fill(r) == 0)
			continue;
		if (!r->io_error && !r->eof && r->len == r->cap &&
		    r->o.skip_long)
			return skip_line(r);
		if (r->io_error || (!r->eof && r->len == r->cap))
			return -1;
		if ((end = line_end(r, r->pos)) != 0)
			break;
		if (r->pos == r->len)
			return 0;
		end = r->len;	/* a last line without an end */
		break;
	}
	*p = r->buf + r->pos;
	*n = end - r->pos;
	r->pos = end;
	r->lineno++;
	return 1;
}

static int
is_blank_line(const char *p, size_t n)
{
	for (; n > 0; p++, n--)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			return 0;
	return 1;
}

static int
set_fatal(struct pe_reader *r, struct pe_error *err, int code, long line,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
set_fatal(struct pe_reader *r, struct pe_error *err, int code, long line,
    const char *fmt, ...)
{
	char msg[PE_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->fatal = code;
	pe_error_set(&r->fatal_err, code, r->path, line, 0, "%s", msg);
	if (err != NULL)
		*err = r->fatal_err;
	return code;
}

/* next_line, with its failures made the reader's fatal error. */
static int
get_line(struct pe_reader *r, const char **p, size_t *n,
    struct pe_error *err)
{
	int got = next_line(r, p, n);

	if (got < 0)
		set_fatal(r, err, PE_ERR_IO, r->lineno + 1, "%s",
		    r->io_error ? "read error" : "line longer than 1 MiB");
	return got;
}

/* A value for a message: at most 40 bytes, control characters as '?'. */
static const char *
shown(struct pe_reader *r, const char *s, size_t n)
{
	size_t i, m = n > 40 ? 40 : n;

	for (i = 0; i < m; i++)
		r->tmp[i] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	if (n > m) {
		memcpy(r->tmp + m, "...", 3);
		m += 3;
	}
	r->tmp[m] = '\0';
	return r->tmp;
}

static enum role
role_of_name(const char *s, size_t n)
{
	size_t i;

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n > 2 && s[0] == '<' && s[n - 1] == '>')	/* <DATE> */
		s++, n -= 2;
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strlen(aliases[i].name) == n &&
		    strncasecmp(aliases[i].name, s, n) == 0)
			return aliases[i].role;
	return R_NONE;
}

/*
 * Decide which roles give the time, from those present: datetime or
 * timestamp, else date and time joined, else whichever of them there is.
 * Sets f[R_TIME] and returns 1 when the time is date + " " + time.
 */
static int
resolve_time(struct field *f)
{
	if (f[R_TIME].kind != F_ABSENT)
		return 0;
	if (f[R_DATE].kind != F_ABSENT && f[R_TOD].kind != F_ABSENT)
		return 1;
	if (f[R_DATE].kind != F_ABSENT)
		f[R_TIME] = f[R_DATE];
	else
		f[R_TIME] = f[R_TOD];
	return 0;
}

/* ---- turning fields into a candle ---- */

static int
bad(struct pe_reader *r, enum pe_bad *badp, enum pe_bad kind,
    struct pe_error *err, long line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static int
bad(struct pe_reader *r, enum pe_bad *badp, enum pe_bad kind,
    struct pe_error *err, long line, const char *fmt, ...)
{
	char msg[PE_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (badp != NULL)
		*badp = kind;
	return pe_error_set(err, PE_ERR_DATA, r->path, line, 0, "%s", msg);
}

/* A line over 1 MiB, skipped (skip_long): a bad row of its own. */
static int
too_long(struct pe_reader *r, enum pe_bad *badp, struct pe_error *err)
{
	return bad(r, badp, PE_BAD_LONG, err, r->lineno, "%s",
	    "line longer than 1 MiB");
}

static int
get_number(struct pe_reader *r, const struct field *f, enum role role,
    double *v, long line, enum pe_bad *badp, struct pe_error *err)
{
	int rc;

	switch (f->kind) {
	case F_NUMBER:
		*v = f->num;
		return 0;
	case F_OTHER:
		return bad(r, badp, PE_BAD_NUMBER, err, line,
		    "%s is not a number or a string", role_names[role]);
	case F_TEXT:
		rc = pe_num_parse(f->s, f->n, r->o.decimal_comma ? ',' : '.',
		    v);
		if (rc == 0)
			return 0;
		if (f->n > 0 && !is_blank_line(f->s, f->n)) {
			/* null, NaN, "-": a price missing, by its name */
			if (role < R_VOLUME && vendor_missing(f->s, f->n))
				return bad(r, badp, PE_BAD_NUMBER, err, line,
				    "%s is missing ('%s')", role_names[role],
				    shown(r, f->s, f->n));
			return bad(r, badp, PE_BAD_NUMBER, err, line,
			    "%s is %s: '%s'", role_names[role],
			    rc == -2 ? "out of range" : "not a number",
			    shown(r, f->s, f->n));
		}
		/* An empty cell is a missing value. */
		/* FALLTHROUGH */
	default:
		if (role == R_VOLUME || role == R_TICKVOL) {
			*v = NAN;
			return 0;
		}
		return bad(r, badp, PE_BAD_NUMBER, err, line, "missing %s",
		    role_names[role]);
	}
}

/*
 * The wall-clock time *t in zone (a tz database name a vendor's time
 * gave) made UTC.  The process's zone is switched to it (pe_tz_set); the
 * zone before the first switch comes back when the reader is freed.
 */
static int
zone_to_utc(struct pe_reader *r, const char *zone, int64_t *t)
{
	const char *cur = pe_tz_name();

	if (cur == NULL || strcmp(cur, zone) != 0) {
		if (r->tz_saved == 0) {
			r->tz_saved = cur != NULL ? 1 : 2;
			if (cur != NULL)
				snprintf(r->tz_prev, sizeof r->tz_prev, "%s",
				    cur);
		}
		if (pe_tz_set(zone) != 0)
			return -1;
	}
	*t = pe_tz_to_utc(*t);
	return 0;
}

/*
 * A time pe_time_parse refused (why its reason): a missing value, or a
 * vendor's form (vendor_time), its zone applied.  Returns 0 with *t,
 * *has_tod, or the bad row.
 */
static int
vendor_get_time(struct pe_reader *r, struct field *f, int combine,
    const char *s, size_t n, const char *why, int64_t *t, int *has_tod,
    long line, enum pe_bad *badp, struct pe_error *err)
{
	char zone[64];
	int i;

	for (i = 0; i < 2; i++) {
		const struct field *m = !combine ? &f[R_TIME] :
		    i == 0 ? &f[R_DATE] : &f[R_TOD];

		if (m->kind == F_TEXT && vendor_missing(m->s, m->n))
			return bad(r, badp, PE_BAD_TIME, err, line,
			    "time is missing ('%s')", shown(r, m->s, m->n));
	}
	if (r->o.date_format != NULL || r->o.vendor == PE_VENDOR_NONE ||
	    vendor_time(s, n, t, has_tod, zone, sizeof zone, &why) != 0)
		return bad(r, badp, PE_BAD_TIME, err, line, "bad time '%s': %s",
		    shown(r, s, n), why);
	if (zone[0] != '\0') {
		if (zone_to_utc(r, zone, t) != 0)
			return bad(r, badp, PE_BAD_TIME, err, line,
			    "bad time '%s': unknown time zone '%s'",
			    shown(r, s, n), zone);
	} else if (r->o.local_tz && *has_tod) {
		const char *cur = pe_tz_name();

		if (r->tz_saved == 1 && (cur == NULL ||
		    strcmp(cur, r->tz_prev) != 0))
			pe_tz_set(r->tz_prev);	/* --tz's, after a named one */
		*t = pe_tz_to_utc(*t);
	}
	return 0;
}

static int
get_time(struct pe_reader *r, struct field *f, int combine, int64_t *t,
    int *has_tod, long line, enum pe_bad *badp, struct pe_error *err)
{
	struct pe_time_info info;
	const char *why, *s = f[R_TIME].s;
	char text[128];
	size_t n = f[R_TIME].n;
	int rc;

	if (combine) {
		if (f[R_DATE].kind != F_TEXT || f[R_TOD].kind != F_TEXT ||
		    is_blank_line(f[R_DATE].s, f[R_DATE].n) ||
		    is_blank_line(f[R_TOD].s, f[R_TOD].n))
			return bad(r, badp, PE_BAD_TIME, err, line,
			    "missing date or time");
		n = (size_t)snprintf(text, sizeof text, "%.*s %.*s",
		    (int)(f[R_DATE].n > 60 ? 60 : f[R_DATE].n), f[R_DATE].s,
		    (int)(f[R_TOD].n > 60 ? 60 : f[R_TOD].n), f[R_TOD].s);
		s = text;
	} else if (f[R_TIME].kind == F_NUMBER) {
		if (f[R_TIME].is_int)	/* exact: nanoseconds pass 2^53 */
			n = (size_t)snprintf(text, sizeof text, "%lld",
			    f[R_TIME].ival);
		else
			n = pe_num_format(f[R_TIME].num, text);
		s = text;
	} else if (f[R_TIME].kind == F_TEXT && f[R_TIME].is_date) {
		*t = f[R_TIME].ms;	/* read on the fast path */
		*has_tod = 0;
		return 0;
	} else if (f[R_TIME].kind != F_TEXT || is_blank_line(s, n))
		return bad(r, badp, PE_BAD_TIME, err, line, "missing time");
	if (r->o.date_format != NULL)
		rc = pe_time_parse_fmt(s, n, r->o.date_format, t, &info, &why);
	else
		rc = pe_time_parse(s, n, t, &info, &why);
	if (rc != 0)
		return vendor_get_time(r, f, combine, s, n, why, t, has_tod,
		    line, badp, err);
	if (r->o.local_tz && info.has_tod && !info.has_offset)
		*t = pe_tz_to_utc(*t);
	*has_tod = info.has_tod;
	return 0;
}

static int
get_symbol(struct pe_reader *r, const struct field *f, struct pe_row *row,
    long line, enum pe_bad *badp, struct pe_error *err)
{
	const char *s = r->default_symbol, *why;
	size_t n = r->default_len;

	if (f->kind == F_TEXT) {
		s = f->s;
		n = f->n;
		while (n > 0 && (*s == ' ' || *s == '\t'))
			s++, n--;
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		/* rows come in runs of one symbol: checked and copied once */
		if (n > 0 && n == r->symlen && memcmp(s, r->sym, n) == 0) {
			row->symbol = r->sym;
			row->symbol_len = n;
			return 0;
		}
		if (pe_symbol_valid(s, n, &why) != 0)
			return bad(r, badp, PE_BAD_SYMBOL, err, line, "%s", why);
	} else if (f->kind == F_NUMBER && f->is_int) {
		/* Hong Kong and Tokyo codes come as JSON integers: 700, 7203. */
		n = (size_t)snprintf(r->tmp, sizeof r->tmp, "%.0f", f->num);
		s = r->tmp;
	} else if (f->kind == F_NUMBER)
		return bad(r, badp, PE_BAD_SYMBOL, err, line,
		    "symbol is not a string"); else if (f->kind == F_NULL)
		return bad(r, badp, PE_BAD_SYMBOL, err, line, "empty symbol");
	else if (f->kind == F_OTHER)
		return bad(r, badp, PE_BAD_SYMBOL, err, line,
		    "symbol is not a string");
	if (n + 1 > r->symcap) {
		char *p = realloc(r->sym, n + 64);

		if (p == NULL)
			return pe_error_set(err, PE_ERR_NOMEM, r->path, line,
			    0, "out of memory");
		r->sym = p;
		r->symcap = n + 64;
	}
	memcpy(r->sym, s, n);
	r->sym[n] = '\0';
	r->symlen = n;
	row->symbol = r->sym;
	row->symbol_len = n;
	return 0;
}

/* Scale o/h/l by adj/close and take adj as close (--adjusted). */
static int
adjust(struct pe_reader *r, struct pe_candle *c, const struct field *f,
    long line, enum pe_bad *badp, struct pe_error *err)
{
	double adj, k;

	if (get_number(r, f, R_ADJ, &adj, line, badp, err) != 0)
		return PE_ERR_DATA;
	if (c->close == 0)
		return bad(r, badp, PE_BAD_RANGE, err, line,
		    "close is 0: cannot adjust");
	k = adj / c->close;
	if (!(k > 0))	/* a factor <= 0 would turn high into low */
		return bad(r, badp, PE_BAD_RANGE, err, line,
		    "adj close and close differ in sign");
	c->open *= k;
	c->high *= k;
	c->low *= k;
	c->close = adj;
	if (!isfinite(k) || !isfinite(c->open) || !isfinite(c->high) ||
	    !isfinite(c->low))
		return bad(r, badp, PE_BAD_RANGE, err, line,
		    "adjusted prices out of range (adj close / close)");
	/* The product close*k may miss adj by an ulp: keep the bar valid. */
	if (c->high < c->close)
		c->high = c->close;
	if (c->low > c->close)
		c->low = c->close;
	return 0;
}

static int
validate(struct pe_reader *r, const struct pe_candle *c, long line,
    enum pe_bad *badp, struct pe_error *err)
{
	char a[PE_NUM_BUFSZ], b[PE_NUM_BUFSZ];
	double hi = c->open > c->close ? c->open : c->close;
	double lo = c->open < c->close ? c->open : c->close;

	if (c->high < hi) {
		pe_num_format(c->high, a);
		pe_num_format(hi, b);
		return bad(r, badp, PE_BAD_RANGE, err, line,
		    "high %s is below max(open, close) %s", a, b);
	}
	if (c->low > lo) {
		pe_num_format(c->low, a);
		pe_num_format(lo, b);
		return bad(r, badp, PE_BAD_RANGE, err, line,
		    "low %s is above min(open, close) %s", a, b);
	}
	if (c->volume < 0) {
		pe_num_format(c->volume, a);
		return bad(r, badp, PE_BAD_RANGE, err, line,
		    "volume %s is negative", a);
	}
	return 0;
}

/* Whether f is a value given as missing: empty, null, NaN, "-". */
static int
is_missing(const struct field *f)
{
	return f->kind == F_NULL ||
	    (f->kind == F_TEXT && (is_blank_line(f->s, f->n) ||
	    vendor_missing(f->s, f->n)));
}

/*
 * A row whose prices did not read: when none of the four is there (a
 * row of nulls, Yahoo's holiday), a missing bar rather than a bad
 * number.
 */
static int
missing_bar(struct pe_reader *r, const struct field *f, long line,
    enum pe_bad *badp, struct pe_error *err)
{
	enum role k;

	for (k = R_OPEN; k <= R_CLOSE; k++)
		if (!is_missing(&f[k]))
			return PE_ERR_DATA;
	return bad(r, badp, PE_BAD_MISSING, err, line, "%s",
	    "a missing bar (no open, high, low or close)");
}

static int
make_row(struct pe_reader *r, struct field *f, int combine, long line,
    struct pe_row *row, enum pe_bad *badp, struct pe_error *err)
{
	struct pe_candle *c = &row->c;
	int rc;

	if ((rc = get_symbol(r, &f[R_SYMBOL], row, line, badp, err)) != 0 ||
	    (rc = get_time(r, f, combine, &c->time, &row->has_tod, line,
	    badp, err)) != 0)
		return rc;
	if (f[R_OPEN].kind == F_NUMBER && f[R_HIGH].kind == F_NUMBER &&
	    f[R_LOW].kind == F_NUMBER && f[R_CLOSE].kind == F_NUMBER &&
	    f[R_VOLUME].kind == F_NUMBER) {	/* the fast path's, as a rule */
		c->open = f[R_OPEN].num;
		c->high = f[R_HIGH].num;
		c->low = f[R_LOW].num;
		c->close = f[R_CLOSE].num;
		c->volume = f[R_VOLUME].num;
	} else if (get_number(r, &f[R_OPEN], R_OPEN, &c->open, line, badp, err) ||
	    get_number(r, &f[R_HIGH], R_HIGH, &c->high, line, badp, err) ||
	    get_number(r, &f[R_LOW], R_LOW, &c->low, line, badp, err) ||
	    get_number(r, &f[R_CLOSE], R_CLOSE, &c->close, line, badp, err) ||
	    get_number(r, &f[R_VOLUME], R_VOLUME, &c->volume, line, badp,
	    err))
		return missing_bar(r, f, line, badp, err);
	/* The bar as given must be valid; adjusting keeps it so. */
	if (validate(r, c, line, badp, err) != 0)
		return PE_ERR_DATA;
	if (r->o.adjusted && adjust(r, c, &f[R_ADJ], line, badp, err) != 0)
		return PE_ERR_DATA;
	row->tick_volume = NAN;
	if (r->vol_pair && (get_number(r, &f[R_TICKVOL], R_TICKVOL,
	    &row->tick_volume, line, badp, err) != 0 ||
	    row->tick_volume < 0))
		return row->tick_volume < 0 ? bad(r, badp, PE_BAD_RANGE, err,
		    line, "%s", "tick volume is negative") : PE_ERR_DATA;
	row->has_volume = r->has_volume;
	row->line = line;
	return PE_OK;
}

/* ---- CSV ---- */

static int
space_only(unsigned char c)
{
	return c == ' ';
}

/*
 * The delimiter of a header line: of , ; TAB |, the one seen most often
 * outside quotes (ties in that order).  ',' only when it is not the decimal
 * point.
 */
static char
detect_delim(const char *p, size_t n, int decimal_comma)
{
	static const char cand[] = { ',', ';', '\t', '|' };
	size_t count[4] = { 0, 0, 0, 0 }, i, j, best = 0;
	int quoted = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			quoted = !quoted;
		for (j = 0; j < 4 && !quoted; j++)
			if (p[i] == cand[j])
				count[j]++;
	}
	if (decimal_comma)
		count[0] = 0;
	for (j = 1; j < 4; j++)
		if (count[j] > count[best])
			best = j;
	if (count[best] == 0)
		return decimal_comma ? ';' : ',';
	return cand[best];
}

static void
csv_on_field(void *s, size_t n, void *data)
{
	struct pe_reader *r = data;
	enum role role;

	if (r->nf >= r->ncols || r->nf >= MAX_FIELDS) {
		r->nf++;
		return;
	}
	role = r->role_of[r->nf++];
	if (role == R_NONE)
		return;
	if (r->flen + n + 1 > r->fcap) {
		size_t cap = (r->flen + n + 1) * 2;
		char *b = realloc(r->fbuf, cap);

		if (b == NULL) {
			r->csv_failed = 1;
			return;
		}
		r->fbuf = b;
		r->fcap = cap;
	}
	memcpy(r->fbuf + r->flen, s, n);
	if (r->wide) {		/* by column: each ticker has its own */
		r->woff[r->nf - 1] = r->flen;
		r->wlen[r->nf - 1] = n;
	} else {
		r->off[role] = r->flen;
		r->flen_of[role] = n;
		r->present[role] = 1;
	}
	r->flen += n;
	r->fbuf[r->flen++] = '\0';
}

static void
csv_on_row(int c, void *data)
{
	struct pe_reader *r = data;

	(void)c;
	r->row_done = 1;
}

/* Header fields go to fbuf as names: role_of[] is filled after. */
static void
csv_on_header_field(void *s, size_t n, void *data)
{
	struct pe_reader *r = data;
	enum role role = role_of_name(s, n);
	int i;

	if (r->ncols >= MAX_FIELDS) {
		r->csv_failed = 1;
		return;
	}
	if (role != R_NONE) {
		for (i = 0; i < r->ncols; i++)
			if (r->role_of[i] == role)
				r->csv_failed = 2 + i;	/* duplicate */
	}
	r->role_of[r->ncols++] = role;
}

static int
csv_setup(struct pe_reader *r)
{
	if (r->csv_ready)
		csv_free(&r->csv);
	r->csv_ready = 0;
	if (csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return -1;
	r->csv_ready = 1;
	csv_set_delim(&r->csv, (unsigned char)r->o.delim);
	csv_set_blk_size(&r->csv, CHUNK);	/* 128-byte steps are quadratic */
	/* libcsv's own test (blank or tab) is inlined; a function is only
	 * needed where a tab is the delimiter and must not be trimmed. */
	if (r->o.delim == '\t')
		csv_set_space_func(&r->csv, space_only);
	return 0;
}

static void
csv_row_reset(struct pe_reader *r)
{
	r->in_row = r->row_done = 0;
	r->nf = 0;
	r->flen = 0;
	memset(r->present, 0, sizeof r->present);
}

/*
 * Which columns give the volume, by --volume: a quote volume column is
 * the volume or nothing; a tick volume column the volume when asked,
 * or when there is no other (MetaTrader without VOL), or, both there,
 * the loader's choice (vol_pair).  where names the header in messages.
 */
static int
header_volume(struct pe_reader *r, const char *where, struct pe_error *err)
{
	enum role want = r->o.volume == PE_VOLUME_QUOTE ? R_QUOTEVOL :
	    r->o.volume == PE_VOLUME_TICK ? R_TICKVOL : R_NONE;
	int i;

	if (want != R_NONE && !r->roles_found[want])
		return set_fatal(r, err, PE_ERR_FORMAT, r->lineno,
		    "no %s column %s (--volume %s)", role_names[want], where,
		    want == R_QUOTEVOL ? "quote" : "tick");
	if (want == R_NONE && r->o.volume == PE_VOLUME_AUTO &&
	    r->roles_found[R_TICKVOL] && !r->roles_found[R_VOLUME])
		want = R_TICKVOL;
	r->vol_pair = want == R_NONE && r->o.volume == PE_VOLUME_AUTO &&
	    r->roles_found[R_TICKVOL];
	for (i = 0; i < r->ncols; i++) {
		if (r->role_of[i] == R_QUOTEVOL || (r->role_of[i] == R_TICKVOL &&
		    !r->vol_pair) || (r->role_of[i] == R_VOLUME && want !=
		    R_NONE))
			r->role_of[i] = r->role_of[i] == want ? R_VOLUME :
			    R_NONE;
	}
	if (want != R_NONE)
		r->roles_found[R_VOLUME] = 1;
	return PE_OK;
}

/* Whether the header read into role_of can be read as it is. */
static int
header_usable(const struct pe_reader *r)
{
	return r->csv_failed == 0 && (r->roles_found[R_TIME] ||
	    r->roles_found[R_DATE] || r->roles_found[R_TOD]) &&
	    r->roles_found[R_OPEN] && r->roles_found[R_HIGH] &&
	    r->roles_found[R_LOW] && r->roles_found[R_CLOSE];
}

static void
header_roles(struct pe_reader *r)
{
	int i;

	memset(r->roles_found, 0, sizeof r->roles_found);
	for (i = 0; i < r->ncols; i++)
		if (r->role_of[i] != R_NONE)
			r->roles_found[r->role_of[i]] = 1;
}

/*
 * The checks of a header's columns (role_of, ncols; where says whose:
 * "in the header", "in --columns"), then the reader set up for rows.
 */
static int
header_finish(struct pe_reader *r, const char *where, struct pe_error *err)
{
	static const enum role need[] = { R_OPEN, R_HIGH, R_LOW, R_CLOSE };
	size_t i;

	if (r->csv_failed >= 2)
		return set_fatal(r, err, PE_ERR_FORMAT, r->lineno,
		    "duplicate column '%s' %s",
		    role_names[r->role_of[r->csv_failed - 2]], where);
	if (r->csv_failed)
		return set_fatal(r, err, PE_ERR_FORMAT, r->lineno,
		    "too many columns %s", where);
	if (!r->roles_found[R_TIME] && !r->roles_found[R_DATE] &&
	    !r->roles_found[R_TOD])
		return set_fatal(r, err, PE_ERR_FORMAT, r->lineno,
		    "no time column %s (expected time, date, "
		    "datetime or timestamp)", where);
	for (i = 0; i < sizeof need / sizeof need[0]; i++)
		if (!r->roles_found[need[i]])
			return set_fatal(r, err, PE_ERR_FORMAT, r->lineno,
			    "no %s column %s", role_names[need[i]], where);
	if (r->o.adjusted && !r->roles_found[R_ADJ])
		return set_fatal(r, err, PE_ERR_FORMAT, r->lineno, "%s",
		    "--adjusted needs an 'adj close' column");
	if (header_volume(r, where, err) != PE_OK)
		return r->fatal;
	r->has_symbol = r->roles_found[R_SYMBOL];
	r->has_volume = r->roles_found[R_VOLUME];
	memset(r->cls, 0, sizeof r->cls);
	r->cls['"'] = r->cls[' '] = r->cls['\t'] = 2;
	r->cls[(unsigned char)r->o.delim] = 1;
	csv_row_reset(r);
	if (csv_setup(r) != 0)
		return set_fatal(r, err, PE_ERR_NOMEM, 0, "%s",
		    "out of memory");
	return PE_OK;
}

/*
 * The columns of a headerless file from a list of names (--columns, or a
 * layout's): names as the header aliases, any other name (or "-") an
 * ignored column.
 */
static int
apply_columns(struct pe_reader *r, const char *list, const char *where,
    struct pe_error *err)
{
	struct vendor_cell *c;
	size_t nc, i;
	int j;

	if ((c = malloc((MAX_FIELDS + 1) * sizeof *c)) == NULL)
		return set_fatal(r, err, PE_ERR_NOMEM, 0, "%s",
		    "out of memory");
	nc = vendor_split(list, strlen(list), ',', c, MAX_FIELDS);
	r->ncols = 0;
	r->csv_failed = nc > MAX_FIELDS;
	for (i = 0; i < nc && i < MAX_FIELDS; i++) {
		enum role role = role_of_name(c[i].s, c[i].n);

		for (j = 0; j < r->ncols && role != R_NONE; j++)
			if (r->role_of[j] == role)
				r->csv_failed = 2 + j;
		r->role_of[r->ncols++] = role;
	}
	free(c);
	header_roles(r);
	return header_finish(r, where, err);
}

/* The line p[0..n) just read goes back, to be read again as a row. */
static void
unread_line(struct pe_reader *r, const char *p)
{
	r->pos = (size_t)(p - r->buf);
	r->lineno--;
}

/*
 * yfinance's header: the rows Price and Ticker (p[0..n) is the first,
 * copied, since reading on moves the buffer), then Date.  Returns PE_OK
 * with the reader in wide mode, -1 when the lines are not that header
 * (two more lines read: the caller reports the first one's error).
 */
static int
wide_header(struct pe_reader *r, const char *p, size_t n,
    struct pe_error *err)
{
	struct vendor_cell *c[3];
	const struct vendor_cell **names = NULL, **tick = NULL;
	const char *q;
	char *line[3] = { NULL, NULL, NULL };
	size_t nc[3], len, i;
	int k, rc = -1, got;

	memset(c, 0, sizeof c);
	for (k = 0; k < 3; k++) {
		if (k > 0) {
			if ((got = get_line(r, &q, &len, err)) < 0)
				goto out;
			if (got != 1)
				break;
		} else
			q = p, len = n;
		c[k] = malloc((MAX_FIELDS + 1) * sizeof *c[k]);
		if ((line[k] = malloc(len + 1)) == NULL || c[k] == NULL) {
			rc = set_fatal(r, err, PE_ERR_NOMEM, 0, "%s",
			    "out of memory");
			goto out;
		}
		memcpy(line[k], q, len);
		line[k][len] = '\0';
		nc[k] = vendor_split(line[k], len, r->o.delim, c[k],
		    MAX_FIELDS);
		if (nc[k] > MAX_FIELDS)
			goto out;
	}
	if (k < 3)
		goto out;
	names = calloc(nc[0], sizeof *names);
	tick = calloc(nc[0], sizeof *tick);
	r->tick_of = calloc(nc[0], sizeof *r->tick_of);
	r->tickers = calloc(nc[0], sizeof *r->tickers);
	r->woff = calloc(nc[0], sizeof *r->woff);
	r->wlen = calloc(nc[0], sizeof *r->wlen);
	if (names == NULL || tick == NULL || r->tick_of == NULL ||
	    r->tickers == NULL || r->woff == NULL || r->wlen == NULL) {
		rc = set_fatal(r, err, PE_ERR_NOMEM, 0, "%s", "out of memory");
		goto out;
	}
	if (vendor_wide_header(c[0], nc[0], c[1], nc[1], c[2], nc[2], names,
	    tick) != 0)
		goto out;
	r->ncols = (int)nc[0];
	r->csv_failed = 0;
	for (i = 0; i < nc[0]; i++) {
		r->role_of[i] = role_of_name(names[i]->s, names[i]->n);
		r->tick_of[i] = -1;
		if (tick[i] == NULL)
			continue;
		for (k = 0; k < r->ntick; k++)
			if (strlen(r->tickers[k]) == tick[i]->n &&
			    memcmp(r->tickers[k], tick[i]->s, tick[i]->n) == 0)
				break;
		if (k == r->ntick &&
		    (r->tickers[r->ntick++] = strndup(tick[i]->s,
		    tick[i]->n)) == NULL) {
			rc = set_fatal(r, err, PE_ERR_NOMEM, 0, "%s",
			    "out of memory");
			goto out;
		}
		r->tick_of[i] = k;
	}
	for (i = 1; i < nc[0]; i++)
		if (r->role_of[i] >= R_SYMBOL && r->role_of[i] <= R_TOD) {
			rc = set_fatal(r, err, PE_ERR_FORMAT, r->lineno, "%s",
			    "yfinance header: a symbol or time among the "
			    "prices");
			goto out;
		}
	header_roles(r);
	r->wide = 1;
	r->o.no_fast = 1;
	rc = header_finish(r, "in the header", err);
	r->has_symbol = 1;
out:
	for (k = 0; k < 3; k++) {
		free(c[k]);
		free(line[k]);
	}
	free(names);
	free(tick);
	return rc;
}

/*
 * A first line that is not a canonical header, p[0..n) (its roles read
 * into role_of): a vendor's layout when it has the shape of one.
 * Returns PE_OK (the reader set up), a fatal error, or -1 when no layout
 * fits (the caller reports what is wrong with the header).
 */
static int
vendor_header(struct pe_reader *r, const char *p, size_t n,
    struct pe_error *err)
{
	struct vendor_cell c[8];
	const char *list, *name;
	size_t nc;
	int64_t t;

	nc = vendor_split(p, n, r->o.delim, c, 7);
	if (r->o.vendor != PE_VENDOR_YFINANCE &&
	    (list = vendor_headerless(p, n, r->o.delim, &name)) != NULL) {
		if (apply_columns(r, list, "in the layout", err) != PE_OK)
			return r->fatal;
		unread_line(r, p);
		return PE_OK;
	}
	if (r->o.vendor == PE_VENDOR_YFINANCE || (nc > 1 &&
	    ((c[0].n == 5 && strncasecmp(c[0].s, "Price", 5) == 0) ||
	    (c[0].n == 6 && strncasecmp(c[0].s, "Ticker", 6) == 0)))) {
		if (wide_header(r, p, n, err) == PE_OK)
			return PE_OK;
		if (r->fatal)
			return r->fatal;
		return set_fatal(r, err, PE_ERR_FORMAT, 1, "%s",
		    "not a yfinance header (expected the rows Price, Ticker "
		    "and Date)");
	}
	/* a row of data where the header should be */
	if (nc >= 5 && pe_time_parse(c[0].s, c[0].n, &t, NULL, NULL) == 0)
		return set_fatal(r, err, PE_ERR_FORMAT, r->lineno, "%s",
		    "no header: the first line is data (name its columns "
		    "with --columns)");
	return -1;
}

static int
csv_header(struct pe_reader *r, const char *p, size_t n,
    struct pe_error *err)
{
	int rc;

	if (r->o.delim == 0)
		r->o.delim = detect_delim(p, n, r->o.decimal_comma);
	if (csv_setup(r) != 0)
		return set_fatal(r, err, PE_ERR_NOMEM, 0, "%s",
		    "out of memory");
	if (csv_parse(&r->csv, p, n, csv_on_header_field, csv_on_row, r) !=
	    n || csv_fini(&r->csv, csv_on_header_field, csv_on_row, r) != 0)
		return set_fatal(r, err, PE_ERR_FORMAT, r->lineno, "%s",
		    "malformed header line");
	header_roles(r);
	/* A canonical header reads as it is: vendors are asked only after. */
	if (r->o.vendor == PE_VENDOR_YFINANCE || (!header_usable(r) &&
	    r->csv_failed != 1 && r->o.vendor != PE_VENDOR_NONE)) {
		if ((rc = vendor_header(r, p, n, err)) >= 0)
			return rc;
	}
	return header_finish(r, "in the header", err);
}

/*
 * A price read as the field is scanned, for the fast path: [-]digits with
 * at most one '.', 19 digits at most, the digits at most 2^53 and at most
 * 22 after the point, which pe_num_parse turns into the same double with
 * the same one operation (Clinger's exact case).  Returns 1 with *v and
 * *qp past the digits, or 0 with *qp past what was looked at (the caller
 * scans on and hands the field to get_number).
 */
static int
plain_number(const unsigned char **qp, const unsigned char *end, double *v)
{
	static const double p10[23] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
	    1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
	    1e18, 1e19, 1e20, 1e21, 1e22 };
	const unsigned char *q = *qp;
	uint64_t w = 0;
	int neg = 0, nd = 0, frac = -1;
	unsigned d;

	if (q < end && *q == '-')
		neg = 1, q++;
	for (; q < end; q++) {
		if ((d = (unsigned)*q - '0') < 10) {
			if (++nd > 19)
				break;
			w = w * 10 + d;
			frac += frac >= 0;
		} else if (*q == '.' && frac < 0)
			frac = 0;
		else
			break;
	}
	*qp = q;
	if (nd == 0 || nd > 19 || w > (UINT64_C(1) << 53) || frac > 22)
		return 0;
	*v = (double)w;
	*v = frac > 0 ? *v / p10[frac] : *v * p10[0];
	if (neg)
		*v = -*v;
	return 1;
}

/*
 * A date read on the fast path: exactly "YYYY-MM-DD" (as pe-load writes a
 * daily bar), into *ms at midnight UTC, as pe_time_parse reads it.  The
 * month is looked up once for a run of days of one month.  0 when the
 * field is anything else (pe_time_parse takes it then).
 */
static int
plain_date(struct pe_reader *r, const unsigned char *s, size_t n,
    int64_t *ms)
{
	unsigned y = 0, m, d, i;

	if (n != 10 || s[4] != '-' || s[7] != '-' ||
	    (unsigned)s[8] - '0' > 9 || (unsigned)s[9] - '0' > 9)
		return 0;
	if (r->month_len == 0 || memcmp(r->month, s, 8) != 0) {
		for (i = 0; i < 4; i++) {
			if ((unsigned)s[i] - '0' > 9)
				return 0;
			y = y * 10 + (s[i] - '0');
		}
		if ((unsigned)s[5] - '0' > 9 || (unsigned)s[6] - '0' > 9)
			return 0;
		m = (s[5] - '0') * 10u + (s[6] - '0');
		if (m < 1 || m > 12)
			return 0;
		memcpy(r->month, s, 8);
		r->month_day0 = pe_time_days_from_civil(y, m, 1) - 1;
		r->month_len = (int)(m == 12 ?
		    pe_time_days_from_civil(y + 1, 1, 1) :
		    pe_time_days_from_civil(y, m + 1, 1)) -
		    (int)(r->month_day0 + 1);
	}
	d = (s[8] - '0') * 10u + (s[9] - '0');
	if (d < 1 || d > (unsigned)r->month_len)
		return 0;
	*ms = (r->month_day0 + d) * PE_MS_PER_DAY;
	return 1;
}

/*
 * The fast path: line p[0..n) (its terminator included) split at the
 * delimiter into the row's fields, in place, and made a candle.  *took is
 * 0, and nothing done, when the line holds a quote, a blank or a tab
 * (libcsv trims blanks and reads quotes: it takes those lines).  For
 * every other line libcsv would find the same fields: tests/fuzz/
 * fuzz_csv_fast.c checks that the two give the same rows and errors.
 */
static int
csv_fast(struct pe_reader *r, const char *p, size_t n, struct pe_row *row,
    enum pe_bad *badp, struct pe_error *err, int *took)
{
	struct field f[NROLES];
	const unsigned char *q, *s, *end;
	int nf = 0, i, num;
	enum role role;
	double v = 0;

	*took = 0;
	if (n > 0 && p[n - 1] == '\n')
		n--;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	for (i = 0; i < NROLES; i++) {
		f[i].kind = F_ABSENT;
		f[i].is_date = 0;
	}
	s = q = (const unsigned char *)p;
	end = q + n;
	for (;; q++) {
		role = nf < r->ncols ? r->role_of[nf] : R_NONE;
		num = role >= R_OPEN && !r->o.decimal_comma ?
		    plain_number(&q, end, &v) : 0;
		while (q < end && r->cls[*q] == 0)
			q++, num = 0;
		if (q < end && r->cls[*q] == 2)
			return 0;
		if (role != R_NONE) {
			f[role].kind = num ? F_NUMBER : F_TEXT;
			f[role].num = v;
			f[role].s = (const char *)s;
			f[role].n = (size_t)(q - s);
			f[role].is_date = role >= R_TIME && role <= R_TOD &&
			    r->o.date_format == NULL &&
			    plain_date(r, s, (size_t)(q - s), &f[role].ms);
		}
		nf++;
		if (q == end)
			break;
		s = q + 1;
	}
	*took = 1;
	r->rows++;
	r->fast++;
	if (nf != r->ncols)
		return bad(r, badp, PE_BAD_FIELDS, err, r->lineno,
		    "expected %d fields, found %d", r->ncols, nf);
	return make_row(r, f, resolve_time(f), r->lineno, row, badp, err);
}

void
pe_reader_rows(const struct pe_reader *r, size_t *rows, size_t *fast)
{
	*rows = r->rows;
	*fast = r->fast;
}

/* The fields of a complete CSV row, by role, into a candle. */
static int
csv_make(struct pe_reader *r, struct pe_row *row, enum pe_bad *badp,
    struct pe_error *err)
{
	struct field f[NROLES];
	long line = r->row_line;
	int nf = r->nf, combine, i;

	if (r->csv_failed)
		return pe_error_set(err, PE_ERR_NOMEM, r->path, line, 0,
		    "out of memory");
	r->rows++;
	if (nf != r->ncols)
		return bad(r, badp, PE_BAD_FIELDS, err, line,
		    "expected %d fields, found %d", r->ncols, nf);
	if (r->wide) {		/* wide_next hands out its candles */
		r->wide_left = 1;
		r->wide_k = 0;
		r->wide_line = line;
		return WIDE_ROW;
	}
	for (i = 0; i < NROLES; i++) {
		f[i].kind = r->present[i] ? F_TEXT : F_ABSENT;
		f[i].is_date = 0;
		f[i].s = r->fbuf + r->off[i];
		f[i].n = r->flen_of[i];
	}
	combine = resolve_time(f);
	return make_row(r, f, combine, line, row, badp, err);
}

static int
csv_next(struct pe_reader *r, struct pe_row *row, enum pe_bad *badp,
    struct pe_error *err)
{
	const char *p;
	size_t n;
	int got, rc, took;

	for (;;) {
		if ((got = get_line(r, &p, &n, err)) < 0)
			return r->fatal;
		if (got == 2) {		/* too long, skipped */
			if (r->in_row) {
				csv_row_reset(r);
				if (csv_setup(r) != 0)
					return set_fatal(r, err, PE_ERR_NOMEM,
					    0, "%s", "out of memory");
			}
			return too_long(r, badp, err);
		}
		if (got == 0) {
			if (!r->in_row)
				return 1;
			rc = csv_fini(&r->csv, csv_on_field, csv_on_row, r);
		} else {
			if (!r->in_row && is_blank_line(p, n))
				continue;
			if (!r->in_row && !r->o.no_fast) {
				rc = csv_fast(r, p, n, row, badp, err, &took);
				if (took)
					return rc;
			}
			if (!r->in_row) {
				r->in_row = 1;
				r->row_line = r->lineno;
			}
			rc = csv_parse(&r->csv, p, n, csv_on_field,
			    csv_on_row, r) == n ? 0 : -1;
		}
		if (rc != 0) {
			long line = r->row_line;

			r->rows++;
			csv_row_reset(r);
			if (csv_setup(r) != 0)
				return set_fatal(r, err, PE_ERR_NOMEM, 0, "%s",
				    "out of memory");
			return bad(r, badp, PE_BAD_FIELDS, err, line, "%s",
			    got == 0 ? "unterminated quoted field" :
			    "malformed quoting");
		}
		if (r->row_done) {
			rc = csv_make(r, row, badp, err);
			csv_row_reset(r);
			return rc;
		}
		if (got == 0)
			return 1;
	}
}

/*
 * The candles of the wide row read last, one per ticker that has one: a
 * ticker whose prices are all empty on the row (not trading yet, or
 * delisted) has no bar there.  -2 when the row has no more.
 */
static int
wide_emit(struct pe_reader *r, struct pe_row *row, enum pe_bad *badp,
    struct pe_error *err)
{
	struct field f[NROLES];
	enum role role;
	int i, k, any;

	while (r->wide_k < r->ntick) {
		k = r->wide_k++;
		memset(f, 0, sizeof f);
		for (i = 0, any = 0; i < r->ncols; i++) {
			if ((role = r->role_of[i]) == R_NONE ||
			    (r->tick_of[i] != k && r->tick_of[i] >= 0))
				continue;
			f[role].kind = F_TEXT;
			f[role].s = r->fbuf + r->woff[i];
			f[role].n = r->wlen[i];
			if (role >= R_OPEN && role <= R_CLOSE)
				any |= !is_blank_line(f[role].s, f[role].n);
		}
		if (!any)
			continue;
		f[R_SYMBOL].kind = F_TEXT;
		f[R_SYMBOL].s = r->tickers[k];
		f[R_SYMBOL].n = strlen(r->tickers[k]);
		return make_row(r, f, resolve_time(f), r->wide_line, row, badp,
		    err);
	}
	r->wide_left = 0;
	return WIDE_ROW;
}

/* pe_reader_next for a wide file: the rows' candles, ticker by ticker. */
static int
wide_next(struct pe_reader *r, struct pe_row *row, enum pe_bad *badp,
    struct pe_error *err)
{
	int rc;

	for (;;) {
		if (r->wide_left && (rc = wide_emit(r, row, badp, err)) !=
		    WIDE_ROW)
			return rc;
		if ((rc = csv_next(r, row, badp, err)) != WIDE_ROW)
			return rc;
	}
}

/* ---- JSONL ---- */

static void
json_field(struct field *f, json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		f->kind = F_TEXT;
		f->s = json_string_value(v);
		f->n = json_string_length(v);
		break;
	case JSON_INTEGER:
		f->kind = F_NUMBER;
		f->ival = json_integer_value(v);
		f->num = (double)f->ival;
		f->is_int = 1;
		break;
	case JSON_REAL:
		f->kind = F_NUMBER;
		f->num = json_real_value(v);
		break;
	case JSON_NULL:
		f->kind = F_NULL;
		break;
	default:	/* objects, arrays, booleans: not a value we read */
		f->kind = F_OTHER;
		break;
	}
}

/* A JSON key's role, the volume keys by --volume. */
static enum role
json_role(const struct pe_reader *r, const char *key)
{
	enum role role;

	/* Alpha Vantage numbers its keys: "1. open", "5. volume" */
	if (*key >= '0' && *key <= '9') {
		while (*key >= '0' && *key <= '9')
			key++;
		if (key[0] == '.' && key[1] == ' ')
			key += 2;
	}
	role = role_of_name(key, strlen(key));
	switch (role) {
	case R_VOLUME:
		return r->o.volume == PE_VOLUME_QUOTE ||
		    r->o.volume == PE_VOLUME_TICK ? R_NONE : R_VOLUME;
	case R_QUOTEVOL:
		return r->o.volume == PE_VOLUME_QUOTE ? R_VOLUME : R_NONE;
	case R_TICKVOL:
		return r->o.volume == PE_VOLUME_TICK ? R_VOLUME : R_NONE;
	default:
		return role;
	}
}

/* The members of a candle object into f (zeroed by the caller). */
static int
json_fields(struct pe_reader *r, json_t *obj, struct field *f, long line,
    enum pe_bad *badp, struct pe_error *err)
{
	const char *key;
	json_t *v;
	enum role role;

	json_object_foreach(obj, key, v) {
		if ((role = json_role(r, key)) == R_NONE)
			continue;
		if (f[role].kind != F_ABSENT)
			return bad(r, badp, PE_BAD_JSON, err, line,
			    "two keys for %s", role_names[role]);
		json_field(&f[role], v);
	}
	if (f[R_VOLUME].kind != F_ABSENT)
		r->has_volume = 1;
	if (r->o.adjusted && f[R_ADJ].kind == F_ABSENT)
		return bad(r, badp, PE_BAD_NUMBER, err, line,
		    "missing adj close (--adjusted)");
	return PE_OK;
}

/* ---- JSON documents ---- */

/* A string member of obj whose key, its "N. " number dropped, is name. */
static const char *
json_member(json_t *obj, const char *name)
{
	const char *key, *k;
	json_t *v;

	json_object_foreach(obj, key, v) {
		k = key;
		while (*k >= '0' && *k <= '9')
			k++;
		if (k != key && k[0] == '.' && k[1] == ' ')
			k += 2;
		else
			k = key;
		if (strcasecmp(k, name) == 0 && json_is_string(v))
			return json_string_value(v);
	}
	return NULL;
}

/*
 * Whether doc holds candles: it is an array of them, or an object with
 * an array member (Polygon's results, and the like) or a Time Series
 * object (Alpha Vantage).  If so they become the reader's items, with the
 * symbol the document names (a ticker or symbol member, or one in an
 * object such as "Meta Data") and, from there, Alpha Vantage's time zone.
 */
static int
doc_open(struct pe_reader *r, json_t *doc, long line, struct pe_error *err)
{
	const char *key, *sym = NULL, *zone = NULL;
	json_t *v, *items = NULL;

	r->items_key = "";
	if (json_is_array(doc))
		items = doc;
	else if (json_is_object(doc))
		json_object_foreach(doc, key, v) {
			if (items == NULL && (json_is_array(v) ||
			    (json_is_object(v) &&
			    strncasecmp(key, "Time Series", 11) == 0))) {
				items = v;
				r->items_key = key;
			} else if (json_is_string(v) && sym == NULL &&
			    (strcasecmp(key, "ticker") == 0 ||
			    strcasecmp(key, "symbol") == 0))
				sym = json_string_value(v);
			else if (json_is_object(v)) {
				if (sym == NULL &&
				    (sym = json_member(v, "symbol")) == NULL)
					sym = json_member(v, "ticker");
				if (zone == NULL)
					zone = json_member(v, "time zone");
			}
		}
	if (items == NULL)
		return 0;
	json_incref(doc);
	json_decref(r->doc);
	r->doc = doc;
	r->items = items;
	r->item_i = 0;
	r->item_n = json_is_array(items) ? json_array_size(items) : 0;
	r->item_iter = json_is_object(items) ? json_object_iter(items) : NULL;
	r->doc_line = line;
	free(r->doc_sym);
	r->doc_sym = NULL;
	if (sym != NULL && (r->doc_sym = strdup(sym)) == NULL)
		return set_fatal(r, err, PE_ERR_NOMEM, 0, "%s",
		    "out of memory");
	if (sym != NULL)
		r->has_symbol = 1;
	snprintf(r->doc_zone, sizeof r->doc_zone, "%s", zone ? zone : "");
	return 1;
}

/*
 * One item of a document: an object of keys, or an array in Binance's
 * kline order (open time, open, high, low, close, volume, close time,
 * quote volume, ...), or with tkey (a Time Series member) the object of
 * prices at time tkey.
 */
static int
doc_item(struct pe_reader *r, json_t *item, const char *tkey,
    struct pe_row *row, enum pe_bad *badp, struct pe_error *err)
{
	static const enum role kline[] = { R_TIME, R_OPEN, R_HIGH, R_LOW,
	    R_CLOSE, R_VOLUME, R_NONE, R_QUOTEVOL };
	struct field f[NROLES];
	enum role role;
	long line = r->doc_line;
	size_t i;
	int rc, zoned, local_tz;

	memset(f, 0, sizeof f);
	if (json_is_object(item)) {
		if ((rc = json_fields(r, item, f, line, badp, err)) != PE_OK)
			return rc;
	} else if (json_is_array(item) && tkey == NULL) {
		if (json_array_size(item) < 6)
			return bad(r, badp, PE_BAD_JSON, err, line, "%s",
			    "a kline array of fewer than 6 values");
		for (i = 0; i < sizeof kline / sizeof kline[0] &&
		    i < json_array_size(item); i++) {
			role = kline[i] == R_VOLUME ? json_role(r, "volume") :
			    kline[i] == R_QUOTEVOL ?
			    json_role(r, "quote_volume") : kline[i];
			if (role != R_NONE)
				json_field(&f[role], json_array_get(item, i));
		}
		r->has_volume |= f[R_VOLUME].kind != F_ABSENT;
	} else
		return bad(r, badp, PE_BAD_JSON, err, line, "%s",
		    "a candle that is not a JSON object");
	if (tkey != NULL) {
		f[R_TIME].kind = F_TEXT;
		f[R_TIME].s = tkey;
		f[R_TIME].n = strlen(tkey);
	}
	if (f[R_SYMBOL].kind == F_ABSENT && r->doc_sym != NULL) {
		f[R_SYMBOL].kind = F_TEXT;
		f[R_SYMBOL].s = r->doc_sym;
		f[R_SYMBOL].n = strlen(r->doc_sym);
	}
	/* Alpha Vantage's times are in its Time Zone, not --tz's */
	zoned = tkey != NULL && r->doc_zone[0] != '\0';
	local_tz = r->o.local_tz;
	r->o.local_tz &= !zoned;
	rc = make_row(r, f, resolve_time(f), line, row, badp, err);
	r->o.local_tz = local_tz;
	if (rc == PE_OK && f[R_SYMBOL].kind != F_ABSENT)
		r->has_symbol = 1;
	if (rc == PE_OK && zoned && row->has_tod &&
	    zone_to_utc(r, r->doc_zone, &row->c.time) != 0)
		return bad(r, badp, PE_BAD_TIME, err, line,
		    "unknown time zone '%s'", r->doc_zone);
	return rc;
}

/*
 * The next candle of the document's items; a bad one's message begins
 * with where it is ("results[3]: missing close").  WIDE_ROW when none is
 * left (the document then let go).
 */
static int
doc_next(struct pe_reader *r, struct pe_row *row, enum pe_bad *badp,
    struct pe_error *err)
{
	char where[96], msg[PE_ERRMSG_MAX + 100];
	const char *tkey = NULL;
	json_t *item;
	size_t i = r->item_i;
	int rc;

	if (r->items == NULL)
		return WIDE_ROW;
	if (json_is_array(r->items) && r->item_i < r->item_n)
		item = json_array_get(r->items, r->item_i++);
	else if (json_is_object(r->items) && r->item_iter != NULL) {
		tkey = json_object_iter_key(r->item_iter);
		item = json_object_iter_value(r->item_iter);
		r->item_iter = json_object_iter_next(r->items, r->item_iter);
		r->item_i++;
	} else {
		r->items = NULL;
		json_decref(r->doc);
		r->doc = NULL;
		return WIDE_ROW;
	}
	rc = doc_item(r, item, tkey, row, badp, err);
	if (rc == PE_ERR_DATA && err != NULL) {
		if (tkey != NULL)
			snprintf(where, sizeof where, "%.40s[\"%.40s\"]",
			    r->items_key, tkey);
		else
			snprintf(where, sizeof where, "%.40s[%zu]",
			    r->items_key, i);
		snprintf(msg, sizeof msg, "%s: %s", where, err->msg);
		memcpy(err->msg, msg, sizeof err->msg - 1);
		err->msg[sizeof err->msg - 1] = '\0';
	}
	return rc;
}

/*
 * A JSON document read whole from the line at p (already read: it goes
 * back) to the end of the input, and its candles made the items.
 */
static int
doc_read(struct pe_reader *r, const char *p, struct pe_error *err)
{
	json_error_t jerr;
	json_t *doc;
	long line;
	char *all = NULL, *b;
	size_t len = 0, cap = 0, got;
	int rc;

	unread_line(r, p);
	line = r->lineno + 1;
	for (;;) {
		if (r->len - r->pos > cap - len) {
			cap = (len + r->len - r->pos) * 2 + CHUNK;
			if (cap > DOC_MAX_BYTES + (size_t)CHUNK * 2)
				cap = DOC_MAX_BYTES + (size_t)CHUNK * 2;
			if ((b = realloc(all, cap)) == NULL) {
				free(all);
				return set_fatal(r, err, PE_ERR_NOMEM, 0, "%s",
				    "out of memory");
			}
			all = b;
		}
		got = r->len - r->pos;
		if (got > cap - len) {
			free(all);
			return set_fatal(r, err, PE_ERR_FORMAT, line, "%s",
			    "JSON document larger than 256 MiB");
		}
		memcpy(all + len, r->buf + r->pos, got);
		len += got;
		r->pos = r->len;
		if (fill(r) != 0)
			break;
	}
	if (r->io_error) {
		free(all);
		return set_fatal(r, err, PE_ERR_IO, 0, "%s", "read error");
	}
	doc = json_loadb(all, len, JSON_REJECT_DUPLICATES, &jerr);
	free(all);
	if (doc == NULL)
		return set_fatal(r, err, PE_ERR_FORMAT,
		    jerr.line >= 1 ? line + jerr.line - 1 : line,
		    "invalid JSON at column %d: %s", jerr.column, jerr.text);
	rc = doc_open(r, doc, line, err);
	json_decref(doc);
	if (rc == 0)
		return set_fatal(r, err, PE_ERR_FORMAT, line, "%s",
		    "no candles in the JSON document (expected an array of "
		    "them, or an object holding one, or a Time Series)");
	return rc < 0 ? r->fatal : PE_OK;
}

static int
json_make(struct pe_reader *r, const char *p, size_t n, struct pe_row *row,
    enum pe_bad *badp, struct pe_error *err)
{
	struct field f[NROLES];
	json_error_t jerr;
	long line = r->lineno;
	int rc;

	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;	/* so that jansson's columns are those of this line */
	json_decref(r->json);
	r->json = json_loadb(p, n, JSON_REJECT_DUPLICATES, &jerr);
	if (r->json == NULL)
		return bad(r, badp, PE_BAD_JSON, err, line,
		    "invalid JSON at column %d: %s", jerr.column, jerr.text);
	if (!json_is_object(r->json))
		return bad(r, badp, PE_BAD_JSON, err, line,
		    "not a JSON object");
	memset(f, 0, sizeof f);
	if ((rc = json_fields(r, r->json, f, line, badp, err)) != PE_OK)
		return rc;
	/* no time: a document on a line of its own (Polygon's response) */
	if (f[R_TIME].kind == F_ABSENT && f[R_DATE].kind == F_ABSENT &&
	    f[R_TOD].kind == F_ABSENT && r->o.vendor != PE_VENDOR_NONE &&
	    (rc = doc_open(r, r->json, line, err)) != 0)
		return rc < 0 ? r->fatal : doc_next(r, row, badp, err);
	rc = make_row(r, f, resolve_time(f), line, row, badp, err);
	if (rc == PE_OK && f[R_SYMBOL].kind != F_ABSENT)
		r->has_symbol = 1;	/* a skipped line does not count */
	return rc;
}

static int
json_next(struct pe_reader *r, struct pe_row *row, enum pe_bad *badp,
    struct pe_error *err)
{
	const char *p;
	size_t n;
	int got, rc;

	for (;;) {
		if (r->items != NULL &&
		    (rc = doc_next(r, row, badp, err)) != WIDE_ROW)
			return rc;
		if ((got = get_line(r, &p, &n, err)) < 0)
			return r->fatal;
		if (got == 0)
			return 1;
		if (got == 2)
			return too_long(r, badp, err);
		if (!is_blank_line(p, n) &&
		    (rc = json_make(r, p, n, row, badp, err)) != WIDE_ROW)
			return rc;
	}
}

/* pe_reader_next for a JSON document read whole. */
static int
doc_all(struct pe_reader *r, struct pe_row *row, enum pe_bad *badp,
    struct pe_error *err)
{
	int rc = doc_next(r, row, badp, err);

	return rc == WIDE_ROW ? 1 : rc;
}

/* Whether p[0..n) is a '{' or '[' alone: a pretty-printed document. */
static int
doc_opening(const char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
	    p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	return n >= 1 && (p[0] == '[' || (n == 1 && p[0] == '{'));
}

/* ---- both ---- */

/* The first line decides: '{' starts JSONL, anything else is a CSV header. */
static int
start(struct pe_reader *r, struct pe_row *row, enum pe_bad *badp,
    struct pe_error *err)
{
	const char *p;
	size_t n;
	int got, rc;

	do {
		if ((got = get_line(r, &p, &n, err)) < 0)
			return r->fatal;
		if (got == 2)
			return set_fatal(r, err, PE_ERR_IO, r->lineno, "%s",
			    "line longer than 1 MiB");
		if (got == 0)
			return set_fatal(r, err, PE_ERR_FORMAT, 0, "%s",
			    "empty input (expected a header line or JSON)");
		if (r->lineno == 1 && n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) ==
		    0)
			p += 3, n -= 3;
	} while (is_blank_line(p, n));
	while (*p == ' ' || *p == '\t')
		p++, n--;
	if (r->o.vendor == PE_VENDOR_JSON || (r->o.vendor != PE_VENDOR_NONE &&
	    doc_opening(p, n))) {
		r->kind = K_DOC;
		if (doc_read(r, p, err) != PE_OK)
			return r->fatal;
		return doc_all(r, row, badp, err);
	}
	if (*p == '{') {
		r->kind = K_JSONL;
		rc = json_make(r, p, n, row, badp, err);
		return rc == WIDE_ROW ? json_next(r, row, badp, err) : rc;
	}
	r->kind = K_CSV;
	if (r->o.columns != NULL || vendor_layout(r->o.vendor) != NULL) {
		/* headerless: the first line is a row */
		if (r->o.delim == 0)
			r->o.delim = detect_delim(p, n, r->o.decimal_comma);
		if (apply_columns(r, r->o.columns ? r->o.columns :
		    vendor_layout(r->o.vendor), r->o.columns ? "in --columns" :
		    "in the layout", err) != PE_OK)
			return r->fatal;
		unread_line(r, p);
	} else if (csv_header(r, p, n, err) != PE_OK)
		return r->fatal;
	if (r->wide) {
		r->kind = K_WIDE;
		return wide_next(r, row, badp, err);
	}
	return csv_next(r, row, badp, err);
}

int
pe_reader_next(struct pe_reader *r, struct pe_row *row, enum pe_bad *bad,
    struct pe_error *err)
{
	enum pe_bad dummy;

	if (bad == NULL)
		bad = &dummy;
	*bad = PE_BAD_NONE;
	if (r->fatal) {
		if (err != NULL)
			*err = r->fatal_err;
		return r->fatal;
	}
	switch (r->kind) {
	case K_CSV:
		return csv_next(r, row, bad, err);
	case K_JSONL:
		return json_next(r, row, bad, err);
	case K_WIDE:
		return wide_next(r, row, bad, err);
	case K_DOC:
		return doc_all(r, row, bad, err);
	default:
		return start(r, row, bad, err);
	}
}
