/*
 * chandelier: the chandelier exit (Chuck LeBeau; as StockCharts'
 * ChartSchool, "Chandelier Exit", defines it).
 *
 * Definition, with HH and LL the highest high and lowest low of the last
 * n bars (this one included) and ATR(n) TA-Lib's (Wilder: the mean of
 * TR[1..n] at bar n, then atr = (atr (n-1) + tr) / n; dm.h):
 *   long  = HH - m ATR(n)   (the stop under a long position)
 *   short = LL + m ATR(n)   (the stop over a short one)
 * n = 22, m = 3 by default.  Lookback n (the ATR's).
 *
 * Bloat: no separate period for the ATR and the extremes, no
 * extremes of the close instead of the high and low.
 */
#include "dm.h"
#include "window.h"

struct chandelier {
	struct pe_ext hi, lo;
	struct pe_atr atr;
	double m;
};

static void
chandelier_init(void *st, const double *p, void *rings)
{
	struct chandelier *s = st;
	uint32_t n = (uint32_t)p[0];

	pe_ext_init(&s->hi, rings, n, 1);
	pe_ext_init(&s->lo, (char *)rings + pe_ext_size(n), n, -1);
	pe_atr_init(&s->atr, n);
	s->m = p[1];
}

static inline int
chandelier_step(struct chandelier *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	pe_ext_push(&s->hi, b->high, u);
	pe_ext_push(&s->lo, b->low, u);
	if (!pe_atr_step(&s->atr, b) || !pe_ext_full(&s->hi))
		return 0;
	out[0] = pe_ext_value(&s->hi) - s->m * s->atr.atr;
	out[1] = pe_ext_value(&s->lo) + s->m * s->atr.atr;
	return 1;
}

PE_IND_DEFINE(chandelier, struct chandelier, 2)

static long
chandelier_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
chandelier_rings(const double *p)
{
	return 2 * pe_ext_size(p[0]);
}

const struct pe_ind_info pe_ind_chandelier = {
	.name = "chandelier",
	.desc = "chandelier exit: n-bar highest high - m ATR(n) (long), "
	    "lowest low + m ATR(n) (short)",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 2,
	.param = {
		{ "period", PE_P_INT, 22, 1, 100000 },
		{ "multiplier", PE_P_REAL, 3, -3e37, 3e37 },
	},
	.nout = 2,
	.out = { "long", "short" },
	.lookback = chandelier_lookback,
	.ring_size = chandelier_rings,
	PE_IND_FUNCS(chandelier, struct chandelier),
};
