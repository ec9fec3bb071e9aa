package explore

// NormalMidpoints is normalMidpoints, for the external tests.
var NormalMidpoints = normalMidpoints
