#pragma once
// The `[ranking]` analysis of a study: checks the section against the problem (one-line
// InputErrors naming the file and key), the engine's options for each listed metric, a run in
// one process (engine::RankingReducer), and the run command's summary.
#include <coscan/engine/problem.hpp>
#include <coscan/engine/ranking.hpp>
#include <coscan/io/study.hpp>

#include <string>
#include <vector>

namespace coscan::io {

/// Checks [ranking] against the problem (proxy_accel, matrix_accels and topk in range); throws
/// coscan::InputError ("FILE: key 'ranking.topk': reason"). Does nothing without [ranking].
void check_ranking(const Study &study, const engine::Problem &problem);

/// The top-k count [ranking] asks for on this problem (topk, topk_fraction or the default).
std::uint64_t ranking_topk(const Study &study, const engine::Problem &problem);

/// The analyses [ranking] asks for, one per metric (the first carries the matrix, if asked);
/// empty when the study has no [ranking] section.
std::vector<engine::RankingOptions> ranking_options(const Study &study,
                                                    const engine::Problem &problem);

/// One result per metric of [ranking], computed in this process over every accelerator;
/// empty when the study has no [ranking] section.
std::vector<engine::RankingResult> run_ranking(const Study &study, const engine::Problem &problem);

/// Three lines: median/min Spearman and Kendall overall, the same per dataflow, and the
/// accelerator least like the proxy (for the first metric).
std::vector<std::string> ranking_summary_lines(const std::vector<engine::RankingResult> &results);

} // namespace coscan::io
