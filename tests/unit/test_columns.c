/*
 * test_columns.c: formulas as columns and lines (pe_columns_build,
 * pe_columns_name): every formula a value, tags kept; the name checks of
 * PE_COLUMNS_NAMED (no name, a taken name, an earlier formula's, across
 * sources and in any case) and PE_COLUMNS_LINES (a number needs a name, a
 * condition does not), each diagnostic rendered with its caret and in
 * source order; parse errors, an unreadable file; the values, the same as
 * a --values plan's.
 *
 * The formula files are written into a temporary directory and removed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "pe_columns.h"
#include "pe_plan.h"
#include "pe_series.h"

static char dir[] = "/tmp/pe-test-columns-XXXXXX";

/* Write text into dir/name; its path (static, overwritten by the next). */
static const char *
file(const char *name, const char *text)
{
	static char path[128];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((fp = fopen(path, "w")) == NULL)
		return "/nonexistent";
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Build args[0..n) with flags and taken; every diagnostic joined by "\n"
 * into out (or "" when none), the return code as pe_columns_build's. */
static int
build(const struct pe_plan_arg *args, size_t n, unsigned flags,
    const struct pe_column_taken *taken, size_t ntaken,
    struct pe_plan **plan, char *out, size_t cap)
{
	struct pe_error err;
	char **diag;
	size_t i, len = 0;
	int rc;

	rc = pe_columns_build(args, n, flags, taken, ntaken, plan, &diag, &err);
	out[0] = '\0';
	for (i = 0; diag != NULL && diag[i] != NULL && len < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s%s",
		    i ? "\n" : "", diag[i]);
	if (rc == PE_ERR_IO && len < cap)
		snprintf(out, cap, "%s: %s", err.path, err.msg);
	pe_plan_diags_free(diag);
	return rc;
}

#define EXPR(t) { (t), 0, PE_PR_SIGNAL, NULL }

static const struct pe_column_taken candles[] = {
	{ "time", "the candles" }, { "close", "the candles" },
	{ "sma_20", "indicator sma:20" },
};

static void
test_names(void)
{
	struct pe_plan_arg a[3] = { EXPR("HA: ohlc4"),
	    EXPR("@entry Up: close > open") };
	struct pe_plan *p = NULL;
	char out[2048];
	char *name;
	int rc;

	rc = build(a, 2, PE_COLUMNS_NAMED, candles, 3, &p, out, sizeof out);
	CHECK(rc == PE_OK && p != NULL && p->nformulas == 2,
	    "two named columns: %d %s", rc, out);
	/* roles are not read: a number and a condition, the tag kept */
	CHECK(p != NULL && p->formula[0].role == PE_PR_VALUE &&
	    p->node[p->formula[0].root].type == PE_VT_NUM &&
	    p->node[p->formula[1].root].type == PE_VT_BOOL &&
	    p->formula[1].type == PE_FT_ENTRY &&
	    strcmp(p->formula[1].name, "Up") == 0, "values, tag and name kept");
	pe_plan_free(p);
	name = pe_columns_name("Chandelier_Long2");
	CHECK_STR(name, "chandelier_long2", "the column: lower case");
	free(name);

	a[0] = (struct pe_plan_arg)EXPR("close - open");
	rc = build(a, 1, PE_COLUMNS_NAMED, NULL, 0, &p, out, sizeof out);
	CHECK(rc == PE_ERR_USAGE && p == NULL, "no name: %d", rc);
	CHECK_STR(out, "formula:1:1: a column needs a name: write 'name: "
	    "expression'\n  close - open\n  ^~~~~~~~~~~~", "no name");
	/* without PE_COLUMNS_NAMED, a value needs no name */
	rc = build(a, 1, 0, NULL, 0, &p, out, sizeof out);
	CHECK(rc == PE_OK && p != NULL, "no flag: no check: %d", rc);
	pe_plan_free(p);

	a[0] = (struct pe_plan_arg)EXPR("Close: 1");
	a[1] = (struct pe_plan_arg)EXPR("sma_20: 2");
	a[2] = (struct pe_plan_arg)EXPR("x: close - open");
	rc = build(a, 3, PE_COLUMNS_NAMED, candles, 3, &p, out, sizeof out);
	CHECK(rc == PE_ERR_USAGE && p == NULL, "taken: %d", rc);
	CHECK_STR(out, "formula:1:1: column 'close' is taken by the candles\n"
	    "  Close: 1\n  ^~~~~\n"
	    "formula:1:1: column 'sma_20' is taken by indicator sma:20\n"
	    "  sma_20: 2\n  ^~~~~~", "names of the candles and indicators");
}

static void
test_files(void)
{
	struct pe_plan_arg a[3];
	struct pe_plan *p = NULL;
	char out[2048], f1[128], want[1024];
	int rc;

	/* a clash across files and with an -e, in any case; lets are no
	 * columns; every diagnostic in source order */
	snprintf(f1, sizeof f1, "%s", file("f.pe", "let a = 1\nHA: ohlc4\n"
	    "b: a\nB2: 2 # more\n"));
	a[0] = (struct pe_plan_arg){ f1, 1, PE_PR_SIGNAL, NULL };
	a[1] = (struct pe_plan_arg){ file("g.pe", "# g\nb2: 3\nc: 4\n"
	    "  ha: 5\n"), 1, PE_PR_SIGNAL, NULL };
	a[2] = (struct pe_plan_arg)EXPR("A: 6");
	rc = build(a, 3, PE_COLUMNS_NAMED, NULL, 0, &p, out, sizeof out);
	CHECK(rc == PE_ERR_USAGE && p == NULL, "clashes: %d", rc);
	snprintf(want, sizeof want, "%s/g.pe:2:1: column 'b2' is taken by "
	    "formula 'B2' at %s:4:1\n  b2: 3\n  ^~\n"
	    "%s/g.pe:4:3: column 'ha' is taken by formula 'HA' at %s:2:1\n"
	    "    ha: 5\n    ^~", dir, f1, dir, f1);
	CHECK_STR(out, want, "clashes across files");
	/* a let's name is no column: 'a' is free */
	a[1] = (struct pe_plan_arg){ file("g.pe", "c: 4\n"), 1, PE_PR_SIGNAL, NULL };
	rc = build(a, 3, PE_COLUMNS_NAMED, NULL, 0, &p, out, sizeof out);
	CHECK(rc == PE_OK && p != NULL && p->nformulas == 5 &&
	    strcmp(p->formula[4].name, "A") == 0, "lets make no column: %d %s",
	    rc, out);
	pe_plan_free(p);
	/* two -e: the earlier is no file */
	a[0] = (struct pe_plan_arg)EXPR("x: 1");
	a[1] = (struct pe_plan_arg)EXPR("X: 2");
	rc = build(a, 2, PE_COLUMNS_NAMED, NULL, 0, &p, out, sizeof out);
	CHECK_STR(out, "formula:1:1: column 'x' is taken by formula 'x' of an "
	    "earlier -e\n  X: 2\n  ^", "clash of two -e");
	/* parse errors of every source, nothing else checked */
	a[0] = (struct pe_plan_arg)EXPR("x: sma(close, 20 > 3");
	a[1] = (struct pe_plan_arg)EXPR("close - open");
	rc = build(a, 2, PE_COLUMNS_NAMED, NULL, 0, &p, out, sizeof out);
	CHECK(rc == PE_ERR_USAGE, "a parse error: %d", rc);
	CHECK_STR(out, "formula:1:21: expected ')' to close '(' opened at 1:7"
	    "\n  x: sma(close, 20 > 3\n                      ^",
	    "the parse error alone");
	a[0] = (struct pe_plan_arg){ "/nonexistent/f.pe", 1, PE_PR_SIGNAL, NULL };
	rc = build(a, 1, PE_COLUMNS_NAMED, NULL, 0, &p, out, sizeof out);
	CHECK(rc == PE_ERR_IO && p == NULL, "no file: %d", rc);
	CHECK_STR(out, "/nonexistent/f.pe: No such file or directory",
	    "no file");
	unlink(file("f.pe", ""));
	unlink(file("g.pe", ""));
}

static void
test_lines(void)
{
	struct pe_plan_arg a[3] = { EXPR("rsi(14) < 30"),
	    EXPR("m: sma(close, 5)"), EXPR("@exit close - open") };
	struct pe_plan *p = NULL;
	char out[2048];
	int rc;

	rc = build(a, 3, PE_COLUMNS_LINES, NULL, 0, &p, out, sizeof out);
	CHECK(rc == PE_ERR_USAGE && p == NULL, "an unnamed number: %d", rc);
	CHECK_STR(out, "formula:1:7: a number is drawn as a line and needs a "
	    "name: write 'name: expression'\n  @exit close - open\n"
	    "        ^~~~~~~~~~~~", "a line needs a name");
	rc = build(a, 2, PE_COLUMNS_LINES, NULL, 0, &p, out, sizeof out);
	CHECK(rc == PE_OK && p != NULL && p->formula[0].name == NULL,
	    "an unnamed condition and a named number: %d %s", rc, out);
	pe_plan_free(p);
	/* the checker's own errors come first, as pe_plan_build's */
	a[0] = (struct pe_plan_arg)EXPR("x: rsi(close, 1)");
	rc = build(a, 1, PE_COLUMNS_LINES, NULL, 0, &p, out, sizeof out);
	CHECK(rc == PE_ERR_USAGE && strstr(out, "formula:1:15: rsi: period "
	    "must be") == out, "a compile error: %s", out);
}

/* A column's values: those of the same expression compiled for
 * pe-eval --values, bit for bit. */
static void
test_values(void)
{
	static const char *const e = "t: 100 * ema(ema(change(close), 5), 3) "
	    "/ ema(ema(abs(change(close)), 5), 3)";
	struct pe_plan_arg a = EXPR(e), v = { e, 0, PE_PR_VALUE, NULL };
	struct pe_series *s = pe_series_new("x");
	struct pe_plan *p = NULL, *q = NULL;
	struct pe_plan_vec *pv = NULL, *qv = NULL;
	struct pe_candle k;
	struct pe_error err;
	char out[256], **diag = NULL;
	const double *x, *y;
	size_t i, same = 0;

	for (i = 0; s != NULL && i < 60; i++) {
		k.time = utc(2024, 1, 1, 0, 0, 0, 0) + (int64_t)i * 86400000;
		k.close = 100 + (double)(rng() % 1000) / 37;
		k.open = k.close - 0.5;
		k.high = k.close + 1;
		k.low = k.open - 1;
		k.volume = 1;
		pe_series_push(s, &k, 0);
	}
	build(&a, 1, PE_COLUMNS_NAMED, NULL, 0, &p, out, sizeof out);
	pe_plan_build(&v, 1, 0, &q, &diag, &err);
	if (p != NULL && q != NULL && (pv = pe_plan_vec_new(p, &err)) &&
	    (qv = pe_plan_vec_new(q, &err)) && pe_plan_run(pv, s, &err) ==
	    PE_OK && pe_plan_run(qv, s, &err) == PE_OK) {
		x = pe_plan_col(pv, p->formula[0].root);
		y = pe_plan_col(qv, q->formula[0].root);
		for (i = 0; i < s->n; i++)
			same += same_dbl(x[i], y[i]);
	}
	CHECK(same == 60, "60 bars the same: %zu", same);
	pe_plan_diags_free(diag);
	pe_plan_vec_free(pv);
	pe_plan_vec_free(qv);
	pe_plan_free(p);
	pe_plan_free(q);
	pe_series_free(s);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_names();
	test_files();
	test_lines();
	test_values();
	rmdir(dir);
	return done();
}
