"""Mesh health and the safe repairs: degenerate and duplicate faces, winding, bodies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ...messages import Message
from ..arrays import FloatArray, IntArray
from ..chunked import map_chunks
from ..tolerances import DEFAULT_TOLERANCES, Tolerances
from .measure import (
    FaceGeometry,
    MassProperties,
    body_mass_properties,
    face_geometry,
)
from .topology import edge_topology, face_components, orientation_flips
from .welding import _group_equal_rows, bounds, fast_argsort


@dataclass(frozen=True)
class Health:
    """What was wrong with a mesh as loaded, and what it is after the safe repairs.

    Counts of degenerate and duplicate faces and the winding flag describe the file; boundary and
    non-manifold edges and ``watertight`` describe the repaired mesh (repairs never close holes).
    """

    vertices: int
    faces: int
    bodies: int
    watertight: bool
    winding_consistent: bool
    degenerate_faces: int
    duplicate_faces: int
    boundary_edges: int
    non_manifold_edges: int
    repairs: tuple[Message, ...]


@dataclass(frozen=True)
class Body:
    """One separate solid (or open shell) of the model.

    Attributes
    ----------
    faces : (k,) int64
        Indices of this body's faces in the repaired mesh.
    watertight : bool
        Every edge of the body is shared by exactly two of its faces.
    part : int
        Index of the mesh in the file this body comes from.
    mass : MassProperties
        In the units and frame of the repaired mesh's vertices; for an open body the volume and
        centre are not meaningful.
    """

    faces: IntArray
    watertight: bool
    part: int
    mass: MassProperties


@dataclass(frozen=True)
class RepairedMesh:
    """An indexed mesh after the safe repairs, split into bodies.

    Attributes
    ----------
    vertices : (n, 3) float64
    faces : (m, 3) int64
        Consistently wound, outward where the body is closed.
    body_of_face : (m,) int64
    bodies : tuple of Body
    geometry : FaceGeometry
        Per-face quantities matching ``faces`` (after re-winding).
    health : Health
    faces_changed : bool
        Faces were dropped or re-wound after merging: results computed on the merged mesh
        are stale.
    """

    vertices: FloatArray
    faces: IntArray
    body_of_face: IntArray
    bodies: tuple[Body, ...]
    geometry: FaceGeometry
    health: Health
    faces_changed: bool = False


def _duplicates_among(faces: IntArray, candidates: IntArray) -> IntArray:
    """Faces among ``candidates`` that repeat the vertex set of an earlier candidate."""
    if candidates.size < 2:
        return np.zeros(0, dtype=np.int64)
    srt = np.sort(faces[candidates], axis=1)
    first, _ = _group_equal_rows(srt)
    is_first = np.zeros(candidates.size, dtype=bool)
    is_first[first] = True
    return np.asarray(candidates[~is_first], dtype=np.int64)


def _in_tiny_shells(shell: IntArray, n_shells: int) -> IntArray:
    """The faces of shells of at most two faces (where a duplicate face can hide), ``(k,)``."""
    if n_shells == 1:  # the usual sole: no counting over every face
        return np.arange(shell.size if shell.size <= 2 else 0, dtype=np.int64)
    small = np.bincount(shell, minlength=n_shells) <= 2
    return np.flatnonzero(small[shell])


def _faces_by_shell(shell: IntArray, n_shells: int) -> list[IntArray]:
    """The faces of every shell, ascending, shell by shell."""
    if n_shells == 1:
        return [np.arange(shell.size, dtype=np.int64)]
    order = fast_argsort(shell, max(1, n_shells).bit_length())
    return np.split(order, np.cumsum(np.bincount(shell, minlength=n_shells))[:-1])


@dataclass(frozen=True)
class MergedMesh:
    """The welded parts of a file in one indexed mesh, collapsed faces dropped.

    Attributes
    ----------
    vertices : (n, 3) float64
    faces : (m, 3) int64
    part_of_face : (m,) int64
        Index of the file mesh each face comes from.
    collapsed : int
        Faces dropped because repeated vertices collapsed them to a line or a point.
    """

    vertices: FloatArray
    faces: IntArray
    part_of_face: IntArray
    collapsed: int


def merge_parts(parts: list[tuple[FloatArray, IntArray]]) -> MergedMesh:
    """Concatenate welded parts (which never share vertices) and drop collapsed faces.

    Parameters
    ----------
    parts : list of (vertices (n, 3) float64, faces (m, 3) int64)
        The meshes of the file, each already welded. Parts never share vertices, so two meshes that
        touch stay two bodies.
    """
    if len(parts) == 1:  # the usual case: nothing to concatenate
        vertices, faces = parts[0]
    elif parts:
        offsets = np.cumsum([0] + [v.shape[0] for v, _ in parts])
        vertices = np.concatenate([v for v, _ in parts])
        faces = np.concatenate([f + offsets[i] for i, (_, f) in enumerate(parts)])
    else:
        vertices, faces = np.zeros((0, 3), dtype=np.float64), np.zeros((0, 3), dtype=np.int64)
    if len(parts) == 1:
        part_of_face = np.zeros(faces.shape[0], dtype=np.int64)
    else:
        part_of_face = np.repeat(np.arange(len(parts)), [f.shape[0] for _, f in parts])
    collapsed = np.empty(faces.shape[0], dtype=bool)

    def find_collapsed(s: slice) -> None:
        f = faces[s]
        collapsed[s] = (f[:, 0] == f[:, 1]) | (f[:, 1] == f[:, 2]) | (f[:, 2] == f[:, 0])

    map_chunks(find_collapsed, faces.shape[0])
    n_collapsed = int(collapsed.sum())
    if n_collapsed:
        faces, part_of_face = faces[~collapsed], part_of_face[~collapsed]
    return MergedMesh(vertices, faces, part_of_face, n_collapsed)


def repair(
    parts: list[tuple[FloatArray, IntArray]] | MergedMesh,
    tolerances: Tolerances = DEFAULT_TOLERANCES,
    geometry: FaceGeometry | None = None,
    on_closed: Callable[[], object] | None = None,
) -> RepairedMesh:
    """Apply the safe repairs and split into bodies.

    Safe repairs: merge exactly duplicate vertices (done by :func:`weld`), drop faces collapsed to
    a line or point by repeated vertices, drop duplicate faces, make winding consistent and
    outward. Zero-area faces with three distinct vertices are counted but kept (they close the
    surface); holes are never closed.

    Parameters
    ----------
    parts : list of (vertices, faces), or MergedMesh
        The welded meshes of the file (see :func:`merge_parts`).
    geometry : FaceGeometry, optional
        :func:`face_geometry` of the merged mesh, if already computed.
    on_closed : callable, optional
        Called as soon as the mesh is seen closed and consistently wound, with no collapsed
        faces (every edge shared by two faces running it in opposite directions), before the
        slower checks: work that needs its faces as they are may begin (a duplicate face or a
        body wound inside out, found later, still changes them).
    """
    merged = parts if isinstance(parts, MergedMesh) else merge_parts(parts)
    vertices, faces, part_of_face = merged.vertices, merged.faces, merged.part_of_face
    repairs: list[Message] = []
    if merged.collapsed:
        repairs.append(
            Message(
                "dropped {collapsed} collapsed faces (repeated vertices)",
                {"collapsed": merged.collapsed},
            )
        )

    n = vertices.shape[0]
    topo = edge_topology(faces, n)
    if (
        on_closed is not None
        and not merged.collapsed
        and topo.pair_consistent.shape[0] == topo.edges.shape[0]  # every edge has two faces
        and topo.pair_consistent.all()
    ):
        on_closed()
    # Duplicate faces make their edges non-manifold, or form a closed two-face shell of their
    # own: only faces on non-manifold edges and faces of tiny shells need the full check.
    n_shells, shell = face_components(faces, n, topo.edges)
    first_components = (n_shells, shell)
    suspects = _in_tiny_shells(shell, n_shells)
    non_manifold = topo.face_count > 2
    if non_manifold.any():
        # Every face using a non-manifold edge: half-edges in sorted order, edge by edge.
        on_nm = np.repeat(non_manifold, topo.face_count)
        suspects = np.union1d(suspects, topo.order[on_nm] // 3)
    dup = _duplicates_among(faces, suspects)
    n_duplicate = int(dup.size)
    if n_duplicate:
        repairs.append(
            Message("dropped {n_duplicate} duplicate faces", {"n_duplicate": n_duplicate})
        )
        keep = np.ones(faces.shape[0], dtype=bool)
        keep[dup] = False
        faces, part_of_face = faces[keep], part_of_face[keep]

    # Drop vertices no face uses, keeping the order of the rest.
    used = np.zeros(n, dtype=bool)
    used[faces.reshape(-1)] = True
    if not used.all():
        remap = np.cumsum(used) - 1
        vertices = vertices[used]
        faces = remap[faces]
        n = vertices.shape[0]
    changed = bool(n_duplicate or not used.all())
    if changed:
        topo = edge_topology(faces, n)

    winding_consistent = bool(topo.pair_consistent.all())
    flip = orientation_flips(faces.shape[0], topo)
    if flip.any():
        faces = faces.copy()
        faces[flip] = faces[flip][:, ::-1]
        repairs.append(
            Message("re-wound {int} faces to a consistent winding", {"int": int(flip.sum())})
        )
        topo = edge_topology(faces, n)  # re-winding keeps the shells

    faces_changed = changed or bool(flip.any())
    geom = (
        geometry if geometry is not None and not faces_changed else face_geometry(vertices, faces)
    )
    lo, hi = bounds(vertices)
    diag = float(np.linalg.norm(hi - lo))
    zero_area = geom.double_area <= 2.0 * tolerances.zero_area_rel * diag * diag
    n_degenerate = int(merged.collapsed + zero_area.sum())
    if zero_area.any():
        repairs.append(
            Message(
                "kept {int} zero-area faces that close the surface", {"int": int(zero_area.sum())}
            )
        )

    n_bodies, shell = face_components(faces, n, topo.edges) if changed else first_components
    # A shell never spans two file meshes (parts share no vertices), so shells are the bodies.
    boundary = topo.face_count == 1
    non_manifold = topo.face_count > 2
    open_shell = np.zeros(n_bodies, dtype=bool)
    open_shell[shell[topo.edge_faces(boundary | non_manifold)]] = True

    masses = body_mass_properties(geom, shell, n_bodies)
    inside_out = np.array([m.volume < 0 for m in masses]) & ~open_shell
    if inside_out.any():
        flip_faces = inside_out[shell]
        faces = faces.copy()
        faces[flip_faces] = faces[flip_faces][:, ::-1]
        geom = geom.flipped(flip_faces)
        masses = body_mass_properties(geom, shell, n_bodies)
        repairs.append(
            Message("turned {int} inside-out bodies outward", {"int": int(inside_out.sum())})
        )
        faces_changed = True

    bodies = tuple(
        Body(
            faces=idx,
            watertight=not open_shell[i],
            part=int(part_of_face[idx[0]]),
            mass=masses[i],
        )
        for i, idx in enumerate(_faces_by_shell(shell, n_bodies))
    )
    health = Health(
        vertices=n,
        faces=int(faces.shape[0]),
        bodies=n_bodies,
        watertight=bool(n_bodies > 0 and not open_shell.any()),
        winding_consistent=winding_consistent,
        degenerate_faces=n_degenerate,
        duplicate_faces=n_duplicate,
        boundary_edges=int(boundary.sum()),
        non_manifold_edges=int(non_manifold.sum()),
        repairs=tuple(repairs),
    )
    return RepairedMesh(
        vertices=vertices,
        faces=faces,
        body_of_face=shell,
        bodies=bodies,
        geometry=geom,
        health=health,
        faces_changed=faces_changed,
    )
