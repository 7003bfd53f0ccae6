"""Data layer: load and validate the plan, settings, indicators and status reports.

The one validation path (:func:`trygghet.data.validate.validate_data_dir`) lives here;
everything else in the package reads data through these modules."""
