/*
 * pe_cache: an on-disk cache of byte strings under byte-string keys, shared
 * by every process that opens the same directory (pe-scan's workers, and
 * several pe-scan runs at once).  pe-scan keeps parsed candles and computed
 * indicator columns in it.
 *
 * Layout.  Entries live in segment files, DIR/seg-TTTT-PID-N.pec: a header,
 * entries one after another, then an index of them (each key's 128-bit
 * hash, offset and length) and a trailer with the index's checksum.  An
 * entry holds a header (magic, format, key and data lengths, a 64-bit
 * checksum of key and data), the key itself and the data.  One file per
 * segment, not per entry: creating a file costs a third of a millisecond
 * on the ext4 this was measured on, more than reading the entry.
 *
 * Reading.  pe_cache_open reads every segment's index (a segment whose
 * trailer or index does not check is ignored whole, and so is a name that
 * is not a regular file: a FIFO or a symlink is never opened through or
 * waited on; both are counted as corrupt); a later segment's entry wins
 * over an earlier one's.  A get reads the entry and checks all
 * of it: a short, damaged, foreign or colliding entry is a miss (counted
 * as corrupt), never data.
 *
 * Writing.  A put appends to this process's own segment, written as
 * DIR/.tmp-PID-N and renamed to its final name with its index once it
 * holds 16 MB, and at pe_cache_close.  Nobody ever reads an unfinished
 * segment, so two runs (or two workers) writing at the same time cannot
 * damage each other: at worst both keep the same entry.  A process killed
 * before its close loses its unfinished segment: the process it was
 * forked from removes it (pe_cache_discard), and when nobody did (that
 * one was killed too), the next open or trim removes it once it is a day
 * old.
 *
 * Recency.  A hit sets its segment's modification time to now (once per
 * segment and process); pe_cache_trim removes whole segments, least
 * recently written or hit first, until the directory holds at most its
 * limit, and segments that do not check.  The directory is made with mode
 * 0700 and segments with 0600: the cache holds the user's data.  An
 * existing directory is used only when it is the user's own and nobody
 * else may write it.
 *
 * Memory: a struct pe_cache owns its path, the index, one open descriptor
 * per segment read and one read buffer; the data pe_cache_get returns
 * lives in that buffer until the next get or close.
 *
 * Bloat: no compression, no memory mapping, no locking (renames are the
 * only synchronisation), no check of the directory's parents (a cache
 * under a directory others may write can be swapped for another), no
 * compaction (an entry superseded by a later segment's stays until its
 * segment is trimmed), no accounting of the directory's size during a run
 * (the limit is applied by pe_cache_trim; pe_cache_budget bounds only
 * what one run writes).
 */
#ifndef PE_CACHE_H
#define PE_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pe_error.h"
#include "pe_series.h"

#define PE_CACHE_FORMAT 1	/* bump when the entry layout changes */

struct pe_cache_stats {
	uint64_t hits, misses;	/* gets; misses include corrupt */
	uint64_t corrupt;	/* entries and segments found damaged */
	uint64_t writes, write_errors;
	uint64_t bytes;		/* written */
	uint64_t evicted, evicted_bytes;	/* by pe_cache_trim */
	uint64_t kept_bytes;	/* left after pe_cache_trim */
	uint64_t unstored;	/* puts refused: over the run's budget */
	uint64_t stale;		/* unfinished segments over a day old,
				 * removed by pe_cache_open or _trim */
	/* pe-scan's, per file: of hits, those extended by appended bars
	 * (not in hits); and the bars read from text and run through the
	 * plan, cached or not */
	uint64_t extended, parsed, computed;
};

struct pe_cache;

/*
 * Open (creating it and its parents, mode 0700, when missing) the cache in
 * dir and read its index, removing unfinished segments over a day old
 * (counted in stale).  A directory that another user owns, or that its
 * group or others may write, is refused: whoever can write there can
 * plant entries the scan would trust (err's message says which: "owned by
 * another user (uid N)", "writable by others", "writable by its group").
 * Returns NULL with err filled (PE_ERR_IO naming dir, PE_ERR_NOMEM).
 */
struct pe_cache *pe_cache_open(const char *dir, struct pe_error *err);

/* Publish this process's segment (if it wrote any) and free c.  PE_OK or
 * PE_ERR_IO (the unfinished segment is removed).  Accepts NULL. */
int pe_cache_close(struct pe_cache *c);

/*
 * The entry under key[0..keylen): 1 with *data, *len set (valid until the
 * next get or close), or 0 (missing or corrupt; counted).
 */
int pe_cache_get(struct pe_cache *c, const void *key, size_t keylen,
    const void **data, size_t *len);

/*
 * Store data[0..len) under the key, replacing any entry (for this process
 * at once, for others once the segment is published).  PE_OK, or
 * PE_ERR_IO (counted in write_errors; nothing of this process's segment
 * is published then).
 */
int pe_cache_put(struct pe_cache *c, const void *key, size_t keylen,
    const void *data, size_t len, struct pe_error *err);

const struct pe_cache_stats *pe_cache_stats(const struct pe_cache *c);

/*
 * Remove the unfinished segments (DIR/.tmp-PID-N) that process pid, one
 * that inherited c and died before its close, left in c's directory.
 * Call it in the process that forked pid, once pid is dead and before it
 * is reaped, so that no other process can hold that pid (pe_pool's gone
 * is that moment).  Returns the number of files removed; c may be NULL.
 */
int pe_cache_discard(struct pe_cache *c, pid_t pid);

/*
 * Limit what this run writes to max bytes (keys and data), counted across
 * every process that inherits c at fork (the count lives in one shared
 * anonymous page): once the run has written max, a put stores nothing,
 * counts the entry as unstored and returns PE_OK.  A run that writes more
 * than the cache holds pays for entries the trim at its end removes.
 * Call before forking.  PE_OK, or PE_ERR_NOMEM (no page: no limit).
 */
int pe_cache_budget(struct pe_cache *c, uint64_t max, struct pe_error *err);

/*
 * The cache directory, in the order pe-scan documents: given (a
 * --cache-dir), else $PE_CACHE_DIR, else $XDG_CACHE_HOME/pe (an absolute
 * one), else $HOME/.cache/pe (an absolute HOME).  Returns the directory
 * (given itself, an environment string, or buf[0..n) filled), or NULL
 * when none can be named.
 */
const char *pe_cache_locate(const char *given, char *buf, size_t n);

/*
 * Remove the least recently used segments of the cache in dir until it
 * holds at most max bytes, every segment that does not check, and every
 * unfinished one older than a day.  Adds to st's evicted (segments),
 * evicted_bytes, corrupt and stale, and sets kept_bytes.  PE_OK or PE_ERR_IO
 * (dir unreadable) or PE_ERR_NOMEM.
 */
int pe_cache_trim(const char *dir, uint64_t max, struct pe_cache_stats *st,
    struct pe_error *err);

/* 128 bits of p[0..n) in one pass (two sets of the lanes entries are
 * checked with, mixed differently; several GB/s, not cryptographic), for
 * telling a file's contents apart. */
void pe_cache_hash128(const void *p, size_t n, uint64_t out[2]);

/*
 * A size: digits with an optional suffix K, M, G or T (powers of 1024,
 * case-insensitive, an optional B or iB after it).  PE_OK, or PE_ERR_USAGE.
 */
int pe_cache_size_parse(const char *s, uint64_t *bytes);

/*
 * Candles as cache data: every series of set (symbol, flags, columns) in
 * one byte string appended to *buf (grown with realloc; *buf and *len
 * start as NULL and 0 or a previous result).  PE_OK or PE_ERR_NOMEM.
 */
int pe_cache_encode_set(const struct pe_set *set, unsigned char **buf,
    size_t *len, size_t *cap);

/*
 * The series of data[0..len) (from pe_cache_encode_set) added to set.
 * PE_OK; PE_ERR_FORMAT when data is not such a string; PE_ERR_NOMEM.
 */
int pe_cache_decode_set(const void *data, size_t len, struct pe_set *set);

#endif
