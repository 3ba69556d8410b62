/*
 * cli.c: see cli.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pe_candle.h"
#include "pe_load.h"

void
die(int status, const struct pe_error *err)
{
	char buf[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 32];

	fprintf(stderr, "%s: %s\n", prog, pe_error_format(err, buf,
	    sizeof buf));
	exit(status);
}

void
dief(int status, const char *fmt, const char *arg)
{
	struct pe_error err;

	pe_error_set(&err, PE_ERR_USAGE, NULL, 0, 0, fmt, arg);
	die(status, &err);
}

void *
xrealloc(void *p, size_t n, size_t size)
{
	if (n != 0 && size > (size_t)-1 / n)
		dief(3, "%s", "out of memory");
	if ((p = realloc(p, n ? n * size : 1)) == NULL)
		dief(3, "%s", "out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n ? n : 1, size ? size : 1)) == NULL)
		dief(3, "%s", "out of memory");
	return p;
}

void
report_skipped(const char *path, const size_t *bad)
{
	char text[256];

	if (pe_bad_summary(bad, text, sizeof text) > 0)
		fprintf(stderr, "%s: %s: skipped %s\n", prog, path, text);
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
		dief(3, "%s", "out of memory");
	if (ro.symbol == NULL)
		ro.symbol = pe_load_symbol_of(path, sym, sizeof sym);
	ro.sorted = 1;
	rc = pe_load_path(path, &ro, set, skip_bad, bad, has, &err);
	if (rc != PE_OK)
		die(rc == PE_ERR_IO && err.line == 0 ? 2 : 3, &err);
	report_skipped(strcmp(path, "-") == 0 ? "stdin" : path, bad);
	return set;
}
