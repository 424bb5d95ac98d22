/* nfsopts.c: the source and options of an NFS root (include/nfsroot.h),
 * from the kernel's nfsroot= (Documentation/admin-guide/nfs/nfsroot.rst),
 * dracut's root=nfs: and DHCP's root path. Pure. */
#include <errno.h>
#include <string.h>

#include "netcfg.h"
#include "nfsroot.h"

static int fail(const char **why, const char *reason)
{
	*why = reason;
	return -EINVAL;
}

/* Appends ",s" (or "s" at the start) to out; -1 if it does not fit. */
static int append(char *out, size_t n, const char *s, size_t len)
{
	size_t used = strlen(out), sep = used ? 1 : 0;

	if (!len)
		return 0;
	if (used + sep + len + 1 > n)
		return -1;
	if (sep)
		out[used++] = ',';
	memcpy(out + used, s, len);
	out[used + len] = '\0';
	return 0;
}

/* Is option name (with or without "=value") among the comma list? */
static int has_option(const char *list, const char *name)
{
	size_t nlen = strlen(name);

	for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, name, nlen) == 0 && (p[nlen] == '=' || p[nlen] == ',' || !p[nlen]))
			return 1;
	return 0;
}

/* The vers= or nfsvers= value's major number, 0 if none. */
static int asked_version(const char *list)
{
	static const char *const keys[] = { "vers=", "nfsvers=" };

	for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		for (int k = 0; k < 2; k++)
			if (strncmp(p, keys[k], strlen(keys[k])) == 0)
				return p[strlen(keys[k])] - '0';
	return 0;
}

/* "[SERVER:]PATH" of len bytes: the server address if there is one
 * (a dotted quad before the first ':'), and where PATH starts. */
static int split_server(const char *s, size_t len, uint32_t *server, const char **path,
			const char **why)
{
	const char *colon = memchr(s, ':', len);
	char quad[16];

	*path = s;
	if (!colon || s[0] == '/')	/* a path alone: its ':' is no server's */
		return 0;
	if ((size_t)(colon - s) >= sizeof(quad))
		return fail(why, "the NFS server must be an IPv4 address (a.b.c.d): baton has no DNS");
	memcpy(quad, s, (size_t)(colon - s));
	quad[colon - s] = '\0';
	if (ipv4_parse(quad, server) < 0)
		return fail(why, "the NFS server must be an IPv4 address (a.b.c.d): baton has no DNS");
	*path = colon + 1;
	return 0;
}

/* PATH with "%s" replaced by the client's address, into m->source after
 * "SERVER:". */
static int set_source(struct nfs_mount *m, const char *path, size_t plen, uint32_t client,
		      const char **why)
{
	char a[16], c[16];
	size_t used;

	if (!plen || path[0] != '/')
		return fail(why, "the NFS path must be absolute (/srv/root)");
	ipv4_text(m->server, a);
	ipv4_text(client, c);
	used = strlen(a) + 1;
	if (used + plen + 16 > sizeof(m->source))
		return fail(why, "the NFS path is too long");
	memcpy(m->source, a, used - 1);
	m->source[used - 1] = ':';
	for (size_t i = 0; i < plen; i++) {
		if (path[i] == '%' && i + 1 < plen && path[i + 1] == 's') {
			if (used + strlen(c) + (plen - i) + 1 > sizeof(m->source))
				return fail(why, "the NFS path is too long");
			memcpy(m->source + used, c, strlen(c));
			used += strlen(c);
			i++;
		} else {
			m->source[used++] = path[i];
		}
	}
	m->source[used] = '\0';
	return 0;
}

static int set_options(struct nfs_mount *m, const char *opts, size_t olen, const char **why)
{
	char a[16], addr[24];
	int v;

	m->data[0] = '\0';
	if (olen >= sizeof(m->data) || append(m->data, sizeof(m->data), opts, olen) < 0)
		return fail(why, "the NFS options are too long");
	v = asked_version(m->data);
	if (v && (v < 2 || v > 4))
		return fail(why, "vers= must be 2, 3, 4, 4.0, 4.1 or 4.2");
	m->version = v ? v : 3;
	memcpy(addr, "addr=", 5);
	strcpy(addr + 5, ipv4_text(m->server, a));
	if (!has_option(m->data, "addr") && append(m->data, sizeof(m->data), addr, strlen(addr)) < 0)
		return fail(why, "the NFS options are too long");
	if (!v && append(m->data, sizeof(m->data), "vers=3", 6) < 0)
		return fail(why, "the NFS options are too long");
	if (m->version < 4 && !has_option(m->data, "lock") && !has_option(m->data, "nolock") &&
	    append(m->data, sizeof(m->data), "nolock", 6) < 0)
		return fail(why, "the NFS options are too long");
	return 0;
}

int nfs_mount_build(const char *spec, const char *nfsroot, const char *dhcp_path,
		    uint32_t dflt_server, uint32_t client, struct nfs_mount *m, const char **why)
{
	const char *text, *path, *opts, *end;
	char sep = ',';
	int rc;

	memset(m, 0, sizeof(*m));
	*why = NULL;
	if (spec) {			/* dracut: SERVER:PATH[:OPTS] */
		text = spec;
		sep = ':';
	} else if (nfsroot) {
		text = nfsroot;
	} else if (dhcp_path && *dhcp_path) {
		text = dhcp_path;
	} else {
		return fail(why, "root=/dev/nfs needs nfsroot=[SERVER:]PATH[,OPTIONS] or a DHCP server giving a root path (option 17)");
	}
	m->server = dflt_server;
	rc = split_server(text, strlen(text), &m->server, &path, why);
	if (rc < 0)
		return rc;
	end = strchr(path, sep);
	opts = end ? end + 1 : "";
	end = end ? end : path + strlen(path);
	if (!m->server)
		return fail(why, "no NFS server: name it (nfsroot=SERVER:PATH, ip=CLIENT:SERVER:...) or let DHCP give one");
	rc = set_source(m, path, (size_t)(end - path), client, why);
	return rc < 0 ? rc : set_options(m, opts, strlen(opts), why);
}
