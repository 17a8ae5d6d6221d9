"""The cost model: compound, pressing, finishing and tooling, size by size, for an order.

Money is :class:`decimal.Decimal` Rupiah throughout and is rounded only for display. Masses come
from measured volumes (floats) and are fixed to 0.01 g before they meet a price, so every Rupiah
figure below follows exactly from the numbers a user can read on the sheet.

Per size and pair::

    compound per sole (g) = volume (cm3) x density (g/cm3) x (1 + waste %)   (per body)
    material   = sum over bodies of 2 x compound (kg) x price (IDR/kg)
    process    = subcontract price per pair, or cycle time x machine rate / pairs per cycle
    finishing  = trimming and finishing per pair
    mould      = mould cost of the size (one L+R mould) / pairs ordered in that size
    tooling    = one-off lines (logo plate, inserts) / all pairs ordered

That is the tooling policy ``order`` (a one-off run). Under ``lifetime`` every pair, whatever
its size, carries (moulds of the sizes ordered + lines) / the pairs planned over the moulds'
life; under ``separate`` no pair carries tooling and the order's moulds and lines are billed
once (``tooling_billed_idr``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from ..errors import OutsoleError
from .costsheet import (
    BodyCompound,
    CostSheet,
    MaterialNeed,
    Sensitivity,
    SizeCost,
)
from .graded import GradedSize
from .inputs import (
    HUNDRED,
    ZERO,
    BodyMaterial,
    CostInputs,
    OrderLine,
)
from .sizes import Size

_GRAM = Decimal("0.01")


def sole_mass_g(volume_cm3: float, density_g_cm3: float) -> Decimal:
    """Net mass of a body, g, fixed to 0.01 g (the precision money is computed from)."""
    return Decimal(repr(volume_cm3 * density_g_cm3)).quantize(_GRAM, rounding=ROUND_HALF_UP)


def body_masses_g(
    graded: Sequence[GradedSize], materials: Sequence[BodyMaterial], body: int
) -> dict[Size, Decimal | None]:
    """Net mass of one body of the sole per graded size, g (0.01 g); None where it has no
    material or no volume. The mould of that body is charged with this mass plus its flash."""
    density = {bm.body: bm.material.density_g_cm3 for bm in materials}.get(body)
    out: dict[Size, Decimal | None] = {}
    for g in graded:
        volume = g.body_volumes_cm3[body] if body < len(g.body_volumes_cm3) else None
        out[g.size] = None if volume is None or density is None else sole_mass_g(volume, density)
    return out


def sole_masses_g(
    graded: Sequence[GradedSize], materials: Sequence[BodyMaterial]
) -> dict[Size, Decimal | None]:
    """Net mass of one sole per graded size, g (each body fixed to 0.01 g, as costed).

    None for a size where a body has no material or no volume (an open body).
    """
    density = {bm.body: bm.material.density_g_cm3 for bm in materials}
    out: dict[Size, Decimal | None] = {}
    for g in graded:
        vols = g.body_volumes_cm3
        if not set(density) >= set(range(len(vols))) or any(v is None for v in vols):
            out[g.size] = None
            continue
        out[g.size] = sum(
            (sole_mass_g(v or 0.0, density[b]) for b, v in enumerate(vols)), Decimal(0)
        )
    return out


def _body_volumes(graded: GradedSize, n_materials: Sequence[BodyMaterial]) -> list[float]:
    vols = []
    for bm in n_materials:
        if bm.body >= len(graded.body_volumes_cm3):
            n = len(graded.body_volumes_cm3)
            raise OutsoleError(
                "a material is given for body {value}, but the model has no such body (its "
                "bodies: {n})",
                value=bm.body + 1,
                n=n,
            )
        v = graded.body_volumes_cm3[bm.body]
        if v is None:
            raise OutsoleError(
                "body {value} is open (not watertight): its volume, and so its mass and cost, are "
                "undefined; close the model in the modelling tool",
                value=bm.body + 1,
            )
        vols.append(v)
    return vols


def cost_sheet(
    graded: Sequence[GradedSize], order: Sequence[OrderLine], inputs: CostInputs
) -> CostSheet:
    """Cost an order of the graded sizes.

    Parameters
    ----------
    graded : GradedSize per size of the run
    order : pairs per size; sizes not listed are ordered 0 pairs. Every ordered size must be a
        graded one.
    """
    sheet = _cost(graded, order, inputs)
    base = sheet.average_idr_per_pair
    cases = []
    for label, factor, waste in (
        ("compound price +10 %", Decimal("1.1"), ZERO),
        ("compound price -10 %", Decimal("0.9"), ZERO),
        ("waste +5 points", Decimal(1), Decimal(5)),
        ("waste -5 points", Decimal(1), Decimal(-5)),
    ):
        mats = tuple(
            replace(
                bm,
                material=replace(
                    bm.material, price_idr_per_kg=bm.material.price_idr_per_kg * factor
                ),
                waste_pct=min(max(bm.waste_pct + waste, ZERO), Decimal("99.99")),
            )
            for bm in inputs.materials
        )
        moved = _cost(graded, order, replace(inputs, materials=mats)).average_idr_per_pair
        cases.append(Sensitivity(label, moved, moved - base))
    return replace(sheet, sensitivity=tuple(cases))


def _cost(
    graded: Sequence[GradedSize], order: Sequence[OrderLine], inputs: CostInputs
) -> CostSheet:
    if not inputs.materials:
        raise OutsoleError("no material is chosen for the sole")
    bodies_given = [bm.body for bm in inputs.materials]
    if len(set(bodies_given)) != len(bodies_given):
        raise OutsoleError("a body has two materials; give one material per body")
    pairs_of: dict[Size, int] = {}
    known = {g.size for g in graded}
    for line in order:
        if line.size not in known:
            raise OutsoleError(
                "{label} is ordered but is not in the size run", label=line.size.label
            )
        if line.size in pairs_of:
            raise OutsoleError("{label} is ordered twice", label=line.size.label)
        pairs_of[line.size] = line.pairs
    total_pairs = sum(pairs_of.values())
    if graded and len(graded[0].body_volumes_cm3) > len(inputs.materials):
        missing = sorted(set(range(len(graded[0].body_volumes_cm3))) - set(bodies_given))
        raise OutsoleError(
            "no material is chosen for body {bodies}",
            bodies=", ".join(str(b + 1) for b in missing),
        )

    tooling = inputs.tooling
    extras_total = tooling.total_idr
    ordered = sum(1 for n in pairs_of.values() if n)  # sizes ordered: a mould each
    pressing = inputs.process.pressing_idr_per_pair
    finishing = inputs.process.finishing_idr_per_pair
    sizes = []
    need_kg: dict[str, Decimal] = {}
    total = ZERO
    moulds = 0
    for g in graded:
        pairs = pairs_of.get(g.size, 0)
        comps = []
        for bm, vol in zip(inputs.materials, _body_volumes(g, inputs.materials), strict=True):
            net = sole_mass_g(vol, bm.material.density_g_cm3)
            gross = net * (1 + bm.waste_pct / HUNDRED)
            cost = 2 * gross / 1000 * bm.material.price_idr_per_kg
            comps.append(BodyCompound(bm.body, bm.material.key, net, gross, cost))
            need_kg[bm.material.key] = need_kg.get(bm.material.key, ZERO) + 2 * gross * pairs / 1000
        material = sum((c.cost_idr_per_pair for c in comps), ZERO)
        variable = material + pressing + finishing
        if tooling.policy == "order":
            mould = tooling.mould_idr_per_size if pairs else ZERO
            share = extras_total * pairs / total_pairs if total_pairs else ZERO
            mould_pp = mould / pairs if pairs else ZERO
            tool_pp = extras_total / total_pairs if pairs else ZERO
            size_total = variable * pairs + mould + share
        else:
            mould_pp, tool_pp = ZERO, ZERO
            if tooling.policy == "lifetime":
                mould_pp = tooling.mould_idr_per_size * ordered / tooling.lifetime_pairs
                tool_pp = extras_total / tooling.lifetime_pairs
            size_total = (variable + mould_pp + tool_pp) * pairs
        moulds += 1 if pairs else 0
        total += size_total
        sizes.append(
            SizeCost(
                size=g.size,
                pairs=pairs,
                bodies=tuple(comps),
                material_idr_per_pair=material,
                pressing_idr_per_pair=pressing,
                finishing_idr_per_pair=finishing,
                mould_idr_per_pair=mould_pp,
                tooling_idr_per_pair=tool_pp,
                total_idr=size_total,
            )
        )
    average = total / total_pairs if total_pairs else ZERO
    by_key = {bm.material.key: bm.material for bm in inputs.materials}
    needs = tuple(
        MaterialNeed(by_key[k], kg, kg * by_key[k].price_idr_per_kg) for k, kg in need_kg.items()
    )
    overhead = average * inputs.pricing.overhead_pct / HUNDRED
    return CostSheet(
        inputs=inputs,
        sizes=tuple(sizes),
        pairs=total_pairs,
        needs=needs,
        mould_total_idr=tooling.mould_idr_per_size * moulds,
        tooling_total_idr=extras_total if total_pairs else ZERO,
        tooling_billed_idr=(
            tooling.mould_idr_per_size * moulds + extras_total
            if tooling.policy == "separate" and total_pairs
            else ZERO
        ),
        total_idr=total,
        average_idr_per_pair=average,
        overhead_idr_per_pair=overhead,
        price_idr_per_pair=inputs.pricing.quote(average),
        sensitivity=(),
    )
