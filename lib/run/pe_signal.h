/*
 * pe_signal: the text of signal lines (DESIGN.md "Signal JSONL", and
 * pe-eval's CSV form), built in a pe_buf.
 * pe-eval, pe-scan and pe-stream write their matches through it.
 *
 * A struct pe_signal is made once per plan: it works out each signal
 * formula's "values" keys (its indicator outputs and windows, then every
 * --values formula of the plan, each value once, by the names the plan
 * gives them: pe_plan.h, "Names") and their JSON and CSV spellings.  A
 * line's "formula" is the formula's label (its name, or f1, f2, ...);
 * its text is not repeated on every line.  Lines are then built into a
 * buffer the caller owns; nothing is printed here.
 * pe_signal_parse reads back what pe-chart needs of a line.
 *
 * Bloat: no pretty-printing, no other formats; a line is read back only
 * for its symbol, time and type.
 */
#ifndef PE_SIGNAL_H
#define PE_SIGNAL_H

#include <stddef.h>
#include <stdint.h>

#include "pe_buf.h"
#include "pe_error.h"
#include "pe_plan.h"
#include "pe_series.h"

struct pe_signal;

/*
 * The line maker for plan (which must outlive it).  Returns NULL with err
 * filled (PE_ERR_NOMEM) when memory ran out.  pe_signal_free accepts NULL.
 * pe_signal_new_flags takes PE_SIGNAL_* flags (pe_signal_new: none).
 */
struct pe_signal *pe_signal_new(const struct pe_plan *plan,
    struct pe_error *err);
struct pe_signal *pe_signal_new_flags(const struct pe_plan *plan,
    unsigned flags, struct pe_error *err);
void pe_signal_free(struct pe_signal *sg);

/* The value formulas are no keys: lines show only what their own
 * formula uses (pe-scan --rank, whose value is a line's "score"). */
#define PE_SIGNAL_NO_VALUES 1

/*
 * The numbers of lines made from now on (the candle's and the values)
 * rounded to digits places as pe_num_format_digits writes them, or, with
 * PE_NUM_SHORTEST (any negative digits, the default), in their shortest
 * round-trip form.  NaN is still an empty CSV cell or JSON null.
 */
void pe_signal_digits(struct pe_signal *sg, int digits);

/*
 * Append the CSV header (symbol,time,formula,type,open..volume, then one
 * column per key of every formula) and its newline to b.
 * pe_signal_header_extra adds the cells of extra ("match,received", as
 * written; NULL or "" for none) after the keys, for rows made with the
 * same extra cells (pe_signal_line_values).
 */
int pe_signal_header(const struct pe_signal *sg, struct pe_buf *b);
int pe_signal_header_extra(const struct pe_signal *sg, const char *extra,
    struct pe_buf *b);

/*
 * Append the line (with its newline) of a match of formula fi at bar i of
 * s, whose plan has been run into vec; sym is the symbol already encoded
 * for the format (pe_symbol_encode).  json picks JSONL, else CSV (one
 * column per header key).
 */
int pe_signal_line(const struct pe_signal *sg, const struct pe_plan_vec *vec,
    const struct pe_series *s, const char *sym, size_t i, size_t fi,
    int json, struct pe_buf *b);

/*
 * The same line from an incremental run (pe-stream): vals are the node
 * values pe_plan_step or pe_plan_replace returned for candle c; date_only
 * picks the time's form.  extra (may be NULL) is, in JSON, members
 * ("\"match\":false") added after "values", before the closing brace ("":
 * none); in CSV, cells ("false,2024-01-02T10:00:00.120Z") added after the
 * keys' columns, a comma first ("" is one empty cell).  A line without
 * extra is byte for byte what pe_signal_line gives for the same bar and
 * values.
 */
int pe_signal_line_values(const struct pe_signal *sg, const double *vals,
    const struct pe_candle *c, int date_only, const char *sym, size_t fi,
    int json, const char *extra, struct pe_buf *b);

/*
 * The fields pe-chart needs from one signal JSONL line (DESIGN.md,
 * "Signal JSONL"): the top-level "symbol", "time" and "type".  A result
 * line without a time ({"status":"error",...}) is not a signal.
 */
struct pe_signal_match {
	char symbol[256];	/* "" when the line has none */
	int64_t time;
	enum pe_ftype type;	/* "type" as pe_ftype_name spells it */
};

/*
 * Parse line[0..n) into *sg.  Returns 1 for a signal, 0 for a line that
 * is valid but no signal (a blank line, a result without a time), or -1
 * with *why a static sentence: "not a JSON object" (the line is not one
 * JSON object), "bad value of \"symbol\", \"time\" or \"type\"" (a
 * member's value is not valid JSON, a symbol longer than 255 bytes, a
 * type longer than 15 or a time longer than 63), pe_time_parse's reason
 * for a bad time, or the unknown type.  A "symbol" or "type" that is not
 * a string is ignored; a "time" that is not a string is read as its text
 * (epoch seconds or milliseconds).  The line is checked up to its first
 * fault, in order.
 */
int pe_signal_parse(const char *line, size_t n, struct pe_signal_match *sg,
    const char **why);

#endif
