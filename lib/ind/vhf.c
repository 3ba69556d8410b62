/*
 * vhf: the vertical horizontal filter (White), the range of the last n
 * values over the sum of their last n absolute changes: near 1 in a
 * trend, near 0 in a range.
 *
 * As Tulip Indicators 0.8.4's vhf (indicators/vhf.c): |highest -
 * lowest| of x over the last n bars, over a running sum of |x - x[1]|
 * over the last n bars' changes (the new change added, then the one n
 * bars before it subtracted).  0 where that sum is 0, a flat window
 * (Tulip: NaN).  Lookback n.
 */
#include "tulip.h"
#include "window.h"

struct vhf {
	struct pe_ext hi, lo;	/* of x, the last n bars */
	struct pe_ring chg;	/* the last n absolute changes */
	double prev, sum;
	uint32_t n, count;
};

static void
vhf_init(void *st, const double *p, void *rings)
{
	struct vhf *s = st;
	char *mem = rings;

	s->n = (uint32_t)p[0];
	s->prev = s->sum = 0;
	s->count = 0;
	pe_ext_init(&s->hi, mem, s->n, 1);
	mem += pe_ext_size(s->n);
	pe_ext_init(&s->lo, mem, s->n, -1);
	mem += pe_ext_size(s->n);
	pe_ring_init(&s->chg, (double *)(void *)mem, s->n);
}

static inline int
vhf_step(struct vhf *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = pe_tcount(&s->count);
	double c = fabs(b->x - s->prev);

	s->prev = b->x;
	pe_ext_push(&s->hi, b->x, u);
	pe_ext_push(&s->lo, b->x, u);
	if (i == 0)
		return 0;
	s->sum += c;
	if (i > s->n)
		s->sum -= pe_ring_ago(&s->chg, s->n - 1);
	pe_ring_push(&s->chg, c, u);
	if (i < s->n)
		return 0;
	out[0] = pe_tdiv(fabs(pe_ext_value(&s->hi) - pe_ext_value(&s->lo)),
	    s->sum);
	return 1;
}

PE_IND_DEFINE(vhf, struct vhf, 1)

static long
vhf_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
vhf_rings(const double *p)
{
	return 2 * pe_ext_size(p[0]) + pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_vhf = {
	.name = "vhf",
	.desc = "vertical horizontal filter (Tulip): n-bar range of x over "
	    "the sum of its n absolute changes",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 28, 1, 100000 } },
	.nout = 1,
	.out = { "vhf" },
	.lookback = vhf_lookback,
	.ring_size = vhf_rings,
	PE_IND_FUNCS(vhf, struct vhf),
};
