/*
 * minindex: the absolute 0-based bar index of the lowest of the last n
 * values.
 *
 * As TA-Lib's MININDEX (lookback n-1), ties included: while the lowest
 * stays in the window a new equal value takes its place; when it leaves,
 * the oldest of the equal values left is taken (window.h, PE_WIN_TALIB).
 * A monotonic deque, amortised O(1) per bar, instead of TA-Lib's rescan.
 * The index is that of the whole series fed so far (a double).
 */
#include "window.h"

struct minindex {
	struct pe_win w;
};

static void
minindex_init(void *st, const double *p, void *rings)
{
	struct minindex *s = st;

	pe_win_init(&s->w, rings, (uint32_t)p[0], -1, PE_WIN_TALIB);
}

static inline int
minindex_step(struct minindex *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	pe_win_push(&s->w, b->x, u);
	if (!pe_win_full(&s->w))
		return 0;
	out[0] = (double)pe_win_index(&s->w);
	return 1;
}

PE_IND_DEFINE(minindex, struct minindex, 1)

static long
minindex_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
minindex_rings(const double *p)
{
	return pe_win_size(p[0]);
}

const struct pe_ind_info pe_ind_minindex = {
	.name = "minindex",
	.desc = "absolute bar index (0-based) of the lowest of the last "
	    "n values",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },
	.nout = 1,
	.out = { "minindex" },
	.lookback = minindex_lookback,
	.ring_size = minindex_rings,
	PE_IND_FUNCS(minindex, struct minindex),
};
