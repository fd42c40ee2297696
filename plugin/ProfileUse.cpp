//===- ProfileUse.cpp - what earlier runs of the program say about its sites ===//
#include "ProfileUse.h"

#include "Options.h"
#include "RuntimeABI.h"
#include "SiteIdentity.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cerrno>
#include <cstdlib>

using namespace llvm;

namespace allocsite {
namespace {

// Reads one report into Sites; on failure returns why (the compile error's
// words), leaving Sites as it was.  Only what profile use needs is read:
// each site's "id", "objects" and (from version 5) "sizes"; allocsite-report
// validates everything else.
std::string readReport(StringRef Path, std::map<uint64_t, SiteProfile> &Sites) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer = MemoryBuffer::getFile(Path);
  if (!Buffer)
    return "cannot read it: " + Buffer.getError().message();
  Expected<json::Value> Root = json::parse((*Buffer)->getBuffer());
  if (!Root)
    return "not JSON: " + toString(Root.takeError());
  const json::Object *O = Root->getAsObject();
  auto Format = O ? O->getString("format") : decltype(O->getString("format")){};
  if (!Format || *Format != "allocsite")
    return "not an allocsite report (no \"format\": \"allocsite\")";
  auto Version = O->getInteger("version");
  if (!Version || *Version < 1 || *Version > ALLOCSITE_REPORT_FORMAT_VERSION)
    return "unsupported report version (this plugin reads versions 1 to " +
           std::to_string(ALLOCSITE_REPORT_FORMAT_VERSION) + ")";
  const json::Array *List = O->getArray("sites");
  if (!List)
    return "no \"sites\" array";

  std::map<uint64_t, SiteProfile> Read;
  for (size_t I = 0; I < List->size(); I++) {
    std::string Where = "sites[" + std::to_string(I) + "]";
    const json::Object *S = (*List)[I].getAsObject();
    auto Id = S ? S->getString("id") : decltype(S->getString("id")){};
    uint64_t ID;
    if (!Id || Id->size() != 16 || Id->getAsInteger(16, ID))
      return Where + ".id is not 16 hex digits";
    auto Objects = S->getInteger("objects");
    if (!Objects || *Objects < 0)
      return Where + ".objects is not a count";
    SiteProfile &P = Read[ID];
    P.Objects += uint64_t(*Objects);
    const json::Value *Sizes = S->get("sizes");
    if (!Sizes || Sizes->getAsNull())
      continue;
    const json::Array *Buckets = Sizes->getAsArray();
    if (!Buckets || Buckets->size() != ALLOCSITE_SIZE_BUCKETS)
      return Where + ".sizes is not null or an array of " +
             std::to_string(ALLOCSITE_SIZE_BUCKETS) + " counts";
    for (size_t K = 0; K < ALLOCSITE_SIZE_BUCKETS; K++) {
      auto N = (*Buckets)[K].getAsInteger();
      if (!N || *N < 0)
        return Where + ".sizes[" + std::to_string(K) + "] is not a count";
      P.Sizes[K] += uint64_t(*N);
    }
    P.HasSizes = true;
  }
  // Summed in only now, so that a bad file adds nothing.
  for (auto &[ID, P] : Read) {
    SiteProfile &Into = Sites[ID];
    Into.Objects += P.Objects;
    Into.HasSizes |= P.HasSizes;
    for (size_t K = 0; K < ALLOCSITE_SIZE_BUCKETS; K++)
      Into.Sizes[K] += P.Sizes[K];
  }
  return "";
}

// "'a.json'" or "'a.json', 'b.json'".
std::string quotedList(const std::vector<std::string> &Files) {
  std::string S;
  for (size_t I = 0; I < Files.size(); I++)
    S += (I ? ", '" : "'") + Files[I] + "'";
  return S;
}

} // namespace

Profile Profile::load(Module &M) {
  Profile P;
  for (const std::string &File : profileUseFiles()) {
    std::string Why = readReport(File, P.Sites);
    if (Why.empty())
      P.Files.push_back(File);
    else
      M.getContext().emitError("allocsite: profile '" + File + "': " + Why);
  }
  return P;
}

const SiteProfile *Profile::site(uint64_t ID) const {
  auto It = Sites.find(ID);
  return It == Sites.end() ? nullptr : &It->second;
}

std::optional<uint64_t> Profile::hotness(uint64_t SiteID) const {
  const SiteProfile *Own = site(SiteID), *Stack = site(stackPartID(SiteID));
  if (!Own && !Stack)
    return std::nullopt;
  return (Own ? Own->Objects : 0) + (Stack ? Stack->Objects : 0);
}

BufferChoice Profile::chooseStackBuffer(uint64_t SiteID, uint64_t MaxStackSize) const {
  BufferChoice C;
  const SiteProfile *P = site(SiteID);
  if (!P || !P->HasSizes)
    return C;
  for (uint64_t N : P->Sizes)
    C.Objects += N;
  if (!C.Objects)
    return C; // never ran in the profiled runs: nothing to go by
  // Objects * CoveredPercent / 100, rounded up, without overflow.
  uint64_t Need = C.Objects / 100 * CoveredPercent +
                  (C.Objects % 100 * CoveredPercent + 99) / 100;
  uint64_t Covered = 0;
  for (unsigned K = 0; K < ALLOCSITE_SIZE_BUCKETS; K++) {
    Covered += P->Sizes[K];
    if (Covered < Need)
      continue;
    // The last bucket has no bound; the others hold sizes up to 2^K.
    if (K + 1 == ALLOCSITE_SIZE_BUCKETS || (uint64_t(1) << K) > MaxStackSize)
      break;
    C.K = BufferChoice::Kind::Chosen;
    C.Bytes = uint64_t(1) << K;
    C.Covered = Covered;
    return C;
  }
  C.K = BufferChoice::Kind::TooLarge;
  return C;
}

void Profile::warnIfUnmatched(Module &M, const std::vector<uint64_t> &IDs) const {
  if (Files.empty() || IDs.empty())
    return;
  for (uint64_t ID : IDs)
    if (hotness(ID))
      return;
  std::string Msg = "allocsite: " + std::string(Files.size() == 1 ? "profile " : "profiles ") +
                    quotedList(Files) + (Files.size() == 1 ? " has" : " have") +
                    " no site of this file ('" + unitSourceName(M) +
                    "'): written by another build of it, or by a program it is not part of; "
                    "its sites keep the default stack buffer and get no hotness";
  M.getContext().diagnose(DiagnosticInfoPGOProfile(nullptr, Msg, DS_Warning));
}

} // namespace allocsite
