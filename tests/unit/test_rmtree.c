/* test_rmtree.c: init/rmtree.c's delete walker on a plain directory of
 * this machine's temporary filesystem (the namespace test, tests/ns,
 * runs it as PID 1 on a real initramfs with mounts inside). One function
 * per case, run from a table. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "log.h"
#include "rmtree.h"

static char base[256];	/* this run's scratch directory */

/* A fresh directory base/name; its path in path. */
static int scratch(const char *name, char *path, size_t n)
{
	snprintf(path, n, "%s/%s", base, name);
	return mkdir(path, 0755);
}

static int put(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* a b l(->/nonexistent) d/ d/x d/e/ d/e/y d/e/f/ (empty): 4 files or
 * links, 3 directories below the top. */
static int small_tree(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), d, e, ok;

	if (fd < 0)
		return -1;
	ok = put(fd, "a") == 0 && put(fd, "b") == 0 && symlinkat("/nonexistent", fd, "l") == 0 &&
	     mkdirat(fd, "d", 0755) == 0;
	d = ok ? openat(fd, "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	ok = d >= 0 && put(d, "x") == 0 && mkdirat(d, "e", 0755) == 0;
	e = ok ? openat(d, "e", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	ok = e >= 0 && put(e, "y") == 0 && mkdirat(e, "f", 0755) == 0;
	if (e >= 0)
		close(e);
	if (d >= 0)
		close(d);
	close(fd);
	return ok ? 0 : -1;
}

static int entries(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), n = 0;
	struct dirent *e;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static int run(const char *path, unsigned flags, struct rm_stats *st)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	memset(st, 0xaa, sizeof(*st));
	return fd < 0 ? -errno : rmtree_contents(fd, flags, NULL, 0, st);
}

static void empties_tree(void)
{
	char path[300];
	struct rm_stats st;
	int r;

	if (scratch("small", path, sizeof(path)) < 0 || small_tree(path) < 0) {
		CHECK("rmtree/empties-tree", 0, "cannot build %s: %s", path, strerror(errno));
		return;
	}
	r = run(path, 0, &st);
	CHECK_INT("rmtree/empties-tree-returns-0", r, 0);
	CHECK_INT("rmtree/empties-tree-files", st.files, 5);
	CHECK_INT("rmtree/empties-tree-dirs", st.dirs, 3);
	CHECK_INT("rmtree/empties-tree-mounts", st.mounts, 0);
	CHECK_INT("rmtree/empties-tree-failed", st.failed, 0);
	CHECK_INT("rmtree/empties-tree-left", entries(path), 0);
	CHECK("rmtree/empties-tree-keeps-top", rmdir(path) == 0, "top directory: %s", strerror(errno));
}

/* Links to a directory and to a file outside: removed, their targets not. */
static void symlink_not_followed(void)
{
	char path[300], out[300], keep[320];
	struct rm_stats st;
	int fd, ok;

	ok = scratch("links", path, sizeof(path)) == 0 && scratch("outside", out, sizeof(out)) == 0;
	snprintf(keep, sizeof(keep), "%s/keep", out);
	fd = ok ? open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	ok = fd >= 0 && close(open(keep, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) == 0 &&
	     symlinkat(out, fd, "dirlink") == 0 && symlinkat(keep, fd, "filelink") == 0;
	if (fd >= 0)
		close(fd);
	if (!ok) {
		CHECK("rmtree/symlink-not-followed", 0, "cannot build %s: %s", path, strerror(errno));
		return;
	}
	CHECK_INT("rmtree/symlink-not-followed-returns-0", run(path, 0, &st), 0);
	CHECK_INT("rmtree/symlink-not-followed-links-gone", entries(path), 0);
	CHECK("rmtree/symlink-not-followed-target-kept", access(keep, F_OK) == 0, "%s: %s", keep,
	      strerror(errno));
	unlink(keep);
	rmdir(out);
	rmdir(path);
}

/* A dry run removes nothing and counts what the real one removes. */
static void dry_run_counts(void)
{
	char path[300];
	struct rm_stats dry, real;

	if (scratch("dry", path, sizeof(path)) < 0 || small_tree(path) < 0) {
		CHECK("rmtree/dry-run", 0, "cannot build %s: %s", path, strerror(errno));
		return;
	}
	CHECK_INT("rmtree/dry-run-returns-0", run(path, RM_DRY_RUN, &dry), 0);
	CHECK_INT("rmtree/dry-run-removes-nothing", entries(path), 4);
	CHECK_INT("rmtree/dry-run-files", dry.files, 5);
	CHECK_INT("rmtree/dry-run-dirs", dry.dirs, 3);
	run(path, 0, &real);
	CHECK("rmtree/dry-run-matches-real",
	      dry.files == real.files && dry.dirs == real.dirs && dry.failed == real.failed,
	      "dry %lu/%lu/%lu, real %lu/%lu/%lu", dry.files, dry.dirs, dry.failed, real.files,
	      real.dirs, real.failed);
	rmdir(path);
}

/* Deeper than PATH_MAX and than the fd limit could take one fd per level:
 * the walk keeps names, not descriptors, and leaks none. */
static void deep_tree(void)
{
	enum { DEPTH = 3000 };
	char path[300];
	struct rm_stats st;
	int fd, next, before, after, i;

	if (scratch("deep", path, sizeof(path)) < 0 || (fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		CHECK("rmtree/deep", 0, "cannot build %s: %s", path, strerror(errno));
		return;
	}
	for (i = 0; i < DEPTH; i++, fd = next) {
		next = mkdirat(fd, "d", 0755) == 0 ? openat(fd, "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
		close(fd);
		if (next < 0)
			break;
	}
	if (i == DEPTH) {
		put(fd, "bottom");
		close(fd);
	}
	before = dup(0);
	close(before);
	CHECK_INT("rmtree/deep-returns-0", run(path, 0, &st), 0);
	after = dup(0);
	close(after);
	CHECK_INT("rmtree/deep-built", i, DEPTH);
	CHECK_INT("rmtree/deep-dirs", st.dirs, DEPTH);
	CHECK_INT("rmtree/deep-files", st.files, 1);
	CHECK_INT("rmtree/deep-left", entries(path), 0);
	CHECK_INT("rmtree/deep-no-fd-leaked", after, before);
	rmdir(path);
}

/* Many entries in one directory with subdirectories among them: each
 * return to the parent rereads it, skipping what a dry run keeps. */
static void wide_dry_then_real(void)
{
	enum { N = 600 };
	char path[300], name[32];
	struct rm_stats dry, real;
	int fd, ok = 1;

	if (scratch("wide", path, sizeof(path)) < 0 || (fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		CHECK("rmtree/wide", 0, "cannot build %s: %s", path, strerror(errno));
		return;
	}
	for (int i = 0; i < N && ok; i++) {
		snprintf(name, sizeof(name), "%c%d", i % 3 ? 'f' : 'd', i);
		ok = i % 3 ? put(fd, name) == 0 : mkdirat(fd, name, 0755) == 0;
		if (ok && i % 3 == 0) {
			int d = openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

			ok = d >= 0 && put(d, "inner") == 0;
			if (d >= 0)
				close(d);
		}
	}
	close(fd);
	CHECK("rmtree/wide-built", ok, "%s", strerror(errno));
	CHECK_INT("rmtree/wide-dry-returns-0", run(path, RM_DRY_RUN, &dry), 0);
	CHECK_INT("rmtree/wide-dry-files", dry.files, N * 2 / 3 + N / 3);
	CHECK_INT("rmtree/wide-dry-dirs", dry.dirs, N / 3);
	CHECK_INT("rmtree/wide-dry-removes-nothing", entries(path), N);
	CHECK_INT("rmtree/wide-returns-0", run(path, 0, &real), 0);
	CHECK_INT("rmtree/wide-files", real.files, N * 2 / 3 + N / 3);
	CHECK_INT("rmtree/wide-dirs", real.dirs, N / 3);
	CHECK_INT("rmtree/wide-left", entries(path), 0);
	rmdir(path);
}

static void closes_rootfd(void)
{
	char path[300];
	struct rm_stats st;
	int fd;

	if (scratch("closes", path, sizeof(path)) < 0 || (fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		CHECK("rmtree/closes-rootfd", 0, "cannot build %s: %s", path, strerror(errno));
		return;
	}
	rmtree_contents(fd, 0, NULL, 0, &st);
	CHECK("rmtree/closes-rootfd", fcntl(fd, F_GETFD) < 0 && errno == EBADF, "fd %d still open", fd);
	rmdir(path);
}

static void bad_fd(void)
{
	struct rm_stats st;

	CHECK_INT("rmtree/bad-fd", rmtree_contents(-1, 0, NULL, 0, &st), -EBADF);
}

int main(void)
{
	static void (*const cases[])(void) = {
		empties_tree, symlink_not_followed, dry_run_counts, deep_tree, wide_dry_then_real,
		closes_rootfd, bad_fd,
	};
	const char *tmp = getenv("TMPDIR");

	log_kmsg_path = "/dev/null";	/* a failure's warning is not the host's news */
	snprintf(base, sizeof(base), "%s/baton-rmtree.%d", tmp && *tmp ? tmp : "/tmp", (int)getpid());
	if (mkdir(base, 0700) < 0) {
		printf("not ok rmtree/setup - cannot create %s: %s\n", base, strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cases[i]();
	if (rmdir(base) < 0)
		printf("# %s left behind: %s\n", base, strerror(errno));
	return CHECK_EXIT();
}
