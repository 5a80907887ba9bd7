#pragma once
// Loads a layer-table study's table (`[costmodel] kind = "layer_table"`): per-layer costs keyed
// by layer shape and device, checked against the architecture space's layer vocabulary.
#include <coscan/costmodel/layer_cost_table.hpp>
#include <coscan/search/arch_space.hpp>
#include <coscan/study/study.hpp>

#include <memory>

namespace coscan::study::detail {

/// Reads the table (shapes in MAESTRO's or coscan's convention, devices keyed by the
/// accel_columns' values) and checks everything before any sweep: columns, numbers (>= 0), a
/// (shape, device) pair repeated with different values, an area that varies within a device,
/// and every vocabulary shape of `archs` costed on every device (a missing one is an InputError
/// naming the shape and the device, unless incomplete_accels = "skip" drops the device).
std::shared_ptr<const costmodel::LayerCostTable>
load_layer_cost_table(const Study &study, const search::ArchSpace &archs);

} // namespace coscan::study::detail
