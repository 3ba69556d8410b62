/*
 * emv: ease of movement (Arms), the move of the median price over the
 * box ratio, volume over range.
 *
 * As Tulip Indicators 0.8.4's emv (indicators/emv.c): with hl = (H + L)
 * / 2 and br = V / 10000 / (H - L), emv = (hl - hl[1]) / br, unsmoothed.
 * A bar without volume or without range gives 0 (Tulip: 0 for a bar
 * without range, inf or NaN for one without volume).  Lookback 1.
 */
#include "tulip.h"

struct emv {
	double last;		/* hl of the bar before */
	uint32_t count;
};

static void
emv_init(void *st, const double *p, void *rings)
{
	struct emv *s = st;

	(void)p;
	(void)rings;
	memset(s, 0, sizeof *s);
}

static inline int
emv_step(struct emv *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double hl = (b->high + b->low) * 0.5, last = s->last;

	(void)u;
	s->last = hl;
	if (pe_tcount(&s->count) == 0)
		return 0;
	if (b->volume == 0 || b->high == b->low)
		out[0] = 0;
	else
		out[0] = (hl - last) / (b->volume / 10000.0 /
		    (b->high - b->low));
	return 1;
}

PE_IND_DEFINE(emv, struct emv, 1)

static long
emv_lookback(const double *p)
{
	(void)p;
	return 1;
}

const struct pe_ind_info pe_ind_emv = {
	.name = "emv",
	.desc = "ease of movement (Tulip): change of (H+L)/2 over "
	    "V / 10000 / (H - L)",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_VOLUME,
	.nparams = 0,
	.nout = 1,
	.out = { "emv" },
	.lookback = emv_lookback,
	PE_IND_FUNCS(emv, struct emv),
};
