#include "layout.hpp"

#include <utility>
#include <vector>

#include "html.hpp"

namespace panel {

namespace {

using html::esc;

// One small stylesheet: readable type, visible focus, states in words with
// colour and a symbol only as extra cues, wide tap targets.
const char kStyle[] = R"css(
:root { --fg:#1d232b; --muted:#566170; --line:#d5dbe3; --bg:#f6f8fa; --accent:#1a5fb4;
        --ok:#1e6b35; --ok-bg:#e6f4ea; --bad:#a1231b; --bad-bg:#fdecea; --warn:#7a4d00; --warn-bg:#fff4d6; }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
a { color:var(--accent); }
:focus-visible { outline:3px solid #f5a623; outline-offset:2px; }
.skip { position:absolute; left:-999px; top:0; background:#fff; padding:.5rem; }
.skip:focus { left:.5rem; }
header.top { background:#fff; border-bottom:1px solid var(--line); padding:.6rem 1rem; display:flex; flex-wrap:wrap; gap:1rem; align-items:center; }
header.top .brand { font-weight:700; margin-right:1rem; text-decoration:none; color:var(--fg); }
nav.main ul { list-style:none; display:flex; flex-wrap:wrap; gap:.25rem; margin:0; padding:0; }
nav.main a { display:inline-block; padding:.3rem .6rem; border-radius:4px; text-decoration:none; }
nav.main a[aria-current="page"] { background:#e8eef8; font-weight:600; text-decoration:underline; }
.who { margin-left:auto; display:flex; gap:.5rem; align-items:center; color:var(--muted); }
main { max-width:1100px; margin:1.5rem auto; padding:0 1rem 3rem; }
h1 { font-size:1.6rem; margin:.2rem 0 1rem; } h2 { font-size:1.25rem; margin:1.6rem 0 .6rem; }
.card > h2:first-child { margin-top:0; }
section.card, .card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:1rem 1.2rem; margin:0 0 1.2rem; }
table { border-collapse:collapse; width:100%; background:#fff; }
th, td { text-align:left; padding:.45rem .6rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:.9rem; color:var(--muted); }
.field { margin:.6rem 0; display:flex; flex-direction:column; gap:.2rem; max-width:36rem; }
.field.check { flex-direction:row; flex-wrap:wrap; align-items:center; gap:.5rem; }
.field.check .hint { flex-basis:100%; }
label { font-weight:600; }
.req { font-weight:400; color:var(--muted); font-size:.85rem; }
.hint { color:var(--muted); font-size:.85rem; }
input[type=text], input[type=password], input[type=email], input[type=number], select {
  font:inherit; padding:.4rem .5rem; border:1px solid #8a96a3; border-radius:4px; background:#fff; max-width:100%; }
input[type=checkbox] { width:1.1rem; height:1.1rem; }
button { font:inherit; padding:.45rem .9rem; border-radius:4px; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; }
button.secondary { background:#fff; color:var(--accent); }
button.danger { background:var(--bad); border-color:var(--bad); }
form.inline { display:inline; }
fieldset { border:1px solid var(--line); border-radius:6px; margin:1rem 0; padding:.4rem 1rem .8rem; }
legend { font-weight:700; padding:0 .3rem; }
.actions { display:grid; grid-template-columns:repeat(auto-fill, minmax(16rem, 1fr)); gap:1rem; }
.actions form { border:1px solid var(--line); border-radius:6px; padding:.8rem; background:#fff; }
.actions h3 { margin:.1rem 0 .4rem; font-size:1rem; }
.flash, .notice { border-radius:6px; padding:.8rem 1rem; margin:0 0 1.2rem; border:1px solid; }
.flash.ok { background:var(--ok-bg); border-color:var(--ok); }
.flash.error, .notice.error { background:var(--bad-bg); border-color:var(--bad); }
.notice.info { background:#eef3fb; border-color:var(--accent); }
.flash strong::before { content:"\2714\FE0E  "; } .flash.error strong::before, .notice.error strong::before { content:"\2716\FE0E  "; }
.badge { display:inline-block; padding:.05rem .5rem; border-radius:999px; border:1px solid; font-size:.85rem; font-weight:600; }
.badge-active { color:var(--ok); background:var(--ok-bg); }
.badge-suspended { color:var(--warn); background:var(--warn-bg); }
.badge-terminated { color:var(--bad); background:var(--bad-bg); }
.badge-pending { color:var(--muted); background:#eef1f4; }
dl.fields { display:grid; grid-template-columns:max-content 1fr; gap:.3rem 1rem; margin:0; }
dl.fields dt { font-weight:600; } dl.fields dd { margin:0; white-space:pre-wrap; }
pre { white-space:pre-wrap; word-break:break-all; margin:0; font-size:.85rem; }
.steps td.ok { color:var(--ok); font-weight:600; } .steps td.failed { color:var(--bad); font-weight:600; }
.client-area { background:#fff; border:1px solid var(--line); border-radius:6px; padding:1rem 1.2rem; }
.muted { color:var(--muted); }
)css";

using NavItems = std::vector<std::pair<std::string, std::string>>;  // (key/href, label)

const NavItems& admin_nav()
{
    static const NavItems items = {{"/admin", "Dashboard"},          {"/admin/servers", "Servers"},
                                   {"/admin/products", "Products"},  {"/admin/clients", "Clients"},
                                   {"/admin/services", "Services"},  {"/admin/log", "Module log"}};
    return items;
}

const NavItems& client_nav()
{
    static const NavItems items = {{"/client", "My services"}};
    return items;
}

std::string nav(const NavItems& items, const std::string& active, const std::string& label)
{
    std::string out = "<nav class=\"main\" aria-label=\"" + esc(label) + "\"><ul>";
    for (const auto& [href, text] : items) {
        std::string test_id = "nav" + href;
        for (char& c : test_id)
            if (c == '/')
                c = '-';
        out += "<li><a href=\"" + esc(href) + "\" data-test=\"" + esc(test_id) + "\"" +
               (href == active ? " aria-current=\"page\"" : "") + ">" + esc(text) + "</a></li>";
    }
    return out + "</ul></nav>";
}

}  // namespace

std::string render_flash(const Flash& flash)
{
    return std::string("<div id=\"flash\" data-test=\"flash\" data-result=\"") +
           (flash.ok ? "success" : "error") + "\" class=\"flash " + (flash.ok ? "ok" : "error") +
           "\" role=\"" + (flash.ok ? "status" : "alert") + "\"><strong>" +
           (flash.ok ? "Done: " : "Failed: ") + "</strong><span id=\"flash-text\" data-test=\"flash-text\">" +
           esc(flash.text) + "</span>" + flash.detail_html + "</div>";
}

std::string error_notice(const std::string& id, const std::string& text)
{
    return "<div id=\"" + esc(id) + "\" data-test=\"" + esc(id) +
           "\" class=\"notice error\" role=\"alert\"><strong>Error: </strong>" + esc(text) + "</div>";
}

std::string render_page(const Chrome& chrome, const std::string& body)
{
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>" + esc(chrome.title) + " - embyprov panel</title><style>" + kStyle +
        "</style></head><body><a class=\"skip\" href=\"#main\">Skip to content</a>"
        "<header class=\"top\">";
    if (chrome.area == Area::Admin) {
        out += "<a class=\"brand\" href=\"/admin\">embyprov panel &middot; Admin</a>";
        if (!chrome.csrf.empty())
            out += nav(admin_nav(), chrome.active, "Admin");
    } else if (chrome.area == Area::Client) {
        out += "<a class=\"brand\" href=\"/client\">embyprov panel &middot; Client area</a>";
        if (!chrome.csrf.empty())
            out += nav(client_nav(), chrome.active, "Client area");
    } else {
        out += "<a class=\"brand\" href=\"/\">embyprov panel</a>";
    }
    if (!chrome.csrf.empty()) {
        const bool admin = chrome.area == Area::Admin;
        out += "<div class=\"who\"><span id=\"signed-in-as\" data-test=\"signed-in-as\">Signed in as " +
               esc(chrome.signed_in_as) + "</span>" +
               html::button_form(admin ? "admin-logout-form" : "client-logout-form",
                                 admin ? "/admin/logout" : "/client/logout", chrome.csrf,
                                 admin ? "admin-logout" : "client-logout", "Log out", "secondary") +
               "</div>";
    }
    out += "</header><main id=\"main\" tabindex=\"-1\">";
    if (chrome.flash)
        out += render_flash(*chrome.flash);
    return out + body + "</main></body></html>\n";
}

}  // namespace panel
