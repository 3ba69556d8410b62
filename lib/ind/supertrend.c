/*
 * supertrend: SuperTrend (Olivier Seban), as TradingView's
 * ta.supertrend defines it, with TA-Lib's (Wilder) ATR.
 *
 * Definition: hl2 = (H + L) / 2, atr = ATR(n) as TA-Lib's (the mean of
 * TR[1..n], then atr = (atr (n-1) + tr) / n; dm.h), m the multiplier.
 *   basic bands   bu = hl2 + m atr,  bl = hl2 - m atr.
 *   final bands   on the first bar with an ATR (bar n) fu = bu, fl = bl;
 *                 then fu = bu if bu < fu[1] or C[1] > fu[1], else fu[1];
 *                 fl = bl if bl > fl[1] or C[1] < fl[1], else fl[1]
 *                 (a band only tightens while the close stays inside it).
 *   direction     -1 (down) on bar n, as TradingView starts; then, after
 *                 a down bar, +1 if C > fu else -1; after an up bar, -1
 *                 if C < fl else +1.
 *   supertrend    fl when the direction is +1 (up), fu when it is -1.
 * Outputs supertrend and direction (+1 up, -1 down; TradingView's sign is
 * the opposite).  Lookback n (10 with the defaults n = 10, m = 3).
 *
 * Bloat: no ATR by SMA or by TradingView's RMA with TR[0] = H - L (the
 * values then differ for the first bars only, by the seeding).
 */
#include "dm.h"

struct supertrend {
	struct pe_atr atr;
	double m, fu, fl, pc;	/* final bands and close of the last bar */
	int dir;		/* 0 before the first value */
};

static void
supertrend_init(void *st, const double *p, void *rings)
{
	struct supertrend *s = st;

	(void)rings;
	memset(s, 0, sizeof *s);
	pe_atr_init(&s->atr, (uint32_t)p[0]);
	s->m = p[1];
}

static inline int
supertrend_step(struct supertrend *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double hl2 = (b->high + b->low) / 2, bu, bl;

	(void)u;
	if (!pe_atr_step(&s->atr, b))
		return 0;
	bu = hl2 + s->m * s->atr.atr;
	bl = hl2 - s->m * s->atr.atr;
	if (s->dir == 0) {
		s->fu = bu;
		s->fl = bl;
		s->dir = -1;
	} else {
		if (bu < s->fu || s->pc > s->fu)
			s->fu = bu;
		if (bl > s->fl || s->pc < s->fl)
			s->fl = bl;
		if (s->dir < 0)
			s->dir = b->close > s->fu ? 1 : -1;
		else
			s->dir = b->close < s->fl ? -1 : 1;
	}
	s->pc = b->close;
	out[0] = s->dir > 0 ? s->fl : s->fu;
	out[1] = s->dir;
	return 1;
}

PE_IND_DEFINE(supertrend, struct supertrend, 2)

static long
supertrend_lookback(const double *p)
{
	return (long)p[0];
}

const struct pe_ind_info pe_ind_supertrend = {
	.name = "supertrend",
	.desc = "SuperTrend: (H+L)/2 -/+ m * ATR(n) bands that flip on a "
	    "close beyond them",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 2,
	.param = {
		{ "period", PE_P_INT, 10, 1, 100000 },
		{ "multiplier", PE_P_REAL, 3, -3e37, 3e37 },
	},
	.nout = 2,
	.out = { "supertrend", "direction" },
	.lookback = supertrend_lookback,
	PE_IND_FUNCS(supertrend, struct supertrend),
};
