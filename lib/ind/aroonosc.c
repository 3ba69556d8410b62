/*
 * aroonosc: the Aroon oscillator, Aroon up - Aroon down.
 *
 * As TA-Lib's AROONOSC (lookback n, default 14), in its simplified form
 * factor * (index of the highest high - index of the lowest low), factor
 * = 100 / n, over a window of n+1 bars, the most recent extreme on ties
 * (window.h, PE_WIN_NEWEST; amortised O(1) per bar).
 */
#include "window.h"

struct aroonosc {
	struct pe_win hi, lo;
	double factor;
};

static void
aroonosc_init(void *st, const double *p, void *rings)
{
	struct aroonosc *s = st;
	uint32_t w = (uint32_t)p[0] + 1;

	s->factor = 100.0 / (double)(int64_t)p[0];
	pe_win_init(&s->hi, rings, w, 1, PE_WIN_NEWEST);
	pe_win_init(&s->lo, (char *)rings + pe_win_size(w), w, -1,
	    PE_WIN_NEWEST);
}

static inline int
aroonosc_step(struct aroonosc *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	pe_win_push(&s->hi, b->high, u);
	pe_win_push(&s->lo, b->low, u);
	if (!pe_win_full(&s->hi))
		return 0;
	out[0] = s->factor * (double)(pe_win_index(&s->hi) -
	    pe_win_index(&s->lo));
	return 1;
}

PE_IND_DEFINE(aroonosc, struct aroonosc, 1)

static long
aroonosc_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
aroonosc_rings(const double *p)
{
	return 2 * pe_win_size(p[0] + 1);
}

const struct pe_ind_info pe_ind_aroonosc = {
	.name = "aroonosc",
	.desc = "Aroon oscillator: Aroon up - Aroon down, -100..100",
	.inputs = PE_IN_HIGH | PE_IN_LOW,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "aroonosc" },
	.lookback = aroonosc_lookback,
	.ring_size = aroonosc_rings,
	PE_IND_FUNCS(aroonosc, struct aroonosc),
};
