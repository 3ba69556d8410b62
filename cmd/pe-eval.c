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

/* A formula source as given: an expression (-e, the operand, --values)
 * or a formula file (-f). */
struct src {
	const char *arg;
	int is_file;
	enum pe_prole role;
};

struct opts {
	struct pe_read_opts read;
	enum pe_format fmt;
	int last, edge, explain, quiet, skip_bad, nsrc;
	struct src *src;
};

/* A value key: its node and how it is written in each format. */
struct key {
	int node;
	char *json;		/* "\"text\":" */
	char *csv;		/* the header cell */
};

/* A growing line of output. */
struct buf {
	char *p;
	size_t len, cap;
};

struct job {
	struct pe_plan *plan;
	struct pe_plan_vec *vec;
	struct key *col;	/* CSV columns: every key of every formula */
	size_t ncol;
	int **fkeys;		/* per formula: its keys (indices into col), -1 ends */
	char **fjson, **fcsv;	/* per formula: "formula" as JSON and CSV */
	const double **root;	/* per formula: its column in this series */
	struct buf line;
	int matched, header_done;
};

static const char *prog = "pe-eval";

static void usage(int) __attribute__((noreturn));
static void die(int, const struct pe_error *) __attribute__((noreturn));
static void dief(int, const char *, const char *) __attribute__((noreturn));

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: pe-eval [-q] [--all | --last] [--edge] [--explain] "
	    "[--format csv|jsonl]\n"
	    "               [--skip-bad] [--symbol NAME] [--values EXPR] ...\n"
	    "               [-e EXPR] ... [-f FORMULAS] ... [EXPR] "
	    "[FILE ...]\n");
	exit(status);
}

static void
die(int status, const struct pe_error *err)
{
	char buf[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 32];

	fprintf(stderr, "%s: %s\n", prog,
	    pe_error_format(err, buf, sizeof buf));
	exit(status);
}

static void
dief(int status, const char *fmt, const char *arg)
{
	struct pe_error err;

	pe_error_set(&err, PE_ERR_USAGE, NULL, 0, 0, fmt, arg);
	die(status, &err);
}

static void *
xrealloc(void *p, size_t n, size_t size)
{
	if (n != 0 && size > (size_t)-1 / n)
		dief(3, "%s", "out of memory");
	if ((p = realloc(p, n ? n * size : 1)) == NULL)
		dief(3, "%s", "out of memory");
	return p;
}

/* ---- output text ---- */

static void
buf_put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap, 1);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

/* s as a JSON string: quotes, backslashes and control bytes escaped. */
static void
buf_json(struct buf *b, const char *s)
{
	char u[8];

	buf_put(b, "\"", 1);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\') {
			buf_put(b, "\\", 1);
			buf_put(b, s, 1);
		} else if (*s == '\n')
			buf_put(b, "\\n", 2);
		else if (*s == '\t')
			buf_put(b, "\\t", 2);
		else if (*s == '\r')
			buf_put(b, "\\r", 2);
		else if ((unsigned char)*s < 0x20) {
			snprintf(u, sizeof u, "\\u%04x", (unsigned char)*s);
			buf_puts(b, u);
		} else
			buf_put(b, s, 1);
	}
	buf_put(b, "\"", 1);
}

/* s as a CSV field (RFC 4180: quoted when it holds , " CR or LF). */
static void
buf_csv(struct buf *b, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_put(b, "\"", 1);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_put(b, "\"", 1);
		buf_put(b, s, 1);
	}
	buf_put(b, "\"", 1);
}

/* A number: shortest form; NaN an empty CSV cell, not finite JSON null. */
static void
buf_num(struct buf *b, double v, int json)
{
	char t[PE_NUM_BUFSZ];

	if (json && !isfinite(v))
		buf_put(b, "null", 4);
	else
		buf_put(b, t, pe_num_format(v, t));
}

static char *
text_of(void (*enc)(struct buf *, const char *), const char *s,
    const char *tail)
{
	struct buf b = { 0 };

	enc(&b, s);
	buf_puts(&b, tail);
	return b.p;
}

/* ---- options and formulas ---- */

static void
parse_args(int argc, char **argv, struct opts *o)
{
	enum { O_ALL = 256, O_LAST, O_EDGE, O_EXPLAIN, O_FORMAT, O_SKIP,
	    O_SYMBOL, O_VALUES, O_VERSION };
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
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	struct src *s;
	const char *why;
	int c;

	o->src = xrealloc(NULL, (size_t)argc + 1, sizeof *o->src);
	while ((c = getopt_long(argc, argv, "e:f:qh", longopts, NULL)) != -1) {
		s = &o->src[o->nsrc];
		switch (c) {
		case 'e': case 'f': case O_VALUES:
			s->arg = optarg;
			s->is_file = c == 'f';
			s->role = c == O_VALUES ? PE_PR_VALUE : PE_PR_SIGNAL;
			o->nsrc++;
			break;
		case 'q': o->quiet = 1; break;
		case O_ALL: o->last = 0; break;
		case O_LAST: o->last = 1; break;
		case O_EDGE: o->edge = 1; break;
		case O_EXPLAIN: o->explain = 1; break;
		case O_FORMAT:
			if (pe_format_parse(optarg, &o->fmt) != 0)
				dief(2, "invalid format '%s' (expected csv or "
				    "jsonl)", optarg);
			break;
		case O_SKIP: o->skip_bad = 1; break;
		case O_SYMBOL:
			if (pe_symbol_valid(optarg, strlen(optarg), &why) != 0)
				dief(2, "invalid --symbol: %s", why);
			o->read.symbol = optarg;
			break;
		case 'h': usage(0); break;
		case O_VERSION:
			printf("pe-eval %s\n", PE_VERSION);
			exit(0);
		default: usage(2);
		}
	}
}

/* The whole of a formula file ("-": stdin) into *len bytes. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *p = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (fp == NULL)
		goto fail;
	do {
		if (*len == cap)
			p = xrealloc(p, cap = cap ? 2 * cap : 4096, 1);
		n = fread(p + *len, 1, cap - *len, fp);
		*len += n;
	} while (n > 0);
	if (!ferror(fp)) {
		if (fp != stdin)
			fclose(fp);
		return p;
	}
fail:
	fprintf(stderr, "%s: %s: %s\n", prog, strcmp(path, "-") == 0 ?
	    "stdin" : path, strerror(errno));
	exit(2);
}

/* Every diagnostic of f, "pe-eval: " before its first line. */
static void
show_diags(const struct pe_formula *f)
{
	size_t i, n;
	char *t;

	for (i = 0; i < f->ndiag; i++) {
		n = pe_formula_render(f, &f->diag[i], NULL, 0) + 1;
		t = xrealloc(NULL, n, 1);
		pe_formula_render(f, &f->diag[i], t, n);
		fprintf(stderr, "%s: %s\n", prog, t);
		free(t);
	}
}

/* Parse and compile every source into one plan; exit 2 showing every
 * diagnostic when one is bad. */
static struct pe_plan *
compile(const struct opts *o)
{
	struct pe_plan_src *ps = xrealloc(NULL, (size_t)o->nsrc, sizeof *ps);
	struct pe_plan *plan = NULL;
	struct pe_error err;
	const struct src *s;
	char *text;
	size_t len;
	int i, rc, bad = 0;

	for (i = 0; i < o->nsrc; i++) {
		s = &o->src[i];
		ps[i].role = s->role;
		if (s->is_file) {
			text = slurp(s->arg, &len);
			rc = pe_formula_parse_file(text, len, strcmp(s->arg,
			    "-") == 0 ? "stdin" : s->arg, &ps[i].f, &err);
			free(text);
		} else
			rc = pe_formula_parse_expr(s->arg, strlen(s->arg),
			    s->role == PE_PR_VALUE ? "values" : NULL,
			    &ps[i].f, &err);
		if (rc == PE_ERR_NOMEM)
			die(3, &err);
		bad |= rc != PE_OK;
	}
	if (!bad && (rc = pe_plan_compile(ps, (size_t)o->nsrc,
	    o->edge ? PE_PLAN_EDGE : 0, &plan, &err)) == PE_ERR_NOMEM)
		die(3, &err);
	for (i = 0; i < o->nsrc; i++) {
		if (plan == NULL)
			show_diags(ps[i].f);
		pe_formula_free(ps[i].f);
	}
	free(ps);
	if (plan == NULL)
		exit(2);
	return plan;
}

/* The column of node, adding it when it is new; text its key. */
static int
add_col(struct job *j, int node, const char *text)
{
	size_t i;

	for (i = 0; i < j->ncol; i++)
		if (strcmp(j->col[i].csv, text) == 0)
			return (int)i;
	j->col = xrealloc(j->col, j->ncol + 1, sizeof *j->col);
	j->col[j->ncol].node = node;
	j->col[j->ncol].json = text_of(buf_json, text, ":");
	j->col[j->ncol].csv = xrealloc(NULL, strlen(text) + 1, 1);
	strcpy(j->col[j->ncol].csv, text);
	return (int)j->ncol++;
}

/* The keys: each formula's indicators, then the --values; a text names
 * one column, and shows once in a formula's "values". */
static void
setup_job(struct job *j)
{
	const struct pe_plan *p = j->plan;
	const struct pe_plan_formula *f;
	size_t i, k, m, nk;
	int c;

	j->fkeys = xrealloc(NULL, p->nformulas, sizeof *j->fkeys);
	j->fjson = xrealloc(NULL, p->nformulas, sizeof *j->fjson);
	j->fcsv = xrealloc(NULL, p->nformulas, sizeof *j->fcsv);
	j->root = xrealloc(NULL, p->nformulas, sizeof *j->root);
	for (i = 0; i < p->nformulas; i++) {
		f = &p->formula[i];
		j->fjson[i] = text_of(buf_json, f->name ? f->name : f->src, "");
		j->fcsv[i] = text_of(buf_csv, f->name ? f->name : f->src, "");
		j->fkeys[i] = xrealloc(NULL, f->nind + p->nformulas + 1,
		    sizeof **j->fkeys);
		j->fkeys[i][0] = -1;
		if (f->role != PE_PR_SIGNAL)
			continue;
		for (k = 0; k < f->nind; k++)
			j->fkeys[i][k] = add_col(j, f->ind[k],
			    p->node[f->ind[k]].text);
	}
	for (i = 0; i < p->nformulas; i++) {
		if (p->formula[i].role != PE_PR_SIGNAL)
			continue;
		nk = p->formula[i].nind;
		for (k = 0; k < p->nformulas; k++) {
			if (p->formula[k].role != PE_PR_VALUE)
				continue;
			c = add_col(j, p->formula[k].root, p->formula[k].src);
			for (m = 0; m < nk && j->fkeys[i][m] != c; m++)
				;
			if (m == nk)
				j->fkeys[i][nk++] = c;
		}
		j->fkeys[i][nk] = -1;
	}
}

static void
free_job(struct job *j)
{
	size_t i;

	for (i = 0; i < j->ncol; i++) {
		free(j->col[i].json);
		free(j->col[i].csv);
	}
	for (i = 0; j->fkeys != NULL && i < j->plan->nformulas; i++) {
		free(j->fkeys[i]);
		free(j->fjson[i]);
		free(j->fcsv[i]);
	}
	free(j->col);
	free(j->fkeys);
	free(j->fjson);
	free(j->fcsv);
	free(j->root);
	free(j->line.p);
	pe_plan_vec_free(j->vec);
	pe_plan_free(j->plan);
}

/* ---- evaluation and output ---- */

static void
put_header(struct job *j)
{
	size_t i;

	j->line.len = 0;
	buf_puts(&j->line, "symbol,time,formula,type,open,high,low,close,"
	    "volume");
	for (i = 0; i < j->ncol; i++) {
		buf_put(&j->line, ",", 1);
		buf_csv(&j->line, j->col[i].csv);
	}
	buf_put(&j->line, "\n", 1);
	fwrite(j->line.p, 1, j->line.len, stdout);
	j->header_done = 1;
}

/* One match: formula fi at bar i of s. */
static void
put_match(struct job *j, const struct pe_series *s, const char *sym,
    size_t i, size_t fi, int json)
{
	static const char *const ckey[] = { "{\"open\":", ",\"high\":",
	    ",\"low\":", ",\"close\":", ",\"volume\":" };
	const double *cand[5] = { s->open, s->high, s->low, s->close,
	    s->volume };
	const int *k;
	struct buf *b = &j->line;
	char t[PE_TIME_BUFSZ];
	int c, sep = 0;
	size_t ci, cj;

	b->len = 0;
	buf_puts(b, json ? "{\"symbol\":" : "");
	buf_puts(b, sym);
	buf_puts(b, json ? ",\"time\":\"" : ",");
	buf_put(b, t, pe_time_format(s->time[i], s->date_only, t));
	buf_puts(b, json ? "\",\"formula\":" : ",");
	buf_puts(b, json ? j->fjson[fi] : j->fcsv[fi]);
	buf_puts(b, json ? ",\"type\":\"" : ",");
	buf_puts(b, pe_ftype_name(j->plan->formula[fi].type));
	buf_puts(b, json ? "\",\"candle\":" : "");
	for (c = 0; c < 5; c++) {
		buf_puts(b, json ? ckey[c] : ",");
		buf_num(b, cand[c][i], json);
	}
	if (json) {
		buf_puts(b, "},\"values\":{");
		for (k = j->fkeys[fi]; *k >= 0; k++) {
			buf_puts(b, sep++ ? "," : "");
			buf_puts(b, j->col[*k].json);
			buf_num(b, pe_plan_col(j->vec, j->col[*k].node)[i], 1);
		}
		buf_puts(b, "}}");
	} else
		for (ci = 0; ci < j->ncol; ci++) {
			buf_put(b, ",", 1);
			cj = (size_t)j->col[ci].node;
			buf_num(b, pe_plan_col(j->vec, (int)cj)[i], 0);
		}
	buf_put(b, "\n", 1);
	fwrite(b->p, 1, b->len, stdout);
}

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
		fprintf(stderr, "%s: %s: %s%s%s\n", prog, path,
		    named ? s->symbol : "", named ? ": " : "", err.msg);
		exit(3);
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
			if (!json && !j->header_done)
				put_header(j);
			put_match(j, s, sym, i, fi, json);
		}
}

/* "pe-eval: a.csv: skipped 3 bad rows (2 bad time, 1 bad number)". */
static void
report_skipped(const char *path, const size_t *bad)
{
	char text[256];

	if (pe_bad_summary(bad, text, sizeof text) > 0)
		fprintf(stderr, "%s: %s: skipped %s\n", prog, path, text);
}

static void
eval_file(struct job *j, const char *path, const struct opts *o)
{
	struct pe_read_opts ro = o->read;
	struct pe_set *set;
	struct pe_error err;
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	char sym[256];
	size_t bad[PE_BAD_NKINDS] = { 0 }, i;
	int rc, has;

	if ((set = pe_set_new()) == NULL)
		dief(3, "%s", "out of memory");
	if (ro.symbol == NULL)
		ro.symbol = pe_load_symbol_of(path, sym, sizeof sym);
	ro.sorted = 1;
	rc = pe_load_path(path, &ro, set, o->skip_bad, bad, &has, &err);
	if (rc != PE_OK)
		die(rc == PE_ERR_IO && err.line == 0 ? 2 : 3, &err);
	report_skipped(name, bad);
	for (i = 0; i < set->n; i++)
		eval_series(j, set->v[i], name, has, o);
	pe_set_free(set);
}

int
main(int argc, char **argv)
{
	static char obuf[1 << 16];
	struct opts o = { .fmt = PE_FMT_JSONL };
	struct job j = { 0 };
	struct pe_error err;
	char *text;
	size_t n;
	int i, sig = 0;

	signal(SIGPIPE, SIG_DFL);	/* "| head" ends us quietly */
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	parse_args(argc, argv, &o);
	argc -= optind;
	argv += optind;
	for (i = 0; i < o.nsrc; i++)
		sig |= o.src[i].role == PE_PR_SIGNAL;
	if (!sig && argc == 0) {
		fprintf(stderr, "%s: no formula given\n", prog);
		usage(2);
	}
	if (!sig) {	/* like grep: the first operand is the formula */
		memmove(o.src + 1, o.src, (size_t)o.nsrc * sizeof *o.src);
		o.src[0] = (struct src){ argv[0], 0, PE_PR_SIGNAL };
		o.nsrc++;
		argc--;
		argv++;
	}
	j.plan = compile(&o);
	if (o.explain) {
		n = pe_plan_explain(j.plan, NULL, 0) + 1;
		text = xrealloc(NULL, n, 1);
		pe_plan_explain(j.plan, text, n);
		fputs(text, stdout);
		free(text);
	} else {
		if ((j.vec = pe_plan_vec_new(j.plan, &err)) == NULL)
			die(3, &err);
		setup_job(&j);
		for (i = 0; i < argc || i == 0; i++)
			eval_file(&j, argc ? argv[i] : "-", &o);
	}
	free_job(&j);
	free(o.src);
	if (ferror(stdout) || fclose(stdout) != 0)
		dief(3, "write error on standard output: %s", strerror(errno));
	return o.explain || j.matched ? 0 : 1;
}
