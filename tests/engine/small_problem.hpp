#pragma once
// A small real problem for engine tests: NAS-Bench-201 (proxy accuracy) x a handful of
// accelerators of every dataflow.
#include <coscan/costmodel/analytical_model.hpp>
#include <coscan/engine/evaluation/problem.hpp>

namespace coscan::testing {

inline engine::Problem small_problem(std::vector<std::int64_t> num_pes = {64, 256},
                                     std::vector<double> offchip_bw = {8, 32}) {
  using costmodel::Dataflow;
  engine::Problem p;
  p.archs = search::make_arch_space("nasbench201");
  search::AccelGrid grid;
  grid.dataflow = {Dataflow::weight_stationary, Dataflow::output_stationary,
                   Dataflow::row_stationary};
  grid.num_pes = std::move(num_pes);
  grid.l1_bytes = {256};
  grid.l2_kib = {64};
  grid.noc_bw = {64};
  grid.offchip_bw = std::move(offchip_bw);
  grid.clock_mhz = {500};
  p.accels = std::make_unique<search::AccelSpace>(grid);
  p.cost_model = std::make_unique<costmodel::AnalyticalModel>();
  p.accuracy = std::make_unique<search::ProxyAccuracy>(*p.archs);
  p.objectives = {{engine::Metric::accuracy, engine::Sense::maximize},
                  {engine::Metric::latency, engine::Sense::minimize},
                  {engine::Metric::energy, engine::Sense::minimize},
                  {engine::Metric::area, engine::Sense::minimize}};
  return p;
}

} // namespace coscan::testing
