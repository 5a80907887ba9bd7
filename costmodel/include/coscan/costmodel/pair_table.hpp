#pragma once
// Imported whole-network costs: a table of measured (or externally simulated) latency, and
// optionally energy, of every architecture of a space on a few devices. The devices are the
// accelerators; there are no per-layer costs and no area.
#include <coscan/costmodel/cost_model.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace coscan::costmodel {

class PairTable {
public:
  /// `latency_s` and `energy_j` (empty: the table has no energy) are architecture-major:
  /// value (arch, device) at arch * devices.size() + device.
  PairTable(std::vector<std::string> devices, std::uint64_t num_archs,
            std::vector<double> latency_s, std::vector<double> energy_j, std::string source);

  const std::vector<std::string> &devices() const { return devices_; }
  std::size_t num_devices() const { return devices_.size(); }
  std::uint64_t num_archs() const { return num_archs_; }
  bool has_energy() const { return !energy_j_.empty(); }
  const std::string &source() const { return source_; }

  double latency_s(std::uint64_t arch, std::size_t device) const {
    return latency_s_[arch * devices_.size() + device];
  }
  /// NaN when the table has no energy.
  double energy_j(std::uint64_t arch, std::size_t device) const;

private:
  std::vector<std::string> devices_;
  std::uint64_t num_archs_;
  std::vector<double> latency_s_, energy_j_;
  std::string source_;
};

/// The cost model of a study whose costs come from a PairTable (`[costmodel] kind =
/// "pair_table"`). It has no per-layer path: the engine evaluates it through pair_table().
class PairTableModel final : public CostModel {
public:
  explicit PairTableModel(std::shared_ptr<const PairTable> table);

  std::string_view name() const override { return "pair_table"; }
  /// Throws std::logic_error: a pair table has whole-network values only.
  LayerCost layer_cost(const LayerShape &layer, const AccelParams &accel) const override;
  /// NaN: a measured device's area is unknown (studies cannot use it as an objective).
  double area_mm2(const AccelParams &accel) const override;
  NetworkTermKind network_term_kind() const override { return NetworkTermKind::whole_network; }
  const PairTable *pair_table() const override { return table_.get(); }

private:
  std::shared_ptr<const PairTable> table_;
};

} // namespace coscan::costmodel
