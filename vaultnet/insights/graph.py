"""The network as a picture: people and groups as nodes; `knows`, `introduced_by`, shared
meetings and group membership as edges; written as Mermaid (small graphs), DOT or GraphML."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultnet.text.links import fold

if TYPE_CHECKING:
    from vaultnet.network.vault import Vault

KNOWS, INTRODUCED, MET, MEMBER = "knows", "introduced", "met", "member"


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str  # "person" or "group"
    circle: str


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str
    weight: int


@dataclass
class Graph:
    nodes: list[Node]
    edges: list[Edge]


def network_graph(vault: Vault, circle: str | None = None) -> Graph:
    """The graph of the vault (only people in `circle`, and the groups they are in, when given)."""
    people = [p for p in vault.people if circle is None or p.circle == circle.strip().lower()]
    ids = {p.path: f"p{n}" for n, p in enumerate(people, 1)}
    nodes = [Node(ids[p.path], p.display_name, "person", p.circle) for p in people]
    counted: Counter[tuple[str, str, str]] = Counter()

    def add(a: str, b: str, kind: str, directed: bool = False) -> None:
        if a == b or a not in ids or b not in ids:
            return
        x, y = (a, b) if directed or a < b else (b, a)
        if kind == KNOWS:  # written on one side or both, one acquaintance
            counted[(ids[x], ids[y], kind)] = 1
        else:
            counted[(ids[x], ids[y], kind)] += 1

    for p in people:
        for name in p.knows:
            other = vault.person_by_link(name)
            if other is not None:
                add(p.path, other.path, KNOWS)
        for name in p.introduced_by:
            other = vault.person_by_link(name)
            if other is not None:
                add(other.path, p.path, INTRODUCED, directed=True)
    for interaction in vault.interactions:
        if len(interaction.people) < 2:
            continue  # no pair met there
        met = sorted({p.path for p in interaction.people})
        for i, a in enumerate(met):
            for b in met[i + 1 :]:
                add(a, b, MET)
    group_ids: dict[str, str] = {}
    for group in sorted(vault.groups, key=lambda g: (fold(g.name), g.path)):
        members = [m for m in group.members if m.path in ids]
        if circle is not None and not members:
            continue
        gid = f"g{len(group_ids) + 1}"
        group_ids[group.path] = gid
        nodes.append(Node(gid, group.name, "group", ""))
        for member in members:
            counted[(ids[member.path], gid, MEMBER)] += 1
    edges = [Edge(s, t, kind, n) for (s, t, kind), n in counted.items()]
    order = {n.id: i for i, n in enumerate(nodes)}
    edges.sort(key=lambda e: (order[e.source], order[e.target], e.kind))
    return Graph(nodes, edges)


def _mermaid_label(text: str) -> str:
    return text.replace('"', "#quot;")


def to_mermaid(graph: Graph) -> str:
    out = ["graph LR"]
    for n in graph.nodes:
        label = _mermaid_label(n.label)
        out.append(f'    {n.id}(["{label}"])' if n.kind == "group" else f'    {n.id}["{label}"]')
    arrows = {KNOWS: "---", INTRODUCED: "-->", MET: "-.-", MEMBER: "---"}
    for e in graph.edges:
        label = f"|{e.kind}{' x' + str(e.weight) if e.weight > 1 else ''}|"
        out.append(f"    {e.source} {arrows[e.kind]}{label} {e.target}")
    return "\n".join(out) + "\n"


def _dot(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(graph: Graph) -> str:
    out = ["digraph vaultnet {", "    rankdir=LR;"]
    for n in graph.nodes:
        shape = "ellipse" if n.kind == "group" else "box"
        out.append(f"    {n.id} [label={_dot(n.label)}, shape={shape}];")
    for e in graph.edges:
        arrow = "" if e.kind == INTRODUCED else ", dir=none"
        out.append(
            f"    {e.source} -> {e.target} [label={_dot(e.kind)}, weight={e.weight}{arrow}];"
        )
    out.append("}")
    return "\n".join(out) + "\n"


def to_graphml(graph: Graph) -> str:
    from xml.sax.saxutils import escape, quoteattr  # imported when used: it pulls in urllib

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
        '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
        '  <key id="circle" for="node" attr.name="circle" attr.type="string"/>',
        '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
        '  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>',
        '  <graph id="vaultnet" edgedefault="undirected">',
    ]
    for n in graph.nodes:
        out.append(f"    <node id={quoteattr(n.id)}>")
        out.append(f'      <data key="label">{escape(n.label)}</data>')
        out.append(f'      <data key="kind">{n.kind}</data>')
        if n.circle:
            out.append(f'      <data key="circle">{escape(n.circle)}</data>')
        out.append("    </node>")
    for i, e in enumerate(graph.edges, 1):
        directed = ' directed="true"' if e.kind == INTRODUCED else ""
        out.append(f'    <edge id="e{i}" source="{e.source}" target="{e.target}"{directed}>')
        out.append(f'      <data key="relation">{e.kind}</data>')
        out.append(f'      <data key="weight">{e.weight}</data>')
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"
