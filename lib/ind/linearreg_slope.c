/*
 * linearreg_slope: the slope m of the least-squares line through the last n
 * values, per bar.
 *
 * As TA-Lib's LINEARREG_SLOPE (x = 0 at the oldest bar, n-1
 * at the newest).  The line is pe_linreg in stats.h, shared by the
 * linearreg family and tsf.  Lookback n-1.
 */
#include "stats.h"

struct linearreg_slope {
	struct pe_linreg r;
};

static void
linearreg_slope_init(void *st, const double *p, void *rings)
{
	struct linearreg_slope *s = st;

	pe_linreg_init(&s->r, p[0], rings);
}

static inline int
linearreg_slope_step(struct linearreg_slope *s, const struct pe_bar *b,
    double *out, struct pe_undo *u)
{
	double m, c;

	if (!pe_linreg_step(&s->r, b->x, &m, &c, u))
		return 0;
	out[0] = m;
	return 1;
}

PE_IND_DEFINE(linearreg_slope, struct linearreg_slope, 1)

static long
linearreg_slope_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
linearreg_slope_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_linearreg_slope = {
	.name = "linearreg_slope",
	.desc = "slope of the least-squares line of the last n values, per bar",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "linearreg_slope" },
	.lookback = linearreg_slope_lookback,
	.ring_size = linearreg_slope_rings,
	PE_IND_FUNCS(linearreg_slope, struct linearreg_slope),
};
