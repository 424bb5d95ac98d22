/* fwroot_cmdline.c: the firmware-root keys of the command line (see
 * include/fwroot.h), checked as they are read so a bad value is said once,
 * before anything is done, with what was expected. Pure. */
#include <errno.h>
#include <string.h>

#include "fwroot.h"
#include "loopdev.h"
#include "verity.h"

static int is_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* A small decimal number, or -1 (no sign, no overflow past 7 digits). */
static long small_number(const char *s)
{
	long n = 0;

	if (!is_digits(s) || strlen(s) > 7)
		return -1;
	for (; *s; s++)
		n = n * 10 + (*s - '0');
	return n;
}

static void copy_raw(char *dst, const char *src)
{
	size_t n = strlen(src);

	if (n > FW_RAW_MAX - 1)
		n = FW_RAW_MAX - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Keeps the first bad value: it is what the person typed first. */
static int bad(struct fwroot_cfg *fw, const char *key, const char *val, const char *why)
{
	if (!fw->bad_key) {
		fw->bad_key = key;
		copy_raw(fw->bad_val, val ? val : "");
		fw->bad_why = why;
	}
	return 1;
}

/* A device spec as root= takes it, into spec; the raw text kept. */
static int device(struct fwroot_cfg *fw, const char *key, char *val, struct root_spec *spec,
		  char *raw)
{
	const char *why = NULL;

	copy_raw(raw, val);
	if (rootspec_parse(spec, val, &why) < 0) {
		spec->kind = ROOT_NONE;
		return bad(fw, key, raw, why);
	}
	return 1;
}

/* tmpfs's size=: bytes, k/m/g suffixed, or a percentage of RAM (1-100). */
static int size_ok(const char *v)
{
	size_t n = strlen(v);
	char num[16];
	long x;

	if (n == 0 || n >= sizeof(num))
		return 0;
	memcpy(num, v, n + 1);
	if (strchr("kKmMgG%", num[n - 1]))
		num[n - 1] = '\0';
	x = small_number(num);
	if (x <= 0)
		return 0;
	return v[n - 1] != '%' || x <= 100;
}

static int take_overlay(struct fwroot_cfg *fw, char *key, char *val)
{
	if (strcmp(key, "rd.overlay.size") == 0) {
		if (!val || !size_ok(val))
			return bad(fw, key, val, "expected a size as tmpfs takes it: bytes, or with "
				   "k, m, g, or a percentage of RAM (rd.overlay.size=50%)");
		fw->overlay_size = val;
		return 1;
	}
	if (!val || !*val)
		return bad(fw, key, val, "expected tmpfs or a device (rd.overlay=PARTLABEL=upper)");
	if (strcmp(val, "tmpfs") == 0) {
		fw->overlay = OVERLAY_TMPFS;
		return 1;
	}
	fw->overlay = OVERLAY_DEVICE;
	if (device(fw, key, val, &fw->overlay_dev, fw->overlay_raw) && fw->overlay_dev.kind == ROOT_NONE)
		fw->overlay = OVERLAY_NONE;
	return 1;
}

static int path_ok(const char *p)
{
	if (p[0] != '/' || !p[1])
		return 0;
	for (const char *s = p; (s = strstr(s, "..")) != NULL; s += 2)
		if (s[-1] == '/' && (s[2] == '/' || s[2] == '\0'))
			return 0;
	return 1;
}

static int take_loop(struct fwroot_cfg *fw, char *key, char *val)
{
	long n;

	if (!val)
		return bad(fw, key, val, "expected a value");
	if (strcmp(key, "rd.loop") == 0) {
		if (!path_ok(val))
			return bad(fw, key, val, "expected the image's absolute path on the carrier "
				   "filesystem, without .. (rd.loop=/images/root.img)");
		fw->loop_path = val;
		return 1;
	}
	if (strcmp(key, "rd.loop.sectorsize") == 0) {
		n = small_number(val);
		if (n <= 0 || !loop_sector_size_ok((unsigned)n))
			return bad(fw, key, val, "expected 512, 1024, 2048 or 4096");
		fw->loop_sectorsize = (unsigned)n;
		return 1;
	}
	/* rd.loop.part= */
	n = small_number(val);
	if (n >= 0) {
		if (n < 1 || n > 255)
			return bad(fw, key, val, "expected a partition number from 1 to 255, "
				   "PARTLABEL= or PARTUUID=");
		fw->loop_partn = (int)n;
		fw->loop_part.kind = ROOT_NONE;
		return 1;
	}
	if (strncmp(val, "PARTLABEL=", 10) != 0 && strncmp(val, "PARTUUID=", 9) != 0)
		return bad(fw, key, val, "expected a partition number, PARTLABEL= or PARTUUID=");
	fw->loop_partn = 0;
	return device(fw, key, val, &fw->loop_part, fw->loop_part_raw);
}

static int take_verity(struct fwroot_cfg *fw, char *key, char *val)
{
	char badword[48];
	const char *why = NULL;
	size_t n;

	if (!val)
		return bad(fw, key, val, "expected a value");
	if (strcmp(key, "roothash") == 0) {
		unsigned char b[VERITY_DIGEST_MAX];

		n = strlen(val);
		if (n < 40 || verity_hex_decode(val, b, sizeof(b)) < 0)
			return bad(fw, key, val, "expected the root hash veritysetup format printed: "
				   "40 to 128 hex digits");
		fw->roothash = val;
		return 1;
	}
	if (strcmp(key, "systemd.verity_root_data") == 0)
		return device(fw, key, val, &fw->verity_data, fw->verity_data_raw);
	if (strcmp(key, "systemd.verity_root_hash") == 0)
		return device(fw, key, val, &fw->verity_hash, fw->verity_hash_raw);
	/* systemd.verity_root_options= */
	if (verity_options(val, fw->verity_opts, sizeof(fw->verity_opts), badword,
			   sizeof(badword), &why) < 0)
		return bad(fw, key, val, why ? why : "too many options");
	return 1;
}

static int yes_no(const char *v)
{
	if (!v || strcmp(v, "1") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "y") == 0 ||
	    strcmp(v, "true") == 0)
		return 1;
	if (strcmp(v, "0") == 0 || strcmp(v, "no") == 0 || strcmp(v, "n") == 0 ||
	    strcmp(v, "false") == 0)
		return 0;
	return -1;
}

int take_fwroot_word(struct fwroot_cfg *fw, char *key, char *val)
{
	if (strcmp(key, "rd.overlay") == 0 || strcmp(key, "rd.overlay.size") == 0)
		return take_overlay(fw, key, val);
	if (strcmp(key, "rd.loop") == 0 || strcmp(key, "rd.loop.sectorsize") == 0 ||
	    strcmp(key, "rd.loop.part") == 0)
		return take_loop(fw, key, val);
	if (strcmp(key, "rd.copytoram") == 0) {
		int v = yes_no(val);

		if (v < 0)
			return bad(fw, key, val, "expected nothing, 1/yes or 0/no");
		fw->copytoram = v;
		return 1;
	}
	if (strcmp(key, "roothash") == 0 || strcmp(key, "systemd.verity_root_data") == 0 ||
	    strcmp(key, "systemd.verity_root_hash") == 0 ||
	    strcmp(key, "systemd.verity_root_options") == 0)
		return take_verity(fw, key, val);
	return 0;
}

int fwroot_wanted(const struct fwroot_cfg *fw)
{
	return fw->overlay != OVERLAY_NONE || fw->loop_path || fw->copytoram || fw->roothash;
}
