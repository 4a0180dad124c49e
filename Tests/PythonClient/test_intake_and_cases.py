"""A Python grpcio client (a different gRPC implementation) against the real daemon."""
import signal

import grpc
import pytest

from conftest import metadata
from xinfang.v1 import cases_pb2, cases_pb2_grpc, intake_pb2, intake_pb2_grpc, common_pb2
from grpc_health_gen.health.v1 import health_pb2, health_pb2_grpc


def submission(key, subject="小区噪音扰民", content="楼下商铺夜间施工，噪音持续到凌晨。"):
    return intake_pb2.Submission(
        idempotency_key=key,
        channel="visit",
        subject=subject,
        content=content,
        petitioner=common_pb2.Petitioner(name="王大顺", phone="13512342659", id_number="532301198501068156"),
    )


def test_submit_then_get_and_list(daemon, channel):
    intake = intake_pb2_grpc.IntakeServiceStub(channel)
    cases = cases_pb2_grpc.CaseServiceStub(channel)
    md = metadata(daemon.token)

    first = intake.Submit(intake_pb2.SubmitRequest(submission=submission("py-1")), metadata=md)
    assert first.created
    assert first.case_number.startswith("XF-")
    assert len(first.case_number) == len("XF-2026-000001")

    got = cases.GetCase(cases_pb2.GetCaseRequest(case_ref=first.case_number), metadata=md)
    assert got.summary.case_number == first.case_number
    assert got.summary.subject == "小区噪音扰民"
    assert got.content.startswith("楼下商铺")
    # Personal data is masked by default.
    assert got.summary.petitioner.name == "王*顺"
    assert got.summary.petitioner.phone == "135****2659"
    assert got.summary.petitioner.id_number == "532301********8156"
    assert got.summary.petitioner.masked
    assert got.thread[0].type == "registered"
    assert got.thread[0].label == "登记"

    listed = cases.ListCases(cases_pb2.ListCasesRequest(), metadata=md)
    assert [c.case_number for c in listed.cases] == [first.case_number]


def test_idempotent_submission_returns_the_first_case(daemon, channel):
    intake = intake_pb2_grpc.IntakeServiceStub(channel)
    md = metadata(daemon.token)
    first = intake.Submit(intake_pb2.SubmitRequest(submission=submission("same-key")), metadata=md)
    again = intake.Submit(intake_pb2.SubmitRequest(submission=submission("same-key")), metadata=md)
    assert first.created and not again.created
    assert again.case_number == first.case_number
    listed = cases_pb2_grpc.CaseServiceStub(channel).ListCases(cases_pb2.ListCasesRequest(), metadata=md)
    assert len(listed.cases) == 1


def test_bad_input_names_the_field_and_the_limit(daemon, channel):
    intake = intake_pb2_grpc.IntakeServiceStub(channel)
    md = metadata(daemon.token)
    with pytest.raises(grpc.RpcError) as error:
        intake.Submit(intake_pb2.SubmitRequest(submission=submission("long", subject="长" * 201)), metadata=md)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "submission.subject" in error.value.details()
    trailing = dict(error.value.trailing_metadata())
    assert trailing["xinfang-field"] == "submission.subject"
    assert trailing["xinfang-limit"] == "200 characters"
    # Nothing was stored.
    listed = cases_pb2_grpc.CaseServiceStub(channel).ListCases(cases_pb2.ListCasesRequest(), metadata=md)
    assert len(listed.cases) == 0


def test_submit_stream_answers_each_submission_by_sequence(daemon, channel):
    intake = intake_pb2_grpc.IntakeServiceStub(channel)
    md = metadata(daemon.token)
    requests = [intake_pb2.SubmitStreamRequest(sequence=10 + i, submission=submission(f"stream-{i}")) for i in range(40)]
    # A refused submission in the middle: answered with its field and limit, the stream goes on.
    requests.insert(7, intake_pb2.SubmitStreamRequest(sequence=99, submission=submission("stream-bad", subject="长" * 201)))
    # A repeated key inside the stream returns the case the first one created.
    requests.append(intake_pb2.SubmitStreamRequest(sequence=100, submission=submission("stream-3")))
    answers = {a.sequence: a for a in intake.SubmitStream(iter(requests), metadata=md)}
    assert sorted(answers) == sorted(r.sequence for r in requests)
    bad = answers[99]
    assert bad.WhichOneof("outcome") == "error"
    assert bad.error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert bad.error.field == "submission.subject" and bad.error.limit == "200 characters"
    assert "submission.subject" in bad.error.message
    created = [answers[10 + i].result for i in range(40)]
    assert all(r.created and r.case_number.startswith("XF-") for r in created)
    assert len({r.case_number for r in created}) == 40
    assert not answers[100].result.created and answers[100].result.case_number == answers[13].result.case_number
    listed = cases_pb2_grpc.CaseServiceStub(channel).ListCases(cases_pb2.ListCasesRequest(page=common_pb2.PageRequest(page_size=100)), metadata=md)
    assert len(listed.cases) == 40


def test_submit_stream_needs_a_token(daemon, channel):
    intake = intake_pb2_grpc.IntakeServiceStub(channel)
    request = intake_pb2.SubmitStreamRequest(sequence=1, submission=submission("stream-anon"))
    with pytest.raises(grpc.RpcError) as error:
        list(intake.SubmitStream(iter([request])))
    assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_missing_or_wrong_token_is_unauthenticated(daemon, channel):
    cases = cases_pb2_grpc.CaseServiceStub(channel)
    with pytest.raises(grpc.RpcError) as error:
        cases.ListCases(cases_pb2.ListCasesRequest())
    assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED
    with pytest.raises(grpc.RpcError) as error:
        cases.ListCases(cases_pb2.ListCasesRequest(), metadata=metadata("xft_not-a-token"))
    assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_unknown_case_is_not_found(daemon, channel):
    cases = cases_pb2_grpc.CaseServiceStub(channel)
    with pytest.raises(grpc.RpcError) as error:
        cases.GetCase(cases_pb2.GetCaseRequest(case_ref="XF-2026-999999"), metadata=metadata(daemon.token))
    assert error.value.code() == grpc.StatusCode.NOT_FOUND


def test_health_serving_without_token(daemon, channel):
    health = health_pb2_grpc.HealthStub(channel)
    assert health.Check(health_pb2.HealthCheckRequest()).status == health_pb2.HealthCheckResponse.SERVING


def test_case_survives_sigterm_and_restart(daemon, channel):
    md = metadata(daemon.token)
    created = intake_pb2_grpc.IntakeServiceStub(channel).Submit(
        intake_pb2.SubmitRequest(submission=submission("before-restart")), metadata=md)
    assert daemon.stop(signal.SIGTERM) == 0
    address = daemon.start()
    with grpc.insecure_channel(address) as again:
        grpc.channel_ready_future(again).result(timeout=10)
        got = cases_pb2_grpc.CaseServiceStub(again).GetCase(
            cases_pb2.GetCaseRequest(case_ref=created.case_number), metadata=md)
        assert got.summary.case_number == created.case_number


def test_prometheus_metrics_on_their_own_port(daemon, channel):
    import urllib.request
    intake_pb2_grpc.IntakeServiceStub(channel).Submit(
        intake_pb2.SubmitRequest(submission=submission("metrics-1")), metadata=metadata(daemon.token))
    with urllib.request.urlopen(daemon.metrics_url, timeout=10) as response:
        text = response.read().decode()
    assert 'xinfang_rpc_requests_total{method="xinfang.v1.IntakeService/Submit",code="ok"} 1' in text
    assert "xinfang_rpc_duration_seconds_bucket" in text
    assert "xinfang_event_log_head" in text


def test_duplicate_candidates_follow_intake_and_a_link_confirms_one(daemon, channel):
    """重复信访: the daemon's detector records an earlier case from the same petitioner on the
    same matter on the later case just after intake; an operator confirms it with LinkCases."""
    import time

    intake = intake_pb2_grpc.IntakeServiceStub(channel)
    cases = cases_pb2_grpc.CaseServiceStub(channel)
    md = metadata(daemon.token)
    first = intake.Submit(intake_pb2.SubmitRequest(submission=submission(
        "dup-1", subject="小区噪音扰民", content="楼下商铺每天夜间施工，电钻噪音持续到凌晨两点，严重影响老人休息。")), metadata=md)
    other = intake.Submit(intake_pb2.SubmitRequest(submission=intake_pb2.Submission(
        idempotency_key="dup-2", channel="phone", subject="工资拖欠", content="某建筑公司拖欠农民工工资三个月未发放。",
        petitioner=common_pb2.Petitioner(name="李四", phone="13900001111"))), metadata=md)
    later = intake.Submit(intake_pb2.SubmitRequest(submission=submission(
        "dup-3", subject="小区噪音扰民", content="楼下商铺每天夜间施工，电钻噪音持续到凌晨三点，严重影响老人和孩子休息。")), metadata=md)
    assert len(later.duplicate_candidates) == 0, "detection runs after the acknowledgement"

    deadline = time.monotonic() + 15
    got = cases.GetCase(cases_pb2.GetCaseRequest(case_ref=later.case_number), metadata=md)
    while not got.duplicate_candidates and time.monotonic() < deadline:
        time.sleep(0.05)
        got = cases.GetCase(cases_pb2.GetCaseRequest(case_ref=later.case_number), metadata=md)
    assert [c.case_number for c in got.duplicate_candidates] == [first.case_number]
    assert set(got.duplicate_candidates[0].reasons) == {"same_petitioner", "similar_content"}
    assert "duplicates_suspected" in [e.type for e in got.thread]
    unrelated = cases.GetCase(cases_pb2.GetCaseRequest(case_ref=other.case_number), metadata=md)
    assert not unrelated.duplicate_candidates

    cases.LinkCases(cases_pb2.LinkCasesRequest(
        case_ref=later.case_number, other_case_ref=first.case_number, kind="repeat_of", reason="同一事项重复反映"), metadata=md)
    linked = cases.GetCase(cases_pb2.GetCaseRequest(case_ref=later.case_number), metadata=md)
    assert not linked.duplicate_candidates
    assert [(l.kind, l.other_case_number) for l in linked.links] == [("repeat_of", first.case_number)]
