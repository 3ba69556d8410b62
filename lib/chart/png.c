/*
 * png: an SVG document turned into PNG by rsvg-convert (librsvg), the one
 * converter pe relies on: pe draws SVG itself, exactly, and leaves the
 * rasterising to a program that does it well.  See pe_chart.h.
 *
 * Bloat: no other converter, no search for one, no time limit on it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pe_chart.h"

/* In the child: rsvg-convert reading in, writing out; an exec failure's
 * errno goes back through ex (close-on-exec, so it closes on success). */
static void
convert(int in[2], int out, int ex, int width, int height)
{
	char w[16], h[16];
	int cerr;

	snprintf(w, sizeof w, "%d", width);
	snprintf(h, sizeof h, "%d", height);
	dup2(in[0], 0);
	dup2(out, 1);
	close(in[0]);
	close(in[1]);
	execlp("rsvg-convert", "rsvg-convert", "-w", w, "-h", h, "-f", "png",
	    (char *)NULL);
	cerr = errno;
	(void)!write(ex, &cerr, sizeof cerr);
	_exit(127);
}

int
pe_chart_png(const struct pe_buf *svg, int out, int width, int height,
    struct pe_error *err)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	int in[2], ex[2], status, cerr = 0;
	size_t off = 0;
	ssize_t n;
	pid_t pid;

	fflush(NULL);
	if (pipe(in) != 0 || pipe2(ex, O_CLOEXEC) != 0 ||
	    (pid = fork()) == -1)
		return pe_error_set(err, PE_ERR_IO, NULL, 0, 0, "cannot start "
		    "rsvg-convert: %s", strerror(errno));
	if (pid == 0)
		convert(in, out, ex[1], width, height);
	close(in[0]);
	close(ex[1]);
	sigaction(SIGPIPE, &ign, &old);	/* a dead converter: said below */
	while (off < svg->len && (n = write(in[1], svg->p + off,
	    svg->len - off)) > 0)
		off += (size_t)n;
	close(in[1]);
	n = read(ex[0], &cerr, sizeof cerr);
	close(ex[0]);
	if (waitpid(pid, &status, 0) == -1)
		status = -1;
	sigaction(SIGPIPE, &old, NULL);
	if (n == (ssize_t)sizeof cerr)
		return pe_error_set(err, PE_ERR_IO, NULL, 0, 0, "cannot run "
		    "rsvg-convert: %s (PNG output needs it: Debian package "
		    "librsvg2-bin)", strerror(cerr));
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    off < svg->len)
		return pe_error_set(err, PE_ERR_IO, NULL, 0, 0,
		    "rsvg-convert failed to make the PNG");
	return PE_OK;
}
