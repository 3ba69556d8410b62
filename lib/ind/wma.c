/*
 * wma: weighted moving average, weights 1..n (the newest n), divided by
 * n(n+1)/2.
 *
 * As TA-Lib's WMA (ta_WMA.c): a running weighted sum and a running plain
 * sum; the math is pe_wma_step in ma.h, shared with ma, macdext, ...
 * Lookback n-1.
 */
#include "ma.h"

static void
wma_init(void *st, const double *p, void *rings)
{
	pe_wma_init(st, (uint32_t)p[0], rings);
}

static inline int
wma_step(struct pe_wma *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	return pe_wma_step(s, b->x, out, u);
}

PE_IND_DEFINE(wma, struct pe_wma, 1)

static long
wma_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
wma_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_wma = {
	.name = "wma",
	.desc = "weighted moving average: weights 1..n, newest heaviest",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },
	.nout = 1,
	.out = { "wma" },
	.lookback = wma_lookback,
	.ring_size = wma_rings,
	PE_IND_FUNCS(wma, struct pe_wma),
};
