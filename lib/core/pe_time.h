/*
 * pe_time: candle times as int64 UTC milliseconds since the epoch.
 *
 * Parses the forms DESIGN.md lists, formats back to ISO 8601, and converts
 * exchange-local times (no offset) to UTC through a named zone.  The civil
 * calendar is the proleptic Gregorian one; years 0000..9999 are accepted.
 *
 * Bloat: no leap seconds (":60" is rejected), no week dates, no ordinal
 * dates, no textual month names (use a strptime format for those).
 */
#ifndef PE_TIME_H
#define PE_TIME_H

#include <stddef.h>
#include <stdint.h>

#define PE_MS_PER_DAY 86400000LL

/* What pe_time_parse found, beside the value. */
struct pe_time_info {
	int has_tod;	/* the text had a time of day (or was an epoch number) */
	int has_offset;	/* the text said its zone: Z, +HH:MM, or an epoch */
};

/*
 * Parse s[0..n) into *ms (UTC milliseconds).  Accepted:
 *   2024-01-02                        a date (midnight UTC)
 *   20240102                          an 8-digit integer is a date
 *   2024-01-02T09:30, 2024-01-02 09:30:00, ...:00.123456
 *   any of those followed by Z, +09:00, -0500 or +09
 *   1704153600 (epoch seconds), 1704153600.5, -86400
 *   1704153600000 (epoch milliseconds), 1704153600000000 (microseconds),
 *   1704153600000000000 (nanoseconds): the unit from the magnitude, each
 *   covering 1973 to 2286: seconds below 1e10, milliseconds from 1e11 to
 *   1e13, microseconds from 1e14 to 1e16, nanoseconds from 1e17 to 1e19;
 *   a number between two ranges is refused as ambiguous
 * Fractions of a millisecond are truncated toward the earlier time.
 * Leading and trailing blanks are ignored.  Returns 0, or -1 with *why set
 * to a static sentence ("month out of range", ...).  info may be NULL.
 */
int pe_time_parse(const char *s, size_t n, int64_t *ms,
    struct pe_time_info *info, const char **why);

/*
 * Parse s with a strptime(3) format (e.g. "%m/%d/%Y").  The whole text must
 * be consumed (trailing blanks aside).  A result with no time of day in the
 * format (no %H, %T, %R, %s...) has has_tod 0.  Returns 0 or -1 with *why.
 */
int pe_time_parse_fmt(const char *s, size_t n, const char *fmt, int64_t *ms,
    struct pe_time_info *info, const char **why);

/*
 * Days since 1970-01-01 for a proleptic Gregorian date, and back.  month is
 * 1..12, day 1..31 (not checked here).
 */
int64_t pe_time_days_from_civil(int64_t y, unsigned m, unsigned d);
void pe_time_civil_from_days(int64_t days, int64_t *y, unsigned *m,
    unsigned *d);

/*
 * Format ms as "YYYY-MM-DDTHH:MM:SSZ" (with ".sss" before the Z only when
 * the milliseconds are not zero), or "YYYY-MM-DD" when date_only.  Once
 * pe_tz_set has chosen a zone, a time of day is that zone's wall clock
 * with its offset instead of Z ("2024-03-05T09:30:00-05:00", RFC 3339),
 * unless the offset then is not a whole minute (local mean times before
 * 1900): UTC with Z.  A date is never shifted: it names a day, stored as
 * that day's UTC midnight.  buf must hold PE_TIME_BUFSZ bytes.  Returns
 * the length written (without the NUL).  Years outside 0..9999 are
 * printed with as many digits as they need.  pe_time_format_utc is the
 * same with Z always.
 */
#define PE_TIME_BUFSZ 40
size_t pe_time_format(int64_t ms, int date_only, char *buf);
size_t pe_time_format_utc(int64_t ms, int date_only, char *buf);

/*
 * Exchange-local time.  pe_tz_set selects the zone (an IANA name such as
 * "Asia/Seoul", looked up in the system's zoneinfo); it changes the
 * process's TZ, so a program uses one zone at a time.  Returns 0, or -1
 * when the zone is unknown.  pe_tz_to_utc converts a local wall-clock time
 * in milliseconds (as if it were UTC) to true UTC; a time that a DST change
 * skips or repeats takes the zone's standard offset before the change, as
 * mktime(3) decides.
 */
int pe_tz_set(const char *zone);
int64_t pe_tz_to_utc(int64_t local_ms);
/*
 * The other way: the local wall-clock time (in milliseconds, as if it
 * were UTC) of the instant utc_ms in the zone pe_tz_set chose, with the
 * offset in force then (DST included); utc_ms itself before any zone is
 * set.  pe_tz_name: that zone's name, or NULL.
 */
int64_t pe_tz_local(int64_t utc_ms);
const char *pe_tz_name(void);

/*
 * Back to no zone, as before any pe_tz_set: TZ is unset, pe_tz_local
 * returns its argument and pe_tz_name NULL.  (The candle reader uses it
 * after a file that named its zone in each time, IBKR's.)
 */
void pe_tz_unset(void);

/*
 * Timeframes: "1m" "5m" "15m" "30m" "1h" "4h" "1d" "1w", and the calendar
 * ones "1M" (a month), "1q" (a quarter), "1y" (a year).  A timeframe is
 * an int64: a fixed length in milliseconds, or PE_TF_MONTHS(n) (negative)
 * for n calendar months.  pe_timeframe_parse returns it, or 0 for an
 * unknown name; PE_TIMEFRAMES is the list for messages.  pe_timeframe_name
 * is the name of a timeframe parse returned ("?" for another value).
 * pe_timeframe_min_ms: the shortest a bucket of tf can last, DST aside (a
 * month: 28 days).  pe_timeframe_dates: whether tf's bars are days or
 * longer, labelled with dates.
 */
#define PE_TIMEFRAMES "1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w, 1M, 1q, 1y"
#define PE_TF_MONTHS(n) (-(int64_t)(n))
int64_t pe_timeframe_parse(const char *name);
const char *pe_timeframe_name(int64_t tf);
int64_t pe_timeframe_min_ms(int64_t tf);
int pe_timeframe_dates(int64_t tf);

/*
 * A trading session: the bars kept when resampling, by the wall-clock
 * time they start at (in the pe_tz_set zone, else UTC), from start
 * (included) to end (excluded), in minutes after midnight.  end <= start
 * is a session that crosses midnight ("18:00-17:00"): it belongs to the
 * day it ends on.  on 0: no session, every bar kept.
 */
struct pe_session {
	int on;
	int start, end;		/* 0..1439; end 1..1440 */
};

/*
 * Parse "HH:MM-HH:MM" (end "24:00" allowed) into *s.  Returns 0, or -1
 * with *why a static sentence ("hour out of range", ...).
 */
int pe_session_parse(const char *text, struct pe_session *s,
    const char **why);

/* s as "HH:MM-HH:MM" into buf (PE_SESSION_BUFSZ bytes); "-" when off. */
#define PE_SESSION_BUFSZ 16
void pe_session_format(const struct pe_session *s, char *buf);

/*
 * Whether the bar starting at t is inside session s (always when s is
 * NULL or off, or t is a date: a date has no time of day to judge).
 */
int pe_session_has(const struct pe_session *s, int64_t t, int is_date);

/*
 * The bucket of timeframe tf holding the bar that starts at t, on the
 * wall clock of the pe_tz_set zone (UTC when none), as the bucket's
 * label:
 *   - days and longer (pe_timeframe_dates): the bucket's first day as a
 *     date (its UTC midnight).  A day is the local date of t, or with a
 *     session s that crosses midnight, the date the session ends on.
 *     Weeks start on Monday; months, quarters (January, April, July,
 *     October) and years on their first day.
 *   - shorter: the instant the bucket began.  Buckets are aligned to
 *     local midnight (4h: 00:00, 04:00, ... local), or with a session s
 *     to its open (1h of 09:30-16:00: 09:30, 10:30, ... 15:30, the last
 *     one half an hour), and follow the wall
 *     clock through a DST change: a 1h bucket is an hour, 23 of them in
 *     a 23-hour day, 25 in a 25-hour one; the 4h bucket holding a change
 *     lasts 3 or 5 hours.  A bucket whose start the change skipped begins
 *     at the change.
 * is_date: t is a date, not an instant (a series of dates): its own day
 * on every clock, never shifted by the zone.  s may be NULL.
 */
int64_t pe_timeframe_bucket(int64_t t, int64_t tf, int is_date,
    const struct pe_session *s);

#endif
