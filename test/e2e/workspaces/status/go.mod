module example.test/status

go 1.26
