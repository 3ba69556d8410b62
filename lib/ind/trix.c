/*
 * trix: the 1-bar rate of change, in percent, of a triple EMA.
 *
 * As TA-Lib's TRIX (ta_TRIX.c): e3 = EMA(EMA(EMA(x))), each seeded by the
 * SMA of its first n inputs (pe_ema_step in ma.h); then TA-Lib's ROC,
 * (e3 / e3[-1] - 1) * 100, 0 where e3[-1] is 0.  Lookback 3(n-1) + 1.
 */
#include "ma.h"

struct trix {
	struct pe_ema e1, e2, e3;
	double prev;
	int have;		/* prev holds the last e3 */
};

static void
trix_init(void *st, const double *p, void *rings)
{
	struct trix *s = st;
	uint32_t n = (uint32_t)p[0];

	(void)rings;
	pe_ema_init(&s->e1, n, 2.0 / (n + 1.0));
	pe_ema_init(&s->e2, n, 2.0 / (n + 1.0));
	pe_ema_init(&s->e3, n, 2.0 / (n + 1.0));
	s->prev = 0;
	s->have = 0;
}

static inline int
trix_step(struct trix *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double a, c, e;
	int ok;

	(void)u;
	if (!pe_ema_step(&s->e1, b->x, &a) || !pe_ema_step(&s->e2, a, &c) ||
	    !pe_ema_step(&s->e3, c, &e))
		return 0;
	ok = s->have;
	if (ok)
		out[0] = s->prev != 0.0 ? ((e / s->prev) - 1.0) * 100.0 : 0.0;
	s->prev = e;
	s->have = 1;
	return ok;
}

PE_IND_DEFINE(trix, struct trix, 1)

static long
trix_lookback(const double *p)
{
	return 3 * ((long)p[0] - 1) + 1;
}

const struct pe_ind_info pe_ind_trix = {
	.name = "trix",
	.desc = "1-bar rate of change (percent) of a triple EMA",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 1, 100000 } },
	.nout = 1,
	.out = { "trix" },
	.lookback = trix_lookback,
	PE_IND_FUNCS(trix, struct trix),
};
