/*
 * sma: simple moving average, the mean of the last n values.
 *
 * As TA-Lib's SMA: a running sum, the new value added before the mean is
 * taken and the oldest subtracted after (the same operations in the same
 * order, so the same rounding).  Lookback n-1.
 */
#include "ind.h"

struct sma {
	struct pe_ring win;	/* the last n values */
	double sum;
	uint32_t n, count;
};

static void
sma_init(void *st, const double *p, void *rings)
{
	struct sma *s = st;

	s->n = (uint32_t)p[0];
	s->sum = 0;
	s->count = 0;
	pe_ring_init(&s->win, rings, s->n);
}

static inline int
sma_step(struct sma *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	s->sum += b->x;
	pe_ring_push(&s->win, b->x, u);
	if (s->count < s->n)
		s->count++;
	if (s->count < s->n)
		return 0;
	out[0] = s->sum / s->n;
	s->sum -= pe_ring_ago(&s->win, s->n - 1);
	return 1;
}

PE_IND_DEFINE(sma, struct sma, 1)

static long
sma_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
sma_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_sma = {
	.name = "sma",
	.desc = "simple moving average: the mean of the last n values",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },
	.nout = 1,
	.out = { "sma" },
	.lookback = sma_lookback,
	.ring_size = sma_rings,
	PE_IND_FUNCS(sma, struct sma),
};
