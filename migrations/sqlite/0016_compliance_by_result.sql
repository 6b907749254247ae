-- The devices with a non-compliant feature, found without reading every result: the
-- compliance overview counts them on each view.
CREATE INDEX compliance_results_by_result ON compliance_results (compliant, device);
