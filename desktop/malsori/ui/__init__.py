"""The Qt front end: widgets, item models, and the QThread workers that drive the core."""
