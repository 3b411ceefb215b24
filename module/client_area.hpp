// The customer's client area: the page context every client-area action
// works in (service, product, language, form fields, CSRF check, ownership),
// the view models of its pages, and rendering. The actions themselves are
// in hooks/client_*.cpp.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "call.hpp"
#include "i18n.hpp"
#include "policy_rules.hpp"
#include "product.hpp"
#include "store.hpp"

namespace embyprov {

/// An error whose message is already written for the customer (translated).
class CustomerError : public Error {
public:
    using Error::Error;
};

class ClientArea {
public:
    explicit ClientArea(Call& call);

    Call& call;
    Translations tr;
    ProductSettings product;
    ServiceRecord service;
    EmbyClient client;

    std::string action() const;
    /// A posted text field ("" when absent).
    std::string field(const std::string& name) const;
    /// A posted multi-value field ("name" or "name[]"; a lone value counts).
    std::vector<std::string> list_field(const std::string& name) const;
    bool flag_field(const std::string& name) const;

    /// Throws CustomerError(EINVALID) unless the posted token matches the host's.
    void require_token() const;
    bool suspended() const { return service.status == status::kSuspended; }

    /// Throws a translated CustomerError with `code` and the text of `key`.
    [[noreturn]] void fail(embyprov_error code, const std::string& key,
                           const std::map<std::string, std::string>& values = {}) const;

    std::vector<MediaAccountRecord>& media();
    /// Drops the cached media list after a change, so pages show the new one.
    void forget_media() { media_.reset(); }
    /// The media account `user_id` of this service, or a translated ENOTFOUND.
    MediaAccountRecord owned_media(const std::string& user_id);

    const std::vector<VirtualFolderInfo>& libraries();
    /// What the main account may see; media accounts choose among these.
    LibraryGrant main_grant();
    /// The posted disabled_libraries, checked against the main grant.
    std::vector<std::string> chosen_exclusions();

    /// Why a password is refused, translated ("" when fine).
    std::string password_problem_text(const std::string& password) const;
    /// Emby Connect is offered: the product allows it and the server is Emby.
    bool connect_available();
    /// Translated text for an error that is not a CustomerError.
    std::string customer_text(const Error& e) const;

    // Pages: each returns {template, html, vars}; `message` may be empty.
    json::ObjectPtr overview_page(bool reveal_password, const std::string& message, bool is_error);
    json::ObjectPtr media_edit_page(const MediaAccountRecord& m, const std::string& message, bool is_error);
    json::ObjectPtr media_devices_page(const MediaAccountRecord& m, const std::string& message, bool is_error);
    json::ObjectPtr error_page(const std::string& message);
    /// The page after a change that has been made: the overview with the
    /// message, or, when the server cannot draw it right now, a bare notice
    /// with the message (the change happened; the result must say so).
    json::ObjectPtr done(const std::string& message);

    /// The devices whose last user is `user_id`.
    std::vector<DeviceInfo> devices_of(const std::string& user_id);

    /// The customer opened the client area (the overview action): the page
    /// then also holds the product's device limit (device_limit.hpp).
    void opened() { opened_ = true; }

private:
    json::ObjectPtr base_vars(const std::string& message, bool is_error);
    json::ObjectPtr render(const std::string& name, json::ObjectPtr vars);
    json::ArrayPtr device_rows(const std::vector<DeviceInfo>& devices);
    json::ObjectPtr library_picker(const std::string& id, const std::vector<std::string>& checked);
    std::string date_text(const std::string& iso) const;
    /// Stores the product's enforced limit when it changed, for the daily run.
    void remember_device_limit();
    /// Signs out what the limit does not allow; returns the main account's
    /// devices that remain.
    std::vector<DeviceInfo> hold_device_limit(std::vector<DeviceInfo> every);
    /// The devices signed out to hold the limit lately, for the page.
    json::ObjectPtr signed_out_notice();

    std::string form_action_;
    std::string csrf_expected_;
    bool opened_ = false;
    std::optional<std::vector<MediaAccountRecord>> media_;
    std::optional<std::vector<VirtualFolderInfo>> libraries_;
};

/// The error page for a call that never got a ClientArea (service not
/// provisioned, bad params): translated, with nothing from the server.
json::ObjectPtr page_without_service(Call& call, const Error& error);

/// The client-area action the request asks for ("overview" when none).
std::string requested_action(const Call& call);

}  // namespace embyprov
