/*
 * fuzz_csv.c: libFuzzer target for the candle reader on arbitrary bytes.
 *
 * The first byte picks the reader's options (see fuzz_read_opts in fuzz.h) and is
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_read_opts opts;

	if (size < 2)
		return 0;
	fuzz_read_opts(data[0], &opts);
	fuzz_read_all(data + 1, size - 1, "fuzz.csv", &opts, NULL, NULL);
	return 0;
}
