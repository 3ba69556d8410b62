/*
 * casefile.h: the tests-as-data files of tests/formula/ (parse.test,
 * compile.test), shared by their drivers, and what both drivers need to
 * show a formula's diagnostics.  A case file holds cases
 *
 *	%% HEAD[: description]		HEAD one of the driver's heads
 *	input lines
 *	%% OKWORD			or %% error
 *	expected lines
 *
 * and anything before the first head is a comment.  casefile_run hands
 * each case to the driver's run function: the head's index, the input
 * without its last newline, whether OKWORD was given, and the expected
 * text without its leading and trailing blank lines.
 */
#ifndef CASEFILE_H
#define CASEFILE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "harness.h"
#include "pe_formula.h"

/* A growable string. */
struct str {
	char *s;
	size_t n, cap;
};

static void
str_add(struct str *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		if ((b->s = realloc(b->s, b->cap)) == NULL) {
			perror("realloc");
			exit(2);
		}
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* Everything f's diagnostics render to, one after another, then the line
 * pe_plan_build adds when there were too many. */
static char *
render_all(const struct pe_formula *f)
{
	struct str out = { NULL, 0, 0 };
	size_t i, len;
	char *buf;

	str_add(&out, "", 0);
	for (i = 0; i < f->ndiag; i++) {
		len = pe_formula_render(f, &f->diag[i], NULL, 0);
		if ((buf = malloc(len + 1)) == NULL)
			exit(2);
		pe_formula_render(f, &f->diag[i], buf, len + 1);
		if (i > 0)
			str_add(&out, "\n", 1);
		str_add(&out, buf, len);
		free(buf);
	}
	if (f->too_many) {
		len = (size_t)snprintf(NULL, 0, "\n%s: too many errors "
		    "(stopped after %d)", f->path, PE_FORMULA_MAX_DIAGS);
		if ((buf = malloc(len + 1)) == NULL)
			exit(2);
		snprintf(buf, len + 1, "\n%s: too many errors (stopped after "
		    "%d)", f->path, PE_FORMULA_MAX_DIAGS);
		str_add(&out, buf, len);
		free(buf);
	}
	return out.s;
}

typedef void (*case_fn)(long line, int head, const char *desc,
    const char *input, int want_ok, const char *want);

/* "%% HEAD" or "%% HEAD: desc" for one of heads: its index (and *desc),
 * else -1. */
static int
case_head(const char *s, const char *const *heads, size_t nheads,
    const char **desc)
{
	size_t i, n;

	for (i = 0; i < nheads; i++) {
		n = strlen(heads[i]);
		if (strncmp(s, "%% ", 3) == 0 &&
		    strncmp(s + 3, heads[i], n) == 0 &&
		    (s[3 + n] == ':' || s[3 + n] == '\0')) {
			s += 3 + n + (s[3 + n] == ':');
			while (*s == ' ')
				s++;
			*desc = s;
			return (int)i;
		}
	}
	return -1;
}

/* Run every case of path through fn; the number of cases. */
static long
casefile_run(const char *path, const char *const *heads, size_t nheads,
    const char *okword, case_fn fn)
{
	FILE *fp;
	char *line = NULL, desc[256] = "", ok[32];
	size_t cap = 0;
	ssize_t n;
	long lineno = 0, case_line = 0, cases = 0;
	int state = 0, head = 0, want_ok = 0, h;
	struct str in = { NULL, 0, 0 }, want = { NULL, 0, 0 };
	const char *d = "";

	if ((fp = fopen(path, "r")) == NULL) {
		CHECK(fp != NULL, "open %s", path);
		return 0;
	}
	snprintf(ok, sizeof ok, "%%%% %s", okword);
	/* state 0: before a case, 1: in the input, 2: in the expected text */
	for (;;) {
		n = getline(&line, &cap, fp);
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n >= 0)
			lineno++;
		h = n >= 0 ? case_head(line, heads, nheads, &d) : -1;
		if (n < 0 || h >= 0) {
			if (state == 2) {
				while (want.n > 0 && want.s[want.n - 1] == '\n')
					want.s[--want.n] = '\0';
				fn(case_line, head, desc, in.s, want_ok,
				    want.s);
				cases++;
			} else if (state == 1)
				CHECK(0, "%s:%ld: case without %s or %%%% "
				    "error", path, case_line, ok);
			if (n < 0)
				break;
			head = h;
			snprintf(desc, sizeof desc, "%s", d);
			case_line = lineno;
			in.n = want.n = 0;
			str_add(&in, "", 0);
			str_add(&want, "", 0);
			state = 1;
			continue;
		}
		if (state == 1 && (strcmp(line, ok) == 0 ||
		    strcmp(line, "%% error") == 0)) {
			want_ok = strcmp(line, ok) == 0;
			if (in.n > 0)
				in.s[--in.n] = '\0';	/* the last newline */
			state = 2;
			continue;
		}
		if (state == 1) {
			str_add(&in, line, (size_t)n);
			str_add(&in, "\n", 1);
		} else if (state == 2 && (want.n > 0 || n > 0)) {
			if (want.n > 0)
				str_add(&want, "\n", 1);
			str_add(&want, line, (size_t)n);
		}
	}
	free(line);
	free(in.s);
	free(want.s);
	fclose(fp);
	return cases;
}

#endif
