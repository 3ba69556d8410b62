/*
 * mcginley: the McGinley Dynamic (John R. McGinley, "The McGinley
 * Dynamic", Journal of Technical Analysis, 1991 and 1997).
 *
 * Definition:
 *   md = md[1] + (x - md[1]) / (k N (x / md[1])^4)
 * seeded with the first value (md = x at bar 0, so lookback 0).  The
 * fourth power makes it follow a falling price faster than a rising one.
 * N = 14, k = 1 by default: McGinley's formula has N alone; his advice to
 * take N near 60% of the period of the moving average it replaces is
 * written by some as a constant k = 0.6 (Investopedia; the reference
 * package, trading-signals, always multiplies by it): mcginley(14, 0.6)
 * is theirs.  Where md[1] or x is 0 the ratio is undefined and md = x
 * (the line restarts at the price).
 *
 * Bloat: no EMA or SMA seeding (the seed's effect fades as fast as the
 * line follows).
 */
#include "ind.h"

struct mcginley {
	double md, kn;
	int seen;
};

static void
mcginley_init(void *st, const double *p, void *rings)
{
	struct mcginley *s = st;

	(void)rings;
	s->md = 0;
	s->seen = 0;
	s->kn = p[1] * p[0];
}

static inline int
mcginley_step(struct mcginley *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double x = b->x, r, d;

	(void)u;
	if (!s->seen || s->md == 0 || x == 0)
		s->md = x;
	else {
		r = x / s->md;
		d = s->kn * (r * r * r * r);
		s->md = d == 0 || !isfinite(d) ? x : s->md + (x - s->md) / d;
	}
	s->seen = 1;
	out[0] = s->md;
	return 1;
}

PE_IND_DEFINE(mcginley, struct mcginley, 1)

static long
mcginley_lookback(const double *p)
{
	(void)p;
	return 0;
}

const struct pe_ind_info pe_ind_mcginley = {
	.name = "mcginley",
	.desc = "McGinley Dynamic: md + (x - md) / (k N (x/md)^4), seeded "
	    "with the first value",
	.inputs = PE_IN_X,
	.nparams = 2,
	.param = {
		{ "period", PE_P_INT, 14, 1, 100000 },
		{ "k", PE_P_REAL, 1, 1e-6, 1e6 },
	},
	.nout = 1,
	.out = { "mcginley" },
	.lookback = mcginley_lookback,
	PE_IND_FUNCS(mcginley, struct mcginley),
};
