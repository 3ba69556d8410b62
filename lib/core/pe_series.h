/*
 * pe_series: the candles of one symbol, held as columns, oldest first.
 *
 * A series owns its columns and its symbol string; pe_series_free releases
 * both.  Columns grow by doubling.  volume is NaN throughout when the input
 * had no volume (has_volume 0).
 *
 * Bloat: no views, no sharing between series, no time index (times are
 * kept strictly increasing by the code that fills a series, so a binary
 * search over time[] is all a caller needs).
 */
#ifndef PE_SERIES_H
#define PE_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "pe_time.h"

struct pe_candle {
	int64_t time;		/* UTC milliseconds */
	double open, high, low, close, volume;	/* volume NaN when absent */
};

struct pe_series {
	char *symbol;
	size_t n, cap;
	int64_t *time;
	double *open, *high, *low, *close, *volume;
	int has_volume;		/* some candle had a volume */
	int date_only;		/* no candle had a time of day */
};

/*
 * A new empty series for symbol (copied).  Returns NULL when out of memory.
 * date_only starts at 1 and has_volume at 0; pe_series_push keeps them.
 */
struct pe_series *pe_series_new(const char *symbol);
void pe_series_free(struct pe_series *s);

/* Make room for at least cap candles.  Returns PE_OK or PE_ERR_NOMEM. */
int pe_series_reserve(struct pe_series *s, size_t cap);

/*
 * Append c.  has_tod says whether its time was given with a time of day.
 * Returns PE_OK or PE_ERR_NOMEM.  Order is not checked here.
 */
int pe_series_push(struct pe_series *s, const struct pe_candle *c,
    int has_tod);

/* Candle i of s into *c. */
void pe_series_get(const struct pe_series *s, size_t i, struct pe_candle *c);

/* Empty s (keeping its memory and symbol); date_only back to 1. */
void pe_series_clear(struct pe_series *s);

/*
 * Append every candle of src to dst (src is not changed).  dst's date_only
 * and has_volume combine both.  Returns PE_OK or PE_ERR_NOMEM.
 */
int pe_series_append(struct pe_series *dst, const struct pe_series *src);

/*
 * Sort s by time, stably, and keep only the last of candles with the same
 * time (the later row wins).  Already sorted input costs one pass.  Returns
 * PE_OK or PE_ERR_NOMEM; *dups (may be NULL) gets the number of candles
 * removed.
 */
int pe_series_normalize(struct pe_series *s, size_t *dups);

/*
 * Resample a normalized series in place to buckets of timeframe tf (from
 * pe_timeframe_parse; 0: keep the bars as they are) on the wall clock of
 * the pe_tz_set zone (pe_timeframe_bucket): each bar labelled with its
 * bucket's start, open first, high max, low min, close last, volume
 * sum.  With a session (may be NULL), the bars outside it are dropped
 * first (a series of dates keeps every bar), and a session that crosses
 * midnight makes the day it ends on.  A timeframe of days or longer
 * leaves a series of dates (date_only).
 */
void pe_series_resample(struct pe_series *s, int64_t tf,
    const struct pe_session *session);

/*
 * A series whose times are all at midnight on the wall clock of the
 * pe_tz_set zone (UTC when none), as a daily file with times written
 * out, becomes a series of dates: each time its local date's UTC
 * midnight, date_only 1.  Returns whether it did; a series of dates
 * already, one of fewer than two bars (a lone bar at midnight may be an
 * hour's) or one with a time of day is left alone.
 */
int pe_series_dates(struct pe_series *s);

/* The first bar of s whose time is >= t, s->n when none (binary search:
 * times strictly increase). */
size_t pe_series_lower_bound(const struct pe_series *s, int64_t t);

/*
 * A set of series keyed by symbol, kept in order of first appearance.  The
 * set owns its series.
 */
struct pe_set {
	struct pe_series **v;
	size_t n, cap;
	size_t *slots;		/* open-addressing hash: index + 1, 0 empty */
	size_t nslots;
};

struct pe_set *pe_set_new(void);
void pe_set_free(struct pe_set *set);

/*
 * The series for symbol[0..len), created empty if it is new.  Returns NULL
 * when out of memory.
 */
struct pe_series *pe_set_get(struct pe_set *set, const char *symbol,
    size_t len);

#endif
