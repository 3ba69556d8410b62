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
 * is taken as the maximum.  Lookback 1.
 */
#include "dm.h"

struct sar {
	double acc, max, af, ep, sar, ph, pl;
	uint32_t count;
	int islong;
};

static void
sar_init(void *st, const double *p, void *rings)
{
	struct sar *s = st;

	(void)rings;
	memset(s, 0, sizeof *s);
	s->acc = p[0] > p[1] ? p[1] : p[0];
	s->max = p[1];
	s->af = s->acc;
}

/* Keep the SAR of a long position at or below the lows lo1 and lo2. */
static inline double
sar_below(double v, double lo1, double lo2)
{
	if (v > lo1)
		v = lo1;
	if (v > lo2)
		v = lo2;
	return v;
}

/* Keep the SAR of a short position at or above the highs hi1 and hi2. */
static inline double
sar_above(double v, double hi1, double hi2)
{
	if (v < hi1)
		v = hi1;
	if (v < hi2)
		v = hi2;
	return v;
}

static inline int
sar_step(struct sar *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double ph, pl, h = b->high, l = b->low, pdm, mdm;

	(void)u;
	if (s->count == 0) {
		s->count = 1;
		s->ph = h;
		s->pl = l;
		return 0;
	}
	if (s->count == 1) {
		s->count = 2;
		pe_dm_bar(h - s->ph, s->pl - l, &pdm, &mdm);
		s->islong = !(mdm > 0);
		if (s->islong) {
			s->ep = h;
			s->sar = s->pl;
		} else {
			s->ep = l;
			s->sar = s->ph;
		}
		s->ph = h;
		s->pl = l;
	}
	ph = s->ph;
	pl = s->pl;
	s->ph = h;
	s->pl = l;
	if (s->islong) {
		if (l <= s->sar) {
			s->islong = 0;
			s->sar = sar_above(s->ep, ph, h);
			out[0] = s->sar;
			s->af = s->acc;
			s->ep = l;
			s->sar = s->sar + s->af * (s->ep - s->sar);
			s->sar = sar_above(s->sar, ph, h);
		} else {
			out[0] = s->sar;
			if (h > s->ep) {
				s->ep = h;
				s->af += s->acc;
				if (s->af > s->max)
					s->af = s->max;
			}
			s->sar = s->sar + s->af * (s->ep - s->sar);
			s->sar = sar_below(s->sar, pl, l);
		}
	} else if (h >= s->sar) {
		s->islong = 1;
		s->sar = sar_below(s->ep, pl, l);
		out[0] = s->sar;
		s->af = s->acc;
		s->ep = h;
		s->sar = s->sar + s->af * (s->ep - s->sar);
		s->sar = sar_below(s->sar, pl, l);
	} else {
		out[0] = s->sar;
		if (l < s->ep) {
			s->ep = l;
			s->af += s->acc;
			if (s->af > s->max)
				s->af = s->max;
		}
		s->sar = s->sar + s->af * (s->ep - s->sar);
		s->sar = sar_above(s->sar, ph, h);
	}
	return 1;
}

PE_IND_DEFINE(sar, struct sar, 1)

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
	PE_IND_FUNCS(sar, struct sar),
};
