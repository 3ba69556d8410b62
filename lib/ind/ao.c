/*
 * ao: the awesome oscillator (Bill Williams), SMA(5) - SMA(34) of the
 * median price (H + L) / 2.
 *
 * As Tulip Indicators 0.8.4's ao (indicators/ao.c): two running sums of
 * the median price, each new value added before the one leaving its
 * window is subtracted, then sum5 / 5 - sum34 / 34 as (1/5) sum5 -
 * (1/34) sum34.  No parameters (Tulip's periods are fixed).  Lookback 33.
 */
#include "tulip.h"

#define AO_LONG 34
#define AO_SHORT 5

struct ao {
	struct pe_ring win;	/* the last 34 median prices */
	double sum5, sum34;
	uint32_t count;
};

static void
ao_init(void *st, const double *p, void *rings)
{
	struct ao *s = st;

	(void)p;
	memset(s, 0, sizeof *s);
	pe_ring_init(&s->win, rings, AO_LONG);
}

static inline int
ao_step(struct ao *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double hl = 0.5 * (b->high + b->low);
	uint32_t i = pe_tcount(&s->count);

	s->sum34 += hl;
	if (i >= AO_LONG - AO_SHORT)
		s->sum5 += hl;
	if (i >= AO_LONG) {
		s->sum34 -= pe_ring_ago(&s->win, AO_LONG - 1);
		s->sum5 -= pe_ring_ago(&s->win, AO_SHORT - 1);
	}
	pe_ring_push(&s->win, hl, u);
	if (i < AO_LONG - 1)
		return 0;
	out[0] = 1.0 / 5.0 * s->sum5 - 1.0 / 34.0 * s->sum34;
	return 1;
}

PE_IND_DEFINE(ao, struct ao, 1)

static long
ao_lookback(const double *p)
{
	(void)p;
	return AO_LONG - 1;
}

static size_t
ao_rings(const double *p)
{
	(void)p;
	return pe_doubles(AO_LONG);
}

const struct pe_ind_info pe_ind_ao = {
	.name = "ao",
	.desc = "awesome oscillator (Tulip): SMA(5) - SMA(34) of (H+L)/2",
	.inputs = PE_IN_HIGH | PE_IN_LOW,
	.nparams = 0,
	.nout = 1,
	.out = { "ao" },
	.lookback = ao_lookback,
	.ring_size = ao_rings,
	PE_IND_FUNCS(ao, struct ao),
};
