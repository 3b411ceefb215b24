#include "config.hpp"

#include <set>

#include <Poco/File.h>
#include <Poco/MD5Engine.h>

#include "error.hpp"
#include "json_util.hpp"
#include "text_rules.hpp"

namespace embyprov {

namespace {

int bounded(const json::Object& obj, const char* key, int fallback, int lo, int hi)
{
    const long long v = json::get_count(obj, key, fallback, hi);
    if (v < lo || v > hi)
        throw_invalid(std::string("config '") + key + "' must be between " +
                      std::to_string(lo) + " and " + std::to_string(hi));
    return static_cast<int>(v);
}

std::string text_or(const json::Object& obj, const char* key, const std::string& fallback)
{
    auto v = json::get_text(obj, key);
    return v ? *v : fallback;
}

// Every key embyprov_open() reads (embyprov.h); anything else is a typo.
const std::set<std::string> kKeys = {
    "database",     "templates_dir", "lang_dir",        "connect_timeout_ms", "timeout_ms",
    "call_timeout_ms", "max_parallel", "lock_wait_ms",   "tls_verify",         "ca_file",
    "client_name",  "device_id",     "audit_keep_days", "audit_keep_rows", "max_answer_bytes",
    "server_connections"};

void refuse_unknown_keys(const json::Object& obj)
{
    for (const auto& name : obj.getNames()) {
        if (kKeys.count(name))
            continue;
        std::string known;
        for (const auto& key : kKeys)
            known += (known.empty() ? "" : ", ") + key;
        throw_invalid("unknown config key '" + name + "' (known keys: " + known + ")");
    }
}

}  // namespace

Config Config::parse(const char* json_text)
{
    Config c;
    if (json_text && *json_text) {
        json::ObjectPtr obj = json::parse_object(json_text, "config");
        refuse_unknown_keys(*obj);
        c.database = text_or(*obj, "database", c.database);
        c.templates_dir = text_or(*obj, "templates_dir", "");
        c.lang_dir = text_or(*obj, "lang_dir", "");
        c.connect_timeout_ms = bounded(*obj, "connect_timeout_ms", c.connect_timeout_ms, 100, 120000);
        c.timeout_ms = bounded(*obj, "timeout_ms", c.timeout_ms, 100, 600000);
        c.call_timeout_ms = bounded(*obj, "call_timeout_ms", c.call_timeout_ms, 100, 3600000);
        c.max_answer_bytes = bounded(*obj, "max_answer_bytes", c.max_answer_bytes, 65536, 256 * 1024 * 1024);
        c.max_parallel = bounded(*obj, "max_parallel", c.max_parallel, 1, 64);
        c.server_connections = bounded(*obj, "server_connections", c.server_connections, 1, 256);
        c.lock_wait_ms = bounded(*obj, "lock_wait_ms", c.lock_wait_ms, 0, 600000);
        c.audit_keep_days = bounded(*obj, "audit_keep_days", c.audit_keep_days, 1, 36500);
        c.audit_keep_rows = bounded(*obj, "audit_keep_rows", c.audit_keep_rows, 1, 1000000);
        c.tls_verify = json::get_flag(*obj, "tls_verify", true);
        c.ca_file = text_or(*obj, "ca_file", "");
        c.client_name = text_or(*obj, "client_name", c.client_name);
        c.device_id = text_or(*obj, "device_id", "");
    }
    if (c.database.empty())
        throw_invalid("config 'database' must not be empty");
    // Emby's authorization header cannot carry these characters (§2.2), and
    // no header may carry a line break.
    for (const std::string* v : {&c.client_name, &c.device_id})
        if (v->find_first_of(",\"<>&=") != std::string::npos || has_control_characters(*v))
            throw_invalid("config 'client_name' and 'device_id' must not contain control characters or "
                          ", \" < > & =");
    if (!c.ca_file.empty()) {
        Poco::File file(c.ca_file);
        if (!file.exists() || !file.isFile() || !file.canRead())
            throw_invalid("config 'ca_file': '" + c.ca_file + "' is not a readable file");
    }
    if (c.device_id.empty()) {
        // Stable per installation, so the module shows up as one device.
        Poco::MD5Engine md5;
        md5.update("embyprov:" + c.database);
        c.device_id = Poco::DigestEngine::digestToHex(md5.digest());
    }
    return c;
}

}  // namespace embyprov
