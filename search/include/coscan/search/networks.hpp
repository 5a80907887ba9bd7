#pragma once
// A list of fixed networks as an architecture space (`[arch_space] kind = "networks"`): one
// architecture per network, in the order given; its layers come from layer tables or MAESTRO .m
// files (coscan::study reads them). docs/spaces.md, "Networks".
#include <coscan/search/arch_space.hpp>

#include <unordered_map>

namespace coscan::search {

class NetworksSpace final : public ArchSpace {
public:
  struct Network {
    std::string name; ///< unique in the space: the architecture string
    std::vector<costmodel::LayerShape> layers;
  };
  /// Throws std::invalid_argument on an empty list, an empty network or a repeated name (the
  /// reader reports those with file and line first).
  explicit NetworksSpace(std::vector<Network> networks);

  std::string_view kind() const override { return "networks"; }
  std::uint64_t size() const override { return networks_.size(); }
  const std::vector<costmodel::LayerShape> &vocabulary() const override { return vocabulary_; }
  void layer_counts(std::uint64_t index, std::vector<LayerCount> &out) const override;
  void layers(std::uint64_t index, std::vector<costmodel::LayerShape> &out) const override;
  std::string arch_str(std::uint64_t index) const override; ///< the network's name
  std::optional<std::uint64_t> parse(std::string_view name) const override;
  std::uint64_t macs(std::uint64_t index) const override;
  /// Weights only: layer tables carry no biases or normalisation layers.
  std::uint64_t params(std::uint64_t index) const override;
  double proxy_accuracy(std::uint64_t index) const override;
  std::string_view proxy_name() const override;

private:
  const Network &at(std::uint64_t index) const;

  std::vector<Network> networks_;
  std::vector<costmodel::LayerShape> vocabulary_;
  std::vector<std::vector<LayerCount>> counts_;
  std::unordered_map<std::string, std::uint64_t> index_of_;
};

} // namespace coscan::search
