/*
 * test_buf.c: struct pe_buf (lib/core/pe_buf.h): appends, single bytes,
 * JSON and CSV escaping, numbers to a number of places, and printf of any
 * length (a text longer than the stack buffer it is first tried in must
 * not be cut).
 */
#include <math.h>
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
	b.len = 0;
	pe_buf_num_digits(&b, 26.263999999999982, 3, 0);
	pe_buf_putc(&b, ',');
	pe_buf_num_digits(&b, 26.263999999999982, PE_NUM_SHORTEST, 1);
	pe_buf_putc(&b, ',');
	pe_buf_num_digits(&b, -0.004, 2, 1);
	pe_buf_putc(&b, ',');
	pe_buf_num_digits(&b, NAN, 2, 0);
	pe_buf_putc(&b, ',');
	pe_buf_num_digits(&b, NAN, 2, 1);
	pe_buf_putc(&b, ',');
	pe_buf_num_digits(&b, INFINITY, 2, 1);
	pe_buf_putc(&b, ',');
	pe_buf_num_digits(&b, -INFINITY, 2, 0);
	pe_buf_putc(&b, ',');
	pe_buf_num_digits(&b, 1e20, 0, 1);
	CHECK_STR(b.p, "26.264,26.26399999999998,0,,null,null,-inf,"
	    "100000000000000000000", "num_digits: places, the shortest form, "
	    "no -0; NaN empty in CSV, not finite null in JSON");
	CHECK(!b.oom, "no failure recorded");
	free(b.p);
	return done();
}
