/*
 * qstick: Chande's Qstick, the mean of the candles' bodies C - O over the
 * last n bars.
 *
 * As Tulip Indicators 0.8.4's qstick (indicators/qstick.c): a running
 * sum of C - O (the new body added, then the oldest subtracted) times
 * 1/n.  Lookback n - 1.
 */
#include "tulip.h"

struct qstick {
	struct pe_ring win;	/* the last n bodies */
	double div, sum;
	uint32_t n, count;
};

static void
qstick_init(void *st, const double *p, void *rings)
{
	struct qstick *s = st;

	memset(s, 0, sizeof *s);
	s->n = (uint32_t)p[0];
	s->div = 1.0 / p[0];
	pe_ring_init(&s->win, rings, s->n);
}

static inline int
qstick_step(struct qstick *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = pe_tcount(&s->count);
	double body = b->close - b->open;

	s->sum += body;
	if (i >= s->n)
		s->sum -= pe_ring_ago(&s->win, s->n - 1);
	pe_ring_push(&s->win, body, u);
	if (i < s->n - 1)
		return 0;
	out[0] = s->sum * s->div;
	return 1;
}

PE_IND_DEFINE(qstick, struct qstick, 1)

static long
qstick_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
qstick_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_qstick = {
	.name = "qstick",
	.desc = "Qstick (Tulip): the mean of C - O over the last n bars",
	.inputs = PE_IN_OPEN | PE_IN_CLOSE,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 1, 100000 } },
	.nout = 1,
	.out = { "qstick" },
	.lookback = qstick_lookback,
	.ring_size = qstick_rings,
	PE_IND_FUNCS(qstick, struct qstick),
};
