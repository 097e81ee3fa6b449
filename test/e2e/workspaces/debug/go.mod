module example.test/debug

go 1.26
