/*
 * cmf: Chaikin Money Flow (Marc Chaikin; as StockCharts' ChartSchool,
 * "Chaikin Money Flow (CMF)", defines it).
 *
 * Definition, over the last n bars (this one included):
 *   mfv = ((C - L) - (H - C)) / (H - L) * V, 0 when H = L
 *   cmf = sum(mfv, n) / sum(V, n), 0 when sum(V, n) is 0
 * n = 20 by default.  Running sums as TA-Lib's SUM (window.h).  The zero
 * cases are the reference package's and Chaikin's accumulation/
 * distribution line's (TA-Lib's AD adds nothing for a bar with H = L).
 * The volume sum's test counts the bars with V != 0, so the rounding left
 * in a running sum of fractional volumes is never divided by.
 * Lookback n-1.
 */
#include "window.h"

struct cmf {
	struct pe_rsum mfv, v;
	uint32_t nz;		/* bars of the window with V != 0 */
};

static void
cmf_init(void *st, const double *p, void *rings)
{
	struct cmf *s = st;
	uint32_t n = (uint32_t)p[0];

	s->nz = 0;
	pe_rsum_init(&s->mfv, rings, n);
	pe_rsum_init(&s->v, (char *)rings + pe_rsum_size(n), n);
}

static inline int
cmf_step(struct cmf *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double hl = b->high - b->low, mfv = 0, sm = 0, sv = 0;
	int a;

	if (hl != 0)
		mfv = ((b->close - b->low) - (b->high - b->close)) / hl *
		    b->volume;
	if (s->v.count == s->v.n)	/* the bar leaving the window */
		s->nz -= pe_ring_ago(&s->v.win, s->v.n - 1) != 0.0;
	s->nz += b->volume != 0.0;
	a = pe_rsum_push(&s->mfv, mfv, &sm, u);
	if (!pe_rsum_push(&s->v, b->volume, &sv, u) || !a)
		return 0;
	out[0] = s->nz == 0 ? 0 : sm / sv;
	return 1;
}

PE_IND_DEFINE(cmf, struct cmf, 1)

static long
cmf_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
cmf_rings(const double *p)
{
	return 2 * pe_rsum_size(p[0]);
}

const struct pe_ind_info pe_ind_cmf = {
	.name = "cmf",
	.desc = "Chaikin money flow: sum of ((C-L)-(H-C))/(H-L)*V over the "
	    "sum of V, n bars",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE | PE_IN_VOLUME,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 20, 1, 100000 } },
	.nout = 1,
	.out = { "cmf" },
	.lookback = cmf_lookback,
	.ring_size = cmf_rings,
	PE_IND_FUNCS(cmf, struct cmf),
};
