#include <coscan/costmodel/error.hpp>
#include <coscan/search/alphanet.hpp>
#include <coscan/search/arch_space.hpp>
#include <coscan/search/darts.hpp>
#include <coscan/search/nasbench201.hpp>

#include <fmt/format.h>

namespace coscan::search {

std::unique_ptr<ArchSpace> make_arch_space(std::string_view kind) {
  if (kind == "nasbench201")
    return std::make_unique<NasBench201Space>();
  if (kind == "alphanet")
    return std::make_unique<AlphaNetSpace>();
  if (kind == "darts")
    return std::make_unique<DartsSpace>();
  throw InputError(fmt::format(
      "unknown architecture space '{}' (known kinds: nasbench201, alphanet, darts)", kind));
}

} // namespace coscan::search
