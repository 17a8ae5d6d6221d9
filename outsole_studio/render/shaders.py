"""The GLSL that draws an outsole, shared by the window's view and the sheet's pictures.

The mesh is drawn indexed: the fragment shader finds each triangle's flat normal from the
screen-space derivatives of its position and its colour in a texture by ``gl_PrimitiveID``, so
the GPU holds 12 bytes a vertex and 4 a face instead of a 36-byte-a-corner triangle soup, and an
overlay (thickness, contact, draft) only rewrites the colour texture.
"""

from __future__ import annotations

import numpy as np

#: Height over which the bottom view goes from ground-contact dark to groove light, mm.
RELIEF_SHADE_MM = 4.0

#: The darkest a body is drawn in the views that are not the tread (0-1 of white).
LIFT = 0.24

#: Width of the per-face colour texture (faces wrap onto rows).
TEXTURE_WIDTH = 4096

#: GLSL shared by the sheet's views and the window's view: the light on a face of view-space
#: normal ``n`` at height ``z`` (mm), with its relief shading.
LIGHTING_GLSL = """
float outsole_light(vec3 n, float z, float z_relief, vec2 relief_range) {
    // Key light over the viewer's left shoulder, a fill from the right, ambient.
    vec3 key = normalize(vec3(-0.4, 0.5, 0.8));
    vec3 fill = normalize(vec3(0.6, -0.2, 0.6));
    float light = 0.35 + 0.55 * max(dot(n, key), 0.0) + 0.2 * max(dot(n, fill), 0.0);
    // Seen from below, tread tops and groove floors face the camera alike: shade by height so
    // what touches the ground reads dark and the grooves light.
    if (z_relief > 0.0) light *= mix(relief_range.x, relief_range.y, clamp(z / z_relief, 0.0, 1.0));
    return light;
}
"""

MESH_VERTEX_SHADER = """
#version 330
uniform mat4 mvp;
uniform mat3 rot;
in vec3 in_pos;
out vec3 v_view;
out float v_z;
void main() {
    gl_Position = mvp * vec4(in_pos, 1.0);
    v_view = rot * in_pos;
    v_z = in_pos.z;
}
"""

MESH_FRAGMENT_SHADER = (
    """
#version 330
uniform sampler2D face_colours;
uniform int face_offset;
uniform float z_relief;
uniform vec2 relief_range;
uniform float lift;
uniform vec2 z_range;
in vec3 v_view;
in float v_z;
out vec4 f_colour;
"""
    + LIGHTING_GLSL
    + """
void main() {
    // The triangle's own plane, turned towards the viewer (two-sided lighting).
    vec3 n = normalize(cross(dFdx(v_view), dFdy(v_view)));
    if (n.z < 0.0) n = -n;
    int id = gl_PrimitiveID + face_offset;  // draws of a range restart the count
    vec3 colour = texelFetch(face_colours, ivec2(id % TEXTURE_WIDTH, id / TEXTURE_WIDTH), 0).rgb;
    float light = outsole_light(n, v_z, z_relief, relief_range);
    // Seen from above, the side or the front, as on the sheet: higher parts lighter and a
    // near-black compound lifted to a dark grey, so the shape reads (not a silhouette).
    if (z_range.y > z_range.x) {
        light *= mix(0.8, 1.35, clamp((v_z - z_range.x) / (z_range.y - z_range.x), 0.0, 1.0));
    }
    f_colour = vec4(min(max(colour, vec3(lift)) * light, vec3(1.0)), 1.0);
}
""".replace("TEXTURE_WIDTH", str(TEXTURE_WIDTH))
)


def face_texture_data(rgb: np.ndarray) -> tuple[tuple[int, int], bytes]:
    """(width, height) and RGBA bytes of a texture holding one texel per face, row-major."""
    m = len(rgb)
    rows = max(1, -(-m // TEXTURE_WIDTH))
    data = np.full((rows * TEXTURE_WIDTH, 4), 255, dtype=np.uint8)
    data[:m, :3] = rgb
    return (TEXTURE_WIDTH, rows), data.tobytes()
