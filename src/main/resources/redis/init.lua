-- Opens one task's store: fences every earlier owner, undoes their writes since the last store
-- commit, and returns the committed changelog offsets.
-- KEYS[1] epoch, KEYS[2] undo hash, KEYS[3] offsets hash
-- Returns { new epoch, keys rolled back, field1, offset1, field2, offset2, ... }
local epoch = redis.call('INCR', KEYS[1])
local undo = redis.call('HGETALL', KEYS[2])
for i = 1, #undo, 2 do
  local previous = undo[i + 1]
  if string.sub(previous, 1, 1) == 'S' then
    redis.call('SET', undo[i], string.sub(previous, 2))
  else
    redis.call('DEL', undo[i])
  end
end
redis.call('DEL', KEYS[2])
local result = { epoch, #undo / 2 }
local offsets = redis.call('HGETALL', KEYS[3])
for i = 1, #offsets do
  result[#result + 1] = offsets[i]
end
return result
