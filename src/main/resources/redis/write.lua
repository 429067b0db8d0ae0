-- Writes values of one task's store, fenced by the task's epoch, recording undo information.
-- KEYS[1] epoch, KEYS[2] undo hash, KEYS[3..n] keys to write
-- ARGV[1] the writer's epoch, ARGV[2] '1' to record undo information, '0' not to (restoration)
-- ARGV[3..n] for each key: 'S' followed by the value to set it, or 'D' to delete it
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  -- Only a Redis that lost its data forgets an epoch: init created it and nothing deletes it.
  return redis.error_reply('LOST the task epoch is gone, this writer has ' .. ARGV[1])
end
if epoch ~= ARGV[1] then
  return redis.error_reply('FENCED task epoch is ' .. tostring(epoch) .. ', this writer has ' .. ARGV[1])
end
for i = 3, #KEYS do
  local key = KEYS[i]
  if ARGV[2] == '1' and redis.call('HEXISTS', KEYS[2], key) == 0 then
    -- First write of this key since the last store commit: remember what it was.
    local previous = redis.call('GET', key)
    if previous then
      redis.call('HSET', KEYS[2], key, 'S' .. previous)
    else
      redis.call('HSET', KEYS[2], key, 'D')
    end
  end
  local arg = ARGV[i]
  if string.sub(arg, 1, 1) == 'S' then
    redis.call('SET', key, string.sub(arg, 2))
  else
    redis.call('DEL', key)
  end
end
return #KEYS - 2
