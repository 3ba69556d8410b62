/*
 * tsf: time series forecast, the least-squares line through the last n
 * values extended one bar ahead: b + m*n.
 *
 * As TA-Lib's TSF (x = 0 at the oldest bar, n-1
 * at the newest).  The line is pe_linreg in stats.h, shared by the
 * linearreg family and tsf.  Lookback n-1.
 */
#include "stats.h"

struct tsf {
	struct pe_linreg r;
};

static void
tsf_init(void *st, const double *p, void *rings)
{
	struct tsf *s = st;

	pe_linreg_init(&s->r, p[0], rings);
}

static inline int
tsf_step(struct tsf *s, const struct pe_bar *b,
    double *out, struct pe_undo *u)
{
	double m, c;

	if (!pe_linreg_step(&s->r, b->x, &m, &c, u))
		return 0;
	out[0] = c + m * (double)s->r.n;
	return 1;
}

PE_IND_DEFINE(tsf, struct tsf, 1)

static long
tsf_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
tsf_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_tsf = {
	.name = "tsf",
	.desc = "time series forecast: the least-squares line of the last n "
	    "values, one bar ahead",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "tsf" },
	.lookback = tsf_lookback,
	.ring_size = tsf_rings,
	PE_IND_FUNCS(tsf, struct tsf),
};
