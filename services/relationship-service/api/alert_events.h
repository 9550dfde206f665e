// Applies risk-warning's events to relationship-service (run by an events::EventConsumer inside
// its transaction): every new or escalated alert (ccrm.risk.v1.AlertRaised) becomes a follow-up
// task for the responsible manager — the alert's assignee, else the customer's current manager,
// else the "unassigned" queue — due sooner the higher the level (TaskFromAlert). An escalation
// while the alert's task is still open updates that task; a replayed event changes nothing (the
// consumer records it in the same transaction).
//
// Example:
//   events::EventConsumer consumer(options, stub.get(), pool, clock, ApplyAlertEvent);
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ccrm/common/v1/events.pb.h"
#include "ccrm/risk/v1/risk_events.pb.h"
#include "common/mysql/connection_pool.h"
#include "services/relationship-service/domain/task_service.h"

namespace ccrm::relationship {

// The event types ApplyAlertEvent acts on.
std::vector<std::string> AlertEventTypes();

// What the payload says, as the domain reads it.
AlertFacts ToAlertFacts(const risk::v1::AlertRaised& alert);

// INVALID_ARGUMENT when a payload does not parse or names no alert or customer (the consumer
// then stops at that event rather than skipping it silently); database errors as the storage
// reports them.
absl::Status ApplyAlertEvent(const ccrm::common::v1::Event& event, mysql::Session& session);

}  // namespace ccrm::relationship
