/*
 * minus_di: Wilder's -DI, 100 * smoothed -DM / smoothed true range.
 *
 * As TA-Lib's MINUS_DI (ta_func/ta_MINUS_DI.c): -DM and TR summed
 * over bars 1..n-1, then s = s - s/n + x from bar n, where the first value
 * is; DI = 100 * (s-DM / sTR), 0 when sTR is within 1e-14 of 0.  Lookback
 * n.  The math is pe_dm in dm.h.
 */
#include "dm.h"

static void
minus_di_init(void *st, const double *p, void *rings)
{
	(void)rings;
	pe_dm_init(st, (uint32_t)p[0]);
}

static inline int
minus_di_step(struct pe_dm *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double pdi, mdi;

	(void)u;
	if (pe_dm_step(s, b) < s->n)
		return 0;
	pe_dm_di(s, &pdi, &mdi);
	out[0] = mdi;
	return 1;
}

PE_IND_DEFINE(minus_di, struct pe_dm, 1)

static long
minus_di_lookback(const double *p)
{
	return (long)p[0];
}

const struct pe_ind_info pe_ind_minus_di = {
	.name = "minus_di",
	.desc = "minus directional indicator (-DI): 100 * -DM / TR, "
	    "Wilder-smoothed",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 1, 100000 } },
	.nout = 1,
	.out = { "minus_di" },
	.lookback = minus_di_lookback,
	PE_IND_FUNCS(minus_di, struct pe_dm),
};
