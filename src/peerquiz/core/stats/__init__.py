"""Statistics: the numbers and their report, parameter fitting and workload simulation."""
