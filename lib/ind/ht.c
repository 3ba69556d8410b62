/*
 * ht: Ehlers' Hilbert transform indicators, TA-Lib's HT_* family.
 *
 *   ht_dcperiod   the dominant cycle period (the smooth period), lookback
 *                 32;
 *   ht_phasor     the phasor components: in-phase I1 and quadrature Q1,
 *                 lookback 32;
 *   ht_dcphase    the dominant cycle phase in degrees, lookback 63;
 *   ht_sine       the sine of that phase and the sine 45 degrees ahead
 *                 (leadsine), lookback 63;
 *   ht_trendmode  1 in a trend, 0 in a cycle, lookback 63;
 *   ht_trendline  the instantaneous trendline, lookback 63.
 * As TA-Lib 0.6's ta_HT_*.c; the math is ht.h's, written once (pe_ht for
 * the first two, pe_htc, the dominant cycle, for the others).  None takes
 * a parameter.
 */
#include "ht.h"

static void
ht_dcperiod_init(void *st, const double *p, void *rings)
{
	(void)p;
	(void)rings;
	pe_ht_init(st, 12);
}

static void
ht_cycle_init(void *st, const double *p, void *rings)
{
	(void)p;
	pe_htc_init(st, rings);
}

static inline int
ht_dcperiod_step(struct pe_ht *h, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double s, i1, q1;

	(void)u;
	if (!pe_ht_step(h, b->x, &s, &i1, &q1) || h->t <= 32)
		return 0;
	out[0] = h->smooth;
	return 1;
}

static inline int
ht_phasor_step(struct pe_ht *h, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double s;

	(void)u;
	return pe_ht_step(h, b->x, &s, &out[0], &out[1]) && h->t > 32;
}

/* The dominant cycle's outputs from bar 63 on, as TA-Lib's. */
static inline int
ht_cycle(struct pe_htc *c, const struct pe_bar *b, double *o,
    struct pe_undo *u)
{
	return pe_htc_step(c, b->x, o, u) && c->ht.t > 63;
}

static inline int
ht_dcphase_step(struct pe_htc *c, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double o[PE_HTC_NOUT];

	if (!ht_cycle(c, b, o, u))
		return 0;
	out[0] = o[PE_HTC_PHASE];
	return 1;
}

static inline int
ht_sine_step(struct pe_htc *c, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double o[PE_HTC_NOUT];

	if (!ht_cycle(c, b, o, u))
		return 0;
	out[0] = o[PE_HTC_SINE];
	out[1] = o[PE_HTC_LEAD];
	return 1;
}

static inline int
ht_trendmode_step(struct pe_htc *c, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double o[PE_HTC_NOUT];

	if (!ht_cycle(c, b, o, u))
		return 0;
	out[0] = o[PE_HTC_MODE];
	return 1;
}

static inline int
ht_trendline_step(struct pe_htc *c, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double o[PE_HTC_NOUT];

	if (!ht_cycle(c, b, o, u))
		return 0;
	out[0] = o[PE_HTC_TREND];
	return 1;
}

PE_IND_DEFINE(ht_dcperiod, struct pe_ht, 1)
PE_IND_DEFINE(ht_phasor, struct pe_ht, 2)
PE_IND_DEFINE(ht_dcphase, struct pe_htc, 1)
PE_IND_DEFINE(ht_sine, struct pe_htc, 2)
PE_IND_DEFINE(ht_trendmode, struct pe_htc, 1)
PE_IND_DEFINE(ht_trendline, struct pe_htc, 1)

static long
ht_lookback32(const double *p)
{
	(void)p;
	return 32;
}

static long
ht_lookback63(const double *p)
{
	(void)p;
	return 63;
}

static size_t
ht_cycle_rings(const double *p)
{
	(void)p;
	return pe_doubles(PE_HTC_RING);
}

#define HT_ENTRY(NAME, DESC, NOUT, OUTS, TYPE, INIT, LB, RINGS)	\
const struct pe_ind_info pe_ind_##NAME = {				\
	.name = #NAME,							\
	.desc = DESC,							\
	.inputs = PE_IN_X,						\
	.nparams = 0,							\
	.nout = NOUT,							\
	.out = OUTS,							\
	.lookback = LB,							\
	.ring_size = RINGS,						\
	PE_IND_FUNCS_INIT(NAME, TYPE, INIT),				\
};

#define HT_OUT1(a)	{ a }
#define HT_OUT2(a, b)	{ a, b }

HT_ENTRY(ht_dcperiod, "Hilbert transform: dominant cycle period, in bars",
    1, HT_OUT1("ht_dcperiod"), struct pe_ht, ht_dcperiod_init,
    ht_lookback32, NULL)
HT_ENTRY(ht_phasor, "Hilbert transform: phasor components, in-phase and "
    "quadrature", 2, HT_OUT2("inphase", "quadrature"), struct pe_ht,
    ht_dcperiod_init, ht_lookback32, NULL)
HT_ENTRY(ht_dcphase, "Hilbert transform: dominant cycle phase, in degrees",
    1, HT_OUT1("ht_dcphase"), struct pe_htc, ht_cycle_init, ht_lookback63,
    ht_cycle_rings)
HT_ENTRY(ht_sine, "Hilbert transform: sine wave of the dominant cycle "
    "phase and the sine 45 degrees ahead", 2, HT_OUT2("sine", "leadsine"),
    struct pe_htc, ht_cycle_init, ht_lookback63, ht_cycle_rings)
HT_ENTRY(ht_trendmode, "Hilbert transform: trend (1) or cycle (0) mode",
    1, HT_OUT1("ht_trendmode"), struct pe_htc, ht_cycle_init,
    ht_lookback63, ht_cycle_rings)
HT_ENTRY(ht_trendline, "Hilbert transform: instantaneous trendline", 1,
    HT_OUT1("ht_trendline"), struct pe_htc, ht_cycle_init, ht_lookback63,
    ht_cycle_rings)
