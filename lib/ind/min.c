/*
 * min: the lowest of the last n values.
 *
 * As TA-Lib's MIN (lookback n-1), with the rolling extreme of window.h
 * (a monotonic deque, amortised O(1) per bar instead of TA-Lib's rescan
 * when the lowest leaves the window; the value is the same).
 */
#include "window.h"

struct min {
	struct pe_win w;
};

static void
min_init(void *st, const double *p, void *rings)
{
	struct min *s = st;

	pe_win_init(&s->w, rings, (uint32_t)p[0], -1, PE_WIN_TALIB);
}

static inline int
min_step(struct min *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	pe_win_push(&s->w, b->x, u);
	if (!pe_win_full(&s->w))
		return 0;
	out[0] = pe_win_value(&s->w);
	return 1;
}

PE_IND_DEFINE(min, struct min, 1)

static long
min_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
min_rings(const double *p)
{
	return pe_win_size(p[0]);
}

const struct pe_ind_info pe_ind_min = {
	.name = "min",
	.desc = "lowest value over the last n bars",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },
	.nout = 1,
	.out = { "min" },
	.lookback = min_lookback,
	.ring_size = min_rings,
	PE_IND_FUNCS(min, struct min),
};
