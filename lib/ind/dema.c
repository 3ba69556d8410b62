/*
 * dema: double exponential moving average, 2 e1 - e2, e2 the EMA of e1.
 *
 * As TA-Lib's DEMA (ta_DEMA.c): each EMA, k = 2/(n+1), seeded by the SMA
 * of its first n inputs (pe_dema_step in ma.h).  Lookback 2(n-1).
 */
#include "ma.h"

static void
dema_init(void *st, const double *p, void *rings)
{
	(void)rings;	pe_dema_init(st, (uint32_t)p[0]);
}

static inline int
dema_step(struct pe_dema *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;	return pe_dema_step(s, b->x, out);
}

PE_IND_DEFINE(dema, struct pe_dema, 1)

static long
dema_lookback(const double *p)
{
	return 2 * ((long)p[0] - 1);
}

const struct pe_ind_info pe_ind_dema = {
	.name = "dema",
	.desc = "double exponential moving average: 2 ema - ema(ema)",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },
	.nout = 1,
	.out = { "dema" },
	.lookback = dema_lookback,
	PE_IND_FUNCS(dema, struct pe_dema),
};
