/*
 * compile.c: parsed formulas to a plan (see pe_plan.h): names resolved
 * against the series, the built-ins, the lets and the indicator registry;
 * arity, parameters and types checked; constants folded; every node
 * hash-consed, so that a call or subexpression written twice (in one
 * formula, or in several formulas and lets of the sources) is one node;
 * lookbacks and canonical texts computed as nodes are made.  Nodes no
 * formula reaches (a folded constant's operands, an unused let) are
 * dropped at the end.
 *
 * Each operand is compiled before its user, so a node's operands always
 * have smaller indices: the node array is in topological order as built.
 * An error is a diagnostic on the source (pe_formula_diag_add) and makes
 * the subexpression "poisoned" (-1): its users report nothing more, so one
 * mistake gives one message, and independent mistakes each give theirs.
 *
 * Bloat: no commutative canonicalisation, no algebraic simplification
 * beyond folding constants and merging offsets, no named arguments.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"
#include "ops.h"
#include "pe_num.h"
#include "pe_plan.h"

/* The series names, their PE_SER_* and the inputs they read. */
static const struct {
	const char *name;
	int ser;
} series[] = {
	{ "open", PE_SER_OPEN }, { "high", PE_SER_HIGH },
	{ "low", PE_SER_LOW }, { "close", PE_SER_CLOSE },
	{ "volume", PE_SER_VOLUME }, { "hl2", PE_SER_HL2 },
	{ "hlc3", PE_SER_HLC3 }, { "ohlc4", PE_SER_OHLC4 },
	{ "o", PE_SER_OPEN }, { "h", PE_SER_HIGH }, { "l", PE_SER_LOW },
	{ "c", PE_SER_CLOSE }, { "v", PE_SER_VOLUME },
};

#define NSERIES (sizeof series / sizeof series[0])
#define NCANON 8		/* the first NCANON names are the canonical ones */

static const unsigned series_inputs[NCANON] = {
	PE_IN_OPEN, PE_IN_HIGH, PE_IN_LOW, PE_IN_CLOSE, PE_IN_VOLUME,
	PE_IN_HIGH | PE_IN_LOW, PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	PE_IN_OPEN | PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE
};

/*
 * The built-in functions.  They shadow indicators of the same name (min,
 * max, sum).  args has a letter per argument: n a number, b a boolean, a
 * either, N a count >= 1, K a count >= 0; arguments from min on are
 * optional (a count defaults to dflt, nz's d to 0).  To add one: a line
 * here and its op in pe_plan.h (semantics, lookback), vec.c and inc.c.
 */
static const struct builtin {
	const char *name;
	enum pe_op op;
	const char *args;
	int min;
	long dflt;
	const char *argname[3];
	const char *usage;
} builtins[] = {
	{ "cross_above", PE_OP_CROSS_ABOVE, "nn", 2, 0, { "a", "b" },
	    "cross_above(a, b)" },
	{ "cross_below", PE_OP_CROSS_BELOW, "nn", 2, 0, { "a", "b" },
	    "cross_below(a, b)" },
	{ "highest", PE_OP_HIGHEST, "nN", 2, 0, { "x", "n" },
	    "highest(x, n)" },
	{ "lowest", PE_OP_LOWEST, "nN", 2, 0, { "x", "n" }, "lowest(x, n)" },
	{ "sum", PE_OP_SUM, "nN", 2, 0, { "x", "n" }, "sum(x, n)" },
	{ "change", PE_OP_CHANGE, "nN", 1, 1, { "x", "n" },
	    "change(x[, n])" },
	{ "rising", PE_OP_RISING, "nN", 2, 0, { "x", "n" }, "rising(x, n)" },
	{ "falling", PE_OP_FALLING, "nN", 2, 0, { "x", "n" },
	    "falling(x, n)" },
	{ "barssince", PE_OP_BARSSINCE, "b", 1, 0, { "cond" },
	    "barssince(cond)" },
	{ "valuewhen", PE_OP_VALUEWHEN, "baK", 2, 0, { "cond", "x", "k" },
	    "valuewhen(cond, x[, k])" },
	{ "first", PE_OP_FIRST, "b", 1, 0, { "cond" }, "first(cond)" },
	{ "na", PE_OP_NA, "a", 1, 0, { "x" }, "na(x)" },
	{ "nz", PE_OP_NZ, "aa", 1, 0, { "x", "d" }, "nz(x[, d])" },
	{ "abs", PE_OP_ABS, "n", 1, 0, { "x" }, "abs(x)" },
	{ "min", PE_OP_MIN, "nn", 2, 0, { "a", "b" }, "min(a, b)" },
	{ "max", PE_OP_MAX, "nn", 2, 0, { "a", "b" }, "max(a, b)" },
};

#define NBUILTINS (sizeof builtins / sizeof builtins[0])

static const char *const op_names[] = {
#define PE_OP_NAME_(op, name) name,
	PE_PLAN_OPS(PE_OP_NAME_)
#undef PE_OP_NAME_
};

const char *
pe_plan_op_name(enum pe_op op)
{
	return (unsigned)op < PE_OP_NOPS ? op_names[op] : "?";
}

/* The compiler's state over one pe_plan_compile. */
struct cc {
	struct pe_plan *p;
	size_t ncap, icap, fcap, lcap;
	int *slot;		/* hash of the nodes: index + 1, 0 empty */
	size_t nslot;
	struct pe_formula *f;	/* the source being compiled */
	size_t source;
	size_t stmt;		/* its statement being compiled */
	int nomem;
	size_t nerr;
	struct pe_buf text;	/* a node's text while it is made */
};

static void
diag(struct cc *c, struct pe_fspan at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
diag(struct cc *c, struct pe_fspan at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (pe_formula_vdiag(c->f, at, fmt, ap) != PE_OK)
		c->nomem = 1;
	va_end(ap);
	c->nerr++;
}

static const char *
type_name(enum pe_vtype t)
{
	return t == PE_VT_BOOL ? "a boolean" : "a number";
}

/* v (cap elements of sz bytes) with room for n + 1, or NULL. */
static void *
grow(void *v, size_t *cap, size_t n, size_t sz)
{
	void *nv;
	size_t cp;

	if (n < *cap)
		return v;
	cp = *cap ? *cap * 2 : 16;
	if (cp > SIZE_MAX / sz || (nv = realloc(v, cp * sz)) == NULL)
		return NULL;
	*cap = cp;
	return nv;
}

/*
 * Nodes.
 */

static uint64_t
dbl_bits(double v)
{
	uint64_t u;

	if (isnan(v))
		v = NAN;	/* one NaN */
	memcpy(&u, &v, sizeof u);
	return u;
}

static uint64_t
node_hash(const struct pe_plan_node *n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;

	h = (h ^ (uint64_t)n->op) * 0x100000001b3ULL;
	h = (h ^ (uint64_t)(int64_t)n->a) * 0x100000001b3ULL;
	h = (h ^ (uint64_t)(int64_t)n->b) * 0x100000001b3ULL;
	h = (h ^ (uint64_t)n->n) * 0x100000001b3ULL;
	h = (h ^ (uint64_t)(int64_t)n->ind) * 0x100000001b3ULL;
	h = (h ^ (uint64_t)(int64_t)n->k) * 0x100000001b3ULL;
	h = (h ^ dbl_bits(n->value)) * 0x100000001b3ULL;
	return h ^ (h >> 29);
}

static int
node_same(const struct pe_plan_node *x, const struct pe_plan_node *y)
{
	return x->op == y->op && x->a == y->a && x->b == y->b &&
	    x->n == y->n && x->ind == y->ind && x->k == y->k &&
	    x->type == y->type && dbl_bits(x->value) == dbl_bits(y->value);
}

/* The table's slot for n: where it is, or the empty one it would go in. */
static size_t
slot_of(const struct cc *c, const struct pe_plan_node *n)
{
	size_t i = (size_t)node_hash(n) & (c->nslot - 1);

	while (c->slot[i] != 0 && !node_same(&c->p->node[c->slot[i] - 1], n))
		i = (i + 1) & (c->nslot - 1);
	return i;
}

static int
rehash(struct cc *c)
{
	size_t i, ns = c->nslot ? c->nslot * 2 : 256;
	int *old = c->slot;

	if ((c->slot = calloc(ns, sizeof *c->slot)) == NULL) {
		c->slot = old;
		return -1;
	}
	c->nslot = ns;
	for (i = 0; i < c->p->nnodes; i++)
		c->slot[slot_of(c, &c->p->node[i])] = (int)i + 1;
	free(old);
	return 0;
}

/* Precedence of a node's text, as the grammar's levels. */
enum { P_OR = 1, P_AND, P_NOT, P_CMP, P_SUM, P_PROD, P_UNARY, P_POST };

static int
prec(const struct pe_plan_node *n)
{
	switch (n->op) {
	case PE_OP_OR: return P_OR;
	case PE_OP_AND: return P_AND;
	case PE_OP_NOT: return P_NOT;
	case PE_OP_LT: case PE_OP_LE: case PE_OP_GT: case PE_OP_GE:
	case PE_OP_EQ: case PE_OP_NE:
		return P_CMP;
	case PE_OP_ADD: case PE_OP_SUB: return P_SUM;
	case PE_OP_MUL: case PE_OP_DIV: case PE_OP_MOD: return P_PROD;
	case PE_OP_NEG: return P_UNARY;
	case PE_OP_CONST: return n->value < 0 || signbit(n->value) ?
	    P_UNARY : P_POST;
	default: return P_POST;
	}
}

/* v as a formula writes it: shortest form, "nan" for NaN; into buf
 * (PE_NUM_BUFSZ bytes), which is returned. */
static const char *
num_text(double v, char *buf)
{
	if (isnan(v))
		snprintf(buf, PE_NUM_BUFSZ, "nan");
	else
		pe_num_format(v, buf);
	return buf;
}

static void
put_num(struct pe_buf *b, double v)
{
	char num[PE_NUM_BUFSZ];

	pe_buf_puts(b, num_text(v, num));
}

/* Operand i's text, in parentheses when its level is below min (or it
 * is a negative number or negation under an operator). */
static void
put_operand(struct cc *c, struct pe_buf *b, int i, int min)
{
	const struct pe_plan_node *n = &c->p->node[i];
	int pr = prec(n), par = pr < min || (pr == P_UNARY && min > 0);

	if (par)
		pe_buf_putc(b, '(');
	pe_buf_puts(b, n->text);
	if (par)
		pe_buf_putc(b, ')');
}

/* The text of instance i, then ".output" when output k must be named. */
static void
put_ind(struct cc *c, struct pe_buf *b, int i, int k)
{
	const struct pe_plan_ind *in = &c->p->ind[i];
	const struct pe_ind_info *info = in->info;

	pe_buf_puts(b, in->text);
	if (info->nout > 1 && !(k == 0 && strcmp(info->out[0], info->name) ==
	    0))
		pe_buf_printf(b, ".%s", info->out[k]);
}

/* The text built in c->text, kept in the arena: cut to PE_PLAN_TEXT_MAX
 * bytes, the last three "...", when longer.  NULL when out of memory. */
static const char *
keep_text(struct cc *c)
{
	struct pe_buf *b = &c->text;
	const char *t = NULL;
	size_t len = b->len;

	if (!b->oom && len > PE_PLAN_TEXT_MAX) {
		len = PE_PLAN_TEXT_MAX;
		memcpy(b->p + len - 3, "...", 3);
	}
	if (b->oom || (t = pe_farena_strndup(c->p->arena, b->p, len)) == NULL)
		c->nomem = 1;
	return t;
}

static const char *
node_text(struct cc *c, const struct pe_plan_node *n)
{
	struct pe_buf *b = &c->text;
	int pr;

	b->len = 0;
	switch (n->op) {
	case PE_OP_CONST:
		put_num(b, n->value);
		break;
	case PE_OP_SERIES:
		pe_buf_puts(b, series[n->n].name);
		break;
	case PE_OP_IND:
		put_ind(c, b, n->ind, n->k);
		break;
	case PE_OP_NEG:
		pe_buf_putc(b, '-');
		put_operand(c, b, n->a, P_POST);
		break;
	case PE_OP_NOT:
		pe_buf_puts(b, "not ");
		put_operand(c, b, n->a, P_NOT);
		break;
	case PE_OP_AND: case PE_OP_OR:
		pr = prec(n);
		put_operand(c, b, n->a, pr);
		pe_buf_printf(b, " %s ", pe_plan_op_name(n->op));
		put_operand(c, b, n->b, pr + 1);
		break;
	case PE_OP_OFFSET:
		put_operand(c, b, n->a, P_POST);
		pe_buf_printf(b, "[%ld]", n->n);
		break;
	default:
		if (n->op >= PE_OP_ADD && n->op <= PE_OP_NE) {
			pr = prec(n);
			/* a comparison takes no comparison on either side */
			put_operand(c, b, n->a, pr == P_CMP ? pr + 1 : pr);
			pe_buf_puts(b, pe_plan_op_name(n->op));
			put_operand(c, b, n->b, pr + 1);
			break;
		}
		pe_buf_printf(b, "%s(", pe_plan_op_name(n->op));
		if (n->a >= 0)
			pe_buf_puts(b, c->p->node[n->a].text);
		if (n->b >= 0)
			pe_buf_printf(b, ",%s", c->p->node[n->b].text);
		if (n->n > 0 || n->op == PE_OP_VALUEWHEN)
			pe_buf_printf(b, ",%ld", n->n);
		pe_buf_putc(b, ')');
		break;
	}
	return keep_text(c);
}

static long
lbmax(long x, long y)
{
	return x > y ? x : y;
}

static long
node_lookback(const struct cc *c, const struct pe_plan_node *n)
{
	const struct pe_plan_node *v = c->p->node;
	long a = n->a >= 0 ? v[n->a].lookback : 0;
	long b = n->b >= 0 ? v[n->b].lookback : 0;

	switch (n->op) {
	case PE_OP_CONST: case PE_OP_SERIES:
		return 0;
	case PE_OP_IND:
		return c->p->ind[n->ind].lookback;
	case PE_OP_OFFSET: case PE_OP_CHANGE: case PE_OP_RISING:
	case PE_OP_FALLING:
		return a + n->n;
	case PE_OP_HIGHEST: case PE_OP_LOWEST: case PE_OP_SUM:
		return a + n->n - 1;
	case PE_OP_CROSS_ABOVE: case PE_OP_CROSS_BELOW:
		return lbmax(a, b) + 1;
	case PE_OP_VALUEWHEN:
		return lbmax(a, b) + n->n;
	default:
		return lbmax(a, b);
	}
}

/*
 * The node like proto (op, type, a, b, n, ind, k, value; the rest is
 * computed): the existing one, or a new one.  -1 when out of memory.
 */
static int
node_get(struct cc *c, const struct pe_plan_node *proto)
{
	struct pe_plan_node *v, n = *proto;
	size_t s;

	if (c->nomem)
		return -1;
	if (c->p->nnodes * 2 >= c->nslot && rehash(c) != 0)
		goto nomem;
	s = slot_of(c, &n);
	if (c->slot[s] != 0)
		return c->slot[s] - 1;
	if (c->p->nnodes >= 0x7fffffff)
		goto nomem;
	if ((v = grow(c->p->node, &c->ncap, c->p->nnodes, sizeof *v)) ==
	    NULL)
		goto nomem;
	c->p->node = v;
	n.lookback = node_lookback(c, &n);
	if ((n.text = node_text(c, &n)) == NULL)
		goto nomem;
	v[c->p->nnodes] = n;
	c->slot[s] = (int)++c->p->nnodes;
	return (int)c->p->nnodes - 1;
nomem:
	c->nomem = 1;
	return -1;
}

static int
mk(struct cc *c, enum pe_op op, enum pe_vtype type, int a, int b, long n)
{
	struct pe_plan_node proto;

	memset(&proto, 0, sizeof proto);
	proto.op = op;
	proto.type = type;
	proto.a = a;
	proto.b = b;
	proto.n = n;
	proto.ind = -1;
	proto.k = -1;
	return node_get(c, &proto);
}

static int
mk_const(struct cc *c, double v)
{
	struct pe_plan_node proto;

	memset(&proto, 0, sizeof proto);
	proto.op = PE_OP_CONST;
	proto.type = PE_VT_NUM;
	proto.a = proto.b = proto.ind = proto.k = -1;
	proto.value = v;
	return node_get(c, &proto);
}

static int
is_const(const struct cc *c, int i)
{
	return i >= 0 && c->p->node[i].op == PE_OP_CONST;
}

/* An element-wise node, folded to a constant when its operands are
 * constants and its result is a number. */
static int
mk_elem(struct cc *c, enum pe_op op, enum pe_vtype type, int a, int b)
{
	double x, y;

	if (type == PE_VT_NUM && is_const(c, a) && (b < 0 || is_const(c, b))) {
		x = c->p->node[a].value;
		y = b >= 0 ? c->p->node[b].value : 0;
		return mk_const(c, pe_op_elem(op, x, y));
	}
	return mk(c, op, type, a, b, 0);
}

/*
 * Names.
 */

static int
series_find(const char *name)
{
	size_t i;

	for (i = 0; i < NSERIES; i++)
		if (strcmp(series[i].name, name) == 0)
			return series[i].ser;
	return -1;
}

static const struct builtin *
builtin_find(const char *name)
{
	size_t i;

	for (i = 0; i < NBUILTINS; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return &builtins[i];
	return NULL;
}

/* The let of the current source named name, visible here; NULL if none. */
static const struct pe_plan_let *
let_find(const struct cc *c, const char *name)
{
	size_t i;

	for (i = c->p->nlets; i-- > 0;)
		if (c->p->let[i].source == c->source &&
		    strcmp(c->p->let[i].name, name) == 0)
			return &c->p->let[i];
	return NULL;
}

/* A statement of the current source after this one that lets name. */
static const struct pe_fstmt *
let_later(const struct cc *c, const char *name)
{
	size_t i;

	for (i = c->stmt; i < c->f->nstmt; i++)
		if (c->f->stmt[i].kind == PE_FS_LET &&
		    strcmp(c->f->stmt[i].name, name) == 0)
			return &c->f->stmt[i];
	return NULL;
}

static int
is_formula_name(const struct cc *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->f->nstmt; i++)
		if (c->f->stmt[i].kind == PE_FS_FORMULA &&
		    c->f->stmt[i].name != NULL &&
		    strcmp(c->f->stmt[i].name, name) == 0)
			return 1;
	return 0;
}

/* Keep the nearer of cand to name in *best (at distance *bd). */
static void
nearer(const char *name, const char *cand, const char **best, size_t *bd)
{
	size_t d = pe_ind_distance(name, cand);

	if (d < *bd) {
		*bd = d;
		*best = cand;
	}
}

/* The suggestion for an unknown name, or NULL: funcs 1 for functions
 * (built-ins and indicators), 0 for values (series and visible lets). */
static const char *
suggest(const struct cc *c, const char *name, int funcs)
{
	const char *best = NULL;
	size_t i, bd = (size_t)-1, limit = (strlen(name) + 1) / 3;

	/* A third of the letters, rounded up from 2.5: "clsoe" is two
	 * edits from "close". */
	if (limit < 1)
		limit = 1;
	if (funcs) {
		for (i = 0; i < NBUILTINS; i++)
			nearer(name, builtins[i].name, &best, &bd);
		for (i = 0; i < pe_ind_count(); i++)
			nearer(name, pe_ind_at(i)->name, &best, &bd);
	} else {
		for (i = 0; i < NCANON; i++)
			nearer(name, series[i].name, &best, &bd);
		for (i = 0; i < c->p->nlets; i++)
			if (c->p->let[i].source == c->source)
				nearer(name, c->p->let[i].name, &best, &bd);
	}
	return bd <= limit ? best : NULL;
}

static int expr(struct cc *, const struct pe_fnode *);

static int
ident(struct cc *c, const struct pe_fnode *e)
{
	const struct pe_plan_let *let;
	const struct pe_fstmt *later;
	const char *sug;
	int s;

	if ((s = series_find(e->name)) >= 0)
		return mk(c, PE_OP_SERIES, PE_VT_NUM, -1, -1, s);
	if ((let = let_find(c, e->name)) != NULL)
		return let->node;	/* -1 when the let failed: no cascade */
	if ((later = let_later(c, e->name)) != NULL) {
		if (later == &c->f->stmt[c->stmt])
			diag(c, e->span, "'%s' is used in its own definition",
			    e->name);
		else
			diag(c, e->span, "'%s' is used before its definition "
			    "(let on line %ld); a let is visible only to the "
			    "lines after it", e->name, later->span.line);
		return -1;
	}
	if (builtin_find(e->name) != NULL || pe_ind_find(e->name) != NULL) {
		diag(c, e->span, "'%s' is a function: call it, as in %s(...)",
		    e->name, e->name);
		return -1;
	}
	if (is_formula_name(c, e->name)) {
		diag(c, e->span, "'%s' is a formula; only a let can be used in "
		    "an expression", e->name);
		return -1;
	}
	if ((sug = suggest(c, e->name, 0)) != NULL)
		diag(c, e->span, "unknown name '%s' (did you mean '%s'?)",
		    e->name, sug);
	else
		diag(c, e->span, "unknown name '%s'", e->name);
	return -1;
}

/*
 * Constant arguments.
 */

/* A count argument: a constant whole number in [min, PE_PLAN_MAX_N]. */
static int
count_arg(struct cc *c, const struct pe_fnode *e, const char *fn,
    const char *what, long min, long *out)
{
	char num[PE_NUM_BUFSZ];
	double v;
	int i;

	if ((i = expr(c, e)) < 0)
		return -1;
	if (!is_const(c, i)) {
		diag(c, e->span, "%s: %s must be a constant number", fn, what);
		return -1;
	}
	v = c->p->node[i].value;
	if (!(v >= (double)min && v <= (double)PE_PLAN_MAX_N) ||
	    v != floor(v)) {
		diag(c, e->span, "%s: %s must be a whole number from %ld to %ld "
		    "(got %s)", fn, what, min, PE_PLAN_MAX_N, num_text(v, num));
		return -1;
	}
	*out = (long)v;
	return 0;
}

/* An operand of type want (PE_VT_NUM or PE_VT_BOOL) or -1; say what
 * wants it when it is not. */
static int
typed_arg(struct cc *c, const struct pe_fnode *e, enum pe_vtype want,
    const char *fn, const char *what)
{
	int i;

	if ((i = expr(c, e)) < 0)
		return -1;
	if (c->p->node[i].type != want) {
		diag(c, e->span, "%s: %s must be %s, not %s", fn, what,
		    want == PE_VT_BOOL ? "a boolean (a condition)" : "a number",
		    type_name(c->p->node[i].type));
		return -1;
	}
	return i;
}

static int
builtin_call(struct cc *c, const struct pe_fnode *e, const struct builtin *bi)
{
	int max = (int)strlen(bi->args), ok = 1, node[3] = { -1, -1, -1 };
	enum pe_vtype type;
	long n = bi->dflt;
	size_t i;
	char t;

	if (e->nargs < (size_t)bi->min || e->nargs > (size_t)max) {
		if (bi->min == max)
			diag(c, e->op, "%s takes %d argument%s: %s (got %zu)",
			    bi->name, max, max == 1 ? "" : "s", bi->usage,
			    e->nargs);
		else
			diag(c, e->op, "%s takes %d or %d arguments: %s (got "
			    "%zu)", bi->name, bi->min, max, bi->usage,
			    e->nargs);
		for (i = 0; i < e->nargs; i++)	/* their own errors too */
			expr(c, e->args[i]);
		return -1;
	}
	for (i = 0; i < e->nargs; i++) {
		t = bi->args[i];
		if (t == 'N' || t == 'K') {
			if (count_arg(c, e->args[i], bi->name, bi->argname[i],
			    t == 'N' ? 1 : 0, &n) != 0)
				ok = 0;
		} else if (t == 'a') {
			if ((node[i] = expr(c, e->args[i])) < 0)
				ok = 0;
		} else if ((node[i] = typed_arg(c, e->args[i], t == 'b' ?
		    PE_VT_BOOL : PE_VT_NUM, bi->name, bi->argname[i])) < 0)
			ok = 0;
	}
	if (!ok)
		return -1;
	switch (bi->op) {
	case PE_OP_NA:
		return mk(c, PE_OP_NA, PE_VT_BOOL, node[0], -1, 0);
	case PE_OP_NZ:
		type = c->p->node[node[0]].type;
		if (node[1] < 0)
			node[1] = mk_const(c, 0);
		else if (c->p->node[node[1]].type != type && !(type ==
		    PE_VT_BOOL && is_const(c, node[1]) &&
		    (c->p->node[node[1]].value == 0 ||
		    c->p->node[node[1]].value == 1))) {
			diag(c, e->args[1]->span, "nz: d must be %s, like x",
			    type_name(type));
			return -1;
		}
		if (node[1] < 0)
			return -1;
		if (type == PE_VT_BOOL)
			return mk(c, PE_OP_NZ, type, node[0], node[1], 0);
		return mk_elem(c, PE_OP_NZ, type, node[0], node[1]);
	case PE_OP_ABS:
	case PE_OP_MIN:
	case PE_OP_MAX:
		return mk_elem(c, bi->op, PE_VT_NUM, node[0], node[1]);
	case PE_OP_CROSS_ABOVE: case PE_OP_CROSS_BELOW:
	case PE_OP_RISING: case PE_OP_FALLING: case PE_OP_FIRST:
		return mk(c, bi->op, PE_VT_BOOL, node[0], node[1], n);
	case PE_OP_VALUEWHEN:
		return mk(c, bi->op, c->p->node[node[1]].type, node[0],
		    node[1], n);
	default:	/* highest lowest sum change barssince: numbers */
		return mk(c, bi->op, PE_VT_NUM, node[0], node[1], n);
	}
}

/*
 * Indicator calls.
 */

/* How many series an indicator reads from its arguments. */
static int
ind_nx(const struct pe_ind_info *info)
{
	return (info->inputs & PE_IN_Y) ? 2 : (info->inputs & PE_IN_X) ? 1 : 0;
}

/* name(x, y, p1, p2) as a usage line, into b; its text ("" when out of
 * memory). */
static const char *
ind_usage(const struct pe_ind_info *info, struct pe_buf *b)
{
	int i, nx = ind_nx(info), first = 1;

	pe_buf_printf(b, "%s(", info->name);
	if (nx == 2) {
		pe_buf_puts(b, "x, y");
		first = 0;
	} else if (nx == 1) {
		pe_buf_puts(b, info->nparams ? "[x,] " : "[x]");
	}
	for (i = 0; i < info->nparams; i++) {
		pe_buf_printf(b, "%s%s", first ? "" : ", ",
		    info->param[i].name);
		first = 0;
	}
	pe_buf_putc(b, ')');
	return b->oom ? "" : b->p;
}

/*
 * Whether argument e reads as a parameter rather than an input series: a
 * number, a moving-average word, a let bound to a constant, or
 * arithmetic of those.
 */
static int
paramlike(const struct cc *c, const struct pe_fnode *e)
{
	const struct pe_plan_let *let;

	switch (e->kind) {
	case PE_FN_NUM:
		return 1;
	case PE_FN_IDENT:
		if (series_find(e->name) >= 0)
			return 0;
		if ((let = let_find(c, e->name)) != NULL)
			return let->node < 0 || is_const(c, let->node);
		return pe_ma_parse(e->name) >= 0;
	case PE_FN_NEG:
		return paramlike(c, e->a);
	case PE_FN_ADD: case PE_FN_SUB: case PE_FN_MUL: case PE_FN_DIV:
	case PE_FN_MOD:
		return paramlike(c, e->a) && paramlike(c, e->b);
	default:
		return 0;
	}
}

/* The moving-average word nearest to word, or NULL. */
static const char *
ma_suggest(const char *word)
{
	const char *best = NULL, *w;
	size_t bd = (size_t)-1, limit = (strlen(word) + 1) / 3;
	int t;

	for (t = 0; t < 16; t++)
		if ((w = pe_ma_name(t)) != NULL)
			nearer(word, w, &best, &bd);
	return bd <= (limit < 1 ? 1 : limit) ? best : NULL;
}

/* Parameter i of info from argument e into *v. */
static int
param_arg(struct cc *c, const struct pe_ind_info *info, int i,
    const struct pe_fnode *e, double *v)
{
	const struct pe_ind_param *d = &info->param[i];
	const char *sug;
	int ma, node;

	if (d->type == PE_P_MA) {
		if (e->kind == PE_FN_IDENT && (ma = pe_ma_parse(e->name)) >= 0) {
			*v = ma;
			return 0;
		}
		if (e->kind == PE_FN_IDENT && (sug = ma_suggest(e->name)) !=
		    NULL)
			diag(c, e->span, "%s: %s '%s' is not a moving-average "
			    "type (did you mean '%s'?)", info->name, d->name,
			    e->name, sug);
		else if (e->kind == PE_FN_IDENT)
			diag(c, e->span, "%s: %s '%s' is not a moving-average "
			    "type (expected one of " PE_MA_WORDS ")",
			    info->name, d->name, e->name);
		else
			diag(c, e->span, "%s: %s must be a moving-average type "
			    "(one of " PE_MA_WORDS ")", info->name, d->name);
		return -1;
	}
	if ((node = expr(c, e)) < 0)
		return -1;
	if (!is_const(c, node)) {
		diag(c, e->span, "%s: %s must be a constant number", info->name,
		    d->name);
		return -1;
	}
	*v = c->p->node[node].value;
	return 0;
}

/* Parameter i's own range and type hold (pe_ind_check's first test). */
static int
param_in_range(const struct pe_ind_info *info, int i, double v)
{
	const struct pe_ind_param *d = &info->param[i];

	return v >= d->min && v <= d->max &&
	    (d->type == PE_P_REAL || v == floor(v));
}

static const char *
ind_text(struct cc *c, const struct pe_plan_ind *in)
{
	const struct pe_ind_info *info = in->info;
	struct pe_buf *b = &c->text;
	int i, comma = 0;

	b->len = 0;
	pe_buf_printf(b, "%s(", info->name);
	if (in->x >= 0) {
		pe_buf_puts(b, c->p->node[in->x].text);
		comma = 1;
	}
	if (in->y >= 0)
		pe_buf_printf(b, ",%s", c->p->node[in->y].text);
	for (i = 0; i < info->nparams; i++) {
		if (comma)
			pe_buf_putc(b, ',');
		comma = 1;
		if (info->param[i].type == PE_P_MA)
			pe_buf_puts(b, pe_ma_name((int)in->p[i]));
		else
			put_num(b, in->p[i]);
	}
	pe_buf_putc(b, ')');
	return keep_text(c);
}

/* The instance for (info, p, x, y): the existing one or a new one. */
static int
ind_get(struct cc *c, const struct pe_ind_info *info, const double *p,
    int x, int y)
{
	struct pe_plan_ind *v, *in;
	size_t i;
	int k;

	for (i = 0; i < c->p->ninds; i++) {
		in = &c->p->ind[i];
		if (in->info != info || in->x != x || in->y != y)
			continue;
		for (k = 0; k < info->nparams && in->p[k] == p[k]; k++)
			;
		if (k == info->nparams)
			return (int)i;
	}
	if ((v = grow(c->p->ind, &c->icap, c->p->ninds, sizeof *v)) == NULL) {
		c->nomem = 1;
		return -1;
	}
	c->p->ind = v;
	in = &v[c->p->ninds];
	memset(in, 0, sizeof *in);
	in->info = info;
	memcpy(in->p, p, sizeof in->p);
	in->x = x;
	in->y = y;
	in->start = lbmax(x >= 0 ? c->p->node[x].lookback : 0,
	    y >= 0 ? c->p->node[y].lookback : 0);
	in->lookback = in->start + info->lookback(p);
	for (k = 0; k < PE_IND_MAXOUT; k++)
		in->node[k] = -1;
	if ((in->text = ind_text(c, in)) == NULL)
		return -1;
	return (int)c->p->ninds++;
}

static int
mk_ind(struct cc *c, int ind, int k)
{
	struct pe_plan_node proto;

	memset(&proto, 0, sizeof proto);
	proto.op = PE_OP_IND;
	proto.type = PE_VT_NUM;
	proto.a = c->p->ind[ind].x;
	proto.b = c->p->ind[ind].y;
	proto.ind = ind;
	proto.k = k;
	return node_get(c, &proto);
}

static int
ind_call(struct cc *c, const struct pe_fnode *e, const struct pe_ind_info *info)
{
	double p[PE_IND_MAXPARAMS];
	struct pe_error err;
	struct pe_buf usage = { 0 };
	int nx = ind_nx(info), ni = 0, in[2] = { -1, -1 }, ok = 1, i, ind;
	size_t k, maxargs = (size_t)(info->nparams + nx);

	/* Which arguments are inputs: all nx for a two-series indicator,
	 * and for one series the first when it is not a parameter. */
	if (nx == 2)
		ni = 2;
	else if (nx == 1 && e->nargs > 0 &&
	    (e->nargs == maxargs || !paramlike(c, e->args[0])))
		ni = 1;
	if (e->nargs > maxargs || (size_t)ni > e->nargs) {
		if (e->nargs > maxargs)
			diag(c, e->op, "%s takes at most %zu argument%s: %s "
			    "(got %zu)", info->name, maxargs,
			    maxargs == 1 ? "" : "s", ind_usage(info, &usage),
			    e->nargs);
		else
			diag(c, e->op, "%s reads two series: %s", info->name,
			    ind_usage(info, &usage));
		if (usage.oom)
			c->nomem = 1;
		free(usage.p);
		for (k = 0; k < e->nargs; k++)
			expr(c, e->args[k]);
		return -1;
	}
	for (i = 0; i < ni; i++) {
		if ((in[i] = typed_arg(c, e->args[i], PE_VT_NUM, info->name,
		    i == 0 ? "its input" : "its second input")) < 0)
			ok = 0;
	}
	if (nx == 1 && ni == 0 &&
	    (in[0] = mk(c, PE_OP_SERIES, PE_VT_NUM, -1, -1, PE_SER_CLOSE)) < 0)
		ok = 0;
	for (i = 0; i < info->nparams; i++) {
		p[i] = info->param[i].def;
		if ((size_t)(ni + i) < e->nargs &&
		    param_arg(c, info, i, e->args[ni + i], &p[i]) != 0)
			ok = 0;
	}
	if (!ok)
		return -1;
	if (pe_ind_check(info, p, &err) != PE_OK) {
		for (i = 0; i < info->nparams; i++)
			if (!param_in_range(info, i, p[i]))
				break;
		diag(c, i < info->nparams && (size_t)(ni + i) < e->nargs ?
		    e->args[ni + i]->span : e->span, "%s", err.msg);
		return -1;
	}
	if ((ind = ind_get(c, info, p, in[0], in[1])) < 0)
		return -1;
	return mk_ind(c, ind, 0);
}

static int
call(struct cc *c, const struct pe_fnode *e)
{
	const struct pe_ind_info *info;
	const struct builtin *bi;
	const char *sug;
	size_t i;

	if ((bi = builtin_find(e->name)) != NULL)
		return builtin_call(c, e, bi);
	if ((info = pe_ind_find(e->name)) != NULL)
		return ind_call(c, e, info);
	if (series_find(e->name) >= 0)
		diag(c, e->op, "'%s' is a series, not a function (its past "
		    "values are %s[1], %s[2], ...)", e->name, e->name, e->name);
	else if (let_find(c, e->name) != NULL)
		diag(c, e->op, "'%s' is a let, not a function", e->name);
	else if ((sug = suggest(c, e->name, 1)) != NULL)
		diag(c, e->op, "unknown function '%s' (did you mean '%s'?)",
		    e->name, sug);
	else
		diag(c, e->op, "unknown function '%s'", e->name);
	for (i = 0; i < e->nargs; i++)
		expr(c, e->args[i]);
	return -1;
}

static int
member(struct cc *c, const struct pe_fnode *e)
{
	const struct pe_plan_node *obj;
	const struct pe_ind_info *info;
	struct pe_buf list = { 0 };
	int a, k;

	if ((a = expr(c, e->a)) < 0)
		return -1;
	obj = &c->p->node[a];
	if (obj->op != PE_OP_IND || e->a->kind == PE_FN_MEMBER) {
		diag(c, e->op, "'.%s' selects an output of an indicator call, "
		    "as in macd(12,26,9).signal", e->name);
		return -1;
	}
	info = c->p->ind[obj->ind].info;
	for (k = 0; k < info->nout; k++)
		if (strcmp(info->out[k], e->name) == 0)
			return mk_ind(c, obj->ind, k);
	for (k = 0; k < info->nout; k++)
		pe_buf_printf(&list, "%s%s", k ? ", " : "", info->out[k]);
	diag(c, e->op, "%s has no output '%s' (outputs: %s)", info->name,
	    e->name, list.oom ? "" : list.p);
	if (list.oom)
		c->nomem = 1;
	free(list.p);
	return -1;
}

/* The op of a parsed operator node. */
static enum pe_op
op_of(enum pe_fkind k)
{
	switch (k) {
	case PE_FN_NEG: return PE_OP_NEG;
	case PE_FN_NOT: return PE_OP_NOT;
	case PE_FN_ADD: return PE_OP_ADD;
	case PE_FN_SUB: return PE_OP_SUB;
	case PE_FN_MUL: return PE_OP_MUL;
	case PE_FN_DIV: return PE_OP_DIV;
	case PE_FN_MOD: return PE_OP_MOD;
	case PE_FN_LT: return PE_OP_LT;
	case PE_FN_LE: return PE_OP_LE;
	case PE_FN_GT: return PE_OP_GT;
	case PE_FN_GE: return PE_OP_GE;
	case PE_FN_EQ: return PE_OP_EQ;
	case PE_FN_NE: return PE_OP_NE;
	case PE_FN_AND: return PE_OP_AND;
	default: return PE_OP_OR;
	}
}

/* Which operand is of the wrong type, for a message. */
static const char *
which_side(int a_bad, int b_bad)
{
	return a_bad && b_bad ? "both operands are" : a_bad ?
	    "its left operand is" : "its right operand is";
}

static int
binary(struct cc *c, const struct pe_fnode *e)
{
	enum pe_op op = op_of(e->kind);
	enum pe_vtype ta, tb, want;
	int a = expr(c, e->a), b = expr(c, e->b);

	if (a < 0 || b < 0)
		return -1;
	ta = c->p->node[a].type;
	tb = c->p->node[b].type;
	if (op == PE_OP_EQ || op == PE_OP_NE) {
		if (ta != tb) {
			diag(c, e->op, "'%s' compares a number with a boolean",
			    pe_plan_op_name(op));
			return -1;
		}
		return mk(c, op, PE_VT_BOOL, a, b, 0);
	}
	want = op == PE_OP_AND || op == PE_OP_OR ? PE_VT_BOOL : PE_VT_NUM;
	if (ta != want || tb != want) {
		diag(c, e->op, "'%s' needs %s, but %s %s",
		    pe_plan_op_name(op), want == PE_VT_BOOL ? "booleans" :
		    "numbers", which_side(ta != want, tb != want),
		    ta != want && tb != want ? (want == PE_VT_BOOL ? "numbers" :
		    "booleans") : type_name(ta != want ? ta : tb));
		return -1;
	}
	if (op >= PE_OP_LT && op <= PE_OP_NE)
		return mk(c, op, PE_VT_BOOL, a, b, 0);
	return mk_elem(c, op, want, a, b);
}

static int
expr(struct cc *c, const struct pe_fnode *e)
{
	const struct pe_plan_node *n;
	int a;

	if (c->nomem)
		return -1;
	switch (e->kind) {
	case PE_FN_NUM:
		return mk_const(c, e->num);
	case PE_FN_IDENT:
		return ident(c, e);
	case PE_FN_CALL:
		return call(c, e);
	case PE_FN_MEMBER:
		return member(c, e);
	case PE_FN_INDEX:
		if ((a = expr(c, e->a)) < 0)
			return -1;
		if (e->offset == 0)
			return a;
		n = &c->p->node[a];
		if (n->op == PE_OP_OFFSET) {
			if (n->n + e->offset > PE_PLAN_MAX_N) {
				diag(c, e->op, "offsets add up to %ld bars; "
				    "at most %ld", n->n + e->offset,
				    PE_PLAN_MAX_N);
				return -1;
			}
			return mk(c, PE_OP_OFFSET, n->type, n->a, -1,
			    n->n + e->offset);
		}
		return mk(c, PE_OP_OFFSET, n->type, a, -1, e->offset);
	case PE_FN_NEG:
		if ((a = expr(c, e->a)) < 0)
			return -1;
		if (c->p->node[a].type != PE_VT_NUM) {
			diag(c, e->op, "'-' needs a number, but its operand is "
			    "a boolean");
			return -1;
		}
		return mk_elem(c, PE_OP_NEG, PE_VT_NUM, a, -1);
	case PE_FN_NOT:
		if ((a = expr(c, e->a)) < 0)
			return -1;
		if (c->p->node[a].type != PE_VT_BOOL) {
			diag(c, e->op, "'not' needs a boolean, but its operand "
			    "is a number");
			return -1;
		}
		return mk(c, PE_OP_NOT, PE_VT_BOOL, a, -1, 0);
	default:
		return binary(c, e);
	}
}

/*
 * Statements.
 */

static int
add_let(struct cc *c, const struct pe_fstmt *s, int node)
{
	struct pe_plan_let *v;

	if ((v = grow(c->p->let, &c->lcap, c->p->nlets, sizeof *v)) == NULL)
		return -1;
	c->p->let = v;
	v += c->p->nlets++;
	v->source = c->source;
	v->node = node;
	v->text = node >= 0 ? c->p->node[node].text : NULL;
	if ((v->name = pe_farena_strndup(c->p->arena, s->name,
	    strlen(s->name))) == NULL)
		return -1;
	return 0;
}

static int
add_formula(struct cc *c, const struct pe_fstmt *s, enum pe_prole role,
    int root)
{
	struct pe_plan_formula *v;
	const char *src = c->f->src + s->expr->span.off;
	size_t len = s->expr->span.len;

	if ((v = grow(c->p->formula, &c->fcap, c->p->nformulas, sizeof *v)) ==
	    NULL)
		return -1;
	c->p->formula = v;
	v += c->p->nformulas++;
	memset(v, 0, sizeof *v);
	v->type = s->type;
	v->role = role;
	v->source = c->source;
	v->root = root;
	if (s->name == NULL) {	/* the whole expression, as given */
		src = c->f->src;
		len = c->f->len;
	} else if ((v->name = pe_farena_strndup(c->p->arena, s->name,
	    strlen(s->name))) == NULL)
		return -1;
	if ((v->src = pe_farena_strndup(c->p->arena, src, len)) == NULL)
		return -1;
	return 0;
}

static void
compile_source(struct cc *c, const struct pe_plan_src *src, unsigned flags)
{
	const struct pe_fstmt *s;
	int root, bad;

	for (c->stmt = 0; c->stmt < c->f->nstmt && !c->nomem; c->stmt++) {
		s = &c->f->stmt[c->stmt];
		bad = s->kind == PE_FS_LET && series_find(s->name) >= 0;
		if (bad)
			diag(c, s->name_span, "'%s' is a series; a let cannot "
			    "take its name", s->name);
		root = expr(c, s->expr);
		if (bad)
			root = -1;
		if (s->kind == PE_FS_LET) {
			if (add_let(c, s, root) != 0)
				c->nomem = 1;
			continue;
		}
		if (root >= 0 && src->role == PE_PR_SIGNAL &&
		    c->p->node[root].type != PE_VT_BOOL) {
			diag(c, s->expr->span, "a formula must be a condition "
			    "(true or false), but this is a number");
			root = -1;
		}
		if (root >= 0 && src->role == PE_PR_SIGNAL &&
		    (flags & PE_PLAN_EDGE))
			root = mk(c, PE_OP_FIRST, PE_VT_BOOL, root, -1, 0);
		if (add_formula(c, s, src->role, root) != 0)
			c->nomem = 1;
	}
}

/*
 * Dropping the nodes no formula reaches, and the per-formula lists.
 */

static int
finish(struct cc *c)
{
	struct pe_plan *p = c->p;
	struct pe_plan_node *nd;
	struct pe_plan_ind *in, *inds = NULL;
	int *map = NULL, *imap = NULL, *list;
	unsigned char *mark = NULL;
	size_t i, j, n = 0, ni = 0, cnt;

	if ((map = malloc((p->nnodes + 1) * sizeof *map)) == NULL ||
	    (imap = malloc((p->ninds + 1) * sizeof *imap)) == NULL ||
	    (mark = calloc(p->nnodes + 1, 1)) == NULL ||
	    (inds = calloc(p->ninds + 1, sizeof *inds)) == NULL)
		goto nomem;
	for (i = 0; i < p->nformulas; i++)
		mark[p->formula[i].root] = 1;
	for (i = p->nnodes; i-- > 0;) {
		if (!mark[i])
			continue;
		if (p->node[i].a >= 0)
			mark[p->node[i].a] = 1;
		if (p->node[i].b >= 0)
			mark[p->node[i].b] = 1;
	}
	for (i = 0; i < p->ninds; i++)
		imap[i] = -1;
	for (i = 0; i < p->nnodes; i++) {
		map[i] = -1;
		if (!mark[i])
			continue;
		map[i] = (int)n;
		nd = &p->node[n];
		*nd = p->node[i];
		if (nd->a >= 0)
			nd->a = map[nd->a];
		if (nd->b >= 0)
			nd->b = map[nd->b];
		if (nd->op == PE_OP_SERIES)
			p->inputs |= series_inputs[nd->n];
		if (nd->op == PE_OP_IND) {
			if (imap[nd->ind] < 0) {
				imap[nd->ind] = (int)ni;
				in = &inds[ni];
				*in = p->ind[nd->ind];
				in->x = in->x >= 0 ? map[in->x] : -1;
				in->y = in->y >= 0 ? map[in->y] : -1;
				for (j = 0; j < PE_IND_MAXOUT; j++)
					in->node[j] = -1;
				p->inputs |= in->info->inputs &
				    ~(unsigned)(PE_IN_X | PE_IN_Y);
				ni++;
			}
			nd->ind = imap[nd->ind];
			inds[nd->ind].node[nd->k] = (int)n;
		}
		n++;
	}
	p->nnodes = n;
	free(p->ind);
	p->ind = inds;
	inds = NULL;
	p->ninds = ni;
	for (i = 0; i < p->nlets; i++)
		p->let[i].node = p->let[i].node >= 0 ? map[p->let[i].node] : -1;
	p->lookback = 0;
	for (i = 0; i < p->nformulas; i++) {
		struct pe_plan_formula *f = &p->formula[i];

		f->root = map[f->root];
		f->lookback = p->node[f->root].lookback;
		p->lookback = lbmax(p->lookback, f->lookback);
		memset(mark, 0, n);
		mark[f->root] = 1;
		for (j = n, cnt = 0; j-- > 0;) {
			if (!mark[j])
				continue;
			if (p->node[j].a >= 0)
				mark[p->node[j].a] = 1;
			if (p->node[j].b >= 0)
				mark[p->node[j].b] = 1;
			cnt += p->node[j].op == PE_OP_IND;
		}
		if ((list = pe_farena_alloc(p->arena, (cnt + 1) *
		    sizeof *list)) == NULL)
			goto nomem;
		for (j = 0; j < n; j++)
			if (mark[j] && p->node[j].op == PE_OP_IND)
				list[f->nind++] = (int)j;
		f->ind = list;
	}
	free(map);
	free(imap);
	free(mark);
	return 0;
nomem:
	free(map);
	free(imap);
	free(mark);
	free(inds);
	return -1;
}

int
pe_plan_compile(const struct pe_plan_src *src, size_t nsrc, unsigned flags,
    struct pe_plan **out, struct pe_error *err)
{
	struct cc c;
	size_t i, first_err = (size_t)-1, nd0;

	*out = NULL;
	memset(&c, 0, sizeof c);
	for (i = 0; i < nsrc; i++)
		if (src[i].f->ndiag > 0)
			return pe_formula_error(src[i].f, 0, err);
	if ((c.p = calloc(1, sizeof *c.p)) == NULL ||
	    (c.p->arena = pe_farena_new()) == NULL)
		goto nomem;
	for (i = 0; i < nsrc && !c.nomem; i++) {
		c.f = src[i].f;
		c.source = i;
		nd0 = c.f->ndiag;
		compile_source(&c, &src[i], flags);
		if (c.f->ndiag > nd0 && first_err == (size_t)-1)
			first_err = i;
	}
	free(c.text.p);
	if (c.nomem)
		goto nomem;
	free(c.slot);
	c.slot = NULL;
	if (c.nerr > 0) {
		pe_plan_free(c.p);
		return pe_formula_error(src[first_err].f, 0, err);
	}
	if (c.p->nformulas == 0) {	/* the parser makes sure of one */
		pe_plan_free(c.p);
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "no formula");
	}
	if (finish(&c) != 0)
		goto nomem;
	*out = c.p;
	return PE_OK;
nomem:
	free(c.slot);
	pe_plan_free(c.p);
	return pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

void
pe_plan_free(struct pe_plan *p)
{
	if (p == NULL)
		return;
	free(p->node);
	free(p->ind);
	free(p->formula);
	free(p->let);
	pe_farena_free(p->arena);
	free(p);
}
