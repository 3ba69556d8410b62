/*
 * test_series.c: pe_series (columns, normalize, append, resample) and
 * pe_set against lib/core/pe_series.h.  Resampled bars are checked against
 * values worked out by hand; everything allocated is freed (the suite also
 * runs under AddressSanitizer with leak detection).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pe_error.h"
#include "pe_series.h"
#include "pe_time.h"

#define MIN 60000LL
#define DAY PE_MS_PER_DAY

static struct pe_candle
mk(int64_t t, double o, double h, double l, double c, double v)
{
	struct pe_candle k;

	k.time = t;
	k.open = o;
	k.high = h;
	k.low = l;
	k.close = c;
	k.volume = v;
	return k;
}

static int
same_candle(const struct pe_candle *a, const struct pe_candle *b)
{
	return a->time == b->time && same_dbl(a->open, b->open) &&
	    same_dbl(a->high, b->high) && same_dbl(a->low, b->low) &&
	    same_dbl(a->close, b->close) && same_dbl(a->volume, b->volume);
}

static void
candle_text(const struct pe_candle *c, char *buf, size_t n)
{
	snprintf(buf, n, "{%" PRId64 " %g %g %g %g %g}", c->time, c->open,
	    c->high, c->low, c->close, c->volume);
}

/* Candle i of s equals want; the columns agree with pe_series_get. */
static void
expect_candle(const struct pe_series *s, size_t i,
    const struct pe_candle *want, const char *what)
{
	struct pe_candle got;
	char d[300], g[120], w[120];
	int ok;

	if (i >= s->n) {
		snprintf(d, sizeof d, "only %zu candles", s->n);
		h_report(0, __FILE__, __LINE__, d, "%s: candle %zu", what, i);
		return;
	}
	memset(&got, 0, sizeof got);
	pe_series_get(s, i, &got);
	ok = same_candle(&got, want) && s->time[i] == got.time &&
	    same_dbl(s->open[i], got.open) && same_dbl(s->high[i], got.high) &&
	    same_dbl(s->low[i], got.low) && same_dbl(s->close[i], got.close) &&
	    same_dbl(s->volume[i], got.volume);
	candle_text(&got, g, sizeof g);
	candle_text(want, w, sizeof w);
	snprintf(d, sizeof d, "got %s, expected %s", g, w);
	h_report(ok, __FILE__, __LINE__, d, "%s: candle %zu", what, i);
}

static void
test_basics(void)
{
	char name[] = "AAPL";
	struct pe_series *s;
	struct pe_candle c[3], got;
	size_t cap;
	int rc;

	s = pe_series_new(name);
	if (!CHECK(s != NULL, "pe_series_new returns a series"))
		return;
	name[0] = 'X';
	CHECK_STR(s->symbol, "AAPL", "the symbol is copied");
	CHECK(s->n == 0 && s->date_only == 1 && s->has_volume == 0,
	    "a new series is empty, date_only 1, has_volume 0 (n %zu, "
	    "date_only %d, has_volume %d)", s->n, s->date_only, s->has_volume);

	c[0] = mk(1000, 1, 2, 0.5, 1.5, NAN);
	c[1] = mk(2000, 1.5, 3, 1, 2.5, 1000);
	c[2] = mk(3000, 2.5, 2.5, 2, 2, 0);
	rc = pe_series_push(s, &c[0], 0);
	CHECK(rc == PE_OK && s->n == 1 && s->date_only == 1 &&
	    s->has_volume == 0, "push a date-only candle without volume: "
	    "date_only 1, has_volume 0 (rc %d, date_only %d, has_volume %d)",
	    rc, s->date_only, s->has_volume);
	rc = pe_series_push(s, &c[1], 0);
	CHECK(rc == PE_OK && s->n == 2 && s->date_only == 1 &&
	    s->has_volume == 1, "push a candle with a volume: has_volume 1 "
	    "(rc %d, date_only %d, has_volume %d)", rc, s->date_only,
	    s->has_volume);
	rc = pe_series_push(s, &c[2], 1);
	CHECK(rc == PE_OK && s->n == 3 && s->date_only == 0 &&
	    s->has_volume == 1, "push a candle with a time of day: date_only 0 "
	    "(rc %d, date_only %d, has_volume %d)", rc, s->date_only,
	    s->has_volume);
	CHECK(s->cap >= s->n, "cap %zu >= n %zu", s->cap, s->n);
	expect_candle(s, 0, &c[0], "push/get");
	expect_candle(s, 1, &c[1], "push/get");
	expect_candle(s, 2, &c[2], "push/get");

	cap = s->cap;
	pe_series_clear(s);
	CHECK(s->n == 0 && s->date_only == 1 && s->cap == cap &&
	    s->symbol != NULL && strcmp(s->symbol, "AAPL") == 0,
	    "clear empties, keeps memory and symbol, date_only back to 1");
	rc = pe_series_push(s, &c[1], 0);
	memset(&got, 0, sizeof got);
	pe_series_get(s, 0, &got);
	CHECK(rc == PE_OK && s->n == 1 && same_candle(&got, &c[1]),
	    "push after clear");
	pe_series_free(s);
	pe_series_free(NULL);
	CHECK(1, "pe_series_free(NULL) is harmless");
}

static void
test_growth(void)
{
	struct pe_series *a, *b;
	struct agg ga = { 0 }, gb = { 0 };
	struct pe_candle c, got;
	size_t i, n = 100000;
	int rc;

	a = pe_series_new("RESERVED");
	b = pe_series_new("GROWN");
	if (!CHECK(a != NULL && b != NULL, "two new series"))
		goto out;
	rc = pe_series_reserve(a, n);
	CHECK(rc == PE_OK && a->cap >= n && a->n == 0,
	    "reserve 1e5: rc %d, cap %zu", rc, a->cap);
	for (i = 0; i < n; i++) {
		c = mk((int64_t)i * MIN, (double)i, (double)i + 2,
		    (double)i - 1, (double)i + 1, (double)(i % 7));
		ga.total++;
		gb.total++;
		if (pe_series_push(a, &c, 1) != PE_OK)
			agg_fail(&ga, "push %zu failed", i);
		if (pe_series_push(b, &c, 1) != PE_OK)
			agg_fail(&gb, "push %zu failed", i);
	}
	for (i = 0; i < n; i++) {
		c = mk((int64_t)i * MIN, (double)i, (double)i + 2,
		    (double)i - 1, (double)i + 1, (double)(i % 7));
		pe_series_get(a, i, &got);
		if (!same_candle(&got, &c))
			agg_fail(&ga, "candle %zu differs", i);
		pe_series_get(b, i, &got);
		if (!same_candle(&got, &c) || b->close[i] != c.close)
			agg_fail(&gb, "candle %zu differs", i);
	}
	if (a->n != n || a->cap < n)
		agg_fail(&ga, "n %zu, cap %zu", a->n, a->cap);
	if (b->n != n || b->cap < n)
		agg_fail(&gb, "n %zu, cap %zu", b->n, b->cap);
	CHECK_AGG(ga, "reserve then push 1e5 candles: all read back");
	CHECK_AGG(gb, "push 1e5 candles growing from empty: all read back");

	rc = pe_series_reserve(b, 10);
	pe_series_get(b, n - 1, &got);
	CHECK(rc == PE_OK && b->n == n && got.time == (int64_t)(n - 1) * MIN,
	    "reserve below n keeps the candles");
out:
	pe_series_free(a);
	pe_series_free(b);
}

/* A series of rows (time, close = row number, other columns from it). */
static struct pe_series *
rows(const char *sym, const int64_t *t, size_t n)
{
	struct pe_series *s = pe_series_new(sym);
	struct pe_candle c;
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		c = mk(t[i], (double)i + 0.25, (double)i + 1, (double)i - 1,
		    (double)i, (double)i * 10);
		if (pe_series_push(s, &c, 1) != PE_OK) {
			pe_series_free(s);
			return NULL;
		}
	}
	return s;
}

/* s's times, in order, and the row each candle came from (its close). */
static int
has_rows(const struct pe_series *s, const int64_t *t, const int *row,
    size_t n, char *d, size_t dn)
{
	size_t i;

	if (s->n != n) {
		snprintf(d, dn, "n %zu, expected %zu", s->n, n);
		return 0;
	}
	for (i = 0; i < n; i++) {
		double r = row[i];

		if (s->time[i] != t[i] || s->close[i] != r ||
		    s->open[i] != r + 0.25 || s->high[i] != r + 1 ||
		    s->low[i] != r - 1 || s->volume[i] != r * 10) {
			snprintf(d, dn, "candle %zu: time %" PRId64 " close %g "
			    "open %g, expected time %" PRId64 " row %d", i,
			    s->time[i], s->close[i], s->open[i], t[i], row[i]);
			return 0;
		}
	}
	return 1;
}

static void
test_normalize(void)
{
	static const int64_t sorted_t[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	static const int sorted_r[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	static const int64_t rev_t[] = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
	static const int rev_r[] = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
	static const int64_t dup_t[] = { 3, 1, 2, 1, 3 };
	static const int64_t dup_want_t[] = { 1, 2, 3 };
	static const int dup_want_r[] = { 3, 2, 4 };
	static const int64_t neg_t[] = { 5, -5, 0, -5, -10 };
	static const int64_t neg_want_t[] = { -10, -5, 0, 5 };
	static const int neg_want_r[] = { 4, 3, 2, 0 };
	struct pe_series *s;
	size_t dups;
	char d[200] = "";
	int rc;

	s = rows("S", sorted_t, 10);
	dups = 99;
	rc = s ? pe_series_normalize(s, &dups) : -1;
	h_report(rc == PE_OK && dups == 0 && has_rows(s, sorted_t, sorted_r,
	    10, d, sizeof d), __FILE__, __LINE__, d,
	    "normalize sorted input: unchanged, 0 dups (rc %d, dups %zu)", rc,
	    dups);
	pe_series_free(s);

	s = rows("R", rev_t, 10);
	dups = 99;
	rc = s ? pe_series_normalize(s, &dups) : -1;
	h_report(rc == PE_OK && dups == 0 && has_rows(s, sorted_t, rev_r, 10,
	    d, sizeof d), __FILE__, __LINE__, d,
	    "normalize reversed input: sorted, every column moved with its "
	    "time (rc %d, dups %zu)", rc, dups);
	pe_series_free(s);

	s = rows("D", dup_t, 5);
	dups = 99;
	rc = s ? pe_series_normalize(s, &dups) : -1;
	h_report(rc == PE_OK && dups == 2 && has_rows(s, dup_want_t,
	    dup_want_r, 3, d, sizeof d), __FILE__, __LINE__, d,
	    "normalize {3,1,2,1,3}: {1,2,3}, the later row wins, 2 dups "
	    "(rc %d, dups %zu)", rc, dups);
	pe_series_free(s);

	s = rows("N", neg_t, 5);
	rc = s ? pe_series_normalize(s, NULL) : -1;
	h_report(rc == PE_OK && has_rows(s, neg_want_t, neg_want_r, 4, d,
	    sizeof d), __FILE__, __LINE__, d,
	    "normalize negative times with dups NULL (rc %d)", rc);
	pe_series_free(s);

	s = pe_series_new("E");
	dups = 99;
	rc = s ? pe_series_normalize(s, &dups) : -1;
	CHECK(rc == PE_OK && dups == 0 && s->n == 0,
	    "normalize an empty series (rc %d, dups %zu)", rc, dups);
	pe_series_free(s);

	/* Many rows over few times: stable, the last row of each time wins. */
	{
		enum { NROWS = 5000, NTIMES = 200 };
		static int64_t t[NROWS], wt[NTIMES];
		static int last[NTIMES], wr[NTIMES];
		size_t i, k = 0;

		for (i = 0; i < NTIMES; i++)
			last[i] = -1;
		for (i = 0; i < NROWS; i++) {
			int slot = (int)(rng() % NTIMES);

			t[i] = (int64_t)(slot - 50) * MIN;
			last[slot] = (int)i;
		}
		for (i = 0; i < NTIMES; i++)
			if (last[i] >= 0) {
				wt[k] = (int64_t)((int)i - 50) * MIN;
				wr[k++] = last[i];
			}
		s = rows("M", t, NROWS);
		dups = 0;
		rc = s ? pe_series_normalize(s, &dups) : -1;
		h_report(rc == PE_OK && dups == NROWS - k && has_rows(s, wt, wr,
		    k, d, sizeof d), __FILE__, __LINE__, d,
		    "normalize 5000 shuffled rows over %zu times: the last "
		    "row of each time wins, %zu dups (got %zu)", k,
		    NROWS - k, dups);
		pe_series_free(s);
	}

	/* A long series in reverse order. */
	{
		enum { N = 100000 };
		static int64_t t[N], wt[N];
		static int wr[N];
		size_t i;

		for (i = 0; i < N; i++) {
			t[i] = (int64_t)(N - 1 - i) * MIN;
			wt[i] = (int64_t)i * MIN;
			wr[i] = (int)(N - 1 - i);
		}
		s = rows("L", t, N);
		rc = s ? pe_series_normalize(s, &dups) : -1;
		h_report(rc == PE_OK && dups == 0 && has_rows(s, wt, wr, N, d,
		    sizeof d), __FILE__, __LINE__, d,
		    "normalize 1e5 reversed candles");
		pe_series_free(s);
	}
}

static void
test_append(void)
{
	struct pe_series *dst, *src, *empty;
	struct pe_candle c, got;
	struct agg a = { 0 };
	size_t i, dups = 99;
	int rc;

	dst = pe_series_new("X");
	src = pe_series_new("X");
	empty = pe_series_new("X");
	if (!CHECK(dst && src && empty, "three new series"))
		goto out;
	for (i = 1; i <= 5; i++) {
		c = mk((int64_t)i * DAY, 1, 1, 1, 1, NAN);
		pe_series_push(dst, &c, 0);
	}
	for (i = 4; i <= 8; i++) {
		c = mk((int64_t)i * DAY, 2, 2, 2, 2, 10);
		pe_series_push(src, &c, 1);
	}
	rc = pe_series_append(dst, src);
	CHECK(rc == PE_OK && dst->n == 10 && src->n == 5,
	    "append 5 to 5 gives 10, src unchanged (rc %d, n %zu, src n %zu)",
	    rc, dst->n, src->n);
	for (i = 0; i < 5; i++) {
		pe_series_get(src, i, &got);
		c = mk((int64_t)(i + 4) * DAY, 2, 2, 2, 2, 10);
		if (!same_candle(&got, &c))
			agg_fail(&a, "src candle %zu changed", i);
	}
	CHECK_AGG(a, "append leaves src's candles as they were");
	CHECK(dst->date_only == 0 && dst->has_volume == 1,
	    "append combines date_only (1 and 0: 0) and has_volume (0 and 1: "
	    "1): got %d, %d", dst->date_only, dst->has_volume);
	rc = pe_series_normalize(dst, &dups);
	CHECK(rc == PE_OK && dups == 2 && dst->n == 8,
	    "merge by append and normalize: 8 candles, 2 dups (rc %d, n %zu, "
	    "dups %zu)", rc, dst->n, dups);
	memset(&a, 0, sizeof a);
	for (i = 0; i < dst->n && i < 8; i++) {
		double want = i + 1 >= 4 ? 2 : 1;

		a.total++;
		if (dst->time[i] != (int64_t)(i + 1) * DAY ||
		    dst->close[i] != want)
			agg_fail(&a, "candle %zu: time %" PRId64 " close %g, "
			    "expected day %zu close %g", i, dst->time[i],
			    dst->close[i], i + 1, want);
	}
	CHECK_AGG(a, "after the merge the new candles win on days 4 and 5");

	rc = pe_series_append(dst, empty);
	CHECK(rc == PE_OK && dst->n == 8 && dst->date_only == 0 &&
	    dst->has_volume == 1, "append an empty series changes nothing");
	rc = pe_series_append(empty, src);
	CHECK(rc == PE_OK && empty->n == 5 && empty->date_only == 0 &&
	    empty->has_volume == 1, "append to an empty series copies src");
out:
	pe_series_free(dst);
	pe_series_free(src);
	pe_series_free(empty);
}

static struct pe_series *
from_candles(const struct pe_candle *c, size_t n, int has_tod)
{
	struct pe_series *s = pe_series_new("T");
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (pe_series_push(s, &c[i], has_tod) != PE_OK) {
			pe_series_free(s);
			return NULL;
		}
	return s;
}

static void
expect_series(const struct pe_series *s, const struct pe_candle *want,
    size_t n, const char *what)
{
	size_t i;

	CHECK(s->n == n, "%s: %zu bars (got %zu)", what, n, s->n);
	for (i = 0; i < n; i++)
		expect_candle(s, i, &want[i], what);
}

static void
test_resample(void)
{
	/* 2024-01-02T09:30Z */
	const int64_t b = 1704187800000LL;
	const struct pe_candle m1[] = {
		mk(b + 1 * MIN, 10, 12, 9, 11, 100),
		mk(b + 2 * MIN, 11, 15, 10, 14, 200),
		mk(b + 3 * MIN, 14, 14, 8, 9, 300),
		mk(b + 4 * MIN, 9, 10, 7, 10, 400),
		mk(b + 5 * MIN, 10, 11, 9, 11, 50),
		mk(b + 6 * MIN, 11, 13, 11, 12, 60),
		mk(b + 7 * MIN, 12, 20, 12, 19, 70),
		mk(b + 8 * MIN, 19, 19, 5, 6, 80),
		mk(b + 9 * MIN, 6, 8, 6, 7, 90),
		mk(b + 10 * MIN, 7, 9, 7, 8, 1),
		mk(b + 12 * MIN, 8, 8, 3, 4, 2),
		mk(b + 14 * MIN, 4, 6, 4, 5, 3),
		mk(b + 25 * MIN, 5, 7, 4, 6, 10),
	};
	const struct pe_candle m5[] = {
		mk(b, 10, 15, 7, 10, 1000),
		mk(b + 5 * MIN, 10, 20, 5, 7, 350),
		mk(b + 10 * MIN, 7, 9, 3, 5, 6),
		mk(b + 25 * MIN, 5, 7, 4, 6, 10),
	};
	/* Days 2023-12-29 (Fri) .. 2024-01-10 (Wed); day 19723 = 01-01 */
	const int64_t jan1 = 19723 * DAY;
	const struct pe_candle d1[] = {
		mk(jan1 - 3 * DAY, 1, 2, 0.5, 1.5, 10),
		mk(jan1 + 1 * DAY, 2, 3, 1.5, 2.5, 20),
		mk(jan1 + 2 * DAY, 2.5, 4, 2, 3, 30),
		mk(jan1 + 3 * DAY, 3, 3.5, 1, 1.25, 40),
		mk(jan1 + 4 * DAY, 1.25, 2, 1.25, 1.75, 50),
		mk(jan1 + 6 * DAY, 1.75, 1.75, 1.1, 1.5, 60),
		mk(jan1 + 7 * DAY, 1.5, 5, 1.5, 4.5, 70),
		mk(jan1 + 9 * DAY, 4.5, 4.75, 0.25, 0.5, 80),
	};
	const struct pe_candle w1[] = {
		mk(jan1 - 7 * DAY, 1, 2, 0.5, 1.5, 10),
		mk(jan1, 2, 4, 1, 1.5, 200),
		mk(jan1 + 7 * DAY, 1.5, 5, 0.25, 0.5, 150),
	};
	/* Across the epoch: 1969-12-31T23:58, 23:59, 1970-01-01T00:00, 00:01 */
	const struct pe_candle e1[] = {
		mk(-2 * MIN, 1, 2, 1, 2, 1),
		mk(-1 * MIN, 2, 3, 2, 3, 2),
		mk(0, 3, 4, 3, 4, 4),
		mk(1 * MIN, 4, 5, 1, 2, 8),
	};
	const struct pe_candle h1[] = {
		mk(-60 * MIN, 1, 3, 1, 3, 3),
		mk(0, 3, 5, 1, 2, 12),
	};
	struct pe_series *s;
	size_t i;

	s = from_candles(m1, sizeof m1 / sizeof m1[0], 1);
	if (s != NULL) {
		pe_series_resample(s, 5 * MIN, NULL);
		expect_series(s, m5, sizeof m5 / sizeof m5[0], "1m to 5m");
		pe_series_free(s);
	}

	s = from_candles(m1, sizeof m1 / sizeof m1[0], 1);
	if (s != NULL) {
		pe_series_resample(s, MIN, NULL);
		expect_series(s, m1, sizeof m1 / sizeof m1[0],
		    "1m to 1m changes nothing");
		pe_series_free(s);
	}

	s = from_candles(d1, sizeof d1 / sizeof d1[0], 0);
	if (s != NULL) {
		pe_series_resample(s, 7 * DAY, NULL);
		expect_series(s, w1, sizeof w1 / sizeof w1[0],
		    "1d to 1w, Monday buckets");
		pe_series_free(s);
	}

	s = from_candles(e1, sizeof e1 / sizeof e1[0], 1);
	if (s != NULL) {
		pe_series_resample(s, 60 * MIN, NULL);
		expect_series(s, h1, sizeof h1 / sizeof h1[0],
		    "1m to 1h across the epoch (negative times floor)");
		pe_series_free(s);
	}

	/* Without volume, the volume stays NaN. */
	s = pe_series_new("FX");
	if (s != NULL) {
		int all_nan = 1;

		for (i = 0; i < sizeof m1 / sizeof m1[0]; i++) {
			struct pe_candle c = m1[i];

			c.volume = NAN;
			pe_series_push(s, &c, 1);
		}
		pe_series_resample(s, 5 * MIN, NULL);
		for (i = 0; i < s->n; i++)
			if (!isnan(s->volume[i]))
				all_nan = 0;
		CHECK(s->n == 4 && s->has_volume == 0 && all_nan &&
		    s->close[1] == 7, "1m to 5m without volume: 4 bars, volume "
		    "NaN, has_volume 0");
		pe_series_free(s);
	}

	s = pe_series_new("EMPTY");
	if (s != NULL) {
		pe_series_resample(s, DAY, NULL);
		CHECK(s->n == 0, "resample an empty series");
		pe_series_free(s);
	}

	/* Three days of random minute bars to 1h, 4h and 1d, by brute force. */
	{
		static const int64_t tfs[] = { 60 * MIN, 240 * MIN, DAY };
		size_t k;

		for (k = 0; k < 3; k++) {
			struct agg a = { 0 };
			struct pe_series *src = pe_series_new("R");
			struct pe_candle c;
			int64_t t0 = jan1 - DAY, bucket, cur = INT64_MIN;
			double o = 0, h = 0, l = 0, cl = 0, v = 0, p = 100;
			size_t nb = 0, j = 0;

			s = pe_series_new("R");
			if (src == NULL || s == NULL) {
				pe_series_free(src);
				pe_series_free(s);
				continue;
			}
			for (i = 0; i < 3 * 1440; i++) {
				double a1, a2;

				if (rng() % 5 == 0)
					continue;	/* a gap */
				a1 = p + (double)(rng() % 100) / 100;
				a2 = p - (double)(rng() % 100) / 100;
				c = mk(t0 + (int64_t)i * MIN, p, a1 + 0.5,
				    a2 - 0.5, a1, (double)(rng() % 1000));
				p = a1;
				pe_series_push(s, &c, 1);
				/* the expected bars, accumulated in src */
				bucket = t0 + ((int64_t)i * MIN / tfs[k]) *
				    tfs[k];
				if (bucket != cur) {
					if (cur != INT64_MIN) {
						struct pe_candle e = mk(cur, o,
						    h, l, cl, v);
						pe_series_push(src, &e, 1);
					}
					cur = bucket;
					o = c.open, h = c.high, l = c.low;
					v = 0;
				}
				h = c.high > h ? c.high : h;
				l = c.low < l ? c.low : l;
				cl = c.close;
				v += c.volume;
			}
			{
				struct pe_candle e = mk(cur, o, h, l, cl, v);

				pe_series_push(src, &e, 1);
			}
			pe_series_resample(s, tfs[k], NULL);
			nb = src->n;
			a.total = (long)nb;
			if (s->n != nb)
				agg_fail(&a, "%zu bars, expected %zu", s->n,
				    nb);
			for (j = 0; j < nb && j < s->n; j++) {
				struct pe_candle g, w;

				pe_series_get(s, j, &g);
				pe_series_get(src, j, &w);
				/* volume sums may differ in the last bit */
				if (g.time != w.time || g.open != w.open ||
				    g.high != w.high || g.low != w.low ||
				    g.close != w.close ||
				    fabs(g.volume - w.volume) > 1e-9 *
				    fabs(w.volume)) {
					char gs[120], ws[120];

					candle_text(&g, gs, sizeof gs);
					candle_text(&w, ws, sizeof ws);
					agg_fail(&a, "bar %zu: got %s, expected "
					    "%s", j, gs, ws);
				}
			}
			CHECK_AGG(a, "3 days of random 1m bars with gaps to %"
			    PRId64 " min", (int64_t)(tfs[k] / MIN));
			pe_series_free(src);
			pe_series_free(s);
		}
	}
}

static void
test_set(void)
{
	struct pe_set *set;
	struct pe_series *a, *a2, *b, *ab, *one;
	struct pe_series **made;
	struct agg g = { 0 };
	char name[32];
	size_t i, base;
	struct pe_candle c = mk(0, 1, 1, 1, 1, 1);

	set = pe_set_new();
	if (!CHECK(set != NULL, "pe_set_new returns a set"))
		return;
	CHECK(set->n == 0, "a new set is empty");
	a = pe_set_get(set, "AAPL", 4);
	a2 = pe_set_get(set, "AAPL", 4);
	b = pe_set_get(set, "MSFT", 4);
	ab = pe_set_get(set, "AAPLX", 4);
	CHECK(a != NULL && a == a2 && a == ab,
	    "the same symbol gives the same series (len respected)");
	CHECK(b != NULL && b != a, "another symbol gives another series");
	CHECK(a && b && strcmp(a->symbol, "AAPL") == 0 &&
	    strcmp(b->symbol, "MSFT") == 0, "series are named by symbol");
	CHECK(set->n == 2 && set->v[0] == a && set->v[1] == b,
	    "order of first appearance (n %zu)", set->n);
	one = pe_set_get(set, "A", 1);
	CHECK(one != NULL && one != a && set->n == 3 &&
	    strcmp(one->symbol, "A") == 0, "\"A\" differs from \"AAPL\"");
	if (a != NULL && pe_series_push(a, &c, 1) == PE_OK)
		CHECK(pe_set_get(set, "AAPL", 4)->n == 1,
		    "a series from the set keeps what is pushed into it");

	base = set->n;
	made = calloc(1000, sizeof *made);
	if (made == NULL) {
		pe_set_free(set);
		return;
	}
	for (i = 0; i < 1000; i++) {
		int len = snprintf(name, sizeof name, "SYM%04zu", i);

		made[i] = pe_set_get(set, name, (size_t)len);
		g.total++;
		if (made[i] == NULL)
			agg_fail(&g, "%s: NULL", name);
	}
	for (i = 1000; i-- > 0;) {
		int len = snprintf(name, sizeof name, "SYM%04zu", i);

		if (pe_set_get(set, name, (size_t)len) != made[i])
			agg_fail(&g, "%s: a different series the second time",
			    name);
	}
	if (set->n != base + 1000)
		agg_fail(&g, "n %zu, expected %zu", set->n, base + 1000);
	for (i = 0; i < 1000 && base + i < set->n; i++) {
		snprintf(name, sizeof name, "SYM%04zu", i);
		if (set->v[base + i] != made[i] ||
		    strcmp(set->v[base + i]->symbol, name) != 0)
			agg_fail(&g, "v[%zu] is not %s", base + i, name);
	}
	CHECK_AGG(g, "1000 symbols: each found again, kept in order of first "
	    "appearance");
	CHECK(set->nslots > set->n, "the hash grew: %zu slots for %zu series",
	    set->nslots, set->n);
	CHECK(pe_set_get(set, "AAPL", 4) == a && set->v[0] == a,
	    "the first symbols are still found after the growth");
	free(made);
	pe_set_free(set);
	pe_set_free(NULL);
	CHECK(1, "pe_set_free(NULL) is harmless");
}

int
main(void)
{
	rng_state = 0x853c49e6748fea9bULL;	/* the seed its sweeps were written with */
	test_basics();
	test_growth();
	test_normalize();
	test_append();
	test_resample();
	test_set();
	return done();
}
