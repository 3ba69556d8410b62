/*
 * registry.c: the table of indicators (from list.h), lookup by name, and
 * indicator instances: defaults, parameter checks, memory, the stream
 * step with its O(1) undo, batch.  See pe_ind.h (suggest.c suggests
 * names).
 *
 * Bloat: no hashing (the table is small), no thread safety per instance.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ind.h"

static const struct pe_ind_info *const table[] = {
#define PE_IND(name) &pe_ind_##name,
#include "list.h"
#undef PE_IND
};

#define NTABLE (sizeof table / sizeof table[0])

size_t
pe_ind_count(void)
{
	return NTABLE;
}

const struct pe_ind_info *
pe_ind_at(size_t i)
{
	return i < NTABLE ? table[i] : NULL;
}

const struct pe_ind_info *
pe_ind_find(const char *name)
{
	size_t i;

	for (i = 0; i < NTABLE; i++)
		if (strcmp(table[i]->name, name) == 0)
			return table[i];
	return NULL;
}

void
pe_ind_defaults(const struct pe_ind_info *info, double *p, int given)
{
	int i, j;

	for (i = given < 0 ? 0 : given; i < info->nparams; i++) {
		p[i] = info->param[i].def;
		for (j = 0; info->def_from[i] != NULL && j < i; j++)
			if (strcmp(info->param[j].name, info->def_from[i]) == 0)
				p[i] = p[j];
	}
}

/* TA-Lib's MAType numbers. */
static const char *const ma_words[] = {
	"sma", "ema", "wma", "dema", "tema", "trima", "kama", "mama", "t3"
};

int
pe_ma_parse(const char *word)
{
	size_t i;

	for (i = 0; i < sizeof ma_words / sizeof ma_words[0]; i++)
		if (ma_words[i] != NULL && strcmp(ma_words[i], word) == 0)
			return (int)i;
	return -1;
}

const char *
pe_ma_name(int type)
{
	if (type < 0 || (size_t)type >= sizeof ma_words / sizeof ma_words[0])
		return NULL;
	return ma_words[type];
}

struct pe_ind {
	const struct pe_ind_info *info;
	double p[PE_IND_MAXPARAMS];
	long lookback;
	void *st, *prev, *rings;
	size_t nbars;
	int can_undo;		/* prev and undo describe the last step */
	struct pe_undo undo;
};

static size_t
align16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

/*
 * The check of the indicators with a fast and a slow period, parameters
 * 0 and 1 (macd, macdext, apo, ppo, adosc): fast must be below slow.
 * TA-Lib swaps them when fast > slow (and gives zeros when they are
 * equal); pe refuses, so that a column named macd_26_12_9 is never the
 * MACD of 12 and 26.
 */
int
pe_ind_fast_below_slow(const double *p, char *why, size_t n)
{
	if (p[0] < p[1])
		return 0;
	snprintf(why, n, "fast period %g must be below slow period %g", p[0],
	    p[1]);
	return -1;
}

/* Each parameter in its range and of its type; then the info's check. */
int
pe_ind_check(const struct pe_ind_info *info, const double *p,
    struct pe_error *err)
{
	const struct pe_ind_param *d;
	char why[PE_ERRMSG_MAX];
	int i;

	for (i = 0; i < info->nparams; i++) {
		d = &info->param[i];
		if (!(p[i] >= d->min && p[i] <= d->max) ||
		    (d->type != PE_P_REAL && p[i] != floor(p[i])))
			return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
			    "%s: %s must be %s from %g to %g (got %g)",
			    info->name, d->name, d->type == PE_P_REAL ?
			    "a number" : "a whole number", d->min, d->max,
			    p[i]);
		if (d->type == PE_P_MA && pe_ma_name((int)p[i]) == NULL)
			return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
			    "%s: %s must be one of " PE_MA_WORDS, info->name,
			    d->name);
	}
	if (info->check != NULL && info->check(p, why, sizeof why) != 0)
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0, "%s: %s",
		    info->name, why);
	return PE_OK;
}

struct pe_ind *
pe_ind_new(const struct pe_ind_info *info, const double *params,
    struct pe_error *err)
{
	struct pe_ind *ind;
	double p[PE_IND_MAXPARAMS] = { 0 };
	size_t head, scal, rings;

	if (params != NULL)
		memcpy(p, params, (size_t)info->nparams * sizeof *p);
	else
		pe_ind_defaults(info, p, 0);
	if (pe_ind_check(info, p, err) != PE_OK)
		return NULL;
	head = align16(sizeof *ind);
	scal = align16(info->scalar_size);
	rings = info->ring_size != NULL ? info->ring_size(p) : 0;
	if ((ind = calloc(1, head + 2 * scal + rings)) == NULL) {
		pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	ind->info = info;
	memcpy(ind->p, p, sizeof p);
	ind->lookback = info->lookback(p);
	ind->st = (char *)ind + head;
	ind->prev = (char *)ind->st + scal;
	ind->rings = (char *)ind->prev + scal;
	info->init(ind->st, ind->p, ind->rings);
	return ind;
}

void
pe_ind_free(struct pe_ind *ind)
{
	free(ind);
}

const struct pe_ind_info *
pe_ind_info_of(const struct pe_ind *ind)
{
	return ind->info;
}

const double *
pe_ind_params(const struct pe_ind *ind)
{
	return ind->p;
}

long
pe_ind_lookback(const struct pe_ind *ind)
{
	return ind->lookback;
}

int
pe_ind_step(struct pe_ind *ind, const struct pe_bar *b, double *out)
{
	ind->nbars++;
	ind->can_undo = 1;
	return ind->info->step(ind->st, ind->prev, b, out, &ind->undo);
}

int
pe_ind_replace(struct pe_ind *ind, const struct pe_bar *b, double *out)
{
	int i;

	if (ind->nbars == 0)
		return pe_ind_step(ind, b, out);
	if (!ind->can_undo)
		return -1;
	for (i = ind->undo.n - 1; i >= 0; i--)
		memcpy(ind->undo.slot[i], &ind->undo.old[i], 8);
	memcpy(ind->st, ind->prev, ind->info->scalar_size);
	return ind->info->step(ind->st, ind->prev, b, out, &ind->undo);
}

void
pe_ind_reset(struct pe_ind *ind)
{
	ind->info->init(ind->st, ind->p, ind->rings);
	ind->nbars = 0;
	ind->can_undo = 0;
}

void
pe_ind_batch(struct pe_ind *ind, size_t n, const struct pe_cols *in,
    double *const *out)
{
	pe_ind_reset(ind);
	ind->info->batch(ind->st, n, in, out);
	ind->nbars = n;
}

/*
 * Saved states.  A state is plain scalars but for its pointers into its
 * own rings, which init sets.  Which words those are is found by
 * initialising two scratch states over two ring blocks: a word that
 * differs between them is a ring pointer, at the same offset in both.
 * Anything else that differs (a pointer into the scalars themselves)
 * makes the state one that cannot be saved.
 */

#define SAVE_MAGIC "pis2"	/* bump the digit when the layout changes */

struct save_head {
	char magic[4];
	uint32_t nparams;
	char name[24];		/* the indicator's, cut */
	double p[PE_IND_MAXPARAMS];
	uint64_t nbars, scal, rings, base;
};

static size_t
ring_bytes(const struct pe_ind *ind)
{
	return ind->info->ring_size != NULL ? ind->info->ring_size(ind->p) :
	    0;
}

/*
 * ptr[w] (one per 8-byte word of the scalars) set to 1 where init puts a
 * pointer into the rings, else 0.  0, or -1 when out of memory or when
 * init sets something else that depends on where the state lies.
 */
static int
ring_words(const struct pe_ind *ind, unsigned char *ptr, size_t nw)
{
	const size_t scal = align16(ind->info->scalar_size);
	const size_t rings = align16(ring_bytes(ind));
	unsigned char *a, *b, *ra, *rb;
	uint64_t wa, wb;
	size_t w, i;
	int rc = 0;

	if ((a = calloc(1, 2 * scal + 2 * rings + 16)) == NULL)
		return -1;
	b = a + scal;
	ra = b + scal;
	rb = ra + rings + 16;
	ind->info->init(a, ind->p, ra);
	ind->info->init(b, ind->p, rb);
	for (w = 0; w < nw; w++) {
		memcpy(&wa, a + 8 * w, 8);
		memcpy(&wb, b + 8 * w, 8);
		ptr[w] = wa != wb;
		if (wa != wb && wa - (uint64_t)(uintptr_t)ra !=
		    wb - (uint64_t)(uintptr_t)rb)
			rc = -1;
	}
	for (i = 8 * nw; i < ind->info->scalar_size; i++)
		if (a[i] != b[i])
			rc = -1;
	free(a);
	return rc;
}

int
pe_ind_save(const struct pe_ind *ind, struct pe_buf *b)
{
	struct save_head h;

	memset(&h, 0, sizeof h);
	memcpy(h.magic, SAVE_MAGIC, 4);
	h.nparams = (uint32_t)ind->info->nparams;
	strncpy(h.name, ind->info->name, sizeof h.name - 1);
	memcpy(h.p, ind->p, sizeof h.p);
	h.nbars = ind->nbars;
	h.scal = ind->info->scalar_size;
	h.rings = ring_bytes(ind);
	h.base = (uint64_t)(uintptr_t)ind->rings;
	pe_buf_put(b, (const char *)&h, sizeof h);
	pe_buf_put(b, ind->st, (size_t)h.scal);
	pe_buf_put(b, ind->rings, (size_t)h.rings);
	return b->oom ? PE_ERR_NOMEM : PE_OK;
}

int
pe_ind_load(struct pe_ind *ind, const void *data, size_t len)
{
	const unsigned char *d = data;
	const size_t scal = ind->info->scalar_size, rings = ring_bytes(ind);
	const size_t nw = scal / 8;
	unsigned char ptr[4096 / 8 + 1], *st;
	struct save_head h, want;
	uint64_t v;
	size_t w;

	if (len != sizeof h + scal + rings || nw >= sizeof ptr)
		return PE_ERR_FORMAT;
	memcpy(&h, d, sizeof h);
	memset(&want, 0, sizeof want);
	strncpy(want.name, ind->info->name, sizeof want.name - 1);
	if (memcmp(h.magic, SAVE_MAGIC, 4) != 0 ||
	    h.nparams != (uint32_t)ind->info->nparams ||
	    memcmp(h.name, want.name, sizeof h.name) != 0 ||
	    memcmp(h.p, ind->p, sizeof h.p) != 0 || h.scal != scal ||
	    h.rings != rings)
		return PE_ERR_FORMAT;
	if (ring_words(ind, ptr, nw) != 0)
		return PE_ERR_FORMAT;
	/* check every pointer before changing anything */
	for (w = 0; w < nw; w++) {
		memcpy(&v, d + sizeof h + 8 * w, 8);
		if (ptr[w] && (v < h.base || v - h.base > rings))
			return PE_ERR_FORMAT;
	}
	st = ind->st;
	memcpy(st, d + sizeof h, scal);
	memcpy(ind->rings, d + sizeof h + scal, rings);
	for (w = 0; w < nw; w++) {
		if (!ptr[w])
			continue;
		memcpy(&v, st + 8 * w, 8);
		v = v - h.base + (uint64_t)(uintptr_t)ind->rings;
		memcpy(st + 8 * w, &v, 8);
	}
	ind->nbars = (size_t)h.nbars;
	ind->can_undo = 0;
	return PE_OK;
}
