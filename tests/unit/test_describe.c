/*
 * test_describe.c: pe-indicators --list's texts (lib/ind/describe.c):
 * the table for people and one indicator in full, laid out within a
 * width for every registry entry; the CSV rows; the lookup of a NAME
 * that may be a spec or a two-series indicator's bare name.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pe_ind.h"

/* Whether every line of text is at most width bytes and ends in no
 * blank; *bad the first that is not. */
static int
lines_fit(const char *text, size_t width, const char **bad)
{
	const char *p, *e;

	for (p = text; *p != '\0'; p = e + 1) {
		if ((e = strchr(p, '\n')) == NULL)
			e = p + strlen(p);
		if ((size_t)(e - p) > width || (e > p && e[-1] == ' ')) {
			*bad = p;
			return 0;
		}
		if (*e == '\0')
			break;
	}
	return 1;
}

/* The specs of every registry entry, by name. */
static struct pe_ind_spec *
every_spec(size_t *n)
{
	struct pe_ind_spec *s;
	size_t i;

	*n = pe_ind_count();
	if ((s = calloc(*n, sizeof *s)) == NULL)
		return NULL;
	for (i = 0; i < *n; i++)
		pe_ind_spec_lookup(pe_ind_at(i)->name, &s[i], NULL);
	return s;
}

static void
test_table(void)
{
	static const char head[] = "NAME                 PARAMETERS         "
	    "DESCRIPTION\nsma                  period=30          simple "
	    "moving average: the mean of the\n                            "
	    "            last n values\n";
	struct pe_buf b = { 0 };
	struct pe_ind_spec *s;
	const char *bad = "", *p;
	size_t n, i, width;
	int in_order = 1;

	if ((s = every_spec(&n)) == NULL)
		return;
	for (width = 60; width <= 100; width += 20) {
		b.len = 0;
		CHECK(pe_ind_list(s, n, PE_IND_TABLE, width, &b) == PE_OK,
		    "the table at %zu columns", width);
		CHECK(lines_fit(b.p, width, &bad), "the table fits %zu "
		    "columns, no line ends in a blank (%.40s)", width, bad);
	}
	b.len = 0;
	pe_ind_list(s, n, PE_IND_TABLE, 80, &b);
	CHECK(strncmp(b.p, head, strlen(head)) == 0,
	    "the header and sma's row, its description wrapped");
	/* each name starts a line, in the registry's order */
	for (i = 0, p = b.p; i < n && in_order; i++) {
		while ((p = strchr(p, '\n')) != NULL && (p[1] == ' ' ||
		    strncmp(p + 1, s[i].info->name,
		    strlen(s[i].info->name)) != 0))
			p++;
		in_order = p != NULL;
		if (p != NULL)
			p++;
	}
	CHECK(in_order, "every indicator has its row, in order");
	CHECK(strstr(b.p, "\nbbands               period=5           "
	    "Bollinger bands: MA(n) +/- k population\n                     "
	    "nbdevup=2          standard deviations\n                     "
	    "nbdevdn=nbdevup\n                     matype=sma\n") != NULL,
	    "bbands' parameters a line each where two do not fit");
	free(b.p);
	free(s);
}

static void
test_long(void)
{
	struct pe_buf b = { 0 };
	struct pe_ind_spec *s, one;
	const char *bad = "";
	size_t n, width;
	int ok;

	if ((s = every_spec(&n)) == NULL)
		return;
	for (width = 60; width <= 80; width += 20) {
		b.len = 0;
		ok = pe_ind_list(s, n, PE_IND_LONG, width, &b) == PE_OK;
		CHECK(ok && lines_fit(b.p, width, &bad), "every indicator "
		    "in full fits %zu columns (%.40s)", width, bad);
	}
	pe_ind_spec_lookup("rsi", &one, NULL);
	b.len = 0;
	pe_ind_describe_long(&one, 80, &b);
	CHECK_STR(b.p, "rsi - relative strength index (Wilder): 100 * avg "
	    "gain / (avg gain + avg loss)\n"
	    "\n"
	    "  inputs      one series: close, or the one @INPUT names\n"
	    "  parameters  period  a whole number from 2 to 100000; "
	    "default 14\n"
	    "  outputs     rsi  column rsi_14\n"
	    "  lookback    14 bars before the first value\n"
	    "  spec        rsi:14\n"
	    "  formula     rsi(close, 14)\n", "rsi in full");
	/* a spec's own parameters and input */
	pe_ind_spec_parse("ma:9:ema@high.ma", &one, NULL);
	b.len = 0;
	pe_ind_describe_long(&one, 80, &b);
	CHECK(strstr(b.p, "  outputs     ma  column ma_9_ema_high\n"
	    "  lookback    8 bars before the first value\n"
	    "  spec        ma:9:ema@high\n"
	    "  formula     ma(high, 9, ema)\n") != NULL,
	    "a spec's columns, lookback, spec and call");
	pe_ind_spec_lookup("sar", &one, NULL);
	b.len = 0;
	pe_ind_describe_long(&one, 80, &b);
	CHECK(strstr(b.p, "  lookback    1 bar before the first value\n") !=
	    NULL, "one bar, singular");
	free(b.p);
	free(s);
}

static long
no_lookback(const double *p)
{
	(void)p;
	return 0;
}

/* A word longer than its column is cut, not left to pass the width. */
static void
test_long_word(void)
{
	static const struct pe_ind_info fake = {
		.name = "fake",
		.desc = "a 0123456789012345678901234567890123456789012345678901"
		    "234567890123456789 word",
		.inputs = PE_IN_HIGH, .nparams = 1,
		.param = { { "averyveryveryverylongparametername", PE_P_REAL,
		    1, 0, 2 } },
		.nout = 1, .out = { "fake" }, .lookback = no_lookback
	};
	struct pe_ind_spec s = { &fake, { 1 }, 0, 0, -1 };
	struct pe_buf b = { 0 };
	const char *bad = "";

	pe_ind_list(&s, 1, PE_IND_TABLE, 60, &b);
	CHECK(lines_fit(b.p, 60, &bad), "a long word in the table (%.40s)",
	    bad);
	CHECK(strstr(b.p, "0123456789") != NULL && strstr(b.p, "word") !=
	    NULL, "cut, not lost");
	b.len = 0;
	pe_ind_describe_long(&s, 60, &b);
	CHECK(lines_fit(b.p, 60, &bad), "a long word in full (%.40s)", bad);
	free(b.p);
}

static void
test_lookup_csv(void)
{
	struct pe_buf b = { 0 };
	struct pe_ind_spec s;
	struct pe_error err;

	CHECK(pe_ind_spec_lookup("correl", &s, &err) == PE_OK &&
	    s.y == 0 && s.p[0] == 30, "a two-series bare name, no inputs");
	b.len = 0;
	pe_ind_describe_long(&s, 80, &b);
	CHECK(strstr(b.p, "  spec        correl:30@high,low\n"
	    "  formula     correl(high, low, 30)\n") != NULL,
	    "shown over high and low");
	CHECK(pe_ind_spec_lookup("correl:30", &s, &err) == PE_ERR_USAGE,
	    "a two-series spec still needs its inputs");
	CHECK(pe_ind_spec_lookup("smaa", &s, &err) == PE_ERR_USAGE,
	    "an unknown name");
	CHECK_STR(err.msg, "unknown indicator 'smaa' (did you mean 'sma'?)",
	    "with the spec's suggestion");
	pe_ind_spec_lookup("bbands", &s, NULL);
	b.len = 0;
	CHECK(pe_ind_list(&s, 1, PE_IND_CSV, 80, &b) == PE_OK, "CSV");
	CHECK_STR(b.p, "name,inputs,parameters,outputs,lookback,description\n"
	    "bbands,x,\"period=5, nbdevup=2, nbdevdn=nbdevup, matype=sma\","
	    "\"upper,middle,lower\",4,Bollinger bands: MA(n) +/- k population "
	    "standard deviations\n", "CSV: a header, fields quoted as needed");
	b.len = 0;
	CHECK(pe_ind_list(&s, 1, PE_IND_JSONL, 80, &b) == PE_OK &&
	    strncmp(b.p, "{\"name\":\"bbands\",", 17) == 0 &&
	    b.p[b.len - 1] == '\n', "JSONL: the object's line");
	free(b.p);
}

int
main(void)
{
	test_table();
	test_long();
	test_long_word();
	test_lookup_csv();
	return done();
}
