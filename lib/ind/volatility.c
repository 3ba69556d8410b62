/*
 * volatility: annualized historical volatility, the population standard
 * deviation of the last n one-bar returns times sqrt(252).
 *
 * As Tulip Indicators 0.8.4's volatility (indicators/volatility.c): the
 * return x / x[1] - 1; running sums of it and its square over the last n
 * returns (the new one added, then the one n bars before subtracted);
 * sqrt(s2 / n - (s1 / n)^2) sqrt(252), each division a product by 1/n.
 * A return from 0 is taken as 0, and a variance that rounding leaves
 * below 0 as 0 (Tulip: inf or NaN, for good; and NaN).  Lookback n.
 */
#include "tulip.h"

struct volatility {
	struct pe_ring chg;	/* the last n returns */
	double scale, prev, sum, sum2;
	uint32_t n, count;
};

static void
volatility_init(void *st, const double *p, void *rings)
{
	struct volatility *s = st;

	memset(s, 0, sizeof *s);
	s->n = (uint32_t)p[0];
	s->scale = 1.0 / p[0];
	pe_ring_init(&s->chg, rings, s->n);
}

static inline int
volatility_step(struct volatility *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = pe_tcount(&s->count);
	double c = s->prev == 0 ? 0 : b->x / s->prev - 1.0, old, mean;

	s->prev = b->x;
	if (i == 0)
		return 0;
	s->sum += c;
	s->sum2 += c * c;
	if (i > s->n) {
		old = pe_ring_ago(&s->chg, s->n - 1);
		s->sum -= old;
		s->sum2 -= old * old;
	}
	pe_ring_push(&s->chg, c, u);
	if (i < s->n)
		return 0;
	mean = s->sum * s->scale;
	out[0] = pe_tsqrt(s->sum2 * s->scale - mean * mean) * sqrt(252);
	return 1;
}

PE_IND_DEFINE(volatility, struct volatility, 1)

static long
volatility_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
volatility_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_volatility = {
	.name = "volatility",
	.desc = "annualized volatility (Tulip): standard deviation of the "
	    "last n returns x/x[1] - 1, times sqrt(252)",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 20, 1, 100000 } },
	.nout = 1,
	.out = { "volatility" },
	.lookback = volatility_lookback,
	.ring_size = volatility_rings,
	PE_IND_FUNCS(volatility, struct volatility),
};
