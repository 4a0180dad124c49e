"""The daemon over TLS, and with client certificates (mutual TLS)."""
import os
import subprocess
import tempfile

import grpc
import pytest

from conftest import BIN_DIR, Daemon, metadata
from xinfang.v1 import admin_pb2, admin_pb2_grpc


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def pki():
    with tempfile.TemporaryDirectory() as tmp:
        path = lambda name: os.path.join(tmp, name)
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=xinfang-test-ca",
                "-keyout", path("ca.key"), "-out", path("ca.pem"))
        for name, cn in [("server", "localhost"), ("client", "operator")]:
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + cn, "-keyout", path(name + ".key"),
                    "-out", path(name + ".csr"))
            with open(path(name + ".ext"), "w") as ext:
                ext.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
            openssl("x509", "-req", "-in", path(name + ".csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                    "-CAcreateserial", "-days", "2", "-extfile", path(name + ".ext"), "-out", path(name + ".pem"))
        yield path


def start(tmp, extra):
    daemon = Daemon(os.path.join(tmp, "data"))
    daemon.token = daemon.init()
    daemon.extra_args = extra
    daemon.start(extra)
    return daemon


def read(path):
    with open(path, "rb") as f:
        return f.read()


def test_tls_serves_and_plaintext_clients_fail(pki):
    with tempfile.TemporaryDirectory() as tmp:
        daemon = start(tmp, ["--tls-cert", pki("server.pem"), "--tls-key", pki("server.key")])
        try:
            port = daemon.address.split(":")[1]
            credentials = grpc.ssl_channel_credentials(root_certificates=read(pki("ca.pem")))
            with grpc.secure_channel("localhost:" + port, credentials) as channel:
                who = admin_pb2_grpc.AdminServiceStub(channel).WhoAmI(admin_pb2.WhoAmIRequest(), metadata=metadata(daemon.token))
                assert who.user.id == "admin"
            with grpc.insecure_channel(daemon.address) as plain:
                with pytest.raises(grpc.RpcError) as error:
                    admin_pb2_grpc.AdminServiceStub(plain).WhoAmI(
                        admin_pb2.WhoAmIRequest(), metadata=metadata(daemon.token), timeout=5)
                assert error.value.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
        finally:
            daemon.stop()


def test_mutual_tls_requires_a_client_certificate(pki):
    with tempfile.TemporaryDirectory() as tmp:
        daemon = start(tmp, ["--tls-cert", pki("server.pem"), "--tls-key", pki("server.key"),
                             "--tls-client-ca", pki("ca.pem")])
        try:
            port = daemon.address.split(":")[1]
            with_cert = grpc.ssl_channel_credentials(
                root_certificates=read(pki("ca.pem")), private_key=read(pki("client.key")),
                certificate_chain=read(pki("client.pem")))
            with grpc.secure_channel("localhost:" + port, with_cert) as channel:
                who = admin_pb2_grpc.AdminServiceStub(channel).WhoAmI(admin_pb2.WhoAmIRequest(), metadata=metadata(daemon.token))
                assert who.user.id == "admin"
            without = grpc.ssl_channel_credentials(root_certificates=read(pki("ca.pem")))
            with grpc.secure_channel("localhost:" + port, without) as channel:
                with pytest.raises(grpc.RpcError) as error:
                    admin_pb2_grpc.AdminServiceStub(channel).WhoAmI(
                        admin_pb2.WhoAmIRequest(), metadata=metadata(daemon.token), timeout=5)
                assert error.value.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
        finally:
            daemon.stop()
