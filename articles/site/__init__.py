"""The public site: pages, feeds, sitemaps, structured data, charts and template tags."""
