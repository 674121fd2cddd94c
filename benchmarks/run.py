"""Speed and memory of `analysis process`: articles/second, peak RSS and PSS.

Runs the real command in a subprocess for each corpus size and job count, samples the
resident memory of the whole process tree, and prints a Markdown table. Also runs the
PolNeAR texts from ../shared/eval/ when they are there (read at run time, never stored in
the repository), and the project's sample corpus. Those two last seconds, so they run
three times (``--repeat``) and the table shows the median run.

    python benchmarks/run.py                     # sizes 1000 10000 100000, jobs 1 and 2
    python benchmarks/run.py --sizes 1000 --jobs 1
    python benchmarks/run.py --sizes --jobs 1     # the sample corpus and PolNeAR only
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from make_corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear-train.jsonl"
OUT = ROOT / "benchmarks" / "out"


def _tree_pids(pid: int) -> list[int]:
    """A process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    tree, stack = [], [pid]
    while stack:
        current = stack.pop()
        tree.append(current)
        stack.extend(children.get(current, []))
    return tree


def _memory_bytes(pids: list[int], field: str) -> int:
    """Sum of one memory field over processes: "VmRSS" from /proc/PID/status (cheap), or
    "Pss" from /proc/PID/smaps_rollup (costly to read). RSS counts pages that forked
    workers share with their parent once per process; PSS splits them between the
    processes, so its sum is what the tree really uses."""
    total = 0
    for pid in pids:
        path = f"/proc/{pid}/status" if field == "VmRSS" else f"/proc/{pid}/smaps_rollup"
        try:
            with open(path) as handle:
                for line in handle:
                    if line.startswith(field + ":"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total


def measure(inputs: list[Path], *, jobs: int, extra: list[str] = ()) -> dict:
    """Run `analysis process` once; wall time, peak RSS and PSS of the process tree, manifest."""
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "analysis", "process", *map(str, inputs), "--out", out]
        command += ["--jobs", str(jobs), "--no-progress", *extra]
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=ROOT)
        peak_rss = peak_pss = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak_rss, peak_pss
            ticks = 0
            while not done.is_set():
                pids = _tree_pids(process.pid)
                peak_rss = max(peak_rss, _memory_bytes(pids, "VmRSS"))
                if ticks % 10 == 0:  # PSS once a second: reading it walks the page tables
                    peak_pss = max(peak_pss, _memory_bytes(pids, "Pss"))
                ticks += 1
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = process.wait()
        elapsed = time.perf_counter() - started
        done.set()
        sampler.join()
        if code != 0:
            raise RuntimeError(f"{' '.join(command)} exited with {code}")
        manifest = json.loads((Path(out) / "manifest.json").read_text())
    timings = manifest["timings"]
    n = manifest["outputs"]["articles"]
    # per-article work only: "startup" (loading the language resources, once per process)
    # and the corpus pass are reported apart
    extraction = sum(timings.get(k, 0.0) for k in ("load", "sentences", "quotes", "speakers"))
    return {
        "articles": n,
        "jobs": jobs,
        "seconds": elapsed,
        "articles_per_s": n / elapsed,
        "startup_s": timings.get("startup", 0.0),
        "corpus_pass_s": timings.get("corpus_pass", 0.0),
        "extraction_per_core_s": n / extraction if extraction else float("nan"),
        "full_per_core_s": n / (extraction + timings.get("sentiment", 0.0))
        if extraction
        else float("nan"),
        "peak_rss_mb": peak_rss / 2**20,
        "peak_pss_mb": peak_pss / 2**20,
    }


def _polnear_inputs(folder: Path) -> list[Path]:
    """The PolNeAR train texts as a JSONL export (id, source, date, text) in a scratch folder."""
    path = folder / "polnear-train-texts.jsonl"
    with POLNEAR.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as target:
        for line in source:
            row = json.loads(line)
            keep = {k: row[k] for k in ("id", "source", "title", "date", "text")}
            target.write(json.dumps(keep, ensure_ascii=False) + "\n")
    return [path]


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark `analysis process`.")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--jobs", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--no-polnear", action="store_true")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of the small corpora (sample, PolNeAR), of which the median is shown",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    # (label, inputs, repeat): a run of a few hundred articles lasts seconds, so the
    # machine's noise moves it by 10-20%; the median of several runs is steadier
    runs: list[tuple[str, list[Path], int]] = [
        ("sample corpus (data/raw)", [ROOT / "data" / "raw"], args.repeat)
    ]
    for n in args.sizes:
        folder = OUT / f"corpus-{n}"
        if not folder.exists():
            write_corpus(n, folder)
        runs.append((f"synthetic {n:,}", [folder], 1))
    scratch = tempfile.TemporaryDirectory()
    if POLNEAR.exists() and not args.no_polnear:
        runs.append(("PolNeAR train texts", _polnear_inputs(Path(scratch.name)), args.repeat))
    print(
        "| corpus | articles | jobs | seconds | articles/s | extraction articles/s/core | "
        "full articles/s/core | startup CPU s | corpus pass CPU s | peak RSS MB | peak PSS MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, inputs, repeat in runs:
        for jobs in args.jobs:
            results = sorted(
                (measure(inputs, jobs=jobs) for _ in range(repeat)),
                key=lambda r: r["extraction_per_core_s"],
            )
            r = results[len(results) // 2]  # the median run, all its figures together
            print(
                f"| {label} | {r['articles']} | {jobs} | {r['seconds']:.1f} | {r['articles_per_s']:.0f} | "
                f"{r['extraction_per_core_s']:.0f} | {r['full_per_core_s']:.0f} | "
                f"{r['startup_s']:.2f} | {r['corpus_pass_s']:.1f} | {r['peak_rss_mb']:.0f} | "
                f"{r['peak_pss_mb']:.0f} |",
                flush=True,
            )
    scratch.cleanup()


if __name__ == "__main__":
    main()
