/*
 * chop: the Choppiness Index (E. W. Dreiss; as TradingView's built-in
 * "Choppiness Index" defines it).
 *
 * Definition, over the last n bars (this one included), with TR the true
 * range max(H - L, |H - C[1]|, |L - C[1]|) (undefined at bar 0):
 *   chop = 100 * log10(sum(TR, n) / (HH - LL)) / log10(n)
 * HH and LL the highest high and lowest low of the same n bars.  Near
 * 100 the market goes sideways, near 0 it trends.  100 where HH = LL (no
 * range at all: nothing trends).  n = 14 by default.  Lookback n (the
 * first TR is at bar 1).
 *
 * The TR sum is taken afresh each bar (n additions): a running sum keeps
 * a rounding residue of larger prices left behind, which after them
 * could fall below 0 and make log10 NaN.
 *
 * Bloat: no smoothing, no true high and low (max(H, C[1]), min(L, C[1]))
 * for HH and LL, which some packages take: the differences section of
 * pe-indicators(1) says where that changes the value.
 */
#include "dm.h"
#include "window.h"

struct chop {
	struct pe_ext hi, lo;
	struct pe_ring tr;
	double pc, logn;
	uint32_t n, count;	/* bars seen, saturating */
};

static void
chop_init(void *st, const double *p, void *rings)
{
	struct chop *s = st;
	uint32_t n = (uint32_t)p[0];
	char *mem = rings;

	memset(s, 0, sizeof *s);
	s->n = n;
	s->logn = log10(p[0]);
	pe_ext_init(&s->hi, mem, n, 1);
	pe_ext_init(&s->lo, mem + pe_ext_size(n), n, -1);
	pe_ring_init(&s->tr, (double *)(void *)(mem + 2 * pe_ext_size(n)), n);
}

static inline int
chop_step(struct chop *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = s->count, k;
	double sum = 0, range;

	if (s->count < UINT32_MAX)
		s->count++;
	pe_ext_push(&s->hi, b->high, u);
	pe_ext_push(&s->lo, b->low, u);
	if (i > 0)
		pe_ring_push(&s->tr, pe_trange(b->high, b->low, s->pc), u);
	s->pc = b->close;
	if (i < s->n)
		return 0;
	for (k = s->n; k-- != 0;)
		sum += pe_ring_ago(&s->tr, k);
	range = pe_ext_value(&s->hi) - pe_ext_value(&s->lo);
	out[0] = range == 0 ? 100 : 100 * log10(sum / range) / s->logn;
	return 1;
}

PE_IND_DEFINE(chop, struct chop, 1)

static long
chop_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
chop_rings(const double *p)
{
	return 2 * pe_ext_size(p[0]) + pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_chop = {
	.name = "chop",
	.desc = "choppiness index (Dreiss): 100 log10(sum TR / (HH - LL)) / "
	    "log10(n) over n bars; 100 sideways, 0 trending",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "chop" },
	.lookback = chop_lookback,
	.ring_size = chop_rings,
	PE_IND_FUNCS(chop, struct chop),
};
