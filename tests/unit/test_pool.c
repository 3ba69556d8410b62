/*
 * test_pool.c: pe_pool driven directly.  Jobs answer "job N" (N times
 * 'x' after it, so frames of many sizes cross the pipe); chosen jobs hang,
 * crash, exit early, write half a frame and exit, die between two jobs,
 * or kill the parent with SIGINT; a Ctrl-C reaches the whole process
 * group.  After each of those
 * the other jobs still complete, in order, and no worker is left behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "pe_pool.h"

enum act { NONE, HANG, CRASH, EXIT7, PARTIAL, INTERRUPT, FAIL5, NAP, GONE,
    GONE_INT };

struct ctx {
	size_t njobs;
	enum act act[64];	/* what each job does */
	/* the parent's record */
	size_t order[64], n;	/* jobs in the order they were delivered */
	int ok[64];		/* 1: the right result, 2: lost */
	enum pe_pool_loss why[64];
	int code[64];
	size_t stop_at;		/* a callback ends the run at this job */
	size_t progress_calls, last_done;
	const char *marks;	/* a directory start/finish leave files in */
	size_t gone, gone_held;	/* gone calls; of them, the pid held */
	int fewer, fewer_err;	/* the last fewer call's */
	size_t fewer_calls;
};

/* The result pipe of this worker: the one write-only FIFO it holds. */
static int
result_fd(void)
{
	struct stat st;
	int fd;

	for (fd = 3; fd < 256; fd++)
		if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) &&
		    (fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY)
			return fd;
	return -1;
}

/* Job j's answer: "job J " and j * 997 times 'x'. */
static void
answer(size_t j, struct pe_buf *out)
{
	size_t i;

	pe_buf_printf(out, "job %zu ", j);
	for (i = 0; i < j * 997; i++)
		pe_buf_put(out, "x", 1);
}

/* Send job j's whole frame as the pool would, then leave: the worker is
 * dead between two jobs (with GONE_INT, a Ctrl-C waiting in the parent). */
static void
answer_and_die(size_t j, int interrupt)
{
	struct pe_buf b = { 0 };
	uint64_t len;

	answer(j, &b);
	len = b.len;
	(void)!write(result_fd(), &len, sizeof len);
	(void)!write(result_fd(), b.p, b.len);
	if (interrupt)
		kill(getppid(), SIGINT);
	_exit(0);
}

static int
job(void *p, size_t j, struct pe_buf *out)
{
	struct ctx *c = p;
	struct rlimit no_core = { 0, 0 };
	uint64_t len = 100;

	switch (c->act[j]) {
	case HANG:
		for (;;)
			pause();
	case CRASH:
		setrlimit(RLIMIT_CORE, &no_core);
		abort();
	case EXIT7:
		_exit(7);
	case PARTIAL:	/* says 100 bytes, sends 3, is gone */
		(void)!write(result_fd(), &len, sizeof len);
		(void)!write(result_fd(), "job", 3);
		_exit(0);
	case INTERRUPT:
		kill(getppid(), SIGINT);
		for (;;)
			pause();
	case FAIL5:
		return 5;
	case NAP:
		usleep(20000);
		break;
	case GONE:
	case GONE_INT:
		answer_and_die(j, c->act[j] == GONE_INT);
	case NONE:
		break;
	}
	answer(j, out);
	return 0;
}

static void
mark(struct ctx *c, const char *what)
{
	char path[512];
	FILE *fp;

	if (c->marks == NULL)
		return;
	snprintf(path, sizeof path, "%s/%s.%ld", c->marks, what,
	    (long)getpid());
	if ((fp = fopen(path, "w")) != NULL)
		fclose(fp);
}

static void
start(void *p)
{
	mark(p, "start");
}

static void
finish(void *p)
{
	mark(p, "finish");
}

static int
result(void *p, size_t j, const char *r, size_t len)
{
	struct ctx *c = p;
	char want[64];
	size_t i, n = (size_t)snprintf(want, sizeof want, "job %zu ", j);
	int good = len == n + j * 997 && memcmp(r, want, n) == 0;

	for (i = n; good && i < len; i++)
		good = r[i] == 'x';
	c->order[c->n++] = j;
	c->ok[j] = good;
	return c->stop_at == j + 1;
}

static int
lost(void *p, size_t j, enum pe_pool_loss why, int code)
{
	struct ctx *c = p;

	c->order[c->n++] = j;
	c->ok[j] = 2;
	c->why[j] = why;
	c->code[j] = code;
	return c->stop_at == j + 1;
}

static void
progress(void *p, size_t done)
{
	struct ctx *c = p;

	c->progress_calls++;
	c->last_done = done;
}

/* A worker gone without its finish: dead, but its pid still ours (a
 * zombie: waitid without reaping finds it). */
static void
gone(void *p, pid_t pid)
{
	struct ctx *c = p;
	siginfo_t si;

	c->gone++;
	memset(&si, 0, sizeof si);
	c->gone_held += waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG |
	    WNOWAIT) == 0 && si.si_pid == pid;
}

static void
fewer(void *p, int workers, int err)
{
	struct ctx *c = p;

	c->fewer = workers;
	c->fewer_err = err;
	c->fewer_calls++;
}

static struct pe_pool
pool_of(struct ctx *c, int workers, double timeout, int unordered)
{
	struct pe_pool p = { workers, timeout, unordered, c, job, start,
	    finish, result, lost, progress, gone, fewer };

	return p;
}

/* No child of ours is left, running or unreaped. */
static int
no_children(void)
{
	return waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD;
}

/* Every job delivered once, in job order, each a good result but the
 * ones listed lost (lost[j] 1). */
static int
in_order(const struct ctx *c, const int *lost_jobs)
{
	size_t j;

	if (c->n != c->njobs)
		return 0;
	for (j = 0; j < c->njobs; j++)
		if (c->order[j] != j || c->ok[j] != (lost_jobs[j] ? 2 : 1))
			return 0;
	return 1;
}

static void
test_plain(void)
{
	struct ctx c = { .njobs = 40 };
	struct pe_pool p = pool_of(&c, 3, 10, 0);
	struct pe_pool_stats st;
	struct pe_error err;
	int none[64] = { 0 };

	CHECK(pe_pool_run(&p, c.njobs, &st, &err) == PE_OK, "40 jobs run");
	CHECK(in_order(&c, none), "every result right, in job order");
	CHECK(st.done == 40 && st.lost == 0 && st.interrupted == 0 &&
	    !st.stopped, "stats: %zu done, %zu lost", st.done, st.lost);
	CHECK(st.spawned == 3, "3 workers forked (%zu)", st.spawned);
	CHECK(c.gone == 0, "none gone without its finish (%zu)", c.gone);
	CHECK(c.last_done == 40 && c.progress_calls >= 2,
	    "progress ends at 40 (%zu, %zu calls)", c.last_done,
	    c.progress_calls);
	CHECK(no_children(), "no worker left");
}

static void
test_unordered(void)
{
	struct ctx c = { .njobs = 30 };
	struct pe_pool p = pool_of(&c, 4, 10, 1);
	struct pe_error err;
	int seen[64] = { 0 }, all = 1;
	size_t i;

	CHECK(pe_pool_run(&p, c.njobs, NULL, &err) == PE_OK, "unordered run");
	for (i = 0; i < c.n; i++)
		seen[c.order[i]]++;
	for (i = 0; i < c.njobs; i++)
		all &= seen[i] == 1 && c.ok[i] == 1;
	CHECK(c.n == 30 && all, "each of 30 results once, right");
	CHECK(no_children(), "no worker left");
}

/* One job does act; the others complete, in order, the ones after it on
 * a new worker (there is one worker). */
static void
test_loss(enum act act, const char *what, enum pe_pool_loss why, int code)
{
	struct ctx c = { .njobs = 12 };
	struct pe_pool p = pool_of(&c, 1, 0.3, 0);
	struct pe_pool_stats st;
	struct pe_error err;
	int lost_jobs[64] = { 0 };

	c.act[5] = act;
	lost_jobs[5] = 1;
	CHECK(pe_pool_run(&p, c.njobs, &st, &err) == PE_OK, "%s: run", what);
	CHECK(in_order(&c, lost_jobs), "%s: the other 11 jobs complete, in "
	    "order", what);
	CHECK(c.why[5] == why && c.code[5] == code, "%s: lost as %d, %d (got "
	    "%d, %d)", what, why, code, c.why[5], c.code[5]);
	CHECK(st.lost == 1 && st.spawned == 2, "%s: 1 lost, its worker "
	    "replaced (%zu forked)", what, st.spawned);
	CHECK(c.gone == 1 && c.gone_held == 1, "%s: its worker shown to gone "
	    "once, dead and not yet reaped (%zu, %zu)", what, c.gone,
	    c.gone_held);
	CHECK(no_children(), "%s: no worker left", what);
}

static void
test_stop(void)
{
	struct ctx c = { .njobs = 20, .stop_at = 4 };
	struct pe_pool p = pool_of(&c, 2, 10, 0);
	struct pe_pool_stats st;
	struct pe_error err;

	c.act[10] = HANG;	/* would never end: the stop must not wait */
	CHECK(pe_pool_run(&p, c.njobs, &st, &err) == PE_OK, "stopped run");
	CHECK(st.stopped && c.n == 4 && c.order[3] == 3, "a callback ends the "
	    "run at job 3 (%zu delivered)", c.n);
	CHECK(no_children(), "no worker left");
}

static void
test_interrupt(void)
{
	struct ctx c = { .njobs = 20 };
	struct pe_pool p = pool_of(&c, 2, 0, 0);
	struct pe_pool_stats st;
	struct pe_error err;
	struct sigaction sa, before;

	/* the caller's handler, whatever it is (SIG_IGN in a background job
	 * of a shell without job control) */
	sigaction(SIGINT, NULL, &before);
	c.act[6] = INTERRUPT;
	CHECK(pe_pool_run(&p, c.njobs, &st, &err) == PE_OK, "interrupted run");
	CHECK(st.interrupted == SIGINT, "SIGINT ends the run (%d)",
	    st.interrupted);
	CHECK(c.n <= 6, "nothing after job 6 delivered (%zu)", c.n);
	CHECK(c.gone == st.spawned && c.gone_held == c.gone, "every worker "
	    "killed shown to gone, unreaped (%zu of %zu)", c.gone_held,
	    st.spawned);
	CHECK(no_children(), "no worker left");
	sigaction(SIGINT, NULL, &sa);
	CHECK(sa.sa_handler == before.sa_handler, "SIGINT's handler is back");
}

/*
 * A terminal's Ctrl-C: SIGINT to the whole process group, workers too,
 * while jobs run.  The run ends interrupted, no job is lost (no file is
 * blamed for it), no worker is left.  The pool runs in a child that leads
 * its own group, so the signal reaches nothing else; the child's exit
 * status says what it saw.
 */
static int
group_interrupt_once(void)
{
	struct ctx c = { .njobs = 60 };
	struct pe_pool p = pool_of(&c, 3, 0, 0);
	struct pe_pool_stats st;
	struct pe_error err;
	pid_t pid;
	size_t i;
	int status;

	for (i = 0; i < c.njobs; i++)
		c.act[i] = NAP;
	fflush(NULL);
	if ((pid = fork()) == 0) {
		setpgid(0, 0);
		if (pe_pool_run(&p, c.njobs, &st, &err) != PE_OK)
			_exit(10);
		if (st.interrupted != SIGINT)
			_exit(11);
		if (st.lost != 0)
			_exit(12);
		_exit(no_children() ? 0 : 13);
	}
	setpgid(pid, pid);	/* either of us may get there first */
	usleep(100000);
	kill(-pid, SIGINT);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

static void
test_group_interrupt(void)
{
	int i, rc = 0;

	for (i = 0; i < 10 && rc == 0; i++)
		rc = group_interrupt_once();
	CHECK(rc == 0, "Ctrl-C to the process group, 10 times: interrupted, "
	    "nothing blamed, no worker left (run %d: %d)", i, rc);
}

/*
 * A worker that dies between two jobs, after its result: the next job
 * written to it is lost with how the worker ended (the write fails, or
 * its pipe ends), never a hang; with a Ctrl-C waiting, the write that
 * fails is the interruption, and nothing is lost.
 */
static void
test_dead_between_jobs(void)
{
	struct ctx c = { .njobs = 12 }, d = { .njobs = 12 };
	struct pe_pool p = pool_of(&c, 1, 0, 0), q = pool_of(&d, 1, 0, 0);
	struct pe_pool_stats st;
	struct pe_error err;
	int lost_jobs[64] = { 0 };

	c.act[4] = GONE;
	lost_jobs[5] = 1;
	CHECK(pe_pool_run(&p, c.njobs, &st, &err) == PE_OK, "a worker dead "
	    "between jobs: run");
	CHECK(in_order(&c, lost_jobs) && c.why[5] == PE_POOL_EXITED &&
	    c.code[5] == 0, "job 4 answered, job 5 lost with the worker "
	    "(exited, status 0), the rest done (%zu delivered)", c.n);
	CHECK(st.lost == 1 && st.spawned == 2 && no_children(), "replaced, "
	    "no worker left (%zu forked)", st.spawned);
	d.act[4] = GONE_INT;
	CHECK(pe_pool_run(&q, d.njobs, &st, &err) == PE_OK, "and a Ctrl-C "
	    "waiting: run");
	CHECK(st.interrupted == SIGINT && st.lost == 0 && d.n <= 5,
	    "interrupted, nothing lost (%zu lost, %zu delivered)", st.lost,
	    d.n);
	CHECK(no_children(), "no worker left");
}

/*
 * -j beyond the descriptor limit: in a child whose RLIMIT_NOFILE leaves
 * room for a few workers' pipes, 60 workers asked.  The run completes
 * with the workers it could have, and fewer says once how many and why;
 * with room for none, the run fails as before.  The child's exit status says
 * what it saw.
 */
static int
fewer_once(rlim_t nofile)
{
	struct ctx c = { .njobs = 60 };
	struct pe_pool p = pool_of(&c, 60, 10, 0);
	struct rlimit rl;
	struct pe_pool_stats st;
	struct pe_error err;
	int none[64] = { 0 }, status, fd, rc;
	pid_t pid;

	fflush(NULL);
	if ((pid = fork()) == 0) {
		for (fd = 3; fd < 1024; fd++)	/* the harness's */
			close(fd);
		getrlimit(RLIMIT_NOFILE, &rl);
		rl.rlim_cur = nofile;
		setrlimit(RLIMIT_NOFILE, &rl);
		rc = pe_pool_run(&p, c.njobs, &st, &err);
		if (nofile <= 6)	/* 3 open + 4 for the first worker */
			_exit(rc == PE_ERR_IO && strstr(err.msg, "pipe: ") ==
			    err.msg ? 0 : 20);
		if (rc != PE_OK)
			_exit(10);
		if (!in_order(&c, none))
			_exit(11);
		if (c.fewer_calls != 1 || c.fewer != st.workers ||
		    c.fewer_err != EMFILE)
			_exit(12);
		/* worker i needs 4 descriptors at its spawn, and keeps 2:
		 * 3 + 2 * i + 4 <= nofile */
		if (st.workers != (int)(nofile - 7) / 2 + 1)
			_exit(13);
		_exit(no_children() ? 0 : 14);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 100 +
	    WTERMSIG(status);
}

static void
test_fewer(void)
{
	int rc;

	rc = fewer_once(24);
	CHECK(rc == 0, "60 workers asked, 24 descriptors: the run completes "
	    "with 9, and says so once (%d)", rc);
	rc = fewer_once(6);
	CHECK(rc == 0, "room for no worker: the run fails (%d)", rc);
}

static void
test_start_finish(void)
{
	char dir[] = "/tmp/test_pool.XXXXXX", cmd[128];
	struct ctx c = { .njobs = 8 };
	struct pe_pool p = pool_of(&c, 2, 10, 0);
	struct pe_error err;
	FILE *fp;
	int starts = 0, finishes = 0;
	char line[256];

	if (mkdtemp(dir) == NULL) {
		CHECK(0, "mkdtemp");
		return;
	}
	c.marks = dir;
	CHECK(pe_pool_run(&p, c.njobs, NULL, &err) == PE_OK, "run with marks");
	snprintf(cmd, sizeof cmd, "ls %s", dir);
	if ((fp = popen(cmd, "r")) != NULL) {
		while (fgets(line, sizeof line, fp) != NULL) {
			starts += strncmp(line, "start.", 6) == 0;
			finishes += strncmp(line, "finish.", 7) == 0;
		}
		pclose(fp);
	}
	CHECK(starts == 2 && finishes == 2, "each worker started and finished "
	    "once (%d, %d)", starts, finishes);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	(void)!system(cmd);
}

static void
test_texts(void)
{
	char buf[64];

	CHECK_STR(pe_pool_loss_text(PE_POOL_TIMEOUT, 0, 1.5, buf, sizeof buf),
	    "timed out after 1.5 s", "timeout text");
	CHECK_STR(pe_pool_loss_text(PE_POOL_SIGNALED, 6, 1, buf, sizeof buf),
	    "worker crashed (signal 6)", "crash text");
	CHECK_STR(pe_pool_loss_text(PE_POOL_EXITED, 3, 1, buf, sizeof buf),
	    "worker exited (status 3)", "exit text");
}

int
main(void)
{
	test_plain();
	test_unordered();
	test_loss(HANG, "a job that hangs", PE_POOL_TIMEOUT, 0);
	test_loss(CRASH, "a job that crashes", PE_POOL_SIGNALED, SIGABRT);
	test_loss(EXIT7, "a job that exits early", PE_POOL_EXITED, 7);
	test_loss(PARTIAL, "a job that writes a partial frame",
	    PE_POOL_EXITED, 0);
	test_loss(FAIL5, "a job that fails", PE_POOL_EXITED, 5);
	test_stop();
	test_interrupt();
	test_group_interrupt();
	test_dead_between_jobs();
	test_fewer();
	test_start_finish();
	test_texts();
	return done();
}
