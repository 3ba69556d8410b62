/*
 * explain.c: a plan as text for people (pe-eval --explain) and for
 * tests/formula/compile.test.  See pe_plan_explain in pe_plan.h.
 *
 * The trees are walked with an explicit stack: through lets, and down a
 * long chain of operators, a plan's DAG may be as deep as it has nodes.
 * A node already shown in the same formula is shown again without its
 * operands, and the indentation stops at INDENT_MAX levels (deeper lines
 * give their level as "[N]"), so the text is linear in the plan's size
 * however much it shares and however deep it is.
 *
 * Bloat: no colours, no widths or alignment, no Graphviz.
 */
#include <stdlib.h>
#include <string.h>

#include "formula.h"
#include "pe_plan.h"

#define INDENT_MAX 40	/* levels of indentation shown */

/* What a formula is for: "value" for a --values column, else its type. */
static const char *
role_name(const struct pe_plan_formula *f)
{
	return f->role == PE_PR_VALUE ? "value" : pe_ftype_name(f->type);
}

/* A node's label: its text for a leaf or an indicator, else its op and
 * constant argument. */
static void
put_label(struct pe_buf *b, const struct pe_plan_node *n)
{
	switch (n->op) {
	case PE_OP_CONST: case PE_OP_SERIES: case PE_OP_IND: case PE_OP_TIME:
	case PE_OP_PREV:	/* "x[1]", a recursive let's past */
		pe_buf_puts(b, n->text);
		break;
	case PE_OP_TF:		/* its plan follows the formulas' */
	case PE_OP_SYM:
		pe_buf_printf(b, "%s %ld", pe_plan_op_name(n->op), n->n);
		break;
	case PE_OP_OFFSET: case PE_OP_HIGHEST: case PE_OP_LOWEST:
	case PE_OP_PERCENTRANK: case PE_OP_MEDIAN:
	case PE_OP_SUM: case PE_OP_CHANGE: case PE_OP_RISING:
	case PE_OP_FALLING: case PE_OP_VALUEWHEN:
		pe_buf_printf(b, "%s %ld", pe_plan_op_name(n->op), n->n);
		break;
	default:
		pe_buf_puts(b, pe_plan_op_name(n->op));
		break;
	}
}

/* The source text on one line (control bytes as spaces). */
static void
put_oneline(struct pe_buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		pe_buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
}

struct item {
	int node, depth;
};

/* The tree of formula f; seen and stack have room for every node. */
static void
put_tree(struct pe_buf *b, const struct pe_plan *p, int root,
    unsigned char *seen, struct item *stack)
{
	const struct pe_plan_node *n;
	struct item it;
	size_t top = 0;
	int d;

	memset(seen, 0, p->nnodes);
	stack[top++] = (struct item){ root, 1 };
	while (top > 0) {
		it = stack[--top];
		n = &p->node[it.node];
		for (d = 0; d < it.depth && d < INDENT_MAX; d++)
			pe_buf_puts(b, "  ");
		if (it.depth > INDENT_MAX)
			pe_buf_printf(b, "[%d] ", it.depth);
		pe_buf_printf(b, "n%d ", it.node);
		put_label(b, n);
		if (seen[it.node]) {
			pe_buf_puts(b, " ^\n");
			continue;
		}
		seen[it.node] = 1;
		pe_buf_printf(b, " %s lb %ld\n", n->type == PE_VT_BOOL ?
		    "bool" : "num", n->lookback);
		if (n->b >= 0)
			stack[top++] = (struct item){ n->b, it.depth + 1 };
		if (n->a >= 0)
			stack[top++] = (struct item){ n->a, it.depth + 1 };
	}
}

/* What each name stands for, node by node. */
static void
put_names(struct pe_buf *b, const struct pe_plan *p)
{
	const struct pe_plan_node *n;
	size_t i;

	for (i = 0; i < p->nnodes; i++) {
		n = &p->node[i];
		if (n->name != NULL)
			pe_buf_printf(b, "name %s = n%zu %s\n", n->name, i,
			    n->text);
		if (n->alias != NULL && n->alias != n->name)
			pe_buf_printf(b, "name %s = n%zu %s\n", n->alias, i,
			    n->text);
	}
}

/* Each tf()'s own plan: "tf K 1w:" and that plan, each line indented
 * (its lookbacks are in its own bars). */
static void
put_tfs(struct pe_buf *b, const struct pe_plan *p)
{
	const struct pe_plan_tf *t;
	size_t i, len, k, from;
	char *text;

	for (i = 0; i < p->ntf; i++) {
		t = &p->tf[i];
		if (t->symbol != NULL)
			pe_buf_printf(b, "sym %zu \"%s\" (lookbacks in %s's "
			    "bars):\n", i, t->name, t->name);
		else
			pe_buf_printf(b, "tf %zu \"%s\" (lookbacks in %s "
			    "bars):\n", i, t->name, t->name);
		len = pe_plan_explain(t->plan, NULL, 0);
		if ((text = malloc(len + 1)) == NULL) {
			b->oom = 1;
			return;
		}
		pe_plan_explain(t->plan, text, len + 1);
		for (k = from = 0; k < len; k++)
			if (text[k] == '\n') {
				pe_buf_printf(b, "  %.*s\n", (int)(k - from),
				    text + from);
				from = k + 1;
			}
		free(text);
	}
}

size_t
pe_plan_explain(const struct pe_plan *p, char *buf, size_t n)
{
	const struct pe_plan_formula *f;
	unsigned char *seen;
	struct item *stack;
	struct pe_buf b = { 0 };
	size_t i;

	pe_buf_printf(&b, "lookback %ld, %zu indicator%s, %zu node%s\n",
	    p->lookback, p->ninds, p->ninds == 1 ? "" : "s", p->nnodes,
	    p->nnodes == 1 ? "" : "s");
	for (i = 0; i < p->ninds; i++)
		pe_buf_printf(&b, "indicator %s lookback %ld\n", p->ind[i].text,
		    p->ind[i].lookback);
	seen = malloc(p->nnodes + 1);
	stack = malloc((2 * p->nnodes + 1) * sizeof *stack);
	for (i = 0; i < p->nformulas; i++) {
		f = &p->formula[i];
		pe_buf_printf(&b, "formula %s (%s) lookback %ld: ", f->label,
		    role_name(f), f->lookback);
		put_oneline(&b, f->src);
		pe_buf_putc(&b, '\n');
		if (seen != NULL && stack != NULL)
			put_tree(&b, p, f->root, seen, stack);
		else
			pe_buf_puts(&b, "  (out of memory)\n");
	}
	free(seen);
	free(stack);
	for (i = 0; i < p->nlets; i++) {
		if (p->let[i].node >= 0)
			pe_buf_printf(&b, "let %s = n%d\n", p->let[i].name,
			    p->let[i].node);
		else
			pe_buf_printf(&b, "let %s = %s (not in the plan)\n",
			    p->let[i].name, p->let[i].text ? p->let[i].text : "?");
	}
	put_names(&b, p);
	put_tfs(&b, p);
	return pe_formula_text_out(&b, buf, n);
}
