/*
 * inputs.c: what a command reads: the formulas of -e, -f and the first
 * operand, the operand list of files and directories, a candle file
 * loaded whole.  See cli.h.
 *
 * Bloat: no recursion into directories, no globbing.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* ---- formulas ---- */

void
cli_formula_add(struct cli_formulas *f, const char *text, int is_file,
    enum pe_prole role)
{
	f->v = xrealloc(f->v, f->n + 1, sizeof *f->v);
	f->v[f->n++] = (struct pe_plan_arg){ text, is_file, role, NULL };
}

void
cli_formula_operand(struct cli_formulas *f, int *argc, char ***argv,
    int show_usage)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->v[i].role == PE_PR_SIGNAL)
			return;
	if (*argc == 0) {
		warnf("no formula given");
		if (show_usage)
			usage(2);
		exit(2);
	}
	cli_formula_add(f, (*argv)[0], 0, PE_PR_SIGNAL);
	memmove(f->v + 1, f->v, (f->n - 1) * sizeof *f->v);
	f->v[0] = (struct pe_plan_arg){ (*argv)[0], 0, PE_PR_SIGNAL, NULL };
	(*argc)--;
	(*argv)++;
}

/* What a build returned (rc, err), with its diagnostics shown: the plan,
 * or an exit, or NULL (not fatal) as cli_compile says. */
static struct pe_plan *
built(int rc, struct pe_plan *plan, char **diag, const struct pe_error *err,
    int fatal)
{
	size_t i;

	for (i = 0; diag != NULL && diag[i] != NULL; i++)
		warnf("%s", diag[i]);
	pe_plan_diags_free(diag);
	if (rc == PE_OK)
		return plan;
	/* PE_ERR_USAGE: the diagnostics said it */
	if (fatal && rc != PE_ERR_USAGE)
		die(rc == PE_ERR_NOMEM ? 3 : 2, err);
	if (fatal)
		exit(2);
	if (rc != PE_ERR_USAGE)
		warnf("%s", pe_error_format(err, (char[PE_ERRMSG_MAX +
		    PE_ERRPATH_MAX + 32]){ 0 }, PE_ERRMSG_MAX + PE_ERRPATH_MAX +
		    32));
	return NULL;
}

struct pe_plan *
cli_compile(const struct cli_formulas *f, unsigned flags, int fatal)
{
	struct pe_plan *plan;
	struct pe_error err;
	char **diag;
	int rc;

	rc = pe_plan_build(f->v, f->n, flags, &plan, &diag, &err);
	return built(rc, plan, diag, &err, fatal);
}

struct pe_plan *
cli_compile_columns(const struct cli_formulas *f, unsigned flags,
    const struct pe_column_taken *taken, size_t ntaken)
{
	struct pe_plan *plan;
	struct pe_error err;
	char **diag;
	int rc;

	rc = pe_columns_build(f->v, f->n, flags, taken, ntaken, &plan, &diag,
	    &err);
	return built(rc, plan, diag, &err, 1);
}

/* Whether text reads as a formula rather than a file name: it parses,
 * and holds an operator, a call or a blank a path seldom has. */
static int
looks_like_formula(const char *text)
{
	struct pe_formula *f = NULL;
	int rc;

	if (strpbrk(text, " ()<>=!+*") == NULL)
		return 0;
	rc = pe_formula_parse_expr(text, strlen(text), "formula", &f, NULL);
	pe_formula_free(f);
	return rc == PE_OK;
}

void
cli_inputs_check(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "-") != 0 && access(argv[i], F_OK) != 0 &&
		    looks_like_formula(argv[i]))
			dief(2, "'%s' is not a file: give several formulas with "
			    "-e, or in a file with -f", argv[i]);
}

void
cli_formulas_free(struct cli_formulas *f)
{
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

void
cli_rank_add(struct cli_formulas *f, const char *text)
{
	cli_formula_add(f, text, 0, PE_PR_VALUE);
	f->v[f->n - 1].name = "rank";
}

const struct pe_plan_formula *
cli_rank_formula(const struct pe_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->nformulas; i++)
		if (plan->formula[i].role == PE_PR_VALUE)
			return &plan->formula[i];
	return NULL;
}

/* ---- operands ---- */

static void
add_path(struct cli_paths *p, char *path)
{
	if ((p->n & (p->n - 1)) == 0)
		p->v = xrealloc(p->v, p->n ? 2 * p->n : 1, sizeof *p->v);
	if (p->sym != NULL && (p->n & (p->n - 1)) == 0)
		p->sym = xrealloc(p->sym, p->n ? 2 * p->n : 1, sizeof *p->sym);
	if (p->sym != NULL)
		p->sym[p->n] = NULL;
	p->v[p->n++] = path;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A candle file's name: NAME.csv or NAME.jsonl, not a dotfile. */
static int
is_candle_name(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && ((len >= 5 && strcmp(name + len - 4,
	    ".csv") == 0) || (len >= 7 && strcmp(name + len - 6,
	    ".jsonl") == 0));
}

static void
add_dir(struct cli_paths *p, const char *dir)
{
	const char *sep = dir[strlen(dir) - 1] == '/' ? "" : "/";
	struct dirent *e;
	size_t first = p->n, len;
	char *path;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		add_path(p, xstrdup(dir));
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (!is_candle_name(e->d_name))
			continue;
		len = strlen(dir) + strlen(e->d_name) + 2;
		path = xrealloc(NULL, len, 1);
		snprintf(path, len, "%s%s%s", dir, sep, e->d_name);
		add_path(p, path);
	}
	closedir(d);
	if (p->n > first)
		qsort(p->v + first, p->n - first, sizeof *p->v, cmp_str);
	else if (p->empty == NULL)
		p->empty = xstrdup(dir);
}

void
cli_paths_add(struct cli_paths *p, const char *operand)
{
	struct stat st;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (cli_db_paths_add(p, operand))
		return;
	if (strcmp(operand, "-") != 0) {
		if (stat(operand, &st) == 0 && S_ISDIR(st.st_mode))
			add_dir(p, operand);
		else
			add_path(p, xstrdup(operand));
		return;
	}
	while ((n = getline(&line, &cap, stdin)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n > 0)
			cli_paths_add(p, line);
	}
	free(line);
}

void
cli_paths_free(struct cli_paths *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i]);
		free(p->sym != NULL ? p->sym[i] : NULL);
	}
	free(p->v);
	free(p->sym);
	p->sym = NULL;
	free(p->empty);
	p->empty = NULL;
	p->v = NULL;
	p->n = 0;
}

/* ---- candles ---- */

void
report_skipped(const char *path, const size_t *bad)
{
	char text[256];

	if (pe_bad_summary(bad, text, sizeof text) > 0)
		warnf("%s: skipped %s", path, text);
}

void
cli_symbol_of_note(const char *path)
{
	char sym[PE_SYMBOL_MAX + 1], a[1024], b[1024];

	if (!pe_load_symbol_fixed(path))
		return;
	pe_load_symbol_of(path, sym, sizeof sym);
	notef("%s: the file name is not UTF-8: symbol '%s'",
	    pe_utf8_shown(path, a, sizeof a), pe_utf8_shown(sym, b, sizeof b));
}

struct pe_set *
load_file(const char *path, struct pe_read_opts ro, int skip_bad, int *has)
{
	struct pe_set *set;
	struct pe_error err;
	char sym[256];
	size_t bad[PE_BAD_NKINDS] = { 0 };
	int rc, named = ro.symbol == NULL;

	if (pe_db_name(path, 0) != NULL)
		return cli_db_load(path, ro.symbol, has);
	if ((set = pe_set_new()) == NULL)
		dief(3, "out of memory");
	if (named)
		ro.symbol = pe_load_symbol_of(path, sym, sizeof sym);
	ro.sorted = 1;
	rc = pe_load_path(path, &ro, set, skip_bad, bad, has, &err);
	if (rc != PE_OK)
		die(rc == PE_ERR_IO && err.line == 0 ? 2 : 3, &err);
	if (named && !*has)
		cli_symbol_of_note(path);
	report_skipped(strcmp(path, "-") == 0 ? "stdin" : path, bad);
	return set;
}
