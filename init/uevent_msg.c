/* uevent_msg.c: picks block-device arrivals and device modaliases out of
 * kernel uevent messages.
 * Pure, so it is tested on captured messages without a kernel. */
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "uevent.h"

/* Returns the value of KEY= in the message's NUL-separated fields, or NULL. */
static const char *field(const char *buf, size_t len, const char *key)
{
	size_t klen = strlen(key);
	const char *p = buf, *end = buf + len;

	while (p < end) {
		size_t flen = strnlen(p, (size_t)(end - p));

		if (flen > klen && p[klen] == '=' && memcmp(p, key, klen) == 0 &&
		    p + flen < end)	/* the field must be NUL-terminated in buf */
			return p + klen + 1;
		p += flen + 1;
	}
	return NULL;
}

static int parse_uint(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || v > 0xfffffffful)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int uevent_parse_block(const char *buf, size_t len, char *name, size_t n, dev_t *devt)
{
	const char *action = field(buf, len, "ACTION");
	const char *subsys = field(buf, len, "SUBSYSTEM");
	const char *devname = field(buf, len, "DEVNAME");
	unsigned maj, min;
	int kind;

	if (!action || !subsys || !devname || strcmp(subsys, "block") != 0)
		return 0;
	if (strcmp(action, "add") == 0)
		kind = UEVENT_BLOCK_ADD;
	else if (strcmp(action, "change") == 0)
		kind = UEVENT_BLOCK_CHANGE;
	else
		return 0;
	if (parse_uint(field(buf, len, "MAJOR"), &maj) ||
	    parse_uint(field(buf, len, "MINOR"), &min))
		return 0;
	if (strlen(devname) >= n || !*devname)
		return 0;
	/* DEVNAME is the /dev path ("cciss/c0d0"); sysfs spells it with '!'. */
	for (size_t i = 0; devname[i]; i++)
		name[i] = devname[i] == '/' ? '!' : devname[i];
	name[strlen(devname)] = '\0';
	*devt = makedev(maj, min);
	return kind;
}

int uevent_parse_block_add(const char *buf, size_t len, char *name, size_t n,
			   dev_t *devt)
{
	return uevent_parse_block(buf, len, name, n, devt) == UEVENT_BLOCK_ADD;
}

const char *uevent_modalias(const char *buf, size_t len)
{
	const char *action = field(buf, len, "ACTION");
	const char *alias = field(buf, len, "MODALIAS");

	if (!action || !alias || !*alias || strcmp(action, "add") != 0)
		return NULL;
	return alias;
}
