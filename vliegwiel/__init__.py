"""The library the dashboard pages use: data access, queries, and figure/map/graph builders."""
