/*
 * cdl_star: TA-Lib's doji stars beyond cdl.c's morning and evening star
 * and doji star: abandoned baby, morning and evening doji star, tri-star.
 * One output each: TA-Lib's integers as doubles.
 *
 * As TA-Lib 0.6's CDL* functions (ta_func/ta_CDL*.c) with the default
 * candle settings (cdl.h): BodyLong, BodyShort (bodies of the 10 candles
 * before, x1), BodyDoji (high-low of the 10 before, x0.1).  a, p, c are
 * the three candles, oldest first; a threshold "of a" averages the
 * candles before a.  The penetration is how far into a's body c closes,
 * as a fraction of that body.
 *
 *   cdlabandonedbaby:penetration (12, default 0.3): body(a) > BodyLong,
 *     body(p) <= BodyDoji (of p), body(c) > BodyShort (of c); white a,
 *     black c, C(c) < C(a) - body(a) * penetration, L(p) > H(a), H(c) <
 *     L(p) (shadows gapping both ways); or the mirror.  +-100 by c's
 *     colour.
 *   cdleveningdojistar:penetration (12, default 0.3): long white a, doji
 *     p with bottom(p) > top(a), black c with body(c) > BodyShort and
 *     C(c) < C(a) - body(a) * penetration.  -100.
 *   cdlmorningdojistar:penetration (12, default 0.3): long black a, doji
 *     p with top(p) < bottom(a), white c with body(c) > BodyShort and
 *     C(c) > C(a) + body(a) * penetration.  100.
 *   cdltristar (12): three doji, each body <= BodyDoji of a; p's body
 *     gapping up from a's with top(c) < top(p): -100; gapping down with
 *     bottom(c) > bottom(p): 100.
 *
 * Bloat: no trend is checked, as in TA-Lib.
 */
#include "cdl.h"

/* In each pattern, pe_cdl_th(s, i) is use[i] of its definition. */

/* The three candles, oldest first. */
#define CDL3(s)								\
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1),	\
	    a = pe_cdl_get(s, 2)

/* A long first body, a doji, a third body longer than short. */
#define DOJISTAR_DEF { 2, 3, {						\
	{ PE_CDL_BODYLONG, 2 }, { PE_CDL_BODYDOJI, 1 },			\
	{ PE_CDL_BODYSHORT, 0 },					\
} }

static const struct pe_cdl_def cdlabandonedbaby_def = DOJISTAR_DEF;
static const struct pe_cdl_def cdleveningdojistar_def = DOJISTAR_DEF;
static const struct pe_cdl_def cdlmorningdojistar_def = DOJISTAR_DEF;

static inline int
dojistar_bodies(const struct pe_cdl *s, const struct pe_cdl_candle *a,
    const struct pe_cdl_candle *p, const struct pe_cdl_candle *c)
{
	return pe_cdl_body(a) > pe_cdl_th(s, 0) &&
	    pe_cdl_body(p) <= pe_cdl_th(s, 1) &&
	    pe_cdl_body(c) > pe_cdl_th(s, 2);
}

static inline double
cdlabandonedbaby_eval(const struct pe_cdl *s)
{
	CDL3(s);
	int col = pe_cdl_color(&c), top, bottom;

	top = pe_cdl_color(&a) == 1 && col == -1 &&
	    c.c < a.c - pe_cdl_body(&a) * s->penetration &&
	    p.l > a.h && c.h < p.l;
	bottom = pe_cdl_color(&a) == -1 && col == 1 &&
	    c.c > a.c + pe_cdl_body(&a) * s->penetration &&
	    p.h < a.l && c.l > p.h;
	return dojistar_bodies(s, &a, &p, &c) && (top || bottom) ?
	    col * 100 : 0;
}

static inline double
cdleveningdojistar_eval(const struct pe_cdl *s)
{
	CDL3(s);

	return pe_cdl_color(&a) == 1 && pe_cdl_color(&c) == -1 &&
	    pe_cdl_bottom(&p) > pe_cdl_top(&a) &&
	    c.c < a.c - pe_cdl_body(&a) * s->penetration &&
	    dojistar_bodies(s, &a, &p, &c) ? -100 : 0;
}

static inline double
cdlmorningdojistar_eval(const struct pe_cdl *s)
{
	CDL3(s);

	return pe_cdl_color(&a) == -1 && pe_cdl_color(&c) == 1 &&
	    pe_cdl_top(&p) < pe_cdl_bottom(&a) &&
	    c.c > a.c + pe_cdl_body(&a) * s->penetration &&
	    dojistar_bodies(s, &a, &p, &c) ? 100 : 0;
}

/* One average, of the candles before a, judges all three doji. */
static const struct pe_cdl_def cdltristar_def = { 2, 1, {
	{ PE_CDL_BODYDOJI, 2 },
} };

static inline double
cdltristar_eval(const struct pe_cdl *s)
{
	CDL3(s);
	double th = pe_cdl_th(s, 0);

	if (!(pe_cdl_body(&a) <= th && pe_cdl_body(&p) <= th &&
	    pe_cdl_body(&c) <= th))
		return 0;
	if (pe_cdl_top(&p) < pe_cdl_bottom(&a) &&
	    pe_cdl_bottom(&c) > pe_cdl_bottom(&p))
		return 100;
	if (pe_cdl_bottom(&p) > pe_cdl_top(&a) &&
	    pe_cdl_top(&c) < pe_cdl_top(&p))
		return -100;
	return 0;
}

PE_CDL_STEP(cdlabandonedbaby)
PE_CDL_STEP(cdleveningdojistar)
PE_CDL_STEP(cdlmorningdojistar)
PE_CDL_STEP(cdltristar)

PE_CDL_ENTRY(cdlabandonedbaby, "abandoned baby: a long body, a doji gapping "
    "away (shadows apart), a body gapping back well into the first, +-100 "
    "by the last's colour", 1, PE_CDL_PENETRATION(0.3))
PE_CDL_ENTRY(cdleveningdojistar, "evening doji star: a long white body, a "
    "doji gapping up, a black body closing well into the first, -100",
    1, PE_CDL_PENETRATION(0.3))
PE_CDL_ENTRY(cdlmorningdojistar, "morning doji star: a long black body, a "
    "doji gapping down, a white body closing well into the first, 100",
    1, PE_CDL_PENETRATION(0.3))
PE_CDL_ENTRY(cdltristar, "tri-star: three doji, the middle one gapping, "
    "100 after a gap down, -100 after a gap up", 0, PE_CDL_NOPARAM)
