/*
 * cdl_long: TA-Lib's patterns of four and five candles (three-line
 * strike, concealing baby swallow, breakaway, ladder bottom, mat hold,
 * rising/falling three methods) and the hikkake pair, which remember a
 * pattern for three bars to report its confirmation.  One output each:
 * TA-Lib's integers as doubles.
 *
 * As TA-Lib 0.6's CDL* functions (ta_func/ta_CDL*.c) with the default
 * candle settings (cdl.h): BodyLong, BodyShort (bodies of the 10 candles
 * before, x1), ShadowVeryShort (high-low of the 10 before, x0.1), Near
 * (high-low of the 5 before, x0.2).  k0 is the last candle, k1 the one
 * before, and so on; a threshold "of kj" averages the candles before
 * kj.  "Gap up" from kj to ki: bottom(ki) > top(kj); "gap down":
 * top(ki) < bottom(kj).
 *
 *   cdl3linestrike (8): k3, k2, k1 of one colour, k0 of the other; k2
 *     opens within Near (of k3) of k3's body, k1 within Near (of k2) of
 *     k2's; white: rising closes, O(k0) > C(k1), C(k0) < O(k3); black:
 *     the mirror.  +-100 by k1's colour.
 *   cdlconcealbabyswall (13): four black candles; k3, k2 with both
 *     shadows < ShadowVeryShort; k1 gapping down with upper(k1) >
 *     ShadowVeryShort and H(k1) > C(k2); k0 engulfing k1's range.  100.
 *   cdlbreakaway (14): long k4; k4, k3, k1 of one colour, k0 of the
 *     other; black k4: k3 gapping down, lower highs and lows k3 to k1,
 *     O(k3) < C(k0) < C(k4); white k4: the mirror.  +-100 by k0's
 *     colour.
 *   cdlladderbottom (14): black k4, k3, k2 with falling opens and
 *     closes; black k1 with upper(k1) > ShadowVeryShort; white k0 with
 *     O(k0) > O(k1) and C(k0) > H(k1).  100.
 *   cdlmathold:penetration (14, default 0.5): long white k4, black k3
 *     gapping up with body(k3) < BodyShort; short k2 and k1 with
 *     C(k4) - body(k4) * penetration < bottom < C(k4), top(k2) < O(k3),
 *     top(k1) < top(k2); white k0 with O(k0) > C(k1) and C(k0) above
 *     the highs of k3, k2, k1.  100.
 *   cdlrisefall3methods (14): long k4, three short k3, k2, k1 of the
 *     other colour, each body within k4's range, closes moving against
 *     k4's colour; long k0 of k4's colour opening beyond C(k1) and
 *     closing beyond C(k4).  +-100 by k4's colour.
 *   cdlhikkake (5): an inside bar k1 of k2, then k0 breaking out with a
 *     lower high and low (100) or a higher high and low (-100); within
 *     the next three bars, a close above the inside bar's high (after
 *     100) or below its low (after -100) confirms it: 200 or -200.  A
 *     new hikkake on the bar of a confirmation wins.
 *   cdlhikkakemod (10): as hikkake over four candles: k2 inside k3, k1
 *     inside k2, then k0 as above, with C(k2) <= L(k2) + Near (of k2)
 *     for 100, C(k2) >= H(k2) - Near for -100; confirmed as hikkake.
 *
 * The hikkake pair look at their three bars before the lookback, as
 * TA-Lib does, so a pattern seen there is confirmed in the output.
 *
 * Bloat: no trend is checked, as in TA-Lib.
 */
#include "cdl.h"

/* In each pattern, pe_cdl_th(s, i) is use[i] of its definition. */

/* The last n candles: k[j] is the one j bars before the newest. */
static inline void
cdl_last(const struct pe_cdl *s, struct pe_cdl_candle *k, int n)
{
	int j;

	for (j = 0; j < n; j++)
		k[j] = pe_cdl_get(s, j);
}

static inline int
gap_up(const struct pe_cdl_candle *a, const struct pe_cdl_candle *b)
{
	return pe_cdl_bottom(b) > pe_cdl_top(a);
}

static inline int
gap_down(const struct pe_cdl_candle *a, const struct pe_cdl_candle *b)
{
	return pe_cdl_top(b) < pe_cdl_bottom(a);
}

/* b opens within t of a's body. */
static inline int
opens_near(const struct pe_cdl_candle *a, const struct pe_cdl_candle *b,
    double t)
{
	return b->o >= pe_cdl_bottom(a) - t && b->o <= pe_cdl_top(a) + t;
}

static const struct pe_cdl_def cdl3linestrike_def = { 3, 2, {
	{ PE_CDL_NEAR, 3 }, { PE_CDL_NEAR, 2 },
} };

static inline double
cdl3linestrike_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle k[4];
	int col;

	cdl_last(s, k, 4);
	col = pe_cdl_color(&k[1]);
	if (pe_cdl_color(&k[3]) != col || pe_cdl_color(&k[2]) != col ||
	    pe_cdl_color(&k[0]) != -col ||
	    !opens_near(&k[3], &k[2], pe_cdl_th(s, 0)) ||
	    !opens_near(&k[2], &k[1], pe_cdl_th(s, 1)))
		return 0;
	if (col == 1)
		return k[1].c > k[2].c && k[2].c > k[3].c &&
		    k[0].o > k[1].c && k[0].c < k[3].o ? 100 : 0;
	return k[1].c < k[2].c && k[2].c < k[3].c &&
	    k[0].o < k[1].c && k[0].c > k[3].o ? -100 : 0;
}

static const struct pe_cdl_def cdlconcealbabyswall_def = { 3, 3, {
	{ PE_CDL_SHADOWVERYSHORT, 3 }, { PE_CDL_SHADOWVERYSHORT, 2 },
	{ PE_CDL_SHADOWVERYSHORT, 1 },
} };

/* Both shadows below the threshold t. */
static inline int
bald(const struct pe_cdl_candle *k, double t)
{
	return pe_cdl_lower(k) < t && pe_cdl_upper(k) < t;
}

static inline double
cdlconcealbabyswall_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle k[4];

	cdl_last(s, k, 4);
	return pe_cdl_color(&k[3]) == -1 && pe_cdl_color(&k[2]) == -1 &&
	    pe_cdl_color(&k[1]) == -1 && pe_cdl_color(&k[0]) == -1 &&
	    bald(&k[3], pe_cdl_th(s, 0)) && bald(&k[2], pe_cdl_th(s, 1)) &&
	    gap_down(&k[2], &k[1]) &&
	    pe_cdl_upper(&k[1]) > pe_cdl_th(s, 2) && k[1].h > k[2].c &&
	    k[0].h > k[1].h && k[0].l < k[1].l ? 100 : 0;
}

static const struct pe_cdl_def cdlbreakaway_def = { 4, 1, {
	{ PE_CDL_BODYLONG, 4 },
} };

static inline double
cdlbreakaway_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle k[5];
	int col;

	cdl_last(s, k, 5);
	col = pe_cdl_color(&k[4]);
	if (pe_cdl_color(&k[3]) != col || pe_cdl_color(&k[1]) != col ||
	    pe_cdl_color(&k[0]) != -col ||
	    !(pe_cdl_body(&k[4]) > pe_cdl_th(s, 0)))
		return 0;
	if (col == -1)
		return gap_down(&k[4], &k[3]) &&
		    k[2].h < k[3].h && k[2].l < k[3].l &&
		    k[1].h < k[2].h && k[1].l < k[2].l &&
		    k[0].c > k[3].o && k[0].c < k[4].c ? 100 : 0;
	return gap_up(&k[4], &k[3]) &&
	    k[2].h > k[3].h && k[2].l > k[3].l &&
	    k[1].h > k[2].h && k[1].l > k[2].l &&
	    k[0].c < k[3].o && k[0].c > k[4].c ? -100 : 0;
}

static const struct pe_cdl_def cdlladderbottom_def = { 4, 1, {
	{ PE_CDL_SHADOWVERYSHORT, 1 },
} };

static inline double
cdlladderbottom_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle k[5];

	cdl_last(s, k, 5);
	return pe_cdl_color(&k[4]) == -1 && pe_cdl_color(&k[3]) == -1 &&
	    pe_cdl_color(&k[2]) == -1 &&
	    k[4].o > k[3].o && k[3].o > k[2].o &&
	    k[4].c > k[3].c && k[3].c > k[2].c &&
	    pe_cdl_color(&k[1]) == -1 &&
	    pe_cdl_upper(&k[1]) > pe_cdl_th(s, 0) &&
	    pe_cdl_color(&k[0]) == 1 && k[0].o > k[1].o &&
	    k[0].c > k[1].h ? 100 : 0;
}

/* Mat hold and rising/falling three methods: a long first body, three
 * short ones (and, for the three methods, a long last one). */
static const struct pe_cdl_def cdlmathold_def = { 4, 4, {
	{ PE_CDL_BODYLONG, 4 }, { PE_CDL_BODYSHORT, 3 },
	{ PE_CDL_BODYSHORT, 2 }, { PE_CDL_BODYSHORT, 1 },
} };

static const struct pe_cdl_def cdlrisefall3methods_def = { 4, 5, {
	{ PE_CDL_BODYLONG, 4 }, { PE_CDL_BODYSHORT, 3 },
	{ PE_CDL_BODYSHORT, 2 }, { PE_CDL_BODYSHORT, 1 },
	{ PE_CDL_BODYLONG, 0 },
} };

static inline int
long_short3(const struct pe_cdl *s, const struct pe_cdl_candle *k)
{
	return pe_cdl_body(&k[4]) > pe_cdl_th(s, 0) &&
	    pe_cdl_body(&k[3]) < pe_cdl_th(s, 1) &&
	    pe_cdl_body(&k[2]) < pe_cdl_th(s, 2) &&
	    pe_cdl_body(&k[1]) < pe_cdl_th(s, 3);
}

static inline double
cdlmathold_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle k[5];
	double floor;

	cdl_last(s, k, 5);
	floor = k[4].c - pe_cdl_body(&k[4]) * s->penetration;
	return pe_cdl_color(&k[4]) == 1 && pe_cdl_color(&k[3]) == -1 &&
	    pe_cdl_color(&k[0]) == 1 && gap_up(&k[4], &k[3]) &&
	    pe_cdl_bottom(&k[2]) < k[4].c && pe_cdl_bottom(&k[1]) < k[4].c &&
	    pe_cdl_bottom(&k[2]) > floor && pe_cdl_bottom(&k[1]) > floor &&
	    pe_cdl_top(&k[2]) < k[3].o &&
	    pe_cdl_top(&k[1]) < pe_cdl_top(&k[2]) && k[0].o > k[1].c &&
	    k[0].c > fmax(fmax(k[3].h, k[2].h), k[1].h) &&
	    long_short3(s, k) ? 100 : 0;
}

static inline double
cdlrisefall3methods_eval(const struct pe_cdl *s)
{
	struct pe_cdl_candle k[5];
	int col, j;

	cdl_last(s, k, 5);
	col = pe_cdl_color(&k[4]);
	if (pe_cdl_color(&k[3]) != -col || pe_cdl_color(&k[2]) != -col ||
	    pe_cdl_color(&k[1]) != -col || pe_cdl_color(&k[0]) != col)
		return 0;
	for (j = 3; j >= 1; j--)
		if (!(pe_cdl_bottom(&k[j]) < k[4].h &&
		    pe_cdl_top(&k[j]) > k[4].l))
			return 0;
	/* TA-Lib turns the comparisons by multiplying by the colour. */
	return k[2].c * col < k[3].c * col && k[1].c * col < k[2].c * col &&
	    k[0].o * col > k[1].c * col && k[0].c * col > k[4].c * col &&
	    long_short3(s, k) && pe_cdl_body(&k[0]) > pe_cdl_th(s, 4) ?
	    100 * col : 0;
}

/*
 * The hikkake pair: found (k0 breaking out of the inside bar k1, as
 * the pattern says), remembered in s->mark (its bar) and s->result,
 * then confirmed once within three bars by a close beyond the inside
 * bar, the candle before the marked one.  TA-Lib's confirmation test
 * reads bar mark - 1 even with no pattern pending (mark 0), but only
 * once a result is set, and then never with mark 0 at a bar below 4.
 */
static inline double
hikkake_next(struct pe_cdl *s, int found, double sign)
{
	int64_t t = s->n - 1;
	struct pe_cdl_candle in, c = pe_cdl_get(s, 0);

	if (found) {
		s->result = 100 * sign;
		s->mark = t;
		return s->result;
	}
	if (t > s->mark + 3 || s->result == 0)
		return 0;
	in = pe_cdl_get(s, (int)(t - s->mark + 1));
	if ((s->result > 0 && c.c > in.h) || (s->result < 0 && c.c < in.l)) {
		s->mark = 0;
		return s->result + (s->result > 0 ? 100 : -100);
	}
	return 0;
}

static const struct pe_cdl_def cdlhikkake_def = { 5, 0, { { 0, 0 } } };

static inline double
cdlhikkake_eval(struct pe_cdl *s)
{
	struct pe_cdl_candle k[3];
	int found;

	cdl_last(s, k, 3);
	found = k[1].h < k[2].h && k[1].l > k[2].l &&
	    ((k[0].h < k[1].h && k[0].l < k[1].l) ||
	    (k[0].h > k[1].h && k[0].l > k[1].l));
	return hikkake_next(s, found, k[0].h < k[1].h ? 1 : -1);
}

static const struct pe_cdl_def cdlhikkakemod_def = { 5, 1, {
	{ PE_CDL_NEAR, 2 },
} };

static inline double
cdlhikkakemod_eval(struct pe_cdl *s)
{
	struct pe_cdl_candle k[4];
	int found;

	cdl_last(s, k, 4);
	found = k[2].h < k[3].h && k[2].l > k[3].l &&
	    k[1].h < k[2].h && k[1].l > k[2].l &&
	    ((k[0].h < k[1].h && k[0].l < k[1].l &&
	    k[2].c <= k[2].l + pe_cdl_th(s, 0)) ||
	    (k[0].h > k[1].h && k[0].l > k[1].l &&
	    k[2].c >= k[2].h - pe_cdl_th(s, 0)));
	return hikkake_next(s, found, k[0].h < k[1].h ? 1 : -1);
}

/* One bar of a hikkake: looked at from s->first on, reported from the
 * lookback on. */
#define HIKKAKE_STEP(NAME)						\
static inline int							\
NAME##_step(struct pe_cdl *s, const struct pe_bar *b, double *out,	\
    struct pe_undo *u)							\
{									\
	int ok = pe_cdl_push(s, b, u);					\
	double v = 0;							\
									\
	if (s->n - 1 >= s->first)					\
		v = NAME##_eval(s);					\
	if (ok)								\
		out[0] = v;						\
	pe_cdl_next(s);							\
	return ok;							\
}									\
PE_IND_DEFINE(NAME, struct pe_cdl, 1)					\
									\
static void								\
NAME##_init(void *st, const double *p, void *rings)			\
{									\
	struct pe_cdl *s = st;						\
									\
	(void)p;							\
	pe_cdl_init(s, &NAME##_def, rings, 0);				\
	s->first = s->lookback - 3;					\
}

PE_CDL_STEP(cdl3linestrike)
PE_CDL_STEP(cdlconcealbabyswall)
PE_CDL_STEP(cdlbreakaway)
PE_CDL_STEP(cdlladderbottom)
PE_CDL_STEP(cdlmathold)
PE_CDL_STEP(cdlrisefall3methods)
HIKKAKE_STEP(cdlhikkake)
HIKKAKE_STEP(cdlhikkakemod)

PE_CDL_ENTRY(cdl3linestrike, "three-line strike: three candles of one "
    "colour in a row, a fourth of the other engulfing them, +-100 by the "
    "three's colour", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlconcealbabyswall, "concealing baby swallow: two black "
    "marubozu, a black candle gapping down with an upper shadow into the "
    "prior body, a black one engulfing it, 100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlbreakaway, "breakaway: a long body, a gap and three "
    "candles moving on, a fifth of the other colour closing into the gap, "
    "+-100 by the last's colour", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlladderbottom, "ladder bottom: three falling black candles, "
    "a black one with an upper shadow, a white one closing above its high, "
    "100", 0, PE_CDL_NOPARAM)
PE_CDL_ENTRY(cdlmathold, "mat hold: a long white body, three short ones "
    "holding above its penetration, a white one closing above their highs, "
    "100", 1, PE_CDL_PENETRATION(0.5))
PE_CDL_ENTRY(cdlrisefall3methods, "rising/falling three methods: a long "
    "body, three short ones against it within its range, a long one "
    "closing beyond the first, +-100 by the first's colour",
    0, PE_CDL_NOPARAM)
PE_CDL_INFO(cdlhikkake, "hikkake: an inside bar and a false breakout, "
    "100 / -100; its confirmation within three bars, 200 / -200",
    0, PE_CDL_NOPARAM)
PE_CDL_INFO(cdlhikkakemod, "modified hikkake: two inside bars, the first "
    "closing near its extreme, and a false breakout, 100 / -100; its "
    "confirmation within three bars, 200 / -200", 0, PE_CDL_NOPARAM)
