"""Qt-free rendering (moderngl, matplotlib) for the viewer and the report images."""
