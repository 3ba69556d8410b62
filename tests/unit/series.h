/*
 * series.h: the unit tests' reading of a real series from tests/data
 * (header-only, like harness.h).  load_series("goog_2004_2008") is that
 * file's one series, sorted as pe-load leaves it; the caller frees it
 * with pe_series_free.  A file that cannot be read ends the test (exit 2).
 */
#ifndef PE_TEST_SERIES_H
#define PE_TEST_SERIES_H

#include <stdio.h>
#include <stdlib.h>

#include "pe_load.h"
#include "pe_series.h"

static inline struct pe_series *
load_series(const char *name)
{
	struct pe_read_opts opts = { .sorted = 1 };
	struct pe_set *set = pe_set_new();
	struct pe_series *s;
	struct pe_error err;
	char path[256];

	snprintf(path, sizeof path, "tests/data/%s.csv", name);
	if (set == NULL || pe_load_path(path, &opts, set, 0, NULL, NULL,
	    &err) != PE_OK) {
		fprintf(stderr, "%s: %s\n", path, set ? err.msg : "no memory");
		exit(2);
	}
	s = set->v[0];
	set->v[0] = NULL;
	set->n = 0;
	pe_set_free(set);
	return s;
}

#endif
