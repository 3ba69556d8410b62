/*
 * fuzz_csv_fast.c: the CSV reader's fast path against libcsv.
 *
 * The first byte picks the options as fuzz_csv.c's does (delimiter,
 * decimal comma, --adjusted, date format, default symbol); the rest is
 * read twice to the end, going on after bad rows: with the fast path and
 * with opts.no_fast (every row through libcsv).  The two must give the
 * same sequence of results: each row's candle, symbol, time of day and
 * line, each error's code, kind, line and message, and the end.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "pe_candle.h"
#include "pe_error.h"

struct outcome {
	int rc;
	enum pe_bad bad;
	struct pe_row row;
	char symbol[256];
	struct pe_error err;
};

/* One call of pe_reader_next into *o; whether to go on. */
static int
next(struct pe_reader *r, struct outcome *o)
{
	memset(o, 0, sizeof *o);
	o->rc = pe_reader_next(r, &o->row, &o->bad, &o->err);
	if (o->rc == PE_OK && o->row.symbol_len < sizeof o->symbol)
		memcpy(o->symbol, o->row.symbol, o->row.symbol_len);
	o->row.symbol = NULL;
	if (o->rc != PE_ERR_DATA)
		o->bad = PE_BAD_NONE;
	return o->rc == PE_OK || o->rc == PE_ERR_DATA;
}

static int
same_dbl(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0 || (a != a && b != b);
}

static void
compare(const struct outcome *a, const struct outcome *b)
{
	const struct pe_candle *x = &a->row.c, *y = &b->row.c;

	if (a->rc != b->rc || a->bad != b->bad)
		fuzz_fail("fast and libcsv: another result", __FILE__, __LINE__);
	if (a->rc == PE_OK && (a->row.line != b->row.line ||
	    a->row.has_tod != b->row.has_tod ||
	    a->row.symbol_len != b->row.symbol_len ||
	    strcmp(a->symbol, b->symbol) != 0 || x->time != y->time ||
	    !same_dbl(x->open, y->open) || !same_dbl(x->high, y->high) ||
	    !same_dbl(x->low, y->low) || !same_dbl(x->close, y->close) ||
	    !same_dbl(x->volume, y->volume)))
		fuzz_fail("fast and libcsv: another row", __FILE__, __LINE__);
	if (a->rc != PE_OK && a->rc != 1 && (a->err.code != b->err.code ||
	    a->err.line != b->err.line || strcmp(a->err.msg, b->err.msg) != 0))
		fuzz_fail("fast and libcsv: another error", __FILE__, __LINE__);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_read_opts fast, slow;
	struct pe_reader *a, *b;
	struct outcome oa, ob;
	FILE *fa, *fb;
	int n, go;

	if (size < 2 || data[1] == '{')	/* CSV only */
		return 0;
	fuzz_read_opts(data[0], &fast);
	slow = fast;
	slow.no_fast = 1;
	fa = fmemopen((void *)(data + 1), size - 1, "r");
	fb = fmemopen((void *)(data + 1), size - 1, "r");
	if (fa == NULL || fb == NULL)
		fuzz_fail("fmemopen", __FILE__, __LINE__);
	a = pe_reader_new(fa, "fuzz.csv", &fast);
	b = pe_reader_new(fb, "fuzz.csv", &slow);
	if (a == NULL || b == NULL)
		fuzz_fail("out of memory", __FILE__, __LINE__);
	for (n = 0; n < 100000; n++) {
		go = next(a, &oa);
		next(b, &ob);
		compare(&oa, &ob);
		if (!go)
			break;
	}
	pe_reader_free(a);
	pe_reader_free(b);
	fclose(fa);
	fclose(fb);
	return 0;
}
