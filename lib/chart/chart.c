/*
 * chart: candlestick charts as SVG.  See pe_chart.h.
 *
 * The document is laid out in two passes: first every panel's value
 * range and tick labels (their widths set the right margin: layout.c,
 * axes.c), then the drawing, panel by panel, each clipped to its frame
 * (svg.c).  This file holds the public side: the option parsers, the
 * themes, and the document around the panels: its heading (the last
 * bar's prices, or the last row of an equity curve drawn alone), then the
 * time axis (axes.c) and the loop over the panels, each in a group of its
 * own, whose contents draw.c and backtest.c draw.
 *
 * Bloat: two themes, no style sheet of the user's; the heading shows the
 * last bar only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "pe_num.h"
#include "pe_time.h"

#define HEAD1 30	/* the panels' top under a heading of one line */
#define HEAD2 46	/* ... of two */

/* ---- small parsers ---- */

static int
parse_dim(const char *s, char **end, long min, long max, int *v)
{
	long n;

	if (*s < '0' || *s > '9')
		return -1;
	n = strtol(s, end, 10);
	if (n < min || n > max)
		return -1;
	*v = (int)n;
	return 0;
}

int
pe_chart_size_parse(const char *s, int *w, int *h, const char **why)
{
	char *end;

	*why = "expected WIDTHxHEIGHT in pixels, e.g. 1200x700";
	if (parse_dim(s, &end, 1, 1000000, w) != 0 || *end != 'x' ||
	    parse_dim(end + 1, &end, 1, 1000000, h) != 0 || *end != '\0')
		return -1;
	*why = "width must be 320 to 10000 and height 240 to 10000";
	if (*w < PE_CHART_MINW || *w > PE_CHART_MAXW ||
	    *h < PE_CHART_MINH || *h > PE_CHART_MAXH)
		return -1;
	return 0;
}

int
pe_chart_theme_parse(const char *s, enum pe_chart_theme *t)
{
	if (strcmp(s, "light") == 0)
		*t = PE_CHART_LIGHT;
	else if (strcmp(s, "dark") == 0)
		*t = PE_CHART_DARK;
	else
		return -1;
	return 0;
}

/* ---- themes ---- */

static const struct theme themes[] = {
	[PE_CHART_LIGHT] = {
		"#ffffff", "#1f2328", "#59636e", "#eaeef2", "#afb8c1",
		"#1a7f37", "#cf222e", "#8c959f",
		"#1a7f37", "#cf222e", "#8250df",
		{ "#0969da", "#e16f24", "#8250df", "#1b7c83", "#bf3989",
		  "#7d4e00", "#4d2d00", "#57606a" },
	},
	[PE_CHART_DARK] = {
		"#0d1117", "#e6edf3", "#9198a1", "#21262d", "#3d444d",
		"#3fb950", "#f85149", "#6e7681",
		"#3fb950", "#f85149", "#d2a8ff",
		{ "#79c0ff", "#ffa657", "#d2a8ff", "#56d4dd", "#ff7b72",
		  "#e3b341", "#a5d6ff", "#b1bac4" },
	},
};

/* ---- the document ---- */

/* "  O 1.00  H 2.00  L 0.50  C 1.50" of bar i, in decimals dec, after len
 * bytes of info. */
static size_t
ohlc(const struct pe_series *s, size_t i, int dec, char *info, size_t len,
    size_t cap)
{
	const double v[4] = { s->open[i], s->high[i], s->low[i],
	    s->close[i] };
	static const char *const name[4] = { "O", "H", "L", "C" };
	int k;

	for (k = 0; k < 4 && len < cap; k++)
		len += (size_t)snprintf(info + len, cap - len, "  %s %.*f",
		    name[k], dec, v[k]);
	return len;
}

/* "  equity 0.9  drawdown -25%" of row i of an equity curve. */
static size_t
equity_info(const struct pe_chart_equity *eq, size_t i, char *info,
    size_t len, size_t cap)
{
	char num[PE_NUM_BUFSZ], dd[PE_NUM_DIGITS_BUFSZ];

	/* six significant digits, as the legend: an account's 98420.3, not
	 * the double's 98420.33444994301 */
	snprintf(num, sizeof num, "%.6g", eq->s->close[i]);
	pe_num_format_digits(-100 * eq->drawdown[i], 1, dd);
	return len + (size_t)snprintf(info + len, cap - len,
	    "  equity %s  drawdown %s%%", num, dd);
}

/* The heading's right part: the last bar's time and prices (or equity). */
static void
heading_info(const struct chart *c, char *info, size_t cap)
{
	const struct pe_series *s = c->s;
	size_t i = s->n - 1, len;

	len = pe_time_format(s->time[i], s->date_only, info);
	if (c->d->equity_only)
		equity_info(c->d->eq, i, info, len, cap);
	else
		ohlc(s, i, c->pdec, info, len, cap);
}

static const char *
title_of(const struct chart *c)
{
	return c->o->title != NULL ? c->o->title : c->s->symbol;
}

/* Whether the heading's info fits beside the title (bold 14 px), with 20
 * px between them. */
static int
heading_fits(const struct chart *c)
{
	char info[256];

	heading_info(c, info, sizeof info);
	return 10 + pe_svg_width(title_of(c), 14) * 1.1 + 20 +
	    pe_svg_width(info, FONT) <= c->right;
}

/* The title on the left; the last bar's time and prices (or equity) on
 * the right, or under the title when they do not fit beside it. */
static void
draw_heading(struct chart *c)
{
	char info[256];

	pe_buf_puts(c->b, "<text class=\"title\" x=\"10\" y=\"19\" "
	    "font-size=\"14\" font-weight=\"bold\"");
	pe_buf_printf(c->b, " fill=\"%s\">", c->t->fg);
	pe_svg_text(c->b, title_of(c));
	pe_buf_puts(c->b, "</text>\n");
	heading_info(c, info, sizeof info);
	if (c->head > HEAD1)
		pe_svg_label(c, "info", 10, 36, "start", c->t->muted, info);
	else
		pe_svg_label(c, "info", c->right, 19, "end", c->t->muted,
		    info);
}

static void
start_document(struct chart *c)
{
	pe_buf_printf(c->b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, "
	    "Verdana, sans-serif\" font-size=\"11\">\n", c->o->width,
	    c->o->height, c->o->width, c->o->height);
	pe_buf_printf(c->b, "<rect class=\"background\" width=\"100%%\" "
	    "height=\"100%%\" fill=\"%s\"/>\n", c->t->bg);
}

/* A panel's group name: "price", "volume", the indicator's, ... */
static const char *
panel_name(const struct chart *c, const struct panel *p)
{
	switch (p->kind) {
	case P_PRICE: return "price";
	case P_VOLUME: return "volume";
	case P_EQUITY: return "equity";
	case P_DRAWDOWN: return "drawdown";
	case P_LINE: return "formula";
	default: return c->ind[p->ind].spec->info->name;
	}
}

int
pe_chart_panels(struct chart *c)
{
	struct panel *p;
	struct legend l;
	int i, rc = PE_OK;

	for (i = 0; i < c->npanels; i++) {
		p = &c->panel[i];
		pe_buf_printf(c->b, "<g class=\"panel %s\">\n",
		    panel_name(c, p));
		pe_chart_frame(c, p, i);
		pe_buf_printf(c->b, "<g clip-path=\"url(#clip%d)\">\n", i);
		pe_chart_legend_start(c, p, &l);
		switch (p->kind) {
		case P_PRICE:
			rc = pe_chart_price(c, p, &l, c->d->mk, c->d->nmk);
			break;
		case P_VOLUME: pe_chart_volume(c, p, &l); break;
		case P_EQUITY: pe_chart_equity(c, p, &l); break;
		case P_DRAWDOWN: pe_chart_drawdown(c, p, &l); break;
		case P_LINE: pe_chart_formula(c, p, &l); break;
		default: pe_chart_oscillator(c, p, &l); break;
		}
		pe_buf_puts(c->b, "</g>\n");
		pe_chart_legend_end(c, &l);
		pe_buf_puts(c->b, "</g>\n");
		if (rc != PE_OK)
			return rc;
	}
	return PE_OK;
}

int
pe_chart_render(const struct pe_chart_data *d,
    const struct pe_chart_opts *o, struct pe_buf *out,
    struct pe_error *err)
{
	struct chart c = { .d = d, .s = d->s, .ind = d->ind,
	    .nind = d->equity_only ? 0 : d->nind, .line = d->line,
	    .nline = d->equity_only ? 0 : d->nline, .o = o, .b = out };
	int rc;

	if (o->width < PE_CHART_MINW || o->width > PE_CHART_MAXW ||
	    o->height < PE_CHART_MINH || o->height > PE_CHART_MAXH)
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "chart size %dx%d out of range", o->width, o->height);
	if (d->s == NULL || d->s->n == 0)
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "no candles to draw");
	if (d->equity_only && d->eq == NULL)
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "an equity chart without an equity curve");
	c.t = &themes[o->theme == PE_CHART_DARK];
	c.n = o->tail == 0 || o->tail > d->s->n ? d->s->n : o->tail;
	c.first = d->s->n - c.n;
	pe_chart_layout(&c, HEAD1);
	if (!heading_fits(&c))
		pe_chart_layout(&c, HEAD2);
	start_document(&c);
	draw_heading(&c);
	pe_chart_time_axis(&c);
	rc = pe_chart_panels(&c);
	pe_buf_puts(out, "</svg>\n");
	if (rc == PE_OK && out->oom)
		rc = PE_ERR_NOMEM;
	if (rc != PE_OK)
		return pe_error_set(err, rc, NULL, 0, 0, "out of memory");
	return PE_OK;
}
