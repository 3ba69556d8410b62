/*
 * vosc: the volume oscillator, the percent by which the short SMA of the
 * volume is above the long one.
 *
 * As Tulip Indicators 0.8.4's vosc (indicators/vosc.c): running sums of
 * the last s and the last l volumes (each new volume added, then the one
 * leaving the window subtracted; the short sum starts s bars before bar
 * l - 1); 100 (sum_s / s - sum_l / l) / (sum_l / l), each division by a
 * period a product by its inverse.  0 where the long average is 0, no
 * volume at all (Tulip: NaN).  Lookback l - 1.
 */
#include "tulip.h"

struct vosc {
	struct pe_ring win;	/* the last l volumes */
	double sdiv, ldiv, ssum, lsum;
	uint32_t sn, ln, count;
};

static void
vosc_init(void *st, const double *p, void *rings)
{
	struct vosc *s = st;

	memset(s, 0, sizeof *s);
	s->sn = (uint32_t)p[0];
	s->ln = (uint32_t)p[1];
	s->sdiv = 1.0 / p[0];
	s->ldiv = 1.0 / p[1];
	pe_ring_init(&s->win, rings, s->ln);
}

static inline int
vosc_step(struct vosc *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = pe_tcount(&s->count);
	double v = b->volume, savg, lavg;

	if (i >= s->ln - s->sn)
		s->ssum += v;
	s->lsum += v;
	if (i >= s->ln) {
		s->ssum -= pe_ring_ago(&s->win, s->sn - 1);
		s->lsum -= pe_ring_ago(&s->win, s->ln - 1);
	}
	pe_ring_push(&s->win, v, u);
	if (i + 1 < s->ln)
		return 0;
	savg = s->ssum * s->sdiv;
	lavg = s->lsum * s->ldiv;
	out[0] = pe_tdiv(100.0 * (savg - lavg), lavg);
	return 1;
}

PE_IND_DEFINE(vosc, struct vosc, 1)

static long
vosc_lookback(const double *p)
{
	return (long)p[1] - 1;
}

static size_t
vosc_rings(const double *p)
{
	return pe_doubles(p[1]);
}

const struct pe_ind_info pe_ind_vosc = {
	.name = "vosc",
	.desc = "volume oscillator (Tulip): 100 (SMA(V, short) - SMA(V, "
	    "long)) / SMA(V, long); short <= long",
	.inputs = PE_IN_VOLUME,
	.nparams = 2,
	.param = {
		{ "short", PE_P_INT, 5, 1, 100000 },
		{ "long", PE_P_INT, 10, 1, 100000 },
	},
	.nout = 1,
	.out = { "vosc" },
	.lookback = vosc_lookback,
	.ring_size = vosc_rings,
	.check = pe_tulip_short_long,
	PE_IND_FUNCS(vosc, struct vosc),
};
