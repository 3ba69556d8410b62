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
		pe_series_resample(s, tf_ms);
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

#endif
