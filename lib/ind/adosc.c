/*
 * adosc: Chaikin's A/D oscillator, EMA(fast) - EMA(slow) of the A/D line.
 *
 * As TA-Lib's ADOSC (ta_func/ta_ADOSC.c): the A/D line of ad.c (pe_ad_add
 * in dm.h); both EMAs are seeded with AD[0] (not an SMA), then
 * e = k * ad + (1 - k) * e with k = 2 / (n + 1).  Lookback
 * max(fast, slow) - 1.  TA-Lib takes fast >= slow as given (a sign
 * flipped, or zeros); pe refuses it, as for macd (pe_ind_fast_below_slow).
 */
#include "dm.h"

struct adosc {
	double ad, fast, slow, kf, ks;
	uint32_t look, count;
};

static void
adosc_init(void *st, const double *p, void *rings)
{
	struct adosc *s = st;

	(void)rings;
	memset(s, 0, sizeof *s);
	s->kf = 2.0 / (double)((int)p[0] + 1);
	s->ks = 2.0 / (double)((int)p[1] + 1);
	s->look = (uint32_t)(p[0] > p[1] ? p[0] : p[1]) - 1;
}

static inline int
adosc_step(struct adosc *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = s->count;

	(void)u;
	if (s->count < UINT32_MAX)
		s->count++;
	s->ad = pe_ad_add(s->ad, b);
	if (i == 0) {
		s->fast = s->ad;
		s->slow = s->ad;
	} else {
		s->fast = (s->kf * s->ad) + ((1.0 - s->kf) * s->fast);
		s->slow = (s->ks * s->ad) + ((1.0 - s->ks) * s->slow);
	}
	if (i < s->look)
		return 0;
	out[0] = s->fast - s->slow;
	return 1;
}

PE_IND_DEFINE(adosc, struct adosc, 1)

static long
adosc_lookback(const double *p)
{
	return (long)(p[0] > p[1] ? p[0] : p[1]) - 1;
}

const struct pe_ind_info pe_ind_adosc = {
	.name = "adosc",
	.desc = "Chaikin A/D oscillator: EMA(fast) - EMA(slow) of the A/D "
	    "line, both seeded with AD[0]; fast < slow",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE | PE_IN_VOLUME,
	.nparams = 2,
	.param = {
		{ "fast", PE_P_INT, 3, 2, 100000 },
		{ "slow", PE_P_INT, 10, 2, 100000 },
	},
	.nout = 1,
	.out = { "adosc" },
	.lookback = adosc_lookback,
	.check = pe_ind_fast_below_slow,
	PE_IND_FUNCS(adosc, struct adosc),
};
