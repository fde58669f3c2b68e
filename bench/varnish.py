"""Start Debian's varnishd with deploy/varnish/portal.vcl on a free loopback port.

Used by the page benchmark (``bench/pages.py``) and the Varnish tests
(``tests/pagecache/test_varnish.py``): the configuration's backend port is
replaced by the one given, everything else is the file operators adapt.
"""

import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

VCL = Path(__file__).resolve().parents[1] / "deploy" / "varnish" / "portal.vcl"


def varnishd_path():
    return shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def varnishd(backend_port, port=None):
    """Run varnishd in the foreground until the block ends; yields its base URL."""
    port = port or free_port()
    workdir = Path(tempfile.mkdtemp(prefix="portal-varnish-"))
    vcl = workdir / "portal.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8080";', f'.port = "{backend_port}";'))
    command = [
        varnishd_path(),
        "-F",
        "-j",
        "none",
        "-n",
        str(workdir / "instance"),
        "-a",
        f"127.0.0.1:{port}",
        "-f",
        str(vcl),
        "-s",
        "malloc,64m",
        "-T",
        "none",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"varnishd stopped: {process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("varnishd did not start within 30 s") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
