/*
 * vocab.c: the options that mean the same in every tool that has them
 * (README's table): --symbol, the window of bars written (--since,
 * --until, --tail, --last), -o for a tool that writes one file.  See
 * cli.h.
 *
 * Bloat: no globbing or other expansion of the values.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* ---- --symbol ---- */

/* The --symbol names of the run, for a database's reader. */
static const struct cli_symbols *given;

const struct cli_symbols *
cli_symbols_given(void)
{
	return given != NULL && given->n > 0 ? given : NULL;
}

void
cli_symbol_add(struct cli_symbols *s, const char *arg)
{
	given = s;
	s->v = xrealloc(s->v, s->n + 1, sizeof *s->v);
	s->seen = xrealloc(s->seen, s->n + 1, sizeof *s->seen);
	s->seen[s->n] = 0;
	s->v[s->n++] = cli_symbol(arg);
}

int
cli_symbol_keep(struct cli_symbols *s, const char *symbol)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], symbol) == 0) {
			s->seen[i] = 1;
			return 1;
		}
	return s->n == 0;
}

void
cli_symbols_end(struct cli_symbols *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!s->seen[i])
			notef("--symbol %s: not in the input", s->v[i]);
	free(s->v);
	free(s->seen);
	s->v = NULL;
	s->seen = NULL;
	s->n = 0;
}

const char *
cli_symbol_name(const struct cli_symbols *s)
{
	return s->n == 1 ? s->v[0] : NULL;
}

/* ---- the window of bars ---- */

void
cli_window_range(const struct cli_window *w, const struct pe_series *s,
    size_t *lo, size_t *hi)
{
	*lo = w->since == INT64_MIN ? 0 : pe_series_lower_bound(s, w->since);
	*hi = w->until == INT64_MAX ? s->n :
	    pe_series_lower_bound(s, w->until + 1);
	if (*hi < *lo)
		*hi = *lo;
	if (w->tail >= 0 && *hi - *lo > (size_t)w->tail)
		*lo = *hi - (size_t)w->tail;
}

void
cli_window_check(const struct cli_window *w)
{
	if (w->since > w->until)
		dief(2, "--since is later than --until");
}

/* ---- -o FILE ---- */

void
cli_output_open(struct cli_output *o, const char *path)
{
	struct pe_error err;
	FILE *fp;

	o->a = NULL;
	if (path == NULL || strcmp(path, "-") == 0)
		return;
	fflush(stdout);
	if ((o->a = pe_atomic_open_path(path, &fp, &err)) == NULL)
		die(3, &err);	/* an output that cannot be written */
	if (dup2(fileno(fp), STDOUT_FILENO) < 0)
		dief(3, "%s: cannot write: %s", path, strerror(errno));
}

void
cli_output_check(const char *path, const char *const *in, size_t n)
{
	struct stat out, st;
	size_t i;

	if (path == NULL || strcmp(path, "-") == 0 || stat(path, &out) != 0)
		return;
	for (i = 0; i < n; i++)
		if (in[i] != NULL && strcmp(in[i], "-") != 0 &&
		    stat(in[i], &st) == 0 && st.st_dev == out.st_dev &&
		    st.st_ino == out.st_ino)
			dief(2, "-o %s is also an input (%s): the output would "
			    "replace it", path, in[i]);
}

void
cli_output_commit(struct cli_output *o)
{
	struct pe_error err;

	if (o->a == NULL)
		return;
	if (fflush(stdout) != 0 || ferror(stdout))
		dief(3, "write error: %s", strerror(errno));
	if (pe_atomic_commit(o->a, &err) != PE_OK)
		die(3, &err);
	o->a = NULL;
}

void
cli_output_abort(struct cli_output *o)
{
	pe_atomic_abort(o->a);
	o->a = NULL;
}
