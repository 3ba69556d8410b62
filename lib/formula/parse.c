/*
 * parse.c: tokens to a tree, by recursive descent, one function per level
 * of DESIGN.md's grammar (see pe_formula.h).
 *
 * A parse function returns its node, or NULL after recording a diagnostic
 * (only the first of a statement is kept: p->failed).  Nodes live in the
 * formula's arena, so a failed parse has nothing to clean up.
 *
 * Newlines.  In a file, the lexer gives a TK_NEWLINE per line end.  peek()
 * steps over them while a '(' or '[' of the statement is open (p->nest),
 * unless the next line can only be a new statement (`let`, a tag,
 * `NAME:`): then the open bracket is the error, reported where its line
 * ended.  A conditional goes on after its '?' and ':' and onto a line
 * starting with '?' or ':' (cond_lines).  After an error, sync() skips to the end of the statement: the
 * next line end outside the brackets open at the error, by the same rule.
 *
 * Limits.  p->depth counts what the parser recurses on: open '(' (of
 * groups and calls) and prefix operators; each node's depth (pe_formula.h:
 * a chain of binary operators is one level, however long) is checked as
 * it is made.  Both stop at PE_FORMULA_MAX_DEPTH.
 *
 * Quoting a token in a message is lex.c's (pe_formula_tok_quote), and the
 * set of statement names that finds a duplicate is formula.c's.
 *
 * Bloat: one diagnostic per statement; no "did you mean" (that needs the
 * names the checker knows); no constant folding (-1 stays a negation).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"

struct parser {
	struct pe_formula *f;
	const struct pe_ftok *tok;
	size_t i;		/* the current token */
	size_t stmt_start;	/* the first token of the statement */
	int file;
	int nest;		/* '(' and '[' open in the statement */
	int depth;		/* recursion, see above */
	int failed;		/* the statement has its diagnostic */
	int err_nest;		/* nest when it failed */
	int nomem;
	size_t nterms;		/* nodes made in the statement */
	struct pe_fnames names;	/* the statements so far, by name */
};

static struct pe_fnode *parse_expr(struct parser *p);

/* Token j begins a line that can only be a new statement.  After a line
 * that ends in '?', "x : y" is the rest of a conditional. */
static int
starts_stmt(const struct parser *p, size_t j)
{
	const struct pe_ftok *t = &p->tok[j];
	size_t k = j;

	while (k > p->stmt_start && p->tok[k - 1].kind == TK_NEWLINE)
		k--;
	if (k > p->stmt_start && p->tok[k - 1].kind == TK_QUESTION)
		return 0;
	return t->kind == TK_LET || t->kind == TK_TAG ||
	    (t->kind == TK_IDENT && t[1].kind == TK_COLON);
}

static const struct pe_ftok *
peek(struct parser *p)
{
	size_t j;

	if (p->tok[p->i].kind == TK_NEWLINE && p->nest > 0) {
		for (j = p->i; p->tok[j].kind == TK_NEWLINE; j++)
			;
		if (!starts_stmt(p, j))
			p->i = j;
	}
	return &p->tok[p->i];
}

static const struct pe_ftok *
next(struct parser *p)
{
	const struct pe_ftok *t = peek(p);

	if (t->kind != TK_EOF)
		p->i++;
	return t;
}

/* The last token of the statement before the current one, or NULL. */
static const struct pe_ftok *
prev(const struct parser *p)
{
	size_t j = p->i;

	while (j > p->stmt_start) {
		j--;
		if (p->tok[j].kind != TK_NEWLINE)
			return &p->tok[j];
	}
	return NULL;
}

/* The place just after span s (a zero-length span). */
static struct pe_fspan
after(struct pe_fspan s)
{
	s.off += s.len;
	s.col += (long)s.len;
	s.len = 0;
	return s;
}

/* From the start of a to the end of b. */
static struct pe_fspan
join(struct pe_fspan a, struct pe_fspan b)
{
	a.len = b.off + b.len - a.off;
	return a;
}

static int
is_end(const struct pe_ftok *t)
{
	return t->kind == TK_NEWLINE || t->kind == TK_EOF;
}

/*
 * Where a diagnostic about token t points: at t, or for the end of a line
 * or of the input, just after the statement's last token.
 */
static struct pe_fspan
where(const struct parser *p, const struct pe_ftok *t)
{
	const struct pe_ftok *pt;
	struct pe_fspan start = { 0, 0, 1, 1 };

	if (!is_end(t))
		return t->span;
	if ((pt = prev(p)) != NULL)
		return after(pt->span);
	return start;
}

static void *
vfail(struct parser *p, struct pe_fspan at, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void *
vfail(struct parser *p, struct pe_fspan at, const char *fmt, va_list ap)
{
	if (p->failed)
		return NULL;
	p->failed = 1;
	p->err_nest = p->nest;
	if (pe_formula_vdiag(p->f, at, fmt, ap) != PE_OK)
		p->nomem = 1;
	return NULL;
}

/* Record a diagnostic at span at (unless the statement has one). */
static void *
fail_at(struct parser *p, struct pe_fspan at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void *
fail_at(struct parser *p, struct pe_fspan at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(p, at, fmt, ap);
	va_end(ap);
	return NULL;
}

/* A lexer error at the current token takes precedence over the parser's. */
static int
fail_lexed(struct parser *p)
{
	const struct pe_ftok *t = peek(p);
	char msg[PE_ERRMSG_MAX];

	if (t->kind != TK_ERROR)
		return 0;
	pe_formula_lex_message(p->f->src, t, msg, sizeof msg);
	fail_at(p, t->span, "%s", msg);
	return 1;
}

/*
 * "EXPECTATION, found TOKEN" about the current token, where the
 * expectation is fmt; hint (may be "") is appended.
 */
static void *
fail_expected(struct parser *p, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void *
fail_expected(struct parser *p, const char *hint, const char *fmt, ...)
{
	const struct pe_ftok *t = peek(p);
	char want[PE_ERRMSG_MAX], what[80];
	va_list ap;

	if (fail_lexed(p))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(want, sizeof want, fmt, ap);
	va_end(ap);
	pe_formula_tok_describe(p->f->src, t, p->file, what,
	    sizeof what);
	return fail_at(p, where(p, t), "%s, found %s%s", want, what, hint);
}

/* The hint for a token where an operator was expected. */
static const char *
operator_hint(const struct pe_ftok *t)
{
	return t->kind == TK_ASSIGN ? " (write '==' to compare)" : "";
}

/*
 * The open bracket `open` (of kind '(' or '[') was not closed where the
 * current token is; alt is the other token that could have come
 * (",") or NULL.
 */
static void *
fail_close(struct parser *p, const struct pe_ftok *open, const char *alt)
{
	const struct pe_ftok *t = peek(p);
	const char *closer = open->kind == TK_LBRACK ? "']'" : "')'";
	const char *opener = open->kind == TK_LBRACK ? "'['" : "'('";
	char what[80];

	if (fail_lexed(p))
		return NULL;
	if (is_end(t))
		return fail_at(p, where(p, t),
		    "expected %s to close %s opened at %ld:%ld", closer,
		    opener, open->span.line, open->span.col);
	pe_formula_tok_describe(p->f->src, t, p->file, what,
	    sizeof what);
	return fail_at(p, t->span,
	    "expected %s%s%s to close %s opened at %ld:%ld, found %s%s",
	    alt ? alt : "", alt ? " or " : "", closer, opener,
	    open->span.line, open->span.col, what, operator_hint(t));
}

static void *
fail_deep(struct parser *p, struct pe_fspan at)
{
	return fail_at(p, at, "expression nested too deeply (more than %d "
	    "levels)", PE_FORMULA_MAX_DEPTH);
}

/* One level deeper into the recursion at token t; 0 when too deep. */
static int
enter(struct parser *p, const struct pe_ftok *t)
{
	if (p->depth >= PE_FORMULA_MAX_DEPTH) {
		fail_deep(p, t->span);
		return 0;
	}
	p->depth++;
	return 1;
}

static struct pe_fnode *
new_node(struct parser *p, enum pe_fkind kind, struct pe_fspan span,
    struct pe_fspan op)
{
	struct pe_fnode *n;

	/* An evaluation keeps a column of bars per term: a formula of
	 * millions of terms (a data file, a generator gone wrong) took
	 * gigabytes. */
	if (++p->nterms > PE_FORMULA_MAX_TERMS)
		return fail_at(p, op, "formula too large (more than %d terms)",
		    PE_FORMULA_MAX_TERMS);
	if ((n = pe_farena_alloc(p->f->arena, sizeof *n)) == NULL) {
		p->nomem = 1;
		p->failed = 1;
		return NULL;
	}
	n->kind = kind;
	n->span = span;
	n->op = op;
	n->depth = 1;
	return n;
}

/*
 * Set n's depth from its children: one more than the deepest, except
 * that a binary node's left operand is at the node's own level (so a +
 * b + c is 2 deep, as a + b is).  NULL when that is too deep.
 */
static struct pe_fnode *
check_depth(struct parser *p, struct pe_fnode *n)
{
	size_t k;
	int d = 0;

	if (n->b != NULL) {
		d = n->b->depth + 1;
		if (n->a->depth > d)
			d = n->a->depth;
	} else {
		if (n->a != NULL)
			d = n->a->depth;
		for (k = 0; k < n->nargs; k++)
			if (n->args[k]->depth > d)
				d = n->args[k]->depth;
		d++;
	}
	n->depth = d;
	if (n->depth > PE_FORMULA_MAX_DEPTH)
		return fail_deep(p, n->op);
	return n;
}

static struct pe_fnode *
unary(struct parser *p, enum pe_fkind kind, const struct pe_ftok *op,
    struct pe_fnode *a)
{
	struct pe_fnode *n;

	if ((n = new_node(p, kind, join(op->span, a->span), op->span)) == NULL)
		return NULL;
	n->a = a;
	return check_depth(p, n);
}

static struct pe_fnode *
binary(struct parser *p, enum pe_fkind kind, const struct pe_ftok *op,
    struct pe_fnode *a, struct pe_fnode *b)
{
	struct pe_fnode *n;

	if ((n = new_node(p, kind, join(a->span, b->span), op->span)) == NULL)
		return NULL;
	n->a = a;
	n->b = b;
	return check_depth(p, n);
}

static char *
token_name(struct parser *p, const struct pe_ftok *t)
{
	char *s;

	s = pe_farena_strndup(p->f->arena, p->f->src + t->span.off,
	    t->span.len);
	if (s == NULL) {
		p->nomem = 1;
		p->failed = 1;
	}
	return s;
}

/* "expected an expression[ after 'PREV']" about the current token. */
static void *
fail_operand(struct parser *p)
{
	const struct pe_ftok *pt = prev(p), *t = peek(p);
	const char *hint = t->kind == TK_NOT ?
	    " (put 'not ...' in parentheses here)" : "";
	char q[64];

	if (pt == NULL)
		return fail_expected(p, hint, "expected an expression");
	pe_formula_tok_quote(p->f->src, pt, q, sizeof q);
	return fail_expected(p, hint, "expected an expression after %s", q);
}

/* The arguments of a call, from its '(' on, into n. */
static struct pe_fnode *
parse_args(struct parser *p, struct pe_fnode *n)
{
	const struct pe_ftok *lp = next(p), *t;
	struct pe_fnode *arg, **v;
	size_t cap = 0;

	if (!enter(p, lp))
		return NULL;
	p->nest++;
	if (peek(p)->kind == TK_RPAREN)
		goto close;
	for (;;) {
		if ((arg = parse_expr(p)) == NULL)
			goto fail;
		if (n->nargs == cap) {
			cap = cap ? cap * 2 : 4;
			v = pe_farena_alloc(p->f->arena, cap * sizeof *v);
			if (v == NULL) {
				p->nomem = p->failed = 1;
				goto fail;
			}
			if (n->nargs > 0)
				memcpy(v, n->args, n->nargs * sizeof *v);
			n->args = v;
		}
		n->args[n->nargs++] = arg;
		t = peek(p);
		if (t->kind == TK_COMMA) {
			next(p);
			continue;
		}
		if (t->kind == TK_RPAREN)
			break;
		fail_close(p, lp, "','");
		goto fail;
	}
close:
	t = next(p);
	p->nest--;
	p->depth--;
	n->span = join(n->span, t->span);
	return check_depth(p, n);
fail:
	p->nest--;
	p->depth--;
	return NULL;
}

/* "[" INT "]" after node a. */
static struct pe_fnode *
parse_index(struct parser *p, struct pe_fnode *a)
{
	const struct pe_ftok *lb = next(p), *t;
	struct pe_fnode *n = NULL;
	char q[64];

	p->nest++;
	t = peek(p);
	if (t->kind == TK_MINUS) {
		fail_at(p, t->span, "bar offset cannot be negative (x[n] is "
		    "x n bars ago)");
		goto out;
	}
	if (t->kind != TK_NUM) {
		fail_expected(p, "", "expected a bar offset (a whole number) "
		    "after '['");
		goto out;
	}
	pe_formula_tok_quote(p->f->src, t, q, sizeof q);
	if (t->num > PE_FORMULA_MAX_OFFSET) {
		fail_at(p, t->span, "bar offset too large: %s (at most %d)", q,
		    PE_FORMULA_MAX_OFFSET);
		goto out;
	}
	if (t->num != (double)(long)t->num) {
		fail_at(p, t->span, "bar offset must be a whole number, found "
		    "%s", q);
		goto out;
	}
	next(p);
	if (peek(p)->kind != TK_RBRACK) {
		fail_close(p, lb, NULL);
		goto out;
	}
	if ((n = new_node(p, PE_FN_INDEX, join(a->span, peek(p)->span),
	    lb->span)) == NULL)
		goto out;
	next(p);
	n->a = a;
	n->offset = (long)t->num;
	n = check_depth(p, n);
out:
	p->nest--;
	return n;
}

/* atom := NUMBER | STRING | IDENT | IDENT "(" args? ")" | "(" expr ")" */
static struct pe_fnode *
parse_atom(struct parser *p)
{
	const struct pe_ftok *t = peek(p), *rp;
	struct pe_fnode *n;

	switch (t->kind) {
	case TK_NUM:
		next(p);
		if ((n = new_node(p, PE_FN_NUM, t->span, t->span)) != NULL)
			n->num = t->num;
		return n;
	case TK_IDENT:
		next(p);
		if ((n = new_node(p, PE_FN_IDENT, t->span, t->span)) == NULL ||
		    (n->name = token_name(p, t)) == NULL)
			return NULL;
		if (peek(p)->kind != TK_LPAREN)
			return n;
		n->kind = PE_FN_CALL;
		return parse_args(p, n);
	case TK_STR:
		next(p);
		if ((n = new_node(p, PE_FN_STR, t->span, t->span)) == NULL)
			return NULL;
		n->op.off++;	/* the text between the quotes */
		n->op.col++;
		n->op.len -= 2;
		if ((n->name = pe_farena_strndup(p->f->arena, p->f->src +
		    n->op.off, n->op.len)) == NULL)
			p->nomem = p->failed = 1;
		return n->name == NULL ? NULL : n;
	case TK_LPAREN:
		next(p);
		if (!enter(p, t))
			return NULL;
		p->nest++;
		n = parse_expr(p);
		if (n != NULL) {
			rp = peek(p);
			if (rp->kind == TK_RPAREN) {
				next(p);
				n->span = join(t->span, rp->span);
			} else
				n = fail_close(p, t, NULL);
		}
		p->nest--;
		p->depth--;
		return n;
	default:
		return fail_operand(p);
	}
}

/* post := atom ("[" INT "]" | "." IDENT)* */
static struct pe_fnode *
parse_post(struct parser *p)
{
	const struct pe_ftok *t;
	struct pe_fnode *n, *m;

	if ((n = parse_atom(p)) == NULL)
		return NULL;
	for (;;) {
		t = peek(p);
		if (t->kind == TK_LBRACK) {
			if ((n = parse_index(p, n)) == NULL)
				return NULL;
			continue;
		}
		if (t->kind != TK_DOT)
			return n;
		next(p);
		t = peek(p);
		if (t->kind != TK_IDENT)
			return fail_expected(p, "", "expected an output name "
			    "after '.'");
		next(p);
		if ((m = new_node(p, PE_FN_MEMBER, join(n->span, t->span),
		    t->span)) == NULL || (m->name = token_name(p, t)) == NULL)
			return NULL;
		m->a = n;
		if ((n = check_depth(p, m)) == NULL)
			return NULL;
	}
}

/* unary := "-" unary | post */
static struct pe_fnode *
parse_unary(struct parser *p)
{
	const struct pe_ftok *t = peek(p);
	struct pe_fnode *a;

	if (t->kind != TK_MINUS)
		return parse_post(p);
	next(p);
	if (!enter(p, t))
		return NULL;
	a = parse_unary(p);
	p->depth--;
	return a == NULL ? NULL : unary(p, PE_FN_NEG, t, a);
}

/* The binary operators of one level: token and node kinds. */
struct level {
	enum pe_ftk tok[4];
	enum pe_fkind kind[4];
	int n;
};

static const struct level prod_ops = {
	{ TK_STAR, TK_SLASH, TK_PERCENT },
	{ PE_FN_MUL, PE_FN_DIV, PE_FN_MOD }, 3
};
static const struct level sum_ops = {
	{ TK_PLUS, TK_MINUS }, { PE_FN_ADD, PE_FN_SUB }, 2
};
static const struct level cmp_ops = {
	{ TK_LT, TK_LE, TK_GT, TK_GE }, { PE_FN_LT, PE_FN_LE, PE_FN_GT,
	PE_FN_GE }, 4
};
static const struct level eq_ops = {
	{ TK_EQ, TK_NE }, { PE_FN_EQ, PE_FN_NE }, 2
};

/* The node kind of token t at level l, or -1. */
static int
level_kind(const struct level *l, const struct pe_ftok *t)
{
	int k;

	for (k = 0; k < l->n; k++)
		if (l->tok[k] == t->kind)
			return (int)l->kind[k];
	return -1;
}

/* The comparison operator kind of t, or -1. */
static int
cmp_kind(const struct pe_ftok *t)
{
	int k = level_kind(&cmp_ops, t);

	return k >= 0 ? k : level_kind(&eq_ops, t);
}

/* A left-associative chain of operands (sub) joined by l's operators. */
static struct pe_fnode *
parse_chain(struct parser *p, const struct level *l,
    struct pe_fnode *(*sub)(struct parser *))
{
	const struct pe_ftok *op;
	struct pe_fnode *a, *b;
	int k;

	if ((a = sub(p)) == NULL)
		return NULL;
	while ((k = level_kind(l, peek(p))) >= 0) {
		op = next(p);
		if ((b = sub(p)) == NULL)
			return NULL;
		if ((a = binary(p, (enum pe_fkind)k, op, a, b)) == NULL)
			return NULL;
	}
	return a;
}

static struct pe_fnode *
parse_prod(struct parser *p)
{
	return parse_chain(p, &prod_ops, parse_unary);
}

static struct pe_fnode *
parse_sum(struct parser *p)
{
	return parse_chain(p, &sum_ops, parse_prod);
}

/* cmp := sum (CMP sum)?  -- and never a second CMP. */
static struct pe_fnode *
parse_cmp(struct parser *p)
{
	const struct pe_ftok *op;
	struct pe_fnode *a, *b;
	int k;

	if ((a = parse_sum(p)) == NULL)
		return NULL;
	if ((k = cmp_kind(peek(p))) < 0)
		return a;
	op = next(p);
	if ((b = parse_sum(p)) == NULL)
		return NULL;
	if ((a = binary(p, (enum pe_fkind)k, op, a, b)) == NULL)
		return NULL;
	if (cmp_kind(peek(p)) >= 0)
		return fail_at(p, peek(p)->span, "comparison operators do not "
		    "chain (write 'a < b and b < c')");
	return a;
}

/* not := "not" not | cmp */
static struct pe_fnode *
parse_not(struct parser *p)
{
	const struct pe_ftok *t = peek(p);
	struct pe_fnode *a;

	if (t->kind != TK_NOT)
		return parse_cmp(p);
	next(p);
	if (!enter(p, t))
		return NULL;
	a = parse_not(p);
	p->depth--;
	return a == NULL ? NULL : unary(p, PE_FN_NOT, t, a);
}

static const struct level and_ops = { { TK_AND }, { PE_FN_AND }, 1 };
static const struct level or_ops = { { TK_OR }, { PE_FN_OR }, 1 };

static struct pe_fnode *
parse_and(struct parser *p)
{
	return parse_chain(p, &and_ops, parse_not);
}

static struct pe_fnode *
parse_or(struct parser *p)
{
	return parse_chain(p, &or_ops, parse_and);
}

/*
 * In a file, a conditional may go on over lines without brackets: after
 * a '?' or a ':' (a statement cannot end there), and onto a line that
 * starts with '?' or ':' (a statement cannot start so).  Skip the line
 * ends before the current token when it is so: always (kind TK_EOF), or
 * when the next line starts with kind.
 */
static void
cond_lines(struct parser *p, enum pe_ftk kind)
{
	size_t j;

	for (j = p->i; p->tok[j].kind == TK_NEWLINE; j++)
		;
	if (kind == TK_EOF || p->tok[j].kind == kind)
		p->i = j;
}

/*
 * expr := or ("?" expr ":" expr)?  -- right-associative: a ? b : c ? d : e
 * is a ? b : (c ? d : e).  Each '?' is a level of recursion (p->depth).
 */
static struct pe_fnode *
parse_expr(struct parser *p)
{
	const struct pe_ftok *q, *colon;
	struct pe_fnode *c, *n, **v;

	if ((c = parse_or(p)) == NULL)
		return NULL;
	cond_lines(p, TK_QUESTION);
	if (peek(p)->kind != TK_QUESTION)
		return c;
	q = next(p);
	if (!enter(p, q))
		return NULL;
	cond_lines(p, TK_EOF);
	n = new_node(p, PE_FN_COND, c->span, q->span);
	v = n == NULL ? NULL : pe_farena_alloc(p->f->arena, 3 * sizeof *v);
	if (n != NULL && v == NULL)
		p->nomem = p->failed = 1;
	if (v == NULL || (v[1] = parse_expr(p)) == NULL)
		goto fail;
	cond_lines(p, TK_COLON);
	colon = peek(p);
	if (colon->kind != TK_COLON) {
		fail_expected(p, "", "expected ':' to go with the '?' at "
		    "%ld:%ld (cond ? x : y)", q->span.line, q->span.col);
		goto fail;
	}
	next(p);
	cond_lines(p, TK_EOF);
	if ((v[2] = parse_expr(p)) == NULL)
		goto fail;
	p->depth--;
	v[0] = c;
	n->args = v;
	n->nargs = 3;
	n->span = join(c->span, v[2]->span);
	return check_depth(p, n);
fail:
	p->depth--;
	return NULL;
}

/* After a whole expression: the end of the line or of the input. */
static int
expect_end(struct parser *p)
{
	const struct pe_ftok *t = peek(p);

	if (is_end(t))
		return 1;
	if (t->kind == TK_RPAREN || t->kind == TK_RBRACK)
		fail_at(p, t->span, "unmatched '%s'",
		    pe_formula_tok_text(t->kind));
	else
		fail_expected(p, operator_hint(t), "expected an operator or "
		    "the end of the %s", p->file ? "line" : "formula");
	return 0;
}

/* A ':' on the rest of the current line, not one of a "? :". */
static int
colon_on_line(const struct parser *p)
{
	size_t j, open = 0;

	for (j = p->i; !is_end(&p->tok[j]); j++)
		if (p->tok[j].kind == TK_QUESTION)
			open++;
		else if (p->tok[j].kind == TK_COLON && open-- == 0)
			return 1;
	return 0;
}

/* The statement has no name: say so, or what the lexer found first. */
static void
fail_no_name(struct parser *p)
{
	const struct pe_ftok *t = peek(p);

	if (!fail_lexed(p))
		fail_at(p, t->span, "formula without a name (write 'name: "
		    "expression')");
}

/* Whether token t's text is parameter k of s. */
static int
is_param(const struct parser *p, const struct pe_fstmt *s, size_t k,
    const struct pe_ftok *t)
{
	return strlen(s->param[k].name) == t->span.len &&
	    memcmp(s->param[k].name, p->f->src + t->span.off, t->span.len) == 0;
}

/* A function let's "(a, b, ...)" into s; 0 after a diagnostic. */
static int
let_params(struct parser *p, struct pe_fstmt *s)
{
	const struct pe_ftok *lp = next(p), *t;
	size_t k;
	char q[64];

	s->func = 1;
	s->param = pe_farena_alloc(p->f->arena, PE_FORMULA_MAX_PARAMS *
	    sizeof *s->param);
	if (s->param == NULL) {
		p->nomem = p->failed = 1;
		return 0;
	}
	p->nest++;
	while (s->nparams > 0 || peek(p)->kind != TK_RPAREN) {
		t = peek(p);
		if (t->kind != TK_IDENT) {
			fail_expected(p, "", "expected a parameter name");
			goto fail;
		}
		pe_formula_tok_quote(p->f->src, t, q, sizeof q);
		for (k = 0; k < s->nparams; k++)
			if (is_param(p, s, k, t)) {
				fail_at(p, t->span, "duplicate parameter %s", q);
				goto fail;
			}
		if (s->nparams == PE_FORMULA_MAX_PARAMS) {
			fail_at(p, t->span, "too many parameters (at most %d)",
			    PE_FORMULA_MAX_PARAMS);
			goto fail;
		}
		if ((s->param[s->nparams].name = token_name(p, t)) == NULL)
			goto fail;
		s->param[s->nparams++].span = t->span;
		next(p);
		if (peek(p)->kind == TK_RPAREN)
			break;
		if (peek(p)->kind != TK_COMMA) {
			fail_expected(p, "", "expected ',' or ')' after "
			    "parameter %s in the '(' at %ld:%ld", q,
			    lp->span.line, lp->span.col);
			goto fail;
		}
		next(p);
	}
	next(p);
	p->nest--;
	return 1;
fail:
	p->nest--;
	return 0;
}

/* "let NAME =" or "let NAME(PARAMS) =": the name, or NULL after a
 * diagnostic. */
static const struct pe_ftok *
let_head(struct parser *p, struct pe_fstmt *s)
{
	const struct pe_ftok *name;
	char q[64];

	next(p);
	if (peek(p)->kind != TK_IDENT)
		return fail_expected(p, "", "expected a name after 'let'");
	name = next(p);
	if (peek(p)->kind == TK_LPAREN && !let_params(p, s))
		return NULL;
	if (peek(p)->kind != TK_ASSIGN) {
		pe_formula_tok_quote(p->f->src, name, q, sizeof q);
		return fail_expected(p, "", "expected '=' after 'let %.*s%s'",
		    (int)strlen(q) - 2, q + 1, s->func ? "(...)" : "");
	}
	next(p);
	return name;
}

/* A tag, "@entry", "@exit", "@short" or "@cover", into *type; 0 after a
 * diagnostic. */
static int
parse_tag(struct parser *p, enum pe_ftype *type)
{
	const struct pe_ftok *t = peek(p);
	char tag[64], want[16];
	enum pe_ftype k;

	pe_formula_tok_quote(p->f->src, t, tag, sizeof tag);
	for (k = PE_FT_ENTRY; k <= PE_FT_COVER; k++) {
		snprintf(want, sizeof want, "'%s'", pe_ftype_tag(k));
		if (strcmp(tag, want) == 0) {
			*type = k;
			next(p);
			return 1;
		}
	}
	fail_at(p, t->span, "unknown tag %s (expected '@entry', '@exit', "
	    "'@short' or '@cover')", tag);
	return 0;
}

/* "[TAG] NAME:": the name (the tag's type into *type), or NULL after a
 * diagnostic. */
static const struct pe_ftok *
formula_head(struct parser *p, enum pe_ftype *type)
{
	const struct pe_ftok *t = peek(p);
	char q[64];

	if (t->kind == TK_TAG) {
		if (!parse_tag(p, type))
			return NULL;
		if (peek(p)->kind != TK_IDENT)
			return fail_expected(p, "", "expected a formula name "
			    "after '%s'", pe_ftype_tag(*type));
	}
	t = peek(p);
	if (t->kind == TK_COLON)
		return fail_at(p, t->span, "expected a formula name before "
		    "':'");
	if (t->kind != TK_IDENT) {
		if (colon_on_line(p))
			fail_expected(p, "", "expected a formula name before "
			    "':'");
		else
			fail_no_name(p);
		return NULL;
	}
	pe_formula_tok_quote(p->f->src, t, q, sizeof q);
	switch (t[1].kind) {
	case TK_COLON:
		break;
	case TK_ASSIGN:
		if (*type == PE_FT_SCAN)
			return fail_at(p, t->span, "expected 'let' before %s "
			    "(a binding is 'let NAME = expression')", q);
		/* FALLTHROUGH */
	case TK_IDENT:
	case TK_NUM:
	case TK_TAG:
		next(p);
		return fail_expected(p, "", "expected ':' after formula name "
		    "%s", q);
	default:
		if (*type == PE_FT_SCAN && !colon_on_line(p)) {
			fail_no_name(p);
			return NULL;
		}
		next(p);
		return fail_expected(p, "", "expected ':' after formula name "
		    "%s", q);
	}
	next(p);
	next(p);
	return t;
}

/*
 * One statement of a file: let NAME = EXPR, or [TAG] NAME: EXPR.
 * Appended to p->f when it parses and its name is new.
 */
static void
parse_stmt(struct parser *p)
{
	const struct pe_ftok *first = peek(p), *name;
	const struct pe_fstmt *dup;
	struct pe_fstmt s;
	char q[64];

	memset(&s, 0, sizeof s);
	s.kind = first->kind == TK_LET ? PE_FS_LET : PE_FS_FORMULA;
	s.type = PE_FT_SCAN;
	name = s.kind == PE_FS_LET ? let_head(p, &s) :
	    formula_head(p, &s.type);
	if (name == NULL)
		return;
	if ((s.expr = parse_expr(p)) == NULL || !expect_end(p))
		return;
	if ((s.name = token_name(p, name)) == NULL)
		return;
	s.name_span = name->span;
	s.span = join(first->span, s.expr->span);
	if ((dup = pe_fnames_find(&p->names, p->f, &s)) != NULL) {
		pe_formula_tok_quote(p->f->src, name, q, sizeof q);
		fail_at(p, name->span, "duplicate %s %s (first at %ld:%ld)",
		    s.kind == PE_FS_LET ? "binding" : "formula name", q,
		    dup->name_span.line, dup->name_span.col);
		return;
	}
	if (pe_formula_add_stmt(p->f, &s) != PE_OK ||
	    pe_fnames_add(&p->names, p->f, p->f->nstmt - 1) != PE_OK)
		p->nomem = 1;
}

/*
 * After an error: skip to the line end that ends the statement (outside
 * the brackets open at the error and any opened since, unless a new
 * statement starts on the next line).
 */
static void
sync(struct parser *p)
{
	int depth = p->err_nest;
	const struct pe_ftok *t;

	p->nest = 0;
	for (;;) {
		t = &p->tok[p->i];
		if (t->kind == TK_EOF)
			return;
		if (t->kind == TK_NEWLINE && (depth <= 0 ||
		    starts_stmt(p, p->i + 1)))
			return;
		if (t->kind == TK_LPAREN || t->kind == TK_LBRACK)
			depth++;
		else if ((t->kind == TK_RPAREN || t->kind == TK_RBRACK) &&
		    depth > 0)
			depth--;
		p->i++;
	}
}

static void
parse_file(struct parser *p)
{
	const struct pe_ftok *t;

	for (;;) {
		t = peek(p);
		if (t->kind == TK_EOF)
			break;
		if (t->kind == TK_NEWLINE) {
			p->i++;
			continue;
		}
		p->stmt_start = p->i;
		p->failed = 0;
		p->nest = 0;
		p->depth = 0;
		p->nterms = 0;
		parse_stmt(p);
		if (p->nomem || p->f->too_many)
			return;
		if (p->failed)
			sync(p);
	}
	if (p->f->ndiag == 0 && p->f->nformulas == 0)
		fail_at(p, (struct pe_fspan){ 0, 0, 1, 1 },
		    "no formula in the file (expected 'name: expression')");
}

/*
 * The one statement of an expression (-e, a formula operand, --values):
 * a file's line, [TAG] [NAME:] EXPR, whose name may be left out.  A let
 * is an error: no later line would see it.
 */
static void
parse_one(struct parser *p)
{
	const struct pe_ftok *first = peek(p), *name = NULL, *t;
	struct pe_fspan start = { 0, 0, 1, 1 };
	struct pe_fstmt s;

	if (first->kind == TK_EOF) {
		fail_at(p, start, "empty formula");
		return;
	}
	if (first->kind == TK_LET) {
		fail_at(p, first->span, "a let here defines nothing to "
		    "evaluate (name a formula 'name: expression', or put "
		    "the let in a formula file)");
		return;
	}
	memset(&s, 0, sizeof s);
	s.kind = PE_FS_FORMULA;
	s.type = PE_FT_SCAN;
	if (first->kind == TK_TAG && !parse_tag(p, &s.type))
		return;
	t = peek(p);
	if (t->kind == TK_IDENT && t[1].kind == TK_COLON) {
		name = t;
		next(p);
		next(p);
	}
	if ((s.expr = parse_expr(p)) == NULL || !expect_end(p))
		return;
	s.name_span = s.expr->span;
	if (name != NULL) {
		if ((s.name = token_name(p, name)) == NULL)
			return;
		s.name_span = name->span;
	}
	s.span = join(first->span, s.expr->span);
	if (pe_formula_add_stmt(p->f, &s) != PE_OK)
		p->nomem = 1;
}

static int
parse(const char *src, size_t len, const char *path, int file,
    struct pe_formula **out, struct pe_error *err)
{
	struct pe_formula *f;
	struct pe_ftok *tok;
	struct parser p;
	size_t ntok;

	*out = NULL;
	if ((f = pe_formula_alloc(src, len, path, file)) == NULL)
		return pe_error_set(err, PE_ERR_NOMEM, path, 0, 0,
		    "out of memory");
	if (pe_formula_lex(f->src, f->len, file, &tok, &ntok) != PE_OK) {
		pe_formula_free(f);
		return pe_error_set(err, PE_ERR_NOMEM, path, 0, 0,
		    "out of memory");
	}
	memset(&p, 0, sizeof p);
	p.f = f;
	p.tok = tok;
	p.file = file;
	if (file)
		parse_file(&p);
	else
		parse_one(&p);
	free(tok);
	free(p.names.slot);
	if (p.nomem) {
		pe_formula_free(f);
		return pe_error_set(err, PE_ERR_NOMEM, path, 0, 0,
		    "out of memory");
	}
	*out = f;
	if (f->ndiag > 0)
		return pe_formula_error(f, 0, err);
	return PE_OK;
}

int
pe_formula_parse_expr(const char *src, size_t len, const char *path,
    struct pe_formula **out, struct pe_error *err)
{
	return parse(src, len, path, 0, out, err);
}

int
pe_formula_parse_file(const char *src, size_t len, const char *path,
    struct pe_formula **out, struct pe_error *err)
{
	return parse(src, len, path, 1, out, err);
}
