/*
 * decay, edecay: the input, or a value that decays from the last output
 * while the input stays below it: linearly by 1/n a bar (decay), or
 * exponentially by the factor 1 - 1/n (edecay).
 *
 * As Tulip Indicators 0.8.4's decay and edecay (indicators/decay.c,
 * edecay.c): the first output is the input; then out = max(x, out[1] -
 * 1/n), or max(x, out[1] (1 - 1/n)).  Lookback 0.
 */
#include "tulip.h"

struct decay {
	double div, val;
	uint32_t count;
};

/* div: what decay subtracts, or the factor edecay multiplies by. */
static void
decay_init(void *st, const double *p, void *rings)
{
	struct decay *s = st;

	(void)rings;
	memset(s, 0, sizeof *s);
	s->div = 1.0 / p[0];
}

static void
edecay_init(void *st, const double *p, void *rings)
{
	struct decay *s = st;

	(void)rings;
	memset(s, 0, sizeof *s);
	s->div = 1.0 - 1.0 / p[0];
}

static inline int
decay_step(struct decay *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double d = s->val - s->div;

	(void)u;
	s->val = pe_tcount(&s->count) == 0 || b->x > d ? b->x : d;
	out[0] = s->val;
	return 1;
}

static inline int
edecay_step(struct decay *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double d = s->val * s->div;

	(void)u;
	s->val = pe_tcount(&s->count) == 0 || b->x > d ? b->x : d;
	out[0] = s->val;
	return 1;
}

PE_IND_DEFINE(decay, struct decay, 1)
PE_IND_DEFINE(edecay, struct decay, 1)

static long
decay_lookback(const double *p)
{
	(void)p;
	return 0;
}

const struct pe_ind_info pe_ind_decay = {
	.name = "decay",
	.desc = "linear decay (Tulip): max(x, previous - 1/n)",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 5, 1, 100000 } },
	.nout = 1,
	.out = { "decay" },
	.lookback = decay_lookback,
	PE_IND_FUNCS(decay, struct decay),
};

const struct pe_ind_info pe_ind_edecay = {
	.name = "edecay",
	.desc = "exponential decay (Tulip): max(x, previous * (1 - 1/n))",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 5, 1, 100000 } },
	.nout = 1,
	.out = { "edecay" },
	.lookback = decay_lookback,
	PE_IND_FUNCS_INIT(edecay, struct decay, edecay_init),
};
