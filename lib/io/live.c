/*
 * live: the candles of a live input, whatever its format: JSONL a line at
 * a time through pe_jsonl_parse (its fast path first), anything else
 * through the candle reader over pe_stream_in's FILE.  See live.h.
 *
 * Bloat: the format is told once, from the first non-blank byte.
 */
#include <stdlib.h>

#include "live.h"

struct pe_live {
	struct pe_stream_in *in;
	struct pe_jsonl *jsonl;	/* JSONL, or */
	struct pe_reader *rd;	/* the candle reader */
	const char *name;
	long lineno;		/* JSONL lines read */
	size_t rows;		/* candles and bad rows handed out */
};

struct pe_live *
pe_live_open(int fd, const char *name, const char *symbol,
    int (*on_intr)(void *ctx), void *ctx)
{
	/* A live feed is read line by line as it comes: no vendor layout
	 * (a JSON document is read whole, a headerless row twice). */
	struct pe_read_opts ro = { .symbol = symbol, .skip_long = 1,
	    .vendor = PE_VENDOR_NONE };
	struct pe_live *l;

	if ((l = calloc(1, sizeof *l)) == NULL ||
	    (l->in = pe_stream_in_new(fd, on_intr, ctx)) == NULL) {
		free(l);
		return NULL;
	}
	l->name = name;
	if (pe_stream_in_jsonl(l->in))
		l->jsonl = pe_jsonl_new(name, symbol);
	else
		l->rd = pe_reader_new(pe_stream_in_file(l->in), name, &ro);
	if (l->jsonl == NULL && l->rd == NULL) {
		pe_live_free(l);
		return NULL;
	}
	return l;
}

static int
next_jsonl(struct pe_live *l, struct pe_row *row, enum pe_bad *bad,
    struct pe_error *err)
{
	const char *p;
	size_t n;
	int got, rc;

	do {
		if ((got = pe_stream_in_line(l->in, &p, &n)) < 0)
			return pe_error_set(err, PE_ERR_IO, l->name, 0, 0,
			    "read error");
		if (got == 0)
			return 1;
		if (got == 2) {
			*bad = PE_BAD_LONG;
			return pe_error_set(err, PE_ERR_DATA, l->name,
			    ++l->lineno, 0, "%s", "line longer than 1 MiB");
		}
		rc = pe_jsonl_parse(l->jsonl, p, n, ++l->lineno, row, bad,
		    err);
	} while (rc == 1);	/* a blank line */
	return rc;
}

int
pe_live_next(struct pe_live *l, struct pe_row *row, enum pe_bad *bad,
    struct pe_error *err)
{
	int rc;

	if (l->jsonl != NULL)
		rc = next_jsonl(l, row, bad, err);
	else {
		rc = pe_stream_in_next(l->in, l->rd, row, bad, err);
		if (rc == PE_ERR_FORMAT && err->line == 0 && l->rows == 0)
			rc = 1;	/* an empty feed: nothing to read */
	}
	l->rows += rc == PE_OK || rc == PE_ERR_DATA;
	return rc;
}

void
pe_live_free(struct pe_live *l)
{
	if (l == NULL)
		return;
	pe_jsonl_free(l->jsonl);
	pe_reader_free(l->rd);
	pe_stream_in_free(l->in);
	free(l);
}
