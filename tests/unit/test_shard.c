/*
 * test_shard.c: pe_shard against lib/run/pe_shard.h: the hash against FNV-1a's
 * published 64-bit test vectors, K/N parsing, and the shard a Slurm job
 * array or a Kubernetes indexed Job gives through the environment.
 */
#include <stdlib.h>

#include "harness.h"
#include "pe_shard.h"

static void
clear_env(void)
{
	unsetenv("SLURM_ARRAY_TASK_ID");
	unsetenv("SLURM_ARRAY_TASK_MIN");
	unsetenv("SLURM_ARRAY_TASK_COUNT");
	unsetenv("JOB_COMPLETION_INDEX");
	unsetenv("PE_SHARD_COUNT");
}

static void
test_hash(void)
{
	struct pe_shard all = { 0, 0 }, s;
	size_t i, n[3] = { 0 };
	char sym[16];

	/* FNV-1a 64: the vectors of the FNV reference (isthe.com). */
	CHECK(pe_shard_hash("") == 0xcbf29ce484222325ULL, "hash of \"\"");
	CHECK(pe_shard_hash("a") == 0xaf63dc4c8601ec8cULL, "hash of \"a\"");
	CHECK(pe_shard_hash("foobar") == 0x85944171f73967e8ULL,
	    "hash of \"foobar\"");
	CHECK(pe_shard_keep(&all, "X"), "n 0 keeps every symbol");
	/* Every symbol falls in exactly one of 3 shards, and they share. */
	for (i = 0; i < 3000; i++) {
		snprintf(sym, sizeof sym, "S%zu", i);
		for (s = (struct pe_shard){ 0, 3 }; s.k < 3; s.k++)
			n[s.k] += (size_t)pe_shard_keep(&s, sym);
	}
	CHECK(n[0] + n[1] + n[2] == 3000, "each symbol in one shard: %zu",
	    n[0] + n[1] + n[2]);
	CHECK(n[0] > 900 && n[1] > 900 && n[2] > 900,
	    "shards even: %zu %zu %zu", n[0], n[1], n[2]);
}

static void
test_parse(void)
{
	static const char *bad[] = { "", "1", "1/", "/2", "2/2", "3/2",
	    "0/0", "-1/2", "+0/2", "0/2x", " 0/2", "0/ 2", "1/99999999999" };
	struct pe_shard s;
	struct pe_error err;
	size_t i;

	CHECK(pe_shard_parse("0/1", &s, &err) == PE_OK && s.k == 0 &&
	    s.n == 1, "0/1");
	CHECK(pe_shard_parse("6/7", &s, &err) == PE_OK && s.k == 6 &&
	    s.n == 7, "6/7");
	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(pe_shard_parse(bad[i], &s, &err) == PE_ERR_USAGE,
		    "'%s' refused", bad[i]);
	CHECK(strcmp(err.msg, "invalid shard '1/99999999999' (expected K/N, "
	    "0 <= K < N)") == 0, "the message: %.200s", err.msg);
}

static void
test_env(void)
{
	struct pe_shard s;
	struct pe_error err;
	const char *from;

	clear_env();
	CHECK(pe_shard_from_env(&s, &from, &err) == PE_OK && s.n == 0 &&
	    from == NULL, "no variables: no shard");
	setenv("SLURM_ARRAY_TASK_ID", "12", 1);
	setenv("SLURM_ARRAY_TASK_MIN", "10", 1);
	setenv("SLURM_ARRAY_TASK_COUNT", "4", 1);
	CHECK(pe_shard_from_env(&s, &from, &err) == PE_OK && s.k == 2 &&
	    s.n == 4 && from != NULL && strcmp(from, "Slurm") == 0,
	    "Slurm: 12 - 10 of 4");
	setenv("SLURM_ARRAY_TASK_ID", "14", 1);
	CHECK(pe_shard_from_env(&s, &from, &err) == PE_ERR_USAGE,
	    "Slurm: id past the count");
	setenv("SLURM_ARRAY_TASK_ID", "x", 1);
	CHECK(pe_shard_from_env(&s, &from, &err) == PE_ERR_USAGE,
	    "Slurm: not a number");
	clear_env();
	setenv("JOB_COMPLETION_INDEX", "3", 1);
	CHECK(pe_shard_from_env(&s, &from, &err) == PE_OK && s.n == 0,
	    "Kubernetes index without PE_SHARD_COUNT: no shard");
	setenv("PE_SHARD_COUNT", "5", 1);
	CHECK(pe_shard_from_env(&s, &from, &err) == PE_OK && s.k == 3 &&
	    s.n == 5 && strcmp(from, "Kubernetes") == 0, "Kubernetes 3 of 5");
	setenv("PE_SHARD_COUNT", "3", 1);
	CHECK(pe_shard_from_env(&s, &from, &err) == PE_ERR_USAGE,
	    "Kubernetes: index past the count");
	CHECK(strcmp(err.msg, "JOB_COMPLETION_INDEX and PE_SHARD_COUNT do "
	    "not make a shard") == 0, "the message: %.200s", err.msg);
	clear_env();
}

int
main(void)
{
	test_hash();
	test_parse();
	test_env();
	return done();
}
