/*
 * stddev: population standard deviation of the last n values, times k.
 *
 * As TA-Lib's STDDEV: the square root of VAR (pe_var in stats.h, running
 * sums) times nbdev; a variance below 1e-14 (TA_IS_ZERO_OR_NEG) gives 0.
 * Lookback n-1.
 */
#include "stats.h"

struct stddev {
	struct pe_var v;
	double k;
};

static void
stddev_init(void *st, const double *p, void *rings)
{
	struct stddev *s = st;

	pe_var_init(&s->v, p[0], rings);
	s->k = p[1];
}

static inline int
stddev_step(struct stddev *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double var;

	if (!pe_var_step(&s->v, b->x, &var, u))
		return 0;
	out[0] = var < 1e-14 ? 0 : sqrt(var) * s->k;
	return 1;
}

PE_IND_DEFINE(stddev, struct stddev, 1)

static long
stddev_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
stddev_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_stddev = {
	.name = "stddev",
	.desc = "population standard deviation of the last n values, "
	    "times nbdev",
	.inputs = PE_IN_X,
	.nparams = 2,
	.param = { { "period", PE_P_INT, 5, 2, 100000 },
	    { "nbdev", PE_P_REAL, 1, -3e37, 3e37 } },
	.nout = 1,
	.out = { "stddev" },
	.lookback = stddev_lookback,
	.ring_size = stddev_rings,
	PE_IND_FUNCS(stddev, struct stddev),
};
