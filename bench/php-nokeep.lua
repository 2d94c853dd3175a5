-- The same script through Heddle by default: a connection per request, as Caddy and nginx do.
wrk.path = "/php-nokeep/hello.php"
dofile("bench/report.lua")
