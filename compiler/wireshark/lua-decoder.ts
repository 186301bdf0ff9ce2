/**
 * The fixed Lua that walks the layouts (layouts.ts) over a PDU: expert infos, preferences, reading each
 * type descriptor into the tree, the envelope and its error block. Failures are Lua errors `{iproto_error,
 * at}` the dissector (lua-dissector.ts) turns into a malformed expert info.
 */
export const DECODER = String.raw`
local EX = {
  malformed = ProtoExpert.new("iproto.malformed", "Malformed iproto body", expert.group.MALFORMED, expert.severity.ERROR),
  unknown = ProtoExpert.new("iproto.unknown_message", "Message code the schema does not know", expert.group.UNDECODED, expert.severity.WARN),
  error_reply = ProtoExpert.new("iproto.error_reply", "Error reply", expert.group.RESPONSE_CODE, expert.severity.NOTE),
  unmatched = ProtoExpert.new("iproto.unmatched_reply", "Reply whose request is not in the capture", expert.group.SEQUENCE, expert.severity.NOTE),
  trailing = ProtoExpert.new("iproto.trailing_bytes", "Bytes after the last field", expert.group.MALFORMED, expert.severity.WARN),
  length = ProtoExpert.new("iproto.absurd_length", "Body length beyond the largest body believed", expert.group.MALFORMED, expert.severity.ERROR),
}
iproto.experts = { EX.malformed, EX.unknown, EX.error_reply, EX.unmatched, EX.trailing, EX.length }
iproto.fields = S

iproto.prefs.ports = Pref.range("TCP ports", DEFAULT_PORTS, "TCP ports iproto servers listen on", 65535)
iproto.prefs.service = Pref.string("Services", "", "Which service a message code belongs to when several use it: Service, or Service=ports, separated by ; (e.g. Box=33013;Users=34000-34010); empty: the first in the schemas")
iproto.prefs.max_body = Pref.uint("Largest body", 16777216, "A header announcing a longer body is not believed")

local function in_range(range, port)
  for part in string.gmatch(range, "[^,%s]+") do
    local lo, hi = string.match(part, "^(%d+)%-(%d+)$")
    if lo ~= nil then
      if port >= tonumber(lo) and port <= tonumber(hi) then return true end
    elseif tonumber(part) == port then
      return true
    end
  end
  return false
end

local function in_ports(port) return in_range(iproto.prefs.ports, port) end

local function fail(msg, at) error({ iproto_error = msg, at = at }, 0) end

local function need(c, n, what)
  if n < 0 or c.pos + n > c.stop then
    fail(string.format("%s: needs %d bytes at body offset %d, %d left", what, n, c.pos - 12, c.stop - c.pos), c.pos)
  end
end

local function read_varint(c, what)
  local start = c.pos
  local value = UInt64.new(0)
  for _ = 1, 10 do
    need(c, 1, what)
    local b = c.tvb(c.pos, 1):uint()
    c.pos = c.pos + 1
    value = value * 128 + (b % 128)
    if b < 128 then return value, start end
  end
  fail(what .. ": varint longer than 10 bytes", start)
end

-- An integer: its range, its value as a number, and as read (Int64/UInt64 for 8 bytes).
local function read_int(c, t, what)
  need(c, t.w, what)
  local rg = c.tvb(c.pos, t.w)
  c.pos = c.pos + t.w
  local raw
  if t.w == 8 then
    if t.s then raw = t.le and rg:le_int64() or rg:int64() else raw = t.le and rg:le_uint64() or rg:uint64() end
    return rg, raw:tonumber(), raw
  end
  if t.s then raw = t.le and rg:le_int() or rg:int() else raw = t.le and rg:le_uint() or rg:uint() end
  return rg, raw, raw
end

local function read_count(c, p, what)
  if p.k == "v" then return (read_varint(c, what)):tonumber() end
  local _, n = read_int(c, p, what)
  return n
end

local function add_range(tree, f, rg, le)
  if le then return tree:add_le(f, rg) end
  return tree:add(f, rg)
end

-- The content of a string or bytes field: its start and length (the cursor moves past the whole field).
local function byte_span(c, n, v, what)
  local len
  if n.k == "fixed" then len = n.size
  elseif n.k == "prefix" then len = read_count(c, n.p, what)
  elseif n.k == "field" then len = N(v[n.name])
  elseif n.k == "rest" then len = c.stop - c.pos
  else
    local s = c.pos
    local z = nil
    if c.stop > s then z = string.find(c.tvb:raw(s, c.stop - s), "\0", 1, true) end
    if z == nil then fail(what .. ": no NUL byte before the end", s) end
    c.pos = s + z
    return s, z - 1
  end
  need(c, len, what)
  local s = c.pos
  c.pos = s + len
  return s, len
end

local MAX_DEPTH = 24
local decode_layout

local function decode_value(c, t, f, tree, v, r, name, depth)
  local k = t.k
  if k == "i" then
    local rg, num = read_int(c, t, name)
    add_range(tree, f, rg, t.le)
    return num
  elseif k == "e" then
    local rg, num, raw = read_int(c, t, name)
    local item = add_range(tree, f, rg, t.le)
    if t.w == 8 then item:append_text(" (" .. (t.names[tostring(raw)] or "unknown") .. ")") end
    return num
  elseif k == "fl" then
    local rg, num = read_int(c, t, name)
    local item = add_range(tree, f, rg, t.le)
    local set = {}
    for _, m in ipairs(t.m) do
      if m[2] ~= 0 and BAND(num, m[2]) == m[2] then set[#set + 1] = m[1] end
    end
    if #set > 0 then item:append_text(" (" .. table.concat(set, " | ") .. ")") end
    for _, bit in ipairs(t.b) do add_range(item, bit, rg, t.le) end
    return num
  elseif k == "f" then
    need(c, t.w, name)
    local rg = c.tvb(c.pos, t.w)
    c.pos = c.pos + t.w
    add_range(tree, f, rg, t.le)
    if t.le then return rg:le_float() end
    return rg:float()
  elseif k == "v" then
    local value, start = read_varint(c, name)
    tree:add(f, c.tvb(start, c.pos - start), value)
    return value:tonumber()
  elseif k == "s" or k == "b" then
    local start = c.pos
    local s, len = byte_span(c, t.n, v, name)
    local raw = ""
    if len > 0 then raw = c.tvb:raw(s, len) end
    if t.n.k == "fixed" and t.n.pad == "space" then
      raw = (string.gsub(raw, "[ \t\n\v\f\r\0]+$", ""))
    elseif t.n.k == "fixed" and t.n.pad == "nulterm" then
      if string.find(raw, "\0", 1, true) == nil then fail(name .. ": no NUL byte in its " .. len .. " bytes", s) end
      raw = string.match(raw, "^[^\0]*")
    end
    local whole = c.tvb(start, c.pos - start)
    if k == "s" then
      local text = ""
      if #raw > 0 then text = c.tvb(s, #raw):string(ENC_UTF_8) end
      tree:add(f, whole, text)
      return text
    end
    local item = tree:add(f, c.tvb(s, #raw))
    if #raw == 0 then item:set_text(name .. ": (empty)") end
    return raw
  elseif k == "a" then
    if depth >= MAX_DEPTH then fail(name .. ": nested deeper than " .. MAX_DEPTH, c.pos) end
    local start = c.pos
    local n = t.n
    local count = nil
    if n.k == "fixed" then count = n.count
    elseif n.k == "prefix" then count = read_count(c, n.p, name)
    elseif n.k == "field" then count = N(v[n.name]) end
    local sub = tree:add(c.tvb(start, 0), name)
    local i = 0
    while (count == nil and c.pos < c.stop) or (count ~= nil and i < count) do
      local before = c.pos
      decode_value(c, t.e, f, sub, v, r, name, depth + 1)
      i = i + 1
      if c.pos == before and (count == nil or count - i > 65536) then fail(name .. ": elements of no bytes", before) end
    end
    sub:set_len(c.pos - start)
    sub:set_text(string.format("%s: %d item%s", name, i, i == 1 and "" or "s"))
    return nil
  elseif k == "pv" then
    -- A value behind a length prefix (a Box field): the prefix holds the value's width.
    local at = c.pos
    local len = read_count(c, t.p, name)
    if len ~= t.w then fail(string.format("%s: length prefix is %d, not %d, the width of the value", name, len, t.w), at) end
    return decode_value(c, t.v, f, tree, v, r, name, depth)
  elseif k == "st" then
    if depth >= MAX_DEPTH then fail(name .. ": nested deeper than " .. MAX_DEPTH, c.pos) end
    local start = c.pos
    local inner = c
    if t.p ~= nil then
      local size = read_count(c, t.p, name)
      need(c, size, name)
      inner = { tvb = c.tvb, pos = c.pos, stop = c.pos + size }
      c.pos = c.pos + size
    end
    local sub = tree:add(f, c.tvb(start, 0))
    decode_layout(inner, L[t.l], sub, r, depth + 1, {})
    if inner ~= c and inner.pos < inner.stop then
      sub:add_tvb_expert_info(EX.trailing, c.tvb(inner.pos, inner.stop - inner.pos), name .. ": bytes after the last field inside its size")
    end
    sub:set_len(c.pos - start)
    return nil
  end
  fail(name .. ": unknown type descriptor " .. tostring(k), c.pos)
end

decode_layout = function(c, layout, tree, r, depth, v)
  for _, it in ipairs(layout) do
    if it.pad ~= nil then
      need(c, it.pad, "padding")
      if it.pad > 0 then tree:add(c.tvb(c.pos, it.pad), "Padding (" .. it.pad .. " bytes)") end
      c.pos = c.pos + it.pad
    elseif it.c == nil or it.c(v, r) then
      v[it.name] = decode_value(c, it.t, it.f, tree, v, r, it.name, depth)
    end
  end
  return v
end

-- A reply body: the envelope (if any), then the error block or the response. Returns the error, if one.
local function decode_reply(c, m, root, r)
  local env = m.env
  if env == nil then
    decode_layout(c, L[m.resp], root, r, 1, {})
    return nil
  end
  local start = c.pos
  local et = root:add(c.tvb(start, 0), "Envelope " .. env.name)
  local ev = decode_layout(c, L[env.l], et, r, 2, {})
  et:set_len(c.pos - start)
  if env.err ~= nil and env.cond(ev, r) then
    local es = c.pos
    local errt = root:add(c.tvb(es, 0), "Error")
    local errv = decode_layout(c, L[env.err], errt, r, 2, {})
    errt:set_len(c.pos - es)
    return { code = ev[env.code], message = env.message and errv[env.message] }
  end
  decode_layout(c, L[m.resp], root, r, 1, {})
  return nil
end
`;
