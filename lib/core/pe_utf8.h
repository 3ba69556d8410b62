/*
 * pe_utf8: well-formed UTF-8 (RFC 3629: no overlong form, no surrogate,
 * nothing above U+10FFFF), for the writers of JSON, CSV and SVG, which
 * write nothing else, and for messages that show bytes which are not.
 *
 * Where text comes from decides what happens to a byte that is not UTF-8:
 * what the user typed (--symbol, --title, a formula) is refused by the
 * command; a file's name (the symbol of a file without a symbol column)
 * has such bytes replaced by U+FFFD, with a note; the writers (pe_buf_json,
 * pe_buf_csv, pe_symbol_encode, the chart's text) replace whatever is
 * left, so that no output is ever invalid.
 *
 * Bloat: no decoding to code points, no normalisation, no width.
 */
#ifndef PE_UTF8_H
#define PE_UTF8_H

#include <stddef.h>

/* U+FFFD REPLACEMENT CHARACTER, as UTF-8. */
#define PE_UTF8_REPLACEMENT "\xef\xbf\xbd"

/*
 * The length of the well-formed character at s[0..n): 1 for an ASCII
 * byte (a control byte included), 2 to 4 for a longer one; 0 when n is 0
 * or s starts no well-formed character (a stray continuation byte, an
 * overlong form, a surrogate, a sequence cut short).
 */
size_t pe_utf8_len(const char *s, size_t n);

/* Whether s[0..n) is all well-formed characters. */
int pe_utf8_valid(const char *s, size_t n);

/*
 * s (NUL-terminated) into buf of n bytes (n > 0), each byte that starts no
 * well-formed character replaced by U+FFFD; cut short, at a character's
 * end, when it does not fit; always NUL-terminated.  Returns the number
 * of bytes replaced (0: buf holds s as it was, or its cut).
 */
size_t pe_utf8_fix(const char *s, char *buf, size_t n);

/*
 * s (NUL-terminated) for a message, into buf of n bytes (n > 0): each
 * byte that starts no well-formed character, and each control byte, as
 * \xHH; U+FFFD itself as \uFFFD; a backslash as it is.  Cut short when it
 * does not fit, never inside an escape; always NUL-terminated.  Returns
 * buf.  "caf\xe9.csv" shows as the ten characters caf\xe9.csv.
 */
char *pe_utf8_shown(const char *s, char *buf, size_t n);

#endif
