//! Quarterly returns: reading, saving, moving through the workflow, and approving.
