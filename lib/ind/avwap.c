/*
 * avwap: anchored VWAP (Brian Shannon, "Maximum Trading Gains with
 * Anchored VWAP", 2023): the cumulative VWAP of the typical price, from
 * the first bar of a date on.
 *
 * Definition: with tp = (H + L + C) / 3, from the anchor bar on,
 *   avwap = sum(tp V) / sum(V)
 * and no value before it.  The anchor bar is the first bar whose time
 * (UTC) falls on or after the date, given as the number YYYYMMDD
 * (avwap:20240102: the formula language and specs have numbers, not
 * dates); 0, the default, anchors at the first bar: the cumulative vwap.
 * Where no bar since the anchor has a volume other than 0, the weights
 * are equal (the plain mean of tp), as vwap does.  Lookback 0: a bar
 * before the date has no value, and how many there are depends on the
 * bars' times, which no lookback can know.  Bars without a time (time 0,
 * 1970-01-01) lie before any date but 0.
 *
 * Bloat: no time of day in the anchor, no anchor at an event (a high, a
 * gap): such an anchor would be a date the caller finds.
 */
#include <stdio.h>

#include "ind.h"
#include "pe_time.h"

struct avwap {
	double spv, sv, stp, count;
	int64_t anchor;		/* ms of the date's midnight UTC */
	uint32_t nz;		/* bars since the anchor with V != 0 */
	int on;			/* the anchor bar has come */
};

/* The date YYYYMMDD as days since 1970-01-01, or -1 when not a date. */
static int
avwap_days(double date, int64_t *days)
{
	int64_t v = (int64_t)date, y = v / 10000, yy;
	unsigned m = (unsigned)(v / 100 % 100), d = (unsigned)(v % 100), mm,
	    dd;

	if (m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*days = pe_time_days_from_civil(y, m, d);
	pe_time_civil_from_days(*days, &yy, &mm, &dd);
	return yy == y && mm == m && dd == d ? 0 : -1;
}

static int
avwap_check(const double *p, char *why, size_t n)
{
	int64_t days;

	if (p[0] == 0 || avwap_days(p[0], &days) == 0)
		return 0;
	snprintf(why, n, "date %.0f is not a date YYYYMMDD (or 0)", p[0]);
	return -1;
}

static void
avwap_init(void *st, const double *p, void *rings)
{
	struct avwap *s = st;
	int64_t days = 0;

	(void)rings;
	memset(s, 0, sizeof *s);
	s->anchor = INT64_MIN;
	if (p[0] != 0 && avwap_days(p[0], &days) == 0)
		s->anchor = days * PE_MS_PER_DAY;
}

static inline int
avwap_step(struct avwap *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double tp = (b->high + b->low + b->close) / 3.0;

	(void)u;
	if (!s->on && b->time < s->anchor)
		return 0;
	s->on = 1;
	if (b->volume != 0.0 && s->nz < UINT32_MAX)
		s->nz++;
	s->spv += tp * b->volume;
	s->sv += b->volume;
	s->stp += tp;
	s->count += 1;
	out[0] = s->nz == 0 ? s->stp / s->count : s->spv / s->sv;
	return 1;
}

PE_IND_DEFINE(avwap, struct avwap, 1)

static long
avwap_lookback(const double *p)
{
	(void)p;
	return 0;
}

const struct pe_ind_info pe_ind_avwap = {
	.name = "avwap",
	.desc = "anchored VWAP: the cumulative vwap from the first bar on or "
	    "after the date YYYYMMDD (0: the first bar)",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE | PE_IN_VOLUME |
	    PE_IN_TIME,
	.nparams = 1,
	.param = { { "date", PE_P_INT, 0, 0, 99991231 } },
	.nout = 1,
	.out = { "avwap" },
	.lookback = avwap_lookback,
	.check = avwap_check,
	PE_IND_FUNCS(avwap, struct avwap),
};
