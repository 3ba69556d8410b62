/*
 * pe-chart: one symbol's candles, indicators, signals and backtest
 * trades, and a backtest's equity curve, drawn as SVG or PNG.  See
 * man/pe-chart.1.
 *
 * The candle file is read whole (pe_load_path, sorted); indicators run
 * through the registry and formulas through a plan over every bar
 * (pe_columns_build: a condition is markers, a named number a line), so
 * their warm-up uses the whole history, and only the bars of the window
 * (--since, --until, then the last --tail of those) are drawn
 * (lib/chart/chart.c).  pe-backtest's trades (--trades) are read by
 * pe_trade_read and put on bars by pe_chart_trades_match; its equity
 * curve (--equity) by pe_chart_equity_read, whose rows are the bars when
 * it is drawn without candles.  PNG is the SVG piped through
 * rsvg-convert.  A file given with -o is written atomically
 * (pe_atomic_*).
 *
 * Bloat: one symbol a chart, no gnuplot, no interactive output, no
 * formats beside SVG and PNG.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe.h"
#include "cli.h"

struct opts {
	struct pe_read_opts read;
	struct pe_chart_opts chart;
	const char *output, *signals, *trades, *equity, *format;
	struct cli_window win;	/* the bars drawn */
	int skip_bad, nspec;
	struct cli_formulas src;
	char **spec;
};

/* The markers found so far, growing. */
struct marks {
	struct pe_chart_marker *v;
	size_t n;
};

/* The trades found so far, growing. */
struct trades {
	struct pe_chart_trade *v;
	size_t n;
};

/* The formulas' lines, their values in vec's columns. */
struct lines {
	struct pe_plan_vec *vec;
	struct cli_refs refs;	/* sym()'s files */
	struct pe_chart_line *v;
	size_t n;
};

const char *prog = "pe-chart";

const char *usage_text =
    "usage: pe-chart [-q] [-i SPEC] ... [-e EXPR] ... [-f FORMULAS] ...\n"
    "                [--signals FILE] [--trades FILE] [--equity FILE]\n"
    "                [--since DATE] [--until DATE] [--tz ZONE] [--tail N]\n"
    "                [--title TEXT] [--size WxH] [--theme light|dark] "
    "[--hollow]\n"
    "                [--format svg|png] [-o FILE] [--skip-bad] "
    "[--symbol NAME]\n"
    "                [INPUT]\n";

const char *help_text =
    "Draw candles, indicators, signals, trades and equity as an SVG or PNG\n"
    "chart.\n"
    "\n"
    "Panels:\n"
    "  -i, --indicator SPEC   an indicator to draw, 'sma:20 rsi:14' (repeatable)\n"
    "  -e, --expression EXPR  a formula line: a condition marked where it holds,\n"
    "                         a named number drawn as a line (repeatable)\n"
    "  -f, --file FILE        the formulas of FILE, one a line (repeatable)\n"
    "      --signals FILE     mark the signal lines of FILE\n"
    "      --trades FILE      draw the trade lines of FILE (pe-backtest's)\n"
    "      --equity FILE      an equity curve (time,equity CSV) and its\n"
    "                         drawdown under the candles, or alone\n"
    "\n"
    "Bars:\n"
    "      --since DATE       only bars at or after DATE\n"
    "      --until DATE       only bars at or before DATE\n"
    "      --tz ZONE          time names (hour, day...) in ZONE, not UTC\n"
    "      --tail N           only the last N bars (default 250, without --since\n"
    "                         or with --equity alone)\n"
    "      --symbol NAME      the symbol to draw from data with several; the\n"
    "                         name of data without one\n"
    "\n"
    "Output:\n"
    "  -o, --output FILE      write to FILE, whole or not at all\n"
    "      --format FMT       svg or png (default: by -o's name)\n"
    "      --title TEXT       the title (default: the symbol)\n"
    "      --size WxH         the size in pixels (default 1200x700)\n"
    "      --theme THEME      light (the default) or dark\n"
    "      --hollow           up candles hollow (default: filled)\n"
    "  -q, --quiet            no notes\n"
    "\n"
    "Input:\n"
    "      --skip-bad         skip bad rows and count them, instead of failing\n"
    "  -h, --help             this help\n"
    "      --version          the version\n"
    "\n"
    "Exit status: 0 done, 2 usage or input, 3 data or output error.\n"
    "See pe-chart(1), pe-formula(7).\n";

static void
parse_option(int c, struct opts *o)
{
	static const char *const formats[] = { "svg", "png", NULL };
	const char *why;

	switch (c) {
	case 'i': o->spec[o->nspec++] = optarg; break;
	case 'e': case 'f':
		cli_formula_add(&o->src, optarg, c == 'f', PE_PR_VALUE);
		break;
	case 'o': o->output = optarg; break;
	case 'S': o->signals = optarg; break;
	case 'R': o->trades = optarg; break;
	case 'Q': o->equity = optarg; break;
	case 'q': cli_quiet = 1; break;
	case 'T':
		o->win.tail = cli_number("--tail", optarg, 1, LONG_MAX,
		    "a whole number >= 1");
		break;
	case CLI_O_TZ: cli_tz(optarg); break;
	case 'B': o->win.since = cli_date("--since", optarg, 0); break;
	case 'U': o->win.until = cli_date("--until", optarg, 1); break;
	case 't': o->chart.title = cli_text("--title", optarg); break;
	case 'z':
		if (pe_chart_size_parse(optarg, &o->chart.width,
		    &o->chart.height, &why) != 0) {
			dief(2, "invalid --size '%s' (%s)", optarg, why);
		}
		break;
	case 'm':
		if (pe_chart_theme_parse(optarg, &o->chart.theme) != 0)
			dief(2, "invalid --theme '%s' (expected light or "
			    "dark)", optarg);
		break;
	case 'F':
		cli_word("--format", optarg, formats, "svg or png");
		o->format = optarg;
		break;
	case 'k': o->skip_bad = 1; break;
	case 'H': o->chart.hollow = 1; break;
	case 'y':
		if (o->read.symbol != NULL)
			dief(2, "one --symbol at most (pe-chart draws one "
			    "symbol)");
		o->read.symbol = cli_symbol(optarg);
		break;
	case 'h': usage(0);
	case 'V': cli_version();
	default: usage(2);
	}
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "indicator", required_argument, NULL, 'i' },
		{ "expression", required_argument, NULL, 'e' },
		{ "file", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "signals", required_argument, NULL, 'S' },
		{ "trades", required_argument, NULL, 'R' },
		{ "equity", required_argument, NULL, 'Q' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "tail", required_argument, NULL, 'T' },
		{ "since", required_argument, NULL, 'B' },
		{ "tz", required_argument, NULL, CLI_O_TZ },
		{ "until", required_argument, NULL, 'U' },
		{ "title", required_argument, NULL, 't' },
		{ "size", required_argument, NULL, 'z' },
		{ "theme", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'F' },
		{ "skip-bad", no_argument, NULL, 'k' },
		{ "hollow", no_argument, NULL, 'H' },
		{ "symbol", required_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	o->spec = xcalloc((size_t)argc, sizeof *o->spec);
	cli_tz_first(argc, argv, "i:e:f:o:qh", longopts);
	while ((c = getopt_long(argc, argv, "i:e:f:o:qh", longopts, NULL)) !=
	    -1)
		parse_option(c, o);
	cli_window_check(&o->win);
}

/* PNG when asked with --format, else when -o names a .png file. */
static int
wants_png(const struct opts *o)
{
	size_t n = o->output ? strlen(o->output) : 0;

	if (o->format != NULL)
		return strcmp(o->format, "png") == 0;
	return n > 4 && strcasecmp(o->output + n - 4, ".png") == 0;
}

/* ---- input ---- */

/* The first symbols of set, "A, B, C, ...", for a message. */
static const char *
some_symbols(const struct pe_set *set, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < set->n && i < 3 && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		    i ? ", " : "", set->v[i]->symbol);
	if (set->n > 3 && len < size)
		snprintf(buf + len, size - len, ", ...");
	return buf;
}

/* The one series to draw: the only one, or the one --symbol names (the
 * name of input without a symbol column too: never missing there). */
static struct pe_series *
pick_series(struct pe_set *set, const char *name, const char *sym)
{
	char some[3 * PE_SYMBOL_MAX + 16];
	size_t i;

	if (set->n == 0)
		dief(3, "%s: no candles", name);
	if (set->n > 1 && sym == NULL)
		dief(2, "%s: %zu symbols (%s): choose one with --symbol", name,
		    set->n, some_symbols(set, some, sizeof some));
	for (i = 0; i < set->n; i++)
		if (sym == NULL || strcmp(set->v[i]->symbol, sym) == 0)
			return set->v[i];
	dief(3, "%s: no candles of symbol '%s' (it has %s)", name, sym,
	    some_symbols(set, some, sizeof some));
}

/* ---- indicators ---- */

/* Every -i spec, checked before any input is read. */
static struct pe_ind_spec *
parse_specs(const struct opts *o)
{
	struct pe_ind_spec *spec = xcalloc((size_t)o->nspec, sizeof *spec);
	struct pe_error err;
	int i;

	for (i = 0; i < o->nspec; i++)
		if (pe_ind_spec_parse(o->spec[i], &spec[i], &err) != PE_OK)
			die(2, &err);
	return spec;
}

/* Each spec computed over the whole series into ind[i]. */
static struct pe_chart_ind *
compute(const struct opts *o, const struct pe_series *s, const char *name,
    struct pe_ind_spec *spec, double **cols)
{
	struct pe_chart_ind *ind = xcalloc((size_t)o->nspec, sizeof *ind);
	struct pe_ind *st;
	struct pe_error err;
	struct pe_cols in;
	double **out;
	int i, k;

	for (i = 0; i < o->nspec; i++) {
		if ((st = pe_ind_new(spec[i].info, spec[i].p, &err)) == NULL)
			die(err.code == PE_ERR_NOMEM ? 3 : 2, &err);
		if (!s->has_volume && ((spec[i].info->inputs & PE_IN_VOLUME) ||
		    spec[i].x == PE_IN_VOLUME || spec[i].y == PE_IN_VOLUME)) {
			dief(3, "%s: no volume (%s needs it)", name,
			    o->spec[i]);
		}
		out = xcalloc(PE_IND_MAXOUT, sizeof *out);
		cols[i] = xcalloc(s->n * (size_t)spec[i].info->nout + 1,
		    sizeof(double));
		for (k = 0; k < spec[i].info->nout; k++)
			out[k] = cols[i] + (size_t)k * s->n;
		pe_ind_cols(s, &spec[i], &in);
		pe_ind_batch(st, s->n, &in, out);
		pe_ind_free(st);
		ind[i] = (struct pe_chart_ind){ &spec[i], o->spec[i],
		    (const double *const *)out };
	}
	return ind;
}

/* ---- markers ---- */

static void
mark(struct marks *m, size_t bar, enum pe_chart_mark type, const char *label)
{
	m->v = xrealloc(m->v, m->n + 1, sizeof *m->v);
	m->v[m->n++] = (struct pe_chart_marker){ bar, type, label };
}

/* The marker of each signal type, for formulas and signal files. */
static const enum pe_chart_mark mark_of[] = { [PE_FT_SCAN] = PE_CHART_HIT,
    [PE_FT_ENTRY] = PE_CHART_ENTRY, [PE_FT_EXIT] = PE_CHART_EXIT,
    /* a short is a sale, a cover a purchase */
    [PE_FT_SHORT] = PE_CHART_EXIT, [PE_FT_COVER] = PE_CHART_ENTRY };

/* The formulas over the whole series: a condition marks every bar where
 * it holds, a number is a line. */
static void
formula_draws(struct pe_plan *plan, const struct pe_series *s,
    const char *name, struct marks *m, struct lines *ln)
{
	const struct pe_plan_formula *f;
	struct pe_error err;
	const double *col;
	size_t i, fi;

	if ((ln->vec = pe_plan_vec_new(plan, &err)) == NULL)
		die(3, &err);
	cli_refs_init(&ln->refs, NULL);	/* sym()'s files: beside the input */
	cli_refs_base(&ln->refs, name);
	pe_plan_vec_refs(ln->vec, &ln->refs.pr);
	if (pe_plan_run(ln->vec, s, &err) != PE_OK)
		dief(err.code == PE_ERR_IO || err.code == PE_ERR_USAGE ? 2 : 3,
		    "%s: %s", name, err.msg);
	ln->v = xcalloc(plan->nformulas, sizeof *ln->v);
	for (fi = 0; fi < plan->nformulas; fi++) {
		f = &plan->formula[fi];
		col = pe_plan_col(ln->vec, f->root);
		if (plan->node[f->root].type == PE_VT_NUM) {
			ln->v[ln->n++] = (struct pe_chart_line){ f->name, col };
			continue;
		}
		/* an untagged formula's markers are labelled by its name
		 * (or its expression) */
		for (i = 0; i < s->n; i++)
			if (col[i] == 1.0)
				mark(m, i, mark_of[f->type], f->type ==
				    PE_FT_SCAN ? (f->name ? f->name : f->src) :
				    NULL);
	}
}
/* The bar at time t, or -1. */
static long
bar_at(const struct pe_series *s, int64_t t)
{
	size_t i = pe_series_lower_bound(s, t);

	return i < s->n && s->time[i] == t ? (long)i : -1;
}

/* path opened for reading ("-": stdin, *in set); exit 2 when it cannot
 * be. */
static FILE *
open_in(const char *path, int *in)
{
	FILE *fp;

	*in = strcmp(path, "-") == 0;
	if ((fp = *in ? stdin : fopen(path, "r")) == NULL)
		dief(2, "%s: %s", path, strerror(errno));
	return fp;
}

/*
 * The signals of a JSONL file at bars of s: by time, and by symbol too
 * when the file holds several symbols.  Those of s at no bar of s (a
 * file of another timeframe) are counted in a note.
 */
static void
signal_marks(const char *path, const struct pe_series *s, struct marks *m)
{
	struct pe_signal_match *sg = NULL;
	const char *why;
	char *line = NULL;
	size_t cap = 0, n = 0, i, lost = 0;
	long lineno = 0, bar;
	int several = 0, rc, in;
	FILE *fp = open_in(path, &in);
	ssize_t len;

	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		sg = xrealloc(sg, n + 1, sizeof *sg);
		rc = pe_signal_parse(line, (size_t)len, &sg[n], &why);
		if (rc < 0)
			dief(3, "%s:%ld: %s", in ? "stdin" : path, lineno, why);
		if (rc == 0)
			continue;
		several |= strcmp(sg[0].symbol, sg[n].symbol) != 0;
		n++;
	}
	for (i = 0; i < n; i++) {
		if (several && strcmp(sg[i].symbol, s->symbol) != 0)
			continue;
		if ((bar = bar_at(s, sg[i].time)) >= 0)
			mark(m, (size_t)bar, mark_of[sg[i].type], NULL);
		else
			lost++;
	}
	if (lost > 0)
		notef("%s: %zu signal%s at no bar of %s left out",
		    in ? "stdin" : path, lost, lost == 1 ? "" : "s", s->symbol);
	free(line);
	free(sg);
	if (!in)
		fclose(fp);
}

/* The trades of a JSONL file (pe-backtest's) at bars of s, matched as
 * --signals matches signals; those of s at no bar of s counted in a
 * note. */
static void
trade_marks(const char *path, const struct pe_series *s, struct trades *tr)
{
	struct pe_trade *t;
	struct pe_error err;
	size_t n, lost;
	int in;
	FILE *fp = open_in(path, &in);

	if (pe_trade_read(fp, in ? "stdin" : path, &t, &n, &err) != PE_OK)
		die(3, &err);
	if (!in)
		fclose(fp);
	tr->v = xcalloc(n, sizeof *tr->v);
	lost = pe_chart_trades_match(s, t, n, tr->v, &tr->n);
	if (lost > 0)
		notef("%s: %zu trade%s at no bar of %s left out",
		    in ? "stdin" : path, lost, lost == 1 ? "" : "s", s->symbol);
	free(t);
}

/* The equity curve of --equity; exit 2 when it cannot be opened, 3 when
 * it cannot be read. */
static struct pe_chart_equity *
read_equity(const char *path)
{
	struct pe_chart_equity *eq;
	struct pe_error err;
	int in;
	FILE *fp = open_in(path, &in);

	if (pe_chart_equity_read(fp, in ? "stdin" : path, &eq, &err) != PE_OK)
		die(3, &err);
	if (!in)
		fclose(fp);
	return eq;
}

/* ---- output ---- */

/* The bars drawn: view ends at the window's last bar (the columns are
 * s's), and chart.tail counts back from there to its first.  what: the
 * bars' name in a message ("candles", "rows"). */
static void
window(const struct pe_series *s, struct opts *o, const char *name,
    const char *what, struct pe_series *view)
{
	size_t lo, hi;

	cli_window_range(&o->win, s, &lo, &hi);
	if (lo == hi)
		dief(3, "%s: no %s %s", name, what,
		    o->win.since == INT64_MIN ? "at or before --until" :
		    o->win.until == INT64_MAX ? "at or after --since" :
		    "from --since to --until");
	*view = *s;
	view->n = hi;
	o->chart.tail = hi - lo;
}

/* The document to stdout, or to -o's file (atomically). */
static void
write_out(const struct pe_buf *svg, const struct opts *o)
{
	struct pe_atomic *a = NULL;
	struct pe_error err;
	FILE *fp = stdout;

	if (o->output != NULL && strcmp(o->output, "-") != 0 &&
	    (a = pe_atomic_open_path(o->output, &fp, &err)) == NULL)
		die(3, &err);
	if (wants_png(o)) {
		fflush(fp);
		if (pe_chart_png(svg, fileno(fp), o->chart.width,
		    o->chart.height, &err) != PE_OK) {
			pe_atomic_abort(a);
			die(3, &err);
		}
	} else
		fwrite(svg->p, 1, svg->len, fp);
	if (a != NULL && pe_atomic_commit(a, &err) != PE_OK)
		die(3, &err);
}

/* ---- main ---- */

/* What a run reads and computes, freed at its end. */
struct run {
	struct pe_set *set;
	struct pe_ind_spec *spec;
	struct pe_chart_ind *ind;
	double **cols;
	struct pe_plan *plan;
	struct marks m;
	struct trades tr;
	struct lines ln;
	struct pe_chart_equity *eq;
};

/*
 * The operands' usage errors: one INPUT at most; one reader of stdin
 * (candles come from it without an INPUT, unless --equity is drawn
 * alone); nothing drawn on candles without them.  Returns whether the
 * chart is --equity's alone.
 */
static int
check_inputs(const struct opts *o, int argc, const char *path)
{
	const char *const opt[] = { "--signals", "--trades", "--equity" };
	const char *const file[] = { o->signals, o->trades, o->equity };
	int alone = o->equity != NULL && argc == 0, i, k;

	if (argc > 1) {
		warnf("one candle file at most (got %d)", argc);
		usage(2);
	}
	if (alone && (o->nspec || o->src.n || o->signals || o->trades))
		dief(2, "-i, -e, -f, --signals and --trades draw on candles: "
		    "give an INPUT with --equity ('-' for stdin)");
	for (i = 0; i < 3; i++) {
		if (file[i] == NULL || strcmp(file[i], "-") != 0)
			continue;
		if (!alone && strcmp(path, "-") == 0)
			dief(2, "%s - needs the candles from a file, not stdin",
			    opt[i]);
		for (k = i + 1; k < 3; k++)
			if (file[k] != NULL && strcmp(file[k], "-") == 0)
				dief(2, "%s - and %s -: only one can read "
				    "stdin", opt[i], opt[k]);
	}
	return alone;
}

/* The candles of path and everything drawn on them, into r and d. */
static void
candles(struct opts *o, const char *path, struct run *r,
    struct pe_chart_data *d, struct pe_series *view)
{
	const char *name = strcmp(path, "-") ? path : "stdin";
	struct pe_series *s;
	int has;

	r->spec = parse_specs(o);
	r->plan = o->src.n ? cli_compile_columns(&o->src, PE_COLUMNS_LINES,
	    NULL, 0) : NULL;
	r->set = load_file(path, o->read, o->skip_bad, &has);
	s = pick_series(r->set, name, o->read.symbol);
	r->cols = xcalloc((size_t)o->nspec, sizeof *r->cols);
	r->ind = compute(o, s, name, r->spec, r->cols);
	if (r->plan != NULL)
		formula_draws(r->plan, s, name, &r->m, &r->ln);
	if (o->signals != NULL)
		signal_marks(o->signals, s, &r->m);
	if (o->trades != NULL)
		trade_marks(o->trades, s, &r->tr);
	if (o->equity != NULL)
		r->eq = read_equity(o->equity);
	window(s, o, name, "candles", view);
	*d = (struct pe_chart_data){ .s = view, .ind = r->ind,
	    .nind = (size_t)o->nspec, .mk = r->m.v, .nmk = r->m.n,
	    .tr = r->tr.v, .ntr = r->tr.n, .eq = r->eq, .line = r->ln.v,
	    .nline = r->ln.n };
}

static void
run_free(struct run *r, int nspec)
{
	int i;

	for (i = 0; r->ind != NULL && i < nspec; i++) {
		free((void *)r->ind[i].out);
		free(r->cols[i]);
	}
	free(r->ind);
	free(r->cols);
	free(r->spec);
	free(r->ln.v);
	pe_plan_vec_free(r->ln.vec);
	cli_refs_free(&r->ln.refs);
	pe_plan_free(r->plan);
	free(r->m.v);
	free(r->tr.v);
	pe_chart_equity_free(r->eq);
	pe_set_free(r->set);
}

int
main(int argc, char **argv)
{
	struct opts o = { .chart = { 1200, 700, PE_CHART_LIGHT, NULL, 0, 0 },
	    .win = CLI_WINDOW_ALL };
	struct pe_buf svg = { 0 };
	struct run r = { 0 };
	struct pe_chart_data d;
	struct pe_series view;
	struct pe_error err;
	const char *path;

	cli_atomic_signals();
	parse_args(argc, argv, &o);
	argc -= optind;
	argv += optind;
	path = argc ? argv[0] : "-";
	cli_output_check(o.output, (const char *[]){ path, o.signals, o.trades,
	    o.equity }, 4);
	if (check_inputs(&o, argc, path)) {	/* --equity alone */
		r.eq = read_equity(o.equity);
		window(r.eq->s, &o, r.eq->s->symbol, "rows", &view);
		d = (struct pe_chart_data){ .s = &view, .eq = r.eq,
		    .equity_only = 1 };
	} else {
		if (o.win.tail < 0 && o.win.since == INT64_MIN)
			o.win.tail = 250;	/* --since alone: all from it */
		candles(&o, path, &r, &d, &view);
	}
	if (pe_chart_render(&d, &o.chart, &svg, &err) != PE_OK)
		die(3, &err);
	write_out(&svg, &o);
	free(svg.p);
	run_free(&r, o.nspec);
	cli_formulas_free(&o.src);
	free(o.spec);
	if (ferror(stdout) || fclose(stdout) != 0)
		dief(3, "write error on standard output: %s", strerror(errno));
	return 0;
}
