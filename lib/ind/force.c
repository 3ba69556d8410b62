/*
 * force: Elder's Force Index (Alexander Elder, "Trading for a Living",
 * Wiley 1993).
 *
 * Definition: force = EMA((C - C[1]) V, n), the EMA pe's (TA-Lib's:
 * k = 2/(n+1), seeded by the SMA of its first n inputs).  n = 13 by
 * default, Elder's (force:1 is the raw one-bar force).  The first bar has
 * no change: lookback n.
 */
#include "ma.h"

struct force {
	struct pe_ema e;
	double pc;
	int seen;
};

static void
force_init(void *st, const double *p, void *rings)
{
	struct force *s = st;

	(void)rings;
	s->pc = 0;
	s->seen = 0;
	pe_ema_init(&s->e, (uint32_t)p[0], 2.0 / (p[0] + 1));
}

static inline int
force_step(struct force *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double f = (b->close - s->pc) * b->volume;
	int seen = s->seen;

	(void)u;
	s->pc = b->close;
	s->seen = 1;
	return seen && pe_ema_step(&s->e, f, out);
}

PE_IND_DEFINE(force, struct force, 1)

static long
force_lookback(const double *p)
{
	return (long)p[0];
}

const struct pe_ind_info pe_ind_force = {
	.name = "force",
	.desc = "force index (Elder): EMA(n) of (C - C[1]) * V",
	.inputs = PE_IN_CLOSE | PE_IN_VOLUME,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 13, 1, 100000 } },
	.nout = 1,
	.out = { "force" },
	.lookback = force_lookback,
	PE_IND_FUNCS(force, struct force),
};
