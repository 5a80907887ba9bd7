#pragma once
// The `[ranking]` analysis of a study: checks the section against the problem (one-line
// InputErrors naming the file and key), the engine's options for each listed metric, a run in
// one process (engine::RankingReducer), and the run command's summary.
#include <coscan/engine/analyses/ranking.hpp>
#include <coscan/engine/analyses/ranking_reducer.hpp>
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/engine/mpi/mpi_session.hpp>
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/study/study.hpp>

#include <optional>
#include <string>
#include <vector>

namespace coscan::study {

/// Checks [ranking] against the problem (proxy_accel, matrix_accels and topk in range); throws
/// coscan::InputError ("FILE: key 'ranking.topk': reason"). Does nothing without [ranking].
void check_ranking(const Study &study, const engine::Problem &problem);

/// The top-k count [ranking] asks for on this problem (topk, topk_fraction or the default).
std::uint64_t ranking_topk(const Study &study, const engine::Problem &problem);

/// The analyses [ranking] asks for, one per metric (the first carries the matrix, if asked);
/// empty when the study has no [ranking] section.
std::vector<engine::RankingOptions> ranking_options(const Study &study,
                                                    const engine::Problem &problem);

/// [ranking] over the accelerator blocks of this rank's (or shard's) tiles in `share`
/// (rank_accel_blocks), its state merged up the ranks of `session`: complete on rank 0 (a
/// shard's holds its own blocks only). Empty when the study has no [ranking] section. Collective
/// when the session has several ranks.
std::optional<engine::RankingReducer> rank_share(const Study &study, const engine::Problem &problem,
                                                 const engine::SweepOptions &share,
                                                 const engine::MpiSession &session);

/// One result per metric of [ranking], computed in this process over every accelerator;
/// empty when the study has no [ranking] section.
std::vector<engine::RankingResult> run_ranking(const Study &study, const engine::Problem &problem);

/// Three lines: median/min Spearman and Kendall overall, the same per dataflow, and the
/// accelerator least like the proxy (for the first metric).
std::vector<std::string> ranking_summary_lines(const std::vector<engine::RankingResult> &results);

} // namespace coscan::study
