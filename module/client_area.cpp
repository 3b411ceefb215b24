#include "client_area.hpp"

#include <algorithm>
#include <set>

#include "device_limit.hpp"
#include "operation.hpp"
#include "parallel.hpp"
#include "password.hpp"
#include "render.hpp"
#include "service_accounts.hpp"

namespace embyprov {

namespace {

std::string requested_language(const json::Object& params)
{
    if (auto details = json::get_object(params, "clientsdetails"))
        if (auto lang = json::remote_text(*details, "language"); !lang.empty())
            return lang;
    return json::remote_text(params, "language");
}

json::ObjectPtr client_area_settings(const json::Object& params)
{
    auto settings = json::get_object(params, "client_area");
    return settings ? settings : json::make_object();
}

ServiceRecord live_service(Call& call, const Translations& tr)
{
    const std::string sid = call.service_id();
    auto record = call.store().service(sid);
    if (!record || record->user_id.empty() || record->status == status::kCreating ||
        record->status == status::kTerminated)
        throw CustomerError(EMBYPROV_ENOTFOUND, tr.text("error.not_ready"));
    return *record;
}

}  // namespace

ClientArea::ClientArea(Call& c)
    : call(c),
      tr(language_code(requested_language(*c.params)), c.ctx.config.lang_dir),
      product(ProductSettings::from(*c.params)),
      service(live_service(c, tr)),
      client(c.client(product.flavour))
{
    auto settings = client_area_settings(*c.params);
    form_action_ = json::remote_text(*settings, "form_action");
    csrf_expected_ = json::remote_text(*settings, "csrf_token");
}

namespace {

/// A text field of the client-area request; "" when absent, and also when
/// an array or object stands where text belongs.
std::string request_field(const Call& call, const std::string& name)
{
    try {
        return json::get_text(*call.request, name).value_or("");
    } catch (const Error&) {
        return {};
    }
}

}  // namespace

std::string requested_action(const Call& call)
{
    // The forms post "embyprov_action" (panels such as WHMCS route on their
    // own "action" field); a host may also pass "action" itself.
    std::string a = request_field(call, "embyprov_action");
    if (a.empty())
        a = request_field(call, "action");
    return a.empty() ? "overview" : a;
}

std::string ClientArea::action() const
{
    return requested_action(call);
}

std::string ClientArea::field(const std::string& name) const
{
    return request_field(call, name);
}

std::vector<std::string> ClientArea::list_field(const std::string& name) const
{
    std::vector<std::string> out;
    for (const std::string& key : {name, name + "[]"}) {
        if (!call.request->has(key))
            continue;
        Poco::Dynamic::Var v = call.request->get(key);
        if (v.type() == typeid(json::ArrayPtr)) {
            for (const auto& item : *v.extract<json::ArrayPtr>())
                if (item.isString() || item.isNumeric())
                    out.push_back(item.convert<std::string>());
        } else if (v.isString() || v.isNumeric()) {
            out.push_back(v.convert<std::string>());
        }
    }
    return out;
}

bool ClientArea::flag_field(const std::string& name) const
{
    const std::string v = field(name);
    return v == "1" || v == "on" || v == "true" || v == "yes";
}

void ClientArea::require_token() const
{
    const std::string posted = field("csrf_token");
    // Constant-time compare: the token must not leak through timing.
    bool same = !csrf_expected_.empty() && posted.size() == csrf_expected_.size();
    unsigned char diff = 0;
    for (std::size_t i = 0; same && i < posted.size(); ++i)
        diff |= static_cast<unsigned char>(posted[i] ^ csrf_expected_[i]);
    if (!same || diff != 0)
        fail(EMBYPROV_EINVALID, "error.csrf");
}

void ClientArea::fail(embyprov_error code, const std::string& key,
                      const std::map<std::string, std::string>& values) const
{
    throw CustomerError(code, tr.format(key, values));
}

std::vector<MediaAccountRecord>& ClientArea::media()
{
    if (!media_)
        media_ = call.store().media_accounts(service.service_id);
    return *media_;
}

MediaAccountRecord ClientArea::owned_media(const std::string& user_id)
{
    for (const auto& m : media())
        if (!user_id.empty() && m.user_id == user_id)
            return m;
    fail(EMBYPROV_ENOTFOUND, "error.not_found");
}

const std::vector<VirtualFolderInfo>& ClientArea::libraries()
{
    if (!libraries_)
        libraries_ = client.list_libraries();
    return *libraries_;
}

LibraryGrant ClientArea::main_grant()
{
    LibraryGrant g = resolve_libraries(product.libraries, libraries());
    if (g.all)  // spell "all" out: media accounts pick among named libraries
        for (const auto& lib : libraries()) {
            g.access_ids.push_back(lib.access_id());
            g.names.push_back(lib.name);
        }
    return g;
}

std::vector<std::string> ClientArea::chosen_exclusions()
{
    const LibraryGrant grant = main_grant();
    std::vector<std::string> out;
    for (const auto& id : list_field("disabled_libraries")) {
        if (std::find(grant.access_ids.begin(), grant.access_ids.end(), id) == grant.access_ids.end())
            fail(EMBYPROV_EINVALID, "error.library_invalid");
        if (std::find(out.begin(), out.end(), id) == out.end())
            out.push_back(id);
    }
    return out;
}

std::string ClientArea::password_problem_text(const std::string& password) const
{
    switch (check_password(password)) {
    case PasswordIssue::TooShort: return tr.text("error.password_short");
    case PasswordIssue::TooLong: return tr.text("error.password_long");
    case PasswordIssue::ControlCharacters: return tr.text("error.password_control");
    default: return {};
    }
}

bool ClientArea::connect_available()
{
    return product.connect_allowed && client.flavour() == Flavour::Emby;
}

std::string ClientArea::customer_text(const Error& e) const
{
    if (dynamic_cast<const CustomerError*>(&e))
        return e.what();
    return tr.text("error.server");
}

std::string ClientArea::date_text(const std::string& iso) const
{
    if (iso.size() < 16)
        return tr.text("overview.never");
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

std::vector<DeviceInfo> ClientArea::devices_of(const std::string& user_id)
{
    std::vector<DeviceInfo> out;
    const std::string wanted = normalize_id(user_id);
    for (auto& d : client.list_devices())
        if (normalize_id(d.last_user_id) == wanted)
            out.push_back(std::move(d));
    return out;
}

void ClientArea::remember_device_limit()
{
    const int limit = product.enforced_device_limit();
    if (service.device_limit == limit)
        return;
    // The daily run knows the limit only from the store. Written under the
    // service's lock, on a fresh read, so no other change is overwritten.
    try {
        Operation op(call, service.service_id, "device_limit_setting");
        if (auto fresh = call.store().service(service.service_id); fresh && fresh->status != status::kTerminated) {
            fresh->device_limit = limit;
            call.store().save_service(*fresh);
        }
        service.device_limit = limit;
    } catch (const Error&) {
        // Another operation holds the service: the next opening records it.
    }
}

std::vector<DeviceInfo> ClientArea::hold_device_limit(std::vector<DeviceInfo> every)
{
    const auto doomed = device_limit::beyond_limit(service, media(), every, product.enforced_device_limit());
    std::set<std::string> gone;
    try {
        for (const auto& d : device_limit::hold(call, client, service.service_id, doomed))
            gone.insert(d.device_id);
    } catch (const Error&) {
        // The page still shows; the next opening or daily run retries.
    }
    if (!gone.empty())
        call.audited = true;  // the page changed something
    std::vector<DeviceInfo> mine;
    const std::string wanted = normalize_id(service.user_id);
    for (auto& d : every)
        if (!gone.count(d.id) && normalize_id(d.last_user_id) == wanted)
            mine.push_back(std::move(d));
    return mine;
}

json::ObjectPtr ClientArea::signed_out_notice()
{
    json::ObjectPtr notice = json::make_object();
    const int limit = product.enforced_device_limit();
    const auto recent = limit > 0 ? call.store().device_signouts(service.service_id,
                                                                 Store::timestamp(device_limit::kNoticeDays))
                                  : std::vector<DeviceSignout>{};
    notice->set("has", !recent.empty());
    if (recent.empty())
        return notice;
    notice->set("text", tr.format("devices.limit_signed_out", {{"limit", std::to_string(limit)}}));
    json::ArrayPtr rows = new json::Array;
    for (const auto& d : recent) {
        json::ObjectPtr row = json::make_object();
        row->set("name", d.device_name.empty() ? d.device_id : d.device_name);
        row->set("app", d.app_name);
        row->set("username", d.username);
        row->set("when", date_text(d.signed_out_at));
        rows->add(row);
    }
    notice->set("devices", rows);
    return notice;
}

json::ArrayPtr ClientArea::device_rows(const std::vector<DeviceInfo>& devices)
{
    json::ArrayPtr rows = new json::Array;
    for (const auto& d : devices) {
        json::ObjectPtr row = json::make_object();
        row->set("name", d.name);
        row->set("app", d.app_name);
        row->set("version", d.app_version);
        row->set("last_user", d.last_user_name);
        row->set("last_activity", date_text(d.date_last_activity));
        rows->add(row);
    }
    return rows;
}

json::ObjectPtr ClientArea::library_picker(const std::string& id, const std::vector<std::string>& checked)
{
    const LibraryGrant grant = main_grant();
    json::ArrayPtr choices = new json::Array;
    for (std::size_t i = 0; i < grant.access_ids.size(); ++i) {
        json::ObjectPtr c = json::make_object();
        c->set("id", grant.access_ids[i]);
        c->set("name", grant.names[i]);
        c->set("checked", std::find(checked.begin(), checked.end(), grant.access_ids[i]) != checked.end());
        choices->add(c);
    }
    json::ObjectPtr picker = json::make_object();
    picker->set("picker_id", id);
    picker->set("library_choices", choices);
    picker->set("connect_available", connect_available());
    return picker;
}

json::ObjectPtr ClientArea::base_vars(const std::string& message, bool is_error)
{
    json::ObjectPtr v = json::make_object();
    v->set("t", tr.as_tree());
    v->set("lang", tr.code());
    v->set("form_action", form_action_);
    v->set("csrf_token", csrf_expected_);
    v->set("suspended", suspended());
    if (!message.empty()) {
        v->set("message", message);
        v->set("message_type", is_error ? "error" : "success");
        v->set("message_is_error", is_error);
    }
    return v;
}

json::ObjectPtr ClientArea::render(const std::string& name, json::ObjectPtr vars)
{
    json::ObjectPtr out = json::make_object();
    out->set("template", name);
    out->set("html", render_template(name, *vars, call.ctx.config.templates_dir));
    vars->remove("t");  // the strings are in the html; a panel has its own copy of lang/
    out->set("vars", vars);
    if (vars->has("message")) {
        out->set("message", vars->get("message"));
        out->set("message_type", vars->get("message_type"));
    }
    return out;
}

json::ObjectPtr ClientArea::overview_page(bool reveal_password, const std::string& message, bool is_error)
{
    std::optional<UserDto> user;
    std::vector<DeviceInfo> devices;  // the main account's; with the limit held, every device first
    std::vector<std::string> views;
    const bool media_available = product.media_accounts > 0 || !media().empty();
    const bool holding = opened_ && product.enforced_device_limit() > 0;
    client.flavour();  // resolve once, before the workers start
    rethrow_first(call.parallel(4, [&](std::size_t i) {
        switch (i) {
        case 0: user = client.find_user(service.user_id); break;
        case 1: devices = holding ? client.list_devices() : devices_of(service.user_id); break;
        case 2: views = client.user_view_names(service.user_id); break;
        default: if (media_available) libraries(); break;
        }
    }));
    if (!user)
        fail(EMBYPROV_ENOTFOUND, "error.not_ready");
    if (opened_)
        remember_device_limit();
    if (holding)
        devices = hold_device_limit(std::move(devices));

    json::ObjectPtr v = base_vars(message, is_error);
    const Endpoint& ep = client.server().endpoint;
    v->set("server_address", !product.public_address.empty()
                                 ? product.public_address
                                 : ep.key() + client.server().base_path);
    v->set("manual_url", product.manual_url);

    const std::string password = json::get_text(*call.params, "password").value_or("");
    json::ObjectPtr account = json::make_object();
    account->set("username", user->name);
    account->set("password_available", !password.empty());
    account->set("password_revealed", reveal_password && !password.empty());
    if (reveal_password && !password.empty()) {
        call.log.disclose(password);  // asked for: the one secret this page shows
        account->set("password", password);
    }
    v->set("account", account);

    json::ObjectPtr info = json::make_object();
    info->set("name", user->name);
    info->set("created", date_text(user->date_created));
    info->set("last_login", date_text(user->last_login_date));
    info->set("last_activity", date_text(user->last_activity_date));
    info->set("streams", product.stream_limit ? std::to_string(product.stream_limit) : tr.text("overview.unlimited"));
    info->set("devices_allowed",
              product.device_limit ? std::to_string(product.device_limit) : tr.text("overview.unlimited"));
    info->set("remote_access", tr.text(product.remote_access ? "common.yes" : "common.no"));
    info->set("downloads", tr.text(product.downloads ? "common.yes" : "common.no"));
    v->set("user", info);

    v->set("devices", device_rows(devices));
    v->set("has_devices", !devices.empty());
    v->set("signed_out", signed_out_notice());
    json::ArrayPtr libs = new json::Array;
    for (const auto& name : views) {
        json::ObjectPtr l = json::make_object();
        l->set("name", name);
        libs->add(l);
    }
    v->set("libraries", libs);
    v->set("has_libraries", !views.empty());

    json::ObjectPtr connect = json::make_object();
    connect->set("available", connect_available());
    // The server shows the link at once, confirmed or not; only our record
    // knows it still waits for the owner's e-mail confirmation.
    const std::string& linked = user->connect_user_name;
    const bool pending = !linked.empty() && !service.connect_pending_since.empty();
    const std::string shown = pending && !service.connect_email.empty() ? service.connect_email : linked;
    connect->set("name", shown);
    connect->set("state", linked.empty() ? "none" : pending ? "pending" : "linked");
    connect->set("status", linked.empty() ? tr.text("connect.not_linked")
                           : pending      ? tr.format("connect.pending", {{"name", shown}})
                                          : tr.format("connect.linked", {{"name", linked}}));
    connect->set("guidance", tr.format("connect.server_not_listed",
                                       {{"address", v->getValue<std::string>("server_address")}}));
    v->set("connect", connect);

    json::ObjectPtr m = json::make_object();
    m->set("available", media_available);
    const int used = static_cast<int>(media().size());
    m->set("quota_text", tr.format("media.quota", {{"used", std::to_string(used)},
                                                   {"quota", std::to_string(product.media_accounts)}}));
    json::ArrayPtr rows = new json::Array;
    for (const auto& a : media()) {
        json::ObjectPtr row = json::make_object();
        row->set("user_id", a.user_id);
        row->set("username", a.username);
        row->set("status", tr.text(a.over_quota ? "media.over_quota" : a.enabled ? "media.enabled" : "media.disabled"));
        row->set("connect_email", a.connect_email);
        row->set("connect_pending", !a.connect_pending_since.empty());
        rows->add(row);
    }
    m->set("accounts", rows);
    m->set("has_accounts", used > 0);
    m->set("can_add", used < product.media_accounts);
    m->set("quota_full", tr.format("media.quota_full", {{"quota", std::to_string(product.media_accounts)}}));
    if (media_available && used < product.media_accounts) {
        json::ObjectPtr form = library_picker("embyprov-add-libraries", {});
        form->set("name_hint", tr.format("media.name_hint", {{"prefix", service.username}}));
        m->set("add_form", form);
    }
    v->set("media", m);
    return render("overview", v);
}

json::ObjectPtr ClientArea::media_edit_page(const MediaAccountRecord& m, const std::string& message, bool is_error)
{
    json::ObjectPtr v = base_vars(message, is_error);
    v->set("title", tr.format("media.edit_title", {{"username", m.username}}));
    json::ObjectPtr account = json::make_object();
    account->set("user_id", m.user_id);
    account->set("username", m.username);
    account->set("enabled", m.enabled);
    account->set("connect_email", m.connect_email);
    v->set("account", account);
    json::ObjectPtr form = library_picker("embyprov-edit-libraries", m.disabled_libraries);
    v->set("edit_form", form);
    v->set("connect_available", form->get("connect_available"));
    return render("media_edit", v);
}

json::ObjectPtr ClientArea::media_devices_page(const MediaAccountRecord& m, const std::string& message, bool is_error)
{
    const auto devices = devices_of(m.user_id);
    json::ObjectPtr v = base_vars(message, is_error);
    v->set("title", tr.format("media.devices_title", {{"username", m.username}}));
    json::ObjectPtr account = json::make_object();
    account->set("user_id", m.user_id);
    account->set("username", m.username);
    v->set("account", account);
    v->set("devices", device_rows(devices));
    v->set("has_devices", !devices.empty());
    return render("media_devices", v);
}

json::ObjectPtr ClientArea::error_page(const std::string& message)
{
    return render("error", base_vars(message, true));
}

json::ObjectPtr ClientArea::done(const std::string& message)
{
    try {
        return overview_page(false, message, false);
    } catch (const Error&) {
        return render("notice", base_vars(message, false));
    }
}

json::ObjectPtr page_without_service(Call& call, const Error& error)
{
    const Translations tr(language_code(requested_language(*call.params)), call.ctx.config.lang_dir);
    const std::string text = dynamic_cast<const CustomerError*>(&error) ? std::string(error.what())
                             : error.code() == EMBYPROV_ENOTFOUND     ? tr.text("error.not_ready")
                                                                      : tr.text("error.server");
    json::ObjectPtr vars = json::make_object();
    vars->set("t", tr.as_tree());
    vars->set("lang", tr.code());
    vars->set("form_action", json::remote_text(*client_area_settings(*call.params), "form_action"));
    vars->set("message", text);
    vars->set("message_type", "error");
    vars->set("message_is_error", true);
    json::ObjectPtr out = json::make_object();
    out->set("error", text);
    out->set("code", static_cast<int>(error.code()));
    if (!dynamic_cast<const CustomerError*>(&error))
        out->set("detail", std::string(error.what()));
    out->set("template", "error");
    out->set("html", render_template("error", *vars, call.ctx.config.templates_dir));
    vars->remove("t");
    out->set("vars", vars);
    return out;
}

}  // namespace embyprov
