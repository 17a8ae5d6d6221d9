"""The Qt-free workflow both faces drive: open a design, edit it, export it.

The window and the command line call this layer and do nothing of substance themselves: every
figure comes from the design's cached results, every file from :func:`.export.export`.
"""
