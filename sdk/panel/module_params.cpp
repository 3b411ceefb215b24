#include "module_params.hpp"

namespace panel {

Poco::JSON::Object::Ptr server_params(const Server& server)
{
    Poco::JSON::Object::Ptr p = new Poco::JSON::Object;
    p->set("serverhostname", server.hostname);
    p->set("serverport", server.port);
    p->set("serversecure", server.secure ? "on" : "");
    p->set("serveraccesshash", server.api_key);
    if (!server.admin_username.empty()) {
        p->set("serverusername", server.admin_username);
        p->set("serverpassword", server.admin_password);
    }
    return p;
}

Poco::JSON::Object::Ptr service_params(const Service& service, const Server& server,
                                       const Product& product, const Client& client)
{
    Poco::JSON::Object::Ptr p = server_params(server);
    p->set("serviceid", service.id);
    p->set("userid", client.id);
    p->set("pid", product.id);
    p->set("username", service.username);
    p->set("password", service.password);
    for (std::size_t i = 0; i < product.options.size(); ++i)
        p->set("configoption" + std::to_string(i + 1), product.options[i]);

    // WHMCS splits the name; the module only reads language, but a shim
    // passes the whole object, so the panel does too.
    Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
    const auto space = client.name.find(' ');
    details->set("userid", client.id);
    details->set("firstname", client.name.substr(0, space));
    details->set("lastname", space == std::string::npos ? "" : client.name.substr(space + 1));
    details->set("fullname", client.name);
    details->set("email", client.email);
    details->set("language", client.language);
    p->set("clientsdetails", details);
    return p;
}

}  // namespace panel

namespace panel {

std::optional<ServiceBundle> load_bundle(Store& store, long long service_id)
{
    auto service = store.service(service_id);
    if (!service)
        return std::nullopt;
    auto server = store.server(service->server_id);
    auto product = store.product(service->product_id);
    auto client = store.client(service->client_id);
    if (!server || !product || !client)
        return std::nullopt;
    return ServiceBundle{*service, *server, *product, *client};
}

}  // namespace panel
