// coscan.Study; py_study.hpp.
#include "py_study.hpp"

#include <coscan/costmodel/accel_fields.hpp>
#include <coscan/costmodel/error.hpp>
#include <coscan/engine/analyses/verify.hpp>
#include <coscan/search/accel_space.hpp>
#include <coscan/study/problem_builder.hpp>

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cmath>
#include <iterator>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace coscan::python {
namespace {

tbb::task_arena make_arena(int threads) {
  if (threads < 0)
    throw std::invalid_argument(
        fmt::format("threads = {}: expected 0 (every core) or more", threads));
  return threads == 0 ? tbb::task_arena() : tbb::task_arena(threads);
}

/// A Python int, sequence or numpy array of indices, read in place when it is a contiguous
/// int64 array (integers only: a float index is a mistake worth a TypeError, not a truncation).
class Indices {
public:
  Indices(const py::object &values, const char *what) {
    const py::array array = py::module_::import("numpy").attr("asarray")(values);
    if (array.ndim() > 1)
      throw py::type_error(
          fmt::format("{} indices: expected a 1-D array, got {} dimensions", what, array.ndim()));
    const char kind = array.dtype().kind();
    if (array.size() > 0 && kind != 'i' && kind != 'u')
      throw py::type_error(fmt::format("{} indices: expected integers, got dtype {}", what,
                                       std::string(py::str(array.dtype()))));
    if (kind == 'u') { // beyond 2^63 too: then out of range, as the evaluator says
      const auto cast = py::array_t<std::uint64_t, py::array::forcecast>::ensure(array);
      owned_.assign(cast.data(), cast.data() + cast.size());
      view_ = owned_;
      return;
    }
    kept_ = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(array);
    const std::int64_t *data = kept_.data();
    for (py::ssize_t i = 0; i < kept_.size(); ++i)
      if (data[i] < 0)
        throw py::index_error(fmt::format("{} index {} is negative", what, data[i]));
    // Non-negative int64 values are their uint64 values (and may be read as such).
    view_ = {reinterpret_cast<const std::uint64_t *>(data), static_cast<std::size_t>(kept_.size())};
  }

  std::span<const std::uint64_t> view() const { return view_; }
  std::size_t size() const { return view_.size(); }
  /// A single index repeated n times.
  void repeat(std::size_t n) {
    owned_.assign(n, view_.front());
    view_ = owned_;
  }

private:
  py::array_t<std::int64_t> kept_;
  std::vector<std::uint64_t> owned_;
  std::span<const std::uint64_t> view_;
};

py::array_t<std::int64_t> to_array(const std::vector<std::uint64_t> &values) {
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i)
    out.mutable_data()[i] = static_cast<std::int64_t>(values[i]);
  return out;
}

/// A dict target as the TOML inline table a study file would hold.
std::string target_text(const py::object &target) {
  if (py::isinstance<py::str>(target))
    return target.cast<std::string>();
  if (!py::isinstance<py::dict>(target))
    throw py::type_error("target: expected a dict such as {'minimize': 'latency', "
                         "'accuracy_min': 93.0} or its TOML text");
  std::ostringstream out;
  out << "{ ";
  bool first = true;
  for (const auto &[key, value] : target.cast<py::dict>()) {
    out << (first ? "" : ", ") << toml::value<std::string>(py::str(key).cast<std::string>())
        << " = ";
    first = false;
    if (py::isinstance<py::bool_>(value))
      out << toml::value<bool>(value.cast<bool>());
    else if (py::isinstance<py::int_>(value))
      out << toml::value<std::int64_t>(value.cast<std::int64_t>());
    else if (py::isinstance<py::float_>(value))
      out << toml::value<double>(value.cast<double>());
    else if (py::isinstance<py::str>(value))
      out << toml::value<std::string>(value.cast<std::string>());
    else
      throw py::type_error(fmt::format("target key '{}': expected a bool, number or string",
                                       py::str(key).cast<std::string>()));
  }
  out << " }";
  return out.str();
}

/// The value of accelerator field `key`: given in `fields`, else the grid's only value
/// (`fallback` when the grid has no list for it), else an error naming the key.
template <typename T>
T field_value(const py::dict &fields, const char *key, const std::vector<T> &list, T fallback) {
  if (fields.contains(key))
    return fields[key].cast<T>();
  if (list.size() == 1)
    return list.front();
  if (list.empty())
    return fallback;
  throw py::value_error(
      fmt::format("accelerator field '{}' is needed: the space has {} values", key, list.size()));
}

} // namespace

PyStudy::PyStudy(const std::string &path, int threads)
    : study_(path.empty() ? study::default_study() : study::load_study(path)),
      problem_(study::build_problem(study_)),
      evaluator_(std::make_unique<engine::PairEvaluator>(problem_)), arena_(make_arena(threads)) {}

py::dict PyStudy::metrics_of(std::span<const std::uint64_t> archs,
                             std::span<const std::uint64_t> accels) const {
  const auto n = static_cast<py::ssize_t>(archs.size());
  py::array_t<double> accuracy(n), latency(n), energy(n), edp(n), area(n);
  const engine::PairColumns out{accuracy.mutable_data(), latency.mutable_data(),
                                energy.mutable_data(), area.mutable_data()};
  double *edp_out = edp.mutable_data();
  {
    const py::gil_scoped_release unlocked;
    arena_.execute([&] {
      evaluator_->evaluate(archs, accels, out);
      for (std::size_t i = 0; i < archs.size(); ++i) // engine::PairMetrics::edp()
        edp_out[i] = out.energy_j[i] * out.latency_s[i];
    });
  }
  py::dict result;
  result["accuracy"] = accuracy;
  result["latency_s"] = latency;
  result["energy_j"] = energy;
  result["edp_js"] = edp;
  result["area_mm2"] = area;
  return result;
}

py::dict PyStudy::evaluate(const py::object &arch_indices, const py::object &accel_indices) const {
  Indices archs(arch_indices, "architecture");
  Indices accels(accel_indices, "accelerator");
  if (archs.size() == 1 && accels.size() != 1)
    archs.repeat(accels.size());
  else if (accels.size() == 1 && archs.size() != 1)
    accels.repeat(archs.size());
  if (archs.size() != accels.size())
    throw py::value_error(fmt::format("{} architecture indices but {} accelerator indices",
                                      archs.size(), accels.size()));
  return metrics_of(archs.view(), accels.view());
}

py::object PyStudy::arch_str(const py::object &indices) const {
  const auto &space = *problem_.archs;
  const auto name = [&](std::uint64_t index) {
    if (index >= space.size())
      throw py::index_error(fmt::format("architecture index {} is out of range (the space has {})",
                                        index, space.size()));
    return space.arch_str(index);
  };
  if (py::isinstance<py::int_>(indices) ||
      py::isinstance(indices, py::module_::import("numpy").attr("integer")))
    return py::str(name(Indices(indices, "architecture").view().front()));
  py::list out;
  for (const std::uint64_t index : Indices(indices, "architecture").view())
    out.append(name(index));
  return out;
}

py::object PyStudy::arch_index(const py::object &names) const {
  const auto &space = *problem_.archs;
  const auto index = [&](const std::string &name) {
    const auto found = space.parse(name);
    if (!found)
      throw py::value_error(
          fmt::format("'{}' is not an architecture of the {} space", name, space.kind()));
    return *found;
  };
  if (py::isinstance<py::str>(names))
    return py::int_(index(names.cast<std::string>()));
  std::vector<std::uint64_t> out;
  for (const py::handle name : names)
    out.push_back(index(name.cast<std::string>()));
  return to_array(out);
}

namespace {

/// Calls f(field) for every accelerator field but the array's sides (their lists are optional:
/// a side not given is derived from num_pes).
template <typename F> void for_each_field(F &&f) {
  costmodel::for_each_accel_field([&](const auto &field) {
    if (field.kind != costmodel::AccelFieldKind::array_side)
      f(field);
  });
}

bool reads_crossbar(const auto &field) { return field.kind == costmodel::AccelFieldKind::crossbar; }

using costmodel::AccelParams;
using search::AccelGrid;

} // namespace

py::dict PyStudy::accel(std::uint64_t index) const {
  const search::AccelSpace &space = *problem_.accels;
  if (index >= space.size())
    throw py::index_error(fmt::format("accelerator index {} is out of range (the space has {})",
                                      index, space.size()));
  py::dict out;
  if (!space.grid().devices.empty()) {
    out["name"] = space.label(index);
    return out;
  }
  const AccelParams a = space.at(index);
  const bool crossbar = a.dataflow == costmodel::Dataflow::imc_crossbar;
  out["dataflow"] = std::string(costmodel::to_string(a.dataflow));
  out["array_rows"] = a.array_rows;
  out["array_cols"] = a.array_cols;
  for_each_field([&](const auto &field) {
    if (crossbar || !reads_crossbar(field))
      out[py::str(std::string(field.name))] = a.*field.member;
  });
  return out;
}

std::uint64_t PyStudy::accel_index(const py::dict &fields) const {
  const search::AccelSpace &space = *problem_.accels;
  const AccelGrid &grid = space.grid();
  if (!grid.devices.empty()) {
    if (fields.size() != 1 || !fields.contains("name"))
      throw py::value_error("a device space's accelerators are named: give {'name': DEVICE}");
    const std::string name = fields["name"].cast<std::string>();
    if (const auto index = space.index_of_device(name))
      return *index;
    throw py::value_error(fmt::format("no device '{}' in the space", name));
  }
  for (const auto &[key, value] : fields) {
    const std::string name = py::str(key);
    bool known = name == "dataflow" || name == "array_rows" || name == "array_cols";
    for_each_field([&](const auto &field) { known = known || name == field.name; });
    if (!known)
      throw py::value_error(fmt::format("unknown accelerator field '{}'", name));
  }
  AccelParams a;
  std::vector<std::string> dataflows;
  for (const costmodel::Dataflow d : grid.dataflow)
    dataflows.emplace_back(costmodel::to_string(d));
  const std::string dataflow = field_value<std::string>(fields, "dataflow", dataflows, "");
  const auto parsed = costmodel::parse_dataflow(dataflow);
  if (!parsed)
    throw py::value_error(fmt::format("unknown dataflow '{}'", dataflow));
  a.dataflow = *parsed;
  const bool crossbar = a.dataflow == costmodel::Dataflow::imc_crossbar;
  for_each_field([&](const auto &field) {
    const auto &list = search::grid_values(grid, field.member);
    a.*field.member =
        crossbar || !reads_crossbar(field)
            ? field_value(fields, std::string(field.name).c_str(), list, a.*field.member)
            : list.front();
  });
  // The array's sides: given, the grid's only value, or derived from num_pes as the grid does.
  const auto rows = field_value<std::int64_t>(fields, "array_rows", grid.array_rows, 0);
  const auto cols = field_value<std::int64_t>(fields, "array_cols", grid.array_cols, 0);
  const auto shape = search::array_shape(a.num_pes, rows, cols);
  if (!shape)
    throw py::value_error(fmt::format("array_rows {} x array_cols {} does not fit num_pes = {}",
                                      rows, cols, a.num_pes));
  std::tie(a.array_rows, a.array_cols) = *shape;
  if (const auto index = space.index_of(a))
    return *index;
  throw py::value_error("no accelerator of the space has these parameters");
}

std::vector<std::pair<std::string, std::uint64_t>> PyStudy::accel_digits() const {
  const search::AccelSpace &space = *problem_.accels;
  const auto &names = search::AccelSpace::radix_names();
  std::vector<std::pair<std::string, std::uint64_t>> out;
  if (!space.grid().devices.empty() || !space.points().is_all() || space.radices().empty())
    return out;
  for (std::size_t d = 0; d < names.size(); ++d)
    out.emplace_back(std::string(names[d]), space.radices()[d]);
  return out;
}

py::list PyStudy::verify_targets() const {
  py::list out;
  for (const engine::VerifyTarget &t : study_.verify.targets) {
    if (t.kind == engine::TargetKind::pareto)
      continue;
    py::dict target;
    if (t.kind == engine::TargetKind::maximize_accuracy)
      target["maximize"] = "accuracy";
    else
      target["minimize"] = std::string(engine::to_string(t.metric));
    if (std::isfinite(t.accuracy_min))
      target["accuracy_min"] = t.accuracy_min;
    if (std::isfinite(t.latency_max_s))
      target["latency_max_s"] = t.latency_max_s;
    if (std::isfinite(t.area_max_mm2))
      target["area_max_mm2"] = t.area_max_mm2;
    out.append(target);
  }
  return out;
}

const engine::SweepResult &PyStudy::ground_truth() const {
  std::call_once(ground_truth_once_, [&] {
    engine::SweepOptions options;
    options.arch_block = study_.engine.arch_block;
    options.accel_block = study_.engine.accel_block;
    arena_.execute([&] { ground_truth_ = engine::run_sweep(problem_, options); });
  });
  return *ground_truth_;
}

py::dict PyStudy::pareto() const {
  std::vector<std::uint64_t> archs, accels;
  {
    const py::gil_scoped_release unlocked;
    for (const engine::PairId &id : ground_truth().pareto.front().ids()) {
      archs.push_back(id.arch);
      accels.push_back(id.accel);
    }
  }
  py::dict out;
  out["arch"] = to_array(archs);
  out["accel"] = to_array(accels);
  for (const auto &[key, value] : metrics_of(archs, accels))
    out[key] = value;
  return out;
}

py::dict PyStudy::optimum(const py::object &target) const {
  engine::VerifyOptions options;
  options.targets = {study::parse_verify_target(target_text(target), "target")};
  if (options.targets.front().kind == engine::TargetKind::pareto)
    throw py::value_error("target: the Pareto target has no single optimum (use pareto())");
  options.proxies = engine::VerifyOptions::Proxies::none;
  options.arch_block = study_.engine.arch_block;
  options.accel_block = study_.engine.accel_block;
  py::dict out;
  out["label"] = engine::target_label(options.targets.front());
  std::optional<engine::TargetOptimum> optimum;
  {
    const py::gil_scoped_release unlocked;
    const engine::SweepResult &truth = ground_truth();
    arena_.execute([&] {
      try {
        optimum = engine::verify_reductions(problem_, options, &truth).optima.front();
      } catch (const engine::InfeasibleTarget &) {
        // no feasible pair: reported as such, not as an error
      }
    });
  }
  out["feasible"] = optimum.has_value() && optimum->feasible;
  out["value"] = optimum ? optimum->value : std::numeric_limits<double>::quiet_NaN();
  out["arch"] = optimum ? py::object(py::int_(optimum->arch)) : py::none();
  out["accel"] = optimum ? py::object(py::int_(optimum->accel)) : py::none();
  out["optimal_archs"] = optimum ? optimum->optimal_archs : 0;
  return out;
}

} // namespace coscan::python
