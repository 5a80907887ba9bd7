#pragma once
// AlphaNet / AttentiveNAS MobileNet-style space as the semi-decoupled co-design paper sampled
// it: resolution {192, 224, 256, 288} x five searchable stages, each kernel {3, 5, 7} x expand
// ratio {4, 5, 6} x depth {3, 4, 6}: 4 x 27^5 = 57,395,628 architectures (docs/spaces.md).
#include <coscan/search/arch_space.hpp>

#include <array>

namespace coscan::search {

class AlphaNetSpace final : public ArchSpace {
public:
  static constexpr int kNumResolutions = 4;
  static constexpr int kNumSearchStages = 5; ///< the MBConv stages 1..5 (of 0..6)
  static constexpr int kNumChoices = 3;      ///< per stage: kernels, expand ratios, depths
  static constexpr std::array<int, kNumResolutions> kResolutions = {192, 224, 256, 288};
  static constexpr std::array<int, kNumChoices> kKernels = {3, 5, 7};
  static constexpr std::array<int, kNumChoices> kExpands = {4, 5, 6};
  static constexpr std::array<int, kNumChoices> kDepths = {3, 4, 6};

  /// One architecture as choice digits (each 0..2; resolution 0..3), stages 1..5 in order.
  struct Arch {
    int resolution = 0;
    std::array<int, kNumSearchStages> kernel{}, expand{}, depth{};
    friend bool operator==(const Arch &, const Arch &) = default;
  };

  AlphaNetSpace();

  std::string_view kind() const override { return "alphanet"; }
  std::uint64_t size() const override;
  const std::vector<costmodel::LayerShape> &vocabulary() const override { return vocabulary_; }
  void layer_counts(std::uint64_t index, std::vector<LayerCount> &out) const override;
  void layers(std::uint64_t index, std::vector<costmodel::LayerShape> &out) const override;
  std::string arch_str(std::uint64_t index) const override;
  std::optional<std::uint64_t> parse(std::string_view arch_str) const override;
  std::uint64_t macs(std::uint64_t index) const override;
  std::uint64_t params(std::uint64_t index) const override;
  double proxy_accuracy(std::uint64_t index) const override;
  std::string_view proxy_name() const override;

  /// Index <-> choices. Digits, most significant first: resolution, then per stage 1..5 the
  /// stage digit (kernel * 3 + expand) * 3 + depth, so index = res * 27^5 + sum stage digits.
  static Arch decode(std::uint64_t index);
  static std::uint64_t encode(const Arch &arch);
  /// The index of actual values (resolution in pixels, kernels, expand ratios, depths); nullopt
  /// when a value is not one of the space's choices.
  static std::optional<std::uint64_t> encode_values(int resolution,
                                                    const std::array<int, kNumSearchStages> &kernel,
                                                    const std::array<int, kNumSearchStages> &expand,
                                                    const std::array<int, kNumSearchStages> &depth);

private:
  /// A block of the network: its layers as vocabulary ids (in network order) and parameters.
  struct Block {
    std::vector<std::uint32_t> ids;
    std::uint64_t params = 0;
  };
  const Block &block(int res, int stage, bool first, int kernel, int expand) const;
  template <class Visit> void for_each_block(const Arch &arch, Visit &&visit) const;

  std::vector<costmodel::LayerShape> vocabulary_;
  std::vector<Block> blocks_; ///< see block(): [res][stage 0..6][first][kernel][expand]
  std::array<Block, kNumResolutions> stem_, head_;
};

} // namespace coscan::search
