/*
 * png-probe: a PNG's size, and how many pixels of given rectangles differ
 * from a background colour; for the tests of pe-chart's pictures
 * (tests/pe-chart.bats renders charts with rsvg-convert and looks at every
 * panel).  Built into build/tools, never installed.
 *
 *	png-probe [-b COLOUR] [-t N] FILE [X,Y,W,H ...]
 *
 * prints "WIDTH HEIGHT", then for each rectangle (X, Y its top left
 * pixel, W by H pixels, all inside the image) "X,Y,W,H N COLOUR": the N
 * pixels of it that differ from COLOUR by more than N in some channel
 * (red, green, blue, alpha; -t, 0 by default).  COLOUR is -b's (#rrggbb,
 * opaque, or #rrggbbaa), else the rectangle's most common colour (the
 * lowest of equally common ones).  FILE "-" is stdin.  Exit status: 0,
 * 1 a write error, 2 usage (a rectangle outside the image too), 3 a file
 * that cannot be read or is not a PNG png.c reads (its message says why).
 *
 * Bloat: no other measures (means, histograms), no picture written.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "png.h"

#define PROG	"png-probe"

struct rect {
	long x, y, w, h;
};

static _Noreturn void
usage(void)
{
	fprintf(stderr, "usage: " PROG " [-b COLOUR] [-t N] FILE "
	    "[X,Y,W,H ...]\n");
	exit(2);
}

static _Noreturn void __attribute__((format(printf, 2, 3)))
die(int status, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

/* "#rrggbb" or "#rrggbbaa" as 0xRRGGBBAA. */
static int
colour(const char *s, uint32_t *c)
{
	size_t n = strlen(s);
	char *end;

	if (s[0] != '#' || (n != 7 && n != 9) ||
	    strspn(s + 1, "0123456789abcdefABCDEF") != n - 1)
		return -1;
	*c = (uint32_t)strtoul(s + 1, &end, 16);
	if (n == 7)
		*c = *c << 8 | 0xff;
	return 0;
}

/* "X,Y,W,H": whole numbers, W and H at least 1. */
static int
rect(const char *s, struct rect *r)
{
	long v[4];
	char *end;
	int i;

	for (i = 0; i < 4; i++) {
		if (*s < '0' || *s > '9')
			return -1;
		errno = 0;
		v[i] = strtol(s, &end, 10);
		if (errno != 0 || v[i] > PNG_MAX_SIDE ||
		    *end != (i < 3 ? ',' : '\0'))
			return -1;
		s = end + 1;
	}
	*r = (struct rect){ v[0], v[1], v[2], v[3] };
	return r->w > 0 && r->h > 0 ? 0 : -1;
}

static uint32_t
pixel(const struct png *img, long x, long y)
{
	const unsigned char *p = img->px + ((size_t)y * img->width +
	    (size_t)x) * (size_t)img->channels;

	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (img->channels == 4 ? p[3] : 0xff);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* The most common colour of r: sorted, the longest run. */
static uint32_t
common(const struct png *img, const struct rect *r)
{
	size_t n = (size_t)r->w * (size_t)r->h, i, k = 0, run, best = 0;
	uint32_t *v, c = 0;
	long x, y;

	if ((v = malloc(n * sizeof *v)) == NULL)
		die(3, "out of memory");
	for (y = r->y; y < r->y + r->h; y++)
		for (x = r->x; x < r->x + r->w; x++)
			v[k++] = pixel(img, x, y);
	qsort(v, n, sizeof *v, cmp_u32);
	for (i = 0; i < n; i += run) {
		for (run = 1; i + run < n && v[i + run] == v[i]; run++)
			;
		if (run > best) {
			best = run;
			c = v[i];
		}
	}
	free(v);
	return c;
}

/* Whether a and b differ by more than tol in some channel. */
static int
differ(uint32_t a, uint32_t b, int tol)
{
	int s, d;

	for (s = 0; s < 32; s += 8) {
		d = (int)(a >> s & 0xff) - (int)(b >> s & 0xff);
		if (d > tol || -d > tol)
			return 1;
	}
	return 0;
}

static void
probe(const struct png *img, const struct rect *r, const uint32_t *bg,
    int tol)
{
	uint32_t c = bg ? *bg : common(img, r);
	long x, y, n = 0;

	for (y = r->y; y < r->y + r->h; y++)
		for (x = r->x; x < r->x + r->w; x++)
			n += differ(pixel(img, x, y), c, tol);
	printf("%ld,%ld,%ld,%ld %ld #%06lx", r->x, r->y, r->w, r->h, n,
	    (unsigned long)(c >> 8));
	if ((c & 0xff) != 0xff)
		printf("%02lx", (unsigned long)(c & 0xff));
	putchar('\n');
}

int
main(int argc, char **argv)
{
	struct png img;
	struct rect *r;
	uint32_t bg = 0;
	char msg[256], *end;
	FILE *f;
	long tol = 0;
	int ch, i, has_bg = 0;

	opterr = 0;	/* its messages name argv[0], a path in the tests */
	while ((ch = getopt(argc, argv, ":b:t:")) != -1) {
		switch (ch) {
		case 'b':
			if (colour(optarg, &bg) != 0)
				die(2, "invalid -b '%s' (expected #rrggbb "
				    "or #rrggbbaa)", optarg);
			has_bg = 1;
			break;
		case 't':
			tol = strtol(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end != '\0' ||
			    tol > 255)
				die(2, "invalid -t '%s' (expected 0 to 255)",
				    optarg);
			break;
		case ':':
			fprintf(stderr, PROG ": option '-%c' needs a value\n",
			    optopt);
			usage();
		default:
			fprintf(stderr, PROG ": unknown option '-%c'\n",
			    optopt);
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	if ((r = calloc((size_t)argc, sizeof *r)) == NULL)
		die(3, "out of memory");
	for (i = 1; i < argc; i++)
		if (rect(argv[i], &r[i]) != 0)
			die(2, "invalid rectangle '%s' (expected X,Y,W,H, "
			    "W and H at least 1)", argv[i]);
	if (strcmp(argv[0], "-") == 0)
		f = stdin;
	else if ((f = fopen(argv[0], "rb")) == NULL)
		die(3, "%s: %s", argv[0], strerror(errno));
	if (png_read(f, &img, msg, sizeof msg) != 0)
		die(3, "%s: %s", argv[0], msg);
	if (f != stdin)
		fclose(f);
	for (i = 1; i < argc; i++)
		if (r[i].x + r[i].w > (long)img.width ||
		    r[i].y + r[i].h > (long)img.height)
			die(2, "rectangle '%s' is not inside the %lux%lu "
			    "image", argv[i], (unsigned long)img.width,
			    (unsigned long)img.height);
	printf("%lu %lu\n", (unsigned long)img.width,
	    (unsigned long)img.height);
	for (i = 1; i < argc; i++)
		probe(&img, &r[i], has_bg ? &bg : NULL, (int)tol);
	png_free(&img);
	free(r);
	if (ferror(stdout) || fclose(stdout) != 0)
		die(1, "write error");
	return 0;
}
