#include "store_dsn.hpp"

#include <cctype>
#include <functional>
#include <utility>
#include <vector>

#include "error.hpp"
#include "secrets.hpp"

namespace embyprov {

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kSupported =
    "use sqlite:PATH, mysql:host=H;port=P;db=NAME;user=U;password=W (MariaDB/MySQL) or "
    "postgresql:host=H port=P dbname=NAME user=U password=W";

// Poco's MySQL connector reads exactly these keys and ignores the rest, so a
// typo ("pasword") would otherwise fail later as a puzzling login error.
constexpr const char* kMySqlKeys[] = {"host", "port", "db", "user", "password", "compress",
                                      "auto-reconnect", "secure-auth", "character-set"};

std::string trimmed(const std::string& s)
{
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return s.substr(b, e - b);
}

// Later keys win, as in both drivers; the first position is kept.
void set_pair(Pairs& pairs, const std::string& key, const std::string& value)
{
    for (auto& p : pairs)
        if (p.first == key) {
            p.second = value;
            return;
        }
    pairs.emplace_back(key, value);
}

const std::string* find_pair(const Pairs& pairs, const std::string& key)
{
    for (const auto& p : pairs)
        if (p.first == key)
            return &p.second;
    return nullptr;
}

/// The connector's connection string from the pairs, and the same with the
/// password masked for messages. `quote` renders a value in the format.
StoreDsn assemble(StoreBackend backend, const char* connector, const std::string& database,
                  const Pairs& pairs, char separator,
                  const std::function<std::string(const std::string&)>& quote)
{
    StoreDsn dsn;
    dsn.backend = backend;
    dsn.connector = connector;
    dsn.database = database;
    std::string shown;
    for (const auto& [key, value] : pairs) {
        if (!dsn.connection.empty()) {
            dsn.connection += separator;
            shown += separator;
        }
        dsn.connection += key + '=' + quote(value);
        shown += key + '=' + (key == "password" && !value.empty() ? std::string(kMask) : quote(value));
        if (key == "password")
            dsn.password = value;
    }
    dsn.display = std::string(connector) + ":" + shown;
    return dsn;
}

// "key=value;key=value": Poco's format. A value runs to the next ';', so a
// password cannot contain one; '=' inside a value is fine.
StoreDsn parse_mysql(const std::string& rest)
{
    Pairs pairs;
    std::size_t start = 0;
    while (start <= rest.size()) {
        std::size_t end = rest.find(';', start);
        if (end == std::string::npos)
            end = rest.size();
        const std::string item = rest.substr(start, end - start);
        start = end + 1;
        if (trimmed(item).empty())
            continue;
        const std::size_t eq = item.find('=');
        if (eq == std::string::npos)
            throw_invalid("the mysql database DSN has an item without '=': write key=value pairs "
                          "separated by ';'");
        const std::string key = trimmed(item.substr(0, eq));
        bool known = false;
        for (const char* k : kMySqlKeys)
            known = known || key == k;
        if (!known)
            throw_invalid("the mysql database DSN has an unknown key '" + key +
                          "'; use host, port, db, user, password, compress, auto-reconnect, "
                          "secure-auth, character-set");
        set_pair(pairs, key, trimmed(item.substr(eq + 1)));
    }
    // Copies, not pointers: adding a pair below may move the vector.
    const std::string db = find_pair(pairs, "db") ? *find_pair(pairs, "db") : "";
    const std::string user = find_pair(pairs, "user") ? *find_pair(pairs, "user") : "";
    if (db.empty() || user.empty())
        throw_invalid("the mysql database DSN needs db=NAME and user=NAME");
    // Poco defaults to "utf8", which MariaDB takes as the 3-byte utf8mb3:
    // names with emoji would not survive.
    if (!find_pair(pairs, "character-set"))
        set_pair(pairs, "character-set", "utf8mb4");

    return assemble(StoreBackend::mysql, "mysql", db, pairs, ';', [](const std::string& v) { return v; });
}

// libpq's "keyword = value" list: values may be single-quoted, with '\'
// escaping a quote or backslash. Parsed (not passed through blindly) so
// the password can be masked wherever it sits and its quoting is exact.
Pairs parse_libpq(const std::string& text)
{
    Pairs pairs;
    std::size_t i = 0;
    auto skip_space = [&] {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
    };
    for (;;) {
        skip_space();
        if (i >= text.size())
            break;
        std::string key;
        while (i < text.size() && text[i] != '=' && !std::isspace(static_cast<unsigned char>(text[i])))
            key += text[i++];
        skip_space();
        if (key.empty() || i >= text.size() || text[i] != '=')
            throw_invalid("the postgresql database DSN must be 'key=value' pairs separated by "
                          "spaces (host=H port=P dbname=NAME user=U password=W)");
        ++i;
        skip_space();
        std::string value;
        if (i < text.size() && text[i] == '\'') {
            ++i;
            bool closed = false;
            while (i < text.size()) {
                const char c = text[i++];
                if (c == '\\' && i < text.size()) {
                    value += text[i++];
                } else if (c == '\'') {
                    closed = true;
                    break;
                } else {
                    value += c;
                }
            }
            if (!closed)
                throw_invalid("the postgresql database DSN has an unterminated quoted value");
        } else {
            while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) {
                const char c = text[i++];
                if (c == '\\' && i < text.size())
                    value += text[i++];
                else
                    value += c;
            }
        }
        set_pair(pairs, key, value);
    }
    return pairs;
}

std::string libpq_quoted(const std::string& value)
{
    bool plain = !value.empty();
    for (char c : value)
        plain = plain && !std::isspace(static_cast<unsigned char>(c)) && c != '\'' && c != '\\';
    if (plain)
        return value;
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "'";
}

StoreDsn parse_postgresql(const std::string& rest)
{
    if (rest.rfind("//", 0) == 0)
        throw_invalid("write the postgresql database DSN as key=value pairs "
                      "(postgresql:host=H port=P dbname=NAME user=U password=W), not as a URI");
    Pairs pairs = parse_libpq(rest);
    // A copy, not a pointer: adding a pair below may move the vector.
    const std::string db = find_pair(pairs, "dbname") ? *find_pair(pairs, "dbname") : "";
    if (db.empty())
        throw_invalid("the postgresql database DSN needs dbname=NAME");
    // An unreachable server must fail a hook call, not hang it.
    if (!find_pair(pairs, "connect_timeout"))
        set_pair(pairs, "connect_timeout", "10");
    // Text is UTF-8 everywhere in the module, whatever the server's locale.
    if (!find_pair(pairs, "client_encoding"))
        set_pair(pairs, "client_encoding", "UTF8");

    return assemble(StoreBackend::postgresql, "postgresql", db, pairs, ' ', libpq_quoted);
}

// The prefix is echoed only when it cannot be part of a secret, e.g. a
// whole connection string pasted without one.
std::string shown_prefix(const std::string& dsn)
{
    const std::size_t colon = dsn.find(':');
    if (colon == std::string::npos || colon == 0 || colon > 16)
        return "";
    for (std::size_t i = 0; i < colon; ++i)
        if (!std::isalnum(static_cast<unsigned char>(dsn[i])))
            return "";
    return dsn.substr(0, colon);
}

}  // namespace

std::string StoreDsn::masked(const std::string& text) const
{
    SecretSet secrets;
    secrets.add(password);
    return secrets.mask(text);
}

StoreDsn parse_store_dsn(const std::string& dsn)
{
    auto starts = [&](const char* prefix) { return dsn.rfind(prefix, 0) == 0; };
    if (starts("sqlite:")) {
        StoreDsn out;
        out.backend = StoreBackend::sqlite;
        out.connector = "sqlite";
        out.connection = out.database = dsn.substr(7);
        if (out.database.empty())
            throw_invalid("the sqlite database path is empty");
        out.display = dsn;
        return out;
    }
    if (starts("mysql:"))
        return parse_mysql(dsn.substr(6));
    if (starts("mariadb:"))
        return parse_mysql(dsn.substr(8));
    if (starts("postgresql:"))
        return parse_postgresql(dsn.substr(11));
    const std::string prefix = shown_prefix(dsn);
    throw_invalid(prefix.empty() ? std::string("the database DSN has no supported prefix; ") + kSupported
                                 : "database '" + prefix + "' is not supported; " + kSupported);
}

const char* backend_name(StoreBackend backend)
{
    switch (backend) {
    case StoreBackend::sqlite: return "SQLite";
    case StoreBackend::mysql: return "MariaDB/MySQL";
    case StoreBackend::postgresql: return "PostgreSQL";
    }
    return "?";
}

}  // namespace embyprov
