// The public header compiled as C++.
#include "embyprov/embyprov.h"

static_assert(EMBYPROV_ABI_VERSION == 1, "ABI version");
static_assert(EMBYPROV_VERSION_NUMBER == EMBYPROV_VERSION_MAJOR * 10000 + EMBYPROV_VERSION_MINOR * 100 +
                                             EMBYPROV_VERSION_PATCH,
              "version number");

int main()
{
    return EMBYPROV_OK;
}
