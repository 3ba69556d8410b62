/*
 * var: population variance of the last n values (divided by n).
 *
 * As TA-Lib's VAR: running sums of x and x² (see pe_var in stats.h), so
 * the same rounding as TA-Lib.  Its nbdev parameter is kept for the same
 * signature and, as in TA-Lib, not used.  Lookback n-1.
 */
#include "stats.h"

struct var {
	struct pe_var v;
};

static void
var_init(void *st, const double *p, void *rings)
{
	struct var *s = st;

	pe_var_init(&s->v, p[0], rings);
}

static inline int
var_step(struct var *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	return pe_var_step(&s->v, b->x, &out[0], u);
}

PE_IND_DEFINE(var, struct var, 1)

static long
var_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
var_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_var = {
	.name = "var",
	.desc = "population variance of the last n values",
	.inputs = PE_IN_X,
	.nparams = 2,
	.param = { { "period", PE_P_INT, 5, 1, 100000 },
	    { "nbdev", PE_P_REAL, 1, -3e37, 3e37 } },
	.nout = 1,
	.out = { "var" },
	.lookback = var_lookback,
	.ring_size = var_rings,
	PE_IND_FUNCS(var, struct var),
};
