/*
 * alma: the Arnaud Legoux moving average (Arnaud Legoux and Dimitrios
 * Kouzis-Loukas, 2009; as TradingView's ta.alma defines it).
 *
 * Definition, over the last n values x_0 (oldest) .. x_{n-1} (newest):
 *   m = offset (n - 1),  s = n / sigma,
 *   w_i = exp(-(i - m)^2 / (2 s^2)),
 *   alma = sum(w_i x_i) / sum(w_i)
 * A Gaussian window whose peak sits offset of the way from the oldest to
 * the newest value.  n = 9, offset = 0.85, sigma = 6 by default.  Lookback
 * n-1.  Each value is a fresh weighted sum over the window (n steps a
 * bar: the weights do not slide as a WMA's do).  The weights are
 * computed once, into ring memory that the step only reads.
 */
#include "ind.h"

struct alma {
	struct pe_ring win;
	double *w;		/* n weights, oldest first */
	double total;
	uint32_t n, count;
};

static void
alma_init(void *st, const double *p, void *rings)
{
	struct alma *s = st;
	double m, sd;
	uint32_t i;

	s->n = (uint32_t)p[0];
	s->count = 0;
	pe_ring_init(&s->win, rings, s->n);
	s->w = (double *)rings + s->n;
	m = p[1] * (p[0] - 1);
	sd = p[0] / p[2];
	s->total = 0;
	for (i = 0; i < s->n; i++) {
		s->w[i] = exp(-((i - m) * (i - m)) / (2 * sd * sd));
		s->total += s->w[i];
	}
}

static inline int
alma_step(struct alma *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double sum = 0;
	uint32_t i;

	pe_ring_push(&s->win, b->x, u);
	if (s->count < s->n)
		s->count++;
	if (s->count < s->n)
		return 0;
	for (i = 0; i < s->n; i++)
		sum += pe_ring_ago(&s->win, s->n - 1 - i) * s->w[i];
	out[0] = sum / s->total;
	return 1;
}

PE_IND_DEFINE(alma, struct alma, 1)

static long
alma_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
alma_rings(const double *p)
{
	return 2 * pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_alma = {
	.name = "alma",
	.desc = "Arnaud Legoux moving average: a Gaussian-weighted mean of n "
	    "values, peak at offset, width n/sigma",
	.inputs = PE_IN_X,
	.nparams = 3,
	.param = {
		{ "period", PE_P_INT, 9, 1, 100000 },
		{ "offset", PE_P_REAL, 0.85, 0, 1 },
		{ "sigma", PE_P_REAL, 6, 1e-6, 100 },
	},
	.nout = 1,
	.out = { "alma" },
	.lookback = alma_lookback,
	.ring_size = alma_rings,
	PE_IND_FUNCS(alma, struct alma),
};
