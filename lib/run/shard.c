/* pe_shard: see pe_shard.h. */
#include <errno.h>
#include <stdlib.h>

#include "pe_shard.h"

uint64_t
pe_shard_hash(const char *sym)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *sym != '\0'; sym++)
		h = (h ^ (unsigned char)*sym) * 0x100000001b3ULL;
	return h;
}

int
pe_shard_keep(const struct pe_shard *sh, const char *sym)
{
	return sh->n == 0 || pe_shard_hash(sym) % sh->n == sh->k;
}

/* A plain decimal number (no sign, no spaces), at most 2^31 - 1, or -1. */
static long
number(const char *s, char **end)
{
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, end, 10);
	return errno || v > 0x7fffffffL ? -1 : v;
}

int
pe_shard_parse(const char *s, struct pe_shard *sh, struct pe_error *err)
{
	char *end;
	long k, n = -1;

	k = number(s, &end);
	if (k >= 0 && *end == '/') {
		n = number(end + 1, &end);
		if (*end != '\0')
			n = -1;
	}
	if (k < 0 || n <= 0 || k >= n)
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "invalid shard '%s' (expected K/N, 0 <= K < N)", s);
	sh->k = (unsigned long)k;
	sh->n = (unsigned long)n;
	return PE_OK;
}

/* The variable's value as a number, or -1 (unset: -2). */
static long
env_number(const char *name)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return -2;
	n = number(v, &end);
	return n >= 0 && *end == '\0' ? n : -1;
}

int
pe_shard_from_env(struct pe_shard *sh, const char **from,
    struct pe_error *err)
{
	long id = env_number("SLURM_ARRAY_TASK_ID");
	long min, count;

	sh->k = sh->n = 0;
	*from = NULL;
	if (id != -2) {
		min = env_number("SLURM_ARRAY_TASK_MIN");
		count = env_number("SLURM_ARRAY_TASK_COUNT");
		if (id < 0 || min < 0 || count <= 0 || id < min ||
		    id - min >= count)
			return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
			    "SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and "
			    "SLURM_ARRAY_TASK_COUNT do not make a shard");
		sh->k = (unsigned long)(id - min);
		sh->n = (unsigned long)count;
		*from = "Slurm";
		return PE_OK;
	}
	id = env_number("JOB_COMPLETION_INDEX");
	count = env_number("PE_SHARD_COUNT");
	if (id == -2 || count == -2)
		return PE_OK;	/* a lone variable is not a sharded job */
	if (id < 0 || count <= 0 || id >= count)
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "JOB_COMPLETION_INDEX and PE_SHARD_COUNT do not make a "
		    "shard");
	sh->k = (unsigned long)id;
	sh->n = (unsigned long)count;
	*from = "Kubernetes";
	return PE_OK;
}
