//===- Verdict.h - a site's verdict, its reason, and how it is explained --===//
//
// What the escape analysis (EscapeAnalysis.h) says about one allocation:
// `promotable`, `promotable-if-small` (it does not escape, but its size is
// not a compile-time constant: a stack buffer serves the sizes that fit) or
// `heap`, a typed reason from the one reason table
// (runtime/allocsite_abi.inc), and the data its explanation is made of.  The text (the
// message, the flow of the address) is built only when a remark, the site
// table or the printer asks for it, as Go's escape analysis builds its
// explanations only under -m: a verdict records the reason, the name and
// numbers its message needs, debug locations and static opcode names; the
// parameter summaries behind it (ParamSummaries.h) record no text at all.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_VERDICT_H
#define ALLOCSITE_VERDICT_H

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace llvm {
class Instruction;
class CallBase;
class DILocation;
} // namespace llvm

namespace allocsite {

enum class Reason : unsigned char {
  None,
#define ALLOCSITE_REASON(Name, Code, Message) Name,
#include "allocsite_abi.inc"
};

// "stored-to-global"; "" for Reason::None.
const char *reasonCode(Reason R);

// A reason and what its message names, as data.
struct Explanation {
  Reason Why = Reason::None;
  std::string Subject;                  // %s
  uint64_t Numbers[2] = {0, 0};         // %0, %1
  const llvm::DILocation *Loc = nullptr; // %l, %a
  // %a: the other allocation call, so that the pass can name where that
  // site is when its own line is 0 (calls merged by the optimiser).
  const llvm::Instruction *OtherSite = nullptr;
  // "stored to global 'g' at a.c:9:11"; "" for Reason::None.
  std::string message() const;
};

// One step of the address's way to the use that decided: an instruction
// ("getelementptr at a.c:4:9"), a parameter ("parameter 1"), or the
// deciding use itself ("stored-to-global at a.c:9:11").
struct FlowStep {
  const char *What = nullptr; // an opcode or reason code; null: a parameter
  unsigned Param = 0;         // 1-based, for a parameter
  const llvm::DILocation *Loc = nullptr;
  std::string text() const;
};

// How a same-file callee lets its parameter escape ("in 'keep': parameter
// 1 -> stored to global 'g' at a.c:3:5").
struct CalleeFlow {
  std::string Callee;
  std::vector<FlowStep> Steps;
  Explanation Why;
};

struct Verdict {
  enum class Kind { Unknown, Promotable, Heap, PromotableIfSmall };
  Kind K = Kind::Unknown;
  // Heap: why.  Promotable: nothing, or NeverFreed (a leak).
  // PromotableIfSmall: NonConstantSize, the one obstacle.
  Explanation Why;
  // For a heap site whose address the analysis followed: its way to the
  // use that decided, and into a same-file callee when one decided.
  std::vector<FlowStep> Flow;
  std::optional<CalleeFlow> InCallee;

  std::string Call;            // the allocation as written: "malloc(64)"
  std::string Allocator;       // "malloc", "operator new[]"
  std::vector<std::pair<std::string, std::string>> CallArgs; // ("Size", "64"), ...
  std::string Wrapper;         // a call of this allocation wrapper ("xmalloc")
  // Promotable only if these sites (of the same function) are too: a free
  // of this site's address may also free theirs.  Null: one that could not
  // be identified.  The analysis has applied that rule already; promotion
  // (StackPromotion.h) applies it again to what it actually rewrites.
  std::vector<llvm::CallBase *> CoFreed;
  // For promotion, valid when promotable: the size in bytes, the alignment
  // the call asks for (0: none, or not constant), and this function's frees
  // of the object (null: one that could not be identified in the original
  // function); FreesOnlyIt[i] says Frees[i] always frees this object (never
  // null or another site's object), so the object's lifetime ends there.
  // For PromotableIfSmall, Size is the stack buffer's: sizes up to it can
  // use the buffer, larger ones the heap.
  uint64_t Size = 0;
  uint64_t RequestedAlignment = 0;
  // FreedArg[i]: the argument of Frees[i] that is freed (a free wrapper's
  // may not be the first); ~0u if it could not be told.
  std::vector<llvm::CallBase *> Frees;
  std::vector<bool> FreesOnlyIt;
  std::vector<unsigned> FreedArg;
  // This function's calls of realloc given the object (null: one not found
  // in the original function).  A site that has them stays local until the
  // first of them runs: promotion makes each move the object to the heap,
  // and every free of it is then guarded, even a constant size's.
  std::vector<llvm::CallBase *> Reallocs;

  bool promotable() const { return K == Kind::Promotable; }
  bool heap() const { return K == Kind::Heap; }
  bool promotableIfSmall() const { return K == Kind::PromotableIfSmall; }
  // Promotable, or promotable if small: the address does not escape.
  bool staysLocal() const { return promotable() || promotableIfSmall(); }
  bool neverFreed() const { return promotable() && Why.Why == Reason::NeverFreed; }
  // Stays local, but a realloc moves it to the heap.
  bool movedByRealloc() const { return staysLocal() && !Reallocs.empty(); }
  // The reason's code and message ("" when there is none: a promotable site
  // that is freed).
  const char *code() const { return reasonCode(Why.Why); }
  std::string message() const { return Why.message(); }
  // Whether the analysis followed the address to the use that decided, and
  // that way: "call at a.c:3:5 -> store at a.c:4:7 -> stored-to-global at
  // a.c:4:7".
  bool hasFlow() const { return !Flow.empty() || InCallee; }
  std::string flowText() const;
};

} // namespace allocsite

#endif // ALLOCSITE_VERDICT_H
