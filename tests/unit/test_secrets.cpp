#include <boost/test/unit_test.hpp>

#include "json_util.hpp"
#include "secrets.hpp"

using namespace embyprov;

BOOST_AUTO_TEST_SUITE(secrets)

BOOST_AUTO_TEST_CASE(masks_plain_json_escaped_and_url_encoded_forms)
{
    SecretSet s;
    s.add("p@ss/w\"rd");
    const std::string text = "plain p@ss/w\"rd json p@ss\\/w\\\"rd url p%40ss%2Fw%22rd";
    const std::string masked = s.mask(text);
    BOOST_TEST(masked.find("p@ss") == std::string::npos);
    BOOST_TEST(masked.find("p%40ss") == std::string::npos);
    BOOST_TEST(masked == "plain ******** json ******** url ********");
}

BOOST_AUTO_TEST_CASE(longer_secret_containing_a_shorter_one_is_masked_whole)
{
    SecretSet s;
    s.add("abcd");
    s.add("abcdefg");
    BOOST_TEST(s.mask("x abcdefg y abcd") == "x ******** y ********");
}

BOOST_AUTO_TEST_CASE(very_short_values_are_not_masked_as_substrings)
{
    SecretSet s;
    s.add("");
    s.add("k");
    s.add("abc");
    BOOST_TEST(s.mask("network error abc") == "network error abc");
    // ...but a secret field still hides them.
    BOOST_TEST(mask_all(s, R"({"Pw":"abc"})") == R"({"Pw":"********"})");
}

BOOST_AUTO_TEST_CASE(secret_json_fields_are_masked_without_knowing_the_value)
{
    const std::string body = R"({"Id":"abc","CurrentPw":"","NewPw":"hunter2","Name":"Pw","password" : "x\"y"})";
    const std::string masked = mask_secret_fields(body);
    BOOST_TEST(masked.find("hunter2") == std::string::npos);
    BOOST_TEST(masked.find("x\\\"y") == std::string::npos);
    BOOST_TEST(masked.find(R"("Id":"abc")") != std::string::npos);
    BOOST_TEST(masked.find(R"("Name":"Pw")") != std::string::npos);  // a value named Pw is not a secret
    BOOST_TEST(masked.find(R"("NewPw":"********")") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(truncated_json_does_not_break_masking)
{
    // A log line cut inside a secret still hides what is left of it.
    BOOST_TEST(mask_secret_fields(R"({"Pw":"abc)") == R"({"Pw":"********")");
    BOOST_TEST(mask_secret_fields(R"({"AccessToken":"t0k3n","x":1})") == R"({"AccessToken":"********","x":1})");
}

BOOST_AUTO_TEST_CASE(masking_json_values_keeps_the_structure_whatever_the_secret)
{
    // A secret made of JSON punctuation (found by fuzzing: an API key ":").
    SecretSet s;
    s.add("\":,}");
    s.add("key\"x");
    auto obj = json::parse_object(R"({"error":"TCP\":,} failed","steps":[{"detail":"a\":,}b key\"x"}],"code":-8})", "t");
    mask_json(s, *obj);
    const std::string text = json::stringify(obj);
    BOOST_TEST(text == R"({"error":"TCP******** failed","steps":[{"detail":"a********b ********"}],"code":-8})");
    BOOST_CHECK_NO_THROW(json::parse_object(text, "masked"));
}

BOOST_AUTO_TEST_CASE(standard_json_escapes_are_masked_whatever_is_escaped)
{
    SecretSet s;
    s.add("p@ss/w\"rd");
    // `/` left plain, as most encoders do, and every character as \u.
    BOOST_TEST(s.mask(R"(a p@ss/w\"rd b)") == "a ******** b");
    BOOST_TEST(s.mask(R"(a \u0070\u0040ss\u002Fw\u0022rd b)") == "a ******** b");
    BOOST_TEST(s.mask(R"(a \u0070\u0040ss\u002fw\"rd b)") == "a ******** b");
    SecretSet u;
    u.add("pässwört😀");  // two- and four-byte UTF-8, the emoji as a surrogate pair
    BOOST_TEST(u.mask(R"(x p\u00e4ssw\u00F6rt\ud83d\ude00 y)") == "x ******** y");
    BOOST_TEST(u.mask("x pässwört😀 y") == "x ******** y");
}

BOOST_AUTO_TEST_CASE(html_character_references_are_masked)
{
    SecretSet s;
    s.add("a<b>&\"c'd");
    BOOST_TEST(s.mask("x a&lt;b&gt;&amp;&quot;c&#39;d y") == "x ******** y");
    BOOST_TEST(s.mask("x a&#60;b&#x3E;&AMP;&#x22;c&apos;d y") == "x ******** y");
    BOOST_TEST(s.mask("x &#97;&#0060;b&gt;&amp;&quot;c&#x27;d y") == "x ******** y");
}

BOOST_AUTO_TEST_CASE(url_encoding_in_either_case_and_plus_for_space_is_masked)
{
    SecretSet s;
    s.add("p w/ä");
    BOOST_TEST(s.mask("q=p+w%2F%C3%A4&r") == "q=********&r");
    BOOST_TEST(s.mask("q=p%20w%2f%c3%a4&r") == "q=********&r");
    BOOST_TEST(s.mask("q=%70%20%77%2F%C3%A4&r") == "q=********&r");
}

BOOST_AUTO_TEST_CASE(base64_holding_the_secret_is_masked_whole_at_any_alignment)
{
    SecretSet s;
    s.add("hunter22");
    // "Basic " + base64 of "alice:hunter22", "bob:hunter22", "carl:hunter22":
    // the secret starts at each of the three byte alignments.
    for (const char* text : {"Basic YWxpY2U6aHVudGVyMjI=", "Basic Ym9iOmh1bnRlcjIy", "Basic Y2FybDpodW50ZXIyMg=="})
        BOOST_TEST(s.mask(text) == "Basic ********", text);
    // URL-safe alphabet: two question marks, ">" and "hunter22" have '+' and '/' in standard base64.
    SecretSet t;
    t.add("?\x3f>hunter22");
    BOOST_TEST(t.mask("k=Pz8-aHVudGVyMjI;") == "k=********;");
    BOOST_TEST(t.mask("k=Pz8+aHVudGVyMjI;") == "k=********;");
}

BOOST_AUTO_TEST_CASE(escapes_that_spell_something_else_are_left_alone)
{
    SecretSet s;
    s.add("secret");
    BOOST_TEST(s.mask(R"(\u0073ecre \u0073ecreT %73ecre&#116x)") == R"(\u0073ecre \u0073ecreT %73ecre&#116x)");
    // A secret made of backslashes, against a text of many: still linear and exact.
    SecretSet b;
    b.add(std::string(64, '\\'));
    std::string masks;
    for (int i = 0; i < 150; ++i)
        masks += kMask;
    BOOST_TEST(b.mask(std::string(128 * 150, '\\')) == masks);
    // Where every reading branches and then fails, the text is masked to
    // its end once the budget is spent, rather than followed quadratically.
    SecretSet c;
    c.add(std::string(200, '\\') + "x");
    const std::string masked = c.mask(std::string(200000, '\\'));
    BOOST_TEST(masked.size() < 200000u);
    BOOST_TEST(masked.substr(masked.size() - 8) == kMask);
}

BOOST_AUTO_TEST_SUITE_END()
