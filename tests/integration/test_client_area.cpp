// The customer's client area through the C ABI, judged on the server and in
// the rendered HTML: every action, the CSRF and ownership checks, escaping,
// and what bad input leaves behind (nothing).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>

#include <Poco/File.h>
#include <Poco/JSON/Parser.h>
#include <Poco/TemporaryFile.h>

#include "fixture.hpp"
#include "servers.hpp"

using namespace itest;

namespace {

const char kToken[] = "csrf-token-0123456789";

/// A service "700" for "home" with a quota of two media accounts, the
/// customer's page settings, and the customer's language.
struct Customer {
    explicit Customer(Env& e, const std::string& language = "english")
        : env(e), params(e.params("700", "home", "Home-pass-123"))
    {
        params.set("configoption9", "2");
        params.set("configoption11", "https://example.com/manual");
        auto r = env.module.call("create_account", params);
        if (!r.ok())
            throw std::runtime_error(r.text);
        main_id = r.str("user_id");
        params.set("client_area", obj(std::string(R"({"form_action":"/service/700","csrf_token":")") +
                                      kToken + "\"}"));
        params.set("clientsdetails", obj("{\"language\":\"" + language + "\"}"));
    }

    HookResult act(const std::string& request) { return env.module.client_area(params, request); }

    /// The request with the right token added.
    HookResult post(const std::string& fields)
    {
        return act("{\"csrf_token\":\"" + std::string(kToken) + "\"," + fields + "}");
    }

    std::string html(const HookResult& r) { return r.str("html"); }

    Env& env;
    Poco::JSON::Object params;
    std::string main_id;
};

std::vector<std::string> sorted(std::vector<std::string> v)
{
    std::sort(v.begin(), v.end());
    return v;
}

std::string library_id(Env& env, const std::string& name)
{
    auto libs = env.emby.libraries();
    for (std::size_t i = 0; i < libs->size(); ++i)
        if (libs->getObject(static_cast<unsigned>(i))->getValue<std::string>("Name") == name)
            return libs->getObject(static_cast<unsigned>(i))->getValue<std::string>("Guid");
    throw std::runtime_error("no library " + name);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(client_area)

BOOST_AUTO_TEST_CASE(the_overview_shows_account_devices_and_libraries_as_text)
{
    Env env;
    Customer c(env);
    BOOST_REQUIRE(env.emby.sign_in("home", "Home-pass-123", "<img src=x onerror=alert(1)>") == 200);
    BOOST_REQUIRE(env.emby.sign_in("home", "Home-pass-123", "living-room-tv") == 200);
    auto r = c.act(R"({"action":"overview"})");
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    BOOST_TEST(r.str("template") == "overview");
    const std::string html = c.html(r);
    BOOST_TEST(html.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
    BOOST_TEST(html.find("<img src=x") == std::string::npos);
    BOOST_TEST(html.find("living-room-tv") != std::string::npos);
    for (const char* lib : {"Movies", "TV Shows", "Music", "Kids"})
        BOOST_TEST(html.find(std::string(">") + lib + "</li>") != std::string::npos, lib);
    BOOST_TEST(html.find("https://example.com/manual") != std::string::npos);
    BOOST_TEST(html.find("Home-pass-123") == std::string::npos);  // shown only on request
    BOOST_TEST(html.find("action=\"/service/700\"") != std::string::npos);
    BOOST_TEST(html.find("0 of 2 used") != std::string::npos);
    // A null request is the overview too.
    char* out = nullptr;
    std::ostringstream p;
    c.params.stringify(p);
    BOOST_TEST(embyprov_client_area(env.module.ctx(), p.str().c_str(), nullptr, &out) == EMBYPROV_OK);
    embyprov_free(out);
}

BOOST_AUTO_TEST_CASE(the_password_is_revealed_only_with_the_token)
{
    Env env;
    Customer c(env);
    auto refused = c.act(R"({"action":"reveal_password","csrf_token":"forged"})");
    BOOST_TEST(refused.code == EMBYPROV_EINVALID);
    BOOST_TEST(refused.error().find("session has expired") != std::string::npos);
    BOOST_TEST(c.html(refused).find("Home-pass-123") == std::string::npos);
    auto shown = c.post(R"("action":"reveal_password")");
    BOOST_REQUIRE_MESSAGE(shown.ok(), shown.text);
    BOOST_TEST(c.html(shown).find(">Home-pass-123</code>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(changing_the_password_works_at_once_and_bad_input_changes_nothing)
{
    Env env;
    Customer c(env);
    auto mismatch = c.post(R"("action":"change_password","new_password":"Aaaa-1111","confirm_password":"Bbbb-2222")");
    BOOST_TEST(mismatch.code == EMBYPROV_EINVALID);
    BOOST_TEST(mismatch.error() == "The two passwords do not match.");
    BOOST_TEST(c.html(mismatch).find("The two passwords do not match.") != std::string::npos);
    auto shorter = c.post(R"("action":"change_password","new_password":"short","confirm_password":"short")");
    BOOST_TEST(shorter.code == EMBYPROV_EINVALID);
    BOOST_TEST(env.emby.sign_in("home", "Home-pass-123", "phone") == 200);

    auto ok = c.post(R"("action":"change_password","new_password":"Fresh-pass-789","confirm_password":"Fresh-pass-789")");
    BOOST_REQUIRE_MESSAGE(ok.ok(), ok.text);
    BOOST_TEST(ok.str("update_service_password") == "Fresh-pass-789");
    BOOST_TEST(ok.str("message_type") == "success");
    BOOST_TEST(env.emby.sign_in("home", "Fresh-pass-789", "phone") == 200);
    BOOST_TEST(env.emby.sign_in("home", "Home-pass-123", "phone") == 401);
}

BOOST_AUTO_TEST_CASE(a_media_account_sees_only_the_libraries_left_to_it)
{
    Env env;
    Customer c(env);
    const std::string tv = library_id(env, "TV Shows"), kids = library_id(env, "Kids");
    auto r = c.post(R"("action":"media_add","name":"kids","password":"Kids-pass-123","disabled_libraries":[")" + tv +
                    "\",\"" + kids + "\"]");
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    auto user = env.emby.find_user("home-kids");
    BOOST_REQUIRE(user);
    BOOST_TEST(sorted(env.emby.views(user->getValue<std::string>("Id"))) ==
               (std::vector<std::string>{"Movies", "Music"}));
    BOOST_TEST(env.emby.sign_in("home-kids", "Kids-pass-123", "tablet") == 200);
    BOOST_TEST(c.html(r).find("1 of 2 used") != std::string::npos);

    // A generated password is shown once, in the message.
    auto gen = c.post(R"("action":"media_add","name":"guest","password":"","disabled_libraries[]":[])");
    BOOST_REQUIRE_MESSAGE(gen.ok(), gen.text);
    const std::string message = gen.str("message");
    const auto at = message.find("password is ") + 12;
    BOOST_TEST(message.substr(at, 16) == gen.str("generated_password"));
    BOOST_TEST(env.emby.sign_in("home-guest", gen.str("generated_password"), "tv") == 200);
}

BOOST_AUTO_TEST_CASE(media_accounts_respect_quota_names_and_the_owners_libraries)
{
    Env env;
    Customer c(env);
    const auto users_before = env.emby.user_names().size();
    BOOST_TEST(c.post(R"("action":"media_add","name":"bad name!","password":"")").code == EMBYPROV_EINVALID);
    BOOST_TEST(c.post(R"("action":"media_add","name":"x","password":"")" R"(,"disabled_libraries":["ffffffffffffffffffffffffffffffff"])").code ==
               EMBYPROV_EINVALID);
    BOOST_TEST(c.post(R"("action":"media_add","name":"x","password":"abc")").code == EMBYPROV_EINVALID);
    BOOST_TEST(env.emby.user_names().size() == users_before);  // nothing was created

    BOOST_REQUIRE(c.post(R"("action":"media_add","name":"one","password":"")").ok());
    auto dup = c.post(R"("action":"media_add","name":"ONE","password":"")");
    BOOST_TEST(dup.code == EMBYPROV_EEXISTS);
    env.emby.create_user("home-two", "Someone-else-1");  // taken on the server, not by us
    BOOST_TEST(c.post(R"("action":"media_add","name":"two","password":"")").code == EMBYPROV_EEXISTS);
    BOOST_REQUIRE(c.post(R"("action":"media_add","name":"three","password":"")").ok());
    auto full = c.post(R"("action":"media_add","name":"four","password":"")");
    BOOST_TEST(full.code == EMBYPROV_EQUOTA);
    BOOST_TEST(full.error() == "All media accounts of your plan are in use (2 at most).");
    BOOST_TEST(!env.emby.find_user("home-four"));
}

BOOST_AUTO_TEST_CASE(editing_deleting_and_signing_out_a_media_account)
{
    Env env;
    Customer c(env);
    BOOST_REQUIRE(c.post(R"("action":"media_add","name":"kid","password":"Kid-pass-1234")").ok());
    const std::string id = env.emby.find_user("home-kid")->getValue<std::string>("Id");
    std::string token;
    BOOST_REQUIRE(env.emby.sign_in("home-kid", "Kid-pass-1234", "kid-tablet", &token) == 200);

    auto devices = c.act(R"({"action":"media_devices","user_id":")" + id + "\"}");
    BOOST_REQUIRE_MESSAGE(devices.ok(), devices.text);
    BOOST_TEST(c.html(devices).find("kid-tablet") != std::string::npos);
    auto dropped = c.post(R"("action":"media_drop_devices","user_id":")" + id + "\"");
    BOOST_REQUIRE_MESSAGE(dropped.ok(), dropped.text);
    BOOST_TEST(env.emby.token_status(token) == 401);

    auto form = c.act(R"({"action":"media_edit_form","user_id":")" + id + "\"}");
    BOOST_REQUIRE(form.ok());
    BOOST_TEST(form.str("template") == "media_edit");
    const std::string music = library_id(env, "Music");
    auto saved = c.post(R"("action":"media_edit","user_id":")" + id +
                        R"(","password":"Kid-new-5678","disabled_libraries":[")" + music + "\"]");  // enabled unticked
    BOOST_REQUIRE_MESSAGE(saved.ok(), saved.text);
    auto user = env.emby.find_user("home-kid");
    BOOST_TEST(user->getObject("Policy")->getValue<bool>("IsDisabled"));
    BOOST_TEST(sorted(env.emby.views(id)) == (std::vector<std::string>{"Kids", "Movies", "TV Shows"}));
    auto enabled = c.post(R"("action":"media_edit","user_id":")" + id + R"(","enabled":"1","password":"")");
    BOOST_REQUIRE(enabled.ok());
    BOOST_TEST(env.emby.sign_in("home-kid", "Kid-new-5678", "phone") == 200);
    BOOST_TEST(env.emby.views(id).size() == 4u);

    auto deleted = c.post(R"("action":"media_delete","user_id":")" + id + "\"");
    BOOST_REQUIRE_MESSAGE(deleted.ok(), deleted.text);
    BOOST_TEST(!env.emby.find_user("home-kid"));
    BOOST_TEST(c.html(deleted).find("0 of 2 used") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(actions_only_touch_accounts_of_this_service)
{
    Env env;
    Customer c(env);
    auto other = env.params("701", "stranger", "Stranger-pass-1");
    BOOST_REQUIRE(env.module.call("create_account", other).ok());
    const std::string theirs = env.add_media_account("701", "stranger-kid", true);
    const std::string main_of_other = env.emby.find_user("stranger")->getValue<std::string>("Id");
    for (const std::string& id : {theirs, main_of_other, c.main_id, std::string("nonsense")}) {
        auto r = c.post(R"("action":"media_delete","user_id":")" + id + "\"");
        BOOST_TEST(r.code == EMBYPROV_ENOTFOUND, id);
        BOOST_TEST(r.error() == "That account does not belong to this service.");
    }
    BOOST_TEST(env.emby.find_user("stranger-kid"));
    BOOST_TEST(env.emby.find_user("stranger"));
    BOOST_TEST(c.act(R"({"action":"media_edit_form","user_id":")" + theirs + "\"}").code == EMBYPROV_ENOTFOUND);
    BOOST_TEST(c.post(R"("action":"self_destruct")").code == EMBYPROV_EINVALID);
    BOOST_TEST(c.act(R"({"action":"drop_devices"})").code == EMBYPROV_EINVALID);  // no token
}

BOOST_AUTO_TEST_CASE(emby_connect_link_pending_change_and_unlink, *emby_only())
{
    Env env;
    Customer c(env);
    auto linked = c.post(R"("action":"connect_link","connect_email":"alice@example.com")");
    BOOST_REQUIRE_MESSAGE(linked.ok(), linked.text);
    BOOST_TEST(linked.str("message").find("now linked") != std::string::npos);
    BOOST_TEST(env.emby.find_user("home")->getValue<std::string>("ConnectUserName") == "alice");
    BOOST_TEST(c.html(linked).find("data-connect-state=\"linked\"") != std::string::npos);
    BOOST_TEST(c.html(linked).find("Server not listed") != std::string::npos);

    auto pending = c.post(R"("action":"connect_link","connect_email":"bob")");
    BOOST_REQUIRE_MESSAGE(pending.ok(), pending.text);
    BOOST_TEST(pending.str("message").find("Waiting for confirmation") != std::string::npos);
    // The server cannot tell later; the page keeps showing the pending state.
    auto later = c.act(R"({"action":"overview"})");
    BOOST_TEST(c.html(later).find("data-connect-state=\"pending\"") != std::string::npos);

    auto unknown = c.post(R"("action":"connect_link","connect_email":"nobody@example.com")");
    BOOST_TEST(unknown.code == EMBYPROV_EINVALID);
    BOOST_TEST(unknown.error().find("emby.media/connect") != std::string::npos);
    auto inactive = c.post(R"("action":"connect_link","connect_email":"carol")");
    BOOST_TEST(inactive.error().find("not activated") != std::string::npos);

    // One Connect account, one account: checked in our records...
    BOOST_REQUIRE(c.post(R"("action":"media_add","name":"kid","password":"")").ok());
    const std::string kid = env.emby.find_user("home-kid")->getValue<std::string>("Id");
    auto mine = c.post(R"("action":"media_edit","user_id":")" + kid + R"(","enabled":"1","connect_email":"BOB")");
    BOOST_TEST(mine.code == EMBYPROV_EEXISTS);
    // ...and as the server answers (linked by someone outside the module).
    std::string body;
    const std::string outsider = env.emby.create_user("outsider", "Outsider-123");
    env.emby.send("POST", "/emby/Users/" + outsider + "/Connect/Link?ConnectUsername=alice", "", body,
                  env.sim.api_key());
    auto theirs = c.post(R"("action":"connect_link","connect_email":"alice")");
    BOOST_TEST(theirs.code == EMBYPROV_EEXISTS);
    BOOST_TEST(theirs.error() == "This Emby Connect account is already linked to another account.");

    auto unlinked = c.post(R"("action":"connect_link","connect_email":"")");
    BOOST_REQUIRE_MESSAGE(unlinked.ok(), unlinked.text);
    BOOST_TEST(env.emby.find_user("home")->optValue<std::string>("ConnectUserName", "") == "");
}

BOOST_AUTO_TEST_CASE(a_suspended_service_can_be_seen_but_not_changed)
{
    Env env;
    Customer c(env);
    BOOST_REQUIRE(env.module.call("suspend_account", c.params).ok());
    auto page = c.act(R"({"action":"overview"})");
    BOOST_REQUIRE(page.ok());
    BOOST_TEST(c.html(page).find("data-test=\"suspended\"") != std::string::npos);
    auto refused = c.post(R"("action":"media_add","name":"kid","password":"")");
    BOOST_TEST(refused.code == EMBYPROV_ESTATE);
    BOOST_TEST(!env.emby.find_user("home-kid"));
}

BOOST_AUTO_TEST_CASE(an_unknown_service_and_a_server_outage_give_clear_answers)
{
    Env env;
    Customer c(env);
    auto stranger = c.params;
    stranger.set("serviceid", "999");
    auto unknown = env.module.client_area(stranger, R"({"action":"overview"})");
    BOOST_TEST(unknown.code == EMBYPROV_ENOTFOUND);
    BOOST_TEST(unknown.str("template") == "error");  // still a page to show
    BOOST_TEST(unknown.str("html").find("Your account is not ready yet") != std::string::npos);
    env.emby.set_faults(R"({"error_rate":1.0,"error_status":500})");
    auto down = c.act(R"({"action":"overview"})");
    BOOST_TEST(down.code == EMBYPROV_EREMOTE);
    BOOST_TEST(down.error() == "The media server could not complete the request. Please try again later.");
    BOOST_TEST(down.str("template") == "error");
    BOOST_TEST(!down.str("html").empty());
}

BOOST_AUTO_TEST_CASE(pages_and_messages_speak_the_customers_language)
{
    Env env;
    Customer de(env, "german");
    auto page = de.act(R"({"action":"overview"})");
    BOOST_REQUIRE(page.ok());
    BOOST_TEST(de.html(page).find("Ihr Emby-Konto") != std::string::npos);
    BOOST_TEST(de.html(page).find("lang=\"de\"") != std::string::npos);
    auto mismatch = de.post(R"("action":"change_password","new_password":"Aaaa-1111","confirm_password":"Bbbb-2222")");
    BOOST_TEST(mismatch.error() == "Die beiden Passwörter stimmen nicht überein.");
    for (const auto& [requested, title] : std::vector<std::pair<std::string, std::string>>{
             {"portuguese-br", "Sua conta Emby"}, {"pt_BR", "Sua conta Emby"}, {"ru", "Ваш аккаунт Emby"},
             {"de-AT", "Ihr Emby-Konto"}, {"klingon", "Your Emby account"}, {"", "Your Emby account"}}) {
        de.params.set("clientsdetails", obj("{\"language\":\"" + requested + "\"}"));
        BOOST_TEST(de.html(de.act(R"({"action":"overview"})")).find(title) != std::string::npos, requested);
    }
}

BOOST_AUTO_TEST_CASE(a_panels_templates_and_strings_win_over_the_built_in_ones)
{
    const std::string dir = Poco::TemporaryFile::tempName();
    Poco::File(dir + "/templates").createDirectories();
    Poco::File(dir + "/lang").createDirectories();
    std::ofstream(dir + "/templates/overview.mustache") << "<p class=\"mine\">{{t.overview.title}} {{account.username}}</p>";
    std::ofstream(dir + "/lang/en.json") << R"({"overview.title": "Welcome <home>"})";
    {
        Env env({}, "\"templates_dir\":\"" + dir + "/templates\",\"lang_dir\":\"" + dir + "/lang\"");
        Customer c(env);
        auto r = c.act(R"({"action":"overview"})");
        BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
        BOOST_TEST(c.html(r) == "<p class=\"mine\">Welcome &lt;home&gt; home</p>");
        // Keys the override file lacks still come from the built-in English.
        auto e = c.post(R"("action":"change_password","new_password":"a","confirm_password":"b")");
        BOOST_TEST(e.error() == "The two passwords do not match.");
        // A template edited on disk is used from the next page on, partials too.
        std::ofstream(dir + "/templates/overview.mustache") << "<p class=\"edited\">{{>_message}}</p>";
        std::ofstream(dir + "/templates/_message.mustache") << "{{account.username}}";
        r = c.act(R"({"action":"overview"})");
        BOOST_TEST(c.html(r) == "<p class=\"edited\">home</p>", r.text);
        // A partial that includes itself is refused, not followed for ever.
        std::ofstream(dir + "/templates/_message.mustache") << "again {{>_message}}";
        auto loop = c.act(R"({"action":"overview"})");
        BOOST_TEST(loop.code == EMBYPROV_ERROR, loop.text);
        BOOST_TEST(embyprov_last_error(env.module.ctx()) != std::string(), loop.text);
    }
    Poco::File(dir).remove(true);
}

// Jellyfin leaves the libraries a customer hid from their home screen out of
// their views; the client area still lists every library they may open.
BOOST_AUTO_TEST_CASE(a_library_hidden_from_the_home_screen_is_still_listed_on_jellyfin)
{
    for (const std::string version : {"10.11", "12.0"}) {
        Env env({"--flavor", "jellyfin", "--server-version", version});
        Customer c(env);
        std::string body;
        BOOST_REQUIRE(env.emby.send("GET", "/emby/Library/VirtualFolders", "", body, env.sim.api_key()) ==
                      200);
        std::string kids;
        auto folders = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < folders->size(); ++i)
            if (folders->getObject(static_cast<unsigned>(i))->getValue<std::string>("Name") == "Kids")
                kids = folders->getObject(static_cast<unsigned>(i))->getValue<std::string>("ItemId");
        BOOST_REQUIRE(!kids.empty());
        auto config = env.emby.find_user("home")->getObject("Configuration");
        Poco::JSON::Array::Ptr excludes = new Poco::JSON::Array;
        excludes->add(kids);
        config->set("MyMediaExcludes", excludes);
        std::ostringstream json;
        config->stringify(json);
        BOOST_REQUIRE(env.emby.send("POST", "/emby/Users/" + c.main_id + "/Configuration", json.str(), body,
                                    env.sim.api_key()) == 204);
        const auto views = env.emby.views(c.main_id);
        BOOST_REQUIRE(std::find(views.begin(), views.end(), "Kids") == views.end());  // the server hides it
        auto r = c.act(R"({"action":"overview"})");
        BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
        for (const char* lib : {"Movies", "TV Shows", "Music", "Kids"})
            BOOST_TEST(c.html(r).find(std::string(">") + lib + "</li>") != std::string::npos, version << " " << lib);
    }
}

BOOST_AUTO_TEST_SUITE_END()
