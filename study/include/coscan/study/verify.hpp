#pragma once
// The `[verify]` analysis of a study (`coscan verify`): checks the section against the problem
// (one-line InputErrors naming the file and key), runs engine::verify_reductions on the ground
// truth of an exhaustive sweep, and formats the readable table.
#include <coscan/engine/analyses/verify.hpp>
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/study/study.hpp>

#include <string>
#include <vector>

namespace coscan::study {

/// The engine options for [verify]: list rules resolved to architecture positions, proxy
/// positions and sizes checked against the problem. Throws coscan::InputError ("FILE: key
/// 'verify.rules[2].proxy_accel': reason"), also when the study has no [verify] section.
engine::VerifyOptions verify_options(const Study &study, const engine::Problem &problem);

/// Runs [verify] on `problem` with `ground_truth` (the finished exhaustive sweep, merged on
/// rank 0). With a multi-rank `session`, collective: every rank runs its share of the passes
/// (engine::verify_reductions) and rank 0 gets the result. A target that no pair of the space
/// meets is an InputError naming it (on every rank).
engine::VerifyResult run_verify(const Study &study, const engine::Problem &problem,
                                const engine::SweepResult &ground_truth,
                                const engine::MpiSession *session = nullptr);

/// The readable table: one line per (rule, target), then the proxy sweep's summary.
std::vector<std::string> verify_table_lines(const engine::VerifyResult &result);

} // namespace coscan::study
