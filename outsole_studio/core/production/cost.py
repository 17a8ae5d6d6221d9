"""The cost model: compound, pressing, finishing and tooling, size by size, for an order.

Money is :class:`decimal.Decimal` Rupiah throughout and is rounded only for display. Masses come
from measured volumes (floats) and are fixed to 0.01 g before they meet a price, so every Rupiah
figure below follows exactly from the numbers a user can read on the sheet.

Per size and pair::

    compound per sole (g) = net (g) x (1 + scrap %)                          (per body)
        scrap = flash (runner, overflow) x (1 - regrind share) + mill-down   (its mould plan)
    material   = sum over bodies of 2 x compound (kg) x price (IDR/kg)
    process    = subcontract price per pair, or
                 cycle time x machine rate / 3600 / (pairs per cycle x stations)
    finishing  = trimming and finishing per pair
    labour     = minutes per pair x wage per hour / 60
    mould      = each mould of the size (a group's mould serves its sizes) / pairs through it
    tooling    = one-off lines (logo plate, inserts) / all pairs ordered

That is the tooling policy ``order`` (a one-off run). Under ``lifetime`` every pair, whatever
its size, carries (the order's moulds + lines) / the pairs planned over the moulds' life; under
``separate`` no pair carries tooling and the order's moulds and lines are billed once
(``tooling_billed_idr``). The price is ``cost x (1 + overhead) / (1 - margin)``, with and
without the tooling.
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
    TOOLING_POLICIES,
    ZERO,
    BodyMaterial,
    CostInputs,
    OrderLine,
)
from .mould import MouldPlan
from .quote import capacity, mould_sets, price_breaks, tooling_idr_per_pair
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
    """Cost an order of the graded sizes, with its sensitivity.

    Parameters
    ----------
    graded : GradedSize per size of the run
    order : pairs per size; sizes not listed are ordered 0 pairs. Every ordered size must be a
        graded one.
    """
    sheet = _cost(graded, order, inputs)
    base = sheet.average_idr_per_pair
    plans = inputs.plans
    cases: list[tuple[str, CostInputs]] = []
    for label, factor in (("compound price +10 %", Decimal("1.1")),
                          ("compound price -10 %", Decimal("0.9"))):  # fmt: skip
        mats = tuple(
            replace(bm, material=replace(
                bm.material, price_idr_per_kg=bm.material.price_idr_per_kg * factor))
            for bm in inputs.materials
        )  # fmt: skip
        cases.append((label, replace(inputs, materials=mats)))
    for label, points in (("flash +5 points", 5.0), ("flash -5 points", -5.0)):
        moved = tuple(replace(p, flash_pct=min(max(p.flash_pct + points, 0.0), 100.0))
                      for p in plans)  # fmt: skip
        cases.append((label, replace(inputs, moulds=moved)))
    p = inputs.process
    if p.kind == "machine":
        for label, factor in (("cycle time +20 %", Decimal("1.2")),
                              ("cycle time -20 %", Decimal("0.8"))):  # fmt: skip
            cycle = min(p.cycle_time_s * factor, Decimal(3600))
            cases.append((label, replace(inputs, process=replace(p, cycle_time_s=cycle))))
    t = inputs.tooling
    for policy in TOOLING_POLICIES:
        if policy != t.policy and (policy != "lifetime" or t.lifetime_pairs):
            label = {"separate": "tooling billed once", "lifetime": "tooling over the moulds' life",
                     "order": "tooling over this order"}[policy]  # fmt: skip
            cases.append((label, replace(inputs, tooling=replace(t, policy=policy))))
    out = []
    for label, changed in cases:
        average = _cost(graded, order, changed, breaks=False).average_idr_per_pair
        out.append(Sensitivity(label, average, average - base))
    return replace(sheet, sensitivity=tuple(out))


def _check_inputs(
    graded: Sequence[GradedSize], order: Sequence[OrderLine], inputs: CostInputs
) -> dict[Size, int]:
    """The pairs of each ordered size, once the order and the bodies' compounds are checked."""
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
    if graded and len(graded[0].body_volumes_cm3) > len(inputs.materials):
        missing = sorted(set(range(len(graded[0].body_volumes_cm3))) - set(bodies_given))
        raise OutsoleError(
            "no material is chosen for body {bodies}",
            bodies=", ".join(str(b + 1) for b in missing),
        )
    return pairs_of


def _compounds(g: GradedSize, inputs: CostInputs, plans: Sequence[MouldPlan]) -> list[BodyCompound]:
    """Each body's compound for one sole of the graded size, and its cost for a pair."""
    scrap = {p.body: p.scrap_pct for p in plans}
    comps = []
    for bm, vol in zip(inputs.materials, _body_volumes(g, inputs.materials), strict=True):
        net = sole_mass_g(vol, bm.material.density_g_cm3)
        gross = net * (1 + scrap[bm.body] / HUNDRED)
        cost = 2 * gross / 1000 * bm.material.price_idr_per_kg
        comps.append(BodyCompound(bm.body, bm.material.key, net, gross, cost, scrap[bm.body]))
    return comps


def _cost(
    graded: Sequence[GradedSize],
    order: Sequence[OrderLine],
    inputs: CostInputs,
    breaks: bool = True,
) -> CostSheet:
    pairs_of = _check_inputs(graded, order, inputs)
    total_pairs = sum(pairs_of.values())
    plans = inputs.plans
    run = [g.size for g in graded]
    tooling = inputs.tooling
    extras_total = tooling.total_idr
    sets = mould_sets(plans, run, pairs_of, tooling.mould_idr_per_size)
    ordered_sets = tuple(m for m in sets if m.count)
    moulds_idr = sum((m.cost_idr for m in ordered_sets), ZERO)
    p = inputs.process
    pressing, finishing = p.pressing_idr_per_pair, p.finishing_idr_per_pair
    labour = inputs.terms.labour_idr_per_pair
    pricing = inputs.pricing
    sizes = []
    need_kg: dict[str, Decimal] = {}
    total = ZERO
    for g in graded:
        pairs = pairs_of.get(g.size, 0)
        comps = _compounds(g, inputs, plans)
        for c in comps:
            need_kg[c.material_key] = need_kg.get(c.material_key, ZERO) + (
                2 * c.compound_g_per_sole * pairs / 1000
            )
        material = sum((c.cost_idr_per_pair for c in comps), ZERO)
        variable = material + pressing + finishing + labour
        mould_pp, tool_pp = ZERO, ZERO
        if pairs or tooling.policy == "lifetime":
            mould_pp, tool_pp = tooling_idr_per_pair(
                g.size, ordered_sets, extras_total, total_pairs, tooling.policy,
                tooling.lifetime_pairs,
            )  # fmt: skip
        if tooling.policy == "order" and pairs:
            # Exact: each mould and line recovered to the last digit by the order.
            size_total = (
                variable * pairs
                + extras_total * pairs / total_pairs
                + sum(
                    (m.cost_idr * pairs / m.pairs for m in ordered_sets if g.size in m.sizes), ZERO
                )
            )
        else:
            size_total = (variable + mould_pp + tool_pp) * pairs
        total += size_total
        sizes.append(
            SizeCost(
                size=g.size,
                pairs=pairs,
                bodies=tuple(comps),
                material_idr_per_pair=material,
                pressing_idr_per_pair=pressing,
                finishing_idr_per_pair=finishing,
                labour_idr_per_pair=labour,
                mould_idr_per_pair=mould_pp,
                tooling_idr_per_pair=tool_pp,
                total_idr=size_total,
                price_idr_per_pair=pricing.quote(variable),
                price_with_tooling_idr_per_pair=pricing.quote(variable + mould_pp + tool_pp),
            )
        )
    average = total / total_pairs if total_pairs else ZERO
    by_key = {bm.material.key: bm.material for bm in inputs.materials}
    needs = tuple(
        MaterialNeed(by_key[k], kg, kg * by_key[k].price_idr_per_kg) for k, kg in need_kg.items()
    )
    cap = None
    if total_pairs:
        cycle, default = p.cycle_time_s, False
        if p.kind == "subcontract" or cycle <= 0:
            cycle, default = max(plan.default_cycle_s for plan in plans), True
        cap = capacity(total_pairs, ordered_sets, cycle, p.pairs_per_cycle, p.stations,
                       inputs.terms, cycle_is_default=default)  # fmt: skip
    variable_of = {s.size: s.variable_idr_per_pair for s in sizes}
    return CostSheet(
        inputs=inputs,
        sizes=tuple(sizes),
        pairs=total_pairs,
        needs=needs,
        mould_total_idr=moulds_idr,
        tooling_total_idr=extras_total if total_pairs else ZERO,
        tooling_billed_idr=(
            moulds_idr + extras_total if tooling.policy == "separate" and total_pairs else ZERO
        ),
        total_idr=total,
        average_idr_per_pair=average,
        overhead_idr_per_pair=average * pricing.overhead_pct / HUNDRED,
        price_idr_per_pair=pricing.quote(average),
        sensitivity=(),
        moulds=sets,
        capacity=cap,
        breaks=price_breaks(
            variable_of, pairs_of, plans, tooling.mould_idr_per_size, extras_total, pricing,
            tooling.policy, tooling.lifetime_pairs, inputs.terms.breaks,
        ) if breaks else (),
    )  # fmt: skip
