// Secrets in every encoding into every output: a hostile server echoes each
// secret of a call, spelled each way a server or a host might spell it, and
// none of the spellings may reach the log callback, last_error, the result
// JSON, the audit trail or the client area's html.
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <Poco/Base64Encoder.h>

#include "echo_server.hpp"
#include "fixture.hpp"
#include "store.hpp"

using namespace itest;

namespace {

std::string hex(unsigned v, int digits, bool upper)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, upper ? "%0*X" : "%0*x", digits, v);
    return buf;
}

/// One character of UTF-8 text: its bytes and its code point.
struct Char {
    std::string bytes;
    unsigned cp = 0;
};

std::vector<Char> chars(const std::string& s)
{
    std::vector<Char> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        unsigned cp = n == 1 ? c : c & (0xffu >> (n + 1));
        for (std::size_t k = 1; k < n; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3fu);
        out.push_back({s.substr(i, n), cp});
        i += n;
    }
    return out;
}

std::string json_u(unsigned cp, bool upper)
{
    if (cp < 0x10000)
        return "\\u" + hex(cp, 4, upper);
    cp -= 0x10000;
    return "\\u" + hex(0xd800 + (cp >> 10), 4, upper) + "\\u" + hex(0xdc00 + (cp & 0x3ff), 4, upper);
}

enum class Json { Standard, EscapedSlash, AsciiOnly, AllEscaped };

std::string json_escape(const std::string& s, Json how)
{
    std::string out;
    for (const Char& c : chars(s)) {
        if (how == Json::AllEscaped) out += json_u(c.cp, true);
        else if (c.cp == '"') out += "\\\"";
        else if (c.cp == '\\') out += "\\\\";
        else if (c.cp == '/' && how == Json::EscapedSlash) out += "\\/";
        else if (c.cp < 0x20 || (c.cp >= 0x80 && how == Json::AsciiOnly)) out += json_u(c.cp, false);
        else out += c.bytes;
    }
    return out;
}

std::string html_named(const std::string& s)
{
    std::string out;
    for (const char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string html_numeric(const std::string& s, bool hex_form)
{
    std::string out;
    for (const Char& c : chars(s))
        out += hex_form ? "&#x" + hex(c.cp, 1, false) + ";" : "&#" + std::to_string(c.cp) + ";";
    return out;
}

std::string url_encode(const std::string& s, bool upper, bool plus_for_space)
{
    std::string out;
    for (const char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if (std::isalnum(b) || c == '-' || c == '.' || c == '_' || c == '~') out += c;
        else if (c == ' ' && plus_for_space) out += '+';
        else out += "%" + hex(b, 2, upper);
    }
    return out;
}

std::string base64(const std::string& s, bool url_safe)
{
    std::ostringstream out;
    Poco::Base64Encoder enc(out, url_safe ? Poco::BASE64_URL_ENCODING : 0);
    enc.rdbuf()->setLineLength(0);
    enc << s;
    enc.close();
    return out.str();
}

struct Encoding {
    const char* name;
    std::string (*spell)(const std::string&);
};

const Encoding kEncodings[] = {
    {"plain", [](const std::string& s) { return s; }},
    {"json", [](const std::string& s) { return json_escape(s, Json::Standard); }},
    {"json with \\/", [](const std::string& s) { return json_escape(s, Json::EscapedSlash); }},
    {"json ascii", [](const std::string& s) { return json_escape(s, Json::AsciiOnly); }},
    {"json all \\u", [](const std::string& s) { return json_escape(s, Json::AllEscaped); }},
    {"html named", html_named},
    {"html decimal", [](const std::string& s) { return html_numeric(s, false); }},
    {"html hex", [](const std::string& s) { return html_numeric(s, true); }},
    {"url", [](const std::string& s) { return url_encode(s, true, false); }},
    {"url lower, + for space", [](const std::string& s) { return url_encode(s, false, true); }},
    {"basic auth", [](const std::string& s) { return "Basic " + base64("alice:" + s, false); }},
    {"base64url", [](const std::string& s) { return base64("k=" + s, true); }},
};

// Each secret a call knows of, with the characters that escape differently.
const char kApiKey[] = "Kx9/+vQ=Zt7mW2pL&k";
const char kAdminPassword[] = "Adm1n p\xc3\xa4ss/\"<x>'";
const char kPassword[] = "Pa55 w/\"\xc3\xb6<&>'z\xf0\x9f\x98\x80";
const char kNewPassword[] = "N3w+pass w\xc3\xb6rd/&\"q";
const char* const kSecrets[] = {kApiKey, kAdminPassword, kPassword, kNewPassword};

const char kToken[] = "csrf-token-0123456789";

/// Everything the library handed out since `from` log lines.
struct Outputs {
    std::vector<std::pair<std::string, std::string>> texts;  // where, what
    void add(const std::string& where, const std::string& what) { texts.emplace_back(where, what); }
    bool any_contains(const std::string& needle) const
    {
        for (const auto& t : texts)
            if (t.second.find(needle) != std::string::npos)
                return true;
        return false;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(adversarial)

BOOST_AUTO_TEST_CASE(secrets_are_masked_in_every_encoding_in_every_output)
{
    Env env;
    // A service made on the real simulator, then pointed at a server that
    // echoes whatever it is told to.
    auto p = env.params("910", "echoed", kPassword);
    BOOST_REQUIRE(env.module.call("create_account", p).ok());
    EchoServer echo;
    p.set("serverport", echo.port());
    p.set("serveraccesshash", kApiKey);
    p.set("serverpassword", kAdminPassword);
    p.set("client_area", obj(std::string(R"({"form_action":"/service/910","csrf_token":")") + kToken + "\"}"));
    const std::string change = std::string(R"({"csrf_token":")") + kToken +
                               R"(","action":"change_password","new_password":")" +
                               json_escape(kNewPassword, Json::Standard) + R"(","confirm_password":")" +
                               json_escape(kNewPassword, Json::Standard) + "\"}";
    auto store = embyprov::Store::open("sqlite:" + env.db_path);

    int round = 0;
    for (const Encoding& e : kEncodings) {
        for (const char* secret : kSecrets) {
            const std::string marker = "echo-" + std::to_string(++round);
            const std::string spelled = e.spell(secret);
            // Once as an error's text, once inside a success answer's fields.
            for (const int status : {400, 200}) {
                const std::string body = status == 400
                    ? marker + " bad value " + spelled
                    : R"({"ServerName":")" + marker + " " + json_escape(spelled, Json::Standard) +
                          R"(","Version":"4.8.0.0","Id":")" + json_escape(spelled, Json::Standard) + "\"}";
                echo.answer(status, status == 400 ? "text/plain" : "application/json", body);
                // A secret is a call's to mask once the call knows it: the
                // new password only in the client-area call that sets it.
                const bool set_here_only = secret == kNewPassword;
                Outputs out;
                const auto logged_by = [&](const std::function<void()>& run) {
                    const std::size_t before = env.module.log().size();
                    run();
                    const auto log = env.module.log();
                    for (std::size_t i = before; i < log.size(); ++i)
                        out.add("log " + log[i].action, log[i].request + "\n" + log[i].response);
                };
                if (!set_here_only) {
                    for (const char* hook : {"test_connection", "change_password", "suspend_account"})
                        logged_by([&] {
                            auto r = env.module.call(hook, p);
                            out.add(std::string(hook) + " result", r.text);
                            out.add(std::string(hook) + " last_error", embyprov_last_error(env.module.ctx()));
                        });
                }
                for (const std::string& request : {std::string(R"({"action":"overview"})"), change}) {
                    if (set_here_only && request != change)
                        continue;
                    logged_by([&] {
                        auto r = env.module.client_area(p, request);
                        out.add("client_area result", r.text);
                        out.add("client_area html", r.json ? r.str("html") : "");
                        out.add("client_area last_error", embyprov_last_error(env.module.ctx()));
                    });
                }
                // Echoes of other rounds' secrets in older rows were masked
                // too, and none of them spelled this round's.
                for (const auto& a : store->audit_for("910", 50))
                    out.add("audit " + a.hook, a.message);
                const std::string what = std::string(e.name) + ", secret " + std::to_string(round) +
                                         ", HTTP " + std::to_string(status);
                // The echo reached the outputs: a case that cannot fail proves nothing.
                BOOST_TEST(out.any_contains(marker), what << ": the server's text never got out");
                for (const auto& t : out.texts)
                    BOOST_TEST(t.second.find(spelled) == std::string::npos,
                               what << " leaks into " << t.first << ": " << t.second.substr(0, 400));
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
