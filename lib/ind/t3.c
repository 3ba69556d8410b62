/*
 * t3: Tillson's T3, a six-fold EMA with volume factor v.
 *
 * As TA-Lib's T3 (ta_T3.c): six EMAs e = k x + (1-k) e, k = 2/(n+1), each
 * seeded by the mean of the previous one's first n values; out
 * c1 e6 + c2 e5 + c3 e4 + c4 e3 with c1 = -v^3, c2 = 3(v^2 + v^3),
 * c3 = -6v^2 - 3(v + v^3), c4 = 1 + 3v + v^3 + 3v^2 (pe_t3_step in ma.h).
 * Lookback 6(n-1).
 */
#include "ma.h"

static void
t3_init(void *st, const double *p, void *rings)
{
	(void)rings;
	pe_t3_init(st, (uint32_t)p[0], p[1]);
}

static inline int
t3_step(struct pe_t3 *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	return pe_t3_step(s, b->x, out);
}

PE_IND_DEFINE(t3, struct pe_t3, 1)

static long
t3_lookback(const double *p)
{
	return 6 * ((long)p[0] - 1);
}

const struct pe_ind_info pe_ind_t3 = {
	.name = "t3",
	.desc = "Tillson T3: six chained EMAs combined by the volume factor",
	.inputs = PE_IN_X,
	.nparams = 2,
	.param = {
		{ "period", PE_P_INT, 5, 1, 100000 },
		{ "vfactor", PE_P_REAL, 0.7, 0, 1 },
	},
	.nout = 1,
	.out = { "t3" },
	.lookback = t3_lookback,
	PE_IND_FUNCS(t3, struct pe_t3),
};
