/*
 * fuzz_jsonl_fast.c: libFuzzer target for pe-stream's JSONL line parser
 * (lib/stream_jsonl.c) against the candle reader.
 *
 * Each line of the input that starts (after blanks) with '{' and holds no
 * carriage return inside is read twice: by pe_jsonl_parse (its fast path,
 * or the reader it keeps for the rest) and by a fresh candle reader over
 * that line alone.  Both must give the same code; for a row, the same
 * symbol, time, time-of-day flag and doubles (bitwise, -0 as 0); for a bad
 * line, the same kind and message.  And whenever pe_jsonl_fast accepts a
 * line, the reader must accept it too: the fast path never reads a line
 * the reader would refuse.
 *
 * Bloat: only the default reader options (pe-stream has no others).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pe_candle.h"
#include "pe_error.h"
#include "live.h"

#define MAX_LINES 200

/*
 * The reader's verdict on line[0..n) (line feed added), as the first line
 * of its input or, after a line "{}", as a later one (the reader treats
 * the first line apart: a BOM, leading blanks).
 */
static int
read_alone(const char *line, size_t n, int first, struct pe_row *row,
    char *sym, enum pe_bad *bad, struct pe_error *err)
{
	struct pe_reader *r;
	size_t k = first ? 0 : 3;
	char *copy;
	/* as pe_jsonl_new's reader: no vendor documents */
	struct pe_read_opts opts = { .vendor = PE_VENDOR_NONE };
	FILE *fp;
	int rc;

	if ((copy = malloc(n + 4)) == NULL)
		return -1;
	memcpy(copy, "{}\n", k);
	memcpy(copy + k, line, n);
	copy[k + n] = '\n';
	if ((fp = fmemopen(copy, k + n + 1, "r")) == NULL) {
		free(copy);
		return -1;
	}
	if ((r = pe_reader_new(fp, "fuzz", &opts)) == NULL) {
		fclose(fp);
		free(copy);
		return -1;
	}
	rc = pe_reader_next(r, row, bad, err);
	if (!first)
		rc = pe_reader_next(r, row, bad, err);
	if (rc == PE_OK) {
		memcpy(sym, row->symbol, row->symbol_len + 1);
		row->symbol = sym;
	}
	pe_reader_free(r);
	fclose(fp);
	free(copy);
	return rc;
}

static void
same_rows(const struct pe_row *a, const struct pe_row *b)
{
	FUZZ_CHECK(a->symbol_len == b->symbol_len);
	FUZZ_CHECK(memcmp(a->symbol, b->symbol, a->symbol_len) == 0);
	FUZZ_CHECK(a->c.time == b->c.time);
	FUZZ_CHECK(a->has_tod == b->has_tod);
	FUZZ_CHECK(fuzz_same_double(a->c.open, b->c.open));
	FUZZ_CHECK(fuzz_same_double(a->c.high, b->c.high));
	FUZZ_CHECK(fuzz_same_double(a->c.low, b->c.low));
	FUZZ_CHECK(fuzz_same_double(a->c.close, b->c.close));
	FUZZ_CHECK(fuzz_same_double(a->c.volume, b->c.volume));
}

static void
check_line(struct pe_jsonl *j, const char *line, size_t n, long lineno)
{
	static char sym_fast[PE_SYMBOL_MAX + 1], sym_alone[PE_SYMBOL_MAX + 1];
	struct pe_row fast, parsed, alone;
	struct pe_error e1, e2;
	enum pe_bad b1 = PE_BAD_NONE, b2 = PE_BAD_NONE;
	size_t i = 0;
	int rc1, rc2, accepted;

	if (lineno == 1 && n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == n || line[i] != '{' || memchr(line, '\r', n) != NULL)
		return;
	memset(&fast, 0, sizeof fast);
	accepted = pe_jsonl_fast(line, n, &fast, sym_fast);
	pe_error_clear(&e2);
	rc2 = read_alone(line, n, lineno == 1, &alone, sym_alone, &b2, &e2);
	if (rc2 < 0)
		return;		/* out of memory */
	if (accepted) {
		FUZZ_CHECK(rc2 == PE_OK);
		same_rows(&fast, &alone);
	}
	pe_error_clear(&e1);
	rc1 = pe_jsonl_parse(j, line, n, lineno, &parsed, &b1, &e1);
	FUZZ_CHECK(rc1 == rc2);
	if (rc1 == PE_OK) {
		same_rows(&parsed, &alone);
		FUZZ_CHECK(parsed.line == lineno);
	} else if (rc1 == PE_ERR_DATA) {
		FUZZ_CHECK(b1 == b2);
		if (strcmp(e1.msg, e2.msg) != 0)
			fprintf(stderr, "line %ld: \"%s\" vs \"%s\"\n", lineno,
			    e1.msg, e2.msg);
		FUZZ_CHECK(strcmp(e1.msg, e2.msg) == 0);
		FUZZ_CHECK(e1.line == lineno);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	struct pe_jsonl *j;
	long lineno = 0;
	int fatal = 0;

	if ((j = pe_jsonl_new("fuzz", NULL)) == NULL)
		return 0;
	while (p < end && lineno < MAX_LINES && !fatal) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		/* A line over the reader's limit makes both fatal: skip. */
		if (nl - p < 4096)
			check_line(j, p, (size_t)(nl - p), ++lineno);
		p = nl + 1;
	}
	pe_jsonl_free(j);
	return 0;
}
