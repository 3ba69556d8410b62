/*
 * rocr100: rate of change ratio on a 100 scale, x / x[n] * 100.
 *
 * As TA-Lib's ROCR100 (period 1..100000, default 10): division by
 * an x[n] of 0 gives 0.  Lookback n.
 */
#include "stats.h"

struct rocr100 {
	struct pe_lag lag;
};

static void
rocr100_init(void *st, const double *p, void *rings)
{
	struct rocr100 *s = st;

	pe_lag_init(&s->lag, p[0], rings);
}

static inline int
rocr100_step(struct rocr100 *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double old;

	if (!pe_lag_step(&s->lag, b->x, &old, u))
		return 0;
	out[0] = old != 0.0 ? (b->x / old) * 100.0 : 0.0;
	return 1;
}

PE_IND_DEFINE(rocr100, struct rocr100, 1)

static long
rocr100_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
rocr100_rings(const double *p)
{
	return pe_lag_rings(p[0]);
}

const struct pe_ind_info pe_ind_rocr100 = {
	.name = "rocr100",
	.desc = "rate of change ratio, 100 scale: x / x[n] * 100",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 10, 1, 100000 } },
	.nout = 1,
	.out = { "rocr100" },
	.lookback = rocr100_lookback,
	.ring_size = rocr100_rings,
	PE_IND_FUNCS(rocr100, struct rocr100),
};
