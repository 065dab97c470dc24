"""Ingestion pipelines that build and update the Vliegwiel DuckDB store."""
