/*
 * pe_file: files written whole or not at all, symbol names that are safe
 * as file names, and a write(2) that writes everything.
 *
 * An atomic file is written into an unnamed temporary in the target's
 * directory (O_TMPFILE), so a process killed even by SIGKILL leaves nothing
 * behind.  On commit a new file is linked straight to NAME; a file that
 * replaces another is linked as ".NAME.XXXXXX" and renamed over NAME (the
 * only moment a temporary has a name: a SIGKILL just then leaves that
 * dotfile, never a partial NAME; SIGINT, SIGTERM and SIGHUP are held back
 * for those microseconds).  Where the file system has no O_TMPFILE
 * the temporary is a named dotfile from mkstemp.  pe_atomic_cleanup
 * (async-signal-safe) removes a named temporary from a signal handler,
 * and pe_atomic_sweep the dotfiles a SIGKILL left.  A file that replaces
 * another keeps its permission bits, and its owner and group where
 * permitted; a new file gets 0666 & ~umask.
 *
 * For a directory that is written into, such as pe-load -o DIR: a file
 * there is read only when it is a regular file (pe_file_open_regular), and
 * runs serialise on a lock file (pe_file_lock).
 *
 * Bloat: no fsync of the directory; no lock taken by the atomic writer
 * itself (a caller that reads, changes and replaces a file takes
 * pe_file_lock around it; otherwise the last rename wins).
 */
#ifndef PE_FILE_H
#define PE_FILE_H

#include <stdio.h>

#include "pe_error.h"

/*
 * Whether symbol can name a file inside a directory without leaving it:
 * not empty, no '/', no leading '.', no control characters, at most 200
 * bytes.  Returns 0, or -1 with *why set to a static reason.
 */
int pe_symbol_check(const char *symbol, const char **why);

struct pe_atomic;

/*
 * Start writing dir/name.  *fp is the stream to write to (owned by the
 * handle).  Returns the handle, or NULL with err filled (PE_ERR_IO).
 */
struct pe_atomic *pe_atomic_open(const char *dir, const char *name,
    FILE **fp, struct pe_error *err);

/* The same for a path: its directory ("." when it has none) and name. */
struct pe_atomic *pe_atomic_open_path(const char *path, FILE **fp,
    struct pe_error *err);

/*
 * Flush, then make the file appear as dir/name in one rename, replacing
 * what was there.  When that is a regular file, the new one gets its
 * permission bits (not set-id or sticky bits) and, where the system
 * permits (as root; the group alone as a member of it), its owner and
 * group, as sed -i and rsync do; a symbolic link there is replaced, not
 * followed.  A new file gets 0666 & ~umask.  Frees the handle in every
 * case.  Returns PE_OK or PE_ERR_IO (the old file is then left as it was;
 * also when the old file's mode could not be given to the new one).
 */
int pe_atomic_commit(struct pe_atomic *a, struct pe_error *err);

/* Give up: close and remove the temporary; free the handle.  a may be NULL. */
void pe_atomic_abort(struct pe_atomic *a);

/* Remove any named temporary still open (for signal handlers). */
void pe_atomic_cleanup(void);

/*
 * Remove from dir the temporaries a killed writer left of the files
 * SYMBOL.EXT (EXT one of exts, a NULL-terminated list without dots):
 * regular files, not symbolic links, named exactly ".SYMBOL.EXT.XXXXXX"
 * (SYMBOL one that pe_symbol_check accepts, XXXXXX six ASCII letters or
 * digits), last modified more than age seconds ago.  A file that cannot be
 * removed is left.  *removed is the number removed.  Returns PE_OK, or
 * PE_ERR_IO when dir cannot be read.
 */
int pe_atomic_sweep(const char *dir, const char *const *exts, long age,
    size_t *removed, struct pe_error *err);

/*
 * Open the file at path for reading, when it is a regular file: a
 * symbolic link (even one to a regular file), a FIFO, a directory, a
 * socket or a device there is refused without being followed, read or
 * waited on, with PE_ERR_IO and "not a regular file (a FIFO)" (the kind
 * said) for path.  *fp is the stream, the caller's to fclose; NULL with
 * PE_OK when there is no file at path.  Returns PE_OK, PE_ERR_IO (err
 * names path and the reason) or PE_ERR_NOMEM.
 */
int pe_file_open_regular(const char *path, FILE **fp, struct pe_error *err);

/*
 * Take an exclusive flock(2) on the lock file at path, created empty and
 * 0600 (less what umask takes) when missing, refused as
 * pe_file_open_regular refuses when it is not a regular file (so a
 * planted symbolic link is never followed nor a FIFO waited on).  With
 * wait, block until the lock is free; without, give up at once when
 * another open file holds it, returning PE_OK with *fd -1.  *fd is the
 * descriptor that holds the lock (close-on-exec): the lock lasts until it
 * is closed or the process ends.  Returns PE_OK or PE_ERR_IO (*fd -1).
 */
int pe_file_lock(const char *path, int wait, int *fd, struct pe_error *err);

/*
 * Non-zero makes pe_atomic_open take the mkstemp fallback even where
 * O_TMPFILE works: for tests of that path only.  Default 0.
 */
extern int pe_atomic_force_named;

/*
 * Write p[0..n) to fd whole: a short write goes on with the rest, a write
 * interrupted by a signal (EINTR) is tried again.  Returns 0 once every
 * byte is written (n 0 writes nothing), or -1 with errno from write(2)
 * (EAGAIN on a non-blocking fd is an error too: nothing here waits).
 * Bytes before the failure may have been written.
 */
int pe_write_all(int fd, const void *p, size_t n);

#endif
