#include <coscan/jobs/rank_agreement.hpp>

#include <coscan/costmodel/error.hpp>

#include <fmt/format.h>
#include <mpi.h>

namespace coscan::jobs {

CaughtFailure catch_failure(const std::function<void()> &step) {
  try {
    step();
  } catch (const InputError &e) {
    return {std::current_exception(), 2, e.what()};
  } catch (const OutputError &e) {
    return {std::current_exception(), 1, e.what(), true};
  } catch (const std::exception &e) {
    return {std::current_exception(), 1, e.what()};
  }
  return {};
}

void agree_on_failure(const engine::MpiSession &mpi, const CaughtFailure &mine) {
  if (!mpi.active() || mpi.size() < 2) {
    if (mine.error)
      std::rethrow_exception(mine.error);
    return;
  }
  const int me = mine.error ? mpi.rank() : mpi.size();
  int first = 0;
  MPI_Allreduce(&me, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first == mpi.size())
    return;
  int header[3] = {mine.exit_code, static_cast<int>(mine.message.size()),
                   mine.write_failure ? 1 : 0};
  MPI_Bcast(header, 3, MPI_INT, first, MPI_COMM_WORLD);
  std::string message = mine.message;
  message.resize(static_cast<std::size_t>(header[1]));
  MPI_Bcast(message.data(), header[1], MPI_CHAR, first, MPI_COMM_WORLD);
  if (header[0] == 2)
    throw InputError(message);
  if (header[2])
    throw RankWriteFailure(fmt::format("{} (rank {} of {})", message, first, mpi.size()));
  throw RankFailure(fmt::format("rank {} of {}: {}", first, mpi.size(), message));
}

bool any_rank(const engine::MpiSession &mpi, bool mine) {
  if (!mpi.active() || mpi.size() < 2)
    return mine;
  int flag = mine ? 1 : 0, any = 0;
  MPI_Allreduce(&flag, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return any != 0;
}

} // namespace coscan::jobs
