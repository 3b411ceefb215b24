#include "json_budget.hpp"

#include <optional>

#include <Poco/JSON/Handler.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include "error.hpp"

namespace embyprov::json {

namespace {

// What Poco's tree takes per value, measured on x86_64 (an ordered object
// 872 bytes, an array 136, a number 41), rounded up; texts add their size.
constexpr std::size_t kObjectCost = 900;
constexpr std::size_t kArrayCost = 150;
constexpr std::size_t kValueCost = 48;
constexpr std::size_t kKeyCost = 64;

/// Thrown inside the parser when a limit is passed; caught below.
struct OverBudget {
    std::string why;
};

/// Builds a tree with Poco's ParseHandler, charging each value first.
class BudgetedBuilder {
public:
    explicit BudgetedBuilder(std::size_t budget) : budget_(budget), tree_(new Poco::JSON::ParseHandler(true)) {}

    void charge(std::size_t bytes)
    {
        spent_ += bytes;
        if (spent_ > budget_)
            throw OverBudget{"it would take more than " + std::to_string(budget_ / (1024 * 1024)) +
                             " MiB to read"};
    }
    Poco::JSON::ParseHandler& tree() { return *tree_; }
    Poco::Dynamic::Var result() const { return tree_->asVar(); }

private:
    std::size_t budget_;
    std::size_t spent_ = 0;
    Poco::SharedPtr<Poco::JSON::ParseHandler> tree_;
};

/// The events of one value, passed on to a builder with their cost.
#define EMBYPROV_FORWARD_VALUE(T)                         \
    void value(T v) override                              \
    {                                                     \
        if (Poco::JSON::ParseHandler* h = target(kValueCost)) \
            h->value(v);                                  \
    }

#define EMBYPROV_FORWARD_VALUES           \
    EMBYPROV_FORWARD_VALUE(int)           \
    EMBYPROV_FORWARD_VALUE(unsigned)      \
    EMBYPROV_FORWARD_VALUE(Poco::Int64)   \
    EMBYPROV_FORWARD_VALUE(Poco::UInt64)  \
    EMBYPROV_FORWARD_VALUE(double)        \
    EMBYPROV_FORWARD_VALUE(bool)

/// A whole answer as one budgeted tree.
class WholeHandler : public Poco::JSON::Handler {
public:
    explicit WholeHandler(std::size_t budget) : builder_(budget) {}

    void reset() override { builder_.tree().reset(); }
    void startObject() override { target(kObjectCost)->startObject(); }
    void endObject() override { builder_.tree().endObject(); }
    void startArray() override { target(kArrayCost)->startArray(); }
    void endArray() override { builder_.tree().endArray(); }
    void key(const std::string& k) override { target(kKeyCost + k.size())->key(k); }
    void null() override { target(kValueCost)->null(); }
    void value(const std::string& s) override { target(kValueCost + s.size())->value(s); }
    EMBYPROV_FORWARD_VALUES
    Poco::Dynamic::Var asVar() const override { return builder_.result(); }

private:
    Poco::JSON::ParseHandler* target(std::size_t cost)
    {
        builder_.charge(cost);
        return &builder_.tree();
    }

    BudgetedBuilder builder_;
};

/// A list answer: the items are built one at a time and handed on; what
/// is around them (TotalRecordCount, ...) is not kept.
class ItemsHandler : public Poco::JSON::Handler {
public:
    ItemsHandler(const ReadLimits& limits, const std::function<void(const Object&)>& fn)
        : limits_(limits), fn_(fn)
    {
    }

    void reset() override {}
    void startObject() override
    {
        if (Poco::JSON::ParseHandler* h = target(kObjectCost, true))
            h->startObject();
        else if (depth_ == 0)
            top_is_object_ = true;
        ++depth_;
    }
    void endObject() override
    {
        --depth_;
        if (item_)
            item_->tree().endObject();
        if (item_ && depth_ == list_depth_) {
            const Poco::Dynamic::Var v = item_->result();
            item_.reset();
            fn_(*v.extract<ObjectPtr>());
        }
    }
    void startArray() override
    {
        if (Poco::JSON::ParseHandler* h = target(kArrayCost, false)) {
            h->startArray();
        } else if (depth_ == 0) {
            list_depth_ = 1;  // a bare array: the items are its elements
        } else if (depth_ == 1 && top_is_object_ && last_key_ == "Items") {
            list_depth_ = 2;
        }
        ++depth_;
    }
    void endArray() override
    {
        --depth_;
        if (item_)
            item_->tree().endArray();
    }
    void key(const std::string& k) override
    {
        if (Poco::JSON::ParseHandler* h = target(kKeyCost + k.size(), false))
            h->key(k);
        else if (depth_ == 1)
            last_key_ = k;
    }
    void null() override
    {
        if (Poco::JSON::ParseHandler* h = target(kValueCost, false))
            h->null();
    }
    void value(const std::string& s) override
    {
        if (Poco::JSON::ParseHandler* h = target(kValueCost + s.size(), false))
            h->value(s);
    }
    EMBYPROV_FORWARD_VALUES

    bool found_list() const { return list_depth_ > 0; }

private:
    Poco::JSON::ParseHandler* target(std::size_t cost, bool starts_object)
    {
        if (!item_ && starts_object && list_depth_ > 0 && depth_ == list_depth_) {
            if (++items_ > limits_.max_items)
                throw OverBudget{"it lists more than " + std::to_string(limits_.max_items) + " items"};
            item_.emplace(limits_.tree_bytes);
        }
        if (!item_)
            return nullptr;
        item_->charge(cost);
        return &item_->tree();
    }
    Poco::JSON::ParseHandler* target(std::size_t cost) { return target(cost, false); }

    const ReadLimits& limits_;
    const std::function<void(const Object&)>& fn_;
    int depth_ = 0;
    int list_depth_ = 0;
    bool top_is_object_ = false;
    std::string last_key_;
    std::size_t items_ = 0;
    std::optional<BudgetedBuilder> item_;
};

#undef EMBYPROV_FORWARD_VALUES
#undef EMBYPROV_FORWARD_VALUE

[[noreturn]] void too_big(const std::string& what, const OverBudget& e)
{
    throw Error(EMBYPROV_EREMOTE, "the server's answer to " + what + " is too large to read: " + e.why);
}

}  // namespace

ReadLimits ReadLimits::for_body(std::size_t body_bytes)
{
    ReadLimits l;
    l.tree_bytes = 2 * body_bytes;
    l.max_items = body_bytes / 256;
    return l;
}

Poco::Dynamic::Var parse_remote(const std::string& text, const std::string& what, const ReadLimits& limits)
{
    Poco::SharedPtr<WholeHandler> handler(new WholeHandler(limits.tree_bytes));
    try {
        Poco::JSON::Parser parser(handler);
        parser.parse(text);
        return handler->asVar();
    } catch (const OverBudget& e) {
        too_big(what, e);
    } catch (const Poco::Exception&) {
        throw Error(EMBYPROV_EREMOTE, "the server sent an unreadable answer to " + what);
    }
}

void for_each_remote_item(const std::string& text, const std::string& what, const ReadLimits& limits,
                          const std::function<void(const Object&)>& fn)
{
    Poco::SharedPtr<ItemsHandler> handler(new ItemsHandler(limits, fn));
    try {
        Poco::JSON::Parser parser(handler);
        parser.parse(text);
    } catch (const OverBudget& e) {
        too_big(what, e);
    } catch (const Poco::Exception&) {
        throw Error(EMBYPROV_EREMOTE, "the server sent an unreadable answer to " + what);
    }
    if (!handler->found_list())
        throw Error(EMBYPROV_EREMOTE, "the server sent an unexpected answer for " + what);
}

}  // namespace embyprov::json
