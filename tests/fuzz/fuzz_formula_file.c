/*
 * fuzz_formula_file.c: libFuzzer target for what -f does with a file:
 * pe_formula_read with a bound, the parse of a whole file of statements
 * (lets, tags, comments, lines continued inside parentheses) and its
 * compile, with the diagnostics bounded as pe_plan_build shows them.
 *
 * The first byte is not part of the file: its low 7 bits times 16 are the
 * bound the file is read with (0: PE_FORMULA_MAX_FILE), its top bit makes
 * the file a --values source (PE_PR_VALUE) instead of a signal one.  Then:
 *
 *	- the reader gives back the file byte for byte when it is within
 *	  the bound; past it, PE_ERR_IO, no text, and "formula file too
 *	  large (over N bytes)" naming the file;
 *	- the parse keeps at most PE_FORMULA_MAX_DIAGS diagnostics, sets
 *	  too_many only with that many kept, and returns PE_OK exactly when
 *	  it kept none; every diagnostic renders to three lines; statements
 *	  come in source order, each named as written at its name span;
 *	- what parses compiles to PE_OK (no diagnostic; the plan's formulas
 *	  are the file's, in its order and by its names; as many lets) or
 *	  PE_ERR_USAGE (no plan, at most PE_FORMULA_MAX_DIAGS diagnostics,
 *	  err the first); pe_plan_explain keeps snprintf's contract.
 *
 * Bloat: no evaluation (fuzz_plan runs plans over bars), no expression
 * mode (fuzz_formula), no reads from a real file or a FIFO (the bound is
 * the same code whatever the FILE).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pe_formula.h"
#include "pe_plan.h"

/* Read data[0..size) through pe_formula_read with bound max. */
static int
read_bounded(const uint8_t *data, size_t size, size_t max, char **text,
    size_t *len, struct pe_error *err)
{
	FILE *fp;
	int rc;

	/* glibc's fmemopen refuses a size of 0. */
	fp = size > 0 ? fmemopen((void *)data, size, "r") :
	    fopen("/dev/null", "r");
	if (fp == NULL)
		return -1;
	rc = pe_formula_read(fp, "fuzz.pe", max, text, len, err);
	fclose(fp);
	return rc;
}

static void
check_reader(const uint8_t *data, size_t size, size_t max, int rc,
    const char *text, size_t len, const struct pe_error *err)
{
	char want[PE_ERRMSG_MAX];

	FUZZ_CHECK(rc == PE_OK || rc == PE_ERR_IO || rc == PE_ERR_NOMEM);
	if (rc == PE_ERR_NOMEM)
		return;
	FUZZ_CHECK((rc == PE_OK) == (size <= max));
	if (rc == PE_OK) {
		FUZZ_CHECK(text != NULL && len == size);
		FUZZ_CHECK(size == 0 || memcmp(text, data, size) == 0);
		return;
	}
	FUZZ_CHECK(text == NULL);
	if (max % (1024 * 1024) == 0)
		snprintf(want, sizeof want, "formula file too large (over %zu "
		    "MiB)", max / (1024 * 1024));
	else
		snprintf(want, sizeof want, "formula file too large (over %zu "
		    "bytes)", max);
	FUZZ_CHECK(err->code == PE_ERR_IO);
	FUZZ_CHECK(strcmp(err->msg, want) == 0);
	FUZZ_CHECK(strcmp(err->path, "fuzz.pe") == 0);
}

/* The bound on the diagnostics, and each one's rendering. */
static void
check_diags(const struct pe_formula *f)
{
	size_t k, i, len, lines;
	char *text;

	FUZZ_CHECK(f->ndiag <= PE_FORMULA_MAX_DIAGS);
	FUZZ_CHECK(!f->too_many || f->ndiag == PE_FORMULA_MAX_DIAGS);
	for (k = 0; k < f->ndiag; k++) {
		FUZZ_CHECK(f->diag[k].msg[0] != '\0');
		len = pe_formula_render(f, &f->diag[k], NULL, 0);
		if ((text = malloc(len + 1)) == NULL)
			continue;
		FUZZ_CHECK(pe_formula_render(f, &f->diag[k], text, len + 1) ==
		    len);
		for (i = 0, lines = 0; i < len; i++)
			lines += text[i] == '\n';
		FUZZ_CHECK(lines == 2);
		free(text);
	}
}

static void
check_stmts(const struct pe_formula *f)
{
	const struct pe_fstmt *s;
	size_t k, nformulas = 0;

	for (k = 0; k < f->nstmt; k++) {
		s = &f->stmt[k];
		FUZZ_CHECK(s->name != NULL);
		FUZZ_CHECK(strlen(s->name) == s->name_span.len);
		FUZZ_CHECK(memcmp(s->name, f->src + s->name_span.off,
		    s->name_span.len) == 0);
		if (k > 0)
			FUZZ_CHECK(s->span.off > f->stmt[k - 1].span.off &&
			    s->span.line > f->stmt[k - 1].span.line);
		nformulas += s->kind == PE_FS_FORMULA;
	}
	FUZZ_CHECK(nformulas == f->nformulas);
}

static void
check_plan(const struct pe_formula *f, const struct pe_plan *p)
{
	const struct pe_fstmt *s;
	size_t k, i = 0, lets = 0, len;
	char *text;

	for (k = 0; k < f->nstmt; k++) {
		s = &f->stmt[k];
		if (s->kind == PE_FS_LET) {
			lets++;
			continue;
		}
		FUZZ_CHECK(i < p->nformulas);
		FUZZ_CHECK(p->formula[i].name != NULL &&
		    strcmp(p->formula[i].name, s->name) == 0);
		FUZZ_CHECK(p->formula[i].type == s->type);
		i++;
	}
	FUZZ_CHECK(i == p->nformulas && lets == p->nlets);
	len = pe_plan_explain(p, NULL, 0);
	if ((text = malloc(len + 1)) != NULL) {
		FUZZ_CHECK(pe_plan_explain(p, text, len + 1) == len);
		FUZZ_CHECK(strlen(text) == len);
		free(text);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_formula *f = NULL;
	struct pe_plan *p = NULL;
	struct pe_plan_src src;
	struct pe_error err;
	size_t max, len = 0;
	char *text = NULL;
	int rc, values;

	if (size < 1)
		return 0;
	max = (size_t)(data[0] & 0x7f) * 16;
	if (max == 0)
		max = PE_FORMULA_MAX_FILE;
	values = data[0] >> 7;
	pe_error_clear(&err);
	rc = read_bounded(data + 1, size - 1, max, &text, &len, &err);
	if (rc < 0)
		return 0;
	check_reader(data + 1, size - 1, max, rc, text, len, &err);
	if (rc != PE_OK)
		return 0;
	rc = pe_formula_parse_file(text, len, "fuzz.pe", &f, &err);
	free(text);
	FUZZ_CHECK(rc == PE_OK || rc == PE_ERR_USAGE || rc == PE_ERR_NOMEM);
	if (rc == PE_ERR_NOMEM)
		return 0;
	FUZZ_CHECK((rc == PE_OK) == (f->ndiag == 0));
	check_diags(f);
	check_stmts(f);
	if (rc == PE_OK) {
		src.f = f;
		src.role = values ? PE_PR_VALUE : PE_PR_SIGNAL;
		pe_error_clear(&err);
		rc = pe_plan_compile(&src, 1, 0, &p, &err);
		FUZZ_CHECK(rc == PE_OK || rc == PE_ERR_USAGE ||
		    rc == PE_ERR_NOMEM);
		FUZZ_CHECK((rc == PE_OK) == (p != NULL));
		if (rc == PE_OK) {
			FUZZ_CHECK(f->ndiag == 0);
			check_plan(f, p);
		} else if (rc == PE_ERR_USAGE) {
			FUZZ_CHECK(f->ndiag >= 1);
			FUZZ_CHECK(strcmp(err.msg, f->diag[0].msg) == 0);
			check_diags(f);
		}
	}
	pe_plan_free(p);
	pe_formula_free(f);
	return 0;
}
