/*
 * hist.c: the latency histogram of pe-stream --stats.  See hist.h.
 *
 * Buckets are found by the position of the highest set bit and the four
 * bits below it, so adding a sample is a few instructions and never
 * allocates, whatever the range (0 ns to 2^64 - 1).
 *
 * Bloat: no interpolation inside a bucket; a quantile is its bucket's
 * upper bound (capped at the largest sample).
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "hist.h"

/* Buckets 0..15 hold 0..15 ns; then 16 per power of two. */
static size_t
hist_index(uint64_t ns)
{
	int e;

	if (ns < 16)
		return (size_t)ns;
	e = 63 - __builtin_clzll(ns);
	return (size_t)(e - 3) * 16 + (size_t)((ns >> (e - 4)) & 15);
}

static uint64_t
hist_top(size_t i)
{
	size_t e = i / 16 + 3, sub = i % 16;

	if (i < 16)
		return i;
	return ((uint64_t)(16 + sub + 1) << (e - 4)) - 1;
}

void
pe_hist_add(struct pe_hist *h, uint64_t ns)
{
	h->count[hist_index(ns)]++;
	h->n++;
	if (ns > h->max)
		h->max = ns;
}

uint64_t
pe_hist_quantile(const struct pe_hist *h, double q)
{
	uint64_t want, seen = 0, top;
	size_t i;

	if (h->n == 0)
		return 0;
	want = (uint64_t)ceil(q * (double)h->n);
	if (want < 1)
		want = 1;
	for (i = 0; i < PE_HIST_BUCKETS; i++) {
		seen += h->count[i];
		if (seen >= want) {
			top = hist_top(i);
			return top < h->max ? top : h->max;
		}
	}
	return h->max;
}
