/* test_cmdline.c: the command line parser (init/cmdline.c), case by case.
 * Each bootcfg case compares a dump of every field that differs from the
 * defaults, so a case also fails when the parser changes something it was
 * not asked to. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "bootcfg.h"
#include "check.h"

static struct bootcfg cfg;

/* -- dump ------------------------------------------------------------------- */

struct out {
	char s[2048];
	size_t n;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (o->n >= sizeof(o->s))
		return;
	va_start(ap, fmt);
	k = vsnprintf(o->s + o->n, sizeof(o->s) - o->n, fmt, ap);
	va_end(ap);
	if (k > 0)
		o->n += (size_t)k;
}

static int inside(const char *p, const char *base, size_t size)
{
	return !p || (p >= base && p < base + size);
}

/* Every string the parser hands out must live in the struct, or it would
 * dangle once the caller's line buffer is gone. */
static int pointers_inside(const struct bootcfg *c)
{
	int ok = inside(c->root_arg, c->root_raw, sizeof(c->root_raw)) &&
		 (c->root.kind == ROOT_TAG ? inside(c->root.value, c->root_raw, sizeof(c->root_raw))
					   : inside(c->root.value, c->buf, sizeof(c->buf))) &&
		 inside(c->rootflags, c->buf, sizeof(c->buf)) &&
		 inside(c->init, c->buf, sizeof(c->buf)) &&
		 inside(c->emergency_bad, c->buf, sizeof(c->buf));

	for (int i = 0; i < c->nfstypes; i++)
		ok = ok && inside(c->fstypes[i], c->buf, sizeof(c->buf));
	for (int i = 0; i < c->ninit_args; i++)
		ok = ok && inside(c->init_args[i], c->buf, sizeof(c->buf));
	for (int i = 0; i < c->nmodparams; i++)
		ok = ok && c->modparams[i].module && c->modparams[i].param &&
		     inside(c->modparams[i].module, c->buf, sizeof(c->buf)) &&
		     inside(c->modparams[i].param, c->buf, sizeof(c->buf)) &&
		     inside(c->modparams[i].value, c->buf, sizeof(c->buf));
	for (int i = 0; i < c->nmod_blacklist; i++)
		ok = ok && inside(c->mod_blacklist[i], c->buf, sizeof(c->buf));
	for (int i = 0; i < c->nrd_modules; i++)
		ok = ok && inside(c->rd_modules[i], c->buf, sizeof(c->buf));
	return ok;
}

static const char *kind_name(enum root_kind k)
{
	static const char *const names[] = {
		"NONE", "INVALID", "DEVNAME", "DEVT", "UUID", "LABEL", "PARTUUID", "PARTLABEL",
		"BYID", "BYPATH", "TAG", "NFS", "LIVE",
	};

	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "BADKIND";
}

static void dump_root(struct out *o, const struct bootcfg *c)
{
	if (c->root.kind != ROOT_NONE) {
		put(o, " root=%s", kind_name(c->root.kind));
		if (c->root.value)
			put(o, "[%s]", c->root.value);
		if (c->root.kind == ROOT_DEVT)
			put(o, "(%u:%u)", major(c->root.devt), minor(c->root.devt));
		if (c->root.partnroff)
			put(o, " nroff=%d", c->root.partnroff);
	}
	if (c->root_arg)
		put(o, " arg[%s]", c->root_arg);
	if (c->root_err)
		put(o, " err");
}

static void dump_lists(struct out *o, const struct bootcfg *c)
{
	if (c->nfstypes) {
		put(o, " fstypes[");
		for (int i = 0; i < c->nfstypes; i++)
			put(o, "%s%s", i ? "," : "", c->fstypes[i]);
		put(o, "]");
	}
	if (c->ninit_args) {
		put(o, " args");
		for (int i = 0; i < c->ninit_args; i++)
			put(o, "[%s]", c->init_args[i]);
	}
	for (int i = 0; i < c->nmodparams; i++)
		put(o, " mp[%s|%s|%s]", c->modparams[i].module, c->modparams[i].param,
		    c->modparams[i].value ? c->modparams[i].value : "-");
	if (c->nmod_blacklist) {
		put(o, " bl[");
		for (int i = 0; i < c->nmod_blacklist; i++)
			put(o, "%s%s", i ? "," : "", c->mod_blacklist[i]);
		put(o, "]");
	}
	if (c->nrd_modules) {
		put(o, " rdmod[");
		for (int i = 0; i < c->nrd_modules; i++)
			put(o, "%s%s", i ? "," : "", c->rd_modules[i]);
		put(o, "]");
	}
}

static void dump_rest(struct out *o, const struct bootcfg *c)
{
	if (c->rootflags)
		put(o, " flags[%s]", c->rootflags);
	if (c->readonly == 0)
		put(o, " rw");
	else if (c->readonly != 1)
		put(o, " readonly=%d", c->readonly);
	if (c->rootwait == WAIT_FOREVER)
		put(o, " wait=forever");
	else if (c->rootwait != WAIT_DEFAULT)
		put(o, " wait=%d", c->rootwait);
	if (c->rootdelay)
		put(o, " delay=%d", c->rootdelay);
	if (c->init)
		put(o, " init[%s]", c->init);
	if (c->panic_set)
		put(o, " panic=%d", c->panic);
	else if (c->panic)
		put(o, " panic_unset=%d", c->panic);
	if (c->quiet)
		put(o, " quiet");
	if (c->debug)
		put(o, " debug");
	if (c->emergency)
		put(o, " emergency=%s", emergency_name(c->emergency));
	if (c->emergency_bad)
		put(o, " emergency_bad[%s]", c->emergency_bad);
	if (c->rd_timeout)
		put(o, " rd.timeout=%d", c->rd_timeout);
	if (c->dry_run)
		put(o, " dryrun");
}

/* The fields that differ from the defaults, space separated; "" for none. */
static const char *dump(const struct bootcfg *c)
{
	static struct out o;

	o.n = 0;
	o.s[0] = '\0';
	dump_root(&o, c);
	dump_lists(&o, c);
	dump_rest(&o, c);
	if (!pointers_inside(c))
		put(&o, " OUTSIDE");
	return o.s[0] == ' ' ? o.s + 1 : o.s;
}

/* Garbage first, so defaults the parser forgets to set show up. */
static int parse(const char *line)
{
	memset(&cfg, 0xAA, sizeof(cfg));
	return bootcfg_parse(&cfg, line);
}

/* -- bootcfg_parse ---------------------------------------------------------- */

struct pcase {
	const char *name;
	const char *line;
	const char *want;	/* dump() of the result */
	const char *why;	/* substring of root_err, NULL: no root_err */
	int rc;
};

static const struct pcase pcases[] = {
	/* basics and defaults */
	{ "empty", "", "", NULL, 0 },
	{ "blank-and-newline", " \t \n", "", NULL, 0 },
	{ "unknown-words", "console=ttyS0 foo bar=baz BOOT_IMAGE=/vmlinuz", "", NULL, 0 },
	{ "typical", "BOOT_IMAGE=/vmlinuz root=/dev/sda2 rootfstype=ext4 rw rootwait quiet init=/bin/sh\n",
	  "root=DEVNAME[sda2] arg[/dev/sda2] fstypes[ext4] rw wait=forever init[/bin/sh] quiet", NULL, 0 },
	{ "tabs-and-runs", "\t root=/dev/vda\t\t rw  ", "root=DEVNAME[vda] arg[/dev/vda] rw", NULL, 0 },
	{ "nbsp-separates", "rw\xa0quiet", "rw quiet", NULL, 0 },
	{ "bare-root-ignored", "root", "", NULL, 0 },
	/* /dev/ forms */
	{ "devname", "root=/dev/vda1", "root=DEVNAME[vda1] arg[/dev/vda1]", NULL, 0 },
	{ "devname-slash-bang", "root=/dev/cciss/c0d0p1",
	  "root=DEVNAME[cciss!c0d0p1] arg[/dev/cciss/c0d0p1]", NULL, 0 },
	{ "devname-empty", "root=/dev/", "root=INVALID arg[/dev/] err", "device name", 0 },
	{ "devname-dotdot", "root=/dev/..", "root=INVALID arg[/dev/..] err", "device name", 0 },
	{ "devname-nfs", "root=/dev/nfs", "root=NFS arg[/dev/nfs]", NULL, 0 },
	{ "devname-cifs", "root=/dev/cifs", "root=INVALID arg[/dev/cifs] err", "CIFS", 0 },
	{ "dracut-nfs", "root=nfs:10.0.2.2:/srv/root:vers=4", "root=NFS[10.0.2.2:/srv/root:vers=4] arg[nfs:10.0.2.2:/srv/root:vers=4]", NULL, 0 },
	{ "by-uuid", "root=/dev/disk/by-uuid/0A1B-2C3D",
	  "root=UUID[0a1b-2c3d] arg[/dev/disk/by-uuid/0A1B-2C3D]", NULL, 0 },
	{ "by-uuid-bad", "root=/dev/disk/by-uuid/not-a-uuid",
	  "root=INVALID arg[/dev/disk/by-uuid/not-a-uuid] err", "hex", 0 },
	{ "by-uuid-empty", "root=/dev/disk/by-uuid/", "root=INVALID arg[/dev/disk/by-uuid/] err",
	  "one name", 0 },
	{ "by-uuid-subdir", "root=/dev/disk/by-uuid/a/b", "root=INVALID arg[/dev/disk/by-uuid/a/b] err",
	  "one name", 0 },
	{ "by-label-escape", "root=/dev/disk/by-label/my\\x20disk",
	  "root=LABEL[my disk] arg[/dev/disk/by-label/my\\x20disk]", NULL, 0 },
	{ "by-label-odd-backslash", "root=/dev/disk/by-label/a\\b\\x2",
	  "root=LABEL[a\\b\\x2] arg[/dev/disk/by-label/a\\b\\x2]", NULL, 0 },
	{ "by-label-nul", "root=/dev/disk/by-label/a\\x00b",
	  "root=INVALID arg[/dev/disk/by-label/a\\x00b] err", "escaped NUL", 0 },
	{ "by-partuuid", "root=/dev/disk/by-partuuid/ABCD1234-01",
	  "root=PARTUUID[abcd1234-01] arg[/dev/disk/by-partuuid/ABCD1234-01]", NULL, 0 },
	{ "by-partlabel", "root=/dev/disk/by-partlabel/Linux\\x2froot",
	  "root=PARTLABEL[Linux/root] arg[/dev/disk/by-partlabel/Linux\\x2froot]", NULL, 0 },
	{ "by-id", "root=/dev/disk/by-id/ata-X_123-part1",
	  "root=BYID[ata-X_123-part1] arg[/dev/disk/by-id/ata-X_123-part1]", NULL, 0 },
	{ "by-id-virtio", "root=/dev/disk/by-id/virtio-BATON-SER1-part1",
	  "root=BYID[virtio-BATON-SER1-part1] arg[/dev/disk/by-id/virtio-BATON-SER1-part1]", NULL, 0 },
	{ "by-id-nvme-case-kept", "root=/dev/disk/by-id/nvme-QEMU_NVMe_Ctrl_ABC_1",
	  "root=BYID[nvme-QEMU_NVMe_Ctrl_ABC_1] arg[/dev/disk/by-id/nvme-QEMU_NVMe_Ctrl_ABC_1]", NULL, 0 },
	{ "by-id-escape-not-decoded", "root=/dev/disk/by-id/scsi-0QEMU_\\x20x",
	  "root=BYID[scsi-0QEMU_\\x20x] arg[/dev/disk/by-id/scsi-0QEMU_\\x20x]", NULL, 0 },
	{ "by-id-wwn", "root=/dev/disk/by-id/wwn-0x5000c50015ea71ac-part2",
	  "root=BYID[wwn-0x5000c50015ea71ac-part2] arg[/dev/disk/by-id/wwn-0x5000c50015ea71ac-part2]",
	  NULL, 0 },
	{ "by-id-usb-not-derived", "root=/dev/disk/by-id/usb-Kingston_DT_123-0:0-part1",
	  "root=INVALID arg[/dev/disk/by-id/usb-Kingston_DT_123-0:0-part1] err", "virtio-, nvme-", 0 },
	{ "by-id-subdir", "root=/dev/disk/by-id/virtio-a/b",
	  "root=INVALID arg[/dev/disk/by-id/virtio-a/b] err", "one name", 0 },
	{ "by-id-empty", "root=/dev/disk/by-id/", "root=INVALID arg[/dev/disk/by-id/] err",
	  "one name", 0 },
	{ "by-path", "root=/dev/disk/by-path/pci-0000:00:1f.2-ata-1",
	  "root=BYPATH[pci-0000:00:1f.2-ata-1] arg[/dev/disk/by-path/pci-0000:00:1f.2-ata-1]", NULL, 0 },
	{ "by-path-nvme-part", "root=/dev/disk/by-path/pci-0000:00:07.0-nvme-1-part2",
	  "root=BYPATH[pci-0000:00:07.0-nvme-1-part2] arg[/dev/disk/by-path/pci-0000:00:07.0-nvme-1-part2]",
	  NULL, 0 },
	{ "by-path-any-prefix", "root=/dev/disk/by-path/platform-fe340000.mmc-part1",
	  "root=BYPATH[platform-fe340000.mmc-part1] arg[/dev/disk/by-path/platform-fe340000.mmc-part1]",
	  NULL, 0 },
	{ "by-diskseq-refused", "root=/dev/disk/by-diskseq/3",
	  "root=INVALID arg[/dev/disk/by-diskseq/3] err", "by-id and by-path only", 0 },
	{ "by-unknown-dir-refused", "root=/dev/disk/by-foo/x",
	  "root=INVALID arg[/dev/disk/by-foo/x] err", "use one of those", 0 },
	/* tag forms */
	{ "uuid", "root=UUID=3F2A1B4C-0D5E-4F60-8A7B-9C0D1E2F3A4B",
	  "root=UUID[3f2a1b4c-0d5e-4f60-8a7b-9c0d1e2f3a4b] arg[UUID=3F2A1B4C-0D5E-4F60-8A7B-9C0D1E2F3A4B]",
	  NULL, 0 },
	{ "uuid-empty", "root=UUID=", "root=INVALID arg[UUID=] err", "hex", 0 },
	{ "uuid-not-hex", "root=UUID=xyz", "root=INVALID arg[UUID=xyz] err", "hex", 0 },
	{ "uuid-key-case", "root=uuid=abcd", "root=INVALID arg[uuid=abcd] err", "not a /dev path", 0 },
	{ "label", "root=LABEL=Root_FS", "root=LABEL[Root_FS] arg[LABEL=Root_FS]", NULL, 0 },
	{ "label-empty", "root=LABEL=", "root=INVALID arg[LABEL=] err", "LABEL", 0 },
	{ "partuuid", "root=PARTUUID=0002DD75-01", "root=PARTUUID[0002dd75-01] arg[PARTUUID=0002DD75-01]",
	  NULL, 0 },
	{ "partuuid-nroff", "root=PARTUUID=0002dd75-01/PARTNROFF=1",
	  "root=PARTUUID[0002dd75-01] nroff=1 arg[PARTUUID=0002dd75-01/PARTNROFF=1]", NULL, 0 },
	{ "partuuid-nroff-neg", "root=PARTUUID=0002dd75-02/PARTNROFF=-1",
	  "root=PARTUUID[0002dd75-02] nroff=-1 arg[PARTUUID=0002dd75-02/PARTNROFF=-1]", NULL, 0 },
	{ "partuuid-nroff-int-max", "root=PARTUUID=ab/PARTNROFF=2147483647",
	  "root=PARTUUID[ab] nroff=2147483647 arg[PARTUUID=ab/PARTNROFF=2147483647]", NULL, 0 },
	{ "partuuid-nroff-int-min", "root=PARTUUID=ab/PARTNROFF=-2147483647",
	  "root=PARTUUID[ab] nroff=-2147483647 arg[PARTUUID=ab/PARTNROFF=-2147483647]", NULL, 0 },
	{ "partuuid-nroff-over-int", "root=PARTUUID=ab/PARTNROFF=2147483648",
	  "root=INVALID arg[PARTUUID=ab/PARTNROFF=2147483648] err", "PARTNROFF", 0 },
	/* ILP32 wrapped this to 705032704 and took it. */
	{ "partuuid-nroff-over-32-bits", "root=PARTUUID=ab/PARTNROFF=5000000000",
	  "root=INVALID arg[PARTUUID=ab/PARTNROFF=5000000000] err", "PARTNROFF", 0 },
	{ "partuuid-nroff-empty", "root=PARTUUID=ab/PARTNROFF=",
	  "root=INVALID arg[PARTUUID=ab/PARTNROFF=] err", "PARTNROFF", 0 },
	{ "partuuid-nroff-junk", "root=PARTUUID=ab/PARTNROFF=1x",
	  "root=INVALID arg[PARTUUID=ab/PARTNROFF=1x] err", "PARTNROFF", 0 },
	{ "partuuid-other-suffix", "root=PARTUUID=ab/FOO=1", "root=INVALID arg[PARTUUID=ab/FOO=1] err",
	  "PARTNROFF", 0 },
	{ "partuuid-empty", "root=PARTUUID=/PARTNROFF=1", "root=INVALID arg[PARTUUID=/PARTNROFF=1] err",
	  "hex", 0 },
	{ "partlabel", "root=PARTLABEL=rootfs", "root=PARTLABEL[rootfs] arg[PARTLABEL=rootfs]", NULL, 0 },
	{ "partlabel-empty", "root=PARTLABEL=", "root=INVALID arg[PARTLABEL=] err", "PARTLABEL", 0 },
	/* device numbers */
	{ "majmin", "root=8:1", "root=DEVT(8:1) arg[8:1]", NULL, 0 },
	{ "majmin-big-minor", "root=259:65536", "root=DEVT(259:65536) arg[259:65536]", NULL, 0 },
	{ "majmin-limits", "root=4095:1048575", "root=DEVT(4095:1048575) arg[4095:1048575]", NULL, 0 },
	{ "majmin-major-range", "root=4096:0", "root=INVALID arg[4096:0] err", "major", 0 },
	{ "majmin-minor-range", "root=8:1048576", "root=INVALID arg[8:1048576] err", "minor", 0 },
	{ "majmin-offset", "root=8:0:1", "root=INVALID arg[8:0:1] err", "maj:min:off", 0 },
	{ "majmin-no-minor", "root=8:", "root=INVALID arg[8:] err", "minor", 0 },
	{ "majmin-no-major", "root=:1", "root=INVALID arg[:1] err", "major", 0 },
	{ "majmin-junk", "root=8:1x", "root=INVALID arg[8:1x] err", "junk", 0 },
	{ "majmin-letters", "root=zz:1", "root=INVALID arg[zz:1] err", "major", 0 },
	{ "majmin-zero", "root=0:0", "root=INVALID arg[0:0] err", "0:0", 0 },
	{ "hex-801", "root=801", "root=DEVT(8:1) arg[801]", NULL, 0 },
	{ "hex-fe01", "root=fe01", "root=DEVT(254:1) arg[fe01]", NULL, 0 },
	{ "hex-FE01", "root=FE01", "root=DEVT(254:1) arg[FE01]", NULL, 0 },
	{ "hex-10300", "root=10300", "root=DEVT(259:0) arg[10300]", NULL, 0 },
	{ "hex-110300", "root=110300", "root=DEVT(259:256) arg[110300]", NULL, 0 },
	{ "hex-0x-prefix", "root=0x801", "root=DEVT(8:1) arg[0x801]", NULL, 0 },
	{ "hex-0X-prefix", "root=0Xb302", "root=DEVT(179:2) arg[0Xb302]", NULL, 0 },
	{ "hex-max", "root=ffffffff", "root=DEVT(4095:1048575) arg[ffffffff]", NULL, 0 },
	{ "hex-33-bits", "root=100000000", "root=INVALID arg[100000000] err", "32 bits", 0 },
	/* ILP32 wrapped this to 0xffffffff and took it (build/ilp32-tests). */
	{ "hex-33-bits-all-ones", "root=1ffffffff", "root=INVALID arg[1ffffffff] err", "32 bits", 0 },
	{ "hex-huge", "root=12345678901234567890", "root=INVALID arg[12345678901234567890] err",
	  "32 bits", 0 },
	{ "hex-zero", "root=0", "root=INVALID arg[0] err", "0:0", 0 },
	{ "hex-bare-0x", "root=0x", "root=INVALID arg[0x] err", "not a /dev path", 0 },
	{ "hex-junk", "root=801g", "root=INVALID arg[801g] err", "not a /dev path", 0 },
	{ "root-empty", "root=", "root=INVALID arg[] err", "empty", 0 },
	{ "root-garbage", "root=mtd0", "root=INVALID arg[mtd0] err", "not a /dev path", 0 },
	/* quoting, as the kernel's next_arg() */
	{ "quote-whole-word", "\"root=LABEL=my disk\" rw", "root=LABEL[my disk] arg[LABEL=my disk] rw",
	  NULL, 0 },
	{ "quote-value", "root=\"LABEL=my disk\" rw", "root=LABEL[my disk] arg[LABEL=my disk] rw",
	  NULL, 0 },
	{ "quote-middle-kept", "root=LABEL=\"my disk\"",
	  "root=LABEL[\"my disk\"] arg[LABEL=\"my disk\"]", NULL, 0 },
	{ "quote-unterminated", "root=\"LABEL=my disk rw",
	  "root=LABEL[my disk rw] arg[LABEL=my disk rw]", NULL, 0 },
	{ "quote-unterminated-newline", "root=\"LABEL=a b\n", "root=LABEL[a b] arg[LABEL=a b]",
	  NULL, 0 },
	{ "quote-empty-value", "root=\"\" rw", "root=INVALID arg[] err rw", "empty", 0 },
	{ "quote-lone-swallows", "\" rw quiet", "", NULL, 0 },
	{ "quote-key-no-value", "\"rw\" quiet", "rw quiet", NULL, 0 },
	{ "equals-first-ignored", "=root=/dev/vda rw", "rw", NULL, 0 },
	/* last one wins */
	{ "root-last-wins", "root=/dev/sda1 root=UUID=AB", "root=UUID[ab] arg[UUID=AB]", NULL, 0 },
	{ "root-valid-clears-err", "root=zz root=/dev/vda", "root=DEVNAME[vda] arg[/dev/vda]", NULL, 0 },
	{ "root-invalid-last", "root=/dev/vda root=zz", "root=INVALID arg[zz] err", "not a /dev path", 0 },
	{ "ro-rw-last-wins", "ro rw", "rw", NULL, 0 },
	{ "rw-ro-last-wins", "rw ro", "", NULL, 0 },
	{ "rw-with-value-ignored", "rw=1", "", NULL, 0 },
	/* rootfstype, rootflags */
	{ "fstype-list-empties", "rootfstype=,ext4,,xfs,", "fstypes[ext4,xfs]", NULL, 0 },
	{ "fstype-last-wins", "rootfstype=ext4,btrfs rootfstype=xfs", "fstypes[xfs]", NULL, 0 },
	{ "fstype-empty-resets", "rootfstype=ext4 rootfstype=", "", NULL, 0 },
	{ "fstype-max", "rootfstype=a,b,c,d,e,f,g,h,i,j", "fstypes[a,b,c,d,e,f,g,h]", NULL, 0 },
	{ "rootflags", "rootflags=data=journal,noatime", "flags[data=journal,noatime]", NULL, 0 },
	{ "rootflags-empty", "rootflags=", "flags[]", NULL, 0 },
	/* failure policy: rd.* words, never module parameters */
	{ "emergency-shell", "rd.emergency=shell", "emergency=shell", NULL, 0 },
	{ "emergency-reboot", "rd.emergency=reboot", "emergency=reboot", NULL, 0 },
	{ "emergency-poweroff", "rd.emergency=poweroff", "emergency=poweroff", NULL, 0 },
	{ "emergency-halt", "rd.emergency=halt", "emergency=halt", NULL, 0 },
	{ "emergency-wait", "rd.emergency=wait", "emergency=wait", NULL, 0 },
	{ "emergency-last-wins", "rd.emergency=shell rd.emergency=halt", "emergency=halt", NULL, 0 },
	{ "emergency-bad-kept-aside", "rd.emergency=halt rd.emergency=Reboot",
	  "emergency=halt emergency_bad[Reboot]", NULL, 0 },
	{ "emergency-empty-bad", "rd.emergency=", "emergency_bad[]", NULL, 0 },
	{ "emergency-bare-ignored", "rd.emergency", "", NULL, 0 },
	{ "emergency-default-is-no-name", "rd.emergency=default", "emergency_bad[default]", NULL, 0 },
	{ "rd-timeout", "rd.timeout=7", "rd.timeout=7", NULL, 0 },
	{ "rd-dryrun", "rd.dryrun", "dryrun", NULL, 0 },
	{ "rd-dryrun-with-value-ignored", "rd.dryrun=1", "", NULL, 0 },
	{ "rd-timeout-bad-keeps-earlier", "rd.timeout=7 rd.timeout=x", "rd.timeout=7", NULL, 0 },
	{ "rd-timeout-negative-ignored", "rd.timeout=-3", "", NULL, 0 },
	{ "rd-timeout-zero-is-none", "rd.timeout=7 rd.timeout=0", "", NULL, 0 },
	/* waiting */
	{ "rootwait", "rootwait", "wait=forever", NULL, 0 },
	{ "rootwait-0", "rootwait=0", "wait=0", NULL, 0 },
	{ "rootwait-n", "rootwait=30", "wait=30", NULL, 0 },
	{ "rootwait-hex", "rootwait=0x10", "wait=16", NULL, 0 },
	{ "rootwait-abc-ignored", "rootwait=abc", "", NULL, 0 },
	{ "rootwait-abc-keeps-earlier", "rootwait=5 rootwait=abc", "wait=5", NULL, 0 },
	{ "rootwait-negative-ignored", "rootwait=-1", "", NULL, 0 },
	{ "rootwait-empty-ignored", "rootwait=", "", NULL, 0 },
	{ "rootwait-max", "rootwait=2147483", "wait=2147483", NULL, 0 },
	{ "rootwait-ms-overflow", "rootwait=2147484", "", NULL, 0 },
	{ "rootwait-then-n", "rootwait rootwait=7", "wait=7", NULL, 0 },
	{ "rootwait-n-then-bare", "rootwait=7 rootwait", "wait=forever", NULL, 0 },
	{ "rootdelay", "rootdelay=5", "delay=5", NULL, 0 },
	{ "rootdelay-bad", "rootdelay=5s rootdelay=-1", "", NULL, 0 },
	/* init, panic, flags */
	{ "init", "init=/sbin/myinit", "init[/sbin/myinit]", NULL, 0 },
	{ "init-empty", "init=", "init[]", NULL, 0 },
	{ "panic", "panic=10", "panic=10", NULL, 0 },
	{ "panic-negative", "panic=-1", "panic=-1", NULL, 0 },
	{ "panic-zero", "panic=0", "panic=0", NULL, 0 },
	{ "panic-bad", "panic=soon panic", "", NULL, 0 },
	{ "quiet-debug", "quiet debug", "quiet debug", NULL, 0 },
	{ "quiet-with-value", "quiet=1 debug=0", "quiet debug", NULL, 0 },
	{ "quiet-case", "Quiet DEBUG", "", NULL, 0 },
	/* "--" and init's arguments */
	{ "dashes-args", "root=/dev/vda -- single foo=bar",
	  "root=DEVNAME[vda] arg[/dev/vda] args[single][foo=bar]", NULL, 0 },
	{ "dashes-stop-parsing", "rw -- root=/dev/vda ro", "args[root=/dev/vda][ro] rw", NULL, 0 },
	{ "dashes-quotes", "-- a=\"b c\" \"x y\" \"k=v w\"", "args[a=b c][x y][k=v w]", NULL, 0 },
	{ "dashes-at-end", "quiet --", "quiet", NULL, 0 },
	{ "dashes-with-value", "--=x rw", "rw", NULL, 0 },
	{ "dashes-quoted", "\"--\" rw", "args[rw]", NULL, 0 },
	{ "dashes-twice", "-- -- a", "args[--][a]", NULL, 0 },
	/* module parameters, blacklists, rd.modules */
	{ "modparam", "virtio_blk.queue_depth=77", "mp[virtio_blk|queue_depth|77]", NULL, 0 },
	{ "modparam-dash-module", "virtio-blk.queue_depth=77 crc-t10dif.x=1",
	  "mp[virtio_blk|queue_depth|77] mp[crc_t10dif|x|1]", NULL, 0 },
	{ "modparam-param-as-typed", "usb-storage.quirks=0bda:0109:u mod.some-param=1",
	  "mp[usb_storage|quirks|0bda:0109:u] mp[mod|some-param|1]", NULL, 0 },
	{ "modparam-bare", "libata.noacpi", "mp[libata|noacpi|-]", NULL, 0 },
	{ "modparam-empty-value", "mod.p=", "mp[mod|p|]", NULL, 0 },
	{ "modparam-quoted", "mod.p=\"a b\" rw", "mp[mod|p|a b] rw", NULL, 0 },
	{ "modparam-first-dot", "a.b.c=1", "mp[a|b.c|1]", NULL, 0 },
	{ "modparam-order-kept", "m.p=1 x.y=2 m.p=3", "mp[m|p|1] mp[x|y|2] mp[m|p|3]", NULL, 0 },
	{ "modparam-no-module-or-param", ".x=1 y.=2 z. .", "", NULL, 0 },
	{ "modparam-rd-modprobe-ignored", "rd.shell rd.break=pre modprobe.foo=1 rd.modules",
	  "", NULL, 0 },
	{ "modparam-with-root", "root=/dev/vda1 ext4.x=y rw",
	  "root=DEVNAME[vda1] arg[/dev/vda1] mp[ext4|x|y] rw", NULL, 0 },
	{ "modparam-after-dashes", "-- virtio_blk.queue_depth=1", "args[virtio_blk.queue_depth=1]",
	  NULL, 0 },
	{ "blacklist", "modprobe.blacklist=virtio-scsi,,ata_piix", "bl[virtio_scsi,ata_piix]", NULL, 0 },
	{ "blacklist-both-accumulate", "module_blacklist=a modprobe.blacklist=b-c module_blacklist=d",
	  "bl[a,b_c,d]", NULL, 0 },
	{ "blacklist-empty", "modprobe.blacklist= module_blacklist=,", "", NULL, 0 },
	{ "blacklist-bare-ignored", "modprobe.blacklist module_blacklist", "", NULL, 0 },
	{ "rd-modules", "rd.modules=overlay,dm-crypt rd.modules=squashfs",
	  "rdmod[overlay,dm_crypt,squashfs]", NULL, 0 },
	{ "rd-modules-quoted", "\"rd.modules=a,b\"", "rdmod[a,b]", NULL, 0 },
	{ "modules-mixed", "quiet virtio-blk.queue_depth=8 modprobe.blacklist=floppy rd.modules=ext4 debug",
	  "mp[virtio_blk|queue_depth|8] bl[floppy] rdmod[ext4] quiet debug", NULL, 0 },
	/* virtio filesystem tags: root= is a tag once rootfstype= says so */
	{ "tag-virtiofs", "rootfstype=virtiofs root=myfs rw",
	  "root=TAG[myfs] arg[myfs] fstypes[virtiofs] rw", NULL, 0 },
	{ "tag-9p-after-root", "root=/dev/root rootfstype=9p",
	  "root=TAG[/dev/root] arg[/dev/root] fstypes[9p]", NULL, 0 },
	{ "tag-looks-like-hex", "root=abc rootfstype=9p,virtiofs",
	  "root=TAG[abc] arg[abc] fstypes[9p,virtiofs]", NULL, 0 },
	{ "tag-empty", "rootfstype=virtiofs root=", "root=INVALID arg[] err fstypes[virtiofs]",
	  "tag", 0 },
	{ "tag-only-first-type", "rootfstype=ext4,9p root=abc",
	  "root=DEVT(10:188) arg[abc] fstypes[ext4,9p]", NULL, 0 },
	{ "tag-no-root", "rootfstype=9p", "fstypes[9p]", NULL, 0 },
	{ "tag-uuid-text-kept", "root=UUID=ABC rootfstype=virtiofs",
	  "root=TAG[UUID=ABC] arg[UUID=ABC] fstypes[virtiofs]", NULL, 0 },
};

static void run_pcases(void)
{
	char name[96];

	for (size_t i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++) {
		const struct pcase *t = &pcases[i];
		int rc = parse(t->line);
		const char *got = dump(&cfg);
		int why_ok = t->why ? cfg.root_err && strstr(cfg.root_err, t->why)
				    : cfg.root_err == NULL;

		snprintf(name, sizeof(name), "cmdline/%s", t->name);
		CHECK(name, rc == t->rc && strcmp(got, t->want) == 0 && why_ok,
		      "line \"%s\": rc %d (want %d), got \"%s\", want \"%s\"; root_err \"%s\" (want ~\"%s\")",
		      t->line, rc, t->rc, got, t->want, cfg.root_err ? cfg.root_err : "(null)",
		      t->why ? t->why : "(null)");
	}
}

/* -- lines built in code ---------------------------------------------------- */

static char big[3 * CMDLINE_MAX];

/* A line of exactly len bytes: head, then "x" padding, then tail. */
static const char *make_line(size_t len, const char *head, const char *tail)
{
	size_t h = strlen(head), t = strlen(tail);

	memset(big, 0, sizeof(big));
	memcpy(big, head, h);
	memset(big + h, ' ', len - h - t);
	memcpy(big + len - t, tail, t);
	return big;
}

static void run_lengths(void)
{
	int rc;

	rc = parse(make_line(CMDLINE_MAX - 1, "rw", "root=/dev/vdb"));
	CHECK("cmdline/len-fits", rc == 0 && strcmp(dump(&cfg), "root=DEVNAME[vdb] arg[/dev/vdb] rw") == 0,
	      "rc %d, got \"%s\"", rc, dump(&cfg));

	/* /proc/cmdline's newline does not count against the limit. */
	make_line(CMDLINE_MAX, "rw", "root=/dev/vdb\n");
	rc = parse(big);
	CHECK("cmdline/len-fits-with-newline",
	      rc == 0 && strcmp(dump(&cfg), "root=DEVNAME[vdb] arg[/dev/vdb] rw") == 0,
	      "rc %d, got \"%s\"", rc, dump(&cfg));

	/* One byte over: the last word is cut, as the kernel would cut it. */
	rc = parse(make_line(CMDLINE_MAX, "rw", "root=/dev/vdb"));
	CHECK("cmdline/len-over-cuts-last-word",
	      rc == -E2BIG && strcmp(dump(&cfg), "root=DEVNAME[vd] arg[/dev/vd] rw") == 0,
	      "rc %d, got \"%s\"", rc, dump(&cfg));

	rc = parse(make_line(sizeof(big) - 1, "root=LABEL=r quiet", "rootwait"));
	CHECK("cmdline/len-far-over",
	      rc == -E2BIG && strcmp(dump(&cfg), "root=LABEL[r] arg[LABEL=r] quiet") == 0 &&
	      strlen(cfg.buf) < CMDLINE_MAX,
	      "rc %d, got \"%s\"", rc, dump(&cfg));
}

static void run_many_init_args(void)
{
	char line[512] = "--";
	int ok;

	for (int i = 0; i < MAX_INIT_ARGS + 8; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " a%d", i);
	parse(line);
	ok = cfg.ninit_args == MAX_INIT_ARGS && strcmp(cfg.init_args[0], "a0") == 0 &&
	     strcmp(cfg.init_args[MAX_INIT_ARGS - 1], "a31") == 0;
	CHECK("cmdline/init-args-max", ok, "ninit_args %d, got \"%s\"", cfg.ninit_args, dump(&cfg));
}

static void run_many_modules(void)
{
	char line[2048] = "";
	int ok;

	for (int i = 0; i < MAX_MODPARAMS + 4; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " m%d.p=%d", i, i);
	strcat(line, " rd.modules=");
	for (int i = 0; i < MAX_MODNAMES + 4; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), "%sr%d", i ? "," : "", i);
	parse(line);
	ok = cfg.nmodparams == MAX_MODPARAMS && strcmp(cfg.modparams[0].module, "m0") == 0 &&
	     strcmp(cfg.modparams[MAX_MODPARAMS - 1].value, "63") == 0 &&
	     cfg.nrd_modules == MAX_MODNAMES && strcmp(cfg.rd_modules[MAX_MODNAMES - 1], "r31") == 0;
	CHECK("cmdline/modules-max", ok, "nmodparams %d nrd_modules %d, got \"%s\"", cfg.nmodparams,
	      cfg.nrd_modules, dump(&cfg));
}

static void run_null_line(void)
{
	int rc = parse(NULL);

	CHECK("cmdline/null-line", rc == 0 && strcmp(dump(&cfg), "") == 0, "rc %d, got \"%s\"", rc,
	      dump(&cfg));
}

/* -- rootspec_parse alone --------------------------------------------------- */

static void run_rootspec(void)
{
	struct root_spec spec;
	const char *why = "stale";
	char v1[] = "UUID=AB-CD", v2[] = "nonsense", v3[] = "";
	int rc;

	memset(&spec, 0xAA, sizeof(spec));
	rc = rootspec_parse(&spec, v1, &why);
	CHECK("rootspec/ok-clears-why", rc == 0 && why == NULL && spec.kind == ROOT_UUID &&
	      spec.value == v1 + 5 && strcmp(v1 + 5, "ab-cd") == 0 && spec.partnroff == 0,
	      "rc %d kind %d why %s value %s", rc, spec.kind, why ? why : "(null)", v1 + 5);

	memset(&spec, 0xAA, sizeof(spec));
	rc = rootspec_parse(&spec, v2, &why);
	CHECK("rootspec/fail-sets-invalid", rc == -EINVAL && why && spec.kind == ROOT_INVALID &&
	      spec.value == NULL, "rc %d kind %d", rc, spec.kind);

	rc = rootspec_parse(&spec, v3, NULL);
	CHECK("rootspec/why-may-be-null", rc == -EINVAL && spec.kind == ROOT_INVALID, "rc %d", rc);
}

/* -- decode_hex_devt -------------------------------------------------------- */

static const struct {
	unsigned long long v;	/* a long has 32 bits on ILP32: the cut is
				 * the caller's there, the result the same */
	unsigned int maj, min;
} hexcases[] = {
	{ 0x801, 8, 1 },
	{ 0xfe01, 254, 1 },
	{ 0x10300, 259, 0 },		/* (0x10300 & 0xfff00) >> 8 = 0x103 */
	{ 0x110300, 259, 256 },		/* minor's high bits sit above bit 19 */
	{ 0xb302, 179, 2 },
	{ 0xffffffffUL, 4095, 1048575 },
	{ 0x1ffffffffULL, 4095, 1048575 }, /* bits above 31 do not count */
};

static void run_hex(void)
{
	char name[64];

	for (size_t i = 0; i < sizeof(hexcases) / sizeof(hexcases[0]); i++) {
		dev_t d = decode_hex_devt((unsigned long)hexcases[i].v);

		snprintf(name, sizeof(name), "decode_hex_devt/%llx", hexcases[i].v);
		/* major() is int in klibc, unsigned elsewhere. */
		unsigned maj = (unsigned)major(d), min = (unsigned)minor(d);

		CHECK(name, maj == hexcases[i].maj && min == hexcases[i].min,
		      "got %u:%u, want %u:%u", maj, min, hexcases[i].maj, hexcases[i].min);
	}
}

/* -- root_wait_seconds -------------------------------------------------------- */

static void run_wait_seconds(void)
{
	static const struct { const char *line; int want; } cases[] = {
		{ "", ROOTWAIT_DEFAULT_S },
		{ "rootwait", -1 },
		{ "rootwait=5", 5 },
		{ "rootwait=0", 0 },
		{ "rd.timeout=60", 60 },		/* replaces the default */
		{ "rd.timeout=3", 3 },
		{ "rootwait rd.timeout=9", 9 },		/* bounds forever */
		{ "rootwait=5 rd.timeout=9", 5 },	/* caps, never raises */
		{ "rootwait=50 rd.timeout=9", 9 },
		{ "rd.timeout=0 rootwait", -1 },
	};
	char name[96];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse(cases[i].line);
		snprintf(name, sizeof(name), "wait-seconds/\"%s\"", cases[i].line);
		CHECK_INT(name, root_wait_seconds(&cfg), cases[i].want);
	}
}

int main(void)
{
	run_pcases();
	run_lengths();
	run_many_init_args();
	run_many_modules();
	run_null_line();
	run_rootspec();
	run_hex();
	run_wait_seconds();
	return CHECK_EXIT();
}
