/*
 * bench.h: what bench-ind and bench-eval share: dying with a message,
 * checked allocation and number options, the clock, and the synthetic
 * walk both measure over.  Define PROG before including it.
 */
#ifndef PE_TOOLS_BENCH_H
#define PE_TOOLS_BENCH_H

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "pe.h"

static void
die(const char *what)
{
	fprintf(stderr, PROG ": %s\n", what);
	exit(1);
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n == 0 ? 1 : n);

	if (p == NULL)
		die("out of memory");
	return p;
}

/* The value of option opt, a whole number from lo to hi, or exit 2. */
static long
num_arg(const char *opt, const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < lo || v > hi) {
		fprintf(stderr, PROG ": %s: '%s' is not a number from %ld to "
		    "%ld\n", opt, s, lo, hi);
		exit(2);
	}
	return v;
}

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* splitmix64 (Steele, Lea and Flood 2014). */
static double
uniform(uint64_t *s)	/* in [0, 1) */
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (double)(z >> 11) * 0x1p-53;
}

/* Roughly normal: the sum of four uniforms, centred, unit variance. */
static double
noise(uint64_t *s)
{
	double u = uniform(s) + uniform(s) + uniform(s) + uniform(s);

	return (u - 2) * sqrt(3);
}

/*
 * The walk: a log price pulled weakly back to 100, 2% a bar; valid OHLCV
 * (low <= open, close <= high, volume > 0).  Start with *r = 1 and
 * *logc = log(100); each call makes the next bar's prices and volume.
 */
static void
bench_walk(uint64_t *r, double *logc, struct pe_candle *c)
{
	c->open = exp(*logc + 0.002 * noise(r));
	*logc += 0.02 * noise(r) - 0.001 * (*logc - log(100));
	c->close = exp(*logc);
	c->high = fmax(c->open, c->close) * (1 + 0.01 * uniform(r));
	c->low = fmin(c->open, c->close) / (1 + 0.01 * uniform(r));
	c->volume = round(1e6 * (0.2 + 2 * uniform(r)));
}

#endif
