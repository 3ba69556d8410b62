/*
 * cdl_three: TA-Lib's three-candle patterns but the stars (cdl_star.c)
 * and the three soldiers and crows of cdl.c: two crows, three inside and
 * outside, three stars in the south, advance block, identical three
 * crows, stalled pattern, stick sandwich, tasuki gap, unique three
 * river, upside gap two crows, side-by-side white lines, up/downside gap
 * three methods.  One output each: TA-Lib's integers as doubles.
 *
 * As TA-Lib 0.6's CDL* functions (ta_func/ta_CDL*.c) with the default
 * candle settings (cdl.h): BodyLong, BodyShort (bodies of the 10 candles
 * before, x1), ShadowVeryShort (high-low of the 10 before, x0.1),
 * ShadowShort (half the summed shadows of the 10 before), Near, Far,
 * Equal (high-low of the 5 before, x0.2, x0.6, x0.05); ShadowLong is
 * the candle's own body.  a, p, c are the three candles, oldest first; a
 * threshold "of a" averages the candles before a.  "Gap up" from a to p:
 * bottom(p) > top(a); "gap down": top(p) < bottom(a).
 *
 *   cdl2crows (12): long white a, black p gapping up, black c opening
 *     inside p's body (C(p) < O(c) < O(p)) and closing inside a's (O(a)
 *     < C(c) < C(a)).  -100.
 *   cdl3inside (12): long a, body(p) <= BodyShort strictly inside a's
 *     body, c of the other colour than a closing beyond O(a).  100 after
 *     black a, -100 after white.
 *   cdl3outside (3): p engulfs a of the other colour (white p: C(p) >
 *     O(a), O(p) < C(a); black: the mirror), c closes beyond p's close.
 *     +-100 by p's colour.
 *   cdl3starsinsouth (12): black a, p, c; long a with lower(a) > body(a);
 *     body(p) < body(a), C(a) < O(p) <= H(a), C(a) > L(p) >= L(a),
 *     lower(p) > ShadowVeryShort; body(c) < BodyShort, both its shadows <
 *     ShadowVeryShort, c inside p's range (L(c) > L(p), H(c) < H(p)).
 *     100.
 *   cdladvanceblock (12): white a, p, c with rising closes, O(a) < O(p)
 *     <= C(a) + Near, O(p) < O(c) <= C(p) + Near; long a with upper(a) <
 *     ShadowShort; and weakening: body(p) < body(a) - Far with body(c) <
 *     body(p) + Near, or body(c) < body(p) - Far, or shrinking bodies
 *     with upper(c) or upper(p) > ShadowShort, or body(c) < body(p) with
 *     upper(c) > ShadowLong.  -100.
 *   cdlidentical3crows (12): black a, p, c with lower shadows <
 *     ShadowVeryShort and falling closes, O(p) within Equal of C(a),
 *     O(c) within Equal of C(p).  -100.
 *   cdlstalledpattern (12): white a, p, c with rising closes; long a and
 *     p, upper(p) < ShadowVeryShort, O(a) < O(p) <= C(a) + Near;
 *     body(c) < BodyShort, O(c) >= C(p) - body(c) - Near.  -100.
 *   cdlsticksandwich (7): black a, white p with L(p) > C(a), black c
 *     with C(c) within Equal (of a) of C(a).  100.
 *   cdltasukigap (7): white p gapping up from a, black c opening inside
 *     p's body and closing below it but above top(a); or the mirror; the
 *     bodies of p and c within Near (of p) of each other.  +-100 by p's
 *     colour.
 *   cdlunique3river (12): long black a, black p with C(p) > C(a), O(p)
 *     <= O(a), L(p) < L(a); white c with body(c) < BodyShort and O(c) >
 *     L(p).  100.
 *   cdlupsidegap2crows (12): long white a, black p with body(p) <=
 *     BodyShort gapping up, black c with O(c) > O(p), C(a) < C(c) <
 *     C(p).  -100.
 *   cdlgapsidesidewhite (7): p and c white, both gapping up from a or
 *     both gapping down; body(c) within Near (of p) of body(p), O(c)
 *     within Equal (of p) of O(p).  100 after a gap up, -100 down.
 *   cdlxsidegap3methods (2): a and p of one colour with a gap in that
 *     direction (up when white), c of the other colour opening inside
 *     p's body and closing inside a's.  +-100 by a's colour.
 *
 * Bloat: no trend is checked, as in TA-Lib.
 */
#include "cdl.h"

/* In each pattern, pe_cdl_th(s, i) is use[i] of its definition. */

/* p's body above a's, and below it. */
static inline int
gap_up(const struct pe_cdl_candle *a, const struct pe_cdl_candle *p)
{
	return pe_cdl_bottom(p) > pe_cdl_top(a);
}

static inline int
gap_down(const struct pe_cdl_candle *a, const struct pe_cdl_candle *p)
{
	return pe_cdl_top(p) < pe_cdl_bottom(a);
}

/* x within the threshold t of y, both ends included. */
static inline int
near_eq(double x, double y, double t)
{
	return x <= y + t && x >= y - t;
}

/* The three candles, oldest first. */
#define CDL3(s)								\
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1),	\
	    a = pe_cdl_get(s, 2)

static const struct pe_cdl_def cdl2crows_def = { 2, 1, {
	{ PE_CDL_BODYLONG, 2 },
} };

static inline double
cdl2crows_eval(const struct pe_cdl *s)
{
	CDL3(s);

	return pe_cdl_color(&a) == 1 && pe_cdl_body(&a) > pe_cdl_th(s, 0) &&
	    pe_cdl_color(&p) == -1 && gap_up(&a, &p) &&
	    pe_cdl_color(&c) == -1 && c.o < p.o && c.o > p.c &&
	    c.c > a.o && c.c < a.c ? -100 : 0;
}

static const struct pe_cdl_def cdl3inside_def = { 2, 2, {
	{ PE_CDL_BODYLONG, 2 }, { PE_CDL_BODYSHORT, 1 },
} };

static inline double
cdl3inside_eval(const struct pe_cdl *s)
{
	CDL3(s);
	int col = pe_cdl_color(&a);

	return pe_cdl_top(&p) < pe_cdl_top(&a) &&
	    pe_cdl_bottom(&p) > pe_cdl_bottom(&a) &&
	    pe_cdl_color(&c) == -col &&
	    (col == 1 ? c.c < a.o : c.c > a.o) &&
	    pe_cdl_body(&a) > pe_cdl_th(s, 0) &&
	    pe_cdl_body(&p) <= pe_cdl_th(s, 1) ? -col * 100 : 0;
}

static const struct pe_cdl_def cdl3outside_def = { 3, 0, { { 0, 0 } } };

static inline double
cdl3outside_eval(const struct pe_cdl *s)
{
	CDL3(s);
	int col = pe_cdl_color(&p);

	if (pe_cdl_color(&a) != -col)
		return 0;
	if (col == 1)
		return p.c > a.o && p.o < a.c && c.c > p.c ? 100 : 0;
	return p.o > a.c && p.c < a.o && c.c < p.c ? -100 : 0;
}

static const struct pe_cdl_def cdl3starsinsouth_def = { 2, 5, {
	{ PE_CDL_BODYLONG, 2 }, { PE_CDL_SHADOWLONG, 2 },
	{ PE_CDL_SHADOWVERYSHORT, 1 }, { PE_CDL_SHADOWVERYSHORT, 0 },
	{ PE_CDL_BODYSHORT, 0 },
} };

static inline double
cdl3starsinsouth_eval(const struct pe_cdl *s)
{
	CDL3(s);

	return pe_cdl_color(&a) == -1 && pe_cdl_color(&p) == -1 &&
	    pe_cdl_color(&c) == -1 &&
	    pe_cdl_body(&a) > pe_cdl_th(s, 0) &&
	    pe_cdl_lower(&a) > pe_cdl_th(s, 1) &&
	    pe_cdl_body(&p) < pe_cdl_body(&a) &&
	    p.o > a.c && p.o <= a.h && p.l < a.c && p.l >= a.l &&
	    pe_cdl_lower(&p) > pe_cdl_th(s, 2) &&
	    pe_cdl_body(&c) < pe_cdl_th(s, 4) &&
	    pe_cdl_lower(&c) < pe_cdl_th(s, 3) &&
	    pe_cdl_upper(&c) < pe_cdl_th(s, 3) &&
	    c.l > p.l && c.h < p.h ? 100 : 0;
}

static const struct pe_cdl_def cdladvanceblock_def = { 2, 9, {
	{ PE_CDL_SHADOWSHORT, 2 }, { PE_CDL_SHADOWSHORT, 1 },
	{ PE_CDL_SHADOWSHORT, 0 }, { PE_CDL_SHADOWLONG, 0 },
	{ PE_CDL_NEAR, 2 }, { PE_CDL_NEAR, 1 },
	{ PE_CDL_FAR, 2 }, { PE_CDL_FAR, 1 }, { PE_CDL_BODYLONG, 2 },
} };

/* Advance block's signs of weakness in p and c. */
static inline int
advance_blocked(const struct pe_cdl *s, const struct pe_cdl_candle *a,
    const struct pe_cdl_candle *p, const struct pe_cdl_candle *c)
{
	double ba = pe_cdl_body(a), bp = pe_cdl_body(p), bc = pe_cdl_body(c);

	return (bp < ba - pe_cdl_th(s, 6) && bc < bp + pe_cdl_th(s, 5)) ||
	    bc < bp - pe_cdl_th(s, 7) ||
	    (bc < bp && bp < ba && (pe_cdl_upper(c) > pe_cdl_th(s, 2) ||
	    pe_cdl_upper(p) > pe_cdl_th(s, 1))) ||
	    (bc < bp && pe_cdl_upper(c) > pe_cdl_th(s, 3));
}

static inline double
cdladvanceblock_eval(const struct pe_cdl *s)
{
	CDL3(s);

	return pe_cdl_color(&a) == 1 && pe_cdl_color(&p) == 1 &&
	    pe_cdl_color(&c) == 1 && c.c > p.c && p.c > a.c &&
	    p.o > a.o && p.o <= a.c + pe_cdl_th(s, 4) &&
	    c.o > p.o && c.o <= p.c + pe_cdl_th(s, 5) &&
	    pe_cdl_body(&a) > pe_cdl_th(s, 8) &&
	    pe_cdl_upper(&a) < pe_cdl_th(s, 0) &&
	    advance_blocked(s, &a, &p, &c) ? -100 : 0;
}

static const struct pe_cdl_def cdlidentical3crows_def = { 2, 5, {
	{ PE_CDL_SHADOWVERYSHORT, 2 }, { PE_CDL_SHADOWVERYSHORT, 1 },
	{ PE_CDL_SHADOWVERYSHORT, 0 }, { PE_CDL_EQUAL, 2 },
	{ PE_CDL_EQUAL, 1 },
} };

/* Black with a very short lower shadow (average i). */
static inline int
crow(const struct pe_cdl *s, const struct pe_cdl_candle *k, int i)
{
	return pe_cdl_color(k) == -1 && pe_cdl_lower(k) < pe_cdl_th(s, i);
}

static inline double
cdlidentical3crows_eval(const struct pe_cdl *s)
{
	CDL3(s);

	return crow(s, &a, 0) && crow(s, &p, 1) && crow(s, &c, 2) &&
	    a.c > p.c && p.c > c.c &&
	    near_eq(p.o, a.c, pe_cdl_th(s, 3)) &&
	    near_eq(c.o, p.c, pe_cdl_th(s, 4)) ? -100 : 0;
}

static const struct pe_cdl_def cdlstalledpattern_def = { 2, 6, {
	{ PE_CDL_BODYLONG, 2 }, { PE_CDL_BODYLONG, 1 },
	{ PE_CDL_SHADOWVERYSHORT, 1 }, { PE_CDL_NEAR, 2 }, { PE_CDL_NEAR, 1 },
	{ PE_CDL_BODYSHORT, 0 },
} };

static inline double
cdlstalledpattern_eval(const struct pe_cdl *s)
{
	CDL3(s);

	return pe_cdl_color(&a) == 1 && pe_cdl_color(&p) == 1 &&
	    pe_cdl_color(&c) == 1 && c.c > p.c && p.c > a.c &&
	    pe_cdl_body(&a) > pe_cdl_th(s, 0) &&
	    pe_cdl_body(&p) > pe_cdl_th(s, 1) &&
	    pe_cdl_upper(&p) < pe_cdl_th(s, 2) &&
	    p.o > a.o && p.o <= a.c + pe_cdl_th(s, 3) &&
	    pe_cdl_body(&c) < pe_cdl_th(s, 5) &&
	    c.o >= p.c - pe_cdl_body(&c) - pe_cdl_th(s, 4) ? -100 : 0;
}

static const struct pe_cdl_def cdlsticksandwich_def = { 2, 1, {
	{ PE_CDL_EQUAL, 2 },
} };

static inline double
cdlsticksandwich_eval(const struct pe_cdl *s)
{
	CDL3(s);

	return pe_cdl_color(&a) == -1 && pe_cdl_color(&p) == 1 &&
	    pe_cdl_color(&c) == -1 && p.l > a.c &&
	    near_eq(c.c, a.c, pe_cdl_th(s, 0)) ? 100 : 0;
}

static const struct pe_cdl_def cdltasukigap_def = { 2, 1, {
	{ PE_CDL_NEAR, 1 },
} };

static inline double
cdltasukigap_eval(const struct pe_cdl *s)
{
	CDL3(s);
	int col = pe_cdl_color(&p), up, down, same;

	same = fabs(pe_cdl_body(&p) - pe_cdl_body(&c)) < pe_cdl_th(s, 0);
	up = gap_up(&a, &p) && col == 1 && pe_cdl_color(&c) == -1 &&
	    c.o < p.c && c.o > p.o && c.c < p.o && c.c > pe_cdl_top(&a);
	down = gap_down(&a, &p) && col == -1 && pe_cdl_color(&c) == 1 &&
	    c.o < p.o && c.o > p.c && c.c > p.o && c.c < pe_cdl_bottom(&a);
	return (up || down) && same ? col * 100 : 0;
}

static const struct pe_cdl_def cdlunique3river_def = { 2, 2, {
	{ PE_CDL_BODYLONG, 2 }, { PE_CDL_BODYSHORT, 0 },
} };

static inline double
cdlunique3river_eval(const struct pe_cdl *s)
{
	CDL3(s);

	return pe_cdl_color(&a) == -1 && pe_cdl_color(&p) == -1 &&
	    pe_cdl_color(&c) == 1 && p.c > a.c && p.o <= a.o && p.l < a.l &&
	    c.o > p.l && pe_cdl_body(&a) > pe_cdl_th(s, 0) &&
	    pe_cdl_body(&c) < pe_cdl_th(s, 1) ? 100 : 0;
}

static const struct pe_cdl_def cdlupsidegap2crows_def = { 2, 2, {
	{ PE_CDL_BODYLONG, 2 }, { PE_CDL_BODYSHORT, 1 },
} };

static inline double
cdlupsidegap2crows_eval(const struct pe_cdl *s)
{
	CDL3(s);

	return pe_cdl_color(&a) == 1 && pe_cdl_body(&a) > pe_cdl_th(s, 0) &&
	    pe_cdl_color(&p) == -1 && pe_cdl_body(&p) <= pe_cdl_th(s, 1) &&
	    gap_up(&a, &p) && pe_cdl_color(&c) == -1 && c.o > p.o &&
	    c.c < p.c && c.c > a.c ? -100 : 0;
}

static const struct pe_cdl_def cdlgapsidesidewhite_def = { 2, 2, {
	{ PE_CDL_NEAR, 1 }, { PE_CDL_EQUAL, 1 },
} };

static inline double
cdlgapsidesidewhite_eval(const struct pe_cdl *s)
{
	CDL3(s);
	int up = gap_up(&a, &p);

	return ((up && gap_up(&a, &c)) ||
	    (gap_down(&a, &p) && gap_down(&a, &c))) &&
	    pe_cdl_color(&p) == 1 && pe_cdl_color(&c) == 1 &&
	    near_eq(pe_cdl_body(&c), pe_cdl_body(&p), pe_cdl_th(s, 0)) &&
	    near_eq(c.o, p.o, pe_cdl_th(s, 1)) ? (up ? 100 : -100) : 0;
}

static const struct pe_cdl_def cdlxsidegap3methods_def = { 2, 0, {
	{ 0, 0 } } };

static inline double
cdlxsidegap3methods_eval(const struct pe_cdl *s)
{
	CDL3(s);
	int col = pe_cdl_color(&a);

	return pe_cdl_color(&p) == col && pe_cdl_color(&c) == -col &&
	    c.o < pe_cdl_top(&p) && c.o > pe_cdl_bottom(&p) &&
	    c.c < pe_cdl_top(&a) && c.c > pe_cdl_bottom(&a) &&
	    (col == 1 ? gap_up(&a, &p) : gap_down(&a, &p)) ? col * 100 : 0;
}

PE_CDL_STEP(cdl2crows)
PE_CDL_STEP(cdl3inside)
PE_CDL_STEP(cdl3outside)
PE_CDL_STEP(cdl3starsinsouth)
PE_CDL_STEP(cdladvanceblock)
PE_CDL_STEP(cdlidentical3crows)
PE_CDL_STEP(cdlstalledpattern)
PE_CDL_STEP(cdlsticksandwich)
PE_CDL_STEP(cdltasukigap)
PE_CDL_STEP(cdlunique3river)
PE_CDL_STEP(cdlupsidegap2crows)
PE_CDL_STEP(cdlgapsidesidewhite)
PE_CDL_STEP(cdlxsidegap3methods)

PE_CDL_ENTRY(cdl2crows, "two crows: a long white candle, a black one "
    "gapping up, a black one closing into the first body, -100",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdl3inside, "three inside up/down: a harami, then a candle "
    "closing beyond the first's open, 100 up, -100 down", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdl3outside, "three outside up/down: an engulfing, then a "
    "close beyond the engulfing candle's, 100 up, -100 down",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdl3starsinsouth, "three stars in the south: three black "
    "candles shrinking into the first's range, 100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdladvanceblock, "advance block: three rising white candles "
    "losing strength (smaller bodies, longer upper shadows), -100",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlidentical3crows, "identical three crows: three falling "
    "black candles, each opening at the prior close, -100",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlstalledpattern, "stalled pattern: two long rising white "
    "candles, then a short white one at the top of the second, -100",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlsticksandwich, "stick sandwich: a white candle between two "
    "black ones closing at the same price, 100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdltasukigap, "tasuki gap: a gap, then a candle of the other "
    "colour closing into it, +-100 by the gap's direction",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlunique3river, "unique three river: a long black candle, a "
    "black harami with a lower low, a short white candle, 100",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlupsidegap2crows, "upside gap two crows: a long white "
    "candle, a short black one gapping up, a black one engulfing it, -100",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlgapsidesidewhite, "side-by-side white lines: two similar "
    "white candles after a gap, 100 after a gap up, -100 down",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlxsidegap3methods, "up/downside gap three methods: two "
    "candles gapping, a third of the other colour closing the gap, +-100 "
    "by the first's colour", 0, PE_CDL_NOPARAM)
