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

#include "compat.h"
#include "log.h"

/* devkmsg_write() refuses (EINVAL) a write longer than the kernel's record
 * limit: 976 bytes on Debian's 6.1 (LOG_LINE_MAX = 1024 - PREFIX_MAX, 48
 * with CONFIG_PRINTK_CALLER), 992 without the caller id, 1024 on newer
 * kernels (PRINTKRB_RECORD_MAX). The smallest fits them all: a record is
 * "<N>baton: " + text + "\n", so a longer text goes out in pieces. */
#define KMSG_RECORD_MAX	976
#define LOG_TAG		"baton: "
#define LOG_TEXT_MAX	(KMSG_RECORD_MAX - 3 - (sizeof(LOG_TAG) - 1) - 1)
#define LOG_MORE	" \xe2\x80\xa6"	/* " ..." (U+2026) ends a cut piece */
#define LOG_CONT	"\xe2\x80\xa6 "	/* and starts the next one */
#define LOG_BUF_LEN	2048	/* one message: its pieces, the error text */

const char *log_kmsg_path = "/dev/kmsg";

struct out {
	char *p;
	size_t left;	/* room for characters, the NUL excluded */
	size_t len;
	int escape;	/* %s arguments escaped (log lines) */
};

static void put_char(struct out *o, char c)
{
	if (o->left) {
		*o->p++ = c;
		o->left--;
	}
	o->len++;
}

/* A byte a console would act on (controls, DEL) or the escape character
 * itself. */
static int needs_escape(unsigned char c)
{
	return c < 0x20 || c == 0x7f || c == '\\';
}

/* The one escaping of strings from disks and the command line: labels,
 * names and values reach the console as \xNN for every byte that could
 * start a new line, move the cursor or clear the screen (a PARTLABEL
 * holding "\nbaton: " would forge a line), and for '\' so an escape
 * written on the disk stays distinguishable. UTF-8 passes unchanged. */
static void put_escaped(struct out *o, const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (!needs_escape(*c)) {
			put_char(o, (char)*c);
			continue;
		}
		put_char(o, '\\');
		put_char(o, 'x');
		put_char(o, "0123456789abcdef"[*c >> 4]);
		put_char(o, "0123456789abcdef"[*c & 15]);
	}
}

static void put_str(struct out *o, const char *s)
{
	if (!s)
		s = "(null)";
	if (o->escape) {
		put_escaped(o, s);
		return;
	}
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
	case 'c': {
		char c[2] = { (char)va_arg(*ap, int), '\0' };

		if (o->escape && needs_escape((unsigned char)c[0]))
			put_escaped(o, c);
		else
			put_char(o, c[0]);
		break;
	}
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

static size_t format(char *dst, size_t n, int escape, const char *f, va_list ap)
{
	struct out o = { dst, n ? n - 1 : 0, 0, escape };
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

size_t fmt_v(char *dst, size_t n, const char *f, va_list ap)
{
	return format(dst, n, 0, f, ap);
}

size_t fmt_escaped(char *dst, size_t n, const char *f, ...)
{
	va_list ap;
	size_t len;

	va_start(ap, f);
	len = format(dst, n, 1, f, ap);
	va_end(ap);
	return len;
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

size_t log_piece(const char *s, size_t len, size_t max)
{
	size_t cut;

	if (len <= max)
		return len;
	for (cut = max; cut > max / 2; cut--)
		if (s[cut] == ' ')
			return cut;	/* the blank goes, the words stay whole */
	cut = max;
	while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;		/* never inside a UTF-8 character */
	return cut ? cut : max;	/* not UTF-8 at all: bytes it is */
}

/* One record: "<level>baton: " head text tail "\n", one writev, to
 * /dev/kmsg, else (not mounted yet, or printk.devkmsg=off) to fd 2. */
static void emit(int level, const char *head, const char *text, size_t len, const char *tail)
{
	char prefix[8];
	struct iovec iov[6];
	int fd;

	fmt(prefix, sizeof(prefix), "<%d>", level);
	iov[0] = (struct iovec){ prefix, strlen(prefix) };
	iov[1] = (struct iovec){ (void *)LOG_TAG, sizeof(LOG_TAG) - 1 };
	iov[2] = (struct iovec){ (void *)head, strlen(head) };
	iov[3] = (struct iovec){ (void *)text, len };
	iov[4] = (struct iovec){ (void *)tail, strlen(tail) };
	/* With its newline: the kernel holds a record without one open for a
	 * continuation and prints it only when the next message comes, so
	 * the last words before a halt or a hang would never be seen. */
	iov[5] = (struct iovec){ (void *)"\n", 1 };
	/* O_APPEND: nothing to /dev/kmsg, keeps the records of a test's file. */
	fd = open(log_kmsg_path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);
	if (fd >= 0) {
		ssize_t r = writev(fd, iov, 6);

		close(fd);
		if (r >= 0)
			return;
	}
	writev(2, iov + 1, 5);
}

static void vlog(int level, int err, const char *f, va_list ap)
{
	char line[LOG_BUF_LEN];
	size_t len = format(line, sizeof(line), 1, f, ap), piece;
	const char *head = "", *p = line;

	if (err)
		len += fmt(line + len, sizeof(line) - len, ": %s", strerror(-err));
	for (;;) {
		size_t room = LOG_TEXT_MAX - strlen(head);

		piece = log_piece(p, len, room);
		if (piece == len)
			break;
		piece = log_piece(p, len, room - (sizeof(LOG_MORE) - 1));
		emit(level, head, p, piece, LOG_MORE);
		while (piece < len && p[piece] == ' ')
			piece++;
		p += piece;
		len -= piece;
		head = LOG_CONT;
	}
	emit(level, head, p, len, "");
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

void log_step(const char *what)
{
	static long long last;
	long long t = now_ms();

	logmsg(LOG_DEBUG, "step %s done at %lld ms (+%lld ms)", what, t, last ? t - last : 0);
	last = t;
}
