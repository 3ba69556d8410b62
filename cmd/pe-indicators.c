/*
 * pe-indicators: candles in, candles plus one column per indicator output
 * out; --list prints the registry.  See man/pe-indicators.1.
 *
 * Each input file is read whole (pe_load_path), checked (times strictly
 * increasing per symbol, volume present where a spec needs it), and every
 * symbol's series goes through each indicator's batch form, from a fresh
 * state, before its rows are written.
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
	long tail;		/* -1: every row */
	int skip_bad, list, ninputs, digits;
	char **inputs;
};

struct job {
	int nspec, ncol, with_symbol;
	char **spec_text;
	struct pe_ind_spec *spec;
	struct pe_ind **ind;
	struct col *col;
	double **out;		/* per spec: its nout arrays, joined */
	const double **vals;	/* per column: its values in out */
	struct pe_writer *w;	/* made for the first file's header */
};

#define MAX(a, b) ((a) > (b) ? (a) : (b))

const char *prog = "pe-indicators";

const char *usage_text =
    "usage: pe-indicators [--format csv|jsonl] [--tail N] "
    "[--skip-bad] [--digits N]\n"
    "                     [--symbol NAME] [-i FILE] ... SPEC ...\n"
    "       pe-indicators --list [--format csv|jsonl] "
    "[NAME ...]\n";

static void
parse_args(int argc, char **argv, struct opts *o)
{
	enum { O_FORMAT = 256, O_TAIL, O_SKIP, O_SYMBOL, O_LIST, O_VERSION,
	    O_DIGITS };
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "tail", required_argument, NULL, O_TAIL },
		{ "skip-bad", no_argument, NULL, O_SKIP },
		{ "symbol", required_argument, NULL, O_SYMBOL },
		{ "list", no_argument, NULL, O_LIST },
		{ "digits", required_argument, NULL, O_DIGITS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	o->inputs = xcalloc((size_t)argc, sizeof *o->inputs);
	while ((c = getopt_long(argc, argv, "i:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': o->inputs[o->ninputs++] = optarg; break;
		case O_FORMAT: o->fmt = cli_format(optarg); break;
		case O_TAIL:
			o->tail = cli_number("--tail", optarg, 0, LONG_MAX,
			    "a whole number >= 0");
			break;
		case O_SKIP: o->skip_bad = 1; break;
		case O_SYMBOL: o->read.symbol = cli_symbol(optarg); break;
		case O_LIST: o->list = 1; break;
		case O_DIGITS: o->digits = cli_digits(optarg); break;
		case 'h': usage(0);
		case O_VERSION: cli_version();
		default: usage(2);
		}
	}
	if (o->ninputs == 0)
		o->inputs[o->ninputs++] = "-";
}

/* ---- --list ---- */

/* The registry (or the indicators named in argv) as a table or JSONL. */
static void
list_registry(int argc, char **argv, enum pe_format fmt)
{
	const struct pe_ind_info *f;
	struct pe_ind_spec s;
	struct pe_ind_text t;
	struct pe_error err;
	struct pe_buf line = { 0 };
	int w[4] = { 4, 6, 10, 7 }, json = fmt == PE_FMT_JSONL, i, pass;
	int n = argc ? argc : (int)pe_ind_count();

	for (pass = json; pass < 2; pass++) {
		if (pass == 1 && !json)
			printf("%-*s  %-*s  %-*s  %-*s  %8s  %s\n", w[0],
			    "NAME", w[1], "INPUTS", w[2], "PARAMETERS", w[3],
			    "OUTPUTS", "LOOKBACK", "DESCRIPTION");
		for (i = 0; i < n; i++) {
			if (argc && pe_ind_spec_parse(argv[i], &s, &err))
				die(2, &err);
			f = argc ? s.info : pe_ind_at((size_t)i);
			if (json) {
				line.len = 0;
				pe_ind_describe_json(f, &line);
				fputs(line.p, stdout);
				continue;
			}
			pe_ind_describe(f, 0, &t);
			if (pass == 0) {
				w[0] = MAX(w[0], (int)strlen(f->name));
				w[1] = MAX(w[1], (int)strlen(t.inputs));
				w[2] = MAX(w[2], (int)strlen(t.params));
				w[3] = MAX(w[3], (int)strlen(t.outputs));
			} else
				printf("%-*s  %-*s  %-*s  %-*s  %8ld  %s\n",
				    w[0], f->name, w[1], t.inputs, w[2],
				    t.params, w[3], t.outputs, t.lookback,
				    f->desc);
		}
	}
	free(line.p);
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
				dief(2, "'%s' is a file, not an indicator "
				    "(give input files with -i)", text[i]);
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
	j->vals = xcalloc((size_t)j->ncol + 1, sizeof *j->vals);
}

/* Volume where a spec reads it (the loader checked the order). */
static void
check_series(const struct pe_series *s, const char *path, int named,
    const struct job *j)
{
	const struct pe_ind_spec *sp;
	int k;

	for (k = 0; k < j->nspec && !s->has_volume; k++) {
		sp = &j->spec[k];
		if ((sp->info->inputs & PE_IN_VOLUME) ||
		    sp->x == PE_IN_VOLUME || sp->y == PE_IN_VOLUME)
			dief(3, "%s: %s%sno volume (%s needs it)", path,
			    named ? s->symbol : "", named ? ": " : "",
			    j->spec_text[k]);
	}
}

static void
compute(const struct pe_series *s, struct job *j)
{
	const struct pe_ind_spec *sp;
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
}

/* The candles and indicator columns of s (its last --tail rows). */
static void
write_series(const struct pe_series *s, struct job *j, const struct opts *o)
{
	struct pe_error err;
	size_t i = o->tail >= 0 && (size_t)o->tail < s->n ? s->n -
	    (size_t)o->tail : 0;
	int c;

	for (c = 0; c < j->ncol; c++)
		j->vals[c] = j->out[j->col[c].spec] +
		    (size_t)j->col[c].k * s->n;
	/* a write error is reported at the end, from ferror(stdout) */
	pe_writer_series_cols(j->w, s, i, s->n, j->vals, &err);
}

/* The writer, its columns and (CSV) the header, for the first file. */
static void
start_output(struct job *j, enum pe_format fmt, int digits)
{
	struct pe_error err;
	const char **names = xcalloc((size_t)j->ncol + 1, sizeof *names);
	int c;

	for (c = 0; c < j->ncol; c++)
		names[c] = j->col[c].name;
	if ((j->w = pe_writer_new(stdout, fmt, j->with_symbol)) == NULL ||
	    pe_writer_columns(j->w, names, (size_t)j->ncol, &err) != PE_OK ||
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
	for (i = 0; i < set->n; i++)
		check_series(set->v[i], name, has, j);
	if (j->w == NULL) {
		j->with_symbol |= has;
		start_output(j, o->fmt, o->digits);
	}
	for (i = 0; i < set->n; i++) {
		compute(set->v[i], j);
		write_series(set->v[i], j, o);
	}
	/* into stdout's buffer before a later file can end the run */
	pe_writer_drain(j->w, &err);
	pe_set_free(set);
}

int
main(int argc, char **argv)
{
	struct opts o = { .fmt = PE_FMT_CSV, .tail = -1,
	    .digits = PE_NUM_SHORTEST };
	struct job j = { 0 };
	int i;

	signal(SIGPIPE, SIG_DFL);	/* "| head" ends us quietly */
	parse_args(argc, argv, &o);
	argc -= optind;
	argv += optind;
	if (o.list)
		list_registry(argc, argv, o.fmt);
	else {
		if (argc == 0) {
			warnf("no indicator given (see pe-indicators --list)");
			usage(2);
		}
		setup_job(argc, argv, &j);
		j.with_symbol = o.ninputs > 1;
		for (i = 0; i < o.ninputs; i++)
			process_file(o.inputs[i], &o, &j);
		free_job(&j);
	}
	free(o.inputs);
	if (ferror(stdout) || fclose(stdout) != 0)
		dief(3, "write error on standard output: %s", strerror(errno));
	return 0;
}
