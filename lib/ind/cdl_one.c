/*
 * cdl_one: TA-Lib's one-candle patterns (doji kinds, long and short
 * lines, belt hold, closing marubozu, high wave) and the two of the
 * hammer family that also look at the candle before (hanging man,
 * inverted hammer).  One output each: TA-Lib's integers as doubles.
 *
 * As TA-Lib 0.6's CDL* functions (ta_func/ta_CDL*.c) with the default
 * candle settings (cdl.h): BodyLong, BodyShort (bodies of the 10 candles
 * before, x1), BodyDoji, ShadowVeryShort (high-low of the 10 before,
 * x0.1), ShadowShort (half the summed shadows of the 10 before), Near
 * (high-low of the 5 before, x0.2); ShadowLong and ShadowVeryLong are
 * the candle's own body, x1 and x2.  c is the candle, p the one before;
 * upper / lower are its shadows.
 *
 *   cdlbelthold (10): body(c) > BodyLong; white with lower <
 *     ShadowVeryShort, or black with upper < ShadowVeryShort.  +-100 by
 *     colour.
 *   cdlclosingmarubozu (10): body(c) > BodyLong; white with upper <
 *     ShadowVeryShort, or black with lower < ShadowVeryShort.  +-100.
 *   cdldragonflydoji (10): body(c) <= BodyDoji, upper < ShadowVeryShort,
 *     lower > ShadowVeryShort.  100.
 *   cdlgravestonedoji (10): body(c) <= BodyDoji, lower < ShadowVeryShort,
 *     upper > ShadowVeryShort.  100.
 *   cdllongleggeddoji (10): body(c) <= BodyDoji, lower or upper >
 *     ShadowLong.  100.
 *   cdlrickshawman (10): body(c) <= BodyDoji, both shadows > ShadowLong,
 *     the body within Near of the midpoint of the range: bottom <= L +
 *     (H - L) / 2 + Near and top >= L + (H - L) / 2 - Near.  100.
 *   cdltakuri (10): body(c) <= BodyDoji, upper < ShadowVeryShort, lower >
 *     ShadowVeryLong.  100.
 *   cdllongline (10): body(c) > BodyLong, both shadows < ShadowShort.
 *     +-100 by colour.
 *   cdlshortline (10): body(c) < BodyShort, both shadows < ShadowShort.
 *     +-100 by colour.
 *   cdlhighwave (10): body(c) < BodyShort, both shadows > ShadowVeryLong.
 *     +-100 by colour.
 *   cdlhangingman (11): body(c) < BodyShort, lower > ShadowLong, upper <
 *     ShadowVeryShort, bottom(c) >= H(p) - Near (of p).  -100.
 *   cdlinvertedhammer (11): top(c) < bottom(p) (a gap down), body(c) <
 *     BodyShort, upper > ShadowLong, lower < ShadowVeryShort.  100.
 *
 * Bloat: no trend is checked, as in TA-Lib.
 */
#include "cdl.h"

/* In each pattern, pe_cdl_th(s, i) is use[i] of its definition. */

static const struct pe_cdl_def cdlbelthold_def = { 0, 2, {
	{ PE_CDL_BODYLONG, 0 }, { PE_CDL_SHADOWVERYSHORT, 0 },
} };

static inline double
cdlbelthold_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0);
	int col = pe_cdl_color(&c);
	double shadow = col == 1 ? pe_cdl_lower(&c) : pe_cdl_upper(&c);

	return pe_cdl_body(&c) > pe_cdl_th(s, 0) &&
	    shadow < pe_cdl_th(s, 1) ? col * 100 : 0;
}

static const struct pe_cdl_def cdlclosingmarubozu_def = { 0, 2, {
	{ PE_CDL_BODYLONG, 0 }, { PE_CDL_SHADOWVERYSHORT, 0 },
} };

static inline double
cdlclosingmarubozu_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0);
	int col = pe_cdl_color(&c);
	double shadow = col == 1 ? pe_cdl_upper(&c) : pe_cdl_lower(&c);

	return pe_cdl_body(&c) > pe_cdl_th(s, 0) &&
	    shadow < pe_cdl_th(s, 1) ? col * 100 : 0;
}

/* Dragonfly and gravestone: a doji, one shadow very short, the other not. */
#define DOJI_VS_DEF { 0, 2, {						\
	{ PE_CDL_BODYDOJI, 0 }, { PE_CDL_SHADOWVERYSHORT, 0 },		\
} }

static const struct pe_cdl_def cdldragonflydoji_def = DOJI_VS_DEF;
static const struct pe_cdl_def cdlgravestonedoji_def = DOJI_VS_DEF;

static inline double
cdldragonflydoji_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0);

	return pe_cdl_body(&c) <= pe_cdl_th(s, 0) &&
	    pe_cdl_upper(&c) < pe_cdl_th(s, 1) &&
	    pe_cdl_lower(&c) > pe_cdl_th(s, 1) ? 100 : 0;
}

static inline double
cdlgravestonedoji_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0);

	return pe_cdl_body(&c) <= pe_cdl_th(s, 0) &&
	    pe_cdl_lower(&c) < pe_cdl_th(s, 1) &&
	    pe_cdl_upper(&c) > pe_cdl_th(s, 1) ? 100 : 0;
}

static const struct pe_cdl_def cdllongleggeddoji_def = { 0, 2, {
	{ PE_CDL_BODYDOJI, 0 }, { PE_CDL_SHADOWLONG, 0 },
} };

static inline double
cdllongleggeddoji_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0);

	return pe_cdl_body(&c) <= pe_cdl_th(s, 0) &&
	    (pe_cdl_lower(&c) > pe_cdl_th(s, 1) ||
	    pe_cdl_upper(&c) > pe_cdl_th(s, 1)) ? 100 : 0;
}

static const struct pe_cdl_def cdlrickshawman_def = { 0, 3, {
	{ PE_CDL_BODYDOJI, 0 }, { PE_CDL_SHADOWLONG, 0 }, { PE_CDL_NEAR, 0 },
} };

static inline double
cdlrickshawman_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0);
	double mid = c.l + (c.h - c.l) / 2;

	return pe_cdl_body(&c) <= pe_cdl_th(s, 0) &&
	    pe_cdl_lower(&c) > pe_cdl_th(s, 1) &&
	    pe_cdl_upper(&c) > pe_cdl_th(s, 1) &&
	    pe_cdl_bottom(&c) <= mid + pe_cdl_th(s, 2) &&
	    pe_cdl_top(&c) >= mid - pe_cdl_th(s, 2) ? 100 : 0;
}

static const struct pe_cdl_def cdltakuri_def = { 0, 3, {
	{ PE_CDL_BODYDOJI, 0 }, { PE_CDL_SHADOWVERYSHORT, 0 },
	{ PE_CDL_SHADOWVERYLONG, 0 },
} };

static inline double
cdltakuri_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0);

	return pe_cdl_body(&c) <= pe_cdl_th(s, 0) &&
	    pe_cdl_upper(&c) < pe_cdl_th(s, 1) &&
	    pe_cdl_lower(&c) > pe_cdl_th(s, 2) ? 100 : 0;
}

static const struct pe_cdl_def cdllongline_def = { 0, 2, {
	{ PE_CDL_BODYLONG, 0 }, { PE_CDL_SHADOWSHORT, 0 },
} };

static inline double
cdllongline_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0);

	return pe_cdl_body(&c) > pe_cdl_th(s, 0) &&
	    pe_cdl_upper(&c) < pe_cdl_th(s, 1) &&
	    pe_cdl_lower(&c) < pe_cdl_th(s, 1) ? pe_cdl_color(&c) * 100 : 0;
}

static const struct pe_cdl_def cdlshortline_def = { 0, 2, {
	{ PE_CDL_BODYSHORT, 0 }, { PE_CDL_SHADOWSHORT, 0 },
} };

static inline double
cdlshortline_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0);

	return pe_cdl_body(&c) < pe_cdl_th(s, 0) &&
	    pe_cdl_upper(&c) < pe_cdl_th(s, 1) &&
	    pe_cdl_lower(&c) < pe_cdl_th(s, 1) ? pe_cdl_color(&c) * 100 : 0;
}

static const struct pe_cdl_def cdlhighwave_def = { 0, 2, {
	{ PE_CDL_BODYSHORT, 0 }, { PE_CDL_SHADOWVERYLONG, 0 },
} };

static inline double
cdlhighwave_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0);

	return pe_cdl_body(&c) < pe_cdl_th(s, 0) &&
	    pe_cdl_upper(&c) > pe_cdl_th(s, 1) &&
	    pe_cdl_lower(&c) > pe_cdl_th(s, 1) ? pe_cdl_color(&c) * 100 : 0;
}

static const struct pe_cdl_def cdlhangingman_def = { 1, 4, {
	{ PE_CDL_BODYSHORT, 0 }, { PE_CDL_SHADOWLONG, 0 },
	{ PE_CDL_SHADOWVERYSHORT, 0 }, { PE_CDL_NEAR, 1 },
} };

static inline double
cdlhangingman_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);

	return pe_cdl_body(&c) < pe_cdl_th(s, 0) &&
	    pe_cdl_lower(&c) > pe_cdl_th(s, 1) &&
	    pe_cdl_upper(&c) < pe_cdl_th(s, 2) &&
	    pe_cdl_bottom(&c) >= p.h - pe_cdl_th(s, 3) ? -100 : 0;
}

static const struct pe_cdl_def cdlinvertedhammer_def = { 1, 3, {
	{ PE_CDL_BODYSHORT, 0 }, { PE_CDL_SHADOWLONG, 0 },
	{ PE_CDL_SHADOWVERYSHORT, 0 },
} };

static inline double
cdlinvertedhammer_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);

	return pe_cdl_top(&c) < pe_cdl_bottom(&p) &&
	    pe_cdl_body(&c) < pe_cdl_th(s, 0) &&
	    pe_cdl_upper(&c) > pe_cdl_th(s, 1) &&
	    pe_cdl_lower(&c) < pe_cdl_th(s, 2) ? 100 : 0;
}

PE_CDL_STEP(cdlbelthold)
PE_CDL_STEP(cdlclosingmarubozu)
PE_CDL_STEP(cdldragonflydoji)
PE_CDL_STEP(cdlgravestonedoji)
PE_CDL_STEP(cdllongleggeddoji)
PE_CDL_STEP(cdlrickshawman)
PE_CDL_STEP(cdltakuri)
PE_CDL_STEP(cdllongline)
PE_CDL_STEP(cdlshortline)
PE_CDL_STEP(cdlhighwave)
PE_CDL_STEP(cdlhangingman)
PE_CDL_STEP(cdlinvertedhammer)

PE_CDL_ENTRY(cdlbelthold, "belt hold: a long body opening at its extreme "
    "(almost no shadow at the open), 100 white, -100 black",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlclosingmarubozu, "closing marubozu: a long body closing at "
    "its extreme (almost no shadow at the close), 100 white, -100 black",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdldragonflydoji, "dragonfly doji: a doji at the high, with a "
    "lower shadow, 100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlgravestonedoji, "gravestone doji: a doji at the low, with "
    "an upper shadow, 100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdllongleggeddoji, "long-legged doji: a doji with a shadow "
    "longer than its body, 100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlrickshawman, "rickshaw man: a doji with two long shadows, "
    "near the middle of its range, 100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdltakuri, "takuri: a doji at the high with a very long lower "
    "shadow, 100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdllongline, "long line: a long body with short shadows, 100 "
    "white, -100 black", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlshortline, "short line: a short body with short shadows, "
    "100 white, -100 black", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlhighwave, "high wave: a short body with two very long "
    "shadows, 100 white, -100 black", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlhangingman, "hanging man: a short body at or near the prior "
    "high, a long lower shadow and (almost) no upper one, -100",
    0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlinvertedhammer, "inverted hammer: a short body gapping "
    "down, a long upper shadow and (almost) no lower one, 100",
    0, PE_CDL_NOPARAM)
