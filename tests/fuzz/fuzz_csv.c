/*
 * fuzz_csv.c: libFuzzer target for the candle reader on arbitrary bytes.
 *
 * The first byte picks the reader's options (see opts_from_byte) and is
 * not part of the input, so a seed starting with '\0' is read with the
 * defaults.  The rest is read through pe_reader_next to the end, going on
 * after bad rows.  Every row must be a valid candle with a sane symbol and
 * line; every error must carry a message.  The rows (up to a limit) are
 * then gathered per symbol, normalized and resampled to 5 minutes, and
 * the series checked.
 *
 * Bloat: the input is mostly CSV, but a '{' first makes it JSONL
 * (fuzz_jsonl.c covers that side with round trips).  local_tz is never set:
 * it changes the process's zone.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "pe_candle.h"
#include "pe_error.h"
#include "pe_series.h"

#define MAX_CALLS 100000	/* pe_reader_next calls per input */
#define MAX_PUSH 10000		/* rows kept for the series checks */

/*
 * bits 0-1: delimiter (detect, ';', TAB, ','); bit 2: decimal comma;
 * bit 3: --adjusted; bit 4: date format "%m/%d/%Y"; bit 5: a default
 * symbol "FUZZ" instead of "stdin".
 */
static void
opts_from_byte(uint8_t b, struct pe_read_opts *o)
{
	static const char delims[4] = { 0, ';', '\t', ',' };

	memset(o, 0, sizeof *o);
	o->delim = delims[b & 3];
	o->decimal_comma = (b & 4) != 0;
	o->adjusted = (b & 8) != 0;
	o->date_format = (b & 16) ? "%m/%d/%Y" : NULL;
	o->symbol = (b & 32) ? "FUZZ" : NULL;
}

/* Physical lines in data (LF, CRLF or CR ends; a last line without one). */
static long
count_lines(const uint8_t *data, size_t size)
{
	long n = 1;
	size_t i;

	for (i = 0; i < size; i++)
		if (data[i] == '\n' || (data[i] == '\r' &&
		    (i + 1 == size || data[i + 1] != '\n')))
			n++;
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_read_opts opts;
	struct pe_reader *r;
	struct pe_set *set;
	struct pe_error err, again;
	struct pe_row row;
	enum pe_bad bad;
	size_t pushed = 0;
	long last_line = 0, calls;
	FILE *fp;
	int rc;

	if (size == 0)
		return 0;
	opts_from_byte(data[0], &opts);
	data++, size--;
	/* glibc's fmemopen refuses a size of 0: nothing to read then. */
	if (size == 0 || (fp = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	if ((r = pe_reader_new(fp, "fuzz.csv", &opts)) == NULL) {
		fclose(fp);
		return 0;
	}
	set = pe_set_new();
	for (calls = 0; calls < MAX_CALLS; calls++) {
		pe_error_clear(&err);
		bad = PE_BAD_NONE;
		memset(&row, 0, sizeof row);
		rc = pe_reader_next(r, &row, &bad, &err);
		if (rc == 1)
			break;
		if (rc == PE_OK) {
			fuzz_check_row(&row, &last_line);
			fuzz_set_push(set, &row, &pushed, MAX_PUSH);
			continue;
		}
		fuzz_check_error(rc, &err, bad);
		if (rc == PE_ERR_DATA)
			continue;
		if (rc == PE_ERR_FORMAT) {
			/* "calling again returns the same error" */
			pe_error_clear(&again);
			FUZZ_CHECK(pe_reader_next(r, &row, &bad, &again) ==
			    rc);
			FUZZ_CHECK(strcmp(again.msg, err.msg) == 0);
		}
		break;
	}
	/* Each call that is not the end consumed at least one line. */
	FUZZ_CHECK(calls <= count_lines(data, size));
	pe_reader_free(r);
	fclose(fp);
	fuzz_check_set(set, 300000);
	pe_set_free(set);
	return 0;
}
