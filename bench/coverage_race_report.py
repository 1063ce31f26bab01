#!/usr/bin/env python3
"""The table, verdicts and plots of bench/coverage-race, from its run directories.

Each run directory holds meta (key=value: name, kind, parsers, minutes, execs, seconds, corpus,
restarts), hits/<minute> (the parser-file lines "L<TAB>file<TAB>line" and branches
"B<TAB>file<TAB>line:block:branch" hit by the inputs kept up to that minute) and found (every line
and branch the binary has in those files). A parser's totals are the union of what its fuzzers'
binaries have, so every fuzzer of a parser is measured against one denominator (inline code in
headers is only there in the binaries that use it).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys


def read_keys(path):
    lines, branches = set(), set()
    try:
        with open(path) as f:
            for row in f:
                kind, file, key = row.rstrip("\n").split("\t")
                (lines if kind == "L" else branches).add((file, key))
    except FileNotFoundError:
        pass
    return lines, branches


def owner(file, sources):
    for parser, path in sources:
        if file == path or file.startswith(path + "/"):
            return parser
    return None


def bare_name(name):
    """A function with internal linkage is named "<file>:<mangled name>"; the mangled name."""
    return re.sub(r"^[\w.+-]+\.(c|cc|cpp|h|hpp|inc):", "", name)


def function_ranges(runs, parser, sources):
    """(file, first line, last line, name) of every function in the parser's files, from each run's
    coverage binary and last profile (their source ranges are the same in every binary).

    Also sets each run's "instances": its coverage of the parser's files per function instance,
    {mangled name: (hit lines, lines, hit branch outcomes, branch outcomes)}. clang merges a
    template's instances line by line in its line and branch counts, so an instance Node never
    runs (simdutf's big-endian UTF-16, base64 with line feeds) would add its lines and branches to
    those of one it does. Per instance, a line is one where a code or expansion region of that
    instance starts, hit when one of them ran; a branch outcome is a (line, column, true or false)
    of that instance's branches."""
    seen, mangled = set(), []
    for r in runs:
        r["instances"] = None  # unknown until read: such a run is left out of the in-reach tables
        binary = r["meta"].get("coverage_binary")
        profile = os.path.join(r["dir"], "cov", f"upto-{r['minutes']}.profdata")
        if not binary or not os.path.exists(binary) or not os.path.exists(profile):
            continue
        paths = [path for p, path in sources if p == parser]
        out = subprocess.run(["llvm-cov-19", "export", "-format=text", "-skip-expansions",
                              f"-instr-profile={profile}", binary] + paths,
                             capture_output=True, text=True)
        if out.returncode != 0:
            continue
        r["instances"] = {}
        for data in json.loads(out.stdout).get("data", []):
            for f in data.get("functions", []):
                files = f["filenames"]
                region = f["regions"][0]
                file = files[region[5]] if region[5] < len(files) else files[0]
                key = (file, region[0], region[2], f["name"])
                if owner(file, sources) == parser and key not in seen:
                    seen.add(key)
                    mangled.append(key)
                bare = bare_name(f["name"])
                hl, al, hb, ab = r["instances"].setdefault(bare, (set(), set(), set(), set()))
                for reg in f["regions"]:  # [line, col, end line, end col, count, file, _, kind]
                    # Code (kind 0) or a macro's expansion (1) here: whether clang sees an
                    # intrinsic as a macro depends on how the binary found its headers.
                    if reg[7] > 1 or reg[5] >= len(files) or owner(files[reg[5]], sources) != parser:
                        continue
                    at = (bare, files[reg[5]], reg[0])
                    al.add(at)
                    if reg[4] > 0:
                        hl.add(at)
                for br in f.get("branches", []):  # [line, col, end line, end col, true, false, file, ...]
                    if br[6] >= len(files) or owner(files[br[6]], sources) != parser:
                        continue
                    for outcome, count in ((True, br[4]), (False, br[5])):
                        at = (bare, files[br[6]], br[0], br[1], outcome)
                        ab.add(at)
                        if count > 0:
                            hb.add(at)
    plain = [bare_name(k[3]) for k in mangled]
    names = subprocess.run(["c++filt"], input="\n".join(plain), capture_output=True,
                           text=True).stdout.split("\n")
    by_file = {}
    for (file, first, last, _), name, bare in zip(mangled, names, plain):
        by_file.setdefault(file, []).append((first, last, name, bare))
    return by_file


def instance_keys(runs, which, inside):
    """The union over `runs` of one of the instance sets (0 hit lines, 1 lines, 2 hit branch
    outcomes, 3 branch outcomes), of the instances `inside(name)` admits."""
    keys = set()
    for r in runs:
        for name, sets in (r.get("instances") or {}).items():
            if inside(name):
                keys |= sets[which]
    return keys


def own_part(graph, hit):
    """What the call graph reaches from the roots (functions Node calls by name) a fuzzer ran:
    the part of Node's reach that fuzzer is about, by mangled name."""
    nexts = graph["next"]
    start = [r for r in graph["roots"] if r in hit]
    reached, todo = set(start), list(start)
    while todo:
        for n in nexts.get(todo.pop(), ()):
            if n not in reached:
                reached.add(n)
                todo.append(n)
    return reached


def lead_by_function(lines, by_file, node_api, limit=8):
    """The functions holding `lines` (innermost first), most lines first, as report lines."""
    counts = {}
    for file, line in lines:
        best = None
        for first, last, name, _ in by_file.get(file, []):
            if first <= int(line) <= last and (best is None or last - first < best[1] - best[0]):
                best = (first, last, name)
        label = best[2] if best else f"{os.path.basename(file)} (outside any function)"
        counts[label] = counts.get(label, 0) + 1
    out = []
    for label, n in sorted(counts.items(), key=lambda x: -x[1])[:limit]:
        short = label if len(label) <= 110 else label[:107] + "..."
        called = any(f"::{api}(" in label or f"::{api}<" in label for api in node_api)
        out.append(f"    {n:5d}  {short}{'   [a name Node calls]' if called else ''}")
    if len(counts) > limit:
        out.append(f"    ({len(counts) - limit} more functions, {sum(sorted(counts.values())[:-limit])} lines)")
    return out


def verdict(parser, ours, theirs, nl, nb, ours_minutes, upstream_minutes):
    """One line: our best target against their best fuzzer, on lines and on branches. `ours` and
    `theirs` are (name, (lines, branches)) at the end of each run."""
    if not ours:
        return f"{parser}: none of our targets ran"
    if not theirs:
        best = max(ours, key=lambda x: x[1])
        return (f"{parser}: no upstream fuzzer ran — ours: {best[0]} {best[1][0]}/{nl} lines "
                f"({pct(best[1][0], nl)}), {best[1][1]}/{nb} branches ({pct(best[1][1], nb)})")
    ol, ob = max(ours, key=lambda x: x[1][0]), max(ours, key=lambda x: x[1][1])
    tl, tb = max(theirs, key=lambda x: x[1][0]), max(theirs, key=lambda x: x[1][1])
    ahead = ol[1][0] >= tl[1][0] and ob[1][1] >= tb[1][1]
    return (f"{parser}: {'AHEAD' if ahead else 'BEHIND'} — our best lines {ol[0]} {ol[1][0]}/{nl} "
            f"({pct(ol[1][0], nl)}), branches {ob[0]} {ob[1][1]}/{nb} ({pct(ob[1][1], nb)}) after "
            f"{ours_minutes} min; their best lines {tl[0]} {tl[1][0]}/{nl} ({pct(tl[1][0], nl)}), "
            f"branches {tb[0]} {tb[1][1]}/{nb} ({pct(tb[1][1], nb)}) after {upstream_minutes} min")


def pct(hit, total):
    return "-" if total == 0 else f"{100.0 * hit / total:.1f}%"


def aligned(rows):
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows)


def scoped_text(rows, verdicts):
    header = ["parser", "fuzzer", "kind", "min", "lines at end", "branches at end"]
    return ("Within Node's reach (bench/node_reachable.py: the parser functions a call graph reaches "
            "from those Node's src/ calls; the rest is left out). Counted per function instance, "
            "so that a template's instances Node never runs do not count: a line is one where code "
            "of the instance starts, a branch one of its outcomes:\n\n"
            + aligned([header] + rows) + "\n\n" + "\n".join(verdicts))


def own_part_rows(parser, members, graph, out):
    """For each of our targets: its own part of Node's reach (own_part of the Node calls it ran),
    its coverage of that part, and the best upstream fuzzer's, by lines and by branches, each at
    the end of its run. Appends the table rows to `out`; returns the parser's verdict line."""
    theirs = [r for r in members if r["meta"]["kind"] == "upstream"]
    behind, checked = [], 0
    for r in members:
        if r["meta"]["kind"] != "ours":
            continue
        ran = {name for name, sets in r["instances"].items() if sets[0]}
        part = own_part(graph, ran)
        inside = lambda name: name in part
        pl, pb = instance_keys(members, 1, inside), instance_keys(members, 3, inside)
        if not pl:
            continue
        checked += 1
        covered = lambda run: (len(instance_keys([run], 0, inside) & pl),
                               len(instance_keys([run], 2, inside) & pb))
        mine = covered(r)
        row = [parser, r["meta"]["name"], str(r["minutes"]), f"{len(pl)}/{len(pb)}",
               f"{mine[0]} {pct(mine[0], len(pl))}", f"{mine[1]} {pct(mine[1], len(pb))}"]
        results = [(u["meta"]["name"], u["minutes"], covered(u)) for u in theirs]
        if results:
            bl = max(results, key=lambda x: x[2][0])
            bb = max(results, key=lambda x: x[2][1])
            row += [f"{bl[0]} ({bl[1]} min) {bl[2][0]} {pct(bl[2][0], len(pl))}",
                    f"{bb[0]} ({bb[1]} min) {bb[2][1]} {pct(bb[2][1], len(pb))}"]
            if mine[0] < bl[2][0] or mine[1] < bb[2][1]:
                behind.append(r["meta"]["name"])
        else:
            row += ["-", "-"]
        out.append(row)
    if not checked:
        return f"{parser}: none of our targets runs a function Node calls"
    if not theirs:
        return f"{parser}: no upstream fuzzer ran"
    if behind:
        return (f"{parser}: BEHIND in its own part — {', '.join(behind)}: below the best upstream "
                f"fuzzer's coverage of the same code, in lines or branches")
    return (f"{parser}: AHEAD — each of our targets covers its own part at least as well as every "
            f"upstream fuzzer covers it")


def own_part_text(rows, verdicts):
    header = ["parser", "our target", "min", "its part: lines/branches", "ours: lines", "branches",
              "best upstream: lines", "best upstream: branches"]
    return ("Each of our targets in its own part of Node's reach (what the call graph reaches from "
            "the functions Node calls by name that the target runs), against every upstream "
            "fuzzer's coverage of that same code, per function instance as above:\n\n"
            + aligned([header] + rows) + "\n\n" + "\n".join(verdicts))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--sources", required=True, help="parser-sources.txt of the coverage build")
    ap.add_argument("--ours-minutes", type=int, required=True)
    ap.add_argument("--upstream-minutes", type=int, required=True)
    ap.add_argument("--parsers", required=True)
    ap.add_argument("--title", default="")
    ap.add_argument("--note", action="append", default=[])
    ap.add_argument("--node-api", help="names of the parser functions Node's src/ calls, one per line")
    ap.add_argument("--node-reachable", help="node_reachable.py's output: which parser functions Node "
                    "can reach; adds the table and verdicts of coverage within that scope")
    ap.add_argument("--node-graph", help="node_reachable.py --graph's output: adds, for each of "
                    "our targets, coverage of its own part of Node's reach against every upstream "
                    "fuzzer's coverage of that same part")
    ap.add_argument("runs", nargs="+")
    a = ap.parse_args()

    sources = []
    with open(a.sources) as f:
        for row in f:
            if row.strip():
                parser, path = row.rstrip("\n").split("\t")
                sources.append((parser, path))

    runs, unfinished = [], []
    for d in a.runs:
        meta = {}
        try:
            with open(os.path.join(d, "meta")) as f:
                for row in f:
                    k, _, v = row.rstrip("\n").partition("=")
                    meta[k] = v
        except FileNotFoundError:
            print(f"coverage-race: {d} has no results (the run did not finish) — see {d}/fuzz.log", file=sys.stderr)
            unfinished.append(d)
            continue
        minutes = int(meta["minutes"])
        hits = [read_keys(os.path.join(d, "hits", str(m))) for m in range(minutes + 1)]
        runs.append({"dir": d, "meta": meta, "minutes": minutes, "hits": hits,
                     "found": read_keys(os.path.join(d, "found"))})

    def split(keys, parser):
        return {k for k in keys if owner(k[0], sources) == parser}

    node_api = []
    if a.node_api and os.path.exists(a.node_api):
        node_api = [n.strip() for n in open(a.node_api) if n.strip()]
    reachable = {}
    if a.node_reachable and os.path.exists(a.node_reachable):
        for row in open(a.node_reachable):
            if row.strip():
                parser, name, flag = row.rstrip("\n").split("\t")
                reachable.setdefault(parser, {})[name] = flag == "1"
    graphs = {}
    if a.node_graph and os.path.exists(a.node_graph):
        with open(a.node_graph) as f:
            graphs = json.load(f)
    own_rows, own_verdicts = [], []
    rows, tsv, verdicts, notes, leads = [], [], [], list(a.note), []
    scoped_rows, scoped_verdicts = [], []
    plots = []
    for parser in a.parsers.split():
        members = []
        for r in runs:
            if parser not in r["meta"]["parsers"].split():
                continue
            final_l = split(r["hits"][-1][0], parser)
            if not final_l:
                notes.append(f"{r['meta']['name']} reaches none of {parser}'s files: left out of its table")
                continue
            members.append(r)
        if not members:
            continue
        total_l, total_b = set(), set()
        for r in members:
            total_l |= split(r["found"][0], parser)
            total_b |= split(r["found"][1], parser)
        nl, nb = len(total_l), len(total_b)
        series = []
        for r in members:
            meta = r["meta"]
            per_minute = []
            for m, (hl, hb) in enumerate(r["hits"]):
                l, b = len(split(hl, parser) & total_l), len(split(hb, parser) & total_b)
                per_minute.append((l, b))
                tsv.append(f"{parser}\t{meta['name']}\t{meta['kind']}\t{m}\t{l}\t{nl}\t{b}\t{nb}")
            at = min(a.ours_minutes, r["minutes"])
            seconds = max(int(meta["seconds"]), 1)
            rows.append([parser, meta["name"], meta["kind"], str(r["minutes"]), f"{int(meta['execs']) // seconds}",
                         meta["corpus"], meta["restarts"],
                         f"{per_minute[at][0]}/{nl} {pct(per_minute[at][0], nl)}",
                         f"{per_minute[at][1]}/{nb} {pct(per_minute[at][1], nb)}",
                         f"{per_minute[-1][0]}/{nl} {pct(per_minute[-1][0], nl)}",
                         f"{per_minute[-1][1]}/{nb} {pct(per_minute[-1][1], nb)}"])
            series.append((meta["name"], meta["kind"], per_minute))
        for kind in ("ours", "upstream"):
            group = [r for r in members if r["meta"]["kind"] == kind]
            if len(group) > 1:
                ul, ub = set(), set()
                for r in group:
                    ul |= split(r["hits"][-1][0], parser)
                    ub |= split(r["hits"][-1][1], parser)
                label = "all ours (union)" if kind == "ours" else "all upstream (union)"
                rows.append([parser, label, kind, "", "", "", "", "", "",
                             f"{len(ul)}/{nl} {pct(len(ul), nl)}", f"{len(ub)}/{nb} {pct(len(ub), nb)}"])

        by_file = function_ranges(members, parser, sources) if (reachable.get(parser) or node_api) else {}
        readable = [r for r in members if r.get("instances") is not None]
        for r in (members if by_file and reachable.get(parser) else []):
            if r.get("instances") is not None:
                continue
            notes.append(f"{r['meta']['name']}: its coverage per function instance cannot be read "
                         f"(no coverage_binary in {r['dir']}/meta, or no profile of its last "
                         f"minute): left out of the tables within Node's reach")
        if reachable.get(parser) and by_file and readable:
            inside = lambda name, table=reachable[parser]: table.get(name, True)
            sl, sb = instance_keys(readable, 1, inside), instance_keys(readable, 3, inside)
            scoped = []
            for r in readable:
                cells = (len(instance_keys([r], 0, inside) & sl), len(instance_keys([r], 2, inside) & sb))
                scoped_rows.append([parser, r["meta"]["name"], r["meta"]["kind"], str(r["minutes"]),
                                    f"{cells[0]}/{len(sl)} {pct(cells[0], len(sl))}",
                                    f"{cells[1]}/{len(sb)} {pct(cells[1], len(sb))}"])
                scoped.append((r["meta"]["name"], r["meta"]["kind"], cells))
            for kind in ("ours", "upstream"):
                group = [r for r in readable if r["meta"]["kind"] == kind]
                if len(group) > 1:
                    ul = instance_keys(group, 0, inside) & sl
                    ub = instance_keys(group, 2, inside) & sb
                    label = "all ours (union)" if kind == "ours" else "all upstream (union)"
                    scoped_rows.append([parser, label, kind, "",
                                        f"{len(ul)}/{len(sl)} {pct(len(ul), len(sl))}",
                                        f"{len(ub)}/{len(sb)} {pct(len(ub), len(sb))}"])
            scoped_verdicts.append(verdict(parser, [(n, c) for n, k, c in scoped if k == "ours"],
                                           [(n, c) for n, k, c in scoped if k == "upstream"],
                                           len(sl), len(sb), a.ours_minutes, a.upstream_minutes))
            if parser in graphs:
                own_verdicts.append(own_part_rows(parser, readable, graphs[parser], own_rows))
        ours = [(s[0], s[2][-1]) for s in series if s[1] == "ours"]
        theirs = [(s[0], s[2][-1]) for s in series if s[1] == "upstream"]
        verdicts.append(verdict(parser, ours, theirs, nl, nb, a.ours_minutes, a.upstream_minutes))
        if ours and theirs:
            tl = max(theirs, key=lambda x: x[1][0])
            # Where each side leads: the lines their best fuzzer reaches that none of ours does, and
            # the other way round, by function — what a verdict is made of.
            best_theirs = next(r for r in members if r["meta"]["name"] == tl[0])
            their_lines = split(best_theirs["hits"][-1][0], parser)
            our_lines = set()
            for r in members:
                if r["meta"]["kind"] == "ours":
                    our_lines |= split(r["hits"][-1][0], parser)
            if by_file:
                leads.append(f"{parser}: lines {tl[0]} reaches that none of ours does "
                             f"({len(their_lines - our_lines)}), by function ([a name Node calls]: "
                             f"Node's src/ calls a function of that name):")
                leads += lead_by_function(their_lines - our_lines, by_file, node_api)
                leads.append(f"{parser}: lines ours reach that {tl[0]} does not "
                             f"({len(our_lines - their_lines)}), by function:")
                leads += lead_by_function(our_lines - their_lines, by_file, node_api)
        plots.append((parser, series, nl, nb))

    header = ["parser", "fuzzer", "kind", "min", "execs/s", "corpus", "restarts",
              f"lines @{a.ours_minutes} min", f"branches @{a.ours_minutes} min", "lines at end", "branches at end"]
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    table = "\n".join("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip() for row in [header] + rows)
    text = (f"coverage race{': ' + a.title if a.title else ''} (ours {a.ours_minutes} min, upstream "
            f"{a.upstream_minutes} min, one core each; lines and branches of the parser's own files)\n\n"
            + table + "\n\n" + "\n".join(verdicts) + ("\n\n" + "\n".join(leads) if leads else "")
            + ("\n\n" + scoped_text(scoped_rows, scoped_verdicts) if scoped_rows else "")
            + ("\n\n" + own_part_text(own_rows, own_verdicts) if own_rows else "")
            + ("\n\n" + "\n".join(notes) if notes else "") + "\n")
    sys.stdout.write("\n" + text)
    with open(os.path.join(a.out, "summary.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(a.out, "coverage-over-time.tsv"), "w") as f:
        f.write("parser\tfuzzer\tkind\tminute\tlines_hit\tlines_total\tbranches_hit\tbranches_total\n")
        f.write("\n".join(tsv) + "\n")

    written = []
    for parser, series, nl, nb in plots:
        data = os.path.join(a.out, f"{parser}.dat")
        with open(data, "w") as f:
            for name, kind, per_minute in series:
                f.write(f"# {name} ({kind})\n")
                for m, (l, b) in enumerate(per_minute):
                    f.write(f"{m}\t{100.0 * l / nl if nl else 0:.3f}\t{100.0 * b / nb if nb else 0:.3f}\n")
                f.write("\n\n")
        svg, png = os.path.join(a.out, f"{parser}.svg"), os.path.join(a.out, f"{parser}.png")
        curves = lambda col: ", ".join(
            f"'{data}' index {i} using 1:{col} with linespoints pt 7 ps 0.4 lw 2 dt {1 if kind == 'ours' else 2} "
            f"title '{name}{'' if kind == 'ours' else ' (upstream)'}'"
            for i, (name, kind, _) in enumerate(series))
        for terminal, path in (("svg size 1000,820 dynamic font 'sans,12'", svg),
                               ("pngcairo size 1000,820 font 'sans,11'", png)):
            script = "\n".join([
                f"set terminal {terminal}", "set termoption noenhanced", f"set output '{path}'",
                "set multiplot layout 2,1 title "
                f"\"{parser}: coverage of its own files over time{' — ' + a.title if a.title else ''}\"",
                "set key outside right top", "set grid", "set xlabel 'minutes'", "set xrange [0:*]",
                f"set ylabel 'lines (% of {nl})'", f"plot {curves(2)}",
                f"set ylabel 'branches (% of {nb})'", f"plot {curves(3)}",
                "unset multiplot",
            ])
            if shutil.which("gnuplot") is None:
                print("coverage-race: gnuplot is missing, so no plot was drawn — run "
                      "scripts/bootstrap --coverage-race as root", file=sys.stderr)
                return 1
            result = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
            if result.returncode != 0:
                last = (result.stderr.strip().splitlines() or ["no message"])[-1]
                print(f"coverage-race: gnuplot could not draw {path}: {last}", file=sys.stderr)
                return 1
            written.append(path)
    print("Plots: " + " ".join(written))
    print(f"Table: {os.path.join(a.out, 'summary.txt')}; data: {os.path.join(a.out, 'coverage-over-time.tsv')}")
    return 1 if unfinished or not runs else 0


if __name__ == "__main__":
    sys.exit(main())
