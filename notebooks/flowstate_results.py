"""Reading FlowState's benchmark results (results/NAME/) for the notebooks.

summary.json (schema 2, docs/harness.md) holds every number of a report; hlog/*.hlog the
interval histograms, one per measured second (HdrHistogram's log format); hgrm/*.hgrm each
row's whole histogram as a percentile distribution (HdrHistogram's
outputPercentileDistribution, milliseconds). Only the standard library, pandas and
matplotlib (Debian's python3-pandas, python3-matplotlib) are used: HdrHistogram's encoding is
decoded here by hand.
"""

import base64
import bisect
import functools
import itertools
import json
import math
import os
import struct
import zlib
from pathlib import Path

import pandas as pd

SCHEMA = 2
# HdrHistogram's V2 encodings (AbstractHistogram.encodeIntoCompressedByteBuffer): the cookie's
# low byte holds the word size, so compare with it masked off.
COMPRESSED_COOKIE = 0x1C849304
ENCODING_COOKIE = 0x1C849303
MIN_TAIL_SAMPLES = 10          # a percentile curve ends where fewer samples than this lie beyond it
MAX_SERIES = 8                 # series per chart, as in the report


def results_dir():
    """The results directory: $FLOWSTATE_RESULTS, else ../results beside this file."""
    return Path(os.environ.get("FLOWSTATE_RESULTS", Path(__file__).resolve().parent.parent / "results"))


def figures_dir(name):
    """Where a notebook saves its figures: $FLOWSTATE_FIGURES/NAME (created)."""
    d = Path(os.environ.get("FLOWSTATE_FIGURES", Path(__file__).resolve().parent / "out" / "figures")) / name
    d.mkdir(parents=True, exist_ok=True)
    return d


class Run:
    """One report: its summary and where its files are."""

    def __init__(self, directory, summary):
        self.dir = Path(directory)
        self.summary = summary
        self.name = summary["scenario"]

    @property
    def rows(self):
        """One line per measured row (a point in one repeat), the main figures as columns."""
        out = []
        for r in self.summary["rows"]:
            line = {k: r.get(k) for k in ("variant", "target", "kind", "engine", "balancer", "peer", "load",
                                          "repeat", "rps", "connections", "rate_rps", "errors",
                                          "generator_cpu_cores", "harness_cpu_cores", "harness_cpus")}
            for k, v in r["latency"].items():
                line[k] = v
            line["p99_raw_us"] = r["latency_raw"]["p99_us"]
            line["warmup_s"] = r["warmup"]["length_s"]
            line["settled"] = r["warmup"]["settled"]
            line["drift"] = r["drift"]
            out.append(line)
        return pd.DataFrame(out)

    @property
    def points(self):
        """One line per point: median, min and max over its repeats of each figure."""
        out = []
        for p in self.summary["points"]:
            line = {"variant": p["variant"], "target": p["target"], "load": p["load"], "repeats": p["repeats"]}
            for key in ("rps", "p50_us", "p95_us", "p99_us", "p99_9_us", "max_us", "rps_vs_direct", "p99_vs_nginx"):
                s = p.get(key)
                for part in ("median", "min", "max"):
                    line[key + "_" + part] = None if s is None else s[part]
            line["settled"] = p["settled"]
            line["drifted"] = p["drifted"]
            line["saturated"] = p["saturated"]
            out.append(line)
        return pd.DataFrame(out)

    def environment(self):
        env = dict(self.summary["environment"])
        pinning = env.pop("pinning")
        env.update({"pinning " + k: v for k, v in pinning.items()})
        env.update({"profile": self.summary["profile"], "repeats": self.summary["repeats"],
                    "published": self.summary["published"]})
        return pd.Series(env, name=self.name).to_frame()

    def file(self, relative):
        return self.dir / relative


def load(name, directory=None):
    """The run of scenario NAME, or (None, why) when there is none that these notebooks read."""
    base = Path(directory) if directory else results_dir()
    path = base / name / "summary.json"
    if not path.exists():
        return None, f"no {path}: run `make bench SCENARIO={name}`"
    summary = json.loads(path.read_text())
    if summary.get("schema") != SCHEMA:
        return None, (f"{path} is schema {summary.get('schema', 1)}, written before steady state, repeats and "
                      f"buckets; the notebooks read schema {SCHEMA}: run `make bench SCENARIO={name} PROFILE=full`")
    return Run(path.parent, summary), None


def load_all(directory=None):
    """Every schema-2 run under the results directory, and the names skipped with why."""
    base = Path(directory) if directory else results_dir()
    runs, skipped = [], {}
    for d in sorted(p for p in base.iterdir() if (p / "summary.json").exists()):
        run, why = load(d.name, base)
        if run:
            runs.append(run)
        else:
            skipped[d.name] = why
    return runs, skipped


# ---- HdrHistogram's files

def _zigzag_longs(data, offset, end):
    """HdrHistogram's ZigZag LEB128 longs (ZigZagEncoding: 7 bits a byte, the 9th byte all 8)."""
    values = []
    i = offset
    while i < end:
        value, shift = 0, 0
        for n in range(9):
            b = data[i]
            i += 1
            if n == 8:
                value |= b << 56
                break
            value |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        values.append((value >> 1) ^ -(value & 1))
    return values


class Histogram:
    """A decoded HdrHistogram: counts by index, and the index-to-value mapping of its layout."""

    def __init__(self, counts, digits, lowest):
        self.counts = counts
        self.digits = digits
        self.lowest = lowest
        largest = 2 * 10 ** digits
        sub_bucket_count_magnitude = math.ceil(math.log2(largest))
        self.half_magnitude = max(sub_bucket_count_magnitude, 1) - 1
        self.half_count = 1 << self.half_magnitude
        self.unit_magnitude = int(math.floor(math.log2(lowest)))

    def _bucket(self, index):
        bucket = (index >> self.half_magnitude) - 1
        sub = (index & (self.half_count - 1)) + self.half_count
        if bucket < 0:
            sub -= self.half_count
            bucket = 0
        return bucket, sub

    def value(self, index):
        """The lowest value index stands for."""
        bucket, sub = self._bucket(index)
        return sub << (bucket + self.unit_magnitude)

    def highest(self, index):
        """The highest value index stands for (what getValueAtPercentile reports)."""
        bucket, _ = self._bucket(index)
        return self.value(index) + (1 << (bucket + self.unit_magnitude)) - 1

    def copy(self):
        return Histogram(list(self.counts), self.digits, self.lowest)

    @property
    def total(self):
        return sum(self.counts)

    def percentile(self, p):
        """HdrHistogram's getValueAtPercentile(p), p in [0, 100]."""
        cumulative = list(itertools.accumulate(self.counts))
        total = cumulative[-1] if cumulative else 0
        if total == 0:
            return 0
        wanted = max(1, math.ceil(min(p, 100.0) / 100.0 * total - 1e-9))
        i = bisect.bisect_left(cumulative, wanted)
        return self.value(i) if p == 0 else self.highest(i)

    def add(self, other):
        n = max(len(self.counts), len(other.counts))
        self.counts = [(self.counts[i] if i < len(self.counts) else 0)
                       + (other.counts[i] if i < len(other.counts) else 0) for i in range(n)]
        return self


def decode(encoded):
    """One base64 histogram of a .hlog line (V2, compressed) as a Histogram."""
    raw = base64.b64decode(encoded)
    cookie, length = struct.unpack(">ii", raw[:8])
    if cookie & ~0xF0 != COMPRESSED_COOKIE:
        raise ValueError(f"not a compressed V2 histogram: cookie {cookie:#x}")
    data = zlib.decompress(raw[8:8 + length])
    cookie, payload, _offset, digits, lowest, _highest, _ratio = struct.unpack(">iiiiqqd", data[:40])
    if cookie & ~0xF0 != ENCODING_COOKIE:
        raise ValueError(f"not a V2 histogram: cookie {cookie:#x}")
    counts = []
    for v in _zigzag_longs(data, 40, 40 + payload):
        if v < 0:
            counts.extend([0] * -v)
        else:
            counts.append(v)
    return Histogram(counts, digits, lowest)


def read_hlog(path):
    """A .hlog's intervals: a list of (start_s, length_s, Histogram of microseconds); read once
    per file (the histograms are shared: do not change them)."""
    return list(_read_hlog(str(path)))


@functools.lru_cache(maxsize=256)
def _read_hlog(path):
    out = []
    for line in Path(path).read_text().splitlines():
        if not line or line.startswith("#") or line.startswith('"'):
            continue
        start, length, _max, encoded = line.split(",", 3)
        out.append((float(start), float(length), decode(encoded)))
    return tuple(out)


def read_hgrm(path):
    """A .hgrm (outputPercentileDistribution): DataFrame of value_ms, percentile (0-1), count."""
    rows = []
    for line in Path(path).read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and not line.startswith("#"):
            try:
                rows.append((float(parts[0]), float(parts[1]), int(parts[2])))
            except ValueError:
                continue                                   # the header
    return pd.DataFrame(rows, columns=["value_ms", "percentile", "count"])


def check_files(run_dir, limit=None):
    """Each row's .hlog (the first LIMIT rows, or all) decodes to the summary's per-second counts
    and p99s and adds up to its latency; returns the number of rows checked. Reads schema 1
    (timeline p99Micros) too."""
    summary = json.loads((Path(run_dir) / "summary.json").read_text())
    checked = 0
    for r in summary["rows"][:limit]:
        intervals = read_hlog(Path(run_dir) / r["hlog"])
        timeline = r["timeline"]
        if len(intervals) != len(timeline):
            raise AssertionError(f"{r['hlog']}: {len(intervals)} intervals, {len(timeline)} seconds in the summary")
        whole = None
        for (_, _, h), second in zip(intervals, timeline):
            p99 = second.get("p99_us", second.get("p99Micros"))
            if h.total != second["completed"]:
                raise AssertionError(f"{r['hlog']} second {second['second']}: {h.total} != {second['completed']}")
            if h.total and h.percentile(99) != p99:
                raise AssertionError(f"{r['hlog']} second {second['second']}: p99 {h.percentile(99)} != {p99}")
            whole = h.copy() if whole is None else whole.add(h)
        latency = r.get("latency") or r.get("latencyMicros")
        p99 = latency.get("p99_us", latency.get("p99"))
        if whole is not None and whole.total and whole.percentile(99) != p99:
            raise AssertionError(f"{r['hlog']}: the intervals' p99 {whole.percentile(99)} != the summary's {p99}")
        checked += 1
    return checked


# ---- figures

def groups(run, load):
    """The report's small multiples for one load: (title, rows of the summary) per variant and
    balancer (per engine when the run has one engine), at most MAX_SERIES each."""
    rows = [r for r in run.summary["rows"] if r["load"] == load and r["repeat"] == 1]
    engines = {r["engine"] for r in rows if r["kind"] == "flowstate"}
    by_balancer = len(engines) > 1
    out = []
    for variant in dict.fromkeys(r["variant"] for r in rows):
        in_variant = [r for r in rows if r["variant"] == variant]
        keys = list(dict.fromkeys((r["balancer"] if by_balancer else r["engine"])
                                  for r in in_variant if r["kind"] == "flowstate")) or [""]
        for key in keys:
            members = [r for r in in_variant if r["kind"] == "direct" or not key
                       or (r["kind"] == "flowstate" and (r["balancer"] if by_balancer else r["engine"]) == key)
                       or (r["kind"] == "peer" and (not by_balancer or _beside(r, key, run)))]
            for i in range(0, len(members), MAX_SERIES):
                part = members[i:i + MAX_SERIES]
                title = ", ".join(x for x in (load, "" if variant == "default" else variant,
                                              ("balancer " if by_balancer else "engine ") + key if key else "") if x)
                out.append((title, part))
    return out


def _beside(peer_row, balancer, run):
    """Whether a peer row runs the nearest equivalent of FlowState's balancer (as the report pairs them)."""
    nginx = {"wrr": "round_robin", "least-loaded": "least_conn"}.get(balancer, "random two least_conn")
    haproxy = {"wrr": "roundrobin", "least-loaded": "leastconn"}.get(balancer, "random(2)")
    return peer_row["peer_algorithm"] == (nginx if peer_row["peer"] == "nginx" else haproxy)


def _style(i):
    colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B"]
    dashes = ["-", "--", ":", "-."]
    return colours[i % len(colours)], dashes[i % len(dashes)]


def plot_spectrum(ax, run, rows, title):
    """Latency by percentile from each row's .hgrm on the 1/(1-p) axis, each curve only as far as
    MIN_TAIL_SAMPLES samples remain beyond it (every repeat of a point is in its own .hgrm; the
    first repeat's is drawn)."""
    for i, r in enumerate(rows):
        d = read_hgrm(run.file(r["hgrm"]))
        total = d["count"].iloc[-1] if len(d) else 0
        d = d[(d["percentile"] < 1) & ((1 - d["percentile"]) * total >= MIN_TAIL_SAMPLES)]
        colour, dash = _style(i)
        ax.plot(1 / (1 - d["percentile"]), d["value_ms"], dash, color=colour, label=r["target"])
    ax.set_xscale("log")
    ticks = [1, 10, 100, 1000, 10000, 100000]
    ax.set_xticks(ticks, ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%"])
    ax.set_xlim(left=1)
    ax.set_xlabel("percentile (1/(1-p) axis)")
    ax.set_ylabel("latency (ms)")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper left")


def plot_over_time(ax, run, rows, title, what):
    """Throughput ('rps') or p99 ('p99', ms) per second, decoded from each row's .hlog, the
    timeline's events marked; a second without responses has no p99 (a gap, not a 0)."""
    for i, r in enumerate(rows):
        xs, ys = [], []
        for n, (_, length, h) in enumerate(read_hlog(run.file(r["hlog"]))):
            xs.append(n + 1)
            if what == "rps":
                ys.append(h.total / length if length > 0 else float("nan"))
            else:
                ys.append(h.percentile(99) / 1000 if h.total else float("nan"))
        colour, dash = _style(i)
        ax.plot(xs, ys, dash, color=colour, label=r["target"])
    for e in run.summary["timeline"]:
        ax.axvline(e["at_s"], color="#555", linestyle=(0, (2, 3)), linewidth=1)
        label = e["backend"] + " " + " ".join(str(v) for v in e["set"].values())
        ax.annotate(label, (e["at_s"], 1), xycoords=("data", "axes fraction"), xytext=(3, -12),
                    textcoords="offset points", fontsize=7)
    ax.set_xlabel("time since the measured window began (s)")
    ax.set_ylabel("throughput (responses/s)" if what == "rps" else "p99 (ms)")
    ax.set_ylim(bottom=0)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="lower left")


def file_name(label):
    """A label as the report's file names write it."""
    import re
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", label)


def small_multiples(run, load, draw, caption, name, **kw):
    """One figure per load: a panel per group (see groups), two columns; saved as
    FIGURES/SCENARIO/NAME-LOAD.png and returned."""
    import matplotlib.pyplot as plt
    gs = groups(run, load)
    cols = 2 if len(gs) > 1 else 1
    nrows = math.ceil(len(gs) / cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(7 * cols, 4.2 * nrows), squeeze=False)
    for ax, (title, members) in zip(axes.flat, gs):
        draw(ax, run, members, title, **kw)
    for ax in list(axes.flat)[len(gs):]:
        ax.set_visible(False)
    fig.suptitle(f"{run.name}: {caption}, {load}")
    fig.tight_layout()
    fig.savefig(figures_dir(run.name) / f"{name}-{file_name(load)}.png", dpi=90)
    return fig


def loads(run):
    return list(dict.fromkeys(r["load"] for r in run.summary["rows"]))


def shares(run):
    """Each point's share per backend (% of its responses, every repeat pooled) beside the weights."""
    names = [b["name"] for b in run.summary["backends"]]
    total_weight = sum(b["weight"] for b in run.summary["backends"])
    out = [dict({"point": "expected"}, **{n: 100 * b["weight"] / total_weight
                                          for n, b in zip(names, run.summary["backends"])})]
    pooled = {}
    for r in run.summary["rows"]:
        if r["kind"] == "direct":
            continue
        key = " / ".join(x for x in ("" if r["variant"] == "default" else r["variant"], r["target"], r["load"]) if x)
        acc = pooled.setdefault(key, {n: 0 for n in names})
        for n in names:
            acc[n] += r["backend_counts"].get(n, 0)
    for key, counts in pooled.items():
        total = sum(counts.values()) or 1
        out.append(dict({"point": key}, **{n: 100 * c / total for n, c in counts.items()}))
    return pd.DataFrame(out).set_index("point").round(1)


def buckets(run):
    """The bucket check of every FlowState row: exact, bucketed and proxy quantiles in ms, errors in %."""
    out = []
    for r in run.summary["rows"]:
        b = r.get("buckets")
        if not b:
            continue
        for q in b["quantiles"]:
            exact = q["exact_us"]
            out.append({"variant": r["variant"], "target": r["target"], "load": r["load"], "repeat": r["repeat"],
                        "q": q["q"], "exact_ms": exact / 1000, "bucketed_ms": q["bucketed_us"] / 1000,
                        "proxy_ms": None if q["proxy_us"] is None else q["proxy_us"] / 1000,
                        "bucket_error_pct": 100 * (q["bucketed_us"] - exact) / exact if exact else None,
                        "proxy_error_pct": 100 * (q["proxy_us"] - exact) / exact
                        if exact and q["proxy_us"] is not None else None})
    return pd.DataFrame(out)
