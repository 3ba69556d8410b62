/*
 * mama: Ehlers' MESA adaptive moving average and its following average.
 *
 * As TA-Lib's MAMA(fast limit 0.5, slow limit 0.05) (ta_func/ta_MAMA.c):
 * the Hilbert transform of a 4-bar WMA of the price gives a phase; the
 * faster it turns, the larger alpha, fast limit / the phase's change (at
 * least 1 degree), alpha at least the slow limit; mama = alpha x +
 * (1 - alpha) mama, fama = alpha/2 mama + (1 - alpha/2) fama.  The math
 * is pe_mama_step in ht.h, shared with MAMA as a moving-average type.
 * Lookback 32.
 */
#include "ht.h"

static void
mama_init(void *st, const double *p, void *rings)
{
	(void)rings;
	pe_mama_init(st, p[0], p[1]);
}

static inline int
mama_step(struct pe_mama *m, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	return pe_mama_step(m, b->x, &out[0], &out[1]);
}

PE_IND_DEFINE(mama, struct pe_mama, 2)

static long
mama_lookback(const double *p)
{
	(void)p;
	return 32;
}

const struct pe_ind_info pe_ind_mama = {
	.name = "mama",
	.desc = "MESA adaptive moving average (Ehlers) and its following "
	    "average",
	.inputs = PE_IN_X,
	.nparams = 2,
	.param = {
		{ "fastlimit", PE_P_REAL, 0.5, 0.01, 0.99 },
		{ "slowlimit", PE_P_REAL, 0.05, 0.01, 0.99 },
	},
	.nout = 2,
	.out = { "mama", "fama" },
	.lookback = mama_lookback,
	PE_IND_FUNCS(mama, struct pe_mama),
};
