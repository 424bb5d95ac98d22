/* modload.c: loads the kernel modules the image lists, in the listed order
 * (the image build resolved dependencies), with finit_module. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sys.h"

static int load_module(const char *path)
{
	long long t0 = now_ms();
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return -errno;
	if (sys_finit_module(fd, "", 0) < 0 && errno != EEXIST)
		err = -errno;
	close(fd);
	if (!err)
		logmsg(LOG_DEBUG, "module %s loaded in %lld ms", path, now_ms() - t0);
	return err;
}

int modules_load_list(const char *path)
{
	char list[16384];
	ssize_t len = read_text(path, list, sizeof(list));
	int failed = 0;
	char *line, *next;

	if (len < 0)
		return (int)len;
	if ((size_t)len == sizeof(list) - 1)
		logmsg(LOG_WARNING, "%s is longer than %u bytes; the rest is ignored",
		       path, (unsigned)sizeof(list) - 1);
	for (line = list; line; line = next) {
		int err;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!*line || *line == '#')
			continue;
		err = load_module(line);
		if (err < 0) {
			logerr(LOG_WARNING, err, "module %s not loaded", line);
			failed++;
		}
	}
	return failed;
}
