/*
 * adx: Wilder's average directional movement index.
 *
 * As TA-Lib's ADX (ta_func/ta_ADX.c): DX as in dx.c; the first ADX (bar
 * 2n-1) is the sum of DX over bars n..2n-1 divided by n, then
 * adx = (adx * (n-1) + dx) / n.  A bar whose DX is undefined (TR or the
 * sum of the DIs within 1e-14 of 0) adds nothing to the sum and leaves the
 * ADX as it was.  No rounding.  Lookback 2n-1.  The math is pe_adx in
 * dm.h, shared with adxr.
 */
#include "dm.h"

static void
adx_init(void *st, const double *p, void *rings)
{
	(void)rings;
	pe_adx_init(st, (uint32_t)p[0]);
}

static inline int
adx_step(struct pe_adx *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	if (!pe_adx_step(s, b))
		return 0;
	out[0] = s->adx;
	return 1;
}

PE_IND_DEFINE(adx, struct pe_adx, 1)

static long
adx_lookback(const double *p)
{
	return 2 * (long)p[0] - 1;
}

const struct pe_ind_info pe_ind_adx = {
	.name = "adx",
	.desc = "average directional movement index: Wilder-smoothed DX",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "adx" },
	.lookback = adx_lookback,
	PE_IND_FUNCS(adx, struct pe_adx),
};
