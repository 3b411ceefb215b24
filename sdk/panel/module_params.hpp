// The module parameters in the WHMCS shape (embyprov.h, "Hooks"), built from
// the panel's records the way WHMCS builds $params for a server module.
#pragma once

#include <optional>

#include <Poco/JSON/Object.h>

#include "store.hpp"

namespace panel {

/// Server fields only (test_connection, usage_update, list_accounts).
Poco::JSON::Object::Ptr server_params(const Server& server);

/// Everything a service hook reads: server, service, product
/// (configoption1..N) and clientsdetails.
Poco::JSON::Object::Ptr service_params(const Service& service, const Server& server,
                                       const Product& product, const Client& client);

}  // namespace panel

namespace panel {

/// A service with the records its params are built from.
struct ServiceBundle {
    Service service;
    Server server;
    Product product;
    Client client;
};

/// The service and its server, product and client; nullopt when any is gone.
std::optional<ServiceBundle> load_bundle(Store& store, long long service_id);

inline Poco::JSON::Object::Ptr service_params(const ServiceBundle& b)
{
    return service_params(b.service, b.server, b.product, b.client);
}

}  // namespace panel
