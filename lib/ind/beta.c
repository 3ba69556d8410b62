/*
 * beta: the slope of the regression of one series' 1-bar returns on the
 * other's over the last n returns, as in a stock's beta against a market.
 *
 * As TA-Lib's BETA(x, y): returns rx = (x - x[1]) / x[1] (0 when x[1] is
 * within 1e-14 of 0, TA_IS_ZERO) and ry alike; running sums of rx, ry,
 * rx², rx*ry over the last n returns, the new one added before the output
 * and the oldest taken out after; beta = (nΣrx*ry - ΣrxΣry) / (nΣrx² -
 * (Σrx)²), 0 when the divisor is within 1e-14 of 0.  The returns are kept
 * in rings rather than recomputed from prices: the same values.
 * Lookback n (n returns need n+1 bars).
 */
#include "ind.h"

struct beta {
	struct pe_ring rx, ry;	/* the last n returns of x and y */
	double px, py;		/* the previous bar's x and y */
	double sx, sy, sxx, sxy;
	uint32_t n, count;	/* count: bars, up to n+1 */
};

static void
beta_init(void *st, const double *p, void *rings)
{
	struct beta *s = st;

	memset(s, 0, sizeof *s);
	s->n = (uint32_t)p[0];
	pe_ring_init(&s->rx, rings, s->n);
	pe_ring_init(&s->ry, (double *)rings + s->n, s->n);
}

/* A 1-bar return, 0 from a previous value within 1e-14 of 0. */
static inline double
beta_return(double x, double prev)
{
	return pe_is_zero(prev) ? 0 : (x - prev) / prev;
}

static inline int
beta_step(struct beta *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double x, y, t;

	if (s->count == 0) {
		s->px = b->x;
		s->py = b->y;
		s->count++;
		return 0;
	}
	x = beta_return(b->x, s->px);
	y = beta_return(b->y, s->py);
	s->px = b->x;
	s->py = b->y;
	s->sxx += x * x;
	s->sxy += x * y;
	s->sx += x;
	s->sy += y;
	pe_ring_push(&s->rx, x, u);
	pe_ring_push(&s->ry, y, u);
	if (s->count <= s->n)
		s->count++;
	if (s->count <= s->n)
		return 0;
	t = s->n * s->sxx - s->sx * s->sx;
	out[0] = pe_is_zero(t) ? 0 :
	    (s->n * s->sxy - s->sx * s->sy) / t;
	x = pe_ring_ago(&s->rx, s->n - 1);
	y = pe_ring_ago(&s->ry, s->n - 1);
	s->sxx -= x * x;
	s->sxy -= x * y;
	s->sx -= x;
	s->sy -= y;
	return 1;
}

PE_IND_DEFINE(beta, struct beta, 1)

static long
beta_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
beta_rings(const double *p)
{
	return pe_doubles(2 * p[0]);
}

const struct pe_ind_info pe_ind_beta = {
	.name = "beta",
	.desc = "beta: regression slope of the 1-bar returns of the second "
	    "series on the first's over n bars",
	.inputs = PE_IN_X | PE_IN_Y,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 5, 1, 100000 } },
	.nout = 1,
	.out = { "beta" },
	.lookback = beta_lookback,
	.ring_size = beta_rings,
	PE_IND_FUNCS(beta, struct beta),
};
