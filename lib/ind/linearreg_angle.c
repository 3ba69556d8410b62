/*
 * linearreg_angle: the angle, in degrees, of the least-squares line
 * through the last n values: atan(m) * 180/pi.
 *
 * As TA-Lib's LINEARREG_ANGLE (x = 0 at the oldest bar, n-1
 * at the newest).  The line is pe_linreg in stats.h, shared by the
 * linearreg family and tsf.  Lookback n-1.
 */
#include "stats.h"

struct linearreg_angle {
	struct pe_linreg r;
};

static void
linearreg_angle_init(void *st, const double *p, void *rings)
{
	struct linearreg_angle *s = st;

	pe_linreg_init(&s->r, p[0], rings);
}

static inline int
linearreg_angle_step(struct linearreg_angle *s, const struct pe_bar *b,
    double *out, struct pe_undo *u)
{
	double m, c;

	if (!pe_linreg_step(&s->r, b->x, &m, &c, u))
		return 0;
	out[0] = atan(m) * (180.0 / 3.14159265358979323846);
	return 1;
}

PE_IND_DEFINE(linearreg_angle, struct linearreg_angle, 1)

static long
linearreg_angle_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
linearreg_angle_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_linearreg_angle = {
	.name = "linearreg_angle",
	.desc = "angle in degrees of the least-squares line of the last n "
	    "values",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "linearreg_angle" },
	.lookback = linearreg_angle_lookback,
	.ring_size = linearreg_angle_rings,
	PE_IND_FUNCS(linearreg_angle, struct linearreg_angle),
};
