/*
 * mass: the mass index (Dorsey), the sum over n bars of EMA(9) of the
 * range H - L over EMA(9) of that EMA.
 *
 * As Tulip Indicators 0.8.4's mass (indicators/mass.c): k = 2 / 10;
 * the first EMA starts from the range of bar 0 and is updated on every
 * bar, bar 0 included, as e = e (1 - k) + range k; the second is set to
 * the first at bar 8 and updated from there the same way; their ratio is
 * summed from bar 16, the oldest ratio subtracted before the new one is
 * added.  Where the second EMA is 0 (a series without range from its
 * start) the ratio is taken as 1, that of any constant range (Tulip: NaN,
 * and the sum stays NaN).  Lookback 16 + n - 1.
 */
#include "tulip.h"

#define MASS_K (2 / (9.0 + 1))

struct mass {
	struct pe_ring win;	/* the last n ratios */
	double ema, ema2, sum;
	uint32_t n, count;
};

static void
mass_init(void *st, const double *p, void *rings)
{
	struct mass *s = st;

	memset(s, 0, sizeof *s);
	s->n = (uint32_t)p[0];
	pe_ring_init(&s->win, rings, s->n);
}

static inline int
mass_step(struct mass *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = pe_tcount(&s->count);
	double hl = b->high - b->low, r;

	if (i == 0)
		s->ema = hl;
	s->ema = s->ema * (1.0 - MASS_K) + hl * MASS_K;
	if (i < 8)
		return 0;
	if (i == 8)
		s->ema2 = s->ema;
	s->ema2 = s->ema2 * (1.0 - MASS_K) + s->ema * MASS_K;
	if (i < 16)
		return 0;
	r = s->ema2 == 0 ? 1 : s->ema / s->ema2;
	if (i - 16 >= s->n)
		s->sum -= pe_ring_ago(&s->win, s->n - 1);
	s->sum += r;
	pe_ring_push(&s->win, r, u);
	if (i < 16 + s->n - 1)
		return 0;
	out[0] = s->sum;
	return 1;
}

PE_IND_DEFINE(mass, struct mass, 1)

static long
mass_lookback(const double *p)
{
	return 16 + (long)p[0] - 1;
}

static size_t
mass_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_mass = {
	.name = "mass",
	.desc = "mass index (Tulip): n-bar sum of EMA(9) of H - L over "
	    "EMA(9) of that EMA",
	.inputs = PE_IN_HIGH | PE_IN_LOW,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 25, 1, 100000 } },
	.nout = 1,
	.out = { "mass" },
	.lookback = mass_lookback,
	.ring_size = mass_rings,
	PE_IND_FUNCS(mass, struct mass),
};
