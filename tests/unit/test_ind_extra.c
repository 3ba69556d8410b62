/*
 * test_ind_extra: the indicators beyond TA-Lib (vwap, hma, keltner,
 * donchian, supertrend, ichimoku) against values worked out by hand from
 * their definitions (lib/ind/NAME.c, man/pe-indicators.1), on inputs of a
 * few bars chosen so that the arithmetic stays small.  Each value is
 * checked to 1e-12 (absolute), NaN exactly during the lookback; the
 * lookbacks with the defaults and other parameters; and stream (with
 * pe_ind_replace after a perturbed bar) equals batch bit for bit for the
 * non-default parameters used here (test_ind covers the defaults).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pe_ind.h"

#define X NAN			/* a lookback cell */
#define MAXN 32

struct in {
	size_t n;
	double h[MAXN], l[MAXN], c[MAXN], v[MAXN];
};

/* The bar times of the inputs, when a test sets them (svwap). */
static const int64_t *times;

static void
cols_of(const struct in *d, struct pe_cols *c)
{
	c->open = d->c;
	c->high = d->h;
	c->low = d->l;
	c->close = d->c;
	c->volume = d->v;
	c->x = d->c;
	c->y = NULL;
	c->time = times;
}

/*
 * Output k of spec over d equals want[0..d->n-1] to 1e-12, NaN exactly
 * where want is; and the first defined bar is the spec's lookback.
 */
static void
expect(const char *spec, int k, const struct in *d, const double *want)
{
	struct pe_ind_spec sp;
	struct pe_error err;
	struct pe_ind *ind;
	struct pe_cols c;
	double buf[PE_IND_MAXOUT][MAXN], *out[PE_IND_MAXOUT];
	struct agg a = { 0, 0, "" };
	size_t i;
	int j;

	if (pe_ind_spec_parse(spec, &sp, &err) != PE_OK) {
		CHECK(0, "%s parses: %s", spec, err.msg);
		return;
	}
	if ((ind = pe_ind_new(sp.info, sp.p, &err)) == NULL) {
		CHECK(0, "%s: %s", spec, err.msg);
		return;
	}
	for (j = 0; j < PE_IND_MAXOUT; j++)
		out[j] = buf[j];
	cols_of(d, &c);
	pe_ind_batch(ind, d->n, &c, out);
	for (i = 0; i < d->n; i++) {
		double g = out[k][i], w = want[i];

		a.total++;
		if (isnan(w) ? !isnan(g) : !(fabs(g - w) <= 1e-12))
			agg_fail(&a, "bar %zu: got %.17g, expected %.17g", i,
			    g, w);
		if (isnan(w) != ((long)i < pe_ind_lookback(ind)))
			agg_fail(&a, "bar %zu: NaN %d but lookback %ld", i,
			    isnan(w), pe_ind_lookback(ind));
	}
	CHECK_AGG(a, "%s output %s by hand (%zu bars)", spec,
	    sp.info->out[k], d->n);
	pe_ind_free(ind);
}

static void
lookback(const char *spec, long want)
{
	struct pe_ind_spec sp;
	struct pe_ind *ind;
	long got = -1;

	if (pe_ind_spec_parse(spec, &sp, NULL) == PE_OK &&
	    (ind = pe_ind_new(sp.info, sp.p, NULL)) != NULL) {
		got = pe_ind_lookback(ind);
		pe_ind_free(ind);
	}
	CHECK_EQ_I64(got, want, "lookback of %s", spec);
}

/* Stream with replaced bars equals batch, bit for bit, over d. */
static void
stream_batch(const char *spec, const struct in *d)
{
	struct pe_ind_spec sp;
	struct pe_ind *ind;
	struct pe_cols c;
	struct pe_bar b, early;
	double buf[PE_IND_MAXOUT][MAXN], *out[PE_IND_MAXOUT];
	double o[PE_IND_MAXOUT];
	long bad = 0;
	size_t i;
	int k;

	if (pe_ind_spec_parse(spec, &sp, NULL) != PE_OK) {
		CHECK(0, "%s parses", spec);
		return;
	}
	for (k = 0; k < PE_IND_MAXOUT; k++)
		out[k] = buf[k];
	cols_of(d, &c);
	ind = pe_ind_new(sp.info, sp.p, NULL);
	pe_ind_batch(ind, d->n, &c, out);
	pe_ind_reset(ind);
	for (i = 0; i < d->n; i++) {
		b.open = b.close = b.x = d->c[i];
		b.high = d->h[i];
		b.low = d->l[i];
		b.volume = d->v[i];
		b.y = NAN;
		b.time = times ? times[i] : 0;
		early = b;
		early.high += 5;
		early.low -= 3;
		early.close = early.x = early.low;
		early.volume += 7;
		if (i % 2 == 1) {
			pe_ind_step(ind, &early, o);
			pe_ind_replace(ind, &b, o);
		} else
			pe_ind_step(ind, &b, o);
		for (k = 0; k < sp.info->nout; k++)
			bad += !same_dbl(o[k], out[k][i]);
	}
	CHECK(bad == 0, "%s: stream with replaced bars = batch (%ld "
	    "values differ)", spec, bad);
	pe_ind_free(ind);
}

/*
 * vwap.  tp = (H+L+C)/3 is whole on every bar:
 *   bar   H  L  C   tp  V  tp*V
 *   0    11  9 10   10  1   10
 *   1    13 11 12   12  3   36
 *   2    12  8 10   10  2   20
 *   3    16 13 13   14  2   28
 *   4     9  9  9    9  0    0
 *   5    15 15 15   15  4   60
 * cumulative: 10/1 = 10; 46/4 = 11.5; 66/6 = 11; 94/8 = 11.75;
 *   94/8 = 11.75 (no volume: the sums stay); 154/12 = 77/6.
 * vwap:2: -; 46/4 = 11.5; 56/5 = 11.2; 48/4 = 12; 28/2 = 14; 60/4 = 15.
 * vwap:1: tp (at bar 4, V = 0: equal weights, tp again).
 * z (tp 10 12 10, V 0 0 2): cumulative 10, (10+12)/2 = 11 (no volume yet:
 *   equal weights), 20/2 = 10; vwap:2: -, 11, 20/2 = 10.
 * f (H=L=C 10 20 30 40, V 0.1 0.2 0 0), vwap:2: -, (1+4)/0.3 = 50/3,
 *   4/0.2 = 20, and at bar 3 no volume in the window: (30+40)/2 = 35 (the
 *   running volume sum holds a rounding residue there, not 0).
 */
static void
test_vwap(void)
{
	struct in d = { 6, { 11, 13, 12, 16, 9, 15 }, { 9, 11, 8, 13, 9, 15 },
	    { 10, 12, 10, 13, 9, 15 }, { 1, 3, 2, 2, 0, 4 } };
	struct in z = { 3, { 11, 13, 12 }, { 9, 11, 8 }, { 10, 12, 10 },
	    { 0, 0, 2 } };
	const double cum[] = { 10, 11.5, 11, 11.75, 11.75, 77.0 / 6 };
	const double r2[] = { X, 11.5, 11.2, 12, 14, 15 };
	struct in f = { 4, { 10, 20, 30, 40 }, { 10, 20, 30, 40 },
	    { 10, 20, 30, 40 }, { 0.1, 0.2, 0, 0 } };
	const double r1[] = { 10, 12, 10, 14, 9, 15 };
	const double zc[] = { 10, 11, 10 };
	const double z2[] = { X, 11, 10 };
	const double f2[] = { X, 50.0 / 3, 20, 35 };

	expect("vwap", 0, &d, cum);
	expect("vwap:2", 0, &d, r2);
	expect("vwap:1", 0, &d, r1);
	expect("vwap", 0, &z, zc);
	expect("vwap:2", 0, &z, z2);
	expect("vwap:2", 0, &f, f2);
	lookback("vwap", 0);
	lookback("vwap:2", 1);
	lookback("vwap:20", 19);
	stream_batch("vwap:3", &d);
	stream_batch("vwap:2", &f);
	stream_batch("vwap", &z);
}

/*
 * svwap: the bars of test_vwap's d, at hours 20, 22 and 23:30 of day D,
 * then 00:00, 09:00 and 23:59:59.999 of day D+1 (UTC).
 *   svwap (sessions from 00:00): bars 0-2 one session: 10, 46/4, 66/6 = 11;
 *     bars 3-5 the next: 14, 28/2 = 14 (bar 4 has no volume), 88/6 = 44/3.
 *   svwap:21 (from 21:00): bar 0 alone (20:00 is before): 10; bars 1-4
 *     (22:00 to 09:00 next day): 12, 56/5 = 11.2, 84/7 = 12, 84/7 = 12;
 *     bar 5 (23:59 next day) a new session: 15.
 *   svwap:-1 (from 23:00 the day before): bars 0-1 one session: 10, 11.5;
 *     bars 2-4 (from 23:30 of D): 10, 48/4 = 12, 12; bar 5 alone: 15.
 * Times before 1970 take the same sessions (floor, not truncation):
 * day D = -3 (28 Dec 1969).
 */
static void
test_svwap(void)
{
	const int64_t h = 3600000, day = 24 * h;
	struct in d = { 6, { 11, 13, 12, 16, 9, 15 }, { 9, 11, 8, 13, 9, 15 },
	    { 10, 12, 10, 13, 9, 15 }, { 1, 3, 2, 2, 0, 4 } };
	int64_t t[6];
	const int64_t at[] = { 20 * h, 22 * h, 23 * h + h / 2, day,
	    day + 9 * h, 2 * day - 1 };
	const double s0[] = { 10, 11.5, 11, 14, 14, 44.0 / 3 };
	const double s21[] = { 10, 12, 11.2, 12, 12, 15 };
	const double sm1[] = { 10, 11.5, 10, 12, 12, 15 };
	const int64_t base[] = { 20000 * day, -3 * day };
	size_t i, k;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < d.n; i++)
			t[i] = base[k] + at[i];
		times = t;
		expect("svwap", 0, &d, s0);
		expect("svwap:21", 0, &d, s21);
		expect("svwap:-1", 0, &d, sm1);
		stream_batch("svwap:21", &d);
		times = NULL;
	}
	lookback("svwap", 0);
}

/*
 * hma.  x = t*t (0 1 4 9 16 25 36 49), n = 4: WMA(x,2), WMA(x,4), s = 2.
 *   WMA2(t) = ((t-1)^2 + 2 t^2)/3 = (3t^2 - 2t + 1)/3
 *   WMA4(t) = ((t-3)^2 + 2(t-2)^2 + 3(t-1)^2 + 4t^2)/10 = t^2 - 2t + 2
 *   d(t) = 2 WMA2 - WMA4 = t^2 + 2t/3 - 4/3, from t = 3 (d3 = 29/3:
 *   WMA2(3) = 22/3, WMA4(3) = 50/10 = 5)
 *   hma(t) = (d(t-1) + 2 d(t))/3 = (3t^2 - 11/3)/3 = t^2 - 11/9, from t = 4:
 *   133/9, 214/9, 313/9, 430/9.  Lookback 3 + 1 = 4.
 * hma:2: WMA(x,1) = x, s = 1: hma = 2x - (x[1] + 2x)/3 = (4x - x[1])/3:
 *   -, 4/3, 15/3, 32/3, 55/3, 84/3, 119/3, 160/3.
 * hma (n = 9: WMA4, WMA9, s = 3) of x = t: WMA_m(t) = t - (m-1)/3, so
 *   d = 2(t - 1) - (t - 8/3) = t + 2/3 and hma = t + 2/3 - 2/3 = t (no
 *   lag on a line), from bar 8 + 2 = 10.
 */
static void
test_hma(void)
{
	struct in sq = { 8, { 0 }, { 0 }, { 0, 1, 4, 9, 16, 25, 36, 49 },
	    { 0 } };
	struct in ln = { 14, { 0 }, { 0 }, { 0 }, { 0 } };
	const double h4[] = { X, X, X, X, 133.0 / 9, 214.0 / 9, 313.0 / 9,
	    430.0 / 9 };
	const double h2[] = { X, 4.0 / 3, 5, 32.0 / 3, 55.0 / 3, 28,
	    119.0 / 3, 160.0 / 3 };
	double h9[14];
	size_t i;

	for (i = 0; i < ln.n; i++) {
		ln.c[i] = (double)i;
		h9[i] = i < 10 ? X : (double)i;
	}
	expect("hma:4", 0, &sq, h4);
	expect("hma:2", 0, &sq, h2);
	expect("hma", 0, &ln, h9);
	lookback("hma", 10);
	lookback("hma:4", 4);
	lookback("hma:2", 1);
	lookback("hma:16", 18);
	lookback("hma:15", 16);
	lookback("hma:100", 108);
	stream_batch("hma:5", &sq);
}

/* Highs and lows shared by donchian and ichimoku (and keltner's closes). */
static const struct in hl = { 7,
	{ 10, 12, 13, 12, 11, 9, 10 },
	{ 8, 9, 10, 9, 7, 6, 7 },
	{ 9, 11, 12, 10, 8, 7, 9 },
	{ 1, 1, 1, 1, 1, 1, 1 } };

/*
 * donchian:3 over hl (H 10 12 13 12 11 9 10, L 8 9 10 9 7 6 7):
 *   bar 2: H 10 12 13, L 8 9 10  -> 13, 10.5, 8
 *   bar 3: H 12 13 12, L 9 10 9  -> 13, 11, 9
 *   bar 4: H 13 12 11, L 10 9 7  -> 13, 10, 7
 *   bar 5: H 12 11 9,  L 9 7 6   -> 12, 9, 6
 *   bar 6: H 11 9 10,  L 7 6 7   -> 11, 8.5, 6
 * donchian:1 is the bar's own high, (H+L)/2, low.
 */
static void
test_donchian(void)
{
	const double up[] = { X, X, 13, 13, 13, 12, 11 };
	const double mid[] = { X, X, 10.5, 11, 10, 9, 8.5 };
	const double lo[] = { X, X, 8, 9, 7, 6, 6 };
	const double m1[] = { 9, 10.5, 11.5, 10.5, 9, 7.5, 8.5 };

	expect("donchian:3", 0, &hl, up);
	expect("donchian:3", 1, &hl, mid);
	expect("donchian:3", 2, &hl, lo);
	expect("donchian:1", 0, &hl, hl.h);
	expect("donchian:1", 1, &hl, m1);
	expect("donchian:1", 2, &hl, hl.l);
	lookback("donchian", 19);
	lookback("donchian:3", 2);
	lookback("donchian:1", 0);
	stream_batch("donchian:3", &hl);
}

/*
 * ichimoku:2:3:4 over hl (lookback max(2,3,4) - 1 = 3):
 *   tenkan (2):   bar 3 H 13 12 L 10 9 -> 11;   bar 4 H 12 11 L 9 7 -> 9.5;
 *                 bar 5 H 11 9 L 7 6 -> 8.5;    bar 6 H 9 10 L 6 7 -> 8
 *   kijun (3):    donchian:3's middle: 11, 10, 9, 8.5
 *   senkou_a:     (11+11)/2 = 11, (9.5+10)/2 = 9.75, (8.5+9)/2 = 8.75,
 *                 (8+8.5)/2 = 8.25
 *   senkou_b (4): bar 3 H 10 12 13 12 L 8 9 10 9 -> 10.5;
 *                 bar 4 H 12 13 12 11 L 9 10 9 7 -> 10;
 *                 bar 5 H 13 12 11 9 L 10 9 7 6 -> 9.5;
 *                 bar 6 H 12 11 9 10 L 9 7 6 7 -> 9
 */
static void
test_ichimoku(void)
{
	const double t[] = { X, X, X, 11, 9.5, 8.5, 8 };
	const double k[] = { X, X, X, 11, 10, 9, 8.5 };
	const double a[] = { X, X, X, 11, 9.75, 8.75, 8.25 };
	const double b[] = { X, X, X, 10.5, 10, 9.5, 9 };

	expect("ichimoku:2:3:4", 0, &hl, t);
	expect("ichimoku:2:3:4", 1, &hl, k);
	expect("ichimoku:2:3:4", 2, &hl, a);
	expect("ichimoku:2:3:4", 3, &hl, b);
	lookback("ichimoku", 51);
	lookback("ichimoku:2:3:4", 3);
	lookback("ichimoku:9:5:3", 8);
	stream_batch("ichimoku:2:3:4", &hl);
}

/*
 * keltner:3:2:2 over hl (C 9 11 12 10 8 7): EMA(3), k = 1/2, seeded at
 * bar 2 by (9+11+12)/3 = 32/3; then (10 + 32/3)/2 = 31/3,
 * (8 + 31/3)/2 = 55/6, (7 + 55/6)/2 = 97/12, (9 + 97/12)/2 = 205/24.
 * TR from bar 1 (previous close in brackets): 1 [9] max(3,3,0) = 3;
 * 2 [11] max(3,2,1) = 3; 3 [12] max(3,0,3) = 3; 4 [10] max(4,1,3) = 4;
 * 5 [8] max(3,1,2) = 3; 6 [7] max(3,3,0) = 3.
 * ATR(2): bar 2 (3+3)/2 = 3; (3+3)/2 = 3; (3+4)/2 = 3.5; (3.5+3)/2 =
 * 3.25; (3.25+3)/2 = 3.125.  Bands: middle +/- 2 ATR:
 *   upper 32/3+6 = 50/3, 31/3+6 = 49/3, 55/6+7 = 97/6, 97/12+6.5 =
 *         175/12, 205/24+6.25 = 355/24
 *   lower 14/3, 13/3, 13/6, 19/12, 55/24
 */
static void
test_keltner(void)
{
	const double up[] = { X, X, 50.0 / 3, 49.0 / 3, 97.0 / 6, 175.0 / 12,
	    355.0 / 24 };
	const double mid[] = { X, X, 32.0 / 3, 31.0 / 3, 55.0 / 6, 97.0 / 12,
	    205.0 / 24 };
	const double lo[] = { X, X, 14.0 / 3, 13.0 / 3, 13.0 / 6, 19.0 / 12,
	    55.0 / 24 };

	expect("keltner:3:2:2", 0, &hl, up);
	expect("keltner:3:2:2", 1, &hl, mid);
	expect("keltner:3:2:2", 2, &hl, lo);
	lookback("keltner", 19);
	lookback("keltner:3:2:2", 2);
	lookback("keltner:2:1:3", 3);
	lookback("keltner:20:2:30", 30);
	stream_batch("keltner:3:2:2", &hl);
	stream_batch("keltner:2:1.5:3", &hl);
}

/*
 * supertrend:2:1.  Every bar has H - L = 2 and the previous close inside
 * its range, so TR = 2 and ATR(2) = 2 from bar 2: bands hl2 -/+ 2.
 *   bar  H  L  C     hl2  bu  bl  final fu  final fl   dir  supertrend
 *   2   12 10 11     11   13   9  13 (first) 9 (first) -1   13
 *   3   13 11 12     12   14  10  13 kept   10 (10>9)  -1   13 (12 < 13)
 *   4   14 12 13.5   13   15  11  13 kept   11          +1   11 (13.5>13)
 *   5   15 13 14     14   16  12  16 (C[1] 13.5 > 13)  12   +1   12
 *   6   14 12 12.5   13   15  11  15 (15<16) 12 kept    +1   12
 *   7   13 11 11.5   12   14  10  14        12 kept     -1   14 (11.5<12)
 *   8   12 10 11     11   13   9  13        9 (C[1] 11.5 < 12) -1   13
 *   9   12 10 10.5   11   13   9  13 kept   9 kept      -1   13
 */
static void
test_supertrend(void)
{
	const struct in d = { 10,
		{ 11, 11, 12, 13, 14, 15, 14, 13, 12, 12 },
		{ 9, 9, 10, 11, 12, 13, 12, 11, 10, 10 },
		{ 10, 10, 11, 12, 13.5, 14, 12.5, 11.5, 11, 10.5 },
		{ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 } };
	const double st[] = { X, X, 13, 13, 11, 12, 12, 14, 13, 13 };
	const double dir[] = { X, X, -1, -1, 1, 1, 1, -1, -1, -1 };

	expect("supertrend:2:1", 0, &d, st);
	expect("supertrend:2:1", 1, &d, dir);
	lookback("supertrend", 10);
	lookback("supertrend:2:1", 2);
	stream_batch("supertrend:2:1", &d);
	stream_batch("supertrend:3:0.5", &hl);
}

/* ---- Candlestick patterns (lib/ind/cdl.c) ------------------------- */

/*
 * TA-Lib's, and test_ind checks them against its values; these cases are
 * here because the reference series hold no three white soldiers and no
 * three black crows, few stars, and no flat stretch.
 */

/* Candles with their opens (struct in has none). */
struct cdl_in {
	size_t n;
	double o[MAXN], h[MAXN], l[MAXN], c[MAXN];
};

static void
cdl_add(struct cdl_in *d, double o, double h, double l, double c)
{
	d->o[d->n] = o;
	d->h[d->n] = h;
	d->l[d->n] = l;
	d->c[d->n] = c;
	d->n++;
}

/* n copies of one candle. */
static void
cdl_fill(struct cdl_in *d, size_t n, double o, double h, double l,
    double c)
{
	while (n-- > 0)
		cdl_add(d, o, h, l, c);
}

/* d turned upside down around 100: white and black, highs and lows,
 * upper and lower shadows trade places; bodies and ranges stay. */
static void
cdl_mirror(const struct cdl_in *d, struct cdl_in *m)
{
	size_t i;

	m->n = 0;
	for (i = 0; i < d->n; i++)
		cdl_add(m, 200 - d->o[i], 200 - d->l[i], 200 - d->h[i],
		    200 - d->c[i]);
}

/*
 * spec over d gives exactly want (NaN where want is), by batch and by
 * stream with every other bar first sent as a different candle and then
 * replaced.
 */
static void
cdl_expect(const char *spec, const struct cdl_in *d, const double *want)
{
	struct pe_ind_spec sp;
	struct pe_ind *ind;
	struct pe_cols c = { d->o, d->h, d->l, d->c, d->c, d->c, NULL, NULL };
	struct pe_bar b, early;
	struct agg a = { 0, 0, "" };
	double buf[MAXN], *out[PE_IND_MAXOUT] = { buf }, o;
	size_t i;

	if (pe_ind_spec_parse(spec, &sp, NULL) != PE_OK ||
	    (ind = pe_ind_new(sp.info, sp.p, NULL)) == NULL) {
		CHECK(0, "%s parses", spec);
		return;
	}
	pe_ind_batch(ind, d->n, &c, out);
	pe_ind_reset(ind);
	for (i = 0; i < d->n; i++) {
		b = (struct pe_bar){ d->o[i], d->h[i], d->l[i], d->c[i],
		    d->c[i], d->c[i], NAN, 0 };
		early = b;
		early.close = early.open + (early.open - early.close) * 3;
		early.high = fmax(early.high, early.close);
		early.low = fmin(early.low, early.close);
		if (i % 2 == 1) {
			pe_ind_step(ind, &early, &o);
			pe_ind_replace(ind, &b, &o);
		} else
			pe_ind_step(ind, &b, &o);
		a.total++;
		if (!same_dbl(buf[i], want[i]))
			agg_fail(&a, "bar %zu: got %g, expected %g", i,
			    buf[i], want[i]);
		if (!same_dbl(o, buf[i]))
			agg_fail(&a, "bar %zu: stream %g, batch %g", i, o,
			    buf[i]);
	}
	CHECK_AGG(a, "%s by hand, batch and stream (%zu bars)", spec, d->n);
	pe_ind_free(ind);
}

/*
 * A flat series (O = H = L = C = 100, 14 bars): every body is 0 and not
 * more than 0.1 * the average range (0), so each bar from the lookback is
 * a doji; no other pattern fires (long and short compare strictly with
 * an average of 0, a white candle never engulfs or follows a black one).
 */
static void
test_cdl_flat(void)
{
	static const struct {
		const char *spec;
		long lookback;
		double v;
	} t[] = {
		{ "cdldoji", 10, 100 }, { "cdlhammer", 11, 0 },
		{ "cdlengulfing", 2, 0 }, { "cdlharami", 11, 0 },
		{ "cdlmorningstar", 12, 0 }, { "cdleveningstar", 12, 0 },
		{ "cdl3whitesoldiers", 12, 0 }, { "cdl3blackcrows", 13, 0 },
		{ "cdlshootingstar", 11, 0 }, { "cdlmarubozu", 10, 0 },
		{ "cdlspinningtop", 10, 0 }, { "cdldojistar", 11, 0 },
	};
	struct cdl_in d = { 0 };
	double want[MAXN];
	size_t i, j;

	cdl_fill(&d, 14, 100, 100, 100, 100);
	for (j = 0; j < sizeof t / sizeof t[0]; j++) {
		for (i = 0; i < d.n; i++)
			want[i] = (long)i < t[j].lookback ? X : t[j].v;
		cdl_expect(t[j].spec, &d, want);
		lookback(t[j].spec, t[j].lookback);
	}
	lookback("cdlmorningstar:0.5", 12);
}

/*
 * cdlengulfing (no averages; lookback 2 as TA-Lib's, so bar 1 has no
 * value although it engulfs bar 0):
 *   bar  O     C     vs the bar before
 *   0    10    9
 *   1    8.5   10.5  white engulfs black (strictly)           (lookback)
 *   2    10.5  8     black engulfs white, O = prior C         -80
 *   3    8     8.2   white inside the prior black             0
 *   4    8.1   11    white after white                        0
 *   5    11.5  7.9   black engulfs white strictly             -100
 *   6    7.9   11.5  white, both ends equal the prior body's  0
 *   7    7     12    white after white                        0
 * High and low half a point beyond the body (they do not count).
 */
static void
test_cdl_engulfing(void)
{
	static const double oc[][2] = { { 10, 9 }, { 8.5, 10.5 },
	    { 10.5, 8 }, { 8, 8.2 }, { 8.1, 11 }, { 11.5, 7.9 },
	    { 7.9, 11.5 }, { 7, 12 } };
	const double want[] = { X, X, -80, 0, 0, -100, 0, 0 };
	struct cdl_in d = { 0 };
	size_t i;

	for (i = 0; i < sizeof oc / sizeof oc[0]; i++)
		cdl_add(&d, oc[i][0], fmax(oc[i][0], oc[i][1]) + 0.5,
		    fmin(oc[i][0], oc[i][1]) - 0.5, oc[i][1]);
	cdl_expect("cdlengulfing", &d, want);
}

/*
 * cdlharami after 11 white candles O 100 C 101 (bodies 1; ranges 2):
 *   11  O 103   C 100    long black: 3 > average body 1  0 (bar 10 short)
 *   12  O 101   C 101.5  short (0.5 <= (9 + 3)/10) and strictly inside
 *                        bar 11's body: 100 (after black)
 *   13  O 100   C 103.5  long white (3.5 > (8 + 3 + 0.5)/10): 0, as bar 12
 *                        is not long
 *   14  O 103.5 C 102.5  short (1 <= (7 + 3 + 0.5 + 3.5)/10 = 1.4),
 *                        inside with the top equal: -80 (after white)
 */
static void
test_cdl_harami(void)
{
	const double want[] = { X, X, X, X, X, X, X, X, X, X, X, 0, 100, 0,
	    -80 };
	struct cdl_in d = { 0 };

	cdl_fill(&d, 11, 100, 101.5, 99.5, 101);
	cdl_add(&d, 103, 103.5, 99.5, 100);
	cdl_add(&d, 101, 102, 100.5, 101.5);
	cdl_add(&d, 100, 104, 99.5, 103.5);
	cdl_add(&d, 103.5, 104, 102, 102.5);
	cdl_expect("cdlharami", &d, want);
}

/*
 * cdlmorningstar after 12 white candles O 100 C 101 (bodies 1):
 *   12  a  O 103  C 100    black, body 3 > average 1
 *   13  p  O 99   C 99.2   top 99.2 below a's bottom 100; body 0.2 <=
 *                          (9 + 3)/10
 *   14  c  O 99.5 C 102    white, body 2.5 > (8 + 3 + 0.2)/10; closes
 *                          above 100 + 3 * 0.3 = 100.9: 100
 * With penetration 0.8 the close must pass 102.4: 0.  Bars 12 and 13 start
 * with a white candle: 0.  cdleveningstar on the mirror image (prices
 * 200 - p) gives -100 there, and cdlmorningstar 0.
 */
static void
test_cdl_star(void)
{
	const double want[] = { X, X, X, X, X, X, X, X, X, X, X, X, 0, 0, 100 };
	const double none[] = { X, X, X, X, X, X, X, X, X, X, X, X, 0, 0, 0 };
	const double bear[] = { X, X, X, X, X, X, X, X, X, X, X, X, 0, 0,
	    -100 };
	struct cdl_in d = { 0 }, m;

	cdl_fill(&d, 12, 100, 101.5, 99.5, 101);
	cdl_add(&d, 103, 103.5, 99.8, 100);
	cdl_add(&d, 99, 99.5, 98.8, 99.2);
	cdl_add(&d, 99.5, 102.3, 99.4, 102);
	cdl_expect("cdlmorningstar", &d, want);
	cdl_expect("cdlmorningstar:0.8", &d, none);
	cdl_expect("cdleveningstar", &d, none);
	cdl_mirror(&d, &m);
	cdl_expect("cdleveningstar", &m, bear);
	cdl_expect("cdleveningstar:0.8", &m, none);
	cdl_expect("cdlmorningstar", &m, none);
}

/*
 * cdl3whitesoldiers (no series of the reference data has one) after 12
 * black candles O 101 C 100 H 101 L 99 (bodies 1, ranges 2):
 *   12  a  O 101   C 103  H 103  L 100.5
 *   13  p  O 102.5 C 105  H 105  L 102    opens in (101, 103 + 0.2 * 2]
 *   14  c  O 104.5 C 107  H 107  L 104    opens in (102.5, 105 + 0.2 *
 *          (8 + 2.5)/5]; bodies 2, 2.5, 2.5 never far shorter (0.6 *
 *          the average range); 2.5 > (8 + 2 + 2.5)/10; no upper shadows;
 *          100.  Bars 12, 13 begin with a black candle: 0.
 * With c's high at 107.5 its upper shadow 0.5 is not below 0.1 * the
 * average range (8 * 2 + 2.5 + 3)/10 = 2.15: 0.
 */
static void
test_cdl_soldiers(void)
{
	const double want[] = { X, X, X, X, X, X, X, X, X, X, X, X, 0, 0, 100 };
	const double none[] = { X, X, X, X, X, X, X, X, X, X, X, X, 0, 0, 0 };
	struct cdl_in d = { 0 };

	cdl_fill(&d, 12, 101, 101, 99, 100);
	cdl_add(&d, 101, 103, 100.5, 103);
	cdl_add(&d, 102.5, 105, 102, 105);
	cdl_add(&d, 104.5, 107, 104, 107);
	cdl_expect("cdl3whitesoldiers", &d, want);
	d.h[14] = 107.5;
	cdl_expect("cdl3whitesoldiers", &d, none);
}

/*
 * cdl3blackcrows (none in the reference data either) after 13 white
 * candles O 100 C 101 H 101.5 L 99.5:
 *   13  a  O 101  C 99  H 101.2  L 99   black, under the prior high 101.5
 *   14  p  O 100  C 98  H 100    L 98   opens inside a's body
 *   15  c  O 99   C 97  H 99     L 97   opens inside p's body
 * closes falling, no lower shadows: -100 at bar 15.  With c's low at 96
 * (a lower shadow of 1 against 0.1 * about 2): 0.
 */
static void
test_cdl_crows(void)
{
	const double want[] = { X, X, X, X, X, X, X, X, X, X, X, X, X, 0, 0,
	    -100 };
	const double none[] = { X, X, X, X, X, X, X, X, X, X, X, X, X, 0, 0,
	    0 };
	struct cdl_in d = { 0 };

	cdl_fill(&d, 13, 100, 101.5, 99.5, 101);
	cdl_add(&d, 101, 101.2, 99, 99);
	cdl_add(&d, 100, 100, 98, 98);
	cdl_add(&d, 99, 99, 97, 97);
	cdl_expect("cdl3blackcrows", &d, want);
	d.l[15] = 96;
	cdl_expect("cdl3blackcrows", &d, none);
}

int
main(void)
{
	test_vwap();
	test_svwap();
	test_hma();
	test_donchian();
	test_ichimoku();
	test_keltner();
	test_supertrend();
	test_cdl_flat();
	test_cdl_engulfing();
	test_cdl_harami();
	test_cdl_star();
	test_cdl_soldiers();
	test_cdl_crows();
	return done();
}
