#!/usr/bin/python3
"""Calls the local customer-profile the way any gRPC client would: lists customers and shows
the first one's customer group. Generates Python stubs from proto/ into a temp dir first.

Usage: /usr/bin/python3 deploy/local/example_client.py [--target 127.0.0.1:50051] [--token-file F]
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
              "google/rpc/status.proto", "google/rpc/error_details.proto"]
    subprocess.run(["protoc", "-I" + os.path.join(REPO, "proto"), "--python_out=" + out_dir,
                    "--grpc_out=" + out_dir,
                    "--plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin"] + protos, check=True)
    sys.path.insert(0, out_dir)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", default="127.0.0.1:50051")
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


if __name__ == "__main__":
    main()
