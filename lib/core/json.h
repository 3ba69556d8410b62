/*
 * json.h: a scanner of one JSON object on one line (internal to pe: not
 * installed).  pe-stream's JSONL fast path (lib/io/stream_jsonl.c) and
 * the signal-line reader (pe_signal_parse, lib/run/signal.c) read their
 * lines through it; the candle reader's full JSONL path is jansson's.
 *
 * The scanner walks the members of the object in order, handing out each
 * key and value as they stand in the line: no allocation, no copy, no
 * tree.  It checks the whole line as RFC 8259 JSON (strings with their
 * escapes, numbers, true, false, null; nested objects and arrays are
 * checked and skipped whole) and refuses anything else, including bytes
 * after the closing brace other than blanks.  A string is decoded only
 * when asked (pe_json_decode).
 *
 *	struct pe_json j;
 *	struct pe_json_tok key, val;
 *
 *	if (pe_json_open(&j, line, n) != 0)
 *		... not an object
 *	while ((rc = pe_json_next(&j, &key, &val)) == 1)
 *		... one member
 *	if (rc < 0)
 *		... not valid JSON (j.in_value: the fault was in a value)
 *
 * Bloat: no validation of UTF-8 (a caller that needs valid text checks
 * it: pe_symbol_valid), no number conversion (pe_num_parse does that),
 * nesting deeper than PE_JSON_DEPTH levels refused, duplicate keys handed
 * out as they come.
 */
#ifndef PE_JSON_H
#define PE_JSON_H

#include <stddef.h>

/* How deep objects and arrays may nest inside the line's object. */
#define PE_JSON_DEPTH 512

enum pe_json_kind {
	PE_JSON_STRING,
	PE_JSON_NUMBER,
	PE_JSON_TRUE,
	PE_JSON_FALSE,
	PE_JSON_NULL,
	PE_JSON_OBJECT,
	PE_JSON_ARRAY
};

/*
 * A key or a value as it stands in the line (s points into it): for a
 * string, the bytes between its quotes with escapes as written (esc says
 * whether there is a backslash among them); for anything else, its whole
 * text ("-1.5e3", "null", "{\"a\":[1]}"; esc 0).
 */
struct pe_json_tok {
	enum pe_json_kind kind;
	int esc;
	const char *s;
	size_t n;
};

/* A cursor over one object; the line must outlive it.  in_value is set
 * by a failing pe_json_next whose fault lay in a member's value. */
struct pe_json {
	const char *p, *end;
	int state;
	int in_value;
};

/* Start on line[0..n): blanks, then '{'.  Returns 0, or -1 when the line
 * does not start an object (a blank line is not one). */
int pe_json_open(struct pe_json *j, const char *line, size_t n);

/*
 * The next member: *key (always a string) and *val.  Returns 1 for a
 * member; 0 once the closing brace is reached with nothing but blanks
 * after it; -1 when the line is not one JSON object, with j->in_value 1
 * when the fault is inside a value (an unknown escape in a string, "tru")
 * and 0 when it is elsewhere (a missing comma or brace, trailing bytes).
 * What follows a member (its comma, or the brace and the line's end) is
 * checked by the next call, so a caller sees each member before a fault
 * after it.  After 0 or -1 every further call returns the same.
 */
int pe_json_next(struct pe_json *j, struct pe_json_tok *key,
    struct pe_json_tok *val);

/*
 * The text of string t (a key or a PE_JSON_STRING value), escapes decoded
 * (\uXXXX as UTF-8, a surrogate pair as one character, a lone surrogate
 * as its own three bytes), into out of cap bytes with a NUL after it.
 * Returns its length, or -1 when it does not fit (out is then cut short
 * but still NUL-terminated when cap > 0).  "\u0000" decodes to a NUL byte
 * inside the text.
 */
long pe_json_decode(const struct pe_json_tok *t, char *out, size_t cap);

/* The first byte of p[0..end) that is not a JSON blank (space, tab, CR,
 * LF), or end. */
const char *pe_json_blank(const char *p, const char *end);

#endif
