/*
 * imi: intraday momentum index, 100 * up / (up + down) over the last n
 * bars, up the sum of C - O over the bars that closed above their open,
 * down the sum of O - C over the others.
 *
 * As TA-Lib's IMI (ta_func/ta_IMI.c, inputs open and close).  TA-Lib sums
 * each window afresh; here the sums run (the oldest bar taken away, the
 * new one added), which differs by rounding only, and are reset to exactly
 * 0 whenever the window holds no nonzero term, so that a flat window gives
 * TA-Lib's 0/0 (NaN) and no residue is carried.  Lookback n-1.
 */
#include "ind.h"

struct imi {
	struct pe_ring d;	/* C - O of the last n bars */
	double up, down;
	uint32_t n, count, nz;	/* nz: nonzero terms in the window */
};

static void
imi_init(void *st, const double *p, void *rings)
{
	struct imi *s = st;

	memset(s, 0, sizeof *s);
	s->n = (uint32_t)p[0];
	pe_ring_init(&s->d, rings, s->n);
}

static inline void
imi_add(struct imi *s, double d, double sign)
{
	if (d > 0)
		s->up += sign * d;
	else
		s->down -= sign * d;
}

static inline int
imi_step(struct imi *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double d = b->close - b->open, old;

	if (s->count >= s->n) {
		old = pe_ring_ago(&s->d, s->n - 1);
		if (old != 0)
			s->nz--;
		imi_add(s, old, -1.0);
	} else
		s->count++;
	if (d != 0)
		s->nz++;
	imi_add(s, d, 1.0);
	pe_ring_push(&s->d, d, u);
	if (s->nz == 0) {
		s->up = 0;
		s->down = 0;
	}
	if (s->count < s->n)
		return 0;
	out[0] = 100.0 * (s->up / (s->up + s->down));
	return 1;
}

PE_IND_DEFINE(imi, struct imi, 1)

static long
imi_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
imi_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_imi = {
	.name = "imi",
	.desc = "intraday momentum index: 100 * sum of up (C-O) / sum of "
	    "|C-O| over n bars",
	.inputs = PE_IN_OPEN | PE_IN_CLOSE,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "imi" },
	.lookback = imi_lookback,
	.ring_size = imi_rings,
	PE_IND_FUNCS(imi, struct imi),
};
