/*
 * ema: exponential moving average, k = 2 / (n + 1).
 *
 * TA-Lib's default seeding: the first value (at bar n-1) is the SMA of the
 * first n values; then e = (x - e) * k + e.  Lookback n-1.
 */
#include "ind.h"

struct ema {
	double k, e;
	uint32_t n, count;
};

static void
ema_init(void *st, const double *p, void *rings)
{
	struct ema *s = st;

	(void)rings;
	s->n = (uint32_t)p[0];
	s->k = 2.0 / (p[0] + 1);
	s->e = 0;
	s->count = 0;
}

static inline int
ema_step(struct ema *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	if (s->count < s->n) {
		s->e += b->x;	/* the sum of the seed */
		if (++s->count < s->n)
			return 0;
		s->e /= s->n;
	} else
		s->e = (b->x - s->e) * s->k + s->e;
	out[0] = s->e;
	return 1;
}

PE_IND_DEFINE(ema, struct ema, 1)

static long
ema_lookback(const double *p)
{
	return (long)p[0] - 1;
}

const struct pe_ind_info pe_ind_ema = {
	.name = "ema",
	.desc = "exponential moving average, k = 2/(n+1), seeded by the SMA "
	    "of the first n values",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },
	.nout = 1,
	.out = { "ema" },
	.lookback = ema_lookback,
	PE_IND_FUNCS(ema, struct ema),
};
