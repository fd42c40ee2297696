//===- ProfileUse.h - what earlier runs of the program say about its sites ===//
//
// -allocsite-profile-use=FILE[,FILE...] / ALLOCSITE_PROFILE_USE: reports
// (allocsite.json) written by runs of an instrumented build of the same
// program.  Their sites are keyed by the stable site ID (SiteIdentity.h),
// so a rebuild of the same source with the same flags finds its sites in
// them; several reports are summed, as allocsite-report merge would.
//
// Two uses, in the manner of clang's PGO:
//  - the stack buffer of a site promoted if small (verdict
//    promotable-if-small) is chosen from the sizes the site's objects
//    actually had (its size histogram, allocsite_abi.h): the smallest
//    power-of-two bucket bound that covers CoveredPercent of them, within
//    the stack limit (chooseStackBuffer);
//  - every remark of a site carries the site's run-time object count as its
//    hotness, so clang's -fdiagnostics-show-hotness prints it and
//    -fdiagnostics-hotness-threshold=N drops the remarks of sites with
//    fewer objects (SiteRemarks.cpp).
//
// A file that cannot be read or is not an allocsite report is a compile
// error.  A profile none of whose sites is a site of this translation unit
// gets one warning (warnIfUnmatched): it was written by another build of
// the file (edited, other flags: the IDs differ) or by a program this file
// is not part of, and silently using nothing would hide that.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_PROFILEUSE_H
#define ALLOCSITE_PROFILEUSE_H

#include "allocsite_abi.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace allocsite {

// The share of a site's objects its profile-chosen stack buffer must serve.
// 99%: a buffer sized for the very largest object would grow every frame
// for the sake of rare outliers, which the heap serves well; one sized for
// the median would send half the objects to the heap.
constexpr unsigned CoveredPercent = 99;

// What the profiles counted at one site ID, summed over them.
struct SiteProfile {
  uint64_t Objects = 0;
  bool HasSizes = false; // some report had the site's size histogram
  std::array<uint64_t, ALLOCSITE_SIZE_BUCKETS> Sizes{};
};

// A site's stack buffer as the profile chooses it.
struct BufferChoice {
  enum class Kind {
    NoSizes,  // no histogram, or no object counted: the default buffer
    Chosen,   // Bytes covers CoveredPercent of the objects
    TooLarge, // covering them needs more than the stack limit: the default buffer
  } K = Kind::NoSizes;
  uint64_t Bytes = 0;   // Chosen: the buffer
  uint64_t Covered = 0; // Chosen: objects of at most Bytes bytes
  uint64_t Objects = 0; // objects in the histogram
};

// What a site's remarks say of the profile.
struct SiteProfileNote {
  std::optional<uint64_t> Hotness; // the site's run-time objects, when a profile has it
  BufferChoice Buffer;             // for a site promotable if small
};

class Profile {
public:
  // The reports named by the option and the environment variable; none
  // when neither is set.  A file that cannot be used is reported as an
  // error on M's context (and contributes nothing).
  static Profile load(llvm::Module &M);

  bool empty() const { return Files.empty(); }
  // The site's counts; null when no report has the ID.
  const SiteProfile *site(uint64_t ID) const;
  // The run-time objects of a site: its own record's and, when it was
  // promoted if small in the profiled build, its stack part's
  // (SiteIdentity.h, stackPartID); none when no report has the site.
  std::optional<uint64_t> hotness(uint64_t SiteID) const;
  // The smallest power-of-two bound covering CoveredPercent of the
  // site's objects, if it is at most MaxStackSize.
  BufferChoice chooseStackBuffer(uint64_t SiteID, uint64_t MaxStackSize) const;
  // One warning on M's context when the module has sites (IDs) and none of
  // them is in any report.
  void warnIfUnmatched(llvm::Module &M, const std::vector<uint64_t> &IDs) const;

private:
  std::vector<std::string> Files;
  std::map<uint64_t, SiteProfile> Sites;
};

} // namespace allocsite

#endif // ALLOCSITE_PROFILEUSE_H
