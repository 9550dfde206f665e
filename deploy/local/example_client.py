#!/usr/bin/python3
"""Calls the local suite the way any gRPC client would: lists customers, shows the first one's
customer group, each customer's approved credit rating with pricing terms for a 3-year loan
(credit-rating), and each customer's manager, latest interaction, next engagements, open service
requests and value (relationship-service). Generates Python stubs from proto/ into a temp dir first.

Usage: /usr/bin/python3 deploy/local/example_client.py [--target 127.0.0.1:50051]
         [--rating-target 127.0.0.1:50052] [--relationship-target 127.0.0.1:50053]
         [--token-file F]
(Debian's /usr/bin/python3 has grpcio; stubs come from protoc + grpc_python_plugin.)
"""
import argparse
import os
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def generate_stubs(out_dir):
    protos = ["ccrm/common/v1/types.proto", "ccrm/customer/v1/customer_profile.proto",
              "ccrm/rating/v1/credit_rating.proto", "ccrm/relationship/v1/relationship.proto",
              "google/rpc/status.proto", "google/rpc/error_details.proto"]
    subprocess.run(["protoc", "-I" + os.path.join(REPO, "proto"), "--python_out=" + out_dir,
                    "--grpc_out=" + out_dir,
                    "--plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin"] + protos, check=True)
    sys.path.insert(0, out_dir)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", default="127.0.0.1:50051")
    parser.add_argument("--rating-target", default="127.0.0.1:50052")
    parser.add_argument("--relationship-target", default="127.0.0.1:50053")
    parser.add_argument("--token-file",
                        default=os.path.join(REPO, ".local/secrets/demo-admin.token"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as stubs:
        generate_stubs(stubs)
        import grpc
        from ccrm.customer.v1 import customer_profile_pb2 as pb
        from ccrm.customer.v1 import customer_profile_pb2_grpc as rpc

        token = open(args.token_file).read().strip()
        metadata = [("authorization", "Bearer " + token)]
        stub = rpc.CustomerProfileStub(grpc.insecure_channel(args.target))
        page = stub.ListCustomers(pb.ListCustomersRequest(page_size=10, order_by="legal_name"),
                                  metadata=metadata, timeout=5)
        for c in page.customers:
            print(f"{c.name}  {c.legal_name}  {pb.Segment.Name(c.segment)}  "
                  f"{pb.Tier.Name(c.tier)}  {pb.LifecycleStage.Name(c.lifecycle_stage)}")
        if page.customers:
            group = stub.GetCustomerGroup(pb.GetCustomerGroupRequest(name=page.customers[0].name),
                                          metadata=metadata, timeout=5)
            print(f"group of {page.customers[0].legal_name}:")
            for m in group.members:
                print(f"  depth {m.depth}  {m.display_name}")

        from ccrm.rating.v1 import credit_rating_pb2 as rpb
        from ccrm.rating.v1 import credit_rating_pb2_grpc as rrpc
        ratings = rrpc.CreditRatingStub(grpc.insecure_channel(args.rating_target))
        print("approved ratings (credit-rating):")
        for c in page.customers:
            try:
                r = ratings.GetLatestApprovedRating(
                    rpb.GetLatestApprovedRatingRequest(customer=c.name), metadata=metadata,
                    timeout=5)
            except grpc.RpcError as e:
                print(f"  {c.legal_name}: {e.code().name} {e.details()}")
                continue
            terms = ratings.RecommendPricing(
                rpb.RecommendPricingRequest(customer=c.name, tenor_months=36),
                metadata=metadata, timeout=5)
            grade = rpb.CreditGrade.Name(r.final_grade).replace("CREDIT_GRADE_", "")
            price = (f"LPR {terms.lpr_bps / 100:.2f}% + {terms.spread_bps} bps, collateral "
                     f"{terms.collateral_requirement}" if terms.eligible else terms.reason)
            print(f"  {c.legal_name}: {grade}  PD {100 * r.probability_of_default:.2f}%  "
                  f"score {r.score:.0f}  valid until {r.valid_until.ToJsonString()[:10]}  "
                  f"3y: {price}")

        from ccrm.relationship.v1 import relationship_pb2 as xpb
        from ccrm.relationship.v1 import relationship_pb2_grpc as xrpc
        rel = xrpc.RelationshipServiceStub(grpc.insecure_channel(args.relationship_target))
        print("relationships (relationship-service):")
        for c in page.customers:
            try:
                history = rel.ListAssignmentHistory(xpb.ListAssignmentHistoryRequest(
                    customer=c.name, page_size=1), metadata=metadata, timeout=5)
                timeline = rel.ListInteractions(xpb.ListInteractionsRequest(
                    parent=c.name, page_size=1), metadata=metadata, timeout=5)
                plan = rel.ListEngagements(xpb.ListEngagementsRequest(
                    customer=c.name, page_size=2), metadata=metadata, timeout=5)
                requests = rel.ListServiceRequests(xpb.ListServiceRequestsRequest(
                    customer=c.name, page_size=5), metadata=metadata, timeout=5)
                value = rel.GetCustomerValue(xpb.GetCustomerValueRequest(customer=c.name),
                                             metadata=metadata, timeout=5)
            except grpc.RpcError as e:
                print(f"  {c.legal_name}: {e.code().name} {e.details()}")
                continue
            manager = history.assignments[0].manager_id if history.assignments else "-"
            last = timeline.interactions[0].summary if timeline.interactions else "-"
            upcoming = ", ".join(
                f"{xpb.EngagementKind.Name(e.kind).replace('ENGAGEMENT_KIND_', '').lower()} "
                f"{e.due_date.year}-{e.due_date.month:02d}-{e.due_date.day:02d}"
                for e in plan.engagements)
            open_requests = sum(1 for r in requests.service_requests
                                if r.status != xpb.SERVICE_REQUEST_STATUS_CLOSED)
            products = ", ".join(r.product for r in value.recommendations) or "-"
            print(f"  {c.legal_name}: manager {manager}; last: {last}; next: {upcoming or '-'}; "
                  f"{open_requests} open request(s); 12-month contribution "
                  f"{value.total_contribution.units} {value.total_contribution.currency_code}"
                  f"{' (key customer)' if value.key_customer else ''}; recommend {products}")


if __name__ == "__main__":
    main()
