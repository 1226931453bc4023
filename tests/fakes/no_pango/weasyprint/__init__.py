"""Stands in for WeasyPrint on a machine without Pango: importing it fails as the real one does
there (cffi's dlopen raises OSError), so the build's handling of that case is tested for real."""
raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
