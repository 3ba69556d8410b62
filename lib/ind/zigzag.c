/*
 * zigzag: a causal ZigZag: swing highs and lows of x that reverse by at
 * least a percentage, each confirmed only once price has reversed by that
 * much from it (Arthur Merrill's filtered waves, "Filtered Waves", 1977,
 * whose chart form most charting tools draw as ZigZag).
 *
 * Definition, with t = percent / 100.  The leg in progress has a running
 * extreme e (the highest x since the last low pivot on an up leg, the
 * lowest since the last high on a down leg):
 *   up leg    x > e: e = x;  x <= e (1 - t): e is confirmed a high
 *             pivot at its bar, a down leg starts with e = x
 *   down leg  x < e: e = x;  x >= e (1 + t): e is confirmed a low pivot,
 *             an up leg starts with e = x
 * Before the first pivot the highest and lowest x since bar 0 are both
 * candidates; the first to be reversed from by t is the first pivot.
 * Outputs, at each bar, what is known at its close:
 *   pivot      the last confirmed pivot's value (x of bar 0 before any)
 *   direction  +1 when the last pivot is a low (an up leg), -1 a high,
 *              0 before the first
 *   bars       how many bars ago that pivot was (since bar 0 before any)
 *   extreme    e, the extreme of the leg so far: the candidate that the
 *              next confirmation makes a pivot
 * Lookback 0.  percent = 5 by default.  Prices are taken positive (the
 * reversal is a ratio).
 *
 * Causal, unlike the chart's ZigZag: a chart redraws its last line as
 * new bars come (it "repaints"), and draws each pivot at the bar of the
 * extreme, known only later.  Here nothing changes once written: a
 * pivot appears at the bar that confirms it, bars later than the
 * extreme itself (bars says how many), and a backtest on it sees only
 * what a trader could have seen.  The pivots are the chart's, except the
 * last, unconfirmed one, which the chart draws and this leaves out.
 *
 * Bloat: no high/low form (one series: zigzag@high is the highs'),
 * no absolute (points) threshold, no depth or backstep as MetaTrader's.
 */
#include "ind.h"

struct zigzag {
	double t, pivot, e, hi, lo;
	int64_t i, pbar, ebar, hbar, lbar;	/* bar now; bars of each */
	int dir;
};

static void
zigzag_init(void *st, const double *p, void *rings)
{
	struct zigzag *s = st;

	(void)rings;
	memset(s, 0, sizeof *s);
	s->t = p[0] / 100;
}

/* Confirm the extreme v of bar at as a pivot; a leg of direction dir
 * (the pivot's opposite) starts at x. */
static inline void
zigzag_turn(struct zigzag *s, double v, int64_t at, int dir, double x)
{
	s->pivot = v;
	s->pbar = at;
	s->dir = dir;
	s->e = x;
	s->ebar = s->i;
}

static inline void
zigzag_first(struct zigzag *s, double x)
{
	if (x > s->hi) {
		s->hi = x;
		s->hbar = s->i;
	}
	if (x < s->lo) {
		s->lo = x;
		s->lbar = s->i;
	}
	if (x <= s->hi * (1 - s->t))
		zigzag_turn(s, s->hi, s->hbar, -1, x);
	else if (x >= s->lo * (1 + s->t))
		zigzag_turn(s, s->lo, s->lbar, 1, x);
	else {
		s->e = x;	/* no leg yet: the extreme is the last value */
		s->ebar = s->i;
	}
}

static inline int
zigzag_step(struct zigzag *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double x = b->x;

	(void)u;
	if (s->i == 0) {
		s->pivot = s->hi = s->lo = s->e = x;
		s->dir = 0;
	} else if (s->dir == 0)
		zigzag_first(s, x);
	else if (s->dir > 0) {
		if (x > s->e) {
			s->e = x;
			s->ebar = s->i;
		} else if (x <= s->e * (1 - s->t))
			zigzag_turn(s, s->e, s->ebar, -1, x);
	} else {
		if (x < s->e) {
			s->e = x;
			s->ebar = s->i;
		} else if (x >= s->e * (1 + s->t))
			zigzag_turn(s, s->e, s->ebar, 1, x);
	}
	out[0] = s->pivot;
	out[1] = s->dir;
	out[2] = (double)(s->i - s->pbar);
	out[3] = s->e;
	s->i++;
	return 1;
}

PE_IND_DEFINE(zigzag, struct zigzag, 4)

static long
zigzag_lookback(const double *p)
{
	(void)p;
	return 0;
}

const struct pe_ind_info pe_ind_zigzag = {
	.name = "zigzag",
	.desc = "causal ZigZag: the last swing high or low of x confirmed by "
	    "a reversal of percent from it, its direction and age",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "percent", PE_P_REAL, 5, 0, 99 } },
	.nout = 4,
	.out = { "pivot", "direction", "bars", "extreme" },
	.lookback = zigzag_lookback,
	PE_IND_FUNCS(zigzag, struct zigzag),
};
