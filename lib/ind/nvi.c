/*
 * nvi, pvi: the negative and positive volume indexes (Fosback), which
 * follow the input's percent changes on the bars whose volume fell
 * (nvi) or rose (pvi) from the bar before, and stay flat on the others.
 *
 * As Tulip Indicators 0.8.4's nvi and pvi (indicators/nvi.c, pvi.c):
 * 1000 at bar 0, then v += ((x - x[1]) / x[1]) v on the bars that count.
 * The input is the close by default (Tulip's), any series with @INPUT.
 * A change from 0 is taken as 0 (Tulip: inf or NaN, for good).
 * Lookback 0.
 */
#include "tulip.h"

struct nvi {
	double prev, prev_vol, val;
	uint32_t count;
};

static void
nvi_init(void *st, const double *p, void *rings)
{
	struct nvi *s = st;

	(void)p;
	(void)rings;
	memset(s, 0, sizeof *s);
	s->val = 1000;
}

/* One bar; moves: whether its change counts (never at bar 0). */
static inline void
nvi_bar(struct nvi *s, const struct pe_bar *b, int moves)
{
	if (pe_tcount(&s->count) > 0 && moves)
		s->val += pe_tdiv(b->x - s->prev, s->prev) * s->val;
	s->prev = b->x;
	s->prev_vol = b->volume;
}

static inline int
nvi_step(struct nvi *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	nvi_bar(s, b, b->volume < s->prev_vol);
	out[0] = s->val;
	return 1;
}

static inline int
pvi_step(struct nvi *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	nvi_bar(s, b, b->volume > s->prev_vol);
	out[0] = s->val;
	return 1;
}

PE_IND_DEFINE(nvi, struct nvi, 1)
PE_IND_DEFINE(pvi, struct nvi, 1)

static long
nvi_lookback(const double *p)
{
	(void)p;
	return 0;
}

const struct pe_ind_info pe_ind_nvi = {
	.name = "nvi",
	.desc = "negative volume index (Tulip): from 1000, follows the "
	    "percent change of x on bars whose volume fell",
	.inputs = PE_IN_X | PE_IN_VOLUME,
	.nparams = 0,
	.nout = 1,
	.out = { "nvi" },
	.lookback = nvi_lookback,
	PE_IND_FUNCS(nvi, struct nvi),
};

const struct pe_ind_info pe_ind_pvi = {
	.name = "pvi",
	.desc = "positive volume index (Tulip): from 1000, follows the "
	    "percent change of x on bars whose volume rose",
	.inputs = PE_IN_X | PE_IN_VOLUME,
	.nparams = 0,
	.nout = 1,
	.out = { "pvi" },
	.lookback = nvi_lookback,
	PE_IND_FUNCS_INIT(pvi, struct nvi, nvi_init),
};
