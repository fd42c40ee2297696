//===- RuntimeABI.cpp - emit the tables the runtime reads -----------------===//
#include "RuntimeABI.h"
#include "SiteIdentity.h"
#include "WholeProgram.h"

#include "LLVMCompat.h"
#include "allocsite_abi.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace allocsite {
namespace {

// The host compiles the runtime: its layouts must be what the types below
// give on the x86-64 target (a field added to allocsite_abi.inc changes
// both sides at once; these catch a kind that does not match its C type).
static_assert(sizeof(allocsite_count) == 16, "count layout");
static_assert(sizeof(allocsite_thread_counters) == 16, "thread block header layout");
static_assert(sizeof(allocsite_frame) == 24, "frame layout");
static_assert(sizeof(allocsite_site) == 104, "site layout");
static_assert(sizeof(allocsite_module) == 64, "module layout");
static_assert(sizeof(allocsite_thread_state) == 8, "thread state layout");

// allocsite_abi.inc's field kinds.
enum class FieldKind { I32, I64, PTR };

// Each struct's fields, in allocsite_abi.inc's order: the LLVM types are
// built from the same list as the C structs, and initialisers are filled in
// by field name (Fields<...>::set), so the two can never disagree on order.
enum class CountField : unsigned {
#define ALLOCSITE_COUNT_FIELD(Kind, CType, Name) Name,
#include "allocsite_abi.inc"
  NumFields
};
enum class FrameField : unsigned {
#define ALLOCSITE_FRAME_FIELD(Kind, CType, Name) Name,
#include "allocsite_abi.inc"
  NumFields
};
enum class SiteField : unsigned {
#define ALLOCSITE_SITE_FIELD(Kind, CType, Name) Name,
#include "allocsite_abi.inc"
  NumFields
};
enum class ModuleField : unsigned {
#define ALLOCSITE_MODULE_FIELD(Kind, CType, Name) Name,
#include "allocsite_abi.inc"
  NumFields
};

StructType *structOf(LLVMContext &Ctx, std::initializer_list<FieldKind> Kinds) {
  std::vector<Type *> Types;
  for (FieldKind K : Kinds)
    Types.push_back(K == FieldKind::I32   ? static_cast<Type *>(Type::getInt32Ty(Ctx))
                    : K == FieldKind::I64 ? static_cast<Type *>(Type::getInt64Ty(Ctx))
                                          : bytePtrTy(Ctx));
  return StructType::get(Ctx, Types);
}

struct ABITypes {
  IntegerType *I32, *I64;
  PointerType *Ptr;
  StructType *Count, *Frame, *Site, *ModuleDesc;

  explicit ABITypes(LLVMContext &Ctx) {
    I32 = Type::getInt32Ty(Ctx);
    I64 = Type::getInt64Ty(Ctx);
    Ptr = bytePtrTy(Ctx);
    Count = structOf(Ctx, {
#define ALLOCSITE_COUNT_FIELD(Kind, CType, Name) FieldKind::Kind,
#include "allocsite_abi.inc"
    });
    Frame = structOf(Ctx, {
#define ALLOCSITE_FRAME_FIELD(Kind, CType, Name) FieldKind::Kind,
#include "allocsite_abi.inc"
    });
    Site = structOf(Ctx, {
#define ALLOCSITE_SITE_FIELD(Kind, CType, Name) FieldKind::Kind,
#include "allocsite_abi.inc"
    });
    ModuleDesc = structOf(Ctx, {
#define ALLOCSITE_MODULE_FIELD(Kind, CType, Name) FieldKind::Kind,
#include "allocsite_abi.inc"
    });
  }
  // struct allocsite_thread_counters { header fields..., sites[N] }
  StructType *threadCounters(unsigned NumSites) const {
    LLVMContext &Ctx = I64->getContext();
    StructType *Header = structOf(Ctx, {
#define ALLOCSITE_THREAD_COUNTERS_FIELD(Kind, CType, Name) FieldKind::Kind,
#include "allocsite_abi.inc"
    });
    std::vector<Type *> Types(Header->element_begin(), Header->element_end());
    Types.push_back(ArrayType::get(Count, NumSites));
    return StructType::get(Ctx, Types);
  }
};

// An initialiser of a struct, its fields set by name; every field must be
// set before get().
template <typename FieldEnum> class Fields {
public:
  explicit Fields(StructType *Ty) : Ty(Ty), Values(static_cast<unsigned>(FieldEnum::NumFields)) {}
  Fields &set(FieldEnum F, Constant *V) {
    Values[static_cast<unsigned>(F)] = V;
    return *this;
  }
  Fields &setInt(FieldEnum F, uint64_t V) {
    return set(F, ConstantInt::get(Ty->getElementType(static_cast<unsigned>(F)), V));
  }
  Constant *get() const {
    for (Constant *V : Values)
      if (!V)
        report_fatal_error("allocsite: a field of an ABI struct was left unset");
    return ConstantStruct::get(Ty, Values);
  }

private:
  StructType *Ty;
  std::vector<Constant *> Values;
};

class StringPool {
public:
  StringPool(Module &M, PointerType *Ptr) : M(M), Ptr(Ptr) {}
  // Null for an empty string: the ABI says "unknown" with NULL.
  Constant *get(const std::string &S) {
    if (S.empty())
      return ConstantPointerNull::get(Ptr);
    Constant *&Slot = Pool[S];
    if (!Slot) {
      Constant *Init = ConstantDataArray::getString(M.getContext(), S);
      auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                    GlobalValue::PrivateLinkage, Init, "__allocsite_str");
      GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
      GV->setAlignment(Align(1));
      Slot = ConstantExpr::getPointerCast(GV, Ptr);
    }
    return Slot;
  }

private:
  Module &M;
  PointerType *Ptr;
  StringMap<Constant *> Pool;
};

Constant *frameConstant(const ABITypes &T, StringPool &Strings, const SourceFrame &F) {
  return Fields<FrameField>(T.Frame)
      .set(FrameField::file, Strings.get(F.File))
      .set(FrameField::function, Strings.get(F.Function))
      .setInt(FrameField::line, F.Line)
      .setInt(FrameField::column, F.Column)
      .get();
}

// A constant array of frames (allocsite_frame[]), or null for none.
Constant *framesConstant(Module &M, const ABITypes &T, StringPool &Strings,
                         const std::vector<SourceFrame> &List, const char *Name) {
  if (List.empty())
    return ConstantPointerNull::get(T.Ptr);
  std::vector<Constant *> Frames;
  for (const SourceFrame &F : List)
    Frames.push_back(frameConstant(T, Strings, F));
  auto *ArrTy = ArrayType::get(T.Frame, Frames.size());
  auto *GV = new GlobalVariable(M, ArrTy, /*isConstant=*/true, GlobalValue::PrivateLinkage,
                                ConstantArray::get(ArrTy, Frames), Name);
  return ConstantExpr::getPointerCast(GV, T.Ptr);
}

Constant *siteConstant(Module &M, const ABITypes &T, StringPool &Strings, const SiteRecord &R) {
  const SiteDescription &D = R.Desc;
  Constant *Inlined = framesConstant(M, T, Strings, D.InlinedAt, "__allocsite_inlined_at");
  Constant *Merged = framesConstant(M, T, Strings, D.MergedCalls, "__allocsite_merged");
  uint32_t VerdictCode = R.Judged.promotable()          ? ALLOCSITE_VERDICT_PROMOTABLE
                         : R.Judged.promotableIfSmall() ? ALLOCSITE_VERDICT_PROMOTABLE_IF_SMALL
                         : R.Judged.heap()              ? ALLOCSITE_VERDICT_HEAP
                                                        : ALLOCSITE_VERDICT_UNKNOWN;
  std::string ReasonCode = R.Judged.code(), ReasonMessage = R.Judged.message();
  return Fields<SiteField>(T.Site)
      .setInt(SiteField::id, D.ID)
      .set(SiteField::file, Strings.get(D.Where.File))
      .set(SiteField::function, Strings.get(D.Where.Function))
      .set(SiteField::allocator, Strings.get(R.Allocator->DisplayName))
      .setInt(SiteField::line, D.Where.Line)
      .setInt(SiteField::column, D.Where.Column)
      .setInt(SiteField::num_inlined, D.InlinedAt.size())
      .setInt(SiteField::verdict, VerdictCode)
      .set(SiteField::inlined_at, Inlined)
      .set(SiteField::reason_code, Strings.get(ReasonCode))
      .set(SiteField::reason_message, Strings.get(ReasonMessage))
      .set(SiteField::wrapper, Strings.get(R.Within ? R.Within->Name : std::string()))
      .set(SiteField::merged, Merged)
      .setInt(SiteField::num_merged, D.MergedCalls.size())
      .setInt(SiteField::flags, R.Flags)
      .setInt(SiteField::sizes, R.SizesSlot)
      .get();
}

// Whether calling-context walks can go through this translation unit's
// frames: every function that can call keeps a frame pointer ("all", or
// "non-leaf": no allocation happens below a leaf).  The plugin never adds
// frame pointers itself: they cost call-heavy code time (README,
// "Performance"), a price only those who record contexts should pay, and
// -fno-omit-frame-pointer is how they ask.
bool keepsFramePointers(const Module &M) {
  for (const Function &F : M) {
    // clang emits __clang_call_terminate (catch, then std::terminate)
    // without the attribute whatever the flags say.
    if (F.isDeclaration() || F.getName() == "__clang_call_terminate")
      continue;
    StringRef Kind = F.getFnAttribute("frame-pointer").getValueAsString();
    if (Kind != "all" && Kind != "non-leaf")
      return false;
  }
  return true;
}

// The runtime's thread state is defined in the executable (the runtime is
// linked there), so code of an executable reaches it at a fixed offset from
// the thread pointer (local-exec: one instruction reads the word); only code
// that may end up in a shared library (-fPIC without -fPIE) needs the
// general-dynamic model, which dlopen requires.
GlobalValue::ThreadLocalMode threadStateModel(const Module &M) {
  if (M.getPIELevel() != PIELevel::Default || M.getPICLevel() == PICLevel::NotPIC)
    return GlobalValue::LocalExecTLSModel;
  return GlobalValue::GeneralDynamicTLSModel;
}

// Local-exec code needs the thread state defined in the executable: a
// reference (kept by llvm.compiler.used) to a symbol only the runtime
// archive defines, hidden, makes the linker take the runtime into the
// executable (allocsite_abi.h, ALLOCSITE_RUNTIME_IN_EXECUTABLE).
void requireRuntimeInExecutable(Module &M, PointerType *Ptr) {
  LLVMContext &Ctx = M.getContext();
  auto *Marker = new GlobalVariable(M, Type::getInt8Ty(Ctx), /*isConstant=*/true,
                                    GlobalValue::ExternalLinkage, nullptr,
                                    ALLOCSITE_RUNTIME_IN_EXECUTABLE);
  Marker->setVisibility(GlobalValue::HiddenVisibility);
  auto *Ref = new GlobalVariable(M, Ptr, /*isConstant=*/true, GlobalValue::PrivateLinkage,
                                 ConstantExpr::getPointerCast(Marker, Ptr),
                                 "__allocsite_runtime_ref");
  appendToCompilerUsed(M, {Ref});
}

// allocsite_module.thread_block: returns the calling thread's block, so the
// runtime can register a thread's blocks of every module at once (the
// address of a thread-local is only known on its own thread).
Function *createThreadBlockFunction(Module &M, GlobalVariable *Block, PointerType *Ptr) {
  LLVMContext &Ctx = M.getContext();
  Function *F = Function::Create(FunctionType::get(Ptr, false), GlobalValue::InternalLinkage,
                                 "__allocsite_thread_block", &M);
  F->addFnAttr(Attribute::NoUnwind);
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", F));
  B.CreateRet(B.CreatePointerCast(Block, Ptr));
  return F;
}

Function *createCallingFunction(Module &M, const char *Name, const char *Callee,
                                GlobalVariable *Desc, PointerType *Ptr) {
  LLVMContext &Ctx = M.getContext();
  auto *VoidFnTy = FunctionType::get(Type::getVoidTy(Ctx), false);
  Function *F = Function::Create(VoidFnTy, GlobalValue::InternalLinkage, Name, &M);
  F->addFnAttr(Attribute::NoUnwind);
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", F));
  FunctionCallee Target =
      M.getOrInsertFunction(Callee, FunctionType::get(Type::getVoidTy(Ctx), {Ptr}, false));
  B.CreateCall(Target, {ConstantExpr::getPointerCast(Desc, Ptr)});
  B.CreateRetVoid();
  return F;
}

} // namespace

std::string unitSourceName(const Module &M) {
  if (isWholeProgram(M)) // its sources' names already (WholeProgram.h)
    return M.getSourceFileName();
  for (const DICompileUnit *CU : M.debug_compile_units())
    if (CU->getFile() && !CU->getFile()->getFilename().empty())
      return absoluteFile(CU->getFile());
  return M.getSourceFileName();
}

ModuleTables::ModuleTables(Module &M, unsigned NumCounts) : M(M), NumCounts(NumCounts) {
  ABITypes T(M.getContext());
  StructType *BlockTy = T.threadCounters(NumCounts);
  // Thread-local: each thread counts into its own block (allocsite_abi.h).
  // The TLS model is left to code generation: local-exec in executables,
  // dynamic in shared libraries, which dlopen needs.
  ThreadBlock = new GlobalVariable(M, BlockTy, /*isConstant=*/false, GlobalValue::InternalLinkage,
                                   Constant::getNullValue(BlockTy), "__allocsite_thread_counters",
                                   nullptr, GlobalValue::GeneralDynamicTLSModel);
  ThreadBlock->setAlignment(Align(16));
  auto *SettledTy = ArrayType::get(T.Count, NumCounts ? NumCounts : 1);
  Settled = new GlobalVariable(M, SettledTy, /*isConstant=*/false, GlobalValue::InternalLinkage,
                               Constant::getNullValue(SettledTy), "__allocsite_settled");
  ThreadState = M.getNamedGlobal(ALLOCSITE_THREAD_STATE);
  if (!ThreadState) {
    ThreadState = new GlobalVariable(M, T.I64, /*isConstant=*/false, GlobalValue::ExternalLinkage,
                                     nullptr, ALLOCSITE_THREAD_STATE, nullptr,
                                     threadStateModel(M));
    if (ThreadState->getThreadLocalMode() == GlobalValue::LocalExecTLSModel)
      requireRuntimeInExecutable(M, T.Ptr);
  }
  // Writable: the runtime links descriptors into its lists.  The contents
  // are set by finish(), once the sites are known.
  Descriptor = new GlobalVariable(M, T.ModuleDesc, /*isConstant=*/false,
                                  GlobalValue::InternalLinkage, nullptr, "__allocsite_module");
}

Constant *ModuleTables::threadCountAddress(unsigned Index, unsigned Word) const {
  Type *I32 = Type::getInt32Ty(M.getContext());
  Constant *Idx[] = {ConstantInt::get(I32, 0), ConstantInt::get(I32, 2),
                     ConstantInt::get(I32, Index), ConstantInt::get(I32, Word)};
  return ConstantExpr::getInBoundsGetElementPtr(ThreadBlock->getValueType(), ThreadBlock, Idx);
}

Constant *ModuleTables::threadCountWords() const { return threadCountAddress(0, 0); }

Constant *ModuleTables::threadStateWord() const { return ThreadState; }

Constant *ModuleTables::threadStateByte(unsigned Offset) const {
  LLVMContext &Ctx = M.getContext();
  Type *I8 = Type::getInt8Ty(Ctx);
  Constant *Bytes = ConstantExpr::getPointerCast(ThreadState, bytePtrTy(Ctx));
  return ConstantExpr::getInBoundsGetElementPtr(I8, Bytes, ConstantInt::get(Type::getInt64Ty(Ctx), Offset));
}

Constant *ModuleTables::descriptorArg() const {
  return ConstantExpr::getPointerCast(Descriptor, bytePtrTy(M.getContext()));
}

void ModuleTables::finish(ArrayRef<SiteRecord> Sites) {
  LLVMContext &Ctx = M.getContext();
  ABITypes T(Ctx);
  StringPool Strings(M, T.Ptr);

  std::vector<Constant *> SiteConstants;
  for (const SiteRecord &R : Sites)
    SiteConstants.push_back(siteConstant(M, T, Strings, R));
  auto *SitesTy = ArrayType::get(T.Site, SiteConstants.size());
  auto *SitesGV = new GlobalVariable(M, SitesTy, /*isConstant=*/true, GlobalValue::InternalLinkage,
                                     ConstantArray::get(SitesTy, SiteConstants),
                                     "__allocsite_sites");
  Constant *Null = ConstantPointerNull::get(T.Ptr);
  Descriptor->setInitializer(
      Fields<ModuleField>(T.ModuleDesc)
          .setInt(ModuleField::abi_version, ALLOCSITE_ABI_VERSION)
          .setInt(ModuleField::num_sites, Sites.size())
          .set(ModuleField::source, Strings.get(unitSourceName(M)))
          .set(ModuleField::sites, ConstantExpr::getPointerCast(SitesGV, T.Ptr))
          .set(ModuleField::settled, ConstantExpr::getPointerCast(Settled, T.Ptr))
          .set(ModuleField::next, Null)
          .set(ModuleField::threads, Null)
          .setInt(ModuleField::flags,
                  keepsFramePointers(M) ? ALLOCSITE_MODULE_FRAME_POINTERS : 0)
          .setInt(ModuleField::num_counts, NumCounts)
          .set(ModuleField::thread_block,
               ConstantExpr::getPointerCast(createThreadBlockFunction(M, ThreadBlock, T.Ptr),
                                            T.Ptr))
          .get());

  // Before the program's own constructors (default priority 65535), so that
  // allocations they make are reported; after the runtime's (101).
  appendToGlobalCtors(M, createCallingFunction(M, "__allocsite_module_ctor", ALLOCSITE_REGISTER_FN,
                                               Descriptor, T.Ptr),
                      /*Priority=*/102);
  appendToGlobalDtors(M, createCallingFunction(M, "__allocsite_module_dtor",
                                               ALLOCSITE_UNREGISTER_FN, Descriptor, T.Ptr),
                      /*Priority=*/102);
  M.getOrInsertNamedMetadata(ModuleMarkerName);
}

} // namespace allocsite
