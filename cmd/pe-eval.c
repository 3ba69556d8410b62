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
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe.h"
#include "cli.h"

/* A formula source as given: an expression (-e, the operand, --values)
 * or a formula file (-f). */
struct opts {
	struct pe_read_opts read;
	enum pe_format fmt;
	int last, edge, explain, quiet, skip_bad, digits;
	struct cli_formulas src;
};

struct job {
	struct pe_plan *plan;
	struct pe_plan_vec *vec;
	struct pe_signal *sig;	/* the line maker */
	const double **root;	/* per formula: its column in this series */
	struct pe_buf line;
	int matched, header_done;
};

const char *prog = "pe-eval";

const char *usage_text =
    "usage: pe-eval [-q] [--all | --last] [--edge] [--explain] "
    "[--format csv|jsonl]\n"
    "               [--skip-bad] [--digits N] [--symbol NAME] "
    "[--values EXPR] ...\n"
    "               [-e EXPR] ... [-f FORMULAS] ... [EXPR] "
    "[FILE ...]\n";

/* ---- options and formulas ---- */

static void
parse_args(int argc, char **argv, struct opts *o)
{
	enum { O_ALL = 256, O_LAST, O_EDGE, O_EXPLAIN, O_FORMAT, O_SKIP,
	    O_SYMBOL, O_VALUES, O_VERSION, O_DIGITS };
	static const struct option longopts[] = {
		{ "expression", required_argument, NULL, 'e' },
		{ "file", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "all", no_argument, NULL, O_ALL },
		{ "last", no_argument, NULL, O_LAST },
		{ "edge", no_argument, NULL, O_EDGE },
		{ "explain", no_argument, NULL, O_EXPLAIN },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "skip-bad", no_argument, NULL, O_SKIP },
		{ "symbol", required_argument, NULL, O_SYMBOL },
		{ "values", required_argument, NULL, O_VALUES },
		{ "digits", required_argument, NULL, O_DIGITS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "e:f:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'e': case 'f': case O_VALUES:
			cli_formula_add(&o->src, optarg, c == 'f',
			    c == O_VALUES ? PE_PR_VALUE : PE_PR_SIGNAL);
			break;
		case 'q': o->quiet = 1; break;
		case O_ALL: o->last = 0; break;
		case O_LAST: o->last = 1; break;
		case O_EDGE: o->edge = 1; break;
		case O_EXPLAIN: o->explain = 1; break;
		case O_FORMAT: o->fmt = cli_format(optarg); break;
		case O_SKIP: o->skip_bad = 1; break;
		case O_SYMBOL: o->read.symbol = cli_symbol(optarg); break;
		case O_DIGITS: o->digits = cli_digits(optarg); break;
		case 'h': usage(0);
		case O_VERSION: cli_version();
		default: usage(2);
		}
	}
}

/* ---- evaluation and output ---- */

/* Evaluate the plan over s; write its matches.  path names the input. */
static void
eval_series(struct job *j, const struct pe_series *s, const char *path,
    int named, const struct opts *o)
{
	const struct pe_plan *p = j->plan;
	struct pe_error err;
	char sym[PE_SYMBOL_ENCMAX];
	size_t i, fi, n;
	int json = o->fmt == PE_FMT_JSONL;

	if (pe_plan_run(j->vec, s, &err) != PE_OK) {
		if (err.code == PE_ERR_NOMEM)
			die(3, &err);
		dief(3, "%s: %s%s%s", path, named ? s->symbol : "",
		    named ? ": " : "", err.msg);
	}
	for (fi = 0; fi < p->nformulas; fi++)
		j->root[fi] = pe_plan_col(j->vec, p->formula[fi].root);
	n = pe_symbol_encode(s->symbol, json, sym);
	sym[n] = '\0';
	for (i = o->last && s->n > 0 ? s->n - 1 : 0; i < s->n; i++)
		for (fi = 0; fi < p->nformulas; fi++) {
			if (p->formula[fi].role != PE_PR_SIGNAL ||
			    j->root[fi][i] != 1.0)
				continue;
			if (o->quiet)
				exit(0);
			j->matched = 1;
			j->line.len = 0;
			if (!json && !j->header_done) {
				pe_signal_header(j->sig, &j->line);
				j->header_done = 1;
			}
			pe_signal_line(j->sig, j->vec, s, sym, i, fi, json,
			    &j->line);
			if (j->line.oom)
				dief(3, "out of memory");
			fwrite(j->line.p, 1, j->line.len, stdout);
		}
}

static void
eval_file(struct job *j, const char *path, const struct opts *o)
{
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	struct pe_set *set;
	size_t i;
	int has;

	set = load_file(path, o->read, o->skip_bad, &has);
	for (i = 0; i < set->n; i++)
		eval_series(j, set->v[i], name, has, o);
	pe_set_free(set);
}

int
main(int argc, char **argv)
{
	static char obuf[1 << 16];
	struct opts o = { .fmt = PE_FMT_JSONL, .digits = PE_NUM_SHORTEST };
	struct job j = { 0 };
	struct pe_error err;
	char *text;
	size_t n;
	int i;

	signal(SIGPIPE, SIG_DFL);	/* "| head" ends us quietly */
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	parse_args(argc, argv, &o);
	argc -= optind;
	argv += optind;
	cli_formula_operand(&o.src, &argc, &argv, 1);
	j.plan = cli_compile(&o.src, o.edge ? PE_PLAN_EDGE : 0, 1);
	if (o.explain) {
		n = pe_plan_explain(j.plan, NULL, 0) + 1;
		text = xrealloc(NULL, n, 1);
		pe_plan_explain(j.plan, text, n);
		fputs(text, stdout);
		free(text);
	} else {
		if ((j.vec = pe_plan_vec_new(j.plan, &err)) == NULL ||
		    (j.sig = pe_signal_new(j.plan, &err)) == NULL)
			die(3, &err);
		pe_signal_digits(j.sig, o.digits);
		j.root = xrealloc(NULL, j.plan->nformulas, sizeof *j.root);
		for (i = 0; i < argc || i == 0; i++)
			eval_file(&j, argc ? argv[i] : "-", &o);
	}
	free(j.root);
	free(j.line.p);
	pe_signal_free(j.sig);
	pe_plan_vec_free(j.vec);
	pe_plan_free(j.plan);
	cli_formulas_free(&o.src);
	if (ferror(stdout) || fclose(stdout) != 0)
		dief(3, "write error on standard output: %s", strerror(errno));
	return o.explain || j.matched ? 0 : 1;
}
