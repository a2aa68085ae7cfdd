/* Unit tests for runtime/secrets/secret.c: round trips, wrong passphrase, tampering,
 * wrong key name, key files, hashes and the check value. Prints TAP-like
 * "ok - name" / "not ok - name" lines; exits 1 if any test failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "runtime/secrets/secret.h"

struct t {
    int failed;
};

static void check(struct t *t, int cond, const char *name, const char *detail)
{
    if (cond) {
        printf("ok - secret: %s\n", name);
        return;
    }
    printf("not ok - secret: %s\n", name);
    if (detail)
        printf("#   %s\n", detail);
    t->failed++;
}

static const char PLAIN[] = "sk-live-4f9a2b7c-very-secret-value";

static void test_round_trip(struct t *t, const struct secret_key *k)
{
    struct secret_plain p;
    char err[512] = "";
    char *s = secret_seal(k, "api_key", PLAIN, strlen(PLAIN));
    char *s2 = secret_seal(k, "api_key", PLAIN, strlen(PLAIN));
    int rc = s ? secret_unseal(k, "api_key", s, &p, err, sizeof err) : -1;
    check(t,
          rc == 0 && p.len == strlen(PLAIN) && memcmp(p.data, PLAIN, p.len) == 0 &&
              p.data[p.len] == '\0',
          "seal then unseal gives the plaintext back", err);
    if (rc == 0)
        secret_plain_free(&p);
    check(t,
          s && strncmp(s, "v1:", 3) == 0 &&
              strspn(s + 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                            "abcdefghijklmnopqrstuvwxyz0123456789-_") == strlen(s + 3),
          "sealed form is v1: + URL-safe base64", s);
    check(t, s && !strstr(s, PLAIN) && !strstr(s, "secret"), "no plaintext in sealed string", s);
    check(t, s && s2 && strcmp(s, s2) != 0, "two seals of one value differ (fresh nonce)", NULL);
    free(s);
    free(s2);
}

static void test_binary_and_empty(struct t *t, const struct secret_key *k)
{
    static const char bin[] = {'a', 0, 'b', 0, (char)0xff};
    struct secret_plain p;
    char err[512] = "";
    char *s = secret_seal(k, "blob", bin, sizeof bin);
    int rc = s ? secret_unseal(k, "blob", s, &p, err, sizeof err) : -1;
    check(t, rc == 0 && p.len == sizeof bin && memcmp(p.data, bin, sizeof bin) == 0,
          "plaintext with NUL bytes round-trips", err);
    if (rc == 0)
        secret_plain_free(&p);
    free(s);
    s = secret_seal(k, "empty", "", 0);
    rc = s ? secret_unseal(k, "empty", s, &p, err, sizeof err) : -1;
    check(t, rc == 0 && p.len == 0 && p.data && p.data[0] == '\0', "empty value round-trips", err);
    if (rc == 0)
        secret_plain_free(&p);
    free(s);
}

static void test_wrong_key(struct t *t, const struct secret_key *k, const struct secret_key *k2)
{
    struct secret_plain p = {(char *)"x", 1};
    char err[512] = "";
    char *s = secret_seal(k, "api_key", PLAIN, strlen(PLAIN));
    int rc = secret_unseal(k2, "api_key", s, &p, err, sizeof err);
    check(t, rc == -1 && p.data == NULL && p.len == 0 && strstr(err, "wrong passphrase"),
          "wrong passphrase fails with a clear error", err);
    check(t, !strstr(err, PLAIN), "error message holds no plaintext", err);
    err[0] = '\0';
    rc = secret_unseal(k, "other_key", s, &p, err, sizeof err);
    check(t, rc == -1 && p.data == NULL && strstr(err, "other_key"),
          "value sealed for another key name does not open", err);
    free(s);
}

static void test_tamper(struct t *t, const struct secret_key *k)
{
    struct secret_plain p;
    char err[512] = "";
    char *s = secret_seal(k, "api_key", PLAIN, strlen(PLAIN));
    size_t n = strlen(s);
    int rc;
    s[n / 2] = s[n / 2] == 'A' ? 'B' : 'A';
    rc = secret_unseal(k, "api_key", s, &p, err, sizeof err);
    check(t, rc == -1 && p.data == NULL, "a changed character is detected", err);
    s[n / 2] = '\0';
    rc = secret_unseal(k, "api_key", s, &p, err, sizeof err);
    check(t, rc == -1 && p.data == NULL, "a truncated value is detected", err);
    rc = secret_unseal(k, "api_key", "v1:%%%", &p, err, sizeof err);
    check(t, rc == -1 && strstr(err, "damaged"), "garbage base64 is reported as damaged", err);
    rc = secret_unseal(k, "api_key", "plain-text", &p, err, sizeof err);
    check(t, rc == -1 && strstr(err, "not a sealed value"), "unsealed text is refused", err);
    free(s);
}

static void test_hash(struct t *t, const struct secret_key *k, const struct secret_key *k2)
{
    struct secret_plain a = {(char *)PLAIN, strlen(PLAIN)};
    struct secret_plain b = {(char *)"another value", 13};
    char *h1 = secret_hash(k, "api_key", &a), *h2 = secret_hash(k, "api_key", &a);
    char *h3 = secret_hash(k2, "api_key", &a), *h4 = secret_hash(k, "api_key", &b);
    char *h5 = secret_hash(k, "other", &a);
    check(t,
          h1 && strncmp(h1, "h1:", 3) == 0 && strlen(h1) == 67 &&
              strspn(h1 + 3, "0123456789abcdef") == 64,
          "hash is h1: + 64 hex digits", h1);
    check(t, h1 && h2 && strcmp(h1, h2) == 0, "hash is stable for the same key and value", NULL);
    check(t, h1 && h3 && strcmp(h1, h3) != 0, "hash differs across stack keys", NULL);
    check(t, h1 && h4 && strcmp(h1, h4) != 0, "hash differs for a changed secret", NULL);
    check(t, h1 && h5 && strcmp(h1, h5) != 0, "hash differs across config key names", NULL);
    free(h1), free(h2), free(h3), free(h4), free(h5);
}

static void test_salt_and_check(struct t *t, const char *salt, const struct secret_key *k,
                                const struct secret_key *k2)
{
    char err[512] = "", want[64];
    char *c = secret_check_new(k), *c2 = NULL;
    struct secret_key *again = secret_key_from_passphrase("correct horse", salt, err, sizeof err);
    snprintf(want, sizeof want,
             "argon2id:v1:%llu:%zu:", (unsigned long long)crypto_pwhash_OPSLIMIT_INTERACTIVE,
             (size_t)crypto_pwhash_MEMLIMIT_INTERACTIVE);
    check(t, strncmp(salt, want, strlen(want)) == 0, "salt string stores INTERACTIVE limits", salt);
    check(t, c && secret_check(k, c) == 0, "check value matches its own key", c);
    check(t, c && secret_check(k2, c) == -1, "check value rejects a wrong passphrase", NULL);
    check(t, secret_check(k, "c1:zz") == -1 && secret_check(k, NULL) == -1,
          "malformed check value is rejected", NULL);
    c2 = again ? secret_check_new(again) : NULL;
    check(t, c && c2 && strcmp(c, c2) == 0, "same passphrase and salt give the same key", err);
    secret_key_free(again);
    again = secret_key_from_passphrase("correct horse", "argon2id:v1:2:67108864:short", err,
                                       sizeof err);
    check(t, !again && strstr(err, "invalid encryption salt"), "malformed salt is refused", err);
    again = secret_key_from_passphrase("", salt, err, sizeof err);
    check(t, !again && strstr(err, "DOME_PASSPHRASE"), "empty passphrase is refused", err);
    free(c);
    free(c2);
}

/* write n bytes to a fresh temp file; returns its malloc'd path. */
static char *temp_file(const void *data, size_t n)
{
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char *path = malloc(strlen(dir) + 32);
    int fd;
    sprintf(path, "%s/domec-key-XXXXXX", dir);
    fd = mkstemp(path);
    if (fd < 0 || write(fd, data, n) != (ssize_t)n) {
        free(path);
        return NULL;
    }
    close(fd);
    return path;
}

static void test_key_file(struct t *t)
{
    unsigned char raw[32];
    char b64[64], err[512] = "";
    char *p1, *p2, *p3, *s;
    struct secret_key *k1, *k2, *k3;
    struct secret_plain p;
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
    strcat(b64, "\n");
    p1 = temp_file(raw, sizeof raw), p2 = temp_file(b64, strlen(b64));
    p3 = temp_file(raw, 31);
    k1 = secret_key_from_file(p1, err, sizeof err);
    k2 = secret_key_from_file(p2, err, sizeof err);
    check(t, k1 && k2, "key file: raw and base64 forms load", err);
    s = k1 ? secret_seal(k1, "api_key", PLAIN, strlen(PLAIN)) : NULL;
    check(t,
          s && k2 && secret_unseal(k2, "api_key", s, &p, err, sizeof err) == 0 &&
              strcmp(p.data, PLAIN) == 0,
          "key file: raw and base64 give the same key", err);
    if (s && k2 && p.data)
        secret_plain_free(&p);
    k3 = secret_key_from_file(p3, err, sizeof err);
    check(t, !k3 && strstr(err, "32-byte key"), "key file: a 31-byte file is refused", err);
    k3 = secret_key_from_file("/nonexistent/domec.key", err, sizeof err);
    check(t, !k3 && strstr(err, "cannot open key file"), "key file: missing file is reported", err);
    unlink(p1), unlink(p2), unlink(p3);
    free(p1), free(p2), free(p3), free(s);
    secret_key_free(k1);
    secret_key_free(k2);
}

int main(void)
{
    struct t t = {0};
    char err[512] = "";
    char *salt = secret_salt_new(), *salt2 = secret_salt_new();
    struct secret_key *k = secret_key_from_passphrase("correct horse", salt, err, sizeof err);
    struct secret_key *k2 = secret_key_from_passphrase("wrong horse", salt, err, sizeof err);
    struct secret_key *k3 = secret_key_from_passphrase("correct horse", salt2, err, sizeof err);
    char *c = k ? secret_check_new(k) : NULL;
    check(t.failed ? &t : &t, salt && salt2 && strcmp(salt, salt2) != 0 && k && k2 && k3,
          "salts are fresh and keys derive", err);
    if (!k || !k2 || !k3)
        return 1;
    test_round_trip(&t, k);
    test_binary_and_empty(&t, k);
    test_wrong_key(&t, k, k2);
    test_tamper(&t, k);
    test_hash(&t, k, k2);
    test_salt_and_check(&t, salt, k, k2);
    check(&t, secret_check(k3, c) == -1, "same passphrase with another salt is another key", NULL);
    test_key_file(&t);
    secret_key_free(k), secret_key_free(k2), secret_key_free(k3);
    free(salt), free(salt2), free(c);
    return t.failed ? 1 : 0;
}
