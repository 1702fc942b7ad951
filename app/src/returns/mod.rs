//! Quarterly returns: states, sections and their typed figures, parsed from forms.
