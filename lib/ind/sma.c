/*
 * sma: simple moving average, the mean of the last n values.
 *
 * As TA-Lib's SMA: a running sum, the new value added before the mean is
 * taken and the oldest subtracted after (the same operations in the same
 * order, so the same rounding); the math is pe_sma_step in ma.h, shared
 * with the composites.  Lookback n-1.
 */
#include "ma.h"

static void
sma_init(void *st, const double *p, void *rings)
{
	pe_sma_init(st, (uint32_t)p[0], rings);
}

static inline int
sma_step(struct pe_sma *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	return pe_sma_step(s, b->x, out, u);
}

PE_IND_DEFINE(sma, struct pe_sma, 1)

static long
sma_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
sma_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_sma = {
	.name = "sma",
	.desc = "simple moving average: the mean of the last n values",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },
	.nout = 1,
	.out = { "sma" },
	.lookback = sma_lookback,
	.ring_size = sma_rings,
	PE_IND_FUNCS(sma, struct pe_sma),
};
