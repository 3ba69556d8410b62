/*
 * aroon: Aroon down and up, 100 * (n - bars since the lowest low / highest
 * high) / n, over a window of n+1 bars.
 *
 * As TA-Lib's AROON (lookback n, default 14): factor = 100 / n, value =
 * factor * (n - (today - index)), the index of the MOST RECENT extreme on
 * ties (window.h, PE_WIN_NEWEST; amortised O(1) per bar).  Outputs in
 * TA-Lib's order: down, up.
 */
#include "window.h"

struct aroon {
	struct pe_win hi, lo;
	double factor;
	int64_t n;
};

static void
aroon_init(void *st, const double *p, void *rings)
{
	struct aroon *s = st;
	uint32_t w = (uint32_t)p[0] + 1;

	s->n = (int64_t)p[0];
	s->factor = 100.0 / (double)s->n;
	pe_win_init(&s->hi, rings, w, 1, PE_WIN_NEWEST);
	pe_win_init(&s->lo, (char *)rings + pe_win_size(w), w, -1,
	    PE_WIN_NEWEST);
}

static inline int
aroon_step(struct aroon *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	int64_t today;

	pe_win_push(&s->hi, b->high, u);
	pe_win_push(&s->lo, b->low, u);
	if (!pe_win_full(&s->hi))
		return 0;
	today = s->hi.t - 1;
	out[0] = s->factor * (double)(s->n - (today - pe_win_index(&s->lo)));
	out[1] = s->factor * (double)(s->n - (today - pe_win_index(&s->hi)));
	return 1;
}

PE_IND_DEFINE(aroon, struct aroon, 2)

static long
aroon_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
aroon_rings(const double *p)
{
	return 2 * pe_win_size(p[0] + 1);
}

const struct pe_ind_info pe_ind_aroon = {
	.name = "aroon",
	.desc = "Aroon down and up: how recent the lowest low and the highest "
	    "high are, 0..100",
	.inputs = PE_IN_HIGH | PE_IN_LOW,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 2,
	.out = { "aroondown", "aroonup" },
	.lookback = aroon_lookback,
	.ring_size = aroon_rings,
	PE_IND_FUNCS(aroon, struct aroon),
};
