"""Publishing: building the book (cache, Jupyter Book, atomic publish) and the Sphinx
extension."""
