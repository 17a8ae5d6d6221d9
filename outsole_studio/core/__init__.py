"""Geometry and domain math: numpy, scipy, shapely, trimesh. No Qt, no disk writes."""
