/*
 * kvo: the Klinger volume oscillator, EMA(short) - EMA(long) of the
 * volume force.
 *
 * As Tulip Indicators 0.8.4's kvo (indicators/kvo.c): the trend is up
 * when H + L + C rises, down when it falls, and stays as it was when it
 * is unchanged (up before the first change, as Tulip's initial -1 tests
 * true); cm, the cumulative range, restarts at the range of the bar
 * before on each change of trend, then adds the bar's range dm = H - L;
 * vf = V |2 dm / cm - 1| 100, negative in a down trend.  Both EMAs, k =
 * 2 / (n + 1), are seeded with the vf of bar 1 (not an SMA).  Where cm
 * is 0 (two bars without range), |2 dm / cm - 1| is taken as 1 (Tulip
 * divides 0 by 0 and every later value is NaN).  Lookback 1.
 */
#include "tulip.h"

struct kvo {
	double sper, lper, prev_hlc, prev_dm, cm, sema, lema;
	uint32_t count;
	int trend;		/* 1 up, 0 down, -1 not known yet */
};

static void
kvo_init(void *st, const double *p, void *rings)
{
	struct kvo *s = st;

	(void)rings;
	memset(s, 0, sizeof *s);
	s->sper = 2 / (p[0] + 1);
	s->lper = 2 / (p[1] + 1);
	s->trend = -1;
}

static inline int
kvo_step(struct kvo *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = pe_tcount(&s->count);
	double hlc = b->high + b->low + b->close, dm = b->high - b->low;
	double f, vf;

	(void)u;
	if (i == 0) {
		s->prev_hlc = hlc;
		s->prev_dm = dm;
		return 0;
	}
	if (hlc > s->prev_hlc && s->trend != 1) {
		s->trend = 1;
		s->cm = s->prev_dm;
	} else if (hlc < s->prev_hlc && s->trend != 0) {
		s->trend = 0;
		s->cm = s->prev_dm;
	}
	s->cm += dm;
	f = s->cm == 0 ? 1 : fabs(dm / s->cm * 2 - 1);
	vf = b->volume * f * 100 * (s->trend ? 1.0 : -1.0);
	if (i == 1) {
		s->sema = vf;
		s->lema = vf;
	} else {
		s->sema = (vf - s->sema) * s->sper + s->sema;
		s->lema = (vf - s->lema) * s->lper + s->lema;
	}
	s->prev_hlc = hlc;
	s->prev_dm = dm;
	out[0] = s->sema - s->lema;
	return 1;
}

PE_IND_DEFINE(kvo, struct kvo, 1)

static long
kvo_lookback(const double *p)
{
	(void)p;
	return 1;
}

const struct pe_ind_info pe_ind_kvo = {
	.name = "kvo",
	.desc = "Klinger volume oscillator (Tulip): EMA(short) - EMA(long) "
	    "of the volume force; short <= long",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE | PE_IN_VOLUME,
	.nparams = 2,
	.param = {
		{ "short", PE_P_INT, 34, 1, 100000 },
		{ "long", PE_P_INT, 55, 1, 100000 },
	},
	.nout = 1,
	.out = { "kvo" },
	.lookback = kvo_lookback,
	.check = pe_tulip_short_long,
	PE_IND_FUNCS(kvo, struct kvo),
};
