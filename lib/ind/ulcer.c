/*
 * ulcer: the Ulcer Index (Peter Martin and Byron McCann, "The Investor's
 * Guide to Fidelity Funds", Wiley 1989; Martin's own definition at
 * tangotools.com/ui/ui.htm).
 *
 * Definition, over the last n values x[n-1] .. x[0] (oldest first), each
 * value's percent drawdown from the highest value of the period up to it:
 *   R_i = 100 (x_i - max(x_oldest .. x_i)) / max(x_oldest .. x_i)
 *   ulcer = sqrt(sum(R_i^2) / n)
 * R_i is 0 where that highest value is 0.  n = 14 by default.
 * Lookback n-1.
 *
 * Each value is computed afresh over its window (n steps a bar): the
 * drawdowns are measured from the highest value of the window up to each
 * bar, which changes for every bar of the window when the oldest leaves.
 * StockCharts measures each bar's drawdown from its own n-bar highest
 * close instead (lookback 2(n-1)); that one is a formula,
 * tests/data/requested.pe's ulcer.
 */
#include "ind.h"

struct ulcer {
	struct pe_ring win;
	uint32_t n, count;
};

static void
ulcer_init(void *st, const double *p, void *rings)
{
	struct ulcer *s = st;

	s->n = (uint32_t)p[0];
	s->count = 0;
	pe_ring_init(&s->win, rings, s->n);
}

static inline int
ulcer_step(struct ulcer *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double hi = -INFINITY, sum = 0, x, r;
	uint32_t k;

	pe_ring_push(&s->win, b->x, u);
	if (s->count < s->n)
		s->count++;
	if (s->count < s->n)
		return 0;
	for (k = s->n; k-- != 0;) {
		x = pe_ring_ago(&s->win, k);
		if (x > hi)
			hi = x;
		r = hi == 0 ? 0 : 100 * (x - hi) / hi;
		sum += r * r;
	}
	out[0] = sqrt(sum / s->n);
	return 1;
}

PE_IND_DEFINE(ulcer, struct ulcer, 1)

static long
ulcer_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
ulcer_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_ulcer = {
	.name = "ulcer",
	.desc = "ulcer index (Martin): root mean square of the percent "
	    "drawdowns from the running high of the last n values",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 1, 100000 } },
	.nout = 1,
	.out = { "ulcer" },
	.lookback = ulcer_lookback,
	.ring_size = ulcer_rings,
	PE_IND_FUNCS(ulcer, struct ulcer),
};
