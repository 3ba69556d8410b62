/*
 * pe_shard: which of N shards a symbol belongs to, so that N processes on
 * N machines (pe-scan --shard, pe-stream --shard) split one universe
 * without talking to each other.  The hash is FNV-1a, 64 bits, over the
 * symbol's bytes: stable across machines, runs and builds.
 *
 * A struct pe_shard with n == 0 keeps every symbol.
 *
 * Bloat: no weighting, no rebalancing, no consistent hashing.
 */
#ifndef PE_SHARD_H
#define PE_SHARD_H

#include <stdint.h>

#include "pe_error.h"

struct pe_shard {
	unsigned long k, n;	/* keep shard k of n, 0 <= k < n; n 0: all */
};

uint64_t pe_shard_hash(const char *sym);

/* 1 when sym falls in sh's shard (always when sh->n is 0). */
int pe_shard_keep(const struct pe_shard *sh, const char *sym);

/*
 * Parse "K/N" (decimal, 0 <= K < N) into sh.  PE_OK, or PE_ERR_USAGE with
 * err's message "invalid shard 'S' (expected K/N, 0 <= K < N)".
 */
int pe_shard_parse(const char *s, struct pe_shard *sh, struct pe_error *err);

/*
 * The shard a batch scheduler gave this process, from the environment:
 * a Slurm job array (K = SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN,
 * N = SLURM_ARRAY_TASK_COUNT), else a Kubernetes indexed Job
 * (K = JOB_COMPLETION_INDEX, N = PE_SHARD_COUNT).  Returns PE_OK with sh
 * filled and *from naming the source ("Slurm" or "Kubernetes"), PE_OK with
 * sh->n = 0 and *from NULL when neither is set, or PE_ERR_USAGE when the
 * variables are there but do not make a shard (err names them).
 */
int pe_shard_from_env(struct pe_shard *sh, const char **from,
    struct pe_error *err);

#endif
