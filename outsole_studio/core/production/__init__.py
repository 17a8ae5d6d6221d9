"""The outsole as a product: sizes and grading, materials, cost, quality, the project, the spec
sheet as data."""
