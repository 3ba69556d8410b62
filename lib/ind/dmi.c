/*
 * dmi: Wilder's directional movement, the four single lines of it.
 *
 * As TA-Lib's PLUS_DM, MINUS_DM, PLUS_DI and MINUS_DI (ta_func/ta_*.c):
 * with up = H - H[-1] and down = L[-1] - L, +DM = up when it is positive
 * and larger than down, -DM = down when it is positive and larger than up,
 * else 0 (ties: both 0).  The sums of +DM, -DM and the true range start as
 * plain sums over bars 1..n-1, then s = s - s/n + x.
 *   plus_dm, minus_dm: those sums, from bar n-1 (n = 1: the bar's DM
 *   itself, from bar 1).  Lookback n-1 (1 when n = 1).
 *   plus_di, minus_di: 100 * sDM / sTR from bar n, 0 when sTR is within
 *   1e-14 of 0.  Lookback n.
 * The math is pe_dm in dm.h (shared with dx, adx, adxr).
 */
#include "dm.h"

static void
dmi_init(void *st, const double *p, void *rings)
{
	(void)rings;
	pe_dm_init(st, (uint32_t)p[0]);
}

/* The DM sums are defined from bar n-1, and from bar 1 when n = 1. */
static inline int
dm_ready(struct pe_dm *s, const struct pe_bar *b)
{
	uint32_t i = pe_dm_step(s, b);

	return i != 0 && i + 1 >= s->n;
}

static long
dm_lookback(const double *p)
{
	return p[0] > 1 ? (long)p[0] - 1 : 1;
}

static long
di_lookback(const double *p)
{
	return (long)p[0];
}

static inline int
plus_dm_step(struct pe_dm *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	if (!dm_ready(s, b))
		return 0;
	out[0] = s->pdm;
	return 1;
}

static inline int
minus_dm_step(struct pe_dm *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	if (!dm_ready(s, b))
		return 0;
	out[0] = s->mdm;
	return 1;
}

/* +DI (plus) or -DI of the sums, from bar n. */
static inline int
di_step(struct pe_dm *s, const struct pe_bar *b, double *out, int plus)
{
	double pdi, mdi;

	if (pe_dm_step(s, b) < s->n)
		return 0;
	pe_dm_di(s, &pdi, &mdi);
	out[0] = plus ? pdi : mdi;
	return 1;
}

static inline int
plus_di_step(struct pe_dm *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	return di_step(s, b, out, 1);
}

static inline int
minus_di_step(struct pe_dm *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	return di_step(s, b, out, 0);
}

PE_IND_DEFINE(plus_dm, struct pe_dm, 1)
PE_IND_DEFINE(minus_dm, struct pe_dm, 1)
PE_IND_DEFINE(plus_di, struct pe_dm, 1)
PE_IND_DEFINE(minus_di, struct pe_dm, 1)

#define DMI_ENTRY(NAME, DESC, INPUTS, LOOKBACK)			\
const struct pe_ind_info pe_ind_##NAME = {				\
	.name = #NAME,							\
	.desc = DESC,							\
	.inputs = INPUTS,						\
	.nparams = 1,							\
	.param = { { "period", PE_P_INT, 14, 1, 100000 } },		\
	.nout = 1,							\
	.out = { #NAME },						\
	.lookback = LOOKBACK,						\
	PE_IND_FUNCS_INIT(NAME, struct pe_dm, dmi_init),		\
};

DMI_ENTRY(plus_dm, "plus directional movement (+DM), Wilder-smoothed sum",
    PE_IN_HIGH | PE_IN_LOW, dm_lookback)
DMI_ENTRY(minus_dm, "minus directional movement (-DM), Wilder-smoothed sum",
    PE_IN_HIGH | PE_IN_LOW, dm_lookback)
DMI_ENTRY(plus_di, "plus directional indicator (+DI): 100 * +DM / TR, "
    "Wilder-smoothed", PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE, di_lookback)
DMI_ENTRY(minus_di, "minus directional indicator (-DI): 100 * -DM / TR, "
    "Wilder-smoothed", PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE, di_lookback)
