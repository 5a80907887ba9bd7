#include <coscan/search/accuracy.hpp>

#include <utility>

namespace coscan::search {

TableAccuracy::TableAccuracy(std::vector<double> values, std::string source)
    : values_(std::move(values)), source_(std::move(source)) {}

std::string ProxyAccuracy::source() const { return "proxy:" + std::string(space_.proxy_name()); }

} // namespace coscan::search
