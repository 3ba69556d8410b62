/*
 * fcc.h: what the compiler's four files share and nothing outside
 * needs; each uses only those before it.  node.c makes the plan's nodes
 * and indicator instances (shared, folded, with their lookbacks and
 * texts); check.c walks each parsed statement (names, arity, parameters,
 * types) and asks node.c for its nodes; names.c names the values and
 * formulas of a finished plan; compile.c loops over the statements with
 * check.c, at the end drops what no formula reaches and has names.c name
 * what is left.
 *
 * Bloat: no typed tree between the two: checking and emitting are one
 * walk, a node made as soon as its expression has passed its checks.
 */
#ifndef PE_FORMULA_FCC_H
#define PE_FORMULA_FCC_H

#include "formula.h"
#include "pe_buf.h"
#include "pe_num.h"
#include "pe_plan.h"

/* A function let of a source: its statement, and the lets before it
 * (what its body sees). */
struct pe_ffunc {
	const struct pe_fstmt *s;
	size_t source, stmt, nlets;
	size_t terms;		/* nodes of its body's tree */
};

/*
 * A call of a function let being checked: its body is checked with its
 * parameters bound to the call's argument trees, each checked where it
 * is used in the caller's frame (up) and statement (stmt).
 */
struct pe_fframe {
	const struct pe_ffunc *fn;
	const struct pe_fnode *call;
	struct pe_fframe *up;	/* the caller's, NULL for a statement */
	size_t stmt;		/* the caller's c->stmt */
	int depth;		/* calls open, this one included */
};

#define PE_FCC_MAX_CALL_DEPTH 32	/* calls inside calls */
/* The terms of the bodies expanded for one statement: five times what
 * one statement may hold (PE_FORMULA_MAX_TERMS). */
#define PE_FCC_MAX_EXPANSIONS 100000

/* The compiler's state over one pe_plan_compile. */
struct pe_fcc {
	struct pe_plan *p;
	size_t ncap, icap, fcap, lcap;
	int *slot;		/* hash of the nodes: index + 1, 0 empty */
	size_t nslot;
	struct pe_formula *f;	/* the source being compiled */
	size_t source;
	size_t stmt;		/* its statement being compiled */
	int nomem;
	size_t nerr;		/* diagnostics added */
	struct pe_buf text;	/* a node's text while it is made */
	/* check.c: the left operands of the binary chains being checked
	 * (a chain is walked in a loop, not by recursion) */
	const struct pe_fnode **spine;
	size_t nspine, spine_cap;
	/* check.c: the function lets so far, the call being checked and
	 * the terms of the bodies expanded for the current statement (past
	 * PE_FCC_MAX_EXPANSIONS once a bound is hit: no call more) */
	struct pe_ffunc *func;
	size_t nfunc, func_cap;
	struct pe_fframe *frame;
	size_t expansions;
	int prev_first;		/* the let's first x[n] of itself, or -1 */
	int in_tf;		/* checking a tf()'s or sym()'s x */
	size_t tcap;		/* room in p->tf */
};

/*
 * check.c.  The node of statement s (c->f->stmt[c->stmt]) with its names
 * resolved and its arity, parameters and types checked; a formula of a
 * source of role PE_PR_SIGNAL must be a condition.  -1 after a diagnostic
 * on c->f (counted in c->nerr), or when out of memory (c->nomem).
 */
int pe_fcc_check_stmt(struct pe_fcc *c, const struct pe_fstmt *s,
    enum pe_prole role);
/*
 * check.c.  Record function let s (c->f->stmt[c->stmt]) for the calls of
 * the statements after it, after checking its name and parameters'
 * (its body is checked at each call).  0, or -1 after a diagnostic or
 * when out of memory (c->nomem).
 */
int pe_fcc_add_func(struct pe_fcc *c, const struct pe_fstmt *s);
/* check.c.  The node of expression e, as a statement's (-1 after a
 * diagnostic). */
int pe_fcc_check_expr(struct pe_fcc *c, const struct pe_fnode *e);

/*
 * compile.c.  tf("1w", x) or sym("SPY", x): x (the call's second
 * argument) checked into a plan of its own, kept in c->p->tf with ms,
 * name and symbol (NULL for a tf), and the TF or SYM node that reads it.
 * -1 after a diagnostic or when out of memory.
 */
int pe_fcc_other(struct pe_fcc *c, const struct pe_fnode *x, int64_t ms,
    const char *name, const char *symbol);


/*
 * node.c.  The node of op over operands a and b (node indices or -1)
 * with constant n: an equal node made before, or a new one.  -1 when out
 * of memory (c->nomem set), and at once once c->nomem is set.
 */
int pe_fcc_node(struct pe_fcc *c, enum pe_op op, enum pe_vtype type, int a,
    int b, long n);
/* x[n] of the let being defined, x the let numbered let (its index in
 * the plan's lets to be), as pe_fcc_node; its ind is set to the let's
 * root once that is made (pe_plan.h, PREV). */
int pe_fcc_prev(struct pe_fcc *c, int let, long n);
/* The constant v, as pe_fcc_node. */
int pe_fcc_const(struct pe_fcc *c, double v);
/* An element-wise node, folded to a constant when its operands are
 * constants and its result is a number; as pe_fcc_node. */
int pe_fcc_elem(struct pe_fcc *c, enum pe_op op, enum pe_vtype type, int a,
    int b);
/* The instance of info with parameters p over input nodes x and y (or
 * -1): an equal one made before, or a new one.  -1 when out of memory. */
int pe_fcc_ind(struct pe_fcc *c, const struct pe_ind_info *info,
    const double *p, int x, int y);
/* The node of output k of instance ind, as pe_fcc_node. */
int pe_fcc_output(struct pe_fcc *c, int ind, int k);
/* Whether node i (or -1) is a constant. */
int pe_fcc_is_const(const struct pe_fcc *c, int i);
/* The canonical name of series ser (a PE_SER_*). */
const char *pe_fcc_series_name(int ser);
/* The name of what a TIME node reads (a PE_TM_*). */
const char *pe_fcc_time_name(int which);
/* v as a formula writes it: shortest form, "nan" for NaN; into buf
 * (PE_NUM_BUFSZ bytes), which is returned. */
const char *pe_fcc_num_text(double v, char *buf);

/*
 * names.c.  Whether node n is named by the column rule (an indicator
 * output, or a window: highest, lowest, sum, change): the nodes a
 * signal's "values" show.
 */
int pe_fcc_is_column(const struct pe_plan_node *n);
/* Name p's values and formulas (pe_plan.h, "Names"): every node's name
 * and alias, every formula's label.  -1 when out of memory. */
int pe_fcc_names(struct pe_plan *p);

/* The larger of two lookbacks. */
static inline long
pe_fcc_lbmax(long x, long y)
{
	return x > y ? x : y;
}

#endif
