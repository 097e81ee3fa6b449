module example.test/stale

go 1.26
