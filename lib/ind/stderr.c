/*
 * stderr: the standard error of the mean of the last n values, their
 * population standard deviation over sqrt(n).
 *
 * As Tulip Indicators 0.8.4's stderr (indicators/stderr.c): running sums
 * of x and x^2 (the new value added, then the oldest subtracted);
 * v = s2 / n - (s1 / n)^2, each division written as a product with 1/n;
 * stderr = sqrt(v) / sqrt(n), as (1 / sqrt(n)) sqrt(v).  Where rounding
 * leaves v below 0 the value is 0 (Tulip writes v itself times
 * 1 / sqrt(n), a tiny negative number).  Lookback n - 1.
 */
#include "tulip.h"

struct pe_stderr {
	struct pe_ring win;	/* the last n values */
	double scale, mul, sum, sum2;
	uint32_t n, count;
};

static void
stderr_init(void *st, const double *p, void *rings)
{
	struct pe_stderr *s = st;

	memset(s, 0, sizeof *s);
	s->n = (uint32_t)p[0];
	s->scale = 1.0 / p[0];
	s->mul = 1.0 / sqrt(p[0]);
	pe_ring_init(&s->win, rings, s->n);
}

static inline int
stderr_step(struct pe_stderr *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = pe_tcount(&s->count);
	double x = b->x, old, mean;

	s->sum += x;
	s->sum2 += x * x;
	if (i >= s->n) {
		old = pe_ring_ago(&s->win, s->n - 1);
		s->sum -= old;
		s->sum2 -= old * old;
	}
	pe_ring_push(&s->win, x, u);
	if (i < s->n - 1)
		return 0;
	mean = s->sum * s->scale;
	out[0] = s->mul * pe_tsqrt(s->sum2 * s->scale - mean * mean);
	return 1;
}

PE_IND_DEFINE(stderr, struct pe_stderr, 1)

static long
stderr_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
stderr_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_stderr = {
	.name = "stderr",
	.desc = "standard error (Tulip): the population standard deviation "
	    "of the last n values over sqrt(n)",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 20, 1, 100000 } },
	.nout = 1,
	.out = { "stderr" },
	.lookback = stderr_lookback,
	.ring_size = stderr_rings,
	/* stderr is also stdio's macro: named only where it is pasted. */
	PE_IND_FUNCS_INIT(stderr, struct pe_stderr, stderr_init),
};
