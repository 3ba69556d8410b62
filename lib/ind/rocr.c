/*
 * rocr: rate of change ratio, x / x[n].
 *
 * As TA-Lib's ROCR (period 1..100000, default 10): division by
 * an x[n] of 0 gives 0.  Lookback n.
 */
#include "stats.h"

struct rocr {
	struct pe_lag lag;
};

static void
rocr_init(void *st, const double *p, void *rings)
{
	struct rocr *s = st;

	pe_lag_init(&s->lag, p[0], rings);
}

static inline int
rocr_step(struct rocr *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double old;

	if (!pe_lag_step(&s->lag, b->x, &old, u))
		return 0;
	out[0] = old != 0.0 ? b->x / old : 0.0;
	return 1;
}

PE_IND_DEFINE(rocr, struct rocr, 1)

static long
rocr_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
rocr_rings(const double *p)
{
	return pe_lag_rings(p[0]);
}

const struct pe_ind_info pe_ind_rocr = {
	.name = "rocr",
	.desc = "rate of change ratio: x / x[n]",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 10, 1, 100000 } },
	.nout = 1,
	.out = { "rocr" },
	.lookback = rocr_lookback,
	.ring_size = rocr_rings,
	PE_IND_FUNCS(rocr, struct rocr),
};
