// The customer group (集团客户): everyone reachable from a customer over related-party edges,
// found by a breadth-first walk that does not care how the edges are stored.
//
// Members are the root (depth 0), other customers of the bank, and outside parties (recorded on
// an edge without related_customer_id; identified by their unified social credit code when the
// edge has one, else by name). Outside parties are leaves: the bank knows nothing about their
// own relations. Each member appears once, at its shortest depth, with up to three of its
// shortest paths from the root, e.g. "customers/r <-SHAREHOLDER- customers/a -SUBSIDIARY->
// customers/b": each hop's arrow points as the edge is recorded ("a -T-> b": recorded on a,
// b stands in relation T to a). Members are ordered by depth, then customers by id before
// outside parties by name. The walk stops at max_depth hops or max_members members and then
// says truncated.
//
// Example:
//   GroupWalkOptions options;
//   options.relation_types = {RelationType::kShareholder, RelationType::kSubsidiary};
//   ASSIGN_OR_RETURN(CustomerGroup group, WalkCustomerGroup("c-1", options, graph));
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "services/customer-profile/domain/customer.h"

namespace ccrm::customer {

// What the walk needs from storage (implemented by storage/; a fake in tests).
class RelatedPartyGraph {
 public:
  virtual ~RelatedPartyGraph() = default;
  // Edges recorded on the customer AND edges where it is the related_customer_id (both
  // directions). An unknown customer has no edges.
  virtual absl::StatusOr<std::vector<RelatedParty>> EdgesTouching(
      const std::string& customer_id) = 0;
  // Display name and unified social credit code of a customer; NOT_FOUND if unknown.
  virtual absl::StatusOr<std::pair<std::string, std::string>> NameAndCode(
      const std::string& customer_id) = 0;
};

struct GroupWalkOptions {
  // Relations followed; empty = all.
  std::vector<RelationType> relation_types;
  // Hops from the root; 0 = the root alone.
  int max_depth = 10;
  // Members including the root.
  size_t max_members = 500;
};

// Paths kept per member.
inline constexpr size_t kMaxPathsPerMember = 3;

// The group around `root_customer_id`. INVALID_ARGUMENT when the root id is empty, max_depth is
// negative or max_members is 0; NOT_FOUND (from the graph) when the root is not a customer; any
// other error of the graph as it comes. A related customer the graph cannot name (NOT_FOUND) is
// still a member, named from the edge when the edge carries a name.
absl::StatusOr<CustomerGroup> WalkCustomerGroup(const std::string& root_customer_id,
                                                const GroupWalkOptions& options,
                                                RelatedPartyGraph& graph);

// "SHAREHOLDER", "SUBSIDIARY", "ACTUAL_CONTROLLER", "GUARANTOR", "AFFILIATE",
// "UPSTREAM_SUPPLIER", "DOWNSTREAM_BUYER"; "UNSPECIFIED" otherwise. As in the proto enum and the
// group's paths.
std::string RelationTypeLabel(RelationType type);

}  // namespace ccrm::customer
