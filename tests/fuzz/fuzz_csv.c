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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_read_opts opts;

	if (size < 2)
		return 0;
	opts_from_byte(data[0], &opts);
	fuzz_read_all(data + 1, size - 1, "fuzz.csv", &opts, NULL, NULL);
	return 0;
}
