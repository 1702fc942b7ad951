-- An organisation's size, so a footprint's whole-system trajectory can be weighted by it
-- (issue 11: "mean by default; minimum; weighted by organisation size where sizes exist").
-- The roadmap gives no sizes, so the column is nullable: NULL is "size not known", and the
-- trajectory pages then say that the weighted figure is not available and show the mean.
-- Size is the staff headcount (people, not whole-time equivalents): the one size every kind
-- of organisation in a footprint has, from trusts to councils to a group of GP practices.
ALTER TABLE organisations ADD COLUMN staff_headcount INTEGER CHECK (staff_headcount IS NULL OR staff_headcount > 0);
