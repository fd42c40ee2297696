//===- Verdict.cpp - the text of reasons and flows ------------------------===//
#include "Verdict.h"

#include "SiteIdentity.h"

#include <string>

namespace allocsite {
namespace {

struct ReasonText {
  const char *Code;
  const char *Message;
};

const ReasonText Texts[] = {
    {"", ""}, // Reason::None
#define ALLOCSITE_REASON(Name, Code, Message) {Code, Message},
#include "allocsite_abi.inc"
};

std::string joinSteps(const std::vector<FlowStep> &Steps, std::string Chain = "") {
  for (const FlowStep &S : Steps)
    Chain += (Chain.empty() ? "" : " -> ") + S.text();
  return Chain;
}

} // namespace

const char *reasonCode(Reason R) { return Texts[static_cast<unsigned>(R)].Code; }

std::string Explanation::message() const {
  std::string Out;
  std::string Loc = formatSourceLocation(this->Loc);
  for (const char *P = Texts[static_cast<unsigned>(Why)].Message; *P; P++) {
    if (*P != '%' || !P[1]) {
      Out += *P;
      continue;
    }
    switch (*++P) {
    case 's':
      Out += Subject;
      break;
    case '0':
    case '1':
      Out += std::to_string(Numbers[*P - '0']);
      break;
    case 'l':
      Out += Loc.empty() ? "" : " at " + Loc;
      break;
    case 'a':
      Out += Loc.empty() ? "" : " (allocated at " + Loc + ")";
      break;
    default:
      Out += '%';
      Out += *P;
    }
  }
  return Out;
}

std::string FlowStep::text() const {
  if (!What)
    return "parameter " + std::to_string(Param);
  std::string Where = formatSourceLocation(Loc);
  return std::string(What) + (Where.empty() ? "" : " at " + Where);
}

std::string Verdict::flowText() const {
  std::string Chain = joinSteps(Flow);
  if (InCallee) {
    std::string Callee = joinSteps(InCallee->Steps);
    Callee += (Callee.empty() ? "" : " -> ") + InCallee->Why.message();
    Chain += (Chain.empty() ? "" : " -> ") + ("in '" + InCallee->Callee + "': " + Callee);
  }
  return Chain;
}

} // namespace allocsite
