/* diskid.c: the /dev/disk/by-id and by-path names of a disk, composed from
 * its sysfs attributes exactly as Debian 12's udev (systemd 252) composes
 * them: 60-persistent-storage.rules, the path_id builtin, ata_id and scsi_id
 * (whose ioctls read what the kernel already caches in sysfs). Pure: the
 * attributes are read beforehand (diskid_sysfs.c). */
#include <string.h>

#include "diskid.h"
#include "log.h"

#define NAME_MAX_LEN	256	/* longest link name composed (udev: 1024) */
#define SCSI_INQ_LEN	254	/* what scsi_id asks a VPD page for */
#define ATA_ID_OFF	60	/* IDENTIFY data inside VPD page 0x89 */

/* -- udev's character rules --------------------------------------------------- */

/* C's isspace(), which udev uses. */
static int is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* systemd's WHITESPACE set: what it strips from the ends of a value. */
static int is_strip(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_plain(char c, const char *allow)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       strchr("#+-.:=@_", c) || (allow && strchr(allow, c));
}

/* Length of the UTF-8 sequence at s if systemd's utf8_encoded_valid_unichar
 * accepts it and it is longer than one byte, else 0. */
static int utf8_len(const unsigned char *s)
{
	static const unsigned lim[] = { 0, 0x80, 0x800, 0x10000, 0x200000, 0x4000000 };
	int len = 0;
	unsigned cp;

	while (len < 7 && (s[0] << len & 0x80))
		len++;
	if (len < 2 || len > 6)
		return 0;
	cp = s[0] & (0x7fu >> len);
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, beyond U+10FFFF, surrogates, noncharacters. */
	if (cp < lim[len - 1] || cp >= 0x110000 || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
		return 0;
	return len;
}

/* udev_replace_chars: letters, digits, "#+-.:=@_", allow, "\x" and valid
 * UTF-8 stay; whitespace becomes ' ' if allow has one, all else '_'. */
static void replace_chars(char *s, const char *allow)
{
	while (*s) {
		int u;

		if (is_plain(*s, allow)) {
			s++;
		} else if (s[0] == '\\' && s[1] == 'x') {
			s += 2;
		} else if ((u = utf8_len((const unsigned char *)s)) > 0) {
			s += u;
		} else {
			*s = is_space((unsigned char)*s) && allow && strchr(allow, ' ') ? ' ' : '_';
			s++;
		}
	}
}

/* udev_replace_whitespace: at most len bytes of str into to (which may be
 * str), without leading and trailing blanks, each run of blanks as one '_'.
 * to needs len + 1 bytes. */
static size_t replace_ws(char *to, const char *str, size_t len)
{
	size_t i = 0, j = 0;
	int blank = 0;

	while (i < len && is_strip(str[i]))
		i++;
	for (; j < len && i < len && str[i]; i++) {
		if (is_space((unsigned char)str[i])) {
			blank = 1;
			continue;
		}
		if (blank) {
			if (j + 1 >= len)
				break;
			to[j++] = '_';
			blank = 0;
		}
		to[j++] = str[i];
	}
	to[j] = '\0';
	return j;
}

/* A rule's $attr{NAME}: the value without trailing blanks, characters
 * outside udev's input set replaced. */
static void attr_value(char *dst, size_t n, const char *val)
{
	size_t len = strlen(val);

	while (len > 0 && is_strip(val[len - 1]))
		len--;
	if (len >= n)
		len = n - 1;
	memcpy(dst, val, len);
	dst[len] = '\0';
	replace_chars(dst, "/ $%?,");
}

/* -- the names -------------------------------------------------------------- */

struct sink {
	char *out;
	size_t n, used;
	int count;
	const char *part;	/* partition number, NULL for the disk */
};

/* One SYMLINK+="disk/DIR/PREFIX$env{VALUE}[-part%n]": the substituted value
 * loses its blanks, then the whole name udev's disallowed characters. */
static void emit(struct sink *s, const char *dir, const char *prefix, const char *value)
{
	char name[NAME_MAX_LEN];
	size_t len = fmt(name, sizeof(name), "%s/%s", dir, prefix), base = strlen(dir) + 1;

	if (strlen(value) + len + 1 >= sizeof(name))
		return;		/* would be cut short */
	len += replace_ws(name + len, value, sizeof(name) - 1 - len);
	if (s->part)
		len += fmt(name + len, sizeof(name) - len, "-part%s", s->part);
	replace_chars(name + base, "/ ");
	/* Cut short, or a subdirectory or two names for udev. */
	if (len + 1 >= sizeof(name) || strpbrk(name + base, "/ ") ||
	    s->used + len + 2 > s->n)
		return;
	memcpy(s->out + s->used, name, len + 1);
	s->used += len + 1;
	s->out[s->used] = '\0';
	s->count++;
}

static int has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* KERNEL=="vd*": virtio-$attr{serial}. */
static void virtio_ids(struct sink *s, const struct diskid_attrs *a)
{
	char v[sizeof(a->serial)];

	if (!a->serial[0])
		return;
	attr_value(v, sizeof(v), a->serial);
	emit(s, "by-id", "virtio-", v);
}

/* KERNEL=="nvme*": nvme-$attr{wwid}; then, with string_escape=replace,
 * nvme-<model>_<serial> and nvme-<model>_<serial>_<nsid>. */
static void nvme_ids(struct sink *s, const struct diskid_attrs *a)
{
	char v[sizeof(a->wwid)], model[sizeof(a->model)], serial[sizeof(a->serial)],
	     nsid[sizeof(a->nsid)], id[sizeof(model) + sizeof(serial) + sizeof(nsid)];

	if (a->wwid[0]) {
		attr_value(v, sizeof(v), a->wwid);
		emit(s, "by-id", "nvme-", v);
	}
	attr_value(model, sizeof(model), a->model);
	attr_value(serial, sizeof(serial), a->serial);
	attr_value(nsid, sizeof(nsid), a->nsid);
	if (!model[0] || !serial[0])
		return;
	fmt(id, sizeof(id), "%s_%s", model, serial);
	replace_chars(id, NULL);
	emit(s, "by-id", "nvme-", id);
	if (!nsid[0])
		return;
	fmt(id, sizeof(id), "%s_%s_%s", model, serial, nsid);
	replace_chars(id, NULL);
	emit(s, "by-id", "nvme-", id);
}

/* ata_id: a string of IDENTIFY words (two characters each, high byte
 * first), blanks squeezed, then udev's disallowed characters replaced. */
static void ata_string(char *dst, const unsigned char *id, int word, size_t len)
{
	char raw[48];

	for (size_t k = 0; k < len; k++)
		raw[k] = (char)id[2 * word + (k ^ 1)];
	raw[len] = '\0';
	replace_ws(dst, raw, len);
	replace_chars(dst, NULL);
}

/* ATTRS{vendor}=="ATA": ata_id's ID_SERIAL (model_serial) and WWN, read
 * from the IDENTIFY data the kernel keeps in VPD page 0x89. */
static void ata_ids(struct sink *s, const struct diskid_attrs *a)
{
	const unsigned char *id = a->pg89 + ATA_ID_OFF;
	char model[48], serial[24], v[80];
	unsigned long long wwn = 0;

	if (a->pg89_len < ATA_ID_OFF + 2 * 112 || a->pg89[1] != 0x89)
		return;
	ata_string(model, id, 27, 40);
	ata_string(serial, id, 10, 20);
	if (serial[0])
		fmt(v, sizeof(v), "%s_%s", model, serial);
	else
		fmt(v, sizeof(v), "%s", model);
	if (v[0])
		emit(s, "by-id", "ata-", v);
	for (int w = 108; w < 112; w++)
		wwn = wwn << 16 | (unsigned)(id[2 * w] | id[2 * w + 1] << 8);
	if ((wwn >> 60) == 5) {
		fmt(v, sizeof(v), "0x%llx", wwn);
		emit(s, "by-id", "wwn-", v);
	}
}

/* scsi_id's search order over VPD page 0x83 designators: type, NAA
 * subtype (0 any), code set (1 binary, 2 ASCII). Target port groups come
 * first in scsi_id but never give a serial. */
static const unsigned char scsi_order[][3] = {
	{ 3, 6, 1 }, { 3, 6, 2 }, { 3, 5, 1 }, { 3, 5, 2 }, { 3, 0, 1 }, { 3, 0, 2 },
	{ 2, 0, 1 }, { 2, 0, 2 }, { 1, 0, 1 }, { 1, 0, 2 }, { 0, 0, 1 }, { 0, 0, 2 },
};

/* What scsi_id read: a serial, and the NAA name if one gave it. */
struct scsi_serial {
	char serial[260];
	char wwn[36];		/* "0x" + NAA + vendor extension, "" if none */
};

static int vendor_model_ok(const struct diskid_attrs *a)
{
	return strlen(a->vendor) == 8 && strlen(a->model) == 16;
}

/* The bytes of page p (len bytes read) as scsi_id sees them: 254 at most,
 * the rest zero. */
static unsigned page_byte(const unsigned char *p, int len, int i)
{
	return i < len && i < SCSI_INQ_LEN ? p[i] : 0;
}

static void hex_append(char *dst, const unsigned char *p, int len, int from, int count)
{
	size_t j = strlen(dst);

	for (int i = from; i < from + count; i++, j += 2)
		fmt(dst + j, 3, "%02x", page_byte(p, len, i));
}

/* check_fill_0x83_id for one designator d (offset into page 0x83) and one
 * search entry; 0 when it gave the serial. */
static int scsi_designator(const struct diskid_attrs *a, int d, const unsigned char *want,
			   struct scsi_serial *out)
{
	const unsigned char *p = a->pg83;
	int n = a->pg83_len, idlen = (int)page_byte(p, n, d + 3), need, s;
	unsigned code = page_byte(p, n, d) & 15, assoc = page_byte(p, n, d + 1) & 0x30;

	if (assoc != 0 || (page_byte(p, n, d + 1) & 15) != want[0] || code != want[2] ||
	    (want[1] && page_byte(p, n, d + 4) >> 4 != want[1]))
		return -1;
	need = (code == 2 ? idlen : 2 * idlen) + 2 + (want[0] == 0 ? 24 : 0);
	if (need > 256 || (want[0] == 0 && !vendor_model_ok(a)))
		return -1;
	fmt(out->serial, sizeof(out->serial), "%c%s%s", "0123456789abcdef"[want[0]],
	    want[0] == 0 ? a->vendor : "", want[0] == 0 ? a->model : "");
	s = (int)strlen(out->serial);
	if (code == 2) {
		for (int i = 0; i < idlen; i++)
			out->serial[s + i] = (char)page_byte(p, n, d + 4 + i);
		out->serial[s + idlen] = '\0';
	} else {
		hex_append(out->serial, p, n, d + 4, idlen);
	}
	if (want[0] == 3) {
		/* ID_WWN (16 characters) and its vendor extension (16 more). */
		size_t k = strlen(out->serial + s);

		k = k < 32 ? k : 32;
		memcpy(out->wwn, "0x", 2);
		memcpy(out->wwn + 2, out->serial + s, k);
		out->wwn[2 + k] = '\0';
	}
	return 0;
}

/* do_scsi_page83_inquiry: the pre-SPC-3 form, or the best designator. */
static int scsi_page83(const struct diskid_attrs *a, struct scsi_serial *out)
{
	const unsigned char *p = a->pg83;
	int n = a->pg83_len, end;

	if (n < 4 || p[1] != 0x83)
		return -1;
	if (page_byte(p, n, 6) != 0) {
		strcpy(out->serial, "3");
		hex_append(out->serial, p, n, 4, (int)page_byte(p, n, 3) < 126 ? (int)p[3] : 126);
		return 0;
	}
	end = (int)(page_byte(p, n, 2) << 8 | page_byte(p, n, 3)) + 3;
	for (size_t k = 0; k < sizeof(scsi_order) / sizeof(scsi_order[0]); k++)
		for (int d = 4; d <= end && d < SCSI_INQ_LEN; d += (int)page_byte(p, n, d + 3) + 4)
			if (scsi_designator(a, d, scsi_order[k], out) == 0)
				return 0;
	return -1;
}

/* do_scsi_page80_inquiry: 'S', vendor, model, unit serial number. */
static int scsi_page80(const struct diskid_attrs *a, struct scsi_serial *out)
{
	const unsigned char *p = a->pg80;
	int n = a->pg80_len, len = (int)page_byte(p, n, 3);
	size_t s;

	if (n < 4 || p[1] != 0x80 || 1 + 24 + len > 256 || !vendor_model_ok(a))
		return -1;
	s = fmt(out->serial, sizeof(out->serial), "S%s%s", a->vendor, a->model);
	for (int i = 0; i < len; i++)
		out->serial[s + (size_t)i] = (char)page_byte(p, n, 4 + i);
	out->serial[s + (size_t)len] = '\0';
	return 0;
}

/* KERNEL=="sd*": ata_id for ATTRS{vendor}=="ATA", else scsi_id; neither
 * behind USB or FireWire (usb_id, ieee1394 names are not derived). */
static void scsi_ids(struct sink *s, const struct diskid_attrs *a)
{
	struct scsi_serial id = { "", "" };
	char vendor[sizeof(a->vendor)], serial[256];

	for (int i = 0; i < a->nnodes; i++)
		if (strcmp(a->node[i].subsys, "usb") == 0 || a->node[i].ieee1394)
			return;
	attr_value(vendor, sizeof(vendor), a->vendor);
	if (strcmp(vendor, "ATA") == 0) {
		ata_ids(s, a);
		return;
	}
	if (scsi_page83(a, &id) < 0 && scsi_page80(a, &id) < 0)
		return;
	replace_ws(serial, id.serial, sizeof(serial) - 1);
	replace_chars(serial, NULL);
	if (serial[0])
		emit(s, "by-id", "scsi-", serial);
	if (id.wwn[0])
		emit(s, "by-id", "wwn-", id.wwn);
}

/* -- by-path: the path_id builtin over the chain of directories ------------ */

enum hop { HOP_NONE, HOP_PARENT, HOP_BUS_PARENT, HOP_VIRTIO, HOP_SCSI, HOP_NVME, HOP_UNKNOWN };

/* What path_id does at a device of each subsystem. HOP_UNKNOWN: it knows
 * the subsystem but baton does not derive that name (USB, tapes, ...). */
static enum hop hop_of(const char *subsys)
{
	static const struct { const char *name; enum hop hop; } t[] = {
		{ "pci", HOP_PARENT }, { "acpi", HOP_PARENT }, { "xen", HOP_PARENT },
		{ "platform", HOP_BUS_PARENT }, { "scm", HOP_BUS_PARENT }, { "ccw", HOP_BUS_PARENT },
		{ "ccwgroup", HOP_BUS_PARENT }, { "iucv", HOP_BUS_PARENT },
		{ "virtio", HOP_VIRTIO }, { "scsi", HOP_SCSI },
		{ "nvme", HOP_NVME }, { "nvme-subsystem", HOP_NVME },
		{ "scsi_tape", HOP_UNKNOWN }, { "cciss", HOP_UNKNOWN }, { "usb", HOP_UNKNOWN },
		{ "bcma", HOP_UNKNOWN }, { "serio", HOP_UNKNOWN }, { "ap", HOP_UNKNOWN },
		{ "spi", HOP_UNKNOWN },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(subsys, t[i].name) == 0)
			return t[i].hop;
	return HOP_NONE;
}

struct path {
	char id[128];		/* ID_PATH */
	char compat[128];	/* ID_PATH_ATA_COMPAT, once an ATA hop began it */
	int parent, transport, broken;
};

static void prepend(char *path, size_t n, const char *elem, int *broken)
{
	size_t e = strlen(elem), p = strlen(path), add = p ? e + 1 : e;

	if (p + add + 1 > n) {
		*broken = 1;
		return;
	}
	memmove(path + add, path, p + 1);
	memcpy(path, elem, e);
	if (p)
		path[e] = '-';
}

static void path_add(struct path *pa, const char *elem)
{
	prepend(pa->id, sizeof(pa->id), elem, &pa->broken);
	if (pa->compat[0])
		prepend(pa->compat, sizeof(pa->compat), elem, &pa->broken);
}

static int next_device(const struct diskid_attrs *a, int i)
{
	for (i++; i < a->nnodes && !a->node[i].device; i++)
		;
	return i;
}

/* skip_subsystem: the last of the devices above i that are all in subsys. */
static int skip_same(const struct diskid_attrs *a, int i, const char *subsys)
{
	int j;

	while ((j = next_device(a, i)) < a->nnodes && strcmp(a->node[j].subsys, subsys) == 0)
		i = j;
	return i;
}

/* "%u:%u:%u:%u", a SCSI device's name. */
static int parse_hctl(const char *s, unsigned v[4])
{
	for (int k = 0; k < 4; k++) {
		if (*s < '0' || *s > '9')
			return -1;
		for (v[k] = 0; *s >= '0' && *s <= '9'; s++)
			v[k] = v[k] * 10 + (unsigned)(*s - '0');
		if (*s++ != (k < 3 ? ':' : '\0'))
			return -1;
	}
	return 0;
}

/* Whether the syspath of node i has a component starting with prefix
 * (path_id's strstr(syspath, "/prefix")). */
static int path_has(const struct diskid_attrs *a, int i, const char *prefix)
{
	for (; i < a->nnodes; i++)
		if (has_prefix(a->node[i].name, prefix))
			return 1;
	return 0;
}

/* The scsi_host above SCSI device i, or -1. */
static int scsi_host(const struct diskid_attrs *a, int i)
{
	for (i++; i < a->nnodes; i++)
		if (strcmp(a->node[i].subsys, "scsi") == 0 && has_prefix(a->node[i].name, "host"))
			return i;
	return -1;
}

/* handle_scsi for SCSI device i: ATA port, or host:bus:target:lun with the
 * host counted from the first one of its controller. Returns the node to
 * go on from, or -1 where path_id stops or baton does not follow. */
static int scsi_hop(const struct diskid_attrs *a, int i, struct path *pa)
{
	unsigned v[4];
	char elem[48];
	int host, port, up;

	if (parse_hctl(a->node[i].name, v) < 0)
		return i;		/* a target or host: nothing to add */
	if (a->node[i].ieee1394 || path_has(a, i, "rport-") || path_has(a, i, "end_device-") ||
	    path_has(a, i, "session"))
		return -1;		/* FireWire, FC, SAS, iSCSI: not derived */
	host = scsi_host(a, i);
	if (host < 0)
		return -1;
	if (path_has(a, i, "ata")) {
		up = next_device(a, host);	/* "ataN", whose port_no was read */
		port = up < a->nnodes ? a->node[up].num : -1;
		if (port < 0)
			return -1;
		fmt(elem, sizeof(elem), v[1] ? "ata-%d.%u.0" : "ata-%d.%u", port, v[1] ? v[1] : v[2]);
		path_add(pa, elem);
		fmt(elem, sizeof(elem), "ata-%d", port);
		prepend(pa->compat, sizeof(pa->compat), elem, &pa->broken);
		return i;
	}
	if (path_has(a, i, "vmbus_") || path_has(a, i, "VMBUS"))
		return -1;		/* Hyper-V: not derived */
	if (a->node[host].num >= 0) {
		fmt(elem, sizeof(elem), "scsi-%d:%u:%u:%u", (int)v[0] - a->node[host].num, v[1], v[2], v[3]);
		path_add(pa, elem);
	}
	return host;
}

/* One device of the walk; returns the node to go on from, -1 to stop. */
static int path_hop(const struct diskid_attrs *a, int i, struct path *pa)
{
	const struct diskid_node *d = &a->node[i];
	char elem[80];

	switch (hop_of(d->subsys)) {
	case HOP_BUS_PARENT:
		pa->transport = 1;
		/* fall through */
	case HOP_PARENT:
		fmt(elem, sizeof(elem), "%s-%s", d->subsys, d->name);
		path_add(pa, elem);
		pa->parent = 1;
		return skip_same(a, i, d->subsys);
	case HOP_VIRTIO:
		pa->transport = 1;
		return skip_same(a, i, d->subsys);
	case HOP_SCSI:
		pa->transport = 1;
		return scsi_hop(a, i, pa);
	case HOP_NVME:
		if (!a->nsid[0])
			return i;
		fmt(elem, sizeof(elem), "nvme-%s", a->nsid);
		path_add(pa, elem);
		pa->parent = pa->transport = 1;
		/* A multipath namespace: the reader put its controller next. */
		return skip_same(a, i, "nvme");
	case HOP_UNKNOWN:
		return -1;
	default:
		return i;
	}
}

static void path_ids(struct sink *s, const struct diskid_attrs *a)
{
	struct path pa = { "", "", 0, 0, a->path_broken };

	for (int i = 0; i < a->nnodes && !pa.broken; i++) {
		if (!a->node[i].device)
			continue;
		i = path_hop(a, i, &pa);
		if (i < 0)
			return;
	}
	if (pa.broken || !pa.id[0] || !pa.parent || !pa.transport)
		return;
	emit(s, "by-path", "", pa.id);
	if (pa.compat[0])
		emit(s, "by-path", "", pa.compat);
	if (has_prefix(a->kname, "vd") && has_prefix(pa.id, "pci-"))
		emit(s, "by-path", "virtio-", pa.id);
}

int diskid_names(const struct diskid_attrs *a, const char *part, char *out, size_t n)
{
	struct sink s = { out, n, 0, 0, part };

	if (n)
		out[0] = '\0';
	if (n < 2)
		return 0;
	if (has_prefix(a->kname, "vd"))
		virtio_ids(&s, a);
	else if (has_prefix(a->kname, "nvme"))
		nvme_ids(&s, a);
	else if (has_prefix(a->kname, "sd"))
		scsi_ids(&s, a);
	else
		return 0;
	path_ids(&s, a);
	return s.count;
}

int diskid_has(const char *names, const char *dir, const char *name)
{
	size_t d = dir ? strlen(dir) : 0;

	for (; *names; names += strlen(names) + 1)
		if ((!dir || (strncmp(names, dir, d) == 0 && names[d] == '/')) &&
		    strcmp(names + (dir ? d + 1 : 0), name) == 0)
			return 1;
	return 0;
}

size_t diskid_list(const char *names, char *out, size_t n)
{
	size_t used = 0;

	if (n)
		out[0] = '\0';
	for (; *names && used + 1 < n; names += strlen(names) + 1)
		used += fmt(out + used, n - used, " %s", names);
	return used;
}
