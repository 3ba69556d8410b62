/*
 * test_backtest.c: pe_backtest's bar math, statistics and trade lines
 * against cases computed by hand (pe-backtest(1), "One bar", "Worked
 * cases", "Costs", "Returns", "Output", "Statistics"): signal round
 * trips, gaps through a stop, stop and target in one bar, trail, the
 * max-bars counts of both fill modes, same-bar rule conflicts, the last
 * bar, shorts, fees and slippage, mae/mfe, the equity curve, each
 * statistic, the summary JSON and trade lines byte for byte.
 *
 * Bars are daily from 2024-01-01 unless said; "bar k: O H L C".  Long,
 * next-open fills, no costs unless said.  Values that are not exact in
 * binary are compared within 1e-12 (CHECK_NEAR); the rest bitwise.
 */
#include <stdlib.h>

#include "harness.h"
#include "pe.h"
#include "pe_backtest.h"

static int
h_near(double got, double want, const char *file, int line,
    const char *desc)
{
	char d[160];
	int ok = fabs(got - want) <= 1e-12 * fmax(1, fabs(want)) ||
	    (isnan(got) && isnan(want));

	snprintf(d, sizeof d, "got %.17g, expected %.17g", got, want);
	return h_report(ok, file, line, d, "%s", desc);
}

#define CHECK_NEAR(got, want, ...) \
	h_near((got), (want), __FILE__, __LINE__, H_DESC(__VA_ARGS__))

#define NB 12

/* One symbol's bars and rules, the struct pe_bt_bars pointing into it. */
struct fx {
	int64_t t[NB];
	double o[NB], h[NB], l[NB], c[NB];
	int32_t f[PE_BT_NRULES][NB];
	struct pe_bt_bars b;
};

/* n bars from rows { O, H, L, C }, daily from 2024-01-01, no rule
 * firing. */
static void
fx_set(struct fx *x, size_t n, const double (*row)[4])
{
	size_t k;
	int r;

	memset(x, 0, sizeof *x);
	for (k = 0; k < n; k++) {
		x->t[k] = utc(2024, 1, 1 + (int)k, 0, 0, 0, 0);
		x->o[k] = row[k][0];
		x->h[k] = row[k][1];
		x->l[k] = row[k][2];
		x->c[k] = row[k][3];
	}
	for (r = 0; r < PE_BT_NRULES; r++) {
		for (k = 0; k < NB; k++)
			x->f[r][k] = -1;
		x->b.fired[r] = x->f[r];
	}
	x->b.n = n;
	x->b.time = x->t;
	x->b.open = x->o;
	x->b.high = x->h;
	x->b.low = x->l;
	x->b.close = x->c;
	x->b.date_only = 1;
}

/* Rule r fires at the close of bar k, by formula fi. */
static void
fire(struct fx *x, int r, size_t k, int32_t fi)
{
	x->f[r][k] = fi;
}

/* The whole of x run; the trade count, or (size_t)-1 on failure. */
static size_t
run(const struct pe_bt_conf *c, struct fx *x, struct pe_bt_result *r)
{
	if (pe_bt_run(c, &x->b, 0, x->b.n, r) != PE_OK)
		return (size_t)-1;
	return r->ntrades;
}

/* ---- one bar ---- */

/*
 * bar 0: 10 10 10 10   entry (formula 2) at the close
 * bar 1: 11 12 10.5 11.5  fills at the open, 11; checked: lo 10.5, hi 12
 * bar 2: 12 13 11 12   exit (formula 3) at the close; checked: hi 13
 * bar 3: 14 14 14 14   fills at the open, 14: r = 14/11 - 1 = 3/11
 * bar 4: 15 15 15 15
 * bars 3 - 1 = 2; mae 10.5/11 - 1 = -1/22; mfe max(13, 14)/11 - 1 = 3/11.
 * equity 1, 11.5/11, 12/11, 14/11, 14/11; held 0 1 1 0 0.
 */
static const double round_trip[5][4] = {
	{ 10, 10, 10, 10 }, { 11, 12, 10.5, 11.5 }, { 12, 13, 11, 12 },
	{ 14, 14, 14, 14 }, { 15, 15, 15, 15 }
};

static void
test_round_trip(void)
{
	struct pe_bt_conf c = { 0 };
	struct pe_bt_result r;
	struct pe_bt_trade *t;
	struct fx x;
	static const unsigned char held[5] = { 0, 1, 1, 0, 0 };

	fx_set(&x, 5, round_trip);
	fire(&x, PE_BT_ENTRY, 0, 2);
	fire(&x, PE_BT_EXIT, 2, 3);
	CHECK_EQ_I64(run(&c, &x, &r), 1, "round trip: one trade");
	t = r.trades;
	CHECK(t->side == 1 && t->entry_rule == 2 && t->exit_rule == 3 &&
	    t->entry_bar == 1 && t->exit_bar == 3 && t->bars == 2 &&
	    t->reason == PE_BT_SIGNAL, "round trip: long, rules 2 and 3, "
	    "bars 1 to 3, signal");
	CHECK_EQ_DBL(t->entry_price, 11.0, "round trip: entry at the open");
	CHECK_EQ_DBL(t->exit_price, 14.0, "round trip: exit at the open");
	CHECK_NEAR(t->ret, 3.0 / 11, "round trip: r = 14/11 - 1");
	CHECK_NEAR(t->mae, -1.0 / 22, "round trip: mae = 10.5/11 - 1");
	CHECK_NEAR(t->mfe, 3.0 / 11, "round trip: mfe = 14/11 - 1");
	CHECK(r.n == 5 && r.equity[0] == 1, "round trip: equity from 1");
	CHECK_NEAR(r.equity[1], 11.5 / 11, "round trip: marked at close 1");
	CHECK_NEAR(r.equity[2], 12.0 / 11, "round trip: marked at close 2");
	CHECK_NEAR(r.equity[3], 14.0 / 11, "round trip: closed at 3");
	CHECK_NEAR(r.equity[4], 14.0 / 11, "round trip: flat at 4");
	CHECK(memcmp(r.held, held, 5) == 0, "round trip: held 0 1 1 0 0");
	pe_bt_result_free(&r);
	CHECK(r.trades == NULL && r.n == 0, "result_free empties");
}

/*
 * Worked case: stop 5%, fill at 100 (bar 1: 100 101 99 100, stop 95
 * not reached), bar 2 opens 7% below the entry, at 93: exit at that open,
 * reason stop; r -0.07, bars 1, mae min(99, 93)/100 - 1 = -0.07, mfe
 * 101/100 - 1 = 0.01.
 */
static void
test_gap_stop(void)
{
	static const double row[4][4] = { { 100, 100, 100, 100 },
	    { 100, 101, 99, 100 }, { 93, 94, 90, 92 }, { 92, 92, 92, 92 } };
	struct pe_bt_conf c = { .stop = 5 };
	struct pe_bt_result r;
	struct fx x;

	fx_set(&x, 4, row);
	fire(&x, PE_BT_ENTRY, 0, 0);
	fire(&x, PE_BT_EXIT, 2, 1);	/* too late: stopped at 2's open */
	CHECK_EQ_I64(run(&c, &x, &r), 1, "gap stop: one trade");
	CHECK(r.trades[0].reason == PE_BT_STOP && r.trades[0].exit_bar == 2 &&
	    r.trades[0].bars == 1 && r.trades[0].exit_rule == -1,
	    "gap stop: reason stop at bar 2, bars 1, no exit rule");
	CHECK_EQ_DBL(r.trades[0].exit_price, 93.0, "gap stop: at the open 93");
	CHECK_NEAR(r.trades[0].ret, -0.07, "gap stop: r = 93/100 - 1");
	CHECK_NEAR(r.trades[0].mae, -0.07, "gap stop: mae = 93/100 - 1");
	CHECK_NEAR(r.trades[0].mfe, 0.01, "gap stop: mfe = 101/100 - 1");
	pe_bt_result_free(&r);
}

/*
 * Stop 5% and target 10% from a fill at 100 (95 and 110).
 * both: bar 2 100 111 94 100 touches both: the stop, at 95.
 * target: bar 2 100 111 96 105: at 110.
 * gap target: bar 2 opens at 112: exit at the open, reason target.
 */
static void
test_stop_target(void)
{
	static const double both[3][4] = { { 100, 100, 100, 100 },
	    { 100, 100, 100, 100 }, { 100, 111, 94, 100 } };
	static const double tgt[3][4] = { { 100, 100, 100, 100 },
	    { 100, 100, 100, 100 }, { 100, 111, 96, 105 } };
	static const double gap[3][4] = { { 100, 100, 100, 100 },
	    { 100, 100, 100, 100 }, { 112, 115, 111, 113 } };
	struct pe_bt_conf c = { .stop = 5, .target = 10 };
	struct pe_bt_result r;
	struct fx x;

	fx_set(&x, 3, both);
	fire(&x, PE_BT_ENTRY, 0, 0);
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].reason == PE_BT_STOP &&
	    r.trades[0].exit_bar == 2, "stop and target in one bar: stop");
	CHECK_NEAR(r.trades[0].exit_price, 95, "... at the stop, 95");
	CHECK_NEAR(r.trades[0].ret, -0.05, "... r = -0.05");
	pe_bt_result_free(&r);

	fx_set(&x, 3, tgt);
	fire(&x, PE_BT_ENTRY, 0, 0);
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].reason == PE_BT_TARGET,
	    "target reached: reason target");
	CHECK_NEAR(r.trades[0].exit_price, 110, "... at the target, 110");
	CHECK_NEAR(r.trades[0].mfe, 0.1, "... mfe = 110/100 - 1 (the exit)");
	CHECK_EQ_DBL(r.trades[0].mae, 0.0, "... mae 0 (fill bar low 100)");
	pe_bt_result_free(&r);

	fx_set(&x, 3, gap);
	fire(&x, PE_BT_ENTRY, 0, 0);
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].reason == PE_BT_TARGET &&
	    r.trades[0].exit_price == 112, "open beyond the target: at 112");
	pe_bt_result_free(&r);
}

/*
 * Stop 5%, trail 3% from a fill at 100 (bar 1: 100 110 98 108).  On the
 * fill bar the trail is 100 * 0.97 = 97 (not yet from 110: bars checked
 * BEFORE this one), above the stop 95; the low 98 reaches neither.  Bar
 * 2: 108 109 105 106: trail 110 * 0.97 = 106.7, strictly above the stop:
 * exit at 106.7, reason trail; r 0.067, mae 98/100 - 1 = -0.02, mfe 0.1.
 */
static void
test_trail(void)
{
	static const double row[4][4] = { { 100, 100, 100, 100 },
	    { 100, 110, 98, 108 }, { 108, 109, 105, 106 },
	    { 106, 106, 106, 106 } };
	static const double same[3][4] = { { 100, 100, 100, 100 },
	    { 100, 101, 94, 96 }, { 96, 96, 96, 96 } };
	struct pe_bt_conf c = { .stop = 5, .trail = 3 };
	struct pe_bt_result r;
	struct fx x;

	fx_set(&x, 4, row);
	fire(&x, PE_BT_ENTRY, 0, 0);
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].reason == PE_BT_TRAIL &&
	    r.trades[0].exit_bar == 2 && r.trades[0].bars == 1,
	    "trail: out on bar 2, reason trail");
	CHECK_NEAR(r.trades[0].exit_price, 106.7, "trail: at 110 * 0.97");
	CHECK_NEAR(r.trades[0].ret, 0.067, "trail: r = 106.7/100 - 1");
	CHECK_NEAR(r.trades[0].mae, -0.02, "trail: mae = 98/100 - 1");
	CHECK_NEAR(r.trades[0].mfe, 0.1, "trail: mfe = 110/100 - 1");
	pe_bt_result_free(&r);

	/* trail alone: the same exit, reason trail */
	c.stop = 0;
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].reason == PE_BT_TRAIL,
	    "trail without a stop: reason trail");
	pe_bt_result_free(&r);

	/* Worked case: stop 5% and trail 5% on the fill bar, the same level
	 * 95 (bar 1's low 94 reaches it): reason stop. */
	c.stop = c.trail = 5;
	fx_set(&x, 3, same);
	fire(&x, PE_BT_ENTRY, 0, 0);
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].reason == PE_BT_STOP &&
	    r.trades[0].exit_bar == 1 && r.trades[0].bars == 0,
	    "stop 5 and trail 5 on the fill bar: reason stop, bars 0");
	CHECK_NEAR(r.trades[0].exit_price, 95, "... at 95");
	pe_bt_result_free(&r);
}

/*
 * Worked case: an exit rule on the last bar is not filled; the position
 * ends `end` at the last close.  bar 1 fills at 10, bar 2 (the last)
 * closes at 12 with the exit true: reason end, exit 12, bars 1.
 */
static void
test_last_bar(void)
{
	static const double row[3][4] = { { 9, 9, 9, 9 },
	    { 10, 11, 10, 11 }, { 11, 12, 11, 12 } };
	struct pe_bt_conf c = { 0 };
	struct pe_bt_result r;
	struct fx x;

	fx_set(&x, 3, row);
	fire(&x, PE_BT_ENTRY, 0, 0);
	fire(&x, PE_BT_EXIT, 2, 1);
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].reason == PE_BT_END &&
	    r.trades[0].exit_bar == 2 && r.trades[0].exit_price == 12 &&
	    r.trades[0].exit_rule == -1 && r.trades[0].bars == 1,
	    "exit rule on the last bar: not filled, end at the last close");
	CHECK_NEAR(r.equity[2], 1.2, "... equity at the last close 12/10");
	CHECK(r.held[2] == 1, "... held at the last bar (step 5 is after)");
	pe_bt_result_free(&r);

	/* an entry on the last bar opens nothing, in either mode */
	fx_set(&x, 3, row);
	fire(&x, PE_BT_ENTRY, 2, 0);
	CHECK(run(&c, &x, &r) == 0 && r.held[2] == 0,
	    "entry on the last bar: no trade (next-open)");
	pe_bt_result_free(&r);
	c.fill_close = 1;
	CHECK(run(&c, &x, &r) == 0 && r.held[2] == 0,
	    "entry on the last bar: no trade (--fill close)");
	pe_bt_result_free(&r);
}

/*
 * Worked cases of --max-bars 1.
 * --fill close: entry at the close of bar 1 (11), exit at the close of
 * bar 2 (12), reason time, bars 1.
 * next-open: signal at bar 0, fill at bar 1's open (10), exit at the
 * close of the fill bar (11), bars 0.
 * next-open --max-bars 2: bar 2's close, bars 1.
 */
static void
test_max_bars(void)
{
	static const double row[4][4] = { { 9, 9, 9, 9 },
	    { 10, 11, 10, 11 }, { 11, 12, 11, 12 }, { 12, 13, 12, 13 } };
	struct pe_bt_conf c = { .fill_close = 1, .max_bars = 1 };
	struct pe_bt_result r;
	struct fx x;

	fx_set(&x, 4, row);
	fire(&x, PE_BT_ENTRY, 1, 0);
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].entry_bar == 1 &&
	    r.trades[0].entry_price == 11 && r.trades[0].exit_bar == 2 &&
	    r.trades[0].exit_price == 12 && r.trades[0].reason == PE_BT_TIME &&
	    r.trades[0].bars == 1,
	    "--fill close --max-bars 1: close of k to close of k+1, time, 1");
	CHECK(r.held[0] == 0 && r.held[1] == 1 && r.held[2] == 0,
	    "... held after bar 1 only");
	CHECK_NEAR(r.equity[1], 1, "... marked at its own fill, 1");
	pe_bt_result_free(&r);

	c.fill_close = 0;
	fx_set(&x, 4, row);
	fire(&x, PE_BT_ENTRY, 0, 0);
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].entry_bar == 1 &&
	    r.trades[0].entry_price == 10 && r.trades[0].exit_bar == 1 &&
	    r.trades[0].exit_price == 11 && r.trades[0].reason == PE_BT_TIME &&
	    r.trades[0].bars == 0,
	    "next-open --max-bars 1: the fill bar's close, bars 0");
	CHECK(r.held[1] == 0, "... not held after the fill bar");
	pe_bt_result_free(&r);

	c.max_bars = 2;
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].exit_bar == 2 &&
	    r.trades[0].bars == 1 && r.trades[0].reason == PE_BT_TIME,
	    "next-open --max-bars 2: bar 2's close, bars 1");
	pe_bt_result_free(&r);
}

/*
 * Worked case: a short with a 5% target, filled at 100; bar 2's low 94
 * reaches 95: exit at 100 * 0.95, r = 1 - 95/100 = 0.05.  And the short
 * stop mirrored: 5% is 105, an open at 107 exits there (r -0.07); the
 * short trail: 3% above the lowest low of the bars checked before.
 */
static void
test_short(void)
{
	static const double tgt[3][4] = { { 100, 100, 100, 100 },
	    { 100, 102, 97, 98 }, { 98, 99, 94, 95 } };
	static const double gap[3][4] = { { 100, 100, 100, 100 },
	    { 100, 103, 99, 102 }, { 107, 108, 106, 107 } };
	/* trail 3%: fill bar low 90, bar 2 up to 93 >= 90 * 1.03 = 92.7 */
	static const double trl[3][4] = { { 100, 100, 100, 100 },
	    { 100, 100, 90, 91 }, { 91, 93, 91, 92 } };
	struct pe_bt_conf c = { .target = 5 };
	struct pe_bt_result r;
	struct fx x;

	fx_set(&x, 3, tgt);
	fire(&x, PE_BT_SHORT, 0, 4);
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].side == -1 &&
	    r.trades[0].entry_rule == 4 && r.trades[0].reason == PE_BT_TARGET &&
	    r.trades[0].exit_bar == 2, "short target: reason target, bar 2");
	CHECK_NEAR(r.trades[0].exit_price, 95, "short target: at 100 * 0.95");
	CHECK_NEAR(r.trades[0].ret, 0.05, "short target: r = 1 - 95/100");
	/* checked bar 1: 102 and 97; exit 95: mae 1 - 102/100, mfe 1 - 95/100 */
	CHECK_NEAR(r.trades[0].mae, -0.02, "short mae = 1 - 102/100");
	CHECK_NEAR(r.trades[0].mfe, 0.05, "short mfe = 1 - 95/100");
	CHECK_NEAR(r.equity[1], 1.02, "short equity at close 98: 2 - 98/100");
	pe_bt_result_free(&r);

	c.target = 0;
	c.stop = 5;
	fx_set(&x, 3, gap);
	fire(&x, PE_BT_SHORT, 0, 0);
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].reason == PE_BT_STOP &&
	    r.trades[0].exit_price == 107, "short stop: open 107 above 105");
	CHECK_NEAR(r.trades[0].ret, -0.07, "short stop: r = 1 - 107/100");
	pe_bt_result_free(&r);

	c.trail = 3;
	fx_set(&x, 3, trl);
	fire(&x, PE_BT_SHORT, 0, 0);
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].reason == PE_BT_TRAIL &&
	    r.trades[0].exit_bar == 2, "short trail: bar 2, reason trail");
	CHECK_NEAR(r.trades[0].exit_price, 92.7, "short trail: at 90 * 1.03");
	pe_bt_result_free(&r);

	/* a short closed by @cover (formula 5) at the next open */
	c.stop = c.trail = 0;
	fx_set(&x, 3, tgt);
	fire(&x, PE_BT_SHORT, 0, 4);
	fire(&x, PE_BT_COVER, 1, 5);
	fire(&x, PE_BT_EXIT, 1, 6);	/* a long's exit: not the short's */
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].reason == PE_BT_SIGNAL &&
	    r.trades[0].exit_rule == 5 && r.trades[0].exit_price == 98,
	    "short covered by @cover at the next open");
	pe_bt_result_free(&r);
}

/*
 * Rules on one bar.  bars all 10 10 10 10 but bar 3's open 12.
 */
static void
test_conflicts(void)
{
	static const double row[6][4] = { { 10, 10, 10, 10 },
	    { 10, 10, 10, 10 }, { 10, 10, 10, 10 }, { 12, 12, 12, 12 },
	    { 10, 10, 10, 10 }, { 10, 10, 10, 10 } };
	struct pe_bt_conf c = { 0 };
	struct pe_bt_result r;
	struct fx x;

	/* flat: entry and exit at once, entry and short, short and cover */
	fx_set(&x, 6, row);
	fire(&x, PE_BT_ENTRY, 0, 0);
	fire(&x, PE_BT_EXIT, 0, 0);
	fire(&x, PE_BT_ENTRY, 1, 0);
	fire(&x, PE_BT_SHORT, 1, 0);
	fire(&x, PE_BT_SHORT, 2, 0);
	fire(&x, PE_BT_COVER, 2, 0);
	CHECK(run(&c, &x, &r) == 0, "entry+exit, entry+short, short+cover: "
	    "nothing opens");
	pe_bt_result_free(&r);

	/* in a position, entries are ignored: the first entry's fill holds */
	fx_set(&x, 6, row);
	fire(&x, PE_BT_ENTRY, 0, 7);
	fire(&x, PE_BT_ENTRY, 2, 8);
	fire(&x, PE_BT_SHORT, 2, 9);
	fire(&x, PE_BT_EXIT, 3, 0);
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].entry_bar == 1 &&
	    r.trades[0].entry_rule == 7 && r.trades[0].exit_bar == 4,
	    "entries while long are ignored");
	pe_bt_result_free(&r);

	/* next-open: exit and entry at k while long: out at k+1's open,
	 * nothing new; the entry at k+1 (flat again) fills at k+2 */
	fx_set(&x, 6, row);
	fire(&x, PE_BT_ENTRY, 0, 0);
	fire(&x, PE_BT_EXIT, 2, 0);
	fire(&x, PE_BT_ENTRY, 2, 0);
	fire(&x, PE_BT_ENTRY, 3, 1);
	CHECK(run(&c, &x, &r) == 2 && r.trades[0].exit_bar == 3 &&
	    r.trades[1].entry_bar == 4 && r.trades[1].entry_rule == 1 &&
	    r.trades[1].reason == PE_BT_END,
	    "next-open: closed by a rule, reopened only by a later close");
	pe_bt_result_free(&r);

	/* --fill close: a position closed by a rule at this close opens
	 * nothing at the same close, even with @short true */
	c.fill_close = 1;
	fx_set(&x, 6, row);
	fire(&x, PE_BT_ENTRY, 0, 0);
	fire(&x, PE_BT_EXIT, 2, 0);
	fire(&x, PE_BT_SHORT, 2, 0);
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].entry_bar == 0 &&
	    r.trades[0].exit_bar == 2 && r.trades[0].reason == PE_BT_SIGNAL &&
	    r.held[2] == 0, "--fill close: closed at 2, nothing reopened");
	pe_bt_result_free(&r);
}

/*
 * Flat "including just closed in steps 1-3": a stop at bar 2 (stop 10%,
 * fill 10 at bar 1, bar 2 opens 8) and an entry at bar 2's close: a new
 * position from bar 3's open (12), ending at the last close.
 */
static void
test_reenter(void)
{
	static const double row[4][4] = { { 10, 10, 10, 10 },
	    { 10, 10, 10, 10 }, { 8, 9, 8, 9 }, { 12, 13, 12, 13 } };
	struct pe_bt_conf c = { .stop = 10 };
	struct pe_bt_result r;
	struct fx x;

	fx_set(&x, 4, row);
	fire(&x, PE_BT_ENTRY, 0, 0);
	fire(&x, PE_BT_ENTRY, 2, 1);
	CHECK(run(&c, &x, &r) == 2 && r.trades[0].reason == PE_BT_STOP &&
	    r.trades[0].exit_bar == 2 && r.trades[0].exit_price == 8 &&
	    r.trades[1].entry_bar == 3 && r.trades[1].entry_price == 12 &&
	    r.trades[1].reason == PE_BT_END && r.trades[1].exit_price == 13,
	    "stopped at bar 2, re-entered on bar 2's rule");
	/* equity: 1, 1, 0.8, 0.8 * 13/12 */
	CHECK_NEAR(r.equity[2], 0.8, "equity after the stop: 8/10");
	CHECK_NEAR(r.equity[3], 0.8 * 13 / 12, "equity: 0.8 * 13/12");
	CHECK(r.held[2] == 0 && r.held[3] == 1, "held: pending is not held");
	pe_bt_result_free(&r);
}

/*
 * Costs: fee 10 bps, slippage 20 bps.
 * long: fill at open 100 -> 100 * 1.002 = 100.2; exit at open 110 ->
 *   110 * 0.998 = 109.78; r = 109.78 * 0.999 / (100.2 * 1.001) - 1
 *   = 0.09341975389879598.
 * short: fill at open 100 -> 99.8; cover at open 90 -> 90.18;
 *   r = 1 - 90.18 * 1.001 / (99.8 * 0.999) = 0.09458376211883224.
 * stop 5 with slippage: level 100.2 * 0.95 = 95.19, filled 95.19 * 0.998
 *   = 94.99962.
 */
static void
test_costs(void)
{
	static const double row[4][4] = { { 100, 100, 100, 100 },
	    { 100, 100, 100, 100 }, { 110, 110, 110, 110 },
	    { 90, 90, 90, 90 } };
	static const double fall[3][4] = { { 100, 100, 100, 100 },
	    { 100, 101, 99, 100 }, { 97, 97, 94, 95 } };
	struct pe_bt_conf c = { .fee = 10, .slippage = 20 };
	struct pe_bt_result r;
	struct fx x;

	fx_set(&x, 4, row);
	fire(&x, PE_BT_ENTRY, 0, 0);
	fire(&x, PE_BT_EXIT, 1, 0);
	CHECK_EQ_I64(run(&c, &x, &r), 1, "costs long: one trade");
	CHECK_NEAR(r.trades[0].entry_price, 100.2, "long entry 100 * 1.002");
	CHECK_NEAR(r.trades[0].exit_price, 109.78, "long exit 110 * 0.998");
	CHECK_NEAR(r.trades[0].ret, 0.09341975389879598,
	    "long r = x(1-f)/(e(1+f)) - 1");
	/* marked at bar 1's close 100: 99.8 * 0.999 / (100.2 * 1.001) */
	CHECK_NEAR(r.equity[1], 99.8 * 0.999 / (100.2 * 1.001),
	    "equity marks with exit slippage and fee");
	pe_bt_result_free(&r);

	fx_set(&x, 4, row);
	fire(&x, PE_BT_SHORT, 0, 0);
	fire(&x, PE_BT_COVER, 2, 0);
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].side == -1,
	    "costs short: one trade");
	CHECK_NEAR(r.trades[0].entry_price, 99.8, "short entry 100 * 0.998");
	CHECK_NEAR(r.trades[0].exit_price, 90.18, "short exit 90 * 1.002");
	CHECK_NEAR(r.trades[0].ret, 0.09458376211883224,
	    "short r = 1 - x(1+f)/(e(1-f))");
	pe_bt_result_free(&r);

	c.stop = 5;
	fx_set(&x, 3, fall);
	fire(&x, PE_BT_ENTRY, 0, 0);
	CHECK(run(&c, &x, &r) == 1 && r.trades[0].reason == PE_BT_STOP,
	    "stop with slippage: reason stop");
	CHECK_NEAR(r.trades[0].exit_price, 94.99962,
	    "stop fill: level 100.2 * 0.95, then * 0.998");
	pe_bt_result_free(&r);
}

/* pe_bt_run over [lo, hi): bars before lo unseen, indices absolute; and
 * equity[0] is 1 even with a --fill close entry at the first close. */
static void
test_range(void)
{
	struct pe_bt_conf c = { 0 };
	struct pe_bt_result r;
	struct fx x;

	fx_set(&x, 5, round_trip);
	fire(&x, PE_BT_ENTRY, 0, 0);	/* before lo: ignored */
	fire(&x, PE_BT_ENTRY, 1, 1);
	CHECK(pe_bt_run(&c, &x.b, 1, 4, &r) == PE_OK && r.n == 3 &&
	    r.ntrades == 1 && r.trades[0].entry_rule == 1 &&
	    r.trades[0].entry_bar == 2 && r.trades[0].exit_bar == 3 &&
	    r.trades[0].reason == PE_BT_END, "range [1, 4): bar 2 to bar 3");
	pe_bt_result_free(&r);
	CHECK(pe_bt_run(&c, &x.b, 3, 3, &r) == PE_OK && r.n == 0 &&
	    r.equity == NULL, "empty range: nothing");

	c.fill_close = 1;
	c.fee = 100;
	CHECK(pe_bt_run(&c, &x.b, 1, 5, &r) == PE_OK && r.ntrades == 1 &&
	    r.equity[0] == 1 && r.held[0] == 1,
	    "--fill close at the first close: equity[0] 1, held");
	/* one trade 11.5 -> 15, fee 1%: the last equity is 1 + r */
	CHECK_NEAR(r.equity[3], 15 * 0.99 / (11.5 * 1.01),
	    "... the last equity is the product of (1 + r)");
	CHECK_NEAR(r.trades[0].ret + 1, r.equity[3], "... and equals 1 + r");
	pe_bt_result_free(&r);
}

/* The step functions alone: what step_close reports. */
static void
test_steps(void)
{
	struct pe_bt_conf c = { 0 };
	struct pe_bt_pos p = { 0 };
	struct pe_bt_trade t;
	struct fx x;
	int32_t rule;
	int want;

	fx_set(&x, 5, round_trip);
	fire(&x, PE_BT_SHORT, 1, 6);
	CHECK(pe_bt_step_close(&c, &x.b, 1, 4, &p, &t, &want, &rule) == 0 &&
	    want == -1 && rule == 6, "step_close: a short wanted, formula 6");
	pe_bt_enter(&c, &x.b, 1, want, rule, &p);
	CHECK(p.side == 0 && p.pending == -1, "enter: pending at next open");
	CHECK(pe_bt_step_open(&c, &x.b, 2, &p, &t) == 0 && p.side == -1 &&
	    p.entry == 12 && p.fill_bar == 2, "step_open: filled at 12");
	CHECK_NEAR(pe_bt_mark(&c, &x.b, 2, &p), 0,
	    "mark at close 12: 1 - 12/12");
	CHECK_NEAR(pe_bt_mark(&c, &x.b, 3, &p), 1 - 14.0 / 12,
	    "mark at close 14: 1 - 14/12");
	pe_bt_close_end(&c, &x.b, 3, &p, &t);
	CHECK(t.reason == PE_BT_END && t.exit_price == 14 && p.side == 0,
	    "close_end: end at the close, flat");
	CHECK_EQ_DBL(pe_bt_mark(&c, &x.b, 3, &p), 0.0, "mark flat: 0");
	CHECK_STR(pe_bt_reason_name(PE_BT_TRAIL), "trail", "reason names");
}

/* ---- statistics ---- */

/*
 * r = 0.1, -0.05, 0, -0.01, 0.2, -0.1; bars 1..6.
 * win rate 2/6; mean 0.14/6; sorted -0.1 -0.05 -0.01 0 0.1 0.2: median
 * (-0.01 + 0)/2 = -0.005; profit factor 0.3/0.16 = 1.875; avg bars 3.5;
 * losing streak -0.05, 0, -0.01: 3; best 0.2, worst -0.1.
 */
static void
test_stats_trades(void)
{
	static const double ret[6] = { 0.1, -0.05, 0, -0.01, 0.2, -0.1 };
	static const long bars[6] = { 1, 2, 3, 4, 5, 6 };
	static const double wins[2] = { 0.1, 0 };
	struct pe_bt_stats s;

	CHECK(pe_bt_stats_trades(ret, bars, 6, &s) == PE_OK && s.trades == 6,
	    "stats: 6 trades");
	CHECK_NEAR(s.win_rate, 1.0 / 3, "win rate 2/6");
	CHECK_NEAR(s.mean_return, 0.14 / 6, "mean 0.14/6");
	CHECK_NEAR(s.median_return, -0.005, "median (-0.01 + 0)/2");
	CHECK_NEAR(s.profit_factor, 1.875, "profit factor 0.3/0.16");
	CHECK_EQ_DBL(s.avg_bars, 3.5, "avg bars 3.5");
	CHECK_EQ_I64(s.max_losing_streak, 3, "losing streak counts r = 0");
	CHECK(s.best == 0.2 && s.worst == -0.1, "best 0.2, worst -0.1");
	CHECK(isnan(s.total_return) && isnan(s.sharpe) && isnan(s.buy_hold),
	    "equity keys NaN");

	CHECK(pe_bt_stats_trades(wins, bars, 2, &s) == PE_OK &&
	    isnan(s.profit_factor) && s.max_losing_streak == 1 &&
	    s.win_rate == 0.5, "no negative r: profit factor NaN");
	CHECK_EQ_DBL(s.median_return, 0.05, "median of two: their mean");
	CHECK(pe_bt_stats_trades(NULL, NULL, 0, &s) == PE_OK &&
	    s.trades == 0 && s.max_losing_streak == 0 && isnan(s.win_rate) &&
	    isnan(s.median_return) && isnan(s.best), "no trades: NaN");
}

/*
 * equity 1, 1.25, 1, 1.5, 1.125 at 2023-01-01 + 0, 1, 2, 3 days and
 * 2024-12-31T12:00 (730.5 days); held 0 1 1 0 1; closes 10 11 9 13 12.
 * total 0.125; cagr 1.125^(365.25/730.5) - 1 = sqrt(1.125) - 1
 * = 0.06066017177982119; drawdown max(1 - 1/1.25, 1 - 1.125/1.5) = 0.25;
 * exposure 3/5; per-bar returns 0.25 -0.2 0.5 -0.25: mean 0.075, sample
 * sd sqrt(0.3925/3) = 0.36170890690351176, sharpe * sqrt(252)
 * = 3.29156420330192; downside sqrt((0.04 + 0.0625)/4)
 * = 0.16007810593582122, sortino 7.437544834872037; buy and hold 0.2.
 */
static void
test_stats_equity(void)
{
	static const double eq[5] = { 1, 1.25, 1, 1.5, 1.125 };
	static const unsigned char held[5] = { 0, 1, 1, 0, 1 };
	static const double close[5] = { 10, 11, 9, 13, 12 };
	int64_t t[5];
	struct pe_bt_stats s;
	int i;

	for (i = 0; i < 4; i++)
		t[i] = utc(2023, 1, 1 + i, 0, 0, 0, 0);
	t[4] = utc(2024, 12, 31, 12, 0, 0, 0);
	pe_bt_stats_trades(NULL, NULL, 0, &s);
	pe_bt_stats_equity(t, eq, held, close, 5, 252, &s);
	CHECK_EQ_DBL(s.total_return, 0.125, "total return 1.125 - 1");
	CHECK_NEAR(s.cagr, 0.06066017177982119, "cagr over 730.5 days");
	CHECK_EQ_DBL(s.max_drawdown, 0.25, "max drawdown 1 - 1.125/1.5");
	CHECK_EQ_DBL(s.exposure, 0.6, "exposure 3/5");
	CHECK_NEAR(s.sharpe, 3.29156420330192, "sharpe");
	CHECK_NEAR(s.sortino, 7.437544834872037, "sortino");
	CHECK_NEAR(s.buy_hold, 0.2, "buy and hold 12/10 - 1");
	CHECK(s.trades == 0 && isnan(s.win_rate), "trade keys untouched");

	/* one year exactly (365.25 days): cagr = total; no closes: NaN;
	 * a rising line: no downside, sortino NaN; one bar: NaN ratios */
	t[4] = utc(2024, 1, 1, 6, 0, 0, 0);
	pe_bt_stats_equity(t, eq, held, NULL, 5, 252, &s);
	CHECK_NEAR(s.cagr, 0.125, "cagr over 365.25 days = total");
	CHECK(isnan(s.buy_hold), "no closes: buy and hold NaN");
	pe_bt_stats_equity(t, close, held, NULL, 2, 252, &s);
	CHECK(isnan(s.sharpe) && isnan(s.sortino) && s.max_drawdown == 0,
	    "one per-bar return: no sharpe, no sortino, no drawdown");
	pe_bt_stats_equity(t, eq, held, NULL, 1, 252, &s);
	CHECK(s.total_return == 0 && isnan(s.cagr) && isnan(s.sharpe),
	    "one bar: total 0, cagr NaN (0 days)");
}

static void
test_stats_json(void)
{
	static const double ret[3] = { 0.5, 0.25, 0.125 };
	static const long bars[3] = { 1, 2, 4 };
	struct pe_bt_stats s;
	struct pe_buf b = { 0 };

	pe_bt_stats_trades(ret, bars, 3, &s);
	CHECK(pe_bt_stats_json(&b, &s, PE_NUM_SHORTEST) == PE_OK,
	    "stats json: ok");
	CHECK_STR(b.p, "{\"trades\":3,\"win_rate\":1,\"mean_return\":"
	    "0.2916666666666667,\"median_return\":0.25,\"profit_factor\":null,"
	    "\"avg_bars\":2.3333333333333335,\"max_losing_streak\":0,"
	    "\"best\":0.5,\"worst\":0.125,\"total_return\":null,\"cagr\":null,"
	    "\"max_drawdown\":null,\"exposure\":null,\"sharpe\":null,"
	    "\"sortino\":null,\"buy_hold\":null}",
	    "stats json: the issue's keys in order, NaN null");
	b.len = 0;
	s.total_return = 1.0 / 3;
	s.buy_hold = -0.00001;
	CHECK(pe_bt_stats_json(&b, &s, 4) == PE_OK, "stats json digits 4: ok");
	CHECK_STR(b.p, "{\"trades\":3,\"win_rate\":1,\"mean_return\":0.2917,"
	    "\"median_return\":0.25,\"profit_factor\":null,\"avg_bars\":2.3333,"
	    "\"max_losing_streak\":0,\"best\":0.5,\"worst\":0.125,"
	    "\"total_return\":0.3333,\"cagr\":null,\"max_drawdown\":null,"
	    "\"exposure\":null,\"sharpe\":null,\"sortino\":null,"
	    "\"buy_hold\":0}", "stats json: 4 places");
	free(b.p);
}

/* ---- trade lines ---- */

static void
test_trade_line(void)
{
	struct pe_bt_conf c = { .stop = 20 };
	struct pe_bt_result r;
	struct pe_buf b = { 0 };
	struct pe_bt_trade t;
	struct fx x;
	size_t k;

	fx_set(&x, 5, round_trip);
	fire(&x, PE_BT_ENTRY, 0, 0);
	fire(&x, PE_BT_EXIT, 2, 1);
	/* round_trip's trade; its mae 10.5/11 - 1 is -1/22 up to the
	 * subtraction's rounding: the double -0.045454545454545414 */
	run(&c, &x, &r);
	t = r.trades[0];
	pe_bt_result_free(&r);
	CHECK(pe_bt_trade_line(&b, "\"AAPL\"", &x.b, &t, "buy", "sell", 1,
	    PE_NUM_SHORTEST) == PE_OK, "trade line JSON: ok");
	CHECK_STR(b.p, "{\"type\":\"trade\",\"symbol\":\"AAPL\","
	    "\"side\":\"long\",\"entry\":\"buy\",\"entry_time\":\"2024-01-02\","
	    "\"entry_price\":11,\"exit\":\"sell\",\"exit_time\":\"2024-01-04\","
	    "\"exit_price\":14,\"reason\":\"signal\",\"bars\":2,"
	    "\"return\":0.2727272727272727,\"mae\":-0.045454545454545414,"
	    "\"mfe\":0.2727272727272727}\n", "trade line JSON: exact");
	b.len = 0;
	CHECK(pe_bt_trade_header(&b) == PE_OK && pe_bt_trade_line(&b, "AAPL",
	    &x.b, &t, "buy", "sell", 0, 3) == PE_OK, "trade CSV: ok");
	CHECK_STR(b.p, "type,symbol,side,entry,entry_time,entry_price,exit,"
	    "exit_time,exit_price,reason,bars,return,mae,mfe\n"
	    "trade,AAPL,long,buy,2024-01-02,11,sell,2024-01-04,14,signal,2,"
	    "0.273,-0.045,0.273\n", "trade CSV: header and row, 3 places");

	/* a stop: "exit" null whatever the name; times of day when the
	 * series has them */
	t.reason = PE_BT_STOP;
	t.side = -1;
	for (k = 0; k < 5; k++)
		x.t[k] = utc(2024, 1, 2, 9, 30 + (int)k, 0, 0);
	x.b.date_only = 0;
	b.len = 0;
	pe_bt_trade_line(&b, "\"A\"", &x.b, &t, "go", "sell", 1, 2);
	CHECK_STR(b.p, "{\"type\":\"trade\",\"symbol\":\"A\",\"side\":\"short\","
	    "\"entry\":\"go\",\"entry_time\":\"2024-01-02T09:31:00Z\","
	    "\"entry_price\":11,\"exit\":null,"
	    "\"exit_time\":\"2024-01-02T09:33:00Z\",\"exit_price\":14,"
	    "\"reason\":\"stop\",\"bars\":2,\"return\":0.27,\"mae\":-0.05,"
	    "\"mfe\":0.27}\n", "trade line: exit null unless signal, times");
	b.len = 0;
	pe_bt_trade_line(&b, "A", &x.b, &t, "go", NULL, 0, 2);
	CHECK_STR(b.p, "trade,A,short,go,2024-01-02T09:31:00Z,11,,"
	    "2024-01-02T09:33:00Z,14,stop,2,0.27,-0.05,0.27\n",
	    "trade CSV: an empty exit cell");
	free(b.p);
}

/* ---- portfolio ---- */

/* x's bars on the days of 2024-01 given (day[k] for bar k). */
static void
fx_days(struct fx *x, const int *day)
{
	size_t k;

	for (k = 0; k < x->b.n; k++)
		x->t[k] = utc(2024, 1, day[k], 0, 0, 0, 0);
}

/* A flat bar at price p, n times, from rows. */
static void
fx_flat(struct fx *x, size_t n, const double *p)
{
	double row[NB][4];
	size_t k;

	for (k = 0; k < n; k++)
		row[k][0] = row[k][1] = row[k][2] = row[k][3] = p[k];
	fx_set(x, n, (const double (*)[4])row);
}

static struct pe_bt_sym
sym_of(const char *name, struct fx *x, const double *rank)
{
	struct pe_bt_sym s = { name, x->b, rank };

	return s;
}

/*
 * Three flat symbols A 10, B 20, C 40, all with an entry at bar 0;
 * capital 1000, two slots.  Ranks A 1, B 3, C 2: B and C, filled at bar
 * 1's open in that order: B takes min(1000/2, 1000) = 500 (25 units),
 * C min(500, 500) = 500 (12.5 units); cash 0, equity 1000, 2 positions.
 * Without ranks (or all equal): by name, A and B.  NaN ranks last.
 */
static void
test_port_rank(void)
{
	static const double pa[3] = { 10, 10, 10 }, pb[3] = { 20, 20, 20 },
	    pc_[3] = { 40, 40, 40 };
	static const double ra[3] = { 1, 1, 1 }, rb[3] = { 3, 3, 3 },
	    rc[3] = { 2, 2, 2 }, nan3[3] = { NAN, NAN, NAN };
	struct pe_bt_conf c = { 0 };
	struct pe_bt_port_conf pc = { 1000, 2 };
	struct pe_bt_port_result r;
	struct pe_bt_sym sym[3];
	struct fx x[3];
	int i;

	fx_flat(&x[0], 3, pa);
	fx_flat(&x[1], 3, pb);
	fx_flat(&x[2], 3, pc_);
	for (i = 0; i < 3; i++)
		fire(&x[i], PE_BT_ENTRY, 0, 0);
	sym[0] = sym_of("A", &x[0], ra);
	sym[1] = sym_of("B", &x[1], rb);
	sym[2] = sym_of("C", &x[2], rc);
	CHECK(pe_bt_portfolio(&c, &pc, sym, 3, &r) == PE_OK && r.n == 3 &&
	    r.ntrades == 2, "rank: two trades over three dates");
	CHECK(r.trades[0].sym == 1 && r.trades[1].sym == 2,
	    "rank: B (3) and C (2), not A (1)");
	CHECK(r.trades[0].alloc == 500 && r.trades[0].units == 25 &&
	    r.trades[1].alloc == 500 && r.trades[1].units == 12.5,
	    "rank: 500 each, 25 and 12.5 units");
	CHECK(r.equity[0] == 1000 && r.cash[0] == 1000 &&
	    r.positions[0] == 0 && r.held[0] == 0, "row 0: all cash");
	CHECK(r.equity[1] == 1000 && r.cash[1] == 0 && r.positions[1] == 2 &&
	    r.held[1] == 1, "row 1: two positions, no cash");
	CHECK(r.equity[2] == 1000 && r.cash[2] == 1000 &&
	    r.positions[2] == 0 && r.held[2] == 1, "row 2: both ended at "
	    "the last close: no positions, but held through it");
	CHECK(r.time[1] == utc(2024, 1, 2, 0, 0, 0, 0), "row 1's time");
	CHECK_EQ_DBL(r.buy_hold, 0.0, "buy and hold of flat prices: 0");
	pe_bt_port_result_free(&r);

	sym[0].rank = sym[1].rank = sym[2].rank = NULL;
	CHECK(pe_bt_portfolio(&c, &pc, sym, 3, &r) == PE_OK &&
	    r.ntrades == 2 && r.trades[0].sym == 0 && r.trades[1].sym == 1,
	    "no rank: by name, A and B");
	pe_bt_port_result_free(&r);
	sym[0].rank = sym[1].rank = sym[2].rank = ra;
	CHECK(pe_bt_portfolio(&c, &pc, sym, 3, &r) == PE_OK &&
	    r.ntrades == 2 && r.trades[0].sym == 0 && r.trades[1].sym == 1,
	    "equal ranks: by name, A and B");
	pe_bt_port_result_free(&r);
	sym[0].rank = nan3;
	sym[1].rank = nan3;
	CHECK(pe_bt_portfolio(&c, &pc, sym, 3, &r) == PE_OK &&
	    r.ntrades == 2 && r.trades[0].sym == 0 && r.trades[1].sym == 2,
	    "NaN ranks last: C, then A by name (closed in symbol order)");
	pe_bt_port_result_free(&r);
}

/*
 * One slot, capital 1000.  A (10, 10, 12, 12) enters at bar 0 (bar 1's
 * open, 100 units), its exit fires at bar 1 with B's entry (B 20, 20, 20,
 * 22): the pending exit frees the slot.  Bar 2's open: A out at 12 first
 * (r 0.2, cash 1200), then B in with min(1000 / 1, 1200) = 1000, the
 * equity at the previous close (50 units; cash 200).  B ends at 22: r
 * 0.1, cash 200 + 1100 = 1300.  Rows: 1000, 1000, 1200, 1300.
 */
static void
test_port_exits_first(void)
{
	static const double pa[4] = { 10, 10, 12, 12 },
	    pb[4] = { 20, 20, 20, 22 };
	struct pe_bt_conf c = { 0 };
	struct pe_bt_port_conf pc = { 1000, 1 };
	struct pe_bt_port_result r;
	struct pe_bt_sym sym[2];
	struct fx x[2];

	fx_flat(&x[0], 4, pa);
	fx_flat(&x[1], 4, pb);
	fire(&x[0], PE_BT_ENTRY, 0, 0);
	fire(&x[0], PE_BT_EXIT, 1, 0);
	fire(&x[1], PE_BT_ENTRY, 1, 0);
	sym[0] = sym_of("A", &x[0], NULL);
	sym[1] = sym_of("B", &x[1], NULL);
	CHECK(pe_bt_portfolio(&c, &pc, sym, 2, &r) == PE_OK &&
	    r.ntrades == 2 && r.trades[0].sym == 0 &&
	    r.trades[0].t.exit_bar == 2 && r.trades[1].sym == 1 &&
	    r.trades[1].t.entry_bar == 2, "exit and entry at one open");
	CHECK(r.trades[0].alloc == 1000 && r.trades[0].units == 100,
	    "A: all 1000, 100 units");
	CHECK(r.trades[1].alloc == 1000 && r.trades[1].units == 50,
	    "B: the previous close's equity, 1000, not the cash 1200");
	CHECK(r.equity[0] == 1000 && r.equity[1] == 1000 &&
	    r.equity[2] == 1200 && r.cash[2] == 200, "rows 0-2");
	CHECK_NEAR(r.equity[3], 1300, "final equity 200 + 1000 * 1.1");
	CHECK_NEAR(r.cash[3], 1300, "... all cash");
	pe_bt_port_result_free(&r);
}

/*
 * A symbol without a bar on a date keeps its last close.  Two slots,
 * 1000.  A on days 1-5 (closes 10 11 12 12 13), B on days 1, 2, 4, 5
 * (closes 20 22 24 26: no bar on day 3).  Both enter at bar 0; at day
 * 2's open A takes 500 at 10 (50 units), B 500 at 20 (25 units).  Day 2
 * closes: A 550, B 550: 1100.  Day 3: A 600, B keeps 22: 550: 1150.  Day
 * 4: 600 + 600.  Day 5: both end, 650 + 650 = 1300.
 */
static void
test_port_missing(void)
{
	static const double ra[5][4] = { { 10, 10, 10, 10 },
	    { 10, 11, 10, 11 }, { 11, 12, 11, 12 }, { 12, 12, 12, 12 },
	    { 12, 13, 12, 13 } };
	static const double rb[4][4] = { { 20, 20, 20, 20 },
	    { 20, 22, 20, 22 }, { 22, 24, 22, 24 }, { 24, 26, 24, 26 } };
	static const int da[5] = { 1, 2, 3, 4, 5 }, db[4] = { 1, 2, 4, 5 };
	struct pe_bt_conf c = { 0 };
	struct pe_bt_port_conf pc = { 1000, 2 };
	struct pe_bt_port_result r;
	struct pe_bt_sym sym[2];
	struct fx x[2];

	fx_set(&x[0], 5, ra);
	fx_set(&x[1], 4, rb);
	fx_days(&x[0], da);
	fx_days(&x[1], db);
	fire(&x[0], PE_BT_ENTRY, 0, 0);
	fire(&x[1], PE_BT_ENTRY, 0, 0);
	sym[0] = sym_of("A", &x[0], NULL);
	sym[1] = sym_of("B", &x[1], NULL);
	CHECK(pe_bt_portfolio(&c, &pc, sym, 2, &r) == PE_OK && r.n == 5 &&
	    r.ntrades == 2, "missing day: five dates, two trades");
	CHECK(r.trades[0].units == 50 && r.trades[1].units == 25,
	    "500 each: 50 and 25 units");
	CHECK_NEAR(r.equity[1], 1100, "day 2: 550 + 550");
	CHECK_NEAR(r.equity[2], 1150, "day 3: A 600, B still at 22: 550");
	CHECK(r.positions[2] == 2, "day 3: B still held");
	CHECK_NEAR(r.equity[3], 1200, "day 4: 600 + 600");
	CHECK_NEAR(r.equity[4], 1300, "day 5: 650 + 650");
	/* buy and hold: (13/10 - 1 + 26/20 - 1) / 2 */
	CHECK_NEAR(r.buy_hold, 0.3, "buy and hold: the mean of 0.3 and 0.3");
	pe_bt_port_result_free(&r);
}

/*
 * An entry pending when no slot is free at its open is dropped: one
 * slot; A (days 1, 2, 3, 5) long from day 2, its exit at day 3 and B's
 * entry at day 3 (B every day 1-5).  Day 4: A has no bar, so its exit
 * has not filled; B's entry finds the slot taken and is dropped.  A exits
 * on day 5.
 */
static void
test_port_dropped(void)
{
	static const double pa[4] = { 10, 10, 10, 10 },
	    pb[5] = { 20, 20, 20, 20, 20 };
	static const int da[4] = { 1, 2, 3, 5 };
	struct pe_bt_conf c = { 0 };
	struct pe_bt_port_conf pc = { 1000, 1 };
	struct pe_bt_port_result r;
	struct pe_bt_sym sym[2];
	struct fx x[2];

	fx_flat(&x[0], 4, pa);
	fx_flat(&x[1], 5, pb);
	fx_days(&x[0], da);
	fire(&x[0], PE_BT_ENTRY, 0, 0);
	fire(&x[0], PE_BT_EXIT, 2, 0);
	fire(&x[1], PE_BT_ENTRY, 2, 0);
	sym[0] = sym_of("A", &x[0], NULL);
	sym[1] = sym_of("B", &x[1], NULL);
	CHECK(pe_bt_portfolio(&c, &pc, sym, 2, &r) == PE_OK && r.n == 5 &&
	    r.ntrades == 1 && r.trades[0].sym == 0 &&
	    r.trades[0].t.exit_bar == 3 &&
	    r.trades[0].t.reason == PE_BT_SIGNAL,
	    "no slot at the open: B dropped, A out at its next bar");
	CHECK(r.positions[3] == 1 && r.positions[4] == 0,
	    "positions 1 on day 4, 0 on day 5");
	pe_bt_port_result_free(&r);
	pc.max_positions = 0;
	CHECK(pe_bt_portfolio(&c, &pc, sym, 2, &r) == PE_ERR_USAGE,
	    "max_positions 0: PE_ERR_USAGE");
	pc.max_positions = 1;
	pc.capital = 0;
	CHECK(pe_bt_portfolio(&c, &pc, sym, 2, &r) == PE_ERR_USAGE,
	    "capital 0: PE_ERR_USAGE");
	pc.capital = 1;
	CHECK(pe_bt_portfolio(&c, &pc, sym, 0, &r) == PE_OK && r.n == 0 &&
	    r.ntrades == 0 && isnan(r.buy_hold), "no symbols: nothing");
	pe_bt_port_result_free(&r);
}

/* A random walk of n bars (moves within 2%), rules firing at random,
 * on the days where keep(day) holds. */
#define NG 80

struct gen {
	int64_t t[NG];
	double o[NG], h[NG], l[NG], c[NG];
	int32_t f[PE_BT_NRULES][NG];
	struct pe_bt_bars b;
};

static double
unif(void)
{
	return (double)(rng() >> 11) / 9007199254740992.0;
}

static void
gen_make(struct gen *g, size_t days, size_t every, size_t from)
{
	static const double p[PE_BT_NRULES] = { 0.2, 0.2, 0.1, 0.15 };
	double prev = 100;
	size_t d, k = 0;
	int r;

	memset(g, 0, sizeof *g);
	for (d = from; d < days && k < NG; d++) {
		if (every > 0 && d % every == every - 1)
			continue;
		g->t[k] = utc(2024, 1, 1, 0, 0, 0, 0) +
		    (int64_t)d * PE_MS_PER_DAY;
		g->o[k] = prev * (1 + (unif() - 0.5) * 0.02);
		g->c[k] = g->o[k] * (1 + (unif() - 0.5) * 0.04);
		g->h[k] = fmax(g->o[k], g->c[k]) * (1 + unif() * 0.01);
		g->l[k] = fmin(g->o[k], g->c[k]) * (1 - unif() * 0.01);
		for (r = 0; r < PE_BT_NRULES; r++)
			g->f[r][k] = unif() < p[r] ? (int32_t)(rng() % 3) : -1;
		prev = g->c[k];
		k++;
	}
	g->b.n = k;
	g->b.time = g->t;
	g->b.open = g->o;
	g->b.high = g->h;
	g->b.low = g->l;
	g->b.close = g->c;
	for (r = 0; r < PE_BT_NRULES; r++)
		g->b.fired[r] = g->f[r];
	g->b.date_only = 1;
}

/* Trades a (pe_bt_run's) and symbol si's of the portfolio, field by
 * field, bitwise. */
static void
same_trades(struct agg *a, const struct pe_bt_result *run,
    const struct pe_bt_port_result *port, size_t si)
{
	const struct pe_bt_trade *x, *y;
	size_t i, j = 0;

	for (i = 0; i < port->ntrades; i++) {
		if (port->trades[i].sym != si)
			continue;
		a->total++;
		if (j >= run->ntrades) {
			agg_fail(a, "sym %zu: trade %zu extra", si, j);
			return;
		}
		x = &run->trades[j++];
		y = &port->trades[i].t;
		if (x->side != y->side || x->entry_rule != y->entry_rule ||
		    x->exit_rule != y->exit_rule ||
		    x->entry_bar != y->entry_bar ||
		    x->exit_bar != y->exit_bar || x->reason != y->reason ||
		    x->bars != y->bars ||
		    !same_bits(x->entry_price, y->entry_price) ||
		    !same_bits(x->exit_price, y->exit_price) ||
		    !same_bits(x->ret, y->ret) || !same_bits(x->mae, y->mae) ||
		    !same_bits(x->mfe, y->mfe))
			agg_fail(a, "sym %zu: trade %zu differs (bars %zu-%zu "
			    "vs %zu-%zu)", si, j - 1, x->entry_bar,
			    x->exit_bar, y->entry_bar, y->exit_bar);
	}
	if (j != run->ntrades)
		agg_fail(a, "sym %zu: %zu of %zu trades", si, j, run->ntrades);
}

/* The confs the invariants are checked under. */
static const struct pe_bt_conf confs[] = {
	{ 0 },
	{ .fill_close = 1 },
	{ .stop = 2, .target = 3, .fee = 10, .slippage = 5 },
	{ .fill_close = 1, .trail = 1.5, .max_bars = 4, .fee = 5 },
	{ .stop = 1, .trail = 1, .target = 2, .max_bars = 3, .slippage = 20,
	    .fee = 20 },
};

/*
 * One symbol, one slot: the final equity is the capital times the
 * product of (1 + r) of pe_bt_run's trades, the trades are the same, and
 * so are the curve (scaled; bar 0 aside, which pe_bt_run pins to 1) and
 * the held flags; under each conf, over 20 random walks.
 */
static void
test_port_one(void)
{
	struct pe_bt_port_conf pc = { 100000, 1 };
	struct agg eq = { 0 }, tr = { 0 }, cash = { 0 }, curve = { 0 };
	struct pe_bt_port_result pr;
	struct pe_bt_result r;
	struct pe_bt_sym sym;
	struct gen g;
	size_t ci, i, rep;
	double want;

	for (ci = 0; ci < sizeof confs / sizeof *confs; ci++) {
		for (rep = 0; rep < 20; rep++) {
			gen_make(&g, 60, 0, 0);
			sym.symbol = "X";
			sym.bars = g.b;
			sym.rank = NULL;
			if (pe_bt_run(&confs[ci], &g.b, 0, g.b.n, &r) != PE_OK ||
			    pe_bt_portfolio(&confs[ci], &pc, &sym, 1, &pr) !=
			    PE_OK) {
				agg_fail(&eq, "conf %zu: failed", ci);
				continue;
			}
			want = pc.capital;
			for (i = 0; i < r.ntrades; i++)
				want *= 1 + r.trades[i].ret;
			eq.total++;
			if (pr.n != g.b.n || !same_bits(pr.equity[pr.n - 1],
			    want))
				agg_fail(&eq, "conf %zu rep %zu: %.17g, "
				    "expected %.17g", ci, rep,
				    pr.equity[pr.n - 1], want);
			for (i = 0; i < pr.n; i++, cash.total++)
				if (pr.cash[i] < 0)
					agg_fail(&cash, "conf %zu row %zu", ci,
					    i);
			same_trades(&tr, &r, &pr, 0);
			for (i = 0; i < pr.n && pr.n == r.n; i++) {
				curve.total++;
				if (pr.held[i] != r.held[i] || (i > 0 &&
				    fabs(pr.equity[i] - pc.capital *
				    r.equity[i]) > 1e-9 * pr.equity[i]))
					agg_fail(&curve, "conf %zu row %zu: "
					    "%.17g vs %.17g", ci, i,
					    pr.equity[i], r.equity[i]);
			}
			pe_bt_result_free(&r);
			pe_bt_port_result_free(&pr);
		}
	}
	CHECK(eq.total == 100, "one symbol one slot: 100 runs");
	CHECK_AGG(eq, "one symbol one slot: final equity = capital * "
	    "prod(1 + r)");
	CHECK(tr.total > 500, "one symbol one slot: %ld trades compared",
	    tr.total);
	CHECK_AGG(tr, "one symbol one slot: pe_bt_run's trades");
	CHECK_AGG(cash, "one symbol one slot: cash never negative");
	CHECK_AGG(curve, "one symbol one slot: the curve is the capital "
	    "times pe_bt_run's (from bar 1), held the same");
}

/* The account adds up: the final equity is the capital plus each
 * trade's alloc * r; no row has negative cash or more than N positions. */
static void
account_adds_up(struct agg *a, const struct pe_bt_port_result *pr,
    const struct pe_bt_port_conf *pc)
{
	double want = pc->capital;
	size_t i;

	a->total++;
	for (i = 0; i < pr->ntrades; i++)
		want += pr->trades[i].alloc * pr->trades[i].t.ret;
	if (fabs(pr->equity[pr->n - 1] - want) > 1e-9 * want)
		agg_fail(a, "N %zu: final %.17g, expected %.17g",
		    pc->max_positions, pr->equity[pr->n - 1], want);
	for (i = 0; i < pr->n; i++)
		if (pr->cash[i] < 0 || pr->positions[i] > pc->max_positions)
			agg_fail(a, "N %zu row %zu: cash %g, %zu positions",
			    pc->max_positions, i, pr->cash[i],
			    pr->positions[i]);
}

/*
 * Three symbols on different calendars (every day; every day but each
 * fifth; from day 10), under each conf, 16 times each with 1 to 4 slots
 * and with or without ranks: the account adds up, and with
 * max_positions >= the number of symbols each symbol's trades are
 * pe_bt_run's.
 */
static void
test_port_many(void)
{
	struct pe_bt_port_conf pc = { 100000, 3 };
	struct agg tr = { 0 }, acct = { 0 }, days = { 0 };
	struct pe_bt_port_result pr;
	struct pe_bt_result r;
	struct pe_bt_sym sym[3];
	static struct gen g[3];
	static double rank[3][NG];
	static const char *const name[3] = { "C", "A", "B" };
	size_t ci, rep, i, k;

	for (ci = 0; ci < sizeof confs / sizeof *confs; ci++) {
		for (rep = 0; rep < 16; rep++) {
			gen_make(&g[0], 70, 0, 0);
			gen_make(&g[1], 70, 5, 0);
			gen_make(&g[2], 70, 0, 10);
			for (i = 0; i < 3; i++) {
				for (k = 0; k < NG; k++)
					rank[i][k] = (double)(rng() % 4);
				sym[i].symbol = name[i];
				sym[i].bars = g[i].b;
				sym[i].rank = rep % 8 < 4 ? rank[i] : NULL;
			}
			pc.max_positions = 1 + rep % 4;
			if (pe_bt_portfolio(&confs[ci], &pc, sym, 3, &pr) !=
			    PE_OK) {
				agg_fail(&acct, "conf %zu: failed", ci);
				continue;
			}
			account_adds_up(&acct, &pr, &pc);
			days.total++;
			if (pr.n != 70)
				agg_fail(&days, "conf %zu: %zu dates", ci,
				    pr.n);
			for (i = 0; i < 3 && pc.max_positions >= 3; i++) {
				if (pe_bt_run(&confs[ci], &g[i].b, 0,
				    g[i].b.n, &r) != PE_OK)
					continue;
				same_trades(&tr, &r, &pr, i);
				pe_bt_result_free(&r);
			}
			pe_bt_port_result_free(&pr);
		}
	}
	CHECK(tr.total > 1000, "several symbols: %ld trades compared",
	    tr.total);
	CHECK_AGG(tr, "max_positions >= symbols: pe_bt_run's trades");
	CHECK_AGG(acct, "several symbols, 1-4 slots: the account adds up");
	CHECK_AGG(days, "several symbols: the union of the calendars, 70 "
	    "dates");
}

int
main(void)
{
	test_round_trip();
	test_gap_stop();
	test_stop_target();
	test_trail();
	test_last_bar();
	test_max_bars();
	test_short();
	test_conflicts();
	test_reenter();
	test_costs();
	test_range();
	test_steps();
	test_stats_trades();
	test_stats_equity();
	test_stats_json();
	test_trade_line();
	test_port_rank();
	test_port_exits_first();
	test_port_missing();
	test_port_dropped();
	test_port_one();
	test_port_many();
	return done();
}
