/*
 * pe_ind: the indicator registry, and indicators as streaming states.
 *
 * Every indicator is written once, as a state with an init and a step (one
 * bar in, its outputs out, amortised O(1)).  The batch form over arrays
 * runs the same step, inlined, in one small loop per indicator
 * (PE_IND_DEFINE in lib/ind/ind.h makes both), so the two cannot drift.
 *
 * A state is a fixed struct of scalars (sums, counts, ring heads) plus ring
 * memory placed after it.  pe_ind_replace, for a feed that sends several
 * updates of the bar in progress, undoes the last step in O(1): the scalars
 * are restored from a copy taken before that step, and the few ring slots
 * the step wrote are restored from its undo log.  Nothing is recomputed.
 *
 * Bloat: no TA-Lib "unstable period", no vectorised (SIMD) kernels, no
 * indicators of indicators beyond what one state embeds.
 */
#ifndef PE_IND_H
#define PE_IND_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "pe_buf.h"
#include "pe_error.h"
#include "pe_series.h"

#define PE_IND_MAXPARAMS 8	/* sarext */
#define PE_IND_MAXOUT 7		/* pivots: p, r1..r3, s1..s3 */

/* One bar of inputs.  x is the selected series (default close), y the
 * second series of the two-series indicators (correl, beta); time the
 * bar's start in ms since the epoch, UTC (0 when unknown; only svwap
 * reads it). */
struct pe_bar {
	double open, high, low, close, volume, x, y;
	int64_t time;
};

/* The same inputs as columns, for batch; unused ones may be NULL. */
struct pe_cols {
	const double *open, *high, *low, *close, *volume, *x, *y;
	const int64_t *time;
};

/* Bar i of c (a NULL column gives NaN, or time 0).  Inline: the batch
 * loops call it for every bar, and drop the fields a step never reads. */
static inline void
pe_cols_bar(const struct pe_cols *c, size_t i, struct pe_bar *b)
{
	b->open = c->open ? c->open[i] : NAN;
	b->high = c->high ? c->high[i] : NAN;
	b->low = c->low ? c->low[i] : NAN;
	b->close = c->close ? c->close[i] : NAN;
	b->volume = c->volume ? c->volume[i] : NAN;
	b->x = c->x ? c->x[i] : NAN;
	b->y = c->y ? c->y[i] : NAN;
	b->time = c->time ? c->time[i] : 0;
}

/* What an indicator reads (pe_ind_info.inputs, a mask). */
enum {
	PE_IN_OPEN = 1, PE_IN_HIGH = 2, PE_IN_LOW = 4, PE_IN_CLOSE = 8,
	PE_IN_VOLUME = 16,
	PE_IN_X = 32,		/* one series, chosen with @INPUT, default close */
	PE_IN_Y = 64,		/* a second series (correl, beta) */
	PE_IN_TIME = 128	/* the bar's time (svwap) */
};

enum pe_ptype {
	PE_P_INT,		/* a whole number: periods */
	PE_P_REAL,		/* factors, multipliers */
	PE_P_MA			/* a moving-average type: sma ema wma ... */
};

struct pe_ind_param {
	const char *name;
	enum pe_ptype type;
	double def, min, max;	/* inclusive range */
};

/*
 * Where a step's ring writes are logged so that pe_ind_replace can undo
 * them.  Batch passes NULL, and the logging is compiled out of its loop.
 */
#define PE_UNDO_MAX 32

struct pe_undo {
	int n;
	void *slot[PE_UNDO_MAX];
	uint64_t old[PE_UNDO_MAX];
};

/* One registry entry.  lib/ind/list.h lists them all. */
struct pe_ind_info {
	const char *name;	/* lower case, TA-Lib's name: "sma", "bbands" */
	const char *desc;	/* one line */
	unsigned inputs;	/* PE_IN_* mask */
	int nparams;
	struct pe_ind_param param[PE_IND_MAXPARAMS];
	/* A parameter whose default is the value another one has, not a
	 * number of its own (bbands' nbdevdn is nbdevup unless given):
	 * def_from[i] names that parameter, an earlier one of the same
	 * type, and param[i].def is what both are when both are left out.
	 * NULL: param[i].def.  A separate array, not a field of
	 * pe_ind_param, so that every other entry stays as it is. */
	const char *def_from[PE_IND_MAXPARAMS];
	int nout;
	const char *out[PE_IND_MAXOUT];	/* TA-Lib's order */
	/* Bars before the first defined value, for these parameters. */
	long (*lookback)(const double *p);
	/* Cross-parameter checks beyond each range, once each parameter is
	 * in its own: 0, or -1 with why (n bytes) saying what is wrong,
	 * without the indicator's name.  NULL when none. */
	int (*check)(const double *p, char *why, size_t n);
	size_t scalar_size;	/* sizeof the state struct */
	size_t (*ring_size)(const double *p);	/* bytes after it */
	void (*init)(void *st, const double *p, void *rings);
	/* One bar: saves the state into prev and logs ring writes in u
	 * (for pe_ind_replace); NaN outputs where it returns 0. */
	int (*step)(void *st, void *prev, const struct pe_bar *b,
	    double *out, struct pe_undo *u);
	void (*batch)(void *st, size_t n, const struct pe_cols *in,
	    double *const *out);
};

/* The registry: entries in a fixed order, looked up by name. */
size_t pe_ind_count(void);
const struct pe_ind_info *pe_ind_at(size_t i);
const struct pe_ind_info *pe_ind_find(const char *name);

/*
 * The registered name to suggest for name, which is not one ("did you
 * mean"): the one with the same letters in another case ("RSI" -> "rsi";
 * names are case-sensitive, so it is only suggested), else pe's name for
 * another tool's (pe_ind_alias), else the nearest by edit distance; NULL
 * when none is close (more than a third of the letters off) or name is
 * another tool's for something pe does not have.
 */
const char *pe_ind_suggest(const char *name);

/*
 * Whether name, in any case, is what other tools (Pine, AmiBroker,
 * pandas-ta, Tulip) call an indicator, or a candlestick pattern without
 * its "cdl": 1 with *to the registry name to suggest ("psar" -> "sar",
 * "stdev" -> "stddev", "doji" -> "cdldoji"), or with *to NULL when pe has
 * no counterpart and no near name should be suggested either ("swma",
 * "cti"); 0, *to untouched, when name is none of those.
 */
int pe_ind_alias(const char *name, const char **to);

/*
 * The edit distance (Levenshtein) of a and b, letters compared without
 * case, the measure pe_ind_suggest uses, for suggestions among other
 * names (the formula compiler's built-ins, series and lets); (size_t)-1
 * when either has 63 bytes or more.
 */
size_t pe_ind_distance(const char *a, const char *b);

/*
 * Fill in the parameters left out: p holds info->nparams values, of which
 * the first given were given (0 <= given <= info->nparams); each later
 * one takes its default, param[i].def or, where def_from[i] names a
 * parameter, that parameter's value in p.
 */
void pe_ind_defaults(const struct pe_ind_info *info, double *p, int given);

/*
 * Check params (info->nparams values) against each range and type and
 * info->check.  Returns PE_OK or PE_ERR_USAGE with err naming the
 * parameter and its valid range.
 */
int pe_ind_check(const struct pe_ind_info *info, const double *params,
    struct pe_error *err);

/* Moving-average types by word: "sma" -> 0 ...; -1 when unknown. */
int pe_ma_parse(const char *word);
const char *pe_ma_name(int type);
#define PE_MA_WORDS "sma, ema, wma, dema, tema, trima, kama, mama, t3"

/*
 * An indicator instance: its info, parameters and state, owned by the
 * caller (pe_ind_free).  params holds info->nparams values (NULL: the
 * defaults).  Returns NULL with err filled (PE_ERR_USAGE naming the
 * parameter and its range, or PE_ERR_NOMEM).
 */
struct pe_ind;

struct pe_ind *pe_ind_new(const struct pe_ind_info *info,
    const double *params, struct pe_error *err);
void pe_ind_free(struct pe_ind *ind);
const struct pe_ind_info *pe_ind_info_of(const struct pe_ind *ind);
const double *pe_ind_params(const struct pe_ind *ind);
long pe_ind_lookback(const struct pe_ind *ind);

/*
 * Stream: feed one new bar; out receives info->nout values (NaN where not
 * defined yet).  Returns 1 when the outputs are defined, else 0.
 */
int pe_ind_step(struct pe_ind *ind, const struct pe_bar *b, double *out);

/*
 * Stream: the last bar fed is replaced by b (the same bar, updated).  The
 * result equals that of a state that never saw the old version.  Before
 * any bar, it is pe_ind_step.  Right after pe_ind_batch there is no step
 * to undo: it returns -1 and changes nothing.
 */
int pe_ind_replace(struct pe_ind *ind, const struct pe_bar *b, double *out);

/* Back to the state of a new instance. */
void pe_ind_reset(struct pe_ind *ind);

/*
 * Saved states (pe-scan's incremental cache).  pe_ind_save appends to b
 * the bytes of ind's state after its last bar: a header (format, name,
 * parameters, bars fed), the scalars and the rings.  pe_ind_load puts such
 * bytes into ind, an instance of the same indicator and parameters in
 * this process or another of the same build, which then goes on from the
 * next bar exactly as the saved one would have, bit for bit.  A state may
 * hold pointers only into its own rings (found by initialising two
 * scratch states, and moved to ind's rings); nothing else of a state may
 * depend on where it lies.  After a load there is no step to undo.
 * pe_ind_save: PE_OK or PE_ERR_NOMEM.  pe_ind_load: PE_OK, or
 * PE_ERR_FORMAT, leaving ind as it was, when data is not a state of this
 * indicator and parameters (its length, header or a pointer outside the
 * rings), and PE_ERR_FORMAT too when out of memory.
 */
int pe_ind_save(const struct pe_ind *ind, struct pe_buf *b);
int pe_ind_load(struct pe_ind *ind, const void *data, size_t len);

/*
 * A parsed indicator spec, "NAME[:P1[:P2...]][@INPUT[,INPUT2]][.OUTPUT]":
 * "sma:20", "sma:50@high", "macd:12:26:9.signal", "ma:20:ema",
 * "correl:30@high,low".  Missing parameters take their defaults; a
 * moving-average parameter is a word (sma, ema, ...).  x and y are the
 * PE_IN_* bits of the series read as x and y (PE_IN_CLOSE by default;
 * 0 for indicators that read fixed inputs).  out is an output index, or -1
 * when the spec names none.
 */
struct pe_ind_spec {
	const struct pe_ind_info *info;
	double p[PE_IND_MAXPARAMS];
	unsigned x, y;
	int out;
};

/*
 * Parse spec into *s.  Returns PE_OK, or PE_ERR_USAGE with err's message
 * naming the problem: "unknown indicator 'smaa' (did you mean 'sma'?)",
 * "sma: period must be a whole number from 2 to 100000 (got 1)", ...
 */
int pe_ind_spec_parse(const char *spec, struct pe_ind_spec *s,
    struct pe_error *err);

/*
 * The spec arg, as pe_ind_spec_parse reads it, or a bare name, to name an
 * indicator (pe-indicators --list NAME): a two-series indicator's bare
 * name has no spec (its inputs are not optional), and is taken with its
 * defaults and no inputs (y 0).  Returns PE_OK, or PE_ERR_USAGE with err
 * saying why, as pe_ind_spec_parse does.
 */
int pe_ind_spec_lookup(const char *arg, struct pe_ind_spec *s,
    struct pe_error *err);

/*
 * The column name of output k of info with parameters p over the inputs
 * named x and y (NULL where the indicator reads none), as DESIGN.md names
 * indicator columns: NAME_P1_..._PN[_INPUT][_OUTPUT], every parameter
 * given (a moving-average type only when it is not the default), numbers
 * in shortest form with a minus sign written "m" and an exponent's plus
 * sign left out (so a name is [a-z0-9_.] when the inputs' names are), x
 * only when it is not "close" or y is given, the output suffix unless it
 * is the first output and bears the indicator's name ("sma_20",
 * "sma_50_high", "macd_12_26_9", "macd_12_26_9_signal",
 * "bbands_20_2_m2_lower").  pe-indicators' columns and the names of
 * signal lines' values (pe_plan.h) both come from here.  Returns the
 * length written into buf (of size n > 0, truncated if need be).
 */
size_t pe_ind_column(const struct pe_ind_info *info, const double *p,
    const char *x, const char *y, int k, char *buf, size_t n);

/* The column name of output k of s: pe_ind_column with s's inputs. */
size_t pe_ind_spec_column(const struct pe_ind_spec *s, int k, char *buf,
    size_t n);

/*
 * The columns of s that the indicator of sp reads: every candle column, x
 * and y those that sp->x and sp->y name (NULL when they name none).  The
 * pointers are s's own.
 */
void pe_ind_cols(const struct pe_series *s, const struct pe_ind_spec *sp,
    struct pe_cols *c);

/* The name of an input bit ("close"), or of a name the bit (0 if none). */
const char *pe_input_name(unsigned bit);
unsigned pe_input_parse(const char *name, size_t n);

/*
 * Batch: run a fresh state over n bars of in; out[k] (info->nout arrays of
 * n doubles, caller-owned) receives output k at every bar, NaN where it is
 * not defined.  Leaves the state after bar n-1 (streaming may go on).
 */
void pe_ind_batch(struct pe_ind *ind, size_t n, const struct pe_cols *in,
    double *const *out);

/*
 * What pe-indicators --list says of an indicator: its inputs ("x",
 * "high,low,close"), parameters ("period=30, matype=sma"; a default
 * that is another parameter's value is its name, "nbdevdn=nbdevup"; JSON:
 * objects with type, default and range, and a null default with
 * "default_from" for the former), outputs, and lookback with the default
 * parameters.  json picks the JSON forms (quoted, comma-separated, ready
 * to stand inside brackets).  Texts too long for their field are cut.
 */
struct pe_ind_text {
	char inputs[128], params[1024], outputs[256];
	long lookback;
};

void pe_ind_describe(const struct pe_ind_info *f, int json,
    struct pe_ind_text *t);

/* The indicator's line of --list --format jsonl, newline included,
 * appended to b.  PE_OK or PE_ERR_NOMEM. */
int pe_ind_describe_json(const struct pe_ind_info *f, struct pe_buf *b);

/*
 * The indicator's row of --list --format csv, appended to b: name,
 * inputs, parameters, outputs, lookback, description, with the texts of
 * pe_ind_describe (table forms), each field quoted as RFC 4180 wants;
 * with f NULL, the header row.  PE_OK or PE_ERR_NOMEM.
 */
int pe_ind_describe_csv(const struct pe_ind_info *f, struct pe_buf *b);

/*
 * pe-indicators --list: the indicators of s[0..n) in one form, appended
 * to b.  PE_IND_TABLE and PE_IND_LONG are for people, in lines of at most
 * width columns (texts wrap at blanks; a word longer than its column is
 * cut): a table with a header and a row per indicator, NAME, PARAMETERS
 * (their defaults, "period=30", as many a line as fit) and DESCRIPTION,
 * continuation lines indented under their column; or each indicator in
 * full (pe_ind_describe_long), a blank line between two.  PE_IND_CSV and
 * PE_IND_JSONL are for programs: a header and pe_ind_describe_csv's rows,
 * or pe_ind_describe_json's lines.  PE_OK or PE_ERR_NOMEM.
 */
enum pe_ind_form { PE_IND_TABLE, PE_IND_LONG, PE_IND_CSV, PE_IND_JSONL };

int pe_ind_list(const struct pe_ind_spec *s, size_t n, enum pe_ind_form form,
    size_t width, struct pe_buf *b);

/*
 * One indicator in full (pe-indicators --list NAME), appended to b in
 * lines of at most width columns: its name and description, then a
 * field a line: what it reads, each parameter's range and default, each
 * output with its column name, the lookback, the spec with every
 * parameter and the formula's call.  The columns, lookback, spec and
 * call are those of s's parameters and inputs (a bare name's: the
 * defaults); a two-series indicator given without its inputs is shown
 * over high and low, as an example.  PE_OK or PE_ERR_NOMEM.
 */
int pe_ind_describe_long(const struct pe_ind_spec *s, size_t width,
    struct pe_buf *b);

#endif
