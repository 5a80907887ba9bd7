#pragma once
// The in-memory-computing block space (`kind = "imc_blocks"`), in the spirit of the
// multi-objective IMC NAS seed: a CIFAR-10 CNN (32x32x3, 10 classes) of 1 to 5 blocks, each
// block one of three kinds (VGG conv block, modified VGG block, ResNet-style residual block)
// with a channel count, a kernel size and optional 2x2 max pooling; then global average pooling
// and a classifier. 60 choices per block, sum_{d=1..5} 60^d = 790,779,660 architectures.
// docs/spaces.md documents the blocks, the codec and the proxy.
#include <coscan/search/arch_space.hpp>

#include <array>

namespace coscan::search {

class ImcBlockSpace final : public ArchSpace {
public:
  enum class Kind : std::uint8_t { vgg, vgg_modified, residual };
  static constexpr int kMaxDepth = 5;
  static constexpr int kNumKinds = 3;
  static constexpr std::array<std::int64_t, 5> kChannels = {16, 32, 64, 128, 256};
  static constexpr std::array<std::int64_t, 2> kKernels = {3, 5};
  static constexpr int kChoices = kNumKinds * 5 * 2 * 2; ///< per block: 60

  struct Block {
    Kind kind = Kind::vgg;
    std::uint8_t channels = 0; ///< position in kChannels
    std::uint8_t kernel = 0;   ///< position in kKernels
    bool pool = false;         ///< 2x2 max pooling, stride 2, after the block
    friend bool operator==(const Block &, const Block &) = default;
  };
  struct Arch {
    int depth = 1;
    std::array<Block, kMaxDepth> blocks{}; ///< the first `depth` are used
  };

  ImcBlockSpace();

  std::string_view kind() const override { return "imc_blocks"; }
  std::uint64_t size() const override;
  const std::vector<costmodel::LayerShape> &vocabulary() const override { return vocabulary_; }
  void layer_counts(std::uint64_t index, std::vector<LayerCount> &out) const override;
  void layers(std::uint64_t index, std::vector<costmodel::LayerShape> &out) const override;
  /// Blocks joined by '-', each `<kind><channels>k<kernel>` and a trailing `p` when pooled,
  /// kinds `vgg`, `vggm`, `res`: e.g. "vgg64k3p-res128k5-vggm256k3p".
  std::string arch_str(std::uint64_t index) const override;
  std::optional<std::uint64_t> parse(std::string_view text) const override;
  std::uint64_t macs(std::uint64_t index) const override;
  std::uint64_t params(std::uint64_t index) const override;
  double proxy_accuracy(std::uint64_t index) const override;
  std::string_view proxy_name() const override;

  /// Depth 1 architectures first (indices 0..59), then depth 2, ...; within a depth mixed radix
  /// over the blocks, block 0 the most significant digit, a block's digit
  /// ((kind * 5 + channels) * 2 + kernel) * 2 + pool.
  static Arch decode(std::uint64_t index); ///< std::out_of_range past size()
  static std::uint64_t encode(const Arch &arch);
  static std::string block_str(const Block &block);

private:
  template <class Visit> void for_each_layer(std::uint64_t index, Visit &&visit) const;
  /// for_each_layer bound to one architecture (coscan::search::detail's derivations take it).
  auto walk(std::uint64_t index) const;

  std::vector<costmodel::LayerShape> vocabulary_;
  std::vector<std::uint64_t> shape_params_;
  /// Layer ids of a block by (pools before it, its input channels: 0 = the image, else 1 +
  /// position in kChannels, block digit), and of the head by (pools, channels).
  std::vector<std::vector<std::uint32_t>> block_layers_;
  std::vector<std::vector<std::uint32_t>> head_layers_;
  std::array<std::string, kChoices> block_names_;
};

} // namespace coscan::search
