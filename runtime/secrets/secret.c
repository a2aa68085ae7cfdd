/* Stack secrets with libsodium: Argon2id or key-file keys, XChaCha20-Poly1305
 * sealing bound to the config key, keyed BLAKE2b hashes and the key check.
 * Keys and plaintext live only in sodium_malloc memory; nothing here prints. */
#include "runtime/secrets/secret.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "runtime/base/xalloc.h"

#define KEY_LEN      32 /* crypto_aead_xchacha20poly1305_ietf_KEYBYTES */
#define NONCE_LEN    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES /* 24 */
#define TAG_LEN      crypto_aead_xchacha20poly1305_ietf_ABYTES    /* 16 */
#define SALT_PREFIX  "argon2id:v1:"
#define SEAL_PREFIX  "v1:"
#define HASH_PREFIX  "h1:"
#define CHECK_PREFIX "c1:"
#define B64_VARIANT  sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define MAX_SEALED   (1u << 20) /* 1 MiB of base64 is far beyond any config value */
#define MAX_KEY_FILE 4096
#define MAX_MEMLIMIT ((size_t)1 << 30) /* refuse salts asking for more than 1 GiB */

/* Subkey ids under the stack key (crypto_kdf, context KDF_CTX). ORDER fixed:
 * changing an id changes every sealed value and hash. */
enum { SUBKEY_SEAL = 1, SUBKEY_HASH = 2, SUBKEY_CHECK = 3 };
static const char KDF_CTX[crypto_kdf_CONTEXTBYTES + 1] = "domesecr";
static const char CHECK_MSG[] = "domec stack secrets key check v1";

struct secret_key {
    unsigned char key[KEY_LEN]; /* the stack key; the struct is sodium_malloc'd */
};

/* ---- helpers ------------------------------------------------------------ */

static int init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

static void set_err(char *err, size_t err_len, const char *msg)
{
    if (err && err_len)
        snprintf(err, err_len, "%s", msg);
}

static struct secret_key *key_alloc(void)
{
    struct secret_key *k = sodium_malloc(sizeof *k);
    if (k)
        sodium_memzero(k, sizeof *k);
    return k;
}

/* derive the subkey `id` of `key` into out[KEY_LEN]. */
static void subkey(const struct secret_key *key, uint64_t id, unsigned char *out)
{
    crypto_kdf_derive_from_key(out, KEY_LEN, id, KDF_CTX, key->key);
}

/* malloc'd prefix + base64(bin). */
static char *b64_string(const char *prefix, const unsigned char *bin, size_t len)
{
    size_t plen = strlen(prefix);
    size_t blen = sodium_base64_encoded_len(len, B64_VARIANT);
    char *s = xmalloc(plen + blen);
    memcpy(s, prefix, plen);
    sodium_bin2base64(s + plen, blen, bin, len, B64_VARIANT);
    return s;
}

/* malloc'd prefix + hex(bin). */
static char *hex_string(const char *prefix, const unsigned char *bin, size_t len)
{
    size_t plen = strlen(prefix);
    char *s = xmalloc(plen + 2 * len + 1);
    memcpy(s, prefix, plen);
    sodium_bin2hex(s + plen, 2 * len + 1, bin, len);
    return s;
}

/* ---- salt and key derivation ---------------------------------------------- */

/* secret_salt_new: see secret.h. Uses Argon2id INTERACTIVE limits. */
char *secret_salt_new(void)
{
    unsigned char salt[crypto_pwhash_SALTBYTES];
    char b64[sodium_base64_ENCODED_LEN(crypto_pwhash_SALTBYTES, B64_VARIANT)];
    char buf[128];
    if (init() < 0)
        return NULL;
    randombytes_buf(salt, sizeof salt);
    sodium_bin2base64(b64, sizeof b64, salt, sizeof salt, B64_VARIANT);
    snprintf(buf, sizeof buf, SALT_PREFIX "%llu:%zu:%s",
             (unsigned long long)crypto_pwhash_OPSLIMIT_INTERACTIVE,
             (size_t)crypto_pwhash_MEMLIMIT_INTERACTIVE, b64);
    return xstrdup(buf);
}

struct salt_parts {
    unsigned long long ops;
    size_t mem;
    unsigned char salt[crypto_pwhash_SALTBYTES];
};

/* parse "argon2id:v1:<ops>:<mem>:<b64>" into p; -1 with a message on error. */
static int parse_salt(const char *s, struct salt_parts *p, char *err, size_t err_len)
{
    char b64[128], tail;
    unsigned long long mem;
    size_t bin_len = 0;
    const char *bad = "invalid encryption salt in the stack file (expected "
                      "\"argon2id:v1:<opslimit>:<memlimit>:<salt>\"); "
                      "was the stack file edited by hand?";
    if (!s || strncmp(s, SALT_PREFIX, strlen(SALT_PREFIX)) != 0 ||
        sscanf(s + strlen(SALT_PREFIX), "%llu:%llu:%127[A-Za-z0-9_-]%c", &p->ops, &mem, b64,
               &tail) != 3 ||
        sodium_base642bin(p->salt, sizeof p->salt, b64, strlen(b64), NULL, &bin_len, NULL,
                          B64_VARIANT) != 0 ||
        bin_len != sizeof p->salt) {
        set_err(err, err_len, bad);
        return -1;
    }
    if (p->ops < crypto_pwhash_OPSLIMIT_MIN || p->ops > 64 || mem < crypto_pwhash_MEMLIMIT_MIN ||
        mem > MAX_MEMLIMIT) {
        set_err(err, err_len,
                "encryption salt in the stack file asks for Argon2id limits "
                "out of range (opslimit 1..64, memlimit 8 KiB..1 GiB)");
        return -1;
    }
    p->mem = (size_t)mem;
    return 0;
}

/* secret_key_from_passphrase: see secret.h. The key is sodium_malloc'd; free
 * with secret_key_free. Fails on a malformed salt, an empty passphrase or
 * when Argon2id cannot get its memory. */
struct secret_key *secret_key_from_passphrase(const char *passphrase, const char *salt, char *err,
                                              size_t err_len)
{
    struct salt_parts p;
    struct secret_key *k;
    if (init() < 0) {
        set_err(err, err_len, "cannot initialise libsodium");
        return NULL;
    }
    if (!passphrase || !*passphrase) {
        set_err(err, err_len,
                "empty passphrase for stack secrets; set DOME_PASSPHRASE or "
                "DOME_SECRETS_KEY_FILE");
        return NULL;
    }
    if (parse_salt(salt, &p, err, err_len) < 0)
        return NULL;
    if (!(k = key_alloc())) {
        set_err(err, err_len, "out of locked memory for the stack key");
        return NULL;
    }
    if (crypto_pwhash(k->key, sizeof k->key, passphrase, strlen(passphrase), p.salt, p.ops, p.mem,
                      crypto_pwhash_ALG_ARGON2ID13) != 0) {
        secret_key_free(k);
        set_err(err, err_len, "Argon2id key derivation failed (out of memory?)");
        return NULL;
    }
    sodium_memzero(&p, sizeof p);
    return k;
}

/* decode a key file's bytes (raw 32 bytes, or base64 of 32 bytes with
 * surrounding whitespace) into k. -1 when it is neither. */
static int decode_key_file(const unsigned char *buf, size_t n, struct secret_key *k)
{
    static const int variants[] = {
        sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
        sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING};
    size_t start = 0, end = n, bin_len;
    if (n == KEY_LEN) {
        memcpy(k->key, buf, KEY_LEN);
        return 0;
    }
    while (start < end &&
           (buf[start] == ' ' || buf[start] == '\n' || buf[start] == '\r' || buf[start] == '\t'))
        start++;
    while (end > start && (buf[end - 1] == ' ' || buf[end - 1] == '\n' || buf[end - 1] == '\r' ||
                           buf[end - 1] == '\t'))
        end--;
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
        const char *last = NULL;
        if (sodium_base642bin(k->key, KEY_LEN, (const char *)buf + start, end - start, NULL,
                              &bin_len, &last, variants[i]) == 0 &&
            bin_len == KEY_LEN && last == (const char *)buf + end)
            return 0;
    }
    return -1;
}

/* read at most MAX_KEY_FILE bytes of path into buf (sodium_malloc'd by the
 * caller); returns the length or -1 with a message. */
static long read_key_file(const char *path, unsigned char *buf, char *err, size_t err_len)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    char msg[512];
    if (!f) {
        snprintf(msg, sizeof msg, "cannot open key file '%s' (DOME_SECRETS_KEY_FILE): %s", path,
                 strerror(errno));
        set_err(err, err_len, msg);
        return -1;
    }
    n = fread(buf, 1, MAX_KEY_FILE, f);
    fclose(f);
    if (n == MAX_KEY_FILE) {
        snprintf(msg, sizeof msg, "key file '%s' is too large for a 32-byte key", path);
        set_err(err, err_len, msg);
        return -1;
    }
    return (long)n;
}

/* secret_key_from_file: see secret.h. Accepts exactly 32 raw bytes, or the
 * base64 (standard or URL-safe, padded or not) of 32 bytes. Returns NULL and
 * fills err when the file is unreadable or holds anything else. */
struct secret_key *secret_key_from_file(const char *path, char *err, size_t err_len)
{
    unsigned char *buf;
    struct secret_key *k;
    long n;
    char msg[512];
    if (init() < 0 || !(buf = sodium_malloc(MAX_KEY_FILE))) {
        set_err(err, err_len, "cannot allocate locked memory for the key file");
        return NULL;
    }
    n = read_key_file(path, buf, err, err_len);
    k = n < 0 ? NULL : key_alloc();
    if (k && decode_key_file(buf, (size_t)n, k) < 0) {
        secret_key_free(k);
        k = NULL;
        snprintf(msg, sizeof msg,
                 "key file '%s' must hold a 32-byte key: 32 raw bytes or their base64 "
                 "(e.g. head -c 32 /dev/urandom | base64 > '%s')",
                 path, path);
        set_err(err, err_len, msg);
    }
    sodium_free(buf); /* sodium_free wipes the buffer */
    return k;
}

/* secret_key_free: see secret.h. sodium_free wipes before releasing. */
void secret_key_free(struct secret_key *key)
{
    if (key)
        sodium_free(key);
}

/* ---- sealing -------------------------------------------------------------- */

/* secret_seal: see secret.h. A fresh random nonce per call, so sealing the
 * same value twice gives two different strings. */
char *secret_seal(const struct secret_key *key, const char *name, const char *plain, size_t len)
{
    unsigned char sk[KEY_LEN];
    unsigned char *bin;
    unsigned long long clen;
    char *out = NULL;
    if (init() < 0 || !key || !name || len > MAX_SEALED)
        return NULL;
    bin = xmalloc(NONCE_LEN + len + TAG_LEN);
    randombytes_buf(bin, NONCE_LEN);
    subkey(key, SUBKEY_SEAL, sk);
    crypto_aead_xchacha20poly1305_ietf_encrypt(bin + NONCE_LEN, &clen, (const unsigned char *)plain,
                                               len, (const unsigned char *)name, strlen(name), NULL,
                                               bin, sk);
    sodium_memzero(sk, sizeof sk);
    out = b64_string(SEAL_PREFIX, bin, NONCE_LEN + (size_t)clen);
    free(bin);
    return out;
}

/* decode "v1:<b64>" into a malloc'd buffer; -1 with a message on error. */
static int decode_sealed(const char *name, const char *sealed, unsigned char **bin, size_t *bin_len,
                         char *err, size_t err_len)
{
    char msg[512];
    size_t slen = sealed ? strlen(sealed) : 0;
    *bin = NULL;
    if (slen < 3 || strncmp(sealed, SEAL_PREFIX, 3) != 0 || slen > MAX_SEALED) {
        snprintf(msg, sizeof msg,
                 "secret '%s' is not a sealed value (expected \"v1:...\" as "
                 "written by `domec config set --secret`)",
                 name);
        set_err(err, err_len, msg);
        return -1;
    }
    *bin = xmalloc(slen);
    if (sodium_base642bin(*bin, slen, sealed + 3, slen - 3, NULL, bin_len, NULL, B64_VARIANT) !=
            0 ||
        *bin_len < NONCE_LEN + TAG_LEN) {
        free(*bin);
        *bin = NULL;
        snprintf(msg, sizeof msg,
                 "secret '%s' is damaged: its sealed value is not valid "
                 "(was it truncated or edited by hand?)",
                 name);
        set_err(err, err_len, msg);
        return -1;
    }
    return 0;
}

/* secret_unseal: see secret.h. out->data is sodium_malloc'd; free with
 * secret_plain_free. On failure out is zeroed and err says why: wrong key,
 * tampered value, or a value sealed for another config key. */
int secret_unseal(const struct secret_key *key, const char *name, const char *sealed,
                  struct secret_plain *out, char *err, size_t err_len)
{
    unsigned char sk[KEY_LEN], *bin;
    size_t bin_len, plen;
    char msg[512];
    int rc = -1;
    out->data = NULL;
    out->len = 0;
    if (init() < 0 || !key || !name ||
        decode_sealed(name, sealed, &bin, &bin_len, err, err_len) < 0)
        return -1;
    plen = bin_len - NONCE_LEN - TAG_LEN;
    out->data = xalloc_check(sodium_malloc(plen + 1)); /* NULL only when out of memory */
    subkey(key, SUBKEY_SEAL, sk);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            (unsigned char *)out->data, NULL, NULL, bin + NONCE_LEN, bin_len - NONCE_LEN,
            (const unsigned char *)name, strlen(name), bin, sk) == 0) {
        out->data[plen] = '\0';
        out->len = plen;
        rc = 0;
    } else {
        secret_plain_free(out);
        snprintf(msg, sizeof msg,
                 "cannot open secret '%s': wrong passphrase for stack "
                 "secrets, or the sealed value was changed or sealed for another key",
                 name);
        set_err(err, err_len, msg);
    }
    sodium_memzero(sk, sizeof sk);
    free(bin);
    return rc;
}

/* secret_plain_free: see secret.h. NULL data is fine; p is left empty. */
void secret_plain_free(struct secret_plain *p)
{
    if (!p)
        return;
    if (p->data)
        sodium_free(p->data); /* wipes */
    p->data = NULL;
    p->len = 0;
}

/* ---- hashes and the key check -------------------------------------------- */

/* secret_hash: see secret.h. Hashes len(name) || name || plaintext, so equal
 * values under different config keys hash differently. */
char *secret_hash(const struct secret_key *key, const char *name, const struct secret_plain *p)
{
    unsigned char sk[KEY_LEN], h[32], nlen[8];
    crypto_generichash_state st;
    size_t n;
    if (init() < 0 || !key || !name || !p)
        return NULL;
    n = strlen(name);
    for (int i = 0; i < 8; i++)
        nlen[i] = (unsigned char)((uint64_t)n >> (8 * i));
    subkey(key, SUBKEY_HASH, sk);
    crypto_generichash_init(&st, sk, sizeof sk, sizeof h);
    crypto_generichash_update(&st, nlen, sizeof nlen);
    crypto_generichash_update(&st, (const unsigned char *)name, n);
    crypto_generichash_update(&st, (const unsigned char *)p->data, p->len);
    crypto_generichash_final(&st, h, sizeof h);
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(&st, sizeof st);
    return hex_string(HASH_PREFIX, h, sizeof h);
}

/* compute the check MAC of key into h[32]. */
static void check_mac(const struct secret_key *key, unsigned char *h)
{
    unsigned char sk[KEY_LEN];
    subkey(key, SUBKEY_CHECK, sk);
    crypto_generichash(h, 32, (const unsigned char *)CHECK_MSG, sizeof CHECK_MSG - 1, sk,
                       sizeof sk);
    sodium_memzero(sk, sizeof sk);
}

/* secret_check_new: see secret.h. "c1:<hex>", a keyed BLAKE2b of a fixed
 * message under its own subkey: it reveals nothing about the key. */
char *secret_check_new(const struct secret_key *key)
{
    unsigned char h[32];
    if (init() < 0 || !key)
        return NULL;
    check_mac(key, h);
    return hex_string(CHECK_PREFIX, h, sizeof h);
}

/* secret_check: see secret.h. Constant-time compare; -1 on any mismatch or a
 * malformed check value. */
int secret_check(const struct secret_key *key, const char *check)
{
    unsigned char h[32], want[32];
    size_t bin_len = 0;
    if (init() < 0 || !key || !check || strncmp(check, CHECK_PREFIX, 3) != 0 ||
        strlen(check + 3) != 64 ||
        sodium_hex2bin(want, sizeof want, check + 3, 64, NULL, &bin_len, NULL) != 0 ||
        bin_len != sizeof want)
        return -1;
    check_mac(key, h);
    return sodium_memcmp(h, want, sizeof h) == 0 ? 0 : -1;
}
