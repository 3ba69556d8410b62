/*
 * fuzz_formula.c: libFuzzer target for the formula front end (lexer,
 * parser, diagnostics, printers) on arbitrary bytes.
 *
 * The first byte picks the mode and is not part of the input: odd parses
 * a formula file, even one expression.  Then:
 *
 *	- the result is PE_OK (no diagnostic, at least one formula; for an
 *	  expression one formula, named or not, tagged or not, never a
 *	  let), PE_ERR_USAGE (diagnostics) or PE_ERR_NOMEM (nothing
 *	  returned);
 *	- a statement's name is the source text at its name span;
 *	- every diagnostic has a message and a span inside the source whose
 *	  line and column agree with its offset, and renders (like snprintf)
 *	  to exactly three lines with a caret;
 *	- every node is well formed: kind, children, a span inside the
 *	  source, a name equal to its source text, depth at most
 *	  PE_FORMULA_MAX_DEPTH and what pe_formula.h's Limits make it (one
 *	  more than its deepest child's, a binary node's left operand at the
 *	  node's own level), offsets and numbers in range;
 *	- at most PE_FORMULA_MAX_DIAGS diagnostics, too_many only when that
 *	  many are kept;
 *	- printed back fully parenthesised, every statement's expression
 *	  parses again to the same S-expression (for trees up to 100 high:
 *	  the parentheses make every level of a chain a level of depth).
 *
 * Bloat: no compile step (the compiler and the evaluators have their own
 * target, fuzz_plan.c).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pe_formula.h"
#include "pe_num.h"

#define ROUND_TRIP_MAX_HEIGHT 100

/* Where the lines of the current input start (line k + 1 at line_starts[k]). */
static size_t *line_starts, nlines;

static int
index_lines(const struct pe_formula *f)
{
	size_t k;

	free(line_starts);
	nlines = 0;
	if ((line_starts = malloc((f->len + 1) * sizeof *line_starts)) == NULL)
		return -1;
	line_starts[nlines++] = 0;
	for (k = 0; k < f->len; k++)
		if (f->src[k] == '\n')
			line_starts[nlines++] = k + 1;
	return 0;
}

/* A span inside the source, its line and column those of its offset. */
static void
check_span(const struct pe_formula *f, struct pe_fspan s)
{
	size_t lo = 0, hi = nlines, mid;

	FUZZ_CHECK(s.off <= f->len && s.len <= f->len - s.off);
	while (hi - lo > 1) {	/* the last line start <= s.off */
		mid = lo + (hi - lo) / 2;
		if (line_starts[mid] <= s.off)
			lo = mid;
		else
			hi = mid;
	}
	FUZZ_CHECK(s.line == (long)lo + 1);
	FUZZ_CHECK(s.col == (long)(s.off - line_starts[lo]) + 1);
}

/* A growable string for the printers below. */
struct buf {
	char *s;
	size_t n, cap;
	int nomem;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	char *ns;

	if (b->nomem)
		return;
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		if ((ns = realloc(b->s, b->cap)) == NULL) {
			b->nomem = 1;
			return;
		}
		b->s = ns;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static const char *const infix[PE_FN_NKINDS] = {
#define TEXT_(kind, sexpr, text) text,
	PE_FORMULA_NODES(TEXT_)
#undef TEXT_
};

/* n as formula text, every compound node in parentheses. */
static void
print_infix(struct buf *b, const struct pe_fnode *n)
{
	char num[PE_NUM_BUFSZ], off[32];
	size_t k;

	switch (n->kind) {
	case PE_FN_NUM:
		put(b, num, pe_num_format(n->num, num));
		return;
	case PE_FN_IDENT:
		puts_(b, n->name);
		return;
	case PE_FN_STR:
		puts_(b, "\"");
		puts_(b, n->name);
		puts_(b, "\"");
		return;
	case PE_FN_CALL:
		puts_(b, n->name);
		puts_(b, "(");
		for (k = 0; k < n->nargs; k++) {
			if (k > 0)
				puts_(b, ", ");
			print_infix(b, n->args[k]);
		}
		puts_(b, ")");
		return;
	case PE_FN_COND:
		puts_(b, "(");
		print_infix(b, n->args[0]);
		puts_(b, " ? ");
		print_infix(b, n->args[1]);
		puts_(b, " : ");
		print_infix(b, n->args[2]);
		puts_(b, ")");
		return;
	case PE_FN_INDEX:
		print_infix(b, n->a);
		snprintf(off, sizeof off, "[%ld]", n->offset);
		puts_(b, off);
		return;
	case PE_FN_MEMBER:
		print_infix(b, n->a);
		puts_(b, ".");
		puts_(b, n->name);
		return;
	case PE_FN_NEG:
	case PE_FN_NOT:
		puts_(b, "(");
		puts_(b, infix[n->kind]);
		puts_(b, " ");
		print_infix(b, n->a);
		puts_(b, ")");
		return;
	default:
		puts_(b, "(");
		print_infix(b, n->a);
		puts_(b, " ");
		puts_(b, infix[n->kind]);
		puts_(b, " ");
		print_infix(b, n->b);
		puts_(b, ")");
		return;
	}
}

/* Check node n and its subtree; returns its height (a chain of k
 * operators is k + 1 high, and 2 deep). */
static int
check_node(const struct pe_formula *f, const struct pe_fnode *n)
{
	int h = 0, d = 0, ch;
	size_t k;

	FUZZ_CHECK(n != NULL);
	FUZZ_CHECK((int)n->kind >= 0 && (int)n->kind < PE_FN_NKINDS);
	check_span(f, n->span);
	check_span(f, n->op);
	FUZZ_CHECK(n->op.off >= n->span.off &&
	    n->op.off + n->op.len <= n->span.off + n->span.len);
	switch (n->kind) {
	case PE_FN_NUM:
		FUZZ_CHECK(isfinite(n->num) && n->num >= 0);
		break;
	case PE_FN_STR:		/* its text between the quotes */
		FUZZ_CHECK(n->op.off == n->span.off + 1 &&
		    n->op.len + 2 == n->span.len);
		FUZZ_CHECK(f->src[n->span.off] == '"' &&
		    f->src[n->span.off + n->span.len - 1] == '"');
		FUZZ_CHECK(n->op.len <= PE_FORMULA_MAX_STR);
		/* FALLTHROUGH */
	case PE_FN_IDENT:
	case PE_FN_CALL:
	case PE_FN_MEMBER:
		FUZZ_CHECK(n->name != NULL);
		FUZZ_CHECK(strlen(n->name) == n->op.len);
		FUZZ_CHECK(memcmp(n->name, f->src + n->op.off, n->op.len) == 0);
		break;
	default:
		break;
	}
	if (n->kind == PE_FN_COND)
		FUZZ_CHECK(n->nargs == 3 && n->name == NULL);
	if (n->kind == PE_FN_CALL || n->kind == PE_FN_COND) {
		FUZZ_CHECK(n->nargs == 0 || n->args != NULL);
		for (k = 0; k < n->nargs; k++) {
			if ((ch = check_node(f, n->args[k])) > h)
				h = ch;
			if (n->args[k]->depth > d)
				d = n->args[k]->depth;
		}
	} else
		FUZZ_CHECK(n->nargs == 0);
	if (n->kind == PE_FN_INDEX)
		FUZZ_CHECK(n->offset >= 0 &&
		    n->offset <= PE_FORMULA_MAX_OFFSET);
	if (n->kind >= PE_FN_INDEX) {
		h = check_node(f, n->a);
		d = n->a->depth;
	} else
		FUZZ_CHECK(n->a == NULL);
	if (n->kind >= PE_FN_ADD) {
		if ((ch = check_node(f, n->b)) > h)
			h = ch;
		/* the left operand at the node's level */
		d = n->b->depth + 1 > n->a->depth ? n->b->depth + 1 :
		    n->a->depth;
		FUZZ_CHECK(n->depth == d);
	} else {
		FUZZ_CHECK(n->b == NULL);
		FUZZ_CHECK(n->depth == d + 1);
	}
	FUZZ_CHECK(n->depth <= PE_FORMULA_MAX_DEPTH);
	FUZZ_CHECK(n->depth <= h + 1);
	return h + 1;
}

static void
check_diag(const struct pe_formula *f, const struct pe_fdiag *d)
{
	size_t len, k, lines = 0;
	char *text;

	FUZZ_CHECK(memchr(d->msg, '\0', sizeof d->msg) != NULL);
	FUZZ_CHECK(d->msg[0] != '\0');
	FUZZ_CHECK(strchr(d->msg, '\n') == NULL);
	check_span(f, d->at);
	len = pe_formula_render(f, d, NULL, 0);
	if ((text = malloc(len + 1)) == NULL)
		return;
	FUZZ_CHECK(pe_formula_render(f, d, text, len + 1) == len);
	FUZZ_CHECK(strlen(text) == len);
	for (k = 0; k < len; k++)
		lines += text[k] == '\n';
	FUZZ_CHECK(lines == 2);
	FUZZ_CHECK(strchr(strrchr(text, '\n'), '^') != NULL);
	free(text);
}

/* The S-expression of node n (malloc'd), or NULL when out of memory. */
static char *
sexpr_of(const struct pe_fnode *n)
{
	size_t len = pe_formula_node_sexpr(n, NULL, 0);
	char *s;

	if ((s = malloc(len + 1)) == NULL)
		return NULL;
	FUZZ_CHECK(pe_formula_node_sexpr(n, s, len + 1) == len);
	FUZZ_CHECK(strlen(s) == len);
	return s;
}

/* n, of height h, printed and parsed back. */
static void
round_trip(const struct pe_fnode *n, int h)
{
	struct buf b = { NULL, 0, 0, 0 };
	struct pe_formula *g = NULL;
	char *want, *got;
	int rc;

	if (h > ROUND_TRIP_MAX_HEIGHT)
		return;
	print_infix(&b, n);
	if (b.nomem || (want = sexpr_of(n)) == NULL) {
		free(b.s);
		return;
	}
	rc = pe_formula_parse_expr(b.s, b.n, NULL, &g, NULL);
	if (rc != PE_ERR_NOMEM) {
		if (rc != PE_OK)
			fprintf(stderr, "round trip of \"%s\" failed: %s\n",
			    b.s, g->diag[0].msg);
		FUZZ_CHECK(rc == PE_OK);
		if ((got = sexpr_of(g->stmt[0].expr)) != NULL) {
			FUZZ_CHECK(strcmp(got, want) == 0);
			free(got);
		}
	}
	pe_formula_free(g);
	free(want);
	free(b.s);
}

/* A function let's parameters: each a name, its text at its span,
 * distinct, at most PE_FORMULA_MAX_PARAMS; none for other statements. */
static void
check_params(const struct pe_formula *f, const struct pe_fstmt *s)
{
	size_t k, j;

	FUZZ_CHECK(s->func == 0 || s->func == 1);
	FUZZ_CHECK(!s->func || s->kind == PE_FS_LET);
	FUZZ_CHECK(s->func || s->nparams == 0);
	FUZZ_CHECK(s->nparams <= PE_FORMULA_MAX_PARAMS);
	for (k = 0; k < s->nparams; k++) {
		check_span(f, s->param[k].span);
		FUZZ_CHECK(strlen(s->param[k].name) == s->param[k].span.len);
		FUZZ_CHECK(memcmp(s->param[k].name, f->src +
		    s->param[k].span.off, s->param[k].span.len) == 0);
		for (j = 0; j < k; j++)
			FUZZ_CHECK(strcmp(s->param[j].name,
			    s->param[k].name) != 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_formula *f = NULL;
	struct pe_error err;
	const struct pe_fstmt *s;
	size_t k, len, nformulas = 0;
	char *all;
	int file, rc;

	if (size < 1)
		return 0;
	file = data[0] & 1;
	pe_error_clear(&err);
	if (file)
		rc = pe_formula_parse_file((const char *)data + 1, size - 1,
		    "fuzz.pe", &f, &err);
	else
		rc = pe_formula_parse_expr((const char *)data + 1, size - 1,
		    NULL, &f, &err);
	FUZZ_CHECK(rc == PE_OK || rc == PE_ERR_USAGE || rc == PE_ERR_NOMEM);
	if (rc == PE_ERR_NOMEM) {
		FUZZ_CHECK(f == NULL);
		return 0;
	}
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(f->len == size - 1);
	FUZZ_CHECK(memcmp(f->src, data + 1, size - 1) == 0);
	FUZZ_CHECK(f->src[f->len] == '\0');
	if (index_lines(f) != 0) {
		pe_formula_free(f);
		return 0;
	}
	FUZZ_CHECK((rc == PE_OK) == (f->ndiag == 0));
	FUZZ_CHECK(f->ndiag <= PE_FORMULA_MAX_DIAGS);
	FUZZ_CHECK(!f->too_many || f->ndiag == PE_FORMULA_MAX_DIAGS);
	if (rc == PE_ERR_USAGE) {
		FUZZ_CHECK(err.code == PE_ERR_USAGE);
		FUZZ_CHECK(strcmp(err.msg, f->diag[0].msg) == 0);
		FUZZ_CHECK(err.line == f->diag[0].at.line);
	}
	for (k = 0; k < f->ndiag; k++) {
		check_diag(f, &f->diag[k]);
		if (k > 0)	/* in source order */
			FUZZ_CHECK(f->diag[k].at.off >= f->diag[k - 1].at.off);
	}
	for (k = 0; k < f->nstmt; k++) {
		s = &f->stmt[k];
		FUZZ_CHECK(s->kind == PE_FS_FORMULA || s->kind == PE_FS_LET);
		FUZZ_CHECK(s->name != NULL || (!file &&
		    s->kind == PE_FS_FORMULA));
		FUZZ_CHECK(file || s->kind == PE_FS_FORMULA);
		if (s->name != NULL) {	/* the text at its span */
			FUZZ_CHECK(strlen(s->name) == s->name_span.len);
			FUZZ_CHECK(memcmp(s->name, f->src + s->name_span.off,
			    s->name_span.len) == 0);
		}
		FUZZ_CHECK(s->type == PE_FT_SCAN || s->type == PE_FT_ENTRY ||
		    s->type == PE_FT_EXIT || s->type == PE_FT_SHORT ||
		    s->type == PE_FT_COVER);
		FUZZ_CHECK(s->kind == PE_FS_FORMULA || s->type == PE_FT_SCAN);
		check_params(f, s);
		nformulas += s->kind == PE_FS_FORMULA;
		check_span(f, s->span);
		check_span(f, s->name_span);
		round_trip(s->expr, check_node(f, s->expr));
	}
	FUZZ_CHECK(nformulas == f->nformulas);
	if (rc == PE_OK) {
		FUZZ_CHECK(f->nformulas >= 1);
		FUZZ_CHECK(file || f->nstmt == 1);
	}
	len = pe_formula_sexpr(f, NULL, 0);
	if ((all = malloc(len + 1)) != NULL) {
		FUZZ_CHECK(pe_formula_sexpr(f, all, len + 1) == len);
		FUZZ_CHECK(strlen(all) == len);
		free(all);
	}
	free(line_starts);
	line_starts = NULL;
	pe_formula_free(f);
	return 0;
}
