/*
 * fuzz_trade.c: libFuzzer target for pe_trade_parse and pe_trade_read
 * (lib/run/trade.c), the reader of pe-backtest's trade lines that
 * pe-chart --trades uses.
 *
 * The whole input is one line for pe_trade_parse, and a file for
 * pe_trade_read, which must return valid trades, no more than the
 * file's lines, or a data error naming a line of it.  The parser must say 1, 0 or -1, and the
 * same twice; -1 with a PE_ERR_DATA sentence and no place; 0 or 1 only
 * for a blank line or one the JSON scanner walks whole; and a trade it
 * returns must hold what pe_trade.h promises (a side of 1 or -1, finite
 * prices and return, an exit not before its entry, a known reason or
 * none, bars >= -1, a NUL-terminated symbol).  When jansson reads the
 * line too, its "type" is "trade" and its "side" the one returned.
 *
 * Bloat: numbers are not compared with jansson's (the scanner's callers
 * convert them with pe_num_parse, fuzz_time's subject).
 */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "json.h"
#include "pe_trade.h"

/* Whether the scanner walks line[0..n) to its closing brace. */
static int
walks(const char *line, size_t n)
{
	struct pe_json j;
	struct pe_json_tok k, v;
	int rc;

	if (pe_json_open(&j, line, n) != 0)
		return 0;
	while ((rc = pe_json_next(&j, &k, &v)) == 1)
		;
	return rc == 0;
}

static void
check_trade(const struct pe_trade *t)
{
	FUZZ_CHECK(t->side == 1 || t->side == -1);
	FUZZ_CHECK(isfinite(t->entry_price) && isfinite(t->exit_price));
	FUZZ_CHECK(isfinite(t->ret));
	FUZZ_CHECK(t->exit_time >= t->entry_time);
	FUZZ_CHECK(t->reason >= -1 && t->reason < PE_BT_NREASONS);
	FUZZ_CHECK(t->bars >= -1);
	FUZZ_CHECK(t->has_tod == 0 || t->has_tod == 1);
	FUZZ_CHECK(memchr(t->symbol, '\0', sizeof t->symbol) != NULL);
}

/* jansson's reading of a line the parser took as a trade. */
static void
check_jansson(const char *line, size_t size, const struct pe_trade *t)
{
	json_error_t jerr;
	json_t *obj = json_loadb(line, size, 0, &jerr);
	const char *side;

	if (obj != NULL && json_is_object(obj) &&
	    memchr(line, '\0', size) == NULL) {
		FUZZ_CHECK(json_is_string(json_object_get(obj, "type")));
		FUZZ_CHECK(strcmp(json_string_value(json_object_get(obj,
		    "type")), "trade") == 0);
		side = json_string_value(json_object_get(obj, "side"));
		FUZZ_CHECK(side != NULL);
		FUZZ_CHECK(strcmp(side, t->side == 1 ? "long" : "short") == 0);
	}
	json_decref(obj);
}

/* The input as a file of lines. */
static void
check_read(const uint8_t *data, size_t size)
{
	struct pe_trade *v = NULL;
	struct pe_error err;
	size_t n = 0, i;
	long lines = 1;
	FILE *fp;
	int rc;

	if (size == 0 || (fp = fmemopen((void *)data, size, "r")) == NULL)
		return;
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	pe_error_clear(&err);
	rc = pe_trade_read(fp, "t.jsonl", &v, &n, &err);
	fclose(fp);
	FUZZ_CHECK(rc == PE_OK || rc == PE_ERR_DATA || rc == PE_ERR_NOMEM);
	if (rc == PE_OK) {
		FUZZ_CHECK((long)n <= lines && (n == 0) == (v == NULL));
		for (i = 0; i < n; i++)
			check_trade(&v[i]);
	} else {
		FUZZ_CHECK(v == NULL && n == 0 && err.code == rc);
		FUZZ_CHECK(strcmp(err.path, "t.jsonl") == 0);
		FUZZ_CHECK(rc != PE_ERR_DATA || (err.line >= 1 &&
		    err.line <= lines && err.msg[0] != '\0'));
	}
	free(v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *line = (const char *)data;
	struct pe_trade t, again;
	struct pe_error err;
	int rc;

	check_read(data, size);
	pe_error_clear(&err);
	rc = pe_trade_parse(line, size, &t, &err);
	FUZZ_CHECK(rc >= -1 && rc <= 1);
	FUZZ_CHECK(pe_trade_parse(line, size, &again, NULL) == rc);
	if (rc < 0) {
		FUZZ_CHECK(err.code == PE_ERR_DATA && err.msg[0] != '\0');
		FUZZ_CHECK(err.path[0] == '\0' && err.line == 0);
		return 0;
	}
	if (pe_json_blank(line, line + size) != line + size)
		FUZZ_CHECK(walks(line, size));
	if (rc == 1) {
		check_trade(&t);
		FUZZ_CHECK(t.entry_time == again.entry_time &&
		    t.exit_time == again.exit_time);
		check_jansson(line, size, &t);
	}
	return 0;
}
