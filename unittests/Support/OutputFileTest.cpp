//===- OutputFileTest.cpp - Output files are replaced whole, devices never -===//

#include "zkvm/Support/OutputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "gtest/gtest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace llvm;
using namespace zkvm;

namespace {

std::string readAll(StringRef Path) {
  auto B = MemoryBuffer::getFile(Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  return B ? (*B)->getBuffer().str() : std::string("<unreadable>");
}

TEST(OutputFile, ReplacesRegularFilesWhole) {
  SmallString<128> Dir;
  ASSERT_FALSE(sys::fs::createUniqueDirectory("zkvm-out", Dir));
  SmallString<128> Path(Dir);
  sys::path::append(Path, "out.bin");
  const uint8_t A[] = {1, 2, 3}, B[] = {4, 5};
  ASSERT_FALSE(bool(writeOutputFile(Path, A)));
  EXPECT_EQ(readAll(Path), std::string("\x01\x02\x03"));
  ASSERT_FALSE(bool(writeOutputFile(Path, B)));
  EXPECT_EQ(readAll(Path), std::string("\x04\x05"));
  // No temporary is left behind.
  unsigned Entries = 0;
  std::error_code EC;
  for (sys::fs::directory_iterator I(Dir, EC), E; I != E && !EC; I.increment(EC))
    ++Entries;
  EXPECT_EQ(Entries, 1u);
  // A directory that does not exist is an error, not a crash.
  SmallString<128> Bad(Dir);
  sys::path::append(Bad, "missing", "out.bin");
  Error Err = writeOutputFile(Bad, A);
  EXPECT_TRUE(bool(Err));
  consumeError(std::move(Err));
  sys::fs::remove_directories(Dir);
}

TEST(OutputFile, WritesIntoPipesInsteadOfReplacingThem) {
  SmallString<128> Dir;
  ASSERT_FALSE(sys::fs::createUniqueDirectory("zkvm-out", Dir));
  SmallString<128> Fifo(Dir);
  sys::path::append(Fifo, "pipe");
  ASSERT_EQ(mkfifo(Fifo.c_str(), 0600), 0);
  std::string Got;
  std::thread Reader([&] {
    int FD = open(Fifo.c_str(), O_RDONLY);
    char Buf[16];
    ssize_t N;
    while ((N = read(FD, Buf, sizeof(Buf))) > 0)
      Got.append(Buf, size_t(N));
    close(FD);
  });
  const uint8_t Data[] = {'z', 'k', 'v', 'm'};
  Error Err = writeOutputFile(Fifo, Data);
  Reader.join();
  EXPECT_FALSE(bool(Err));
  consumeError(std::move(Err));
  EXPECT_EQ(Got, "zkvm");
  sys::fs::file_status S;
  ASSERT_FALSE(sys::fs::status(Fifo, S));
  EXPECT_EQ(S.type(), sys::fs::file_type::fifo_file) << "the pipe was replaced by a file";
  sys::fs::remove_directories(Dir);
}

} // namespace
