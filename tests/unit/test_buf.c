/*
 * test_buf.c: struct pe_buf (lib/core/pe_buf.h): appends, single bytes,
 * JSON and CSV escaping, and printf of any length (a text longer than the
 * stack buffer it is first tried in must not be cut).
 */
#include <stdlib.h>

#include "harness.h"
#include "pe_buf.h"

int
main(void)
{
	struct pe_buf b = { 0 };
	char big[2001];
	size_t i;

	pe_buf_puts(&b, "a");
	pe_buf_printf(&b, "<%d,%s>", 42, "x");
	CHECK_STR(b.p, "a<42,x>", "short printf appends");
	for (i = 0; i < sizeof big - 1; i++)
		big[i] = (char)('a' + i % 26);
	big[sizeof big - 1] = '\0';
	b.len = 0;
	pe_buf_puts(&b, "head:");
	CHECK(pe_buf_printf(&b, "[%s]", big) == PE_OK, "long printf: ok");
	CHECK(b.len == 5 + 2 + 2000 && b.p[b.len] == '\0' &&
	    strncmp(b.p, "head:[", 6) == 0 &&
	    memcmp(b.p + 6, big, 2000) == 0 && b.p[b.len - 1] == ']',
	    "long printf: all 2007 bytes, none cut (len %zu)", b.len);
	b.len = 0;
	pe_buf_json(&b, "a\"b\\c\n");
	pe_buf_puts(&b, " ");
	pe_buf_csv(&b, "x,\"y\"");
	CHECK_STR(b.p, "\"a\\\"b\\\\c\\n\" \"x,\"\"y\"\"\"", "escaping");
	b.len = 0;
	pe_buf_putc(&b, 'x');
	pe_buf_putc(&b, '\0');
	pe_buf_putc(&b, 'y');
	CHECK(b.len == 3 && memcmp(b.p, "x\0y", 4) == 0,
	    "putc appends one byte, a NUL too, and keeps the text ended");
	CHECK(!b.oom, "no failure recorded");
	free(b.p);
	return done();
}
