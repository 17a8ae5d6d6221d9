"""An orbit camera for the 3D view: yaw and pitch about a target, distance, pan; Qt-free.

The canonical frame is Z up; yaw turns about Z, pitch tilts towards or away from the ground.
The projection is orthographic (a sole is flat and long: perspective only distorts it), so
zoom is the half-height of the view in millimetres.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ..core.geometry.mesh import FloatArray

#: Preset views: (yaw, pitch) in degrees. Bottom looks up at the tread with the toe to the right.
PRESETS: dict[str, tuple[float, float]] = {
    "bottom": (0.0, -90.0),
    "top": (0.0, 90.0),
    "side": (0.0, 0.0),
    "front": (90.0, 0.0),
    "three-quarter": (-35.0, 30.0),
}


@dataclass(frozen=True)
class Camera:
    """Where the view looks from.

    Attributes
    ----------
    target_mm : (3,) float
        Point the camera orbits about.
    yaw_deg, pitch_deg : float
        Yaw 0 looks along +Y (the lateral side of a right sole); pitch 90 looks straight down.
    half_height_mm : float
        Half the visible height: smaller is closer.
    """

    target_mm: tuple[float, float, float] = (0.0, 0.0, 0.0)
    yaw_deg: float = -35.0
    pitch_deg: float = 30.0
    half_height_mm: float = 100.0

    def basis(self) -> FloatArray:
        """Rows: the camera's right, up and backward axes in the canonical frame."""
        yaw, pitch = math.radians(self.yaw_deg), math.radians(self.pitch_deg)
        # Direction from the target to the eye.
        back = np.array(
            [
                math.sin(yaw) * math.cos(pitch),
                -math.cos(yaw) * math.cos(pitch),
                math.sin(pitch),
            ]
        )
        world_up = np.array([0.0, 0.0, 1.0])
        if abs(back[2]) > 0.999:  # looking straight up or down: keep X to the right
            right = np.array([math.cos(yaw), math.sin(yaw), 0.0])
        else:
            right = np.cross(world_up, back)
            right /= np.linalg.norm(right)
        up = np.cross(back, right)
        return np.stack([right, up, back])

    def matrices(self, aspect: float, depth_mm: float) -> tuple[FloatArray, FloatArray]:
        """``(mvp, rotation)``: the 4x4 model-view-projection and the 3x3 view rotation."""
        b = self.basis()
        view = np.eye(4)
        view[:3, :3] = b
        view[:3, 3] = -b @ np.asarray(self.target_mm)
        hh = self.half_height_mm
        hw = hh * aspect
        proj = np.eye(4)
        proj[0, 0], proj[1, 1] = 1.0 / hw, 1.0 / hh
        proj[2, 2] = -1.0 / depth_mm
        return proj @ view, b

    def orbit(self, d_yaw_deg: float, d_pitch_deg: float) -> Camera:
        """Turned by the given angles (pitch kept within +-90)."""
        pitch = max(-90.0, min(90.0, self.pitch_deg + d_pitch_deg))
        return replace(self, yaw_deg=(self.yaw_deg + d_yaw_deg) % 360.0, pitch_deg=pitch)

    def zoom(self, factor: float) -> Camera:
        """Closer (factor < 1) or further."""
        return replace(self, half_height_mm=max(1.0, self.half_height_mm * factor))

    def pan(self, dx_mm: float, dy_mm: float) -> Camera:
        """Moved along the screen's right and up axes."""
        b = self.basis()
        t = np.asarray(self.target_mm) + dx_mm * b[0] + dy_mm * b[1]
        return replace(self, target_mm=(float(t[0]), float(t[1]), float(t[2])))

    def preset(self, name: str) -> Camera:
        """One of :data:`PRESETS`."""
        yaw, pitch = PRESETS[name]
        return replace(self, yaw_deg=yaw, pitch_deg=pitch)


def fitted(camera: Camera, lo: FloatArray, hi: FloatArray, aspect: float) -> Camera:
    """The camera aimed at the centre of a box and zoomed so all of it shows, with a margin."""
    centre = (np.asarray(lo) + np.asarray(hi)) / 2
    corners = np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1])
                        for z in (lo[2], hi[2])])  # fmt: skip
    b = camera.basis()
    p = (corners - centre) @ b.T
    half_w = float(np.abs(p[:, 0]).max())
    half_h = float(np.abs(p[:, 1]).max())
    hh = max(half_h, half_w / max(aspect, 1e-6)) * 1.1
    target = (float(centre[0]), float(centre[1]), float(centre[2]))
    return replace(camera, target_mm=target, half_height_mm=max(hh, 1.0))
