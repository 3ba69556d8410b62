/*
 * rocp: rate of change as a fraction, (x - x[n]) / x[n].
 *
 * As TA-Lib's ROCP (period 1..100000, default 10): division by
 * an x[n] of 0 gives 0.  Lookback n.
 */
#include "stats.h"

struct rocp {
	struct pe_lag lag;
};

static void
rocp_init(void *st, const double *p, void *rings)
{
	struct rocp *s = st;

	pe_lag_init(&s->lag, p[0], rings);
}

static inline int
rocp_step(struct rocp *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double old;

	if (!pe_lag_step(&s->lag, b->x, &old, u))
		return 0;
	out[0] = old != 0.0 ? (b->x - old) / old : 0.0;
	return 1;
}

PE_IND_DEFINE(rocp, struct rocp, 1)

static long
rocp_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
rocp_rings(const double *p)
{
	return pe_lag_rings(p[0]);
}

const struct pe_ind_info pe_ind_rocp = {
	.name = "rocp",
	.desc = "rate of change as a fraction: (x - x[n]) / x[n]",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 10, 1, 100000 } },
	.nout = 1,
	.out = { "rocp" },
	.lookback = rocp_lookback,
	.ring_size = rocp_rings,
	PE_IND_FUNCS(rocp, struct rocp),
};
