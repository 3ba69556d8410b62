/*
 * cli.c: messages, allocations that cannot fail, the checks of option
 * values.  See cli.h.
 *
 * Bloat: no option table of its own (each main keeps its getopt_long
 * loop, so that usage() and the man page stay side by side with it), no
 * localisation, no colour.
 */
#include <errno.h>
#include <getopt.h>
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
	if (status != 0) {
		fputs(usage_text, stderr);
		exit(status);
	}
	printf("%s\n%s", usage_text, help_text);
	exit(0);
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

int cli_quiet;

void
notef(const char *fmt, ...)
{
	va_list ap;

	if (cli_quiet)
		return;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

int
cli_close_stdout(void)
{
	if (ferror(stdout) || fclose(stdout) != 0)
		dief(3, "write error on standard output: %s", strerror(errno));
	return 0;
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

char *
xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		dief(3, "out of memory");
	return p;
}

/* ---- option values ---- */

const char *
cli_ref_dir(const char *dir)
{
	struct stat st;

	if (pe_db_name(dir, 0) != NULL)
		return dir;	/* a database: sym("SPY", x) takes its SPY */
	if (stat(dir, &st) != 0)
		dief(2, "--ref %s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		dief(2, "--ref %s: not a directory or a database", dir);
	return dir;
}

void
cli_refs_init(struct cli_refs *r, const char *dir)
{
	if ((r->refs = pe_refs_new(dir)) == NULL)
		dief(3, "out of memory");
	r->pr.get = pe_refs_get;
	r->pr.ctx = r->refs;
}

void
cli_refs_base(struct cli_refs *r, const char *path)
{
	pe_refs_base(r->refs, strcmp(path, "-") == 0 ? NULL : path);
}

void
cli_refs_free(struct cli_refs *r)
{
	pe_refs_free(r->refs);
	r->refs = NULL;
}

void
cli_tz(const char *zone)
{
	if (pe_tz_set(zone) != 0)
		dief(2, "unknown time zone '%s'", zone);
}

void
cli_tz_first(int argc, char **argv, const char *opts,
    const struct option *longopts)
{
	/* a copy: getopt moves operands after the options it has seen, and
	 * the real pass must see them where they were ("a.csv -d") */
	char **v = xcalloc((size_t)argc + 1, sizeof *v);
	int c, saved = opterr;

	memcpy(v, argv, (size_t)argc * sizeof *v);
	opterr = 0;	/* the real pass says what is wrong */
	while ((c = getopt_long(argc, v, opts, longopts, NULL)) != -1)
		if (c == CLI_O_TZ)
			cli_tz(optarg);
	opterr = saved;
	optind = 0;	/* glibc: start the next getopt afresh */
	free(v);
}

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
	size_t len = strlen(arg);
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end != '\0' || !(v >= 0.001 && v <= 1e6))
		dief(2, "invalid %s '%.*s%s' (expected 0.001 to 1000000 "
		    "seconds)", opt, len > 40 ? 37 : (int)len, arg,
		    len > 40 ? "..." : "");
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
	if (info.has_tod && !info.has_offset && pe_tz_name() != NULL)
		ms = pe_tz_to_utc(ms);	/* a time on the --tz clock */
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

const char *
cli_text(const char *opt, const char *arg)
{
	char shown[1024];

	if (!pe_utf8_valid(arg, strlen(arg)))
		dief(2, "invalid %s '%s': not valid UTF-8", opt,
		    pe_utf8_shown(arg, shown, sizeof shown));
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

int
cli_digits(const char *arg)
{
	return (int)cli_number("--digits", arg, 0, PE_NUM_DIGITS_MAX, NULL);
}

int64_t
cli_timeframe(const char *arg)
{
	int64_t tf;

	if ((tf = pe_timeframe_parse(arg)) == 0)
		dief(2, "invalid timeframe '%s' (expected one of "
		    PE_TIMEFRAMES ")", arg);
	return tf;
}

void
cli_session(const char *arg, struct pe_session *s)
{
	const char *why;

	if (pe_session_parse(arg, s, &why) != 0)
		dief(2, "invalid --session '%s' (%s)", arg, why);
}
