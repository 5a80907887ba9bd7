#include <coscan/costmodel/error.hpp>
#include <coscan/search/alphanet.hpp>
#include <coscan/search/arch_space.hpp>
#include <coscan/search/darts.hpp>
#include <coscan/search/fbnet.hpp>
#include <coscan/search/imc_blocks.hpp>
#include <coscan/search/nasbench201.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace coscan::search {

std::unique_ptr<ArchSpace> make_arch_space(std::string_view kind) {
  if (kind == "nasbench201")
    return std::make_unique<NasBench201Space>();
  if (kind == "alphanet")
    return std::make_unique<AlphaNetSpace>();
  if (kind == "darts")
    return std::make_unique<DartsSpace>();
  if (kind == "networks") // built by coscan::study from the study's files
    throw InputError("the 'networks' space is made of files: give [arch_space] files = [...]");
  if (kind == "imc_blocks")
    return std::make_unique<ImcBlockSpace>();
  if (kind == "fbnet")
    return std::make_unique<FbnetSpace>(FbnetSpace::Dataset::cifar100);
  if (kind == "fbnet_imagenet")
    return std::make_unique<FbnetSpace>(FbnetSpace::Dataset::imagenet);
  throw InputError(fmt::format("unknown architecture space '{}' (known kinds: nasbench201, "
                               "alphanet, darts, fbnet, fbnet_imagenet, imc_blocks, networks)",
                               kind));
}

void tally_layer_counts(std::vector<LayerCount> &counts) {
  std::sort(counts.begin(), counts.end(),
            [](const LayerCount &a, const LayerCount &b) { return a.shape < b.shape; });
  std::size_t n = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (n > 0 && counts[n - 1].shape == counts[i].shape)
      counts[n - 1].count += counts[i].count;
    else
      counts[n++] = counts[i];
  }
  counts.resize(n);
}

} // namespace coscan::search
