/*
 * test_ind_requested: issue 18's indicators on small series whose values
 * are worked out by hand from each published definition (the comments
 * show the arithmetic).  test_ind checks most of them against npm
 * packages on the five real series; this covers what no package has
 * (pivots, the causal zigzag, avwap's anchor, chop's and ulcer's
 * published forms) and each one's own conventions (zero volume, no
 * range, flat prices).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pe.h"

#define MAXBARS 16

/* A small series; columns left 0 are unused by the indicator. */
struct ser {
	size_t n;
	double o[MAXBARS], h[MAXBARS], l[MAXBARS], c[MAXBARS], v[MAXBARS];
	int64_t t[MAXBARS];
};

static double out[PE_IND_MAXOUT][MAXBARS];

/* Batch spec over s into out; 0 when the spec is refused. */
static int
run(const char *spec, const struct ser *s)
{
	struct pe_ind_spec sp;
	struct pe_ind *ind;
	struct pe_cols c;
	double *o[PE_IND_MAXOUT];
	int k;

	if (pe_ind_spec_parse(spec, &sp, NULL) != PE_OK ||
	    (ind = pe_ind_new(sp.info, sp.p, NULL)) == NULL) {
		CHECK(0, "%s parses", spec);
		return 0;
	}
	for (k = 0; k < PE_IND_MAXOUT; k++)
		o[k] = out[k];
	c.open = s->o;
	c.high = s->h;
	c.low = s->l;
	c.close = s->c;
	c.volume = s->v;
	c.x = s->c;
	c.y = NULL;
	c.time = s->t;
	pe_ind_batch(ind, s->n, &c, o);
	pe_ind_free(ind);
	return 1;
}

/* Output k at bar i is want (NaN: no value), to 1e-12 relative. */
static void
expect(const char *spec, int k, size_t i, double want)
{
	double g = out[k][i];
	int ok = isnan(want) ? isnan(g) :
	    fabs(g - want) <= 1e-12 * fmax(1, fabs(want));

	CHECK(ok, "%s output %d at bar %zu is %.17g (got %.17g)", spec, k, i,
	    want, g);
}

/* Bars of (H, L, C), O = C, volume 1000, one a day. */
static void
hlc(struct ser *s, size_t n, const double (*b)[3])
{
	size_t i;

	memset(s, 0, sizeof *s);
	s->n = n;
	for (i = 0; i < n; i++) {
		s->h[i] = b[i][0];
		s->l[i] = b[i][1];
		s->o[i] = s->c[i] = b[i][2];
		s->v[i] = 1000;
		s->t[i] = (int64_t)i * PE_MS_PER_DAY;
	}
}

/* The closes x, H = L = O = C, volume 1000, one a day. */
static void
closes(struct ser *s, size_t n, const double *x)
{
	size_t i;

	memset(s, 0, sizeof *s);
	s->n = n;
	for (i = 0; i < n; i++) {
		s->o[i] = s->h[i] = s->l[i] = s->c[i] = x[i];
		s->v[i] = 1000;
		s->t[i] = (int64_t)i * PE_MS_PER_DAY;
	}
}

/* Three bars: TR1 = max(12-9, |12-9|, |9-9|) = 3, TR2 = max(11-10,
 * |11-11|, |10-11|) = 1. */
static const double three[][3] = { { 10, 8, 9 }, { 12, 9, 11 },
    { 11, 10, 10 } };

static void
test_ha(void)
{
	static const double ohlc[][4] = { { 10, 14, 8, 12 },
	    { 12, 13, 11, 12 }, { 12, 20, 12, 18 } };
	struct ser s;
	size_t i;

	memset(&s, 0, sizeof s);
	s.n = 3;
	for (i = 0; i < 3; i++) {
		s.o[i] = ohlc[i][0];
		s.h[i] = ohlc[i][1];
		s.l[i] = ohlc[i][2];
		s.c[i] = ohlc[i][3];
	}
	if (!run("ha", &s))
		return;
	/* bar 0: close 44/4 = 11, open (10 + 12)/2 = 11, high 14, low 8 */
	expect("ha", 0, 0, 11);
	expect("ha", 1, 0, 14);
	expect("ha", 2, 0, 8);
	expect("ha", 3, 0, 11);
	/* bar 1: close 48/4 = 12, open (11 + 11)/2 = 11, high 13,
	 * low min(11, 11, 12) = 11 */
	expect("ha", 0, 1, 11);
	expect("ha", 1, 1, 13);
	expect("ha", 2, 1, 11);
	expect("ha", 3, 1, 12);
	/* bar 2: close 62/4, open (11 + 12)/2, low min(12, 11.5, 15.5) */
	expect("ha", 0, 2, 11.5);
	expect("ha", 1, 2, 20);
	expect("ha", 2, 2, 11.5);
	expect("ha", 3, 2, 15.5);
}

static void
test_tsi(void)
{
	static const double x[] = { 0, 2, 2, 6, 4 }, y[] = { 10, 12, 11, 11 };
	struct ser s;

	/* m = 2, 0, 4, -2 and |m| = 2, 0, 4, 2.  EMA(2), k = 2/3, seeded
	 * by the mean of two: e1 = 1, 3, -1/3 and a1 = 1, 3, 7/3 (bars
	 * 2..4); e2 = (1+3)/2 = 2, then (-1/3 - 2) 2/3 + 2 = 4/9; a2 = 2,
	 * then (7/3 - 2) 2/3 + 2 = 20/9.  tsi = 100 at bar 3, 20 at 4. */
	closes(&s, 5, x);
	if (run("tsi:2:2", &s)) {
		expect("tsi:2:2", 0, 2, NAN);
		expect("tsi:2:2", 0, 3, 100);
		expect("tsi:2:2", 0, 4, 20);
	}
	/* EMA(1) is its input: 100 m / |m|, and 0 for no change (0/0). */
	closes(&s, 4, y);
	if (run("tsi:1:1", &s)) {
		expect("tsi:1:1", 0, 0, NAN);
		expect("tsi:1:1", 0, 1, 100);
		expect("tsi:1:1", 0, 2, -100);
		expect("tsi:1:1", 0, 3, 0);
	}
}

static void
test_cmf(void)
{
	struct ser s;

	memset(&s, 0, sizeof s);
	s.n = 3;
	/* mfv = ((C-L) - (H-C)) / (H-L) V: 1 * 100, -1 * 300, 0 (H = L) */
	s.h[0] = 10, s.l[0] = 8, s.c[0] = 10, s.v[0] = 100;
	s.h[1] = 10, s.l[1] = 8, s.c[1] = 8, s.v[1] = 300;
	s.h[2] = 9, s.l[2] = 9, s.c[2] = 9, s.v[2] = 100;
	if (!run("cmf:2", &s))
		return;
	expect("cmf:2", 0, 0, NAN);
	expect("cmf:2", 0, 1, (100.0 - 300) / 400);
	expect("cmf:2", 0, 2, -300.0 / 400);
	s.v[0] = s.v[1] = s.v[2] = 0;	/* no volume: 0 */
	if (run("cmf:2", &s))
		expect("cmf:2", 0, 2, 0);
}

static void
test_vortex_smi_chop_chandelier(void)
{
	struct ser s;

	hlc(&s, 3, three);
	/* VM+ = |12-8| = 4, |11-9| = 2; VM- = |9-10| = 1, |10-12| = 2;
	 * TR = 3, 1: plus 6/4, minus 3/4 */
	if (run("vortex:2", &s)) {
		expect("vortex:2", 0, 1, NAN);
		expect("vortex:2", 0, 2, 1.5);
		expect("vortex:2", 1, 2, 0.75);
	}
	/* smi:2:1:1, EMA(1) its input: bar 1 HH 12 LL 8, d = 11 - 10 = 1,
	 * 100 * 1 / (4/2) = 50; bar 2 HH 12 LL 9, d = 10 - 10.5,
	 * 100 * -0.5 / 1.5 */
	if (run("smi:2:1:1", &s)) {
		expect("smi:2:1:1", 0, 0, NAN);
		expect("smi:2:1:1", 0, 1, 50);
		expect("smi:2:1:1", 0, 2, -100.0 / 3);
	}
	/* chop:2 at bar 2: TR 3 + 1 over the range 12 - 9 of bars 1, 2 */
	if (run("chop:2", &s)) {
		expect("chop:2", 0, 1, NAN);
		expect("chop:2", 0, 2, 100 * log10(4.0 / 3) / log10(2));
	}
	/* chandelier:2:1: ATR(2) = (3 + 1)/2 at bar 2, HH 12, LL 9 */
	if (run("chandelier:2:1", &s)) {
		expect("chandelier:2:1", 0, 1, NAN);
		expect("chandelier:2:1", 0, 2, 10);
		expect("chandelier:2:1", 1, 2, 11);
	}
	/* No range at all: chop is 100, vortex 0. */
	{
		static const double flat[][3] = { { 5, 5, 5 }, { 5, 5, 5 },
		    { 5, 5, 5 } };

		hlc(&s, 3, flat);
		if (run("chop:2", &s))
			expect("chop:2", 0, 2, 100);
		if (run("vortex:2", &s))
			expect("vortex:2", 0, 2, 0);
	}
}

static void
test_ulcer(void)
{
	static const double x[] = { 10, 8, 9, 12 };
	struct ser s;

	closes(&s, 4, x);
	if (!run("ulcer:3", &s))
		return;
	/* bar 2: the window 10, 8, 9, its running high 10: drawdowns 0,
	 * -20, -10 percent, sqrt((400 + 100) / 3).  bar 3: 8, 9, 12 only
	 * rise: 0 (StockCharts' form, each bar from its own 3-bar high,
	 * would still see 8 under 10). */
	expect("ulcer:3", 0, 1, NAN);
	expect("ulcer:3", 0, 2, sqrt(500.0 / 3));
	expect("ulcer:3", 0, 3, 0);
}

static void
test_averages(void)
{
	static const double x[] = { 1, 2, 3 }, m[] = { 10, 20, 10, 0, 5 },
	    c[] = { 100, 110, 121 };
	struct ser s;
	double r, md;

	/* alma:3:0.5:1: peak m = 1, weights e^(-1/18), 1, e^(-1/18):
	 * symmetric, so the middle value 2 */
	closes(&s, 3, x);
	if (run("alma:3:0.5:1", &s)) {
		expect("alma:3:0.5:1", 0, 1, NAN);
		expect("alma:3:0.5:1", 0, 2, 2);
	}
	/* mcginley:2: 10, then 10 + 10 / (2 (20/10)^4) = 10.3125, then
	 * md + (10 - md) / (2 (10/md)^4); a 0 restarts it at the price */
	closes(&s, 5, m);
	if (run("mcginley:2", &s)) {
		expect("mcginley:2", 0, 0, 10);
		expect("mcginley:2", 0, 1, 10.3125);
		r = 10 / 10.3125;
		md = 10.3125 + (10 - 10.3125) / (2 * (r * r * r * r));
		expect("mcginley:2", 0, 2, md);
		expect("mcginley:2", 0, 3, 0);
		expect("mcginley:2", 0, 4, 5);
	}
	/* coppock:1:2:1 at bar 2: roc(1) 10 percent, roc(2) 21 */
	closes(&s, 3, c);
	if (run("coppock:1:2:1", &s)) {
		expect("coppock:1:2:1", 0, 1, NAN);
		CHECK(fabs(out[0][2] - 31) < 1e-9, "coppock:1:2:1 = 10 + 21 "
		    "(got %.17g)", out[0][2]);
	}
}

static void
test_kst_elder_force(void)
{
	double x[11];
	static const double f[] = { 10, 12, 11, 13 },
	    fv[] = { 100, 100, 200, 50 };
	static const double e[][3] = { { 11, 9, 10 }, { 13, 11, 12 },
	    { 15, 13, 14 } };
	struct ser s;
	size_t i;

	/* kst:1:1:1:1:1:1: 10 roc(1); 100 then 110 then flat: kst 100 at
	 * bar 1, 0 after; its 9-bar SMA at bar 9 is 100/9 */
	x[0] = 100;
	for (i = 1; i < 11; i++)
		x[i] = 110;
	closes(&s, 11, x);
	if (run("kst:1:1:1:1:1:1", &s)) {
		expect("kst:1:1:1:1:1:1", 0, 8, NAN);
		expect("kst:1:1:1:1:1:1", 0, 9, 0);
		expect("kst:1:1:1:1:1:1", 1, 9, 100.0 / 9);
		expect("kst:1:1:1:1:1:1", 1, 10, 0);
	}
	/* elderray:2: EMA(2) 11, then (14 - 11) 2/3 + 11 = 13 */
	hlc(&s, 3, e);
	if (run("elderray:2", &s)) {
		expect("elderray:2", 0, 0, NAN);
		expect("elderray:2", 0, 1, 2);
		expect("elderray:2", 1, 1, 0);
		expect("elderray:2", 0, 2, 2);
		expect("elderray:2", 1, 2, 0);
	}
	/* force:2: raw 200, -200, 100; EMA(2) seeded (200 - 200)/2 = 0,
	 * then 100 * 2/3 */
	closes(&s, 4, f);
	memcpy(s.v, fv, sizeof fv);
	if (run("force:2", &s)) {
		expect("force:2", 0, 1, NAN);
		expect("force:2", 0, 2, 0);
		expect("force:2", 0, 3, 200.0 / 3);
	}
}

static void
test_avwap(void)
{
	static const double x[] = { 10, 20, 30, 40 }, v[] = { 1, 1, 2, 0 };
	struct ser s;
	struct pe_ind_spec sp;
	struct pe_error err;

	closes(&s, 4, x);
	memcpy(s.v, v, sizeof v);
	/* tp = the price; from 1970-01-03 (bar 2): 30, then
	 * (30 * 2 + 40 * 0) / 2 */
	if (run("avwap:19700103", &s)) {
		expect("avwap:19700103", 0, 1, NAN);
		expect("avwap:19700103", 0, 2, 30);
		expect("avwap:19700103", 0, 3, 30);
	}
	/* date 0, the first bar: 10, 15, (10 + 20 + 60) / 4, the same */
	if (run("avwap", &s)) {
		expect("avwap", 0, 0, 10);
		expect("avwap", 0, 1, 15);
		expect("avwap", 0, 2, 22.5);
		expect("avwap", 0, 3, 22.5);
	}
	/* no volume since the anchor: the plain mean of tp */
	s.v[0] = s.v[1] = s.v[2] = s.v[3] = 0;
	if (run("avwap:19700102", &s))
		expect("avwap:19700102", 0, 2, 25);
	CHECK(pe_ind_spec_parse("avwap:20230230", &sp, &err) ==
	    PE_ERR_USAGE && strstr(err.msg, "not a date") != NULL,
	    "avwap:20230230 is refused: %s", err.msg);
	CHECK(pe_ind_spec_parse("avwap:20240229", &sp, &err) == PE_OK,
	    "avwap:20240229 (a leap day) is a date");
}

static void
test_pivots(void)
{
	/* 2024-01-01 (a Monday) 10:00 and 14:00, 2024-01-07 (Sunday),
	 * 2024-01-08 (Monday) */
	static const double b[][3] = { { 10, 6, 7 }, { 9, 7, 8 },
	    { 12, 7, 9 }, { 13, 12, 12 } };
	struct ser s;
	int64_t d0 = utc(2024, 1, 1, 0, 0, 0, 0);

	hlc(&s, 4, b);
	s.t[0] = d0 + 10 * 3600000LL;
	s.t[1] = d0 + 14 * 3600000LL;
	s.t[2] = d0 + 6 * PE_MS_PER_DAY;
	s.t[3] = d0 + 7 * PE_MS_PER_DAY;
	/* Daily: the first day has no levels.  2024-01-07 sees 01-01:
	 * H 10, L 6, C 8: p 8, r1 10, r2 12, r3 10 + 2*2, s1 6, s2 4,
	 * s3 6 - 2*2.  01-08 sees 01-07: H 12 L 7 C 9: p 28/3. */
	if (run("pivots", &s)) {
		expect("pivots", 0, 1, NAN);
		expect("pivots", 0, 2, 8);
		expect("pivots", 1, 2, 10);
		expect("pivots", 2, 2, 12);
		expect("pivots", 3, 2, 14);
		expect("pivots", 4, 2, 6);
		expect("pivots", 5, 2, 4);
		expect("pivots", 6, 2, 2);
		expect("pivots", 0, 3, 28.0 / 3);
	}
	/* Weekly: 01-01 .. 01-07 is one week (H 12, L 6, C 9: p 9, r1 12,
	 * r2 15, r3 18, s1 6, s2 3, s3 0), seen from 01-08 on. */
	if (run("pivots:7", &s)) {
		expect("pivots:7", 0, 2, NAN);
		expect("pivots:7", 0, 3, 9);
		expect("pivots:7", 1, 3, 12);
		expect("pivots:7", 2, 3, 15);
		expect("pivots:7", 3, 3, 18);
		expect("pivots:7", 4, 3, 6);
		expect("pivots:7", 5, 3, 3);
		expect("pivots:7", 6, 3, 0);
	}
}

static void
test_zigzag(void)
{
	/* The chart's ZigZag of 10% draws 100 (bar 0), 111 (2), 95 (4),
	 * 120 (6), and a line to 107 that may still move. */
	static const double x[] = { 100, 105, 111, 99, 95, 104, 120, 107 };
	static const double want[][4] = {
		{ 100, 0, 0, 100 },	/* nothing confirmed yet */
		{ 100, 0, 1, 105 },
		{ 100, 1, 2, 111 },	/* 111 >= 100 * 1.1: low 100 at bar 0 */
		{ 111, -1, 1, 99 },	/* 99 <= 111 * 0.9: high 111 at bar 2 */
		{ 111, -1, 2, 95 },
		{ 111, -1, 3, 95 },	/* 104 < 95 * 1.1 = 104.5: not yet */
		{ 95, 1, 2, 120 },	/* low 95 of bar 4, seen at bar 6 */
		{ 120, -1, 1, 107 },	/* high 120 of bar 6 */
	};
	struct ser s;
	size_t i;
	int k;

	closes(&s, 8, x);
	if (!run("zigzag:10", &s))
		return;
	for (i = 0; i < 8; i++)
		for (k = 0; k < 4; k++)
			expect("zigzag:10", k, i, want[i][k]);
}

static void
test_squeeze(void)
{
	/* A steady rise: C 10..14, H = C + 1, L = C - 1.  Momentum's
	 * series C - ((HH + LL)/2 + SMA(C, 3))/2 is 1 at bars 2, 3, 4,
	 * its line's value 1.  At bar 4: BB 13 +/- 2 sqrt(2/3); EMA(3)
	 * 11, 12, 13 and ATR(3) 2 (every TR 2): KC 13 +/- 1.5 * 2 holds
	 * the bands (on 1); with k = 0.5, 13 +/- 1 does not (on 0). */
	static const double b[][3] = { { 11, 9, 10 }, { 12, 10, 11 },
	    { 13, 11, 12 }, { 14, 12, 13 }, { 15, 13, 14 } };
	struct ser s;

	hlc(&s, 5, b);
	if (run("squeeze:3:2:1.5", &s)) {
		expect("squeeze:3:2:1.5", 0, 3, NAN);
		expect("squeeze:3:2:1.5", 0, 4, 1);
		expect("squeeze:3:2:1.5", 1, 4, 1);
	}
	if (run("squeeze:3:2:0.5", &s))
		expect("squeeze:3:2:0.5", 0, 4, 0);
}

int
main(void)
{
	test_ha();
	test_tsi();
	test_cmf();
	test_vortex_smi_chop_chandelier();
	test_ulcer();
	test_averages();
	test_kst_elder_force();
	test_avwap();
	test_pivots();
	test_zigzag();
	test_squeeze();
	return done();
}
