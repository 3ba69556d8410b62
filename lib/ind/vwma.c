/*
 * vwma: the volume-weighted moving average of the last n values,
 * sum(x V) / sum(V).
 *
 * As Tulip Indicators 0.8.4's vwma (indicators/vwma.c): running sums of
 * x V and of V (each new term added, then the one n bars before
 * subtracted), their quotient.  The input is the close by default
 * (Tulip's), any series with @INPUT.  Where no bar of the window has a
 * volume other than 0, the weights are taken as equal, as vwap does: the
 * value is the plain mean of x over the window (Tulip divides by the
 * volume's sum, 0 or what rounding left of it).  Lookback n - 1.
 */
#include "tulip.h"

struct vwma {
	struct pe_ring xs, vs;	/* the last n values and volumes */
	double sum, vsum, xsum;
	uint32_t n, nz, count;	/* nz: bars of the window with V != 0 */
};

static void
vwma_init(void *st, const double *p, void *rings)
{
	struct vwma *s = st;

	memset(s, 0, sizeof *s);
	s->n = (uint32_t)p[0];
	pe_ring_init(&s->xs, rings, s->n);
	pe_ring_init(&s->vs, (double *)rings + s->n, s->n);
}

static inline int
vwma_step(struct vwma *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = pe_tcount(&s->count);
	double x = b->x, v = b->volume, ox, ov;

	s->sum += x * v;
	s->vsum += v;
	s->xsum += x;
	s->nz += v != 0;
	if (i >= s->n) {
		ox = pe_ring_ago(&s->xs, s->n - 1);
		ov = pe_ring_ago(&s->vs, s->n - 1);
		s->sum -= ox * ov;
		s->vsum -= ov;
		s->xsum -= ox;
		s->nz -= ov != 0;
	}
	pe_ring_push(&s->xs, x, u);
	pe_ring_push(&s->vs, v, u);
	if (i + 1 < s->n)
		return 0;
	if (s->nz > 0 && s->vsum != 0)
		out[0] = s->sum / s->vsum;
	else	/* no volume, or none left by rounding */
		out[0] = s->xsum / s->n;
	return 1;
}

PE_IND_DEFINE(vwma, struct vwma, 1)

static long
vwma_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
vwma_rings(const double *p)
{
	return 2 * pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_vwma = {
	.name = "vwma",
	.desc = "volume-weighted moving average (Tulip): sum(x V) / sum(V) "
	    "over the last n bars",
	.inputs = PE_IN_X | PE_IN_VOLUME,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 20, 1, 100000 } },
	.nout = 1,
	.out = { "vwma" },
	.lookback = vwma_lookback,
	.ring_size = vwma_rings,
	PE_IND_FUNCS(vwma, struct vwma),
};
