/* Built against an unpacked package (pkg-config or find_package), linked
 * with -lembyprov, run: opens a context and calls a hook. */
#include <stdio.h>
#include <string.h>

#include <embyprov/embyprov.h>

int main(int argc, char **argv)
{
    const char *config = argc > 1 ? argv[1] : "{\"database\":\"sqlite::memory:\"}";
    embyprov_ctx *ctx = NULL;
    char *result = NULL;
    int rc;

    if (embyprov_abi_version() != EMBYPROV_ABI_VERSION) {
        fprintf(stderr, "ABI %u, header says %d\n", (unsigned)embyprov_abi_version(), EMBYPROV_ABI_VERSION);
        return 1;
    }
    if (strcmp(embyprov_version(), EMBYPROV_VERSION_STRING) != 0) {
        fprintf(stderr, "version %s, header says %s\n", embyprov_version(), EMBYPROV_VERSION_STRING);
        return 1;
    }
    rc = embyprov_open(config, &ctx);
    if (rc != EMBYPROV_OK) {
        fprintf(stderr, "embyprov_open: %s\n", embyprov_strerror(rc));
        return 1;
    }
    rc = embyprov_meta_data(ctx, "{}", &result);
    printf("embyprov %s: meta_data rc=%d %s\n", embyprov_version(), rc, result ? result : "(null)");
    if (rc != EMBYPROV_OK || !result || !strstr(result, "\"result\":\"success\"")) {
        embyprov_free(result);
        embyprov_close(ctx);
        return 1;
    }
    embyprov_free(result);
    embyprov_close(ctx);
    puts("consumer ok");
    return 0;
}
