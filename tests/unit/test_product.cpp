#include <boost/test/unit_test.hpp>

#include "error.hpp"
#include "policy_rules.hpp"
#include "product.hpp"
#include "server_cache.hpp"
#include "server_params.hpp"

using namespace embyprov;

namespace {

std::vector<VirtualFolderInfo> sample_libraries()
{
    std::vector<VirtualFolderInfo> libs(3);
    libs[0] = {"Movies", "3", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1", "3", "movies"};
    libs[1] = {"TV Shows", "4", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2", "4", "tvshows"};
    libs[2] = {"Music", "5", "ccccccccccccccccccccccccccccccc3", "5", "music"};
    return libs;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(product_settings)

BOOST_AUTO_TEST_CASE(defaults_apply_when_nothing_is_configured)
{
    auto p = ProductSettings::from(*json::parse_object("{}", "t"));
    BOOST_TEST(!p.flavour.has_value());
    BOOST_TEST(p.libraries.empty());
    BOOST_TEST(p.stream_limit == 2);
    BOOST_TEST(p.remote_access);
    BOOST_TEST(!p.downloads);
    BOOST_TEST(p.media_accounts == 0);
    BOOST_TEST(p.hide_from_login);
}

BOOST_AUTO_TEST_CASE(positions_follow_the_config_options_order)
{
    const auto& defs = config_option_defs();
    BOOST_TEST(std::string(defs[0].key) == "flavour");
    BOOST_TEST(std::string(defs[1].key) == "libraries");
    BOOST_TEST(std::string(defs[3].key) == "stream_limit");
    BOOST_TEST(std::string(defs[8].key) == "media_accounts");
    BOOST_TEST(defs.size() <= 24u);  // WHMCS offers 24 positions
    auto p = ProductSettings::from(*json::parse_object(
        R"({"configoption1":"jellyfin","configoption2":" Movies , TV Shows ,","configoption4":"3",
            "configoption5":"","configoption9":"2"})", "t"));
    BOOST_TEST((p.flavour == Flavour::Jellyfin));
    BOOST_TEST(p.libraries == (std::vector<std::string>{"Movies", "TV Shows"}));
    BOOST_TEST(p.stream_limit == 3);
    BOOST_TEST(!p.remote_access);  // an unticked WHMCS yes/no arrives as ""
    BOOST_TEST(p.media_accounts == 2);
}

BOOST_AUTO_TEST_CASE(configurable_options_override_the_product)
{
    auto p = ProductSettings::from(*json::parse_object(
        R"({"configoption4":"1","configoptions":{"stream_limit":4,"media_accounts":"3"}})", "t"));
    BOOST_TEST(p.stream_limit == 4);
    BOOST_TEST(p.media_accounts == 3);
}

BOOST_AUTO_TEST_CASE(bad_settings_are_refused_with_their_name)
{
    try {
        ProductSettings::from(*json::parse_object(R"({"configoption1":"plex"})", "t"));
        BOOST_FAIL("accepted");
    } catch (const Error& e) {
        BOOST_TEST(e.code() == EMBYPROV_EINVALID);
        BOOST_TEST(std::string(e.what()).find("Server type") != std::string::npos);
    }
    BOOST_CHECK_THROW(ProductSettings::from(*json::parse_object(R"({"configoption4":"two"})", "t")), Error);
    BOOST_CHECK_THROW(ProductSettings::from(*json::parse_object(R"({"configoption11":"javascript:x"})", "t")),
                      Error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(policy)

BOOST_AUTO_TEST_CASE(libraries_resolve_by_name_or_id_to_the_guid)
{
    auto g = resolve_libraries({"movies", "4", "ccccccccccccccccccccccccccccccc3"}, sample_libraries());
    BOOST_TEST(!g.all);
    BOOST_TEST(g.access_ids == (std::vector<std::string>{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1",
                                                         "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2",
                                                         "ccccccccccccccccccccccccccccccc3"}));
    BOOST_TEST(resolve_libraries({}, sample_libraries()).all);
}

BOOST_AUTO_TEST_CASE(servers_without_guid_use_the_item_id)
{
    std::vector<VirtualFolderInfo> libs(1);
    libs[0] = {"Movies", "", "", "f137a2dd21bbc1b99aa5c0f6bf02a805", "movies"};
    BOOST_TEST(resolve_libraries({"Movies"}, libs).access_ids[0] == "f137a2dd21bbc1b99aa5c0f6bf02a805");
}

BOOST_AUTO_TEST_CASE(unknown_libraries_are_named_in_the_error)
{
    try {
        resolve_libraries({"Movies", "Cartoons"}, sample_libraries());
        BOOST_FAIL("accepted");
    } catch (const Error& e) {
        BOOST_TEST(e.code() == EMBYPROV_EINVALID);
        BOOST_TEST(std::string(e.what()).find("'Cartoons'") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(apply_product_edits_only_its_fields)
{
    auto policy = json::parse_object(
        R"({"IsAdministrator":true,"AuthenticationProviderId":"prov","BlockedMediaFolders":[],
            "EnableAllFolders":true,"MaxParentalRating":12,"IsDisabled":true})", "t");
    ProductSettings p;
    p.stream_limit = 3;
    p.downloads = true;
    auto grant = resolve_libraries({"Movies"}, sample_libraries());
    apply_product(*policy, p, grant, Flavour::Emby);
    BOOST_TEST(!policy->getValue<bool>("IsAdministrator"));
    BOOST_TEST(policy->getValue<std::string>("AuthenticationProviderId") == "prov");
    BOOST_TEST(policy->getValue<int>("MaxParentalRating") == 12);
    BOOST_TEST(policy->getValue<bool>("IsDisabled"));  // suspension owns this field
    BOOST_TEST(!policy->has("BlockedMediaFolders"));
    BOOST_TEST(!policy->getValue<bool>("EnableAllFolders"));
    BOOST_TEST(policy->getArray("EnabledFolders")->getElement<std::string>(0) ==
               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1");
    BOOST_TEST(policy->getValue<int>("SimultaneousStreamLimit") == 3);
    BOOST_TEST(policy->getValue<bool>("EnableContentDownloading"));
    BOOST_TEST(!policy->has("MaxActiveSessions"));

    // Jellyfin's MaxActiveSessions counts signed-in devices and refuses
    // sign-ins beyond it: the stream limit never goes there.
    policy->set("MaxActiveSessions", 1);
    apply_product(*policy, p, LibraryGrant{}, Flavour::Jellyfin);
    BOOST_TEST(policy->getValue<int>("MaxActiveSessions") == 0);
    BOOST_TEST(policy->getValue<bool>("EnableAllFolders"));
    BOOST_TEST(policy->getArray("EnabledFolders")->size() == 0u);
}

BOOST_AUTO_TEST_CASE(a_templates_sign_in_rules_are_not_copied)
{
    const char* tmpl = R"({"EnableAllDevices":false,"EnabledDevices":["tv-1"],"LoginAttemptsBeforeLockout":1,
        "InvalidLoginAttemptCount":4,"AuthenticationProviderId":"Ldap.Provider","PasswordResetProviderId":"Ldap.Reset",
        "MaxActiveSessions":1,"MaxParentalRating":7})";
    auto policy = json::parse_object(tmpl, "t");
    auto own = json::parse_object(R"({"EnableAllDevices":true,"EnabledDevices":[],"LoginAttemptsBeforeLockout":-1,
        "InvalidLoginAttemptCount":0,"AuthenticationProviderId":"Own.Provider","PasswordResetProviderId":"Own.Reset",
        "MaxActiveSessions":0})", "own");
    keep_own_sign_in_rules(*policy, *own, Flavour::Jellyfin);
    BOOST_TEST(policy->getValue<bool>("EnableAllDevices"));
    BOOST_TEST(policy->getArray("EnabledDevices")->size() == 0u);
    BOOST_TEST(policy->getValue<int>("LoginAttemptsBeforeLockout") == -1);
    BOOST_TEST(policy->getValue<int>("InvalidLoginAttemptCount") == 0);
    BOOST_TEST(policy->getValue<std::string>("AuthenticationProviderId") == "Own.Provider");
    BOOST_TEST(policy->getValue<std::string>("PasswordResetProviderId") == "Own.Reset");
    BOOST_TEST(policy->getValue<int>("MaxActiveSessions") == 0);
    BOOST_TEST(policy->getValue<int>("MaxParentalRating") == 7);  // content rules stay the template's

    // A server whose new-user policy lacks a field: Emby loses the template's
    // value; Jellyfin, which requires the provider ids, gets the built-in ones.
    auto bare = json::make_object();
    auto emby = json::parse_object(tmpl, "t");
    keep_own_sign_in_rules(*emby, *bare, Flavour::Emby);
    BOOST_TEST(!emby->has("AuthenticationProviderId"));
    BOOST_TEST(!emby->has("LoginAttemptsBeforeLockout"));
    BOOST_TEST(emby->getValue<bool>("EnableAllDevices"));
    auto jf = json::parse_object(tmpl, "t");
    keep_own_sign_in_rules(*jf, *bare, Flavour::Jellyfin);
    BOOST_TEST(jf->getValue<std::string>("AuthenticationProviderId") ==
               "Jellyfin.Server.Implementations.Users.DefaultAuthenticationProvider");
    BOOST_TEST(jf->getValue<std::string>("PasswordResetProviderId") ==
               "Jellyfin.Server.Implementations.Users.DefaultPasswordResetProvider");
}

BOOST_AUTO_TEST_CASE(user_names_compare_as_the_servers_compare_them)
{
    BOOST_TEST(same_user_name("Müller", "MÜLLER"));
    BOOST_TEST(same_user_name("alice", "ALICE"));
    BOOST_TEST(!same_user_name("straße", "STRASSE"));
    BOOST_TEST(!same_user_name("müller", "muller"));
    BOOST_TEST(!same_user_name("alice", "alice2"));
}

BOOST_AUTO_TEST_CASE(guids_are_recognised_as_dotnet_parses_them)
{
    BOOST_TEST(is_guid_text("0123456789abcdefABCDEF0123456789"));
    BOOST_TEST(is_guid_text("01234567-89ab-cdef-0123-456789abcdef"));
    BOOST_TEST(is_guid_text("{01234567-89ab-cdef-0123-456789abcdef}"));
    BOOST_TEST(!is_guid_text(""));
    BOOST_TEST(!is_guid_text("abc"));
    BOOST_TEST(!is_guid_text("0123456789abcdef0123456789abcdeg"));
    BOOST_TEST(!is_guid_text("01234567-89ab-cdef-0123_456789abcdef"));
    BOOST_TEST(!is_guid_text("../Users"));
}

BOOST_AUTO_TEST_CASE(a_media_account_grant_narrows_its_owners)
{
    auto libs = sample_libraries();
    auto all = resolve_libraries({}, libs);
    auto narrowed = narrow_grant(all, {"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2"}, libs);
    BOOST_TEST(!narrowed.all);
    BOOST_TEST(narrowed.names == (std::vector<std::string>{"Movies", "Music"}));
    auto some = resolve_libraries({"Movies", "TV Shows"}, libs);
    BOOST_TEST(narrow_grant(some, {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1"}, libs).names ==
               std::vector<std::string>{"TV Shows"});
    BOOST_TEST((narrow_grant(some, {}, libs) == some));
}

BOOST_AUTO_TEST_CASE(emby_header_values_are_decoded_once)
{
    BOOST_TEST(decode_header_value("&lt;img src=x onerror=alert(1)&gt;") == "<img src=x onerror=alert(1)>");
    BOOST_TEST(decode_header_value("Tom &amp;amp; Jerry&#39;s") == "Tom &amp; Jerry's");
    BOOST_TEST(decode_header_value("a & b &unknown;") == "a & b &unknown;");
}

BOOST_AUTO_TEST_CASE(usernames_are_checked)
{
    BOOST_TEST(username_problem("jane.doe-1").empty());
    BOOST_TEST(username_problem("Zoë").empty());
    BOOST_TEST(!username_problem("").empty());
    BOOST_TEST(!username_problem(" jane").empty());
    BOOST_TEST(!username_problem("<script>").empty());
    BOOST_TEST(!username_problem("a/b").empty());
    BOOST_TEST(!username_problem(std::string(65, 'a')).empty());
    BOOST_TEST(!username_problem("tab\there").empty());
}

BOOST_AUTO_TEST_CASE(usernames_are_checked_against_the_servers_character_set)
{
    const auto jf = Flavour::Jellyfin;
    const auto emby = Flavour::Emby;
    // Jellyfin's pattern: letters, marks, digits, connectors and " -'._@+".
    for (const char* ok : {"jane.doe-1", "Zoë", "o'brien", "jane@home", "a+b", "under_score", "Mañana 2",
                           "Ölçek", "日本語", "e\xCC\x81t\xC3\xA9"})
        BOOST_TEST(username_problem_on(ok, jf).empty(), ok);
    for (const char* bad : {"jane!", "a,b", "tv&co", "50%", "smile\xF0\x9F\x98\x80", "a#1", "x=y", ".", ".."})
        BOOST_TEST(!username_problem_on(bad, jf).empty(), bad);
    // Emby refuses only what every server refuses.
    for (const char* ok : {"jane!", "a,b", "tv&co", "."})
        BOOST_TEST(username_problem_on(ok, emby).empty(), ok);
    BOOST_TEST(!username_problem_on("<b>", emby).empty());
    // Broken UTF-8 is refused on both.
    BOOST_TEST(!username_problem_on("bad\xC3", emby).empty());
    BOOST_TEST(!username_problem_on("bad\xFF", jf).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(server_parameters)

BOOST_AUTO_TEST_CASE(whmcs_fields_and_default_ports)
{
    auto s = ServerParams::from(*json::parse_object(
        R"({"serverhostname":"emby.example.com","serversecure":"on","serveraccesshash":"  key  "})", "t"));
    BOOST_TEST(s.endpoint.secure);
    BOOST_TEST(s.endpoint.port == 8920);
    BOOST_TEST(s.api_key == "key");
    auto plain = ServerParams::from(*json::parse_object(
        R"({"serverip":"10.0.0.5","serverport":"8097","serveraccesshash":"k"})", "t"));
    BOOST_TEST(plain.endpoint.host == "10.0.0.5");
    BOOST_TEST(plain.endpoint.port == 8097);
    BOOST_TEST(!plain.endpoint.secure);
}

BOOST_AUTO_TEST_CASE(a_url_in_the_hostname_sets_scheme_port_and_path)
{
    auto s = ServerParams::from(*json::parse_object(
        R"({"serverhostname":"https://media.example.com:9443/emby/","serveraccesshash":"k"})", "t"));
    BOOST_TEST(s.endpoint.secure);
    BOOST_TEST(s.endpoint.host == "media.example.com");
    BOOST_TEST(s.endpoint.port == 9443);
    BOOST_TEST(s.base_path == "/emby");
    auto d = ServerParams::from(*json::parse_object(
        R"({"serverhostname":"http://media.example.com","serveraccesshash":"k"})", "t"));
    BOOST_TEST(d.endpoint.port == 8096);
}

BOOST_AUTO_TEST_CASE(missing_or_hostile_server_fields_are_refused)
{
    BOOST_CHECK_THROW(ServerParams::from(*json::parse_object(R"({"serveraccesshash":"k"})", "t")), Error);
    BOOST_CHECK_THROW(ServerParams::from(*json::parse_object(R"({"serverhostname":"h"})", "t")), Error);
    BOOST_CHECK_THROW(ServerParams::from(*json::parse_object(
                          R"({"serverhostname":"ex ample.com","serveraccesshash":"k"})", "t")), Error);
    BOOST_CHECK_THROW(ServerParams::from(*json::parse_object(
                          R"({"serverhostname":"ftp://x","serveraccesshash":"k"})", "t")), Error);
    BOOST_CHECK_THROW(ServerParams::from(*json::parse_object(
                          R"({"serverhostname":"h","serverport":"70000","serveraccesshash":"k"})", "t")),
                      Error);
    // An admin login alone is enough.
    BOOST_CHECK_NO_THROW(ServerParams::from(*json::parse_object(
        R"({"serverhostname":"h","serverusername":"admin","serverpassword":"pw"})", "t")));
}

BOOST_AUTO_TEST_CASE(a_server_is_known_by_address_prefix_and_credential_never_by_its_text)
{
    auto identity = [](const std::string& fields) {
        return server_identity(ServerParams::from(*json::parse_object("{" + fields + "}", "t")));
    };
    const std::string one = identity(R"("serverhostname":"http://media.example.com/emby","serveraccesshash":"key-one")");
    BOOST_TEST(one == identity(R"("serverhostname":"http://media.example.com/emby","serveraccesshash":"key-one")"));
    // Another key: another installation, whatever the address.
    BOOST_TEST(one != identity(R"("serverhostname":"http://media.example.com/emby","serveraccesshash":"key-two")"));
    // Another server behind the same host and port, under another path.
    BOOST_TEST(one != identity(R"("serverhostname":"http://media.example.com/jellyfin","serveraccesshash":"key-one")"));
    BOOST_TEST(one != identity(R"("serverhostname":"http://media.example.com:8097/emby","serveraccesshash":"key-one")"));
    BOOST_TEST(one != identity(R"("serverhostname":"https://media.example.com/emby","serveraccesshash":"key-one")"));
    const std::string admin = identity(R"("serverhostname":"h","serverusername":"admin","serverpassword":"pw-one")");
    BOOST_TEST(admin != identity(R"("serverhostname":"h","serverusername":"admin","serverpassword":"pw-two")"));
    BOOST_TEST(admin != identity(R"("serverhostname":"h","serverusername":"root","serverpassword":"pw-one")"));
    // The name holds a digest of the credential, never the credential.
    BOOST_TEST(one.find("key-one") == std::string::npos, one);
    BOOST_TEST(admin.find("pw-one") == std::string::npos, admin);
}

BOOST_AUTO_TEST_CASE(a_flavour_learned_for_one_server_is_never_used_for_another)
{
    ServerCache::forget_flavours();
    ServerCache one, other;  // two contexts of one process
    one.set_flavour("http://a:8096 k1", Flavour::Jellyfin);
    BOOST_TEST((other.flavour("http://a:8096 k1") == Flavour::Jellyfin));
    BOOST_TEST(!other.flavour("http://a:8096 k2"));
    ServerCache::forget_flavours();
    BOOST_TEST(!other.flavour("http://a:8096 k1"));
}

BOOST_AUTO_TEST_SUITE_END()
