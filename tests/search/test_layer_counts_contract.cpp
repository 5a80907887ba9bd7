// ArchSpace::layer_counts() as every built-in space gives it: sorted by shape (strictly, so no
// shape twice), no zero counts, shapes of the vocabulary, and as many layers as layers() lists.
// The engine's cost groups take the list as it comes for their key, so equal count vectors must
// be listed alike.
#include <coscan/search/arch_space.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace coscan::search {
namespace {

TEST(LayerCountsContract, EveryBuiltInSpaceListsSortedNonZeroCounts) {
  for (const char *kind :
       {"nasbench201", "alphanet", "darts", "imc_blocks", "fbnet", "fbnet_imagenet"}) {
    const auto space = make_arch_space(kind);
    const std::uint64_t n = space->size(), step = n / 199 + 1;
    std::vector<LayerCount> counts;
    std::vector<costmodel::LayerShape> layers;
    for (std::uint64_t index = 0; index < n; index += step) {
      space->layer_counts(index, counts);
      space->layers(index, layers);
      ASSERT_FALSE(counts.empty()) << kind << " " << index;
      std::uint64_t total = 0;
      for (std::size_t i = 0; i < counts.size(); ++i) {
        ASSERT_LT(counts[i].shape, space->vocabulary().size()) << kind << " " << index;
        ASSERT_GT(counts[i].count, 0u) << kind << " " << index;
        if (i > 0) {
          ASSERT_LT(counts[i - 1].shape, counts[i].shape) << kind << " " << index;
        }
        total += counts[i].count;
      }
      EXPECT_EQ(total, layers.size()) << kind << " " << index;
    }
  }
}

} // namespace
} // namespace coscan::search
