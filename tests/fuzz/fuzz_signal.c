/*
 * fuzz_signal.c: libFuzzer target for the signal reader of pe-chart
 * --signals: the input is a file, split into lines as getline(3) splits
 * it (each line with its '\n'), and each line goes through
 * pe_signal_parse, copied into a buffer of exactly its length.  For each:
 *
 *	- the result is 1 (a signal), 0 (a blank line, or an object without
 *	  a time) or -1 with a sentence; the symbol is always a C string;
 *	- a signal has one of the five types, and written back as pe-eval
 *	  writes one ({"symbol":S,"time":T,"type":TYPE}, T in the writer's
 *	  form) it reads back to the same symbol, time and type (for times
 *	  of the years 0 to 9999, which the writer's form holds);
 *	- the same line parses the same way twice.
 *
 * fuzz_json checks the JSON scanner under the reader against jansson;
 * this target is the reader's, line by line, as the chart calls it.
 *
 * Bloat: no matching of the signals to bars (pe-chart's own loop), no
 * CSV signal files (pe-chart reads JSONL only).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pe_buf.h"
#include "pe_signal.h"
#include "pe_utf8.h"
#include "pe_time.h"

/* Times the writer's form reads back: 0000-01-01 to 9999-12-31. */
#define FIRST_MS (-62167219200000LL)
#define END_MS 253402300800000LL

static void
round_trip(const struct pe_signal_match *sg)
{
	struct pe_signal_match back;
	struct pe_buf b = { 0 };
	const char *why = NULL;
	char t[PE_TIME_BUFSZ];

	/* a symbol that is not UTF-8 is written with U+FFFD for each bad
	 * byte (pe_buf_json): another, maybe longer, symbol comes back */
	if (sg->time < FIRST_MS || sg->time >= END_MS ||
	    !pe_utf8_valid(sg->symbol, strlen(sg->symbol)))
		return;
	pe_buf_puts(&b, "{\"symbol\":");
	pe_buf_json(&b, sg->symbol);
	pe_buf_puts(&b, ",\"time\":\"");
	pe_buf_put(&b, t, pe_time_format(sg->time, 0, t));
	pe_buf_puts(&b, "\",\"type\":\"");
	pe_buf_puts(&b, pe_ftype_name(sg->type));
	pe_buf_puts(&b, "\"}\n");
	if (!b.oom) {
		if (pe_signal_parse(b.p, b.len, &back, &why) != 1)
			fprintf(stderr, "written back: %.*s(%s)\n", (int)b.len,
			    b.p, why ? why : "no signal");
		FUZZ_CHECK(pe_signal_parse(b.p, b.len, &back, &why) == 1);
		FUZZ_CHECK(strcmp(back.symbol, sg->symbol) == 0);
		FUZZ_CHECK(back.time == sg->time);
		FUZZ_CHECK(back.type == sg->type);
	}
	free(b.p);
}

static void
check_line(const char *line, size_t n)
{
	struct pe_signal_match sg, again;
	const char *why = NULL, *why2 = NULL;
	char *copy;
	int rc;

	/* exactly n bytes, so a sanitizer sees a read past the line */
	if ((copy = malloc(n ? n : 1)) == NULL)
		return;
	memcpy(copy, line, n);
	rc = pe_signal_parse(copy, n, &sg, &why);
	FUZZ_CHECK(rc >= -1 && rc <= 1);
	FUZZ_CHECK(memchr(sg.symbol, '\0', sizeof sg.symbol) != NULL);
	if (rc < 0)
		FUZZ_CHECK(why != NULL && why[0] != '\0' &&
		    strchr(why, '\n') == NULL);
	FUZZ_CHECK(pe_signal_parse(copy, n, &again, &why2) == rc);
	if (rc == 1) {
		FUZZ_CHECK(sg.type == PE_FT_SCAN || sg.type == PE_FT_ENTRY ||
		    sg.type == PE_FT_EXIT || sg.type == PE_FT_SHORT ||
		    sg.type == PE_FT_COVER);
		FUZZ_CHECK(again.time == sg.time && again.type == sg.type &&
		    strcmp(again.symbol, sg.symbol) == 0);
		round_trip(&sg);
	}
	if (rc < 0)
		FUZZ_CHECK(strcmp(why, why2) == 0);
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl != NULL ? nl + 1 : end;
		check_line(p, (size_t)(nl - p));
		p = nl;
	}
	return 0;
}
