#include <boost/test/unit_test.hpp>

#include "error.hpp"
#include "json_budget.hpp"
#include "json_util.hpp"

using namespace embyprov;

namespace {

embyprov_error code_of(const std::function<void()>& fn)
{
    try {
        fn();
    } catch (const Error& e) {
        return e.code();
    }
    return EMBYPROV_OK;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_input)

BOOST_AUTO_TEST_CASE(malformed_oversized_and_non_object_input_is_invalid)
{
    BOOST_TEST(code_of([] { json::parse_object("{\"a\":", "params"); }) == EMBYPROV_EINVALID);
    BOOST_TEST(code_of([] { json::parse_object("[1,2]", "params"); }) == EMBYPROV_EINVALID);
    BOOST_TEST(code_of([] { json::parse_object("", "params"); }) == EMBYPROV_EINVALID);
    BOOST_TEST(code_of([] { json::parse_object(std::string(2 * 1024 * 1024, ' '), "params"); }) ==
               EMBYPROV_EINVALID);
    try {
        json::parse_object("{oops}", "params");
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("params is not valid JSON") == 0u);
    }
}

BOOST_AUTO_TEST_CASE(flags_accept_whmcs_spellings)
{
    auto obj = json::parse_object(
        R"({"a":"on","b":"","c":true,"d":0,"e":"yes","f":"off","g":"maybe","h":1})", "t");
    BOOST_TEST(json::get_flag(*obj, "a", false));
    BOOST_TEST(!json::get_flag(*obj, "b", true));
    BOOST_TEST(json::get_flag(*obj, "c", false));
    BOOST_TEST(!json::get_flag(*obj, "d", true));
    BOOST_TEST(json::get_flag(*obj, "e", false));
    BOOST_TEST(!json::get_flag(*obj, "f", true));
    BOOST_TEST(json::get_flag(*obj, "h", false));
    BOOST_TEST(json::get_flag(*obj, "missing", true));
    BOOST_TEST(code_of([&] { json::get_flag(*obj, "g", false); }) == EMBYPROV_EINVALID);
}

BOOST_AUTO_TEST_CASE(counts_take_numbers_and_numeric_strings_only)
{
    auto obj = json::parse_object(R"({"a":"12","b":3,"c":" 4 ","d":"-1","e":"1e3","f":"","g":{}})", "t");
    BOOST_TEST(json::get_count(*obj, "a", 0) == 12);
    BOOST_TEST(json::get_count(*obj, "b", 0) == 3);
    BOOST_TEST(json::get_count(*obj, "c", 0) == 4);
    BOOST_TEST(json::get_count(*obj, "f", 7) == 7);
    BOOST_TEST(code_of([&] { json::get_count(*obj, "d", 0); }) == EMBYPROV_EINVALID);
    BOOST_TEST(code_of([&] { json::get_count(*obj, "e", 0); }) == EMBYPROV_EINVALID);
    BOOST_TEST(code_of([&] { json::get_count(*obj, "g", 0); }) == EMBYPROV_EINVALID);
    BOOST_TEST(code_of([&] { json::get_count(*obj, "a", 0, 10); }) == EMBYPROV_EINVALID);
}

BOOST_AUTO_TEST_CASE(text_reads_numbers_and_requires_presence)
{
    auto obj = json::parse_object(R"({"id":42,"name":"x","empty":"","nul":null})", "t");
    BOOST_TEST(*json::get_text(*obj, "id") == "42");
    BOOST_TEST(!json::get_text(*obj, "nul").has_value());
    BOOST_TEST(json::require_text(*obj, "name") == "x");
    BOOST_TEST(code_of([&] { json::require_text(*obj, "empty"); }) == EMBYPROV_EINVALID);
    BOOST_TEST(code_of([&] { json::require_text(*obj, "missing"); }) == EMBYPROV_EINVALID);
}

BOOST_AUTO_TEST_CASE(remote_garbage_is_a_remote_error)
{
    BOOST_TEST(code_of([] { json::parse_remote("<html>oops</html>", "GET /Users"); }) == EMBYPROV_EREMOTE);
}

BOOST_AUTO_TEST_CASE(list_items_come_one_at_a_time_from_either_shape)
{
    std::vector<std::string> ids;
    const auto collect = [&](const json::Object& o) { ids.push_back(json::remote_text(o, "Id")); };
    json::for_each_remote_item(R"([{"Id":"a","P":{"x":[1,{"y":2}]}},7,"s",[{"Id":"no"}],{"Id":"b"}])", "t", {}, collect);
    json::for_each_remote_item(R"({"TotalRecordCount":2,"Other":[{"Id":"no"}],"Items":[{"Id":"c"},{"Id":"d"}]})", "t",
                               {}, collect);
    BOOST_TEST(ids == (std::vector<std::string>{"a", "b", "c", "d"}));
    // An item keeps its nested values whole.
    json::for_each_remote_item(R"([{"Id":"a","P":{"x":[1,{"y":2}]}}])", "t", {}, [](const json::Object& o) {
        BOOST_TEST(json::stringify(o.get("P")) == R"({"x":[1,{"y":2}]})");
    });
    for (const char* odd : {R"({"Total":1})", R"("x")", "[1,2", "<html>"})
        BOOST_TEST(code_of([&] { json::for_each_remote_item(odd, "t", {}, collect); }) == EMBYPROV_EREMOTE, odd);
}

BOOST_AUTO_TEST_CASE(reading_stops_once_the_limits_are_passed)
{
    json::ReadLimits tight;
    tight.tree_bytes = 64 * 1024;
    tight.max_items = 100;
    std::string many = "[";
    for (int i = 0; i < 101; ++i)
        many += std::string(i ? "," : "") + "{}";
    many += "]";
    int seen = 0;
    BOOST_TEST(code_of([&] { json::for_each_remote_item(many, "t", tight, [&](const json::Object&) { ++seen; }); }) ==
               EMBYPROV_EREMOTE);
    BOOST_TEST(seen == 100);
    // 100 empty objects in one tree take some 90 KB: over 64 KiB.
    BOOST_TEST(code_of([&] { json::parse_remote(many, "t", tight); }) == EMBYPROV_EREMOTE);
    BOOST_TEST(code_of([&] { json::parse_remote(R"({"a":[1,2,3]})", "t", tight); }) == EMBYPROV_OK);
    BOOST_TEST(json::ReadLimits::for_body(1 << 20).tree_bytes == 2u << 20);
    BOOST_TEST(json::ReadLimits::for_body(1 << 20).max_items == 4096u);
}

BOOST_AUTO_TEST_SUITE_END()
