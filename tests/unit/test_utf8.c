/*
 * test_utf8.c: well-formed UTF-8 (lib/core/pe_utf8.h) and the writers
 * that rely on it: every byte sequence of RFC 3629's table and its
 * near misses (overlong forms, surrogates, above U+10FFFF, cut short,
 * stray continuation bytes); U+FFFD in place of each bad byte, cut at a
 * character's end; bytes shown escaped for messages; and pe_buf_json,
 * pe_buf_csv, pe_symbol_encode and pe_load_symbol_of, which write valid
 * UTF-8 whatever they are given (issue 15, finding 8).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pe_buf.h"
#include "pe_candle.h"
#include "pe_load.h"
#include "pe_utf8.h"

#define R PE_UTF8_REPLACEMENT

static void
test_len(void)
{
	static const struct {
		const char *s;
		size_t len;
	} cases[] = {
		{ "a", 1 }, { "\x7f", 1 }, { "\x01", 1 },
		{ "\xc2\x80", 2 }, { "\xdf\xbf", 2 }, { "\xc3\xa9", 2 },
		{ "\xe0\xa0\x80", 3 }, { "\xef\xbf\xbd", 3 },
		{ "\xed\x9f\xbf", 3 }, { "\xee\x80\x80", 3 },
		{ "\xf0\x90\x80\x80", 4 }, { "\xf4\x8f\xbf\xbf", 4 },
		/* not UTF-8 */
		{ "\x80", 0 }, { "\xbf", 0 }, { "\xc0\xaf", 0 },
		{ "\xc1\xbf", 0 }, { "\xe0\x9f\xbf", 0 }, { "\xed\xa0\x80", 0 },
		{ "\xed\xbf\xbf", 0 }, { "\xf0\x8f\xbf\xbf", 0 },
		{ "\xf4\x90\x80\x80", 0 }, { "\xf5\x80\x80\x80", 0 },
		{ "\xff", 0 }, { "\xe9", 0 }, { "\xc3", 0 }, { "\xe2\x82", 0 },
		{ "\xc3\x28", 0 }, { "\xe2\x28\xa1", 0 },
	};
	struct agg a = { 0 };
	size_t i, got;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		got = pe_utf8_len(cases[i].s, strlen(cases[i].s));
		if (got != cases[i].len)
			agg_fail(&a, "case %zu: %zu, expected %zu", i, got,
			    cases[i].len);
	}
	CHECK_AGG(a, "pe_utf8_len: RFC 3629's forms and their near misses");
	CHECK(pe_utf8_len("\xc3\xa9", 1) == 0 && pe_utf8_len("a", 0) == 0,
	    "pe_utf8_len: a character cut by n, and n 0, start none");
	CHECK(pe_utf8_valid("caf\xc3\xa9 \xe2\x89\xa5 \xf0\x9f\x93\x88", 14) &&
	    !pe_utf8_valid("caf\xe9", 4) && pe_utf8_valid("", 0),
	    "pe_utf8_valid: UTF-8 text yes, a Latin-1 byte no, empty yes");
}

static void
test_fix(void)
{
	char buf[32];

	CHECK(pe_utf8_fix("caf\xe9", buf, sizeof buf) == 1 &&
	    strcmp(buf, "caf" R) == 0, "pe_utf8_fix: caf\\xe9 is caf U+FFFD");
	CHECK(pe_utf8_fix("\xc0\xaf-\xed\xa0\x80", buf, sizeof buf) == 5 &&
	    strcmp(buf, R R "-" R R R) == 0,
	    "pe_utf8_fix: one U+FFFD per byte of an overlong form and a "
	    "surrogate (got \"%s\")", buf);
	CHECK(pe_utf8_fix("caf\xc3\xa9", buf, sizeof buf) == 0 &&
	    strcmp(buf, "caf\xc3\xa9") == 0, "pe_utf8_fix: UTF-8 unchanged");
	CHECK(pe_utf8_fix("ab\xe9", buf, 5) == 0 && strcmp(buf, "ab") == 0,
	    "pe_utf8_fix: cut before a U+FFFD that does not fit (\"%s\")",
	    buf);
	CHECK(pe_utf8_fix("a\xc3\xa9", buf, 3) == 0 && strcmp(buf, "a") == 0,
	    "pe_utf8_fix: cut at a character's end (\"%s\")", buf);
}

static void
test_shown(void)
{
	char buf[64];

	CHECK_STR(pe_utf8_shown("caf\xe9.csv", buf, sizeof buf), "caf\\xe9.csv",
	    "pe_utf8_shown: a bad byte as \\xHH");
	CHECK_STR(pe_utf8_shown("caf" R "\t\xc3\xa9\\", buf, sizeof buf),
	    "caf\\uFFFD\\x09\xc3\xa9\\", "pe_utf8_shown: U+FFFD as \\uFFFD, a "
	    "control byte escaped, a character and a backslash as they are");
	CHECK_STR(pe_utf8_shown("ab\xe9", buf, 6), "ab",
	    "pe_utf8_shown: never cut inside an escape");
}

static void
test_writers(void)
{
	struct pe_buf b = { 0 };
	char enc[PE_SYMBOL_ENCMAX + 1], sym[256];

	pe_buf_json(&b, "caf\xe9\"\xc3\xa9\xff\n");
	CHECK_STR(b.p, "\"caf" R "\\\"\xc3\xa9" R "\\n\"",
	    "pe_buf_json: U+FFFD for each bad byte, escapes kept");
	b.len = 0;
	pe_buf_csv(&b, "caf\xe9");
	pe_buf_putc(&b, '|');
	pe_buf_csv(&b, "a,\xe9\"");
	pe_buf_putc(&b, '|');
	pe_buf_csv(&b, "caf\xc3\xa9");
	CHECK_STR(b.p, "caf" R "|\"a," R "\"\"\"|caf\xc3\xa9",
	    "pe_buf_csv: U+FFFD for each bad byte, quoted or not");
	free(b.p);
	enc[pe_symbol_encode("caf\xe9", 1, enc)] = '\0';
	CHECK_STR(enc, "\"caf" R "\"", "pe_symbol_encode JSON: U+FFFD");
	enc[pe_symbol_encode("caf\xe9", 0, enc)] = '\0';
	CHECK_STR(enc, "caf" R, "pe_symbol_encode CSV: U+FFFD, no quotes");
	enc[pe_symbol_encode("a,\xe9", 0, enc)] = '\0';
	CHECK_STR(enc, "\"a," R "\"", "pe_symbol_encode CSV: quoted, U+FFFD");
	enc[pe_symbol_encode("caf\xc3\xa9", 1, enc)] = '\0';
	CHECK_STR(enc, "\"caf\xc3\xa9\"", "pe_symbol_encode: UTF-8 as is");
	CHECK_STR(pe_load_symbol_of("d/caf\xe9.csv", sym, sizeof sym),
	    "caf" R, "pe_load_symbol_of: a name that is not UTF-8");
	CHECK(pe_load_symbol_fixed("d/caf\xe9.csv") == 1 &&
	    pe_load_symbol_fixed("d\xe9/caf.csv") == 0 &&
	    pe_load_symbol_fixed("caf\xc3\xa9.csv") == 0 &&
	    pe_load_symbol_fixed("-") == 0,
	    "pe_load_symbol_fixed: the base name alone decides");
}

int
main(void)
{
	test_len();
	test_fix();
	test_shown();
	test_writers();
	return done();
}
