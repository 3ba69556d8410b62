/*
 * fuzz_vendor.c: libFuzzer target for the detection of vendors' files
 * (lib/io/vendor.c and the reader's use of it).
 *
 * The first byte picks what is forced: bits 0-2 the --vendor (detect,
 * binance, mt4, yfinance, a JSON document, none, or a --columns list
 * taken from the input's last line), bits 3-4 the --volume; the rest is
 * the file.  The first line goes through the helpers directly: its cells
 * lie inside it; a layout found for it has a name and reads back as a
 * --columns list; the vendor time forms of each cell either fail or give
 * a time in range with a zone of tz-database characters.  Then the whole
 * input is read to its end with fuzz_read_all's checks (rows valid,
 * errors well formed, a fatal error repeated).
 *
 * A time naming its zone (IBKR) switches the process's TZ while the
 * reader reads; pe_reader_free puts it back (no zone), so every input
 * starts from the same state.
 *
 * Bloat: no --tz (pe_tz_set by the caller), no --date-format.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pe_candle.h"
#include "pe_time.h"
#include "vendor.h"

#define MAX_CELLS 64
#define MS_FIRST (-62167219200000LL)	/* 0000-01-01 */
#define MS_LAST (253402300799999LL)	/* 9999-12-31T23:59:59.999 */

static void
check_time(const char *s, size_t n)
{
	char zone[64];
	const char *why = NULL;
	int64_t ms = 0;
	int tod = -1;
	size_t i;

	if (vendor_time(s, n, &ms, &tod, zone, sizeof zone, &why) != 0)
		return;
	FUZZ_CHECK(ms >= MS_FIRST && ms <= MS_LAST);
	FUZZ_CHECK(tod == 0 || tod == 1);
	if (!tod)
		FUZZ_CHECK(ms % PE_MS_PER_DAY == 0 && zone[0] == '\0');
	FUZZ_CHECK(memchr(zone, '\0', sizeof zone) != NULL);
	for (i = 0; zone[i] != '\0'; i++)
		FUZZ_CHECK(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
		    "qrstuvwxyz0123456789/_-+", zone[i]) != NULL);
}

static void
check_line(const char *p, size_t n, char delim)
{
	struct vendor_cell c[MAX_CELLS + 1];
	const char *list, *name = NULL;
	size_t k, i;

	k = vendor_split(p, n, delim, c, MAX_CELLS);
	FUZZ_CHECK(k >= 1 && k <= MAX_CELLS + 1);
	for (i = 0; i < k && i < MAX_CELLS; i++) {
		FUZZ_CHECK(c[i].s >= p && c[i].s + c[i].n <= p + n);
		check_time(c[i].s, c[i].n);
		(void)vendor_missing(c[i].s, c[i].n);
	}
	check_time(p, n);
	if ((list = vendor_headerless(p, n, delim, &name)) != NULL) {
		FUZZ_CHECK(name != NULL && name[0] != '\0');
		FUZZ_CHECK(strncmp(list, "open_time,", 10) == 0 ||
		    strncmp(list, "date,time,", 10) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum pe_vendor forced[8] = { PE_VENDOR_AUTO,
	    PE_VENDOR_BINANCE, PE_VENDOR_MT4, PE_VENDOR_YFINANCE,
	    PE_VENDOR_JSON, PE_VENDOR_NONE, PE_VENDOR_AUTO, PE_VENDOR_HEADER };
	struct pe_read_opts opts;
	const uint8_t *nl, *last;
	char *columns = NULL;
	size_t first;

	if (size < 2)
		return 0;
	memset(&opts, 0, sizeof opts);
	opts.vendor = forced[data[0] & 7];
	opts.volume = (enum pe_volume)((data[0] >> 3) & 3);
	data++, size--;
	nl = memchr(data, '\n', size);
	first = nl ? (size_t)(nl - data) : size;
	check_line((const char *)data, first, ',');
	check_line((const char *)data, first, '\t');
	if ((data[-1] & 7) == 6) {	/* --columns from the last line */
		last = data + size;
		while (last > data && last[-1] != '\n')
			last--;
		if ((columns = malloc((size_t)(data + size - last) + 1)) ==
		    NULL)
			return 0;
		memcpy(columns, last, (size_t)(data + size - last));
		columns[data + size - last] = '\0';
		if (columns[0] == '\0' || memchr(last, '\0',
		    (size_t)(data + size - last)) != NULL) {
			free(columns);
			return 0;
		}
		opts.columns = columns;
	}
	fuzz_read_all(data, size, "fuzz.csv", &opts, NULL, NULL);
	FUZZ_CHECK(pe_tz_name() == NULL);
	free(columns);
	return 0;
}
