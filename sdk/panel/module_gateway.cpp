#include "module_gateway.hpp"

#include <sstream>

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timestamp.h>

namespace panel {

namespace {

// Keep the module log bounded: it is for looking at recent calls, not an archive.
constexpr std::size_t kLogEntries = 300;

std::string stringify(const Poco::JSON::Object& o)
{
    std::ostringstream s;
    o.stringify(s);
    return s.str();
}

}  // namespace

std::string HookResult::message() const
{
    return ok() ? text("message") : text("error");
}

std::string HookResult::text(const std::string& key) const
{
    if (!json || !json->has(key))
        return {};
    const Poco::Dynamic::Var v = json->get(key);
    return v.isString() ? v.extract<std::string>() : std::string();
}

ModuleGateway::ModuleGateway(const std::string& lib_path, const std::string& config_json)
    : lib_(lib_path), config_(config_json)
{
    release(acquire());  // a bad configuration fails at start, not on the first click
}

ModuleGateway::~ModuleGateway() = default;

std::unique_ptr<host::Context> ModuleGateway::acquire()
{
    {
        std::lock_guard<std::mutex> lock(pool_mutex_);
        if (!idle_.empty()) {
            auto ctx = std::move(idle_.back());
            idle_.pop_back();
            return ctx;
        }
    }
    auto ctx = std::make_unique<host::Context>(lib_, config_);
    lib_.set_log_callback(ctx->get(), &ModuleGateway::on_log, this);
    return ctx;
}

void ModuleGateway::release(std::unique_ptr<host::Context> ctx)
{
    std::lock_guard<std::mutex> lock(pool_mutex_);
    idle_.push_back(std::move(ctx));
}

HookResult ModuleGateway::call(const std::string& hook, const Poco::JSON::Object& params,
                               const Poco::JSON::Object* request)
{
    auto ctx = acquire();
    std::string raw;
    const std::string request_text = request ? stringify(*request) : std::string();
    HookResult out;
    out.code = ctx->call(hook, stringify(params), raw, request ? request_text.c_str() : nullptr);
    release(std::move(ctx));
    try {
        out.json = Poco::JSON::Parser().parse(raw).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
        out.json = nullptr;
    }
    if (!out.json) {
        // The header promises an object; if that ever breaks, say so plainly.
        out.json = new Poco::JSON::Object;
        out.json->set("error", "the module returned an unreadable result");
        if (out.code == 0)
            out.code = EMBYPROV_ERROR;
    }
    return out;
}

void ModuleGateway::on_log(void* self, const char* action, const char* request, const char* response)
{
    auto* gateway = static_cast<ModuleGateway*>(self);
    ModuleLogEntry e;
    e.at = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%d %H:%M:%S");
    e.action = action ? action : "";
    e.request = request ? request : "";
    e.response = response ? response : "";
    std::lock_guard<std::mutex> lock(gateway->log_mutex_);
    gateway->log_.push_front(std::move(e));
    if (gateway->log_.size() > kLogEntries)
        gateway->log_.pop_back();
}

std::vector<ModuleLogEntry> ModuleGateway::log() const
{
    std::lock_guard<std::mutex> lock(log_mutex_);
    return {log_.begin(), log_.end()};
}

}  // namespace panel
