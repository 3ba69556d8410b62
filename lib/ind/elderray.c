/*
 * elderray: Elder-ray bull and bear power (Alexander Elder, "Trading for
 * a Living", Wiley 1993).
 *
 * Definition, with EMA(C, n) pe's (TA-Lib's: k = 2/(n+1), seeded by the
 * SMA of the first n closes):
 *   bull = H - EMA(C, n),  bear = L - EMA(C, n)
 * n = 13 by default, Elder's.  Lookback n-1.
 */
#include "ma.h"

static void
elderray_init(void *st, const double *p, void *rings)
{
	(void)rings;
	pe_ema_init(st, (uint32_t)p[0], 2.0 / (p[0] + 1));
}

static inline int
elderray_step(struct pe_ema *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double e;

	(void)u;
	if (!pe_ema_step(s, b->close, &e))
		return 0;
	out[0] = b->high - e;
	out[1] = b->low - e;
	return 1;
}

PE_IND_DEFINE(elderray, struct pe_ema, 2)

static long
elderray_lookback(const double *p)
{
	return (long)p[0] - 1;
}

const struct pe_ind_info pe_ind_elderray = {
	.name = "elderray",
	.desc = "Elder ray: bull power H - EMA(C, n), bear power L - EMA(C, n)",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 13, 1, 100000 } },
	.nout = 2,
	.out = { "bull", "bear" },
	.lookback = elderray_lookback,
	PE_IND_FUNCS(elderray, struct pe_ema),
};
