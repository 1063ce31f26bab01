#!/usr/bin/env python3
"""The parser functions Node can reach: a call graph of each parser's sources, from the functions
Node's src/ calls by name, for bench/coverage-race's second measure (coverage of the code Node
runs, not of everything a parser ships).

Each translation unit is compiled to LLVM IR before any optimisation (so always-inline helpers
are still calls). An edge is a direct call or any other reference to a function (a function
pointer, a table). A virtual call reaches the function in that vtable slot of every vtable of the
unit: that is how simdutf picks a kernel (every kernel's convert_utf8_to_latin1 when Node calls
simdutf::convert_utf8_to_latin1) and it over-counts rather than misses. A root is a function
whose name, without its scope, is one Node's src/ calls (node-api.txt: set_host matches both
ada::url::set_host and url_aggregator::set_host), so the scope errs towards including code.

What it cannot see: a template that only code outside the parser's sources instantiates (ada's
URLPattern<regex provider>, instantiated in Node's node_url_pattern.cc and in the fuzzers) is in
no unit here, so the parser functions only it calls start no path and count as out of reach, for
every fuzzer alike.

Usage: node_reachable.py --sources parser-sources.txt --node-api node-api.txt --out FILE [--graph FILE]
Writes "parser<TAB>mangled name<TAB>1 or 0" for every function the parser's units define: 1 when
Node can reach it. A function the units do not define (an inline one no unit uses) is not listed,
and the report counts it in scope. --graph also writes the graph itself, as JSON
{parser: {"roots": [the functions Node calls by name, and the kernel methods their virtual calls
run], "next": {function: [what it reaches]}}},
so that the report can follow it from the roots one fuzzer reaches (that fuzzer's own part).
"""
import json
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

DEFINE = re.compile(r'^define [^@]*@("(?:[^"\\]|\\.)*"|[\w.$-]+)\(')
REFERENCE = re.compile(r'@("(?:[^"\\]|\\.)*"|[\w.$-]+)')
# clang's names at -O0 with value names kept: %vtable = load ...; %vfn = getelementptr ... i64 N
VIRTUAL_SLOT = re.compile(r'%vfn\d* = getelementptr inbounds ptr, ptr %vtable\d*, i64 (\d+)')
VTABLE = re.compile(r'^@(_ZTV[\w.$]+) = .*?\{ \[\d+ x ptr\] \[(.*?)\] ?\}')
GLOBAL = re.compile(r'^@("(?:[^"\\]|\\.)*"|[\w.$-]+) = ')


def translation_units(path):
    """The sources of a parser entry of parser-sources.txt, with the include directories."""
    if os.path.isfile(path):
        if path.endswith((".c", ".cc", ".cpp")):
            root = os.path.dirname(os.path.dirname(path))
            return [path], [os.path.dirname(path), os.path.join(root, "include")]
        return [], []
    units = [p for ext in ("c", "cc", "cpp") for p in glob.glob(os.path.join(path, f"*.{ext}"))]
    units += [p for ext in ("c", "cc", "cpp") for p in glob.glob(os.path.join(path, "src", f"*.{ext}"))]
    return sorted(units), [path, os.path.join(path, "include"), os.path.join(path, "src")]


def ir_of(unit, includes, scratch):
    out = os.path.join(scratch, os.path.basename(unit) + ".ll")
    compiler = ["clang-19"] if unit.endswith(".c") else ["clang++-19", "-std=c++20"]
    # -DNDEBUG as every preset builds: without it ada adds its development checks.
    cmd = compiler + ["-O0", "-DNDEBUG", "-Xclang", "-disable-llvm-passes", "-fno-discard-value-names",
                      "-emit-llvm", "-S", "-w", "-o", out, unit]
    cmd += [f"-I{d}" for d in includes if os.path.isdir(d)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines() or ["no message"]
        first = next((l for l in lines if "error:" in l), lines[-1])
        print(f"node_reachable: cannot compile {unit} to IR ({first}): left out of the scope",
              file=sys.stderr)
        return None
    return out


def graph_of(ir_path):
    """(callees by function, virtual slots by function, vtable slots) of one unit's IR."""
    calls, slots, vtables = {}, {}, []
    current = None
    with open(ir_path, errors="replace") as f:
        for line in f:
            if current is None:
                m = DEFINE.match(line)
                if m:
                    current = m.group(1).strip('"')
                    calls.setdefault(current, set())
                    slots.setdefault(current, set())
                    continue
                m = VTABLE.match(line)
                if m:
                    entries = [e.strip() for e in m.group(2).split(",")]
                    # The vtable's address point is after offset-to-top and the type info.
                    vtables.append([REFERENCE.search(e).group(1).strip('"') if "@" in e else None
                                    for e in entries[2:]])
                    continue
                m = GLOBAL.match(line)
                # Any other global (a table of function pointers) is a node: what its initializer
                # names is reached through it. Not vtables and type info: a constructor names its
                # vtable, and following it would reach every kernel's every method.
                if m and not m.group(1).strip('"').startswith(("_ZTV", "_ZTI", "_ZTS")):
                    name = m.group(1).strip('"')
                    calls.setdefault(name, set()).update(
                        r.strip('"') for r in REFERENCE.findall(line[m.end():]))
                continue
            if line.startswith("}"):
                current = None
                continue
            for ref in REFERENCE.findall(line):
                calls[current].add(ref.strip('"'))
            m = VIRTUAL_SLOT.search(line)
            if m:
                slots[current].add(int(m.group(1)))
    return calls, slots, vtables


def demangle(names):
    out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True)
    return out.stdout.split("\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", required=True)
    ap.add_argument("--node-api", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--graph", help="also write the call graph and its roots here, as JSON")
    a = ap.parse_args()
    graphs = {}
    api = {n.strip() for n in open(a.node_api) if n.strip()}
    entries = [row.rstrip("\n").split("\t") for row in open(a.sources) if row.strip()]
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        parsers = {}
        for parser, path in entries:  # a parser may span several entries and units
            units, includes = translation_units(path)
            graph = parsers.setdefault(parser, ({}, {}, []))
            for unit in units:
                ir = ir_of(unit, includes, scratch)
                if not ir:
                    continue
                calls, slots, vtables = graph_of(ir)
                for fn, callees in calls.items():
                    graph[0].setdefault(fn, set()).update(callees)
                for fn, used in slots.items():
                    graph[1].setdefault(fn, set()).update(used)
                graph[2].extend(vtables)
        for parser, (calls, slots, vtables) in parsers.items():
            names = sorted(calls)
            roots = []
            for mangled, readable in zip(names, demangle(names)):
                base = re.sub(r"\(.*$", "", readable)  # drop the parameters
                base = re.sub(r"<[^<>]*(<[^<>]*>[^<>]*)*>$", "", base)  # and template arguments
                if base.split("::")[-1] in api:
                    roots.append(mangled)
            def successors(fn):
                nexts = set(calls.get(fn, ()))
                for slot in slots.get(fn, ()):
                    for table in vtables:
                        if slot < len(table) and table[slot]:
                            nexts.add(table[slot])
                return {n for n in nexts if n in calls and n != fn}

            reached, todo = set(roots), list(roots)
            while todo:
                fn = todo.pop()
                for n in successors(fn):
                    if n not in reached:
                        reached.add(n)
                        todo.append(n)
            if a.graph:
                # What a root's virtual calls run counts as a root too: Node's
                # simdutf::convert_utf8_to_utf16 calls convert_utf8_to_utf16le, which runs the active
                # kernel's method of that name, and a fuzzer may call the kernels' methods directly.
                # So: the direct calls from the roots, then every vtable entry their calls pick.
                direct, todo = set(roots), list(roots)
                while todo:
                    for n in calls.get(todo.pop(), ()):
                        if n in calls and n not in direct:
                            direct.add(n)
                            todo.append(n)
                dispatched = {t[slot] for fn in direct for slot in slots.get(fn, ()) for t in vtables
                              if slot < len(t) and t[slot] in calls}
                graphs[parser] = {"roots": sorted(set(roots) | dispatched),
                                  "next": {fn: sorted(successors(fn)) for fn in sorted(reached)}}
            rows += [f"{parser}\t{n}\t{1 if n in reached else 0}" for n in names]
            print(f"node_reachable: {parser}: {len(roots)} functions Node calls by name, "
                  f"{len(reached)} of {len(calls)} functions and tables reachable", file=sys.stderr)
    with open(a.out, "w") as f:
        f.write("\n".join(rows) + ("\n" if rows else ""))
    if a.graph:
        with open(a.graph, "w") as f:
            json.dump(graphs, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
