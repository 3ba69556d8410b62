/*
 * fuzz_cache.c: libFuzzer target for what pe_cache reads back from disk.
 *
 * The bytes are taken twice.  As the data of a candles entry: when
 * pe_cache_decode_set accepts them, encoding the set and decoding that
 * again must give the same series, bit for bit.  As a whole segment file
 * in a fresh cache directory: opening the cache, looking up a few keys
 * (found data must lie inside what was read) and trimming it must neither
 * crash nor leak, whatever the file holds.
 *
 * Bloat: one segment per input (a cache of several damaged segments is
 * the unit test's).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "pe_cache.h"

static int
same_series(const struct pe_series *a, const struct pe_series *b)
{
	size_t c = a->n * sizeof(double);

	if (strcmp(a->symbol, b->symbol) != 0 || a->n != b->n ||
	    a->has_volume != b->has_volume || a->date_only != b->date_only)
		return 0;
	return a->n == 0 ||	/* no columns to compare (maybe none at all) */
	    (memcmp(a->time, b->time, c) == 0 &&
	    memcmp(a->open, b->open, c) == 0 &&
	    memcmp(a->high, b->high, c) == 0 &&
	    memcmp(a->low, b->low, c) == 0 &&
	    memcmp(a->close, b->close, c) == 0 &&
	    memcmp(a->volume, b->volume, c) == 0);
}

static void
fuzz_decode(const uint8_t *data, size_t size)
{
	struct pe_set *a = pe_set_new(), *b = pe_set_new();
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, i;

	FUZZ_CHECK(a != NULL && b != NULL);
	if (pe_cache_decode_set(data, size, a) == PE_OK) {
		FUZZ_CHECK(pe_cache_encode_set(a, &buf, &len, &cap) == PE_OK);
		FUZZ_CHECK(pe_cache_decode_set(buf, len, b) == PE_OK);
		FUZZ_CHECK(a->n == b->n);
		for (i = 0; i < a->n; i++)
			FUZZ_CHECK(same_series(a->v[i], b->v[i]));
	}
	free(buf);
	pe_set_free(a);
	pe_set_free(b);
}

static void
fuzz_segment(const uint8_t *data, size_t size)
{
	static const char *keys[] = { "k", "", "candles", "key" };
	char dir[] = "/tmp/pe-fuzz-cache.XXXXXX", path[128];
	struct pe_cache_stats st = { 0 };
	struct pe_cache *c;
	const void *d;
	size_t i, len;
	FILE *fp;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof path, "%s/seg-0000000000000001-1-1.pec", dir);
	if ((fp = fopen(path, "wb")) != NULL) {
		fwrite(data, 1, size, fp);
		fclose(fp);
	}
	if ((c = pe_cache_open(dir, NULL)) != NULL) {
		for (i = 0; i < sizeof keys / sizeof *keys; i++)
			if (pe_cache_get(c, keys[i], strlen(keys[i]), &d, &len))
				FUZZ_CHECK(len < size);
		pe_cache_close(c);
	}
	pe_cache_trim(dir, 0, &st, NULL);
	unlink(path);
	rmdir(dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_decode(data, size);
	fuzz_segment(data, size);
	return 0;
}
