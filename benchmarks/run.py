"""The benchmark suite: every latency and memory figure of the performance issue, measured
through a real LSP client over stdio, in one run beside "the floor" (a bare regex scan of
the same text for brackets, with a stack: the least any bracket checker can do).

    python -m benchmarks.run            # full run, writes benchmarks/RESULTS.md
    python -m benchmarks.run --smoke    # a few seconds; prints, writes to --output

Nothing here asserts a time: it prints numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .generate import SIZES, generate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "SWG-739-2023.cicadraft"
BRACKETS = re.compile(r"[\[\]]")


@dataclass
class Row:
    what: str
    samples: list[float] = field(default_factory=list)  # milliseconds
    unit: str = "ms"
    target: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def floor_scan(text: str) -> int:
    stack: list[int] = []
    stray = 0
    for match in BRACKETS.finditer(text):
        if match.group() == "[":
            stack.append(match.start())
        elif stack:
            stack.pop()
        else:
            stray += 1
    return len(stack) + stray


def measure_floor(text: str, runs: int) -> Row:
    row = Row("floor: regex bracket scan of the whole text")
    for _ in range(runs):
        start = time.perf_counter()
        floor_scan(text)
        row.samples.append((time.perf_counter() - start) * 1000)
    return row


class Client:
    """A minimal LSP client over stdio: JSON-RPC framing and json.loads, nothing more, so
    that the figures are the server's and the pipe's, not a client library's."""

    def __init__(self) -> None:
        self.process: asyncio.subprocess.Process | None = None
        self.next_id = 0
        self.waiting: dict[int, asyncio.Future] = {}
        self.arrivals: dict[str, asyncio.Queue] = {}
        self.reader_task: asyncio.Task | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "cicadraft", "serve",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
            limit=64 * 1024 * 1024,
        )
        self.reader_task = asyncio.create_task(self._read())
        # A client without pull diagnostics: the server pushes after every change.
        await self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "capabilities": {
                    "general": {"positionEncodings": ["utf-16"]},
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown"]},
                        "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "refactor", "source"]}}},
                    },
                },
            },
        )
        self.notify("initialized", {})

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def _send(self, message: dict) -> None:
        assert self.process is not None and self.process.stdin is not None
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    async def request(self, method: str, params):
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.waiting[self.next_id] = future
        self._send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return await asyncio.wait_for(future, 120)

    async def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        stream = self.process.stdout
        while True:
            length = 0
            while True:
                header = await stream.readline()
                if not header:
                    return
                if header.startswith(b"Content-Length:"):
                    length = int(header.split(b":")[1])
                elif header == b"\r\n":
                    break
            message = json.loads(await stream.readexactly(length))
            arrived = time.perf_counter()
            if "id" in message and "method" not in message:
                future = self.waiting.pop(message["id"], None)
                if future is not None and not future.done():
                    future.set_result(message.get("result"))
            elif "id" in message:  # a request from the server: accept it
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self.arrivals.setdefault(params["uri"], asyncio.Queue()).put_nowait((arrived, params))

    async def next_diagnostics(self, uri: str, version: int) -> float:
        queue = self.arrivals.setdefault(uri, asyncio.Queue())
        while True:
            arrived, params = await asyncio.wait_for(queue.get(), 120)
            if params.get("version") == version:
                return arrived

    async def stop(self) -> None:
        await self.request("shutdown", None)
        self.notify("exit", None)
        assert self.process is not None
        await asyncio.wait_for(self.process.wait(), 30)
        if self.reader_task:
            self.reader_task.cancel()


def position_of(text: str, offset: int) -> dict:
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1)
    return {"line": line, "character": len(text[offset - column : offset].encode("utf-16-le")) // 2}


def _item(uri: str, version: int, text: str) -> dict:
    return {"textDocument": {"uri": uri, "languageId": "cicadraft", "version": version, "text": text}}


async def cold_opens(text: str, servers: int) -> Row:
    """The first open of the draft in each of ``servers`` freshly started servers."""
    cold = Row("open the draft until its first diagnostics (cold: a new server each time)", target="≤ 20× floor")
    uri = Path(tempfile.gettempdir(), "bench-1mb.cicadraft").as_uri()
    for _ in range(servers):
        fresh = Client()
        await fresh.start()
        started = time.perf_counter()
        fresh.notify("textDocument/didOpen", _item(uri, 1, text))
        arrived = await fresh.next_diagnostics(uri, 1)
        cold.samples.append((arrived - started) * 1000)
        await fresh.stop()
    return cold


async def lsp_measurements(text: str, big_text: str | None, rounds: int) -> tuple[list[Row], dict]:
    rows: list[Row] = [await cold_opens(text, 3 if rounds < 20 else 7)]
    bench = Client()
    await bench.start()
    uri = Path(tempfile.gettempdir(), "bench-1mb.cicadraft").as_uri()

    # Opening it again finds every block in the parse cache (the first open, untimed,
    # fills it).
    warm = Row("open it again (blocks already parsed)")
    for version in range(1, 5):
        started = time.perf_counter()
        bench.notify("textDocument/didOpen", _item(uri, version, text))
        arrived = await bench.next_diagnostics(uri, version)
        if version > 1:
            warm.samples.append((arrived - started) * 1000)
        bench.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        await asyncio.sleep(0.05)
    rows.append(warm)

    version = 10
    bench.notify("textDocument/didOpen", _item(uri, version, text))
    await bench.next_diagnostics(uri, version)
    current = text

    async def edit(offset: int, removed: int, inserted: str) -> float:
        nonlocal version, current
        version += 1
        change = {"range": {"start": position_of(current, offset), "end": position_of(current, offset + removed)}, "text": inserted}
        started = time.perf_counter()
        bench.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        arrived = await bench.next_diagnostics(uri, version)
        current = current[:offset] + inserted + current[offset + removed :]
        return (arrived - started) * 1000

    middle = current.index("the", len(current) // 2)
    typing = Row("type one character (didChange → publishDiagnostics)", target="p95 ≤ 10 ms and ≤ floor")
    for i in range(rounds):
        typing.samples.append(await edit(middle + i, 0, "x"))
    rows.append(typing)

    bracket = Row("type `[` (pairing changes far away)", target="p95 ≤ 10 ms and ≤ floor")
    undo = Row("delete a `]` (pairing changes far away)", target="p95 ≤ 10 ms and ≤ floor")
    for i in range(rounds):
        spot = current.index(" ", len(current) // 3 + 97 * i)
        bracket.samples.append(await edit(spot, 0, "["))
        bracket.samples.append(await edit(spot, 1, ""))  # and take it back
        close = current.index("]", len(current) // 4 + 89 * i)
        undo.samples.append(await edit(close, 1, ""))
        undo.samples.append(await edit(close, 0, "]"))
    rows.append(bracket)
    rows.append(undo)

    # Requests on the big draft, at a delegation code in its second half.
    document = {"uri": uri}

    def requests(code_offset: int) -> list[tuple[str, str, dict]]:
        return [
            ("hover on a delegation code", "textDocument/hover", {"textDocument": document, "position": position_of(current, code_offset)}),
            (
                "code actions at a bracket",
                "textDocument/codeAction",
                {
                    "textDocument": document,
                    "range": {"start": position_of(current, code_offset - 4), "end": position_of(current, code_offset - 4)},
                    "context": {"diagnostics": []},
                },
            ),
            ("completion inside a tag group", "textDocument/completion", {"textDocument": document, "position": position_of(current, code_offset)}),
        ]

    def code_offset() -> int:
        return current.index("(+IRAN)", len(current) // 2 + 1000) + 2

    for name, method, params in requests(code_offset()):
        row = Row(name, target="p95 ≤ 20 ms")
        for _ in range(rounds):
            started = time.perf_counter()
            await bench.request(method, params)
            row.samples.append((time.perf_counter() - started) * 1000)
        rows.append(row)

    # The same requests right after a keystroke earlier in the draft, as when one types
    # and then points: the server first brings its whole-draft model up to date.
    for number, (name, _, _) in enumerate(requests(code_offset())):
        row = Row(f"{name}, right after typing a character", target="p95 ≤ 20 ms")
        for i in range(rounds):
            await edit(middle + i, 0, "x")
            _, method, params = requests(code_offset())[number]  # positions in the new text
            started = time.perf_counter()
            await bench.request(method, params)
            row.samples.append((time.perf_counter() - started) * 1000)
        rows.append(row)

    # Whole-draft answers, right after a keystroke (every position is collected again):
    # the code lenses and the Negotiation view's cicadraft/positions. Editors ask for them
    # after a pause in typing, not on each key.
    for name, method in (
        ("code lenses of the whole draft, right after typing a character", "textDocument/codeLens"),
        ("`cicadraft/positions` of the whole draft, right after typing a character", "cicadraft/positions"),
    ):
        row = Row(name)
        for i in range(max(3, rounds // 6)):
            await edit(middle + i, 0, "x")
            started = time.perf_counter()
            await bench.request(method, {"textDocument": document})
            row.samples.append((time.perf_counter() - started) * 1000)
        rows.append(row)

    memory = {}
    if big_text is not None:
        big_uri = Path(tempfile.gettempdir(), "bench-5mb.cicadraft").as_uri()
        bench.notify("textDocument/didOpen", _item(big_uri, 1, big_text))
        await bench.next_diagnostics(big_uri, 1)
        await bench.request("textDocument/hover", {"textDocument": {"uri": big_uri}, "position": {"line": 10, "character": 5}})
        memory["peak_mb"] = peak_memory_mb(bench.pid)
    await bench.stop()
    return rows, memory


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def check_vs_import_lark(runs: int) -> tuple[Row, Row, Row]:
    check = Row("`cicadraft check` on the example draft (wall)", target="≤ 1.5× `import lark`")
    lark = Row('`python -c "import lark"` (wall)')
    # pip compiles an installed package's bytecode (lark's is); an editable checkout
    # under PYTHONDONTWRITEBYTECODE never gets any and would recompile every module on
    # each run. Compile ours as an installation would, so both sides compare alike.
    import cicadraft

    subprocess.run([sys.executable, "-m", "compileall", "-q", os.path.dirname(cicadraft.__file__)], check=True)
    # One untimed run fills the caches a first run builds (registry, scanner).
    subprocess.run([sys.executable, "-m", "cicadraft", "check", str(EXAMPLE)], check=True, capture_output=True)
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cicadraft", "check", str(EXAMPLE)], check=True, capture_output=True)
        check.samples.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import lark"], check=True, capture_output=True)
        lark.samples.append((time.perf_counter() - started) * 1000)
    # The first check after installing builds those caches: empty cache folders each time.
    first = Row("`cicadraft check`, first run (registry and scanner caches empty)")
    for _ in range(max(3, runs // 3)):
        with tempfile.TemporaryDirectory() as empty:
            env = {**os.environ, "XDG_CACHE_HOME": empty, "TMPDIR": empty}
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "cicadraft", "check", str(EXAMPLE)], check=True, capture_output=True, env=env)
            first.samples.append((time.perf_counter() - started) * 1000)
    return check, lark, first


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def render(rows: list[Row], floor: Row, memory: dict, size_label: str, extra: list[Row]) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}.",
        f"Draft: seeded generator, {size_label}, 1% of brackets unbalanced; every LSP figure is measured",
        "through a real client over stdio (`python -m benchmarks.run`).",
        "",
        "The floor is the median of its runs; each ratio is a measurement's p95 over it.",
        "",
        "| measurement | median | p95 | p95 / floor | target |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| {floor.what} | {floor.median:.1f} ms | {floor.p95:.1f} ms | {floor.p95 / floor.median:.1f} | |",
    ]
    for row in rows:
        lines.append(
            f"| {row.what} | {row.median:.1f} ms | {row.p95:.1f} ms | {row.p95 / floor.median:.1f} | {row.target} |"
        )
    for row in extra:
        lines.append(f"| {row.what} | {row.median:.1f} ms | {row.p95:.1f} ms | | {row.target} |")
    if memory:
        lines.append(f"| peak memory of the server holding the 1 MB and 5 MB drafts | {memory['peak_mb']:.0f} MB | | | ≤ 300 MB |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the cicadraft benchmarks.")
    parser.add_argument("--smoke", action="store_true", help="a small, quick run that only proves the suite works")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = parser.parse_args()

    size_label = "100KB" if args.smoke else "1MB"
    rounds = 5 if args.smoke else 60
    text = generate(SIZES[size_label], seed=7, unbalanced=True)
    big_text = None if args.smoke else generate(SIZES["5MB"], seed=8, unbalanced=True)

    floor = measure_floor(text, rounds)
    rows, memory = asyncio.run(lsp_measurements(text, big_text, rounds))
    check, lark, first = check_vs_import_lark(3 if args.smoke else 20)
    check.target = f"≤ 1.5× `import lark` (here {check.median / lark.median:.2f}×)"
    report = render(rows, floor, memory, size_label, [check, lark, first])
    sys.stdout.write(report)
    args.output.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
