/*
 * pe_stats: the figures of a scan over many files, gathered in the
 * parent: outcomes per symbol, matches per formula, every forward return
 * (so the median is exact), matches per UTC day, the cache's counts; and
 * the summary, as text for people and as the JSON that pe-scan --summary
 * writes.  Nothing is printed here.
 *
 * Memory: a struct pe_stats owns its arrays; pe_stats_free releases them.
 *
 * Bloat: no percentiles but the median, no per-symbol figures, no
 * streaming statistics (every return is kept: 8 bytes a signal).
 */
#ifndef PE_STATS_H
#define PE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "pe_buf.h"
#include "pe_cache.h"
#include "pe_error.h"
#include "pe_plan.h"

/* Matches on one UTC day. */
struct pe_stats_day {
	int64_t day;		/* days since 1970-01-01 */
	uint64_t n;
};

/* One formula's forward returns, summed up; NaN where n is 0. */
struct pe_fwd {
	size_t n;
	double mean, median, positive, worst, best;
};

struct pe_stats {
	size_t nformulas;
	unsigned long ok, error, timeout, skipped;	/* symbols */
	unsigned long unopened;	/* of error: a file that could not be read */
	unsigned long stale;	/* of skipped: data older than the as-of */
	uint64_t *matches;	/* per formula */
	struct pe_cache_stats cache;
	/* the rest is the module's: */
	struct pe_stats_rets {
		double *v;
		size_t n, cap;
	} *rets;		/* per formula */
	struct pe_stats_day *days;	/* open addressing; INT64_MIN: empty */
	size_t ndays, ndays_cap;
	int packed;		/* days packed at the front (pe_stats_days) */
};

/* Empty figures for nformulas formulas.  PE_OK or PE_ERR_NOMEM. */
int pe_stats_init(struct pe_stats *st, size_t nformulas,
    struct pe_error *err);
void pe_stats_free(struct pe_stats *st);

/* A signal of formula fi with forward return r.  PE_OK or PE_ERR_NOMEM. */
int pe_stats_add_return(struct pe_stats *st, size_t fi, double r);

/* One more match on day.  PE_OK or PE_ERR_NOMEM.  Not after
 * pe_stats_days. */
int pe_stats_add_day(struct pe_stats *st, int64_t day);

/* Formula fi's forward returns summed up (its returns sorted in place). */
struct pe_fwd pe_stats_fwd(struct pe_stats *st, size_t fi);

/*
 * The days with matches, *days pointing at them (owned by st): by date,
 * or busiest first (ties by date).  Returns how many.  From the first
 * call on, no more days may be added.
 */
size_t pe_stats_days(struct pe_stats *st, int busiest_first,
    const struct pe_stats_day **days);

/* What the summary JSON says beside the figures. */
struct pe_stats_run {
	const struct pe_plan *plan;	/* the formulas: labels and texts */
	long fwd;		/* forward-return bars, 0: none */
	int dates;		/* include "dates" (pe-scan --all) */
	const char *cache_dir;	/* NULL: "cache":null */
	double elapsed;		/* seconds */
	long rss_parent, rss_worker;	/* peak KiB */
	int jobs;
	int interrupted;
};

/*
 * The summary JSON (one line, its newline) appended to b.  Each signal
 * formula (a value formula, pe-scan's --rank, has no matches and is left
 * out here and below) is named by its label (pe_plan.h, "Names");
 * "matches" also gives its source text, once:
 * {"formula":"f1","text":"rsi(14) < 30","count":3}.  PE_OK or
 * PE_ERR_NOMEM.
 */
int pe_stats_json(struct pe_stats *st, const struct pe_stats_run *run,
    struct pe_buf *b);

/*
 * The summary as people read it, appended to b, each line "PROG: ...":
 * symbols by outcome, each formula's matches (its label and text), the
 * forward returns, the cache's counts, the busiest dates, the time.
 * PE_OK or PE_ERR_NOMEM.
 */
int pe_stats_text(struct pe_stats *st, const struct pe_stats_run *run,
    const char *prog, struct pe_buf *b);

/* "2024-03-05" for day (days since 1970-01-01); buf holds 16 bytes. */
char *pe_stats_day_text(int64_t day, char *buf);

#endif
