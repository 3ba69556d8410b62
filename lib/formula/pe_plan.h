/*
 * pe_plan: a compiled formula file (the plan), and the two evaluators that
 * run it: vectorised over a whole series (pe_plan_run, lib/formula/vec.c)
 * and incremental, one bar at a time (pe_plan_step, lib/formula/inc.c).
 *
 * The compiler (lib/formula/node.c, check.c and compile.c) takes parsed
 * formulas (pe_formula.h), resolves every name against the series, the built-in
 * functions, the lets and the indicator registry (pe_ind.h), checks
 * arity, parameters and types, folds constants, and emits a flat DAG:
 * every node once, operands before their users, every indicator call and
 * every repeated subexpression shared across all the formulas and lets it
 * was given.
 *
 * THIS COMMENT IS THE CONTRACT BOTH EVALUATORS KEEP, BIT FOR BIT.  For
 * every node and every bar i (0-based from the first bar of the series or
 * stream) the vectorised column and the incremental value are the same
 * double (NaN where NaN).  The element-wise operations and the running sum
 * are written once, in lib/formula/ops.h, and both evaluators call them.
 *
 * Values.  Every node is a double per bar.  A node has a type: number or
 * boolean.  A boolean is 1 (true), 0 (false) or NaN (NA: not known).  A
 * formula fires on a bar only when its value there is exactly 1.
 *
 * Node kinds (op; operands a, b are node indices; n, k constants):
 *
 *   CONST	value.  Number.  (Booleans are never constants: comparisons
 *		are not folded.)
 *   TIME	n = PE_TM_*: of the bar's start time, UTC: year, month
 *		(1-12), day (1-31), dayofweek (ISO: 1 Monday .. 7 Sunday),
 *		hour (0-23), minute (0-59); bar_index: i.  Number.
 *   SERIES	n = PE_SER_*: open high low close volume of the bar, or
 *		hl2 = (high + low) / 2, hlc3 = (high + low + close) / 3,
 *		ohlc4 = (open + high + low + close) / 4, summed left to
 *		right.  Number.  volume is NaN when the input has none.
 *   IND	output k of indicator instance ind (plan->ind[ind]).  The
 *		instance is fed one bar per bar from bar start on (start =
 *		the largest lookback of its input nodes x and y, 0 when it
 *		reads none); the bar it is fed holds the candle's open..
 *		volume and time, and x, y the values of its input nodes at
 *		that bar.  Before start, every output is NaN and the instance
 *		sees nothing.  Afterwards the value is the instance's output
 *		(pe_ind_step, or the same from pe_ind_batch over the columns
 *		from start on); a NaN fed after start is the indicator's
 *		business (most carry it on for good).  Number.
 *   NEG	-a.  Number.
 *   ADD SUB MUL	a + b, a - b, a * b (IEEE: NaN propagates; overflow
 *		gives an infinity).  Number.
 *   DIV	NaN when b == 0 (0/0 too), else a / b.  Number.
 *   MOD	NaN when b == 0, else fmod(a, b) (sign of a).  Number.
 *   LT LE GT GE EQ NE	NaN (NA) when a or b is NaN, else 1 or 0.
 *		Boolean.  EQ and NE also compare two booleans.
 *   AND	0 if a == 0 or b == 0; else NaN if a or b is NaN; else 1
 *		(Kleene: false and NA = false).  Boolean.
 *   OR		1 if a == 1 or b == 1; else NaN if a or b is NaN; else 0
 *		(true or NA = true).  Boolean.
 *   NOT	NaN if a is NaN, else 1 - a.  Boolean.
 *   OFFSET	x[n], n >= 1: NaN for i < n, else a at bar i - n.  Type of
 *		a.  (x[0] compiles to x; x[n][m] to x[n+m].)
 *   CROSS_ABOVE	cross_above(a, b): NaN for i = 0 or when any of
 *		a_i, b_i, a_i-1, b_i-1 is NaN; else 1 if a_i > b_i and
 *		a_i-1 <= b_i-1, else 0 (Pine's ta.crossover).  Boolean.
 *   CROSS_BELOW	a_i < b_i and a_i-1 >= b_i-1, NaN as above.
 *   HIGHEST LOWEST	highest(x, n), lowest(x, n), n >= 1: over the n
 *		values a_i-n+1 .. a_i.  NaN for i < n - 1 or when any of them
 *		is NaN; else the largest (smallest) of them, plus 0.0 (so a
 *		zero is always +0, whichever of 0 and -0 was picked).  Number.
 *   SUM	sum(x, n), n >= 1: NaN for i < n - 1 or when any of the n
 *		values is NaN.  Else a running total, exactly as ops.h's
 *		pe_wsum does it: when bar i enters, t = t + a_i (if a_i is
 *		finite); the value is read; then, once i >= n - 1, the bar
 *		i - n + 1 leaves: t = t - a_i-n+1 (if finite).  Infinities
 *		are counted apart: the value is t when the window holds none,
 *		+inf or -inf when it holds only that kind, NaN when both.
 *		(A running total rounds differently from a fresh sum of the n
 *		values; both evaluators use the running one.)  Number.
 *   CHANGE	change(x, n), n >= 1 (default 1): NaN for i < n, else
 *		a_i - a_i-n.  Number.
 *   RISING	rising(x, n), n >= 1: NaN for i < n or when any of a_i-n
 *		.. a_i is NaN; else 1 if a_i > each of a_i-n .. a_i-1 (Pine's
 *		ta.rising), else 0.  Boolean.
 *   FALLING	a_i < each of the previous n values, NaN as RISING.
 *   BARSSINCE	barssince(cond): i - j for the last bar j <= i where a is
 *		1; NaN when there is none yet (NA counts as not true).
 *		Number.
 *   VALUEWHEN	valuewhen(cond, x, k), k >= 0 (default 0): b at bar j_k,
 *		the (k+1)-th most recent bar j <= i where a is 1 (k = 0 the
 *		latest, i itself when a_i is 1); NaN when fewer than k + 1
 *		such bars so far.  Type of b.
 *   FIRST	first(cond): 1 if a_i == 1 and (i == 0 or a_i-1 != 1),
 *		else 0 (NA counts as not true, now and before).  Never NA.
 *		Boolean.
 *   PERCENTRANK percentrank(x, n), n >= 1: 100 * (how many of
 *		a_i-n .. a_i-1 are <= a_i) / n, Pine's ta.percentrank; NaN for
 *		i < n or while any of a_i-n .. a_i is NaN.  Number.
 *   MEDIAN	median(x, n), n >= 1: the middle of a_i-n+1 .. a_i sorted
 *		(the mean of the two middle ones for an even n); NaN for
 *		i < n - 1 or while any of them is NaN.  Number.
 *   PREV	x[n] inside the let x's own definition (a recursive let),
 *		n >= 1: the let's value at bar i - n, NaN for i < n.  It has
 *		no operands: ind is the node of the let's value (the root
 *		of its definition, after PREV in the order: the one place
 *		the order is not topological), k the let's number.  The
 *		nodes between a PREV and that root that read it are
 *		element-wise ops, offsets and PREVs only (the checker makes
 *		sure): a recurrence, evaluated bar by bar.  Lookback 0.
 *		Number.
 *   TF	tf("1w", x): x over the series resampled to the timeframe of
 *		the plan's tf[n] (its own plan, evaluated over the
 *		higher-timeframe bars), at the last higher-timeframe bar
 *		that ended before bar i's own bucket began: NaN until one
 *		has.  A bucket holds the bars pe_timeframe_bucket puts in
 *		it (on the wall clock of pe_tz_set's zone; a series of
 *		dates keeps its days: pe_plan_state_dates, date_only);
 *		its bar is open first, high max, low min, close last,
 *		volume summed, its time its first bar's; a bucket without
 *		bars makes none.  No operands.  Lookback 0 (in this plan's
 *		bars: the sub-plan's lookback counts the other's).  Type of
 *		x.
 *   SYM	sym("SPY", x): x over another symbol's series (the plan's
 *		tf[n], its symbol set; the series from the evaluator's
 *		pe_plan_refs), at that series' last bar that ended by the
 *		end of bar i: a bar ends a spacing after it begins (the
 *		smallest gap between the series' bars; 0 for a single bar),
 *		or where the next begins when that is sooner.  NaN while
 *		none has.  No
 *		operands.  Lookback 0.  Type of x.  In a plan state, the
 *		value its pe_plan_srefs give at the bar's start.
 *   CUM	cum(x): the sum of a over bars 0 .. i, a NaN adding nothing
 *		(so 0 before a's first value), added left to right in
 *		doubles.  Lookback 0.  Number.
 *   NA		na(x): 1 if a is NaN, else 0.  Never NA.  Boolean.
 *   NZ		nz(x, d) (d defaults to 0): b if a is NaN, else a.  Type
 *		of a (b of the same type, or for a boolean x the constant 0
 *		or 1; nz(cond) is cond with NA as false).
 *   ABS	fabs(a).  Number.
 *   MIN	NaN if a or b is NaN, else (a < b ? a : b).  Number.
 *   MAX	NaN if a or b is NaN, else (a > b ? a : b).  Number.
 *   WHEN	b where a is 1, else NaN.  Type of b.
 *   UNLESS	b where a is 0, else NaN.  Type of b.
 *		iif(cond, x, y) is NZ(WHEN(cond, x), UNLESS(cond, y)): x where
 *		cond is true, y where it is false, NaN where it is NA (the
 *		two never both hold a value); the NZ node's text is written
 *		"iif(cond, x, y)".
 *   SQRT LOG LOG10 EXP POW FLOOR CEIL SIN COS TAN ASIN ACOS ATAN SINH
 *		COSH TANH: C's function of a (pow: of a and b), NaN when the
 *		result is not finite (a domain error, a pole, an overflow).
 *		Number.
 *   ROUND	round(x, d) (d defaults to 0): C's round(a) (half away from
 *		zero) when b is 0, else round(a * 10^b) / 10^b in doubles;
 *		NaN when not finite.  Number.
 *   SIGN	-1, 0 or 1 as a is negative, zero or positive; NaN for NaN.
 *		Number.
 *
 * Lookback: the bars before a node's first defined value when its inputs
 * are clean candles (a static bound; an NA-absorbing node such as na(),
 * first() or `false and x` may be defined earlier):
 *
 *   CONST SERIES				0
 *   IND					start + the indicator's
 *						lookback for its params
 *   element-wise (NEG..NOT, NA NZ ABS MIN MAX)	max of the operands'
 *   OFFSET n					a + n
 *   HIGHEST LOWEST SUM n			a + n - 1
 *   CHANGE RISING FALLING n			a + n
 *   CROSS_ABOVE CROSS_BELOW			max(a, b) + 1
 *   BARSSINCE FIRST				a
 *   VALUEWHEN k				max(a, b) + k
 *
 * A formula's lookback is its root's; the plan's the largest of its
 * formulas' (values formulas included).  n and k are at most
 * PE_PLAN_MAX_N.
 *
 * Canonical text.  Every node has a text that identifies it: numbers in
 * shortest form (nan, inf for the folded oddities), series by their full
 * names, indicator outputs as DESIGN.md's keys, `name(input[,input2],p1,
 * ...,pn)[.output]` with every default filled in and moving-average types
 * as words (rsi(close,14), macd(close,12,26,9).signal, ma(close,20,ema));
 * the output is named unless the indicator has one output, or it is the
 * first and bears the indicator's name (macd(close,12,26,9) is the macd
 * line); an indicator reading no series has no input (atr(14), trange()).
 * Operators are written as in the language with the fewest parentheses
 * (a negative number or a negation under an operator is parenthesised:
 * close*(-1)), no spaces except around `and`/`or` and after `not`, and
 * built-ins with every default filled in: `close>sma(close,20)`,
 * `change(close,1)`, `rsi(close,14)<30 and close[1]>open`.  A text longer
 * than PE_PLAN_TEXT_MAX bytes is cut and ends in "...".
 *
 * Names.  The values a signal line shows, the columns of pe-eval's CSV
 * and the formulas go by names made of [a-z0-9_.] only (a let's name is
 * lower-cased), so that CSV needs no quotes and jq no brackets (a
 * parameter with a decimal point keeps its '.'):
 *
 *   - an indicator output is named as pe-indicators names its column
 *     (pe_ind_column: NAME_P1_..._PN[_INPUT][_OUTPUT], every default
 *     filled in): rsi_14, sma_50_high, macd_12_26_9_signal;
 *   - a window, highest lowest sum change, by the same rule,
 *     NAME_N[_INPUT]: highest_20_high, sum_5_volume, change_1;
 *   - an input is named by its series (close, hl2), or when it is not a
 *     series (sma(rsi(14), 5), highest(high[1], 20)) by the name of the
 *     let bound to it, else e1, e2, ... in order of appearance:
 *     sma_5_e1, where e1 stands for rsi(close,14);
 *   - a --values formula by its own name, in lower case, when it has
 *     one (--values 'r: rsi(14)': its root is then r wherever it shows,
 *     as a value and as an input, sma_5_r); else by its column name when
 *     it is an indicator output or a window, else as an input is (a
 *     let's name, or an e-name: --values 'close - open' is e1);
 *   - a formula (its label) by its own name, or f1, f2, ... for the
 *     unnamed signal formulas in the plan's order.
 *
 * A name stands for one value: one already taken gets _2, _3, ....
 * Values and formulas have a namespace each; the values' starts with the
 * CSV's own columns and the series taken (symbol time formula type open
 * high low close volume hl2 hlc3 ohlc4).  The names the user wrote (lets,
 * --values names, formulas) are given first, then the made ones, each in
 * the plan's order (nodes by index), so a made name gives way to a
 * written one.
 *
 * Nodes that no formula reaches are dropped (an unused let, the operands
 * of a folded constant, a constant used only as a parameter).
 *
 * Memory.  One struct pe_plan owns everything the compiler made (nodes,
 * instances, formulas, names, texts, copies of the sources it needs), so
 * the pe_formula it came from may be freed right after; pe_plan_free
 * releases it.  A struct pe_plan_vec owns its columns and indicator
 * states, a struct pe_plan_state its rings and states; each references
 * its plan, which must outlive it.  A plan is read-only after compiling:
 * several vecs and states may share it (across threads too).
 *
 * Bloat: no user functions, no string values, no commutative
 * canonicalisation (a+b and b+a are two nodes), no common-subexpression
 * sharing between plans, no SIMD.
 */
#ifndef PE_PLAN_H
#define PE_PLAN_H

#include <stddef.h>

#include "pe_error.h"
#include "pe_formula.h"
#include "pe_ind.h"
#include "pe_series.h"

#define PE_PLAN_MAX_N 1000000L	/* largest n, k, and summed offset */
#define PE_PLAN_TEXT_MAX 240	/* longest canonical text kept */

/*
 * The node kinds: enum name and how --explain and the texts name it.  One
 * list, expanded where needed.  To add a built-in: a line here, its
 * semantics above, its entry in check.c's table of built-ins, its
 * column loop in vec.c and its step in inc.c.
 */
#define PE_PLAN_OPS(X) \
	X(PE_OP_CONST,		"const") \
	X(PE_OP_SERIES,		"series") \
	X(PE_OP_TIME,		"time") \
	X(PE_OP_IND,		"ind") \
	X(PE_OP_NEG,		"-") \
	X(PE_OP_ADD,		"+") \
	X(PE_OP_SUB,		"-") \
	X(PE_OP_MUL,		"*") \
	X(PE_OP_DIV,		"/") \
	X(PE_OP_MOD,		"%") \
	X(PE_OP_LT,		"<") \
	X(PE_OP_LE,		"<=") \
	X(PE_OP_GT,		">") \
	X(PE_OP_GE,		">=") \
	X(PE_OP_EQ,		"==") \
	X(PE_OP_NE,		"!=") \
	X(PE_OP_AND,		"and") \
	X(PE_OP_OR,		"or") \
	X(PE_OP_NOT,		"not") \
	X(PE_OP_OFFSET,		"offset") \
	X(PE_OP_PREV,		"prev") \
	X(PE_OP_TF,		"tf") \
	X(PE_OP_SYM,		"sym") \
	X(PE_OP_CROSS_ABOVE,	"cross_above") \
	X(PE_OP_CROSS_BELOW,	"cross_below") \
	X(PE_OP_HIGHEST,	"highest") \
	X(PE_OP_LOWEST,		"lowest") \
	X(PE_OP_SUM,		"sum") \
	X(PE_OP_CHANGE,		"change") \
	X(PE_OP_RISING,		"rising") \
	X(PE_OP_FALLING,	"falling") \
	X(PE_OP_BARSSINCE,	"barssince") \
	X(PE_OP_VALUEWHEN,	"valuewhen") \
	X(PE_OP_FIRST,		"first") \
	X(PE_OP_CUM,		"cum") \
	X(PE_OP_PERCENTRANK,	"percentrank") \
	X(PE_OP_MEDIAN,		"median") \
	X(PE_OP_NA,		"na") \
	X(PE_OP_NZ,		"nz") \
	X(PE_OP_ABS,		"abs") \
	X(PE_OP_MIN,		"min") \
	X(PE_OP_MAX,		"max") \
	X(PE_OP_WHEN,		"iif_then") \
	X(PE_OP_UNLESS,		"iif_else") \
	X(PE_OP_SQRT,		"sqrt") \
	X(PE_OP_LOG,		"log") \
	X(PE_OP_LOG10,		"log10") \
	X(PE_OP_EXP,		"exp") \
	X(PE_OP_POW,		"pow") \
	X(PE_OP_ROUND,		"round") \
	X(PE_OP_FLOOR,		"floor") \
	X(PE_OP_CEIL,		"ceil") \
	X(PE_OP_SIGN,		"sign") \
	X(PE_OP_SIN,		"sin") \
	X(PE_OP_COS,		"cos") \
	X(PE_OP_TAN,		"tan") \
	X(PE_OP_ASIN,		"asin") \
	X(PE_OP_ACOS,		"acos") \
	X(PE_OP_ATAN,		"atan") \
	X(PE_OP_SINH,		"sinh") \
	X(PE_OP_COSH,		"cosh") \
	X(PE_OP_TANH,		"tanh")

enum pe_op {
#define PE_OP_ENUM_(op, name) op,
	PE_PLAN_OPS(PE_OP_ENUM_)
#undef PE_OP_ENUM_
	PE_OP_NOPS
};

/* The name of op ("cross_above", "+"). */
const char *pe_plan_op_name(enum pe_op op);

/* The series a PE_OP_SERIES node reads (its n). */
enum pe_ser {
	PE_SER_OPEN, PE_SER_HIGH, PE_SER_LOW, PE_SER_CLOSE, PE_SER_VOLUME,
	PE_SER_HL2, PE_SER_HLC3, PE_SER_OHLC4,
	PE_SER_COUNT		/* how many there are */
};

/* What a TIME node reads of the bar (its n), in the order of their names
 * (pe_fcc_time_name). */
enum {
	PE_TM_YEAR, PE_TM_MONTH, PE_TM_DAY, PE_TM_DOW, PE_TM_HOUR,
	PE_TM_MINUTE, PE_TM_BAR_INDEX,
	PE_TM_COUNT
};

enum pe_vtype {
	PE_VT_NUM,		/* a number */
	PE_VT_BOOL		/* 1, 0 or NaN (NA) */
};

/*
 * A node.  a and b are operand node indices (always smaller than the
 * node's own), -1 where the kind has none; n is the series (SERIES), the
 * offset or window (OFFSET, HIGHEST, LOWEST, SUM, CHANGE, RISING,
 * FALLING) or k (VALUEWHEN); ind and k the instance and output (IND);
 * value the constant (CONST).  An IND node's a and b are its instance's
 * x and y (the nodes it reads, or -1), so that every walk of the DAG
 * sees them as operands.
 */
struct pe_plan_node {
	enum pe_op op;
	enum pe_vtype type;
	int a, b;
	long n;
	int ind, k;
	double value;
	long lookback;
	const char *text;	/* canonical text (above) */
	const char *name;	/* its name in values and CSV headers (Names,
				 * above): an indicator output, a window, a
				 * --values formula's root; else NULL */
	const char *alias;	/* its name as an input or a --values column
				 * when it is not a series: a let's or e1..;
				 * else NULL */
};

/*
 * An indicator instance: one per distinct call (registry entry, every
 * parameter, inputs), shared by every mention in every formula.  x and y
 * are the nodes feeding PE_IN_X and PE_IN_Y (-1 when the indicator reads
 * none).  start is the first bar it is fed; lookback = start +
 * info->lookback(p).  node[k] is the IND node of output k, -1 when no
 * formula uses that output.  text is the call without an output:
 * "macd(close,12,26,9)", "atr(14)".
 */
struct pe_plan_ind {
	const struct pe_ind_info *info;
	double p[PE_IND_MAXPARAMS];
	int x, y;
	long start, lookback;
	int node[PE_IND_MAXOUT];
	const char *text;
};

/* What a formula is for: a signal (must be boolean) or a --values column
 * (any type). */
enum pe_prole {
	PE_PR_SIGNAL,
	PE_PR_VALUE
};

/*
 * A formula of the plan.  name is NULL for an unnamed one (an -e or
 * positional expression without 'name:'); label is what signal lines and
 * summaries call it (Names, above: its name, or f1, f2, ...; a --values
 * formula's is its column's name); src is the expression's text exactly
 * as written (for an unnamed one, the rest of its source from the
 * expression on, a comment after it included).  source is the index of the struct
 * pe_plan_src it came from.  val[0..nval) are the named nodes (indicator
 * outputs and windows) the formula uses, directly or through lets and
 * other indicators, in node order: the signal's "values".
 */
struct pe_plan_formula {
	const char *name;
	const char *label;
	const char *src;
	enum pe_ftype type;
	enum pe_prole role;
	size_t source;
	int root;
	long lookback;
	const int *val;
	size_t nval;
};

/*
 * A let binding, for --explain: its name, its source, the node it stands
 * for and that node's text.  node is -1 when no formula reaches it (an
 * unused let, or a constant only used as a parameter).
 */
struct pe_plan_let {
	const char *name;
	size_t source;
	int node;
	const char *text;
};

/*
 * A tf("1w", x) of a plan: x compiled into a plan of its own, one value
 * formula whose root is root, evaluated over the series resampled to
 * buckets of timeframe ms (pe_timeframe_parse's: a length, or a number
 * of months) named name ("1w", "1M").  plan is owned
 * by the plan holding this.  A sym("SPY", x) is the same with symbol
 * (and name) "SPY": x over that symbol's series.
 */
struct pe_plan_tf {
	int64_t ms;
	const char *name;
	struct pe_plan *plan;
	int root;
	const char *symbol;	/* sym("SPY", x): "SPY" (ms 0); tf: NULL */
};

struct pe_plan {
	struct pe_plan_node *node;	/* topological: operands first */
	size_t nnodes;
	struct pe_plan_ind *ind;
	size_t ninds;
	struct pe_plan_formula *formula;	/* in the order given */
	size_t nformulas;
	struct pe_plan_let *let;
	size_t nlets;
	struct pe_plan_tf *tf;		/* the TF nodes' plans, by n */
	size_t ntf;
	long lookback;
	unsigned inputs;	/* PE_IN_* bits read (PE_IN_VOLUME, PE_IN_TIME...) */
	/* private */
	struct pe_farena *arena;
};

/*
 * One parsed formula text to compile.  f must have parsed without error;
 * the compiler adds its diagnostics to it (pe_formula_diag_add), so the
 * caller renders them with pe_formula_render.  role PE_PR_VALUE makes
 * every formula of f a --values column: any type, never a signal.
 */
struct pe_plan_src {
	struct pe_formula *f;
	enum pe_prole role;
};

/* pe_plan_compile flags. */
#define PE_PLAN_EDGE 1	/* every signal formula f compiles as first(f) */

/*
 * Compile the formulas of src[0..nsrc) into one plan.  Lets are visible
 * to the later lines of their own source only.  Each source is checked
 * whole: every error becomes a diagnostic on its formula (in source
 * order), with the span of the node at fault; an error inside a let does
 * not cascade into its uses.
 *
 * Returns PE_OK with *out the plan (the caller frees it with
 * pe_plan_free).  Returns PE_ERR_USAGE with *out NULL, the diagnostics
 * added to the sources, and err (may be NULL) filled from the first one;
 * a source that already holds diagnostics (a failed parse) gives
 * PE_ERR_USAGE at once.  Returns PE_ERR_NOMEM with *out NULL.
 */
int pe_plan_compile(const struct pe_plan_src *src, size_t nsrc,
    unsigned flags, struct pe_plan **out, struct pe_error *err);

/*
 * One formula source as a command line gives it: an expression (-e, a
 * positional formula, --values) or, with is_file, a formula file's path
 * ("-": stdin).  name is what the diagnostics of a value expression call
 * it, as a file's name ("rank:1:5: ..."); NULL: "values".
 */
struct pe_plan_arg {
	const char *text;
	int is_file;
	enum pe_prole role;
	const char *name;
};

/*
 * Read, parse and compile args[0..n) into one plan, as pe-eval, pe-scan
 * and pe-stream take their formulas (flags as pe_plan_compile's).
 * Returns PE_OK with *out the plan; PE_ERR_USAGE with *diags every
 * diagnostic of every source rendered by pe_formula_render (a NULL-ended
 * array the caller frees with pe_plan_diags_free); PE_ERR_IO (err naming
 * the file) when a formula file cannot be read; PE_ERR_NOMEM.  Parse
 * errors are reported for every source; compile errors once all parse.
 */
int pe_plan_build(const struct pe_plan_arg *args, size_t n, unsigned flags,
    struct pe_plan **out, char ***diags, struct pe_error *err);
void pe_plan_diags_free(char **diags);

/* Release p and everything it owns.  p may be NULL. */
void pe_plan_free(struct pe_plan *p);

/*
 * The plan as text, like snprintf (at most n bytes into buf, NUL
 * included; buf may be NULL when n is 0; returns the whole length; an
 * empty text and 0 should memory run out while it is built).  For
 * "let fast = ema(close, 12)" and "golden: cross_above(fast, ema(close,
 * 26))":
 *
 *	lookback 26, 2 indicators, 4 nodes
 *	indicator ema(close,12) lookback 11
 *	indicator ema(close,26) lookback 25
 *	formula golden (scan_hit) lookback 26: cross_above(fast, ema(close, 26))
 *	  n3 cross_above bool lb 26
 *	    n1 ema(close,12) num lb 11
 *	      n0 close num lb 0
 *	    n2 ema(close,26) num lb 25
 *	      n0 close ^
 *	let fast = n1
 *	name ema_12 = n1 ema(close,12)
 *	name ema_26 = n2 ema(close,26)
 *
 * A formula's line gives its label, its type ("value" for a --values
 * formula) and its source on one line.  A node shown earlier in the same
 * formula is printed once more, as its number, text and "^", without its
 * operands; a node more than 40 levels deep is indented as one 40 deep,
 * its level before it ("[41] n7 ...").  Lets follow as "let NAME = nN", or "let NAME = TEXT (not in
 * the plan)" for one no formula reaches; then every name (Names, above)
 * with the node it stands for, in node order, a node's name before its
 * alias.  The format is for people (pe-eval --explain) and
 * tests/formula/compile.test; it may change.
 */
size_t pe_plan_explain(const struct pe_plan *p, char *buf, size_t n);

/*
 * Vectorised evaluation: every node as a column over a whole series,
 * column by column (indicators through pe_ind_batch).  A vec holds the
 * columns and the indicator states; make it once per plan and run it over
 * series after series (its memory grows to the longest).
 *
 * pe_plan_vec_new returns NULL with err filled when memory ran out.
 * pe_plan_run computes every node over the n bars of s.  Returns PE_OK;
 * PE_ERR_DATA (err naming what) when the plan reads volume (the series
 * or an indicator) and s has none; PE_ERR_NOMEM.  After a failed run the
 * columns are undefined.  A series of 0 bars is fine.
 *
 * pe_plan_col is node's column: pe_plan_vec_len values, owned by v and
 * valid until its next run or free (a plain series node, open to volume,
 * gives s's own column).  A formula's values are
 * pe_plan_col(v, p->formula[i].root); a signal fires at bar j when that
 * column holds exactly 1.0 there.
 */
struct pe_plan_vec;

struct pe_plan_vec *pe_plan_vec_new(const struct pe_plan *p,
    struct pe_error *err);
void pe_plan_vec_free(struct pe_plan_vec *v);
int pe_plan_run(struct pe_plan_vec *v, const struct pe_series *s,
    struct pe_error *err);
size_t pe_plan_vec_len(const struct pe_plan_vec *v);
const double *pe_plan_col(const struct pe_plan_vec *v, int node);

/*
 * Stored indicator columns (pe-scan's cache).  With a store set, before
 * computing instance in over n bars, pe_plan_run calls get with out[k]
 * for each of in->info->nout outputs (n doubles each, used or not): get
 * fills them all, exactly as computing would (NaN before the instance's
 * lookback included), and returns 1; or it returns 0, and the instance
 * is computed and its columns handed to put (which may keep a copy).
 * ctx is the caller's.  The store must outlive the vec, or be unset with
 * NULL.
 */
struct pe_plan_store {
	int (*get)(void *ctx, const struct pe_plan_ind *in, size_t n,
	    double *const *out);
	void (*put)(void *ctx, const struct pe_plan_ind *in, size_t n,
	    const double *const *out);
	void *ctx;
};

void pe_plan_vec_store(struct pe_plan_vec *v, const struct pe_plan_store *st);

/*
 * Where sym("SPY", x) finds SPY's candles: get returns that symbol's
 * series (the resolver's, valid until the next pe_plan_run) or NULL with
 * err filled (a symbol it cannot find: an error naming it).  Without
 * one, a plan with sym() fails to run.  ctx is the caller's; the refs
 * must outlive the vec, or be unset with NULL.
 */
struct pe_plan_refs {
	const struct pe_series *(*get)(void *ctx, const char *symbol,
	    struct pe_error *err);
	void *ctx;
};

void pe_plan_vec_refs(struct pe_plan_vec *v, const struct pe_plan_refs *r);

/*
 * Incremental evaluation (lib/formula/inc.c): one bar at a time, O(plan
 * size) per bar, the same values as the vectorised columns at every bar
 * (see the contract above).  b gives open..volume and time; its x and y
 * are ignored.
 *
 * pe_plan_state_new returns a state before the first bar, or NULL with
 * err filled (PE_ERR_NOMEM).  pe_plan_step feeds the next bar and returns
 * the value of every node at it (p->nnodes doubles, indexed like
 * p->node, owned by the state, valid until its next call).
 * pe_plan_replace replaces the last bar fed with b (an update of the bar
 * in progress) and returns the values as if the old version had never
 * been seen; it may be called several times in a row; before any bar it
 * is pe_plan_step.  pe_plan_state_reset goes back to before the first
 * bar (for the next symbol).  Neither allocates nor fails.
 */
struct pe_plan_state;

/*
 * sym("SPY", x) in a plan state (pe-stream): value gives tf[k]'s plan's
 * value at that symbol's last bar that starts at or before time, as the
 * caller has seen its bars, or NaN; ctx is the caller's.  Without refs
 * (pe_plan_state_refs, NULL unsets them) a SYM node is NaN.  The refs
 * must outlive the state.
 */
struct pe_plan_srefs {
	double (*value)(void *ctx, size_t k, int64_t time);
	void *ctx;
};

void pe_plan_state_refs(struct pe_plan_state *st,
    const struct pe_plan_srefs *r);

/*
 * Whether the bars fed to st (and to its tf()s' plans) are dates, as
 * pe_series.h's date_only: the time names and tf()'s buckets take a date
 * as its own day, never shifted by --tz (pe_op_time).  A new state takes
 * instants; pe_plan_state_reset keeps the setting.
 */
void pe_plan_state_dates(struct pe_plan_state *st, int dates);

struct pe_plan_state *pe_plan_state_new(const struct pe_plan *p,
    struct pe_error *err);
void pe_plan_state_free(struct pe_plan_state *st);
void pe_plan_state_reset(struct pe_plan_state *st);
const double *pe_plan_step(struct pe_plan_state *st, const struct pe_bar *b);
const double *pe_plan_replace(struct pe_plan_state *st,
    const struct pe_bar *b);

/*
 * Saved states (pe-scan's incremental cache).  pe_plan_state_save appends
 * to b the state after its last bar: the format, the plan's shape, the
 * bars fed, every node's values, scalars and history, and each indicator
 * instance's state (pe_ind_save).  pe_plan_state_load puts such bytes
 * into st, a state of the same plan in this process or another of the
 * same build (the caller keys saved states by the plan's text), which
 * then steps on exactly as the saved one would have: the same values at
 * every later bar, bit for bit.  Right after a load there is no bar to
 * replace (pe_plan_replace returns NULL); step the next one.
 * pe_plan_state_save: PE_OK or PE_ERR_NOMEM.  pe_plan_state_load: PE_OK,
 * or PE_ERR_FORMAT when data is not such a state of this plan (st is then
 * reset, or left as it was when the header or lengths did not match).
 */
int pe_plan_state_save(const struct pe_plan_state *st, struct pe_buf *b);
int pe_plan_state_load(struct pe_plan_state *st, const void *data,
    size_t len);

#endif
