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
 * with an optional '0' flag and width for the integer forms. */
void logmsg(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* logmsg plus ": " and strerror of -err (err is a -errno code). */
void logerr(int level, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The formatter behind logmsg: writes at most n-1 bytes and a NUL,
 * returns the length written. Pure. */
size_t fmt_v(char *dst, size_t n, const char *fmt, va_list ap);
size_t fmt(char *dst, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
