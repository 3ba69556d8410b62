/*
 * fisher: the Fisher transform (Ehlers) of the median price's place in
 * its n-bar range, and its signal line, the transform one bar before.
 *
 * As Tulip Indicators 0.8.4's fisher (indicators/fisher.c): with hl =
 * (H + L) / 2 and its highest and lowest over the last n bars (a range
 * of 0 taken as 0.001), v = 0.33 * 2 ((hl - lowest) / range - 0.5) +
 * 0.67 v[1] from v = 0, clamped to +-0.999 beyond +-0.99; fisher =
 * 0.5 ln((1 + v) / (1 - v)) + 0.5 fisher[1] from 0; signal = fisher[1]
 * (0 at the first bar).  Lookback n - 1.
 */
#include "tulip.h"
#include "window.h"

struct fisher {
	struct pe_ext hi, lo;	/* of hl, the last n bars */
	double val1, fish;
};

static void
fisher_init(void *st, const double *p, void *rings)
{
	struct fisher *s = st;
	uint32_t n = (uint32_t)p[0];

	s->val1 = 0;
	s->fish = 0;
	pe_ext_init(&s->hi, rings, n, 1);
	pe_ext_init(&s->lo, (char *)rings + pe_ext_size(n), n, -1);
}

static inline int
fisher_step(struct fisher *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double hl = 0.5 * (b->high + b->low), max, min, mm;

	pe_ext_push(&s->hi, hl, u);
	pe_ext_push(&s->lo, hl, u);
	if (!pe_ext_full(&s->hi))
		return 0;
	max = pe_ext_value(&s->hi);
	min = pe_ext_value(&s->lo);
	mm = max - min;
	if (mm == 0.0)
		mm = 0.001;
	s->val1 = 0.33 * 2.0 * ((hl - min) / mm - 0.5) + 0.67 * s->val1;
	if (s->val1 > 0.99)
		s->val1 = .999;
	if (s->val1 < -0.99)
		s->val1 = -.999;
	out[1] = s->fish;
	s->fish = 0.5 * log((1.0 + s->val1) / (1.0 - s->val1)) + 0.5 *
	    s->fish;
	out[0] = s->fish;
	return 1;
}

PE_IND_DEFINE(fisher, struct fisher, 2)

static long
fisher_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
fisher_rings(const double *p)
{
	return 2 * pe_ext_size(p[0]);
}

const struct pe_ind_info pe_ind_fisher = {
	.name = "fisher",
	.desc = "Fisher transform (Tulip) of (H+L)/2 in its n-bar range, and "
	    "its signal, the value one bar before",
	.inputs = PE_IN_HIGH | PE_IN_LOW,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 10, 1, 100000 } },
	.nout = 2,
	.out = { "fisher", "signal" },
	.lookback = fisher_lookback,
	.ring_size = fisher_rings,
	PE_IND_FUNCS(fisher, struct fisher),
};
