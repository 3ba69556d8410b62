/*
 * midprice: (highest high + lowest low) / 2 over the last n bars.
 *
 * As TA-Lib's MIDPRICE (lookback n-1, default n 14); the highest and
 * lowest come from window.h's rolling extremes, amortised O(1) per bar.
 */
#include "window.h"

struct midprice {
	struct pe_ext hi, lo;
};

static void
midprice_init(void *st, const double *p, void *rings)
{
	struct midprice *s = st;
	uint32_t n = (uint32_t)p[0];

	pe_ext_init(&s->hi, rings, n, 1);
	pe_ext_init(&s->lo, (char *)rings + pe_ext_size(n), n, -1);
}

static inline int
midprice_step(struct midprice *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	pe_ext_push(&s->hi, b->high, u);
	pe_ext_push(&s->lo, b->low, u);
	if (!pe_ext_full(&s->hi))
		return 0;
	out[0] = (pe_ext_value(&s->hi) + pe_ext_value(&s->lo)) / 2;
	return 1;
}

PE_IND_DEFINE(midprice, struct midprice, 1)

static long
midprice_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
midprice_rings(const double *p)
{
	return 2 * pe_ext_size(p[0]);
}

const struct pe_ind_info pe_ind_midprice = {
	.name = "midprice",
	.desc = "(highest high + lowest low) / 2 over the last n bars",
	.inputs = PE_IN_HIGH | PE_IN_LOW,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "midprice" },
	.lookback = midprice_lookback,
	.ring_size = midprice_rings,
	PE_IND_FUNCS(midprice, struct midprice),
};
