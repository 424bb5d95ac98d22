/* test_rootnow.c: root_present decides on this machine's own block
 * devices (/sys/class/block): a root that is there is found without
 * waiting; an absent one, rootdelay=, rd.modules=, ip= and rd.neednet=1 go
 * the long way (the NIC's driver may be a module). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sys.h"

static struct bootcfg cfg;	/* large: not on the stack */
static struct devlist devs;

/* The first block device of this machine: its name and "MAJ:MIN". */
static int first_blockdev(char *name, size_t n, char *devt, size_t m)
{
	DIR *d = opendir("/sys/class/block");
	struct dirent *e;
	int found = 0;

	while (d && !found && (e = readdir(d)) != NULL) {
		char path[300];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/class/block/%s/dev", e->d_name);
		if (read_text(path, devt, m) > 0) {
			snprintf(name, n, "%s", e->d_name);
			found = 1;
		}
	}
	if (d)
		closedir(d);
	return found;
}

int main(void)
{
	char name[256], devt[32];
	enum { DEVT, NAME, NONE };	/* what goes between pre and post */
	static const struct {
		const char *name, *pre, *post;
		int dev, found;
	} cases[] = {
		{ "present-majmin", "root=", "", DEVT, 1 },
		{ "present-devname", "root=/dev/", "", NAME, 1 },
		{ "absent", "root=4095:1048575", "", NONE, 0 },
		{ "rootdelay-waits-first", "root=", " rootdelay=1", DEVT, 0 },
		{ "rd-modules-loads-first", "root=", " rd.modules=loop", DEVT, 0 },
		{ "ip-dhcp-loads-nic-driver", "root=", " ip=dhcp", DEVT, 0 },
		{ "ip-static-loads-nic-driver", "root=", " ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off", DEVT, 0 },
		{ "neednet-loads-nic-driver", "root=", " rd.neednet=1", DEVT, 0 },
		{ "ip-off-finds-at-once", "root=", " ip=off", DEVT, 1 },
	};

	if (!first_blockdev(name, sizeof(name), devt, sizeof(devt))) {
		printf("not ok rootnow/setup - no block device in /sys/class/block on this machine\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char line[512], tname[96];
		int r;

		snprintf(line, sizeof(line), "%s%s%s", cases[i].pre,
			 cases[i].dev == DEVT ? devt : cases[i].dev == NAME ? name : "", cases[i].post);
		bootcfg_parse(&cfg, line);
		devlist_free(&devs);
		r = root_present(&cfg, &devs);
		snprintf(tname, sizeof(tname), "rootnow/%s", cases[i].name);
		if (cases[i].found)
			CHECK(tname, r >= 0 && r < devs.n && strcmp(devs.dev[r].name, name) == 0,
			      "\"%s\": got %d, want /dev/%s", line, r, name);
		else
			CHECK(tname, r == -ENOENT, "\"%s\": got %d, want -ENOENT", line, r);
	}
	return CHECK_EXIT();
}
