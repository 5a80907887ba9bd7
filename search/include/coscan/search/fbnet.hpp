#pragma once
// FBNet's space as HW-NAS-Bench defines it: 22 searchable layers, each one of 9 blocks, in
// stages of [1, 4, 4, 4, 4, 4, 1] layers with [16, 24, 32, 64, 112, 184, 352] output channels,
// a stem, a 1x1 head, global pooling and a classifier. 9^22 = 984,770,902,183,611,232,881
// architectures (more than 2^64: a WideArchSpace). Two variants (space kinds):
//   fbnet           CIFAR-100, 32x32x3, stem stride 1, stage strides 1 1 2 2 1 2 1, head 1504
//   fbnet_imagenet  ImageNet, 224x224x3, stem stride 2, stage strides 1 2 2 2 1 2 1, head 1984
// docs/spaces.md documents the network, the codec and the proxy.
#include <coscan/search/wide_space.hpp>

#include <array>

namespace coscan::search {

class FbnetSpace final : public WideArchSpace {
public:
  enum class Dataset { cifar100, imagenet };
  static constexpr int kNumLayers = 22;
  static constexpr int kNumBlocks = 9;
  /// Block names in digit order (HW-NAS-Bench's PRIMITIVES, the CSV's op_idx order).
  static constexpr std::array<std::string_view, kNumBlocks> kBlockNames = {
      "k3_e1", "k3_e1_g2", "k3_e3", "k3_e6", "k5_e1", "k5_e1_g2", "k5_e3", "k5_e6", "skip"};
  /// One block digit per searchable layer, layer 0 first.
  using Genotype = std::array<std::uint8_t, kNumLayers>;

  explicit FbnetSpace(Dataset dataset);

  std::string_view kind() const override;
  WideIndex wide_size() const override;
  WideIndex draw(std::uint64_t seed, std::uint64_t i) const override;
  /// The 22 block names joined by '-', layer 0 first: "k5_e6-skip-k3_e1_g2-...".
  std::string wide_arch_str(WideIndex index) const override;
  std::optional<WideIndex> parse_wide(std::string_view text) const override;

  const std::vector<costmodel::LayerShape> &vocabulary() const override { return vocabulary_; }
  void layer_counts(std::uint64_t position, std::vector<LayerCount> &out) const override;
  void layers(std::uint64_t position, std::vector<costmodel::LayerShape> &out) const override;
  std::uint64_t macs(std::uint64_t position) const override;
  std::uint64_t params(std::uint64_t position) const override;
  double proxy_accuracy(std::uint64_t position) const override;
  std::string_view proxy_name() const override;

  /// index = sum over layers l of digit(l) * 9^l (layer 0 the least significant digit).
  static Genotype decode(WideIndex index); ///< std::out_of_range past 9^22
  static WideIndex encode(const Genotype &genotype);
  /// A block name's digit; nullopt for an unknown name.
  static std::optional<std::uint8_t> block_digit(std::string_view name);

  // The same per architecture of the whole space (the list-position forms call these).
  void wide_layer_counts(WideIndex index, std::vector<LayerCount> &out) const;
  void wide_layers(WideIndex index, std::vector<costmodel::LayerShape> &out) const;
  std::uint64_t wide_macs(WideIndex index) const;
  std::uint64_t wide_params(WideIndex index) const;
  double wide_proxy_accuracy(WideIndex index) const;

private:
  template <class Visit> void for_each_layer(WideIndex index, Visit &&visit) const;
  /// for_each_layer bound to one architecture (coscan::search::detail's derivations take it).
  auto walk(WideIndex index) const;

  Dataset dataset_;
  std::vector<costmodel::LayerShape> vocabulary_;
  std::vector<std::uint64_t> shape_params_;
  std::vector<std::uint32_t> stem_, head_;
  /// Per searchable layer and block: the block's layers as vocabulary ids.
  std::array<std::array<std::vector<std::uint32_t>, kNumBlocks>, kNumLayers> blocks_;
};

} // namespace coscan::search
