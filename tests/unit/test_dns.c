/* test_dns.c: the DNS query and reply (init/dns_msg.c): the query's bytes,
 * names refused, and replies built here as RFC 1035 lays them out (names
 * compressed and not, a CNAME chain, every rcode that matters, replies to
 * someone else, and broken ones: cut, a pointer loop, TC). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "dns.h"
#include "netcfg.h"

#define ID 0x1234

static uint8_t msg[DNS_MSG_MAX];
static size_t len;

static void put(const void *p, size_t n)
{
	memcpy(msg + len, p, n);
	len += n;
}

static void put16(unsigned v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(b, 2);
}

/* Header: id, flags, counts; then the question for qname (wire form). */
static void start(unsigned id, unsigned flags, unsigned an, const char *qname, size_t qlen,
		  unsigned qtype)
{
	len = 0;
	put16(id);
	put16(flags);
	put16(1);
	put16(an);
	put16(0);
	put16(0);
	put(qname, qlen);
	put16(qtype);
	put16(1);
}

/* One record: owner (wire form, n bytes), type, class IN, TTL, rdata. */
static void rr(const char *owner, size_t n, unsigned type, const void *rdata, size_t rdlen)
{
	put(owner, n);
	put16(type);
	put16(1);
	put16(0);
	put16(300);
	put16((unsigned)rdlen);
	put(rdata, rdlen);
}

#define Q	"\6images\7example\3org"	/* + the root label's 0 */
#define QLEN	(sizeof(Q))
#define PTR	"\xc0\x0c"			/* the question's name */
#define ADDR	"\x0a\x00\x02\x02"

static void expect(const char *name, int want_err, const char *want_addr, const char *why_has)
{
	uint32_t a = 0;
	const char *why = NULL;
	char txt[16];
	int err = dns_answer(msg, len, ID, "images.example.org", &a, &why);

	if (want_err == 0)
		CHECK(name, err == 0 && strcmp(ipv4_text(a, txt), want_addr) == 0, "got %d %s (%s)", err,
		      ipv4_text(a, txt), why ? why : "");
	else
		CHECK(name, err == want_err && (!why_has || (why && strstr(why, why_has))),
		      "got %d (%s), want %d saying %s", err, why ? why : "(null)", want_err,
		      why_has ? why_has : "-");
}

static void replies(void)
{
	start(ID, 0x8180, 1, Q, QLEN, 1);
	rr(PTR, 2, 1, ADDR, 4);
	expect("reply-a-compressed", 0, "10.0.2.2", NULL);

	start(ID, 0x8180, 1, Q, QLEN, 1);
	rr("\6IMAGES\7Example\3ORG", QLEN, 1, ADDR, 4);
	expect("reply-a-uppercase", 0, "10.0.2.2", NULL);

	start(ID, 0x8180, 1, "\6IMAGES\7example\3org", QLEN, 1);
	rr(PTR, 2, 1, ADDR, 4);
	expect("reply-question-case", 0, "10.0.2.2", NULL);

	start(ID, 0x8180, 2, Q, QLEN, 1);
	rr(PTR, 2, 5, "\4real\xc0\x13", 7);	/* real.example.org */
	rr("\4real\xc0\x13", 7, 1, "\x0a\x00\x02\x63", 4);
	expect("reply-cname", 0, "10.0.2.99", NULL);

	start(ID, 0x8180, 2, Q, QLEN, 1);
	rr("\5other\xc0\x13", 8, 1, "\x01\x02\x03\x04", 4);
	rr(PTR, 2, 1, ADDR, 4);
	expect("reply-skips-other-owner", 0, "10.0.2.2", NULL);

	start(ID, 0x8180, 2, Q, QLEN, 1);
	rr(PTR, 2, 28, "\xfe\x80\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
	rr(PTR, 2, 1, ADDR, 4);
	expect("reply-aaaa-then-a", 0, "10.0.2.2", NULL);

	start(ID, 0x8183, 0, Q, QLEN, 1);
	expect("reply-nxdomain", -ENOENT, NULL, "NXDOMAIN");

	start(ID, 0x8180, 0, Q, QLEN, 1);
	expect("reply-no-answer", -ENOENT, NULL, "no A record");

	start(ID, 0x8180, 1, Q, QLEN, 1);
	rr(PTR, 2, 28, "\xfe\x80\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
	expect("reply-aaaa-only", -ENOENT, NULL, "no A record");

	start(ID, 0x8182, 0, Q, QLEN, 1);
	expect("reply-servfail", -EAGAIN, NULL, "SERVFAIL");

	start(ID, 0x8185, 0, Q, QLEN, 1);
	expect("reply-refused", -EAGAIN, NULL, "REFUSED");

	start(ID + 1, 0x8180, 1, Q, QLEN, 1);
	rr(PTR, 2, 1, ADDR, 4);
	expect("reply-other-id", -ESRCH, NULL, NULL);

	start(ID, 0x0100, 1, Q, QLEN, 1);
	rr(PTR, 2, 1, ADDR, 4);
	expect("reply-is-query", -ESRCH, NULL, NULL);

	start(ID, 0x8180, 1, "\5other\7example\3org", 19, 1);
	rr(PTR, 2, 1, ADDR, 4);
	expect("reply-other-name", -ESRCH, NULL, NULL);

	start(ID, 0x8180, 1, Q, QLEN, 28);
	rr(PTR, 2, 1, ADDR, 4);
	expect("reply-other-type", -ESRCH, NULL, NULL);

	start(ID, 0x8380, 0, Q, QLEN, 1);
	expect("reply-truncated-tc", -EPROTO, NULL, "TC");

	start(ID, 0x8180, 1, Q, QLEN, 1);
	rr(PTR, 2, 1, ADDR, 4);
	len -= 2;
	expect("reply-cut-rdata", -EPROTO, NULL, "malformed");

	start(ID, 0x8180, 1, Q, QLEN, 1);
	rr("\xc0\x24", 2, 1, ADDR, 4);	/* points at itself */
	expect("reply-pointer-loop", -EPROTO, NULL, "malformed");

	start(ID, 0x8180, 1, Q, QLEN, 1);
	rr("\xc0\xff", 2, 1, ADDR, 4);	/* past the end */
	expect("reply-pointer-out", -EPROTO, NULL, "malformed");

	len = 11;
	expect("reply-short-header", -ESRCH, NULL, NULL);
}

static void queries(void)
{
	static const uint8_t want[] = { 0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 6, 'i', 'm', 'a', 'g',
					'e', 's', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'o', 'r',
					'g', 0, 0, 1, 0, 1 };
	uint8_t out[DNS_MSG_MAX];
	char name[300];
	int n = dns_query("images.example.org", ID, out, sizeof(out));

	CHECK("query-bytes", n == (int)sizeof(want) && memcmp(out, want, sizeof(want)) == 0,
	      "length %d", n);
	n = dns_query("images.example.org.", ID, out, sizeof(out));
	CHECK("query-trailing-dot", n == (int)sizeof(want) && memcmp(out, want, sizeof(want)) == 0,
	      "length %d", n);
	CHECK_INT("query-empty", dns_query("", ID, out, sizeof(out)), -EINVAL);
	CHECK_INT("query-dot", dns_query(".", ID, out, sizeof(out)), -EINVAL);
	CHECK_INT("query-empty-label", dns_query("a..b", ID, out, sizeof(out)), -EINVAL);
	CHECK_INT("query-leading-dot", dns_query(".a", ID, out, sizeof(out)), -EINVAL);
	memset(name, 'a', 64);
	name[64] = '\0';
	CHECK_INT("query-label-64", dns_query(name, ID, out, sizeof(out)), -EINVAL);
	name[63] = '\0';
	CHECK_INT("query-label-63", dns_query(name, ID, out, sizeof(out)), 12 + 65 + 4);
	for (int i = 0; i < 254; i++)
		name[i] = i % 2 ? '.' : 'a';
	name[253] = '\0';	/* 253 characters: the longest */
	CHECK("query-name-253", dns_query(name, ID, out, sizeof(out)) > 0, "refused");
	name[253] = 'a';
	name[254] = '\0';
	CHECK_INT("query-name-254", dns_query(name, ID, out, sizeof(out)), -EINVAL);
	CHECK_INT("query-small", dns_query("images.example.org", ID, out, 20), -E2BIG);
}

int main(void)
{
	queries();
	replies();
	return CHECK_EXIT();
}
