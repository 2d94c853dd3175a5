-- A hello-world PHP script through each proxy to the same php-fpm pool (Heddle with keep_alive: it reuses php-fpm connections).
wrk.path = "/php/hello.php"
dofile("bench/report.lua")
