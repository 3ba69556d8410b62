/*
 * cdl: TA-Lib's candlestick patterns, twelve of them, one output each
 * (TA-Lib's integers as doubles: 100 / 80 bullish, -100 / -80 bearish,
 * 0 none).
 *
 * As TA-Lib 0.6's CDL* functions (ta_func/ta_CDL*.c) with the default
 * candle settings.  "long", "short", "doji", "near" ... compare a candle's
 * part with a setting's threshold (cdl.h): averages of the 10 candles
 * before (5 for near and far) for BodyLong (bodies, x1), BodyShort
 * (bodies, x1), BodyDoji (high-low, x0.1), ShadowVeryShort (high-low,
 * x0.1), Near (high-low, x0.2), Far (high-low, x0.6); ShadowLong is the
 * candle's own body.  White: C >= O, black otherwise; top / bottom: the
 * larger / smaller of O and C; upper shadow H - top, lower bottom - L.
 * c is the last candle, p the one before, a the one before that.
 *
 *   cdldoji (lookback 10): body(c) <= BodyDoji.  100.
 *   cdlhammer (11): body(c) < BodyShort, lower(c) > ShadowLong,
 *     upper(c) < ShadowVeryShort, bottom(c) <= L(p) + Near(of p).  100.
 *   cdlengulfing (2): c white, p black, C(c) >= O(p) and O(c) < C(p), or
 *     C(c) > O(p) and O(c) <= C(p); or the mirror (c black, p white,
 *     O(c) >= C(p) and C(c) < O(p), or O(c) > C(p) and C(c) <= O(p)).
 *     +-100 by c's colour, +-80 when O(c) = C(p) or C(c) = O(p).
 *   cdlharami (11): body(p) > BodyLong (of p), body(c) <= BodyShort;
 *     c's body strictly inside p's: -100 if p white, 100 if black;
 *     inside with one end equal: -80 / 80.
 *   cdlmorningstar (12): a black, body(a) > BodyLong; top(p) < bottom(a),
 *     body(p) <= BodyShort (of p); c white, body(c) > BodyShort,
 *     C(c) > C(a) + body(a) * penetration.  100.
 *   cdleveningstar (12): a white, body(a) > BodyLong; bottom(p) > top(a),
 *     body(p) <= BodyShort; c black, body(c) > BodyShort,
 *     C(c) < C(a) - body(a) * penetration.  -100.
 *   cdl3whitesoldiers (12): a, p, c white, each upper shadow <
 *     ShadowVeryShort (of its candle); closes rising; O(p) in (O(a),
 *     C(a) + Near(of a)], O(c) in (O(p), C(p) + Near(of p)]; body(p) >
 *     body(a) - Far(of a), body(c) > body(p) - Far(of p); body(c) >
 *     BodyShort.  100.
 *   cdl3blackcrows (13): the candle before a white; a, p, c black, each
 *     lower shadow < ShadowVeryShort; O(p) in (C(a), O(a)), O(c) in
 *     (C(p), O(p)); H(before a) > C(a) > C(p) > C(c).  -100.
 *   cdlshootingstar (11): bottom(c) > top(p), body(c) < BodyShort,
 *     upper(c) > ShadowLong, lower(c) < ShadowVeryShort.  -100.
 *   cdlmarubozu (10): body(c) > BodyLong, both shadows <
 *     ShadowVeryShort.  100 white, -100 black.
 *   cdlspinningtop (10): both shadows > body(c), body(c) < BodyShort.
 *     100 white, -100 black.
 *   cdldojistar (11): body(p) > BodyLong (of p), body(c) <= BodyDoji, and
 *     bottom(c) > top(p) after a white p, top(c) < bottom(p) after a
 *     black one.  -100 after white, 100 after black (TA-Lib's sign).
 *
 * A threshold "of p" averages the candles before p, and so on.  Lookback:
 * the longest period used plus the candles before c (2 for engulfing,
 * whose TA-Lib lookback is 2; 3 for three black crows).  No trend is
 * checked, as in TA-Lib.
 *
 * The other 49 TA-Lib patterns are in cdl_*.c, by family; this file's
 * twelve came first and stay together.
 *
 * Bloat: settings other than the defaults.
 */
#include "cdl.h"

/* In each pattern, pe_cdl_th(s, i) is use[i] of its definition. */

static const struct pe_cdl_def cdldoji_def = { 0, 1, {
	{ PE_CDL_BODYDOJI, 0 },
} };

static inline double
cdldoji_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0);

	return pe_cdl_body(&c) <= pe_cdl_th(s, 0) ? 100 : 0;
}

static const struct pe_cdl_def cdlhammer_def = { 1, 4, {
	{ PE_CDL_BODYSHORT, 0 }, { PE_CDL_SHADOWLONG, 0 },
	{ PE_CDL_SHADOWVERYSHORT, 0 }, { PE_CDL_NEAR, 1 },
} };

static inline double
cdlhammer_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);

	return pe_cdl_body(&c) < pe_cdl_th(s, 0) &&
	    pe_cdl_lower(&c) > pe_cdl_th(s, 1) &&
	    pe_cdl_upper(&c) < pe_cdl_th(s, 2) &&
	    pe_cdl_bottom(&c) <= p.l + pe_cdl_th(s, 3) ? 100 : 0;
}

static const struct pe_cdl_def cdlengulfing_def = { 2, 0, { { 0, 0 } } };

static inline double
cdlengulfing_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);
	int col = pe_cdl_color(&c), up, down;

	up = col == 1 && pe_cdl_color(&p) == -1 &&
	    ((c.c >= p.o && c.o < p.c) || (c.c > p.o && c.o <= p.c));
	down = col == -1 && pe_cdl_color(&p) == 1 &&
	    ((c.o >= p.c && c.c < p.o) || (c.o > p.c && c.c <= p.o));
	if (!up && !down)
		return 0;
	return col * (c.o != p.c && c.c != p.o ? 100 : 80);
}

static const struct pe_cdl_def cdlharami_def = { 1, 2, {
	{ PE_CDL_BODYLONG, 1 }, { PE_CDL_BODYSHORT, 0 },
} };

static inline double
cdlharami_eval(const struct pe_cdl *s)
{
	return pe_cdl_harami(s);
}

/* Morning and evening star: the long first, the short star, the third. */
#define STAR3_DEF { 2, 3, {						\
	{ PE_CDL_BODYLONG, 2 }, { PE_CDL_BODYSHORT, 1 },		\
	{ PE_CDL_BODYSHORT, 0 },					\
} }

static const struct pe_cdl_def cdlmorningstar_def = STAR3_DEF;
static const struct pe_cdl_def cdleveningstar_def = STAR3_DEF;

static inline int
star3_bodies(const struct pe_cdl *s, const struct pe_cdl_candle *a,
    const struct pe_cdl_candle *p, const struct pe_cdl_candle *c)
{
	return pe_cdl_body(a) > pe_cdl_th(s, 0) &&
	    pe_cdl_body(p) <= pe_cdl_th(s, 1) &&
	    pe_cdl_body(c) > pe_cdl_th(s, 2);
}

static inline double
cdlmorningstar_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1),
	    a = pe_cdl_get(s, 2);

	return pe_cdl_color(&a) == -1 && pe_cdl_color(&c) == 1 &&
	    pe_cdl_top(&p) < pe_cdl_bottom(&a) &&
	    c.c > a.c + pe_cdl_body(&a) * s->penetration &&
	    star3_bodies(s, &a, &p, &c) ? 100 : 0;
}

static inline double
cdleveningstar_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1),
	    a = pe_cdl_get(s, 2);

	return pe_cdl_color(&a) == 1 && pe_cdl_color(&c) == -1 &&
	    pe_cdl_bottom(&p) > pe_cdl_top(&a) &&
	    c.c < a.c - pe_cdl_body(&a) * s->penetration &&
	    star3_bodies(s, &a, &p, &c) ? -100 : 0;
}

static const struct pe_cdl_def cdl3whitesoldiers_def = { 2, 8, {
	{ PE_CDL_SHADOWVERYSHORT, 2 }, { PE_CDL_SHADOWVERYSHORT, 1 },
	{ PE_CDL_SHADOWVERYSHORT, 0 }, { PE_CDL_NEAR, 2 }, { PE_CDL_NEAR, 1 },
	{ PE_CDL_FAR, 2 }, { PE_CDL_FAR, 1 }, { PE_CDL_BODYSHORT, 0 },
} };

/* White with a very short upper shadow (average i). */
static inline int
soldier(const struct pe_cdl *s, const struct pe_cdl_candle *k, int i)
{
	return pe_cdl_color(k) == 1 && pe_cdl_upper(k) < pe_cdl_th(s, i);
}

static inline double
cdl3whitesoldiers_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1),
	    a = pe_cdl_get(s, 2);

	return soldier(s, &a, 0) && soldier(s, &p, 1) && soldier(s, &c, 2) &&
	    c.c > p.c && p.c > a.c &&
	    p.o > a.o && p.o <= a.c + pe_cdl_th(s, 3) &&
	    c.o > p.o && c.o <= p.c + pe_cdl_th(s, 4) &&
	    pe_cdl_body(&p) > pe_cdl_body(&a) - pe_cdl_th(s, 5) &&
	    pe_cdl_body(&c) > pe_cdl_body(&p) - pe_cdl_th(s, 6) &&
	    pe_cdl_body(&c) > pe_cdl_th(s, 7) ? 100 : 0;
}

static const struct pe_cdl_def cdl3blackcrows_def = { 3, 3, {
	{ PE_CDL_SHADOWVERYSHORT, 2 }, { PE_CDL_SHADOWVERYSHORT, 1 },
	{ PE_CDL_SHADOWVERYSHORT, 0 },
} };

/* Black with a very short lower shadow (average i). */
static inline int
crow(const struct pe_cdl *s, const struct pe_cdl_candle *k, int i)
{
	return pe_cdl_color(k) == -1 && pe_cdl_lower(k) < pe_cdl_th(s, i);
}

static inline double
cdl3blackcrows_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1),
	    a = pe_cdl_get(s, 2), w = pe_cdl_get(s, 3);

	return pe_cdl_color(&w) == 1 &&
	    crow(s, &a, 0) && crow(s, &p, 1) && crow(s, &c, 2) &&
	    p.o < a.o && p.o > a.c && c.o < p.o && c.o > p.c &&
	    w.h > a.c && a.c > p.c && p.c > c.c ? -100 : 0;
}

static const struct pe_cdl_def cdlshootingstar_def = { 1, 3, {
	{ PE_CDL_BODYSHORT, 0 }, { PE_CDL_SHADOWLONG, 0 },
	{ PE_CDL_SHADOWVERYSHORT, 0 },
} };

static inline double
cdlshootingstar_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);

	return pe_cdl_bottom(&c) > pe_cdl_top(&p) &&
	    pe_cdl_body(&c) < pe_cdl_th(s, 0) &&
	    pe_cdl_upper(&c) > pe_cdl_th(s, 1) &&
	    pe_cdl_lower(&c) < pe_cdl_th(s, 2) ? -100 : 0;
}

static const struct pe_cdl_def cdlmarubozu_def = { 0, 2, {
	{ PE_CDL_BODYLONG, 0 }, { PE_CDL_SHADOWVERYSHORT, 0 },
} };

static inline double
cdlmarubozu_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0);

	return pe_cdl_body(&c) > pe_cdl_th(s, 0) &&
	    pe_cdl_upper(&c) < pe_cdl_th(s, 1) &&
	    pe_cdl_lower(&c) < pe_cdl_th(s, 1) ? pe_cdl_color(&c) * 100 : 0;
}

static const struct pe_cdl_def cdlspinningtop_def = { 0, 1, {
	{ PE_CDL_BODYSHORT, 0 },
} };

static inline double
cdlspinningtop_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0);
	double body = pe_cdl_body(&c);

	return pe_cdl_upper(&c) > body && pe_cdl_lower(&c) > body &&
	    body < pe_cdl_th(s, 0) ? pe_cdl_color(&c) * 100 : 0;
}

static const struct pe_cdl_def cdldojistar_def = { 1, 2, {
	{ PE_CDL_BODYLONG, 1 }, { PE_CDL_BODYDOJI, 0 },
} };

static inline double
cdldojistar_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);
	int col = pe_cdl_color(&p), gap;

	gap = col == 1 ? pe_cdl_bottom(&c) > pe_cdl_top(&p) :
	    pe_cdl_top(&c) < pe_cdl_bottom(&p);
	return pe_cdl_body(&p) > pe_cdl_th(s, 0) &&
	    pe_cdl_body(&c) <= pe_cdl_th(s, 1) && gap ? -col * 100 : 0;
}

PE_CDL_STEP(cdldoji)
PE_CDL_STEP(cdlhammer)
PE_CDL_STEP(cdlengulfing)
PE_CDL_STEP(cdlharami)
PE_CDL_STEP(cdlmorningstar)
PE_CDL_STEP(cdleveningstar)
PE_CDL_STEP(cdl3whitesoldiers)
PE_CDL_STEP(cdl3blackcrows)
PE_CDL_STEP(cdlshootingstar)
PE_CDL_STEP(cdlmarubozu)
PE_CDL_STEP(cdlspinningtop)
PE_CDL_STEP(cdldojistar)

PE_CDL_ENTRY(cdldoji, "doji candle: open and close (nearly) equal, 100",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlhammer, "hammer: a short body at or near the prior low, a "
    "long lower shadow and (almost) no upper one, 100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlengulfing, "engulfing: a body that engulfs the prior body of "
    "the other colour, +-100 by its colour (+-80 when one end matches)",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlharami, "harami: a short body inside the prior long body, "
    "100 after black, -100 after white (+-80 when one end matches)",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlmorningstar, "morning star: a long black body, a short one "
    "gapping down, a white one closing well into the first, 100",
    1, PE_CDL_PENETRATION(0.3))
PE_CDL_ENTRY(cdleveningstar, "evening star: a long white body, a short one "
    "gapping up, a black one closing well into the first, -100",
    1, PE_CDL_PENETRATION(0.3))
PE_CDL_ENTRY(cdl3whitesoldiers, "three white soldiers: three rising white "
    "candles, each opening in or near the prior body, short upper shadows, "
    "100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdl3blackcrows, "three black crows: after a white candle, three "
    "falling black ones, each opening in the prior body, short lower "
    "shadows, -100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlshootingstar, "shooting star: a short body gapping up, a long "
    "upper shadow and (almost) no lower one, -100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlmarubozu, "marubozu: a long body with (almost) no shadows, "
    "100 white, -100 black", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlspinningtop, "spinning top: a short body with both shadows "
    "longer than it, 100 white, -100 black", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdldojistar, "doji star: a doji gapping away from a long body, "
    "-100 after white, 100 after black", 0, PE_CDL_NOPARAM)
