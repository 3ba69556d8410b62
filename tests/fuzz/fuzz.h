/*
 * fuzz.h: what the libFuzzer targets under tests/fuzz/ share.
 *
 * Each fuzz_NAME.c defines LLVMFuzzerTestOneInput.  clang links it with
 * libFuzzer's main (build/fuzz/fuzz_NAME, `make fuzz`); gcc links it with
 * replay.c's main (build/tests/replay_NAME, `make check`), which runs every
 * file of the corpus and seed directories through it once.  The prototype
 * is declared here because the house warnings (-Wmissing-prototypes) want
 * one.
 *
 * A broken invariant prints what broke to stderr and ends in
 * __builtin_trap(), which both libFuzzer and replay report as a crash.
 * The checks shared by the reader targets (a row, an error, a set of
 * series after normalize and resample) live here, as static inline
 * functions so a target that does not use one does not warn.
 *
 * Bloat: no custom mutators, no dictionaries (the seeds carry the
 * vocabulary), no LLVMFuzzerInitialize.
 */
#ifndef PE_FUZZ_H
#define PE_FUZZ_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pe_candle.h"
#include "pe_error.h"
#include "pe_series.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The reader's options from a byte (fuzz_csv.c, fuzz_csv_fast.c): bits
 * 0-1 the delimiter (detect, ';', TAB, ','); bit 2 a decimal comma; bit
 * 3 --adjusted; bit 4 the date format "%m/%d/%Y"; bit 5 a default symbol
 * "FUZZ" instead of "stdin"; bit 6 vendors' layouts detected (else
 * PE_VENDOR_NONE: fuzz_vendor.c is their target).
 */
static inline void
fuzz_read_opts(uint8_t b, struct pe_read_opts *o)
{
	static const char delims[4] = { 0, ';', '\t', ',' };

	memset(o, 0, sizeof *o);
	o->delim = delims[b & 3];
	o->decimal_comma = (b & 4) != 0;
	o->adjusted = (b & 8) != 0;
	o->date_format = (b & 16) ? "%m/%d/%Y" : NULL;
	o->symbol = (b & 32) ? "FUZZ" : NULL;
	o->vendor = (b & 64) ? PE_VENDOR_AUTO : PE_VENDOR_NONE;
}

static inline void fuzz_fail(const char *what, const char *file, int line)
    __attribute__((noreturn));

static inline void
fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "fuzz invariant broken: %s (%s:%d)\n", what, file,
	    line);
	fflush(stderr);
	__builtin_trap();
}

#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) \
			fuzz_fail(#cond, __FILE__, __LINE__); \
	} while (0)

/* Bitwise equality of two doubles, except that -0 equals 0 and NaN NaN. */
static inline int
fuzz_same_double(double a, double b)
{
	uint64_t x, y;

	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	if (a == 0 && b == 0)
		return 1;
	memcpy(&x, &a, sizeof x);
	memcpy(&y, &b, sizeof y);
	return x == y;
}

/* What DESIGN.md calls a valid candle (volume NaN allowed). */
static inline int
fuzz_valid_candle(const struct pe_candle *c)
{
	double hi = c->open > c->close ? c->open : c->close;
	double lo = c->open < c->close ? c->open : c->close;

	return isfinite(c->open) && isfinite(c->high) && isfinite(c->low) &&
	    isfinite(c->close) && c->low <= lo && c->high >= hi &&
	    (isnan(c->volume) || c->volume >= 0);
}

/*
 * A row handed out by pe_reader_next: a valid candle, a symbol whose length
 * is what the row says, a line that never goes back.
 */
static inline void
fuzz_check_row(const struct pe_row *row, long *last_line)
{
	FUZZ_CHECK(fuzz_valid_candle(&row->c));
	FUZZ_CHECK(row->symbol != NULL);
	FUZZ_CHECK(strlen(row->symbol) == row->symbol_len);
	FUZZ_CHECK(row->line >= 1);
	FUZZ_CHECK(row->line >= *last_line);
	FUZZ_CHECK(row->has_tod == 0 || row->has_tod == 1);
	FUZZ_CHECK(row->has_volume == 0 || row->has_volume == 1);
	*last_line = row->line;
}

/*
 * An error from pe_reader_next: a known code, the code in err too, a
 * message; for a bad row a kind with a name.
 */
static inline void
fuzz_check_error(int rc, const struct pe_error *err, enum pe_bad bad)
{
	const char *name;

	FUZZ_CHECK(rc == PE_ERR_DATA || rc == PE_ERR_FORMAT ||
	    rc == PE_ERR_IO || rc == PE_ERR_NOMEM);
	FUZZ_CHECK(err->code == rc);
	FUZZ_CHECK(memchr(err->msg, '\0', sizeof err->msg) != NULL);
	FUZZ_CHECK(err->msg[0] != '\0');
	if (rc == PE_ERR_DATA) {
		FUZZ_CHECK(bad > PE_BAD_NONE && bad < PE_BAD_NKINDS);
		name = pe_bad_name(bad);
		FUZZ_CHECK(name != NULL && name[0] != '\0');
		FUZZ_CHECK(err->line >= 1);
	}
}

/*
 * Push a row into the series of its symbol (at most max rows in all, so
 * the checks after stay cheap).
 */
static inline void
fuzz_set_push(struct pe_set *set, const struct pe_row *row, size_t *pushed,
    size_t max)
{
	struct pe_series *s;

	if (set == NULL || *pushed >= max)
		return;
	s = pe_set_get(set, row->symbol, row->symbol_len);
	if (s == NULL)
		return;		/* out of memory: nothing to check */
	FUZZ_CHECK(s->symbol != NULL);
	FUZZ_CHECK(strlen(s->symbol) == row->symbol_len);
	FUZZ_CHECK(memcmp(s->symbol, row->symbol, row->symbol_len) == 0);
	FUZZ_CHECK(pe_set_get(set, row->symbol, row->symbol_len) == s);
	if (pe_series_push(s, &row->c, row->has_tod) == PE_OK)
		(*pushed)++;
}

/*
 * Every series of set: normalize (times strictly increasing, duplicates
 * counted, candles still valid), then resample to tf_ms (times strictly
 * increasing and on bucket starts, no more bars than before, still valid
 * except that summed volumes may overflow to infinity).
 */
static inline void
fuzz_check_set(struct pe_set *set, int64_t tf_ms)
{
	struct pe_candle c;
	struct pe_series *s;
	size_t i, j, n0, dups;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++) {
		s = set->v[i];
		n0 = s->n;
		dups = (size_t)-1;
		if (pe_series_normalize(s, &dups) != PE_OK)
			continue;
		FUZZ_CHECK(dups != (size_t)-1);
		FUZZ_CHECK(s->n + dups == n0);
		FUZZ_CHECK(n0 == 0 || s->n >= 1);
		for (j = 0; j < s->n; j++) {
			pe_series_get(s, j, &c);
			FUZZ_CHECK(fuzz_valid_candle(&c));
			if (j > 0)
				FUZZ_CHECK(s->time[j] > s->time[j - 1]);
		}
		n0 = s->n;
		pe_series_resample(s, tf_ms, NULL);
		FUZZ_CHECK(s->n <= n0);
		FUZZ_CHECK(n0 == 0 || s->n >= 1);
		for (j = 0; j < s->n; j++) {
			pe_series_get(s, j, &c);
			FUZZ_CHECK(isfinite(c.open) && isfinite(c.high) &&
			    isfinite(c.low) && isfinite(c.close));
			FUZZ_CHECK(c.low <= c.open && c.low <= c.close);
			FUZZ_CHECK(c.high >= c.open && c.high >= c.close);
			FUZZ_CHECK(isnan(c.volume) || c.volume >= 0);
			FUZZ_CHECK(c.time % tf_ms == 0);
			if (j > 0)
				FUZZ_CHECK(s->time[j] > s->time[j - 1]);
		}
	}
}

#define FUZZ_MAX_CALLS 100000	/* pe_reader_next calls per input */
#define FUZZ_MAX_PUSH 10000	/* rows kept for the series checks */

/* Physical lines in data (LF, CRLF or CR ends; a last line without one). */
static inline long
fuzz_count_lines(const uint8_t *data, size_t size)
{
	long n = 1;
	size_t i;

	for (i = 0; i < size; i++)
		if (data[i] == '\n' || (data[i] == '\r' &&
		    (i + 1 == size || data[i + 1] != '\n')))
			n++;
	return n;
}

/*
 * Read data (size > 0) to its end through a reader with opts, checking
 * every row and error; on_row (may be NULL) sees each good row.  A fatal
 * error must come back, with the same message, when asked again; each call
 * that is not the end consumes a line (without vendors' layouts: a
 * yfinance row holds a candle per ticker, a JSON document any number of
 * them on a line); the rows kept then pass
 * fuzz_check_set.  Returns the number of fatal PE_ERR_FORMAT errors (0 or
 * 1), for targets that can assert there are none.
 */
static inline int
fuzz_read_all(const uint8_t *data, size_t size, const char *path,
    const struct pe_read_opts *opts,
    void (*on_row)(const struct pe_row *row, void *ctx), void *ctx)
{
	struct pe_error err, again;
	struct pe_reader *r;
	struct pe_set *set;
	struct pe_row row;
	enum pe_bad bad;
	size_t pushed = 0;
	long last_line = 0, calls;
	int rc, formats = 0;
	FILE *fp;

	/* glibc's fmemopen refuses a size of 0. */
	if ((fp = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	if ((r = pe_reader_new(fp, path, opts)) == NULL) {
		fclose(fp);
		return 0;
	}
	set = pe_set_new();
	for (calls = 0; calls < FUZZ_MAX_CALLS; calls++) {
		pe_error_clear(&err);
		bad = PE_BAD_NONE;
		memset(&row, 0, sizeof row);
		rc = pe_reader_next(r, &row, &bad, &err);
		if (rc == 1)
			break;
		if (rc == PE_OK) {
			fuzz_check_row(&row, &last_line);
			fuzz_set_push(set, &row, &pushed, FUZZ_MAX_PUSH);
			if (on_row != NULL)
				on_row(&row, ctx);
			continue;
		}
		fuzz_check_error(rc, &err, bad);
		if (rc == PE_ERR_DATA)
			continue;
		formats += rc == PE_ERR_FORMAT;
		/* "calling again returns the same error" */
		pe_error_clear(&again);
		FUZZ_CHECK(pe_reader_next(r, &row, &bad, &again) == rc);
		FUZZ_CHECK(strcmp(again.msg, err.msg) == 0);
		break;
	}
	FUZZ_CHECK(calls <= fuzz_count_lines(data, size) || opts == NULL ||
	    opts->vendor != PE_VENDOR_NONE);
	pe_reader_free(r);
	fclose(fp);
	fuzz_check_set(set, 300000);
	pe_set_free(set);
	return formats;
}

#endif
