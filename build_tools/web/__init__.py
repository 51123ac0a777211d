"""Website pages as portable Markdown, generated from the content model."""

from .pages import GeneratedFile, SitePages, render_site

__all__ = ["GeneratedFile", "SitePages", "render_site"]
