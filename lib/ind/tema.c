/*
 * tema: triple exponential moving average, 3 e1 - 3 e2 + e3.
 *
 * As TA-Lib's TEMA (ta_TEMA.c): each EMA, k = 2/(n+1), seeded by the SMA
 * of its first n inputs (pe_tema_step in ma.h).  Lookback 3(n-1).
 */
#include "ma.h"

static void
tema_init(void *st, const double *p, void *rings)
{
	(void)rings;	pe_tema_init(st, (uint32_t)p[0]);
}

static inline int
tema_step(struct pe_tema *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;	return pe_tema_step(s, b->x, out);
}

PE_IND_DEFINE(tema, struct pe_tema, 1)

static long
tema_lookback(const double *p)
{
	return 3 * ((long)p[0] - 1);
}

const struct pe_ind_info pe_ind_tema = {
	.name = "tema",
	.desc = "triple exponential moving average: 3 e1 - 3 e2 + e3",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },
	.nout = 1,
	.out = { "tema" },
	.lookback = tema_lookback,
	PE_IND_FUNCS(tema, struct pe_tema),
};
