/*
 * donchian: Donchian channels (Richard Donchian).
 *
 * Definition: upper = the highest high of the last n bars (this one
 * included), lower = the lowest low of the last n bars, middle =
 * (upper + lower) / 2.  The extremes come from window.h's monotonic deque
 * (amortised O(1) per bar).  Lookback n-1 (19 with the default n = 20).
 * Outputs upper, middle, lower (TA-Lib's order for bands).
 *
 * Bloat: no "previous n bars" variant (the channel of the n bars before
 * this one, as breakout systems use): that is donchian's output one bar
 * ago, x[1] in a formula.
 */
#include "window.h"

struct donchian {
	struct pe_ext hi, lo;
};

static void
donchian_init(void *st, const double *p, void *rings)
{
	struct donchian *s = st;
	uint32_t n = (uint32_t)p[0];

	pe_ext_init(&s->hi, rings, n, 1);
	pe_ext_init(&s->lo, (char *)rings + pe_ext_size(n), n, -1);
}

static inline int
donchian_step(struct donchian *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double h, l;

	pe_ext_push(&s->hi, b->high, u);
	pe_ext_push(&s->lo, b->low, u);
	if (!pe_ext_full(&s->hi))
		return 0;
	h = pe_ext_value(&s->hi);
	l = pe_ext_value(&s->lo);
	out[0] = h;
	out[1] = (h + l) / 2;
	out[2] = l;
	return 1;
}

PE_IND_DEFINE(donchian, struct donchian, 3)

static long
donchian_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
donchian_rings(const double *p)
{
	return 2 * pe_ext_size(p[0]);
}

const struct pe_ind_info pe_ind_donchian = {
	.name = "donchian",
	.desc = "Donchian channels: highest high, midpoint, lowest low of "
	    "the last n bars",
	.inputs = PE_IN_HIGH | PE_IN_LOW,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 20, 1, 100000 } },
	.nout = 3,
	.out = { "upper", "middle", "lower" },
	.lookback = donchian_lookback,
	.ring_size = donchian_rings,
	PE_IND_FUNCS(donchian, struct donchian),
};
