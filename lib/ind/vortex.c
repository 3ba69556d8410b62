/*
 * vortex: the Vortex indicator (Etienne Botes and Douglas Siepman, "The
 * Vortex Indicator", Technical Analysis of Stocks & Commodities, January
 * 2010).
 *
 * Definition, over the last n bars (this one included), each bar read
 * with the one before it:
 *   VM+ = |H - L[1]|,  VM- = |L - H[1]|,
 *   TR  = max(H - L, |H - C[1]|, |L - C[1]|)
 *   plus = sum(VM+, n) / sum(TR, n),  minus = sum(VM-, n) / sum(TR, n)
 * n = 14 by default.  Both 0 when every TR of the window is 0 (no range
 * at all; the reference package's 0 when the TR sum is; counting the
 * bars, not testing the running sum, so a rounding residue is never
 * divided by).  Running sums as TA-Lib's SUM (window.h).
 * The first bar has no bar before it: lookback n.
 */
#include "dm.h"
#include "window.h"

struct vortex {
	struct pe_rsum vp, vm, tr;
	double ph, pl, pc;
	uint32_t nz;		/* bars of the window with TR != 0 */
	int seen;
};

static void
vortex_init(void *st, const double *p, void *rings)
{
	struct vortex *s = st;
	uint32_t n = (uint32_t)p[0];
	char *mem = rings;

	memset(s, 0, sizeof *s);
	pe_rsum_init(&s->vp, mem, n);
	pe_rsum_init(&s->vm, mem + pe_rsum_size(n), n);
	pe_rsum_init(&s->tr, mem + 2 * pe_rsum_size(n), n);
}

static inline int
vortex_step(struct vortex *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double p = 0, m = 0, t = 0, vp, vm, tr;
	int seen = s->seen, a, c;

	vp = fabs(b->high - s->pl);
	vm = fabs(b->low - s->ph);
	tr = pe_trange(b->high, b->low, s->pc);
	s->ph = b->high;
	s->pl = b->low;
	s->pc = b->close;
	s->seen = 1;
	if (!seen)
		return 0;
	if (s->tr.count == s->tr.n)	/* the bar leaving the window */
		s->nz -= pe_ring_ago(&s->tr.win, s->tr.n - 1) != 0.0;
	s->nz += tr != 0.0;
	a = pe_rsum_push(&s->vp, vp, &p, u);
	c = pe_rsum_push(&s->vm, vm, &m, u);
	if (!pe_rsum_push(&s->tr, tr, &t, u) || !a || !c)
		return 0;
	out[0] = s->nz == 0 ? 0 : p / t;
	out[1] = s->nz == 0 ? 0 : m / t;
	return 1;
}

PE_IND_DEFINE(vortex, struct vortex, 2)

static long
vortex_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
vortex_rings(const double *p)
{
	return 3 * pe_rsum_size(p[0]);
}

const struct pe_ind_info pe_ind_vortex = {
	.name = "vortex",
	.desc = "Vortex indicator: sums of |H-L[1]| and |L-H[1]| over the sum "
	    "of the true range, n bars",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 1, 100000 } },
	.nout = 2,
	.out = { "plus", "minus" },
	.lookback = vortex_lookback,
	.ring_size = vortex_rings,
	PE_IND_FUNCS(vortex, struct vortex),
};
