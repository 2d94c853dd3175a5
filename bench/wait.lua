-- 10,000 connections each waiting on a backend that answers after 1 s.
wrk.path = "/wait"
dofile("bench/report.lua")
