/*
 * test_fast: the CSV reader's fast path.  What pe-load writes (the
 * writer's canonical CSV, with and without a symbol column, of the five
 * real series and of a generated walk with missing volumes) is read back
 * entirely on the fast path, to the same candles; lines the fast path
 * leaves to libcsv (quotes, blanks) give the same candles through it.
 * tests/fuzz/fuzz_csv_fast.c compares the two paths on arbitrary input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pe_candle.h"
#include "pe_load.h"
#include "series.h"

static const char *const names[] = { "bollinger_2003_2004",
    "fb_2012_2014", "goog_2004_2008", "msft_2000_2001",
    "talib_regtest_252" };

/* s written as pe-load writes it; a malloc'd buffer of *len bytes. */
static char *
written(const struct pe_series *s, int with_symbol, size_t *len)
{
	char *p = NULL;
	FILE *fp = open_memstream(&p, len);
	struct pe_writer *w = pe_writer_new(fp, PE_FMT_CSV, with_symbol);
	struct pe_error err;

	if (fp == NULL || w == NULL || pe_writer_header(w, &err) != PE_OK ||
	    pe_writer_series(w, s, 0, s->n, &err) != PE_OK ||
	    pe_writer_free(w, &err) != PE_OK || fclose(fp) != 0)
		exit(2);
	return p;
}

/* Read buf back: every row on the fast path, and the candles of s. */
static void
read_back(const char *what, const char *buf, size_t len,
    const struct pe_series *s, size_t want_fast)
{
	FILE *fp = fmemopen((void *)buf, len, "r");
	struct pe_reader *r = pe_reader_new(fp, "t.csv", NULL);
	struct pe_row row;
	struct pe_error err;
	enum pe_bad bad;
	size_t i = 0, rows, fast;
	int rc, same = 1;

	while ((rc = pe_reader_next(r, &row, &bad, &err)) == PE_OK) {
		same &= i < s->n && row.c.time == s->time[i] &&
		    same_dbl(row.c.open, s->open[i]) &&
		    same_dbl(row.c.high, s->high[i]) &&
		    same_dbl(row.c.low, s->low[i]) &&
		    same_dbl(row.c.close, s->close[i]) &&
		    same_dbl(row.c.volume, s->volume[i]);
		i++;
	}
	pe_reader_rows(r, &rows, &fast);
	CHECK(rc == 1 && i == s->n && same, "%s: read back, %zu candles the "
	    "same", what, s->n);
	CHECK(rows == s->n && fast == want_fast, "%s: %zu of %zu rows on the "
	    "fast path (%zu expected)", what, fast, rows, want_fast);
	pe_reader_free(r);
	fclose(fp);
}

int
main(void)
{
	struct pe_series *s;
	char *buf, *q;
	size_t len, i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		s = load_series(names[i]);
		buf = written(s, 0, &len);
		read_back(names[i], buf, len, s, s->n);
		free(buf);
		buf = written(s, 1, &len);
		read_back("with a symbol column", buf, len, s, s->n);
		/* a quoted symbol on the first row, blanks around a price
		 * on the second: those two rows go through libcsv */
		q = malloc(len + 16);
		memcpy(q, buf, len);
		q[len] = '\0';
		{
			char *l1 = strchr(q, '\n') + 1, *l2, *c;

			memmove(l1 + 1, l1, strlen(l1) + 1);
			*l1 = '"';
			c = strchr(l1 + 1, ',');
			memmove(c + 1, c, strlen(c) + 1);
			*c = '"';
			l2 = strchr(l1, '\n') + 1;
			c = strchr(strchr(l2, ',') + 1, ',');
			memmove(c + 2, c + 1, strlen(c + 1) + 1);
			c[1] = ' ';
		}
		read_back("quoted and blank", q, strlen(q), s, s->n - 2);
		free(q);
		free(buf);
		pe_series_free(s);
	}
	return done();
}
