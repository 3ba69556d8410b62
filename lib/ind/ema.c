/*
 * ema: exponential moving average, k = 2 / (n + 1).
 *
 * TA-Lib's default seeding: the first value (at bar n-1) is the SMA of the
 * first n values; then e = (x - e) * k + e (pe_ema_step in ma.h, shared
 * with the composites).  Lookback n-1.
 */
#include "ma.h"

static void
ema_init(void *st, const double *p, void *rings)
{
	(void)rings;
	pe_ema_init(st, (uint32_t)p[0], 2.0 / (p[0] + 1));
}

static inline int
ema_step(struct pe_ema *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	return pe_ema_step(s, b->x, out);
}

PE_IND_DEFINE(ema, struct pe_ema, 1)

static long
ema_lookback(const double *p)
{
	return (long)p[0] - 1;
}

const struct pe_ind_info pe_ind_ema = {
	.name = "ema",
	.desc = "exponential moving average, k = 2/(n+1), seeded by the SMA "
	    "of the first n values",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },
	.nout = 1,
	.out = { "ema" },
	.lookback = ema_lookback,
	PE_IND_FUNCS(ema, struct pe_ema),
};
