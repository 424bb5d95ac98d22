/* fuzz_dns.c: libFuzzer harness for the DNS reply /init reads off the
 * network for root=live:http://NAME/ (init/dns_msg.c): dns_answer on the
 * input as a datagram, asked with the id and name its own question
 * carries (so the answers are reached) and with fixed ones; the query
 * builder on the input's first bytes as a name. Heap copies, so ASan sees
 * every overread. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The question's name in text form, as a resolver would have asked. */
static void qname(const uint8_t *m, size_t len, char *out, size_t n)
{
	size_t p = 12, o = 0;

	out[0] = '\0';
	while (p < len && m[p] && m[p] < 64 && p + 1 + m[p] <= len && o + m[p] + 2 < n) {
		if (o)
			out[o++] = '.';
		memcpy(out + o, m + p + 1, m[p]);
		o += m[p];
		p += 1 + m[p];
	}
	out[o] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *m = malloc(size ? size : 1), q[DNS_MSG_MAX];
	char name[300];
	const char *why;
	uint32_t addr;

	if (!m)
		return 0;
	memcpy(m, data, size);
	qname(m, size, name, sizeof(name));
	if (size >= 2 && name[0])
		dns_answer(m, size, (uint16_t)(m[0] << 8 | m[1]), name, &addr, &why);
	dns_answer(m, size, 0x1234, "images.example.org", &addr, &why);
	memset(name, 0, sizeof(name));
	memcpy(name, data, size < 280 ? size : 280);
	dns_query(name, 1, q, sizeof(q));
	dns_query(name, 1, q, 40);
	free(m);
	return 0;
}
