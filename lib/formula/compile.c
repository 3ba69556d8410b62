/*
 * compile.c: parsed formulas to a plan (see pe_plan.h), the emitting half
 * of the compiler.  It runs over the statements of every source, asking
 * check.c for each one's node, and keeps the lets and formulas; it makes
 * the nodes check.c asks for, hash-consed, so that a call or
 * subexpression written twice (in one formula, or in several formulas and
 * lets of the sources) is one node, with constants folded and each node's
 * lookback and canonical text computed as it is made; at the end it drops
 * the nodes no formula reaches (a folded constant's operands, an unused
 * let).  Names, arity and types are check.c's.
 *
 * Each operand is compiled before its user, so a node's operands always
 * have smaller indices: the node array is in topological order as built.
 *
 * Bloat: no commutative canonicalisation, no algebraic simplification
 * beyond folding constants and merging offsets.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "ops.h"

/* The inputs each series (PE_SER_*) reads. */
static const unsigned series_inputs[PE_SER_OHLC4 + 1] = {
	PE_IN_OPEN, PE_IN_HIGH, PE_IN_LOW, PE_IN_CLOSE, PE_IN_VOLUME,
	PE_IN_HIGH | PE_IN_LOW, PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	PE_IN_OPEN | PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE
};

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
lbmax(long x, long y)
{
	return x > y ? x : y;
}

static long
node_lookback(const struct pe_fcc *c, const struct pe_plan_node *n)
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
	in->start = lbmax(x >= 0 ? c->p->node[x].lookback : 0,
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

/*
 * Statements.
 */

static int
add_let(struct pe_fcc *c, const struct pe_fstmt *s, int node)
{
	struct pe_plan_let *v;

	if ((v = pe_formula_grow(c->p->let, &c->lcap, c->p->nlets,
	    sizeof *v)) == NULL)
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
add_formula(struct pe_fcc *c, const struct pe_fstmt *s, enum pe_prole role,
    int root)
{
	struct pe_plan_formula *v;
	const char *src = c->f->src + s->expr->span.off;
	size_t len = s->expr->span.len;

	if ((v = pe_formula_grow(c->p->formula, &c->fcap, c->p->nformulas,
	    sizeof *v)) == NULL)
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
compile_source(struct pe_fcc *c, const struct pe_plan_src *src,
    unsigned flags)
{
	const struct pe_fstmt *s;
	int root;

	for (c->stmt = 0; c->stmt < c->f->nstmt && !c->nomem; c->stmt++) {
		s = &c->f->stmt[c->stmt];
		root = pe_fcc_check_stmt(c, s, src->role);
		if (s->kind == PE_FS_LET) {
			if (add_let(c, s, root) != 0)
				c->nomem = 1;
			continue;
		}
		if (root >= 0 && src->role == PE_PR_SIGNAL &&
		    (flags & PE_PLAN_EDGE))
			root = pe_fcc_node(c, PE_OP_FIRST, PE_VT_BOOL, root, -1,
			    0);
		if (add_formula(c, s, src->role, root) != 0)
			c->nomem = 1;
	}
}

/*
 * Dropping the nodes no formula reaches, and the per-formula lists.
 */

/*
 * Mark the operands of every marked node among the first n, down to the
 * leaves (operands come before their users, so one pass backwards does
 * it).  Returns how many of the marked nodes are indicator outputs.
 */
static size_t
mark_operands(const struct pe_plan *p, unsigned char *mark, size_t n)
{
	size_t j, cnt = 0;

	for (j = n; j-- > 0;) {
		if (!mark[j])
			continue;
		if (p->node[j].a >= 0)
			mark[p->node[j].a] = 1;
		if (p->node[j].b >= 0)
			mark[p->node[j].b] = 1;
		cnt += p->node[j].op == PE_OP_IND;
	}
	return cnt;
}

/* Instance i of p into *in, its inputs renumbered by map and no output
 * node yet; what it reads is added to the plan's inputs. */
static void
copy_ind(struct pe_plan *p, int i, const int *map, struct pe_plan_ind *in)
{
	size_t j;

	*in = p->ind[i];
	in->x = in->x >= 0 ? map[in->x] : -1;
	in->y = in->y >= 0 ? map[in->y] : -1;
	for (j = 0; j < PE_IND_MAXOUT; j++)
		in->node[j] = -1;
	p->inputs |= in->info->inputs & ~(unsigned)(PE_IN_X | PE_IN_Y);
}

/*
 * Move the marked nodes down over the others, in order, their operands
 * renumbered (map: old index to new, -1 for a dropped node), and copy the
 * instances they read into inds, in the order first read (imap: old
 * instance to new).  The series read go into the plan's inputs.  Returns
 * how many nodes are kept, and in *ni how many instances.
 */
static size_t
keep_marked(struct pe_plan *p, const unsigned char *mark, int *map,
    int *imap, struct pe_plan_ind *inds, size_t *ni)
{
	struct pe_plan_node *nd;
	size_t i, n = 0;

	*ni = 0;
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
				imap[nd->ind] = (int)*ni;
				copy_ind(p, nd->ind, map, &inds[(*ni)++]);
			}
			nd->ind = imap[nd->ind];
			inds[nd->ind].node[nd->k] = (int)n;
		}
		n++;
	}
	return n;
}

/*
 * Formula f over the n kept nodes: its root renumbered by map, its
 * lookback (and the plan's), and the list of the indicator nodes it
 * reads, in the arena.  mark is scratch of n bytes.  -1 when out of
 * memory.
 */
static int
finish_formula(struct pe_plan *p, struct pe_plan_formula *f,
    const int *map, unsigned char *mark, size_t n)
{
	size_t j, cnt;
	int *list;

	f->root = map[f->root];
	f->lookback = p->node[f->root].lookback;
	p->lookback = lbmax(p->lookback, f->lookback);
	memset(mark, 0, n);
	mark[f->root] = 1;
	cnt = mark_operands(p, mark, n);
	if ((list = pe_farena_alloc(p->arena, (cnt + 1) * sizeof *list)) ==
	    NULL)
		return -1;
	for (j = 0; j < n; j++)
		if (mark[j] && p->node[j].op == PE_OP_IND)
			list[f->nind++] = (int)j;
	f->ind = list;
	return 0;
}

/* Drop what no formula reaches; renumber the rest.  -1 when out of memory. */
static int
finish(struct pe_fcc *c)
{
	struct pe_plan *p = c->p;
	struct pe_plan_ind *inds = NULL;
	int *map = NULL, *imap = NULL, rc = -1;
	unsigned char *mark = NULL;
	size_t i, n, ni;

	if ((map = malloc((p->nnodes + 1) * sizeof *map)) == NULL ||
	    (imap = malloc((p->ninds + 1) * sizeof *imap)) == NULL ||
	    (mark = calloc(p->nnodes + 1, 1)) == NULL ||
	    (inds = calloc(p->ninds + 1, sizeof *inds)) == NULL)
		goto out;
	for (i = 0; i < p->nformulas; i++)
		mark[p->formula[i].root] = 1;
	mark_operands(p, mark, p->nnodes);
	n = keep_marked(p, mark, map, imap, inds, &ni);
	p->nnodes = n;
	free(p->ind);
	p->ind = inds;
	inds = NULL;
	p->ninds = ni;
	for (i = 0; i < p->nlets; i++)
		p->let[i].node = p->let[i].node >= 0 ? map[p->let[i].node] : -1;
	p->lookback = 0;
	for (i = 0; i < p->nformulas; i++)
		if (finish_formula(p, &p->formula[i], map, mark, n) != 0)
			goto out;
	rc = 0;
out:
	free(map);
	free(imap);
	free(mark);
	free(inds);
	return rc;
}

int
pe_plan_compile(const struct pe_plan_src *src, size_t nsrc, unsigned flags,
    struct pe_plan **out, struct pe_error *err)
{
	struct pe_fcc c;
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

