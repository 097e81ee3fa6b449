module example.test/override

go 1.26
