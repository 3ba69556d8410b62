/*
 * extreme: the highest and lowest of the last n values, and their bar
 * indices: max, min, maxindex, minindex.
 *
 * As TA-Lib's MAX, MIN, MAXINDEX and MININDEX (lookback n-1), ties
 * included: while the extreme stays in the window a new equal value takes
 * its place; when it leaves, the oldest of the equal values left is taken
 * (window.h, PE_WIN_TALIB).  Instead of TA-Lib's rescan when the extreme
 * leaves the window (O(n) a bar on a falling series): max and min use
 * window.h's blocks (pe_ext, O(1) a bar), the indices its monotonic deque
 * (pe_win, amortised O(1)); the values are the same.  An index is that of
 * the whole series fed so far (0-based, as a double).
 */
#include "window.h"

static void
max_init(void *st, const double *p, void *rings)
{
	pe_ext_init(st, rings, (uint32_t)p[0], 1);
}

static void
min_init(void *st, const double *p, void *rings)
{
	pe_ext_init(st, rings, (uint32_t)p[0], -1);
}

static void
maxindex_init(void *st, const double *p, void *rings)
{
	pe_win_init(st, rings, (uint32_t)p[0], 1, PE_WIN_TALIB);
}

static void
minindex_init(void *st, const double *p, void *rings)
{
	pe_win_init(st, rings, (uint32_t)p[0], -1, PE_WIN_TALIB);
}

static long
extreme_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
max_rings(const double *p)
{
	return pe_ext_size(p[0]);
}

static size_t
maxindex_rings(const double *p)
{
	return pe_win_size(p[0]);
}

static inline int
max_step(struct pe_ext *w, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	pe_ext_push(w, b->x, u);
	if (!pe_ext_full(w))
		return 0;
	out[0] = pe_ext_value(w);
	return 1;
}

static inline int
min_step(struct pe_ext *w, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	return max_step(w, b, out, u);	/* the direction is the init's */
}

static inline int
maxindex_step(struct pe_win *w, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	pe_win_push(w, b->x, u);
	if (!pe_win_full(w))
		return 0;
	out[0] = (double)pe_win_index(w);
	return 1;
}

static inline int
minindex_step(struct pe_win *w, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	return maxindex_step(w, b, out, u);
}

PE_IND_DEFINE(max, struct pe_ext, 1)
PE_IND_DEFINE(min, struct pe_ext, 1)
PE_IND_DEFINE(maxindex, struct pe_win, 1)
PE_IND_DEFINE(minindex, struct pe_win, 1)

#define EXTREME_ENTRY(NAME, DESC, TYPE, KIND)					\
const struct pe_ind_info pe_ind_##NAME = {				\
	.name = #NAME,							\
	.desc = DESC,							\
	.inputs = PE_IN_X,						\
	.nparams = 1,							\
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },		\
	.nout = 1,							\
	.out = { #NAME },						\
	.lookback = extreme_lookback,					\
	.ring_size = KIND##_rings,					\
	PE_IND_FUNCS(NAME, TYPE),					\
};

EXTREME_ENTRY(max, "highest value over the last n bars", struct pe_ext,
    max)
EXTREME_ENTRY(min, "lowest value over the last n bars", struct pe_ext, max)
EXTREME_ENTRY(maxindex, "absolute bar index (0-based) of the highest of "
    "the last n values", struct pe_win, maxindex)
EXTREME_ENTRY(minindex, "absolute bar index (0-based) of the lowest of "
    "the last n values", struct pe_win, maxindex)
