#include "fixture.hpp"

#include <cstdlib>
#include <stdexcept>

#include <Poco/File.h>
#include <Poco/JSON/Parser.h>
#include <Poco/TemporaryFile.h>

#include "store.hpp"

namespace itest {

std::string HookResult::error() const
{
    return json && json->has("error") ? json->getValue<std::string>("error") : std::string();
}

std::string HookResult::str(const std::string& key) const
{
    return json && json->has(key) ? json->get(key).convert<std::string>() : std::string();
}

Poco::JSON::Object::Ptr HookResult::step(const std::string& name) const
{
    auto steps = json ? json->getArray("steps") : nullptr;
    for (std::size_t i = 0; steps && i < steps->size(); ++i)
        if (steps->getObject(static_cast<unsigned>(i))->getValue<std::string>("step") == name)
            return steps->getObject(static_cast<unsigned>(i));
    return nullptr;
}

Poco::JSON::Object::Ptr obj(const std::string& json)
{
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

Module::Module(const std::string& db_path, const std::string& extra_config)
{
    std::string config = "{\"database\":\"sqlite:" + db_path + "\",\"timeout_ms\":5000" +
                         (extra_config.empty() ? "" : "," + extra_config) + "}";
    const int rc = embyprov_open(config.c_str(), &ctx_);
    if (rc != EMBYPROV_OK)
        throw std::runtime_error(std::string("embyprov_open: ") + embyprov_strerror(rc));
    embyprov_set_log_callback(ctx_, &Module::on_log, this);
}

Module::~Module()
{
    embyprov_close(ctx_);
}

void Module::on_log(void* self, const char* action, const char* request, const char* response)
{
    auto* m = static_cast<Module*>(self);
    std::lock_guard<std::mutex> lock(m->mutex_);
    m->log_.push_back({action, request, response, std::this_thread::get_id()});
}

std::vector<LogLine> Module::log() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return log_;
}

namespace {

/// Takes over a result the library returned and checks the contract:
/// always a JSON object with exactly one of "result" and "error".
HookResult take_result(int code, char* out, const std::string& what)
{
    if (!out)
        throw std::runtime_error("no result JSON from " + what);
    HookResult r;
    r.code = code;
    r.text = out;
    embyprov_free(out);
    r.json = obj(r.text);
    if (r.ok() != (r.json->has("result") && !r.json->has("error")))
        throw std::runtime_error("result JSON breaks the contract: " + r.text);
    return r;
}

std::string text_of(const Poco::JSON::Object& params)
{
    std::ostringstream text;
    params.stringify(text);
    return text.str();
}

}  // namespace

HookResult Module::call(const std::string& hook, const Poco::JSON::Object& params)
{
    char* out = nullptr;
    const int code = embyprov_call(ctx_, hook.c_str(), text_of(params).c_str(), nullptr, &out);
    return take_result(code, out, hook);
}

HookResult Module::client_area(const Poco::JSON::Object& params, const std::string& request_json)
{
    char* out = nullptr;
    const int code = embyprov_client_area(ctx_, text_of(params).c_str(), request_json.c_str(), &out);
    return take_result(code, out, "client_area");
}

namespace {

std::string temp_db()
{
    return Poco::TemporaryFile::tempName() + ".db";
}

std::string option(const std::vector<std::string>& sim_args, const std::string& name)
{
    for (std::size_t i = 0; i + 1 < sim_args.size(); ++i)
        if (sim_args[i] == name)
            return sim_args[i + 1];
    return {};
}

std::vector<std::string> with_default_server(const std::vector<std::string>& sim_args)
{
    if (!option(sim_args, "--flavor").empty())
        return sim_args;
    std::vector<std::string> args = default_server_args();
    args.insert(args.end(), sim_args.begin(), sim_args.end());
    return args;
}

}  // namespace

std::vector<std::string> default_server_args()
{
    const char* chosen = std::getenv("EMBYPROV_ITEST_SERVER");
    const std::string server = chosen ? chosen : "";
    if (server.empty() || server == "emby")
        return {};
    if (server == "jellyfin-10.11" || server == "jellyfin-12.0")
        return {"--flavor", "jellyfin", "--server-version", server.substr(9)};
    throw std::runtime_error("EMBYPROV_ITEST_SERVER: expected emby, jellyfin-10.11 or jellyfin-12.0, not " + server);
}

bool default_server_is_emby()
{
    return default_server_args().empty();
}

Env::Env(const std::vector<std::string>& sim_args, const std::string& extra_config)
    : db_path(temp_db()), jellyfin(option(with_default_server(sim_args), "--flavor") == "jellyfin"),
      sim(with_default_server(sim_args)),
      // Jellyfin 12 serves no /emby prefix.
      emby(sim.url(), sim.api_key(),
           option(with_default_server(sim_args), "--server-version").rfind("12", 0) != 0, jellyfin),
      module(db_path, extra_config)
{
}

Env::~Env()
{
    for (const char* suffix : {"", "-wal", "-shm", "-locks"}) {
        try {
            Poco::File f(db_path + suffix);
            if (f.exists())
                f.remove();
        } catch (...) {
        }
    }
}

Poco::JSON::Object Env::params(const std::string& service_id, const std::string& username,
                               const std::string& password) const
{
    Poco::JSON::Object p;
    p.set("serviceid", service_id);
    if (!username.empty())
        p.set("username", username);
    p.set("password", password);
    p.set("serverhostname", "127.0.0.1");
    p.set("serverport", sim.port());
    p.set("serversecure", "");
    p.set("serveraccesshash", sim.api_key());
    p.set("clientsdetails", obj(R"({"language":"english"})"));
    return p;
}

Poco::JSON::Object Env::tls_params(unsigned short port, const std::string& host) const
{
    auto p = params("");
    p.set("serverhostname", host);
    p.set("serverport", port);
    p.set("serversecure", "on");
    return p;
}

std::string Env::add_media_account(const std::string& service_id, const std::string& name, bool enabled)
{
    const std::string id = emby.create_user(name, "Media-pass-123");
    if (!enabled)
        emby.set_disabled(id, true);
    auto store = embyprov::Store::open("sqlite:" + db_path);
    embyprov::MediaAccountRecord m;
    m.user_id = id;
    m.service_id = service_id;
    m.username = name;
    m.enabled = enabled;
    // Distinct creation times make "oldest first" deterministic.
    const int n = media_created_++;
    m.created_at = "2026-01-01T00:00:" + std::string(n < 10 ? "0" : "") + std::to_string(n) + "Z";
    store->save_media_account(m);
    return id;
}

int Env::stream_limit(const Poco::JSON::Object& policy) const
{
    if (!jellyfin)
        return policy.getValue<int>("SimultaneousStreamLimit");
    if (policy.has("SimultaneousStreamLimit") || policy.getValue<int>("MaxActiveSessions") != 0)
        throw std::runtime_error("a Jellyfin policy with a sign-in limit");
    return -1;
}

std::vector<std::string> Env::requests()
{
    std::vector<std::string> out;
    for (const auto& r : emby.requests()) {
        std::string path = r.path;
        if (path.rfind("/emby", 0) == 0)
            path = path.substr(5);
        out.push_back(r.method + " " + path);
    }
    return out;
}

}  // namespace itest
