/*
 * fuzz_jsonl.c: libFuzzer target for the JSONL side of the candle reader,
 * and for the writer's round trip.
 *
 * The reader takes JSONL when the first line starts with '{', so an input
 * that does not start with one gets one prepended.  Options are the
 * defaults but for vendors' JSON documents (a '{' alone on the first
 * line), left to fuzz_vendor.c.  Every row is checked as in fuzz_csv.c; then each accepted row
 * (up to a limit) is written as a one-candle series, in JSONL and in CSV
 * with the symbol column, and read back: the same candle must come out
 * (time and the five doubles bitwise, -0 read back as 0 and a missing
 * volume as NaN being the only slack), with the same symbol when it is
 * short enough for the writer to keep whole (200 bytes).
 *
 * Bloat: no option variations (fuzz_csv.c varies them).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pe_candle.h"
#include "pe_error.h"
#include "pe_series.h"

#define MAX_ROUNDTRIP 64	/* rows written and read back per input */
#define SYMBOL_KEPT 200		/* the writer's symbol limit */

/*
 * Write row as a one-candle series in fmt (with the symbol), read it back
 * with default options and compare.
 */
static void
roundtrip(const struct pe_row *row, enum pe_format fmt)
{
	struct pe_series *s;
	struct pe_writer *w;
	struct pe_reader *r;
	struct pe_error err;
	struct pe_row back;
	enum pe_bad bad;
	char *out = NULL;
	size_t outlen = 0;
	FILE *fp;
	int rc;

	if ((s = pe_series_new(row->symbol)) == NULL)
		return;
	if (pe_series_push(s, &row->c, row->has_tod) != PE_OK) {
		pe_series_free(s);
		return;
	}
	if ((fp = open_memstream(&out, &outlen)) == NULL) {
		pe_series_free(s);
		return;
	}
	if ((w = pe_writer_new(fp, fmt, 1)) == NULL) {
		fclose(fp);
		free(out);
		pe_series_free(s);
		return;
	}
	pe_error_clear(&err);
	FUZZ_CHECK(pe_writer_header(w, &err) == PE_OK);
	FUZZ_CHECK(pe_writer_series(w, s, 0, 1, &err) == PE_OK);
	FUZZ_CHECK(pe_writer_free(w, &err) == PE_OK);
	FUZZ_CHECK(fclose(fp) == 0);
	pe_series_free(s);
	FUZZ_CHECK(out != NULL && outlen > 0);
	FUZZ_CHECK(out[outlen - 1] == '\n');

	fp = fmemopen(out, outlen, "r");
	FUZZ_CHECK(fp != NULL);
	r = pe_reader_new(fp, fmt == PE_FMT_CSV ? "rt.csv" : "rt.jsonl",
	    NULL);
	if (r == NULL) {
		fclose(fp);
		free(out);
		return;
	}
	pe_error_clear(&err);
	memset(&back, 0, sizeof back);
	rc = pe_reader_next(r, &back, &bad, &err);
	if (rc != PE_OK) {
		fprintf(stderr, "round trip (%s) of line %ld failed: %s\n"
		    "written: %.*s", fmt == PE_FMT_CSV ? "csv" : "jsonl",
		    row->line, err.msg, (int)outlen, out);
		FUZZ_CHECK(rc == PE_OK);
	}
	FUZZ_CHECK(back.c.time == row->c.time);
	FUZZ_CHECK(back.has_tod == row->has_tod);
	FUZZ_CHECK(fuzz_same_double(back.c.open, row->c.open));
	FUZZ_CHECK(fuzz_same_double(back.c.high, row->c.high));
	FUZZ_CHECK(fuzz_same_double(back.c.low, row->c.low));
	FUZZ_CHECK(fuzz_same_double(back.c.close, row->c.close));
	FUZZ_CHECK(fuzz_same_double(back.c.volume, row->c.volume));
	if (row->symbol_len <= SYMBOL_KEPT) {
		FUZZ_CHECK(back.symbol_len == row->symbol_len);
		FUZZ_CHECK(memcmp(back.symbol, row->symbol,
		    row->symbol_len) == 0);
	}
	FUZZ_CHECK(pe_reader_has_symbol(r));
	FUZZ_CHECK(pe_reader_next(r, &back, &bad, &err) == 1);
	pe_reader_free(r);
	fclose(fp);
	free(out);
}

/* Each good row: written as JSONL and as CSV, then read back (a few). */
static void
on_row(const struct pe_row *row, void *ctx)
{
	size_t *written = ctx;

	if ((*written)++ < MAX_ROUNDTRIP) {
		roundtrip(row, PE_FMT_JSONL);
		roundtrip(row, PE_FMT_CSV);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_read_opts opts = { .vendor = PE_VENDOR_NONE };
	uint8_t *copy = NULL;
	size_t written = 0;

	if (size == 0 || data[0] != '{') {
		if ((copy = malloc(size + 1)) == NULL)
			return 0;
		copy[0] = '{';
		if (size > 0)
			memcpy(copy + 1, data, size);
		data = copy;
		size++;
	}
	/* JSONL never has a header to refuse. */
	FUZZ_CHECK(fuzz_read_all(data, size, "fuzz.jsonl", &opts, on_row,
	    &written) == 0);
	free(copy);
	return 0;
}
