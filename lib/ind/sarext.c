/*
 * sarext: the parabolic SAR with TA-Lib's every knob, negative while
 * short.
 *
 * As TA-Lib's SAREXT (ta_func/ta_SAREXT.c), its eight parameters in its
 * order and with its defaults: start value (0: the direction from bar 1's
 * directional movement, as SAR; > 0 long at it; < 0 short at its absolute
 * value), offset on reverse (the reversal SAR moved away from the price by
 * that fraction of itself), and for the long and the short side an
 * initial acceleration factor, its step and its maximum (0.02, 0.02,
 * 0.2; pe's names: offset, afinitlong, aflong, afmaxlong, afinitshort,
 * afshort, afmaxshort).  The value is the SAR in force for the bar,
 * negated while the position is short, so a change of sign is a
 * reversal.  The step is sarext.h's, shared with sar.  Lookback 1.
 */
#include "sarext.h"

static void
sarext_init(void *st, const double *p, void *rings)
{
	(void)rings;
	pe_sarext_init(st, p);
}

static inline int
sarext_step(struct pe_sarext *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double v;

	(void)u;
	if (!pe_sarext_step(s, b->high, b->low, &v))
		return 0;
	out[0] = s->islong ? v : 0 - v;
	return 1;
}

PE_IND_DEFINE(sarext, struct pe_sarext, 1)

static long
sarext_lookback(const double *p)
{
	(void)p;
	return 1;
}

const struct pe_ind_info pe_ind_sarext = {
	.name = "sarext",
	.desc = "parabolic SAR with TA-Lib's every parameter, negative while "
	    "short",
	.inputs = PE_IN_HIGH | PE_IN_LOW,
	.nparams = 8,
	.param = {
		{ "startvalue", PE_P_REAL, 0, -3e37, 3e37 },
		{ "offset", PE_P_REAL, 0, 0, 3e37 },
		{ "afinitlong", PE_P_REAL, 0.02, 0, 3e37 },
		{ "aflong", PE_P_REAL, 0.02, 0, 3e37 },
		{ "afmaxlong", PE_P_REAL, 0.2, 0, 3e37 },
		{ "afinitshort", PE_P_REAL, 0.02, 0, 3e37 },
		{ "afshort", PE_P_REAL, 0.02, 0, 3e37 },
		{ "afmaxshort", PE_P_REAL, 0.2, 0, 3e37 },
	},
	.nout = 1,
	.out = { "sarext" },
	.lookback = sarext_lookback,
	PE_IND_FUNCS(sarext, struct pe_sarext),
};
