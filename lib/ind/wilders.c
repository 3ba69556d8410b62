/*
 * wilders: Wilder's smoothing, an EMA with k = 1/n (Pine's rma).
 *
 * As Tulip Indicators 0.8.4's wilders (indicators/wilders.c): seeded at
 * bar n - 1 with the mean of the first n values (their sum over n), then
 * w = (x - w) / n + w, written (x - w) * (1/n) + w.  Lookback n - 1.
 */
#include "tulip.h"

struct wilders {
	double per, sum, val;
	uint32_t n, count;
};

static void
wilders_init(void *st, const double *p, void *rings)
{
	struct wilders *s = st;

	(void)rings;
	memset(s, 0, sizeof *s);
	s->n = (uint32_t)p[0];
	s->per = 1.0 / p[0];
}

static inline int
wilders_step(struct wilders *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = pe_tcount(&s->count);

	(void)u;
	if (i < s->n) {
		s->sum += b->x;
		if (i + 1 < s->n)
			return 0;
		s->val = s->sum / s->n;
	} else
		s->val = (b->x - s->val) * s->per + s->val;
	out[0] = s->val;
	return 1;
}

PE_IND_DEFINE(wilders, struct wilders, 1)

static long
wilders_lookback(const double *p)
{
	return (long)p[0] - 1;
}

const struct pe_ind_info pe_ind_wilders = {
	.name = "wilders",
	.desc = "Wilder's smoothing (Tulip): an EMA with k = 1/n, seeded by "
	    "the SMA of the first n values",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 1, 100000 } },
	.nout = 1,
	.out = { "wilders" },
	.lookback = wilders_lookback,
	PE_IND_FUNCS(wilders, struct wilders),
};
