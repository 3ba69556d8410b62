/*
 * ad: Chaikin's accumulation/distribution line, the running sum of
 * ((C - L) - (H - C)) / (H - L) * V.
 *
 * As TA-Lib's AD (ta_func/ta_AD.c): from 0, in its operations; a bar with
 * H - L not above 0 adds nothing.  Lookback 0.  The bar's term is pe_ad_add in
 * dm.h, shared with adosc.
 */
#include "dm.h"

struct ad {
	double ad;
};

static void
ad_init(void *st, const double *p, void *rings)
{
	struct ad *s = st;

	(void)p;
	(void)rings;
	s->ad = 0;
}

static inline int
ad_step(struct ad *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	s->ad = pe_ad_add(s->ad, b);
	out[0] = s->ad;
	return 1;
}

PE_IND_DEFINE(ad, struct ad, 1)

static long
ad_lookback(const double *p)
{
	(void)p;
	return 0;
}

const struct pe_ind_info pe_ind_ad = {
	.name = "ad",
	.desc = "Chaikin accumulation/distribution line: running sum of "
	    "((C-L) - (H-C)) / (H-L) * V",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE | PE_IN_VOLUME,
	.nparams = 0,
	.nout = 1,
	.out = { "ad" },
	.lookback = ad_lookback,
	PE_IND_FUNCS(ad, struct ad),
};
