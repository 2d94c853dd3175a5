-- A mix with keep-alive off: every other request closes its connection.
local n = 0
request = function()
  n = n + 1
  local headers = {}
  if n % 2 == 0 then headers["Connection"] = "close" end
  return wrk.format("GET", "/small", headers)
end
dofile("bench/report.lua")
