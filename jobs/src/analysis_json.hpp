#pragma once
// Internal: the analyses' parts of the JSON summary (docs/results-format.md).
#include <coscan/engine/analyses/ranking.hpp>
#include <coscan/engine/analyses/verify.hpp>

#include <nlohmann/json.hpp>

#include <vector>

namespace coscan::jobs::detail {

/// `ranking`: one object per metric (keyed by its name) with the summaries; NaN -> null.
nlohmann::json ranking_json(const std::vector<engine::RankingResult> &results);

/// `verify`: one object per (rule, target).
nlohmann::json verify_json(const engine::VerifyResult &result);

/// `verify_proxy_sweep`: one object per semi-decoupled rule, with per-target summaries.
nlohmann::json verify_proxy_sweep_json(const engine::VerifyResult &result);

} // namespace coscan::jobs::detail
