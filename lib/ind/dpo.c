/*
 * dpo: the detrended price oscillator, the input n/2 + 1 bars ago minus
 * the SMA(n) of the last n bars.
 *
 * As Tulip Indicators 0.8.4's dpo (indicators/dpo.c): back = n/2 + 1
 * (n/2 rounded down), dpo = x[back] - sum / n with the sum written
 * sum * (1/n), a running sum (the new value added, then the oldest
 * subtracted).  The SMA is that of the current window, not shifted back
 * as some other definitions shift it.  Lookback n - 1.
 */
#include "tulip.h"

struct dpo {
	struct pe_ring win;	/* the last n values */
	double div, sum;
	uint32_t n, back, count;
};

static void
dpo_init(void *st, const double *p, void *rings)
{
	struct dpo *s = st;

	memset(s, 0, sizeof *s);
	s->n = (uint32_t)p[0];
	s->back = s->n / 2 + 1;
	s->div = 1.0 / p[0];
	pe_ring_init(&s->win, rings, s->n);
}

static inline int
dpo_step(struct dpo *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = pe_tcount(&s->count);
	double lagged = pe_ring_ago(&s->win, s->back - 1);

	s->sum += b->x;
	if (i >= s->n)
		s->sum -= pe_ring_ago(&s->win, s->n - 1);
	pe_ring_push(&s->win, b->x, u);
	if (i < s->n - 1)
		return 0;
	out[0] = lagged - s->sum * s->div;
	return 1;
}

PE_IND_DEFINE(dpo, struct dpo, 1)

static long
dpo_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
dpo_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_dpo = {
	.name = "dpo",
	.desc = "detrended price oscillator (Tulip): x[n/2+1] - SMA(n)",
	.inputs = PE_IN_X,
	.nparams = 1,
	/* Below 3, Tulip's first value reads before the first bar. */
	.param = { { "period", PE_P_INT, 20, 3, 100000 } },
	.nout = 1,
	.out = { "dpo" },
	.lookback = dpo_lookback,
	.ring_size = dpo_rings,
	PE_IND_FUNCS(dpo, struct dpo),
};
