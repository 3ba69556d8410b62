/*
 * linearreg: the least-squares line through the last n values, at the
 * newest bar: b + m*(n-1).
 *
 * As TA-Lib's LINEARREG (x = 0 at the oldest bar, n-1 at the newest); the
 * line is pe_linreg in stats.h, shared with linearreg_slope,
 * linearreg_intercept, linearreg_angle and tsf.  Lookback n-1.
 */
#include "stats.h"

struct linearreg {
	struct pe_linreg r;
};

static void
linearreg_init(void *st, const double *p, void *rings)
{
	struct linearreg *s = st;

	pe_linreg_init(&s->r, p[0], rings);
}

static inline int
linearreg_step(struct linearreg *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double m, c;

	if (!pe_linreg_step(&s->r, b->x, &m, &c, u))
		return 0;
	out[0] = c + m * (double)(s->r.n - 1);
	return 1;
}

PE_IND_DEFINE(linearreg, struct linearreg, 1)

static long
linearreg_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
linearreg_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_linearreg = {
	.name = "linearreg",
	.desc = "linear regression: the least-squares line of the last n "
	    "values, at the newest",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "linearreg" },
	.lookback = linearreg_lookback,
	.ring_size = linearreg_rings,
	PE_IND_FUNCS(linearreg, struct linearreg),
};
