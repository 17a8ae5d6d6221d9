"""The outsole as a shape: meshes, units, pose, footprint, relief, sections, analysis."""
