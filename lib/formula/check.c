/*
 * check.c: the checking part of the compiler (see fcc.h): a parsed
 * statement to plan nodes.  Every name is resolved against the series,
 * the built-in functions, the lets of its source and the indicator
 * registry (a bare indicator name is its call with every default; an
 * unknown name gets a "did you mean" when one is near); the
 * number of arguments, the constant ones (counts, indicator parameters,
 * moving-average words) and the types are checked; offsets of offsets
 * are merged and bounded.  The nodes themselves, their sharing, folding,
 * lookbacks and texts, are node.c's.
 *
 * An error is a diagnostic on the source (pe_formula_diag_add) and makes
 * the subexpression "poisoned" (-1): its users report nothing more, so one
 * mistake gives one message, and independent mistakes each give theirs.
 *
 * Bloat: no named arguments, no conversion between numbers and booleans,
 * no suggestion further than a third of a name's letters.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fcc.h"
#include "ops.h"

/* The short names of series; the canonical ones are node.c's
 * (pe_fcc_series_name). */
static const struct {
	const char *name;
	int ser;
} short_series[] = {
	{ "o", PE_SER_OPEN }, { "h", PE_SER_HIGH }, { "l", PE_SER_LOW },
	{ "c", PE_SER_CLOSE }, { "v", PE_SER_VOLUME },
};

#define NSHORT (sizeof short_series / sizeof short_series[0])

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
	{ "cum", PE_OP_CUM, "n", 1, 0, { "x" }, "cum(x)" },
	{ "percentrank", PE_OP_PERCENTRANK, "nN", 2, 0, { "x", "n" },
	    "percentrank(x, n)" },
	{ "median", PE_OP_MEDIAN, "nN", 2, 0, { "x", "n" }, "median(x, n)" },
	{ "na", PE_OP_NA, "a", 1, 0, { "x" }, "na(x)" },
	{ "nz", PE_OP_NZ, "aa", 1, 0, { "x", "d" }, "nz(x[, d])" },
	{ "abs", PE_OP_ABS, "n", 1, 0, { "x" }, "abs(x)" },
	{ "min", PE_OP_MIN, "nn", 2, 0, { "a", "b" }, "min(a, b)" },
	{ "max", PE_OP_MAX, "nn", 2, 0, { "a", "b" }, "max(a, b)" },
	{ "iif", PE_OP_WHEN, "baa", 3, 0, { "cond", "x", "y" },
	    "iif(cond, x, y)" },
	{ "sqrt", PE_OP_SQRT, "n", 1, 0, { "x" }, "sqrt(x)" },
	{ "log", PE_OP_LOG, "n", 1, 0, { "x" }, "log(x)" },
	{ "log10", PE_OP_LOG10, "n", 1, 0, { "x" }, "log10(x)" },
	{ "exp", PE_OP_EXP, "n", 1, 0, { "x" }, "exp(x)" },
	{ "pow", PE_OP_POW, "nn", 2, 0, { "a", "b" }, "pow(a, b)" },
	{ "round", PE_OP_ROUND, "nn", 1, 0, { "x", "d" }, "round(x[, d])" },
	{ "floor", PE_OP_FLOOR, "n", 1, 0, { "x" }, "floor(x)" },
	{ "ceil", PE_OP_CEIL, "n", 1, 0, { "x" }, "ceil(x)" },
	{ "sign", PE_OP_SIGN, "n", 1, 0, { "x" }, "sign(x)" },
	{ "sin", PE_OP_SIN, "n", 1, 0, { "x" }, "sin(x)" },
	{ "cos", PE_OP_COS, "n", 1, 0, { "x" }, "cos(x)" },
	{ "tan", PE_OP_TAN, "n", 1, 0, { "x" }, "tan(x)" },
	{ "asin", PE_OP_ASIN, "n", 1, 0, { "x" }, "asin(x)" },
	{ "acos", PE_OP_ACOS, "n", 1, 0, { "x" }, "acos(x)" },
	{ "atan", PE_OP_ATAN, "n", 1, 0, { "x" }, "atan(x)" },
	{ "sinh", PE_OP_SINH, "n", 1, 0, { "x" }, "sinh(x)" },
	{ "cosh", PE_OP_COSH, "n", 1, 0, { "x" }, "cosh(x)" },
	{ "tanh", PE_OP_TANH, "n", 1, 0, { "x" }, "tanh(x)" },
};

#define NBUILTINS (sizeof builtins / sizeof builtins[0])

/*
 * What other tools (Pine, AmiBroker's AFL, Tulip) call a built-in, lower
 * case, for "did you mean"; NULL where pe has no counterpart and the
 * nearest name would be something else.  Indicators' other names are
 * lib/ind's (pe_ind_alias).  To add one: a line here, and a case in
 * tests/formula/compile.test.
 */
static const struct {
	const char *name, *to;
} builtin_aliases[] = {
	{ "cross", "cross_above" },		/* AFL Cross(a, b) */
	{ "iff", "iif" },			/* a common slip */
	{ "if", "iif" },			/* MetaStock If(c, a, b) */
	{ "crossover", "cross_above" },		/* Pine, Tulip */
	{ "crossunder", "cross_below" },	/* Pine */
	{ "hhv", "highest" },			/* AFL */
	{ "llv", "lowest" },			/* AFL */
	{ "highestbars", NULL },		/* Pine: bars back to it, not highest */
	{ "lowestbars", NULL },
};

#define NBUILTIN_ALIASES (sizeof builtin_aliases / sizeof builtin_aliases[0])

static void
diag(struct pe_fcc *c, struct pe_fspan at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * A diagnostic at span at.  Inside a function's body it says which call
 * of the statement being checked led there (the body is checked once
 * per call).
 */
static void
diag(struct pe_fcc *c, struct pe_fspan at, const char *fmt, ...)
{
	const struct pe_fframe *f;
	char msg[PE_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if ((f = c->frame) != NULL) {
		while (f->up != NULL)
			f = f->up;
		if (pe_formula_diag_add(c->f, at, "%s (in the call of %s at "
		    "%ld:%ld)", msg, f->fn->s->name, f->call->op.line,
		    f->call->op.col) != PE_OK)
			c->nomem = 1;
	} else if (pe_formula_diag_add(c->f, at, "%s", msg) != PE_OK)
		c->nomem = 1;
	c->nerr++;
}

static const char *
type_name(enum pe_vtype t)
{
	return t == PE_VT_BOOL ? "a boolean" : "a number";
}

/*
 * Names.
 */

static int
series_find(const char *name)
{
	int i;

	for (i = 0; i < PE_SER_COUNT; i++)
		if (strcmp(pe_fcc_series_name(i), name) == 0)
			return i;
	for (i = 0; i < (int)NSHORT; i++)
		if (strcmp(short_series[i].name, name) == 0)
			return short_series[i].ser;
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

/* The indicator a bare name calls with its defaults: one of the
 * registry's, not shadowed by a built-in, of at most one series (two
 * have no default); NULL when name is none. */
static const struct pe_ind_info *
bare_ind(const char *name)
{
	const struct pe_ind_info *info = pe_ind_find(name);

	if (info == NULL || builtin_find(name) != NULL ||
	    (info->inputs & PE_IN_Y))
		return NULL;
	return info;
}

/* The let of the current source named name, visible here (in a
 * function's body, one before the function); NULL if none. */
static const struct pe_plan_let *
let_find(const struct pe_fcc *c, const char *name)
{
	size_t i = c->frame ? c->frame->fn->nlets : c->p->nlets;

	while (i-- > 0)
		if (c->p->let[i].source == c->source &&
		    strcmp(c->p->let[i].name, name) == 0)
			return &c->p->let[i];
	return NULL;
}

/* A statement of the current source after this one that lets name. */
static const struct pe_fstmt *
let_later(const struct pe_fcc *c, const char *name)
{
	size_t i;

	for (i = c->stmt; i < c->f->nstmt; i++)
		if (c->f->stmt[i].kind == PE_FS_LET &&
		    strcmp(c->f->stmt[i].name, name) == 0)
			return &c->f->stmt[i];
	return NULL;
}

/* The function let of the current source named name, defined before
 * the statement being checked; NULL if none. */
static const struct pe_ffunc *
func_find(const struct pe_fcc *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nfunc; i++)
		if (c->func[i].source == c->source && c->func[i].stmt <
		    c->stmt && strcmp(c->func[i].s->name, name) == 0)
			return &c->func[i];
	return NULL;
}

/* The index of name among frame f's parameters, or -1. */
static int
param_find(const struct pe_fframe *f, const char *name)
{
	size_t k;

	for (k = 0; f != NULL && k < f->fn->s->nparams; k++)
		if (strcmp(f->fn->s->param[k].name, name) == 0)
			return (int)k;
	return -1;
}

/* Function s's usage, "zscore(x, n)", into b; its text ("" when out of
 * memory). */
static const char *
func_usage(const struct pe_fstmt *s, struct pe_buf *b)
{
	size_t k;

	pe_buf_printf(b, "%s(", s->name);
	for (k = 0; k < s->nparams; k++)
		pe_buf_printf(b, "%s%s", k ? ", " : "", s->param[k].name);
	pe_buf_putc(b, ')');
	return b->oom ? "" : b->p;
}

static int
is_formula_name(const struct pe_fcc *c, const char *name)
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

/* best, at distance bd from name, if it is near enough to suggest: a
 * third of the letters, rounded up from 2.5 ("clsoe" is two edits from
 * "close"), and at least one edit; else NULL. */
static const char *
near_enough(const char *name, const char *best, size_t bd)
{
	size_t limit = (strlen(name) + 1) / 3;

	return bd <= (limit < 1 ? 1 : limit) ? best : NULL;
}

/* Whether name, in any case, is another tool's name for a built-in or an
 * indicator; *to is then pe's name for it, or NULL for none. */
static int
alias(const char *name, const char **to)
{
	size_t i;

	for (i = 0; i < NBUILTIN_ALIASES; i++)
		if (strcasecmp(builtin_aliases[i].name, name) == 0) {
			*to = builtin_aliases[i].to;
			return 1;
		}
	return pe_ind_alias(name, to);
}

/*
 * The suggestion for an unknown name, or NULL: funcs 1 for functions
 * (built-ins and indicators), 0 for values (series, visible lets and the
 * indicators a bare name calls).  First a name with the same letters in
 * another case (names are case-sensitive: RSI is only suggested rsi),
 * then pe's name for another tool's (crossover, psar), then the nearest.
 */
static const char *
suggest(const struct pe_fcc *c, const char *name, int funcs)
{
	const char *best = NULL, *to;
	size_t i, bd = (size_t)-1;

	if (funcs) {
		for (i = 0; i < NBUILTINS; i++)
			nearer(name, builtins[i].name, &best, &bd);
		for (i = 0; i < pe_ind_count(); i++)
			nearer(name, pe_ind_at(i)->name, &best, &bd);
	} else {
		for (i = 0; i < PE_SER_COUNT; i++)
			nearer(name, pe_fcc_series_name((int)i), &best, &bd);
		for (i = 0; i < c->p->nlets; i++)
			if (c->p->let[i].source == c->source)
				nearer(name, c->p->let[i].name, &best, &bd);
		for (i = 0; i < pe_ind_count(); i++)
			if (bare_ind(pe_ind_at(i)->name) != NULL)
				nearer(name, pe_ind_at(i)->name, &best, &bd);
	}
	if (bd > 0 && alias(name, &to))
		return to;
	return near_enough(name, best, bd);
}

static int expr(struct pe_fcc *, const struct pe_fnode *);
static int ind_call(struct pe_fcc *, const struct pe_fnode *,
    const struct pe_ind_info *);
static const char *ind_usage(const struct pe_ind_info *, struct pe_buf *);

/*
 * A bare name, in this order: a series; a let of this source (visible, or
 * an error when it is defined later or being defined: one name means one
 * thing in a file); an indicator of at most one series, called with every
 * default (obv is obv(close), rsi is rsi(close,14)).  A built-in, or an
 * indicator of two series, has no call without arguments.
 */
/*
 * Inside tf(): the let named e, checked again over the other bars (its
 * statement's expression, as its line sees the names); -2 when no let
 * before this line has the name.  A let that reads its own past cannot
 * be: its recurrence is of the plan's own bars.
 */
static int
tf_let(struct pe_fcc *c, const struct pe_fnode *e)
{
	struct pe_fframe *frame = c->frame;
	size_t i, stmt = c->stmt;
	int r;

	for (i = stmt; i-- > 0;)
		if (c->f->stmt[i].kind == PE_FS_LET && !c->f->stmt[i].func &&
		    strcmp(c->f->stmt[i].name, e->name) == 0)
			break;
	if (i == (size_t)-1)
		return -2;
	c->frame = NULL;
	c->stmt = i;
	r = expr(c, c->f->stmt[i].expr);
	c->frame = frame;
	c->stmt = stmt;
	return r;
}

/*
 * Parameter k of the call being checked: its argument, checked in the
 * caller's frame and statement.  Checked before the body, it has no
 * diagnostic of its own here, and its node is shared.
 */
static int
param_value(struct pe_fcc *c, int k)
{
	struct pe_fframe *f = c->frame;
	size_t stmt = c->stmt;
	int r;

	c->frame = f->up;
	c->stmt = f->stmt;
	r = expr(c, f->call->args[k]);
	c->frame = f;
	c->stmt = stmt;
	return r;
}

static int
ident(struct pe_fcc *c, const struct pe_fnode *e)
{
	const struct pe_ind_info *info = bare_ind(e->name);
	const struct pe_plan_let *let;
	const struct pe_ffunc *fn;
	const struct pe_fstmt *later;
	const struct builtin *bi;
	struct pe_buf usage = { 0 };
	const char *sug;
	int s;

	if ((s = series_find(e->name)) >= 0)
		return pe_fcc_node(c, PE_OP_SERIES, PE_VT_NUM, -1, -1, s);
	if ((s = param_find(c->frame, e->name)) >= 0)
		return param_value(c, s);
	if ((fn = func_find(c, e->name)) != NULL) {
		diag(c, e->span, "'%s' is a function: call it, as in %s",
		    e->name, func_usage(fn->s, &usage));
		if (usage.oom)
			c->nomem = 1;
		free(usage.p);
		return -1;
	}
	if (c->in_tf && (s = tf_let(c, e)) != -2)
		return s;
	if ((let = let_find(c, e->name)) != NULL)
		return let->node;	/* -1 when the let failed: no cascade */
	for (s = 0; s < PE_TM_COUNT; s++)	/* after lets: no file breaks */
		if (strcmp(e->name, pe_fcc_time_name(s)) == 0)
			return pe_fcc_node(c, PE_OP_TIME, PE_VT_NUM, -1, -1, s);
	if ((later = let_later(c, e->name)) != NULL) {
		if (later == &c->f->stmt[c->stmt] && !later->func)
			diag(c, e->span, "'%s' is used in its own definition "
			    "(%s%s%s)", e->name, info ? "the indicator is " :
			    "a let may read its past values, ", e->name,
			    info ? "(): call it" : "[1], ...");
		else if (later == &c->f->stmt[c->stmt])
			diag(c, e->span, "'%s' is used in its own definition",
			    e->name);
		else
			diag(c, e->span, "'%s' is used before its definition "
			    "(let on line %ld); a let is visible only to the "
			    "lines after it", e->name, later->span.line);
		return -1;
	}
	if (info != NULL)
		return ind_call(c, e, info);
	if ((bi = builtin_find(e->name)) != NULL) {
		diag(c, e->span, "'%s' is a function: call it, as in %s",
		    e->name, bi->usage);
		return -1;
	}
	if ((info = pe_ind_find(e->name)) != NULL) {
		diag(c, e->span, "'%s' reads two series: call it, as in %s",
		    e->name, ind_usage(info, &usage));
		if (usage.oom)
			c->nomem = 1;
		free(usage.p);
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
count_arg(struct pe_fcc *c, const struct pe_fnode *e, const char *fn,
    const char *what, long min, long *out)
{
	char num[PE_NUM_BUFSZ];
	double v;
	int i;

	if ((i = expr(c, e)) < 0)
		return -1;
	if (!pe_fcc_is_const(c, i)) {
		diag(c, e->span, "%s: %s must be a constant number", fn, what);
		return -1;
	}
	v = c->p->node[i].value;
	if (!(v >= (double)min && v <= (double)PE_PLAN_MAX_N) ||
	    v != floor(v)) {
		diag(c, e->span, "%s: %s must be a whole number from %ld to "
		    "%ld (got %s)", fn, what, min, PE_PLAN_MAX_N,
		    pe_fcc_num_text(v, num));
		return -1;
	}
	*out = (long)v;
	return 0;
}

/* An operand of type want (PE_VT_NUM or PE_VT_BOOL) or -1; say what
 * wants it when it is not. */
static int
typed_arg(struct pe_fcc *c, const struct pe_fnode *e, enum pe_vtype want,
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

/* Whether node i is the constant 0 or 1 (a boolean's stand-in). */
static int
is_01(const struct pe_fcc *c, int i)
{
	return pe_fcc_is_const(c, i) && (c->p->node[i].value == 0 ||
	    c->p->node[i].value == 1);
}

/*
 * iif(cond, x, y) over the nodes of its arguments: x and y of one type (or
 * a boolean and the constant 0 or 1, as nz's d), built as
 * nz(when(cond, x), unless(cond, y)) (pe_plan.h).
 */
static int
iif(struct pe_fcc *c, const struct pe_fnode *e, const int *node)
{
	enum pe_vtype tx = c->p->node[node[1]].type;
	enum pe_vtype ty = c->p->node[node[2]].type;
	enum pe_vtype type = tx;
	int x, y;

	if (tx != ty && !(tx == PE_VT_BOOL && is_01(c, node[2])) &&
	    !(ty == PE_VT_BOOL && is_01(c, node[1]))) {
		if (e->kind == PE_FN_COND)
			diag(c, e->args[2]->span, "the branch after ':' must "
			    "be %s, like the one after '?'", type_name(tx));
		else
			diag(c, e->args[2]->span, "iif: y must be %s, like x",
			    type_name(tx));
		return -1;
	}
	if (tx != ty)
		type = PE_VT_BOOL;
	if (type == PE_VT_BOOL) {	/* no folding into a number */
		x = pe_fcc_node(c, PE_OP_WHEN, type, node[0], node[1], 0);
		y = pe_fcc_node(c, PE_OP_UNLESS, type, node[0], node[2], 0);
		return x < 0 || y < 0 ? -1 :
		    pe_fcc_node(c, PE_OP_NZ, type, x, y, 0);
	}
	x = pe_fcc_elem(c, PE_OP_WHEN, type, node[0], node[1]);
	y = pe_fcc_elem(c, PE_OP_UNLESS, type, node[0], node[2]);
	return x < 0 || y < 0 ? -1 : pe_fcc_elem(c, PE_OP_NZ, type, x, y);
}

/* cond ? x : y: iif(cond, x, y) with its own messages. */
static int
cond(struct pe_fcc *c, const struct pe_fnode *e)
{
	int node[3], k, ok = 1;

	for (k = 0; k < 3; k++)
		if ((node[k] = expr(c, e->args[k])) < 0)
			ok = 0;
	if (!ok)
		return -1;
	if (c->p->node[node[0]].type != PE_VT_BOOL) {
		diag(c, e->args[0]->span, "the condition before '?' must be a "
		    "boolean, not a number");
		return -1;
	}
	return iif(c, e, node);
}

static int
builtin_call(struct pe_fcc *c, const struct pe_fnode *e,
    const struct builtin *bi)
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
	case PE_OP_WHEN:	/* iif */
		return iif(c, e, node);
	case PE_OP_NA:
		return pe_fcc_node(c, PE_OP_NA, PE_VT_BOOL, node[0], -1, 0);
	case PE_OP_NZ:
		type = c->p->node[node[0]].type;
		if (node[1] < 0)
			node[1] = pe_fcc_const(c, 0);
		else if (c->p->node[node[1]].type != type && !(type ==
		    PE_VT_BOOL && pe_fcc_is_const(c, node[1]) &&
		    (c->p->node[node[1]].value == 0 ||
		    c->p->node[node[1]].value == 1))) {
			diag(c, e->args[1]->span, "nz: d must be %s, like x",
			    type_name(type));
			return -1;
		}
		if (node[1] < 0)
			return -1;
		if (type == PE_VT_BOOL)
			return pe_fcc_node(c, PE_OP_NZ, type, node[0], node[1],
			    0);
		return pe_fcc_elem(c, PE_OP_NZ, type, node[0], node[1]);
	case PE_OP_ROUND:
		if (node[1] < 0 && (node[1] = pe_fcc_const(c, 0)) < 0)
			return -1;
		return pe_fcc_elem(c, bi->op, PE_VT_NUM, node[0], node[1]);
	case PE_OP_ABS:
	case PE_OP_MIN:
	case PE_OP_MAX:
		return pe_fcc_elem(c, bi->op, PE_VT_NUM, node[0], node[1]);
	case PE_OP_CROSS_ABOVE: case PE_OP_CROSS_BELOW:
	case PE_OP_RISING: case PE_OP_FALLING: case PE_OP_FIRST:
		return pe_fcc_node(c, bi->op, PE_VT_BOOL, node[0], node[1], n);
	case PE_OP_VALUEWHEN:
		return pe_fcc_node(c, bi->op, c->p->node[node[1]].type, node[0],
		    node[1], n);
	default:
		if (pe_op_is_math(bi->op))
			return pe_fcc_elem(c, bi->op, PE_VT_NUM, node[0],
			    node[1]);
		/* highest lowest sum change barssince: numbers */
		return pe_fcc_node(c, bi->op, PE_VT_NUM, node[0], node[1], n);
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
 * number, a let bound to a constant, or arithmetic of those.  A bare
 * moving-average word is an indicator (sma(ema) is the sma of ema(close,
 * 30)): no indicator's first parameter is a moving-average type.
 */
static int
paramlike(struct pe_fcc *c, const struct pe_fnode *e)
{
	const struct pe_plan_let *let;
	struct pe_fframe *f = c->frame;
	int k, r;

	switch (e->kind) {
	case PE_FN_NUM:
		return 1;
	case PE_FN_IDENT:
		if (series_find(e->name) >= 0)
			return 0;
		if ((k = param_find(f, e->name)) >= 0) {
			c->frame = f->up;	/* the argument, where written */
			r = paramlike(c, f->call->args[k]);
			c->frame = f;
			return r;
		}
		if ((let = let_find(c, e->name)) != NULL)
			return let->node < 0 || pe_fcc_is_const(c, let->node);
		return 0;
	case PE_FN_NEG:
		return paramlike(c, e->a);
	case PE_FN_ADD: case PE_FN_SUB: case PE_FN_MUL: case PE_FN_DIV:
	case PE_FN_MOD:
		/* down a chain's left operands in a loop (pe_formula.h,
		 * Limits) */
		for (; e->kind >= PE_FN_ADD && e->kind <= PE_FN_MOD; e = e->a)
			if (!paramlike(c, e->b))
				return 0;
		return paramlike(c, e);
	default:
		return 0;
	}
}

/* What e stands for: itself, or when it names a parameter, the
 * argument the call gives it (and so on up the calls). */
static const struct pe_fnode *
arg_tree(const struct pe_fcc *c, const struct pe_fnode *e)
{
	const struct pe_fframe *f = c->frame;
	int k;

	while (e->kind == PE_FN_IDENT && (k = param_find(f, e->name)) >= 0) {
		e = f->call->args[k];
		f = f->up;
	}
	return e;
}

/* The moving-average word nearest to word, or NULL. */
static const char *
ma_suggest(const char *word)
{
	const char *best = NULL, *w;
	size_t bd = (size_t)-1;
	int t;

	for (t = 0; t < 16; t++)
		if ((w = pe_ma_name(t)) != NULL)
			nearer(word, w, &best, &bd);
	return near_enough(word, best, bd);
}

/* Parameter i of info from argument e into *v. */
static int
param_arg(struct pe_fcc *c, const struct pe_ind_info *info, int i,
    const struct pe_fnode *e, double *v)
{
	const struct pe_ind_param *d = &info->param[i];
	const char *sug;
	int ma, node;

	if (d->type == PE_P_MA) {
		e = arg_tree(c, e);
		if (e->kind == PE_FN_IDENT &&
		    (ma = pe_ma_parse(e->name)) >= 0) {
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
	if (!pe_fcc_is_const(c, node)) {
		diag(c, e->span, "%s: %s must be a constant number", info->name,
		    d->name);
		return -1;
	}
	*v = c->p->node[node].value;
	return 0;
}

/*
 * The source text at span s for a message, into buf[PE_FCC_QUOTE]: on
 * one line (a line end or a tab is a blank, another control byte '?'),
 * cut to 40 bytes, "..." for the rest (the cut not inside a UTF-8
 * character).
 */
#define PE_FCC_QUOTE 48

static const char *
span_text(const struct pe_fcc *c, struct pe_fspan s, char *buf)
{
	const unsigned char *t = (const unsigned char *)c->f->src + s.off;
	size_t k, n = s.len;

	if (n > 40)
		for (n = 37; n > 0 && (t[n] & 0xc0) == 0x80; n--)
			;
	for (k = 0; k < n; k++)
		buf[k] = t[k] == '\n' || t[k] == '\r' || t[k] == '\t' ? ' ' :
		    t[k] < 0x20 || t[k] == 0x7f ? '?' : (char)t[k];
	if (s.len > 40)
		memcpy(buf + k, "...", 3), k += 3;
	buf[k] = '\0';
	return buf;
}

/* Parameter i's own range and type hold (pe_ind_check's first test). */
static int
param_in_range(const struct pe_ind_info *info, int i, double v)
{
	const struct pe_ind_param *d = &info->param[i];

	return v >= d->min && v <= d->max &&
	    (d->type == PE_P_REAL || v == floor(v));
}

static int
ind_call(struct pe_fcc *c, const struct pe_fnode *e,
    const struct pe_ind_info *info)
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
		else if (pe_fcc_is_const(c, in[i])) {
			/* sma(20, 5): the sma of a constant, never meant */
			diag(c, e->args[i]->span, "%s: argument %d is the %s"
			    "input series; %s is a number", info->name, i + 1,
			    nx == 1 ? "" : i == 0 ? "first " : "second ",
			    span_text(c, e->args[i]->span,
			    (char[PE_FCC_QUOTE]){ 0 }));
			ok = 0;
		}
	}
	if (nx == 1 && ni == 0 &&
	    (in[0] = pe_fcc_node(c, PE_OP_SERIES, PE_VT_NUM, -1, -1,
	    PE_SER_CLOSE)) < 0)
		ok = 0;
	for (i = 0; i < info->nparams && (size_t)(ni + i) < e->nargs; i++)
		if (param_arg(c, info, i, e->args[ni + i], &p[i]) != 0)
			ok = 0;
	if (!ok)
		return -1;
	pe_ind_defaults(info, p, i);
	if (pe_ind_check(info, p, &err) != PE_OK) {
		/* the parameter out of its range; for a check across them
		 * (fast below slow), the first one */
		for (i = 0; i < info->nparams; i++)
			if (!param_in_range(info, i, p[i]))
				break;
		if (i == info->nparams)
			i = 0;
		diag(c, (size_t)(ni + i) < e->nargs ? e->args[ni + i]->span :
		    e->span, "%s", err.msg);
		return -1;
	}
	if ((ind = pe_fcc_ind(c, info, p, in[0], in[1])) < 0)
		return -1;
	return pe_fcc_output(c, ind, 0);
}

/* The arguments of call e, checked for their own diagnostics; 0 when
 * all are good. */
static int
check_args(struct pe_fcc *c, const struct pe_fnode *e)
{
	size_t i;
	int ok = 1;

	for (i = 0; i < e->nargs; i++)
		if (expr(c, e->args[i]) < 0)
			ok = 0;
	return ok ? 0 : -1;
}

/*
 * A call of function let fn: its body checked with its parameters bound
 * to e's arguments (a macro: the nodes it makes are shared like any
 * others).  The arguments are checked first, once, so a bad one gives one
 * diagnostic however often the body uses it.
 */
static int
func_call(struct pe_fcc *c, const struct pe_fnode *e,
    const struct pe_ffunc *fn)
{
	struct pe_fframe f;
	struct pe_buf usage = { 0 };
	size_t n = fn->s->nparams;
	int r;

	if (e->nargs != n) {
		diag(c, e->op, "%s takes %zu argument%s: %s (got %zu)",
		    fn->s->name, n, n == 1 ? "" : "s",
		    func_usage(fn->s, &usage), e->nargs);
		if (usage.oom)
			c->nomem = 1;
		free(usage.p);
		check_args(c, e);
		return -1;
	}
	if (check_args(c, e) != 0 || c->expansions > PE_FCC_MAX_EXPANSIONS)
		return -1;	/* said, or past the bound: said once */
	f.depth = c->frame ? c->frame->depth + 1 : 1;
	if (f.depth > PE_FCC_MAX_CALL_DEPTH) {
		diag(c, e->op, "function calls nested too deeply (more than "
		    "%d)", PE_FCC_MAX_CALL_DEPTH);
		c->expansions = PE_FCC_MAX_EXPANSIONS + 1;
		return -1;
	}
	/* a call of a call of ... doubles at each level, and a body's
	 * nodes are made again for each new argument: bound the work */
	if ((c->expansions += fn->terms) > PE_FCC_MAX_EXPANSIONS) {
		diag(c, e->op, "function calls expand too far (more than %d "
		    "terms in one statement)", PE_FCC_MAX_EXPANSIONS);
		return -1;
	}
	f.fn = fn;
	f.call = e;
	f.up = c->frame;
	f.stmt = c->stmt;
	c->frame = &f;
	c->stmt = fn->stmt;
	r = expr(c, fn->s->expr);
	c->frame = f.up;
	c->stmt = f.stmt;
	return r;
}

/*
 * tf("1w", x): x on the higher timeframe's bars (pe_plan.h, TF), compiled
 * into a plan of its own by compile.c; a let x reads is checked again
 * there, on those bars.
 */
static int
tf_call(struct pe_fcc *c, const struct pe_fnode *e)
{
	const struct pe_fnode *a;
	int64_t ms;

	if (e->nargs != 2) {
		diag(c, e->op, "tf takes 2 arguments: tf(\"1w\", x) (got %zu)",
		    e->nargs);
		return -1;
	}
	a = arg_tree(c, e->args[0]);
	if (a->kind != PE_FN_STR) {
		diag(c, e->args[0]->span, "tf: the timeframe must be a string, "
		    "as in tf(\"1w\", x)");
		return -1;
	}
	if ((ms = pe_timeframe_parse(a->name)) == 0) {
		diag(c, a->span, "tf: unknown timeframe \"%s\" (expected one "
		    "of %s)", a->name, PE_TIMEFRAMES);
		return -1;
	}
	if (c->in_tf) {
		diag(c, e->op, "tf inside tf or sym: write the inner one on "
		    "its own");
		return -1;
	}
	return pe_fcc_other(c, e->args[1], ms, a->name, NULL);
}

/*
 * sym("SPY", x): x over another symbol's candles (pe_plan.h, SYM), in a
 * plan of its own as tf()'s.  The name is a file's stem: no '/', no
 * leading '.', no control byte (the strings have none).
 */
static int
sym_call(struct pe_fcc *c, const struct pe_fnode *e)
{
	const struct pe_fnode *a;

	if (e->nargs != 2) {
		diag(c, e->op, "sym takes 2 arguments: sym(\"SPY\", x) (got "
		    "%zu)", e->nargs);
		return -1;
	}
	a = arg_tree(c, e->args[0]);
	if (a->kind != PE_FN_STR) {
		diag(c, e->args[0]->span, "sym: the symbol must be a string, "
		    "as in sym(\"SPY\", x)");
		return -1;
	}
	if (a->name[0] == '\0' || a->name[0] == '.' ||
	    strchr(a->name, '/') != NULL) {
		diag(c, a->span, "sym: \"%s\" is not a symbol (a file's name "
		    "without its .csv: no '/', not starting with '.')",
		    a->name);
		return -1;
	}
	if (c->in_tf) {
		diag(c, e->op, "sym inside tf or sym: write the inner one on "
		    "its own");
		return -1;
	}
	return pe_fcc_other(c, e->args[1], 0, a->name, a->name);
}

static int
call(struct pe_fcc *c, const struct pe_fnode *e)
{
	const struct pe_ind_info *info;
	const struct pe_ffunc *fn;
	const struct pe_fstmt *later;
	const struct builtin *bi;
	const char *sug;

	if (strcmp(e->name, "tf") == 0)
		return tf_call(c, e);
	if (strcmp(e->name, "sym") == 0)
		return sym_call(c, e);
	if ((fn = func_find(c, e->name)) != NULL)
		return func_call(c, e, fn);
	if ((bi = builtin_find(e->name)) != NULL)
		return builtin_call(c, e, bi);
	if ((info = pe_ind_find(e->name)) != NULL)
		return ind_call(c, e, info);
	if (param_find(c->frame, e->name) >= 0)
		diag(c, e->op, "'%s' is a parameter, not a function", e->name);
	else if ((later = let_later(c, e->name)) != NULL && later->func &&
	    later == &c->f->stmt[c->stmt])
		diag(c, e->op, "'%s' calls itself: a function may call only "
		    "the functions defined before it", e->name);
	else if (later != NULL && later->func)
		diag(c, e->op, "'%s' is called before its definition (line "
		    "%ld); a function is visible only to the lines after it",
		    e->name, later->span.line);
	else if (series_find(e->name) >= 0)
		diag(c, e->op, "'%s' is a series, not a function (its past "
		    "values are %s[1], %s[2], ...)", e->name, e->name, e->name);
	else if (let_find(c, e->name) != NULL)
		diag(c, e->op, "'%s' is a let, not a function", e->name);
	else if ((sug = suggest(c, e->name, 1)) != NULL)
		diag(c, e->op, "unknown function '%s' (did you mean '%s'?)",
		    e->name, sug);
	else
		diag(c, e->op, "unknown function '%s'", e->name);
	check_args(c, e);
	return -1;
}

static int
member(struct pe_fcc *c, const struct pe_fnode *e)
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
			return pe_fcc_output(c, obj->ind, k);
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

/* Binary node e over the nodes of its operands, a and b (-1: poisoned). */
static int
binary_node(struct pe_fcc *c, const struct pe_fnode *e, int a, int b)
{
	enum pe_op op = op_of(e->kind);
	enum pe_vtype ta, tb, want;

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
		return pe_fcc_node(c, op, PE_VT_BOOL, a, b, 0);
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
		return pe_fcc_node(c, op, PE_VT_BOOL, a, b, 0);
	return pe_fcc_elem(c, op, want, a, b);
}

static int
is_binary(const struct pe_fnode *e)
{
	return e->kind >= PE_FN_ADD;
}

/*
 * A binary node and the chain of binary nodes down its left operands
 * (a + b - c * d: a chain is left-deep and as long as the line): the
 * chain is kept on c->spine and walked in a loop, leftmost operand
 * first, then each right operand and its node, bottom up; only what adds
 * depth recurses (pe_formula.h, Limits).  The order is the recursive
 * one's, so are the diagnostics.
 */
static int
binary(struct pe_fcc *c, const struct pe_fnode *e)
{
	const struct pe_fnode *n, **v;
	size_t base = c->nspine, k;
	int a;

	for (n = e; is_binary(n); n = n->a) {
		if ((v = pe_formula_grow(c->spine, &c->spine_cap, c->nspine,
		    sizeof *v)) == NULL) {
			c->nomem = 1;
			c->nspine = base;
			return -1;
		}
		c->spine = v;
		c->spine[c->nspine++] = n;
	}
	a = expr(c, n);
	for (k = c->nspine; k-- > base;) {
		n = c->spine[k];
		a = binary_node(c, n, a, expr(c, n->b));
	}
	c->nspine = base;
	return a;
}

/*
 * Recursive lets: x[n], n >= 1, inside let x's own definition reads the
 * let's past values (pe_plan.h, PREV).
 */

/* Whether e names the let being defined (not from a function's body). */
static int
is_self(const struct pe_fcc *c, const struct pe_fnode *e)
{
	const struct pe_fstmt *s = &c->f->stmt[c->stmt];

	return e->kind == PE_FN_IDENT && c->frame == NULL &&
	    s->kind == PE_FS_LET && !s->func && strcmp(s->name, e->name) == 0;
}

/* x[n] of the let x being defined, inside tf(): refused (tf_let). */
static int
self_in_tf(struct pe_fcc *c, const struct pe_fnode *e)
{
	diag(c, e->span, "'%s' reads its own past values: tf() and sym() "
	    "cannot compute it over other bars (compute it outside)",
	    e->a->name);
	return -1;
}

static int
self_ref(struct pe_fcc *c, const struct pe_fnode *e)
{
	int i = pe_fcc_prev(c, (int)c->p->nlets, e->offset);

	if (i >= 0 && (c->prev_first < 0 || i < c->prev_first))
		c->prev_first = i;
	return i;
}

/* Whether node j reads a node marked in dep (IND nodes through their
 * instance's inputs). */
static int
reads_dep(const struct pe_fcc *c, const unsigned char *dep, int base,
    int j)
{
	const struct pe_plan_node *n = &c->p->node[j];
	int in[2] = { n->a, n->b }, k;

	if (n->op == PE_OP_IND) {
		in[0] = c->p->ind[n->ind].x;
		in[1] = c->p->ind[n->ind].y;
	}
	for (k = 0; k < 2; k++)
		if (in[k] >= base && dep[in[k] - base])
			return 1;
	return 0;
}

/*
 * A recursive let s whose value is node root: its PREV nodes get root,
 * and the nodes from its first PREV to root that read one must be
 * element-wise ops, offsets or PREVs (evaluated bar by bar, as a
 * recurrence).  -1 after a diagnostic.
 */
static int
close_recursion(struct pe_fcc *c, const struct pe_fstmt *s, int root)
{
	struct pe_plan_node *v = c->p->node;
	int base = c->prev_first, j, let = (int)c->p->nlets;
	unsigned char *dep;
	enum pe_op op;

	if (v[root].type != PE_VT_NUM) {
		diag(c, s->name_span, "'%s' reads its own past values, so it "
		    "must be a number, not a condition (write it as 1 and 0)",
		    s->name);
		return -1;
	}
	for (j = base; j < (int)c->p->nnodes; j++)
		if (v[j].op == PE_OP_PREV && v[j].k == let)
			v[j].ind = root;
	if (root < base)
		return root;	/* no path from a PREV: nothing to close */
	if ((dep = calloc((size_t)(root - base + 1), 1)) == NULL) {
		c->nomem = 1;
		return -1;
	}
	for (j = base; j <= root; j++) {
		op = v[j].op;
		dep[j - base] = (op == PE_OP_PREV && v[j].k == let) ||
		    reads_dep(c, dep, base, j);
		if (dep[j - base] && op != PE_OP_PREV && op != PE_OP_OFFSET &&
		    !pe_op_is_elem(op)) {
			diag(c, s->name_span, "'%s' reads its own past values "
			    "through %s: between %s[n] and its value only "
			    "arithmetic, comparisons, logic, iif, nz, na, abs, "
			    "min, max, the math functions and offsets may be "
			    "used", s->name, v[j].text, s->name);
			free(dep);
			return -1;
		}
	}
	free(dep);
	return root;
}

static int
expr(struct pe_fcc *c, const struct pe_fnode *e)
{
	const struct pe_plan_node *n;
	int a;

	if (c->nomem)
		return -1;
	switch (e->kind) {
	case PE_FN_NUM:
		return pe_fcc_const(c, e->num);
	case PE_FN_IDENT:
		return ident(c, e);
	case PE_FN_CALL:
		return call(c, e);
	case PE_FN_COND:
		return cond(c, e);
	case PE_FN_STR:
		diag(c, e->span, "a string is only the first argument of "
		    "tf(\"1w\", x) or sym(\"SPY\", x)");
		return -1;
	case PE_FN_MEMBER:
		return member(c, e);
	case PE_FN_INDEX:
		if (e->offset > 0 && is_self(c, e->a))
			return c->in_tf ? self_in_tf(c, e) : self_ref(c, e);
		if ((a = expr(c, e->a)) < 0)
			return -1;
		if (e->offset == 0)
			return a;
		n = &c->p->node[a];
		if (n->op == PE_OP_PREV) {
			if (n->n + e->offset > PE_PLAN_MAX_N) {
				diag(c, e->op, "offsets add up to %ld bars; "
				    "at most %ld", n->n + e->offset,
				    PE_PLAN_MAX_N);
				return -1;
			}
			return pe_fcc_prev(c, n->k, n->n + e->offset);
		}
		if (n->op == PE_OP_OFFSET) {
			if (n->n + e->offset > PE_PLAN_MAX_N) {
				diag(c, e->op, "offsets add up to %ld bars; "
				    "at most %ld", n->n + e->offset,
				    PE_PLAN_MAX_N);
				return -1;
			}
			return pe_fcc_node(c, PE_OP_OFFSET, n->type, n->a, -1,
			    n->n + e->offset);
		}
		return pe_fcc_node(c, PE_OP_OFFSET, n->type, a, -1, e->offset);
	case PE_FN_NEG:
		if ((a = expr(c, e->a)) < 0)
			return -1;
		if (c->p->node[a].type != PE_VT_NUM) {
			diag(c, e->op, "'-' needs a number, but its operand is "
			    "a boolean");
			return -1;
		}
		return pe_fcc_elem(c, PE_OP_NEG, PE_VT_NUM, a, -1);
	case PE_FN_NOT:
		if ((a = expr(c, e->a)) < 0)
			return -1;
		if (c->p->node[a].type != PE_VT_BOOL) {
			diag(c, e->op, "'not' needs a boolean, but its operand "
			    "is a number");
			return -1;
		}
		return pe_fcc_node(c, PE_OP_NOT, PE_VT_BOOL, a, -1, 0);
	default:
		return binary(c, e);
	}
}

/*
 * Statements.
 */

int
pe_fcc_check_expr(struct pe_fcc *c, const struct pe_fnode *e)
{
	return expr(c, e);
}

/* The nodes of tree e (as deep as the parser allows, PE_FORMULA_MAX_DEPTH;
 * a binary chain's left operands in a loop). */
static size_t
terms(const struct pe_fnode *e)
{
	size_t n = 0, k;

	for (; e != NULL; e = e->a) {
		n++;
		if (e->b != NULL)
			n += terms(e->b);
		for (k = 0; k < e->nargs; k++)
			n += terms(e->args[k]);
	}
	return n;
}

int
pe_fcc_add_func(struct pe_fcc *c, const struct pe_fstmt *s)
{
	struct pe_ffunc *v;
	size_t k;
	int bad = 0;

	if (series_find(s->name) >= 0 || builtin_find(s->name) != NULL ||
	    pe_ind_find(s->name) != NULL) {
		diag(c, s->name_span, "'%s' is %s; a function cannot take its "
		    "name", s->name, series_find(s->name) >= 0 ? "a series" :
		    builtin_find(s->name) ? "a built-in function" :
		    "an indicator");
		bad = 1;
	}
	for (k = 0; k < s->nparams; k++)
		if (series_find(s->param[k].name) >= 0) {
			diag(c, s->param[k].span, "'%s' is a series; a "
			    "parameter cannot take its name", s->param[k].name);
			bad = 1;
		}
	if (bad)
		return -1;
	if ((v = pe_formula_grow(c->func, &c->func_cap, c->nfunc,
	    sizeof *v)) == NULL) {
		c->nomem = 1;
		return -1;
	}
	c->func = v;
	v += c->nfunc++;
	v->s = s;
	v->source = c->source;
	v->stmt = c->stmt;
	v->nlets = c->p->nlets;
	v->terms = terms(s->expr);
	return 0;
}

int
pe_fcc_check_stmt(struct pe_fcc *c, const struct pe_fstmt *s,
    enum pe_prole role)
{
	int bad = s->kind == PE_FS_LET && series_find(s->name) >= 0, root;

	if (bad)
		diag(c, s->name_span, "'%s' is a series; a let cannot take "
		    "its name", s->name);
	c->prev_first = -1;
	root = expr(c, s->expr);
	if (bad)
		return -1;
	if (root >= 0 && c->prev_first >= 0)
		root = close_recursion(c, s, root);
	if (s->kind != PE_FS_LET && root >= 0 && role == PE_PR_SIGNAL &&
	    c->p->node[root].type != PE_VT_BOOL) {
		diag(c, s->expr->span, "a formula must be a condition "
		    "(true or false), but this is a number");
		return -1;
	}
	return root;
}
