/*
 * roc: rate of change in percent, (x / x[n] - 1) * 100.
 *
 * As TA-Lib's ROC (period 1..100000, default 10): division by
 * an x[n] of 0 gives 0.  Lookback n.
 */
#include "stats.h"

struct roc {
	struct pe_lag lag;
};

static void
roc_init(void *st, const double *p, void *rings)
{
	struct roc *s = st;

	pe_lag_init(&s->lag, p[0], rings);
}

static inline int
roc_step(struct roc *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double old;

	if (!pe_lag_step(&s->lag, b->x, &old, u))
		return 0;
	out[0] = old != 0.0 ? (b->x / old - 1.0) * 100.0 : 0.0;
	return 1;
}

PE_IND_DEFINE(roc, struct roc, 1)

static long
roc_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
roc_rings(const double *p)
{
	return pe_lag_rings(p[0]);
}

const struct pe_ind_info pe_ind_roc = {
	.name = "roc",
	.desc = "rate of change in percent: (x / x[n] - 1) * 100",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 10, 1, 100000 } },
	.nout = 1,
	.out = { "roc" },
	.lookback = roc_lookback,
	.ring_size = roc_rings,
	PE_IND_FUNCS(roc, struct roc),
};
