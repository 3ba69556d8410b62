/*
 * test_stream.c: lib/run/stream.c against lib/run/pe_stream.h: the fates of
 * candles (new, same time in each mode, older, past --max-symbols, other
 * shard), the gate at max(min_bars - 1, lookback), --on close and
 * finish, the table growing over thousands of symbols, a ring that wraps
 * and is what a reload replays, the symbol list, the window of times,
 * CSV rows and their header, the symbols short of bars, the statistics'
 * text, and the latency histogram's quantiles.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "hist.h"
#include "live.h"
#include "pe_stream.h"

static struct pe_plan *
plan_of(const char *text)
{
	struct pe_plan_arg a = { text, 0, PE_PR_SIGNAL, NULL };
	struct pe_plan *p = NULL;
	char **diag = NULL;

	if (pe_plan_build(&a, 1, 0, &p, &diag, NULL) != PE_OK)
		abort();
	pe_plan_diags_free(diag);
	return p;
}

static struct pe_row
row_of(const char *sym, int day, double close)
{
	struct pe_row r;

	memset(&r, 0, sizeof r);
	r.symbol = sym;
	r.symbol_len = strlen(sym);
	r.c.time = utc(2024, 1, day, 0, 0, 0, 0);
	r.c.open = r.c.low = r.c.high = r.c.close = close;
	r.c.volume = 1;
	r.line = day;
	return r;
}

/* Push and return the fate; the lines go to out. */
static enum pe_stream_fate
push(struct pe_stream *st, const char *sym, int day, double close,
    struct pe_buf *out, int *rc)
{
	struct pe_row r = row_of(sym, day, close);
	struct pe_error err;

	return pe_stream_push(st, &r, INT64_MIN, out, rc, &err, NULL, NULL);
}

static size_t
nlines(const struct pe_buf *b)
{
	size_t n = 0, i;

	for (i = 0; i < b->len; i++)
		n += b->p[i] == '\n';
	return n;
}

static void
test_fates(void)
{
	struct pe_plan *p = plan_of("close > 1");
	struct pe_stream_conf c = { .buffer = 4, .min_bars = 1,
	    .max_symbols = 2 };
	struct pe_buf out = { 0 };
	struct pe_stream *st;
	struct pe_row r;
	struct pe_error err;
	int rc;

	st = pe_stream_new(p, &c, NULL);
	CHECK(push(st, "A", 1, 2, &out, &rc) == PE_ST_PROCESSED && rc == 0,
	    "a first candle is processed");
	CHECK(nlines(&out) == 1, "and matches: %zu lines", nlines(&out));
	CHECK(push(st, "A", 1, 0.5, &out, &rc) == PE_ST_REPLACED,
	    "same time: replaced");
	CHECK(nlines(&out) == 1, "the update does not match");
	r = row_of("A", 0, 3);
	CHECK(pe_stream_push(st, &r, INT64_MIN, &out, &rc, &err, NULL, NULL)
	    == PE_ST_OLDER && rc == PE_ERR_DATA, "an older candle is rejected");
	CHECK_STR(err.msg, "A: out of order (older than its last candle, "
	    "2024-01-01)", "and says why");
	CHECK(push(st, "B", 1, 2, &out, &rc) == PE_ST_PROCESSED,
	    "a second symbol");
	CHECK(push(st, "C", 1, 2, &out, &rc) == PE_ST_TOO_MANY &&
	    rc == PE_ERR_DATA, "a third is past max_symbols");
	CHECK(pe_stream_stats(st)->symbols == 2 &&
	    pe_stream_stats(st)->signals == 2 &&
	    pe_stream_stats(st)->fate[PE_ST_REPLACED] == 1 &&
	    pe_stream_stats(st)->fate[PE_ST_OLDER] == 1 &&
	    pe_stream_stats(st)->fate[PE_ST_TOO_MANY] == 1, "counted");
	CHECK_STR(pe_stream_fate_name(PE_ST_OLDER), "out of order",
	    "fate names");
	pe_stream_free(st);

	c.same_time = PE_SAME_IGNORE;
	st = pe_stream_new(p, &c, NULL);
	push(st, "A", 1, 2, &out, &rc);
	CHECK(push(st, "A", 1, 0.5, &out, &rc) == PE_ST_IGNORED && rc == 0,
	    "same time, ignore");
	pe_stream_free(st);
	c.same_time = PE_SAME_ERROR;
	st = pe_stream_new(p, &c, NULL);
	push(st, "A", 1, 2, &out, &rc);
	CHECK(push(st, "A", 1, 0.5, &out, &rc) == PE_ST_SAME_TIME &&
	    rc == PE_ERR_DATA, "same time, error");
	pe_stream_free(st);

	c.same_time = PE_SAME_REPLACE;
	c.shard = (struct pe_shard){ 0, 2 };
	st = pe_stream_new(p, &c, NULL);
	rc = push(st, "A", 1, 2, &out, &rc) == PE_ST_OTHER_SHARD;
	CHECK(rc == !pe_shard_keep(&c.shard, "A"), "shard as pe_shard_keep");
	pe_stream_free(st);
	free(out.p);
	pe_plan_free(p);
}

/* Bars 0..min_bars-2 are never evaluated; nor those before the lookback. */
static void
test_gate(void)
{
	struct pe_plan *p = plan_of("close > sma(close, 3)");
	struct pe_stream_conf c = { .buffer = 10, .min_bars = 1,
	    .max_symbols = 10, .emit_all = 1 };
	struct pe_buf out = { 0 };
	struct pe_stream *st;
	int rc, d;

	st = pe_stream_new(p, &c, NULL);
	for (d = 1; d <= 5; d++)
		push(st, "A", d, d, &out, &rc);
	CHECK(nlines(&out) == 3, "lookback 2: bars 2..4, %zu lines",
	    nlines(&out));
	pe_stream_free(st);
	out.len = 0;
	c.min_bars = 5;
	st = pe_stream_new(p, &c, NULL);
	for (d = 1; d <= 5; d++)
		push(st, "A", d, d, &out, &rc);
	CHECK(nlines(&out) == 1, "min_bars 5: bar 4 only");
	CHECK(strstr(out.p, "\"formula\":\"f1\",") != NULL &&
	    strstr(out.p, "\"sma_3\":4},\"match\":true}\n") != NULL,
	    "with its values and match: %s", out.p);
	pe_stream_free(st);
	free(out.p);
	pe_plan_free(p);
}

static void
test_on_close(void)
{
	struct pe_plan *p = plan_of("close > 1");
	struct pe_stream_conf c = { .buffer = 3, .min_bars = 1,
	    .max_symbols = 10, .on = PE_ON_CLOSE };
	struct pe_buf out = { 0 };
	struct pe_stream *st;
	int rc;

	st = pe_stream_new(p, &c, NULL);
	push(st, "A", 1, 0.5, &out, &rc);
	push(st, "A", 1, 2, &out, &rc);	/* replaces; not final yet */
	CHECK(out.len == 0, "nothing before the bar is final");
	push(st, "A", 2, 0.5, &out, &rc);
	CHECK(nlines(&out) == 1 && strstr(out.p, "2024-01-01") != NULL,
	    "bar 1 (its last version) once bar 2 came");
	push(st, "A", 2, 3, &out, &rc);
	CHECK(pe_stream_finish(st, &out, NULL) == PE_OK && nlines(&out) == 2 &&
	    strstr(out.p, "\"time\":\"2024-01-02\"") != NULL,
	    "bar 2 at the end");
	CHECK(pe_stream_finish(st, &out, NULL) == PE_OK && nlines(&out) == 2,
	    "finish twice adds nothing");
	pe_stream_free(st);
	free(out.p);
	pe_plan_free(p);
}

/* Thousands of symbols: each found again, the table grown. */
static void
test_table(void)
{
	struct pe_plan *p = plan_of("close > 1");
	struct pe_stream_conf c = { .buffer = 2, .min_bars = 1,
	    .max_symbols = 100000 };
	struct pe_buf out = { 0 };
	struct pe_stream *st;
	struct agg a = { 0 };
	char sym[16];
	int i, rc, d;

	st = pe_stream_new(p, &c, NULL);
	for (d = 1; d <= 3; d++)
		for (i = 0; i < 5000; i++) {
			snprintf(sym, sizeof sym, "S%d", i);
			a.total++;
			if (push(st, sym, d, 2, &out, &rc) != PE_ST_PROCESSED)
				agg_fail(&a, "%s day %d not processed", sym, d);
		}
	CHECK_AGG(a, "15000 candles over 5000 symbols processed");
	CHECK(pe_stream_stats(st)->symbols == 5000, "5000 symbols");
	CHECK(nlines(&out) == 15000, "15000 lines");
	pe_stream_free(st);
	free(out.p);
	pe_plan_free(p);
}

/* A ring of 3 wraps; a reload replays its 3 bars, no more. */
static void
test_reload(void)
{
	struct pe_plan *p = plan_of("close > 100"), *q;
	struct pe_stream_conf c = { .buffer = 3, .min_bars = 1,
	    .max_symbols = 10, .emit_all = 1 };
	struct pe_buf out = { 0 };
	struct pe_stream *st;
	int rc, d;

	st = pe_stream_new(p, &c, NULL);
	for (d = 1; d <= 10; d++)
		push(st, "A", d, d, &out, &rc);
	q = plan_of("sum(close, 4) > 0");
	CHECK(pe_stream_reload(st, q, NULL) == PE_OK, "reload");
	pe_plan_free(p);
	out.len = 0;
	push(st, "A", 11, 11, &out, &rc);
	/* bars 8 9 10 replayed, then 11: sum 38 over 4 bars, index 3 */
	CHECK(strstr(out.p ? out.p : "", "\"match\":true") != NULL &&
	    nlines(&out) == 1, "the ring primed the new plan: %s",
	    out.p ? out.p : "");
	out.len = 0;
	p = plan_of("sum(close, 5) > 0");
	CHECK(pe_stream_reload(st, p, NULL) == PE_OK, "reload again");
	pe_plan_free(q);
	push(st, "A", 12, 12, &out, &rc);
	CHECK(out.len == 0, "a ring of 3 cannot prime a window of 5 at once");
	push(st, "A", 13, 13, &out, &rc);
	CHECK(nlines(&out) == 1, "one bar later it can");
	pe_stream_free(st);
	free(out.p);
	pe_plan_free(p);
}

/* Lines to a number of places (conf.rounded), a reload's too. */
static void
test_digits(void)
{
	struct pe_plan *p = plan_of("close > sma(close, 2)"), *q;
	struct pe_stream_conf c = { .buffer = 5, .min_bars = 1,
	    .max_symbols = 10, .rounded = 1, .digits = 1 };
	struct pe_buf out = { 0 };
	struct pe_stream *st;
	int rc;

	st = pe_stream_new(p, &c, NULL);
	push(st, "A", 1, 1.04, &out, &rc);
	push(st, "A", 2, 2.25, &out, &rc);
	/* 2.25 is a tie at 1 place: to even; (1.04 + 2.25) / 2 = 1.645 */
	CHECK_STR(out.p, "{\"symbol\":\"A\",\"time\":\"2024-01-02\","
	    "\"formula\":\"f1\",\"type\":\"scan_hit\","
	    "\"candle\":{\"open\":2.2,\"high\":2.2,\"low\":2.2,\"close\":2.2,"
	    "\"volume\":1},\"values\":{\"sma_2\":1.6}}\n",
	    "a line to 1 place");
	q = plan_of("close > sma(close, 3) - 10");
	CHECK(pe_stream_reload(st, q, NULL) == PE_OK, "reload");
	pe_plan_free(p);
	out.len = 0;
	push(st, "A", 3, 3.96, &out, &rc);
	/* (1.04 + 2.25 + 3.96) / 3 = 2.4166... */
	CHECK_STR(out.p, "{\"symbol\":\"A\",\"time\":\"2024-01-03\","
	    "\"formula\":\"f1\",\"type\":"
	    "\"scan_hit\",\"candle\":{\"open\":4,\"high\":4,\"low\":4,"
	    "\"close\":4,\"volume\":1},\"values\":{\"sma_3\":2.4}}\n",
	    "after a reload, still to 1 place");
	pe_stream_free(st);
	free(out.p);
	pe_plan_free(q);
}

/* conf.symbols: the others are skipped, counted, never in the table. */
static void
test_symbols(void)
{
	static const char *const only[] = { "A", "C" };
	struct pe_plan *p = plan_of("close > 1");
	struct pe_stream_conf c = { .buffer = 4, .min_bars = 1,
	    .max_symbols = 10, .symbols = only, .nsymbols = 2 };
	struct pe_buf out = { 0 };
	struct pe_stream *st;
	int rc;

	st = pe_stream_new(p, &c, NULL);
	CHECK(push(st, "B", 1, 2, &out, &rc) == PE_ST_OTHER_SYMBOL &&
	    rc == PE_OK && out.len == 0, "B is not listed: skipped, no error");
	CHECK(push(st, "A", 1, 2, &out, &rc) == PE_ST_PROCESSED &&
	    push(st, "C", 1, 2, &out, &rc) == PE_ST_PROCESSED &&
	    push(st, "B", 2, 2, &out, &rc) == PE_ST_OTHER_SYMBOL,
	    "A and C are");
	CHECK(nlines(&out) == 2 && pe_stream_stats(st)->symbols == 2 &&
	    pe_stream_stats(st)->fate[PE_ST_OTHER_SYMBOL] == 2,
	    "2 lines, 2 symbols, 2 skipped");
	CHECK_STR(pe_stream_fate_name(PE_ST_OTHER_SYMBOL), "other symbol",
	    "its name");
	pe_stream_free(st);
	free(out.p);
	pe_plan_free(p);
}

/* conf.window: bars outside it step the states but write nothing. */
static void
test_window(void)
{
	struct pe_plan *p = plan_of("close > sma(close, 2)");
	struct pe_stream_conf c = { .buffer = 8, .min_bars = 1,
	    .max_symbols = 10, .emit_all = 1, .window = 1 };
	struct pe_buf out = { 0 };
	struct pe_stream *st;
	int rc, d;

	c.since = utc(2024, 1, 3, 0, 0, 0, 0);
	c.until = utc(2024, 1, 4, 0, 0, 0, 0);
	st = pe_stream_new(p, &c, NULL);
	for (d = 1; d <= 6; d++)
		push(st, "A", d, d, &out, &rc);
	CHECK(nlines(&out) == 2 && strstr(out.p, "\"time\":\"2024-01-03\"") !=
	    NULL && strstr(out.p, "\"time\":\"2024-01-04\"") != NULL,
	    "days 3 and 4, both ends included: %s", out.p);
	CHECK(strstr(out.p, "\"sma_2\":2.5},") != NULL,
	    "day 3's sma from day 2, before the window");
	CHECK(pe_stream_stats(st)->signals == 2 &&
	    pe_stream_stats(st)->fate[PE_ST_PROCESSED] == 6,
	    "2 signals, 6 bars processed");
	pe_stream_free(st);
	free(out.p);
	pe_plan_free(p);
}

/* conf.csv: pe-eval's columns, then match and received. */
static void
test_csv(void)
{
	struct pe_plan *p = plan_of("close > sma(close, 2)");
	struct pe_stream_conf c = { .buffer = 8, .min_bars = 1,
	    .max_symbols = 10, .csv = 1 };
	struct pe_buf out = { 0 };
	struct pe_stream *st;
	struct pe_row r;
	struct pe_error err;
	int rc;

	st = pe_stream_new(p, &c, NULL);
	pe_stream_header(st, &out);
	push(st, "A,B", 1, 1, &out, &rc);
	push(st, "A,B", 2, 2, &out, &rc);
	CHECK_STR(out.p, "symbol,time,formula,type,open,high,low,close,"
	    "volume,sma_2\n\"A,B\",2024-01-02,f1,scan_hit,2,2,2,2,1,1.5\n",
	    "the header and a row, the symbol quoted");
	pe_stream_free(st);
	out.len = 0;
	c.emit_all = c.arrival = 1;
	st = pe_stream_new(p, &c, NULL);
	pe_stream_header(st, &out);
	push(st, "A", 1, 1, &out, &rc);
	r = row_of("A", 2, 0.5);
	pe_stream_push(st, &r, utc(2024, 1, 2, 9, 30, 0, 5), &out, &rc, &err,
	    NULL, NULL);
	CHECK_STR(out.p, "symbol,time,formula,type,open,high,low,close,"
	    "volume,sma_2,match,received\n"
	    "A,2024-01-02,f1,scan_hit,0.5,0.5,0.5,0.5,1,0.75,false,"
	    "2024-01-02T09:30:00.005Z\n", "--emit all and --arrival: match "
	    "and received last");
	pe_stream_free(st);
	c.csv = 0;
	out.len = 0;
	st = pe_stream_new(p, &c, NULL);
	CHECK(pe_stream_header(st, &out) == PE_OK && out.len == 0,
	    "JSONL has no header");
	pe_stream_free(st);
	free(out.p);
	pe_plan_free(p);
}

/* The symbols short of bars: counted, the fewest named, both forms. */
static void
test_short(void)
{
	struct pe_plan *p = plan_of("close > 1"), *q;
	struct pe_stream_conf c = { .buffer = 8, .min_bars = 3,
	    .max_symbols = 10 };
	struct pe_buf out = { 0 };
	struct pe_stream *st;
	char text[256] = "";
	int rc;

	st = pe_stream_new(p, &c, NULL);
	CHECK(pe_stream_short(st, text, sizeof text) == 0 && *text == '\0',
	    "no symbol: none short, nothing said");
	push(st, "B", 1, 2, &out, &rc);
	push(st, "B", 2, 2, &out, &rc);
	push(st, "A", 1, 2, &out, &rc);
	push(st, "C", 1, 2, &out, &rc);
	CHECK(pe_stream_short(st, text, sizeof text) == 3, "3 short");
	CHECK_STR(text, "3 symbols below --min-bars 3 (fewest bars: A with 1)",
	    "the first seen of the fewest");
	push(st, "A", 2, 2, &out, &rc);
	push(st, "A", 3, 2, &out, &rc);
	push(st, "B", 3, 2, &out, &rc);
	CHECK(pe_stream_short(st, text, sizeof text) == 1, "1 short");
	CHECK_STR(text, "1 symbol below --min-bars 3 (fewest bars: C with 1)",
	    "one symbol");
	q = plan_of("close > sma(close, 5)");
	CHECK(pe_stream_reload(st, q, NULL) == PE_OK, "reload");
	pe_plan_free(p);
	pe_stream_short(st, text, sizeof text);
	CHECK_STR(text, "3 symbols below the 5 bars the formulas need "
	    "(fewest bars: C with 1)", "a lookback longer than min_bars");
	pe_stream_free(st);
	c.on = PE_ON_CLOSE;
	c.min_bars = 2;
	st = pe_stream_new(q, &c, NULL);
	push(st, "A", 1, 2, &out, &rc);
	push(st, "A", 2, 2, &out, &rc);
	CHECK(pe_stream_short(st, NULL, 0) == 1, "NULL text");
	pe_stream_short(st, text, sizeof text);
	CHECK_STR(text, "1 symbol below the 5 bars the formulas need "
	    "(fewest bars: A with 2)", "a bar waiting under on_close counts");
	pe_stream_free(st);
	free(out.p);
	pe_plan_free(q);
}

/* The statistics' text: every count where it belongs. */
static void
test_stats_text(void)
{
	static const char *const only[] = { "A", "B" };
	struct pe_plan *p = plan_of("close > 1");
	struct pe_stream_conf c = { .buffer = 4, .min_bars = 2,
	    .max_symbols = 10, .symbols = only, .nsymbols = 2 };
	struct pe_buf out = { 0 };
	struct pe_stream *st;
	const char *want = "8 lines read, 3 processed, 0 replaced, 0 ignored, "
	    "4 rejected (1 bad time, 2 bad JSON, 1 out of order), 0 other "
	    "shard, 1 other symbol\n1 signals, 2 symbols (0 warmed up, 0 "
	    "bars), 1 below --min-bars, latency p50 ";
	char text[1024];
	int rc;

	st = pe_stream_new(p, &c, NULL);
	push(st, "A", 1, 2, &out, &rc);
	push(st, "A", 2, 2, &out, &rc);
	push(st, "A", 1, 2, &out, &rc);
	push(st, "B", 1, 2, &out, &rc);
	push(st, "X", 1, 2, &out, &rc);
	pe_stream_bad(st, PE_BAD_TIME);
	pe_stream_bad(st, PE_BAD_JSON);
	pe_stream_bad(st, PE_BAD_JSON);
	pe_stream_latency(st, 1000);
	pe_stream_stats_text(st, text, sizeof text);
	CHECK(strncmp(text, want, strlen(want)) == 0 &&
	    strstr(text, " us, rss ") != NULL &&
	    strcmp(text + strlen(text) - 5, " KiB\n") == 0,
	    "the two lines: %s", text);
	pe_stream_free(st);
	free(out.p);
	pe_plan_free(p);
}

static void
test_hist(void)
{
	struct pe_hist h;
	uint64_t i;

	memset(&h, 0, sizeof h);
	CHECK(pe_hist_quantile(&h, 0.5) == 0, "empty: 0");
	for (i = 1; i <= 1000; i++)
		pe_hist_add(&h, i * 1000);	/* 1 us .. 1 ms */
	CHECK(h.n == 1000 && h.max == 1000000, "count and max");
	CHECK(pe_hist_quantile(&h, 0.5) >= 500000 &&
	    pe_hist_quantile(&h, 0.5) <= 500000 + 500000 / 16,
	    "p50 within 1/16: %" PRIu64, pe_hist_quantile(&h, 0.5));
	CHECK(pe_hist_quantile(&h, 0.99) >= 990000 &&
	    pe_hist_quantile(&h, 0.99) <= 1000000, "p99 within 1/16, at "
	    "most the max: %" PRIu64, pe_hist_quantile(&h, 0.99));
	CHECK(pe_hist_quantile(&h, 1) == 1000000, "p100 is the max");
	memset(&h, 0, sizeof h);
	pe_hist_add(&h, 7);
	CHECK(pe_hist_quantile(&h, 0.5) == 7, "small values are exact");
	pe_hist_add(&h, UINT64_MAX);
	CHECK(pe_hist_quantile(&h, 1) == UINT64_MAX, "the largest fits");
}

/* Every row and error of a reader, as text, appended to b. */
static void
describe(struct pe_buf *b, int rc, const struct pe_row *row,
    const struct pe_error *err)
{
	if (rc == PE_OK)
		pe_buf_printf(b, "%s %lld %.17g %ld\n", row->symbol,
		    (long long)row->c.time, row->c.close, row->line);
	else
		pe_buf_printf(b, "error %d %ld %s\n", rc, err->line, err->msg);
}

static void
read_memory(const char *text, struct pe_buf *b)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct pe_reader *r = pe_reader_new(fp, "feed", NULL);
	struct pe_error err;
	struct pe_row row;
	enum pe_bad bad;
	int rc;

	while ((rc = pe_reader_next(r, &row, &bad, &err)) == PE_OK ||
	    rc == PE_ERR_DATA)
		describe(b, rc, &row, &err);
	if (rc != 1)
		describe(b, rc, &row, &err);
	pe_reader_free(r);
	fclose(fp);
}

/* A child writes text into the pipe in pieces of 1 to 300 bytes. */
static void
read_pipe(const char *text, struct pe_buf *b, uint64_t seed)
{
	struct pe_stream_in *in;
	struct pe_reader *r;
	struct pe_error err;
	struct pe_row row;
	enum pe_bad bad;
	char drain[4096];
	size_t n = strlen(text), off, k;
	int fd[2], rc;
	pid_t pid;

	if (pipe(fd) != 0 || (pid = fork()) < 0)
		abort();
	if (pid == 0) {
		close(fd[0]);
		rng_state = seed;
		for (off = 0; off < n; off += k) {
			k = 1 + rng() % 300;
			k = k > n - off ? n - off : k;
			if (write(fd[1], text + off, k) != (ssize_t)k)
				_exit(1);
			if (rng() % 4 == 0)
				usleep(200);
		}
		_exit(0);
	}
	close(fd[1]);
	in = pe_stream_in_new(fd[0], NULL, NULL);
	r = pe_reader_new(pe_stream_in_file(in), "feed", NULL);
	while ((rc = pe_stream_in_next(in, r, &row, &bad, &err)) == PE_OK ||
	    rc == PE_ERR_DATA)
		describe(b, rc, &row, &err);
	if (rc != 1)
		describe(b, rc, &row, &err);
	pe_reader_free(r);
	pe_stream_in_free(in);
	/* A reader that stopped early must not leave the writer blocked. */
	while (read(fd[0], drain, sizeof drain) > 0)
		;
	close(fd[0]);
	waitpid(pid, NULL, 0);
}

static void
test_input(void)
{
	static const char *const feeds[] = {
		("{\"symbol\":\"A\",\"time\":\"2024-01-01\",\"open\":1,"
		    "\"high\":2,\"low\":0.5,\"close\":1.5}\n"),
		"symbol,time,open,high,low,close\n",
		"\xef\xbb\xbfsymbol,time,open,high,low,close\r\n",
	};
	struct pe_buf text = { 0 }, a = { 0 }, b = { 0 };
	struct agg g = { 0 };
	size_t f, i;
	uint64_t seed;

	for (f = 0; f < 3; f++) {
		text.len = 0;
		pe_buf_puts(&text, feeds[f]);
		for (i = 0; i < 400; i++) {
			if (f == 0 && i % 50 == 7)
				pe_buf_puts(&text, "{\"symbol\":\"A\",bad\n\n  \n");
			if (f == 0)
				pe_buf_printf(&text, "{\"symbol\":\"S%zu\","
				    "\"time\":%zu,\"open\":1,\"high\":2,"
				    "\"low\":0.5,\"close\":%zu.25}\n", i % 7,
				    1700000000000 + i * 60000, i);
			else
				pe_buf_printf(&text, "S%zu,%zu,1,2,0.5,%zu.5%s",
				    i % 5, 1700000000 + i * 60, i,
				    f == 2 ? "\r\n" : i % 40 == 3 ? "\n\n" :
				    "\n");
		}
		if (f == 1)
			pe_buf_puts(&text, "S1,x,1,2,0.5,1\nS1,1800000000,1,2,0.5,9");
		a.len = b.len = 0;
		read_memory(text.p, &a);
		for (seed = 1; seed <= 8; seed++) {
			b.len = 0;
			read_pipe(text.p, &b, seed * 7919 + f);
			g.total++;
			if (a.len != b.len || memcmp(a.p, b.p, a.len) != 0)
				agg_fail(&g, "feed %zu seed %llu differs", f,
				    (unsigned long long)seed);
		}
	}
	CHECK_AGG(g, "a feed read from a pipe in pieces is the feed read at "
	    "once (JSONL, CSV, a BOM and CRLF; bad and blank lines)");
	CHECK(a.len > 400 * 10, "and it was read: %zu bytes", a.len);
	free(text.p);
	free(a.p);
	free(b.p);
}

/* text (at most a pipe's buffer) read through pe_live, described. */
static void
read_live(const char *text, struct pe_buf *b)
{
	struct pe_live *l;
	struct pe_error err;
	struct pe_row row;
	enum pe_bad bad;
	int fd[2], rc;

	if (pipe(fd) != 0 || write(fd[1], text, strlen(text)) !=
	    (ssize_t)strlen(text))
		abort();
	close(fd[1]);
	l = pe_live_open(fd[0], "feed", NULL, NULL, NULL);
	while ((rc = pe_live_next(l, &row, &bad, &err)) == PE_OK ||
	    rc == PE_ERR_DATA)
		describe(b, rc, &row, &err);
	pe_buf_printf(b, "end %d\n", rc);
	pe_live_free(l);
	close(fd[0]);
}

/* pe_live: the candles of either format, blank lines skipped, bad lines
 * told and read past, an empty feed an end. */
static void
test_live(void)
{
	struct pe_buf b = { 0 };

	read_live("\n{\"symbol\":\"A\",\"time\":1000,\"open\":1,"
	    "\"high\":2,\"low\":0.5,\"close\":1.5}\n\n{\"symbol\":\"A\",x}\n"
	    "{\"symbol\":\"B\",\"time\":2000,\"open\":1,\"high\":2,"
	    "\"low\":0.5,\"close\":1.25}\n", &b);
	CHECK_STR(b.p, "A 1000000 1.5 2\nerror 4 4 invalid JSON at column 15: "
	    "string or '}' expected near 'x'\nB 2000000 1.25 5\nend 1\n",
	    "JSONL: candles, a bad line told and read past, blank lines "
	    "skipped");
	b.len = 0;
	read_live("symbol,time,open,high,low,close\nA,1,1,2,0.5,1.5\n"
	    "A,x,1,2,0.5,1.5\n", &b);
	CHECK_STR(b.p, "A 1000 1.5 2\nerror 4 3 bad time 'x': not a date, "
	    "time or epoch number\nend 1\n", "CSV through the candle reader");
	b.len = 0;
	read_live("", &b);
	CHECK_STR(b.p, "end 1\n", "an empty feed is an end");
	b.len = 0;
	read_live("  \n\n", &b);
	CHECK_STR(b.p, "end 1\n", "a blank feed too");
	free(b.p);
}

/* The fast path takes the plain line, and leaves the rest to the reader. */
static void
test_fast(void)
{
	static const char *const yes[] = {
		"{\"symbol\":\"AAPL\",\"time\":\"2024-01-02\",\"open\":1,"
		    "\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":1000}\n",
		" { \"close\" : \"1.5\", \"time\":1704153600000,\"open\":\"1\","
		    "\"low\":0.5,\"high\":2e0,\"symbol\":\"B\" }\r\n",
	};
	static const char *const no[] = {
		"{\"s\":\"A\",\"time\":\"2024-01-02\",\"open\":1,\"high\":2,"
		    "\"low\":0.5,\"close\":1.5}",
		"{\"symbol\":\"A\",\"time\":\"2024-01-02\",\"open\":1,\"high\":1,"
		    "\"low\":0.5,\"close\":1.5}",
		"{\"symbol\":\"A\\u0041\",\"time\":\"2024-01-02\",\"open\":1,"
		    "\"high\":2,\"low\":0.5,\"close\":1.5}",
		"{\"symbol\":\"A\",\"time\":\"2024-01-02\",\"open\":01,"
		    "\"high\":2,\"low\":0.5,\"close\":1.5}",
		"{\"symbol\":\"A\",\"time\":\"2024-01-02\",\"open\":1,"
		    "\"high\":2,\"low\":0.5,\"close\":1.5} x",
		"{\"symbol\":\"A\",\"symbol\":\"B\",\"time\":\"2024-01-02\","
		    "\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5}",
	};
	char sym[PE_SYMBOL_MAX + 1];
	struct pe_row row;
	size_t i;

	memset(&row, 0, sizeof row);
	CHECK(pe_jsonl_fast(yes[0], strlen(yes[0]), &row, sym) == 1 &&
	    strcmp(row.symbol, "AAPL") == 0 && row.c.time ==
	    utc(2024, 1, 2, 0, 0, 0, 0) && !row.has_tod && row.c.open == 1 &&
	    row.c.high == 2 && row.c.low == 0.5 && row.c.close == 1.5 &&
	    row.c.volume == 1000, "the canonical line");
	CHECK(pe_jsonl_fast(yes[1], strlen(yes[1]), &row, sym) == 1 &&
	    strcmp(row.symbol, "B") == 0 && row.c.time == 1704153600000 &&
	    row.has_tod && row.c.open == 1 && row.c.high == 2 &&
	    isnan(row.c.volume), "any order, strings, blanks, no volume");
	for (i = 0; i < sizeof no / sizeof *no; i++)
		CHECK(pe_jsonl_fast(no[i], strlen(no[i]), &row, sym) == 0,
		    "left to the reader: %s", no[i]);
}

int
main(void)
{
	test_fates();
	test_gate();
	test_on_close();
	test_table();
	test_reload();
	test_digits();
	test_symbols();
	test_window();
	test_csv();
	test_short();
	test_stats_text();
	test_hist();
	test_input();
	test_live();
	test_fast();
	return done();
}
