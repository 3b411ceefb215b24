#include <boost/test/unit_test.hpp>

#include <set>

#include "error.hpp"
#include "password.hpp"

using namespace embyprov;

BOOST_AUTO_TEST_SUITE(passwords)

BOOST_AUTO_TEST_CASE(generated_passwords_have_the_length_alphabet_and_classes)
{
    const std::string lookalikes = "0O1lI";
    for (int i = 0; i < 200; ++i) {
        const std::string p = generate_password(16);
        BOOST_TEST(p.size() == 16u);
        bool lower = false, upper = false, digit = false;
        for (char c : p) {
            BOOST_TEST(std::isalnum(static_cast<unsigned char>(c)));
            BOOST_TEST(lookalikes.find(c) == std::string::npos);
            lower |= std::islower(static_cast<unsigned char>(c)) != 0;
            upper |= std::isupper(static_cast<unsigned char>(c)) != 0;
            digit |= std::isdigit(static_cast<unsigned char>(c)) != 0;
        }
        BOOST_TEST((lower && upper && digit));
    }
}

BOOST_AUTO_TEST_CASE(generated_passwords_do_not_repeat)
{
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i)
        seen.insert(generate_password(12));
    BOOST_TEST(seen.size() == 1000u);
}

BOOST_AUTO_TEST_CASE(length_out_of_range_is_refused)
{
    BOOST_CHECK_THROW(generate_password(7), Error);
    BOOST_CHECK_THROW(generate_password(129), Error);
}

BOOST_AUTO_TEST_CASE(customer_password_rules)
{
    BOOST_TEST(password_problem("short").find("at least 8") != std::string::npos);
    BOOST_TEST(password_problem(std::string(129, 'a')).find("at most 128") != std::string::npos);
    BOOST_TEST(password_problem("abc\ndefgh").find("control") != std::string::npos);
    BOOST_TEST(password_problem("correct horse battery").empty());
    BOOST_TEST(password_problem("pässwörd-ünïcode").empty());
}

BOOST_AUTO_TEST_SUITE_END()
