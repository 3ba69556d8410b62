/*
 * names.c: the names a compiled plan's values and formulas go by in
 * signal lines and CSV headers (pe_plan.h, "Names"), the last step of the
 * compiler (compile.c calls it once the nodes are final).  An indicator
 * output or a window (highest, lowest, sum, change) is named by
 * pe-indicators' column rule (pe_ind_column); an input that is not a
 * series, and a --values column that is neither, by its let's name or
 * e1, e2, ...; a formula by its own name or f1, f2, ....  A name already
 * taken gets _2, _3, ....
 *
 * Names are given in two rounds, so that a name the user wrote is kept
 * whole: first the lets', the named --values formulas' and the formulas'
 * own names, then the made ones (e-names, column names, f-names), each
 * round in the plan's order (nodes operands first, in the order they
 * appear).
 *
 * Bloat: no names for the other built-ins (their values are not shown),
 * no shortening of long names beyond a cut at NAME_MAX_ bytes.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcc.h"

#define NAME_MAX_ 512	/* a longer made name is cut (then _2 if need be) */

/*
 * The names taken in one namespace: open addressing over the strings,
 * kept at most half full (its size fixed up front: the most names a plan
 * can give).
 */
struct names {
	struct pe_plan *p;
	const char **slot;
	size_t cap;
	struct pe_buf b;	/* the name being made */
	unsigned char *need;	/* per node: needs a name as an input */
	long ecount, fcount;
};

/* The names no value may take: the CSV's own columns and the series. */
static const char *const reserved[] = {
	"symbol", "time", "formula", "type", "open", "high", "low", "close",
	"volume", "hl2", "hlc3", "ohlc4"
};

#define NRESERVED (sizeof reserved / sizeof reserved[0])

static size_t
slot_of(const struct names *nm, const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const unsigned char *c;
	size_t i;

	for (c = (const unsigned char *)s; *c != '\0'; c++)
		h = (h ^ *c) * 0x100000001b3ULL;
	i = (size_t)h & (nm->cap - 1);
	while (nm->slot[i] != NULL && strcmp(nm->slot[i], s) != 0)
		i = (i + 1) & (nm->cap - 1);
	return i;
}

/*
 * The name in nm->b, or when it is taken the first of NAME_2, NAME_3,
 * ... that is not, taken now and kept in the plan's arena.  NULL when out
 * of memory.
 */
static const char *
claim(struct names *nm)
{
	struct pe_buf *b = &nm->b;
	size_t len = b->len, i;
	const char *s;
	long k;

	for (k = 2; !b->oom && nm->slot[slot_of(nm, b->p)] != NULL; k++) {
		b->len = len;
		pe_buf_printf(b, "_%ld", k);
	}
	if (b->oom || (s = pe_farena_strndup(nm->p->arena, b->p, b->len)) ==
	    NULL)
		return NULL;
	i = slot_of(nm, s);
	nm->slot[i] = s;
	return s;
}

/* Empty the namespace, sized for n names. */
static int
reset(struct names *nm, size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n + 2)
		cap *= 2;
	free(nm->slot);
	if ((nm->slot = calloc(cap, sizeof *nm->slot)) == NULL)
		return -1;
	nm->cap = cap;
	return 0;
}

/* Whether node n is called by a name of its own as an input: a series
 * or a time name. */
static int
named_input(const struct pe_plan_node *n)
{
	return n->op == PE_OP_SERIES || n->op == PE_OP_TIME;
}

int
pe_fcc_is_column(const struct pe_plan_node *n)
{
	switch (n->op) {
	case PE_OP_IND: case PE_OP_HIGHEST: case PE_OP_LOWEST:
	case PE_OP_SUM: case PE_OP_CHANGE:
		return 1;
	default:
		return 0;
	}
}

/* Mark the nodes that need a name of their own: the inputs of indicators
 * and windows that are not series, and the --values columns that are not
 * named by the column rule. */
static void
mark_needs(struct names *nm)
{
	const struct pe_plan *p = nm->p;
	const struct pe_plan_node *n;
	size_t i;

	for (i = 0; i < p->nnodes; i++) {
		n = &p->node[i];
		if (!pe_fcc_is_column(n))
			continue;
		if (n->a >= 0 && !named_input(&p->node[n->a]))
			nm->need[n->a] = 1;
		if (n->op == PE_OP_IND && n->b >= 0 &&
		    !named_input(&p->node[n->b]))
			nm->need[n->b] = 1;
	}
	for (i = 0; i < p->nformulas; i++)
		if (p->formula[i].role == PE_PR_VALUE &&
		    !pe_fcc_is_column(&p->node[p->formula[i].root]))
			nm->need[p->formula[i].root] = 1;
}

/* name, in lower case, claimed; NULL when out of memory. */
static const char *
claim_lower(struct names *nm, const char *name)
{
	nm->b.len = 0;
	for (; *name != '\0'; name++)
		pe_buf_putc(&nm->b, (char)tolower((unsigned char)*name));
	return claim(nm);
}

/*
 * Round one, the names written: a node that needs a name takes its first
 * let's; then a named --values formula's root takes that name, as its
 * name and (unless a let gave one) its alias, in place of the one it
 * would be made (the first such formula of a node wins).  In lower case.
 */
static int
written_names(struct names *nm)
{
	struct pe_plan *p = nm->p;
	struct pe_plan_node *n;
	size_t i;

	for (i = 0; i < p->nlets; i++) {
		if (p->let[i].node < 0 || !nm->need[p->let[i].node])
			continue;
		n = &p->node[p->let[i].node];
		if (n->alias != NULL)
			continue;	/* an earlier let of the same value */
		if ((n->alias = claim_lower(nm, p->let[i].name)) == NULL)
			return -1;
	}
	for (i = 0; i < p->nformulas; i++) {
		if (p->formula[i].role != PE_PR_VALUE ||
		    p->formula[i].name == NULL)
			continue;
		n = &p->node[p->formula[i].root];
		if (n->name != NULL)
			continue;
		if ((n->name = claim_lower(nm, p->formula[i].name)) == NULL)
			return -1;
		if (n->alias == NULL)
			n->alias = n->name;
	}
	return 0;
}

/* What node i is called as an input: a series by its name, else its own. */
static const char *
input_name(const struct pe_plan *p, int i)
{
	if (i < 0)
		return NULL;
	if (p->node[i].op == PE_OP_SERIES)
		return pe_fcc_series_name((int)p->node[i].n);
	if (p->node[i].op == PE_OP_TIME)
		return pe_fcc_time_name((int)p->node[i].n);
	return p->node[i].alias;
}

/* The column rule's name of node n (an IND or a window) into nm->b. */
static void
column_name(struct names *nm, const struct pe_plan_node *n)
{
	const struct pe_plan *p = nm->p;
	const struct pe_plan_ind *in;
	const char *x;
	char buf[NAME_MAX_];

	nm->b.len = 0;
	if (n->op == PE_OP_IND) {
		in = &p->ind[n->ind];
		pe_ind_column(in->info, in->p, input_name(p, in->x),
		    input_name(p, in->y), n->k, buf, sizeof buf);
		pe_buf_puts(&nm->b, buf);
		return;
	}
	/* a window: NAME_N[_INPUT], the input unless it is close */
	pe_buf_printf(&nm->b, "%s_%ld", pe_plan_op_name(n->op), n->n);
	x = input_name(p, n->a);
	if (strcmp(x, "close") != 0)
		pe_buf_printf(&nm->b, "_%.*s", NAME_MAX_, x);
}

/* Round two, node by node: e-names, then column names. */
static int
made_names(struct names *nm)
{
	struct pe_plan *p = nm->p;
	struct pe_plan_node *n;
	size_t i;

	for (i = 0; i < p->nnodes; i++) {
		n = &p->node[i];
		if (nm->need[i] && n->alias == NULL) {
			nm->b.len = 0;
			pe_buf_printf(&nm->b, "e%ld", ++nm->ecount);
			if ((n->alias = claim(nm)) == NULL)
				return -1;
		}
		if (pe_fcc_is_column(n) && n->name == NULL) {
			column_name(nm, n);
			if ((n->name = claim(nm)) == NULL)
				return -1;
		}
	}
	for (i = 0; i < p->nformulas; i++)
		if (p->formula[i].role == PE_PR_VALUE &&
		    p->node[p->formula[i].root].name == NULL)
			p->node[p->formula[i].root].name =
			    p->node[p->formula[i].root].alias;
	return 0;
}

/* The formulas' labels: their own names, then f1, f2, ... for the
 * unnamed; a --values formula goes by its column's name. */
static int
formula_labels(struct names *nm)
{
	struct pe_plan *p = nm->p;
	struct pe_plan_formula *f;
	size_t i;
	int round;

	for (round = 0; round < 2; round++)
		for (i = 0; i < p->nformulas; i++) {
			f = &p->formula[i];
			if (f->role == PE_PR_VALUE) {
				f->label = p->node[f->root].name;
				continue;
			}
			if ((f->name != NULL) != (round == 0))
				continue;
			nm->b.len = 0;
			if (f->name != NULL)
				pe_buf_puts(&nm->b, f->name);
			else
				pe_buf_printf(&nm->b, "f%ld", ++nm->fcount);
			if ((f->label = claim(nm)) == NULL)
				return -1;
		}
	return 0;
}

int
pe_fcc_names(struct pe_plan *p)
{
	struct names nm;
	size_t i;
	int rc = -1;

	memset(&nm, 0, sizeof nm);
	nm.p = p;
	if ((nm.need = calloc(p->nnodes + 1, 1)) == NULL ||
	    reset(&nm, NRESERVED + 2 * p->nnodes) != 0)
		goto out;
	for (i = 0; i < NRESERVED; i++)
		nm.slot[slot_of(&nm, reserved[i])] = reserved[i];
	mark_needs(&nm);
	if (written_names(&nm) != 0 || made_names(&nm) != 0 ||
	    reset(&nm, p->nformulas) != 0 || formula_labels(&nm) != 0)
		goto out;
	rc = 0;
out:
	free(nm.need);
	free(nm.slot);
	free(nm.b.p);
	return rc;
}
