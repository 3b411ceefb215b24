#include "html.hpp"

namespace panel::html {

std::string esc(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
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

std::string csrf_field(const std::string& token)
{
    return "<input type=\"hidden\" name=\"csrf_token\" value=\"" + esc(token) + "\">";
}

namespace {

std::string hint_markup(const std::string& id, const std::string& hint)
{
    return hint.empty() ? std::string()
                        : "<small class=\"hint\" id=\"" + esc(id) + "-hint\">" + esc(hint) + "</small>";
}

std::string described_by(const std::string& id, const std::string& hint)
{
    return hint.empty() ? std::string() : " aria-describedby=\"" + esc(id) + "-hint\"";
}

}  // namespace

std::string input(const Input& in)
{
    std::string out = "<div class=\"field\"><label for=\"" + esc(in.id) + "\">" + esc(in.label) +
                      (in.required ? " <span class=\"req\">(required)</span>" : "") + "</label>";
    out += "<input type=\"" + esc(in.type) + "\" id=\"" + esc(in.id) + "\" name=\"" + esc(in.name) +
           "\" data-test=\"" + esc(in.id) + "\" value=\"" + esc(in.value) + "\" autocomplete=\"" +
           esc(in.autocomplete) + "\"";
    if (in.size > 0)
        out += " size=\"" + std::to_string(in.size) + "\"";
    if (in.required)
        out += " required";
    out += described_by(in.id, in.hint) + ">" + hint_markup(in.id, in.hint) + "</div>";
    return out;
}

std::string checkbox(const std::string& id, const std::string& name, const std::string& label,
                     bool checked, const std::string& hint, const std::string& value)
{
    return "<div class=\"field check\"><input type=\"checkbox\" id=\"" + esc(id) + "\" name=\"" +
           esc(name) + "\" data-test=\"" + esc(id) + "\" value=\"" + esc(value) + "\"" +
           (checked ? " checked" : "") + described_by(id, hint) + "><label for=\"" + esc(id) + "\">" +
           esc(label) + "</label>" + hint_markup(id, hint) + "</div>";
}

std::string select(const std::string& id, const std::string& name, const std::string& label,
                   const Options& options, const std::string& selected, const std::string& hint,
                   bool required)
{
    std::string out = "<div class=\"field\"><label for=\"" + esc(id) + "\">" + esc(label) +
                      (required ? " <span class=\"req\">(required)</span>" : "") +
                      "</label><select id=\"" + esc(id) + "\" name=\"" + esc(name) + "\" data-test=\"" +
                      esc(id) + "\"" + (required ? " required" : "") + described_by(id, hint) + ">";
    for (const auto& [value, text] : options)
        out += "<option value=\"" + esc(value) + "\"" + (value == selected ? " selected" : "") + ">" +
               esc(text) + "</option>";
    return out + "</select>" + hint_markup(id, hint) + "</div>";
}

std::string submit(const std::string& id, const std::string& label, const std::string& css_class)
{
    return "<button type=\"submit\" id=\"" + esc(id) + "\" data-test=\"" + esc(id) + "\"" +
           (css_class.empty() ? "" : " class=\"" + esc(css_class) + "\"") + ">" + esc(label) +
           "</button>";
}

std::string post_form(const std::string& id, const std::string& action, const std::string& csrf,
                      const std::string& inner, const std::string& css_class)
{
    return "<form method=\"post\" id=\"" + esc(id) + "\" data-test=\"" + esc(id) + "\" action=\"" +
           esc(action) + "\"" + (css_class.empty() ? "" : " class=\"" + esc(css_class) + "\"") + ">" +
           csrf_field(csrf) + inner + "</form>";
}

std::string button_form(const std::string& form_id, const std::string& action,
                        const std::string& csrf, const std::string& button_id,
                        const std::string& label, const std::string& css_class)
{
    return post_form(form_id, action, csrf, submit(button_id, label, css_class), "inline");
}

std::string link(const std::string& href, const std::string& text, const std::string& test_id)
{
    return "<a href=\"" + esc(href) + "\"" +
           (test_id.empty() ? "" : " data-test=\"" + esc(test_id) + "\"") + ">" + esc(text) + "</a>";
}

std::string status_badge(const std::string& status)
{
    std::string key;
    for (const char c : status)
        key += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return "<span class=\"badge badge-" + esc(key) + "\" data-test=\"status\" data-status=\"" + esc(key) +
           "\">" + esc(status) + "</span>";
}

}  // namespace panel::html
