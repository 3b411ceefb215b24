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

BOOST_AUTO_TEST_SUITE_END()
