#pragma once
// Where an architecture's accuracy comes from: a table (measured, e.g. NAS-Bench-201's
// 200-epoch test accuracy) or the space's training-free proxy.
#include <coscan/search/arch_space.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace coscan::search {

class AccuracySource {
public:
  virtual ~AccuracySource() = default;
  virtual double at(std::uint64_t arch_index) const = 0; ///< accuracy in %
  /// "table:<file>#<column>" or "proxy:<name>", recorded in every output.
  virtual std::string source() const = 0;
  virtual bool is_proxy() const = 0;
};

/// One value per architecture of the space, in index order (the loader joined the table).
class TableAccuracy final : public AccuracySource {
public:
  TableAccuracy(std::vector<double> values, std::string source);
  double at(std::uint64_t arch_index) const override { return values_[arch_index]; }
  std::string source() const override { return source_; }
  bool is_proxy() const override { return false; }

private:
  std::vector<double> values_;
  std::string source_;
};

class ProxyAccuracy final : public AccuracySource {
public:
  explicit ProxyAccuracy(const ArchSpace &space) : space_(space) {}
  double at(std::uint64_t arch_index) const override { return space_.proxy_accuracy(arch_index); }
  std::string source() const override;
  bool is_proxy() const override { return true; }

private:
  const ArchSpace &space_;
};

} // namespace coscan::search
