/*
 * test_chart.c: lib/chart/pe_chart.h: round ticks, --size and --theme parsing,
 * the overlay and guide rules, formula lines over the prices or in a
 * panel, and pe_chart_render's counts, window and determinism on a series
 * built here; equity curves read
 * (pe_chart_equity_read: every sentence) and pe-backtest's trades and
 * equity drawn.  (Signal and trade lines, which pe-chart reads for its
 * markers, are test_signal.c's and test_trade.c's.)
 *
 * Expected values are worked out by hand in the comments.  Every
 * allocation is freed (the suite also runs under AddressSanitizer).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "canvas.h"
#include "pe_chart.h"
#include "pe_ind.h"
#include "pe_series.h"

/* Occurrences of needle in hay. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* The M commands in the d of the element whose class attribute is cls. */
static int
path_moves(const char *doc, const char *cls)
{
	const char *p = strstr(doc, cls), *e;
	int n = 0;

	if (p == NULL || (p = strstr(p, " d=\"")) == NULL ||
	    (e = strchr(p + 4, '"')) == NULL)
		return -1;
	for (; p < e; p++)
		n += *p == 'M';
	return n;
}

static void
test_ticks(void)
{
	double first, step;
	int n;

	/* 0..10 in about 5: step 2, ticks 0 2 4 6 8 10 (10 included). */
	n = pe_chart_ticks(0, 10, 5, &first, &step);
	CHECK(n == 6 && first == 0 && step == 2, "0..10/5: %d %g %g", n,
	    first, step);
	/* 0.13..0.87 in 4: raw 0.185 -> 0.2; 0.2 0.4 0.6 0.8. */
	n = pe_chart_ticks(0.13, 0.87, 4, &first, &step);
	CHECK(n == 4 && fabs(first - 0.2) < 1e-12 && fabs(step - 0.2) <
	    1e-12, "0.13..0.87/4: %d %g %g", n, first, step);
	/* 97.3..103.9 in 7: raw 0.94 -> 1; 98 .. 103. */
	n = pe_chart_ticks(97.3, 103.9, 7, &first, &step);
	CHECK(n == 6 && first == 98 && step == 1, "97.3..103.9/7: %d %g %g",
	    n, first, step);
	/* -45..30 in 3: raw 25 -> 50; only 0 is inside. */
	n = pe_chart_ticks(-45, 30, 3, &first, &step);
	CHECK(n == 1 && first == 0 && step == 50, "-45..30/3: %d %g %g", n,
	    first, step);
	/* 1e6..5e6 in 2: raw 2e6 -> 2e6; 2e6 4e6. */
	n = pe_chart_ticks(1e6, 5e6, 2, &first, &step);
	CHECK(n == 2 && first == 2e6 && step == 2e6, "1e6..5e6/2: %d %g %g",
	    n, first, step);
}

static void
test_size_theme(void)
{
	static const char *const bad[] = { "319x240", "320x239", "10001x500",
	    "500x10001", "1200X700", "x700", "1200x", "+1200x700",
	    "1200x700 ", " 1200x700", "1200x-700", "99999999999999999999x1",
	    "", "1200", "12.5x700" };
	enum pe_chart_theme t = PE_CHART_LIGHT;
	const char *why = NULL;
	size_t i;
	int w = 0, h = 0, rc;

	rc = pe_chart_size_parse("1200x700", &w, &h, &why);
	CHECK(rc == 0 && w == 1200 && h == 700, "1200x700: %d %d %d", rc, w,
	    h);
	rc = pe_chart_size_parse("320x240", &w, &h, &why);
	CHECK(rc == 0 && w == 320 && h == 240, "320x240 (the least)");
	rc = pe_chart_size_parse("10000x10000", &w, &h, &why);
	CHECK(rc == 0 && w == 10000 && h == 10000, "10000x10000 (the most)");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		rc = pe_chart_size_parse(bad[i], &w, &h, &why);
		CHECK(rc == -1 && why != NULL, "size '%s' refused", bad[i]);
	}
	CHECK(pe_chart_theme_parse("dark", &t) == 0 && t == PE_CHART_DARK,
	    "theme dark");
	CHECK(pe_chart_theme_parse("light", &t) == 0 && t == PE_CHART_LIGHT,
	    "theme light");
	CHECK(pe_chart_theme_parse("Dark", &t) == -1, "theme Dark refused");
}

static int
overlay(const char *spec, int k)
{
	struct pe_ind_spec s;

	if (pe_ind_spec_parse(spec, &s, NULL) != PE_OK)
		return -1;
	return pe_chart_is_overlay(&s, k);
}

static void
test_rules(void)
{
	double g[2] = { 0, 0 }, lo = 0, hi = 0;
	int n;

	CHECK(overlay("sma:20", 0) == 1, "sma overlays");
	CHECK(overlay("sma:20@high", 0) == 1, "sma of high overlays");
	CHECK(overlay("sma:20@volume", 0) == 0, "sma of volume has a panel");
	CHECK(overlay("bbands:20:2", 0) == 1 && overlay("bbands:20:2", 2) == 1,
	    "bbands overlays");
	CHECK(overlay("supertrend", 0) == 1 && overlay("supertrend", 1) == 0,
	    "supertrend overlays, its direction does not");
	CHECK(overlay("vwap", 0) == 1, "vwap overlays");
	CHECK(overlay("rsi:14", 0) == 0 && overlay("macd", 0) == 0 &&
	    overlay("obv", 0) == 0 && overlay("atr", 0) == 0,
	    "rsi macd obv atr have panels");
	n = pe_chart_guides("rsi", g, &lo, &hi);
	CHECK(n == 2 && g[0] == 30 && g[1] == 70 && lo == 0 && hi == 100,
	    "rsi: 30 70 on 0..100");
	n = pe_chart_guides("willr", g, &lo, &hi);
	CHECK(n == 2 && g[0] == -80 && g[1] == -20 && lo == -100 && hi == 0,
	    "willr: -80 -20 on -100..0");
	n = pe_chart_guides("cci", g, &lo, &hi);
	CHECK(n == 2 && g[0] == -100 && g[1] == 100 && isnan(lo) && isnan(hi),
	    "cci: +-100, range from the data");
	n = pe_chart_guides("macd", g, &lo, &hi);
	CHECK(n == 0 && isnan(lo) && isnan(hi), "macd: no guide");
}

/* Five bars: up, down, up, doji (up), down; no volume in the fourth. */
static struct pe_series *
five_bars(void)
{
	static const double o[] = { 10, 12, 11, 13, 13 };
	static const double c[] = { 12, 11, 13, 13, 12 };
	struct pe_series *s = pe_series_new("T&T");
	struct pe_candle k;
	int i;

	for (i = 0; s != NULL && i < 5; i++) {
		k.time = utc(2024, 1, 1 + i, 0, 0, 0, 0);
		k.open = o[i];
		k.close = c[i];
		k.high = (o[i] > c[i] ? o[i] : c[i]) + 1;
		k.low = (o[i] < c[i] ? o[i] : c[i]) - 1;
		k.volume = i == 3 ? NAN : 100 * (i + 1);
		pe_series_push(s, &k, 0);
	}
	s->has_volume = 1;
	return s;
}

static void
test_render(void)
{
	struct pe_series *s = five_bars();
	struct pe_chart_opts o = { 640, 480, PE_CHART_LIGHT, NULL, 0, 0 };
	struct pe_chart_marker mk[] = { { 0, PE_CHART_ENTRY, NULL },
	    { 4, PE_CHART_EXIT, NULL }, { 4, PE_CHART_EXIT, NULL },
	    { 2, PE_CHART_HIT, NULL } };
	struct pe_buf a = { 0 }, b = { 0 };
	struct pe_error err;
	struct pe_ind_spec sp;
	struct pe_chart_ind ind;
	struct pe_chart_data d = { 0 };
	double sma[5] = { NAN, 11.5, NAN, 12, 12.5 }, *cols[1] = { sma };
	int rc;

	pe_ind_spec_parse("sma:2", &sp, NULL);
	ind = (struct pe_chart_ind){ &sp, "sma:2", (const double *const *)cols };
	d = (struct pe_chart_data){ .s = s, .ind = &ind, .nind = 1, .mk = mk,
	    .nmk = 4 };
	rc = pe_chart_render(&d, &o, &a, &err);
	CHECK(rc == PE_OK, "render: %d", rc);
	CHECK(count(a.p, "class=\"candle up\"") == 3 &&
	    count(a.p, "class=\"candle down\"") == 2, "3 up, 2 down candles");
	CHECK(count(a.p, "class=\"volume\"") == 4, "4 volume bars (one NaN)");
	CHECK(count(a.p, "class=\"marker entry\"") == 1 &&
	    count(a.p, "class=\"marker exit\"") == 2 &&
	    count(a.p, "class=\"marker hit\"") == 1, "markers 1, 2, 1");
	CHECK(count(a.p, "class=\"overlay sma\"") == 1, "one sma line");
	/* NaN at bar 2 breaks the line: M (bar 1), M (bar 3) L (bar 4). */
	CHECK(path_moves(a.p, "class=\"overlay sma\"") == 2,
	    "the sma line breaks at NaN");
	CHECK(strstr(a.p, ">T&amp;T</text>") != NULL, "the title escaped");
	CHECK(strncmp(a.p, "<?xml", 5) == 0 && strcmp(a.p + a.len - 7,
	    "</svg>\n") == 0, "a whole document");
	rc = pe_chart_render(&d, &o, &b, &err);
	CHECK(rc == PE_OK && a.len == b.len && memcmp(a.p, b.p, a.len) == 0,
	    "the same chart gives the same bytes");
	/* The last 2 bars: bar 0's entry and bar 2's hit are left out. */
	b.len = 0;
	o.tail = 2;
	o.theme = PE_CHART_DARK;
	rc = pe_chart_render(&d, &o, &b, &err);
	CHECK(rc == PE_OK && count(b.p, "class=\"candle ") == 2 &&
	    count(b.p, "class=\"marker ") == 2 && strstr(b.p, "#0d1117"),
	    "tail 2, dark: 2 candles, the 2 exits");
	o.width = 100;
	d = (struct pe_chart_data){ .s = s };
	CHECK(pe_chart_render(&d, &o, &b, &err) == PE_ERR_USAGE,
	    "too small a size");
	o.width = 640;
	s->n = 0;
	CHECK(pe_chart_render(&d, &o, &b, &err) ==
	    PE_ERR_USAGE && strcmp(err.msg, "no candles to draw") == 0,
	    "no bars");
	free(a.p);
	free(b.p);
	pe_series_free(s);
}

/*
 * Formula lines.  five_bars' candles run from a low of 9 (bar 0) to a
 * high of 14 (bars 2 to 4): a height of 5, so a line goes over the
 * prices when its finite values are within 9 - 2.5 = 6.5 and
 * 14 + 2.5 = 16.5.  From bar 3 on the candles run 11..14: 9.5..15.5.
 */
static void
test_lines(void)
{
	struct pe_series *s = five_bars();
	struct pe_chart_opts o = { 640, 480, PE_CHART_LIGHT, NULL, 0, 0 };
	double edge[5] = { NAN, 6.5, 16.5, NAN, 10 };
	double low[5] = { NAN, 6.49, 12, 12, 12 };
	double high[5] = { 12, 12, 16.51, 12, 12 };
	double none[5] = { NAN, NAN, NAN, NAN, NAN };
	double inf[5] = { INFINITY, 12, -INFINITY, 12, NAN };
	double late[5] = { 0, 0, 0, 9.5, 15.5 };
	struct pe_chart_line ln[2] = { { "mid", edge }, { "Far", late } };
	struct pe_chart_data d = { .s = s, .line = ln, .nline = 2 };
	struct pe_buf b = { 0 };
	struct pe_error err;
	int rc;

	CHECK(pe_chart_line_over(s, 0, edge) == 1,
	    "on the widened range's edges: over the prices");
	CHECK(pe_chart_line_over(s, 0, low) == 0, "6.49: a panel");
	CHECK(pe_chart_line_over(s, 0, high) == 0, "16.51: a panel");
	CHECK(pe_chart_line_over(s, 0, none) == 0, "no value: a panel");
	CHECK(pe_chart_line_over(s, 0, inf) == 1, "infinities not counted");
	CHECK(pe_chart_line_over(s, 0, late) == 0 &&
	    pe_chart_line_over(s, 3, late) == 1,
	    "only the drawn bars count, candles and line");
	rc = pe_chart_render(&d, &o, &b, &err);
	CHECK(rc == PE_OK && count(b.p, "class=\"overlay formula\"") == 1 &&
	    count(b.p, "class=\"panel formula\"") == 1 &&
	    count(b.p, "class=\"line formula\"") == 1, "mid over the "
	    "prices, Far in a panel: %d", rc);
	/* NaN at bars 0 and 3 breaks mid: M (bar 1) L (bar 2), M (bar 4). */
	CHECK(path_moves(b.p, "class=\"overlay formula\"") == 2,
	    "the line breaks at NaN");
	CHECK(strstr(b.p, ">mid<tspan") != NULL &&
	    strstr(b.p, ">Far<tspan") != NULL, "legends: the names");
	/* the last 2 bars: Far fits the prices (9.5..15.5), mid's 10 too */
	b.len = 0;
	o.tail = 2;
	rc = pe_chart_render(&d, &o, &b, &err);
	CHECK(rc == PE_OK && count(b.p, "class=\"overlay formula\"") == 2 &&
	    count(b.p, "class=\"panel formula\"") == 0, "tail 2: both over "
	    "the prices");
	free(b.p);
	pe_series_free(s);
}

/* The curve of text, read as "eq.csv" (NULL when refused, with err). */
static struct pe_chart_equity *
equity_of(const char *text, struct pe_error *err)
{
	struct pe_chart_equity *eq = NULL;
	FILE *fp = fmemopen((void *)text, strlen(text), "r");

	pe_error_clear(err);
	if (fp == NULL)	/* glibc refuses a size of 0: an empty file */
		fp = fopen("/dev/null", "r");
	if (pe_chart_equity_read(fp, "eq.csv", &eq, err) != PE_OK)
		eq = NULL;
	fclose(fp);
	return eq;
}

/* The error of a refused curve, as "LINE: MESSAGE". */
static const char *
equity_error(const char *text)
{
	static char buf[PE_ERRMSG_MAX + 32];
	struct pe_error err;
	struct pe_chart_equity *eq = equity_of(text, &err);

	if (eq != NULL) {
		pe_chart_equity_free(eq);
		return "accepted";
	}
	snprintf(buf, sizeof buf, "%s %ld: %s", err.code == PE_ERR_FORMAT ?
	    "format" : err.code == PE_ERR_DATA ? "data" : "other", err.line,
	    err.msg);
	return strcmp(err.path, "eq.csv") == 0 ? buf : "no path";
}

/*
 * Peak 1.2 then 0.9: a drawdown of 1 - 0.9 / 1.2 = 0.25; back to 1.0:
 * 1 - 1 / 1.2 = 1/6.  The other columns are ignored, in any order.
 */
static void
test_equity_read(void)
{
	struct pe_chart_equity *eq;
	struct pe_error err;

	eq = equity_of("time,equity,cash,positions\n2024-01-02,1,1,0\n"
	    "2024-01-03,1.2,0,1\n\n2024-01-04,0.9,0,1\n2024-01-05,1,1,0\n",
	    &err);
	CHECK(eq != NULL && eq->s->n == 4 && eq->s->date_only &&
	    strcmp(eq->s->symbol, "eq.csv") == 0 && eq->s->close[2] == 0.9 &&
	    eq->s->time[3] == utc(2024, 1, 5, 0, 0, 0, 0),
	    "four rows, a blank line skipped: %s", err.msg);
	CHECK(eq != NULL && eq->drawdown[0] == 0 && eq->drawdown[1] == 0 &&
	    fabs(eq->drawdown[2] - 0.25) < 1e-15 &&
	    fabs(eq->drawdown[3] - 1.0 / 6) < 1e-15, "drawdowns 0 0 .25 1/6");
	pe_chart_equity_free(eq);
	eq = equity_of("\xef\xbb\xbf" "cash, \"Equity\" ,TIME\r\n"
	    "5,100000,2024-01-02T15:30:00Z\r\n", &err);
	CHECK(eq != NULL && eq->s->n == 1 && !eq->s->date_only &&
	    eq->s->close[0] == 100000 && isnan(eq->s->volume[0]),
	    "BOM, CRLF, any case and order, quotes and blanks: %s", err.msg);
	pe_chart_equity_free(eq);
	pe_chart_equity_free(NULL);
	CHECK_STR(equity_error(""), "format 0: empty input (expected the "
	    "header time,equity)", "an empty file");
	CHECK_STR(equity_error("\n \n"), "format 0: empty input (expected "
	    "the header time,equity)", "blank lines only");
	CHECK_STR(equity_error("\ntime,value\n"), "format 2: no equity "
	    "column in the header (expected time,equity)", "no equity column");
	CHECK_STR(equity_error("date,equity\n"), "format 1: no time column in "
	    "the header (expected time,equity)", "no time column");
	CHECK_STR(equity_error("time,equity\n"), "data 0: no rows after the "
	    "header", "no rows");
	CHECK_STR(equity_error("time,equity\n2024-01-02,1\n2024-01-03,x\n"),
	    "data 3: equity is not a number: 'x'", "a bad number");
	CHECK_STR(equity_error("time,equity\n2024-01-02,1e400\n"),
	    "data 2: equity is out of range: '1e400'", "too large");
	CHECK_STR(equity_error("time,equity\n2024-01-02,-0.5\n"),
	    "data 2: equity is negative: '-0.5'", "negative");
	CHECK_STR(equity_error("time,equity\n2024-01-02\n"),
	    "data 2: missing equity", "a short row");
	CHECK_STR(equity_error("time,equity\n,1\n"), "data 2: missing time",
	    "an empty time");
	CHECK_STR(equity_error("time,equity\n2024-02-30,1\n"),
	    "data 2: bad time '2024-02-30': day out of range", "a bad day");
	CHECK_STR(equity_error("time,equity\n2024-01-03,1\n2024-01-03,1\n"),
	    "data 3: times not increasing at 2024-01-03", "a repeated time");
	CHECK_STR(equity_error("time,equity\n2024-01-02,0\n"), "accepted",
	    "an equity of 0");
}

/* The text of the first element whose class attribute is cls. */
static const char *
text_of(const char *doc, const char *cls, char *buf, size_t n)
{
	const char *p = strstr(doc, cls), *e;

	buf[0] = '\0';
	if (p != NULL && (p = strchr(p, '>')) != NULL &&
	    (e = strchr(p, '<')) != NULL)
		snprintf(buf, n, "%.*s", (int)(e - p - 1), p + 1);
	return buf;
}

/*
 * The five bars with a long that won (bar 0 to 2) and a short that lost
 * (3 to 4), and the curve of test_equity_read on the same days (rows of
 * 2024-01-02 to -05: bars 1 to 4).
 */
static void
test_render_backtest(void)
{
	struct pe_series *s = five_bars();
	struct pe_chart_opts o = { 640, 480, PE_CHART_LIGHT, NULL, 0, 0 };
	struct pe_chart_trade tr[] = { { 0, 2, 11, 13, 1, 1 },
	    { 3, 4, 13, 13.5, -1, 0 } };
	struct pe_chart_data d = { .s = s, .tr = tr, .ntr = 2 };
	struct pe_chart_equity *eq;
	struct pe_buf b = { 0 };
	struct pe_error err;
	char text[128];

	CHECK(pe_chart_render(&d, &o, &b, &err) == PE_OK &&
	    count(b.p, "class=\"trade long won\"") == 1 &&
	    count(b.p, "class=\"trade short lost\"") == 1 &&
	    count(b.p, "class=\"trade-entry long\"") == 1 &&
	    count(b.p, "class=\"trade-exit long\"") == 1 &&
	    count(b.p, "class=\"trade-entry short\"") == 1 &&
	    count(b.p, "class=\"trade-exit short\"") == 1,
	    "two trades: a line and two arrows each");
	CHECK(strstr(b.p, ">trades: 1 won</text>") && strstr(b.p,
	    ">1 lost</text>"), "the legend counts them");
	b.len = 0;
	o.tail = 2;	/* bars 3 and 4: the long is left out */
	CHECK(pe_chart_render(&d, &o, &b, &err) == PE_OK &&
	    count(b.p, "class=\"trade ") == 1 &&
	    count(b.p, "class=\"trade-") == 2, "tail 2: the short only");
	eq = equity_of("time,equity\n2024-01-02,1\n2024-01-03,1.2\n"
	    "2024-01-04,0.9\n2024-01-05,1\n", &err);
	d = (struct pe_chart_data){ .s = s, .eq = eq };
	o.tail = 0;
	b.len = 0;
	CHECK(eq != NULL && pe_chart_render(&d, &o, &b, &err) == PE_OK &&
	    count(b.p, "class=\"panel ") == 4 &&
	    count(b.p, "class=\"line equity\"") == 1 &&
	    count(b.p, "class=\"area drawdown\"") == 1, "under candles");
	CHECK(strstr(b.p, ">drawdown, max -25%</text>") != NULL &&
	    strstr(b.p, ">equity 1 \xe2\x86\x92 1 (+0%)</text>") != NULL,
	    "legends: the worst drawdown, the equity's first and last");
	d = (struct pe_chart_data){ .s = eq->s, .eq = eq, .equity_only = 1 };
	b.len = 0;
	CHECK(pe_chart_render(&d, &o, &b, &err) == PE_OK &&
	    count(b.p, "class=\"panel ") == 2 &&
	    count(b.p, "class=\"candle") == 0, "equity alone: two panels");
	CHECK_STR(text_of(b.p, "class=\"info\"", text, sizeof text),
	    "2024-01-05  equity 1  drawdown -16.7%", "its heading");
	CHECK_STR(text_of(b.p, "class=\"title\"", text, sizeof text),
	    "eq.csv", "titled by the file");
	d.eq = NULL;
	CHECK(pe_chart_render(&d, &o, &b, &err) == PE_ERR_USAGE,
	    "equity alone needs a curve");
	pe_chart_equity_free(eq);
	free(b.p);
	pe_series_free(s);
}

int
main(void)
{
	test_ticks();
	test_size_theme();
	test_rules();
	test_render();
	test_lines();
	test_equity_read();
	test_render_backtest();
	return done();
}
