/*
 * max: the highest of the last n values.
 *
 * As TA-Lib's MAX (lookback n-1), with the rolling extreme of window.h
 * (a monotonic deque, amortised O(1) per bar instead of TA-Lib's rescan
 * when the highest leaves the window; the value is the same).
 */
#include "window.h"

struct max {
	struct pe_win w;
};

static void
max_init(void *st, const double *p, void *rings)
{
	struct max *s = st;

	pe_win_init(&s->w, rings, (uint32_t)p[0], 1, PE_WIN_TALIB);
}

static inline int
max_step(struct max *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	pe_win_push(&s->w, b->x, u);
	if (!pe_win_full(&s->w))
		return 0;
	out[0] = pe_win_value(&s->w);
	return 1;
}

PE_IND_DEFINE(max, struct max, 1)

static long
max_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
max_rings(const double *p)
{
	return pe_win_size(p[0]);
}

const struct pe_ind_info pe_ind_max = {
	.name = "max",
	.desc = "highest value over the last n bars",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },
	.nout = 1,
	.out = { "max" },
	.lookback = max_lookback,
	.ring_size = max_rings,
	PE_IND_FUNCS(max, struct max),
};
