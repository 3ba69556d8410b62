/*
 * pe-eval: candles and formulas in, one signal line per bar where a
 * formula is true out.  See man/pe-eval.1 and man/pe-formula.7.
 *
 * Every formula source (-e, -f, the first operand, --values) is parsed,
 * then all are compiled into one plan; every diagnostic is shown with its
 * caret.  Each candle file is read whole (pe_load_path, sorted), and the
 * plan runs vectorised over each symbol's series (pe_plan_run); a signal
 * formula fires on a bar when its column holds exactly 1 there.
 *
 * Bloat: no streaming (pe-stream), no parallelism or per-symbol error
 * results (pe-scan), no sorting (pe-load), no --tail: --last is the one
 * filter on bars.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe.h"
#include "cli.h"

struct opts {
	struct pe_read_opts read;
	enum pe_format fmt;
	struct cli_window win;	/* tail 1: --last */
	struct cli_symbols syms;
	int64_t as_of;		/* --last: stale before; INT64_MIN: newest */
	int last, edge, explain, quiet, skip_bad, digits;
	const char *output, *ref;
	struct cli_formulas src;
};

/* A symbol's lines held back until the newest last bar is known. */
struct held {
	char *path, *symbol, *lines;
	size_t len;
	int64_t last;
};

struct job {
	struct pe_plan *plan;
	struct pe_plan_vec *vec;
	struct pe_signal *sig;	/* the line maker */
	const double **root;	/* per formula: its column in this series */
	struct pe_buf line;
	int matched, header_done;
	struct held *held;
	size_t nheld;
	struct cli_refs refs;	/* sym()'s files */
};

const char *prog = "pe-eval";

const char *usage_text =
    "usage: pe-eval [-q] [--all | --last | --tail N] [--as-of DATE] "
    "[--stale-ok]\n"
    "               [--edge] [--explain] [-o FILE] [--format csv|jsonl]\n"
    "               [--digits N] [--skip-bad] [--symbol NAME] ... "
    "[--since DATE]\n"
    "               [--until DATE] [--tz ZONE] [--ref DIR] "
    "[--values EXPR] ...\n"
    "               [-e EXPR] ... [-f FORMULAS] ... [FORMULA] [INPUT ...]\n";

const char *help_text =
    "Evaluate formulas over candles: one signal line per bar where one holds.\n"
    "\n"
    "Formulas:\n"
    "  -e, --expression EXPR  a formula line, [@tag] [name:] expr (repeatable)\n"
    "  -f, --file FILE        the formulas of FILE, one a line (repeatable)\n"
    "      --values EXPR      also report a value, [name:] expr (repeatable)\n"
    "      --edge             only the bar where a formula becomes true\n"
    "      --explain          say what each formula and value is, then exit\n"
    "\n"
    "Bars:\n"
    "      --all              every bar where a formula holds (the default)\n"
    "      --last             only each symbol's latest bar\n"
    "      --tail N           only each symbol's last N bars\n"
    "      --since DATE       only bars at or after DATE\n"
    "      --until DATE       only bars at or before DATE\n"
    "      --tz ZONE          time names (hour, day...) in ZONE, not UTC\n"
    "      --ref DIR          sym(\"SPY\", x) reads DIR/SPY.csv, not the "
    "input's dir\n"
    "      --as-of DATE       with --last: data ending before DATE is stale\n"
    "      --stale-ok         with --last: evaluate stale data all the same\n"
    "      --symbol NAME      only symbol NAME; the name of data without one\n"
    "\n"
    "Output:\n"
    "  -o, --output FILE      write to FILE, whole or not at all\n"
    "      --format FMT       jsonl (the default) or csv\n"
    "      --digits N         numbers to N places (default: exact)\n"
    "  -q, --quiet            no output, no notes: the exit status says it\n"
    "\n"
    "Input:\n"
    "      --skip-bad         skip bad rows and count them, instead of failing\n"
    "  -h, --help             this help\n"
    "      --version          the version\n"
    "\n"
    "Exit status: 0 a match, 1 none, 2 usage or input, 3 data or output error.\n"
    "See pe-eval(1), pe-formula(7).\n";

/* ---- options and formulas ---- */

static void
parse_option(int c, struct opts *o)
{
	switch (c) {
	case 'e': case 'f': case 'v':
		cli_formula_add(&o->src, optarg, c == 'f', c == 'v' ?
		    PE_PR_VALUE : PE_PR_SIGNAL);
		break;
	case 'q': o->quiet = 1; break;
	case 'o': o->output = optarg; break;
	case 'A': o->last = 0, o->win.tail = -1; break;
	case 'L': o->last = 1, o->win.tail = 1; break;
	case 'T':
		o->last = 0;
		o->win.tail = cli_number("--tail", optarg, 0, LONG_MAX,
		    "a whole number >= 0");
		break;
	case 'a': o->as_of = cli_date("--as-of", optarg, 0); break;
	case 'k': o->as_of = INT64_MAX; break;
	case CLI_O_TZ: cli_tz(optarg); break;
	case CLI_O_REF: o->ref = cli_ref_dir(optarg); break;
	case 'S': o->win.since = cli_date("--since", optarg, 0); break;
	case 'U': o->win.until = cli_date("--until", optarg, 1); break;
	case 'E': o->edge = 1; break;
	case 'x': o->explain = 1; break;
	case 'F': o->fmt = cli_format(optarg); break;
	case 'D': o->digits = cli_digits(optarg); break;
	case 'b': o->skip_bad = 1; break;
	case 'y': cli_symbol_add(&o->syms, optarg); break;
	case 'h': usage(0);
	case 'V': cli_version();
	default: usage(2);
	}
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "expression", required_argument, NULL, 'e' },
		{ "file", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "output", required_argument, NULL, 'o' },
		{ "all", no_argument, NULL, 'A' },
		{ "last", no_argument, NULL, 'L' },
		{ "tail", required_argument, NULL, 'T' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "stale-ok", no_argument, NULL, 'k' },
		{ "since", required_argument, NULL, 'S' },
		{ "tz", required_argument, NULL, CLI_O_TZ },
		{ "ref", required_argument, NULL, CLI_O_REF },
		{ "until", required_argument, NULL, 'U' },
		{ "edge", no_argument, NULL, 'E' },
		{ "explain", no_argument, NULL, 'x' },
		{ "format", required_argument, NULL, 'F' },
		{ "digits", required_argument, NULL, 'D' },
		{ "skip-bad", no_argument, NULL, 'b' },
		{ "symbol", required_argument, NULL, 'y' },
		{ "values", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	cli_tz_first(argc, argv, "e:f:o:qh", longopts);
	while ((c = getopt_long(argc, argv, "e:f:o:qh", longopts, NULL)) !=
	    -1)
		parse_option(c, o);
	cli_window_check(&o->win);
	o->read.symbol = cli_symbol_name(&o->syms);
	cli_quiet = o->quiet;
}

/* ---- evaluation and output ---- */

/* Lines to stdout, the CSV header before the first. */
static void
put(struct job *j, const char *p, size_t len, const struct opts *o)
{
	struct pe_buf h = { 0 };

	if (len == 0)
		return;
	if (o->quiet)		/* grep -q: a match is all that was asked */
		exit(0);
	j->matched = 1;
	if (o->fmt == PE_FMT_CSV && !j->header_done) {
		if (pe_signal_header(j->sig, &h) != PE_OK)
			dief(3, "out of memory");
		fwrite(h.p, 1, h.len, stdout);
		free(h.p);
	}
	j->header_done = 1;
	fwrite(p, 1, len, stdout);
}

/* "stale (last bar DATE)" for a symbol whose last bar is last. */
static void
note_stale(const char *path, const char *symbol, int64_t last)
{
	char when[PE_TIME_BUFSZ];

	pe_time_format(last, last % PE_MS_PER_DAY == 0, when);
	notef("%s: %s: stale (last bar %s)", path, symbol, when);
}

/* A symbol's lines, judged stale or not; held when the as-of time is
 * the newest last bar, not known before the end. */
static void
judge(struct job *j, const char *path, const struct pe_series *s,
    int64_t last, const struct opts *o)
{
	struct held *h;

	if (!o->last || o->as_of == INT64_MAX || last == INT64_MIN) {
		put(j, j->line.p, j->line.len, o);
		return;
	}
	if (o->as_of != INT64_MIN) {
		if (last < o->as_of)
			note_stale(path, s->symbol, last);
		else
			put(j, j->line.p, j->line.len, o);
		return;
	}
	j->held = xrealloc(j->held, j->nheld + 1, sizeof *j->held);
	h = &j->held[j->nheld++];
	h->path = xrealloc(NULL, strlen(path) + 1, 1);
	strcpy(h->path, path);
	h->symbol = xrealloc(NULL, strlen(s->symbol) + 1, 1);
	strcpy(h->symbol, s->symbol);
	h->lines = xrealloc(NULL, j->line.len + 1, 1);
	memcpy(h->lines, j->line.p ? j->line.p : "", j->line.len);
	h->len = j->line.len;
	h->last = last;
}

/* At the end: every held symbol against the newest last bar. */
static void
settle(struct job *j, const struct opts *o)
{
	int64_t newest = INT64_MIN;
	size_t i;

	for (i = 0; i < j->nheld; i++)
		if (j->held[i].last > newest)
			newest = j->held[i].last;
	for (i = 0; i < j->nheld; i++) {
		if (j->held[i].last < newest)
			note_stale(j->held[i].path, j->held[i].symbol,
			    j->held[i].last);
		else
			put(j, j->held[i].lines, j->held[i].len, o);
		free(j->held[i].path);
		free(j->held[i].symbol);
		free(j->held[i].lines);
	}
	free(j->held);
}

/* Evaluate the plan over s; its matches in the window.  path names the
 * input. */
static void
eval_series(struct job *j, const struct pe_series *s, const char *path,
    int named, const struct opts *o)
{
	const struct pe_plan *p = j->plan;
	struct pe_error err;
	char sym[PE_SYMBOL_ENCMAX];
	size_t i, fi, lo, hi;
	int json = o->fmt == PE_FMT_JSONL;

	if (s->n < (size_t)p->lookback + 1) {	/* tell why nothing fired */
		notef("%s: %s%s%zu bar%s, the formula needs %ld", path,
		    named ? s->symbol : "", named ? ": " : "", s->n,
		    s->n == 1 ? "" : "s", p->lookback + 1);
		return;
	}
	if (pe_plan_run(j->vec, s, &err) != PE_OK) {
		if (err.code == PE_ERR_NOMEM)
			die(3, &err);
		/* a sym()'s file missing is an input error, as a file's */
		dief(err.code == PE_ERR_IO || err.code == PE_ERR_USAGE ? 2 : 3,
		    "%s: %s%s%s", path, named ? s->symbol : "",
		    named ? ": " : "", err.msg);
	}
	for (fi = 0; fi < p->nformulas; fi++)
		j->root[fi] = pe_plan_col(j->vec, p->formula[fi].root);
	sym[pe_symbol_encode(s->symbol, json, sym)] = '\0';
	cli_window_range(&o->win, s, &lo, &hi);
	j->line.len = 0;
	for (i = lo; i < hi; i++)
		for (fi = 0; fi < p->nformulas; fi++)
			if (p->formula[fi].role == PE_PR_SIGNAL &&
			    j->root[fi][i] == 1.0)
				pe_signal_line(j->sig, j->vec, s, sym, i, fi,
				    json, &j->line);
	if (j->line.oom)
		dief(3, "out of memory");
	judge(j, path, s, hi > lo ? s->time[hi - 1] : INT64_MIN, o);
}

static void
eval_file(struct job *j, const char *path, struct opts *o)
{
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	struct pe_set *set;
	size_t i;
	int has;

	set = load_file(path, o->read, o->skip_bad, &has);
	cli_refs_base(&j->refs, path);
	for (i = 0; i < set->n; i++)
		if (cli_symbol_keep(&o->syms, set->v[i]->symbol))
			eval_series(j, set->v[i], name, has, o);
	pe_set_free(set);
}

/* Every input through the plan. */
static void
eval_all(struct job *j, int argc, char **argv, struct opts *o)
{
	struct pe_error err;
	int i;

	if ((j->vec = pe_plan_vec_new(j->plan, &err)) == NULL ||
	    (j->sig = pe_signal_new(j->plan, &err)) == NULL)
		die(3, &err);
	pe_signal_digits(j->sig, o->digits);
	cli_refs_init(&j->refs, o->ref);
	pe_plan_vec_refs(j->vec, &j->refs.pr);
	j->root = xrealloc(NULL, j->plan->nformulas, sizeof *j->root);
	cli_inputs_check(argc, argv);
	for (i = 0; i < argc || i == 0; i++)
		eval_file(j, argc ? argv[i] : "-", o);
	settle(j, o);
}

int
main(int argc, char **argv)
{
	static char obuf[1 << 16];
	struct opts o = { .fmt = PE_FMT_JSONL, .win = CLI_WINDOW_ALL,
	    .as_of = INT64_MIN, .digits = PE_NUM_SHORTEST };
	struct cli_output out;
	struct job j = { 0 };
	char *text;
	size_t n;

	signal(SIGPIPE, SIG_DFL);	/* "| head" ends us quietly */
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	parse_args(argc, argv, &o);
	argc -= optind;
	argv += optind;
	cli_formula_operand(&o.src, &argc, &argv, 1);
	j.plan = cli_compile(&o.src, o.edge ? PE_PLAN_EDGE : 0, 1);
	cli_output_check(o.output, (const char *const *)argv, (size_t)argc);
	cli_output_open(&out, o.output);
	if (o.explain) {
		n = pe_plan_explain(j.plan, NULL, 0) + 1;
		text = xrealloc(NULL, n, 1);
		pe_plan_explain(j.plan, text, n);
		fputs(text, stdout);
		free(text);
	} else
		eval_all(&j, argc, argv, &o);
	cli_output_commit(&out);
	free(j.root);
	free(j.line.p);
	pe_signal_free(j.sig);
	pe_plan_vec_free(j.vec);
	cli_refs_free(&j.refs);
	pe_plan_free(j.plan);
	cli_formulas_free(&o.src);
	cli_symbols_end(&o.syms);
	cli_close_stdout();
	return o.explain || j.matched ? 0 : 1;
}
