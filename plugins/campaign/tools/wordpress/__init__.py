"""Import a WordPress site (a WXR export) into content/, keeping every old address working.

Modules: wxr (read the export, standard library only), classify (what each item becomes),
body (WordPress HTML to our Markdown), media (pictures and files), oldurls (every old
address of an item), mapfile (categories to sections), report, and run (the command).
"""
