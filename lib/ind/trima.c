/*
 * trima: triangular moving average, an SMA of an SMA.
 *
 * As TA-Lib's TRIMA (ta_TRIMA.c): for even n, SMA(n/2 + 1) of SMA(n/2);
 * for odd n, SMA((n+1)/2) of SMA((n+1)/2) (pe_trima_step in ma.h).
 * Lookback n-1.
 */
#include "ma.h"

static void
trima_init(void *st, const double *p, void *rings)
{
	pe_trima_init(st, (uint32_t)p[0], rings);
}

static inline int
trima_step(struct pe_trima *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	return pe_trima_step(s, b->x, out, u);
}

PE_IND_DEFINE(trima, struct pe_trima, 1)

static long
trima_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
trima_rings(const double *p)
{
	return pe_doubles(pe_ma_ring_size(PE_MA_TRIMA, (uint32_t)p[0]));
}

const struct pe_ind_info pe_ind_trima = {
	.name = "trima",
	.desc = "triangular moving average: an SMA of an SMA, weights rising then falling",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },
	.nout = 1,
	.out = { "trima" },
	.lookback = trima_lookback,
	.ring_size = trima_rings,
	PE_IND_FUNCS(trima, struct pe_trima),
};
