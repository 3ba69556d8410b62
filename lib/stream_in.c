/*
 * stream_in.c: a FILE over a live input for the candle reader, whose
 * reads return as soon as some bytes have arrived.  See pe_stream.h.
 *
 * stdio's fread loops until it has every byte it asked for, so a reader
 * asking for 64 KiB would sit on a line that arrived alone until 64 KiB
 * more came.  The FILE here is unbuffered and its cookie answers each
 * read(2) it makes: once a read returned fewer bytes than asked (fread is
 * about to ask again for the rest), the next call returns what is there
 * now, or ends that fread with EAGAIN when nothing is.  The reader only
 * reads when it holds no whole line, so a read that then blocks is one
 * that has to.  The error flag that EAGAIN leaves is cleared at end of
 * input, where the reader asks ferror(3) whether the end was an error.
 *
 * Bloat: Linux/glibc only (fopencookie, clearerr_unlocked), which is
 * what pe builds on.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "pe_stream.h"

struct in {
	int fd;
	int more;		/* the last read was short: fread asks again */
	FILE *fp;
	int (*on_intr)(void *ctx);
	void *ctx;
};

/* Whether fd has bytes (or its end) to read right now. */
static int
ready(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) > 0;
}

static ssize_t
in_read(void *cookie, char *buf, size_t size)
{
	struct in *in = cookie;
	ssize_t n;

	if (in->more) {
		in->more = 0;
		if (!ready(in->fd)) {
			errno = EAGAIN;
			return -1;	/* fread returns what it has */
		}
	}
	while ((n = read(in->fd, buf, size)) < 0 && errno == EINTR)
		if (in->on_intr != NULL && in->on_intr(in->ctx) != 0) {
			n = 0;
			break;
		}
	if (n == 0)
		clearerr_unlocked(in->fp);
	in->more = n > 0 && (size_t)n < size;
	return n;
}

static int
in_close(void *cookie)
{
	free(cookie);
	return 0;
}

FILE *
pe_stream_open(int fd, int (*on_intr)(void *ctx), void *ctx)
{
	cookie_io_functions_t io = { .read = in_read, .close = in_close };
	struct in *in;

	if ((in = calloc(1, sizeof *in)) == NULL)
		return NULL;
	in->fd = fd;
	in->on_intr = on_intr;
	in->ctx = ctx;
	if ((in->fp = fopencookie(in, "r", io)) == NULL) {
		free(in);
		return NULL;
	}
	setvbuf(in->fp, NULL, _IONBF, 0);
	return in->fp;
}
