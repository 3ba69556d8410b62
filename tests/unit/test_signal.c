/*
 * test_signal.c: the lines pe_signal makes (the names of their formulas
 * and values, the CSV header), and pe_signal_parse, reading back a
 * signal line's symbol, time and type (what pe-chart's --signals needs):
 * pe-eval's lines, epoch times, escapes, lines that are no signal, and
 * the sentence each kind of bad line gets.  (The checks from "a pe-eval
 * line" to "no colon" were test_chart.c's while the parser was
 * pe_chart_signal_parse.)
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pe_signal.h"

/*
 * Two unnamed formulas and two --values over four bars (close 2d, open
 * 2d - 1, high close, low open): every value by its name, once (close -
 * open, sma's input and a --values, is e1 for both), in the order of the
 * header; the formulas as f1 and f2.
 */
static void
test_lines(void)
{
	static const struct pe_plan_arg args[] = {
		{ "sma(close - open, 2) > 0 and close > highest(high[1], 2)",
		    0, PE_PR_SIGNAL, NULL },
		{ "sma(2) > 0", 0, PE_PR_SIGNAL, NULL },
		{ "close - open", 0, PE_PR_VALUE, NULL },
		{ "rsi(14)", 0, PE_PR_VALUE, NULL },
	};
	struct pe_series *s = pe_series_new("S");
	struct pe_plan *p = NULL;
	struct pe_plan_vec *v = NULL;
	struct pe_signal *sg = NULL;
	struct pe_buf b = { 0 };
	struct pe_candle c;
	char **diag = NULL;
	int d;

	for (d = 1; d <= 4; d++) {
		c.time = utc(2024, 1, d, 0, 0, 0, 0);
		c.open = c.low = 2 * d - 1;
		c.close = c.high = 2 * d;
		c.volume = 100;
		pe_series_push(s, &c, 0);
	}
	if (pe_plan_build(args, 4, 0, &p, &diag, NULL) != PE_OK ||
	    (v = pe_plan_vec_new(p, NULL)) == NULL ||
	    pe_plan_run(v, s, NULL) != PE_OK ||
	    (sg = pe_signal_new(p, NULL)) == NULL) {
		CHECK(0, "the plan builds and runs");
		goto out;
	}
	pe_signal_header(sg, &b);
	CHECK_STR(b.p, "symbol,time,formula,type,open,high,low,close,volume,"
	    "sma_2_e1,highest_2_e2,sma_2,e1,rsi_14\n", "the CSV header: the "
	    "formulas' values, then the --values");
	b.len = 0;
	pe_signal_line(sg, v, s, "\"S\"", 2, 0, 1, &b);
	CHECK_STR(b.p, "{\"symbol\":\"S\",\"time\":\"2024-01-03\",\"formula\":"
	    "\"f1\",\"type\":\"scan_hit\",\"candle\":{\"open\":5,\"high\":6,"
	    "\"low\":5,\"close\":6,\"volume\":100},\"values\":{\"sma_2_e1\":1,"
	    "\"highest_2_e2\":4,\"e1\":1,\"rsi_14\":null}}\n",
	    "f1's JSONL: its values, then the --values");
	b.len = 0;
	pe_signal_line(sg, v, s, "\"S\"", 2, 1, 1, &b);
	CHECK_STR(b.p, "{\"symbol\":\"S\",\"time\":\"2024-01-03\",\"formula\":"
	    "\"f2\",\"type\":\"scan_hit\",\"candle\":{\"open\":5,\"high\":6,"
	    "\"low\":5,\"close\":6,\"volume\":100},\"values\":{\"sma_2\":5,"
	    "\"e1\":1,\"rsi_14\":null}}\n", "f2's JSONL");
	b.len = 0;
	pe_signal_line(sg, v, s, "S", 2, 1, 0, &b);
	CHECK_STR(b.p, "S,2024-01-03,f2,scan_hit,5,6,5,6,100,1,4,5,1,\n",
	    "a CSV row: every column, no quotes");
out:
	free(b.p);
	pe_signal_free(sg);
	pe_plan_vec_free(v);
	pe_plan_free(p);
	pe_plan_diags_free(diag);
	pe_series_free(s);
}

static int
sig(const char *line, struct pe_signal_match *s)
{
	const char *why;

	return pe_signal_parse(line, strlen(line), s, &why);
}

static void
test_signals(void)
{
	struct pe_signal_match s;
	int rc;

	rc = sig("{\"symbol\":\"AAPL\",\"time\":\"2024-01-02\",\"formula\":"
	    "\"a}b\",\"type\":\"entry\",\"candle\":{\"open\":1},\"values\":"
	    "{\"rsi_14\":null,\"x\":[1,{\"y\":\"}\"}]}}\n", &s);
	CHECK(rc == 1 && strcmp(s.symbol, "AAPL") == 0 && s.time ==
	    utc(2024, 1, 2, 0, 0, 0, 0) && s.type == PE_FT_ENTRY,
	    "a pe-eval line: %d %s", rc, s.symbol);
	rc = sig(" { \"time\" : 1704153600 , \"type\" : \"exit\" } ", &s);
	CHECK(rc == 1 && s.symbol[0] == '\0' && s.time ==
	    utc(2024, 1, 2, 0, 0, 0, 0) && s.type == PE_FT_EXIT,
	    "epoch seconds, blanks, no symbol");
	rc = sig("{\"symbol\":\"A\\\"\\u00e9\\ud83d\\ude00\",\"time\":"
	    "\"2024-01-02T09:30:00Z\"}", &s);
	CHECK(rc == 1 && strcmp(s.symbol, "A\"\xc3\xa9\xf0\x9f\x98\x80") ==
	    0 && s.type == PE_FT_SCAN && s.time ==
	    utc(2024, 1, 2, 9, 30, 0, 0), "escapes; no type is scan_hit");
	CHECK(sig("{\"symbol\":\"X\",\"status\":\"error\",\"reason\":\"no "
	    "data\"}", &s) == 0, "a result line is no signal");
	CHECK(sig("  \r\n", &s) == 0, "a blank line is no signal");
	CHECK(sig("[1]", &s) == -1, "an array");
	CHECK(sig("{\"time\":\"2024-01-02\"", &s) == -1, "no closing brace");
	CHECK(sig("{\"time\":\"2024-01-02\"} x", &s) == -1, "trailing bytes");
	CHECK(sig("{\"time\":\"2024-13-02\"}", &s) == -1, "a bad month");
	CHECK(sig("{\"time\":\"2024-01-02\",\"type\":\"buy\"}", &s) == -1,
	    "an unknown type");
	CHECK(sig("{\"time\":\"2024-01-02\",\"symbol\":\"\\x\"}", &s) == -1,
	    "a bad escape");
	CHECK(sig("{\"time\" \"2024-01-02\"}", &s) == -1, "no colon");
}

/* The sentence for a bad line ("" when the line is not refused). */
static const char *
why_of(const char *line)
{
	struct pe_signal_match s;
	const char *why = "";

	return pe_signal_parse(line, strlen(line), &s, &why) < 0 ? why : "";
}

static void
test_messages(void)
{
	static const char *const shape = "not a JSON object";
	static const char *const value =
	    "bad value of \"symbol\", \"time\" or \"type\"";
	char line[400];

	CHECK_STR(why_of("[1]"), shape, "an array");
	CHECK_STR(why_of("{\"time\":\"2024-01-02\","), shape,
	    "a comma, then the end");
	CHECK_STR(why_of("{\"time\":\"2024-01-02\"} x"), shape,
	    "trailing bytes");
	CHECK_STR(why_of("{\"\\x\":1}"), shape, "a bad escape in a key");
	CHECK_STR(why_of("{\"symbol\":\"\\x\",\"time\":\"2024-01-02\"}"), value,
	    "a bad escape in a value");
	CHECK_STR(why_of("{\"other\":[1,}"), value, "a bad value of any key");
	CHECK_STR(why_of("{\"time\":"), value, "no value at the end");
	memset(line, 'a', sizeof line);
	memcpy(line, "{\"symbol\":\"", 11);
	strcpy(line + 11 + 256, "\",\"time\":\"2024-01-02\"}");
	CHECK_STR(why_of(line), value, "a symbol of 256 bytes");
	line[11 + 255] = '"';
	strcpy(line + 11 + 256, ",\"time\":\"2024-01-02\"}");
	CHECK_STR(why_of(line), "", "a symbol of 255 bytes");
	CHECK_STR(why_of("{\"time\":\"2024-01-02\",\"type\":"
	    "\"scan_hit_and_more\"}"), value, "a type of 17 bytes");
	CHECK_STR(why_of("{\"time\":\"2024-01-02\",\"type\":\"buy\"}"),
	    "unknown type (expected scan_hit, entry, exit, short or cover)",
	    "unknown type");
	CHECK(strcmp(why_of("{\"time\":\"2024-13-02\"}"), "") != 0 &&
	    strcmp(why_of("{\"time\":\"2024-13-02\"}"), value) != 0 &&
	    strcmp(why_of("{\"time\":\"2024-13-02\"}"), shape) != 0,
	    "a bad time: pe_time_parse's reason (%s)",
	    why_of("{\"time\":\"2024-13-02\"}"));
}

/* Values that are not strings, and text that is UTF-8 already. */
static void
test_kinds(void)
{
	struct pe_signal_match s;
	int rc;

	rc = sig("{\"symbol\":7,\"type\":null,\"time\":1704153600000}", &s);
	CHECK(rc == 1 && s.symbol[0] == '\0' && s.type == PE_FT_SCAN &&
	    s.time == utc(2024, 1, 2, 0, 0, 0, 0),
	    "a number symbol and a null type are ignored; epoch ms");
	CHECK(sig("{\"time\":\"\"}", &s) == 0, "an empty time: no signal");
	rc = sig("{\"symbol\":\"Soci\xc3\xa9t\xc3\xa9\",\"time\":"
	    "\"2024-01-02\",\"symbol\":\"B\"}", &s);
	CHECK(rc == 1 && strcmp(s.symbol, "B") == 0, "the last symbol wins");
	rc = sig("{\"symbol\":\"Soci\xc3\xa9t\xc3\xa9\",\"time\":"
	    "\"2024-01-02\"}", &s);
	CHECK(rc == 1 && strcmp(s.symbol, "Soci\xc3\xa9t\xc3\xa9") == 0,
	    "a UTF-8 symbol comes back as written");
}

int
main(void)
{
	test_lines();
	test_signals();
	test_messages();
	test_kinds();
	return done();
}
