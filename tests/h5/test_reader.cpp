// h5::Reader: every type read back as written, and every failure an InputError naming the file.
#include <coscan/costmodel/error.hpp>
#include <coscan/h5/reader.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace coscan::h5 {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

class ReaderTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("coscan_h5_reader_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// /g/values (double), /g/counts (uint64), /g/signed (int64), /bytes (uint8), /names (strings)
  /// and attributes on /g: "units" (string), "n" (uint64), "x" (double), "k" (int64).
  fs::path write_sample() const {
    const fs::path file = dir_ / "sample.h5";
    const hid_t f = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t g = H5Gcreate2(f, "g", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const auto dataset = [](hid_t loc, const char *name, hid_t type, hsize_t n, const void *data) {
      const hid_t space = H5Screate_simple(1, &n, nullptr);
      const hid_t set = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
      H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
      H5Dclose(set);
      H5Sclose(space);
    };
    const auto attribute = [](hid_t loc, const char *name, hid_t type, const void *data) {
      const hid_t space = H5Screate(H5S_SCALAR);
      const hid_t attr = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
      H5Awrite(attr, type, data);
      H5Aclose(attr);
      H5Sclose(space);
    };
    const double values[3] = {1.5, -0.25, 1e300};
    const std::uint64_t counts[2] = {0, UINT64_MAX};
    const std::int64_t signed_values[2] = {-7, INT64_MAX};
    const std::uint8_t bytes[4] = {0, 1, 254, 255};
    dataset(g, "values", H5T_NATIVE_DOUBLE, 3, values);
    dataset(g, "counts", H5T_NATIVE_UINT64, 2, counts);
    dataset(g, "signed", H5T_NATIVE_INT64, 2, signed_values);
    dataset(f, "bytes", H5T_NATIVE_UINT8, 4, bytes);
    const hid_t text = H5Tcopy(H5T_C_S1);
    H5Tset_size(text, H5T_VARIABLE);
    H5Tset_cset(text, H5T_CSET_UTF8);
    const char *names[2] = {"rs", "ws \xc3\xa9"};
    dataset(f, "names", text, 2, names);
    const char *units = "s";
    attribute(g, "units", text, &units);
    const std::uint64_t n = 42;
    const double x = 0.125;
    const std::int64_t k = -3;
    attribute(g, "n", H5T_NATIVE_UINT64, &n);
    attribute(g, "x", H5T_NATIVE_DOUBLE, &x);
    attribute(g, "k", H5T_NATIVE_INT64, &k);
    H5Tclose(text);
    H5Gclose(g);
    H5Fclose(f);
    return file;
  }

  fs::path dir_;
};

TEST_F(ReaderTest, ReadsEveryTypeAsWritten) {
  const Reader r(write_sample());
  EXPECT_EQ(r.read<double>("/g/values"), (std::vector<double>{1.5, -0.25, 1e300}));
  EXPECT_EQ(r.read<std::uint64_t>("/g/counts"), (std::vector<std::uint64_t>{0, UINT64_MAX}));
  EXPECT_EQ(r.read<std::int64_t>("/g/signed"), (std::vector<std::int64_t>{-7, INT64_MAX}));
  EXPECT_EQ(r.read<std::byte>("/bytes"),
            (std::vector<std::byte>{std::byte{0}, std::byte{1}, std::byte{254}, std::byte{255}}));
  EXPECT_EQ(r.read<std::string>("/names"), (std::vector<std::string>{"rs", "ws \xc3\xa9"}));
  EXPECT_EQ(r.attribute<std::string>("/g", "units"), "s");
  EXPECT_EQ(r.attribute<std::uint64_t>("/g", "n"), 42u);
  EXPECT_EQ(r.attribute<double>("/g", "x"), 0.125);
  EXPECT_EQ(r.attribute<std::int64_t>("/g", "k"), -3);
  // HDF5 converts on read: the counts as doubles.
  EXPECT_EQ(r.read<double>("/g/counts").front(), 0.0);
}

TEST_F(ReaderTest, ExistsChecksEveryGroupOnTheWay) {
  const Reader r(write_sample());
  EXPECT_TRUE(r.exists("/g"));
  EXPECT_TRUE(r.exists("/g/values"));
  EXPECT_TRUE(r.exists("g/values"));
  EXPECT_FALSE(r.exists("/h/values")); // H5Lexists alone fails on a missing group
  EXPECT_FALSE(r.exists("/g/missing"));
}

TEST_F(ReaderTest, FailuresNameTheFileAndTheObject) {
  const fs::path file = write_sample();
  const Reader r(file);
  EXPECT_THAT(
      [&] { (void)r.read<double>("/g/nope"); },
      ::testing::ThrowsMessage<InputError>(HasSubstr(file.string() + ": no dataset /g/nope")));
  EXPECT_THAT([&] { (void)r.attribute<double>("/g", "nope"); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("no attribute nope on /g")));
  EXPECT_THAT([&] { (void)r.attribute<double>("/h", "x"); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("no attribute x on /h")));
  EXPECT_THAT([&] { (void)r.read<double>("/g"); }, // a group, not a dataset
              ::testing::ThrowsMessage<InputError>(HasSubstr("cannot read dataset /g")));
  EXPECT_THAT([&] { Reader missing(dir_ / "absent.h5"); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("absent.h5: no such file")));
  std::ofstream(dir_ / "text.h5") << "not hdf5\n";
  EXPECT_THAT([&] { Reader text(dir_ / "text.h5"); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("text.h5: not an HDF5 file")));
}

} // namespace
} // namespace coscan::h5
