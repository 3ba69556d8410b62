/*
 * rank: signal lines held, ranked by score, cut to the top and written
 * with their score and rank.  See pe_rank.h.
 *
 * Lines and symbol names are kept in two growing buffers and the entries
 * name them by offset (the buffers move as they grow); the offsets become
 * pointers once, when the entries are sorted.  A unit's lines share one
 * copy of its symbol.
 *
 * Bloat: one qsort of every line held, even when --top keeps a few.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pe_buf.h"
#include "pe_rank.h"

#define PIECE 65536		/* bytes handed to put at a time, about */

struct entry {
	double score;
	int64_t time;
	size_t file, seq;	/* where it came from: input, then order */
	size_t name, off, len;	/* offsets into names and text */
	const char *sym;	/* names + name, once sorting */
};

struct pe_rank {
	struct pe_rank_conf c;
	struct entry *v;
	size_t n, cap;
	struct pe_buf text;	/* the lines */
	struct pe_buf names;	/* the symbols, each NUL-ended */
	size_t last;		/* offset of the last symbol added */
};

int
pe_rank_cmp(double x, const char *xname, double y, const char *yname)
{
	int xn = isnan(x), yn = isnan(y);

	if (xn != yn)
		return xn - yn;
	if (!xn && x != y)
		return x > y ? -1 : 1;
	return strcmp(xname, yname);
}

/* One group: by score and name, then by where the lines came from. */
static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c;

	if ((c = pe_rank_cmp(x->score, x->sym, y->score, y->sym)) != 0)
		return c;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* A group per bar time, in time order. */
static int
cmp_timed(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return cmp_entry(a, b);
}

struct pe_rank *
pe_rank_new(const struct pe_rank_conf *conf, struct pe_error *err)
{
	struct pe_rank *r;

	if ((r = calloc(1, sizeof *r)) == NULL) {
		pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	r->c = *conf;
	r->last = SIZE_MAX;
	return r;
}

void
pe_rank_free(struct pe_rank *r)
{
	if (r == NULL)
		return;
	free(r->v);
	free(r->text.p);
	free(r->names.p);
	free(r);
}

/* The offset of symbol in names: the last one's when it is the same. */
static int
name_of(struct pe_rank *r, const char *symbol, size_t *off)
{
	if (r->last != SIZE_MAX && strcmp(r->names.p + r->last, symbol) == 0) {
		*off = r->last;
		return PE_OK;
	}
	*off = r->names.len;
	if (pe_buf_put(&r->names, symbol, strlen(symbol) + 1) != PE_OK)
		return PE_ERR_NOMEM;
	r->last = *off;
	return PE_OK;
}

int
pe_rank_add(struct pe_rank *r, const char *symbol, size_t file,
    double score, int64_t time, const char *line, size_t len)
{
	struct entry *e;
	size_t cap, name;

	if (r->n == r->cap) {
		cap = r->cap ? 2 * r->cap : 256;
		if ((e = realloc(r->v, cap * sizeof *e)) == NULL)
			return PE_ERR_NOMEM;
		r->v = e;
		r->cap = cap;
	}
	if (name_of(r, symbol, &name) != PE_OK ||
	    pe_buf_put(&r->text, line, len) != PE_OK)
		return PE_ERR_NOMEM;
	r->v[r->n] = (struct entry){ score, time, file, r->n, name,
	    r->text.len - len, len, NULL };
	r->n++;
	return PE_OK;
}

/* Entry e, ranked rank, into b: the line with its score and rank. */
static void
put_ranked(const struct pe_rank *r, const struct entry *e, long rank,
    struct pe_buf *b)
{
	const char *line = r->text.p + e->off;
	const int json = !r->c.csv;
	/* the line's end: "}\n" in JSON, "\n" in CSV */
	size_t cut = json ? 2 : 1;

	if (e->len < cut || line[e->len - 1] != '\n')
		cut = 0;	/* not a worker's line: kept whole */
	pe_buf_put(b, line, e->len - cut);
	pe_buf_puts(b, json ? ",\"score\":" : ",");
	pe_buf_num_digits(b, e->score, r->c.digits, json);
	pe_buf_printf(b, json ? ",\"rank\":%ld}\n" : ",%ld\n", rank);
}

int
pe_rank_write(struct pe_rank *r,
    int (*put)(void *ctx, const char *text, size_t len), void *ctx)
{
	struct pe_buf b = { 0 };
	size_t i;
	long rank = 0;
	int stop = 0;

	for (i = 0; i < r->n; i++)
		r->v[i].sym = r->names.p + r->v[i].name;
	if (r->n > 0)
		qsort(r->v, r->n, sizeof *r->v, r->c.by_time ? cmp_timed :
		    cmp_entry);
	for (i = 0; i < r->n && !stop; i++) {
		if (i == 0 || (r->c.by_time && r->v[i].time !=
		    r->v[i - 1].time))
			rank = 0;
		if (++rank > r->c.top && r->c.top > 0)
			continue;
		put_ranked(r, &r->v[i], rank, &b);
		if (b.oom) {
			free(b.p);
			return PE_ERR_NOMEM;
		}
		if (b.len >= PIECE) {
			stop = put(ctx, b.p, b.len) != 0;
			b.len = 0;
		}
	}
	if (!stop && b.len > 0)
		put(ctx, b.p, b.len);
	free(b.p);
	return PE_OK;
}
