/*
 * test_json.c: lib/core/json.h, the one-object-a-line scanner: members
 * of every kind and their text, nested values skipped whole, where a
 * fault lies (in a value or not), the depth limit, and decoding strings.
 *
 * tests/fuzz/fuzz_json.c compares the scanner with jansson on any line.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "json.h"

/* Scan line: the members' keys and values as "key=KIND:text" joined by
 * spaces, then " end" (0), " fail" or " fail-in-value" (-1). */
static const char *
scan(const char *line)
{
	static const char kinds[] = "snTFNoa";
	static char out[1024];
	struct pe_json j;
	struct pe_json_tok key, val;
	size_t len = 0;
	int rc;

	if (pe_json_open(&j, line, strlen(line)) != 0)
		return "no object";
	out[0] = '\0';
	while ((rc = pe_json_next(&j, &key, &val)) == 1)
		len += (size_t)snprintf(out + len, sizeof out - len,
		    "%.*s=%c%s:%.*s ", (int)key.n, key.s, kinds[val.kind],
		    val.esc ? "\\" : "", (int)val.n, val.s);
	snprintf(out + len, sizeof out - len, "%s", rc == 0 ? "end" :
	    j.in_value ? "fail-in-value" : "fail");
	return out;
}

static void
test_members(void)
{
	CHECK_STR(scan("{}"), "end", "an empty object");
	CHECK_STR(scan(" \t{ }\r\n"), "end", "blanks around");
	CHECK_STR(scan("{\"a\":\"x\",\"b\":-1.5e+3,\"c\":true,\"d\":false,"
	    "\"e\":null}"), "a=s:x b=n:-1.5e+3 c=T:true d=F:false e=N:null "
	    "end", "one value of each plain kind, in order");
	CHECK_STR(scan("{ \"k\" : 0 , \"k\" : \"\" }"), "k=n:0 k=s: end",
	    "blanks everywhere, a key twice, an empty string");
	CHECK_STR(scan("{\"a\":{\"b\":[1,{\"c\":\"}\"}],\"d\":[]},\"e\":[ ]}"),
	    "a=o:{\"b\":[1,{\"c\":\"}\"}],\"d\":[]} e=a:[ ] end",
	    "nested values whole, a brace inside a string");
	CHECK_STR(scan("{\"q\\\"\":\"a\\\\b\\u00e9\"}"),
	    "q\\\"=s\\:a\\\\b\\u00e9 end", "escapes as written, esc set");
}

static void
test_faults(void)
{
	static const struct {
		const char *line, *want;
	} t[] = {
		{ "", "no object" }, { "  \n", "no object" },
		{ "[1]", "no object" }, { "x{}", "no object" },
		{ "{", "fail" }, { "{\"a\":1", "a=n:1 fail" },
		{ "{\"a\":1,}", "a=n:1 fail" }, { "{,}", "fail" },
		{ "{\"a\":1 \"b\":2}", "a=n:1 fail" }, { "{\"a\" 1}", "fail" },
		{ "{a:1}", "fail" }, { "{\"a\":1} x", "a=n:1 fail" },
		{ "{} {}", "fail" }, { "{\"a\\x\":1}", "fail" },
		{ "{\"a\":}", "fail-in-value" }, { "{\"a\":", "fail-in-value" },
		{ "{\"a\":tru}", "fail-in-value" },
		{ "{\"a\":nul}", "fail-in-value" },
		{ "{\"a\":01}", "a=n:0 fail" },
		{ "{\"a\":1.}", "fail-in-value" },
		{ "{\"a\":.5}", "fail-in-value" },
		{ "{\"a\":-}", "fail-in-value" },
		{ "{\"a\":+1}", "fail-in-value" },
		{ "{\"a\":1e}", "fail-in-value" },
		{ "{\"a\":\"\\x\"}", "fail-in-value" },
		{ "{\"a\":\"\\u12g4\"}", "fail-in-value" },
		{ "{\"a\":\"tab\there\"}", "fail-in-value" },
		{ "{\"a\":\"open}", "fail-in-value" },
		{ "{\"a\":[1,]}", "fail-in-value" },
		{ "{\"a\":[1}]}", "fail-in-value" },
		{ "{\"a\":{\"b\"}}", "fail-in-value" },
		{ "{\"a\":{1:2}}", "fail-in-value" },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		CHECK_STR(scan(t[i].line), t[i].want, "%s", t[i].line);
}

/* The same answer again after the end or a fault. */
static void
test_sticky(void)
{
	struct pe_json j;
	struct pe_json_tok k, v;

	pe_json_open(&j, "{\"a\":1}", 7);
	CHECK(pe_json_next(&j, &k, &v) == 1 && pe_json_next(&j, &k, &v) == 0 &&
	    pe_json_next(&j, &k, &v) == 0, "0 again after the end");
	pe_json_open(&j, "{\"a\":x}", 7);
	CHECK(pe_json_next(&j, &k, &v) == -1 && j.in_value &&
	    pe_json_next(&j, &k, &v) == -1, "-1 again after a fault");
	CHECK(pe_json_open(&j, "{\"a\":1}", 3) == 0 &&
	    pe_json_next(&j, &k, &v) == -1, "the length bounds the line");
}

/* How a scan of line ends: 0, -1 for a fault, -2 for one in a value. */
static int
outcome(const char *line)
{
	struct pe_json j;
	struct pe_json_tok k, v;
	int rc;

	if (pe_json_open(&j, line, strlen(line)) != 0)
		return -3;
	while ((rc = pe_json_next(&j, &k, &v)) == 1)
		;
	return rc == 0 ? 0 : j.in_value ? -2 : -1;
}

/* A value of depth arrays: "{\"a\":[[...]]}". */
static char *
nested(int depth)
{
	char *s = malloc((size_t)depth * 2 + 8);
	int i, n = 0;

	if (s == NULL)
		return NULL;
	n += sprintf(s, "{\"a\":");
	for (i = 0; i < depth; i++)
		s[n++] = '[';
	for (i = 0; i < depth; i++)
		s[n++] = ']';
	s[n++] = '}';
	s[n] = '\0';
	return s;
}

static void
test_depth(void)
{
	char *ok = nested(PE_JSON_DEPTH), *deep = nested(PE_JSON_DEPTH + 1);

	CHECK(ok != NULL && deep != NULL, "memory");
	if (ok == NULL || deep == NULL) {
		free(ok);
		free(deep);
		return;
	}
	CHECK(outcome(ok) == 0, "PE_JSON_DEPTH levels of arrays");
	CHECK(outcome(deep) == -2, "one level more is refused, in the value");
	free(ok);
	free(deep);
}

/* The first string value of line, decoded into a buffer of cap bytes. */
static long
decode(const char *line, char *out, size_t cap)
{
	struct pe_json j;
	struct pe_json_tok k, v;

	if (pe_json_open(&j, line, strlen(line)) != 0 ||
	    pe_json_next(&j, &k, &v) != 1 || v.kind != PE_JSON_STRING)
		return -2;
	return pe_json_decode(&v, out, cap);
}

static void
test_decode(void)
{
	char out[64];
	long n;

	n = decode("{\"k\":\"a\\\"\\\\\\/\\b\\f\\n\\r\\tz\"}", out, sizeof out);
	CHECK(n == 10 && memcmp(out, "a\"\\/\b\f\n\r\tz", 11) == 0,
	    "the short escapes: %ld", n);
	n = decode("{\"k\":\"\\u0041\\u00e9\\u20ac\\ud83d\\ude00\"}", out,
	    sizeof out);
	CHECK(n == 10 && strcmp(out, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80") ==
	    0, "\\u escapes to UTF-8, a surrogate pair as one character");
	n = decode("{\"k\":\"\\udc00\\ud800x\"}", out, sizeof out);
	CHECK(n == 7 && strcmp(out, "\xed\xb0\x80\xed\xa0\x80x") == 0,
	    "lone surrogates: three bytes each");
	n = decode("{\"k\":\"a\\u0000b\"}", out, sizeof out);
	CHECK(n == 3 && memcmp(out, "a\0b", 4) == 0, "\\u0000 inside");
	n = decode("{\"k\":\"caf\xc3\xa9\"}", out, sizeof out);
	CHECK(n == 5 && strcmp(out, "caf\xc3\xa9") == 0,
	    "raw UTF-8 copied as it is");
	CHECK(decode("{\"k\":\"abcd\"}", out, 5) == 4 && strcmp(out, "abcd") ==
	    0, "exactly fits (with its NUL)");
	n = decode("{\"k\":\"abcde\"}", out, 5);
	CHECK(n == -1 && strlen(out) < 5, "one byte too long: -1, cut, "
	    "NUL-terminated");
	CHECK(decode("{\"k\":\"\\u00e9\"}", out, 2) == -1,
	    "a character does not fit in part");
	CHECK(decode("{\"k\":\"\"}", out, 1) == 0 && out[0] == '\0',
	    "the empty string in one byte");
}

static void
test_blank(void)
{
	const char *s = " \t\r\nx ";

	CHECK(pe_json_blank(s, s + 6) == s + 4, "space, tab, CR, LF");
	CHECK(pe_json_blank(s, s + 3) == s + 3, "stops at the end");
	CHECK(pe_json_blank("\v", (const char *)"\v" + 1)[0] == '\v',
	    "a vertical tab is not JSON's blank");
}

int
main(void)
{
	test_members();
	test_faults();
	test_sticky();
	test_depth();
	test_decode();
	test_blank();
	return done();
}
