/*
 * canvas.h: what the files of lib/chart share (internal to pe: not
 * installed; tests/unit/test_chart.c includes it by name).
 *
 * A chart is drawn from one struct chart: the caller's arguments, the
 * theme, the drawn window of bars and the panels, stacked top to bottom.
 * The files, each using only those before it: svg.c writes SVG's pieces;
 * axes.c holds the tick arithmetic and draws the value grids and the
 * time axis; layout.c fills the panels (which ones, their heights, value
 * ranges and ticks) and the margins; draw.c draws the contents of the
 * candle panels and the legends; backtest.c draws pe-backtest's trades
 * and the equity and drawdown panels; chart.c is the public side
 * (pe_chart.h), the document around the panels and the loop over them;
 * png.c turns the document into PNG; equity.c (apart) reads equity
 * curves.
 *
 * Bloat: one chart per struct chart, no reuse of a layout between
 * renders.
 */
#ifndef PE_CHART_CANVAS_H
#define PE_CHART_CANVAS_H

#include <stddef.h>

#include "pe_buf.h"
#include "pe_chart.h"
#include "pe_ind.h"

#define FONT 11			/* the labels' font size, px */
#define EM 0.64			/* a character's estimated width, in ems */
#define CHARW (FONT * EM)	/* a label character's, px */
#define ROW 15			/* a legend row, px */
#define MAXPANELS 64
#define NPALETTE 8

struct theme {
	const char *bg, *fg, *muted, *grid, *frame, *up, *down, *guide;
	const char *entry, *exit, *hit;
	const char *line[NPALETTE];
};

enum pkind { P_PRICE, P_VOLUME, P_OSC, P_LINE, P_EQUITY, P_DRAWDOWN };

struct panel {
	enum pkind kind;
	int ind;		/* P_OSC: index into ind[]; P_LINE: into line[] */
	double top, h;		/* frame */
	double padt, padb;	/* the margins above and below the data */
	double lo, hi;		/* value range */
	double first, step;	/* ticks */
	int nticks;
	double g[2];		/* guide lines, labelled on the axis */
	int ng;
	int zero;		/* g[0] is the zero line of a panel without guides */
	int decimals;		/* of the tick labels */
};

struct chart {
	const struct pe_chart_data *d;
	const struct pe_series *s;	/* d->s */
	const struct pe_chart_ind *ind;
	size_t nind;
	const struct pe_chart_line *line;	/* d's formula lines */
	size_t nline;
	const struct pe_chart_opts *o;
	const struct theme *t;
	struct pe_buf *b;
	size_t first, n;	/* the drawn bars */
	size_t elo, ehi;	/* the drawn rows of d->eq: [elo, ehi) */
	double left, right, slot, bottom;
	double head;		/* the heading's height: one line or two */
	int pdec;		/* the prices' decimals (pe_chart_price_decimals) */
	struct panel panel[MAXPANELS];
	int npanels;
};

/* The x of the middle of bar i's slot. */
static inline double
xmid(const struct chart *c, size_t i)
{
	return c->left + ((double)(i - c->first) + 0.5) * c->slot;
}

/* The y of value v in panel p. */
static inline double
ymap(const struct panel *p, double v)
{
	return p->top + p->padt + (p->hi - v) / (p->hi - p->lo) *
	    (p->h - p->padt - p->padb);
}

/* ---- layout.c ---- */

/*
 * Whether output k of the indicator of sp is drawn over the prices (an
 * overlay) rather than in a panel of its own.  The rule: the indicator is
 * in layout.c's table of price-scaled indicators (moving averages, bands,
 * channels, stops, price transforms, regression lines, VWAP, Ichimoku),
 * the output is a price (SuperTrend's direction is not), and its @INPUT
 * is not volume.  Returns 1 or 0.
 */
int pe_chart_is_overlay(const struct pe_ind_spec *sp, int k);

/*
 * Guide lines of an oscillator panel (RSI 30 and 70, ...): writes at most
 * two values into g and returns how many; *lo and *hi get the panel's
 * fixed range, or NaN when the range follows the data.  Indicators that
 * are not in the table get no guide (their panel draws a zero line when
 * zero is in range).
 */
int pe_chart_guides(const char *name, double *g, double *lo, double *hi);

/* Whether output k of ind is drawn at all (pe_chart_drawn), and whether
 * in the indicator's own panel (pe_chart_in_panel). */
int pe_chart_drawn(const struct pe_chart_ind *ind, int k);
int pe_chart_in_panel(const struct pe_chart_ind *ind, int k);

/*
 * The decimals the prices of bars [first, s->n) of s use: the most any
 * open, high, low or close needs, at most 4 (so 67.2 and 67.21 give 2).
 * The heading, the price axis and the last-price tag all show prices
 * with them.
 */
int pe_chart_price_decimals(const struct pe_series *s, size_t first);

/*
 * Lay c out for its window (c->first, c->n) and options, the panels
 * starting top px down (under the heading): the panels, their frames,
 * value ranges and ticks, and the margins and bar slot.  Can be called
 * again with another top.
 */
void pe_chart_layout(struct chart *c, double top);

/* ---- axes.c ---- */

/*
 * Round ticks for an axis from lo to hi (lo < hi): at most about target
 * of them, a step of 1, 2 or 5 times a power of ten.  Writes the first
 * tick (the smallest multiple of the step >= lo) into *first and the
 * step into *step; returns the number of ticks from first to hi.
 */
int pe_chart_ticks(double lo, double hi, int target, double *first,
    double *step);

/* Tick-label decimals for a step: enough to tell the ticks apart. */
int pe_chart_decimals(double step);

/* The right margin: room for the widest tick label of every panel. */
double pe_chart_label_room(const struct chart *c);

/* Panel p's clip path (clip<id>), value grid with labels, and frame. */
void pe_chart_frame(struct chart *c, const struct panel *p, int id);

/* The time axis under the panels, with its vertical grid. */
void pe_chart_time_axis(struct chart *c);

/* ---- svg.c ---- */

/*
 * The estimated width in px of text s at font size px: EM of it a
 * character (UTF-8 sequences counted as one).  pe-chart measures no font;
 * every label's room, and the overlap test of tests/pe-chart.bats, rest
 * on this estimate, generous for DejaVu Sans (0.6 em on average).
 */
double pe_svg_width(const char *s, double size);

/* A coordinate with one decimal, "-0" and ".0" never written. */
void pe_svg_num(struct pe_buf *b, double v);

/* Text content or an attribute value, escaped for XML. */
void pe_svg_text(struct pe_buf *b, const char *s);

/* A path command with a point ("M12 3.5") or one number ("H12.5"). */
void pe_svg_xy(struct pe_buf *b, const char *cmd, double x, double y);
void pe_svg_cmd(struct pe_buf *b, const char *cmd, double v);

/* ' NAME="V"' for a coordinate V. */
void pe_svg_attr(struct pe_buf *b, const char *name, double v);

/* <text class="CLASS" x y text-anchor fill>TEXT</text> */
void pe_svg_label(struct chart *c, const char *cls, double x, double y,
    const char *anchor, const char *fill, const char *text);

/* ---- draw.c ---- */

/*
 * Legend entries go left to right along the top of a panel, into their
 * own buffer: they are written after the panel's data, over a backdrop,
 * so that no line runs through them.  Start one with pe_chart_legend_start
 * at panel p, add entries, and end it (which writes and frees it).
 */
struct legend {
	double x0, x, y0, y, xmax;
	struct pe_buf text;
};

void pe_chart_legend_start(const struct chart *c, const struct panel *p,
    struct legend *l);
void pe_chart_legend_add(struct chart *c, struct legend *l,
    const char *colour, const char *text);
/* An entry of text and its value (a tspan of class "value" after it). */
void pe_chart_legend_value(struct chart *c, struct legend *l,
    const char *colour, const char *text, const char *value);
void pe_chart_legend_end(struct chart *c, struct legend *l);

/* A dashed horizontal line across panel p at value v. */
void pe_chart_hline(struct chart *c, const struct panel *p, double v,
    const char *cls);

/* The contents of the price panel (candles, overlays, markers
 * mk[0..nmk)), of the volume panel, of an oscillator's and of a formula
 * line's.  The price panel returns PE_OK or PE_ERR_NOMEM. */
int pe_chart_price(struct chart *c, const struct panel *p,
    struct legend *l, const struct pe_chart_marker *mk, size_t nmk);
void pe_chart_volume(struct chart *c, const struct panel *p,
    struct legend *l);
void pe_chart_oscillator(struct chart *c, const struct panel *p,
    struct legend *l);
void pe_chart_formula(struct chart *c, const struct panel *p,
    struct legend *l);

/* ---- backtest.c ---- */

/* The trades of c->d over the price panel p, and their legend. */
void pe_chart_trades(struct chart *c, const struct panel *p,
    struct legend *l);

/* The equity panel's curve and the drawdown panel's area, with their
 * legends. */
void pe_chart_equity(struct chart *c, const struct panel *p,
    struct legend *l);
void pe_chart_drawdown(struct chart *c, const struct panel *p,
    struct legend *l);

/* ---- chart.c ---- */

/*
 * Every panel, each a group with its frame and its clipped data, then
 * its legend.  Returns PE_OK or PE_ERR_NOMEM.
 */
int pe_chart_panels(struct chart *c);

#endif
