/*
 * marketfi: the market facilitation index (Bill Williams), the range
 * moved per unit of volume.
 *
 * As Tulip Indicators 0.8.4's marketfi (indicators/marketfi.c):
 * (H - L) / V; 0 for a bar without volume (Tulip: inf or NaN).
 * Lookback 0.
 */
#include "tulip.h"

struct marketfi {
	int unused;		/* no state: each bar stands alone */
};

static void
marketfi_init(void *st, const double *p, void *rings)
{
	(void)st;
	(void)p;
	(void)rings;
}

static inline int
marketfi_step(struct marketfi *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)s;
	(void)u;
	out[0] = pe_tdiv(b->high - b->low, b->volume);
	return 1;
}

PE_IND_DEFINE(marketfi, struct marketfi, 1)

static long
marketfi_lookback(const double *p)
{
	(void)p;
	return 0;
}

const struct pe_ind_info pe_ind_marketfi = {
	.name = "marketfi",
	.desc = "market facilitation index (Tulip): (H - L) / V",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_VOLUME,
	.nparams = 0,
	.nout = 1,
	.out = { "marketfi" },
	.lookback = marketfi_lookback,
	PE_IND_FUNCS(marketfi, struct marketfi),
};
