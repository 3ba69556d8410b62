/*
 * test_rank.c: pe_rank against lib/run/pe_rank.h: the order (higher
 * first, NaN last, ties by name, then by input and order), ranks per
 * group, --top's cut, the score and rank at a JSON line's end and a CSV
 * row's, and a put that stops the writing.
 */
#include <stdlib.h>

#include "harness.h"
#include "pe_buf.h"
#include "pe_rank.h"

static int
put(void *ctx, const char *text, size_t len)
{
	return pe_buf_put(ctx, text, len);
}

static int
put_stop(void *ctx, const char *text, size_t len)
{
	pe_buf_put(ctx, text, len);
	return 1;
}

static void
test_cmp(void)
{
	CHECK(pe_rank_cmp(2, "B", 1, "A") < 0, "the higher first");
	CHECK(pe_rank_cmp(-1, "A", NAN, "A") < 0, "a number before NaN");
	CHECK(pe_rank_cmp(NAN, "A", NAN, "B") < 0, "NaNs by name");
	CHECK(pe_rank_cmp(1, "B", 1, "A") > 0, "a tie by name");
	CHECK(pe_rank_cmp(1, "a", 1, "B") > 0, "names bytewise");
	CHECK(pe_rank_cmp(0.0, "A", -0.0, "A") == 0, "0 and -0 tie");
	CHECK(pe_rank_cmp(INFINITY, "B", 1e308, "A") < 0, "inf is highest");
}

/* Lines of symbol S at time T scored V, as "{\"s\":\"S\",\"t\":T}\n". */
static void
add(struct pe_rank *r, const char *sym, size_t file, double v, int64_t t)
{
	char line[64];
	int n = snprintf(line, sizeof line, "{\"s\":\"%s\",\"t\":%lld}\n", sym,
	    (long long)t);

	CHECK(pe_rank_add(r, sym, file, v, t, line, (size_t)n) == PE_OK,
	    "add %s", sym);
}

static void
test_one_group(void)
{
	struct pe_rank_conf c = { 0, 0, 0, PE_NUM_SHORTEST };
	struct pe_rank *r = pe_rank_new(&c, NULL);
	struct pe_buf b = { 0 };

	add(r, "C", 0, 1.5, 1);
	add(r, "A", 1, NAN, 1);
	add(r, "B", 2, 1.5, 2);
	add(r, "D", 3, 7, 1);
	add(r, "B", 0, 1.5, 1);		/* one name in two files */
	CHECK(pe_rank_write(r, put, &b) == PE_OK, "write");
	CHECK_STR(b.p,
	    "{\"s\":\"D\",\"t\":1,\"score\":7,\"rank\":1}\n"
	    "{\"s\":\"B\",\"t\":1,\"score\":1.5,\"rank\":2}\n"
	    "{\"s\":\"B\",\"t\":2,\"score\":1.5,\"rank\":3}\n"
	    "{\"s\":\"C\",\"t\":1,\"score\":1.5,\"rank\":4}\n"
	    "{\"s\":\"A\",\"t\":1,\"score\":null,\"rank\":5}\n",
	    "one group: by score, NaN last, ties by name, then by file");
	pe_rank_free(r);
	free(b.p);
}

static void
test_by_time(void)
{
	struct pe_rank_conf c = { 1, 2, 1, 1 };
	struct pe_rank *r = pe_rank_new(&c, NULL);
	struct pe_buf b = { 0 };

	CHECK(pe_rank_add(r, "A", 0, 0.25, 20, "A,20\n", 5) == PE_OK, "A");
	CHECK(pe_rank_add(r, "A", 0, 3, 10, "A,10\n", 5) == PE_OK, "A");
	CHECK(pe_rank_add(r, "B", 1, 0.5, 20, "B,20\n", 5) == PE_OK, "B");
	CHECK(pe_rank_add(r, "C", 2, 9, 20, "C,20\n", 5) == PE_OK, "C");
	CHECK(pe_rank_add(r, "D", 3, NAN, 10, "D,10\n", 5) == PE_OK, "D");
	CHECK(pe_rank_write(r, put, &b) == PE_OK, "write");
	CHECK_STR(b.p, "A,10,3,1\nD,10,,2\nC,20,9,1\nB,20,0.5,2\n",
	    "a group a time, the top 2 of each, CSV cells, 1 place");
	pe_rank_free(r);
	free(b.p);
}

static void
test_stop(void)
{
	struct pe_rank_conf c = { 0, 0, 0, PE_NUM_SHORTEST };
	struct pe_rank *r = pe_rank_new(&c, NULL);
	struct pe_buf b = { 0 };
	char line[4200];
	size_t i, n = 0;

	memset(line, 'x', sizeof line);
	line[0] = '{';
	line[sizeof line - 2] = '}';
	line[sizeof line - 1] = '\n';
	for (i = 0; i < 40; i++)	/* 168000 bytes: three pieces */
		pe_rank_add(r, "S", i, (double)i, 0, line, sizeof line);
	CHECK(pe_rank_write(r, put_stop, &b) == PE_OK, "write");
	for (i = 0; i < b.len; i++)
		n += b.p[i] == '\n';
	/* 15 lines with their score and rank are under 64 KiB, 16 over */
	CHECK(n == 16 && b.p[b.len - 1] == '\n',
	    "one piece of whole lines, then stopped: %zu lines", n);
	pe_rank_free(r);
	free(b.p);
	pe_rank_free(NULL);
}

int
main(void)
{
	test_cmp();
	test_one_group();
	test_by_time();
	test_stop();
	return done();
}
