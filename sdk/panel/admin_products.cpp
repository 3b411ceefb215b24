// Admin: products. The settings form is not hard-coded: it is rendered from
// the module's config_options, in order, so field N is configoptionN exactly
// as WHMCS would store and pass it (dropdown, yesno = "on"/"", text).
#include <algorithm>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/String.h>

#include "html.hpp"
#include "pages.hpp"

namespace panel {

namespace {

using html::esc;

struct OptionDef {
    std::string key, label, type, description, default_value;
    std::vector<std::string> choices;
    int size = 0;
};

std::vector<std::string> split_choices(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        out.push_back(Poco::trim(item));
    return out;
}

/// The module's product settings, or an error message in `error`.
std::vector<OptionDef> option_defs(Panel& panel, std::string& error)
{
    std::vector<OptionDef> defs;
    const HookResult r = panel.module.call("config_options", Poco::JSON::Object());
    if (!r.ok()) {
        error = "The module did not list its product settings: " + r.message();
        return defs;
    }
    auto options = r.json->getArray("options");
    for (std::size_t i = 0; options && i < options->size(); ++i) {
        auto o = options->getObject(static_cast<unsigned>(i));
        if (!o)
            continue;
        OptionDef d;
        d.key = o->optValue<std::string>("key", "");
        d.label = o->optValue<std::string>("FriendlyName", d.key);
        d.type = o->optValue<std::string>("Type", "text");
        d.description = o->optValue<std::string>("Description", "");
        d.default_value = o->optValue<std::string>("Default", "");
        d.choices = split_choices(o->optValue<std::string>("Options", ""));
        d.size = o->optValue<int>("Size", 0);
        defs.push_back(std::move(d));
    }
    return defs;
}

std::string option_field(const OptionDef& d, std::size_t index, const std::string& value)
{
    const std::string name = "configoption" + std::to_string(index + 1);
    const std::string id = "product-" + name;
    std::string field;
    if (d.type == "dropdown") {
        html::Options choices;
        for (const auto& c : d.choices)
            choices.emplace_back(c, c);
        field = html::select(id, name, d.label, choices, value, d.description);
    } else if (d.type == "yesno") {
        field = html::checkbox(id, name, d.label, !value.empty(), d.description);
    } else {
        html::Input in{id, name, d.label, value, d.type == "password" ? "password" : "text", d.description};
        in.size = d.size > 0 ? std::min(d.size + 2, 60) : 0;
        field = html::input(in);
    }
    return "<div data-test=\"product-option\" data-option-key=\"" + esc(d.key) + "\" data-option-index=\"" +
           std::to_string(index + 1) + "\">" + field + "</div>";
}

std::string product_form(const std::vector<OptionDef>& defs, const Product& product, const std::string& action,
                         const std::string& csrf)
{
    std::string inner = html::input({"product-name", "name", "Product name", product.name, "text", "", true}) +
                        "<fieldset><legend>Module settings</legend>";
    for (std::size_t i = 0; i < defs.size(); ++i)
        inner += option_field(defs[i], i, i < product.options.size() ? product.options[i] : defs[i].default_value);
    inner += "</fieldset>" + html::submit("product-save", product.id ? "Save product" : "Add product");
    return html::post_form("product-form", action, csrf, inner);
}

void form_page(Panel& panel, Exchange& ex, const Session& session, const Product& product, int status,
               const std::string& error)
{
    std::string defs_error;
    const auto defs = option_defs(panel, defs_error);
    const std::string title = product.id ? "Product: " + product.name : "New product";
    std::string body = "<p>" + html::link("/admin/products", "All products") + "</p><h1>" + esc(title) + "</h1>";
    if (!error.empty())
        body += error_notice("product-error", error);
    if (!defs_error.empty())
        body += error_notice("product-options-error", defs_error);
    body += "<section class=\"card\">" +
            product_form(defs, product, product.id ? "/admin/products/" + std::to_string(product.id) : "/admin/products",
                         session.csrf) +
            "</section>";
    send_html(ex.response, status, render_page(admin_chrome(panel, session, title, "/admin/products"), body));
}

void list_page(Panel& panel, Exchange& ex)
{
    auto session = admin_session(panel, ex);
    if (!session)
        return;
    std::string body = "<h1>Products</h1><p>" + html::link("/admin/products/new", "Add a product", "product-new-link") +
                       "</p>";
    const auto products = panel.store.products();
    if (products.empty()) {
        body += "<p id=\"products-empty\">No product yet.</p>";
    } else {
        body += "<table id=\"products-table\" data-test=\"products-table\"><caption class=\"muted\">Products"
                "</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Settings</th></tr></thead><tbody>";
        for (const auto& p : products)
            body += "<tr data-test=\"product-row\" data-product-id=\"" + std::to_string(p.id) + "\"><td>" +
                    esc(p.name) + "</td><td>" +
                    html::link("/admin/products/" + std::to_string(p.id), "Edit " + p.name,
                               "product-link-" + std::to_string(p.id)) +
                    "</td></tr>";
        body += "</tbody></table>";
    }
    send_html(ex.response, 200, render_page(admin_chrome(panel, *session, "Products", "/admin/products"), body));
}

/// Reads the posted form into `product`; returns an error message or "".
std::string read_form(Panel& panel, Exchange& ex, Product& product)
{
    product.name = ex.field("name");
    std::string defs_error;
    const auto defs = option_defs(panel, defs_error);
    if (!defs_error.empty())
        return defs_error;
    product.options.clear();
    for (std::size_t i = 0; i < defs.size(); ++i) {
        const std::string name = "configoption" + std::to_string(i + 1);
        std::string value = ex.field(name);
        if (defs[i].type == "yesno")
            value = value.empty() ? "" : "on";  // WHMCS: ticked = "on", else ""
        if (defs[i].type == "dropdown" && !value.empty() &&
            std::find(defs[i].choices.begin(), defs[i].choices.end(), value) == defs[i].choices.end())
            return defs[i].label + ": choose one of the listed values.";
        if (value.size() > 2000)
            return defs[i].label + ": the value is too long.";
        product.options.push_back(value);
    }
    if (product.name.empty() || product.name.size() > 200)
        return "Enter a product name (up to 200 characters).";
    return "";
}

void save(Panel& panel, Exchange& ex, bool existing)
{
    auto session = admin_session(panel, ex);
    if (!session)
        return;
    Product product;
    if (existing) {
        auto found = panel.store.product(capture_id(ex));
        if (!found)
            return send_error_page(ex.response, 404, "Not found", "There is no such product.");
        product = *found;
    }
    const std::string error = read_form(panel, ex, product);
    if (!error.empty())
        return form_page(panel, ex, *session, product, 400, error);
    if (existing)
        panel.store.update_product(product);
    else
        product.id = panel.store.add_product(product);
    panel.admin_sessions.set_flash(
        session->id, {true, "Product " + product.name + (existing ? " saved." : " added."), ""});
    redirect(ex.response, "/admin/products/" + std::to_string(product.id));
}

}  // namespace

void add_product_routes(Router& router, Panel& panel)
{
    router.add("GET", "/admin/products", [&panel](Exchange& ex) { list_page(panel, ex); });
    router.add("GET", "/admin/products/new", [&panel](Exchange& ex) {
        auto session = admin_session(panel, ex);
        if (session)
            form_page(panel, ex, *session, Product(), 200, "");
    });
    router.add("POST", "/admin/products", [&panel](Exchange& ex) { save(panel, ex, false); });
    router.add("GET", "/admin/products/([0-9]{1,18})", [&panel](Exchange& ex) {
        auto session = admin_session(panel, ex);
        if (!session)
            return;
        auto product = panel.store.product(capture_id(ex));
        if (!product)
            return send_error_page(ex.response, 404, "Not found", "There is no such product.");
        form_page(panel, ex, *session, *product, 200, "");
    });
    router.add("POST", "/admin/products/([0-9]{1,18})", [&panel](Exchange& ex) { save(panel, ex, true); });
}

}  // namespace panel
