/* log.c: baton's logger and the tiny formatter behind it.
 * No stdio: a static /init must stay small, and one writev per line is all
 * a boot log needs. /dev/kmsg is opened per line on purpose: the kernel
 * rate-limits writes per open file (10 lines per 5 s), and a failure report
 * listing every disk must never be cut short. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "log.h"

#define LINE_MAX_LEN 1024

struct out {
	char *p;
	size_t left;	/* room for characters, the NUL excluded */
	size_t len;
};

static void put_char(struct out *o, char c)
{
	if (o->left) {
		*o->p++ = c;
		o->left--;
	}
	o->len++;
}

static void put_str(struct out *o, const char *s)
{
	if (!s)
		s = "(null)";
	while (*s)
		put_char(o, *s++);
}

static void put_num(struct out *o, unsigned long long v, int neg, unsigned base,
		    int width, char pad)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	while (width-- > n)
		put_char(o, pad);
	while (n)
		put_char(o, tmp[--n]);
}

/* Reads the integer argument a conversion names, sign-extended. */
static unsigned long long arg_int(va_list *ap, int longs, int is_signed, int *neg)
{
	long long s;

	*neg = 0;
	if (!is_signed) {
		if (longs >= 2)
			return va_arg(*ap, unsigned long long);
		if (longs == 1)
			return va_arg(*ap, unsigned long);
		return va_arg(*ap, unsigned);
	}
	if (longs >= 2)
		s = va_arg(*ap, long long);
	else if (longs == 1)
		s = va_arg(*ap, long);
	else
		s = va_arg(*ap, int);
	if (s < 0) {
		*neg = 1;
		return 0ULL - (unsigned long long)s;
	}
	return (unsigned long long)s;
}

/* Handles one conversion starting after '%'; returns the format position after it. */
static const char *convert(struct out *o, const char *f, va_list *ap)
{
	char pad = ' ';
	int width = 0, longs = 0, neg;
	unsigned long long v;

	if (*f == '0')
		pad = *f++;
	while (*f >= '0' && *f <= '9')
		width = width * 10 + (*f++ - '0');
	while (*f == 'l') {
		longs++;
		f++;
	}
	switch (*f) {
	case 's':
		put_str(o, va_arg(*ap, const char *));
		break;
	case 'c':
		put_char(o, (char)va_arg(*ap, int));
		break;
	case 'd':
		v = arg_int(ap, longs, 1, &neg);
		put_num(o, v, neg, 10, width, pad);
		break;
	case 'u':
	case 'x':
		v = arg_int(ap, longs, 0, &neg);
		put_num(o, v, 0, *f == 'x' ? 16 : 10, width, pad);
		break;
	case '%':
		put_char(o, '%');
		break;
	default:	/* unknown: show it rather than guess its argument */
		put_char(o, '%');
		if (!*f)
			return f;
		put_char(o, *f);
	}
	return f + 1;
}

size_t fmt_v(char *dst, size_t n, const char *f, va_list ap)
{
	struct out o = { dst, n ? n - 1 : 0, 0 };
	va_list aq;

	va_copy(aq, ap);
	while (*f) {
		if (*f != '%')
			put_char(&o, *f++);
		else
			f = convert(&o, f + 1, &aq);
	}
	va_end(aq);
	if (n)
		*o.p = '\0';
	return o.len < n ? o.len : (n ? n - 1 : 0);
}

size_t fmt(char *dst, size_t n, const char *f, ...)
{
	va_list ap;
	size_t len;

	va_start(ap, f);
	len = fmt_v(dst, n, f, ap);
	va_end(ap);
	return len;
}

static void emit(int level, const char *text, size_t len)
{
	char prefix[8];
	struct iovec iov[3];
	int fd;

	fmt(prefix, sizeof(prefix), "<%d>", level);
	iov[0] = (struct iovec){ prefix, strlen(prefix) };
	iov[1] = (struct iovec){ "baton: ", 7 };
	/* With its newline: the kernel holds a record without one open for a
	 * continuation and prints it only when the next message comes, so
	 * the last words before a halt or a hang would never be seen. */
	iov[2] = (struct iovec){ (void *)text, len + 1 };
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd >= 0) {
		ssize_t r = writev(fd, iov, 3);

		close(fd);
		if (r >= 0)
			return;
	}
	/* No kmsg (not mounted yet, or printk.devkmsg=off): the console it is. */
	writev(2, iov + 1, 2);
}

static void vlog(int level, int err, const char *f, va_list ap)
{
	char line[LINE_MAX_LEN];
	size_t len = fmt_v(line, sizeof(line) - 32, f, ap);

	if (err)
		len += fmt(line + len, sizeof(line) - len - 1, ": %s", strerror(-err));
	line[len] = '\n';
	line[len + 1] = '\0';
	emit(level, line, len);
}

void logmsg(int level, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vlog(level, 0, f, ap);
	va_end(ap);
}

void logerr(int level, int err, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vlog(level, err, f, ap);
	va_end(ap);
}
