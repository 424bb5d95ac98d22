/* test_vmfs.c: the pure part of virtio filesystem roots
 * (init/vmfs_opts.c): mount data for 9p and virtiofs, transport ids. */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "vmfs.h"

struct dcase {
	const char *name, *fstype, *user;
	size_t n;
	int rc;
	const char *want;
};

static const struct dcase dcases[] = {
	{ "9p-defaults", "9p", NULL, 256, (int)sizeof(VMFS_9P_DEFAULTS) - 1, VMFS_9P_DEFAULTS },
	{ "9p-empty-user", "9p", "", 256, (int)sizeof(VMFS_9P_DEFAULTS) - 1, VMFS_9P_DEFAULTS },
	{ "9p-user-after", "9p", "msize=65536,cache=none", 256,
	  (int)sizeof(VMFS_9P_DEFAULTS ",msize=65536,cache=none") - 1,
	  VMFS_9P_DEFAULTS ",msize=65536,cache=none" },
	{ "virtiofs-nothing", "virtiofs", NULL, 8, 0, "" },
	{ "virtiofs-user", "virtiofs", "dax", 8, 3, "dax" },
	{ "exact-fit", "virtiofs", "abc", 4, 3, "abc" },
	{ "one-short", "virtiofs", "abcd", 4, -E2BIG, NULL },
	{ "9p-too-small", "9p", NULL, 10, -E2BIG, NULL },
	{ "zero-size", "virtiofs", NULL, 0, -E2BIG, NULL },
};

static void run_dcases(void)
{
	char out[256], name[64];

	for (size_t i = 0; i < sizeof(dcases) / sizeof(dcases[0]); i++) {
		const struct dcase *c = &dcases[i];
		int rc = vmfs_mount_data(c->fstype, c->user, out, c->n);

		snprintf(name, sizeof(name), "vmfs-data/%s/rc", c->name);
		CHECK_INT(name, rc, c->rc);
		if (c->want) {
			snprintf(name, sizeof(name), "vmfs-data/%s/text", c->name);
			CHECK_STR(name, rc >= 0 ? out : NULL, c->want);
		}
	}
}

static void test_ids(void)
{
	CHECK_INT("vmfs-id/9p", vmfs_virtio_id("9p"), 9);
	CHECK_INT("vmfs-id/virtiofs", vmfs_virtio_id("virtiofs"), 26);
	CHECK_INT("vmfs-id/ext4", vmfs_virtio_id("ext4"), -1);
	CHECK_INT("vmfs-id/null", vmfs_virtio_id(NULL), -1);
}

static void test_long_tag(void)
{
	static struct bootcfg cfg;
	char line[600];

	strcpy(line, "rootfstype=virtiofs root=");
	memset(line + strlen(line), 't', 300);
	line[25 + 300] = '\0';
	bootcfg_parse(&cfg, line);
	CHECK_INT("vmfs-tag/overlong", cfg.root.kind, ROOT_INVALID);
	CHECK("vmfs-tag/overlong-why", cfg.root_err && strstr(cfg.root_err, "255"), "root_err %s",
	      cfg.root_err ? cfg.root_err : "(null)");
}

int main(void)
{
	run_dcases();
	test_ids();
	test_long_tag();
	return CHECK_EXIT();
}
