/* log.h: baton's one logger. Each line goes to /dev/kmsg with its printk
 * level (the kernel echoes it to every console= per loglevel/quiet/debug,
 * exactly like kernel messages); where /dev/kmsg cannot be written, to fd 2. */
#ifndef BATON_LOG_H
#define BATON_LOG_H

#include <stdarg.h>
#include <stddef.h>

enum { LOG_EMERG, LOG_ALERT, LOG_CRIT, LOG_ERR, LOG_WARNING, LOG_NOTICE,
       LOG_INFO, LOG_DEBUG };

/* printf-like, but only %s %c %d %u %ld %lu %lld %llu %x %lx %llx %%,
 * with an optional '0' flag and width for the integer forms. Every %s and
 * %c argument is escaped (fmt_escaped): what a disk or the command line
 * says can neither forge a line nor drive the console. */
void logmsg(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A line longer than the kernel's /dev/kmsg record limit (976 bytes on
 * 6.1, "<N>baton: " and the newline included) goes out as several, each
 * cut at a blank where it can, ending in " \u2026" and the next starting
 * with "\u2026 "; nothing is lost up to 2 KiB. */

/* logmsg plus ": " and strerror of -err (err is a -errno code). */
void logerr(int level, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* At debug level: "step WHAT done at T ms (+D ms)", T the monotonic clock
 * (close to the kernel's timestamps), D since the step before: the phases
 * of a slow boot show on any machine (ignore_loglevel, or dmesg). */
void log_step(const char *what);

/* The formatter behind logmsg: writes at most n-1 bytes and a NUL,
 * returns the length written. Pure. */
size_t fmt_v(char *dst, size_t n, const char *fmt, va_list ap);
size_t fmt(char *dst, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* fmt, with every %s and %c argument escaped as log lines escape them:
 * bytes below 0x20, 0x7f and '\\' as \xNN. Pure. */
size_t fmt_escaped(char *dst, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The length of the first piece of s[0..len) that fits max bytes: all of
 * it, else up to the last blank in its second half, else max bytes backed
 * off to the start of a UTF-8 character. Pure. */
size_t log_piece(const char *s, size_t len, size_t max);

/* Where the records go: "/dev/kmsg"; a test points it at a file. */
extern const char *log_kmsg_path;

#endif
