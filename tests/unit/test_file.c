/*
 * test_file: pe_symbol_check, the atomic file writer (both the O_TMPFILE
 * path and the mkstemp fallback: contents, modes and owners kept), the
 * sweep of stale temporaries, pe_file_open_regular, pe_file_lock and
 * pe_write_all, in a fresh temporary directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "pe.h"
#include "harness.h"

static char dir[256];

/* The names in dir, sorted, joined by spaces ("" when empty). */
static const char *
listing(void)
{
	static char buf[1024];
	struct dirent **ents;
	int i, n;

	buf[0] = '\0';
	n = scandir(dir, &ents, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if (strcmp(ents[i]->d_name, ".") != 0 &&
		    strcmp(ents[i]->d_name, "..") != 0) {
			size_t len = strlen(buf);

			snprintf(buf + len, sizeof buf - len, "%s%s",
			    len > 0 ? " " : "", ents[i]->d_name);
		}
		free(ents[i]);
	}
	free(ents);
	return buf;
}

static const char *
slurp(const char *name)
{
	static char buf[256];
	char path[512];
	FILE *fp;
	size_t n;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((fp = fopen(path, "r")) == NULL)
		return "(missing)";
	n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static int
write_file(const char *name, const char *text, struct pe_error *err)
{
	struct pe_atomic *a;
	FILE *fp;

	if ((a = pe_atomic_open(dir, name, &fp, err)) == NULL)
		return -1;
	fputs(text, fp);
	return pe_atomic_commit(a, err);
}

/* Check pe_symbol_check's verdict on sym: "" for safe, else the reason. */
static void
symbol(const char *sym, const char *want)
{
	const char *why = "";
	int rc = pe_symbol_check(sym, &why);

	CHECK((rc == 0) == (want[0] == '\0') && strcmp(why, want) == 0,
	    "pe_symbol_check('%.20s'): '%s'", sym, rc == 0 ? "safe" : why);
}

static void
test_symbols(void)
{
	char longsym[260];

	symbol("AAPL", "");
	symbol("BRK.B", "");
	symbol("", "empty symbol");
	symbol("..", "a symbol may not start with '.'");
	symbol(".x", "a symbol may not start with '.'");
	symbol("a/b", "a symbol may not contain '/'");
	symbol("a\tb", "a symbol may not contain control characters");
	symbol("a\177b", "a symbol may not contain control characters");
	memset(longsym, 'A', 201);
	longsym[201] = '\0';
	symbol(longsym, "symbol longer than 200 bytes");
	longsym[200] = '\0';
	symbol(longsym, "");
}

static void
test_paths(int named)
{
	struct pe_error err;
	struct pe_atomic *a;
	FILE *fp;
	const char *path = named ? "mkstemp" : "O_TMPFILE";

	pe_atomic_force_named = named;
	CHECK(write_file("A.csv", "one\n", &err) == PE_OK &&
	    strcmp(slurp("A.csv"), "one\n") == 0 &&
	    strcmp(listing(), "A.csv") == 0,
	    "%s: a new file appears whole, nothing else", path);
	CHECK(write_file("A.csv", "two\n", &err) == PE_OK &&
	    strcmp(slurp("A.csv"), "two\n") == 0 &&
	    strcmp(listing(), "A.csv") == 0,
	    "%s: a replaced file, no temporary left", path);

	a = pe_atomic_open(dir, "A.csv", &fp, &err);
	fputs("three\n", fp);
	fflush(fp);
	CHECK(strcmp(slurp("A.csv"), "two\n") == 0,
	    "%s: the old file stays until commit", path);
	pe_atomic_abort(a);
	CHECK(strcmp(slurp("A.csv"), "two\n") == 0 &&
	    strcmp(listing(), "A.csv") == 0,
	    "%s: abort leaves the old file and no temporary: '%s'", path,
	    listing());

	a = pe_atomic_open(dir, "B.csv", &fp, &err);
	fputs("partial", fp);
	fflush(fp);
	if (named)
		CHECK(strncmp(listing(), ".B.csv.", 7) == 0,
		    "mkstemp: the temporary is a dotfile: '%s'", listing());
	pe_atomic_cleanup();	/* what a signal handler does */
	CHECK(strcmp(listing(), "A.csv") == 0,
	    "%s: pe_atomic_cleanup leaves no temporary: '%s'", path, listing());
	pe_atomic_abort(a);
	pe_atomic_cleanup();	/* twice is harmless */

	/* A directory where the file should go: the rename fails. */
	{
		char sub[512];

		snprintf(sub, sizeof sub, "%s/D.csv", dir);
		mkdir(sub, 0755);
		mkdir(strcat(sub, "/x"), 0755);
		CHECK(write_file("D.csv", "x\n", &err) == PE_ERR_IO &&
		    strncmp(err.msg, "cannot write: ", 14) == 0 &&
		    strcmp(listing(), "A.csv D.csv") == 0,
		    "%s: a directory in the way: PE_ERR_IO (%s), no litter: '%s'",
		    path, err.msg, listing());
		rmdir(sub);
		sub[strlen(sub) - 2] = '\0';
		rmdir(sub);
	}
	snprintf(err.msg, sizeof err.msg, "unset");
	CHECK(pe_atomic_open("/nonexistent/dir", "A.csv", &fp, &err) ==
	    NULL && err.code == PE_ERR_IO &&
	    strstr(err.msg, "No such file or directory") != NULL,
	    "%s: a missing directory: %s", path, err.msg);
	{
		char a_csv[512];

		snprintf(a_csv, sizeof a_csv, "%s/A.csv", dir);
		unlink(a_csv);
	}
	pe_atomic_force_named = 0;
}

static void
test_mode(void)
{
	struct pe_error err;
	struct stat st = { 0 };
	char path[512];
	mode_t old = umask(022);

	int rc;

	pe_atomic_force_named = 1;
	write_file("M.csv", "m\n", &err);
	snprintf(path, sizeof path, "%s/M.csv", dir);
	rc = stat(path, &st);
	CHECK(rc == 0 && (st.st_mode & 0777) == 0644,
	    "mkstemp: the file gets 0644 under umask 022, not 0600 (%o)",
	    (unsigned)st.st_mode & 0777);
	unlink(path);
	pe_atomic_force_named = 0;
	write_file("M.csv", "m\n", &err);
	rc = stat(path, &st);
	CHECK(rc == 0 && (st.st_mode & 0777) == 0644,
	    "O_TMPFILE: the file gets 0644 under umask 022 (%o)",
	    (unsigned)st.st_mode & 0777);
	unlink(path);
	umask(old);
}

/* dir/name, in buf of n bytes. */
static char *
in_dir(const char *name, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s", dir, name);
	return buf;
}

/* The permission bits of dir/name (-1 when it is missing). */
static int
mode_of(const char *name)
{
	struct stat st;
	char path[512];

	if (lstat(in_dir(name, path, sizeof path), &st) != 0)
		return -1;
	return (int)(st.st_mode & 07777);
}

/* dir/name made with text and mode. */
static void
make(const char *name, const char *text, mode_t mode)
{
	char path[512];
	FILE *fp;

	if ((fp = fopen(in_dir(name, path, sizeof path), "w")) != NULL) {
		fputs(text, fp);
		fclose(fp);
	}
	chmod(path, mode);
}

/*
 * A replaced file keeps its permission bits (not set-id ones) and, as
 * root, its owner and group; a symbolic link is replaced, not followed;
 * a new file is 0666 & ~umask.  (Each result is taken before its CHECK:
 * the order a call's arguments are evaluated in is unspecified.)
 */
static void
test_keep(int named)
{
	const char *how = named ? "mkstemp" : "O_TMPFILE";
	struct pe_error err;
	struct stat st = { 0 };
	char path[512], target[512];
	mode_t old = umask(022);
	int rc, mode;

	pe_atomic_force_named = named;
	make("K.csv", "old\n", 0600);
	rc = write_file("K.csv", "new\n", &err);
	mode = mode_of("K.csv");
	CHECK(rc == PE_OK && strcmp(slurp("K.csv"), "new\n") == 0 &&
	    mode == 0600, "%s: a 0600 file replaced stays 0600 (%o)", how,
	    (unsigned)mode);
	chmod(in_dir("K.csv", path, sizeof path), 06751);
	rc = write_file("K.csv", "x\n", &err);
	mode = mode_of("K.csv");
	CHECK(rc == PE_OK && mode == 0751,
	    "%s: 06751 replaced is 0751: no set-id bits (%o)", how,
	    (unsigned)mode);
	if (geteuid() == 0) {
		rc = chown(path, 4321, 4322) == 0 ?
		    write_file("K.csv", "y\n", &err) : -1;
		stat(path, &st);
		CHECK(rc == PE_OK && st.st_uid == 4321 && st.st_gid == 4322 &&
		    (st.st_mode & 07777) == 0751,
		    "%s: as root, the owner and group are kept (%d:%d %o)", how,
		    (int)st.st_uid, (int)st.st_gid,
		    (unsigned)st.st_mode & 07777);
	} else {
		rc = write_file("K.csv", "y\n", &err);
		stat(path, &st);
		CHECK(rc == PE_OK && st.st_uid == geteuid(),
		    "%s: not root, the file is ours (%d)", how,
		    (int)st.st_uid);
	}
	unlink(path);

	/* a symbolic link to a 0600 file: the link goes, the file stays */
	make("T.csv", "target\n", 0600);
	symlink(in_dir("T.csv", target, sizeof target),
	    in_dir("L.csv", path, sizeof path));
	rc = write_file("L.csv", "link\n", &err);
	lstat(path, &st);
	mode = mode_of("T.csv");
	CHECK(rc == PE_OK && S_ISREG(st.st_mode) &&
	    (st.st_mode & 07777) == 0644 &&
	    strcmp(slurp("T.csv"), "target\n") == 0 && mode == 0600,
	    "%s: a symbolic link is replaced by a new 0644 file (%o), its "
	    "0600 target left (%o)", how, (unsigned)st.st_mode & 07777,
	    (unsigned)mode);
	unlink(path);
	unlink(target);

	umask(002);
	rc = write_file("N.csv", "n\n", &err);
	mode = mode_of("N.csv");
	CHECK(rc == PE_OK && mode == 0664,
	    "%s: a new file under umask 002 is 0664 (%o)", how, (unsigned)mode);
	unlink(in_dir("N.csv", path, sizeof path));
	umask(old);
	pe_atomic_force_named = 0;
}

/* Make dir/name with mtime age seconds ago (a symbolic link's own). */
static void
age(const char *name, long secs)
{
	struct timespec ts[2];
	char path[512];

	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec -= secs;
	ts[1] = ts[0];
	utimensat(AT_FDCWD, in_dir(name, path, sizeof path), ts,
	    AT_SYMLINK_NOFOLLOW);
}

static void
test_sweep(void)
{
	static const char *const exts[] = { "csv", "jsonl", NULL };
	static const char *const kept[] = { ".A.csv.0a1b2", ".A.csv.0a1b2c3",
	    ".A.csv.0a-b2c", "A.csv.0a1b2c", ".A.txt.0a1b2c", "..A.csv.0a1b2c",
	    ".csv.0a1b2c", ".A.csv.0a1b2c.x" };
	static const char *const gone[] = { ".A.csv.0a1b2c", ".B.C.jsonl.Zz09aY" };
	struct pe_error err;
	struct pe_atomic *a;
	char path[512], tmp[64] = "";
	const char *w;
	size_t i, n = 99;
	FILE *fp;
	int rc;

	for (i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		make(kept[i], "x\n", 0644);
		age(kept[i], 2 * 86400);
	}
	for (i = 0; i < sizeof gone / sizeof gone[0]; i++) {
		make(gone[i], "x\n", 0644);
		age(gone[i], 2 * 86400);
	}
	make(".F.csv.0a1b2c", "fresh\n", 0644);
	age(".F.csv.0a1b2c", 86400 - 60);
	mkdir(in_dir(".D.csv.0a1b2c", path, sizeof path), 0755);
	age(".D.csv.0a1b2c", 2 * 86400);
	symlink("A.csv", in_dir(".S.csv.0a1b2c", path, sizeof path));
	age(".S.csv.0a1b2c", 2 * 86400);
	/* the writer's own temporary, as a SIGKILL would leave it */
	pe_atomic_force_named = 1;
	a = pe_atomic_open(dir, "W.csv", &fp, &err);
	pe_atomic_force_named = 0;
	fputs("partial", fp);
	fflush(fp);
	if ((w = strstr(listing(), ".W.csv.")) != NULL)
		snprintf(tmp, sizeof tmp, "%.13s", w);
	age(tmp, 2 * 86400);

	rc = pe_atomic_sweep(dir, exts, 86400, &n, &err);
	CHECK(rc == PE_OK && n == 3 && tmp[0] == '.',
	    "pe_atomic_sweep: 3 removed, the writer's '%s' too (%zu)", tmp, n);
	CHECK(strcmp(listing(), "..A.csv.0a1b2c .A.csv.0a-b2c .A.csv.0a1b2 "
	    ".A.csv.0a1b2c.x .A.csv.0a1b2c3 .A.txt.0a1b2c .D.csv.0a1b2c "
	    ".F.csv.0a1b2c .S.csv.0a1b2c .csv.0a1b2c A.csv.0a1b2c") == 0,
	    "pe_atomic_sweep: only the writer's names, regular, a day old: '%s'",
	    listing());
	pe_atomic_abort(a);
	rc = pe_atomic_sweep(dir, exts, 86400, &n, &err);
	CHECK(rc == PE_OK && n == 0, "pe_atomic_sweep: none the second time "
	    "(%zu)", n);
	rc = pe_atomic_sweep("/nonexistent/dir", exts, 86400, &n, &err);
	CHECK(rc == PE_ERR_IO && n == 0 &&
	    strcmp(err.path, "/nonexistent/dir") == 0,
	    "pe_atomic_sweep: a missing directory: PE_ERR_IO (%s)", err.msg);
	for (i = 0; i < sizeof kept / sizeof kept[0]; i++)
		unlink(in_dir(kept[i], path, sizeof path));
	unlink(in_dir(".F.csv.0a1b2c", path, sizeof path));
	unlink(in_dir(".S.csv.0a1b2c", path, sizeof path));
	rmdir(in_dir(".D.csv.0a1b2c", path, sizeof path));
}

/* pe_file_open_regular of dir/name: its code, and the message in msg. */
static int
open_regular(const char *name, FILE **fp, char *msg, size_t n)
{
	struct pe_error err;
	char path[512];
	int rc;

	snprintf(err.msg, sizeof err.msg, "unset");
	rc = pe_file_open_regular(in_dir(name, path, sizeof path), fp, &err);
	snprintf(msg, n, "%s", err.msg);
	return rc;
}

static void
test_open_regular(void)
{
	char path[512], msg[PE_ERRMSG_MAX], line[16] = "";
	FILE *fp = (FILE *)&fp;
	int rc;

	rc = open_regular("none.csv", &fp, msg, sizeof msg);
	CHECK(rc == PE_OK && fp == NULL && strcmp(msg, "unset") == 0,
	    "open_regular: no file is PE_OK and no stream");
	make("R.csv", "r\n", 0600);
	rc = open_regular("R.csv", &fp, msg, sizeof msg);
	CHECK(rc == PE_OK && fp != NULL && fgets(line, sizeof line, fp) !=
	    NULL && strcmp(line, "r\n") == 0 && (fcntl(fileno(fp), F_GETFL) &
	    O_NONBLOCK) == 0,
	    "open_regular: a regular file is read, blocking again");
	if (fp != NULL)
		fclose(fp);
	symlink("R.csv", in_dir("L.csv", path, sizeof path));
	rc = open_regular("L.csv", &fp, msg, sizeof msg);
	CHECK(rc == PE_ERR_IO && fp == NULL &&
	    strcmp(msg, "not a regular file (a symbolic link)") == 0,
	    "open_regular: a symbolic link to a file: %s", msg);
	unlink(path);
	symlink("nowhere", path);
	rc = open_regular("L.csv", &fp, msg, sizeof msg);
	CHECK(rc == PE_ERR_IO &&
	    strcmp(msg, "not a regular file (a symbolic link)") == 0,
	    "open_regular: a dangling symbolic link: %s", msg);
	unlink(path);
	mkfifo(in_dir("P.csv", path, sizeof path), 0600);
	rc = open_regular("P.csv", &fp, msg, sizeof msg);
	CHECK(rc == PE_ERR_IO && strcmp(msg, "not a regular file (a FIFO)")
	    == 0,
	    "open_regular: a FIFO, without waiting for a writer: %s", msg);
	unlink(path);
	mkdir(in_dir("D.csv", path, sizeof path), 0700);
	rc = open_regular("D.csv", &fp, msg, sizeof msg);
	CHECK(rc == PE_ERR_IO &&
	    strcmp(msg, "not a regular file (a directory)") == 0,
	    "open_regular: a directory: %s", msg);
	rmdir(path);
	rc = open_regular("R.csv/x", &fp, msg, sizeof msg);
	CHECK(rc == PE_ERR_IO && strcmp(msg, "Not a directory") == 0,
	    "open_regular: another error is the system's: %s", msg);
	unlink(in_dir("R.csv", path, sizeof path));
}

static void
test_lock(void)
{
	struct pe_error err;
	struct stat st;
	char path[512];
	int fd1 = -2, fd2 = -2, rc;
	mode_t old = umask(0);

	in_dir(".lock", path, sizeof path);
	rc = pe_file_lock(path, 1, &fd1, &err);
	CHECK(rc == PE_OK && fd1 >= 0 && stat(path, &st) == 0 &&
	    (st.st_mode & 07777) == 0600 && st.st_size == 0 &&
	    (fcntl(fd1, F_GETFD) & FD_CLOEXEC),
	    "pe_file_lock: made 0600 even under umask 0, close-on-exec");
	rc = pe_file_lock(path, 0, &fd2, &err);
	CHECK(rc == PE_OK && fd2 == -1,
	    "pe_file_lock: held by another open file: PE_OK, fd -1 (%d)", fd2);
	close(fd1);
	rc = pe_file_lock(path, 0, &fd2, &err);
	CHECK(rc == PE_OK && fd2 >= 0, "pe_file_lock: free again once closed "
	    "(%d)", fd2);
	close(fd2);
	unlink(path);
	symlink("victim", path);
	rc = pe_file_lock(path, 1, &fd1, &err);
	CHECK(rc == PE_ERR_IO && fd1 == -1 &&
	    strcmp(err.msg, "not a regular file (a symbolic link)") == 0 &&
	    access(in_dir("victim", path, sizeof path), F_OK) != 0,
	    "pe_file_lock: a symbolic link is refused, nothing made: %s",
	    err.msg);
	unlink(in_dir(".lock", path, sizeof path));
	rc = pe_file_lock("/nonexistent/dir/.lock", 1, &fd1, &err);
	CHECK(rc == PE_ERR_IO && fd1 == -1 &&
	    strcmp(err.msg, "No such file or directory") == 0,
	    "pe_file_lock: a missing directory: %s", err.msg);
	umask(old);
}

/* pe_write_all: everything lands, in order; a bad descriptor fails. */
static void
test_write_all(void)
{
	static char out[300000], back[sizeof out + 1];
	char path[512];
	ssize_t got = 0, k;
	size_t i;
	int fd;

	for (i = 0; i < sizeof out; i++)
		out[i] = (char)('a' + i % 26);
	snprintf(path, sizeof path, "%s/all.bin", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && pe_write_all(fd, out, sizeof out) == 0 &&
	    pe_write_all(fd, out, 0) == 0 && close(fd) == 0,
	    "pe_write_all: 300000 bytes, then none");
	fd = open(path, O_RDONLY);
	while (fd >= 0 && (k = read(fd, back + got, sizeof back - (size_t)got))
	    > 0)
		got += k;
	CHECK(got == (ssize_t)sizeof out && memcmp(out, back, sizeof out) == 0,
	    "pe_write_all: the file holds them in order (%zd bytes)", got);
	errno = 0;
	CHECK(pe_write_all(fd, out, 1) == -1 && errno == EBADF,
	    "pe_write_all: a descriptor open for reading gives -1, EBADF");
	CHECK(pe_write_all(-1, out, 0) == 0, "pe_write_all: nothing to write "
	    "touches no descriptor");
	if (fd >= 0)
		close(fd);
	unlink(path);
}

int
main(void)
{
	snprintf(dir, sizeof dir, "%s/pe-test-file.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_symbols();
	test_paths(0);
	test_paths(1);
	test_mode();
	test_keep(0);
	test_keep(1);
	test_sweep();
	test_open_regular();
	test_lock();
	test_write_all();
	rmdir(dir);
	return done();
}
