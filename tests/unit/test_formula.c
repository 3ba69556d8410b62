/*
 * test_formula.c: the formula front end (lib/formula/pe_formula.h): the cases of
 * tests/formula/parse.test, then what a data file cannot say well (bytes
 * like NUL and CR, very long lines, nesting at the limit, buffer sizes,
 * spans of nodes, diagnostics added by a later stage, the names of the
 * formula types).
 *
 * parse.test holds cases, each
 *
 *	%% expr: DESCRIPTION		(or %% file: ...)
 *	INPUT LINES (verbatim; the last newline is not part of the input)
 *	%% ok				(or %% error)
 *	EXPECTED LINES
 *
 * "expr" parses the input with pe_formula_parse_expr (path "formula"),
 * "file" with pe_formula_parse_file (path "test.pe").  "ok" expects
 * PE_OK and compares pe_formula_sexpr; "error" expects PE_ERR_USAGE and
 * compares every diagnostic rendered by pe_formula_render, one after the
 * other.  Blank lines at the end of the expected text are dropped; lines
 * before the first case are a comment.  One check per case, named by its
 * line in the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casefile.h"

#define TEST_FILE "tests/formula/parse.test"

static char *
sexpr_all(const struct pe_formula *f)
{
	size_t len = pe_formula_sexpr(f, NULL, 0);
	char *buf;

	if ((buf = malloc(len + 1)) == NULL)
		exit(2);
	pe_formula_sexpr(f, buf, len + 1);
	return buf;
}

/* Parse src in the given mode; rc into *rc. */
static struct pe_formula *
parse(int file, const char *src, size_t len, int *rc, struct pe_error *err)
{
	struct pe_formula *f = NULL;

	pe_error_clear(err);
	if (file)
		*rc = pe_formula_parse_file(src, len, "test.pe", &f, err);
	else
		*rc = pe_formula_parse_expr(src, len, NULL, &f, err);
	return f;
}

/* One case of parse.test (head 0: an expression, 1: a file). */
static void
run_case(long line, int file, const char *desc, const char *input,
    int want_ok, const char *want)
{
	struct pe_formula *f;
	struct pe_error err;
	char *got, detail[1024];
	int rc, ok;

	f = parse(file, input, strlen(input), &rc, &err);
	if (f == NULL) {
		h_report(0, __FILE__, __LINE__, "no formula returned",
		    "parse.test:%ld: %s", line, desc);
		return;
	}
	got = want_ok ? sexpr_all(f) : render_all(f);
	ok = strcmp(got, want) == 0 && rc == (want_ok ? PE_OK : PE_ERR_USAGE);
	if (ok && !want_ok)	/* err is the first diagnostic */
		ok = err.code == PE_ERR_USAGE && f->ndiag > 0 &&
		    strcmp(err.msg, f->diag[0].msg) == 0 &&
		    err.line == f->diag[0].at.line &&
		    err.column == f->diag[0].at.col &&
		    strcmp(err.path, file ? "test.pe" : "formula") == 0;
	snprintf(detail, sizeof detail, "rc %d, got \"%s\", expected \"%s\"",
	    rc, got, want);
	h_report(ok, __FILE__, __LINE__, detail, "parse.test:%ld: %s %s",
	    line, file ? "file" : "expr", desc);
	free(got);
	pe_formula_free(f);
}

/* Parse src (expr or file) and return its S-expression or diagnostics. */
static char *
outcome(int file, const char *src, size_t len, int *rc)
{
	struct pe_formula *f;
	struct pe_error err;
	char *s;

	f = parse(file, src, len, rc, &err);
	if (f == NULL)
		return NULL;
	s = *rc == PE_OK ? sexpr_all(f) : render_all(f);
	pe_formula_free(f);
	return s;
}

static void
check_outcome(int file, const char *src, size_t len, int want_rc,
    const char *want, const char *desc)
{
	char *got;
	int rc = -1;

	got = outcome(file, src, len, &rc);
	CHECK(rc == want_rc, "%s: rc %d", desc, want_rc);
	CHECK_STR(got, want, "%s", desc);
	free(got);
}

/* Bytes a text file cannot hold well: NUL, CR, a missing last newline. */
static void
test_bytes(void)
{
	static const char nul[] = "close\0 > 1";
	static const char crlf[] = "let x = rsi(14)\r\nlow: x < 30\r\n";

	check_outcome(0, nul, sizeof nul - 1, PE_ERR_USAGE,
	    "formula:1:6: unexpected byte 0x00\n"
	    "  close? > 1\n"
	    "       ^", "a NUL byte is an error, shown as '?'");
	check_outcome(1, crlf, sizeof crlf - 1, PE_OK,
	    "(let x (call rsi 14))\n(formula low (< x 30))",
	    "CRLF line ends");
	check_outcome(1, "a: (1 +\r\n", 9, PE_ERR_USAGE,
	    "test.pe:1:8: expected an expression after '+', found end of line\n"
	    "  a: (1 +\n"
	    "         ^", "CR before the newline is not shown");
	check_outcome(1, "a: 1", 4, PE_OK, "(formula a 1)",
	    "no newline at the end of a file");
	check_outcome(0, "\tclose >\t$", 10, PE_ERR_USAGE,
	    "formula:1:10: unexpected character '$'\n"
	    "  \tclose >\t$\n"
	    "  \t       \t^", "tabs are kept in the caret line");
	check_outcome(0, "x \xe2\x89\xa4 1", 7, PE_ERR_USAGE,
	    "formula:1:3: unexpected character '\xe2\x89\xa4' (U+2264)\n"
	    "  x \xe2\x89\xa4 1\n"
	    "    ^", "a UTF-8 character is named");
	check_outcome(0, "# \xc3\xa9t\xc3\xa9\nclose > \xff", 17,
	    PE_ERR_USAGE,
	    "formula:2:9: unexpected byte 0xFF\n"
	    "  close > ?\n"
	    "          ^", "a stray byte is named, shown as '?'");
	check_outcome(0, "# \xc3\xa9t\xc3\xa9 ok\nclose > 1", 20, PE_OK,
	    "(> close 1)", "UTF-8 in a comment");
	check_outcome(0, "\xc3\xa9 + $", 6, PE_ERR_USAGE,
	    "formula:1:1: unexpected character '\xc3\xa9' (U+00E9)\n"
	    "  \xc3\xa9 + $\n"
	    "  ^", "a two-byte character");
}

/* A line much longer than the screen is cut around the caret. */
static void
test_long_line(void)
{
	struct str src = { NULL, 0, 0 };
	char *got, want[1024];
	int k, rc;

	str_add(&src, "", 0);
	for (k = 0; k < 100; k++)
		str_add(&src, "a + ", 4);
	str_add(&src, "$", 1);
	for (k = 0; k < 100; k++)
		str_add(&src, " + b", 4);
	got = outcome(0, src.s, src.n, &rc);
	snprintf(want, sizeof want,
	    "formula:1:401: unexpected character '$'\n"
	    "  ...%.100s...\n"
	    "     %50s^", src.s + 350, "");
	CHECK_STR(got, want, "a long line is cut to 100 bytes around the "
	    "caret");
	free(got);
	free(src.s);
}

/* Nesting at the limit parses; one more level is an error. */
static void
test_depth(void)
{
	struct str src = { NULL, 0, 0 };
	struct pe_formula *f;
	struct pe_error err;
	int k, rc, lim = PE_FORMULA_MAX_DEPTH;

	/* every '(' is a level */
	str_add(&src, "", 0);
	for (k = 0; k < lim; k++)
		str_add(&src, k % 2 ? "(" : "f(", k % 2 ? 1 : 2);
	str_add(&src, "x", 1);
	for (k = 0; k < lim; k++)
		str_add(&src, ")", 1);
	f = parse(0, src.s, src.n, &rc, &err);
	CHECK(rc == PE_OK, "%d nested parentheses and calls parse", lim);
	pe_formula_free(f);
	src.n = 0;
	for (k = 0; k <= lim; k++)
		str_add(&src, "(", 1);
	str_add(&src, "x", 1);
	for (k = 0; k <= lim; k++)
		str_add(&src, ")", 1);
	f = parse(0, src.s, src.n, &rc, &err);
	CHECK(rc == PE_ERR_USAGE && err.column == lim + 1,
	    "%d nested parentheses: error at the last '('", lim + 1);
	CHECK_STR(err.msg, "expression nested too deeply (more than 256 "
	    "levels)", "the depth message");
	pe_formula_free(f);

	/* a chain is one level however long: x - x - ... with 9999
	 * operators (19999 terms, the most a formula may have) is 2 deep,
	 * and its S-expression is printed without recursing down it ("(- "
	 * and " x)" 9999 times); one more operator is too large */
	src.n = 0;
	str_add(&src, "x", 1);
	for (k = 0; k < 9999; k++)
		str_add(&src, "-x", 2);
	f = parse(0, src.s, src.n, &rc, &err);
	CHECK(rc == PE_OK && f->stmt[0].expr->depth == 2,
	    "a chain of 9999 operators is 2 deep");
	CHECK(rc == PE_OK && pe_formula_sexpr(f, NULL, 0) == 59995,
	    "its S-expression, 59995 bytes");
	pe_formula_free(f);
	str_add(&src, "-x", 2);
	f = parse(0, src.s, src.n, &rc, &err);
	CHECK(rc == PE_ERR_USAGE && err.column == 20000,
	    "10000 operators: an error at the 20001st term's operator");
	CHECK_STR(err.msg, "formula too large (more than 20000 terms)",
	    "the size message");
	pe_formula_free(f);
	src.n = 0;
	str_add(&src, "a", 1);
	for (k = 0; k < 9999; k++)
		str_add(&src, k % 2 ? " or a" : " and a", k % 2 ? 5 : 6);
	f = parse(0, src.s, src.n, &rc, &err);
	CHECK(rc == PE_OK && f->stmt[0].expr->depth == 3,
	    "and and or alternating 9999 times: 3 deep");
	pe_formula_free(f);

	/* nested to the right it is deep: x-(x-(x-...)) with lim levels
	 * of parentheses is lim + 1 deep, an error at its last '-' */
	src.n = 0;
	for (k = 0; k < lim; k++)
		str_add(&src, "x-(", 3);
	str_add(&src, "x", 1);
	for (k = 0; k < lim; k++)
		str_add(&src, ")", 1);
	f = parse(0, src.s, src.n, &rc, &err);
	CHECK(rc == PE_ERR_USAGE && err.column == 2 && strcmp(err.msg,
	    "expression nested too deeply (more than 256 levels)") == 0,
	    "x-(x-(...)) %d deep: error at the outermost '-'", lim + 1);
	pe_formula_free(f);

	/* a postfix chain nests too: x[1][1]... */
	src.n = 0;
	str_add(&src, "x", 1);
	for (k = 0; k < lim - 1; k++)
		str_add(&src, "[1]", 3);
	f = parse(0, src.s, src.n, &rc, &err);
	CHECK(rc == PE_OK && f->stmt[0].expr->depth == lim,
	    "x and %d offsets: %d deep", lim - 1, lim);
	pe_formula_free(f);
	str_add(&src, "[1]", 3);
	f = parse(0, src.s, src.n, &rc, &err);
	CHECK(rc == PE_ERR_USAGE && err.column == 3 * lim - 1,
	    "x and %d offsets: error at the last '['", lim);
	pe_formula_free(f);

	/* prefix operators recurse: a million of them is an error, not a
	 * stack overflow */
	src.n = 0;
	for (k = 0; k < 1000000; k++)
		str_add(&src, "-", 1);
	str_add(&src, "x", 1);
	f = parse(0, src.s, src.n, &rc, &err);
	CHECK(rc == PE_ERR_USAGE && err.column == lim + 1,
	    "a million '-' stop at column %d", lim + 1);
	pe_formula_free(f);
	src.n = 0;
	for (k = 0; k < 1000000; k++)
		str_add(&src, "not ", 4);
	str_add(&src, "x", 1);
	f = parse(0, src.s, src.n, &rc, &err);
	CHECK(rc == PE_ERR_USAGE, "a million 'not' are an error");
	pe_formula_free(f);
	src.n = 0;
	for (k = 0; k < 1000000; k++)
		str_add(&src, "f(", 2);
	f = parse(0, src.s, src.n, &rc, &err);
	CHECK(rc == PE_ERR_USAGE, "a million open calls are an error");
	pe_formula_free(f);
	free(src.s);
}

/* Big inputs: many formulas, many errors, long blank runs in parens. */
static void
test_big(void)
{
	struct str src = { NULL, 0, 0 };
	struct pe_formula *f;
	struct pe_error err;
	char line[64];
	int k, rc, n = 20000;

	str_add(&src, "", 0);
	for (k = 0; k < n; k++) {
		snprintf(line, sizeof line, "f%d: close[%d] > sma(close, %d)\n",
		    k, k % 50, k + 1);
		str_add(&src, line, strlen(line));
	}
	f = parse(1, src.s, src.n, &rc, &err);
	CHECK(rc == PE_OK && f->nformulas == (size_t)n && f->nstmt ==
	    (size_t)n, "%d formulas in one file", n);
	pe_formula_free(f);
	src.n = 0;
	for (k = 0; k < n; k++)
		str_add(&src, "x: 1 <\n", 7);
	f = parse(1, src.s, src.n, &rc, &err);
	CHECK(rc == PE_ERR_USAGE && f->ndiag == PE_FORMULA_MAX_DIAGS &&
	    f->too_many && f->diag[PE_FORMULA_MAX_DIAGS - 1].at.line ==
	    PE_FORMULA_MAX_DIAGS, "%d errors, one per line: the first %d "
	    "kept, then too_many", n, PE_FORMULA_MAX_DIAGS);
	pe_formula_free(f);
	src.n = 0;
	str_add(&src, "x: (1 +", 7);
	for (k = 0; k < 200000; k++)
		str_add(&src, "\n", 1);
	str_add(&src, "2)\n", 3);
	f = parse(1, src.s, src.n, &rc, &err);
	CHECK(rc == PE_OK && f->stmt[0].expr->span.len == src.n - 4,
	    "200000 blank lines inside parentheses");
	pe_formula_free(f);
	free(src.s);
}

/* pe_formula_render and _sexpr follow snprintf's contract. */
static void
test_buffers(void)
{
	struct pe_formula *f;
	struct pe_error err;
	char buf[16], big[256];
	size_t full, k;
	int rc;

	f = parse(0, "rsi(14) <", 9, &rc, &err);
	full = pe_formula_render(f, &f->diag[0], big, sizeof big);
	CHECK(full == strlen(big) && full > sizeof buf, "render's length");
	for (k = 0; k <= sizeof buf; k++) {
		memset(buf, 'x', sizeof buf);
		if (pe_formula_render(f, &f->diag[0], buf, k) != full)
			break;
		if (k > 0 && (strlen(buf) != k - 1 ||
		    strncmp(buf, big, k - 1) != 0))
			break;
		if (k == 0 && buf[0] != 'x')
			break;
	}
	CHECK(k == sizeof buf + 1, "render truncates like snprintf");
	CHECK(pe_formula_render(f, &f->diag[0], NULL, 0) == full,
	    "render with no buffer");
	pe_formula_free(f);

	f = parse(0, "macd(12,26,9).signal[1]", 23, &rc, &err);
	full = pe_formula_sexpr(f, big, sizeof big);
	CHECK_STR(big, "(index (member (call macd 12 26 9) signal) 1)",
	    "sexpr of a postfix chain");
	memset(buf, 'x', sizeof buf);
	CHECK(pe_formula_sexpr(f, buf, 5) == full && strcmp(buf, "(ind") == 0,
	    "sexpr truncates like snprintf");
	CHECK(pe_formula_node_sexpr(f->stmt[0].expr->a, big, sizeof big) ==
	    strlen("(member (call macd 12 26 9) signal)") &&
	    strcmp(big, "(member (call macd 12 26 9) signal)") == 0,
	    "sexpr of one node");
	pe_formula_free(f);
	pe_formula_free(NULL);
	CHECK(1, "pe_formula_free(NULL)");
}

/* The text of span s of f. */
static const char *
text(const struct pe_formula *f, struct pe_fspan s)
{
	static char buf[128];

	snprintf(buf, sizeof buf, "%.*s", (int)s.len, f->src + s.off);
	return buf;
}

/* Spans of nodes, names and statements. */
static void
test_spans(void)
{
	static const char src[] = "# header\n"
	    "let fast = ema(close, 12)\n"
	    "@entry go: (fast - 1) * 2 > macd(12,\n"
	    "    26, 9).signal[3] and not x\n";
	struct pe_formula *f;
	struct pe_fnode *e, *cmp, *mul, *mac;
	struct pe_error err;
	int rc;

	f = parse(1, src, sizeof src - 1, &rc, &err);
	if (!CHECK(rc == PE_OK && f->nstmt == 2, "the span file parses")) {
		pe_formula_free(f);
		return;
	}
	CHECK(f->stmt[0].kind == PE_FS_LET && f->stmt[1].type == PE_FT_ENTRY &&
	    f->nformulas == 1, "kinds and types");
	CHECK_STR(text(f, f->stmt[0].span), "let fast = ema(close, 12)",
	    "a let's span");
	CHECK_STR(text(f, f->stmt[0].name_span), "fast", "a let's name span");
	CHECK(f->stmt[0].name_span.line == 2 && f->stmt[0].name_span.col == 5,
	    "a let's name at 2:5");
	CHECK_STR(text(f, f->stmt[1].span), "@entry go: (fast - 1) * 2 > "
	    "macd(12,\n    26, 9).signal[3] and not x", "a formula's span");
	e = f->stmt[1].expr;
	CHECK(e->kind == PE_FN_AND && e->op.line == 4 && e->op.col == 22,
	    "'and' at 4:22");
	cmp = e->a;
	CHECK_STR(text(f, cmp->op), ">", "the comparison's op");
	mul = cmp->a;
	CHECK_STR(text(f, mul->span), "(fast - 1) * 2",
	    "parentheses are in the span");
	CHECK_STR(text(f, mul->a->span), "(fast - 1)", "a group's span");
	CHECK_STR(text(f, cmp->b->op), "[", "an index's op is its '['");
	mac = cmp->b->a;
	CHECK(mac->kind == PE_FN_MEMBER && strcmp(mac->name, "signal") == 0,
	    "the member");
	CHECK_STR(text(f, mac->op), "signal", "a member's op is its name");
	CHECK_STR(text(f, mac->a->op), "macd", "a call's op is its name");
	CHECK_STR(text(f, mac->a->span), "macd(12,\n    26, 9)",
	    "a call over two lines");
	CHECK(mac->a->nargs == 3 && mac->a->args[1]->span.line == 4 &&
	    mac->a->args[1]->span.col == 5 && mac->a->args[1]->num == 26,
	    "an argument on the next line at 4:5");
	CHECK(cmp->b->offset == 3 && e->b->kind == PE_FN_NOT &&
	    e->b->a->kind == PE_FN_IDENT, "offset and not");
	CHECK(e->depth == 5, "depth %d (the left operand of 'and' and of "
	    "'*' at their own level)", e->depth);
	pe_formula_free(f);
}

/* A later stage adds its own diagnostics and renders them alike. */
static void
test_later_stage(void)
{
	struct pe_formula *f;
	struct pe_error err;
	char *got;
	int rc;

	f = parse(1, "x: rsii(14) < 30\ny: close > 1\n", 30, &rc, &err);
	CHECK(rc == PE_OK && f->ndiag == 0, "parses");
	CHECK(pe_formula_diag_add(f, f->stmt[0].expr->a->op,
	    "unknown function '%s' (did you mean '%s'?)",
	    f->stmt[0].expr->a->name, "rsi") == PE_OK, "diag_add");
	CHECK(pe_formula_diag_add(f, f->stmt[1].expr->span,
	    "formula is always %s", "true") == PE_OK, "diag_add again");
	got = render_all(f);
	CHECK_STR(got, "test.pe:1:4: unknown function 'rsii' (did you mean "
	    "'rsi'?)\n"
	    "  x: rsii(14) < 30\n"
	    "     ^~~~\n"
	    "test.pe:2:4: formula is always true\n"
	    "  y: close > 1\n"
	    "     ^~~~~~~~~", "rendered like the parser's");
	free(got);
	CHECK(pe_formula_error(f, 1, &err) == PE_ERR_USAGE &&
	    err.line == 2 && err.column == 4 &&
	    strcmp(err.msg, "formula is always true") == 0 &&
	    strcmp(err.path, "test.pe") == 0, "pe_formula_error");
	pe_formula_free(f);
}

/* pe_ftype_name: DESIGN.md's signal types, for each tag a file can give. */
static void
test_ftype_name(void)
{
	static const char *const want[] = { "scan_hit", "entry", "exit" };
	struct pe_formula *f;
	struct pe_error err;
	const char *src = "a: close > 1\n@entry b: close > 2\n"
	    "@exit c: close > 3\n";
	size_t k;
	int rc;

	CHECK_STR(pe_ftype_name(PE_FT_SCAN), "scan_hit", "PE_FT_SCAN");
	CHECK_STR(pe_ftype_name(PE_FT_ENTRY), "entry", "PE_FT_ENTRY");
	CHECK_STR(pe_ftype_name(PE_FT_EXIT), "exit", "PE_FT_EXIT");
	CHECK_STR(pe_ftype_name(PE_FT_SHORT), "short", "PE_FT_SHORT");
	CHECK_STR(pe_ftype_name(PE_FT_COVER), "cover", "PE_FT_COVER");
	CHECK_STR(pe_ftype_tag(PE_FT_SHORT), "@short", "@short's tag");
	CHECK_STR(pe_ftype_tag(PE_FT_SCAN), "", "no tag");
	CHECK_STR(pe_ftype_name((enum pe_ftype)5), "?", "past the enum");
	CHECK_STR(pe_ftype_tag((enum pe_ftype)5), "?", "a tag past the enum");
	CHECK_STR(pe_ftype_name((enum pe_ftype)-1), "?", "below the enum");
	f = parse(1, src, strlen(src), &rc, &err);
	CHECK(rc == PE_OK && f->nstmt == 3, "a file with every tag parses");
	for (k = 0; rc == PE_OK && k < f->nstmt; k++)
		CHECK_STR(pe_ftype_name(f->stmt[k].type), want[k],
		    "statement %zu's type", k + 1);
	pe_formula_free(f);
}

int
main(void)
{
	static const char *const heads[] = { "expr", "file" };
	long cases = casefile_run(TEST_FILE, heads, 2, "ok", run_case);

	CHECK(cases >= 80, "parse.test has %ld cases (at least 80)", cases);
	test_bytes();
	test_long_line();
	test_depth();
	test_big();
	test_buffers();
	test_spans();
	test_later_stage();
	test_ftype_name();
	return done();
}
