/* test_fileio.c: read_text (init/fileio.c) on real files: a file that does
 * not fit is reported (-EFBIG), never handed back cut as if whole (it
 * returned the first n - 1 bytes as the file, so /proc/filesystems cut in
 * 2 KiB made a bogus last type); n == 0 is refused (n - 1 underflowed). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "sys.h"

static const struct {
	const char *name, *content;
	size_t n;
	long want;		/* return value */
	const char *text;	/* buf after */
} cases[] = {
	{ "fits", "ext4\n", 16, 4, "ext4" },
	{ "newlines-cut", "vda\n\n\n", 16, 3, "vda" },
	{ "exactly-fits", "0123456789", 11, 10, "0123456789" },
	{ "exactly-fits-newline", "012345678\n", 11, 9, "012345678" },
	{ "one-byte-over", "0123456789A", 11, -EFBIG, "0123456789" },
	{ "newline-over", "0123456789\n", 11, -EFBIG, "0123456789" },
	{ "much-longer", "nodev\tsysfs\nnodev\tproc\n\text4\n\txfs\n", 16, -EFBIG, "nodev\tsysfs\nnod" },
	{ "empty", "", 4, 0, "" },
	{ "room-for-nul-only", "x", 1, -EFBIG, "" },
	{ "empty-room-for-nul-only", "", 1, 0, "" },
};

int main(void)
{
	char path[64], buf[64];

	snprintf(path, sizeof(path), "/tmp/baton-test-fileio.%d", (int)getpid());
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		size_t len = strlen(cases[i].content);
		char name[80];
		long r;

		if (fd < 0 || write(fd, cases[i].content, len) != (ssize_t)len) {
			CHECK(cases[i].name, 0, "cannot write %s", path);
			continue;
		}
		close(fd);
		memset(buf, 'Z', sizeof(buf));
		r = read_text(path, buf, cases[i].n);
		CHECK_INT(cases[i].name, r, cases[i].want);
		snprintf(name, sizeof(name), "%s-text", cases[i].name);
		CHECK_STR(name, buf, cases[i].text);
	}
	buf[0] = 'Z';
	CHECK_INT("size-0-refused", read_text(path, buf, 0), -EINVAL);
	CHECK("size-0-untouched", buf[0] == 'Z', "wrote into a buffer of size 0");
	unlink(path);
	CHECK_INT("missing-file", read_text(path, buf, sizeof(buf)), -ENOENT);
	return CHECK_EXIT();
}
