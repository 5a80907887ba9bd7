#include <coscan/search/networks.hpp>

#include "vocabulary_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace coscan::search {

NetworksSpace::NetworksSpace(std::vector<Network> networks) : networks_(std::move(networks)) {
  if (networks_.empty())
    throw std::invalid_argument("a networks space needs at least one network");
  VocabularyBuilder vocab(vocabulary_);
  counts_.resize(networks_.size());
  for (std::uint64_t i = 0; i < networks_.size(); ++i) {
    const Network &network = networks_[i];
    if (network.layers.empty())
      throw std::invalid_argument(fmt::format("network '{}' has no layers", network.name));
    if (!index_of_.emplace(network.name, i).second)
      throw std::invalid_argument(fmt::format("network '{}' is listed twice", network.name));
    for (const costmodel::LayerShape &layer : network.layers)
      counts_[i].push_back({vocab.id(layer), 1});
    tally_layer_counts(counts_[i]);
  }
}

const NetworksSpace::Network &NetworksSpace::at(std::uint64_t index) const {
  if (index >= networks_.size())
    throw std::out_of_range(
        fmt::format("network index {} is not below {}", index, networks_.size()));
  return networks_[index];
}

void NetworksSpace::layer_counts(std::uint64_t index, std::vector<LayerCount> &out) const {
  at(index);
  out = counts_[index];
}

void NetworksSpace::layers(std::uint64_t index, std::vector<costmodel::LayerShape> &out) const {
  out = at(index).layers;
}

std::string NetworksSpace::arch_str(std::uint64_t index) const { return at(index).name; }

std::optional<std::uint64_t> NetworksSpace::parse(std::string_view name) const {
  const auto it = index_of_.find(std::string(name));
  if (it == index_of_.end())
    return std::nullopt;
  return it->second;
}

std::uint64_t NetworksSpace::macs(std::uint64_t index) const {
  std::uint64_t total = 0;
  for (const auto &layer : at(index).layers)
    total += static_cast<std::uint64_t>(layer.macs());
  return total;
}

std::uint64_t NetworksSpace::params(std::uint64_t index) const {
  std::uint64_t total = 0;
  for (const auto &layer : at(index).layers)
    total += static_cast<std::uint64_t>(layer.weight_elems());
  return total;
}

// MACs proxy (docs/spaces.md): accuracy grows with the log of the compute, mapped into
// [10, 90] %. Unrelated networks (a transformer, a U-Net) are not comparable by accuracy at
// all; studies of networks should give a table keyed by network name.
double NetworksSpace::proxy_accuracy(std::uint64_t index) const {
  const double gmacs = static_cast<double>(std::max<std::uint64_t>(macs(index), 1)) / 1e9;
  return std::clamp(70.0 + 6.0 * std::log(gmacs), 10.0, 90.0);
}

std::string_view NetworksSpace::proxy_name() const { return "networks_log_macs_v1"; }

} // namespace coscan::search
