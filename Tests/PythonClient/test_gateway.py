"""The whole gRPC API from Python grpcio: scoping across orgs, masking and the audited
reveal, informant protection, the watch stream with resume, admin, and the error codes."""
import queue
import threading

import grpc
import pytest

from conftest import metadata
from xinfang.v1 import (admin_pb2, admin_pb2_grpc, cases_pb2, cases_pb2_grpc, common_pb2, events_pb2,
                        events_pb2_grpc, intake_pb2, intake_pb2_grpc)

VALID_ID = "532301198501068156"


class Site:
    """A county with two townships, a department under the first, and people in each."""

    def __init__(self, daemon, channel):
        self.channel = channel
        self.admin_md = metadata(daemon.token)
        self.admin = admin_pb2_grpc.AdminServiceStub(channel)
        for org in [("county-a", "A镇", "root", "township"), ("a-housing", "A镇住建办", "county-a", "department"),
                    ("county-b", "B镇", "root", "township")]:
            self.admin.CreateOrg(admin_pb2.CreateOrgRequest(
                org=admin_pb2.Org(id=org[0], name=org[1], parent_id=org[2], level=org[3])), metadata=self.admin_md)
        self.tokens = {}
        for user, org, roles, extra in [("rec-a", "county-a", ["receptionist"], []),
                                        ("handler-a", "a-housing", ["handler"], []),
                                        ("rec-b", "county-b", ["receptionist"], []),
                                        ("sup", "root", ["supervisor"], ["pii:read"]),
                                        ("handler-root", "root", ["handler"], [])]:
            self.admin.CreateUser(admin_pb2.CreateUserRequest(user=admin_pb2.User(
                id=user, display_name=user, org_id=org, roles=roles, extra_rights=extra)), metadata=self.admin_md)
            created = self.admin.CreateToken(admin_pb2.CreateTokenRequest(user_id=user, label="test"), metadata=self.admin_md)
            self.tokens[user] = metadata(created.secret)
        self.intake = intake_pb2_grpc.IntakeServiceStub(channel)
        self.cases = cases_pb2_grpc.CaseServiceStub(channel)
        self.events = events_pb2_grpc.EventServiceStub(channel)

    def submit(self, user, key, **extra):
        submission = intake_pb2.Submission(
            idempotency_key=key, channel="visit", subject="拖欠工资", content="某公司拖欠三个月工资。",
            petitioner=common_pb2.Petitioner(name="王大顺", phone="13512342659", id_number=VALID_ID,
                                             address="云南省昆明市五华区某某路12号"), **extra)
        return self.intake.Submit(intake_pb2.SubmitRequest(submission=submission), metadata=self.tokens[user])


@pytest.fixture
def site(daemon, channel):
    return Site(daemon, channel)


def code_of(call):
    with pytest.raises(grpc.RpcError) as error:
        call()
    return error.value.code()


def test_scoping_across_two_orgs(site):
    case = site.submit("rec-a", "scope-1")
    # The registering org and the org above it see the case; a sibling org does not, and
    # guessing its number answers exactly like a case that does not exist.
    assert site.cases.GetCase(cases_pb2.GetCaseRequest(case_ref=case.case_number), metadata=site.tokens["rec-a"])
    assert site.cases.GetCase(cases_pb2.GetCaseRequest(case_ref=case.case_number), metadata=site.tokens["sup"])
    assert code_of(lambda: site.cases.GetCase(
        cases_pb2.GetCaseRequest(case_ref=case.case_number), metadata=site.tokens["rec-b"])) == grpc.StatusCode.NOT_FOUND
    listed_b = site.cases.ListCases(cases_pb2.ListCasesRequest(), metadata=site.tokens["rec-b"])
    assert case.case_number not in [c.case_number for c in listed_b.cases]
    # The department below cannot see it until it is sent there.
    assert code_of(lambda: site.cases.GetCase(
        cases_pb2.GetCaseRequest(case_ref=case.case_number), metadata=site.tokens["handler-a"])) == grpc.StatusCode.NOT_FOUND
    site.cases.Act(cases_pb2.ActRequest(case_ref=case.case_number, command="forward",
                                        fields=[common_pb2.Field(name="target_org", value="a-housing")]),
                   metadata=site.tokens["rec-a"])
    got = site.cases.GetCase(cases_pb2.GetCaseRequest(case_ref=case.case_number), metadata=site.tokens["handler-a"])
    assert got.summary.org_id == "a-housing"
    assert got.summary.state == "forwarded"


def test_masking_and_audited_reveal(site):
    case = site.submit("rec-a", "reveal-1")
    got = site.cases.GetCase(cases_pb2.GetCaseRequest(case_ref=case.case_number), metadata=site.tokens["sup"])
    p = got.summary.petitioner
    assert (p.name, p.phone, p.id_number, p.masked) == ("王*顺", "135****2659", "532301********8156", True)
    assert "12号" not in p.address
    # A receptionist lacks pii:read.
    assert code_of(lambda: site.cases.RevealPetitioner(cases_pb2.RevealPetitionerRequest(
        case_ref=case.case_number, reason="核实身份"), metadata=site.tokens["rec-a"])) == grpc.StatusCode.PERMISSION_DENIED
    # A reason is required.
    assert code_of(lambda: site.cases.RevealPetitioner(cases_pb2.RevealPetitionerRequest(
        case_ref=case.case_number, reason=""), metadata=site.tokens["sup"])) == grpc.StatusCode.INVALID_ARGUMENT
    revealed = site.cases.RevealPetitioner(cases_pb2.RevealPetitionerRequest(
        case_ref=case.case_number, reason="电话回访需要核实身份"), metadata=site.tokens["sup"])
    assert (revealed.name, revealed.phone, revealed.id_number, revealed.masked) == ("王大顺", "13512342659", VALID_ID, False)
    history = site.cases.GetHistory(cases_pb2.GetHistoryRequest(case_ref=case.case_number), metadata=site.tokens["sup"])
    audits = [e for e in history.events if e.type == "pii_revealed"]
    assert len(audits) == 1
    assert audits[0].actor.id == "sup"
    assert {f.name: f.value for f in audits[0].fields}["reason"] == "电话回访需要核实身份"
    # Lists stay masked after a reveal.
    listed = site.cases.ListCases(cases_pb2.ListCasesRequest(), metadata=site.tokens["sup"])
    assert all(c.petitioner.masked for c in listed.cases)


def test_informant_protection(site):
    accusation = site.submit("rec-a", "accuse-1", matter_class="accusation",
                             accused=common_pb2.Accused(person_name="李某", org_id="county-a"))
    # The engine refuses to send the case to the accused org or anything below it.
    for target in ["county-a", "a-housing"]:
        with pytest.raises(grpc.RpcError) as error:
            site.cases.Act(cases_pb2.ActRequest(case_ref=accusation.case_number, command="forward",
                                                fields=[common_pb2.Field(name="target_org", value=target)]),
                           metadata=site.tokens["sup"])
        assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert "informant_protection" in error.value.details()
    # The registering receptionist works in the accused org: content and identity are withheld from them.
    got = site.cases.GetCase(cases_pb2.GetCaseRequest(case_ref=accusation.case_number), metadata=site.tokens["rec-a"])
    assert got.content_withheld and got.content == ""
    assert got.summary.petitioner.name == "***"
    assert len(got.thread) == 0
    assert code_of(lambda: site.cases.RevealPetitioner(cases_pb2.RevealPetitionerRequest(
        case_ref=accusation.case_number, reason="核实"), metadata=site.tokens["rec-a"])) == grpc.StatusCode.PERMISSION_DENIED
    # Elsewhere (the supervisor above) the content is there.
    full = site.cases.GetCase(cases_pb2.GetCaseRequest(case_ref=accusation.case_number), metadata=site.tokens["sup"])
    assert not full.content_withheld and full.content


def test_watch_stream_with_resume_and_scope(site):
    received = queue.Queue()
    subscribed = threading.Event()
    call = site.events.Watch(events_pb2.WatchRequest(), metadata=site.tokens["rec-b"])

    def pump():
        try:
            for item in call:
                if item.HasField("event"):
                    received.put(item.event)
                else:
                    subscribed.set()
        except grpc.RpcError:
            pass

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    assert subscribed.wait(timeout=10), "the stream opens with a heartbeat"
    hidden = site.submit("rec-a", "watch-hidden")
    seen = site.submit("rec-b", "watch-seen")
    first = received.get(timeout=10)
    assert first.case_number == seen.case_number, "events of other orgs' cases are not streamed"
    assert first.type == "registered"
    site.cases.AddNote(cases_pb2.AddNoteRequest(case_ref=seen.case_number, text="第一条备注"), metadata=site.tokens["rec-b"])
    note = None
    while note is None:
        event = received.get(timeout=10)
        if event.type == "note_added":
            note = event
    call.cancel()
    # Resume from the registration's position: the note comes again, nothing of the hidden case.
    resumed = site.events.Watch(events_pb2.WatchRequest(after_position=first.position), metadata=site.tokens["rec-b"])
    replay = []
    for item in resumed:
        if item.HasField("event"):
            replay.append(item.event)
            if item.event.type == "note_added":
                break
    resumed.cancel()
    assert [e.position for e in replay] == sorted(e.position for e in replay)
    assert all(e.case_number == seen.case_number for e in replay)
    assert replay[-1].text == "第一条备注"
    assert hidden.case_number not in [e.case_number for e in replay]


def test_error_codes(site, daemon):
    case = site.submit("rec-a", "errors-1")
    md = site.tokens["rec-a"]
    # INVALID_ARGUMENT with the field path and the limit.
    with pytest.raises(grpc.RpcError) as error:
        site.cases.AddNote(cases_pb2.AddNoteRequest(case_ref=case.case_number, text="长" * 4001), metadata=md)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    trailing = dict(error.value.trailing_metadata())
    assert trailing["xinfang-field"] == "note.text" and trailing["xinfang-limit"] == "4000 characters"
    # FAILED_PRECONDITION names the state and the allowed commands.
    with pytest.raises(grpc.RpcError) as error:
        site.cases.Act(cases_pb2.ActRequest(case_ref=case.case_number, command="reply",
                                            fields=[common_pb2.Field(name="reply", value="x")]), metadata=md)
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "registered" in error.value.details() and "forward" in error.value.details()
    # PERMISSION_DENIED: a role the workflow does not allow for the command.
    assert code_of(lambda: site.cases.Act(cases_pb2.ActRequest(
        case_ref=case.case_number, command="take_charge", fields=[common_pb2.Field(name="reason", value="x")]),
        metadata=md)) == grpc.StatusCode.PERMISSION_DENIED
    # PERMISSION_DENIED: admin calls without the admin right.
    assert code_of(lambda: site.admin.ListUsers(admin_pb2.ListUsersRequest(), metadata=md)) == grpc.StatusCode.PERMISSION_DENIED
    # UNAUTHENTICATED after a token is revoked.
    token = site.admin.CreateToken(admin_pb2.CreateTokenRequest(user_id="rec-a", label="short"), metadata=site.admin_md)
    short = metadata(token.secret)
    assert site.admin.WhoAmI(admin_pb2.WhoAmIRequest(), metadata=short).user.id == "rec-a"
    site.admin.RevokeToken(admin_pb2.RevokeTokenRequest(token_id=token.info.id), metadata=site.admin_md)
    assert code_of(lambda: site.admin.WhoAmI(admin_pb2.WhoAmIRequest(), metadata=short)) == grpc.StatusCode.UNAUTHENTICATED
    # ABORTED when the caller's view of the case is stale.
    assert code_of(lambda: site.cases.Act(cases_pb2.ActRequest(
        case_ref=case.case_number, command="forward", expected_version=1,
        fields=[common_pb2.Field(name="target_org", value="a-housing")]), metadata=md)) == grpc.StatusCode.ABORTED
    # A rejected request changed nothing.
    history = site.cases.GetHistory(cases_pb2.GetHistoryRequest(case_ref=case.case_number), metadata=md)
    assert [e.type for e in history.events if e.type not in ("deadline_started",)] == ["registered"]


def test_admin_directory_workflows_calendar_and_statistics(site):
    orgs = site.admin.ListOrgs(admin_pb2.ListOrgsRequest(root_id="county-a"), metadata=site.tokens["rec-a"])
    assert sorted(o.id for o in orgs.orgs) == ["a-housing", "county-a"]
    who = site.admin.WhoAmI(admin_pb2.WhoAmIRequest(), metadata=site.tokens["sup"])
    assert "pii:read" in who.rights and set(who.scope_org_ids) >= {"root", "county-a", "county-b"}
    workflows = site.admin.ListWorkflows(admin_pb2.ListWorkflowsRequest(), metadata=site.tokens["rec-a"])
    assert {"xinfang", "hotline12345", "grid"} <= {w.id for w in workflows.workflows}
    dot = site.admin.ExportWorkflow(admin_pb2.ExportWorkflowRequest(workflow="xinfang", format="dot"), metadata=site.tokens["rec-a"])
    assert dot.text.startswith("digraph")
    day = site.admin.GetCalendarDay(admin_pb2.GetCalendarDayRequest(date="2025-10-01"), metadata=site.tokens["rec-a"])
    assert day.kind == "holiday" and not day.working_day
    makeup = site.admin.GetCalendarDay(admin_pb2.GetCalendarDayRequest(date="2025-09-28"), metadata=site.tokens["rec-a"])
    assert makeup.kind == "makeup_workday" and makeup.working_day
    later = site.admin.AddWorkingDays(admin_pb2.AddWorkingDaysRequest(date="2025-09-30", days=1), metadata=site.tokens["rec-a"])
    assert later.date == "2025-10-09"
    site.submit("rec-a", "stats-1")
    site.submit("rec-b", "stats-2")
    stats = site.admin.GetStatistics(admin_pb2.GetStatisticsRequest(), metadata=site.tokens["sup"])
    by_org = {o.org_id: {f.id: f for f in o.figures} for o in stats.orgs}
    assert by_org["root"]["received"].value == 2
    assert by_org["county-a"]["received"].value == 1 and by_org["county-b"]["received"].value == 1
    assert "registered" in by_org["root"]["received"].explanation
    users = site.admin.ListUsers(admin_pb2.ListUsersRequest(), metadata=site.admin_md)
    assert {"rec-a", "sup"} <= {u.id for u in users.users}
    assert code_of(lambda: site.admin.CreateOrg(admin_pb2.CreateOrgRequest(
        org=admin_pb2.Org(id="bad id", name="x", level="county")), metadata=site.admin_md)) == grpc.StatusCode.INVALID_ARGUMENT


def test_search_short_and_long_queries_within_scope(site):
    import time
    site.submit("rec-a", "search-a")  # subject 拖欠工资, content 某公司拖欠三个月工资。
    site.submit("rec-b", "search-b")
    request = lambda q: cases_pb2.SearchCasesRequest(query=q)
    deadline = time.time() + 15
    hits = []
    while time.time() < deadline:  # the index follows just behind the log
        hits = site.cases.SearchCases(request("拖欠工资"), metadata=site.tokens["sup"]).hits
        if len(hits) == 2:
            break
        time.sleep(0.2)
    assert len(hits) == 2
    assert "【" in hits[0].snippet
    # Scope applies: rec-b finds only its own org's case, for 2- and 1-character queries too.
    for query in ["拖欠工资", "工资", "欠"]:
        found = site.cases.SearchCases(request(query), metadata=site.tokens["rec-b"]).hits
        assert len(found) == 1, query
    with pytest.raises(grpc.RpcError) as error:
        site.cases.SearchCases(request("长" * 101), metadata=site.tokens["sup"])
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert dict(error.value.trailing_metadata())["xinfang-field"] == "query"
