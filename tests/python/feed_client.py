#!/usr/bin/env python3
"""A real, non-Rust gRPC client for feedguard's integration tests.

Usage: python feed_client.py HOST:PORT

Generates Python stubs at run time from the repository's proto/ directory (../../proto relative
to this file) with grpc_tools.protoc, then makes a fixed sequence of calls against a running
feedguard proxy over an insecure channel and prints ONE JSON object to stdout:

  {
    "health": "SERVING",
    "child":  {"item_count", "item_ids", "has_decision", "age_band", "actions",
               "autoplay_next", "nudge_count", "sample_profile_fields"},
    "adult":  {... same keys as "child" ...},
    "stream": {"messages", "item_messages", "item_ids", "has_decision", "age_band", "actions"},
    "feedback_error": {"code": "INVALID_ARGUMENT", "details": "..."},
    "garbage_error": "INVALID_ARGUMENT"
  }

"actions" is a list of [rule, action, category, count] arrays, in the order of
DecisionSummary.actions. "age_band"/"actions" are null/[] when no decision is present.
"sample_profile_fields" is the first value of the "x-sample-profile-fields" response initial
metadata entry, or null if absent.

Exit status 0 on success. Any unexpected failure (an RPC error where none is expected, no error
where one is expected, stub generation failing) is printed to stderr and exits 1.

Dependencies: grpcio, grpcio-tools, grpcio-health-checking and the standard library only.
"""

import json
import os
import shutil
import sys
import tempfile
import traceback

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

TIMEOUT_S = 10.0
HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "proto"))
PROTO_FILES = ["feedguard/v1/feed.proto", "feedguard/v1/feedback.proto"]


class UnexpectedResult(Exception):
    """A call behaved differently from what this client expects (e.g. succeeded when it must fail)."""


def _well_known_protos_dir():
    """The include directory of the well-known protos bundled with grpc_tools."""
    try:
        import importlib.resources as resources

        return str(resources.files("grpc_tools") / "_proto")
    except (ImportError, AttributeError, TypeError):
        import pkg_resources  # older Pythons / setuptools fallback

        return pkg_resources.resource_filename("grpc_tools", "_proto")


def generate_stubs(out_dir):
    """Runs protoc over the repo's protos into out_dir and makes the result importable."""
    from grpc_tools import protoc

    if not os.path.isdir(PROTO_ROOT):
        raise FileNotFoundError("proto directory not found: %s" % PROTO_ROOT)
    args = [
        "grpc_tools.protoc",
        "-I" + PROTO_ROOT,
        "-I" + _well_known_protos_dir(),
        "--python_out=" + out_dir,
        "--grpc_python_out=" + out_dir,
    ] + PROTO_FILES
    rc = protoc.main(args)
    if rc != 0:
        raise RuntimeError("grpc_tools.protoc failed with exit code %d: %r" % (rc, args))
    # Make feedguard and feedguard.v1 regular packages.
    for pkg in ("feedguard", os.path.join("feedguard", "v1")):
        init = os.path.join(out_dir, pkg, "__init__.py")
        if not os.path.exists(init):
            open(init, "w").close()
    sys.path.insert(0, out_dir)


def build_request(feed_pb2, account_id, declared_age, session_id, adult=False):
    req = feed_pb2.FeedRequest()

    viewer = req.viewer
    viewer.account_id = account_id
    viewer.declared_age = declared_age
    viewer.time_zone = "Europe/London"
    viewer.jurisdiction = "GB"
    if adult:
        aa = viewer.age_assurance
        aa.band = feed_pb2.AGE_BAND_ADULT
        aa.method = feed_pb2.ASSURANCE_METHOD_ID_DOCUMENT
        aa.confidence = 0.99
        aa.estimated_age = 40

    profile = req.profile
    profile.watch_history.add(item_id="itm-1", watch_ms=15000, watched_at_unix_ms=1700000000000)
    profile.search_queries.append("x")
    profile.engaged_item_ids.append("itm-1")
    profile.inferred_interests.add(interest="football", weight=0.9)
    profile.embedding.extend([0.1, 0.2])
    profile.ad_segments.append("seg")
    profile.social_graph.follower_count = 3
    profile.explicit_interests.append("football")

    loc = req.location
    loc.precise.latitude = 51.5
    loc.precise.longitude = -0.12
    loc.precise.accuracy_m = 10
    loc.region = "GB-LND"

    req.session.session_id = session_id
    req.session.autoplay_enabled = True

    req.paging.page_size = 20
    return req


def summarise_decision(msg):
    """(has_decision, age_band, actions) of a message with a `decision` field."""
    if not msg.HasField("decision"):
        return False, None, []
    d = msg.decision
    actions = [[a.rule, a.action, a.category, a.count] for a in d.actions]
    return True, d.age_band, actions


def metadata_value(metadata, key):
    for md in metadata or ():
        if md.key == key:
            return md.value.decode("utf-8", "replace") if isinstance(md.value, bytes) else md.value
    return None


def get_feed(stub, request):
    resp, call = stub.GetFeed.with_call(request, timeout=TIMEOUT_S)
    has_decision, age_band, actions = summarise_decision(resp)
    return {
        "item_count": len(resp.items),
        "item_ids": [i.item_id for i in resp.items],
        "has_decision": has_decision,
        "age_band": age_band,
        "actions": actions,
        "autoplay_next": resp.autoplay_next,
        "nudge_count": len(resp.nudges),
        "sample_profile_fields": metadata_value(call.initial_metadata(), "x-sample-profile-fields"),
    }


def stream_feed(stub, request):
    messages = 0
    item_ids = []
    last_decision = None
    for msg in stub.StreamFeed(request, timeout=TIMEOUT_S):
        messages += 1
        if msg.HasField("item"):
            item_ids.append(msg.item.item_id)
        if msg.HasField("decision"):
            last_decision = msg
    if last_decision is not None:
        has_decision, age_band, actions = summarise_decision(last_decision)
    else:
        has_decision, age_band, actions = False, None, []
    return {
        "messages": messages,
        "item_messages": len(item_ids),
        "item_ids": item_ids,
        "has_decision": has_decision,
        "age_band": age_band,
        "actions": actions,
    }


def run(target):
    from feedguard.v1 import feed_pb2, feed_pb2_grpc, feedback_pb2, feedback_pb2_grpc

    out = {}
    with grpc.insecure_channel(target) as channel:
        # 1. Health check.
        health = health_pb2_grpc.HealthStub(channel)
        hresp = health.Check(health_pb2.HealthCheckRequest(service=""), timeout=TIMEOUT_S)
        out["health"] = health_pb2.HealthCheckResponse.ServingStatus.Name(hresp.status)

        recommender = feed_pb2_grpc.RecommenderStub(channel)

        # 2. GetFeed as a child.
        out["child"] = get_feed(
            recommender, build_request(feed_pb2, "py-child-1", 14, "py-s1")
        )

        # 3. GetFeed as an adult.
        out["adult"] = get_feed(
            recommender, build_request(feed_pb2, "py-adult-1", 40, "py-s1", adult=True)
        )

        # 4. StreamFeed as the child.
        out["stream"] = stream_feed(
            recommender, build_request(feed_pb2, "py-child-1", 14, "py-s2")
        )

        # 5. Feedback with an empty item id: must fail.
        feedback = feedback_pb2_grpc.FeedbackStub(channel)
        try:
            fresp = feedback.SubmitFeedback(
                feedback_pb2.FeedbackRequest(
                    item_id="", kind=feedback_pb2.FEEDBACK_KIND_NOT_INTERESTED
                ),
                timeout=TIMEOUT_S,
            )
        except grpc.RpcError as e:
            out["feedback_error"] = {"code": e.code().name, "details": e.details()}
        else:
            raise UnexpectedResult(
                "SubmitFeedback(item_id='') succeeded, expected an RpcError: %r" % (fresp,)
            )

        # 6. GetFeed with undecodable request bytes: must fail.
        raw_get_feed = channel.unary_unary(
            "/feedguard.v1.Recommender/GetFeed",
            request_serializer=None,
            response_deserializer=None,
        )
        try:
            raw = raw_get_feed(b"\xff\xff\xff", timeout=TIMEOUT_S)
        except grpc.RpcError as e:
            out["garbage_error"] = e.code().name
        else:
            raise UnexpectedResult(
                "GetFeed with garbage request bytes succeeded, expected an RpcError: %r" % (raw,)
            )
    return out


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: %s HOST:PORT\n" % argv[0])
        return 2
    target = argv[1]
    stub_dir = tempfile.mkdtemp(prefix="feedguard-pystubs-")
    try:
        generate_stubs(stub_dir)
        result = run(target)
    except Exception as e:  # report every unexpected failure, never swallow it
        if isinstance(e, grpc.RpcError) and hasattr(e, "code"):
            sys.stderr.write(
                "feed_client: unexpected RPC error: code=%s details=%r\n"
                % (e.code().name, e.details())
            )
        traceback.print_exc(file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(stub_dir, ignore_errors=True)
    sys.stdout.write(json.dumps(result, sort_keys=True) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
