"""Fuzz the readers and the analysis: mutants of every format, run as the user runs them.

Each mutant is written to a file and given to ``analyze --json`` (a project to ``cost --json``)
in a child process forked from this one (the package is imported once). A mutant passes when
the child either exits 0 with RFC 8259 JSON on stdout and nothing on stderr, or exits 2 with
exactly one stderr line that is not an internal error; and when it does so within the time and
memory budget.

Run ``python -m tests.fuzz --count 3000`` (``make fuzz``); the suite runs a short seeded round.
The same seed and count give the same files.
"""

from __future__ import annotations

import os

# One BLAS thread: children are forked, and the budget is per file, not per core.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import base64
import io
import json
import re
import resource
import shutil
import signal
import struct
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

Mesh = tuple[np.ndarray, np.ndarray]

# ---------------------------------------------------------------- seeds and writers


def seed_mesh() -> Mesh:
    """A small lugged sole (closed, about 600 triangles), mm."""
    from tests.shapes import lugged_sole

    v, f, _ = lugged_sole(length=240.0, pitch=30.0, lug_size=10.0)
    return v, f


def _stl_ascii(v: np.ndarray, f: np.ndarray) -> bytes:
    lines = ["solid fuzz"]
    for a, b, c in v[f]:
        lines += ["facet normal 0 0 0", "outer loop"]
        lines += [f"vertex {p[0]:.6g} {p[1]:.6g} {p[2]:.6g}" for p in (a, b, c)]
        lines += ["endloop", "endfacet"]
    return ("\n".join([*lines, "endsolid fuzz"]) + "\n").encode()


def _obj(v: np.ndarray, f: np.ndarray) -> bytes:
    rows = [f"v {x:.6g} {y:.6g} {z:.6g}" for x, y, z in v]
    rows += [f"f {a + 1} {b + 1} {c + 1}" for a, b, c in f]
    return ("\n".join(rows) + "\n").encode()


def _off(v: np.ndarray, f: np.ndarray) -> bytes:
    rows = ["OFF", f"{len(v)} {len(f)} 0"]
    rows += [f"{x:.6g} {y:.6g} {z:.6g}" for x, y, z in v]
    rows += [f"3 {a} {b} {c}" for a, b, c in f]
    return ("\n".join(rows) + "\n").encode()


def _ply(v: np.ndarray, f: np.ndarray, binary: bool) -> bytes:
    fmt = "binary_little_endian" if binary else "ascii"
    head = (
        f"ply\nformat {fmt} 1.0\nelement vertex {len(v)}\nproperty float x\nproperty float y\n"
        f"property float z\nelement face {len(f)}\nproperty list uchar int vertex_indices\n"
        "end_header\n"
    ).encode()
    if not binary:
        rows = [f"{x:.6g} {y:.6g} {z:.6g}" for x, y, z in v] + [f"3 {a} {b} {c}" for a, b, c in f]
        return head + ("\n".join(rows) + "\n").encode()
    body = v.astype("<f4").tobytes()
    faces = np.zeros(len(f), dtype=[("n", "u1"), ("i", "<i4", 3)])
    faces["n"], faces["i"] = 3, f
    return head + body + faces.tobytes()


def _gltf_parts(v: np.ndarray, f: np.ndarray) -> tuple[dict, bytes]:
    """A glTF document and its binary buffer: one mesh, one node, metres."""
    with np.errstate(over="ignore"):  # huge mutants overflow float32: that is the point
        pos = (v / 1000.0).astype("<f4").tobytes()
    idx = f.astype("<u4").tobytes()
    lo, hi = (v / 1000.0).min(axis=0).tolist(), (v / 1000.0).max(axis=0).tolist()
    doc = {
        "asset": {"version": "2.0"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0, "name": "sole"}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1}]}],
        "buffers": [{"byteLength": len(pos) + len(idx)}],
        "bufferViews": [
            {"buffer": 0, "byteOffset": 0, "byteLength": len(pos)},
            {"buffer": 0, "byteOffset": len(pos), "byteLength": len(idx)},
        ],
        "accessors": [
            {"bufferView": 0, "componentType": 5126, "count": len(v), "type": "VEC3",
             "min": lo, "max": hi},
            {"bufferView": 1, "componentType": 5125, "count": f.size, "type": "SCALAR"},
        ],
    }  # fmt: skip
    return doc, pos + idx


def glb_bytes(doc: dict, blob: bytes) -> bytes:
    """Pack a glTF document and its buffer as GLB (both chunks padded to 4 bytes)."""
    js = json.dumps(doc).encode()
    js += b" " * (-len(js) % 4)
    blob += b"\0" * (-len(blob) % 4)
    total = 12 + 8 + len(js) + 8 + len(blob)
    return (
        struct.pack("<4sII", b"glTF", 2, total)
        + struct.pack("<I4s", len(js), b"JSON")
        + js
        + struct.pack("<I4s", len(blob), b"BIN\0")
        + blob
    )


def gltf_bytes(doc: dict, blob: bytes) -> bytes:
    """A .gltf with its buffer embedded as a data URI."""
    doc = json.loads(json.dumps(doc))
    uri = "data:application/octet-stream;base64," + base64.b64encode(blob).decode()
    doc["buffers"][0]["uri"] = uri
    return json.dumps(doc).encode()


def _3mf(v: np.ndarray, f: np.ndarray) -> bytes:
    from outsole_studio.core.geometry.model import MeshPart
    from outsole_studio.io.threemf import threemf_bytes

    return threemf_bytes([MeshPart("sole", v, f)], "millimeter")


WRITERS: dict[str, Callable[[np.ndarray, np.ndarray], bytes]] = {
    "stl": lambda v, f: __import__("outsole_studio.io.stl", fromlist=["x"]).stl_bytes(v[f]),
    "ascii.stl": _stl_ascii,
    "obj": _obj,
    "off": _off,
    "ply": lambda v, f: _ply(v, f, binary=False),
    "bin.ply": lambda v, f: _ply(v, f, binary=True),
    "glb": lambda v, f: glb_bytes(*_gltf_parts(v, f)),
    "gltf": lambda v, f: gltf_bytes(*_gltf_parts(v, f)),
    "3mf": _3mf,
}
"""Writers by file name ending (the part after the last dot is the extension read)."""

# ---------------------------------------------------------------- mutations

INTERESTING = [
    b"0", b"-1", b"1", b"-0", b"nan", b"inf", b"-inf", b"1e308", b"1e-320", b"4294967295",
    b"2147483648", b"-2147483649", b"99999999999999999999", b"1" * 5000, b"0x10", b"", b"1e999",
]  # fmt: skip
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _byte_mutants(data: bytes, rng: np.random.Generator) -> tuple[str, bytes]:
    """One raw-byte mutation: flips, overwrites, truncation, chunk copies and removals."""
    b = bytearray(data)
    kind = rng.choice(["flip", "overwrite", "truncate", "duplicate", "delete", "insert"])
    if kind == "flip":
        for _ in range(int(rng.integers(1, 9))):
            b[int(rng.integers(len(b)))] ^= 1 << int(rng.integers(8))
    elif kind == "overwrite":
        at = int(rng.integers(len(b)))
        word = bytes(rng.choice([b"\x00", b"\xff", b"\x7f", b"\x80"]) * int(rng.integers(1, 9)))
        b[at : at + len(word)] = word
    elif kind == "truncate":
        del b[int(rng.integers(1, len(b))) :]
    elif kind == "duplicate":
        at, n = int(rng.integers(len(b))), int(rng.integers(1, 2000))
        b[at:at] = b[at : at + n]
    elif kind == "delete":
        at, n = int(rng.integers(len(b))), int(rng.integers(1, 2000))
        del b[at : at + n]
    else:
        at = int(rng.integers(len(b)))
        b[at:at] = rng.integers(0, 256, int(rng.integers(1, 64)), dtype=np.uint8).tobytes()
    return f"bytes-{kind}", bytes(b)


def _number_mutant(text: bytes, rng: np.random.Generator) -> bytes:
    """Replace one to three number tokens with interesting values (lying counts, huge, NaN)."""
    spans = [m.span() for m in _NUMBER.finditer(text)]
    if not spans:
        return text
    out = text
    for _ in range(int(rng.integers(1, 4))):
        spans = [m.span() for m in _NUMBER.finditer(out)]
        # Favour the head, where counts and structure live.
        i = int(min(rng.exponential(30), len(spans) - 1)) if rng.random() < 0.5 else None
        s, e = spans[i if i is not None else int(rng.integers(len(spans)))]
        out = out[:s] + INTERESTING[int(rng.integers(len(INTERESTING)))] + out[e:]
    return out


def _text_mutant(fmt: str, data: bytes, rng: np.random.Generator) -> tuple[str, bytes]:
    """A mutation that keeps the container valid so it reaches the parser inside."""
    if fmt == "3mf":
        z = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
            for info in z.infolist():
                body = z.read(info)
                if info.filename.endswith(".model"):
                    body = _number_mutant(body, rng)
                w.writestr(info, body)  # the same date: the same seed gives the same bytes
        return "3mf-model-numbers", out.getvalue()
    if fmt == "glb":
        (n,) = struct.unpack_from("<I", data, 12)
        doc = json.loads(data[20 : 20 + n])
        blob = data[20 + n + 8 :]
        return "glb-json", glb_bytes(_json_mutant(doc, rng), blob)
    if fmt == "gltf":
        return "gltf-json", gltf_bytes(_json_mutant(json.loads(data), rng), b"")
    if fmt in ("stl",) or fmt.startswith("bin"):
        head = _number_mutant(data[: min(len(data), 400)], rng) if fmt == "bin.ply" else None
        if head is not None:
            return "ply-header-numbers", head + data[400:]
        b = bytearray(data)
        b[80:84] = struct.pack("<I", int(rng.choice([0, 1, len(data) // 50, 2**31, 2**32 - 1])))
        return "stl-count", bytes(b)
    return f"{fmt}-numbers", _number_mutant(data, rng)


def _json_mutant(doc: dict, rng: np.random.Generator) -> dict:
    """Mutate a glTF document: lying accessors, node graphs with cycles, odd values."""
    doc = json.loads(json.dumps(doc))
    kind = int(rng.integers(6))
    nodes = doc.setdefault("nodes", [{"mesh": 0}])
    if kind == 0:
        acc = doc["accessors"][int(rng.integers(len(doc["accessors"])))]
        acc["count"] = int(rng.choice([0, -1, 2**31, 10**12, acc["count"] * 4]))
    elif kind == 1:  # a node graph with repeats and cycles
        extra = int(rng.integers(1, 50))
        nodes += [{"mesh": 0} for _ in range(extra)]
        for node in nodes:
            node["children"] = [int(c) for c in rng.integers(0, len(nodes), int(rng.integers(3)))]
    elif kind == 2:
        doc["bufferViews"][int(rng.integers(2))]["byteOffset"] = int(rng.choice([-4, 2**40, 3]))
    elif kind == 3:
        nodes[0]["matrix"] = [float(x) for x in rng.choice([0.0, 1e300, -1.0, 1e-300], 16)]
    elif kind == 4:
        nodes[0]["scale"] = [float(rng.choice([0.0, 1e200, -1.0, 1e-200]))] * 3
    else:
        doc["accessors"][1]["componentType"] = int(rng.choice([5120, 5121, 5123, 5126, 1]))
    return doc


def _geometry_mutant(v: np.ndarray, f: np.ndarray, rng: np.random.Generator) -> tuple[str, Mesh]:
    """Change the shape: extreme scales, holes, stray bodies, soups, collapsed points."""
    v, f = v.copy(), f.copy()
    kind = rng.choice(
        ["scale", "shift", "holes", "stray", "sheet", "soup", "collapse", "duplicate", "flip"]
    )
    if kind == "scale":
        v *= float(rng.choice([1e-9, 1e-4, 40.0, 1e4, 1e9, 1e150]))
    elif kind == "shift":
        v += float(rng.choice([1e6, 1e12, -1e15]))
    elif kind == "holes":
        f = f[rng.random(len(f)) > rng.choice([0.001, 0.05, 0.5])]
    elif kind in ("stray", "sheet"):
        lo, hi = v.min(axis=0), v.max(axis=0)
        pts = lo + rng.random((3, 3)) * (hi - lo) * rng.choice([0.5, 1.0, 3.0])
        if kind == "sheet":
            pts[:, 2] = rng.choice([lo[2] - 5, hi[2], hi[2] + 5])
        f = np.vstack([f, np.arange(3) + len(v)])
        v = np.vstack([v, pts])
    elif kind == "soup":
        n = int(rng.choice([3, 100, 2000]))
        v = rng.random((3 * n, 3)) * 250.0
        f = np.arange(3 * n).reshape(-1, 3)
    elif kind == "collapse":
        sel = rng.random(len(v)) < rng.choice([0.01, 0.2])
        v[sel] = v[0]
    elif kind == "duplicate":
        f = np.vstack([f, f[: int(rng.integers(1, len(f)))]])
    else:
        sel = rng.random(len(f)) < 0.1
        f[sel] = f[sel][:, ::-1]
    if len(f) == 0:
        f = f.reshape(0, 3)
    return f"geometry-{kind}", (v, f)


ODD_VALUES: list[object] = [
    None, -1, 0, 1e308, -1e308, 10**40, "", "x" * 5000, "\u0000", "nan", "1e999", "EU-3", [], {},
    True, [[[[[[[[]]]]]]]], {"a": {"b": {"c": 1}}}, 0.5, "99.9999999999",
]  # fmt: skip


def seed_project() -> bytes:
    """A project over the seed mesh (``seed.stl`` beside it) with every section filled."""
    from outsole_studio.cli import main as cli

    v, f = seed_mesh()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "seed.stl").write_bytes(WRITERS["stl"](v, f))
        out = Path(tmp) / "seed.outsole"
        code = cli(
            ["project", "new", str(Path(tmp) / "seed.stl"), "-o", str(out), "--sizes", "EU39-45",
             "--order", "39:10,42:50", "--tooling", "plate=1500000", "--cycle-time", "240",
             "--machine-rate", "90000", "--pairs-per-cycle", "2", "--margin", "20",
             "--overhead", "10", "--usd-rate", "16000", "--foot", "left"],
            out=io.StringIO(), err=io.StringIO(),
        )  # fmt: skip
        assert code == 0, "the seed project could not be made"
        doc = json.loads(out.read_bytes())
        doc["techpack"]["design_id"] = "0" * 32  # a new design's id is random: fix it
        return json.dumps(doc, indent=2).encode()


def _project_mutant(data: bytes, rng: np.random.Generator) -> tuple[str, bytes]:
    """A project with one value replaced by an odd one (a wrong type, a huge number, NUL)."""
    doc = json.loads(data)
    leaves: list[tuple[object, object]] = []

    def walk(node: object) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)  # type: ignore[arg-type]
        for key, value in list(items):
            leaves.append((node, key))
            if isinstance(value, (dict, list)):
                walk(value)

    walk(doc)
    for _ in range(int(rng.integers(1, 3))):
        node, key = leaves[int(rng.integers(len(leaves)))]
        node[key] = ODD_VALUES[int(rng.integers(len(ODD_VALUES)))]  # type: ignore[index]
    return "project-value", json.dumps(doc).encode()


@dataclass(frozen=True)
class Mutant:
    """One generated file: its name (ending in the format) and how it was made."""

    name: str
    kind: str
    data: bytes


def mutants(count: int, seed: int) -> Iterator[Mutant]:
    """``count`` mutants, round-robin over the formats; the same seed gives the same files."""
    rng = np.random.default_rng(seed)
    v, f = seed_mesh()
    seeds = {fmt: write(v, f) for fmt, write in WRITERS.items()}
    seeds["outsole"] = seed_project()
    formats = [*WRITERS, "outsole"]
    for i in range(count):
        fmt = formats[i % len(formats)]
        roll = rng.random()
        if fmt == "outsole":
            if roll < 0.3:
                kind, data = _byte_mutants(seeds[fmt], rng)
            elif roll < 0.5:
                kind, data = "project-numbers", _number_mutant(seeds[fmt], rng)
            else:
                kind, data = _project_mutant(seeds[fmt], rng)
        elif roll < 0.45:
            kind, data = _byte_mutants(seeds[fmt], rng)
        elif roll < 0.75:
            kind, data = _text_mutant(fmt, seeds[fmt], rng)
        else:
            kind, (gv, gf) = _geometry_mutant(v, f, rng)
            with np.errstate(over="ignore", invalid="ignore"):  # float32 overflow is the point
                data = WRITERS[fmt](gv, gf) if len(gf) else b""
        yield Mutant(f"m{i:05d}.{fmt}", f"{fmt}:{kind}", data)


# ---------------------------------------------------------------- running


@dataclass(frozen=True)
class Outcome:
    """What one mutant did: ``verdict`` is "ok", "refused" or the kind of failure."""

    mutant: Mutant
    verdict: str
    seconds: float
    peak_mb: float
    detail: str


def _child(path: Path, out_path: Path) -> None:
    """Run ``analyze --json`` on a model (``cost --json`` on a project) in this forked process
    and exit with its code."""
    fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(fd, 2)  # anything written straight to the error stream is caught too
    code = 3
    try:
        from outsole_studio.cli import main

        out, err = io.StringIO(), io.StringIO()
        command = "cost" if path.suffix == ".outsole" else "analyze"
        code = main([command, str(path), "--json"], out=out, err=err)
        with open(out_path.with_suffix(".out"), "w", encoding="utf-8") as fh:
            fh.write(out.getvalue())
        os.write(2, err.getvalue().encode())
    finally:
        os._exit(code)


def _judge(code: int, out: str, err: str) -> tuple[str, str]:
    lines = err.splitlines()
    if code == 0:
        if err:
            return "stderr-on-success", lines[0][:200]
        try:
            json.loads(out, parse_constant=lambda t: (_ for _ in ()).throw(ValueError(t)))
        except ValueError as exc:
            return "non-strict-json", str(exc)[:200]
        return "ok", ""
    if code == 2:
        if len(lines) != 1:
            return "stderr-lines", " | ".join(lines)[:300]
        if "internal error" in lines[0]:
            return "internal-error", lines[0][:300]
        return "refused", lines[0][:200]
    return f"exit-{code}", " | ".join(lines[-3:])[:300]


def run_all(
    items: list[Mutant], folder: Path, jobs: int, seconds: float, memory_mb: float
) -> list[Outcome]:
    """Run every mutant, ``jobs`` at a time, each in a forked child under the budget."""
    from outsole_studio.cli import main  # noqa: F401 - imported once, before forking

    v, f = seed_mesh()
    (folder / "seed.stl").write_bytes(WRITERS["stl"](v, f))  # the model the projects name
    pending = list(enumerate(items))
    running: dict[int, tuple[int, Mutant, Path, float]] = {}
    results: list[Outcome] = []
    while pending or running:
        while pending and len(running) < jobs:
            i, m = pending.pop(0)
            path = folder / m.name
            path.write_bytes(m.data)
            log = folder / f"{m.name}.err"
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child
                _child(path, log)
            running[pid] = (i, m, path, time.perf_counter())
        pid, status, usage = os.wait4(-1, os.WNOHANG)
        now = time.perf_counter()
        if pid == 0:
            for cpid, (_, _, _, t0) in list(running.items()):
                if now - t0 > seconds:
                    os.kill(cpid, signal.SIGKILL)
            time.sleep(0.002)
            continue
        _, m, path, t0 = running.pop(pid)
        elapsed = now - t0
        peak = usage.ru_maxrss / 1024.0
        log = folder / f"{m.name}.err"
        err = log.read_text("utf-8", "replace")
        outf = log.with_suffix(".out")
        out = outf.read_text("utf-8") if outf.exists() else ""
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            verdict, detail = ("timeout" if sig == signal.SIGKILL else f"signal-{sig}"), ""
        else:
            verdict, detail = _judge(os.WEXITSTATUS(status), out, err)
        if verdict in ("ok", "refused") and elapsed > seconds:
            verdict = "timeout"
        if verdict in ("ok", "refused") and peak > memory_mb:
            verdict, detail = "memory", f"{peak:.0f} MB"
        results.append(Outcome(m, verdict, elapsed, peak, detail))
        for p in (path, log, outf):
            p.unlink(missing_ok=True)
    return results


def main(argv: list[str] | None = None) -> int:
    """Run a round and print its figures; exit 1 when any mutant failed."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seconds", type=float, default=10.0, help="time budget per file")
    ap.add_argument("--memory-mb", type=float, default=1024.0, help="peak memory per file")
    ap.add_argument("--keep", type=Path, help="copy failing files into this folder")
    args = ap.parse_args(argv)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    t0 = time.perf_counter()
    items = list(mutants(args.count, args.seed))
    folder = Path(tempfile.mkdtemp(prefix="outsole-fuzz-"))
    try:
        results = run_all(items, folder, args.jobs, args.seconds, args.memory_mb)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    verdicts = Counter(r.verdict for r in results)
    failures = [r for r in results if r.verdict not in ("ok", "refused")]
    slowest = max(results, key=lambda r: r.seconds)
    biggest = max(results, key=lambda r: r.peak_mb)
    print(
        f"{len(results)} files in {time.perf_counter() - t0:.0f} s: {verdicts['ok']} measured, "
        f"{verdicts['refused']} refused with one line, {len(failures)} failed"
    )
    print(f"slowest {slowest.seconds:.2f} s ({slowest.mutant.kind}), "
          f"largest {biggest.peak_mb:.0f} MB peak ({biggest.mutant.kind})")  # fmt: skip
    for kind, n in sorted(Counter(r.verdict for r in failures).items()):
        print(f"  {kind}: {n}")
    for r in failures[:40]:
        print(f"  {r.mutant.name} {r.mutant.kind} {r.verdict} {r.seconds:.1f}s "
              f"{r.peak_mb:.0f}MB {r.detail}")  # fmt: skip
    if args.keep and failures:
        args.keep.mkdir(parents=True, exist_ok=True)
        for r in failures:
            (args.keep / r.mutant.name).write_bytes(r.mutant.data)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
