/* test_runtool.c: tool_run on real programs: exit statuses, signals,
 * missing and broken programs, captured output, input, timeouts. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "compat.h"
#include "runtool.h"

struct runcase {
	const char *name;
	const char *path;
	const char *script;	/* sh -c SCRIPT when path is /bin/sh */
	const char *input;
	int timeout_ms;
	size_t out_size;
	int want;
	const char *want_out;	/* NULL: not checked */
	long long max_ms;	/* 0: not checked */
};

static const char *scratch;

static char *tmp_path(const char *leaf)
{
	static char buf[4][256];
	static int i;
	char *p = buf[i++ % 4];

	snprintf(p, 256, "%s/%s", scratch, leaf);
	return p;
}

static void put_file(const char *leaf, const char *text, int mode)
{
	int fd = open(tmp_path(leaf), O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0 || write(fd, text, strlen(text)) < 0) {
		perror(leaf);
		exit(2);
	}
	close(fd);
}

static void run_case(const struct runcase *c)
{
	char out[64] = "untouched", name[96];
	const char *argv[] = { c->path, "-c", c->script, NULL };
	struct tool_run r = {
		.path = c->path, .argv = argv, .timeout_ms = c->timeout_ms,
		.input = c->input, .input_len = c->input ? strlen(c->input) : 0,
		.out = c->out_size ? out : NULL, .out_size = c->out_size,
	};
	long long t0 = now_ms(), took;
	int got;

	if (!c->script)
		argv[1] = NULL;
	got = tool_run(&r);
	took = now_ms() - t0;
	snprintf(name, sizeof(name), "runtool-%s", c->name);
	CHECK_INT(name, got, c->want);
	if (c->want_out) {
		snprintf(name, sizeof(name), "runtool-%s-output", c->name);
		CHECK_STR(name, out, c->want_out);
	}
	if (c->max_ms) {
		snprintf(name, sizeof(name), "runtool-%s-bounded", c->name);
		CHECK(name, took <= c->max_ms, "took %lld ms, want at most %lld", took, c->max_ms);
	}
}

int main(void)
{
	static char dir[64];

	/* klibc has no mkdtemp */
	snprintf(dir, sizeof(dir), "/tmp/baton-runtool-%d", (int)getpid());
	if (mkdir(dir, 0700) < 0)
		return 2;
	scratch = dir;
	put_file("noexec", "#!/bin/sh\n", 0644);
	put_file("nointerp", "#!/nonexistent/ld-linux.so.2\n", 0755);
	const struct runcase cases[] = {
		{ "exit-0", "/bin/sh", "exit 0", NULL, 5000, 0, 0, NULL, 0 },
		{ "exit-3", "/bin/sh", "exit 3", NULL, 5000, 0, 3, NULL, 0 },
		{ "signal", "/bin/sh", "kill -9 $$", NULL, 5000, 0, 128 + 9, NULL, 0 },
		{ "missing", "/nonexistent/cryptsetup", NULL, NULL, 5000, 0, -ENOENT, NULL, 0 },
		{ "not-executable", tmp_path("noexec"), NULL, NULL, 5000, 0, -EACCES, NULL, 0 },
		{ "no-interpreter", tmp_path("nointerp"), NULL, NULL, 5000, 0, -ELIBACC, NULL, 0 },
		{ "capture", "/bin/sh", "echo out; echo err >&2", NULL, 5000, 64, 0, "out\nerr\n", 0 },
		{ "capture-truncated", "/bin/sh", "printf 0123456789", NULL, 5000, 5, 0, "0123", 0 },
		{ "capture-large", "/bin/sh", "i=0; while [ $i -lt 2000 ]; do echo line; i=$((i+1)); done; exit 4",
		  NULL, 5000, 8, 4, "line\nli", 0 },
		{ "input", "/bin/sh", "read x; echo got:$x", "secret\n", 5000, 64, 0, "got:secret\n", 0 },
		{ "no-input-is-devnull", "/bin/sh", "cat; echo end", NULL, 5000, 64, 0, "end\n", 0 },
		{ "input-ignored", "/bin/sh", "exit 0", "unread", 5000, 0, 0, NULL, 0 },
		{ "timeout", "/bin/sh", "sleep 20", NULL, 300, 0, -ETIMEDOUT, NULL, 3000 },
		{ "timeout-term-ignored", "/bin/sh", "trap '' TERM; sleep 20", NULL, 300, 0, -ETIMEDOUT,
		  NULL, 300 + RUN_KILL_GRACE_MS + 2000 },
		{ "timeout-capture", "/bin/sh", "echo before; sleep 20", NULL, 300, 64, -ETIMEDOUT,
		  "before\n", 3000 },
		{ "daemon-left-behind", "/bin/sh", "sleep 3 & echo parent", NULL, 10000, 64, 0, "parent\n", 2500 },
		{ "unbounded", "/bin/sh", "exit 7", NULL, -1, 0, 7, NULL, 0 },
	};
	char big[RUN_INPUT_MAX + 2];
	const char *argv[] = { "/bin/sh", "-c", "cat >/dev/null", NULL };
	struct tool_run r = { .path = "/bin/sh", .argv = argv, .timeout_ms = 5000,
			      .input = big, .input_len = sizeof(big) };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	memset(big, 'x', sizeof(big));
	CHECK_INT("runtool-input-too-long", tool_run(&r), -E2BIG);
	CHECK_STR("runtool-strerror-missing", tool_strerror(-ENOENT), "not in the image");
	CHECK("runtool-strerror-other", tool_strerror(-EIO) == NULL, "want NULL for -EIO");
	unlink(tmp_path("noexec"));
	unlink(tmp_path("nointerp"));
	rmdir(scratch);
	return CHECK_EXIT();
}
