/*
 * wad: Williams accumulation/distribution, a running sum of each close's
 * distance from the true low (on an up close) or the true high (on a
 * down close).
 *
 * As Tulip Indicators 0.8.4's wad (indicators/wad.c): from 0; when C >
 * C[1] it adds C - min(C[1], L), when C < C[1] it adds C - max(C[1], H),
 * and nothing when C = C[1].  No volume.  Lookback 1.
 */
#include "tulip.h"

struct wad {
	double prev, sum;
	uint32_t count;
};

static void
wad_init(void *st, const double *p, void *rings)
{
	struct wad *s = st;

	(void)p;
	(void)rings;
	memset(s, 0, sizeof *s);
}

static inline int
wad_step(struct wad *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double c = b->close, yc = s->prev;

	(void)u;
	s->prev = c;
	if (pe_tcount(&s->count) == 0)
		return 0;
	if (c > yc)
		s->sum += c - (yc < b->low ? yc : b->low);
	else if (c < yc)
		s->sum += c - (yc > b->high ? yc : b->high);
	out[0] = s->sum;
	return 1;
}

PE_IND_DEFINE(wad, struct wad, 1)

static long
wad_lookback(const double *p)
{
	(void)p;
	return 1;
}

const struct pe_ind_info pe_ind_wad = {
	.name = "wad",
	.desc = "Williams accumulation/distribution (Tulip): sum of C - true "
	    "low on up closes, C - true high on down closes",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 0,
	.nout = 1,
	.out = { "wad" },
	.lookback = wad_lookback,
	PE_IND_FUNCS(wad, struct wad),
};
