/*
 * sum: the sum of the last n values.
 *
 * As TA-Lib's SUM: a running total, the new value added before the total
 * is taken and the oldest subtracted after (window.h's pe_rsum, the same
 * operations in the same order).  Lookback n-1.
 */
#include "window.h"

struct sum {
	struct pe_rsum r;
};

static void
sum_init(void *st, const double *p, void *rings)
{
	struct sum *s = st;

	pe_rsum_init(&s->r, rings, (uint32_t)p[0]);
}

static inline int
sum_step(struct sum *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	return pe_rsum_push(&s->r, b->x, &out[0], u);
}

PE_IND_DEFINE(sum, struct sum, 1)

static long
sum_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
sum_rings(const double *p)
{
	return pe_rsum_size(p[0]);
}

const struct pe_ind_info pe_ind_sum = {
	.name = "sum",
	.desc = "sum of the last n values",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },
	.nout = 1,
	.out = { "sum" },
	.lookback = sum_lookback,
	.ring_size = sum_rings,
	PE_IND_FUNCS(sum, struct sum),
};
