"""Fixtures that run the real xinfangd binary for the Python client tests."""
import os
import re
import signal
import subprocess
import tempfile

import grpc
import pytest

BIN_DIR = os.environ["XINFANG_BIN_DIR"]
LISTENING = re.compile(r"xinfangd listening on (\S+)")
METRICS = re.compile(r"xinfangd metrics on (\S+)")


class Daemon:
    """A real xinfangd process on a temporary data directory and a free port."""

    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.process = None
        self.address = None

    def init(self):
        out = subprocess.run(
            [os.path.join(BIN_DIR, "xinfangd"), "init", "--data", self.data_dir],
            check=True, capture_output=True, text=True, timeout=60,
        )
        return out.stdout.strip().splitlines()[-1]

    def start(self, extra=()):
        self.process = subprocess.Popen(
            [os.path.join(BIN_DIR, "xinfangd"), "serve", "--data", self.data_dir, "--listen", "127.0.0.1:0",
             "--metrics-listen", "127.0.0.1:0", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        self.address = self.metrics_url = None
        for line in self.process.stdout:
            listening, metrics = LISTENING.search(line), METRICS.search(line)
            if listening:
                self.address = listening.group(1)
            if metrics:
                self.metrics_url = metrics.group(1)
            if self.address and self.metrics_url:
                return self.address
        raise RuntimeError("xinfangd exited before listening: %s" % self.process.wait(timeout=10))

    def stop(self, sig=signal.SIGTERM):
        self.process.send_signal(sig)
        return self.process.wait(timeout=30)


@pytest.fixture
def daemon():
    with tempfile.TemporaryDirectory() as tmp:
        d = Daemon(os.path.join(tmp, "data"))
        d.token = d.init()
        d.start()
        yield d
        if d.process.poll() is None:
            d.stop(signal.SIGKILL)


def metadata(token):
    return (("authorization", "Bearer " + token),)


@pytest.fixture
def channel(daemon):
    with grpc.insecure_channel(daemon.address) as ch:
        grpc.channel_ready_future(ch).result(timeout=10)
        yield ch
