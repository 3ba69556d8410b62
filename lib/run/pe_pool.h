/*
 * pe_pool: a pool of forked workers that runs numbered jobs, each in a
 * worker process, and hands their results back to the parent.  pe-scan
 * runs one file a job through it; anything that needs crash isolation and
 * a time limit per job can.
 *
 * A struct pe_pool holds no state of a run: the caller fills in the
 * number of workers, the time limit and the callbacks, and pe_pool_run
 * runs the jobs with it.  The parent forks the workers and sends each a
 * job number at a time over its own pipe.  In the worker, the job
 * callback appends the job's result (any bytes) to a buffer, and the pool
 * sends it back framed (its length, then the bytes) over the worker's
 * result pipe.  In the parent every job ends in exactly one call: result,
 * with the bytes, or lost, when its worker overran the time limit (it is
 * killed), died on a signal or exited before the whole frame arrived.  A
 * lost worker is reaped and replaced, and the next jobs go on.  The calls
 * come in job order (a result that arrives early waits for the ones
 * before it), or as they come with unordered.
 *
 * Signals: during pe_pool_run, SIGINT and SIGTERM are held and noticed
 * only while the parent waits; either ends the run, with every worker
 * killed and reaped, and stats.interrupted set to the signal.  From the
 * moment one is held, no job is handed out or ended: none is reported
 * lost or timed out for it (a write to a worker that died is a lost job
 * only when no signal is held, else it is the interruption).  Workers
 * ignore both (a terminal's Ctrl-C reaches the whole process group: the
 * parent ends them, and no file is blamed for it), and die with the
 * parent however it dies (Linux's PR_SET_PDEATHSIG).  SIGPIPE is ignored
 * in the parent (a dead worker's pipe gives EPIPE) and at its default in
 * the workers.  The previous handlers and mask are back when pe_pool_run
 * returns.  No path leaves a worker behind.  The one global of the module
 * is the flag its handler sets: a handler has no other place.
 *
 * Workers: each runs start once after its fork, then jobs; at a normal
 * end (the parent closes its job pipe once every job is handed out) it
 * runs finish and _exits(0).  A job callback that fails makes its worker
 * _exit with the status it returns.  Workers inherit what the parent had
 * before pe_pool_run (a plan, an open cache); the parent's stdio is
 * flushed before each fork.
 *
 * Memory: the pool owns its workers' buffers and the results that wait
 * for their turn; a result's bytes are lent to the result callback for
 * the call.
 *
 * Limits: when a worker beyond the first cannot be had (no descriptor
 * for its pipes, no process for it), the run goes on with the workers it
 * has: every slot still empty is given up for the rest of the run (poll
 * is given only the live workers' pipes), and fewer says so.
 *
 * Bloat: one job a worker at a time (no pipelining), job numbers only (a
 * job's data is what the worker inherited), no growing back to the
 * workers asked once a limit has passed, no retries.
 */
#ifndef PE_POOL_H
#define PE_POOL_H

#include <stddef.h>
#include <sys/types.h>

#include "pe_buf.h"
#include "pe_error.h"

/* Why a job has no result. */
enum pe_pool_loss {
	PE_POOL_TIMEOUT,	/* overran timeout; its worker was killed */
	PE_POOL_SIGNALED,	/* its worker died on a signal (code: which) */
	PE_POOL_EXITED		/* its worker exited (code: the status) */
};

/* The longest wait between two progress calls. */
#define PE_POOL_TICK 0.25

struct pe_pool {
	int workers;		/* >= 1 */
	double timeout;		/* seconds a job may take; <= 0: no limit */
	int unordered;		/* results as they come, not in job order */
	void *ctx;		/* passed to every callback */

	/* In a worker.  job: append job's result to out; return 0, or an
	 * exit status for the worker.  start and finish may be NULL. */
	int (*job)(void *ctx, size_t job, struct pe_buf *out);
	void (*start)(void *ctx);
	void (*finish)(void *ctx);

	/* In the parent.  Each returns 0 to go on, non-zero to end the run
	 * (workers killed): a closed output, say.  lost's code is the signal
	 * or the exit status.  progress (may be NULL) is called with the
	 * number of jobs ended so far, each time some end, and at least
	 * every PE_POOL_TICK seconds while jobs run (a clock to redraw). */
	int (*result)(void *ctx, size_t job, const char *p, size_t len);
	int (*lost)(void *ctx, size_t job, enum pe_pool_loss why, int code);
	void (*progress)(void *ctx, size_t done);

	/* In the parent, may be NULL: a worker that ended without its
	 * finish (killed at a timeout or an interruption, crashed, or a job
	 * that failed), called once it is dead and before it is reaped, so
	 * that no other process has its pid yet: the place to remove what
	 * it left half done. */
	void (*gone)(void *ctx, pid_t pid);

	/* In the parent, may be NULL: a pipe or fork for a worker failed
	 * for want of descriptors or processes (err: EMFILE, ENFILE, EAGAIN
	 * or ENOMEM) while others run; the run goes on with workers. */
	void (*fewer)(void *ctx, int workers, int err);
};

struct pe_pool_stats {
	size_t done;		/* jobs ended: results and losses */
	size_t lost;		/* of them, without a result */
	size_t spawned;		/* workers forked in all */
	int workers;		/* slots the run kept (see fewer) */
	int interrupted;	/* SIGINT or SIGTERM that ended the run, or 0 */
	int stopped;		/* a callback ended the run */
};

/*
 * Run jobs 0 .. njobs-1.  Returns PE_OK when every job ended (or a signal
 * or a callback ended the run early: see st), or PE_ERR_IO (a pipe or fork
 * failed with no worker running, or for another reason than a limit) or
 * PE_ERR_NOMEM with err filled; the workers are reaped in every case.  st
 * may be NULL.
 */
int pe_pool_run(const struct pe_pool *pool, size_t njobs,
    struct pe_pool_stats *st, struct pe_error *err);

/* "timed out after 60 s", "worker crashed (signal 6)", "worker exited
 * (status 3)": a loss as pe-scan words it, into buf. */
char *pe_pool_loss_text(enum pe_pool_loss why, int code, double timeout,
    char *buf, size_t n);

#endif
