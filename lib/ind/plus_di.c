/*
 * plus_di: Wilder's +DI, 100 * smoothed +DM / smoothed true range.
 *
 * As TA-Lib's PLUS_DI (ta_func/ta_PLUS_DI.c): +DM and TR summed
 * over bars 1..n-1, then s = s - s/n + x from bar n, where the first value
 * is; DI = 100 * (s+DM / sTR), 0 when sTR is within 1e-14 of 0.  Lookback
 * n.  The math is pe_dm in dm.h.
 */
#include "dm.h"

static void
plus_di_init(void *st, const double *p, void *rings)
{
	(void)rings;
	pe_dm_init(st, (uint32_t)p[0]);
}

static inline int
plus_di_step(struct pe_dm *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double pdi, mdi;

	(void)u;
	if (pe_dm_step(s, b) < s->n)
		return 0;
	pe_dm_di(s, &pdi, &mdi);
	out[0] = pdi;
	return 1;
}

PE_IND_DEFINE(plus_di, struct pe_dm, 1)

static long
plus_di_lookback(const double *p)
{
	return (long)p[0];
}

const struct pe_ind_info pe_ind_plus_di = {
	.name = "plus_di",
	.desc = "plus directional indicator (+DI): 100 * +DM / TR, "
	    "Wilder-smoothed",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 1, 100000 } },
	.nout = 1,
	.out = { "plus_di" },
	.lookback = plus_di_lookback,
	PE_IND_FUNCS(plus_di, struct pe_dm),
};
