#include <coscan/costmodel/pair_table.hpp>

#include <limits>
#include <stdexcept>
#include <utility>

namespace coscan::costmodel {

PairTable::PairTable(std::vector<std::string> devices, std::uint64_t num_archs,
                     std::vector<double> latency_s, std::vector<double> energy_j,
                     std::string source)
    : devices_(std::move(devices)), num_archs_(num_archs), latency_s_(std::move(latency_s)),
      energy_j_(std::move(energy_j)), source_(std::move(source)) {
  if (latency_s_.size() != num_archs_ * devices_.size() ||
      (!energy_j_.empty() && energy_j_.size() != latency_s_.size()))
    throw std::invalid_argument("PairTable: value arrays do not match archs x devices");
}

double PairTable::energy_j(std::uint64_t arch, std::size_t device) const {
  if (energy_j_.empty())
    return std::numeric_limits<double>::quiet_NaN();
  return energy_j_[arch * devices_.size() + device];
}

PairTableModel::PairTableModel(std::shared_ptr<const PairTable> table) : table_(std::move(table)) {}

LayerCost PairTableModel::layer_cost(const LayerShape &, const AccelParams &) const {
  throw std::logic_error("a pair table has whole-network costs only, no per-layer costs");
}

double PairTableModel::area_mm2(const AccelParams &) const {
  return std::numeric_limits<double>::quiet_NaN();
}

} // namespace coscan::costmodel
