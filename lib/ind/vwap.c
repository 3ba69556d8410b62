/*
 * vwap: volume-weighted average price of the typical price (H+L+C)/3.
 *
 * Definition: with tp = (H + L + C) / 3,
 *   vwap     = sum(tp * V) / sum(V), both sums from the first bar
 *              (period 0, the default: the cumulative form);
 *   vwap:N   = the same sums over the last N bars (a rolling VWAP),
 *              running sums as TA-Lib's SUM: the new term added, the
 *              quotient taken, the oldest term subtracted.
 * Where no bar of the window has a volume other than 0 (no trade at
 * all), the weights are taken as equal: the VWAP is then the plain mean
 * of tp over the same bars (sum(tp) / count), so a flat or volume-less
 * series still has a value.  That test counts the bars with V != 0, so
 * the rounding left in a running sum of fractional volumes is never
 * divided by.  Lookback 0 (cumulative) or N-1 (rolling).
 *
 *
 * svwap:H, the session VWAP: the cumulative form, restarted at the first
 * bar of each session.  A session is a day from H hours after midnight
 * UTC (H from -23 to 23, default 0: the UTC day); a bar belongs to the
 * session its start time falls in.  With H = 0 a US equity's intraday
 * bars (13:30 to 21:00 UTC) make one session a day; a market whose day
 * crosses midnight UTC (Sydney opens at 23:00 UTC in its summer) takes
 * the hour its session starts, -1 there.  Lookback 0.
 *
 * Bloat: no anchors other than the day (week, month, an event), no bands
 * (standard deviations around the VWAP); a session is a fixed shift of
 * the UTC day, not a local day with its daylight saving changes.
 */
#include "window.h"

struct vwap {
	struct pe_rsum pv, v, tp;	/* rolling form only */
	double spv, sv, stp, count;	/* cumulative form */
	uint32_t n;		/* 0: cumulative */
	uint32_t nz;		/* bars of the window with V != 0 */
	int64_t shift, day;	/* svwap: ms added to the time; its session */
};

#define DAY_MS	86400000LL

static void
vwap_init(void *st, const double *p, void *rings)
{
	struct vwap *s = st;
	uint32_t n = (uint32_t)p[0];

	memset(s, 0, sizeof *s);
	s->n = n;
	if (n > 0) {
		pe_rsum_init(&s->pv, rings, n);
		pe_rsum_init(&s->v, (char *)rings + pe_rsum_size(n), n);
		pe_rsum_init(&s->tp, (char *)rings + 2 * pe_rsum_size(n), n);
	}
}

static inline int
vwap_step(struct vwap *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double tp = (b->high + b->low + b->close) / 3.0;
	double pv = tp * b->volume, spv = 0, sv = 0, stp = 0, count;

	if (b->volume != 0.0 && s->nz < UINT32_MAX)
		s->nz++;
	if (s->n == 0) {
		s->spv += pv;
		s->sv += b->volume;
		s->stp += tp;
		s->count += 1;
		spv = s->spv;
		sv = s->sv;
		stp = s->stp;
		count = s->count;
	} else {
		int a, c;

		if (s->v.count == s->n)	/* the bar leaving the window */
			s->nz -= pe_ring_ago(&s->v.win, s->n - 1) != 0.0;
		a = pe_rsum_push(&s->pv, pv, &spv, u);
		c = pe_rsum_push(&s->tp, tp, &stp, u);
		if (!pe_rsum_push(&s->v, b->volume, &sv, u) || !a || !c)
			return 0;
		count = s->n;
	}
	out[0] = s->nz == 0 ? stp / count : spv / sv;
	return 1;
}

PE_IND_DEFINE(vwap, struct vwap, 1)

static void
svwap_init(void *st, const double *p, void *rings)
{
	struct vwap *s = st;

	(void)rings;
	memset(s, 0, sizeof *s);
	s->shift = -(int64_t)p[0] * 3600000;
	s->day = INT64_MIN;
}

/* The session of time t: floor((t + shift) / day), for negative times
 * too. */
static inline int64_t
session_of(int64_t t, int64_t shift)
{
	int64_t v = t + shift, d = v / DAY_MS;

	return d - (v % DAY_MS < 0);
}

static inline int
svwap_step(struct vwap *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	int64_t day = session_of(b->time, s->shift);

	if (day != s->day) {
		s->spv = s->sv = s->stp = s->count = 0;
		s->nz = 0;
		s->day = day;
	}
	return vwap_step(s, b, out, u);
}

PE_IND_DEFINE(svwap, struct vwap, 1)

static long
vwap_lookback(const double *p)
{
	return p[0] > 0 ? (long)p[0] - 1 : 0;
}

static size_t
vwap_rings(const double *p)
{
	return 3 * pe_rsum_size(p[0]);
}

const struct pe_ind_info pe_ind_vwap = {
	.name = "vwap",
	.desc = "volume-weighted average of (H+L+C)/3: cumulative "
	    "(period 0) or over the last n bars",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE | PE_IN_VOLUME,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 0, 0, 100000 } },
	.nout = 1,
	.out = { "vwap" },
	.lookback = vwap_lookback,
	.ring_size = vwap_rings,
	PE_IND_FUNCS(vwap, struct vwap),
};

static long
svwap_lookback(const double *p)
{
	(void)p;
	return 0;
}

const struct pe_ind_info pe_ind_svwap = {
	.name = "svwap",
	.desc = "session VWAP: the cumulative vwap restarted each day, the day "
	    "starting h hours after midnight UTC",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE | PE_IN_VOLUME |
	    PE_IN_TIME,
	.nparams = 1,
	.param = { { "hour", PE_P_INT, 0, -23, 23 } },
	.nout = 1,
	.out = { "svwap" },
	.lookback = svwap_lookback,
	PE_IND_FUNCS(svwap, struct vwap),
};
