/*
 * svg.c: SVG's pieces: numbers, escaped text, path commands, attributes,
 * labels.  The lowest file of lib/chart: it draws nothing by itself.  See
 * canvas.h.
 *
 * Coordinates are written with one decimal, so the same input gives the
 * same bytes.
 *
 * Bloat: no elements beyond what the chart uses, no styling of its own.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "pe_utf8.h"

/* A coordinate with one decimal, "-0" and ".0" never written. */
void
pe_svg_num(struct pe_buf *b, double v)
{
	char buf[48];
	int n;

	v = round(v * 10) / 10;
	if (v == 0)
		v = 0;		/* -0 to 0 */
	n = snprintf(buf, sizeof buf, "%.1f", v);
	if (n > 2 && buf[n - 2] == '.' && buf[n - 1] == '0')
		n -= 2;
	pe_buf_put(b, buf, (size_t)n);
}

/* Text content or an attribute value: XML's five escapes; control
 * characters (not allowed in XML 1.0) become spaces; a byte that is not
 * UTF-8, and U+FFFE and U+FFFF (not XML characters either), U+FFFD. */
void
pe_svg_text(struct pe_buf *b, const char *s)
{
	size_t n = strlen(s), m;

	for (; *s != '\0'; s += m, n -= m) {
		m = 1;
		switch (*s) {
		case '&': pe_buf_puts(b, "&amp;"); break;
		case '<': pe_buf_puts(b, "&lt;"); break;
		case '>': pe_buf_puts(b, "&gt;"); break;
		case '"': pe_buf_puts(b, "&quot;"); break;
		case '\'': pe_buf_puts(b, "&apos;"); break;
		default:
			if ((unsigned char)*s < 0x20)
				pe_buf_puts(b, " ");
			else if ((unsigned char)*s < 0x80)
				pe_buf_put(b, s, 1);
			else if ((m = pe_utf8_len(s, n)) == 0 || (m == 3 &&
			    (memcmp(s, "\xef\xbf\xbe", 3) == 0 ||
			    memcmp(s, "\xef\xbf\xbf", 3) == 0))) {
				pe_buf_puts(b, PE_UTF8_REPLACEMENT);
				m = m ? m : 1;
			} else
				pe_buf_put(b, s, m);
		}
	}
}

double
pe_svg_width(const char *s, double size)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return (double)n * size * EM;
}

void
pe_svg_xy(struct pe_buf *b, const char *cmd, double x, double y)
{
	pe_buf_puts(b, cmd);
	pe_svg_num(b, x);
	pe_buf_puts(b, " ");
	pe_svg_num(b, y);
}

/* A path command of one number: "H12.5". */
void
pe_svg_cmd(struct pe_buf *b, const char *cmd, double v)
{
	pe_buf_puts(b, cmd);
	pe_svg_num(b, v);
}

/* ' NAME="V"' for a coordinate V. */
void
pe_svg_attr(struct pe_buf *b, const char *name, double v)
{
	pe_buf_printf(b, " %s=\"", name);
	pe_svg_num(b, v);
	pe_buf_puts(b, "\"");
}

/* <text class="CLASS" x y text-anchor fill>TEXT</text> */
void
pe_svg_label(struct chart *c, const char *cls, double x, double y,
    const char *anchor, const char *fill, const char *text)
{
	pe_buf_printf(c->b, "<text class=\"%s\"", cls);
	pe_svg_attr(c->b, "x", x);
	pe_svg_attr(c->b, "y", y);
	pe_buf_printf(c->b, " text-anchor=\"%s\" fill=\"%s\">", anchor,
	    fill);
	pe_svg_text(c->b, text);
	pe_buf_puts(c->b, "</text>\n");
}
