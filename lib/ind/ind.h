/*
 * ind.h: what every indicator file uses: rings whose writes can be undone,
 * the batch/stream definitions, the registry's declarations.  Internal to
 * the library (not installed).
 *
 * Rules for a state, so that pe_ind_replace can undo a step in O(1):
 *   - the state struct holds only scalars and pointers into its ring memory;
 *     the whole struct is copied before each step;
 *   - every write into ring memory goes through pe_w (logged when u is not
 *     NULL), and a step makes at most PE_UNDO_MAX such writes.
 *
 * Adding an indicator: write lib/ind/NAME.c (its state, init, a static
 * inline step, then PE_IND_DEFINE and its pe_ind_info; a tight family whose
 * members differ only in their step shares one file, its init and lookback:
 * PE_IND_FUNCS_INIT), and add one line PE_IND(NAME) to list.h.
 */
#ifndef PE_IND_INTERNAL_H
#define PE_IND_INTERNAL_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "pe_ind.h"

#define PE_IND(name) extern const struct pe_ind_info pe_ind_##name;
#include "list.h"
#undef PE_IND

/* A pe_ind_info check: parameter 0 (fast) below parameter 1 (slow). */
int pe_ind_fast_below_slow(const double *p, char *why, size_t n);

/* TA-Lib's TA_IS_ZERO: within 1e-14 of zero (its guard before dividing). */
static inline int
pe_is_zero(double v)
{
	return v > -1e-14 && v < 1e-14;
}

/* Write v at p (8 bytes: a double or an int64), logging the old value. */
static inline void
pe_w(struct pe_undo *u, void *p, const void *v)
{
	if (u != NULL) {
		u->slot[u->n] = p;
		memcpy(&u->old[u->n], p, 8);
		u->n++;
	}
	memcpy(p, v, 8);
}

static inline void
pe_wd(struct pe_undo *u, double *p, double v)
{
	pe_w(u, p, &v);
}

/*
 * A ring of the last cap doubles: push writes one slot; ago(0) is the
 * newest, ago(k) the value k pushes before it.  Reading more than the
 * pushes made so far gives 0.
 */
struct pe_ring {
	double *buf;
	uint32_t cap, head;	/* head: index of the newest */
};

static inline void
pe_ring_init(struct pe_ring *r, double *mem, uint32_t cap)
{
	r->buf = mem;
	r->cap = cap;
	r->head = cap - 1;
	memset(mem, 0, cap * sizeof *mem);
}

static inline void
pe_ring_push(struct pe_ring *r, double x, struct pe_undo *u)
{
	r->head = r->head + 1 == r->cap ? 0 : r->head + 1;
	pe_wd(u, &r->buf[r->head], x);
}

static inline double
pe_ring_ago(const struct pe_ring *r, uint32_t k)
{
	uint32_t i = r->head >= k ? r->head - k : r->head + r->cap - k;

	return r->buf[i];
}

/* Bytes for the rings of a state: n doubles. */
static inline size_t
pe_doubles(double n)
{
	return (size_t)n * sizeof(double);
}

/*
 * Copy n bytes a word at a time (a tail shorter than a word byte by
 * byte).  The state was just written field by field; wider loads of it
 * (what a struct copy or memcpy compiles to) cannot be forwarded from
 * those 8-byte stores and wait for them to reach the cache: with the
 * 384 bytes of macd's former state, that wait was a quarter of a stream
 * step.  The empty asm keeps each word in a register, so the compiler
 * cannot merge the loads again.
 */
static inline void
pe_copy_words(void *dst, const void *src, size_t n)
{
	uint64_t w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, (const char *)src + i, 8);
		__asm__("" : "+r"(w));
		memcpy((char *)dst + i, &w, 8);
	}
	memcpy((char *)dst + i, (const char *)src + i, n - i);
}

/*
 * PE_IND_DEFINE(name, TYPE, NOUT): from a static inline
 *   int name_step(TYPE *s, const struct pe_bar *b, double *out,
 *       struct pe_undo *u)
 * make the registry's stream step (through a pointer) and batch loop (the
 * step inlined, u NULL so no logging, on a local copy of the state: through
 * a pointer, every store to the outputs or rings might alias its fields and
 * force the compiler to reload them each bar).  The step returns 1 when its NOUT
 * outputs are defined; both forms write NaN where it returns 0.
 *
 * The stream step saves the state into prev and clears the undo log
 * itself: with TYPE and NOUT known there, the copy is a few moves, not a
 * memcpy call of a size read from the registry.
 */
#define PE_IND_DEFINE(name, TYPE, NOUT)					\
static int								\
name##_stream(void *st, void *prev, const struct pe_bar *b,		\
    double *out, struct pe_undo *u)					\
{									\
	int k, ok;							\
									\
	pe_copy_words(prev, st, sizeof(TYPE));				\
	u->n = 0;							\
	ok = name##_step((TYPE *)st, b, out, u);			\
	if (!ok)							\
		for (k = 0; k < (NOUT); k++)				\
			out[k] = NAN;					\
	return ok;							\
}									\
									\
static void								\
name##_batch(void *st, size_t n, const struct pe_cols *in,		\
    double *const *out)							\
{									\
	TYPE s = *(TYPE *)st;	/* a local copy: no store aliases it */	\
	struct pe_bar b;						\
	double o[NOUT];							\
	size_t i;							\
	int k, ok;							\
									\
	for (i = 0; i < n; i++) {					\
		pe_cols_bar(in, i, &b);					\
		ok = name##_step(&s, &b, o, NULL);			\
		for (k = 0; k < (NOUT); k++)				\
			out[k][i] = ok ? o[k] : NAN;			\
	}								\
	*(TYPE *)st = s;						\
}

/* The .scalar_size, .init, .step and .batch members for name. */
#define PE_IND_FUNCS(name, TYPE)	PE_IND_FUNCS_INIT(name, TYPE, name##_init)

/* The same, for indicators of one family sharing an init function. */
#define PE_IND_FUNCS_INIT(name, TYPE, initfn)				\
	.scalar_size = sizeof(TYPE),					\
	.init = initfn,							\
	.step = name##_stream,						\
	.batch = name##_batch

#endif
