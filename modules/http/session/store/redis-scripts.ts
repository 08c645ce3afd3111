/**
 * The Lua scripts of the Redis session store. Each multi-step operation runs as one script so
 * that it is atomic across every process sharing the Redis server: above all the creation,
 * whose count-check-reclaim-create must never let two processes both take the last slot.
 *
 * Layout (`P` is the store's prefix): one hash `P:<id>` per session with fields `c` (created),
 * `a` (last access) and one field per `session:` path (paths start with "/", so they never
 * meet `c` or `a`); a sorted set `P/index` of id → last access, which counts sessions and
 * finds the idle-longest. Hashes carry a PEXPIRE of maxDuration from their last access, so
 * Redis drops abandoned sessions even if no process is left to sweep them; index members whose
 * hash has gone that way are removed lazily — they sit at the index's idle end, where creation
 * looks. (Run Redis with `maxmemory-policy noeviction`: an evicted young session would linger
 * in the count until its score ages past maxDuration.) Session keys are built inside the scripts, so the
 * store targets a single Redis server (or a primary with replicas), not Redis Cluster.
 *
 * Times travel as decimal strings and are formatted back with %.0f, because Lua 5.1 would
 * otherwise print large numbers in exponent form.
 */
import { createHash } from 'node:crypto';

/** A script with the SHA1 Redis knows it by, for EVALSHA. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
  readonly keys: number;
}

function script(keys: number, source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex'), keys };
}

// Removes index members idle past maxDuration (and their hashes). Shared by create and sweep.
const SWEEP_BODY = `
local function sweep(idx, prefix, now, maxDur)
  local dead = redis.call('ZRANGEBYSCORE', idx, '-inf', string.format('(%.0f', now - maxDur), 'LIMIT', 0, 1000)
  for _, id in ipairs(dead) do
    redis.call('DEL', prefix .. ':' .. id)
    redis.call('ZREM', idx, id)
  end
  return #dead
end
`;

/**
 * KEYS: index, session. ARGV: prefix, id, now, maxDuration, maxSessions (-1: no limit), minDuration.
 * Returns {'taken'} | {'full', live, reclaimableAt} | {'ok', reclaimedId or ''}.
 */
export const CREATE = script(2, `${SWEEP_BODY}
local idx, key = KEYS[1], KEYS[2]
local prefix, id, nowText = ARGV[1], ARGV[2], ARGV[3]
local now, maxDur = tonumber(ARGV[3]), tonumber(ARGV[4])
local maxS, minDur = tonumber(ARGV[5]), tonumber(ARGV[6])
if redis.call('EXISTS', key) == 1 then return {'taken'} end
local reclaimed = ''
if maxS >= 0 then
  sweep(idx, prefix, now, maxDur)
  while redis.call('ZCARD', idx) >= maxS do
    local oldest = redis.call('ZRANGE', idx, 0, 0, 'WITHSCORES')
    if #oldest == 0 then break end
    local oid, oa = oldest[1], tonumber(oldest[2])
    if redis.call('EXISTS', prefix .. ':' .. oid) == 0 then
      redis.call('ZREM', idx, oid)
    elseif now - oa < minDur then
      return {'full', tostring(redis.call('ZCARD', idx)), string.format('%.0f', oa + minDur)}
    else
      redis.call('DEL', prefix .. ':' .. oid)
      redis.call('ZREM', idx, oid)
      reclaimed = oid
    end
  end
end
redis.call('HSET', key, 'c', nowText, 'a', nowText)
redis.call('PEXPIRE', key, maxDur)
redis.call('ZADD', idx, nowText, id)
redis.call('PEXPIRE', idx, maxDur)
return {'ok', reclaimed}
`);

/**
 * KEYS: index, session. ARGV: id, now, maxDuration, touch ('1' or '0').
 * Returns nil when unknown or expired (removing it), else {created, lastAccess}.
 */
export const OPEN = script(2, `
local idx, key = KEYS[1], KEYS[2]
local id, nowText = ARGV[1], ARGV[2]
local now, maxDur = tonumber(ARGV[2]), tonumber(ARGV[3])
local v = redis.call('HMGET', key, 'c', 'a')
if not v[1] or not v[2] then
  redis.call('ZREM', idx, id)
  return false
end
if now - tonumber(v[2]) > maxDur then
  redis.call('DEL', key)
  redis.call('ZREM', idx, id)
  return false
end
if ARGV[4] == '1' then
  redis.call('HSET', key, 'a', nowText)
  redis.call('PEXPIRE', key, maxDur)
  redis.call('ZADD', idx, nowText, id)
  redis.call('PEXPIRE', idx, maxDur)
  return {v[1], nowText}
end
return {v[1], v[2]}
`);

/** KEYS: session. ARGV: path, encoded value. Returns 1, or 0 when the session is gone (nothing is created). */
export const WRITE = script(1, `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`);

/**
 * KEYS: index, old session, new session. ARGV: oldId, newId, now, maxDuration.
 * Returns {'taken'} | {'gone'} | {'ok', created}. RENAME keeps every value in one step.
 */
export const REGENERATE = script(3, `
local idx, old, new = KEYS[1], KEYS[2], KEYS[3]
local oldId, newId, nowText = ARGV[1], ARGV[2], ARGV[3]
local now, maxDur = tonumber(ARGV[3]), tonumber(ARGV[4])
if redis.call('EXISTS', new) == 1 then return {'taken'} end
local v = redis.call('HMGET', old, 'c', 'a')
if not v[1] or not v[2] or now - tonumber(v[2]) > maxDur then
  redis.call('DEL', old)
  redis.call('ZREM', idx, oldId)
  return {'gone'}
end
redis.call('RENAME', old, new)
redis.call('HSET', new, 'a', nowText)
redis.call('PEXPIRE', new, maxDur)
redis.call('ZREM', idx, oldId)
redis.call('ZADD', idx, nowText, newId)
return {'ok', v[1]}
`);

/** KEYS: index. ARGV: prefix, now, maxDuration. Returns how many sessions were removed. */
export const SWEEP = script(1, `${SWEEP_BODY}
local total, n = 0, 0
repeat
  n = sweep(KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
  total = total + n
until n < 1000
return total
`);

/**
 * KEYS: index. ARGV: prefix, limit. Returns a flat list id, created, lastAccess, … idle
 * longest first, skipping (and removing) members whose hash Redis has already expired.
 */
export const IDLEST = script(1, `
local idx, prefix, limit = KEYS[1], ARGV[1], tonumber(ARGV[2])
local out = {}
local start = 0
while #out < limit * 3 do
  local ids = redis.call('ZRANGE', idx, start, start + limit - 1)
  if #ids == 0 then break end
  for _, id in ipairs(ids) do
    local v = redis.call('HMGET', prefix .. ':' .. id, 'c', 'a')
    if v[1] and v[2] then
      if #out < limit * 3 then
        table.insert(out, id)
        table.insert(out, v[1])
        table.insert(out, v[2])
      end
      start = start + 1
    else
      redis.call('ZREM', idx, id)
    end
  end
end
return out
`);
