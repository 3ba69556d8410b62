/*
 * stream_jsonl.c: candle JSONL a line at a time for pe-stream, with a
 * fast path for the plain line a feed sends.  See live.h.
 *
 * Parsing a line with jansson builds a tree of allocated values; that was
 * about 70% of pe-stream's time on JSONL.  pe_jsonl_fast reads the line
 * DESIGN.md shows through the core JSON scanner (json.h), which builds
 * nothing and copies nothing: one object whose keys are exactly symbol,
 * time, open, high, low, close and volume (any order, volume optional),
 * values plain JSON numbers or strings without escapes; the candle valid.
 * Anything else (another key or an alias, an escape, a null, a bad value,
 * an invalid candle) is left to the candle reader, which knows every
 * alias and gives every message; a persistent reader over a cookie FILE
 * takes each such line, so the slow path allocates nothing per line
 * either.  tests/fuzz/fuzz_jsonl_fast.c checks that every line the fast
 * path accepts, the reader reads the same.
 *
 * Bloat: no SIMD scanning; times as numbers only when they are integers.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "live.h"
#include "pe_num.h"
#include "pe_time.h"

enum { K_SYMBOL, K_TIME, K_OPEN, K_HIGH, K_LOW, K_CLOSE, K_VOLUME, NKEYS };

/* Which key s[0..n) is, or -1: the length and the first byte pick the
 * one candidate, a compare of a known size (no call) confirms it. */
static int
key_of(const char *s, size_t n)
{
	static const char *const names[NKEYS] = { "symbol", "time", "open",
	    "high", "low", "close", "volume" };
	int k;

	switch (n) {
	case 3:
		return memcmp(s, "low", 3) == 0 ? K_LOW : -1;
	case 4:
		k = s[0] == 't' ? K_TIME : s[0] == 'o' ? K_OPEN : K_HIGH;
		return memcmp(s, names[k], 4) == 0 ? k : -1;
	case 5:
		return memcmp(s, "close", 5) == 0 ? K_CLOSE : -1;
	case 6:
		k = s[0] == 's' ? K_SYMBOL : K_VOLUME;
		return memcmp(s, names[k], 6) == 0 ? k : -1;
	default:
		return -1;
	}
}

/*
 * The object's members into v[] (have: a bit for each key found); -1 for
 * anything but the plain form: another key, a key twice, a value that is
 * not a number or a string without escapes.
 */
static int
scan_line(const char *line, size_t n, struct pe_json_tok *v, int *have)
{
	struct pe_json j;
	struct pe_json_tok key, val;
	int k, rc;

	if (pe_json_open(&j, line, n) != 0)
		return -1;
	while ((rc = pe_json_next(&j, &key, &val)) == 1) {
		if (key.esc || (k = key_of(key.s, key.n)) < 0 ||
		    (*have >> k & 1) || val.esc ||
		    (val.kind != PE_JSON_STRING && val.kind != PE_JSON_NUMBER))
			return -1;
		v[k] = val;
		*have |= 1 << k;
	}
	return rc;
}

/* Whether a number token has no fraction and no exponent. */
static int
is_integer(const struct pe_json_tok *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->s[i] == '.' || t->s[i] == 'e' || t->s[i] == 'E')
			return 0;
	return 1;
}

static int
number_of(const struct pe_json_tok *t, double *out)
{
	/* Leading or trailing blanks in a string are the reader's call;
	 * jansson refuses integers past 64 bits. */
	if (t->n == 0 || t->s[0] == ' ' || t->s[t->n - 1] == ' ' ||
	    t->s[0] == '\t' || t->s[t->n - 1] == '\t' ||
	    (t->kind == PE_JSON_NUMBER && t->n > 18 && is_integer(t)))
		return -1;
	return pe_num_parse(t->s, t->n, '.', out) == 0 && isfinite(*out) ?
	    0 : -1;
}

/* A time number: an integer of at most 15 digits, as the reader prints
 * a JSON integer before parsing it. */
static int
time_of(const struct pe_json_tok *t, int64_t *ms, int *has_tod)
{
	struct pe_time_info info;
	const char *why;
	size_t i = t->n > 0 && t->s[0] == '-';

	if (t->n == 0 || t->s[0] == ' ' || t->s[t->n - 1] == ' ' ||
	    t->s[0] == '\t' || t->s[t->n - 1] == '\t')
		return -1;
	if (t->kind == PE_JSON_NUMBER) {
		if (t->n - i > 15 || t->n == i || (i == 1 && t->s[1] == '0'))
			return -1;	/* long, or -0 (printed as 0 there) */
		for (; i < t->n; i++)
			if (t->s[i] < '0' || t->s[i] > '9')
				return -1;
	}
	if (pe_time_parse(t->s, t->n, ms, &info, &why) != 0)
		return -1;
	*has_tod = info.has_tod;
	return 0;
}

int
pe_jsonl_fast(const char *line, size_t n, struct pe_row *row, char *sym)
{
	struct pe_json_tok v[NKEYS];
	struct pe_candle *c = &row->c;
	const char *why;
	double lo, hi;
	int have = 0;

	if (scan_line(line, n, v, &have) != 0 ||
	    (have & 0x3f) != 0x3f || v[K_SYMBOL].kind != PE_JSON_STRING ||
	    v[K_SYMBOL].n == 0 || v[K_SYMBOL].s[0] == ' ' ||
	    v[K_SYMBOL].s[0] == '\t' || v[K_SYMBOL].s[v[K_SYMBOL].n - 1] ==
	    ' ' || v[K_SYMBOL].s[v[K_SYMBOL].n - 1] == '\t' ||
	    pe_symbol_valid(v[K_SYMBOL].s, v[K_SYMBOL].n, &why) != 0)
		return 0;
	if (time_of(&v[K_TIME], &c->time, &row->has_tod) != 0 ||
	    number_of(&v[K_OPEN], &c->open) != 0 ||
	    number_of(&v[K_HIGH], &c->high) != 0 ||
	    number_of(&v[K_LOW], &c->low) != 0 ||
	    number_of(&v[K_CLOSE], &c->close) != 0)
		return 0;
	c->volume = NAN;
	if ((have >> K_VOLUME & 1) && number_of(&v[K_VOLUME], &c->volume) != 0)
		return 0;
	hi = c->open > c->close ? c->open : c->close;
	lo = c->open < c->close ? c->open : c->close;
	if (c->high < hi || c->low > lo || c->volume < 0)
		return 0;
	memcpy(sym, v[K_SYMBOL].s, v[K_SYMBOL].n);
	sym[v[K_SYMBOL].n] = '\0';
	row->symbol = sym;
	row->symbol_len = v[K_SYMBOL].n;
	row->has_volume = have >> K_VOLUME & 1;
	return 1;
}

/* ---- the slow path: the candle reader, fed one line at a time ---- */

struct pe_jsonl {
	FILE *fp;
	struct pe_reader *r;
	const char *line;	/* what the reader is to read next */
	size_t n;
	int nl;			/* then a line feed */
	char *path;
	char sym[PE_SYMBOL_MAX + 1];
};

/*
 * Hand the reader the pending line and its line feed; then EAGAIN, which
 * ends its fread with what it got (never nothing: it only reads when a
 * line is pending).
 */
static ssize_t
jl_read(void *cookie, char *dst, size_t size)
{
	struct pe_jsonl *j = cookie;
	size_t n = j->n < size ? j->n : size;

	if (n == 0 && j->nl) {
		j->nl = 0;
		dst[0] = '\n';
		return 1;
	}
	if (n == 0) {
		errno = EAGAIN;
		return -1;
	}
	memcpy(dst, j->line, n);
	j->line += n;
	j->n -= n;
	return (ssize_t)n;
}

struct pe_jsonl *
pe_jsonl_new(const char *path, const char *symbol)
{
	cookie_io_functions_t io = { .read = jl_read };
	/* one candle a line, as live.c's reader: no vendor documents */
	struct pe_read_opts ro = { .symbol = symbol,
	    .vendor = PE_VENDOR_NONE };
	struct pe_jsonl *j;
	struct pe_error err;
	struct pe_row row;
	enum pe_bad bad;

	if ((j = calloc(1, sizeof *j)) == NULL)
		return NULL;
	if ((j->path = strdup(path)) == NULL ||
	    (j->fp = fopencookie(j, "r", io)) == NULL ||
	    (j->r = pe_reader_new(j->fp, path, &ro)) == NULL) {
		pe_jsonl_free(j);
		return NULL;
	}
	setvbuf(j->fp, NULL, _IONBF, 0);
	/* A first line that makes the reader take JSONL, whatever follows. */
	j->line = "{}";
	j->n = 2;
	j->nl = 1;
	pe_reader_next(j->r, &row, &bad, &err);
	return j;
}

void
pe_jsonl_free(struct pe_jsonl *j)
{
	if (j == NULL)
		return;
	pe_reader_free(j->r);
	if (j->fp != NULL)
		fclose(j->fp);
	free(j->path);
	free(j);
}

int
pe_jsonl_parse(struct pe_jsonl *j, const char *line, size_t n, long lineno,
    struct pe_row *row, enum pe_bad *bad, struct pe_error *err)
{
	int rc;

	row->line = lineno;
	if (lineno == 1 && n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
		line += 3, n -= 3;	/* a BOM */
	while (lineno == 1 && n > 0 && (*line == ' ' || *line == '\t'))
		line++, n--;	/* as the reader takes its first line */
	if (pe_jsonl_fast(line, n, row, j->sym))
		return PE_OK;
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	if (pe_json_blank(line, line + n) == line + n)
		return 1;
	/* The reader would split it in two: one line in, one line out. */
	if (memchr(line, '\r', n) != NULL || memchr(line, '\n', n) != NULL) {
		*bad = PE_BAD_JSON;
		return pe_error_set(err, PE_ERR_DATA, j->path, lineno, 0, "%s",
		    "a carriage return inside the line");
	}
	j->line = line;
	j->n = n;
	j->nl = 1;
	rc = pe_reader_next(j->r, row, bad, err);
	row->line = lineno;
	if (rc != PE_OK && err != NULL && err->line > 0)
		err->line = lineno;
	return rc;
}
