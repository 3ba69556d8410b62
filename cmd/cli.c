/*
 * cli.c: see cli.h.
 *
 * Bloat: no option table of its own (each main keeps its getopt_long
 * loop, so that usage() and the man page stay side by side with it), no
 * localisation, no colour.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* ---- messages ---- */

void
usage(int status)
{
	fputs(usage_text, status ? stderr : stdout);
	exit(status);
}

void
cli_version(void)
{
	printf("%s %s\n", prog, PE_VERSION);
	exit(0);
}

void
die(int status, const struct pe_error *err)
{
	char buf[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 32];

	fprintf(stderr, "%s: %s\n", prog, pe_error_format(err, buf,
	    sizeof buf));
	exit(status);
}

static void vwarn(const char *, va_list) CLI_FMT(1, 0);

static void
vwarn(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
dief(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(status);
}

void
warnf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

static void
on_signal(int sig)
{
	pe_atomic_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

void
cli_atomic_signals(void)
{
	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
}

void *
xrealloc(void *p, size_t n, size_t size)
{
	if (n != 0 && size > (size_t)-1 / n)
		dief(3, "out of memory");
	if ((p = realloc(p, n ? n * size : 1)) == NULL)
		dief(3, "out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n ? n : 1, size ? size : 1)) == NULL)
		dief(3, "out of memory");
	return p;
}

static char *
xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		dief(3, "out of memory");
	return p;
}

/* ---- option values ---- */

long
cli_number(const char *opt, const char *arg, long lo, long hi,
    const char *expect)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end != '\0' || errno != 0 ||
	    n < lo || n > hi) {
		if (expect != NULL)
			dief(2, "invalid %s '%s' (expected %s)", opt, arg,
			    expect);
		dief(2, "invalid %s '%s' (expected %ld to %ld)", opt, arg, lo,
		    hi);
	}
	return n;
}

double
cli_seconds(const char *opt, const char *arg)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end != '\0' || !(v > 0) || v > 1e6)
		dief(2, "invalid %s '%s' (expected a positive number of "
		    "seconds)", opt, arg);
	return v;
}

int
cli_word(const char *opt, const char *arg, const char *const *words,
    const char *expect)
{
	int i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(arg, words[i]) == 0)
			return i;
	dief(2, "invalid %s '%s' (expected %s)", opt, arg, expect);
}

int64_t
cli_date(const char *opt, const char *arg, int end_of_day)
{
	struct pe_time_info info;
	const char *why;
	int64_t ms;

	if (pe_time_parse(arg, strlen(arg), &ms, &info, &why) != 0)
		dief(2, "invalid %s '%s' (%s)", opt, arg, why);
	if (end_of_day && !info.has_tod)
		ms += PE_MS_PER_DAY - 1;
	return ms;
}

const char *
cli_symbol(const char *arg)
{
	const char *why;

	if (pe_symbol_valid(arg, strlen(arg), &why) != 0)
		dief(2, "invalid --symbol: %s", why);
	return arg;
}

enum pe_format
cli_format(const char *arg)
{
	enum pe_format fmt;

	if (pe_format_parse(arg, &fmt) != 0)
		dief(2, "invalid format '%s' (expected csv or jsonl)", arg);
	return fmt;
}

int64_t
cli_timeframe(const char *arg)
{
	int64_t tf;

	if ((tf = pe_timeframe_parse(arg)) < 0)
		dief(2, "invalid timeframe '%s' (expected one of "
		    PE_TIMEFRAMES ")", arg);
	return tf;
}

int
cli_digits(const char *arg)
{
	return (int)cli_number("--digits", arg, 0, PE_NUM_DIGITS_MAX, NULL);
}

/* ---- formulas ---- */

void
cli_formula_add(struct cli_formulas *f, const char *text, int is_file,
    enum pe_prole role)
{
	f->v = xrealloc(f->v, f->n + 1, sizeof *f->v);
	f->v[f->n++] = (struct pe_plan_arg){ text, is_file, role };
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
	f->v[0] = (struct pe_plan_arg){ (*argv)[0], 0, PE_PR_SIGNAL };
	(*argc)--;
	(*argv)++;
}

struct pe_plan *
cli_compile(const struct cli_formulas *f, unsigned flags, int fatal)
{
	struct pe_plan *plan;
	struct pe_error err;
	char **diag;
	size_t i;
	int rc;

	rc = pe_plan_build(f->v, f->n, flags, &plan, &diag, &err);
	for (i = 0; diag != NULL && diag[i] != NULL; i++)
		warnf("%s", diag[i]);
	pe_plan_diags_free(diag);
	if (rc == PE_OK)
		return plan;
	/* PE_ERR_USAGE: the diagnostics said it */
	if (fatal && rc != PE_ERR_USAGE)
		die(rc == PE_ERR_NOMEM ? 3 : 2, &err);
	if (fatal)
		exit(2);
	if (rc != PE_ERR_USAGE)
		warnf("%s", pe_error_format(&err, (char[PE_ERRMSG_MAX +
		    PE_ERRPATH_MAX + 32]){ 0 }, PE_ERRMSG_MAX + PE_ERRPATH_MAX +
		    32));
	return NULL;
}

void
cli_formulas_free(struct cli_formulas *f)
{
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

/* ---- operands ---- */

static void
add_path(struct cli_paths *p, char *path)
{
	if ((p->n & (p->n - 1)) == 0)
		p->v = xrealloc(p->v, p->n ? 2 * p->n : 1, sizeof *p->v);
	p->v[p->n++] = path;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_csv_name(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len >= 5 &&
	    strcmp(name + len - 4, ".csv") == 0;
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
		if (!is_csv_name(e->d_name))
			continue;
		len = strlen(dir) + strlen(e->d_name) + 2;
		path = xrealloc(NULL, len, 1);
		snprintf(path, len, "%s%s%s", dir, sep, e->d_name);
		add_path(p, path);
	}
	closedir(d);
	if (p->n > first)
		qsort(p->v + first, p->n - first, sizeof *p->v, cmp_str);
}

void
cli_paths_add(struct cli_paths *p, const char *operand)
{
	struct stat st;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

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

	for (i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
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

struct pe_set *
load_file(const char *path, struct pe_read_opts ro, int skip_bad, int *has)
{
	struct pe_set *set;
	struct pe_error err;
	char sym[256];
	size_t bad[PE_BAD_NKINDS] = { 0 };
	int rc;

	if ((set = pe_set_new()) == NULL)
		dief(3, "out of memory");
	if (ro.symbol == NULL)
		ro.symbol = pe_load_symbol_of(path, sym, sizeof sym);
	ro.sorted = 1;
	rc = pe_load_path(path, &ro, set, skip_bad, bad, has, &err);
	if (rc != PE_OK)
		die(rc == PE_ERR_IO && err.line == 0 ? 2 : 3, &err);
	report_skipped(strcmp(path, "-") == 0 ? "stdin" : path, bad);
	return set;
}
