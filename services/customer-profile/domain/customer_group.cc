#include "services/customer-profile/domain/customer_group.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace ccrm::customer {
namespace {

std::string CustomerLabel(const std::string& customer_id) {
  return absl::StrCat("customers/", customer_id);
}

std::string OutsidePartyLabel(const std::string& name, const std::string& code) {
  if (name.empty()) {
    return code;
  }
  return code.empty() ? name : absl::StrCat(name, " (", code, ")");
}

// The other end of an edge seen from the customer being expanded.
struct Neighbour {
  // "c:<id>" for customers, "u:<code>" or "n:<name>" for outside parties.
  std::string key;
  // Set for customers.
  std::string customer_id;
  // Name and code carried by the edge (outside parties, or a copy of a related customer's).
  std::string name_on_edge;
  std::string code_on_edge;
  // " -SHAREHOLDER-> customers/b" or " <-SHAREHOLDER- customers/b".
  std::string hop;
};

std::optional<Neighbour> NeighbourOf(const RelatedParty& edge, const std::string& from) {
  const std::string label = RelationTypeLabel(edge.relation_type);
  Neighbour n;
  if (edge.customer_id == from) {
    if (!edge.related_customer_id.empty()) {
      if (edge.related_customer_id == from) {
        return std::nullopt;
      }
      n.key = absl::StrCat("c:", edge.related_customer_id);
      n.customer_id = edge.related_customer_id;
      n.name_on_edge = edge.party_name;
      n.code_on_edge = edge.party_unified_social_credit_code;
      n.hop = absl::StrCat(" -", label, "-> ", CustomerLabel(n.customer_id));
      return n;
    }
    if (edge.party_unified_social_credit_code.empty() && edge.party_name.empty()) {
      return std::nullopt;
    }
    n.key = edge.party_unified_social_credit_code.empty()
                ? absl::StrCat("n:", edge.party_name)
                : absl::StrCat("u:", edge.party_unified_social_credit_code);
    n.name_on_edge = edge.party_name;
    n.code_on_edge = edge.party_unified_social_credit_code;
    n.hop = absl::StrCat(" -", label, "-> ",
                         OutsidePartyLabel(edge.party_name, edge.party_unified_social_credit_code));
    return n;
  }
  if (edge.related_customer_id == from && !edge.customer_id.empty()) {
    n.key = absl::StrCat("c:", edge.customer_id);
    n.customer_id = edge.customer_id;
    n.hop = absl::StrCat(" <-", label, "- ", CustomerLabel(n.customer_id));
    return n;
  }
  return std::nullopt;
}

bool EdgeOrder(const RelatedParty& a, const RelatedParty& b) {
  return std::tie(a.relation_type, a.customer_id, a.related_customer_id,
                  a.party_unified_social_credit_code, a.party_name, a.related_party_id) <
         std::tie(b.relation_type, b.customer_id, b.related_customer_id,
                  b.party_unified_social_credit_code, b.party_name, b.related_party_id);
}

// A member found at the current depth, before it is admitted.
struct Candidate {
  Neighbour first_seen;
  std::vector<std::string> paths;
};

// Customers by id first, then outside parties by name (their code when they have no name).
bool CandidateOrder(const Candidate* a, const Candidate* b) {
  auto sort_key = [](const Neighbour& n) {
    bool outside = n.customer_id.empty();
    const std::string& name = n.name_on_edge.empty() ? n.code_on_edge : n.name_on_edge;
    return std::make_tuple(outside, outside ? name : n.customer_id, n.key);
  };
  return sort_key(a->first_seen) < sort_key(b->first_seen);
}

void KeepShortestPaths(std::vector<std::string>& paths) {
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  if (paths.size() > kMaxPathsPerMember) {
    paths.resize(kMaxPathsPerMember);
  }
}

}  // namespace

std::string RelationTypeLabel(RelationType type) {
  switch (type) {
    case RelationType::kShareholder:
      return "SHAREHOLDER";
    case RelationType::kSubsidiary:
      return "SUBSIDIARY";
    case RelationType::kActualController:
      return "ACTUAL_CONTROLLER";
    case RelationType::kGuarantor:
      return "GUARANTOR";
    case RelationType::kAffiliate:
      return "AFFILIATE";
    case RelationType::kUpstreamSupplier:
      return "UPSTREAM_SUPPLIER";
    case RelationType::kDownstreamBuyer:
      return "DOWNSTREAM_BUYER";
    case RelationType::kUnspecified:
      break;
  }
  return "UNSPECIFIED";
}

absl::StatusOr<CustomerGroup> WalkCustomerGroup(const std::string& root_customer_id,
                                                const GroupWalkOptions& options,
                                                RelatedPartyGraph& graph) {
  if (root_customer_id.empty()) {
    return InvalidField("name", "must name a customer");
  }
  if (options.max_depth < 0) {
    return InvalidField("max_depth", "must not be negative");
  }
  if (options.max_members == 0) {
    return absl::InvalidArgumentError("max_members must be at least 1 (the root)");
  }
  auto followed = [&](RelationType t) {
    return options.relation_types.empty() ||
           std::find(options.relation_types.begin(), options.relation_types.end(), t) !=
               options.relation_types.end();
  };

  CustomerGroup group;
  group.root_customer_id = root_customer_id;
  ASSIGN_OR_RETURN(auto root_name_and_code, graph.NameAndCode(root_customer_id));
  GroupMember root;
  root.customer_id = root_customer_id;
  root.display_name = root_name_and_code.first;
  root.unified_social_credit_code = root_name_and_code.second;
  group.members.push_back(std::move(root));

  absl::flat_hash_set<std::string> seen = {absl::StrCat("c:", root_customer_id)};
  // Customers found at the previous depth: their member index. Their paths are the bases of
  // the next depth's paths (the root's base is its own label).
  std::vector<size_t> frontier = {0};
  for (int depth = 1; !frontier.empty(); ++depth) {
    const bool beyond_limit = depth > options.max_depth;
    std::map<std::string, Candidate> candidates;
    for (size_t index : frontier) {
      const std::string from = group.members[index].customer_id;
      std::vector<std::string> bases = group.members[index].paths;
      if (bases.empty()) {
        bases.push_back(CustomerLabel(from));
      }
      ASSIGN_OR_RETURN(std::vector<RelatedParty> edges, graph.EdgesTouching(from));
      std::sort(edges.begin(), edges.end(), EdgeOrder);
      for (const RelatedParty& edge : edges) {
        if (!followed(edge.relation_type)) {
          continue;
        }
        std::optional<Neighbour> n = NeighbourOf(edge, from);
        if (!n.has_value() || seen.contains(n->key)) {
          continue;
        }
        if (beyond_limit) {
          group.truncated = true;
          return group;
        }
        auto [it, inserted] = candidates.try_emplace(n->key);
        Candidate& candidate = it->second;
        if (inserted) {
          candidate.first_seen = *n;
        } else if (candidate.first_seen.name_on_edge.empty() && !n->name_on_edge.empty()) {
          candidate.first_seen.name_on_edge = n->name_on_edge;
          candidate.first_seen.code_on_edge = n->code_on_edge;
        }
        for (const std::string& base : bases) {
          candidate.paths.push_back(base + n->hop);
        }
      }
    }
    if (beyond_limit) {
      break;
    }

    std::vector<Candidate*> ordered;
    ordered.reserve(candidates.size());
    for (auto& [key, candidate] : candidates) {
      ordered.push_back(&candidate);
    }
    std::sort(ordered.begin(), ordered.end(), CandidateOrder);

    std::vector<size_t> next_frontier;
    for (Candidate* candidate : ordered) {
      if (group.members.size() >= options.max_members) {
        group.truncated = true;
        return group;
      }
      const Neighbour& n = candidate->first_seen;
      GroupMember member;
      member.depth = depth;
      member.display_name = n.name_on_edge;
      member.unified_social_credit_code = n.code_on_edge;
      if (!n.customer_id.empty()) {
        member.customer_id = n.customer_id;
        absl::StatusOr<std::pair<std::string, std::string>> name_and_code =
            graph.NameAndCode(n.customer_id);
        if (name_and_code.ok()) {
          member.display_name = name_and_code->first;
          member.unified_social_credit_code = name_and_code->second;
        } else if (!absl::IsNotFound(name_and_code.status())) {
          return name_and_code.status();
        }
      } else if (member.display_name.empty()) {
        member.display_name = member.unified_social_credit_code;
      }
      member.paths = std::move(candidate->paths);
      KeepShortestPaths(member.paths);
      seen.insert(n.key);
      if (!member.customer_id.empty()) {
        next_frontier.push_back(group.members.size());
      }
      group.members.push_back(std::move(member));
    }
    frontier = std::move(next_frontier);
  }
  return group;
}

}  // namespace ccrm::customer
