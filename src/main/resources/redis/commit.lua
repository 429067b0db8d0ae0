-- Commits one task's store after Kafka Streams committed the transaction that wrote it: stores
-- the changelog offsets and forgets the undo information, in one step.
-- With no offsets (a corrupted task, restored from scratch next) it rolls back instead and
-- forgets the offsets.
-- KEYS[1] epoch, KEYS[2] undo hash, KEYS[3] offsets hash
-- ARGV[1] the writer's epoch, ARGV[2..] field, offset pairs; an empty offset removes the field
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  -- Only a Redis that lost its data forgets an epoch: init created it and nothing deletes it.
  return redis.error_reply('LOST the task epoch is gone, this writer has ' .. ARGV[1])
end
if epoch ~= ARGV[1] then
  return redis.error_reply('FENCED task epoch is ' .. tostring(epoch) .. ', this writer has ' .. ARGV[1])
end
if #ARGV == 1 then
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
  redis.call('DEL', KEYS[3])
  return #undo / 2
end
for i = 2, #ARGV, 2 do
  if ARGV[i + 1] == '' then
    redis.call('HDEL', KEYS[3], ARGV[i])
  else
    redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  end
end
redis.call('DEL', KEYS[2])
return 0
