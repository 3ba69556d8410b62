/*
 * hist.h: pe-stream's latency histogram (internal to pe: not installed;
 * cmd/pe-stream.c includes it by name).
 *
 * Bloat: nanoseconds only, no merging of histograms, no printing.
 */
#ifndef PE_HIST_H
#define PE_HIST_H

#include <stdint.h>

/*
 * A latency histogram in nanoseconds: fixed buckets (16 per power of two,
 * so a quantile is within 1/16 of the truth), no allocation.  Start from
 * { 0 }.  pe_hist_quantile gives the upper bound of the bucket holding
 * quantile q (0..1), 0 when empty.
 */
#define PE_HIST_BUCKETS (64 * 16)
struct pe_hist {
	uint64_t n, max;
	uint64_t count[PE_HIST_BUCKETS];
};

void pe_hist_add(struct pe_hist *h, uint64_t ns);
uint64_t pe_hist_quantile(const struct pe_hist *h, double q);

#endif
