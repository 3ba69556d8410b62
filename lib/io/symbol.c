/*
 * symbol.c: what a symbol may be, and how it is spelled in CSV and JSON.
 * See pe_candle.h.
 *
 * The reader, pe-stream's fast path and the commands' --symbol take a
 * symbol only when pe_symbol_valid does; every writer of a symbol (candle
 * rows, signal lines) encodes it with pe_symbol_encode, which writes
 * valid UTF-8 whatever the symbol holds (a file's name may not be).
 *
 * Bloat: no normalisation (case, Unicode forms): a symbol is its bytes.
 */
#include <stdio.h>
#include <string.h>

#include "pe_candle.h"
#include "pe_utf8.h"

int
pe_symbol_valid(const char *s, size_t n, const char **why)
{
	size_t i;

	if (n == 0)
		return *why = "empty symbol", -1;
	if (n > PE_SYMBOL_MAX)
		return *why = "symbol longer than 200 bytes", -1;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return *why = "symbol has a control character", -1;
	if (!pe_utf8_valid(s, n))
		return *why = "symbol is not valid UTF-8", -1;
	return 0;
}

size_t
pe_symbol_encode(const char *s, int json, char *buf)
{
	size_t n = strnlen(s, PE_SYMBOL_MAX), i, j = 0, m;
	int quote = json || strcspn(s, ",\"\r\n") < n;

	if (!quote && pe_utf8_valid(s, n)) {
		memcpy(buf, s, n);
		return n;
	}
	if (quote)
		buf[j++] = '"';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80) {	/* a character, or U+FFFD for a byte */
			if ((m = pe_utf8_len(s + i, n - i)) == 0) {
				memcpy(buf + j, PE_UTF8_REPLACEMENT, 3);
				j += 3;
				continue;
			}
			memcpy(buf + j, s + i, m);
			j += m;
			i += m - 1;
			continue;
		}
		if (!json && c == '"')
			buf[j++] = '"';
		else if (json && (c == '"' || c == '\\'))
			buf[j++] = '\\';
		else if (json && c < 0x20) {
			j += (size_t)snprintf(buf + j, 7, "\\u%04x", c);
			continue;
		}
		buf[j++] = (char)c;
	}
	if (quote)
		buf[j++] = '"';
	return j;
}
