/*
 * pe-indicators: candles in, candles plus one column per indicator output
 * and one per formula (-e, -f) out; --list prints the registry.  See
 * man/pe-indicators.1.
 *
 * Each input file is read whole (pe_load_path), checked (times strictly
 * increasing per symbol, volume present where a spec or a formula needs
 * it), and every symbol's series goes through each indicator's batch
 * form, from a fresh state, then through the formulas' plan
 * (pe_columns_build, pe_plan_run: pe-eval --values' values), before its
 * rows are written.
 *
 * Bloat: no sorting or de-duplication (pe-load does that), no streaming
 * (pe-stream does that), no column selection beyond a spec's .OUTPUT.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pe.h"
#include "cli.h"

/* One output column: output k of spec i. */
struct col {
	int spec, k;
	char name[128];
};

struct opts {
	struct pe_read_opts read;
	enum pe_format fmt;
	struct cli_window win;
	struct cli_symbols syms;
	const char *output;
	int skip_bad, list, quiet, nspec, digits, fmt_given;
	char **spec;		/* the specs of -i and the operand, split */
	struct cli_formulas src;	/* -e and -f */
};

struct job {
	int nspec, ncol, with_symbol;
	char **spec_text;
	struct pe_ind_spec *spec;
	struct pe_ind **ind;
	struct col *col;
	double **out;		/* per spec: its nout arrays, joined */
	struct pe_plan *plan;	/* the formulas, or NULL */
	struct pe_plan_vec *vec;
	char **fname;		/* per formula: its column's name */
	const double **vals;	/* per column, then per formula: its values */
	struct pe_writer *w;	/* made for the first file's header */
	struct cli_refs refs;	/* sym()'s files: beside each input */
};

/* The formulas' columns: one per formula of the plan. */
static size_t
nform(const struct job *j)
{
	return j->plan != NULL ? j->plan->nformulas : 0;
}

const char *prog = "pe-indicators";

const char *usage_text =
    "usage: pe-indicators [-q] [-i SPEC] ... [-e EXPR] ... [-f FORMULAS] ...\n"
    "                     [-o FILE] [--format csv|jsonl] [--digits N]\n"
    "                     [--symbol NAME] ... [--since DATE] [--until DATE]\n"
    "                     [--tz ZONE] [--tail N | --last] [--skip-bad]\n"
    "                     ['SPEC ...'] [INPUT ...]\n"
    "       pe-indicators --list [--format csv|jsonl] [NAME ...]\n";

const char *help_text =
    "Compute indicators over candles: the candles with a column per output.\n"
    "\n"
    "Indicators:\n"
    "  -i, --indicator SPEC   a spec or several, 'sma:20 rsi:14' (repeatable)\n"
    "  -e, --expression EXPR  a column, 'name: expr' (repeatable)\n"
    "  -f, --file FILE        a column per formula of FILE (repeatable)\n"
    "      --list [NAME ...]  the indicators in a table, or each NAME in full\n"
    "\n"
    "Bars:\n"
    "      --tail N           only each symbol's last N bars\n"
    "      --last             only each symbol's latest bar\n"
    "      --since DATE       only bars at or after DATE\n"
    "      --until DATE       only bars at or before DATE\n"
    "      --tz ZONE          time names (hour, day...) in ZONE, not UTC\n"
    "      --symbol NAME      only symbol NAME (repeatable); the name of data\n"
    "                         without one\n"
    "\n"
    "Output:\n"
    "  -o, --output FILE      write to FILE, whole or not at all\n"
    "      --format FMT       csv (the default) or jsonl\n"
    "      --digits N         numbers to N places (default: exact)\n"
    "  -q, --quiet            no notes\n"
    "\n"
    "Input:\n"
    "      --skip-bad         skip bad rows and count them, instead of failing\n"
    "  -h, --help             this help\n"
    "      --version          the version\n"
    "\n"
    "Exit status: 0 done, 2 usage or input, 3 data or output error.\n"
    "See pe-indicators(1), pe-formula(7).\n";

/* Each spec of text (specs separated by blanks) added to o's list. */
static void
add_specs(struct opts *o, char *text)
{
	char *tok, *save;

	for (tok = strtok_r(text, " \t\n", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t\n", &save)) {
		o->spec = xrealloc(o->spec, (size_t)o->nspec + 1,
		    sizeof *o->spec);
		o->spec[o->nspec++] = tok;
	}
}

static void
parse_option(int c, struct opts *o)
{
	switch (c) {
	case 'i': add_specs(o, optarg); break;
	case 'e': case 'f':
		cli_formula_add(&o->src, optarg, c == 'f', PE_PR_VALUE);
		break;
	case 'o': o->output = optarg; break;
	case 'q': o->quiet = 1; break;
	case 'F':
		o->fmt = cli_format(optarg);
		o->fmt_given = 1;
		break;
	case 'D': o->digits = cli_digits(optarg); break;
	case 'T':
		o->win.tail = cli_number("--tail", optarg, 0, LONG_MAX,
		    "a whole number >= 0");
		break;
	case 'L': o->win.tail = 1; break;
	case CLI_O_TZ: cli_tz(optarg); break;
	case 'S': o->win.since = cli_date("--since", optarg, 0); break;
	case 'U': o->win.until = cli_date("--until", optarg, 1); break;
	case 'k': o->skip_bad = 1; break;
	case 'y': cli_symbol_add(&o->syms, optarg); break;
	case 'l': o->list = 1; break;
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
		{ "quiet", no_argument, NULL, 'q' },
		{ "format", required_argument, NULL, 'F' },
		{ "digits", required_argument, NULL, 'D' },
		{ "tail", required_argument, NULL, 'T' },
		{ "last", no_argument, NULL, 'L' },
		{ "since", required_argument, NULL, 'S' },
		{ "tz", required_argument, NULL, CLI_O_TZ },
		{ "until", required_argument, NULL, 'U' },
		{ "skip-bad", no_argument, NULL, 'k' },
		{ "symbol", required_argument, NULL, 'y' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	cli_tz_first(argc, argv, "i:e:f:o:qh", longopts);
	while ((c = getopt_long(argc, argv, "i:e:f:o:qh", longopts, NULL)) != -1)
		parse_option(c, o);
	cli_window_check(&o->win);
	o->read.symbol = cli_symbol_name(&o->syms);
}

/* ---- --list ---- */

#define LIST_WIDTH 80	/* --list for people fits a terminal's width */

/*
 * The registry, or the indicators named in argv (names or specs): for
 * people (no --format) a table, or each named one in full; for programs
 * every field, as CSV or JSONL.
 */
static void
list_registry(int argc, char **argv, enum pe_format fmt, int fmt_given)
{
	size_t n = argc ? (size_t)argc : pe_ind_count(), i;
	struct pe_ind_spec *s = xcalloc(n, sizeof *s);
	enum pe_ind_form form = fmt == PE_FMT_JSONL ? PE_IND_JSONL :
	    PE_IND_CSV;
	struct pe_buf b = { 0 };
	struct pe_error err;

	for (i = 0; i < n; i++)
		if (pe_ind_spec_lookup(argc ? argv[i] : pe_ind_at(i)->name,
		    &s[i], &err) != PE_OK)
			die(2, &err);
	if (!fmt_given)
		form = argc ? PE_IND_LONG : PE_IND_TABLE;
	if (pe_ind_list(s, n, form, LIST_WIDTH, &b) != PE_OK)
		dief(3, "out of memory");
	fwrite(b.p, 1, b.len, stdout);
	free(b.p);
	free(s);
}

/* ---- indicators over candles ---- */

static void
setup_job(int nspec, char **text, struct job *j)
{
	struct pe_error err;
	int i, k;

	j->nspec = nspec;
	j->spec_text = text;
	j->spec = xcalloc((size_t)nspec, sizeof *j->spec);
	j->ind = xcalloc((size_t)nspec, sizeof *j->ind);
	j->out = xcalloc((size_t)nspec, sizeof *j->out);
	j->col = xcalloc((size_t)nspec * PE_IND_MAXOUT, sizeof *j->col);
	for (i = 0; i < nspec; i++) {
		if (pe_ind_spec_parse(text[i], &j->spec[i], &err) != PE_OK) {
			if (access(text[i], F_OK) == 0)	/* a common slip */
				dief(2, "'%s' is a file, not an indicator spec "
				    "(the specs come first: pe-indicators "
				    "'sma:20 rsi:14' FILE ...)", text[i]);
			die(2, &err);
		}
		if ((j->ind[i] = pe_ind_new(j->spec[i].info, j->spec[i].p,
		    &err)) == NULL)
			die(err.code == PE_ERR_NOMEM ? 3 : 2, &err);
		for (k = 0; k < j->spec[i].info->nout; k++) {
			if (j->spec[i].out >= 0 && j->spec[i].out != k)
				continue;
			j->col[j->ncol].spec = i;
			j->col[j->ncol].k = k;
			pe_ind_spec_column(&j->spec[i], k, j->col[j->ncol].name,
			    sizeof j->col[0].name);
			j->ncol++;
		}
	}
}

/* The columns every output has, and what the formulas' may not be. */
static const char *const candle_cols[] = { "symbol", "time", "open", "high",
    "low", "close", "volume" };
#define NCANDLE (sizeof candle_cols / sizeof candle_cols[0])

/* The formulas of -e and -f compiled, each a column named as no other:
 * not a candle's, not an indicator's (exit 2 naming it). */
static void
setup_formulas(const struct cli_formulas *src, struct job *j)
{
	struct pe_column_taken *t = xcalloc(NCANDLE + (size_t)j->ncol,
	    sizeof *t);
	size_t i, n = 0;
	char *by;
	int c;

	for (i = 0; i < NCANDLE; i++)
		t[n++] = (struct pe_column_taken){ candle_cols[i],
		    "the candles" };
	for (c = 0; c < j->ncol; c++) {
		by = xrealloc(NULL, strlen(j->spec_text[j->col[c].spec]) + 11,
		    1);
		sprintf(by, "indicator %s", j->spec_text[j->col[c].spec]);
		t[n++] = (struct pe_column_taken){ j->col[c].name, by };
	}
	j->plan = cli_compile_columns(src, PE_COLUMNS_NAMED, t, n);
	for (i = NCANDLE; i < n; i++)
		free((char *)t[i].by);
	free(t);
	j->fname = xcalloc(j->plan->nformulas + 1, sizeof *j->fname);
	for (i = 0; i < j->plan->nformulas; i++)
		if ((j->fname[i] = pe_columns_name(j->plan->formula[i].name)) ==
		    NULL)
			dief(3, "out of memory");
}

/* The job's columns: the indicators' and, when given, the formulas'. */
static void
setup(const struct opts *o, struct job *j)
{
	struct pe_error err;

	setup_job(o->nspec, o->spec, j);
	if (o->src.n > 0) {
		setup_formulas(&o->src, j);
		if ((j->vec = pe_plan_vec_new(j->plan, &err)) == NULL)
			die(3, &err);
		cli_refs_init(&j->refs, NULL);
		pe_plan_vec_refs(j->vec, &j->refs.pr);
	}
	j->vals = xcalloc((size_t)j->ncol + nform(j) + 1, sizeof *j->vals);
}

/* Volume where a spec or a formula reads it (the loader checked the
 * order).  The plan says which formula's call needs it, before it runs. */
static void
check_series(const struct pe_series *s, const char *path, int named,
    const struct job *j)
{
	const struct pe_ind_spec *sp;
	struct pe_error err;
	int k;

	for (k = 0; k < j->nspec && !s->has_volume; k++) {
		sp = &j->spec[k];
		if ((sp->info->inputs & PE_IN_VOLUME) ||
		    sp->x == PE_IN_VOLUME || sp->y == PE_IN_VOLUME)
			dief(3, "%s: %s%sno volume (%s needs it)", path,
			    named ? s->symbol : "", named ? ": " : "",
			    j->spec_text[k]);
	}
	if (j->plan != NULL && !s->has_volume &&
	    (j->plan->inputs & PE_IN_VOLUME) &&
	    pe_plan_run(j->vec, s, &err) != PE_OK)
		dief(3, "%s: %s%s%s", path, named ? s->symbol : "",
		    named ? ": " : "", err.msg);
}

static void
compute(const struct pe_series *s, struct job *j)
{
	const struct pe_ind_spec *sp;
	struct pe_error err;
	struct pe_cols in;
	double *o[PE_IND_MAXOUT];
	int i, k;

	for (i = 0; i < j->nspec; i++) {
		sp = &j->spec[i];
		free(j->out[i]);
		j->out[i] = xcalloc(s->n * (size_t)sp->info->nout,
		    sizeof(double));
		for (k = 0; k < sp->info->nout; k++)
			o[k] = j->out[i] + (size_t)k * s->n;
		pe_ind_cols(s, sp, &in);
		pe_ind_batch(j->ind[i], s->n, &in, o);
	}
	if (j->plan != NULL && pe_plan_run(j->vec, s, &err) != PE_OK)
		die(err.code == PE_ERR_IO || err.code == PE_ERR_USAGE ? 2 : 3,
		    &err);	/* volume was checked: memory, or sym()'s file */
}

/* The candles and indicator columns of s (its last --tail rows). */
static void
write_series(const struct pe_series *s, struct job *j, const struct opts *o)
{
	struct pe_error err;
	size_t lo, hi, f;
	int c;

	cli_window_range(&o->win, s, &lo, &hi);
	for (c = 0; c < j->ncol; c++)
		j->vals[c] = j->out[j->col[c].spec] +
		    (size_t)j->col[c].k * s->n;
	for (f = 0; f < nform(j); f++)
		j->vals[(size_t)j->ncol + f] = pe_plan_col(j->vec,
		    j->plan->formula[f].root);
	/* a write error is reported at the end, from ferror(stdout) */
	pe_writer_series_cols(j->w, s, lo, hi, j->vals, &err);
}

/* The writer, its columns and (CSV) the header, for the first file. */
static void
start_output(struct job *j, enum pe_format fmt, int digits)
{
	struct pe_error err;
	size_t n = (size_t)j->ncol + nform(j), f;
	const char **names = xcalloc(n + 1, sizeof *names);
	int c;

	for (c = 0; c < j->ncol; c++)
		names[c] = j->col[c].name;
	for (f = 0; f < nform(j); f++)
		names[(size_t)j->ncol + f] = j->fname[f];
	if ((j->w = pe_writer_new(stdout, fmt, j->with_symbol)) == NULL ||
	    pe_writer_columns(j->w, names, n, &err) != PE_OK ||
	    pe_writer_digits(j->w, digits, &err) != PE_OK)
		dief(3, "%s", "out of memory");
	pe_writer_header(j->w, &err);
	free(names);
}

static void
free_job(struct job *j)
{
	struct pe_error err;
	int i;

	for (i = 0; i < j->nspec; i++) {
		pe_ind_free(j->ind[i]);
		free(j->out[i]);
	}
	for (i = 0; (size_t)i < nform(j); i++)
		free(j->fname[i]);
	free(j->fname);
	pe_plan_vec_free(j->vec);
	cli_refs_free(&j->refs);
	pe_plan_free(j->plan);
	free(j->spec);
	free(j->ind);
	free(j->out);
	free(j->col);
	free(j->vals);
	pe_writer_free(j->w, &err);	/* its errors: ferror(stdout) */
}

static void
process_file(const char *path, struct opts *o, struct job *j)
{
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	struct pe_error err;
	struct pe_set *set;
	size_t i;
	int has;

	set = load_file(path, o->read, o->skip_bad, &has);
	if (j->plan != NULL)
		cli_refs_base(&j->refs, path);
	for (i = 0; i < set->n; i++)
		if (cli_symbol_keep(&o->syms, set->v[i]->symbol))
			check_series(set->v[i], name, has, j);
	if (j->w == NULL) {
		j->with_symbol |= has;
		start_output(j, o->fmt, o->digits);
	}
	for (i = 0; i < set->n; i++) {
		if (!cli_symbol_keep(&o->syms, set->v[i]->symbol))
			continue;
		compute(set->v[i], j);
		write_series(set->v[i], j, o);
	}
	/* into stdout's buffer before a later file can end the run */
	pe_writer_drain(j->w, &err);
	pe_set_free(set);
}

/* An input operand that is no file but reads as a spec: say how to
 * give several specs (with formulas, by -i alone). */
static void
check_inputs(int argc, char **argv, int formulas)
{
	struct pe_ind_spec sp;
	struct pe_error err;
	int i;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "-") != 0 && access(argv[i], F_OK) != 0 &&
		    pe_ind_spec_parse(argv[i], &sp, &err) == PE_OK) {
			if (formulas)
				dief(2, "'%s' is not a file: with -e or -f, "
				    "give the specs with -i", argv[i]);
			dief(2, "'%s' is not a file: give several specs as one "
			    "operand ('sma:20 rsi:14') or with -i", argv[i]);
		}
}

int
main(int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	struct opts o = { .fmt = PE_FMT_CSV, .win = CLI_WINDOW_ALL,
	    .digits = PE_NUM_SHORTEST };
	struct cli_output out;
	struct job j = { 0 };
	int i;

	signal(SIGPIPE, SIG_DFL);	/* "| head" ends us quietly */
	parse_args(argc, argv, &o);
	argc -= optind;
	argv += optind;
	if (o.list) {
		list_registry(argc, argv, o.fmt, o.fmt_given);
		return cli_close_stdout();
	}
	/* like grep's pattern, the specs are the first operand unless -i,
	 * -e or -f gave the columns */
	if (o.nspec == 0 && o.src.n == 0 && argc > 0) {
		add_specs(&o, argv[0]);
		argc--;
		argv++;
	}
	if (o.nspec == 0 && o.src.n == 0) {
		warnf("no indicator given (see pe-indicators --list)");
		usage(2);
	}
	setup(&o, &j);
	check_inputs(argc, argv, o.src.n > 0);
	j.with_symbol = argc > 1;
	if (argc == 0)
		argc = 1, argv = stdin_only;
	cli_quiet = o.quiet;
	cli_output_check(o.output, (const char *const *)argv, (size_t)argc);
	cli_output_open(&out, o.output);
	for (i = 0; i < argc; i++)
		process_file(argv[i], &o, &j);
	free_job(&j);
	cli_output_commit(&out);
	free(o.spec);
	cli_formulas_free(&o.src);
	cli_symbols_end(&o.syms);
	return cli_close_stdout();
}
