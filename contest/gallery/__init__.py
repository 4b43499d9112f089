"""The public side: edition pages, the winners gallery, the all-entries gallery, sharing and SEO."""
