"""The web editor at /admin/ (Decap CMS): its configuration, made from the site's settings, and its files."""
