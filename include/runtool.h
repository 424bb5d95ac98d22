/* runtool.h: runs a program from the image (cryptsetup, lvm, mdadm, fsck)
 * and waits for it, bounded. /init carries no crypto, volume-manager or
 * fsck code of its own: the real tools do that work, and this is the one
 * place that starts them. */
#ifndef BATON_RUNTOOL_H
#define BATON_RUNTOOL_H

#include <stddef.h>

/* stdin, stdout and stderr on /dev/console, which becomes the program's
 * controlling terminal: it may ask the person there (a passphrase prompt
 * with echo off). Without it, stdin is /dev/null (or .input) and the
 * output goes to .out, or to the console when .out is NULL. */
#define RUN_CONSOLE	1u

struct tool_run {
	const char *path;	/* absolute path in the image */
	const char *const *argv;	/* argv[0] first, NULL-terminated */
	const char *const *envp;	/* NULL: PATH=/usr/sbin:/usr/bin:/sbin:/bin only */
	int timeout_ms;		/* < 0: no bound. On expiry the program's
				 * process group gets SIGTERM, then SIGKILL
				 * RUN_KILL_GRACE_MS later */
	unsigned flags;		/* RUN_CONSOLE */
	const char *input;	/* written to stdin, which is then closed
				 * (at most RUN_INPUT_MAX bytes; not with
				 * RUN_CONSOLE); NULL: /dev/null */
	size_t input_len;
	char *out;		/* stdout and stderr together, NUL-terminated;
				 * what does not fit is read and dropped */
	size_t out_size;
	size_t out_len;		/* set: bytes kept in out */
};

#define RUN_KILL_GRACE_MS	1000
#define RUN_INPUT_MAX		4096	/* fits a pipe's buffer: written at once */

/* Runs r->path with r->argv in a session of its own and waits for it.
 * Returns its exit status (0..255), 128+N if signal N ended it, or:
 *   -ENOENT     no such program in the image
 *   -EACCES     there but not executable
 *   -ELIBACC    there, but the kernel could not start it: its ELF
 *               interpreter (ld-linux) is missing from the image
 *   -ETIMEDOUT  still running after r->timeout_ms: killed
 *   -E2BIG      input longer than RUN_INPUT_MAX
 *   -errno      exec failed otherwise, or no pipe, fork, console.
 * A dynamic program whose libraries are missing exits 127 with the
 * loader's message in its output. Logs nothing: the caller says what the
 * program was for. */
int tool_run(struct tool_run *r);

/* A message for the negative returns above, for "cannot run X: %s". Pure. */
const char *tool_strerror(int err);

#endif
