/*
 * minmax: the lowest and highest of the last n values in one pass, and
 * minmaxindex: their bar indices.
 *
 * As TA-Lib's MINMAX (outputs min, max) and MINMAXINDEX (minidx, maxidx),
 * lookback n-1: the values and tie rules of MIN, MAX, MININDEX and
 * MAXINDEX (extreme.c), which TA-Lib's combined loops share: a new value
 * equal to the extreme takes its place while the extreme stays in the
 * window, and when the extreme leaves, the oldest of the equal values
 * left is taken.  Two of window.h's windows, one each way: pe_ext for the
 * values, pe_win for the indices.  An index is that of the whole series
 * fed so far (0-based, as a double).
 */
#include "window.h"

struct minmax {
	struct pe_ext lo, hi;
};

struct minmaxindex {
	struct pe_win lo, hi;
};

static void
minmax_init(void *st, const double *p, void *rings)
{
	struct minmax *s = st;
	uint32_t n = (uint32_t)p[0];

	pe_ext_init(&s->lo, rings, n, -1);
	pe_ext_init(&s->hi, (char *)rings + pe_ext_size(n), n, 1);
}

static void
minmaxindex_init(void *st, const double *p, void *rings)
{
	struct minmaxindex *s = st;
	uint32_t n = (uint32_t)p[0];

	pe_win_init(&s->lo, rings, n, -1, PE_WIN_TALIB);
	pe_win_init(&s->hi, (char *)rings + pe_win_size(n), n, 1,
	    PE_WIN_TALIB);
}

static inline int
minmax_step(struct minmax *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	pe_ext_push(&s->lo, b->x, u);
	pe_ext_push(&s->hi, b->x, u);
	if (!pe_ext_full(&s->lo))
		return 0;
	out[0] = pe_ext_value(&s->lo);
	out[1] = pe_ext_value(&s->hi);
	return 1;
}

static inline int
minmaxindex_step(struct minmaxindex *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	pe_win_push(&s->lo, b->x, u);
	pe_win_push(&s->hi, b->x, u);
	if (!pe_win_full(&s->lo))
		return 0;
	out[0] = (double)pe_win_index(&s->lo);
	out[1] = (double)pe_win_index(&s->hi);
	return 1;
}

PE_IND_DEFINE(minmax, struct minmax, 2)
PE_IND_DEFINE(minmaxindex, struct minmaxindex, 2)

static long
minmax_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
minmax_rings(const double *p)
{
	return 2 * pe_ext_size(p[0]);
}

static size_t
minmaxindex_rings(const double *p)
{
	return 2 * pe_win_size(p[0]);
}

const struct pe_ind_info pe_ind_minmax = {
	.name = "minmax",
	.desc = "lowest and highest values over the last n bars",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },
	.nout = 2,
	.out = { "min", "max" },
	.lookback = minmax_lookback,
	.ring_size = minmax_rings,
	PE_IND_FUNCS(minmax, struct minmax),
};

const struct pe_ind_info pe_ind_minmaxindex = {
	.name = "minmaxindex",
	.desc = "absolute bar indices (0-based) of the lowest and highest of "
	    "the last n values",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },
	.nout = 2,
	.out = { "minidx", "maxidx" },
	.lookback = minmax_lookback,
	.ring_size = minmaxindex_rings,
	PE_IND_FUNCS(minmaxindex, struct minmaxindex),
};
