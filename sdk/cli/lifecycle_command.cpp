// embyprov lifecycle --server URL --api-key KEY: walks one account through
// its whole life and checks each step the way the customer would notice it,
// by signing in to the server, not by asking the library.
#include <iostream>
#include <random>
#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "commands.hpp"
#include "host/library.hpp"
#include "user_probe.hpp"

namespace cli {

using host::Context;
using host::Library;

namespace {

class Walk {
public:
    Walk(Context& ctx, Poco::JSON::Object::Ptr base) : ctx_(ctx), base_(std::move(base)) {}

    /// Calls a hook with the base params plus `extra`; prints the step.
    Poco::JSON::Object::Ptr hook(const std::string& step, const std::string& name,
                                 const Poco::JSON::Object& extra = Poco::JSON::Object())
    {
        Poco::JSON::Object params(*base_);
        for (const auto& key : extra.getNames())
            params.set(key, extra.get(key));
        std::ostringstream text;
        params.stringify(text);
        std::string result;
        const int rc = ctx_.call(name, text.str(), result);
        auto obj = Poco::JSON::Parser().parse(result).extract<Poco::JSON::Object::Ptr>();
        report(step + " (" + name + ")", rc == EMBYPROV_OK,
               rc == EMBYPROV_OK ? summary(*obj) : obj->optValue<std::string>("error", result));
        return obj;
    }

    void expect(const std::string& step, bool ok, const std::string& detail) { report(step, ok, detail); }

    int failures() const { return failures_; }

private:
    static std::string summary(const Poco::JSON::Object& o)
    {
        std::string out;
        for (const auto& key : o.getNames()) {
            if (key == "result" || key == "password" || key == "steps")
                continue;
            std::ostringstream v;
            Poco::JSON::Stringifier::condense(o.get(key), v);
            out += (out.empty() ? "" : ", ") + key + "=" + v.str();
        }
        return out.empty() ? "ok" : out;
    }

    void report(const std::string& step, bool ok, const std::string& detail)
    {
        failures_ += ok ? 0 : 1;
        std::cout << (ok ? "  ok    " : "  FAIL  ") << step << (detail.empty() ? "" : ": " + detail)
                  << std::endl;
    }

    Context& ctx_;
    Poco::JSON::Object::Ptr base_;
    int failures_ = 0;
};

std::string random_hex(std::size_t n)
{
    std::random_device rd;
    std::string out;
    const char* hex = "0123456789abcdef";
    for (std::size_t i = 0; i < n; ++i)
        out += hex[rd() % 16];
    return out;
}

std::string status_text(int status)
{
    return "HTTP " + std::to_string(status);
}

}  // namespace

int run_lifecycle(const Options& o)
{
    const std::string server = option(o, "server");
    const std::string key = option(o, "api-key");
    if (server.empty() || key.empty()) {
        std::cerr << "embyprov lifecycle: --server URL and --api-key KEY are required" << std::endl;
        return 2;
    }
    Library lib(option(o, "lib"));
    Context ctx(lib, config_json(o));
    UserProbe user(server);

    Poco::JSON::Object::Ptr base = new Poco::JSON::Object;
    base->set("serviceid", option(o, "service-id", "lifecycle-" + random_hex(6)));
    base->set("username", option(o, "username", "demo-" + random_hex(6)));
    base->set("serverhostname", server);
    base->set("serveraccesshash", key);
    if (o.count("libraries"))
        base->set("configoption2", option(o, "libraries"));
    const std::string name = base->getValue<std::string>("username");

    std::cout << "embyprov " << lib.version() << " (" << lib.path() << ")\n"
              << "lifecycle of '" << name << "' on " << server << std::endl;
    Walk walk(ctx, base);
    std::string token, token_tv, ignored;

    walk.hook("check the server", "test_connection");
    auto created = walk.hook("create the account", "create_account");
    const std::string first_pw = created->optValue<std::string>("password", "");
    int s = user.sign_in(name, first_pw, "lifecycle-phone", token);
    walk.expect("the customer signs in with the generated password", s == 200, status_text(s));
    s = user.sign_in(name, "", "lifecycle-phone", ignored);
    walk.expect("a blank password is refused", s == 401 || s == 403, status_text(s));
    user.sign_in(name, first_pw, "lifecycle-tv", token_tv);

    walk.hook("suspend", "suspend_account");
    s = user.sign_in(name, first_pw, "lifecycle-phone", ignored);
    walk.expect("signing in is refused while suspended", s == 401 || s == 403, status_text(s));
    s = user.token_status(token_tv);
    walk.expect("the TV's session ended with the suspension", s == 401, status_text(s));

    walk.hook("unsuspend", "unsuspend_account");
    s = user.sign_in(name, first_pw, "lifecycle-phone", token);
    walk.expect("signing in works again", s == 200, status_text(s));

    const std::string second_pw = "Lc-" + random_hex(12) + "x";
    Poco::JSON::Object pw;
    pw.set("password", second_pw);
    walk.hook("change the password", "change_password", pw);
    s = user.sign_in(name, first_pw, "lifecycle-phone", ignored);
    walk.expect("the old password is refused", s == 401 || s == 403, status_text(s));
    s = user.sign_in(name, second_pw, "lifecycle-tv", token_tv);
    walk.expect("the new password works", s == 200, status_text(s));

    walk.hook("sign out all devices", "drop_devices");
    s = user.token_status(token_tv);
    walk.expect("the TV is signed out", s == 401, status_text(s));

    walk.hook("terminate", "terminate_account");
    s = user.sign_in(name, second_pw, "lifecycle-phone", ignored);
    walk.expect("the account is gone", s == 401 || s == 403 || s == 404, status_text(s));

    std::cout << (walk.failures() == 0 ? "lifecycle passed" : "lifecycle FAILED") << " ("
              << walk.failures() << " failed checks)" << std::endl;
    return walk.failures() == 0 ? 0 : 1;
}

}  // namespace cli
