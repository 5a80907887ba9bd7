// main() for GoogleTest executables run under mpirun: MPI is initialised around the tests (by an
// engine::MpiSession, as in coscan) and only rank 0 prints results; the exit code is nonzero if
// any rank failed.
#include <coscan/engine/mpi/mpi_session.hpp>

#include <gtest/gtest.h>
#include <mpi.h>

int main(int argc, char **argv) {
  const coscan::engine::MpiSession mpi(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  if (mpi.rank() != 0) {
    auto &listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  int failed = RUN_ALL_TESTS() != 0;
  int any_failed = 0;
  if (mpi.active())
    MPI_Allreduce(&failed, &any_failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  else
    any_failed = failed;
  return any_failed; // ~MpiSession finalises MPI
}
