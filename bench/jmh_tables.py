#!/usr/bin/env python3
"""Turns JMH JSON results (-rf json) into the Markdown tables of BENCHMARKS.md.

Every row is a ratio against a baseline measured in the same run, with the spread propagated
from JMH's error (99.9% confidence half-widths): r * sqrt((ea/a)^2 + (eb/b)^2).

usage: jmh_tables.py results.json [--baseline METHOD] [--log jmh-stdout.log]
  Rows are grouped by benchmark class, mode and parameters. The baseline of a group is METHOD,
  or for a method jitbookX the method nd4jX of the same group. With --log (JMH's console
  output), each row also gets the peak resident set its fork printed ("[peak-rss] ... MB").
"""
import argparse
import json
import math
import re
from collections import OrderedDict


def fmt(v):
    return f"{v:.3g}" if v < 100 else f"{v:.0f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--baseline")
    ap.add_argument("--log")
    args = ap.parse_args()
    results = json.load(open(args.results))
    # JMH runs (and writes) benchmarks in one order, one fork each with -f 1: the n-th
    # peak-rss line belongs to the n-th result.
    peaks = re.findall(r"\[peak-rss\] .*?: (\d+) MB", open(args.log).read()) if args.log else []
    groups = OrderedDict()
    for i, r in enumerate(results):
        cls, method = r["benchmark"].rsplit(".", 1)
        params = ", ".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
        key = (cls.rsplit(".", 1)[-1], r["mode"], params)
        metric = dict(r["primaryMetric"])
        metric["peak"] = peaks[i] + " MB" if i < len(peaks) else "n/a"
        groups.setdefault(key, OrderedDict())[method] = metric
    for (cls, mode, params), methods in groups.items():
        unit = next(iter(methods.values()))["scoreUnit"]
        print(f"\n{cls} ({mode}{', ' + params if params else ''})\n")
        median = mode == "sample"
        head = (f"| benchmark | {unit} | ± error |" + (" median |" if median else "")
                + " baseline | this / baseline | baseline / this | peak RSS |")
        print(head)
        print("|" + "---|" * (head.count("|") - 1))
        for name, m in methods.items():
            base_name = args.baseline or (("nd4j" + name[len("jitbook"):]) if name.startswith("jitbook") else name)
            base = methods.get(base_name, m)
            a, ea = m["score"], m["scoreError"]
            b, eb = base["score"], base["scoreError"]
            ratio = a / b
            spread = ratio * math.sqrt((ea / a) ** 2 + (eb / b) ** 2) if base is not m else 0.0
            inv_spread = spread / ratio ** 2
            med = f" {fmt(m['scorePercentiles']['50.0'])} |" if median else ""
            ea_txt = fmt(ea) if not math.isnan(ea) else "n/a"
            print(f"| {name} | {fmt(a)} | {ea_txt} |{med} {base_name} | {ratio:.3g} ± {spread:.2g} "
                  f"| {1 / ratio:.3g} ± {inv_spread:.2g} | {m['peak']} |")


if __name__ == "__main__":
    main()
