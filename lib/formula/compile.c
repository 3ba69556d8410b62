/*
 * compile.c: parsed formulas to a plan (see pe_plan.h), the top of the
 * compiler.  It runs over the statements of every source, asking check.c
 * for each one's node (check.c has node.c make them), and keeps the lets
 * and formulas; at the end it drops the nodes no formula reaches (a
 * folded constant's operands, an unused let), numbers what is left and
 * has names.c name it.  Names, arity and types are check.c's; the nodes
 * node.c's.
 *
 * Bloat: one pass over the sources; no optimisation across formulas
 * beyond the sharing node.c does.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcc.h"

/* The inputs each series (PE_SER_*) reads. */
static const unsigned series_inputs[PE_SER_OHLC4 + 1] = {
	PE_IN_OPEN, PE_IN_HIGH, PE_IN_LOW, PE_IN_CLOSE, PE_IN_VOLUME,
	PE_IN_HIGH | PE_IN_LOW, PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	PE_IN_OPEN | PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE
};

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
	if (s->name == NULL) {	/* as given, from the expression on */
		len = c->f->len - s->expr->span.off;
	} else if ((v->name = pe_farena_strndup(c->p->arena, s->name,
	    strlen(s->name))) == NULL)
		return -1;
	if ((v->src = pe_farena_strndup(c->p->arena, src, len)) == NULL)
		return -1;
	return 0;
}

/*
 * Put f's diagnostics from the first'th on in source order, keeping the
 * order of those at one place: the body of a function let is checked
 * where it is called, later than the lines after it.  (At most
 * PE_FORMULA_MAX_DIAGS: an insertion sort.)
 */
static void
sort_diags(struct pe_formula *f, size_t first)
{
	struct pe_fdiag d;
	size_t i, j;

	for (i = first + 1; i < f->ndiag; i++) {
		d = f->diag[i];
		for (j = i; j > first && f->diag[j - 1].at.off > d.at.off; j--)
			f->diag[j] = f->diag[j - 1];
		f->diag[j] = d;
	}
}

static void
compile_source(struct pe_fcc *c, const struct pe_plan_src *src,
    unsigned flags)
{
	const struct pe_fstmt *s;
	int root;

	for (c->stmt = 0; c->stmt < c->f->nstmt && !c->nomem &&
	    !c->f->too_many; c->stmt++) {
		s = &c->f->stmt[c->stmt];
		c->expansions = 0;
		if (s->func) {
			pe_fcc_add_func(c, s);
			continue;
		}
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
 * it).  Returns how many of the marked nodes a signal's values show
 * (pe_fcc_is_column).
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
		cnt += pe_fcc_is_column(&p->node[j]) != 0;
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
		if (nd->op == PE_OP_TF)	/* what the other bars' plan reads */
			p->inputs |= p->tf[nd->n].plan->inputs;
		if (nd->op == PE_OP_PREV)	/* its root comes later */
			nd->ind = -2 - nd->ind;
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
	for (i = 0; i < n; i++)
		if (p->node[i].op == PE_OP_PREV)
			p->node[i].ind = map[-2 - p->node[i].ind];
	return n;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/*
 * Formula f over the kept nodes: its root renumbered by map, its
 * lookback (and the plan's), and the list of the nodes its values show
 * (indicator outputs and windows, in node order), in the arena.  The
 * nodes f reaches are walked from its root, so a formula costs what it
 * reaches, not the whole plan (80000 small formulas took 40 s when each
 * scanned every node).  mark (all 0, and left so) and reach are scratch
 * for every node.  -1 when out of memory.
 */
static int
finish_formula(struct pe_plan *p, struct pe_plan_formula *f,
    const int *map, unsigned char *mark, int *reach)
{
	size_t top = 0, n = 0, k, cnt = 0;
	int i, op[2], *list;

	f->root = map[f->root];
	f->lookback = p->node[f->root].lookback;
	p->lookback = pe_fcc_lbmax(p->lookback, f->lookback);
	/* reach[0..n) is what has been seen; [top..n) waits for its
	 * operands (a stack kept at the front would do the same) */
	reach[n++] = f->root;
	mark[f->root] = 1;
	for (top = 0; top < n; top++) {
		op[0] = p->node[reach[top]].a;
		op[1] = p->node[reach[top]].b;
		for (k = 0; k < 2; k++)
			if (op[k] >= 0 && !mark[op[k]]) {
				mark[op[k]] = 1;
				reach[n++] = op[k];
			}
		cnt += pe_fcc_is_column(&p->node[reach[top]]) != 0;
	}
	if ((list = pe_farena_alloc(p->arena, (cnt + 1) * sizeof *list)) ==
	    NULL)
		return -1;
	for (k = 0; k < n; k++) {
		i = reach[k];
		mark[i] = 0;
		if (pe_fcc_is_column(&p->node[i]))
			list[f->nval++] = i;
	}
	qsort(list, f->nval, sizeof *list, cmp_int);
	f->val = list;
	return 0;
}

/* Drop what no formula reaches; renumber the rest.  -1 when out of memory. */
static int
finish(struct pe_fcc *c)
{
	struct pe_plan *p = c->p;
	struct pe_plan_ind *inds = NULL;
	int *map = NULL, *imap = NULL, *reach = NULL, rc = -1;
	unsigned char *mark = NULL;
	size_t i, n, ni;

	if ((map = malloc((p->nnodes + 1) * sizeof *map)) == NULL ||
	    (reach = malloc((p->nnodes + 1) * sizeof *reach)) == NULL ||
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
	memset(mark, 0, n);
	for (i = 0; i < p->nformulas; i++)
		if (finish_formula(p, &p->formula[i], map, mark, reach) != 0)
			goto out;
	rc = pe_fcc_names(p);
out:
	free(map);
	free(reach);
	free(imap);
	free(mark);
	free(inds);
	return rc;
}

/* The one value formula of a tf()'s plan, over root. */
static int
add_tf_formula(struct pe_plan *p, int root, const char *src, size_t len)
{
	if ((p->formula = calloc(1, sizeof *p->formula)) == NULL ||
	    (p->formula->src = pe_farena_strndup(p->arena, src, len)) == NULL)
		return -1;
	p->nformulas = 1;
	p->formula->role = PE_PR_VALUE;
	p->formula->type = PE_FT_SCAN;
	p->formula->root = root;
	return 0;
}

int
pe_fcc_other(struct pe_fcc *c, const struct pe_fnode *x, int64_t ms,
    const char *name, const char *symbol)
{
	struct pe_plan_tf *v;
	struct pe_fcc sub;
	int root = -1;

	memset(&sub, 0, sizeof sub);
	sub.f = c->f;
	sub.source = c->source;
	sub.stmt = c->stmt;
	sub.func = c->func;		/* shared, read only */
	sub.nfunc = c->nfunc;
	sub.frame = c->frame;		/* parameters stand for the same */
	sub.expansions = c->expansions;
	sub.prev_first = -1;
	sub.in_tf = 1;
	if ((sub.p = calloc(1, sizeof *sub.p)) == NULL ||
	    (sub.p->arena = pe_farena_new()) == NULL)
		sub.nomem = 1;
	else
		root = pe_fcc_check_expr(&sub, x);
	c->nerr += sub.nerr;
	c->expansions = sub.expansions;
	free(sub.text.p);
	free(sub.spine);
	free(sub.slot);
	sub.slot = NULL;
	if (!sub.nomem && root >= 0 && (add_tf_formula(sub.p, root,
	    c->f->src + x->span.off, x->span.len) != 0 ||
	    finish(&sub) != 0))
		sub.nomem = 1;
	if (!sub.nomem && root >= 0 && (v = pe_formula_grow(c->p->tf,
	    &c->tcap, c->p->ntf, sizeof *v)) != NULL) {
		c->p->tf = v;
		v += c->p->ntf++;
		v->ms = ms;
		v->plan = sub.p;
		v->root = sub.p->formula[0].root;
		if ((v->name = pe_farena_strndup(c->p->arena, name,
		    strlen(name))) == NULL)
			c->nomem = 1;
		v->symbol = symbol != NULL ? v->name : NULL;
		return pe_fcc_node(c, symbol != NULL ? PE_OP_SYM : PE_OP_TF,
		    sub.p->node[v->root].type, -1, -1, (long)(c->p->ntf - 1));
	}
	if (sub.nomem || root >= 0)
		c->nomem = 1;
	pe_plan_free(sub.p);
	return -1;
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
		sort_diags(c.f, nd0);
		if (c.f->ndiag > nd0 && first_err == (size_t)-1)
			first_err = i;
	}
	free(c.text.p);
	free(c.spine);
	free(c.func);
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
	size_t i;

	if (p == NULL)
		return;
	free(p->node);
	free(p->ind);
	free(p->formula);
	free(p->let);
	for (i = 0; i < p->ntf; i++)
		pe_plan_free(p->tf[i].plan);
	free(p->tf);
	pe_farena_free(p->arena);
	free(p);
}

