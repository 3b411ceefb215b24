// A panel's start: its store unlocked with the operator's secret key, and
// its admin password, which is never built in. Either the operator gives
// one (--admin-password or $EMBYPROV_PANEL_ADMIN_PASSWORD), or the panel
// makes one from the CSPRNG on its first start and prints it once. Only a
// salted PBKDF2 hash of it is stored, so later starts reuse it unseen.
#include "panel.hpp"

#include <iostream>

#include "credentials.hpp"
#include "private_file.hpp"
#include "sealed.hpp"

namespace panel {

namespace {

constexpr char kAdminHashSetting[] = "admin_password_hash";
constexpr std::size_t kGeneratedPasswordBytes = 16;  // 32 hex digits, 128 bits

void unlock_store(const PanelOptions& o, Store& store, std::vector<std::string>& notices)
{
    // A new key only for a database that holds nothing sealed yet: for one
    // that does, a new key could never open it.
    const bool sealed_before = store.has_secret_key();
    bool created = false;
    std::unique_ptr<Sealer> sealer;
    try {
        sealer = load_secret_key(o.secret_key_file, !sealed_before, created);
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(std::string(e.what()) +
                                 (sealed_before ? "; the database " + o.db +
                                                      " is sealed with a key: give its file with --secret-key-file"
                                                : ""));
    }
    if (created)
        notices.push_back("embyprov-panel: created the secret key file " + o.secret_key_file +
                          " (mode 0600). It seals the API keys and passwords in " + o.db +
                          ": keep it, and back it up apart from the database.");
    else if (shared_with_others(o.secret_key_file))
        std::cerr << "embyprov-panel: warning: others may read the secret key file " << o.secret_key_file
                  << " (chmod 600 it)" << std::endl;
    try {
        store.unlock(std::move(sealer));
    } catch (const SealError&) {
        throw std::runtime_error("the secret key in " + o.secret_key_file + " does not open the database " + o.db +
                                 ": it was sealed with another key (give the right file with --secret-key-file)");
    }
}

std::string settle_admin_password(const PanelOptions& o, Store& store, std::vector<std::string>& notices)
{
    if (!o.admin_password.empty()) {
        std::string hash = hash_password(o.admin_password);
        store.set_setting(kAdminHashSetting, hash);
        return hash;
    }
    if (auto stored = store.setting(kAdminHashSetting))
        return *stored;
    const std::string password = random_token(kGeneratedPasswordBytes);
    std::string hash = hash_password(password);
    store.set_setting(kAdminHashSetting, hash);
    notices.push_back("embyprov-panel: generated admin password: " + password + " (shown once; sign in as " +
                      o.admin_user + ". Only a salted hash of it is kept, in " + o.db +
                      "; to choose one, start with --admin-password or $EMBYPROV_PANEL_ADMIN_PASSWORD)");
    return hash;
}

/// Both steps before the library is loaded, so a wrong key stops the panel
/// before it touches anything else.
std::string open_secrets(const PanelOptions& o, Store& store, std::vector<std::string>& notices)
{
    unlock_store(o, store, notices);
    return settle_admin_password(o, store, notices);
}

}  // namespace

Panel::Panel(const PanelOptions& o)
    : options(o), store(o.db), admin_password_hash(open_secrets(options, store, notices)),
      module(o.lib, library_config(o))
{
    options.admin_password.clear();  // from here on only its hash is used
}

}  // namespace panel
