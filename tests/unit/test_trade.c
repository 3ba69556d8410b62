/*
 * test_trade.c: pe_trade_parse, reading back pe-backtest's trade lines
 * (what pe-chart's --trades draws): the example line, shorts,
 * ISO and epoch times, lines that are no trade (stats lines, blank
 * lines, lines without a type), and the exact sentence of each kind of
 * bad line, checked in a fixed order.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pe_trade.h"

/* The example line. */
#define AAPL "{\"type\":\"trade\",\"symbol\":\"AAPL\",\"side\":\"long\"," \
	"\"entry\":\"buy\",\"entry_time\":\"2024-01-02\",\"entry_price\":" \
	"185.6,\"exit\":\"sell\",\"exit_time\":\"2024-02-01\",\"exit_price\":" \
	"190.1,\"reason\":\"signal\",\"bars\":21,\"return\":0.0231,\"mae\":" \
	"-0.031,\"mfe\":0.045}"

static int
parse(const char *line, struct pe_trade *t)
{
	return pe_trade_parse(line, strlen(line), t, NULL);
}

static void
test_trades(void)
{
	struct pe_trade t;
	int rc;

	rc = parse(AAPL "\n", &t);
	CHECK(rc == 1 && strcmp(t.symbol, "AAPL") == 0 && t.side == 1 &&
	    t.entry_time == utc(2024, 1, 2, 0, 0, 0, 0) &&
	    t.exit_time == utc(2024, 2, 1, 0, 0, 0, 0) &&
	    t.entry_price == 185.6 && t.exit_price == 190.1 &&
	    t.reason == PE_BT_SIGNAL && t.bars == 21 && t.ret == 0.0231 &&
	    t.mae == -0.031 && t.mfe == 0.045 && t.has_tod == 0,
	    "the issue's line: every field (%d)", rc);
	rc = parse("{\"type\":\"trade\",\"side\":\"short\",\"exit\":null,"
	    "\"entry_time\":\"2024-01-02T14:30:00Z\",\"entry_price\":10,"
	    "\"exit_time\":1704213000,\"exit_price\":9.5,\"return\":0.05,"
	    "\"reason\":\"target\"}", &t);
	CHECK(rc == 1 && t.symbol[0] == '\0' && t.side == -1 &&
	    t.entry_time == utc(2024, 1, 2, 14, 30, 0, 0) &&
	    t.exit_time == utc(2024, 1, 2, 16, 30, 0, 0) &&
	    t.reason == PE_BT_TARGET && t.bars == -1 && isnan(t.mae) &&
	    isnan(t.mfe) && t.has_tod == 1,
	    "a short, ISO and epoch times, no symbol, bars, mae or mfe");
	rc = parse("{\"type\":\"trade\",\"side\":\"long\",\"entry_time\":"
	    "\"2024-01-02\",\"entry_price\":1,\"exit_time\":\"2024-01-02\","
	    "\"exit_price\":1,\"return\":0,\"mae\":null,\"bars\":0}", &t);
	CHECK(rc == 1 && t.bars == 0 && isnan(t.mae) && t.ret == 0,
	    "exit on the entry's bar, bars 0, a null mae");
	CHECK(parse("{\"type\":\"stats\",\"symbol\":\"AAPL\",\"trades\":3}",
	    &t) == 0, "a stats line is no trade");
	CHECK(parse("{\"symbol\":\"X\",\"status\":\"error\"}", &t) == 0,
	    "a line without a type is no trade");
	CHECK(parse("{\"type\":7,\"side\":\"up\"}", &t) == 0,
	    "a type that is no string: no trade");
	CHECK(parse(" \t\r\n", &t) == 0, "a blank line");
	CHECK(parse("", &t) == 0, "an empty line");
	CHECK(parse("{\"type\":\"trade\",\"side\":\"long\",\"entry_time\":"
	    "\"2024-01-02\",\"entry_price\":1,\"exit_time\":\"2024-01-03\","
	    "\"exit_price\":1,\"return\":0,\"reason\":\"end\"}", &t) == 1 &&
	    t.reason == PE_BT_END, "the reasons are pe-backtest's");
}

/* The sentence for a bad line ("" when it is not refused). */
static const char *
why_of(const char *line)
{
	static struct pe_error err;
	struct pe_trade t;

	pe_error_clear(&err);
	if (pe_trade_parse(line, strlen(line), &t, &err) >= 0)
		return "";
	return err.code == PE_ERR_DATA && err.line == 0 ? err.msg : "?";
}

/* AAPL with member key's value replaced by value ("" drops it). */
static const char *
with(const char *key, const char *value)
{
	static char line[600];
	char pat[40];
	const char *p, *e;
	int n;

	snprintf(pat, sizeof pat, "\"%s\":", key);
	p = strstr(AAPL, pat);
	e = p + strlen(pat);
	e += strcspn(e, ",}");
	if (*value == '\0') {
		n = snprintf(line, sizeof line, "%.*s%s", (int)(p - AAPL),
		    AAPL, e + (*e == ','));
		if (line[n - 1] == '}' && line[n - 2] == ',')
			memmove(line + n - 2, "}", 2);
	} else
		snprintf(line, sizeof line, "%.*s%s%s%s", (int)(p - AAPL),
		    AAPL, pat, value, e);
	return line;
}

static void
test_messages(void)
{
	CHECK_STR(why_of(with("side", "\"long\"")), "", "the line itself");
	CHECK_STR(why_of("[1]"), "not a JSON object", "an array");
	CHECK_STR(why_of("{\"type\":\"trade\","), "not a JSON object",
	    "a comma, then the end");
	CHECK_STR(why_of(AAPL " x"), "not a JSON object", "trailing bytes");
	CHECK_STR(why_of("{\"type\":\"stats\",\"x\":tru}"),
	    "bad JSON in the value of \"x\"", "bad JSON in any line");
	CHECK_STR(why_of(with("bars", "[1,}")),
	    "bad JSON in the value of \"bars\"", "the key is named");
	CHECK_STR(why_of("{\"a\\u0001\":\"\\q\"}"),
	    "bad JSON in the value of \"a?\"", "a control character in it");
	CHECK_STR(why_of(with("side", "")), "missing \"side\"", "no side");
	CHECK_STR(why_of(with("side", "\"buy\"")),
	    "\"side\" is not \"long\" or \"short\"", "a bad side");
	CHECK_STR(why_of(with("side", "1")),
	    "\"side\" is not \"long\" or \"short\"", "a side not a string");
	CHECK_STR(why_of(with("entry_time", "")), "missing \"entry_time\"",
	    "no entry_time");
	CHECK_STR(why_of(with("entry_time", "\"2024-02-30\"")),
	    "\"entry_time\" is not a time: day out of range", "a bad day");
	CHECK_STR(why_of(with("exit_time", "null")),
	    "\"exit_time\" is not a time", "a null exit_time");
	CHECK_STR(why_of(with("entry_price", "\"185.6\"")),
	    "\"entry_price\" is not a number", "a price as a string");
	CHECK_STR(why_of(with("exit_price", "1e400")),
	    "\"exit_price\" is not a number", "a price out of range");
	CHECK_STR(why_of(with("exit_price", "")), "missing \"exit_price\"",
	    "no exit_price");
	CHECK_STR(why_of(with("exit_time", "\"2023-12-29\"")),
	    "\"exit_time\" is before \"entry_time\"", "an exit before entry");
	CHECK_STR(why_of(with("reason", "\"stopped\"")),
	    "\"reason\" is not one of signal, stop, trail, target, time, end",
	    "an unknown reason");
	CHECK_STR(why_of(with("bars", "2.5")),
	    "\"bars\" is not a whole number >= 0", "fractional bars");
	CHECK_STR(why_of(with("bars", "-1")),
	    "\"bars\" is not a whole number >= 0", "negative bars");
	CHECK_STR(why_of(with("return", "null")),
	    "\"return\" is not a number", "a null return");
	CHECK_STR(why_of(with("return", "")), "missing \"return\"",
	    "no return");
	CHECK_STR(why_of(with("mfe", "true")), "\"mfe\" is not a number",
	    "a bad mfe");
	CHECK_STR(why_of(with("symbol", "[]")),
	    "\"symbol\" is not a string of at most 255 bytes",
	    "a symbol not a string");
	/* the first fault in pe-backtest's order of keys is the one said */
	CHECK_STR(why_of("{\"type\":\"trade\",\"return\":null,\"side\":1}"),
	    "\"side\" is not \"long\" or \"short\"", "side before return");
}

/* pe_trade_read over text, read as "t.jsonl". */
static int
read_text(const char *text, struct pe_trade **v, size_t *n,
    struct pe_error *err)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int rc;

	if (fp == NULL)	/* glibc refuses a size of 0: an empty file */
		fp = fopen("/dev/null", "r");
	rc = pe_trade_read(fp, "t.jsonl", v, n, err);
	fclose(fp);
	return rc;
}

static void
test_read(void)
{
	struct pe_trade *v = NULL;
	struct pe_error err;
	size_t n = 9;
	int rc;

	rc = read_text(AAPL "\n\n{\"type\":\"stats\",\"trades\":2}\n"
	    "{\"type\":\"trade\",\"symbol\":\"MSFT\",\"side\":\"short\","
	    "\"entry_time\":\"2024-03-01\",\"entry_price\":400,"
	    "\"exit_time\":\"2024-03-04\",\"exit_price\":390,\"return\":"
	    "0.025}", &v, &n, &err);
	CHECK(rc == PE_OK && n == 2 && strcmp(v[0].symbol, "AAPL") == 0 &&
	    strcmp(v[1].symbol, "MSFT") == 0 && v[1].side == -1 &&
	    v[1].exit_price == 390, "two trades of four lines, in order");
	free(v);
	rc = read_text(AAPL "\n" AAPL "\n{\"type\":\"trade\"}\n" AAPL,
	    &v, &n, &err);
	CHECK(rc == PE_ERR_DATA && v == NULL && n == 0 && err.line == 3 &&
	    strcmp(err.path, "t.jsonl") == 0 &&
	    strcmp(err.msg, "missing \"side\"") == 0,
	    "a bad third line: %d %ld %s", rc, err.line, err.msg);
	rc = read_text("", &v, &n, &err);
	CHECK(rc == PE_OK && v == NULL && n == 0, "an empty file");
}

int
main(void)
{
	test_trades();
	test_messages();
	test_read();
	return done();
}
