/*
 * btscan: pe-backtest's work in a scan's workers, and its book in the
 * parent.  See pe_btscan.h.
 *
 * A record, per symbol, in a worker's message (read only by the process
 * that forked the worker: same ABI; every length is checked):
 *   trades:    struct pe_btrec_head, then ntrades struct pe_btrec_trade;
 *   portfolio: struct pe_btrec_bars, then n times, opens, highs, lows, closes,
 *              one int32 array per rule the plan has (mask), the ranks.
 *
 * Bloat: no compression of the portfolio's bars (40 bytes a bar, plus 4
 * a rule); no index of symbols by name in the book (trade lines of one
 * symbol come together, so the last one is tried first).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "btrec.h"
#include "pe_btscan.h"
#include "pe_candle.h"

struct pe_btscan {
	struct pe_btscan_conf c;
	int *rule;		/* per formula: its rule, or -1 */
	int has[PE_BT_NRULES];	/* a formula has the rule */
	int32_t *fired[PE_BT_NRULES];
	size_t cap;
	double *ret;		/* the symbol's trades' returns */
	long *bars;		/* and bars */
	size_t capt;
};

int
pe_btscan_rule(int ftype)
{
	switch (ftype) {
	case PE_FT_ENTRY: return PE_BT_ENTRY;
	case PE_FT_EXIT: return PE_BT_EXIT;
	case PE_FT_SHORT: return PE_BT_SHORT;
	case PE_FT_COVER: return PE_BT_COVER;
	default: return -1;
	}
}

struct pe_btscan *
pe_btscan_new(const struct pe_btscan_conf *conf, struct pe_error *err)
{
	const struct pe_plan *p = conf->plan;
	struct pe_btscan *b;
	size_t fi;

	if ((b = calloc(1, sizeof *b)) == NULL ||
	    (b->rule = calloc(p->nformulas + 1, sizeof *b->rule)) == NULL) {
		free(b);
		pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	b->c = *conf;
	for (fi = 0; fi < p->nformulas; fi++) {
		b->rule[fi] = p->formula[fi].role == PE_PR_SIGNAL ?
		    pe_btscan_rule(p->formula[fi].type) : -1;
		if (b->rule[fi] >= 0)
			b->has[b->rule[fi]] = 1;
	}
	return b;
}

void
pe_btscan_free(struct pe_btscan *b)
{
	int r;

	if (b == NULL)
		return;
	for (r = 0; r < PE_BT_NRULES; r++)
		free(b->fired[r]);
	free(b->rule);
	free(b->ret);
	free(b->bars);
	free(b);
}

/* Room for n bars of rules and n trades. */
static int
reserve(struct pe_btscan *b, size_t n)
{
	int32_t *f;
	double *d;
	long *l;
	int r;

	if (n <= b->cap)
		return 0;
	for (r = 0; r < PE_BT_NRULES; r++) {
		if (!b->has[r])
			continue;
		if ((f = realloc(b->fired[r], n * sizeof *f)) == NULL)
			return -1;
		b->fired[r] = f;
	}
	if ((d = realloc(b->ret, n * sizeof *d)) == NULL)
		return -1;
	b->ret = d;
	if ((l = realloc(b->bars, n * sizeof *l)) == NULL)
		return -1;
	b->bars = l;
	b->cap = b->capt = n;
	return 0;
}

/* fired[r][k]: the first formula (in plan order) of rule r true at k. */
static void
rules(struct pe_btscan *b, const struct pe_plan_vec *vec, size_t n)
{
	const struct pe_plan *p = b->c.plan;
	const double *col;
	size_t fi, k;
	int r;

	for (r = 0; r < PE_BT_NRULES; r++)
		for (k = 0; b->has[r] && k < n; k++)
			b->fired[r][k] = -1;
	for (fi = p->nformulas; fi-- > 0;) {
		if ((r = b->rule[fi]) < 0)
			continue;
		col = pe_plan_col(vec, p->formula[fi].root);
		for (k = 0; k < n; k++)
			if (col[k] == 1.0)
				b->fired[r][k] = (int32_t)fi;
	}
}

/* Portfolio: the bars [lo, hi) and their rules, for the parent. */
static void
put_bars(const struct pe_btscan *b, const struct pe_plan_vec *vec,
    const struct pe_series *s, size_t lo, size_t hi, struct pe_buf *data)
{
	struct pe_btrec_bars h = { hi - lo, 0, b->c.rank >= 0,
	    (uint16_t)s->date_only };
	size_t n = hi - lo;
	int r;

	for (r = 0; r < PE_BT_NRULES; r++)
		h.mask |= (uint32_t)b->has[r] << r;
	pe_buf_put(data, (const char *)&h, sizeof h);
	pe_buf_put(data, (const char *)(s->time + lo), n * sizeof *s->time);
	pe_buf_put(data, (const char *)(s->open + lo), n * sizeof(double));
	pe_buf_put(data, (const char *)(s->high + lo), n * sizeof(double));
	pe_buf_put(data, (const char *)(s->low + lo), n * sizeof(double));
	pe_buf_put(data, (const char *)(s->close + lo), n * sizeof(double));
	if (h.rank)
		pe_buf_put(data, (const char *)(pe_plan_col(vec,
		    b->c.plan->formula[b->c.rank].root) + lo),
		    n * sizeof(double));
	for (r = 0; r < PE_BT_NRULES; r++)
		if (b->has[r])
			pe_buf_put(data, (const char *)(b->fired[r] + lo),
			    n * sizeof(int32_t));
}

/* A symbol's "stats" line: its statistics after its type and symbol. */
static int
stats_line(struct pe_buf *text, const char *sym,
    const struct pe_bt_stats *st, int digits)
{
	struct pe_buf o = { 0 };
	int rc;

	pe_bt_stats_json(&o, st, digits);
	if (o.oom) {
		free(o.p);
		return PE_ERR_NOMEM;
	}
	pe_buf_puts(text, "{\"type\":\"stats\",\"symbol\":");
	pe_buf_puts(text, sym);
	if (o.len > 2)
		pe_buf_putc(text, ',');
	pe_buf_put(text, o.p + 1, o.len - 1);
	rc = pe_buf_putc(text, '\n');
	free(o.p);
	return rc;
}

/* The trades of one run: their lines, and the record for the parent. */
static int
put_trades(struct pe_btscan *b, const struct pe_bt_bars *bars,
    const struct pe_series *s, size_t lo, const struct pe_bt_result *res,
    struct pe_buf *text, struct pe_buf *data)
{
	const struct pe_plan *p = b->c.plan;
	struct pe_btrec_head h = { res->ntrades, { 0 } };
	struct pe_btrec_trade rt;
	char sym[PE_SYMBOL_ENCMAX];
	const struct pe_bt_trade *t;
	size_t i;

	sym[pe_symbol_encode(s->symbol, b->c.json, sym)] = '\0';
	for (i = 0; i < res->ntrades; i++) {
		t = &res->trades[i];
		pe_bt_trade_line(text, sym, bars, t,
		    p->formula[t->entry_rule].label, t->exit_rule >= 0 ?
		    p->formula[t->exit_rule].label : NULL, b->c.json,
		    b->c.digits);
		b->ret[i] = t->ret;
		b->bars[i] = t->bars;
	}
	if (pe_bt_stats_trades(b->ret, b->bars, res->ntrades, &h.st) != PE_OK)
		return PE_ERR_NOMEM;
	if (b->c.curve || b->c.per_symbol)
		pe_bt_stats_equity(s->time + lo, res->equity, res->held,
		    s->close + lo, res->n, b->c.periods_per_year, &h.st);
	if (b->c.per_symbol && stats_line(text, sym, &h.st, b->c.digits) !=
	    PE_OK)
		return PE_ERR_NOMEM;
	pe_buf_put(data, (const char *)&h, sizeof h);
	for (i = 0; i < res->ntrades; i++) {
		t = &res->trades[i];
		rt = (struct pe_btrec_trade){ t->ret, t->bars,
		    s->time[t->entry_bar], s->time[t->exit_bar] };
		pe_buf_put(data, (const char *)&rt, sizeof rt);
	}
	return text->oom || data->oom ? PE_ERR_NOMEM : PE_OK;
}

int
pe_btscan_series(void *ctx, const struct pe_plan_vec *vec,
    const struct pe_series *s, size_t lo, size_t hi, struct pe_buf *text,
    struct pe_buf *data, struct pe_error *err)
{
	struct pe_btscan *b = ctx;
	struct pe_bt_bars bars = { s->n, s->time, s->open, s->high, s->low,
	    s->close, { NULL }, s->date_only };
	struct pe_bt_result res = { 0 };
	int r, rc;

	if (reserve(b, s->n) != 0)
		return pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	rules(b, vec, s->n);
	for (r = 0; r < PE_BT_NRULES; r++)
		bars.fired[r] = b->has[r] ? b->fired[r] : NULL;
	if (b->c.portfolio) {
		put_bars(b, vec, s, lo, hi, data);
		return data->oom ? pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0,
		    "out of memory") : PE_OK;
	}
	if (pe_bt_run(&b->c.bt, &bars, lo, hi, &res) != PE_OK)
		return pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	rc = put_trades(b, &bars, s, lo, &res, text, data);
	pe_bt_result_free(&res);
	if (rc != PE_OK)
		return pe_error_set(err, rc, NULL, 0, 0, "out of memory");
	return PE_OK;
}
