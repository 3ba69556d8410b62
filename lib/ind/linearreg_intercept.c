/*
 * linearreg_intercept: the intercept b of the least-squares line through the
 * last n values: its value at the oldest bar.
 *
 * As TA-Lib's LINEARREG_INTERCEPT (x = 0 at the oldest bar, n-1
 * at the newest).  The line is pe_linreg in stats.h, shared by the
 * linearreg family and tsf.  Lookback n-1.
 */
#include "stats.h"

struct linearreg_intercept {
	struct pe_linreg r;
};

static void
linearreg_intercept_init(void *st, const double *p, void *rings)
{
	struct linearreg_intercept *s = st;

	pe_linreg_init(&s->r, p[0], rings);
}

static inline int
linearreg_intercept_step(struct linearreg_intercept *s, const struct pe_bar *b,
    double *out, struct pe_undo *u)
{
	double m, c;

	if (!pe_linreg_step(&s->r, b->x, &m, &c, u))
		return 0;
	out[0] = c;
	return 1;
}

PE_IND_DEFINE(linearreg_intercept, struct linearreg_intercept, 1)

static long
linearreg_intercept_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
linearreg_intercept_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_linearreg_intercept = {
	.name = "linearreg_intercept",
	.desc = "intercept of the least-squares line of the last n values, "
	    "at the oldest",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "linearreg_intercept" },
	.lookback = linearreg_intercept_lookback,
	.ring_size = linearreg_intercept_rings,
	PE_IND_FUNCS(linearreg_intercept, struct linearreg_intercept),
};
