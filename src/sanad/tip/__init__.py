"""US TIP Report tier placements: reference data and the statutory placement rules (no Django here)."""
