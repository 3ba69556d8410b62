/*
 * draw.c: what the candle panels draw inside their frames: candles,
 * volume bars, indicator lines and histograms, guide lines, legends and
 * signal markers (pe-backtest's trades are backtest.c's).  See canvas.h.
 *
 * Every kind of element carries a fixed class attribute (pe_chart.h lists
 * them).
 *
 * Bloat: legends wrap but are not kept off the data; no gradients,
 * shadows or other styling beyond fill, stroke and opacity.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"

/* ---- panels ---- */

/* Body width: 70% of a bar's slot, at least one pixel. */
static double
body_width(const struct chart *c)
{
	double w = c->slot * 0.7;

	return w < 1 ? 1 : w;
}

/*
 * One path a candle: the wick above the body, the wick below it, the
 * body.  Candles are filled in their colour (green up, close >= open; red
 * down), as traders' platforms draw them; with o->hollow up candles are
 * hollow (filled with the background), so the two differ without colour.
 */
static void
draw_candles(struct chart *c, const struct panel *p)
{
	const struct pe_series *s = c->s;
	double x, hw = body_width(c) / 2, top, bot;
	size_t i;
	int up;

	for (i = c->first; i < s->n; i++) {
		up = s->close[i] >= s->open[i];
		x = xmid(c, i);
		top = ymap(p, up ? s->close[i] : s->open[i]);
		bot = ymap(p, up ? s->open[i] : s->close[i]);
		pe_buf_printf(c->b, "<path class=\"candle %s\" fill=\"%s\" "
		    "stroke=\"%s\" d=\"", up ? "up" : "down",
		    !up ? c->t->down : c->o->hollow ? c->t->bg : c->t->up,
		    up ? c->t->up : c->t->down);
		pe_svg_xy(c->b, "M", x, ymap(p, s->high[i]));
		pe_svg_cmd(c->b, "V", top);
		pe_svg_xy(c->b, "M", x, bot);
		pe_svg_cmd(c->b, "V", ymap(p, s->low[i]));
		pe_svg_xy(c->b, "M", x - hw, top);
		pe_svg_cmd(c->b, "H", x + hw);
		pe_svg_cmd(c->b, "V", bot);
		pe_svg_cmd(c->b, "H", x - hw);
		pe_buf_puts(c->b, "Z\"/>\n");
	}
}

/* One bar a candle, coloured as its candle; no bar where volume is NaN. */
static void
draw_volume(struct chart *c, const struct panel *p)
{
	const struct pe_series *s = c->s;
	double bw = body_width(c), y0 = ymap(p, 0), y;
	size_t i;

	for (i = c->first; i < s->n; i++) {
		if (isnan(s->volume[i]))
			continue;
		y = ymap(p, s->volume[i]);
		pe_buf_printf(c->b, "<rect class=\"volume\" fill=\"%s\" "
		    "fill-opacity=\"0.5\"", s->close[i] >= s->open[i] ?
		    c->t->up : c->t->down);
		pe_svg_attr(c->b, "x", xmid(c, i) - bw / 2);
		pe_svg_attr(c->b, "y", y);
		pe_svg_attr(c->b, "width", bw);
		pe_svg_attr(c->b, "height", y0 - y);
		pe_buf_puts(c->b, "/>\n");
	}
}

/* A polyline over the drawn bars; a NaN breaks it. */
static void
draw_line(struct chart *c, const struct panel *p, const double *v,
    const char *cls, const char *name, const char *colour, int dashed)
{
	const char *cmd = "M";
	size_t i;

	pe_buf_printf(c->b, "<path class=\"%s %s\" fill=\"none\" "
	    "stroke=\"%s\" stroke-width=\"1.5\"%s d=\"", cls, name, colour,
	    dashed ? " stroke-dasharray=\"5 3\"" : "");
	for (i = c->first; i < c->s->n; i++) {
		if (isnan(v[i]) || isinf(v[i])) {
			cmd = "M";
			continue;
		}
		pe_svg_xy(c->b, cmd, xmid(c, i), ymap(p, v[i]));
		cmd = "L";
	}
	pe_buf_puts(c->b, "\"/>\n");
}

/* A histogram (MACD's hist): bars from zero, by sign. */
static void
draw_hist(struct chart *c, const struct panel *p, const double *v)
{
	double y0 = ymap(p, 0), x;
	size_t i;
	int pos;

	for (pos = 1; pos >= 0; pos--) {
		pe_buf_printf(c->b, "<path class=\"hist\" stroke=\"%s\" "
		    "stroke-opacity=\"0.6\" stroke-width=\"", pos ? c->t->up :
		    c->t->down);
		pe_svg_num(c->b, body_width(c));
		pe_buf_puts(c->b, "\" d=\"");
		for (i = c->first; i < c->s->n; i++) {
			if (isnan(v[i]) || (v[i] >= 0) != pos)
				continue;
			x = xmid(c, i);
			pe_svg_xy(c->b, "M", x, y0);
			pe_svg_cmd(c->b, "V", ymap(p, v[i]));
		}
		pe_buf_puts(c->b, "\"/>\n");
	}
}

void
pe_chart_hline(struct chart *c, const struct panel *p, double v,
    const char *cls)
{
	pe_buf_printf(c->b, "<path class=\"%s\" stroke=\"%s\" "
	    "stroke-dasharray=\"4 3\" d=\"", cls, c->t->guide);
	pe_svg_xy(c->b, "M", c->left, ymap(p, v));
	pe_svg_cmd(c->b, "H", c->right);
	pe_buf_puts(c->b, "\"/>\n");
}

/* Guide lines, or the zero line (layout.c's); axes.c labels them. */
static void
draw_guides(struct chart *c, const struct panel *p)
{
	int i;

	for (i = 0; i < p->ng; i++)
		pe_chart_hline(c, p, p->g[i], p->zero ? "guide zero" : "guide");
}


void
pe_chart_legend_start(const struct chart *c, const struct panel *p,
    struct legend *l)
{
	memset(l, 0, sizeof *l);
	l->x0 = l->x = l->xmax = c->left + 6;
	l->y0 = l->y = p->top + 14;
}

/*
 * One entry, on a new line when it would run past the frame: text, then
 * value (when not NULL) in a tspan of class "value" one character's
 * width after it, both in colour.
 */
void
pe_chart_legend_value(struct chart *c, struct legend *l, const char *colour,
    const char *text, const char *value)
{
	struct pe_buf *b = &l->text;
	double w = pe_svg_width(text, FONT);

	if (value != NULL)
		w += pe_svg_width(value, FONT) + CHARW;
	if (l->x > l->x0 && l->x + w > c->right - 4) {
		l->x = l->x0;
		l->y += ROW;
	}
	pe_buf_puts(b, "<text class=\"legend\"");
	pe_svg_attr(b, "x", l->x);
	pe_svg_attr(b, "y", l->y);
	pe_buf_printf(b, " fill=\"%s\">", colour);
	pe_svg_text(b, text);
	if (value != NULL) {
		/* dx, not a space: SVG drops a tspan's leading space */
		pe_buf_puts(b, "<tspan class=\"value\"");
		pe_svg_attr(b, "dx", CHARW);
		pe_buf_puts(b, ">");
		pe_svg_text(b, value);
		pe_buf_puts(b, "</tspan>");
	}
	pe_buf_puts(b, "</text>\n");
	l->x += w + 10;
	l->xmax = l->x > l->xmax ? l->x : l->xmax;
}

void
pe_chart_legend_add(struct chart *c, struct legend *l, const char *colour,
    const char *text)
{
	pe_chart_legend_value(c, l, colour, text, NULL);
}

/* The backdrop and the entries; frees the entries' buffer. */
void
pe_chart_legend_end(struct chart *c, struct legend *l)
{
	if (l->text.len > 0) {
		pe_buf_printf(c->b, "<rect class=\"backdrop\" fill=\"%s\" "
		    "fill-opacity=\"0.85\"", c->t->bg);
		pe_svg_attr(c->b, "x", l->x0 - 4);
		pe_svg_attr(c->b, "y", l->y0 - 11);
		pe_svg_attr(c->b, "width", l->xmax - l->x0);
		pe_svg_attr(c->b, "height", l->y - l->y0 + ROW);
		pe_buf_puts(c->b, "/>\n");
		pe_buf_put(c->b, l->text.p, l->text.len);
	}
	if (l->text.oom)
		c->b->oom = 1;
	free(l->text.p);
	l->text = (struct pe_buf){ 0 };
}

/* Bands (upper, middle, lower) share one colour, the middle dashed;
 * other outputs take a colour each. */
static int
is_band(const struct pe_ind_info *f)
{
	return f->nout == 3 && strcmp(f->out[1], "middle") == 0;
}

/*
 * A value at the last drawn bar for a legend, in decimals dec: "n/a"
 * where it is NaN (not yet defined), a volume with K, M, B or T.
 */
static void
value_text(const struct chart *c, const double *v, int dec, int volume,
    char *buf, size_t n)
{
	static const char *const suffix[] = { "", "K", "M", "B", "T" };
	double x = v[c->s->n - 1];
	int i;

	if (isnan(x) || isinf(x)) {
		snprintf(buf, n, "n/a");
		return;
	}
	for (i = 0; volume && i < 4 && fabs(x) >= 1000; i++)
		x /= 1000;
	snprintf(buf, n, "%.*f%s", volume && i == 0 ? 0 : dec, x,
	    suffix[i]);
}

/* Decimals of a value in panel p: the prices' over the candles, else at
 * least two and enough for the panel's ticks plus one. */
static int
value_decimals(const struct chart *c, const struct panel *p)
{
	int d = p->decimals + 1;

	if (p->kind == P_PRICE)
		return c->pdec;
	return d < 2 ? 2 : d > 8 ? 8 : d;
}

static int
finite2(const double *a, const double *b, size_t i)
{
	return !isnan(a[i]) && !isinf(a[i]) && !isnan(b[i]) && !isinf(b[i]);
}

/* A light fill between a band's upper and lower lines (outputs 0 and 2),
 * one closed path a stretch where both are defined. */
static void
draw_band_fill(struct chart *c, const struct panel *p,
    const struct pe_chart_ind *ind, const char *colour)
{
	const double *up = ind->out[0], *lo = ind->out[2];
	size_t i = c->first, j, end;

	pe_buf_printf(c->b, "<path class=\"band %s\" fill=\"%s\" "
	    "fill-opacity=\"0.1\" stroke=\"none\" d=\"",
	    ind->spec->info->name, colour);
	while (i < c->s->n) {
		if (!finite2(up, lo, i)) {
			i++;
			continue;
		}
		for (end = i; end < c->s->n && finite2(up, lo, end); end++)
			pe_svg_xy(c->b, end == i ? "M" : "L", xmid(c, end),
			    ymap(p, up[end]));
		for (j = end; j-- > i;)
			pe_svg_xy(c->b, "L", xmid(c, j), ymap(p, lo[j]));
		pe_buf_puts(c->b, "Z");
		i = end;
	}
	pe_buf_puts(c->b, "\"/>\n");
}

/*
 * An overlay's legend name: the spec as given; ".OUTPUT" added where the
 * spec draws several lines of their own colours.  A band's one entry
 * (the spec) carries its three values, upper middle lower.
 */
static void
legend_name(const struct pe_chart_ind *ind, int k, char *buf, size_t n)
{
	const struct pe_ind_info *f = ind->spec->info;

	if (f->nout > 1 && ind->spec->out < 0 && !is_band(f) &&
	    strcmp(f->out[k], f->name) != 0)
		snprintf(buf, n, "%s.%s", ind->label, f->out[k]);
	else
		snprintf(buf, n, "%s", ind->label);
}

static void
draw_overlays(struct chart *c, const struct panel *p, struct legend *l)
{
	const struct pe_chart_ind *ind;
	const char *col = c->t->fg;
	char name[160], val[3 * 40];
	size_t j, len;
	int k, ncol = 0, band;

	for (j = 0; j < c->nind; j++) {
		ind = &c->ind[j];
		band = is_band(ind->spec->info) && ind->spec->out < 0;
		if (band) {
			col = c->t->line[ncol++ % NPALETTE];
			draw_band_fill(c, p, ind, col);
		}
		for (k = 0, len = 0; k < ind->spec->info->nout; k++) {
			if (!pe_chart_drawn(ind, k) ||
			    !pe_chart_is_overlay(ind->spec, k))
				continue;
			if (!band)
				col = c->t->line[ncol++ % NPALETTE];
			draw_line(c, p, ind->out[k], "overlay",
			    ind->spec->info->name, col, band && k == 1);
			if (band) {	/* upper middle lower, in one entry */
				value_text(c, ind->out[k], c->pdec, 0,
				    val + len, sizeof val - len);
				len = strlen(val);
				if (k < 2)
					val[len++] = ' ', val[len] = '\0';
				continue;
			}
			legend_name(ind, k, name, sizeof name);
			value_text(c, ind->out[k], c->pdec, 0, val, sizeof val);
			pe_chart_legend_value(c, l, col, name, val);
		}
		if (band)
			pe_chart_legend_value(c, l, col, ind->label, val);
	}
	/* formula lines after the indicators, in the palette's next colours */
	for (j = 0; j < c->nline; j++) {
		if (!pe_chart_line_over(c->s, c->first, c->line[j].v))
			continue;
		col = c->t->line[ncol++ % NPALETTE];
		draw_line(c, p, c->line[j].v, "overlay", "formula", col, 0);
		value_text(c, c->line[j].v, c->pdec, 0, val, sizeof val);
		pe_chart_legend_value(c, l, col, c->line[j].label, val);
	}
}

/*
 * An oscillator's panel: its guides, then a line an output (a histogram
 * for MACD's hist), each with a legend entry of its name and its value
 * at the last bar, in its colour.  The name is the spec as given for the
 * output named as the indicator (or for the only one drawn); a spec
 * whose outputs are all named otherwise ("stoch": slowk, slowd) leads
 * with an entry of its own.  So every name shows once: "macd -1.23
 * signal -1.50 hist 0.27", "stoch slowk 20.1 slowd 25.3", "rsi:14 45.67".
 */
void
pe_chart_oscillator(struct chart *c, const struct panel *p,
    struct legend *l)
{
	const struct pe_chart_ind *ind = &c->ind[p->ind];
	const struct pe_ind_info *f = ind->spec->info;
	const char *col, *name;
	char val[48];
	int k, ncol = 0, ndrawn = 0, named = 0, dec = value_decimals(c, p);

	draw_guides(c, p);
	for (k = 0; k < f->nout; k++)
		if (pe_chart_in_panel(ind, k)) {
			ndrawn++;
			named |= strcmp(f->out[k], f->name) == 0;
		}
	if (ndrawn > 1 && !named)
		pe_chart_legend_add(c, l, c->t->fg, ind->label);
	for (k = 0; k < f->nout; k++) {
		if (!pe_chart_in_panel(ind, k))
			continue;
		if (strcmp(f->out[k], "hist") == 0) {
			draw_hist(c, p, ind->out[k]);
			col = c->t->muted;
		} else {
			col = c->t->line[ncol++ % NPALETTE];
			draw_line(c, p, ind->out[k], "line", f->name, col, 0);
		}
		name = ndrawn == 1 || strcmp(f->out[k], f->name) == 0 ?
		    ind->label : f->out[k];
		value_text(c, ind->out[k], dec, 0, val, sizeof val);
		pe_chart_legend_value(c, l, col, name, val);
	}
}

/* A formula line's panel: its zero line when zero shows, the line. */
void
pe_chart_formula(struct chart *c, const struct panel *p, struct legend *l)
{
	const char *col = c->t->line[0];

	char val[48];

	draw_guides(c, p);
	draw_line(c, p, c->line[p->ind].v, "line", "formula", col, 0);
	value_text(c, c->line[p->ind].v, value_decimals(c, p), 0, val,
	    sizeof val);
	pe_chart_legend_value(c, l, col, c->line[p->ind].label, val);
}

/* A hit's label: its formula's name, up to a comment ('#') or the end of
 * its line and without trailing blanks, cut to MAXLABEL characters ("…"
 * ends a cut one), into buf (MAXLABEL * 4 + 4 bytes). */
#define MAXLABEL 24

static void
hit_label(const char *name, char *buf)
{
	size_t i, end, n = 0, cut = 0;

	for (end = 0; name[end] != '\0' && name[end] != '#' &&
	    name[end] != '\n'; end++)
		;
	while (end > 0 && (name[end - 1] == ' ' || name[end - 1] == '\t' ||
	    name[end - 1] == '\r'))
		end--;
	for (i = 0; i < end; i++)
		if (((unsigned char)name[i] & 0xc0) != 0x80 &&
		    ++n == MAXLABEL)
			cut = i;	/* where the last character would go */
	if (n <= MAXLABEL) {
		memcpy(buf, name, end);
		buf[end] = '\0';
		return;
	}
	memcpy(buf, name, cut);
	memcpy(buf + cut, "\xe2\x80\xa6", 4);	/* … */
}

/* A box of a label already placed. */
struct box {
	double x0, y0, x1, y1;
};

static int
collides(const struct box *b, size_t n, const struct box *q)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (q->x0 < b[i].x1 && b[i].x0 < q->x1 && q->y0 < b[i].y1 &&
		    b[i].y0 < q->y1)
			return 1;
	return 0;
}

/*
 * The label of the hit marker mk[i] whose marker ends at y: under it,
 * centred, on the first of two rows where it touches no label placed
 * before; a hit on the bar after one of the same formula is part of its
 * run and has no label of its own.
 */
static void
draw_hit_label(struct chart *c, const struct pe_chart_marker *mk, size_t i,
    double y, struct box *placed, size_t *nplaced)
{
	char text[MAXLABEL * 4 + 4];
	struct box q;
	double x = xmid(c, mk[i].bar), w;
	int row;

	if (mk[i].label == NULL || (i > 0 && mk[i - 1].type == PE_CHART_HIT &&
	    mk[i - 1].bar + 1 == mk[i].bar && mk[i - 1].label != NULL &&
	    strcmp(mk[i - 1].label, mk[i].label) == 0))
		return;
	hit_label(mk[i].label, text);
	w = pe_svg_width(text, FONT);
	if (x - w / 2 < c->left + 2)
		x = c->left + 2 + w / 2;
	if (x + w / 2 > c->right - 2)
		x = c->right - 2 - w / 2;
	for (row = 0; row < 2; row++) {
		q = (struct box){ x - w / 2, y + 2 + row * (FONT + 2),
		    x + w / 2, y + 2 + (row + 1) * (FONT + 2) };
		if (collides(placed, *nplaced, &q))
			continue;
		placed[(*nplaced)++] = q;
		pe_buf_printf(c->b, "<rect class=\"backdrop\" fill=\"%s\" "
		    "fill-opacity=\"0.85\" rx=\"2\"", c->t->bg);
		pe_svg_attr(c->b, "x", q.x0 - 2);
		pe_svg_attr(c->b, "y", q.y0);
		pe_svg_attr(c->b, "width", q.x1 - q.x0 + 4);
		pe_svg_attr(c->b, "height", q.y1 - q.y0);
		pe_buf_puts(c->b, "/>\n");
		pe_svg_label(c, "hit-label", x, q.y1 - 3, "middle",
		    c->t->hit, text);
		return;
	}
}

/*
 * Markers: entries (green up arrows) below the bar's low, exits (red
 * down arrows) above its high, scan hits (diamonds) below the low with
 * their formula's name; several on one bar stack away from it.
 */
static int
draw_markers(struct chart *c, const struct panel *p, const struct legend *l,
    const struct pe_chart_marker *mk, size_t nmk)
{
	static const char *const cls[] = { "hit", "entry", "exit" };
	unsigned char *stack;
	struct box *placed;
	double w = c->slot * 0.45, x, y, h;
	size_t i, at, nplaced = 0;
	int below;

	if (nmk == 0)
		return PE_OK;
	stack = calloc(c->n * 2, 1);
	placed = calloc(nmk + 1, sizeof *placed);
	if (stack == NULL || placed == NULL) {
		free(stack);
		free(placed);
		return PE_ERR_NOMEM;
	}
	if (l->text.len > 0)	/* no label under the legend */
		placed[nplaced++] = (struct box){ l->x0 - 4, l->y0 - 11,
		    l->xmax, l->y + 4 };
	w = w < 5 ? 5 : w > 8 ? 8 : w;
	h = w * 1.8;
	for (i = 0; i < nmk; i++) {
		if (mk[i].bar < c->first || mk[i].bar >= c->s->n)
			continue;
		below = mk[i].type != PE_CHART_EXIT;
		at = (mk[i].bar - c->first) * 2 + (size_t)below;
		x = xmid(c, mk[i].bar);
		y = below ? ymap(p, c->s->low[mk[i].bar]) + 3 + stack[at] *
		    (h + 2) : ymap(p, c->s->high[mk[i].bar]) - 3 - stack[at] *
		    (h + 2);
		if (stack[at] < 255)
			stack[at]++;
		pe_buf_printf(c->b, "<path class=\"marker %s\" fill=\"%s\" "
		    "stroke=\"%s\" d=\"", cls[mk[i].type],
		    mk[i].type == PE_CHART_ENTRY ? c->t->entry :
		    mk[i].type == PE_CHART_EXIT ? c->t->exit : c->t->hit,
		    c->t->bg);
		pe_svg_xy(c->b, "M", x, y);
		if (mk[i].type == PE_CHART_HIT) {	/* a diamond */
			pe_svg_xy(c->b, "L", x + w, y + h / 2);
			pe_svg_xy(c->b, "L", x, y + h);
			pe_svg_xy(c->b, "L", x - w, y + h / 2);
		} else {	/* a triangle, its tip at the bar */
			pe_svg_xy(c->b, "L", x + w, below ? y + h : y - h);
			pe_svg_xy(c->b, "L", x - w, below ? y + h : y - h);
		}
		pe_buf_puts(c->b, "Z\"/>\n");
		if (mk[i].type == PE_CHART_HIT)
			draw_hit_label(c, mk, i, y + h, placed, &nplaced);
	}
	free(stack);
	free(placed);
	return PE_OK;
}

int
pe_chart_price(struct chart *c, const struct panel *p, struct legend *l,
    const struct pe_chart_marker *mk, size_t nmk)
{
	draw_candles(c, p);
	draw_overlays(c, p, l);
	pe_chart_trades(c, p, l);
	return draw_markers(c, p, l, mk, nmk);
}

void
pe_chart_volume(struct chart *c, const struct panel *p, struct legend *l)
{
	char val[48];

	draw_volume(c, p);
	value_text(c, c->s->volume, 2, 1, val, sizeof val);
	pe_chart_legend_value(c, l, c->t->muted, "volume", val);
}
