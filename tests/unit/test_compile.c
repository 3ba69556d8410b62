/*
 * test_compile.c: the formula compiler (pe_plan_compile, pe_plan_explain):
 * the cases of tests/formula/compile.test, then what a data file cannot
 * say well (several sources in one plan, the error struct, long texts,
 * deep chains of lets, the API's edge cases).
 *
 * compile.test holds cases, each
 *
 *	%% KIND: DESCRIPTION
 *	INPUT LINES (verbatim; the last newline is not part of the input)
 *	%% plan				(or %% error)
 *	EXPECTED LINES
 *
 * KIND is expr (pe_formula_parse_expr, path "formula"), file
 * (pe_formula_parse_file, path "test.pe"), value (an expression compiled
 * as a --values column: any type) or edge (an expression compiled with
 * PE_PLAN_EDGE).  "plan" expects PE_OK and compares pe_plan_explain;
 * "error" expects PE_ERR_USAGE and compares every diagnostic rendered by
 * pe_formula_render, one after the other.  Blank lines at the end of the
 * expected text are dropped; lines before the first case are a comment.
 * One check per case, named by its line in the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "casefile.h"
#include "pe_plan.h"

#define TEST_FILE "tests/formula/compile.test"

enum kind { K_EXPR, K_FILE, K_VALUE, K_EDGE };

static char *
explain(const struct pe_plan *p)
{
	size_t len = pe_plan_explain(p, NULL, 0);
	char *buf;

	if ((buf = malloc(len + 1)) == NULL)
		exit(2);
	pe_plan_explain(p, buf, len + 1);
	while (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	return buf;
}

/* Parse and compile src as kind; rc, the formula and the plan. */
static int
build(enum kind k, const char *src, size_t len, struct pe_formula **f,
    struct pe_plan **p, struct pe_error *err)
{
	struct pe_plan_src ps;
	int rc;

	*p = NULL;
	pe_error_clear(err);
	if (k == K_FILE)
		rc = pe_formula_parse_file(src, len, "test.pe", f, err);
	else
		rc = pe_formula_parse_expr(src, len, NULL, f, err);
	if (rc != PE_OK)
		return rc;
	ps.f = *f;
	ps.role = k == K_VALUE ? PE_PR_VALUE : PE_PR_SIGNAL;
	return pe_plan_compile(&ps, 1, k == K_EDGE ? PE_PLAN_EDGE : 0, p,
	    err);
}

static void
run_case(long line, int head, const char *desc, const char *input,
    int want_ok, const char *want)
{
	struct pe_formula *f = NULL;
	struct pe_plan *p = NULL;
	struct pe_error err;
	char *got, detail[4096];
	int rc, ok;

	rc = build((enum kind)head, input, strlen(input), &f, &p, &err);
	if (f == NULL) {
		h_report(0, __FILE__, __LINE__, "no formula returned",
		    "compile.test:%ld: %s", line, desc);
		return;
	}
	got = p != NULL ? explain(p) : render_all(f);
	ok = strcmp(got, want) == 0 && rc == (want_ok ? PE_OK : PE_ERR_USAGE);
	if (ok && !want_ok)	/* err is the first diagnostic */
		ok = p == NULL && err.code == PE_ERR_USAGE && f->ndiag > 0 &&
		    strcmp(err.msg, f->diag[0].msg) == 0 &&
		    err.line == f->diag[0].at.line &&
		    err.column == f->diag[0].at.col;
	snprintf(detail, sizeof detail, "rc %d, got \"%s\", expected \"%s\"",
	    rc, got, want);
	h_report(ok, __FILE__, __LINE__, detail, "compile.test:%ld: %s", line,
	    desc);
	free(got);
	pe_plan_free(p);
	pe_formula_free(f);
}

/* Parse an expression (it must parse). */
static struct pe_formula *
parse(const char *src)
{
	struct pe_formula *f = NULL;

	if (pe_formula_parse_expr(src, strlen(src), NULL, &f, NULL) != PE_OK) {
		pe_formula_free(f);
		return NULL;
	}
	return f;
}

/* Several sources in one plan: shared nodes, their own lets, roles. */
static void
test_sources(void)
{
	struct pe_formula *f[3];
	struct pe_plan_src src[3];
	struct pe_plan *p;
	struct pe_error err;
	const char *text[3] = {
		"rsi(14) < 30 and close > sma(close, 20)",
		"rsi(14) > 70 or sma(close, 20) < close[1]",
		"rsi(14) - 50",
	};
	size_t i;
	int rc;

	for (i = 0; i < 3; i++) {
		f[i] = parse(text[i]);
		src[i].f = f[i];
		src[i].role = i == 2 ? PE_PR_VALUE : PE_PR_SIGNAL;
	}
	rc = pe_plan_compile(src, 3, 0, &p, &err);
	CHECK(rc == PE_OK, "three sources compile into one plan");
	if (rc == PE_OK) {
		CHECK_EQ_I64(p->ninds, 2, "rsi and sma once each");
		CHECK_EQ_I64(p->nformulas, 3, "three formulas");
		CHECK_EQ_I64(p->formula[2].role, PE_PR_VALUE, "a value formula");
		CHECK_EQ_I64(p->formula[1].source, 1, "its source index");
		CHECK(p->formula[0].name == NULL &&
		    strcmp(p->formula[0].src, text[0]) == 0,
		    "an unnamed formula keeps its text");
		CHECK_EQ_I64(p->lookback, 19, "the plan's lookback: sma's 19");
		CHECK(p->inputs == PE_IN_CLOSE, "it reads close only");
	}
	pe_plan_free(p);
	/* the value source as a signal: a number is an error there */
	src[2].role = PE_PR_SIGNAL;
	rc = pe_plan_compile(src, 3, 0, &p, &err);
	CHECK(rc == PE_ERR_USAGE && p == NULL, "a number as a signal fails");
	CHECK_STR(err.msg, "a formula must be a condition (true or false), "
	    "but this is a number", "err holds the first diagnostic");
	CHECK(err.line == 1 && err.column == 1 && strcmp(err.path,
	    "formula") == 0, "at formula:1:1");
	CHECK_EQ_I64(f[0]->ndiag, 0, "the good sources hold no diagnostic");
	/* compiling it again reports its diagnostics at once */
	rc = pe_plan_compile(&src[2], 1, 0, &p, &err);
	CHECK(rc == PE_ERR_USAGE && p == NULL && f[2]->ndiag == 1,
	    "a source that holds diagnostics is refused as it is");
	for (i = 0; i < 3; i++)
		pe_formula_free(f[i]);
}

/* A formula file (it must parse). */
static struct pe_formula *
parse_file(const char *src)
{
	struct pe_formula *f = NULL;

	if (pe_formula_parse_file(src, strlen(src), "t.pe", &f, NULL) !=
	    PE_OK) {
		pe_formula_free(f);
		return NULL;
	}
	return f;
}

/*
 * Names across sources: formulas by their names first, then f1, f2, ...
 * for the unnamed, a taken one with _2, _3; --values columns by their
 * column or e-name, a let of another source naming the same value.
 */
static void
test_labels(void)
{
	static const char *const want[] = { "f1", "buy", "f1_3", "spread",
	    "f2", "f1_2", "buy_2", "rsi_14", "x", "e1" };
	static const char file[] = "f1: close > open\nbuy: close < open\n";
	struct pe_formula *f[8];
	struct pe_plan_src src[8];
	struct pe_plan *p = NULL;
	size_t i;
	int rc;

	f[0] = parse_file(file);
	f[1] = parse("rsi(14) < 30");
	f[2] = parse("close - open");
	f[3] = parse("close > 1");
	f[4] = parse_file(file);
	f[5] = parse("rsi(14)");
	f[6] = parse_file("let Spread = close - open\nx: sma(Spread, 3) > 0\n");
	f[7] = parse("close * 2");
	for (i = 0; i < 8; i++) {
		src[i].f = f[i];
		src[i].role = i == 2 || i == 5 || i == 7 ? PE_PR_VALUE :
		    PE_PR_SIGNAL;
	}
	rc = pe_plan_compile(src, 8, 0, &p, NULL);
	CHECK(rc == PE_OK && p->nformulas == 10, "eight sources compile");
	for (i = 0; rc == PE_OK && i < 10; i++)
		CHECK_STR(p->formula[i].label, want[i], "formula %zu's label",
		    i);
	if (rc == PE_OK) {
		CHECK_STR(p->node[p->formula[3].root].alias, "spread",
		    "a let names a value of another source");
		CHECK(p->formula[3].label == p->node[p->formula[3].root].name,
		    "a --values label is its column's name");
		CHECK_EQ_I64(p->formula[2].nval, 1, "f1_3 shows rsi_14");
		CHECK_STR(p->node[p->formula[2].val[0]].name, "rsi_14",
		    "by its column name");
		CHECK_EQ_I64(p->formula[8].nval, 1, "x shows its sma");
		CHECK_STR(p->node[p->formula[8].val[0]].name, "sma_3_spread",
		    "named after the let");
	}
	pe_plan_free(p);
	for (i = 0; i < 8; i++)
		pe_formula_free(f[i]);
}

/* Lets doubling a text 40 times: linear nodes, texts cut, no blow-up. */
static void
test_deep_lets(void)
{
	struct str src = { NULL, 0, 0 };
	struct pe_formula *f = NULL;
	struct pe_plan_src ps;
	struct pe_plan *p = NULL;
	char buf[128];
	size_t len;
	int i, rc;

	str_add(&src, "let a0 = close\n", 15);
	for (i = 1; i <= 40; i++) {
		snprintf(buf, sizeof buf, "let a%d = a%d + a%d[1]\n", i, i - 1,
		    i - 1);
		str_add(&src, buf, strlen(buf));
	}
	str_add(&src, "x: sma(a40, 3) > 0\n", 19);
	rc = pe_formula_parse_file(src.s, src.n, "deep.pe", &f, NULL);
	if (rc == PE_OK) {
		ps.f = f;
		ps.role = PE_PR_SIGNAL;
		rc = pe_plan_compile(&ps, 1, 0, &p, NULL);
	}
	CHECK(rc == PE_OK, "40 doubling lets compile");
	if (rc == PE_OK) {
		CHECK(p->nnodes < 200, "into %zu nodes", p->nnodes);
		CHECK_EQ_I64(p->lookback, 40 + 2, "lookback 40 offsets + 2");
		len = strlen(p->ind[0].text);
		CHECK(len == PE_PLAN_TEXT_MAX && strcmp(p->ind[0].text + len -
		    3, "...") == 0, "a long text is cut with ...");
		CHECK(pe_plan_explain(p, NULL, 0) < 100000,
		    "--explain stays linear");
		CHECK_STR(p->let[40].name, "a40", "the lets are kept");
	}
	pe_plan_free(p);
	pe_formula_free(f);
	free(src.s);
}

/* Hundreds of formulas: the node table grows, duplicates still merge. */
static void
test_many(void)
{
	struct str src = { NULL, 0, 0 };
	struct pe_formula *f = NULL;
	struct pe_plan_src ps;
	struct pe_plan *p = NULL;
	char buf[128];
	int i, rc;

	for (i = 0; i < 600; i++) {
		snprintf(buf, sizeof buf, "f%d: close[%d] > %d and sma(close, "
		    "%d) > 1\n", i, i % 50, i, 2 + i % 40);
		str_add(&src, buf, strlen(buf));
	}
	for (i = 0; i < 600; i++) {	/* the same again, other names */
		snprintf(buf, sizeof buf, "g%d: close[%d] > %d and sma(close, "
		    "%d) > 1\n", i, i % 50, i, 2 + i % 40);
		str_add(&src, buf, strlen(buf));
	}
	rc = pe_formula_parse_file(src.s, src.n, "many.pe", &f, NULL);
	if (rc == PE_OK) {
		ps.f = f;
		ps.role = PE_PR_SIGNAL;
		rc = pe_plan_compile(&ps, 1, 0, &p, NULL);
	}
	CHECK(rc == PE_OK, "1200 formulas compile");
	if (rc == PE_OK) {
		CHECK_EQ_I64(p->nformulas, 1200, "1200 formulas");
		CHECK_EQ_I64(p->ninds, 40, "40 distinct smas");
		/* close, 49 offsets, 600 constants, 600 >, 40 smas, 1, 40 >,
		 * and every distinct and */
		CHECK(p->nnodes < 2000, "%zu nodes", p->nnodes);
		CHECK_EQ_I64(p->formula[700].root, p->formula[100].root,
		    "g100 is f100's node");
		CHECK_EQ_I64(p->lookback, 49, "lookback 49");
	}
	pe_plan_free(p);
	pe_formula_free(f);
	free(src.s);
}

static void
test_api(void)
{
	struct pe_formula *f = parse("close > open");
	struct pe_plan_src ps = { f, PE_PR_SIGNAL };
	struct pe_plan *p;
	char small[8];
	size_t len;

	pe_plan_free(NULL);
	CHECK_STR(pe_plan_op_name(PE_OP_CROSS_ABOVE), "cross_above",
	    "op names");
	CHECK_STR(pe_plan_op_name(PE_OP_NOPS), "?", "an unknown op");
	CHECK(pe_plan_compile(&ps, 1, 0, &p, NULL) == PE_OK, "err may be NULL");
	len = pe_plan_explain(p, small, sizeof small);
	CHECK(len > sizeof small && strlen(small) == sizeof small - 1,
	    "explain truncates like snprintf");
	CHECK_STR(p->formula[0].src, "close > open", "the formula's text");
	CHECK(p->formula[0].type == PE_FT_SCAN, "a scan formula");
	pe_plan_free(p);
	pe_formula_free(f);
}

/* pe_plan_build: sources as a command line gives them. */
static void
test_build(void)
{
	static const char path[] = "/tmp/pe_test_build.pe";
	struct pe_plan_arg ok[] = {
		{ "rsi(14) < 30", 0, PE_PR_SIGNAL, NULL },
		{ "close", 0, PE_PR_VALUE, NULL },
		{ path, 1, PE_PR_SIGNAL, NULL },
	};
	struct pe_plan_arg bad[] = {
		{ "rsi(14) <", 0, PE_PR_SIGNAL, NULL },
		{ "rsii(14) < 30", 0, PE_PR_SIGNAL, NULL },
		{ "sma(close, 20 > 3", 0, PE_PR_SIGNAL, NULL },
	};
	struct pe_plan_arg none = { "/nonexistent-pe/x.pe", 1, PE_PR_SIGNAL, NULL };
	struct pe_plan *p;
	struct pe_error err;
	char **diag;
	FILE *fp;
	int rc;

	if ((fp = fopen(path, "w")) == NULL) {
		CHECK(0, "write %s", path);
		return;
	}
	fputs("let fast = ema(close, 12)\nup: cross_above(fast, "
	    "ema(close, 26))\n", fp);
	fclose(fp);
	rc = pe_plan_build(ok, 3, 0, &p, &diag, &err);
	CHECK(rc == PE_OK && p != NULL && diag == NULL &&
	    p->nformulas == 3 && p->ninds == 3, "build: an expression, a "
	    "value and a file in one plan (rc %d)", rc);
	pe_plan_free(p);
	rc = pe_plan_build(bad, 3, 0, &p, &diag, &err);
	CHECK(rc == PE_ERR_USAGE && p == NULL && diag != NULL &&
	    diag[0] != NULL && diag[1] != NULL && diag[2] == NULL &&
	    strncmp(diag[0], "formula:1:10: ", 14) == 0 &&
	    strncmp(diag[1], "formula:1:18: expected ')'", 26) == 0,
	    "build: every parse error of every source, rendered (rc %d)",
	    rc);
	pe_plan_diags_free(diag);
	rc = pe_plan_build(bad + 1, 1, 0, &p, &diag, &err);
	CHECK(rc == PE_ERR_USAGE && diag != NULL && diag[0] != NULL &&
	    strstr(diag[0], "did you mean 'rsi'") != NULL && diag[1] == NULL,
	    "build: a compile error once the sources parse (rc %d)", rc);
	pe_plan_diags_free(diag);
	rc = pe_plan_build(&none, 1, 0, &p, &diag, &err);
	CHECK(rc == PE_ERR_IO && p == NULL && diag == NULL &&
	    strcmp(err.path, "/nonexistent-pe/x.pe") == 0 &&
	    strcmp(err.msg, "No such file or directory") == 0,
	    "build: an unreadable formula file is PE_ERR_IO naming it "
	    "(rc %d, \"%s\")", rc, err.msg);
	unlink(path);
}

int
main(void)
{
	static const char *const heads[] = { "expr", "file", "value",
	    "edge" };
	long n = casefile_run(TEST_FILE, heads, 4, "plan", run_case);

	CHECK(n >= 50, "compile.test holds %ld cases", n);
	test_sources();
	test_labels();
	test_deep_lets();
	test_many();
	test_api();
	test_build();
	return done();
}
