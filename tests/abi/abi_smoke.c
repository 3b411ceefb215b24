/* A C host that knows only the public header and links libembyprov.so:
 * version checks, context lifetime, the error contract and ownership.
 * Prints "N passed, M failed" and exits non-zero on any failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embyprov/embyprov.h"

static int passed, failed;

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (cond) {                                                         \
            ++passed;                                                       \
        } else {                                                            \
            ++failed;                                                       \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                   \
    } while (0)

static int contains(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

int main(int argc, char **argv)
{
    embyprov_ctx *ctx = NULL;
    char *out = NULL;
    char config[512];
    int rc;

    if (argc < 2) {
        fprintf(stderr, "usage: abi_smoke DB_PATH\n");
        return 2;
    }
    snprintf(config, sizeof config, "{\"database\":\"sqlite:%s\"}", argv[1]);

    CHECK(embyprov_abi_version() == EMBYPROV_ABI_VERSION);
    CHECK(strcmp(embyprov_version(), EMBYPROV_VERSION_STRING) == 0);
    CHECK(strcmp(embyprov_strerror(EMBYPROV_EINVALID), "invalid input") == 0);
    CHECK(strcmp(embyprov_strerror(12345), "unknown error") == 0);

    /* misuse is reported, never crashes */
    CHECK(embyprov_open(NULL, NULL) == EMBYPROV_EMISUSE);
    CHECK(embyprov_open("{not json", &ctx) == EMBYPROV_EINVALID && ctx == NULL);
    CHECK(embyprov_open("{\"max_parallel\":99}", &ctx) == EMBYPROV_EINVALID && ctx == NULL);
    embyprov_close(NULL);
    embyprov_free(NULL);
    CHECK(embyprov_last_error(NULL)[0] != '\0');
    rc = embyprov_meta_data(NULL, "{}", &out);
    CHECK(rc == EMBYPROV_EMISUSE && contains(out, "\"error\""));
    embyprov_free(out);
    out = NULL;

    CHECK(embyprov_open(config, &ctx) == EMBYPROV_OK && ctx != NULL);
    if (!ctx)
        return 1;
    CHECK(embyprov_set_log_callback(ctx, NULL, NULL) == EMBYPROV_OK);

    rc = embyprov_meta_data(ctx, "{}", &out);
    CHECK(rc == EMBYPROV_OK && contains(out, "\"result\":\"success\"") && contains(out, "\"APIVersion\""));
    CHECK(embyprov_last_error(ctx)[0] == '\0');
    embyprov_free(out);

    rc = embyprov_config_options(ctx, NULL, &out);
    CHECK(rc == EMBYPROV_OK && contains(out, "\"FriendlyName\""));
    embyprov_free(out);

    rc = embyprov_create_account(ctx, "{\"serviceid\": 1,", &out);
    CHECK(rc == EMBYPROV_EINVALID && contains(out, "\"error\"") && contains(out, "not valid JSON"));
    CHECK(contains(embyprov_last_error(ctx), "not valid JSON"));
    embyprov_free(out);

    rc = embyprov_suspend_account(ctx, "[]", &out);
    CHECK(rc == EMBYPROV_EINVALID);
    embyprov_free(out);

    rc = embyprov_suspend_account(ctx, "{\"serviceid\":\"1\",\"serverhostname\":\"127.0.0.1\","
                                       "\"serveraccesshash\":\"k\"}", &out);
    CHECK(rc == EMBYPROV_ENOTFOUND && contains(out, "create it first"));
    embyprov_free(out);

    rc = embyprov_call(ctx, "does_not_exist", "{}", NULL, &out);
    CHECK(rc == EMBYPROV_ENOTFOUND && contains(out, "unknown hook"));
    embyprov_free(out);

    rc = embyprov_call(ctx, NULL, "{}", NULL, &out);
    CHECK(rc == EMBYPROV_ENOTFOUND);
    embyprov_free(out);

    rc = embyprov_meta_data(ctx, "{}", NULL);
    CHECK(rc == EMBYPROV_EMISUSE);

    rc = embyprov_client_area(ctx, "{\"serviceid\":\"1\"}", NULL, &out);
    CHECK(rc == EMBYPROV_ENOTFOUND && contains(out, "\"error\""));  /* never provisioned */
    embyprov_free(out);

    {
        /* a 2 MiB params document is refused, not parsed */
        size_t n = 2u * 1024u * 1024u;
        char *big = malloc(n + 1);
        if (big) {
            memset(big, ' ', n);
            big[0] = '{';
            big[n - 1] = '}';
            big[n] = '\0';
            rc = embyprov_create_account(ctx, big, &out);
            CHECK(rc == EMBYPROV_EINVALID && contains(out, "too large"));
            embyprov_free(out);
            free(big);
        }
    }

    embyprov_close(ctx);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
