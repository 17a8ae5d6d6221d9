"""Readers and writers: mesh files, projects, exports. Knows the disk; knows no Qt."""
