/*
 * mom: momentum, x - x[n] (the change over n bars).
 *
 * As TA-Lib's MOM (period 1..100000, default 10).  Lookback n.
 */
#include "stats.h"

struct mom {
	struct pe_lag lag;
};

static void
mom_init(void *st, const double *p, void *rings)
{
	struct mom *s = st;

	pe_lag_init(&s->lag, p[0], rings);
}

static inline int
mom_step(struct mom *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double old;

	if (!pe_lag_step(&s->lag, b->x, &old, u))
		return 0;
	out[0] = b->x - old;
	return 1;
}

PE_IND_DEFINE(mom, struct mom, 1)

static long
mom_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
mom_rings(const double *p)
{
	return pe_lag_rings(p[0]);
}

const struct pe_ind_info pe_ind_mom = {
	.name = "mom",
	.desc = "momentum: the change over n bars, x - x[n]",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 10, 1, 100000 } },
	.nout = 1,
	.out = { "mom" },
	.lookback = mom_lookback,
	.ring_size = mom_rings,
	PE_IND_FUNCS(mom, struct mom),
};
