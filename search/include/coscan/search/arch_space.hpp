#pragma once
// An architecture space: a codec between 64-bit indices and architectures, and each
// architecture's decomposition into the space's layer vocabulary (the H matrix of
// factorised evaluation: metrics = H . T).
#include <coscan/costmodel/layer_shape.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coscan::search {

/// How many times architecture `a` uses vocabulary shape `shape`.
struct LayerCount {
  std::uint32_t shape = 0;
  std::uint32_t count = 0;
  friend bool operator==(const LayerCount &, const LayerCount &) = default;
};

class ArchSpace {
public:
  virtual ~ArchSpace() = default;

  virtual std::string_view kind() const = 0;
  virtual std::uint64_t size() const = 0;

  /// The distinct layer shapes any architecture of the space uses, fixed for the space.
  virtual const std::vector<costmodel::LayerShape> &vocabulary() const = 0;

  /// Architecture `index` as counts over the vocabulary: sorted by shape, no zero counts.
  /// Overwrites `out`. Summing counts x per-shape cost must give the cost of layers().
  virtual void layer_counts(std::uint64_t index, std::vector<LayerCount> &out) const = 0;

  /// Every layer of architecture `index` in network order (the direct reference path).
  virtual void layers(std::uint64_t index, std::vector<costmodel::LayerShape> &out) const = 0;

  /// The readable architecture string (for NB201, the standard `|op~0|+|op~0|op~1|+...|`).
  virtual std::string arch_str(std::uint64_t index) const = 0;
  /// The index of an architecture string; nullopt when it names no architecture of the space.
  virtual std::optional<std::uint64_t> parse(std::string_view arch_str) const = 0;

  virtual std::uint64_t macs(std::uint64_t index) const = 0;   ///< conv and fc MACs
  virtual std::uint64_t params(std::uint64_t index) const = 0; ///< trainable parameters

  /// The space's built-in training-free accuracy proxy (in %, documented per space).
  virtual double proxy_accuracy(std::uint64_t index) const = 0;
  /// The proxy's name, recorded with every result that uses it.
  virtual std::string_view proxy_name() const = 0;
};

/// Turns a list of (shape, 1) entries, one per layer, into layer_counts() form: sorted by
/// shape, repeats merged into counts.
void tally_layer_counts(std::vector<LayerCount> &counts);

/// The built-in spaces by study name ("nasbench201"); throws coscan::InputError otherwise.
std::unique_ptr<ArchSpace> make_arch_space(std::string_view kind);

} // namespace coscan::search
