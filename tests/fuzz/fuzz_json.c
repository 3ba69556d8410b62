/*
 * fuzz_json.c: libFuzzer target for the one-object-a-line JSON scanner
 * (lib/core/json.h) against jansson.
 *
 * The whole input is one line for both.  When jansson reads an object
 * (from a line without a NUL byte, which jansson passes over between
 * tokens), the scanner must walk it to its end, member by member: each
 * key (once decoded) one of the object's, each value of the kind jansson
 * gives it, strings decoding to the same bytes, as many distinct keys as
 * jansson holds.  When the scanner walks an object to its end, jansson
 * must read it too, unless what jansson refuses is one of the things the
 * scanner leaves to its callers: bytes that are not UTF-8, a lone
 * surrogate, a \u0000, an integer or a real too large for it.  Every
 * string decodes into n + 1 bytes (no escape grows), and a shorter buffer
 * fails cleanly.  pe_signal_parse, which reads signal lines through the
 * scanner, takes a line only when the scanner walks it whole, and fails
 * with a sentence otherwise.
 *
 * Bloat: no comparison of numbers' values (the scanner does not convert
 * them), keys matched by their decoded text only.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "json.h"
#include "pe_signal.h"

#define MAX_MEMBERS 256	/* members compared; a longer object is only walked */

/* Whether jansson's refusal is one the scanner does not make. */
static int
left_to_callers(const char *why)
{
	return strstr(why, "unable to decode byte") != NULL ||
	    strstr(why, "invalid Unicode") != NULL ||
	    strstr(why, "\\u0000 is not allowed") != NULL ||
	    strstr(why, "NUL byte in object key") != NULL ||
	    strstr(why, "too big") != NULL ||
	    strstr(why, "real number overflow") != NULL;
}

/* The kind jansson gives v, as the scanner names it. */
static enum pe_json_kind
kind_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return PE_JSON_OBJECT;
	case JSON_ARRAY: return PE_JSON_ARRAY;
	case JSON_STRING: return PE_JSON_STRING;
	case JSON_TRUE: return PE_JSON_TRUE;
	case JSON_FALSE: return PE_JSON_FALSE;
	case JSON_NULL: return PE_JSON_NULL;
	default: return PE_JSON_NUMBER;
	}
}

/* t decoded into a new buffer of t->n + 1 bytes; a smaller one must fail
 * and stay NUL-terminated. */
static char *
decoded(const struct pe_json_tok *t, long *len)
{
	char *out = malloc(t->n + 1), small[4];
	long n;

	if (out == NULL)
		return NULL;
	*len = pe_json_decode(t, out, t->n + 1);
	FUZZ_CHECK(*len >= 0 && (size_t)*len <= t->n && out[*len] == '\0');
	n = pe_json_decode(t, small, sizeof small);
	FUZZ_CHECK(n == (*len < (long)sizeof small ? *len : -1));
	FUZZ_CHECK(memchr(small, '\0', sizeof small) != NULL);
	return out;
}

struct member {
	char *key;
	long klen;
	struct pe_json_tok v;
};

/* The members against jansson's object: for each key, its last value
 * (jansson keeps the last of twins) of the same kind, a string with the
 * same bytes; as many distinct keys. */
static void
compare(const json_t *obj, const struct member *m, size_t n)
{
	size_t i, k, distinct = 0;
	const json_t *jv;
	char *str;
	long slen;

	for (i = 0; i < n; i++) {
		for (k = i + 1; k < n; k++)
			if (m[k].klen == m[i].klen &&
			    memcmp(m[k].key, m[i].key, (size_t)m[i].klen) == 0)
				break;
		if (k < n)
			continue;	/* not the last of its key */
		distinct++;
		jv = json_object_getn(obj, m[i].key, (size_t)m[i].klen);
		FUZZ_CHECK(jv != NULL);
		FUZZ_CHECK(kind_of(jv) == m[i].v.kind);
		if (m[i].v.kind != PE_JSON_STRING ||
		    (str = decoded(&m[i].v, &slen)) == NULL)
			continue;
		FUZZ_CHECK((size_t)slen == json_string_length(jv));
		FUZZ_CHECK(memcmp(str, json_string_value(jv),
		    (size_t)slen) == 0);
		free(str);
	}
	FUZZ_CHECK(distinct == json_object_size(obj));
}

/* Walk the line's object (comparing it with obj when not NULL); returns
 * the scan's end (0 or -1). */
static int
walk(const char *line, size_t n, const json_t *obj)
{
	struct member m[MAX_MEMBERS];
	struct pe_json j;
	struct pe_json_tok k, v;
	size_t nm = 0, i;
	int rc, all = 1;

	if (pe_json_open(&j, line, n) != 0)
		return -1;
	while ((rc = pe_json_next(&j, &k, &v)) == 1) {
		FUZZ_CHECK(k.kind == PE_JSON_STRING);
		FUZZ_CHECK(v.s >= line && v.s + v.n <= line + n);
		if (v.kind != PE_JSON_STRING)
			FUZZ_CHECK(v.n > 0 && v.esc == 0);
		if (nm == MAX_MEMBERS || (m[nm].key = decoded(&k,
		    &m[nm].klen)) == NULL) {
			all = 0;
			continue;
		}
		m[nm++].v = v;
	}
	FUZZ_CHECK(pe_json_next(&j, &k, &v) == rc);
	if (rc == 0 && obj != NULL && all)
		compare(obj, m, nm);
	for (i = 0; i < nm; i++)
		free(m[i].key);
	return rc;
}

/* Levels of arrays and objects in v, itself included. */
static size_t
depth_of(json_t *v)
{
	size_t d = 0, i, e;
	const char *key;
	json_t *x;

	if (json_is_object(v))
		json_object_foreach(v, key, x)
			d = (e = depth_of(x)) > d ? e : d;
	else if (json_is_array(v))
		json_array_foreach(v, i, x)
			d = (e = depth_of(x)) > d ? e : d;
	else
		return 0;
	return d + 1;
}

/* pe_signal_parse on the line: a signal or no signal only for a line the
 * scanner reads whole (or a blank one), a sentence for a bad one. */
static void
check_signal(const char *line, size_t size)
{
	struct pe_signal_match sg;
	const char *why = NULL;
	int rc = pe_signal_parse(line, size, &sg, &why);

	FUZZ_CHECK(rc >= -1 && rc <= 1);
	FUZZ_CHECK(memchr(sg.symbol, '\0', sizeof sg.symbol) != NULL);
	if (rc < 0)
		FUZZ_CHECK(why != NULL && why[0] != '\0');
	else if (pe_json_blank(line, line + size) != line + size)
		FUZZ_CHECK(walk(line, size, NULL) == 0);
	if (rc == 1)
		FUZZ_CHECK(sg.type == PE_FT_SCAN || sg.type == PE_FT_ENTRY ||
		    sg.type == PE_FT_EXIT || sg.type == PE_FT_SHORT ||
		    sg.type == PE_FT_COVER);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *line = (const char *)data;
	json_error_t jerr;
	json_t *obj;

	obj = json_loadb(line, size, 0, &jerr);
	if (obj != NULL && !json_is_object(obj)) {
		json_decref(obj);
		obj = NULL;
	}
	/* jansson passes over a NUL byte between tokens; JSON has none. */
	if (obj != NULL && depth_of(obj) <= PE_JSON_DEPTH + 1 &&
	    memchr(line, '\0', size) == NULL)
		FUZZ_CHECK(walk(line, size, obj) == 0);
	else if (obj == NULL && walk(line, size, NULL) == 0) {
		if (!left_to_callers(jerr.text))
			fprintf(stderr, "jansson: %s\n", jerr.text);
		FUZZ_CHECK(left_to_callers(jerr.text));
	}
	json_decref(obj);
	check_signal(line, size);
	return 0;
}
