"""Builders of reports (backbone.reports.report_builder)."""
