/*
 * cdl_two: TA-Lib's two-candle patterns (beyond engulfing, harami and
 * doji star, in cdl.c): harami cross, the lines that meet a prior close
 * or low (counterattack, matching low, on-neck, in-neck, thrusting,
 * separating lines), piercing and dark cloud cover, homing pigeon, and
 * the kickers.  One output each: TA-Lib's integers as doubles.
 *
 * As TA-Lib 0.6's CDL* functions (ta_func/ta_CDL*.c) with the default
 * candle settings (cdl.h): BodyLong, BodyShort (bodies of the 10 candles
 * before, x1), BodyDoji, ShadowVeryShort (high-low of the 10 before,
 * x0.1), Equal (high-low of the 5 before, x0.05).  c is the last candle,
 * p the one before; a threshold "of p" averages the candles before p.
 * "Long p" is body(p) > BodyLong (of p); "marubozu" a body > BodyLong
 * with both shadows < ShadowVeryShort.
 *
 *   cdlharamicross (11): long p, body(c) <= BodyDoji; c's body strictly
 *     inside p's: 100 after black p, -100 after white; inside with one
 *     end equal: +-80.
 *   cdlcounterattack (11): p and c of opposite colours, both long (c of
 *     its own), C(c) within Equal (of p) of C(p).  +-100 by c's colour.
 *   cdlmatchinglow (6): p and c black, C(c) within Equal (of p) of
 *     C(p).  100.
 *   cdlonneck (11): long black p, white c, O(c) < L(p), C(c) within
 *     Equal (of p) of L(p).  -100.
 *   cdlinneck (11): long black p, white c, O(c) < L(p), C(p) <= C(c) <=
 *     C(p) + Equal.  -100.
 *   cdlthrusting (11): long black p, white c, O(c) < L(p), C(p) + Equal
 *     < C(c) <= C(p) + body(p) * 0.5.  -100.
 *   cdlpiercing (11): long black p, long white c, O(c) < L(p), C(p) +
 *     body(p) * 0.5 < C(c) < O(p).  100.
 *   cdldarkcloudcover:penetration (11, default 0.5): long white p, black
 *     c, O(c) > H(p), O(p) < C(c) < C(p) - body(p) * penetration.  -100.
 *   cdlhomingpigeon (11): long black p, black c with body(c) <=
 *     BodyShort, O(c) < O(p), C(c) > C(p).  100.
 *   cdlseparatinglines (11): p and c of opposite colours, O(c) within
 *     Equal (of p) of O(p), body(c) > BodyLong, and c white with lower <
 *     ShadowVeryShort or black with upper < ShadowVeryShort.  +-100 by
 *     c's colour.
 *   cdlkicking (11): p and c marubozu of opposite colours with a gap
 *     (L(c) > H(p) after black p, H(c) < L(p) after white).  +-100 by
 *     c's colour.
 *   cdlkickingbylength (11): kicking, +-100 by the colour of the longer
 *     body (p's when equal).
 *
 * Bloat: no trend is checked, as in TA-Lib.
 */
#include "cdl.h"

/* In each pattern, pe_cdl_th(s, i) is use[i] of its definition. */

static const struct pe_cdl_def cdlharamicross_def = { 1, 2, {
	{ PE_CDL_BODYLONG, 1 }, { PE_CDL_BODYDOJI, 0 },
} };

static inline double
cdlharamicross_eval(const struct pe_cdl *s)
{
	return pe_cdl_harami(s);	/* its threshold: a doji's, not short */
}

/* x within the threshold t of y, both ends included. */
static inline int
near_eq(double x, double y, double t)
{
	return x <= y + t && x >= y - t;
}

static const struct pe_cdl_def cdlcounterattack_def = { 1, 3, {
	{ PE_CDL_BODYLONG, 1 }, { PE_CDL_BODYLONG, 0 }, { PE_CDL_EQUAL, 1 },
} };

static inline double
cdlcounterattack_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);

	return pe_cdl_color(&p) == -pe_cdl_color(&c) &&
	    pe_cdl_body(&p) > pe_cdl_th(s, 0) &&
	    pe_cdl_body(&c) > pe_cdl_th(s, 1) &&
	    near_eq(c.c, p.c, pe_cdl_th(s, 2)) ? pe_cdl_color(&c) * 100 : 0;
}

static const struct pe_cdl_def cdlmatchinglow_def = { 1, 1, {
	{ PE_CDL_EQUAL, 1 },
} };

static inline double
cdlmatchinglow_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);

	return pe_cdl_color(&p) == -1 && pe_cdl_color(&c) == -1 &&
	    near_eq(c.c, p.c, pe_cdl_th(s, 0)) ? 100 : 0;
}

/* On-neck, in-neck and thrusting: a long black p, a white c opening
 * below p's low. */
#define NECK_DEF { 1, 2, {						\
	{ PE_CDL_BODYLONG, 1 }, { PE_CDL_EQUAL, 1 },			\
} }

static const struct pe_cdl_def cdlonneck_def = NECK_DEF;
static const struct pe_cdl_def cdlinneck_def = NECK_DEF;
static const struct pe_cdl_def cdlthrusting_def = NECK_DEF;

static inline int
neck(const struct pe_cdl *s, const struct pe_cdl_candle *p,
    const struct pe_cdl_candle *c)
{
	return pe_cdl_color(p) == -1 && pe_cdl_body(p) > pe_cdl_th(s, 0) &&
	    pe_cdl_color(c) == 1 && c->o < p->l;
}

static inline double
cdlonneck_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);

	return neck(s, &p, &c) &&
	    near_eq(c.c, p.l, pe_cdl_th(s, 1)) ? -100 : 0;
}

static inline double
cdlinneck_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);

	return neck(s, &p, &c) && c.c <= p.c + pe_cdl_th(s, 1) &&
	    c.c >= p.c ? -100 : 0;
}

static inline double
cdlthrusting_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);

	return neck(s, &p, &c) && c.c > p.c + pe_cdl_th(s, 1) &&
	    c.c <= p.c + pe_cdl_body(&p) * 0.5 ? -100 : 0;
}

static const struct pe_cdl_def cdlpiercing_def = { 1, 2, {
	{ PE_CDL_BODYLONG, 1 }, { PE_CDL_BODYLONG, 0 },
} };

static inline double
cdlpiercing_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);

	return pe_cdl_color(&p) == -1 && pe_cdl_body(&p) > pe_cdl_th(s, 0) &&
	    pe_cdl_color(&c) == 1 && pe_cdl_body(&c) > pe_cdl_th(s, 1) &&
	    c.o < p.l && c.c < p.o &&
	    c.c > p.c + pe_cdl_body(&p) * 0.5 ? 100 : 0;
}

static const struct pe_cdl_def cdldarkcloudcover_def = { 1, 1, {
	{ PE_CDL_BODYLONG, 1 },
} };

static inline double
cdldarkcloudcover_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);

	return pe_cdl_color(&p) == 1 && pe_cdl_body(&p) > pe_cdl_th(s, 0) &&
	    pe_cdl_color(&c) == -1 && c.o > p.h && c.c > p.o &&
	    c.c < p.c - pe_cdl_body(&p) * s->penetration ? -100 : 0;
}

static const struct pe_cdl_def cdlhomingpigeon_def = { 1, 2, {
	{ PE_CDL_BODYLONG, 1 }, { PE_CDL_BODYSHORT, 0 },
} };

static inline double
cdlhomingpigeon_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);

	return pe_cdl_color(&p) == -1 && pe_cdl_color(&c) == -1 &&
	    pe_cdl_body(&p) > pe_cdl_th(s, 0) &&
	    pe_cdl_body(&c) <= pe_cdl_th(s, 1) &&
	    c.o < p.o && c.c > p.c ? 100 : 0;
}

static const struct pe_cdl_def cdlseparatinglines_def = { 1, 3, {
	{ PE_CDL_SHADOWVERYSHORT, 0 }, { PE_CDL_BODYLONG, 0 },
	{ PE_CDL_EQUAL, 1 },
} };

static inline double
cdlseparatinglines_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);
	int col = pe_cdl_color(&c);
	double shadow = col == 1 ? pe_cdl_lower(&c) : pe_cdl_upper(&c);

	return pe_cdl_color(&p) == -col &&
	    near_eq(c.o, p.o, pe_cdl_th(s, 2)) &&
	    pe_cdl_body(&c) > pe_cdl_th(s, 1) &&
	    shadow < pe_cdl_th(s, 0) ? col * 100 : 0;
}

/* The kickers: two marubozu of opposite colours, gapping apart. */
#define KICK_DEF { 1, 4, {						\
	{ PE_CDL_BODYLONG, 1 }, { PE_CDL_BODYLONG, 0 },			\
	{ PE_CDL_SHADOWVERYSHORT, 1 }, { PE_CDL_SHADOWVERYSHORT, 0 },	\
} }

static const struct pe_cdl_def cdlkicking_def = KICK_DEF;
static const struct pe_cdl_def cdlkickingbylength_def = KICK_DEF;

/* A marubozu: body above average long, shadows below short short. */
static inline int
maru(const struct pe_cdl *s, const struct pe_cdl_candle *k, int lng,
    int sh)
{
	return pe_cdl_body(k) > pe_cdl_th(s, lng) &&
	    pe_cdl_upper(k) < pe_cdl_th(s, sh) &&
	    pe_cdl_lower(k) < pe_cdl_th(s, sh);
}

static inline int
kick(const struct pe_cdl *s, const struct pe_cdl_candle *p,
    const struct pe_cdl_candle *c)
{
	int col = pe_cdl_color(p);

	return col == -pe_cdl_color(c) && maru(s, p, 0, 2) &&
	    maru(s, c, 1, 3) && (col == -1 ? c->l > p->h : c->h < p->l);
}

static inline double
cdlkicking_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);

	return kick(s, &p, &c) ? pe_cdl_color(&c) * 100 : 0;
}

static inline double
cdlkickingbylength_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);
	const struct pe_cdl_candle *longer =
	    pe_cdl_body(&c) > pe_cdl_body(&p) ? &c : &p;

	return kick(s, &p, &c) ? pe_cdl_color(longer) * 100 : 0;
}

PE_CDL_STEP(cdlharamicross)
PE_CDL_STEP(cdlcounterattack)
PE_CDL_STEP(cdlmatchinglow)
PE_CDL_STEP(cdlonneck)
PE_CDL_STEP(cdlinneck)
PE_CDL_STEP(cdlthrusting)
PE_CDL_STEP(cdlpiercing)
PE_CDL_STEP(cdldarkcloudcover)
PE_CDL_STEP(cdlhomingpigeon)
PE_CDL_STEP(cdlseparatinglines)
PE_CDL_STEP(cdlkicking)
PE_CDL_STEP(cdlkickingbylength)

PE_CDL_ENTRY(cdlharamicross, "harami cross: a doji inside the prior long "
    "body, 100 after black, -100 after white (+-80 when one end matches)",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlcounterattack, "counterattack: two long bodies of opposite "
    "colours closing at the same price, +-100 by the second's colour",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlmatchinglow, "matching low: two black candles closing at "
    "the same price, 100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlonneck, "on-neck: a white candle opening below a long "
    "black one's low and closing at that low, -100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlinneck, "in-neck: a white candle opening below a long "
    "black one's low and closing just into its body, -100",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlthrusting, "thrusting: a white candle opening below a long "
    "black one's low and closing into its body, below the midpoint, -100",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlpiercing, "piercing: a long white candle opening below a "
    "long black one's low and closing above its midpoint, 100",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdldarkcloudcover, "dark cloud cover: a black candle opening "
    "above a long white one's high and closing well into its body, -100",
    1, PE_CDL_PENETRATION(0.5))
PE_CDL_ENTRY(cdlhomingpigeon, "homing pigeon: a short black body inside a "
    "long black one, 100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlseparatinglines, "separating lines: a belt hold opening "
    "where the prior candle of the other colour opened, +-100 by its "
    "colour", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlkicking, "kicking: two marubozu of opposite colours with a "
    "gap between them, +-100 by the second's colour", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlkickingbylength, "kicking by length: kicking, +-100 by the "
    "colour of the longer marubozu", 0, PE_CDL_NOPARAM)
