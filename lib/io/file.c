/*
 * file.c: files that appear whole or not at all; safe file names from
 * symbols; writing a buffer whole to a descriptor.  See pe_file.h.
 *
 * The temporary is an O_TMPFILE inode in the target's directory: it has no
 * name until commit, so nothing is left behind by a process that dies, even
 * by SIGKILL.  Commit links it as ".NAME.XXXXXX" through /proc/self/fd and
 * renames that over NAME (link(2) cannot replace a file).  File systems
 * without O_TMPFILE get a mkstemp dotfile, which pe_atomic_cleanup can
 * remove from a signal handler.
 *
 * A file that replaces another takes its permission bits and, where the
 * system permits, its owner and group, before it gets a name; a new file
 * gets 0666 & ~umask, as creat(2) gives.
 *
 * Also here: opening a file in an output directory for reading without
 * following a symbolic link or blocking on a FIFO, a lock file, and the
 * sweep of temporaries a SIGKILL left.
 *
 * Bloat: no fsync of the directory after the rename; no copy of ACLs or
 * extended attributes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pe_error.h"
#include "pe_candle.h"
#include "pe_file.h"


int
pe_symbol_check(const char *symbol, const char **why)
{
	const unsigned char *p;

	if (symbol[0] == '\0')
		return *why = "empty symbol", -1;
	if (symbol[0] == '.')
		return *why = "a symbol may not start with '.'", -1;
	if (strlen(symbol) > PE_SYMBOL_MAX)
		return *why = "symbol longer than 200 bytes", -1;
	for (p = (const unsigned char *)symbol; *p != '\0'; p++) {
		if (*p == '/')
			return *why = "a symbol may not contain '/'", -1;
		if (*p < 0x20 || *p == 0x7f)
			return *why = "a symbol may not contain control "
			    "characters", -1;
	}
	return 0;
}

struct pe_atomic {
	FILE *fp;
	int dirfd;
	char *name;
	char *tmpname;	/* the temporary's name, once it has one */
	int named;	/* mkstemp fallback: tmpname is a path, not in dirfd */
};

/*
 * The one named temporary that exists now, for pe_atomic_cleanup: a name
 * relative to cleanup_dirfd (AT_FDCWD for the mkstemp fallback's path).
 */
int pe_atomic_force_named;

static volatile sig_atomic_t cleanup_armed;
static int cleanup_dirfd = AT_FDCWD;
static char cleanup_name[4096];

static void
arm_cleanup(int dirfd, const char *name)
{
	cleanup_armed = 0;
	if (strlen(name) >= sizeof cleanup_name)
		return;
	strcpy(cleanup_name, name);
	cleanup_dirfd = dirfd;
	cleanup_armed = 1;
}

static void
free_handle(struct pe_atomic *a)
{
	if (a->fp != NULL)
		fclose(a->fp);
	if (a->dirfd >= 0)
		close(a->dirfd);
	free(a->name);
	free(a->tmpname);
	free(a);
}

/* The fallback: a named dotfile from mkstemp. */
static int
open_named(struct pe_atomic *a, const char *dir)
{
	size_t n = strlen(dir) + strlen(a->name) + 16;
	sigset_t hold, old;
	int fd;

	if ((a->tmpname = malloc(n)) == NULL)
		return -1;
	snprintf(a->tmpname, n, "%s/.%s.XXXXXX", dir, a->name);
	/* No signal between the file's creation and the cleanup knowing it. */
	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigprocmask(SIG_BLOCK, &hold, &old);
	if ((fd = mkstemp(a->tmpname)) >= 0) {
		a->named = 1;
		arm_cleanup(AT_FDCWD, a->tmpname);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return fd;
}

struct pe_atomic *
pe_atomic_open(const char *dir, const char *name, FILE **fp,
    struct pe_error *err)
{
	struct pe_atomic *a;
	int fd = -1;

	if ((a = calloc(1, sizeof *a)) == NULL ||
	    (a->name = strdup(name)) == NULL) {
		free(a);
		pe_error_set(err, PE_ERR_NOMEM, dir, 0, 0, "out of memory");
		return NULL;
	}
	a->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (a->dirfd >= 0) {
#ifdef O_TMPFILE
		if (!pe_atomic_force_named)
			fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
#endif
		if (fd < 0)
			fd = open_named(a, dir);
	}
	if (fd < 0 || (a->fp = fdopen(fd, "w")) == NULL) {
		pe_error_set(err, PE_ERR_IO, dir, 0, 0,
		    "cannot write a file here: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		pe_atomic_abort(a);
		return NULL;
	}
	*fp = a->fp;
	return a;
}

struct pe_atomic *
pe_atomic_open_path(const char *path, FILE **fp, struct pe_error *err)
{
	const char *slash = strrchr(path, '/');
	struct pe_atomic *a;
	char *dir;

	if (slash != NULL && slash[1] == '\0') {
		pe_error_set(err, PE_ERR_IO, path, 0, 0, "a directory, not a "
		    "file");
		return NULL;
	}
	dir = slash == NULL ? strdup(".") : strndup(path, slash == path ? 1 :
	    (size_t)(slash - path));
	if (dir == NULL) {
		pe_error_set(err, PE_ERR_NOMEM, path, 0, 0, "out of memory");
		return NULL;
	}
	a = pe_atomic_open(dir, slash ? slash + 1 : path, fp, err);
	/* the message names the file asked for, not its directory */
	if (a == NULL && err != NULL)
		snprintf(err->path, sizeof err->path, "%s", path);
	free(dir);
	return a;
}

/* mkstemp makes 0600; a new file gets what creat(2) would give it. */
static int
new_mode(int fd)
{
	mode_t mask = umask(0);

	umask(mask);
	return fchmod(fd, 0666 & ~mask);
}

/*
 * Give the temporary fd what the regular file it is to replace has: its
 * owner and group where permitted (as root; the group alone as a member
 * of it; EPERM, or EINVAL for an id unmapped in a user namespace, leaves
 * ours), then its permission bits.  Set-id and sticky bits are not
 * carried: a data file has no use for them, and they would outlive a
 * change of owner.  A symbolic link in the target's place is replaced,
 * never followed, so nothing is copied from it.  Returns 1 when the
 * attributes were kept, 0 when there is no regular file to keep them
 * from, -1 with errno when they could not be set: a file restricted to
 * its owner must not be replaced by a readable one.
 */
static int
keep_attrs(struct pe_atomic *a, int fd)
{
	struct stat old, tmp;

	if (fstatat(a->dirfd, a->name, &old, AT_SYMLINK_NOFOLLOW) != 0 ||
	    !S_ISREG(old.st_mode) || fstat(fd, &tmp) != 0)
		return 0;
	if ((old.st_uid != tmp.st_uid || old.st_gid != tmp.st_gid) &&
	    fchown(fd, old.st_uid, old.st_gid) != 0) {
		if (errno != EPERM && errno != EINVAL)
			return -1;
		if (old.st_gid != tmp.st_gid &&
		    fchown(fd, (uid_t)-1, old.st_gid) != 0 &&
		    errno != EPERM && errno != EINVAL)
			return -1;
	}
	return fchmod(fd, old.st_mode & 0777) == 0 ? 1 : -1;
}

/*
 * Give the unnamed O_TMPFILE inode the target's name when there is no such
 * file yet: no temporary name ever exists then, so not even SIGKILL can
 * leave one behind.  Fails with EEXIST when the target exists.
 */
static int
link_new(struct pe_atomic *a)
{
	char proc[64];

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fileno(a->fp));
	return linkat(AT_FDCWD, proc, a->dirfd, a->name, AT_SYMLINK_FOLLOW);
}

/*
 * Replacing a file: link(2) cannot, so the inode gets a dotfile name beside
 * the target and is renamed over it.  SIGINT, SIGTERM and SIGHUP are held
 * back from the link to the rename, so they cannot leave that name; a
 * SIGKILL in those microseconds can (never a partial target).
 */
static int
link_tmpfile(struct pe_atomic *a)
{
	char proc[64], tmp[4096];
	int i;

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fileno(a->fp));
	for (i = 0; i < 100; i++) {
		snprintf(tmp, sizeof tmp, ".%s.%06lx", a->name,
		    (unsigned long)((getpid() * 7919L + i * 104729L +
		    (long)time(NULL)) & 0xffffff));
		if (linkat(AT_FDCWD, proc, a->dirfd, tmp,
		    AT_SYMLINK_FOLLOW) == 0) {
			if ((a->tmpname = strdup(tmp)) == NULL) {
				unlinkat(a->dirfd, tmp, 0);
				return -1;
			}
			return 0;
		}
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}

int
pe_atomic_commit(struct pe_atomic *a, struct pe_error *err)
{
	sigset_t deferred, old;
	const char *tmp;
	int rc = PE_OK, e, blocked = 0;

	sigemptyset(&deferred);
	sigaddset(&deferred, SIGINT);
	sigaddset(&deferred, SIGTERM);
	sigaddset(&deferred, SIGHUP);

	if (fflush(a->fp) != 0 || ferror(a->fp))
		goto fail;
	if (a->named) {
		if ((e = keep_attrs(a, fileno(a->fp))) < 0 ||
		    (e == 0 && new_mode(fileno(a->fp)) != 0))
			goto fail;
	} else if (link_new(a) == 0) {
		/* A new file: it appeared whole, under its name, in one step. */
		e = fclose(a->fp);
		a->fp = NULL;
		free_handle(a);
		return e == 0 ? PE_OK : pe_error_set(err, PE_ERR_IO, NULL, 0,
		    0, "cannot write: %s", strerror(errno));
	} else if (errno != EEXIST || keep_attrs(a, fileno(a->fp)) < 0)
		goto fail;
	else {
		/* SIGINT and SIGTERM wait until the name is gone again. */
		sigprocmask(SIG_BLOCK, &deferred, &old);
		blocked = 1;
		if (link_tmpfile(a) != 0)
			goto fail;
	}
	e = fclose(a->fp);
	a->fp = NULL;
	if (e != 0)
		goto fail;
	tmp = a->tmpname;
	if (renameat(a->named ? AT_FDCWD : a->dirfd, tmp, a->dirfd,
	    a->name) != 0)
		goto fail;
	if (blocked)
		sigprocmask(SIG_SETMASK, &old, NULL);
	cleanup_armed = 0;
	free(a->tmpname);
	a->tmpname = NULL;
	free_handle(a);
	return rc;
fail:
	rc = pe_error_set(err, PE_ERR_IO, a->name, 0, 0, "cannot write: %s",
	    strerror(errno));
	pe_atomic_abort(a);
	if (blocked)
		sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

void
pe_atomic_abort(struct pe_atomic *a)
{
	if (a == NULL)
		return;
	if (a->fp != NULL) {
		fclose(a->fp);
		a->fp = NULL;
	}
	if (a->tmpname != NULL)
		unlinkat(a->named ? AT_FDCWD : a->dirfd, a->tmpname, 0);
	cleanup_armed = 0;
	free_handle(a);
}

void
pe_atomic_cleanup(void)
{
	if (cleanup_armed)
		unlinkat(cleanup_dirfd, cleanup_name, 0);
	cleanup_armed = 0;
}

int
pe_write_all(int fd, const void *p, size_t n)
{
	const char *q = p;
	ssize_t k;

	while (n > 0) {
		if ((k = write(fd, q, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		q += k;
		n -= (size_t)k;
	}
	return 0;
}

/* What a file that is not a regular one is, for the message. */
static const char *
file_kind(mode_t m)
{
	if (S_ISLNK(m))
		return "a symbolic link";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	return "of an unknown type";
}

static int
not_regular(const char *path, mode_t m, struct pe_error *err)
{
	return pe_error_set(err, PE_ERR_IO, path, 0, 0,
	    "not a regular file (%s)", file_kind(m));
}

/*
 * Open path with flags and O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC (mode for
 * O_CREAT), and make sure it is a regular file: lstat first, so that a
 * device is not even opened, then fstat of what was opened, so that a
 * file swapped in between is caught too.  O_NONBLOCK is cleared again.
 * Returns the descriptor; -2 (err untouched) when there is no file and
 * flags has no O_CREAT; -1 with err filled else.
 */
static int
open_regular(const char *path, int flags, mode_t mode, struct pe_error *err)
{
	struct stat st;
	int fd, e;

	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return not_regular(path, st.st_mode, err), -1;
	if ((fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
	    mode)) < 0) {
		e = errno;
		if (e == ENOENT && !(flags & O_CREAT))
			return -2;
		/* O_NOFOLLOW's ELOOP: a link planted since the lstat */
		if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
			return not_regular(path, st.st_mode, err), -1;
		pe_error_set(err, PE_ERR_IO, path, 0, 0, "%s", strerror(e));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
		e = errno;
		if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode))
			not_regular(path, st.st_mode, err);
		else
			pe_error_set(err, PE_ERR_IO, path, 0, 0, "%s",
			    strerror(e));
		close(fd);
		return -1;
	}
	return fd;
}

int
pe_file_open_regular(const char *path, FILE **fp, struct pe_error *err)
{
	int fd;

	*fp = NULL;
	if ((fd = open_regular(path, O_RDONLY, 0, err)) < 0)
		return fd == -2 ? PE_OK : PE_ERR_IO;
	if ((*fp = fdopen(fd, "r")) == NULL) {
		close(fd);
		return pe_error_set(err, PE_ERR_NOMEM, path, 0, 0,
		    "out of memory");
	}
	return PE_OK;
}

int
pe_file_lock(const char *path, int wait, int *fdp, struct pe_error *err)
{
	int fd, rc;

	*fdp = -1;
	/* Read-only is enough for flock(2), and O_CREAT works with it. */
	if ((fd = open_regular(path, O_RDONLY | O_CREAT, 0600, err)) < 0)
		return PE_ERR_IO;
	while ((rc = flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB))) != 0 &&
	    errno == EINTR)
		;
	if (rc != 0) {
		rc = errno;
		close(fd);
		if (rc == EWOULDBLOCK && !wait)
			return PE_OK;
		return pe_error_set(err, PE_ERR_IO, path, 0, 0,
		    "cannot lock: %s", strerror(rc));
	}
	*fdp = fd;
	return PE_OK;
}

/*
 * Whether e is a temporary the atomic writer names, for a file
 * SYMBOL.EXT (a safe symbol, one of exts): ".SYMBOL.EXT.XXXXXX", six
 * letters or digits (link_tmpfile's hex, or mkstemp's).
 */
static int
is_temporary(const char *e, const char *const *exts)
{
	char sym[PE_SYMBOL_MAX + 1];
	const char *why;
	size_t n = strlen(e), len, k, i;

	if (n < 10 || e[0] != '.' || e[n - 7] != '.')
		return 0;
	for (i = n - 6; i < n; i++)
		if (!((e[i] >= '0' && e[i] <= '9') ||
		    (e[i] >= 'a' && e[i] <= 'z') ||
		    (e[i] >= 'A' && e[i] <= 'Z')))
			return 0;
	len = n - 8;		/* SYMBOL.EXT, at e + 1 */
	for (; *exts != NULL; exts++) {
		k = strlen(*exts);
		if (len < k + 2 || e[len - k] != '.' ||
		    memcmp(e + len - k + 1, *exts, k) != 0 ||
		    len - k - 1 > PE_SYMBOL_MAX)
			continue;
		memcpy(sym, e + 1, len - k - 1);
		sym[len - k - 1] = '\0';
		return pe_symbol_check(sym, &why) == 0;
	}
	return 0;
}

int
pe_atomic_sweep(const char *dir, const char *const *exts, long age,
    size_t *removed, struct pe_error *err)
{
	struct dirent *e;
	struct stat st;
	time_t before = time(NULL) - age;
	DIR *d;
	int dfd;

	*removed = 0;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    (d = fdopendir(dfd)) == NULL) {
		pe_error_set(err, PE_ERR_IO, dir, 0, 0, "%s", strerror(errno));
		if (dfd >= 0)
			close(dfd);
		return PE_ERR_IO;
	}
	while ((e = readdir(d)) != NULL)
		if (is_temporary(e->d_name, exts) &&
		    fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && st.st_mtime < before &&
		    unlinkat(dfd, e->d_name, 0) == 0)
			(*removed)++;
	closedir(d);
	return PE_OK;
}
