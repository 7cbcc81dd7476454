"""The Lua scripts of the distributed crawl: each runs atomically in Redis.

`now` is Redis's clock in milliseconds, so the workers' own clocks need not agree.
"""

NOW = "local t = redis.call('TIME'); local now = t[1] * 1000 + math.floor(t[2] / 1000)\n"
# KEYS: workers, then the crawl's other keys; ARGV: me lease -> 1 if this worker seeds.
JOIN = (
    NOW
    + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local seeder = 0
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', unpack(KEYS, 2))
  seeder = 1
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return seeder
"""
)
# KEYS: workers busy; ARGV: me lease busy(0/1)
BEAT = (
    NOW
    + """
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
if ARGV[3] == '1' then redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1]) end
return now
"""
)
# KEYS: busy; ARGV: me lease
BUSY = NOW + "redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])\nreturn now\n"
# KEYS: requests busy -> {queued requests, live busy workers}
FRONTIER = (
    NOW
    + """
return {redis.call('ZCARD', KEYS[1]), redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf')}
"""
)
# KEYS: workers -> live workers
LIVE = NOW + "return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')\n"
# KEYS: workers busy, then the others; ARGV: me -> 1 if this was the last live worker.
LEAVE = (
    NOW
    + """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', unpack(KEYS))
  return 1
end
return 0
"""
)
# KEYS: host slot; ARGV: me delay_ms -> 0 when taken, else milliseconds until it frees.
TAKE_SLOT = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
local left = redis.call('PTTL', KEYS[1])
if left < 1 then return 1 end
return left
"""
