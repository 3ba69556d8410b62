/*
 * node.c: the plan's node table, the lower half of the compiler: a node
 * asked for by check.c is made once, hash-consed, so that a call or
 * subexpression written twice (in one formula, or in several formulas and
 * lets of the sources) is one node, with constants folded and each
 * node's lookback and canonical text computed as it is made; indicator
 * instances likewise.  See fcc.h.
 *
 * Each operand is made before its user, so a node's operands always have
 * smaller indices: the node array is in topological order as built.
 *
 * Bloat: no commutative canonicalisation, no algebraic simplification
 * beyond folding constants and merging offsets.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcc.h"
#include "ops.h"

/* The canonical series names, in PE_SER_* order. */
static const char *const series_names[PE_SER_COUNT] = {
	"open", "high", "low", "close", "volume", "hl2", "hlc3", "ohlc4"
};

static const char *const op_names[] = {
#define PE_OP_NAME_(op, name) name,
	PE_PLAN_OPS(PE_OP_NAME_)
#undef PE_OP_NAME_
};

const char *
pe_fcc_series_name(int ser)
{
	return series_names[ser];
}

/* The names of what a TIME node reads, in PE_TM_* order. */
static const char *const time_names[PE_TM_COUNT] = {
	"year", "month", "day", "dayofweek", "hour", "minute", "bar_index"
};

const char *
pe_fcc_time_name(int which)
{
	return which >= 0 && which < PE_TM_COUNT ? time_names[which] : "?";
}

const char *
pe_plan_op_name(enum pe_op op)
{
	return (unsigned)op < PE_OP_NOPS ? op_names[op] : "?";
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
slot_of(const struct pe_fcc *c, const struct pe_plan_node *n)
{
	size_t i = (size_t)node_hash(n) & (c->nslot - 1);

	while (c->slot[i] != 0 && !node_same(&c->p->node[c->slot[i] - 1], n))
		i = (i + 1) & (c->nslot - 1);
	return i;
}

static int
rehash(struct pe_fcc *c)
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
const char *
pe_fcc_num_text(double v, char *buf)
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

	pe_buf_puts(b, pe_fcc_num_text(v, num));
}

/* Operand i's text, in parentheses when its level is below min (or it
 * is a negative number or negation under an operator). */
static void
put_operand(struct pe_fcc *c, struct pe_buf *b, int i, int min)
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
put_ind(struct pe_fcc *c, struct pe_buf *b, int i, int k)
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
keep_text(struct pe_fcc *c)
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

/* Whether n is an iif: nz(when(cond, x), unless(cond, y)). */
static int
is_iif(const struct pe_fcc *c, const struct pe_plan_node *n)
{
	const struct pe_plan_node *x, *y;

	if (n->op != PE_OP_NZ || n->a < 0 || n->b < 0)
		return 0;
	x = &c->p->node[n->a];
	y = &c->p->node[n->b];
	return x->op == PE_OP_WHEN && y->op == PE_OP_UNLESS && x->a == y->a;
}

static const char *
node_text(struct pe_fcc *c, const struct pe_plan_node *n)
{
	struct pe_buf *b = &c->text;
	int pr;

	b->len = 0;
	switch (n->op) {
	case PE_OP_CONST:
		put_num(b, n->value);
		break;
	case PE_OP_SERIES:
		pe_buf_puts(b, pe_fcc_series_name((int)n->n));
		break;
	case PE_OP_TIME:
		pe_buf_puts(b, pe_fcc_time_name((int)n->n));
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
	case PE_OP_PREV:	/* made in its let's statement */
		pe_buf_printf(b, "%s[%ld]", c->f->stmt[c->stmt].name, n->n);
		break;
	case PE_OP_TF:
	case PE_OP_SYM: {
		const struct pe_plan_tf *t = &c->p->tf[n->n];

		pe_buf_printf(b, "%s(\"%s\",%s)", pe_plan_op_name(n->op),
		    t->name, t->plan->node[t->root].text);
		break;
	}
	case PE_OP_NZ:
		if (is_iif(c, n)) {	/* nz(when(c,x),unless(c,y)) */
			const struct pe_plan_node *x = &c->p->node[n->a];

			pe_buf_printf(b, "iif(%s,%s,%s)",
			    c->p->node[x->a].text, c->p->node[x->b].text,
			    c->p->node[c->p->node[n->b].b].text);
			break;
		}
		/* FALLTHROUGH */
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

/* The text of instance in: name(x,y,p1,p2). */
static const char *
ind_text(struct pe_fcc *c, const struct pe_plan_ind *in)
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

static long
node_lookback(const struct pe_fcc *c, const struct pe_plan_node *n)
{
	const struct pe_plan_node *v = c->p->node;
	long a = n->a >= 0 ? v[n->a].lookback : 0;
	long b = n->b >= 0 ? v[n->b].lookback : 0;

	switch (n->op) {
	case PE_OP_CONST: case PE_OP_SERIES: case PE_OP_CUM: case PE_OP_TIME:
	case PE_OP_PREV: case PE_OP_TF: case PE_OP_SYM:
		return 0;
	case PE_OP_IND:
		return c->p->ind[n->ind].lookback;
	case PE_OP_OFFSET: case PE_OP_CHANGE: case PE_OP_RISING:
	case PE_OP_FALLING: case PE_OP_PERCENTRANK:
		return a + n->n;
	case PE_OP_HIGHEST: case PE_OP_LOWEST: case PE_OP_SUM:
	case PE_OP_MEDIAN:
		return a + n->n - 1;
	case PE_OP_CROSS_ABOVE: case PE_OP_CROSS_BELOW:
		return pe_fcc_lbmax(a, b) + 1;
	case PE_OP_VALUEWHEN:
		return pe_fcc_lbmax(a, b) + n->n;
	default:
		return pe_fcc_lbmax(a, b);
	}
}

/*
 * The node like proto (op, type, a, b, n, ind, k, value; the rest is
 * computed): the existing one, or a new one.  -1 when out of memory.
 */
static int
node_get(struct pe_fcc *c, const struct pe_plan_node *proto)
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
	if ((v = pe_formula_grow(c->p->node, &c->ncap, c->p->nnodes,
	    sizeof *v)) == NULL)
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

int
pe_fcc_node(struct pe_fcc *c, enum pe_op op, enum pe_vtype type, int a,
    int b, long n)
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

int
pe_fcc_prev(struct pe_fcc *c, int let, long n)
{
	struct pe_plan_node proto;

	memset(&proto, 0, sizeof proto);
	proto.op = PE_OP_PREV;
	proto.type = PE_VT_NUM;
	proto.a = proto.b = proto.ind = -1;
	proto.k = let;
	proto.n = n;
	return node_get(c, &proto);
}

int
pe_fcc_const(struct pe_fcc *c, double v)
{
	struct pe_plan_node proto;

	memset(&proto, 0, sizeof proto);
	proto.op = PE_OP_CONST;
	proto.type = PE_VT_NUM;
	proto.a = proto.b = proto.ind = proto.k = -1;
	proto.value = v;
	return node_get(c, &proto);
}

int
pe_fcc_is_const(const struct pe_fcc *c, int i)
{
	return i >= 0 && c->p->node[i].op == PE_OP_CONST;
}

int
pe_fcc_elem(struct pe_fcc *c, enum pe_op op, enum pe_vtype type, int a, int b)
{
	double x, y;

	if (type == PE_VT_NUM && pe_fcc_is_const(c, a) &&
	    (b < 0 || pe_fcc_is_const(c, b))) {
		x = c->p->node[a].value;
		y = b >= 0 ? c->p->node[b].value : 0;
		return pe_fcc_const(c, pe_op_elem(op, x, y));
	}
	return pe_fcc_node(c, op, type, a, b, 0);
}

int
pe_fcc_ind(struct pe_fcc *c, const struct pe_ind_info *info, const double *p,
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
	if ((v = pe_formula_grow(c->p->ind, &c->icap, c->p->ninds,
	    sizeof *v)) == NULL) {
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
	in->start = pe_fcc_lbmax(x >= 0 ? c->p->node[x].lookback : 0,
	    y >= 0 ? c->p->node[y].lookback : 0);
	in->lookback = in->start + info->lookback(p);
	for (k = 0; k < PE_IND_MAXOUT; k++)
		in->node[k] = -1;
	if ((in->text = ind_text(c, in)) == NULL)
		return -1;
	return (int)c->p->ninds++;
}

int
pe_fcc_output(struct pe_fcc *c, int ind, int k)
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
