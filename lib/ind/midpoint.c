/*
 * midpoint: (highest + lowest) / 2 of the last n values.
 *
 * As TA-Lib's MIDPOINT (lookback n-1, default n 14); the highest and
 * lowest come from window.h's rolling extremes, amortised O(1) per bar.
 */
#include "window.h"

struct midpoint {
	struct pe_ext hi, lo;
};

static void
midpoint_init(void *st, const double *p, void *rings)
{
	struct midpoint *s = st;
	uint32_t n = (uint32_t)p[0];

	pe_ext_init(&s->hi, rings, n, 1);
	pe_ext_init(&s->lo, (char *)rings + pe_ext_size(n), n, -1);
}

static inline int
midpoint_step(struct midpoint *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	pe_ext_push(&s->hi, b->x, u);
	pe_ext_push(&s->lo, b->x, u);
	if (!pe_ext_full(&s->hi))
		return 0;
	out[0] = (pe_ext_value(&s->hi) + pe_ext_value(&s->lo)) / 2;
	return 1;
}

PE_IND_DEFINE(midpoint, struct midpoint, 1)

static long
midpoint_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
midpoint_rings(const double *p)
{
	return 2 * pe_ext_size(p[0]);
}

const struct pe_ind_info pe_ind_midpoint = {
	.name = "midpoint",
	.desc = "(highest + lowest) / 2 of the last n values",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "midpoint" },
	.lookback = midpoint_lookback,
	.ring_size = midpoint_rings,
	PE_IND_FUNCS(midpoint, struct midpoint),
};
