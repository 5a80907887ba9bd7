// The accelerator constraint rules. Cheap shape and memory rules run before the area, which
// calls the cost model. A new dataflow adds its case to dataflow_violation().
#include <coscan/search/accel_constraints.hpp>

#include <stdexcept>
#include <utility>

namespace coscan::search {

double onchip_kib(const costmodel::AccelParams &accel) {
  return accel.l2_kib + static_cast<double>(accel.num_pes) * accel.l1_bytes / 1024.0;
}

std::optional<std::string_view> dataflow_violation(const costmodel::AccelParams &accel,
                                                   std::int64_t filter_size) {
  const double word = static_cast<double>(accel.data_bits) / 8.0;
  const double s = static_cast<double>(filter_size);
  switch (accel.dataflow) {
  case costmodel::Dataflow::weight_stationary:
    if (accel.l1_bytes < 2 * word)
      return "weight stationary needs L1 >= 2 words (a weight and a partial sum)";
    return std::nullopt;
  case costmodel::Dataflow::output_stationary:
    if (accel.l1_bytes < 3 * word)
      return "output stationary needs L1 >= 3 words (a partial sum, an input, a weight)";
    return std::nullopt;
  case costmodel::Dataflow::row_stationary:
    if (accel.l1_bytes < (2 * s + 1) * word)
      return "row stationary needs L1 >= 2S+1 words (a filter row, an input window, a psum)";
    if (accel.array_rows < filter_size)
      return "row stationary needs array rows >= S (a filter's rows down one column)";
    return std::nullopt;
  case costmodel::Dataflow::imc_crossbar:
    if (accel.adc_bits < accel.cell_bits)
      return "an in-memory crossbar needs adc_bits >= cell_bits (an ADC must resolve one cell)";
    return std::nullopt;
  }
  return std::nullopt;
}

AccelConstraintCheck::AccelConstraintCheck(AccelConstraints constraints, AreaFunction area)
    : c_(std::move(constraints)), area_(std::move(area)) {
  if (c_.area_max_mm2 && !area_)
    throw std::invalid_argument("AccelConstraintCheck: an area budget needs an area function");
}

std::optional<std::size_t>
AccelConstraintCheck::first_violation(const costmodel::AccelParams &accel) const {
  const auto rows = static_cast<double>(accel.array_rows);
  const auto cols = static_cast<double>(accel.array_cols);
  if (c_.max_aspect_ratio && cols > *c_.max_aspect_ratio * rows)
    return 0;
  if (c_.max_array_side && std::max(accel.array_rows, accel.array_cols) > *c_.max_array_side)
    return 1;
  if (c_.dataflow_rules && dataflow_violation(accel, c_.filter_size))
    return 2;
  if (c_.onchip_max_kib && onchip_kib(accel) > *c_.onchip_max_kib)
    return 3;
  if (c_.area_max_mm2 && area_(accel) > *c_.area_max_mm2)
    return 4;
  return std::nullopt;
}

} // namespace coscan::search
