/*
 * correl: Pearson's correlation coefficient of two series over the last n
 * bars.
 *
 * As TA-Lib's CORREL: running sums of x, y, x², y², xy (the oldest bar
 * taken out before the new one is put in, as TA-Lib does once its first
 * window is full); r = (Σxy - ΣxΣy/n) / sqrt((Σx² - (Σx)²/n)(Σy² -
 * (Σy)²/n)), 0 when the product under the root is below 1e-14
 * (TA_IS_ZERO_OR_NEG).  Lookback n-1.
 */
#include "ind.h"

struct correl {
	struct pe_ring wx, wy;	/* the last n values of x and y */
	double sx, sy, sxx, syy, sxy;
	uint32_t n, count;
};

static void
correl_init(void *st, const double *p, void *rings)
{
	struct correl *s = st;

	memset(s, 0, sizeof *s);
	s->n = (uint32_t)p[0];
	pe_ring_init(&s->wx, rings, s->n);
	pe_ring_init(&s->wy, (double *)rings + s->n, s->n);
}

static inline int
correl_step(struct correl *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double x = b->x, y = b->y, tx, ty, t;

	if (s->count == s->n) {
		tx = pe_ring_ago(&s->wx, s->n - 1);
		ty = pe_ring_ago(&s->wy, s->n - 1);
		s->sx -= tx;
		s->sxx -= tx * tx;
		s->sxy -= tx * ty;
		s->sy -= ty;
		s->syy -= ty * ty;
	}
	s->sx += x;
	s->sxx += x * x;
	s->sxy += x * y;
	s->sy += y;
	s->syy += y * y;
	pe_ring_push(&s->wx, x, u);
	pe_ring_push(&s->wy, y, u);
	if (s->count < s->n)
		s->count++;
	if (s->count < s->n)
		return 0;
	t = (s->sxx - s->sx * s->sx / s->n) * (s->syy - s->sy * s->sy / s->n);
	out[0] = t < 1e-14 ? 0 : (s->sxy - s->sx * s->sy / s->n) / sqrt(t);
	return 1;
}

PE_IND_DEFINE(correl, struct correl, 1)

static long
correl_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
correl_rings(const double *p)
{
	return pe_doubles(2 * p[0]);
}

const struct pe_ind_info pe_ind_correl = {
	.name = "correl",
	.desc = "Pearson's correlation coefficient of two series over n bars",
	.inputs = PE_IN_X | PE_IN_Y,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 1, 100000 } },
	.nout = 1,
	.out = { "correl" },
	.lookback = correl_lookback,
	.ring_size = correl_rings,
	PE_IND_FUNCS(correl, struct correl),
};
