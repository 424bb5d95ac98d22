/* test_log.c: the logger's records fit the kernel's /dev/kmsg limit (976
 * bytes on 6.1 with the caller id: devkmsg_write refuses longer ones with
 * EINVAL, so the line fell back to fd 2 without its level, or was cut) and
 * a long line loses nothing: its pieces, joined, are the line. The records
 * go to a file here (log_kmsg_path), one per line. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "log.h"

#define RECORD_MAX	976
#define MORE		" \xe2\x80\xa6"
#define CONT		"\xe2\x80\xa6 "

static const struct {
	const char *name, *s;
	size_t max, want;
} piece_cases[] = {
	{ "piece-fits", "abc def", 7, 7 },
	{ "piece-at-blank", "abc def ghi", 9, 7 },
	{ "piece-blank-right-after", "abcd efgh", 4, 4 },
	{ "piece-no-blank-in-second-half", "a bcdefghij", 8, 8 },
	{ "piece-not-inside-utf8", "aaaaa\xe2\x80\xa6" "bbbb", 7, 5 },
	{ "piece-not-utf8-at-all", "\x80\x80\x80\x80\x80\x80", 3, 3 },
};

static char *slurp(const char *path)
{
	static char buf[16384];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* Every record of the log file: at most RECORD_MAX bytes with its newline,
 * "<3>baton: " first; returns the texts joined back (markers removed). */
static int records(const char *log, char *joined, size_t n, int *count)
{
	const char *p = log;
	int ok = 1;

	*joined = '\0';
	*count = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len, tl;
		const char *t;

		if (!nl)
			return 0;
		len = (size_t)(nl - p) + 1;
		if (len > RECORD_MAX || strncmp(p, "<3>baton: ", 10) != 0)
			ok = 0;
		t = p + 10;
		tl = (size_t)(nl - t);
		if (*count > 0) {
			if (tl < 4 || memcmp(t, CONT, 4) != 0)
				ok = 0;
			else
				t += 4, tl -= 4;
			strncat(joined, " ", n - strlen(joined) - 1);
		}
		if (nl[1] && (tl < 4 || memcmp(t + tl - 4, MORE, 4) != 0))
			ok = 0;
		else if (nl[1])
			tl -= 4;
		strncat(joined, t, tl < n - strlen(joined) - 1 ? tl : n - strlen(joined) - 1);
		(*count)++;
		p = nl + 1;
	}
	return ok;
}

/* Logs a text of len bytes (words, and a long one without blanks) and
 * checks its records. */
static void long_line(const char *name, const char *path, size_t len, int err)
{
	static char text[2048], want[2048], joined[4096];
	size_t i;
	int n, ok, fd;

	for (i = 0; i < len; i++)
		text[i] = i % 300 > 200 ? 'x' : i % 9 == 8 ? ' ' : 'a' + (char)(i % 26);
	text[len] = '\0';
	strcpy(want, text);
	if (err)
		strcat(want, ": No such file or directory");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);	/* empty it */
	if (fd < 0)
		CHECK(name, 0, "cannot empty %s", path);
	else
		close(fd);
	if (err)
		logerr(LOG_ERR, -ENOENT, "%s", text);
	else
		logmsg(LOG_ERR, "%s", text);
	ok = records(slurp(path), joined, sizeof(joined), &n);
	CHECK(name, ok && strcmp(joined, want) == 0,
	      "%d records, each <= %d bytes with '<3>baton: ' and the marks: %s; joined %s",
	      n, RECORD_MAX, ok ? "yes" : "no", strcmp(joined, want) == 0 ? "same" : "differs");
}

int main(void)
{
	char path[64], name[64];
	int fd, n;

	for (size_t i = 0; i < sizeof(piece_cases) / sizeof(piece_cases[0]); i++)
		CHECK_INT(piece_cases[i].name, log_piece(piece_cases[i].s, strlen(piece_cases[i].s),
							 piece_cases[i].max), piece_cases[i].want);
	snprintf(path, sizeof(path), "/tmp/baton-test-log.%d", (int)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		CHECK("log-file", 0, "cannot create %s", path);
		return CHECK_EXIT();
	}
	close(fd);
	log_kmsg_path = path;
	long_line("log-short-one-record", path, 40, 0);
	records(slurp(path), (char[64]){ 0 }, 64, &n);
	CHECK_INT("log-short-is-one-record", n, 1);
	/* 965 bytes: the longest text 6.1 takes whole. */
	long_line("log-at-limit", path, RECORD_MAX - 11, 0);
	records(slurp(path), (char[4096]){ 0 }, 4096, &n);
	CHECK_INT("log-at-limit-one-record", n, 1);
	long_line("log-one-over-limit", path, RECORD_MAX - 10, 0);
	long_line("log-device-line-1500", path, 1500, 0);
	long_line("log-2000-bytes", path, 2000, 0);
	/* The error text pushes a line that fitted over the limit. */
	long_line("log-error-over-limit", path, 950, 1);
	records(slurp(path), (char[4096]){ 0 }, 4096, &n);
	snprintf(name, sizeof(name), "log-error-over-limit-two-records");
	CHECK_INT(name, n, 2);
	unlink(path);
	return CHECK_EXIT();
}
