// HTML building blocks of the panel. Every value the panel writes into a
// page goes through esc(); the helpers below call it themselves, so a page
// only ever concatenates markup it wrote and values esc() returned.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace panel::html {

/// The panel's one escaping helper: text for element content and for
/// double- or single-quoted attribute values (& < > " ' are replaced).
std::string esc(std::string_view text);

/// <input type="hidden" name="csrf_token">: every panel form that changes
/// something carries it.
std::string csrf_field(const std::string& token);

/// A labelled text-like input (type text, password, email, number). `hint`
/// becomes a description linked with aria-describedby.
struct Input {
    Input(std::string id_, std::string name_, std::string label_, std::string value_,
          std::string type_ = "text", std::string hint_ = {}, bool required_ = false,
          std::string autocomplete_ = "off")
        : id(std::move(id_)), name(std::move(name_)), label(std::move(label_)), value(std::move(value_)),
          type(std::move(type_)), hint(std::move(hint_)), required(required_),
          autocomplete(std::move(autocomplete_))
    {
    }
    std::string id, name, label, value, type, hint;
    bool required;
    std::string autocomplete;
    int size = 0;
};
std::string input(const Input& in);

/// A labelled checkbox posting `value` when ticked.
std::string checkbox(const std::string& id, const std::string& name, const std::string& label,
                     bool checked, const std::string& hint = {}, const std::string& value = "on");

/// A labelled <select>; options are (value, text) pairs.
using Options = std::vector<std::pair<std::string, std::string>>;
std::string select(const std::string& id, const std::string& name, const std::string& label,
                   const Options& options, const std::string& selected, const std::string& hint = {},
                   bool required = false);

/// <button type="submit" id=.. data-test=..>label</button>
std::string submit(const std::string& id, const std::string& label, const std::string& css_class = {});

/// A POST form with the CSRF field: `inner` is markup built by these helpers.
std::string post_form(const std::string& id, const std::string& action, const std::string& csrf,
                      const std::string& inner, const std::string& css_class = {});

/// A one-button POST form (hook buttons, log out).
std::string button_form(const std::string& form_id, const std::string& action,
                        const std::string& csrf, const std::string& button_id,
                        const std::string& label, const std::string& css_class = {});

/// <a href=.. data-test=..>text</a>
std::string link(const std::string& href, const std::string& text, const std::string& test_id = {});

/// A text status badge ("Active", "Suspended", ...): words first, colour only
/// as decoration, so the state never depends on colour alone.
std::string status_badge(const std::string& status);

}  // namespace panel::html
