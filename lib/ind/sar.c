/*
 * sar: Wilder's parabolic SAR (stop and reverse).
 *
 * As TA-Lib's SAR (ta_func/ta_SAR.c), in its operations: bar 0 has no
 * value.  The direction at bar 1 is short when its -DM is positive (the
 * low fell more than the high rose), else long; the initial SAR is low[0]
 * (long) or high[0] (short), the extreme point high[1] / low[1].  The
 * value at bar t is the SAR in force for bar t.  When low[t] <= SAR (long)
 * or high[t] >= SAR (short) the position reverses: the SAR becomes the
 * extreme point clamped to the previous and current bar's range, the
 * acceleration factor is reset.  Otherwise a new extreme raises af by the
 * acceleration up to the maximum.  The next SAR, sar + af * (ep - sar), is
 * kept outside the last two bars' range.  An acceleration above the maximum
 * is taken as the maximum.  Lookback 1.  The step is SAREXT's
 * (sarext.h) with one acceleration and maximum for both sides.
 */
#include "sarext.h"

/* p = (acceleration, maximum): SAREXT's, for both sides. */
static void
sar_init(void *st, const double *p, void *rings)
{
	const double q[8] = { 0, 0, p[0], p[0], p[1], p[0], p[0], p[1] };

	(void)rings;
	pe_sarext_init(st, q);
}

static inline int
sar_step(struct pe_sarext *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	return pe_sarext_step(s, b->high, b->low, &out[0]);
}

PE_IND_DEFINE(sar, struct pe_sarext, 1)

static long
sar_lookback(const double *p)
{
	(void)p;
	return 1;
}

const struct pe_ind_info pe_ind_sar = {
	.name = "sar",
	.desc = "parabolic SAR (Wilder's stop and reverse)",
	.inputs = PE_IN_HIGH | PE_IN_LOW,
	.nparams = 2,
	.param = {
		{ "acceleration", PE_P_REAL, 0.02, 0, 3e37 },
		{ "maximum", PE_P_REAL, 0.2, 0, 3e37 },
	},
	.nout = 1,
	.out = { "sar" },
	.lookback = sar_lookback,
	PE_IND_FUNCS(sar, struct pe_sarext),
};
