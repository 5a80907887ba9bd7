#pragma once
// Readers of the study sections that live in their own files (study_<section>.cpp); each
// validates its section and fills its part of the Study. parse_study() calls them in order.
#include <coscan/study/study.hpp>

#include "study_section.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coscan::study::detail {

/// `[accel_space.constraints]` and the `[accel_space]` subset keys (study_accel_selection.cpp);
/// `space` is the `[accel_space]` section.
void read_accel_constraints(const Section &space, Study &study);
void read_accel_subset(const Section &space, Study &study);
/// `[verify]` (study_verify.cpp).
void read_verify(const Section &root, Study &study);
/// One `[verify] targets` item (also parse_verify_target's).
engine::VerifyTarget read_target(const Section &s);
/// `[accuracy]` join and sweep (study_accuracy_join.cpp): how a table meets the space.
void read_accuracy_join(const Section &accuracy, AccuracySpec &spec);
/// [accel_space]: array_rows / array_cols and the crossbar lists (study_accel_extras.cpp).
void read_accel_space_extras(const Section &space, Study &study);

/// [costmodel] kind = "pair_table": path, key, latency/energy columns and units
/// (study_pair_table.cpp).
void read_pair_table(const Section &costmodel, Study &study);
/// A pair-table study has no [accel_space] and no area (nor energy without energy columns):
/// rejects objectives and ranking metrics it cannot give.
void check_pair_table_use(const Section &root, const Study &study);

/// [costmodel] kind = "layer_table": path, shape format, device key columns, latency / energy /
/// area columns and units (study_layer_table.cpp).
void read_layer_table(const Section &costmodel, Study &study);
/// Rejects the layer-table-only keys of a [costmodel] section of another kind.
void reject_layer_table_keys(const Section &costmodel);
/// A layer-table study has no [accel_space], and no energy or area without their columns:
/// rejects objectives and ranking metrics it cannot give.
void check_layer_table_use(const Section &root, const Study &study);

/// The scale of `unit` (seconds or joules per unit) from `units`; fails naming `key` (and the
/// known units) on an unknown one. Shared by the pair and layer tables' unit keys.
double unit_scale(const Section &section, std::string_view key, const std::string &unit,
                  const std::vector<std::pair<std::string_view, double>> &units);

} // namespace coscan::study::detail
